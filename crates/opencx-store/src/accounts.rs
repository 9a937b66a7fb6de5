//! People who use the web app: users, their roles per workspace (memberships), server-side
//! sessions and invitations. Roles are stored as text; `opencx-domain::access` gives them meaning.
//!
//! Tokens arrive here already hashed: the store never sees a session or invitation secret.

use sqlx::Row;
use sqlx::any::AnyRow;

use crate::workspaces::conflict_on_unique;
use crate::{Store, StoreError, StoreResult, WorkspaceRow};

/// Settings key holding the SHA-256 hex of the one-time code that creates the first owner.
pub const SETUP_CODE_SETTING: &str = "setup_code_hash";

/// A user as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub ui_language: String,
    pub created_at: i64,
    pub password_changed_at: i64,
}

/// A user about to be created (the password already hashed, the email normalised).
#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: String,
    pub name: String,
    pub password_hash: String,
    pub ui_language: String,
}

/// A member of a workspace with their role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRow {
    pub user_id: i64,
    pub email: String,
    pub name: String,
    pub role: String,
    pub joined_at: i64,
}

/// A live session and the user it belongs to.
#[derive(Debug, Clone)]
pub struct SessionRow {
    pub user: UserRow,
    pub csrf_token: String,
    pub created_at: i64,
    pub last_seen_at: i64,
    pub expires_at: i64,
}

/// An invitation to join a workspace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvitationRow {
    pub id: i64,
    pub workspace_id: i64,
    pub email: String,
    pub role: String,
    pub invited_by: i64,
    pub created_at: i64,
    pub expires_at: i64,
    pub accepted_at: Option<i64>,
}

const USER_COLUMNS: &str =
    "u.id, u.email, u.name, u.password_hash, u.ui_language, u.created_at, u.password_changed_at";

fn user(row: &AnyRow) -> StoreResult<UserRow> {
    Ok(UserRow {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        name: row.try_get("name")?,
        password_hash: row.try_get("password_hash")?,
        ui_language: row.try_get("ui_language")?,
        created_at: row.try_get("created_at")?,
        password_changed_at: row.try_get("password_changed_at")?,
    })
}

fn invitation(row: &AnyRow) -> StoreResult<InvitationRow> {
    Ok(InvitationRow {
        id: row.try_get("id")?,
        workspace_id: row.try_get("workspace_id")?,
        email: row.try_get("email")?,
        role: row.try_get("role")?,
        invited_by: row.try_get("invited_by")?,
        created_at: row.try_get("created_at")?,
        expires_at: row.try_get("expires_at")?,
        accepted_at: row.try_get("accepted_at")?,
    })
}

async fn insert_user<'c, E>(executor: E, id: i64, new: &NewUser, now_ms: i64) -> StoreResult<()>
where
    E: sqlx::Executor<'c, Database = sqlx::Any>,
{
    sqlx::query(
        "INSERT INTO users (id, email, name, password_hash, ui_language, created_at, password_changed_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6)",
    )
    .bind(id)
    .bind(&new.email)
    .bind(&new.name)
    .bind(&new.password_hash)
    .bind(&new.ui_language)
    .bind(now_ms)
    .execute(executor)
    .await
    .map_err(|e| conflict_on_unique(e, "an account with this email exists"))?;
    Ok(())
}

fn row_of(id: i64, new: NewUser, now_ms: i64) -> UserRow {
    UserRow {
        id,
        email: new.email,
        name: new.name,
        password_hash: new.password_hash,
        ui_language: new.ui_language,
        created_at: now_ms,
        password_changed_at: now_ms,
    }
}

