//! The full evaluation chain, offline: identity policies, a resource-based policy, a
//! permissions boundary, a session policy, and SCPs and RCPs level by level, combined as
//! AWS's "Policy evaluation logic" documents it.
//!
//! 1. An explicit `Deny` in any of them denies.
//! 2. Every RCP level and every SCP level (root, each OU, the account) must allow.
//! 3. Same account: a resource-based policy that names the caller allows on its own (one that
//!    names the caller's role still needs the boundary and session policy; one that names the
//!    account delegates to the identity policies); otherwise the identity policies must allow,
//!    within the permissions boundary and the session policy.
//! 4. Other account: both the identity side and the resource-based policy must allow.
//! 5. Role trust policies and KMS key policies must allow even in the same account: naming the
//!    account there delegates to the identity policies, which must then allow too.

use std::fmt;

use super::document::PolicyDocument;
use super::eval::{Decision, Evaluation, Mode, allows, statement_applies};
use super::principal::{PrincipalType, account_of_root, arn_account, principal_value_matches};
use super::request::Request;
use super::statement::{Effect, PrincipalElement, Statement};

/// Where a policy sits in the chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum Layer {
    /// A service control policy at `level` (0 = the organization root, then each OU down to
    /// the account).
    Scp {
        /// The level, root first.
        level: usize,
    },
    /// A resource control policy at `level`, as for SCPs.
    Rcp {
        /// The level, root first.
        level: usize,
    },
    /// The resource-based policy (a role's trust policy or a KMS key policy included).
    ResourceBased,
    /// The caller's identity-based policies.
    Identity,
    /// The caller's permissions boundary.
    PermissionsBoundary,
    /// The session policy passed when the session was made.
    Session,
}

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Layer::Scp { level } => write!(f, "SCP level {level}"),
            Layer::Rcp { level } => write!(f, "RCP level {level}"),
            Layer::ResourceBased => f.write_str("resource-based policy"),
            Layer::Identity => f.write_str("identity-based policies"),
            Layer::PermissionsBoundary => f.write_str("permissions boundary"),
            Layer::Session => f.write_str("session policy"),
        }
    }
}

/// One statement of the chain: its layer, the document's index in that layer and the
/// statement's index in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub struct StatementRef {
    /// The layer.
    pub layer: Layer,
    /// The document within the layer.
    pub document: usize,
    /// The statement within the document.
    pub statement: usize,
}

impl fmt::Display for StatementRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} document {} statement {}",
            self.layer, self.document, self.statement
        )
    }
}

/// What kind of resource the resource-based policy guards.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ResourceKind {
    /// Any resource (an S3 bucket, an SQS queue, ...).
    #[default]
    Other,
    /// An IAM role, the policy its trust policy: it must allow even in the same account.
    RoleTrust,
    /// A KMS key, the policy its key policy: it must allow even in the same account.
    KmsKey,
}

/// The outcome of the chain and what decided it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ChainEvaluation {
    /// Allow, implicit deny or explicit deny.
    pub decision: Decision,
    /// The explicit deny, or the statement that granted the request (the resource-based
    /// policy's when it granted on its own, else the identity policy's); `None` for an
    /// implicit deny.
    pub decided_by: Option<StatementRef>,
    /// For an allow: every allow the request needed, layer by layer.
    pub allowed_by: Vec<StatementRef>,
    /// For a deny: the layer that blocked the request.
    pub blocked_by: Option<Layer>,
}

impl ChainEvaluation {
    /// Whether the request is allowed.
    pub fn is_allowed(&self) -> bool {
        self.decision == Decision::Allow
    }

    fn deny(decision: Decision, layer: Layer, decided_by: Option<StatementRef>) -> Self {
        Self {
            decision,
            decided_by,
            allowed_by: Vec::new(),
            blocked_by: Some(layer),
        }
    }
}

impl fmt::Display for ChainEvaluation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.decision, &self.decided_by, &self.blocked_by) {
            (Decision::ExplicitDeny, Some(by), _) => write!(f, "explicit deny by {by}"),
            (Decision::ImplicitDeny, _, Some(layer)) => {
                write!(f, "implicit deny: the {layer} allows nothing that matches")
            }
            (Decision::Allow, Some(by), _) => {
                write!(f, "allow by {by}")?;
                let others: Vec<String> = self
                    .allowed_by
                    .iter()
                    .filter(|r| *r != by)
                    .map(ToString::to_string)
                    .collect();
                if !others.is_empty() {
                    write!(f, ", within {}", others.join(", "))?;
                }
                Ok(())
            }
            (decision, _, _) => write!(f, "{decision}"),
        }
    }
}

