-- only: sqlite
--
-- Fewer B-trees per stored response on SQLite (PostgreSQL has no such distinction and skips this
-- migration). Measured on the intake path, where every response wrote ten B-trees:
--
-- * `responses.id BIGINT PRIMARY KEY` is not SQLite's row id, so the table kept a hidden row id
--   plus a separate index on `id`. `INTEGER PRIMARY KEY` makes `id` the row id itself.
-- * Answers, dimensions and rollups are looked up by their composite key only: WITHOUT ROWID
--   stores each as one B-tree ordered by that key instead of a table plus a key index.

CREATE TABLE responses_new (
    id INTEGER PRIMARY KEY,
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
INSERT INTO responses_new SELECT id, workspace_id, survey_id, survey_version, idempotency_key,
    submitted_at, day, language, channel, dimensions FROM responses;
DROP TABLE responses;
ALTER TABLE responses_new RENAME TO responses;
CREATE INDEX responses_survey_time ON responses (survey_id, submitted_at);
CREATE INDEX responses_survey_id ON responses (survey_id, id);

CREATE TABLE answers_new (
    response_id BIGINT NOT NULL,
    question_id TEXT NOT NULL,
    survey_id BIGINT NOT NULL,
    num_value BIGINT,
    text_value TEXT,
    PRIMARY KEY (response_id, question_id)
) WITHOUT ROWID;
INSERT INTO answers_new SELECT response_id, question_id, survey_id, num_value, text_value FROM answers;
DROP TABLE answers;
ALTER TABLE answers_new RENAME TO answers;

CREATE TABLE response_dimensions_new (
    response_id BIGINT NOT NULL,
    survey_id BIGINT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (response_id, key)
) WITHOUT ROWID;
INSERT INTO response_dimensions_new SELECT response_id, survey_id, key, value FROM response_dimensions;
DROP TABLE response_dimensions;
ALTER TABLE response_dimensions_new RENAME TO response_dimensions;
CREATE INDEX response_dimensions_lookup ON response_dimensions (survey_id, key, value);

CREATE TABLE response_rollups_new (
    survey_id BIGINT NOT NULL,
    day BIGINT NOT NULL,
    channel TEXT NOT NULL,
    language TEXT NOT NULL,
    started BIGINT NOT NULL,
    completed BIGINT NOT NULL,
    PRIMARY KEY (survey_id, day, channel, language)
) WITHOUT ROWID;
INSERT INTO response_rollups_new SELECT survey_id, day, channel, language, started, completed FROM response_rollups;
DROP TABLE response_rollups;
ALTER TABLE response_rollups_new RENAME TO response_rollups;

CREATE TABLE answer_day_rollups_new (
    survey_id BIGINT NOT NULL,
    question_id TEXT NOT NULL,
    day BIGINT NOT NULL,
    bucket TEXT NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (survey_id, question_id, day, bucket)
) WITHOUT ROWID;
INSERT INTO answer_day_rollups_new SELECT survey_id, question_id, day, bucket, count FROM answer_day_rollups;
DROP TABLE answer_day_rollups;
ALTER TABLE answer_day_rollups_new RENAME TO answer_day_rollups;

CREATE TABLE answer_segment_rollups_new (
    survey_id BIGINT NOT NULL,
    channel TEXT NOT NULL,
    language TEXT NOT NULL,
    question_id TEXT NOT NULL,
    day BIGINT NOT NULL,
    bucket TEXT NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (survey_id, channel, language, question_id, day, bucket)
) WITHOUT ROWID;
INSERT INTO answer_segment_rollups_new SELECT survey_id, channel, language, question_id, day, bucket, count FROM answer_segment_rollups;
DROP TABLE answer_segment_rollups;
ALTER TABLE answer_segment_rollups_new RENAME TO answer_segment_rollups;
