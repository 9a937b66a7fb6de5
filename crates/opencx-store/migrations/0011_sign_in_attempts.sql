-- Failed sign-ins counted per key (an email or a client address) in fixed windows. Kept in the
-- database rather than in each server's memory, so the count survives a restart and is shared
-- by every server over one PostgreSQL. Rows whose window has passed are deleted hourly.
CREATE TABLE sign_in_attempts (
    -- `e:` and a lower-cased email, or `a:` and a client address.
    key TEXT PRIMARY KEY,
    -- When the current window started (Unix milliseconds).
    window_start BIGINT NOT NULL,
    -- Attempts counted in that window.
    attempts BIGINT NOT NULL
);
CREATE INDEX sign_in_attempts_window ON sign_in_attempts (window_start);