/// Every policy that applies to one request, by layer.
///
/// ```
/// use iam_bootstrap::policy::{Decision, Layer, PolicyChain, PolicyDocument, PrincipalType, Request, Statement};
/// let identity = PolicyDocument::new([Statement::allow().actions(["s3:*"]).resources(["*"])]);
/// let scp = PolicyDocument::new([Statement::deny().actions(["s3:DeleteBucket"]).resources(["*"])]);
/// let full = PolicyDocument::new([Statement::allow().actions(["*"]).resources(["*"])]);
/// let chain = PolicyChain::new()
///     .identity(identity)
///     .scp_level([full.clone()])
///     .scp_level([full, scp]);
/// let caller = "arn:aws:iam::111122223333:user/jane";
/// let get = Request::new("s3:GetObject", "arn:aws:s3:::data/a").with_principal(PrincipalType::Aws, caller);
/// assert!(chain.evaluate(&get).is_allowed());
/// let delete = Request::new("s3:DeleteBucket", "arn:aws:s3:::data").with_principal(PrincipalType::Aws, caller);
/// let answer = chain.evaluate(&delete);
/// assert_eq!((answer.decision, answer.blocked_by), (Decision::ExplicitDeny, Some(Layer::Scp { level: 1 })));
/// assert_eq!(answer.to_string(), "explicit deny by SCP level 1 document 1 statement 0");
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct PolicyChain {
    identity: Vec<PolicyDocument>,
    resource: Option<PolicyDocument>,
    resource_kind: ResourceKind,
    resource_account: Option<String>,
    boundary: Option<PolicyDocument>,
    session: Option<PolicyDocument>,
    scps: Vec<Vec<PolicyDocument>>,
    rcps: Vec<Vec<PolicyDocument>>,
}

impl PolicyChain {
    /// An empty chain: only identity policies would be consulted, and there are none.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an identity-based policy of the caller.
    pub fn identity(mut self, doc: PolicyDocument) -> Self {
        self.identity.push(doc);
        self
    }

    /// The resource's resource-based policy.
    pub fn resource_policy(mut self, doc: PolicyDocument) -> Self {
        self.resource = Some(doc);
        self.resource_kind = ResourceKind::Other;
        self
    }

    /// The trust policy of the role being assumed (the resource-based policy of
    /// `sts:AssumeRole` and its kin).
    pub fn role_trust_policy(mut self, doc: PolicyDocument) -> Self {
        self.resource = Some(doc);
        self.resource_kind = ResourceKind::RoleTrust;
        self
    }

    /// The key policy of the KMS key used.
    pub fn kms_key_policy(mut self, doc: PolicyDocument) -> Self {
        self.resource = Some(doc);
        self.resource_kind = ResourceKind::KmsKey;
        self
    }

    /// The account that owns the resource, for ARNs that do not say (S3's). Without it, the
    /// resource ARN's account field decides, and an ARN without one is in the caller's account.
    pub fn resource_account(mut self, account: impl Into<String>) -> Self {
        self.resource_account = Some(account.into());
        self
    }

    /// The caller's permissions boundary.
    pub fn permissions_boundary(mut self, doc: PolicyDocument) -> Self {
        self.boundary = Some(doc);
        self
    }

    /// The session policy of the caller's session.
    pub fn session_policy(mut self, doc: PolicyDocument) -> Self {
        self.session = Some(doc);
        self
    }

    /// The SCPs attached at the next level down (call once for the root, once per OU, once
    /// for the account). Each level must allow. Leave SCPs out for the management account
    /// and service-linked roles, which they do not affect.
    pub fn scp_level(mut self, docs: impl IntoIterator<Item = PolicyDocument>) -> Self {
        self.scps.push(docs.into_iter().collect());
        self
    }

    /// The RCPs attached at the next level down, as for [`PolicyChain::scp_level`].
    pub fn rcp_level(mut self, docs: impl IntoIterator<Item = PolicyDocument>) -> Self {
        self.rcps.push(docs.into_iter().collect());
        self
    }

