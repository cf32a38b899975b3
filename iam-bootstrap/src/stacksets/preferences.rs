//! [`OperationPreferencesBuilder`]: how a StackSet rollout proceeds (maximum concurrent
//! accounts, failure tolerance, region order), checked before any call.

use crate::client::{AccountShare, OperationPreferences, RegionConcurrency};
use crate::error::{ValidationError, ValidationReason};
use crate::names::Region;

/// Operation preferences as written, checked by [`build`](Self::build): counts and
/// percentages in range, a failure tolerance below the concurrency (CloudFormation rejects
/// a tolerance at or above it), regions well-formed and not repeated.
///
/// ```
/// use iam_bootstrap::stacksets::OperationPreferencesBuilder;
///
/// let prefs = OperationPreferencesBuilder::new()
///     .max_concurrent_percentage(25)
///     .failure_tolerance_percentage(10)
///     .region_order(["us-east-1", "eu-west-1"])
///     .build()?;
/// assert_eq!(prefs.region_order.len(), 2);
/// let bad = OperationPreferencesBuilder::new().max_concurrent_count(2).failure_tolerance_count(2).build();
/// assert!(bad.is_err()); // a tolerance must stay below the concurrency
/// # Ok::<_, iam_bootstrap::ValidationError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[must_use]
pub struct OperationPreferencesBuilder {
    max_concurrent: Option<AccountShare>,
    failure_tolerance: Option<AccountShare>,
    region_order: Vec<String>,
    parallel_regions: bool,
}

/// The most accounts an operation may work on at once (CloudFormation's limit).
const MAX_CONCURRENT_COUNT: u32 = 10_000;

fn check_share(field: &str, share: AccountShare, min: i64) -> Result<(), ValidationError> {
    let (value, max) = match share {
        AccountShare::Count(n) => (i64::from(n), i64::from(MAX_CONCURRENT_COUNT)),
        AccountShare::Percentage(p) => (i64::from(p), 100),
    };
    if value < min || value > max {
        return Err(ValidationError::new(
            field,
            ValidationReason::Range {
                min,
                max,
                actual: value,
            },
        ));
    }
    Ok(())
}

impl OperationPreferencesBuilder {
    /// CloudFormation's defaults: one account at a time, no failure tolerated, regions in
    /// the spec's order, one after another.
    pub fn new() -> Self {
        Self::default()
    }

    /// At most `n` accounts at once (1 to 10,000).
    pub fn max_concurrent_count(mut self, n: u32) -> Self {
        self.max_concurrent = Some(AccountShare::Count(n));
        self
    }

    /// At most `percent` (1-100) of the target accounts at once.
    pub fn max_concurrent_percentage(mut self, percent: u8) -> Self {
        self.max_concurrent = Some(AccountShare::Percentage(percent));
        self
    }

    /// Stop after more than `n` failed accounts in a region.
    pub fn failure_tolerance_count(mut self, n: u32) -> Self {
        self.failure_tolerance = Some(AccountShare::Count(n));
        self
    }

    /// Stop after more than `percent` (0-100) of the accounts in a region failed.
    pub fn failure_tolerance_percentage(mut self, percent: u8) -> Self {
        self.failure_tolerance = Some(AccountShare::Percentage(percent));
        self
    }

    /// Deploy regions in this order.
    pub fn region_order<I, S>(mut self, regions: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.region_order = regions.into_iter().map(Into::into).collect();
        self
    }

    /// Deploy every region at once instead of one after another.
    pub fn parallel_regions(mut self, parallel: bool) -> Self {
        self.parallel_regions = parallel;
        self
    }

    /// Checks the preferences.
    ///
    /// # Errors
    /// [`ValidationError`] naming the setting: a count or percentage out of range, a
    /// failure tolerance that is not below the maximum concurrency (in the same unit), a
    /// malformed or repeated region.
    pub fn build(self) -> Result<OperationPreferences, ValidationError> {
        let max_concurrent = self.max_concurrent.unwrap_or(AccountShare::Count(1));
        let failure_tolerance = self.failure_tolerance.unwrap_or(AccountShare::Count(0));
        check_share("operation_preferences.max_concurrent", max_concurrent, 1)?;
        check_share("operation_preferences.failure_tolerance", failure_tolerance, 0)?;
        // CloudFormation: with both as counts (or both as percentages), the concurrency
        // is at most the tolerance + 1; a larger tolerance is rejected at call time.
        let below = match (max_concurrent, failure_tolerance) {
            (AccountShare::Count(c), AccountShare::Count(t)) => t < c,
            (AccountShare::Percentage(c), AccountShare::Percentage(t)) => t < c,
            _ => true,
        };
        if !below {
            return Err(ValidationError::new(
                "operation_preferences.failure_tolerance",
                ValidationReason::NotAllowed(
                    "the failure tolerance must be below the maximum concurrency".into(),
                ),
            ));
        }
        let mut region_order: Vec<Region> = Vec::with_capacity(self.region_order.len());
        for (index, region) in self.region_order.into_iter().enumerate() {
            let field = format!("operation_preferences.region_order[{index}]");
            let region = Region::new(region).map_err(|e| e.at(field.clone()))?;
            if region_order.contains(&region) {
                return Err(ValidationError::new(
                    field,
                    ValidationReason::NotAllowed(format!("{region} is listed twice")),
                ));
            }
            region_order.push(region);
        }
        Ok(OperationPreferences {
            region_order,
            region_concurrency: if self.parallel_regions {
                RegionConcurrency::Parallel
            } else {
                RegionConcurrency::Sequential
            },
            max_concurrent,
            failure_tolerance,
        })
    }
}
