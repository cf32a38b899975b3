//! What the in-memory account remembers of its principals' activity, the CloudTrail history
//! and last-accessed data that Access Analyzer's policy generation and IAM's
//! service-last-accessed reports read, and the jobs that read them.

use std::collections::{BTreeMap, BTreeSet};

use jiff::Timestamp;

use super::InMemory;
use crate::client::ServiceLastAccessed;
use crate::names::Arn;

/// One call a principal made, as a CloudTrail trail logged it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityEvent {
    /// The action (`s3:GetObject`).
    pub action: String,
    /// The resource, as the generated policy should name it (AWS writes placeholders such as
    /// `arn:aws:s3:::${BucketName}/${ObjectName}`); `None` for actions without resource-level
    /// permissions (`Resource: "*"`).
    pub resource: Option<String>,
    /// When it happened.
    pub at: Timestamp,
}

impl ActivityEvent {
    /// An event of `action` at `at`, without a resource.
    pub fn new(action: impl Into<String>, at: Timestamp) -> Self {
        Self {
            action: action.into(),
            resource: None,
            at,
        }
    }

    /// The resource the generated policy names for it.
    #[must_use]
    pub fn on(mut self, resource: impl Into<String>) -> Self {
        self.resource = Some(resource.into());
        self
    }
}

/// A policy-generation job and how it will end.
#[derive(Debug, Clone)]
pub(super) struct GenerationJob {
    pub(super) polls_left: u32,
    /// The generated policies, or AWS's error code and message.
    pub(super) outcome: std::result::Result<Vec<String>, (String, String)>,
    pub(super) canceled: bool,
}

/// A service-last-accessed job.
#[derive(Debug, Clone)]
pub(super) struct LastAccessedJob {
    pub(super) polls_left: u32,
    pub(super) services: Vec<ServiceLastAccessed>,
}

/// The activity side of the account.
#[derive(Debug, Clone, Default)]
pub(super) struct Activity {
    /// Trail ARNs that exist.
    pub(super) trails: BTreeSet<String>,
    /// Principal ARN → its events, oldest first.
    pub(super) events: BTreeMap<String, Vec<ActivityEvent>>,
    pub(super) generations: BTreeMap<String, GenerationJob>,
    pub(super) last_accessed: BTreeMap<String, LastAccessedJob>,
    /// How many polls answer IN_PROGRESS before a job completes.
    pub(super) job_polls: u32,
}

impl InMemory {
    /// Adds a CloudTrail trail that policy generation can read (generation from any other
    /// trail fails, as on AWS, with `RESOURCE_NOT_FOUND_ERROR`).
    pub fn add_trail(&self, trail: &Arn) {
        self.peek().activity.trails.insert(trail.as_str().to_owned());
    }

    /// Records calls `principal` (a role or user ARN) made, for policy generation and
    /// last-accessed reports to find.
    pub fn record_activity(&self, principal: &Arn, events: impl IntoIterator<Item = ActivityEvent>) {
        let mut state = self.peek();
        let list = state
            .activity
            .events
            .entry(principal.as_str().to_owned())
            .or_default();
        list.extend(events);
        list.sort_by_key(|e| e.at);
    }

    /// How many polls of a policy-generation or last-accessed job answer IN_PROGRESS
    /// before it completes (default 0).
    pub fn set_analysis_job_polls(&self, polls: u32) {
        self.peek().activity.job_polls = polls;
    }
}
