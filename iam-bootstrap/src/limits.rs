//! AWS's limits and counting rules, in one place.
//!
//! Validation (the policy language, the role and permission-set builders) and the in-memory
//! backend both read these, so what a spec refuses before any call and what the in-memory
//! account refuses at the call cannot drift apart (`client::memory`'s limit tests check that
//! they agree at every boundary). Each value names its source.
//!
//! ```
//! use iam_bootstrap::limits;
//! // IAM does not count white space: a pretty-printed document is as large as its compact form.
//! assert_eq!(limits::policy_size("{ \"a\" :\t\"b c\" }"), 10);
//! assert_eq!(limits::MANAGED_POLICY_CHARS, 6_144);
//! ```

use std::ops::RangeInclusive;

// IAM and STS quotas page ("IAM and AWS STS quotas", "IAM object quotas" and "IAM and STS
// character limits"), unless another source is named.

/// Role trust policy length (default quota; AWS can raise it to 4,096 on request).
pub const TRUST_POLICY_CHARS: usize = 2_048;
/// Managed policy length (customer managed policies and permissions boundaries).
pub const MANAGED_POLICY_CHARS: usize = 6_144;
/// All inline policies of one role together ("Role policy size cannot exceed 10,240 characters").
pub const ROLE_INLINE_CHARS: usize = 10_240;
/// All inline policies of one user together.
pub const USER_INLINE_CHARS: usize = 2_048;
/// All inline policies of one group together.
pub const GROUP_INLINE_CHARS: usize = 5_120;
/// The inline policy of an IAM Identity Center permission set (Identity Center quotas page:
/// "Inline policy size per permission set: 10,240 characters").
pub const PERMISSION_SET_INLINE_CHARS: usize = 10_240;
/// A service control policy (Organizations quotas page, "Maximum size of a policy document":
/// SCP 5,120 characters). Unlike IAM, Organizations counts every character, white space
/// included ("All characters in your SCP count against its maximum size", SCP syntax page).
pub const SCP_CHARS: usize = 5_120;
/// A resource control policy (Organizations quotas page: RCP 5,120 characters, every character
/// counted, as for SCPs).
pub const RCP_CHARS: usize = 5_120;
/// A session policy passed to `AssumeRole*` or `GetFederationToken` (STS API reference: "The
/// plaintext that you use for both inline and managed session policies can't exceed 2,048
/// characters"; every character counted, as STS states no white-space rule).
pub const SESSION_POLICY_CHARS: usize = 2_048;
/// Versions IAM keeps of one managed policy ("A managed policy can have up to five versions",
/// CreatePolicyVersion).
pub const POLICY_VERSIONS: usize = 5;
/// Managed policies attached to one role: the default `AttachedPoliciesPerRoleQuota`. It can
/// be raised (to [`ATTACHED_POLICIES_PER_ROLE_MAX`]) but not lowered.
pub const ATTACHED_POLICIES_PER_ROLE_DEFAULT: usize = 10;
/// Managed policies attached to one role: the most the quota can be raised to.
pub const ATTACHED_POLICIES_PER_ROLE_MAX: usize = 20;
/// AWS managed and customer managed policies on one permission set (Identity Center quotas page).
pub const POLICIES_PER_PERMISSION_SET: usize = 20;
/// Tags on one IAM or Identity Center resource.
pub const TAGS_PER_RESOURCE: usize = 50;
/// A role's `MaxSessionDuration`, in seconds ("MaxSessionDuration must be between 3600 and
/// 43200", CreateRole), which is also a permission set's session duration (PT1H to PT12H).
pub const SESSION_SECONDS: RangeInclusive<u32> = 3_600..=43_200;

/// How a limit counts a document's characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Counting {
    /// IAM and Identity Center: "IAM does not count white space when calculating the size of a
    /// policy against these limits" (quotas page). White space is JSON's: space, tab, LF, CR.
    NonWhitespace,
    /// Organizations (SCPs and RCPs): every character counts.
    AllCharacters,
}

/// Whether IAM skips `c` when it counts a policy's size: JSON's white space (space, tab, LF,
/// CR). Other Unicode spaces (U+00A0, U+0085) can only appear inside strings, where they are
/// characters of the value and count.
pub fn is_policy_whitespace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// The size IAM counts for a policy's text: its characters (not bytes), white space skipped.
pub fn policy_size(text: &str) -> usize {
    // Bytes first (vectorizes): only the first byte of a UTF-8 sequence starts a character,
    // and every white space character is one ASCII byte.
    text.bytes()
        .filter(|&b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x80..=0xBF))
        .count()
}

/// The size of `text` as `counting` measures it.
pub fn size_as(text: &str, counting: Counting) -> usize {
    match counting {
        Counting::NonWhitespace => policy_size(text),
        Counting::AllCharacters => text.chars().count(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn policy_size_skips_json_whitespace_only() {
        assert_eq!(policy_size("{ \"a\" :\t\"b c\" }"), 10);
        assert_eq!(policy_size("é\u{a0}\u{85}☃"), 4);
        assert_eq!(policy_size(" \r\n\t"), 0);
        let text = "{\"a\": \"x\u{a0}y é ☃\"}\n";
        assert_eq!(
            policy_size(text),
            text.chars().filter(|&c| !is_policy_whitespace(c)).count()
        );
        assert_eq!(size_as(text, Counting::AllCharacters), text.chars().count());
    }
}
