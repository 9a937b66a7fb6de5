//! Accounts of the web app: the first owner, sign-in, sessions, invitations and roles.
//!
//! - The first owner is created with a one-time setup code printed on the server's console, so a
//!   fresh server reachable by others cannot be claimed by whoever finds it first.
//! - Passwords are argon2 hashes, checked off the async runtime. Unknown emails cost the same
//!   work as wrong passwords, so timing does not tell which emails have accounts.
//! - Sessions are random 256-bit tokens; the database keeps their SHA-256 only. A session lives
//!   [`SESSION_IDLE_DAYS`] after its last use and never more than [`SESSION_MAX_DAYS`].
//! - Failed sign-ins are counted per email and per client address in the database, so the
//!   throttle holds across restarts and across servers (`App::take_attempt`).

use std::net::IpAddr;

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use opencx_domain::access::{Permission, Role};
use opencx_domain::lang::SUPPORTED;
use opencx_store::{
    InvitationRow, MemberRow, NewUser, SETUP_CODE_SETTING, SessionRow, StoreError, UserRow,
    WorkspaceRow,
};
use sha2::{Digest, Sha256};

use crate::signing::random_token;
use crate::{App, AppError, AppResult};

/// A session ends after this many days without use.
pub const SESSION_IDLE_DAYS: i64 = 7;
/// A session ends this many days after sign-in, used or not.
pub const SESSION_MAX_DAYS: i64 = 30;
/// An invitation can be accepted for this many days.
pub const INVITATION_DAYS: i64 = 7;
/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Longest password accepted (argon2 takes any length; this bounds the work per request).
pub const MAX_PASSWORD_CHARS: usize = 256;
/// Failed sign-ins allowed per email within [`THROTTLE_WINDOW_MS`].
const FAILURES_PER_EMAIL: u32 = 10;
/// Failed sign-ins allowed per client address within [`THROTTLE_WINDOW_MS`].
const FAILURES_PER_ADDRESS: u32 = 50;
/// The throttle's window; counts older than this are deleted (see `lib.rs`).
pub const THROTTLE_WINDOW_MS: i64 = 15 * 60 * 1000;
/// Last-use times are written at most this often per session, not on every request.
const TOUCH_EVERY_MS: i64 = 5 * 60 * 1000;
const DAY_MS: i64 = 86_400_000;

/// SHA-256 hex of a token: what the database stores instead of the token.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Lower-cases and trims an email and checks its shape (one `@`, something on both sides, no
/// spaces, at most 254 characters).
pub fn normalize_email(email: &str) -> AppResult<String> {
    let email = email.trim().to_lowercase();
    let valid = email.len() <= 254
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && matches!(email.split_once('@'), Some((local, domain))
            if !local.is_empty() && !domain.is_empty() && !domain.contains('@')
                && !domain.starts_with('.') && !domain.ends_with('.'));
    if valid {
        Ok(email)
    } else {
        Err(AppError::invalid(
            "email",
            "enter an email address such as name@example.com",
        ))
    }
}

/// Checks a new password: long enough, not absurdly long, not the email, not one repeated
/// character.
pub fn check_new_password(password: &str, email: &str) -> AppResult<()> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(AppError::invalid(
            "password",
            format!("use at least {MIN_PASSWORD_CHARS} characters"),
        ));
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(AppError::invalid(
            "password",
            format!("use at most {MAX_PASSWORD_CHARS} characters"),
        ));
    }
    let mut distinct: Vec<char> = password.chars().collect();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() < 4 || password.trim().eq_ignore_ascii_case(email.trim()) {
        return Err(AppError::invalid(
            "password",
            "choose a password that is harder to guess",
        ));
    }
    Ok(())
}

fn check_name(name: &str) -> AppResult<String> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        return Err(AppError::invalid(
            "name",
            "enter a name of 1 to 100 characters",
        ));
    }
    Ok(name.to_owned())
}

fn check_language(language: &str) -> AppResult<String> {
    if SUPPORTED.contains(&language) {
        Ok(language.to_owned())
    } else {
        Err(AppError::invalid(
            "language",
            "choose English, Polish, Hebrew or Persian",
        ))
    }
}

/// Password hashing costs about 19 MiB and tens of milliseconds of CPU each; at most this many
/// run at once, so a flood of sign-ins cannot exhaust memory or starve survey intake.
fn hashing_permits() -> &'static tokio::sync::Semaphore {
    static PERMITS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    PERMITS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        tokio::sync::Semaphore::new(cores.clamp(2, 8))
    })
}