    /// Whether the caller (the request's principal) and the resource are in different
    /// accounts.
    fn cross_account(&self, request: &Request) -> bool {
        let caller = request.principal().and_then(|(_, arn)| arn_account(arn));
        let owner = self
            .resource_account
            .as_deref()
            .or_else(|| arn_account(request.resource()));
        matches!((caller, owner), (Some(c), Some(o)) if c != o)
    }

    /// Evaluates `request` (its principal is the caller) through the whole chain.
    pub fn evaluate(&self, request: &Request) -> ChainEvaluation {
        let one = |docs: &[PolicyDocument]| allows(docs, request);
        let at = |layer: Layer, e: &Evaluation| {
            e.statement.map(|(document, statement)| StatementRef {
                layer,
                document,
                statement,
            })
        };
        // Every layer once; the first explicit deny found, in this order, decides. The
        // organization's levels come first and are not kept: each either adds its allowing
        // statement to `allowed_by` or, the first that does not allow, is remembered as the
        // block (which decides only if no later layer denies explicitly).
        let mut allowed_by = Vec::new();
        let mut organization_block = None;
        let levels = (self.rcps.iter().enumerate())
            .map(|(level, docs)| (Layer::Rcp { level }, docs))
            .chain((self.scps.iter().enumerate()).map(|(level, docs)| (Layer::Scp { level }, docs)));
        for (layer, docs) in levels {
            let e = one(docs);
            if e.decision == Decision::ExplicitDeny {
                return ChainEvaluation::deny(Decision::ExplicitDeny, layer, at(layer, &e));
            }
            if organization_block.is_none() {
                match at(layer, &e) {
                    Some(by) if e.is_allowed() => {
                        // Sized once, for every level and the four grants `finish` adds.
                        if allowed_by.capacity() == 0 {
                            allowed_by.reserve_exact(self.scps.len() + self.rcps.len() + 4);
                        }
                        allowed_by.push(by);
                    }
                    _ => organization_block = Some(layer),
                }
            }
        }
        let resource = self.resource.as_ref().map(|doc| resource_grant(doc, request));
        let identity = one(&self.identity);
        let boundary = self.boundary.as_ref().map(|d| one(std::slice::from_ref(d)));
        let session = self.session.as_ref().map(|d| one(std::slice::from_ref(d)));
        let layers = (resource
            .as_ref()
            .map(|(e, _)| (Layer::ResourceBased, e))
            .into_iter())
        .chain([(Layer::Identity, &identity)])
        .chain(boundary.as_ref().map(|e| (Layer::PermissionsBoundary, e)))
        .chain(session.as_ref().map(|e| (Layer::Session, e)));
        for (layer, e) in layers {
            if e.decision == Decision::ExplicitDeny {
                return ChainEvaluation::deny(Decision::ExplicitDeny, layer, at(layer, e));
            }
        }
        if let Some(layer) = organization_block {
            return ChainEvaluation::deny(Decision::ImplicitDeny, layer, None);
        }
        // The identity side: identity policies within the boundary and the session policy.
        let limits = [
            (Layer::PermissionsBoundary, boundary.as_ref()),
            (Layer::Session, session.as_ref()),
        ];
        let limit_blocks = limits
            .iter()
            .find(|(_, e)| e.is_some_and(|e| !e.is_allowed()))
            .map(|(layer, _)| *layer);
        let identity_side = match (identity.is_allowed(), limit_blocks) {
            (false, _) => Err(Layer::Identity),
            (true, Some(layer)) => Err(layer),
            (true, None) => Ok(()),
        };
        // The boundary's and the session policy's allowing statements (where present): fixed
        // slots, not a list, since this runs for every request.
        let limit_refs: [Option<StatementRef>; 2] = limits.map(|(layer, e)| e.and_then(|e| at(layer, e)));
        let identity_ref = at(Layer::Identity, &identity);
        let grant = resource
            .as_ref()
            .and_then(|(e, grant)| Some((at(Layer::ResourceBased, e)?, *grant)));
        let finish =
            |decided: StatementRef, mut allowed_by: Vec<StatementRef>, with: &[Option<StatementRef>]| {
                allowed_by.extend(with.iter().flatten().copied());
                ChainEvaluation {
                    decision: Decision::Allow,
                    decided_by: Some(decided),
                    allowed_by,
                    blocked_by: None,
                }
            };
        let identity_allows = |allowed_by: Vec<StatementRef>, extra: Option<StatementRef>| {
            let by = identity_ref?;
            let [boundary, session] = limit_refs;
            Some(finish(by, allowed_by, &[Some(by), boundary, session, extra]))
        };
        let identity_or_deny =
            |allowed_by: Vec<StatementRef>, extra: Option<StatementRef>| match identity_side {
                Ok(()) => identity_allows(allowed_by, extra)
                    .unwrap_or_else(|| ChainEvaluation::deny(Decision::ImplicitDeny, Layer::Identity, None)),
                Err(layer) => ChainEvaluation::deny(Decision::ImplicitDeny, layer, None),
            };
        let cross = self.cross_account(request);
        match grant {
            // Same account: naming the caller grants on its own ...
            Some((by, Grant::Caller)) if !cross => finish(by, allowed_by, &[Some(by)]),
            // ... naming its role grants within the boundary and session policy ...
            Some((by, Grant::Role)) if !cross && limit_blocks.is_none() => {
                let [boundary, session] = limit_refs;
                finish(by, allowed_by, &[Some(by), boundary, session])
            }
            // (a grant to the role that they block is denied by them) ...
            Some((_, Grant::Role)) if !cross => ChainEvaluation::deny(
                Decision::ImplicitDeny,
                limit_blocks.unwrap_or(Layer::Identity),
                None,
            ),
            // ... and naming the account (or any grant across accounts) needs the identity side.
            Some((by, _)) => identity_or_deny(allowed_by, Some(by)),
            // Across accounts, and for trust and key policies, the resource side must allow.
            None if cross || self.resource_kind != ResourceKind::Other => {
                ChainEvaluation::deny(Decision::ImplicitDeny, Layer::ResourceBased, None)
            }
            None => identity_or_deny(allowed_by, None),
        }
    }
}

