//! Parliament as a child process that runs one pass over the corpus whenever asked
//! (`benches/compare/policy_parliament.py`), so `policy_throughput` can interleave its passes
//! with its own and time both sides the same way.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use serde_json::Value;

/// What one parliament pass reported.
#[derive(Debug, Clone, Copy)]
pub struct Pass {
    /// Wall time of the pass, measured inside the child (no process or pipe overhead).
    pub seconds: f64,
    /// Policies parliament raised on (counted, not fatal).
    pub crashes: u64,
    /// Findings over the whole corpus.
    pub findings: u64,
}

/// The running child.
#[derive(Debug)]
pub struct Parliament {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
    /// Policies the child read from the corpus.
    pub policies: u64,
    /// Bytes of those policies (UTF-8), the throughput's numerator.
    pub bytes: u64,
    /// parliament's version.
    pub version: String,
}

fn field(v: &Value, key: &str) -> Result<u64, String> {
    v.get(key)
        .and_then(Value::as_u64)
        .ok_or_else(|| format!("parliament's answer has no {key}: {v}"))
}

impl Parliament {
    /// Starts `python script corpus` and reads what it loaded.
    ///
    /// # Errors
    /// When the child cannot start or its first line is not the expected JSON.
    pub fn start(python: &str, script: &str, corpus: &str) -> Result<Self, Box<dyn std::error::Error>> {
        let mut child = Command::new(python)
            .args([script, corpus])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()?;
        let stdin = child.stdin.take().ok_or("no stdin")?;
        let stdout = BufReader::new(child.stdout.take().ok_or("no stdout")?);
        let mut started = Self {
            child,
            stdin: Some(stdin),
            stdout,
            policies: 0,
            bytes: 0,
            version: String::new(),
        };
        let hello = started.read()?;
        started.policies = field(&hello, "policies")?;
        started.bytes = field(&hello, "bytes")?;
        started.version = hello
            .get("version")
            .and_then(Value::as_str)
            .unwrap_or("?")
            .to_owned();
        Ok(started)
    }

    fn read(&mut self) -> Result<Value, Box<dyn std::error::Error>> {
        let mut line = String::new();
        if self.stdout.read_line(&mut line)? == 0 {
            return Err("parliament exited".into());
        }
        Ok(serde_json::from_str(&line)?)
    }

    /// Runs one pass over the corpus.
    ///
    /// # Errors
    /// When the child has exited or answers something else.
    pub fn pass(&mut self) -> Result<Pass, Box<dyn std::error::Error>> {
        let stdin = self.stdin.as_mut().ok_or("parliament's stdin is closed")?;
        stdin.write_all(b"pass\n")?;
        stdin.flush()?;
        let answer = self.read()?;
        Ok(Pass {
            seconds: answer
                .get("seconds")
                .and_then(Value::as_f64)
                .ok_or_else(|| format!("parliament's answer has no seconds: {answer}"))?,
            crashes: field(&answer, "crashes")?,
            findings: field(&answer, "findings")?,
        })
    }
}

impl Drop for Parliament {
    fn drop(&mut self) {
        // End of stdin ends the child's loop.
        drop(self.stdin.take());
        let _ = self.child.wait();
    }
}