/// Waits (a little) for a hashing slot; a server this busy answers "try again" instead.
async fn hashing_slot() -> AppResult<tokio::sync::SemaphorePermit<'static>> {
    match tokio::time::timeout(
        std::time::Duration::from_secs(5),
        hashing_permits().acquire(),
    )
    .await
    {
        Ok(Ok(permit)) => Ok(permit),
        _ => Err(AppError::Unavailable(
            "too many sign-ins at once; try again in a moment".into(),
        )),
    }
}

async fn hash_password(password: String) -> AppResult<String> {
    let _slot = hashing_slot().await?;
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|hash: PasswordHash| hash.to_string())
            .map_err(|e| AppError::Internal(format!("argon2: {e}")))
    })
    .await
    .map_err(|e| AppError::Internal(format!("password hashing stopped: {e}")))?
}

async fn verify_password(password: String, hash: String) -> AppResult<bool> {
    let _slot = hashing_slot().await?;
    Ok(tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false))
}

/// A hash of a password nobody knows, verified against when the email is unknown so that the
/// answer takes as long as for a wrong password. Made once, off the async runtime.
async fn decoy_hash() -> String {
    static DECOY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    DECOY
        .get_or_init(|| async {
            tokio::task::spawn_blocking(|| {
                Argon2::default()
                    .hash_password(random_token(16).as_bytes())
                    .map(|hash: PasswordHash| hash.to_string())
                    .unwrap_or_default()
            })
            .await
            .unwrap_or_default()
        })
        .await
        .clone()
}

/// The throttle's key of an email.
fn email_key(email: &str) -> String {
    format!("e:{email}")
}

/// The throttle's key of a client address.
fn address_key(address: IpAddr) -> String {
    format!("a:{address}")
}

impl App {
    /// Takes a sign-in attempt for this email from this address, or fails with
    /// [`AppError::TooManyAttempts`] and the seconds to wait. The counts are in the database
    /// (see `Store::count_attempts`): they survive a restart and every server shares them.
    async fn take_attempt(
        &self,
        email: &str,
        address: Option<IpAddr>,
        now_ms: i64,
    ) -> AppResult<()> {
        let email = email_key(email);
        let address = address.map(address_key);
        let mut keys = vec![(email.as_str(), FAILURES_PER_EMAIL)];
        if let Some(address) = &address {
            keys.push((address.as_str(), FAILURES_PER_ADDRESS));
        }
        match self
            .store
            .count_attempts(&keys, now_ms, THROTTLE_WINDOW_MS)
            .await?
        {
            Ok(()) => Ok(()),
            Err(wait_ms) => Err(AppError::TooManyAttempts((wait_ms / 1000).max(1) as u64)),
        }
    }

    /// A successful sign-in: the email starts afresh and the address gets its attempt back.
    async fn attempt_succeeded(&self, email: &str, address: Option<IpAddr>) -> AppResult<()> {
        self.store.forget_attempts(&email_key(email)).await?;
        if let Some(address) = address {
            self.store.give_back_attempt(&address_key(address)).await?;
        }
        Ok(())
    }
}

/// A signed-in session: the token goes into the cookie, never into the database.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub token: String,
    pub user: UserRow,
    pub csrf_token: String,
}

/// Who is asking, as far as one workspace is concerned.
#[derive(Debug, Clone)]
pub struct Member {
    pub user: UserRow,
    pub workspace: WorkspaceRow,
    pub role: Role,
}

impl Member {
    /// Refuses with `Forbidden` unless the member's role has `permission`.
    pub fn require(&self, permission: Permission) -> AppResult<()> {
        if self.role.can(permission) {
            Ok(())
        } else {
            Err(AppError::Forbidden(format!(
                "your role ({}) does not allow this",
                self.role
            )))
        }
    }
}

/// A new invitation; the link holds the token, the database its hash.
#[derive(Debug, Clone)]
pub struct NewInvitation {
    pub token: String,
    pub invitation: InvitationRow,
}

/// The parts of a new account's form.
#[derive(Debug, Clone)]
pub struct AccountForm {
    pub email: String,
    pub name: String,
    pub password: String,
    pub language: String,
}

impl App {
    /// When nobody has an account yet, makes a new one-time setup code, stores its hash and
    /// returns it for the console; `None` once the first owner exists.
    pub async fn issue_setup_code(&self) -> AppResult<Option<String>> {
        if self.store.count_users().await? > 0 {
            return Ok(None);
        }
        // Groups of four unambiguous characters, easy to type from a console.
        let alphabet: Vec<char> = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".chars().collect();
        let mut rng = rand::rng();
        let code: String = (0..12)
            .flat_map(|i| {
                let c = alphabet[rand::Rng::random_range(&mut rng, 0..alphabet.len())];
                if i > 0 && i % 4 == 0 {
                    vec!['-', c]
                } else {
                    vec![c]
                }
            })
            .collect();
        self.store
            .put_setting(SETUP_CODE_SETTING, &token_hash(&normalize_code(&code)))
            .await?;
        Ok(Some(code))
    }

