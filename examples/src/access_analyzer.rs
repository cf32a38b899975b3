//! The `access_analyzer` example's in-memory account: the starter spec's roles, a CloudTrail
//! trail with a plausible month of their activity, so generation and the unused-access report
//! show a real narrowing offline.

use iam_bootstrap::client::InMemory;
use iam_bootstrap::client::memory::ActivityEvent;
use iam_bootstrap::names::{AccountId, Arn};
use iam_bootstrap::{Aws, Bootstrap};
use jiff::{SignedDuration, Timestamp};

/// The starter spec the example seeds its roles from.
pub const STARTER: &str = include_str!("../specs/starter.toml");

/// The seeded trail.
pub fn trail(account: &AccountId) -> String {
    format!("arn:aws:cloudtrail:us-east-1:{account}:trail/management")
}

/// The seeded role Access Analyzer reads the trail with.
pub fn access_role(account: &AccountId) -> String {
    format!("arn:aws:iam::{account}:role/access-analyzer-trail-reader")
}

fn ago(days: i64, hours: i64) -> Timestamp {
    Timestamp::now() - SignedDuration::from_hours(24 * days + hours)
}

/// An in-memory account with the starter spec's roles applied and their activity recorded:
/// `ci-deployer` uploaded artifacts every few days but last read one 200 days ago;
/// `orders-lambda` wrote its logs daily.
///
/// # Errors
/// When the starter spec does not plan or apply (it always does on a fresh account).
pub async fn seeded() -> iam_bootstrap::Result<Aws> {
    let account = InMemory::new();
    let aws = Aws::in_memory(account.clone());
    let spec = Bootstrap::from_toml_str(STARTER)?;
    for role in spec.roles() {
        role.plan(&aws).await?.apply(&aws).await?;
    }
    let id = aws.account_id().await?;
    account.add_trail(&Arn::new(trail(&id))?);
    let artifacts = "arn:aws:s3:::${BucketName}/${ObjectName}";
    let mut deploys: Vec<ActivityEvent> = (1..=30)
        .step_by(3)
        .map(|day| ActivityEvent::new("s3:PutObject", ago(day, 2)).on(artifacts))
        .collect();
    deploys.push(ActivityEvent::new("s3:GetObject", ago(200, 0)).on(artifacts));
    let logs = "arn:aws:logs:${Region}:${Account}:log-group:${LogGroupName}:log-stream:${LogStreamName}";
    let lambda: Vec<ActivityEvent> = (0..30)
        .flat_map(|day| {
            [
                ActivityEvent::new("logs:CreateLogStream", ago(day, 1)).on(logs),
                ActivityEvent::new("logs:PutLogEvents", ago(day, 1)).on(logs),
            ]
        })
        .collect();
    for (name, events) in [("ci-deployer", deploys), ("orders-lambda", lambda)] {
        let arn = Arn::new(format!("arn:aws:iam::{id}:role/{name}"))?;
        account.record_activity(&arn, events);
    }
    Ok(aws)
}

#[cfg(test)]
mod tests {
    use iam_bootstrap::access_analyzer::{GenerationRequest, generate_policy, propose, unused_access};
    use iam_bootstrap::names::RoleName;

    use super::*;

    #[tokio::test]
    async fn the_seeded_account_shows_a_real_narrowing() {
        let aws = seeded().await.unwrap();
        let id = aws.account_id().await.unwrap();
        let role = RoleName::new("ci-deployer").unwrap();
        let request = GenerationRequest::last_days(
            role.clone(),
            Arn::new(trail(&id)).unwrap(),
            Arn::new(access_role(&id)).unwrap(),
            90,
        )
        .unwrap();
        let proposal = propose(&aws, &generate_policy(&aws, &request).await.unwrap())
            .await
            .unwrap();
        assert_eq!(proposal.removed_actions, ["s3:GetObject"]);
        assert!(proposal.narrower);
        let unused = unused_access(&aws, &role, 90).await.unwrap();
        assert_eq!(unused.findings.len(), 1, "{:?}", unused.findings);
        assert_eq!(unused.findings[0].action.as_deref(), Some("GetObject"));
        assert_eq!(unused.proposal.unwrap().removed_actions, ["s3:GetObject"]);
    }
}
