//! Finds the line of a field path (`roles[0].trust.repository`) in a spec file's text: the
//! line of the deepest key (or list element) of the path that the file has, so a missing
//! value is reported at the table that lacks it.

use toml::de::{DeTable, DeValue};

/// One step of a field path.
#[derive(Debug, PartialEq)]
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// `a.b[2].c` as steps. A step that is not a key or an index ends the path.
fn steps(field: &str) -> Vec<Step<'_>> {
    let mut steps = Vec::new();
    for part in field.split('.') {
        let (key, mut rest) = part.split_once('[').map_or((part, ""), |(k, r)| (k, r));
        if !key.is_empty() {
            steps.push(Step::Key(key));
        }
        while let Some((index, after)) = rest.split_once(']') {
            match index.parse() {
                Ok(i) => steps.push(Step::Index(i)),
                Err(_) => return steps,
            }
            rest = after.strip_prefix('[').unwrap_or(after);
        }
    }
    steps
}

/// The 1-based line of byte `offset` in `text`.
pub(super) fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .map_or(1, |before| before.matches('\n').count() + 1)
}

/// The line of `field` in a TOML document (`None` if it does not parse or has no step of it).
pub(super) fn toml_line(text: &str, field: &str) -> Option<usize> {
    let root = DeTable::parse(text).ok()?;
    let mut table: Option<&DeTable<'_>> = Some(root.get_ref());
    let mut value: Option<&DeValue<'_>> = None;
    let mut found = None;
    for step in steps(field) {
        let next = match (step, table, value) {
            (Step::Key(key), Some(table), _) => table
                .iter()
                .find(|(k, _)| k.get_ref() == key)
                .map(|(k, v)| (k.span().start, v)),
            (Step::Index(i), _, Some(DeValue::Array(items))) => {
                items.get(i).map(|item| (item.span().start, item))
            }
            _ => None,
        };
        let Some((offset, next)) = next else { break };
        found = Some(offset);
        value = Some(next.get_ref());
        table = match next.get_ref() {
            DeValue::Table(t) => Some(t),
            _ => None,
        };
    }
    found.map(|offset| line_of(text, offset))
}

/// The line of `field` in a JSON document, by a scan that follows the path's keys and
/// indexes and skips everything else (serde_json reports no positions of its own).
pub(super) fn json_line(text: &str, field: &str) -> Option<usize> {
    let mut scan = Scan {
        bytes: text.as_bytes(),
        pos: 0,
    };
    let mut found = None;
    for step in steps(field) {
        scan.space();
        let offset = match step {
            Step::Key(key) => scan.member(key),
            Step::Index(i) => scan.element(i),
        };
        match offset {
            Some(offset) => found = Some(offset),
            None => break,
        }
    }
    found.map(|offset| line_of(text, offset))
}

/// A cursor over JSON text that the parser has accepted (up to the error, at least).
struct Scan<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Scan<'a> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn space(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
            self.pos += 1;
        }
    }

    /// Past a string starting at the cursor; its raw contents (escapes left as they are).
    fn string(&mut self) -> Option<&'a [u8]> {
        self.pos += 1;
        let start = self.pos;
        loop {
            match self.peek()? {
                b'\\' => self.pos += 2,
                b'"' => {
                    self.pos += 1;
                    let bytes = self.bytes;
                    return bytes.get(start..self.pos - 1);
                }
                _ => self.pos += 1,
            }
        }
    }

    /// Past the value at the cursor.
    fn skip(&mut self) -> Option<()> {
        match self.peek()? {
            b'"' => {
                self.string()?;
            }
            b'{' | b'[' => {
                let mut depth = 0usize;
                loop {
                    match self.peek()? {
                        b'"' => {
                            self.string()?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth = depth.checked_sub(1)?;
                            if depth == 0 {
                                self.pos += 1;
                                return Some(());
                            }
                        }
                        _ => {}
                    }
                    self.pos += 1;
                }
            }
            _ => {
                while self
                    .peek()
                    .is_some_and(|b| !matches!(b, b',' | b'}' | b']') && !b.is_ascii_whitespace())
                {
                    self.pos += 1;
                }
            }
        }
        Some(())
    }

    /// In the object at the cursor, moves to the value of `key`; the key's offset.
    fn member(&mut self, key: &str) -> Option<usize> {
        if self.peek()? != b'{' {
            return None;
        }
        self.pos += 1;
        loop {
            self.space();
            if self.peek()? != b'"' {
                return None;
            }
            let offset = self.pos;
            let name = self.string()?;
            self.space();
            if self.peek()? != b':' {
                return None;
            }
            self.pos += 1;
            self.space();
            if name == key.as_bytes() {
                return Some(offset);
            }
            self.skip()?;
            self.space();
            if self.peek()? != b',' {
                return None;
            }
            self.pos += 1;
        }
    }

    /// In the array at the cursor, moves to element `index`; its offset.
    fn element(&mut self, index: usize) -> Option<usize> {
        if self.peek()? != b'[' {
            return None;
        }
        self.pos += 1;
        for _ in 0..index {
            self.space();
            self.skip()?;
            self.space();
            if self.peek()? != b',' {
                return None;
            }
            self.pos += 1;
        }
        self.space();
        Some(self.pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_split_into_keys_and_indexes() {
        assert_eq!(
            steps("roles[1].trust.repository"),
            [
                Step::Key("roles"),
                Step::Index(1),
                Step::Key("trust"),
                Step::Key("repository")
            ]
        );
        assert_eq!(steps("a[0][2]"), [Step::Key("a"), Step::Index(0), Step::Index(2)]);
        assert_eq!(steps("a[x].b"), [Step::Key("a")]);
    }

    #[test]
    fn finds_the_deepest_key_of_a_toml_path() {
        let text = "[admin]\naccounts = [\n  \"1\",\n  \"2\",\n]\n\n[admin.user]\nuser_name = \"x\"\n\n[[roles]]\nname = \"a\"\n\n[[roles]]\nname = \"b\"\ntrust = { preset = \"service\" }\n";
        assert_eq!(toml_line(text, "admin.accounts[1]"), Some(4));
        assert_eq!(toml_line(text, "admin.user.user_name"), Some(8));
        assert_eq!(toml_line(text, "admin.user.email"), Some(7), "missing: its table");
        assert_eq!(toml_line(text, "roles[1].name"), Some(14));
        assert_eq!(toml_line(text, "roles[1].trust.preset"), Some(15));
        assert_eq!(toml_line(text, "root.account_alias"), None);
        assert_eq!(toml_line("[x", "x"), None);
    }

    #[test]
    fn finds_the_deepest_key_of_a_json_path() {
        let text = "{\"admin\": {\"accounts\": [\n\"1\",\n{\"a\": [1, 2]},\n \"3\"],\n \"user\": {\n\"user_name\": \"x\"}},\n\"roles\": [{\"name\": \"a,]}\\\"\"}, {\n\"name\": \"b\"}]}";
        assert_eq!(json_line(text, "admin.accounts[2]"), Some(4));
        assert_eq!(json_line(text, "admin.user.user_name"), Some(6));
        assert_eq!(json_line(text, "admin.user.email"), Some(5));
        assert_eq!(json_line(text, "roles[1].name"), Some(8));
        assert_eq!(json_line(text, "nothing"), None);
        assert_eq!(json_line("[", "a"), None);
    }
}