    /// Whether the first owner still has to be created.
    pub async fn needs_setup(&self) -> AppResult<bool> {
        Ok(self.store.count_users().await? == 0)
    }

    async fn new_user(&self, form: &AccountForm) -> AppResult<NewUser> {
        let email = normalize_email(&form.email)?;
        let name = check_name(&form.name)?;
        let ui_language = check_language(&form.language)?;
        check_new_password(&form.password, &email)?;
        Ok(NewUser {
            email,
            name,
            password_hash: hash_password(form.password.clone()).await?,
            ui_language,
        })
    }

    /// Creates the first owner with the setup code from the console, and signs them in.
    pub async fn create_first_owner(
        &self,
        code: &str,
        form: &AccountForm,
    ) -> AppResult<NewSession> {
        let new = self.new_user(form).await?;
        let user = self
            .store
            .create_first_owner(&token_hash(&normalize_code(code)), new, self.now())
            .await
            .map_err(|e| match e {
                StoreError::Conflict(message) => AppError::invalid("code", message),
                other => other.into(),
            })?;
        self.start_session(user).await
    }

    /// Creates an account with a role in a workspace (the command line's `user create`).
    pub async fn create_user(
        &self,
        workspace_id: i64,
        role: Role,
        form: &AccountForm,
    ) -> AppResult<UserRow> {
        let new = self.new_user(form).await?;
        Ok(self
            .store
            .create_user_with_role(new, workspace_id, role.as_str(), self.now())
            .await?)
    }

    /// Checks an email and password and opens a session. Every failure reads the same.
    pub async fn sign_in(
        &self,
        email: &str,
        password: &str,
        address: Option<IpAddr>,
    ) -> AppResult<NewSession> {
        let refused = || AppError::Unauthorized("the email or the password is not right".into());
        // Anything that is not an email cannot have an account: refused at once, counted nowhere.
        let Ok(email) = normalize_email(email) else {
            return Err(refused());
        };
        if password.chars().count() > MAX_PASSWORD_CHARS {
            return Err(refused());
        }
        let now = self.now();
        self.take_attempt(&email, address, now).await?;
        let user = self.store.find_user_by_email(&email).await?;
        let hash = match &user {
            Some(u) => u.password_hash.clone(),
            None => decoy_hash().await,
        };
        let matches = verify_password(password.to_owned(), hash).await?;
        match user {
            Some(user) if matches => {
                self.attempt_succeeded(&email, address).await?;
                self.start_session(user).await
            }
            _ => Err(refused()),
        }
    }

    async fn start_session(&self, user: UserRow) -> AppResult<NewSession> {
        let token = random_token(32);
        let csrf_token = random_token(24);
        let now = self.now();
        self.store
            .insert_session(
                &token_hash(&token),
                user.id,
                &csrf_token,
                now,
                now + SESSION_IDLE_DAYS * DAY_MS,
            )
            .await?;
        Ok(NewSession {
            token,
            user,
            csrf_token,
        })
    }

    /// The live session behind a cookie's token, extending its life when due.
    pub async fn session(&self, token: &str) -> AppResult<Option<SessionRow>> {
        let hash = token_hash(token);
        let now = self.now();
        let Some(session) = self.store.find_session(&hash, now).await? else {
            return Ok(None);
        };
        if now - session.created_at > SESSION_MAX_DAYS * DAY_MS {
            self.store.delete_session(&hash).await?;
            return Ok(None);
        }
        if now - session.last_seen_at > TOUCH_EVERY_MS {
            let expires = (now + SESSION_IDLE_DAYS * DAY_MS)
                .min(session.created_at + SESSION_MAX_DAYS * DAY_MS);
            self.store.touch_session(&hash, now, expires).await?;
        }
        Ok(Some(session))
    }

    /// Ends the session behind a cookie's token.
    pub async fn sign_out(&self, token: &str) -> AppResult<()> {
        Ok(self.store.delete_session(&token_hash(token)).await?)
    }

