-- Foundation schema: workspaces, API keys, surveys with versions, responses with answers and
-- dimensions, per-day rollups, partial responses of the respondent page.
-- Portable SQL for SQLite and PostgreSQL. {{serial}} is the one backend-specific spelling
-- (an auto-numbered primary key). Every integer is BIGINT so both backends decode it as i64.
-- Times are Unix milliseconds (UTC); "day" is the UTC day number (milliseconds / 86 400 000).

CREATE TABLE server_nodes (
    id {{serial}},
    started_at BIGINT NOT NULL
);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE workspaces (
    id BIGINT PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE api_keys (
    id BIGINT PRIMARY KEY,
    workspace_id BIGINT NOT NULL REFERENCES workspaces (id),
    name TEXT NOT NULL,
    prefix TEXT NOT NULL UNIQUE,
    secret_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);

CREATE TABLE surveys (
    id BIGINT PRIMARY KEY,
    workspace_id BIGINT NOT NULL REFERENCES workspaces (id),
    slug TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    status TEXT NOT NULL,
    current_version BIGINT NOT NULL,
    response_count BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    published_at BIGINT,
    closed_at BIGINT,
    closed_reason TEXT
);
CREATE INDEX surveys_workspace ON surveys (workspace_id, id);

CREATE TABLE survey_versions (
    survey_id BIGINT NOT NULL REFERENCES surveys (id),
    version BIGINT NOT NULL,
    definition TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (survey_id, version)
);

CREATE TABLE responses (
    id BIGINT PRIMARY KEY,
    workspace_id BIGINT NOT NULL,
    survey_id BIGINT NOT NULL REFERENCES surveys (id),
    survey_version BIGINT NOT NULL,
    idempotency_key TEXT NOT NULL,
    submitted_at BIGINT NOT NULL,
    day BIGINT NOT NULL,
    language TEXT NOT NULL,
    channel TEXT NOT NULL,
    dimensions TEXT NOT NULL,
    UNIQUE (survey_id, idempotency_key)
);
CREATE INDEX responses_survey_time ON responses (survey_id, submitted_at);

CREATE TABLE answers (
    response_id BIGINT NOT NULL,
    question_id TEXT NOT NULL,
    survey_id BIGINT NOT NULL,
    num_value BIGINT,
    text_value TEXT,
    PRIMARY KEY (response_id, question_id)
);

CREATE TABLE response_dimensions (
    response_id BIGINT NOT NULL,
    survey_id BIGINT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (response_id, key)
);
CREATE INDEX response_dimensions_lookup ON response_dimensions (survey_id, key, value);

-- Count of answers per survey, question, day, channel, language and bucket (a score, an option
-- id, yes/no). Bucket '*' counts the responses that answered the question at all.
CREATE TABLE answer_rollups (
    survey_id BIGINT NOT NULL,
    question_id TEXT NOT NULL,
    day BIGINT NOT NULL,
    channel TEXT NOT NULL,
    language TEXT NOT NULL,
    bucket TEXT NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (survey_id, question_id, day, channel, language, bucket)
);

-- Started and completed responses per survey, day, channel and language.
CREATE TABLE response_rollups (
    survey_id BIGINT NOT NULL,
    day BIGINT NOT NULL,
    channel TEXT NOT NULL,
    language TEXT NOT NULL,
    started BIGINT NOT NULL,
    completed BIGINT NOT NULL,
    PRIMARY KEY (survey_id, day, channel, language)
);

-- Answers a respondent has given so far on the survey page, until the response is submitted.
CREATE TABLE partial_responses (
    token TEXT PRIMARY KEY,
    survey_id BIGINT NOT NULL,
    survey_version BIGINT NOT NULL,
    language TEXT NOT NULL,
    channel TEXT NOT NULL,
    dimensions TEXT NOT NULL,
    answers TEXT NOT NULL,
    current_question TEXT,
    started_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    response_id BIGINT
);