/// How a resource-based policy's allow names the caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Grant {
    /// Through the caller's account: the identity policies must allow too.
    Account,
    /// Through the role of the caller's session: the boundary and session policy still limit.
    Role,
    /// The caller itself (its user or session ARN, a service, or `*`).
    Caller,
}

/// The resource policy's evaluation and, for an allow, the most direct way an applying
/// `Allow` statement names the caller. One pass: the first `Deny` that applies decides, else
/// the applying `Allow` with the most direct grant (the earliest among equals).
fn resource_grant(doc: &PolicyDocument, request: &Request) -> (Evaluation, Grant) {
    let version = doc.effective_version();
    let caller = request.principal();
    let mut best: Option<(Grant, usize)> = None;
    for (i, s) in doc.statements().iter().enumerate() {
        match s.effect() {
            Effect::Deny if statement_applies(s, version, request, Mode::Exact) => {
                let deny = Evaluation {
                    decision: Decision::ExplicitDeny,
                    statement: Some((0, i)),
                };
                return (deny, Grant::Account);
            }
            Effect::Allow if statement_applies(s, version, request, Mode::Exact) => {
                let grant = grant_of(s, caller);
                if best.is_none_or(|(g, _)| grant > g) {
                    best = Some((grant, i));
                }
            }
            _ => {}
        }
    }
    match best {
        Some((grant, i)) => (
            Evaluation {
                decision: Decision::Allow,
                statement: Some((0, i)),
            },
            grant,
        ),
        None => (
            Evaluation {
                decision: Decision::ImplicitDeny,
                statement: None,
            },
            Grant::Account,
        ),
    }
}

/// How an applying `Allow` statement names `caller`.
fn grant_of(s: &Statement, caller: Option<(PrincipalType, &str)>) -> Grant {
    match (s.principal(), caller) {
        (Some(PrincipalElement::Principal(p)), Some((kind, who))) => p
            .iter()
            .filter(|(k, value)| *k == kind && principal_value_matches(kind, value, who))
            .map(|(_, value)| {
                if value == "*" || value == who {
                    Grant::Caller
                } else if account_of_root(value).is_some() {
                    Grant::Account
                } else {
                    Grant::Role
                }
            })
            .max()
            .unwrap_or(Grant::Caller),
        _ => Grant::Caller,
    }
}