    /// A signed-in user's standing in the workspace with this slug. Strangers (no such
    /// workspace, or not a member) get `NotFound`, so they learn nothing about it.
    pub async fn member(&self, user: &UserRow, workspace_slug: &str) -> AppResult<Member> {
        let workspace = self
            .store
            .find_workspace_by_slug(workspace_slug)
            .await?
            .ok_or(AppError::NotFound("workspace"))?;
        let role = self
            .store
            .membership_role(workspace.id, user.id)
            .await?
            .and_then(|r| Role::parse(&r))
            .ok_or(AppError::NotFound("workspace"))?;
        Ok(Member {
            user: user.clone(),
            workspace,
            role,
        })
    }

    /// The workspaces of a user with their roles.
    pub async fn workspaces_of(&self, user_id: i64) -> AppResult<Vec<(WorkspaceRow, Role)>> {
        Ok(self
            .store
            .workspaces_of_user(user_id)
            .await?
            .into_iter()
            .filter_map(|(w, r)| Role::parse(&r).map(|r| (w, r)))
            .collect())
    }

    /// Changes the web app's language of a user.
    pub async fn set_language(&self, user_id: i64, language: &str) -> AppResult<()> {
        let language = check_language(language)?;
        Ok(self.store.set_user_language(user_id, &language).await?)
    }

    /// Changes a user's password after checking the current one; other sessions end.
    pub async fn change_password(
        &self,
        user: &UserRow,
        current: &str,
        new: &str,
        session_token: &str,
    ) -> AppResult<()> {
        let now = self.now();
        // Guessing the current password from a stolen session is throttled like signing in.
        self.take_attempt(&user.email, None, now).await?;
        if !verify_password(current.to_owned(), user.password_hash.clone()).await? {
            return Err(AppError::invalid(
                "current_password",
                "the current password is not right",
            ));
        }
        self.attempt_succeeded(&user.email, None).await?;
        check_new_password(new, &user.email)?;
        let hash = hash_password(new.to_owned()).await?;
        Ok(self
            .store
            .set_user_password(user.id, &hash, Some(&token_hash(session_token)), now)
            .await?)
    }

    /// Sets a user's password without the current one (the operator's command line); every
    /// session of the user ends.
    pub async fn reset_password(&self, email: &str, new: &str) -> AppResult<()> {
        let email = normalize_email(email)?;
        let user = self
            .store
            .find_user_by_email(&email)
            .await?
            .ok_or(AppError::NotFound("user"))?;
        check_new_password(new, &user.email)?;
        let hash = hash_password(new.to_owned()).await?;
        Ok(self
            .store
            .set_user_password(user.id, &hash, None, self.now())
            .await?)
    }

    /// Members of the actor's workspace.
    pub async fn members(&self, actor: &Member) -> AppResult<Vec<MemberRow>> {
        actor.require(Permission::ViewDashboards)?;
        Ok(self.store.list_members(actor.workspace.id).await?)
    }

    /// Invites someone by email with a role; returns the token for the invitation link.
    pub async fn invite(
        &self,
        actor: &Member,
        email: &str,
        role: Role,
    ) -> AppResult<NewInvitation> {
        actor.require(Permission::ManageMembers)?;
        if !actor.role.may_assign(role) {
            return Err(AppError::Forbidden("only owners can invite owners".into()));
        }
        let email = normalize_email(email)?;
        let token = random_token(32);
        let now = self.now();
        let invitation = self
            .store
            .insert_invitation(
                &token_hash(&token),
                actor.workspace.id,
                &email,
                role.as_str(),
                actor.user.id,
                now,
                now + INVITATION_DAYS * DAY_MS,
            )
            .await?;
        Ok(NewInvitation { token, invitation })
    }

    /// Pending invitations of the actor's workspace.
    pub async fn pending_invitations(&self, actor: &Member) -> AppResult<Vec<InvitationRow>> {
        actor.require(Permission::ManageMembers)?;
        Ok(self
            .store
            .pending_invitations(actor.workspace.id, self.now())
            .await?)
    }

    /// Withdraws a pending invitation.
    pub async fn withdraw_invitation(&self, actor: &Member, id: i64) -> AppResult<()> {
        actor.require(Permission::ManageMembers)?;
        Ok(self.store.delete_invitation(actor.workspace.id, id).await?)
    }

    /// The invitation behind a link, if it can still be accepted, with its workspace.
    pub async fn open_invitation(&self, token: &str) -> AppResult<(InvitationRow, WorkspaceRow)> {
        let invitation = self
            .store
            .find_invitation(&token_hash(token))
            .await?
            .filter(|i| i.accepted_at.is_none() && i.expires_at > self.now())
            .ok_or(AppError::NotFound("invitation"))?;
        let workspace = self.store.get_workspace(invitation.workspace_id).await?;
        Ok((invitation, workspace))
    }

