//! Roles and permissions: THE one place that decides who may do what ([`Role::grants`]).
//!
//! The store checks these on every operation (`Store::require`) for the user it was unlocked
//! as, so the CLI and the TUI cannot differ. The supervisory control that a reviewer cannot sign
//! off their own review ([`super::sign_off`]) compares names, not roles. What roles without
//! [`Permission::ViewRestricted`] may not see is decided in [`super::redact`].
use super::{Officer, RuleError};

/// Something a user may be allowed to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// Read plans (restricted fields show as "restricted").
    View,
    /// See restricted fields: victims' addresses and the notes on protected persons (where
    /// health and vulnerability details are kept).
    ViewRestricted,
    /// Change plans: subjects, orders, breaches, visits, reviews, assessments.
    Edit,
    /// Approve or return reviews and risk assessments.
    SignOff,
    /// Create and change user accounts and their roles.
    ManageUsers,
    /// Read and verify the audit log.
    ViewAudit,
    /// Let records leave the store: exports, documents, visit sheets.
    Disclose,
    /// Archive a subject whose orders have all ended.
    Archive,
    /// Erase an archived subject after the retention period.
    Erase,
}

impl Permission {
    /// Every permission (for role matrix tests and the docs).
    pub const ALL: [Permission; 9] = [
        Self::View,
        Self::ViewRestricted,
        Self::Edit,
        Self::SignOff,
        Self::ManageUsers,
        Self::ViewAudit,
        Self::Disclose,
        Self::Archive,
        Self::Erase,
    ];

    /// What the permission allows, as a verb phrase for messages ("may not ...").
    pub fn action(self) -> &'static str {
        match self {
            Self::View => "view plans",
            Self::ViewRestricted => "see victims' addresses and notes",
            Self::ViewAudit => "read the audit log",
            Self::Disclose => "export records",
            Self::Archive => "archive subjects",
            Self::Erase => "erase subjects",
            Self::Edit => "change plans",
            Self::SignOff => "sign off reviews and risk assessments",
            Self::ManageUsers => "manage user accounts",
        }
    }

    /// The roles that grant it, for messages.
    fn granted_by(self) -> &'static str {
        match self {
            Self::View => "Viewer, Reviewer, Supervisor or Administrator",
            Self::ViewRestricted | Self::Disclose | Self::Archive => "Reviewer or Supervisor",
            Self::ViewAudit => "Supervisor or Administrator",
            Self::Erase => "Administrator",
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
    pub const ALL: [Role; 4] = [
        Self::Viewer,
        Self::Reviewer,
        Self::Supervisor,
        Self::Administrator,
    ];

    /// A role by name as typed (`viewer`, `Reviewer`, `admin`...); `None` for anything else.
    pub fn parse(text: &str) -> Option<Role> {
        match text.trim().to_ascii_lowercase().as_str() {
            "viewer" => Some(Role::Viewer),
            "reviewer" => Some(Role::Reviewer),
            "supervisor" => Some(Role::Supervisor),
            "administrator" | "admin" => Some(Role::Administrator),
            _ => None,
        }
    }

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
            Self::Reviewer => matches!(
                p,
                P::View | P::ViewRestricted | P::Edit | P::Disclose | P::Archive
            ),
            Self::Supervisor => matches!(
                p,
                P::View
                    | P::ViewRestricted
                    | P::Edit
                    | P::SignOff
                    | P::Disclose
                    | P::Archive
                    | P::ViewAudit
            ),
            Self::Administrator => matches!(p, P::View | P::ManageUsers | P::ViewAudit | P::Erase),
        }
    }
}

/// Who is acting: a login name (recorded on sign-offs), roles, and who they are as an officer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub name: String,
    pub roles: Vec<Role>,
    pub officer: Officer,
}

impl Actor {
    pub fn new(name: &str, roles: &[Role]) -> Self {
        Self {
            name: name.to_string(),
            roles: roles.to_vec(),
            officer: Officer::default(),
        }
    }

    /// The same actor as the officer `officer`.
    pub fn with_officer(mut self, officer: Officer) -> Self {
        self.officer = officer;
        self
    }

    /// Rank, name and number ("DS Jane Bloggs (4521)"), or the login when none is recorded.
    pub fn label(&self) -> String {
        self.officer.label(&self.name)
    }

    /// Whether `name`, as a record names its author ("DS Lena Marsh", "supervisor"), is this
    /// actor: their login, display name, rank and name, or rank, name and number, compared
    /// ignoring case and spacing.
    pub fn is(&self, name: &str) -> bool {
        let norm = |s: &str| {
            s.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        };
        let name = norm(name);
        if name.is_empty() {
            return false;
        }
        let display = self.officer.display_name.trim();
        let rank = self
            .officer
            .rank
            .map_or("", |r| r.short(self.officer.detective));
        if [
            self.name.clone(),
            display.to_string(),
            format!("{rank} {display}"),
            self.label(),
        ]
        .iter()
        .any(|s| !s.trim().is_empty() && norm(s) == name)
        {
            return true;
        }
        // A name written with another rank or number (recorded before a promotion): the
        // display name once a leading rank and a trailing "(number)" are set aside.
        if display.is_empty() {
            return false;
        }
        let bare = match name.rfind(" (") {
            Some(at) if name.ends_with(')') => &name[..at],
            _ => name.as_str(),
        };
        let bare = match bare.split_once(' ') {
            Some((first, rest)) if super::Rank::parse(first).is_some() => rest,
            _ => bare,
        };
        bare == norm(display)
    }

    /// An actor with roles Reviewer and Supervisor (tests and examples).
    pub fn local(name: &str) -> Self {
        Self::new(name, &[Role::Reviewer, Role::Supervisor])
    }

    /// Whether any of the actor's roles grants `p`.
    pub fn may(&self, p: Permission) -> bool {
        self.roles.iter().any(|r| r.grants(p))
    }
}

/// `Ok` when `actor` holds a role granting `p`, else [`RuleError::Denied`].
pub fn authorize(actor: &Actor, p: Permission) -> Result<(), RuleError> {
    if actor.may(p) {
        return Ok(());
    }
    let who = actor.name.trim();
    Err(RuleError::Denied {
        who: if who.is_empty() {
            "this user".to_string()
        } else {
            who.to_string()
        },
        action: p.action(),
        roles: p.granted_by(),
    })
}
