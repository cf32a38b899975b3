//! Converging one permission set: compare the spec with what exists and plan only what
//! differs. Detaches come before attaches, so a set at AWS's 20-policy quota can still
//! swap a policy.

use std::collections::BTreeSet;
use std::fmt;

use super::{IdentityCenterChange as C, PermissionSetBoundary, PermissionSetRef, PermissionSetSpec};
use crate::aws::Aws;
use crate::client::{CustomerPolicyRef, PermissionSet, PermissionSetFields, Tags};
use crate::error::{Error, PreconditionReason, ResourceKind, Result};
use crate::names::InstanceArn;
use crate::ownership::{OWNERSHIP_TAG_KEY, OWNERSHIP_TAG_VALUE, SpecName, is_reserved, owned_by};

/// The changes that converge one set, and whether its content (what provisioning pushes to
/// accounts) changes.
#[derive(Debug, Default)]
pub(super) struct SetChanges {
    pub(super) changes: Vec<C>,
    pub(super) content_changed: bool,
}

/// Plans a set that does not exist yet: create it tagged as ours, then attach everything.
pub(super) fn plan_new(instance: &InstanceArn, spec: &PermissionSetSpec, owner: &SpecName) -> SetChanges {
    let set = PermissionSetRef {
        name: spec.name().clone(),
        arn: None,
    };
    let mut changes = vec![C::CreatePermissionSet {
        instance_arn: instance.clone(),
        fields: spec.fields(),
        tags: spec.creation_tags(owner),
    }];
    changes.extend(attachments(instance, &set, spec, &BTreeSet::new(), &[]));
    if let Some(policy) = spec.inline_policy() {
        changes.push(C::PutInlinePolicy {
            instance_arn: instance.clone(),
            permission_set: set.clone(),
            document: policy.as_str().to_owned(),
        });
    }
    if let Some(boundary) = spec.permissions_boundary().and_then(|b| b.to_client()) {
        changes.push(C::PutPermissionsBoundary {
            instance_arn: instance.clone(),
            permission_set: set,
            boundary,
        });
    }
    SetChanges {
        changes,
        content_changed: true,
    }
}

/// Attaches for what the spec names and `have_*` lacks.
fn attachments(
    instance: &InstanceArn,
    set: &PermissionSetRef,
    spec: &PermissionSetSpec,
    have_managed: &BTreeSet<String>,
    have_customer: &[CustomerPolicyRef],
) -> Vec<C> {
    let managed = spec
        .managed_policies()
        .iter()
        .filter(|p| !have_managed.contains(p.arn()))
        .map(|p| C::AttachManagedPolicy {
            instance_arn: instance.clone(),
            permission_set: set.clone(),
            policy_arn: p.arn().to_owned(),
        });
    let customer = spec
        .customer_managed_policies()
        .iter()
        .map(|p| p.to_ref())
        .filter(|p| !have_customer.contains(p))
        .map(|policy| C::AttachCustomerPolicy {
            instance_arn: instance.clone(),
            permission_set: set.clone(),
            policy,
        });
    managed.chain(customer).collect()
}

