-- People who sign in to the web app, their roles per workspace, their sessions and invitations.
-- Secrets (passwords, session and invitation tokens) are never stored: passwords as argon2
-- hashes, tokens as SHA-256 hex digests of random 256-bit values.

CREATE TABLE users (
    id BIGINT PRIMARY KEY,
    -- Lower-cased and trimmed; unique across the server.
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    -- Language of the web app for this person (en, pl, he, fa).
    ui_language TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    password_changed_at BIGINT NOT NULL
);

CREATE TABLE memberships (
    workspace_id BIGINT NOT NULL REFERENCES workspaces (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    role TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id, workspace_id);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    -- Sent back in every form and in the X-CSRF-Token header of scripted requests.
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE invitations (
    id BIGINT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    workspace_id BIGINT NOT NULL REFERENCES workspaces (id),
    email TEXT NOT NULL,
    role TEXT NOT NULL,
    invited_by BIGINT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    accepted_at BIGINT
);
CREATE INDEX invitations_workspace ON invitations (workspace_id, created_at);
