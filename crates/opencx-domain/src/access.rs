//! Who may do what in a workspace: the five roles and the permissions each one has.
//!
//! This is the one place where roles are mapped to permissions. Every admin route names the
//! permission it needs; the web layer asks [`Role::can`] and nothing else.

use std::fmt;

/// A member's role in one workspace, from most to least powerful.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Everything, including granting and revoking ownership and the workspace's settings.
    /// Every workspace keeps at least one.
    Owner,
    /// Everything but ownership: members, API keys, surveys, responses.
    Admin,
    /// Builds, publishes and closes surveys; reads responses.
    Editor,
    /// Reads dashboards and individual responses (which may hold personal data) and exports them.
    Analyst,
    /// Reads dashboards and aggregate figures only.
    Viewer,
}

/// Something a member may be allowed to do in a workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    /// See surveys, dashboards and aggregate figures.
    ViewDashboards,
    /// Read individual responses and their open answers, and export them.
    ViewResponses,
    /// Create, edit, publish and close surveys.
    EditSurveys,
    /// Invite members, change their roles (below owner), remove them; manage API keys.
    ManageMembers,
    /// Make someone an owner or take ownership away.
    ManageOwners,
    /// Change the workspace's settings (its time zone, which recounts every figure).
    ManageWorkspace,
}

impl Role {
    /// Every role, most powerful first.
    pub const ALL: [Role; 5] = [
        Role::Owner,
        Role::Admin,
        Role::Editor,
        Role::Analyst,
        Role::Viewer,
    ];

    /// Whether this role has `permission`.
    pub fn can(self, permission: Permission) -> bool {
        use Permission::*;
        match permission {
            ViewDashboards => true,
            ViewResponses => self <= Role::Analyst,
            EditSurveys => self <= Role::Editor,
            ManageMembers => self <= Role::Admin,
            ManageOwners | ManageWorkspace => self == Role::Owner,
        }
    }

    /// The stored and URL spelling: `owner`, `admin`, `editor`, `analyst`, `viewer`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Admin => "admin",
            Role::Editor => "editor",
            Role::Analyst => "analyst",
            Role::Viewer => "viewer",
        }
    }

    /// Parses the stored spelling.
    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == text)
    }

    /// Whether a member with this role may give `target` to someone (or change someone who has
    /// it): owners only by owners, other roles by whoever manages members.
    pub fn may_assign(self, target: Role) -> bool {
        if target == Role::Owner {
            self.can(Permission::ManageOwners)
        } else {
            self.can(Permission::ManageMembers)
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permission_matrix() {
        use Permission::*;
        let table = [
            // view dashboards, view responses, edit surveys, manage members, manage owners,
            // manage the workspace
            (Role::Owner, [true, true, true, true, true, true]),
            (Role::Admin, [true, true, true, true, false, false]),
            (Role::Editor, [true, true, true, false, false, false]),
            (Role::Analyst, [true, true, false, false, false, false]),
            (Role::Viewer, [true, false, false, false, false, false]),
        ];
        for (role, expected) in table {
            let got = [
                ViewDashboards,
                ViewResponses,
                EditSurveys,
                ManageMembers,
                ManageOwners,
                ManageWorkspace,
            ]
            .map(|p| role.can(p));
            assert_eq!(got, expected, "{role}");
        }
    }

    #[test]
    fn roles_round_trip_and_assignment() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
        assert!(Role::Owner.may_assign(Role::Owner));
        assert!(!Role::Admin.may_assign(Role::Owner));
        assert!(Role::Admin.may_assign(Role::Admin));
        assert!(!Role::Editor.may_assign(Role::Viewer));
    }
}
