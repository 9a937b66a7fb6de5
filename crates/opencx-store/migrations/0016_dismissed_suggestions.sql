-- Suggested themes a person dismissed ("not a theme"): the phrase, or a group's terms joined by
-- spaces, in its language. Discovery leaves them out until someone takes the dismissal back.
CREATE TABLE text_dismissed (
    workspace_id BIGINT NOT NULL REFERENCES workspaces (id),
    language TEXT NOT NULL,
    phrase TEXT NOT NULL,
    dismissed_at BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, language, phrase)
);
