//! Permission checks: THE one place that decides who may do what.
//!
//! Until user accounts exist (a later issue), the app runs as one local actor built with
//! [`Actor::local`], holding the roles [`Role::Reviewer`] and [`Role::Supervisor`]: it may view,
//! edit and sign off. The supervisory control that a reviewer cannot sign off their own review
//! still applies (see [`super::sign_off`]), because it compares names, not roles.
use super::WorkflowError;

/// Something a user may be allowed to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// Read plans.
    View,
    /// Change plans: subjects, orders, breaches, visits, reviews, assessments.
    Edit,
    /// Approve or return reviews and risk assessments.
    SignOff,
    /// Create and change user accounts and their roles.
    ManageUsers,
}

impl Permission {
    /// What the permission allows, as a verb phrase for messages ("may not ...").
    pub fn action(self) -> &'static str {
        match self {
            Self::View => "view plans",
            Self::Edit => "change plans",
            Self::SignOff => "sign off reviews and risk assessments",
            Self::ManageUsers => "manage user accounts",
        }
    }

    /// The roles that grant it, for messages.
    fn granted_by(self) -> &'static str {
        match self {
            Self::View => "Viewer, Reviewer, Supervisor or Administrator",
            Self::Edit => "Reviewer or Supervisor",
            Self::SignOff => "Supervisor",
            Self::ManageUsers => "Administrator",
        }
    }
}

/// A role held by a user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Reads plans (response and neighbourhood officers).
    Viewer,
    /// Reads and keeps plans current (ancillary order unit staff).
    Reviewer,
    /// A reviewer who also approves or returns reviews and assessments (DS/DI).
    Supervisor,
    /// Manages user accounts; reads plans but does not change them.
    Administrator,
}

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Self::Viewer => "Viewer",
            Self::Reviewer => "Reviewer",
            Self::Supervisor => "Supervisor",
            Self::Administrator => "Administrator",
        }
    }

    /// Whether this role alone grants `p`.
    pub fn grants(self, p: Permission) -> bool {
        use Permission as P;
        match self {
            Self::Viewer => matches!(p, P::View),
            Self::Reviewer => matches!(p, P::View | P::Edit),
            Self::Supervisor => matches!(p, P::View | P::Edit | P::SignOff),
            Self::Administrator => matches!(p, P::View | P::ManageUsers),
        }
    }
}

/// Who is acting: a name (recorded on sign-offs) and roles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub name: String,
    pub roles: Vec<Role>,
}

impl Actor {
    pub fn new(name: &str, roles: &[Role]) -> Self {
        Self {
            name: name.to_string(),
            roles: roles.to_vec(),
        }
    }

    /// The local actor the app uses until user accounts exist: roles Reviewer and Supervisor.
    pub fn local(name: &str) -> Self {
        Self::new(name, &[Role::Reviewer, Role::Supervisor])
    }

    /// Whether any of the actor's roles grants `p`.
    pub fn may(&self, p: Permission) -> bool {
        self.roles.iter().any(|r| r.grants(p))
    }
}

/// `Ok` when `actor` holds a role granting `p`, else [`WorkflowError::Denied`].
pub fn authorize(actor: &Actor, p: Permission) -> Result<(), WorkflowError> {
    if actor.may(p) {
        return Ok(());
    }
    let who = actor.name.trim();
    Err(WorkflowError::Denied {
        who: if who.is_empty() {
            "this user".to_string()
        } else {
            who.to_string()
        },
        action: p.action(),
        roles: p.granted_by(),
    })
}