/// Plans an existing set: reads its fields, policies, inline policy, boundary and tags, and
/// plans what differs. A set the library did not create is only rewritten when the spec
/// adopts it. Reads per set: `ListManagedPoliciesInPermissionSet`,
/// `ListCustomerManagedPolicyReferencesInPermissionSet`, `GetInlinePolicyForPermissionSet`,
/// `GetPermissionsBoundaryForPermissionSet` and `ListTagsForResource` (the last two skipped
/// only where [`EmulatorGaps`](crate::EmulatorGaps) says the backend cannot answer).
pub(super) async fn plan_existing(
    aws: &Aws,
    instance: &InstanceArn,
    spec: &PermissionSetSpec,
    existing: &PermissionSet,
    owner: &SpecName,
) -> Result<SetChanges> {
    let idc = aws.identity_center();
    let arn = &existing.arn;
    let set = PermissionSetRef {
        name: spec.name().clone(),
        arn: Some(existing.arn.clone()),
    };
    let mut content = Vec::new();

    let before = PermissionSetFields {
        name: existing.name.clone(),
        description: existing.description.clone().unwrap_or_default(),
        session_duration: existing.session_duration.clone().unwrap_or_default(),
        relay_state: existing.relay_state.clone(),
    };
    let mut after = spec.fields();
    // AWS cannot clear a relay state (UpdatePermissionSet's RelayState has a minimum length
    // of 1), so a spec without one keeps the one the set has.
    if after.relay_state.is_none() {
        after.relay_state.clone_from(&existing.relay_state);
    }
    if before.description != after.description
        || !spec
            .session_duration()
            .matches(existing.session_duration.as_deref())
        || before.relay_state != after.relay_state
    {
        content.push(C::UpdatePermissionSet {
            instance_arn: instance.clone(),
            permission_set: set.clone(),
            before,
            after,
        });
    }

    let have_managed: BTreeSet<String> = idc
        .list_managed_policies(instance, arn)
        .await?
        .into_iter()
        .collect();
    let have_customer = idc.list_customer_policy_refs(instance, arn).await?;
    let want_managed: BTreeSet<&str> = spec.managed_policies().iter().map(|p| p.arn()).collect();
    let want_customer: Vec<CustomerPolicyRef> = spec
        .customer_managed_policies()
        .iter()
        .map(|p| p.to_ref())
        .collect();
    content.extend(
        have_managed
            .iter()
            .filter(|arn| !want_managed.contains(arn.as_str()))
            .map(|policy_arn| C::DetachManagedPolicy {
                instance_arn: instance.clone(),
                permission_set: set.clone(),
                policy_arn: policy_arn.clone(),
            }),
    );
    content.extend(
        have_customer
            .iter()
            .filter(|p| !want_customer.contains(p))
            .map(|policy| C::DetachCustomerPolicy {
                instance_arn: instance.clone(),
                permission_set: set.clone(),
                policy: policy.clone(),
            }),
    );
    content.extend(attachments(instance, &set, spec, &have_managed, &have_customer));

    let have_inline = idc.get_inline_policy(instance, arn).await?;
    match (spec.inline_policy(), have_inline) {
        (Some(want), Some(have)) if want.matches(&have) => {}
        (Some(want), _) => content.push(C::PutInlinePolicy {
            instance_arn: instance.clone(),
            permission_set: set.clone(),
            document: want.as_str().to_owned(),
        }),
        (None, Some(_)) => content.push(C::DeleteInlinePolicy {
            instance_arn: instance.clone(),
            permission_set: set.clone(),
        }),
        (None, None) => {}
    }

    let gaps = aws.emulator_gaps();
    // A spec without a boundary wants none: a boundary added by hand is drift. Only an
    // emulator that cannot answer (EmulatorGaps) skips the read, then trusting the set.
    if spec.permissions_boundary().is_some() || !gaps.permission_set_boundaries {
        let want = spec
            .permissions_boundary()
            .and_then(PermissionSetBoundary::to_client);
        let have = idc.get_permissions_boundary(instance, arn).await?;
        match want {
            Some(want) if have.as_ref() != Some(&want) => content.push(C::PutPermissionsBoundary {
                instance_arn: instance.clone(),
                permission_set: set.clone(),
                boundary: want,
            }),
            None if have.is_some() => content.push(C::DeletePermissionsBoundary {
                instance_arn: instance.clone(),
                permission_set: set.clone(),
            }),
            _ => {}
        }
    }

    let mut changes = content;
    let content_changed = !changes.is_empty();
    // Tags decide ownership and carry drift of their own, so they are always read, except
    // where an emulator cannot answer and the plan can go on without them.
    let needs_tags =
        !gaps.permission_set_tags || !spec.tags().is_empty() || (content_changed && !spec.adopt());
    if needs_tags {
        let have = idc.list_tags(instance, arn).await?;
        // Another spec's set is not this one's to rewrite (two specs never touch each
        // other's resources).
        let rewritable = spec.adopt() || owned_by(&have, owner);
        changes.extend(tag_changes(instance, &set, spec, &have, rewritable));
        if !changes.is_empty() && !rewritable {
            return Err(not_owned(spec, &changes));
        }
    }
    Ok(SetChanges {
        changes,
        content_changed,
    })
}

/// Tags the spec names that the set lacks or carries with another value; and, on a set the
/// spec may rewrite (owned or adopted), tags it does not name, except the ownership marker
/// and AWS's own `aws:` tags (no caller may remove those).
fn tag_changes(
    instance: &InstanceArn,
    set: &PermissionSetRef,
    spec: &PermissionSetSpec,
    have: &Tags,
    rewritable: bool,
) -> Vec<C> {
    let mut changes = Vec::new();
    let missing: Tags = spec
        .tags()
        .iter()
        .filter(|(k, v)| have.get(*k) != Some(*v))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if !missing.is_empty() {
        changes.push(C::TagPermissionSet {
            instance_arn: instance.clone(),
            permission_set: set.clone(),
            tags: missing,
        });
    }
    let extra: Vec<String> = have
        .keys()
        .filter(|k| !spec.tags().contains_key(*k) && !is_reserved(k) && !k.starts_with("aws:"))
        .cloned()
        .collect();
    if rewritable && !extra.is_empty() {
        changes.push(C::UntagPermissionSet {
            instance_arn: instance.clone(),
            permission_set: set.clone(),
            keys: extra,
        });
    }
    changes
}

/// The refusal to change a set the library did not create and the spec does not adopt.
fn not_owned(spec: &PermissionSetSpec, changes: &[C]) -> Error {
    Error::Precondition {
        reason: PreconditionReason::NotOwned {
            kind: ResourceKind::PermissionSet,
            name: spec.name().to_string(),
        },
        problem: format!(
            "permission set `{}` exists but was not created by iam-bootstrap (it has no \
             {OWNERSHIP_TAG_KEY}={OWNERSHIP_TAG_VALUE} tag), and it differs from the spec: {}",
            spec.name(),
            changes
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")
        ),
        remedy: "adopt it explicitly (`adopt` in the spec) to let the library converge it, \
                 or choose another name"
            .into(),
    }
}

/// Describes how two field sets differ (`session PT4H → PT1H, description "a" → "b"`).
pub(super) struct FieldsDelta<'a>(
    pub(super) &'a PermissionSetFields,
    pub(super) &'a PermissionSetFields,
);

impl fmt::Display for FieldsDelta<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (before, after) = (self.0, self.1);
        let mut parts = Vec::new();
        if before.session_duration != after.session_duration {
            parts.push(format!(
                "session {} → {}",
                before.session_duration, after.session_duration
            ));
        }
        if before.description != after.description {
            parts.push(format!(
                "description {:?} → {:?}",
                before.description, after.description
            ));
        }
        if before.relay_state != after.relay_state {
            let text = |r: &Option<String>| r.as_ref().map_or("none".to_owned(), |r| format!("{r:?}"));
            parts.push(format!(
                "relay state {} → {}",
                text(&before.relay_state),
                text(&after.relay_state)
            ));
        }
        if parts.is_empty() {
            f.write_str("rewrite every field")
        } else {
            f.write_str(&parts.join(", "))
        }
    }
}