    /// Accepts an invitation for a signed-in user.
    pub async fn accept_invitation(&self, token: &str, user: &UserRow) -> AppResult<InvitationRow> {
        // An invitation is for the address it was sent to, not for whoever holds the link.
        let (invitation, _) = self.open_invitation(token).await?;
        if invitation.email != user.email {
            return Err(AppError::Forbidden(format!(
                "this invitation is for {}; you are signed in as {}",
                invitation.email, user.email
            )));
        }
        self.store
            .accept_invitation(&token_hash(token), user.id, self.now())
            .await
            .map_err(|e| match e {
                StoreError::Conflict(_) => AppError::NotFound("invitation"),
                other => other.into(),
            })
    }

    /// Accepts an invitation by creating an account for the invited email, and signs in.
    pub async fn accept_invitation_with_account(
        &self,
        token: &str,
        form: &AccountForm,
    ) -> AppResult<NewSession> {
        let (invitation, _) = self.open_invitation(token).await?;
        let mut form = form.clone();
        // The account is for the invited address; the form cannot change it.
        form.email = invitation.email.clone();
        let new = self.new_user(&form).await?;
        let user = self
            .store
            .accept_invitation_as_new_user(&token_hash(token), new, self.now())
            .await
            .map_err(|e| match e {
                StoreError::Conflict(message) if message.contains("email") => AppError::invalid(
                    "email",
                    "an account with this email exists: sign in first, then open the link again",
                ),
                StoreError::Conflict(_) => AppError::NotFound("invitation"),
                other => other.into(),
            })?;
        self.start_session(user).await
    }

    /// Changes a member's role, within what the actor may assign; the last owner stays.
    pub async fn change_role(&self, actor: &Member, user_id: i64, role: Role) -> AppResult<()> {
        actor.require(Permission::ManageMembers)?;
        let current = self.target_role(actor, user_id).await?;
        if !actor.role.may_assign(current) || !actor.role.may_assign(role) {
            return Err(AppError::Forbidden("only owners can change owners".into()));
        }
        self.store
            .change_membership(
                actor.workspace.id,
                user_id,
                Some(role.as_str()),
                &changeable(actor.role),
            )
            .await
            .map_err(last_owner)
    }

    /// Removes a member from the actor's workspace; the last owner stays.
    pub async fn remove_member(&self, actor: &Member, user_id: i64) -> AppResult<()> {
        actor.require(Permission::ManageMembers)?;
        let current = self.target_role(actor, user_id).await?;
        if !actor.role.may_assign(current) {
            return Err(AppError::Forbidden("only owners can remove owners".into()));
        }
        self.store
            .change_membership(actor.workspace.id, user_id, None, &changeable(actor.role))
            .await
            .map_err(last_owner)
    }

    async fn target_role(&self, actor: &Member, user_id: i64) -> AppResult<Role> {
        self.store
            .membership_role(actor.workspace.id, user_id)
            .await?
            .and_then(|r| Role::parse(&r))
            .ok_or(AppError::NotFound("member"))
    }
}

/// The roles a member with `role` may change or remove.
fn changeable(role: Role) -> Vec<&'static str> {
    Role::ALL
        .into_iter()
        .filter(|r| role.may_assign(*r))
        .map(Role::as_str)
        .collect()
}

fn last_owner(error: StoreError) -> AppError {
    match error {
        StoreError::Conflict(message) => AppError::invalid("role", message),
        other => other.into(),
    }
}

/// Setup codes are typed by hand: case, spaces and dashes do not matter.
fn normalize_code(code: &str) -> String {
    code.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            normalize_email("  Ada@Example.COM ").unwrap(),
            "ada@example.com"
        );
        for bad in [
            "",
            "ada",
            "@example.com",
            "ada@",
            "a b@c.d",
            "ada@.com",
            "a@b@c",
        ] {
            assert!(normalize_email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn passwords_are_checked() {
        assert!(check_new_password("correct horse battery", "a@b.c").is_ok());
        assert!(check_new_password("short", "a@b.c").is_err());
        assert!(check_new_password("aaaaaaaaaaaa", "a@b.c").is_err());
        assert!(check_new_password("ada@example.com", "ada@example.com").is_err());
        assert!(check_new_password(&"ab1!".repeat(100), "a@b.c").is_err());
    }

    #[test]
    fn setup_codes_forgive_case_and_dashes() {
        assert_eq!(normalize_code(" abcd-EFGH-2345 "), "ABCDEFGH2345");
    }
}