impl Store {
    /// How many users the server has (0 until the first owner is created).
    pub async fn count_users(&self) -> StoreResult<i64> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM users")
            .fetch_one(self.pool())
            .await?;
        Ok(row.try_get("n")?)
    }

    /// Sets a server-wide setting, replacing any value.
    pub async fn put_setting(&self, key: &str, value: &str) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(key)
        .bind(value)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Creates the first owner: consumes the one-time setup code (given as its hash) and, in the
    /// same transaction, creates the user as owner of every workspace. Fails with `Conflict` when
    /// the code is wrong or used, or when a user exists already; two concurrent attempts cannot
    /// both succeed, because only one can delete the code's row.
    pub async fn create_first_owner(
        &self,
        setup_code_hash: &str,
        new: NewUser,
        now_ms: i64,
    ) -> StoreResult<UserRow> {
        let mut tx = self.pool().begin().await?;
        let taken = sqlx::query("DELETE FROM settings WHERE key = $1 AND value = $2")
            .bind(SETUP_CODE_SETTING)
            .bind(setup_code_hash)
            .execute(&mut *tx)
            .await?;
        if taken.rows_affected() != 1 {
            return Err(StoreError::Conflict(
                "the setup code is wrong or was used already".into(),
            ));
        }
        let existing: i64 = sqlx::query("SELECT COUNT(*) AS n FROM users")
            .fetch_one(&mut *tx)
            .await?
            .try_get("n")?;
        if existing > 0 {
            return Err(StoreError::Conflict(
                "the first account exists already".into(),
            ));
        }
        let id = self.next_id(now_ms);
        insert_user(&mut *tx, id, &new, now_ms).await?;
        sqlx::query(
            "INSERT INTO memberships (workspace_id, user_id, role, created_at) \
             SELECT id, $1, 'owner', $2 FROM workspaces",
        )
        .bind(id)
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(row_of(id, new, now_ms))
    }

    /// Creates a user with a role in one workspace (command line, accepted invitations).
    pub async fn create_user_with_role(
        &self,
        new: NewUser,
        workspace_id: i64,
        role: &str,
        now_ms: i64,
    ) -> StoreResult<UserRow> {
        let mut tx = self.pool().begin().await?;
        let id = self.next_id(now_ms);
        insert_user(&mut *tx, id, &new, now_ms).await?;
        sqlx::query(
            "INSERT INTO memberships (workspace_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(workspace_id)
        .bind(id)
        .bind(role)
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(row_of(id, new, now_ms))
    }

    /// Makes an existing user a member of a workspace with a role; `Conflict` when they already
    /// are one (their role is changed with [`Store::change_membership`]).
    pub async fn add_membership(
        &self,
        workspace_id: i64,
        user_id: i64,
        role: &str,
        now_ms: i64,
    ) -> StoreResult<()> {
        let inserted = sqlx::query(
            "INSERT INTO memberships (workspace_id, user_id, role, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (workspace_id, user_id) DO NOTHING",
        )
        .bind(workspace_id)
        .bind(user_id)
        .bind(role)
        .bind(now_ms)
        .execute(self.pool())
        .await?
        .rows_affected();
        if inserted == 0 {
            return Err(StoreError::Conflict(
                "already a member of this workspace".into(),
            ));
        }
        Ok(())
    }

    /// The user with this (normalised) email.
    pub async fn find_user_by_email(&self, email: &str) -> StoreResult<Option<UserRow>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users u WHERE u.email = $1");
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(email)
            .fetch_optional(self.pool())
            .await?
            .as_ref()
            .map(user)
            .transpose()
    }

    /// Changes the web app's language of a user.
    pub async fn set_user_language(&self, user_id: i64, language: &str) -> StoreResult<()> {
        sqlx::query("UPDATE users SET ui_language = $1 WHERE id = $2")
            .bind(language)
            .bind(user_id)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Replaces a user's password hash and ends every other session of theirs.
    pub async fn set_user_password(
        &self,
        user_id: i64,
        password_hash: &str,
        keep_session_hash: Option<&str>,
        now_ms: i64,
    ) -> StoreResult<()> {
        let mut tx = self.pool().begin().await?;
        let done = sqlx::query(
            "UPDATE users SET password_hash = $1, password_changed_at = $2 WHERE id = $3",
        )
        .bind(password_hash)
        .bind(now_ms)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
            .bind(user_id)
            .bind(keep_session_hash.unwrap_or(""))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The role of a user in a workspace, if they are a member.
    pub async fn membership_role(
        &self,
        workspace_id: i64,
        user_id: i64,
    ) -> StoreResult<Option<String>> {
        let row =
            sqlx::query("SELECT role FROM memberships WHERE workspace_id = $1 AND user_id = $2")
                .bind(workspace_id)
                .bind(user_id)
                .fetch_optional(self.pool())
                .await?;
        Ok(match row {
            Some(row) => Some(row.try_get("role")?),
            None => None,
        })
    }

    /// The workspaces a user belongs to, with their role in each, oldest workspace first.
    pub async fn workspaces_of_user(
        &self,
        user_id: i64,
    ) -> StoreResult<Vec<(WorkspaceRow, String)>> {
        sqlx::query(
            "SELECT w.id, w.slug, w.name, w.created_at, w.time_zone, m.role FROM memberships m \
             JOIN workspaces w ON w.id = m.workspace_id WHERE m.user_id = $1 ORDER BY w.id",
        )
        .bind(user_id)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|row| Ok((crate::workspaces::workspace(row)?, row.try_get("role")?)))
        .collect()
    }

    /// The workspace with this slug.
    pub async fn find_workspace_by_slug(&self, slug: &str) -> StoreResult<Option<WorkspaceRow>> {
        let row = sqlx::query(
            "SELECT id, slug, name, created_at, time_zone FROM workspaces WHERE slug = $1",
        )
        .bind(slug)
        .fetch_optional(self.pool())
        .await?;
        row.as_ref().map(crate::workspaces::workspace).transpose()
    }

    /// Members of a workspace, owners first, then by name.
    pub async fn list_members(&self, workspace_id: i64) -> StoreResult<Vec<MemberRow>> {
        sqlx::query(
            "SELECT u.id, u.email, u.name, m.role, m.created_at FROM memberships m \
             JOIN users u ON u.id = m.user_id WHERE m.workspace_id = $1 \
             ORDER BY CASE m.role WHEN 'owner' THEN 0 WHEN 'admin' THEN 1 WHEN 'editor' THEN 2 \
             WHEN 'analyst' THEN 3 ELSE 4 END, u.name, u.id",
        )
        .bind(workspace_id)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(|row| {
            Ok(MemberRow {
                user_id: row.try_get("id")?,
                email: row.try_get("email")?,
                name: row.try_get("name")?,
                role: row.try_get("role")?,
                joined_at: row.try_get("created_at")?,
            })
        })
        .collect()
    }

    /// Changes a member's role (`Some`) or removes them (`None`), refusing with `Conflict` when
    /// that would leave the workspace without an owner. The workspace row is locked first, so
    /// two owners demoting each other at once cannot both succeed.
    /// `changeable` lists the roles the actor may change: the target's role is checked against it
    /// under the same lock, so a promotion made meanwhile cannot be undone by someone who may not
    /// touch the new role (refused with `Forbidden`).
    pub async fn change_membership(
        &self,
        workspace_id: i64,
        user_id: i64,
        role: Option<&str>,
        changeable: &[&str],
    ) -> StoreResult<()> {
        let mut tx = self.pool().begin().await?;
        sqlx::query("UPDATE workspaces SET name = name WHERE id = $1")
            .bind(workspace_id)
            .execute(&mut *tx)
            .await?;
        let current: Option<String> =
            sqlx::query("SELECT role FROM memberships WHERE workspace_id = $1 AND user_id = $2")
                .bind(workspace_id)
                .bind(user_id)
                .fetch_optional(&mut *tx)
                .await?
                .map(|row| row.try_get("role"))
                .transpose()?;
        let Some(current) = current else {
            return Err(StoreError::NotFound);
        };
        if !changeable.contains(&current.as_str()) {
            return Err(StoreError::Forbidden);
        }
        if current == "owner" && role != Some("owner") {
            let owners: i64 = sqlx::query(
                "SELECT COUNT(*) AS n FROM memberships WHERE workspace_id = $1 AND role = 'owner'",
            )
            .bind(workspace_id)
            .fetch_one(&mut *tx)
            .await?
            .try_get("n")?;
            if owners <= 1 {
                return Err(StoreError::Conflict(
                    "a workspace must keep at least one owner".into(),
                ));
            }
        }
        match role {
            Some(role) => {
                sqlx::query(
                    "UPDATE memberships SET role = $1 WHERE workspace_id = $2 AND user_id = $3",
                )
                .bind(role)
                .bind(workspace_id)
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            }
            None => {
                sqlx::query("DELETE FROM memberships WHERE workspace_id = $1 AND user_id = $2")
                    .bind(workspace_id)
                    .bind(user_id)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        // Invitations someone sent while they could invite do not outlive that right.
        if !matches!(role, Some("owner" | "admin")) {
            sqlx::query(
                "DELETE FROM invitations WHERE workspace_id = $1 AND invited_by = $2 AND accepted_at IS NULL",
            )
            .bind(workspace_id)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Stores a new session.
    pub async fn insert_session(
        &self,
        token_hash: &str,
        user_id: i64,
        csrf_token: &str,
        now_ms: i64,
        expires_at: i64,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, last_seen_at, expires_at) \
             VALUES ($1, $2, $3, $4, $4, $5)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(csrf_token)
        .bind(now_ms)
        .bind(expires_at)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// The unexpired session with this token hash, with its user.
    pub async fn find_session(
        &self,
        token_hash: &str,
        now_ms: i64,
    ) -> StoreResult<Option<SessionRow>> {
        let sql = format!(
            "SELECT {USER_COLUMNS}, s.csrf_token, s.created_at AS s_created, s.last_seen_at, s.expires_at \
             FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND s.expires_at > $2"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(token_hash)
            .bind(now_ms)
            .fetch_optional(self.pool())
            .await?;
        row.map(|row| {
            Ok(SessionRow {
                user: user(&row)?,
                csrf_token: row.try_get("csrf_token")?,
                created_at: row.try_get("s_created")?,
                last_seen_at: row.try_get("last_seen_at")?,
                expires_at: row.try_get("expires_at")?,
            })
        })
        .transpose()
    }

    /// Records activity on a session and moves its expiry.
    pub async fn touch_session(
        &self,
        token_hash: &str,
        now_ms: i64,
        expires_at: i64,
    ) -> StoreResult<()> {
        sqlx::query("UPDATE sessions SET last_seen_at = $1, expires_at = $2 WHERE token_hash = $3")
            .bind(now_ms)
            .bind(expires_at)
            .bind(token_hash)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Ends a session.
    pub async fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Deletes sessions past their expiry; returns how many.
    pub async fn delete_expired_sessions(&self, now_ms: i64) -> StoreResult<u64> {
        let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now_ms)
            .execute(self.pool())
            .await?;
        Ok(done.rows_affected())
    }

    /// Stores an invitation.
    #[allow(clippy::too_many_arguments)]
    pub async fn insert_invitation(
        &self,
        token_hash: &str,
        workspace_id: i64,
        email: &str,
        role: &str,
        invited_by: i64,
        now_ms: i64,
        expires_at: i64,
    ) -> StoreResult<InvitationRow> {
        let id = self.next_id(now_ms);
        sqlx::query(
            "INSERT INTO invitations (id, token_hash, workspace_id, email, role, invited_by, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id)
        .bind(token_hash)
        .bind(workspace_id)
        .bind(email)
        .bind(role)
        .bind(invited_by)
        .bind(now_ms)
        .bind(expires_at)
        .execute(self.pool())
        .await?;
        Ok(InvitationRow {
            id,
            workspace_id,
            email: email.to_owned(),
            role: role.to_owned(),
            invited_by,
            created_at: now_ms,
            expires_at,
            accepted_at: None,
        })
    }

    /// The invitation with this token hash (accepted or not, expired or not).
    pub async fn find_invitation(&self, token_hash: &str) -> StoreResult<Option<InvitationRow>> {
        sqlx::query(
            "SELECT id, workspace_id, email, role, invited_by, created_at, expires_at, accepted_at \
             FROM invitations WHERE token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(self.pool())
        .await?
        .as_ref()
        .map(invitation)
        .transpose()
    }

    /// Invitations of a workspace not yet accepted nor expired, newest first.
    pub async fn pending_invitations(
        &self,
        workspace_id: i64,
        now_ms: i64,
    ) -> StoreResult<Vec<InvitationRow>> {
        sqlx::query(
            "SELECT id, workspace_id, email, role, invited_by, created_at, expires_at, accepted_at \
             FROM invitations WHERE workspace_id = $1 AND accepted_at IS NULL AND expires_at > $2 \
             ORDER BY created_at DESC",
        )
        .bind(workspace_id)
        .bind(now_ms)
        .fetch_all(self.pool())
        .await?
        .iter()
        .map(invitation)
        .collect()
    }

    /// Withdraws a pending invitation of a workspace.
    pub async fn delete_invitation(&self, workspace_id: i64, id: i64) -> StoreResult<()> {
        let done = sqlx::query(
            "DELETE FROM invitations WHERE workspace_id = $1 AND id = $2 AND accepted_at IS NULL",
        )
        .bind(workspace_id)
        .bind(id)
        .execute(self.pool())
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// Accepts an invitation for an existing user: marks it used (once: a second acceptance
    /// finds nothing to mark) and adds the membership; an existing membership keeps its role.
    pub async fn accept_invitation(
        &self,
        token_hash: &str,
        user_id: i64,
        now_ms: i64,
    ) -> StoreResult<InvitationRow> {
        let mut tx = self.pool().begin().await?;
        let invitation = self.claim_invitation(&mut tx, token_hash, now_ms).await?;
        sqlx::query(
            "INSERT INTO memberships (workspace_id, user_id, role, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (workspace_id, user_id) DO NOTHING",
        )
        .bind(invitation.workspace_id)
        .bind(user_id)
        .bind(&invitation.role)
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(invitation)
    }

    /// Accepts an invitation by creating the invited person's account.
    pub async fn accept_invitation_as_new_user(
        &self,
        token_hash: &str,
        new: NewUser,
        now_ms: i64,
    ) -> StoreResult<UserRow> {
        let mut tx = self.pool().begin().await?;
        let invitation = self.claim_invitation(&mut tx, token_hash, now_ms).await?;
        let id = self.next_id(now_ms);
        insert_user(&mut *tx, id, &new, now_ms).await?;
        sqlx::query(
            "INSERT INTO memberships (workspace_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(invitation.workspace_id)
        .bind(id)
        .bind(&invitation.role)
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(row_of(id, new, now_ms))
    }

    async fn claim_invitation(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        token_hash: &str,
        now_ms: i64,
    ) -> StoreResult<InvitationRow> {
        let done = sqlx::query(
            "UPDATE invitations SET accepted_at = $1 WHERE token_hash = $2 AND accepted_at IS NULL AND expires_at > $1",
        )
        .bind(now_ms)
        .bind(token_hash)
        .execute(&mut **tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(StoreError::Conflict(
                "this invitation was used already or has expired".into(),
            ));
        }
        let row = sqlx::query(
            "SELECT id, workspace_id, email, role, invited_by, created_at, expires_at, accepted_at \
             FROM invitations WHERE token_hash = $1",
        )
        .bind(token_hash)
        .fetch_one(&mut **tx)
        .await?;
        invitation(&row)
    }
}
