-- What the themes dashboard, corrections, per-workspace models and the editable taxonomy need.
--
-- Each analysed answer now carries the score answered beside it (the survey's first NPS, else
-- CSAT, else CES question) as a kind and a band: -1 (detractor / dissatisfied / difficult),
-- 0 or 1. Copied at analysis time, so a theme's impact on the score is one pass over its rows,
-- and the pairs are the training data of the workspace's model.
ALTER TABLE text_analyses ADD COLUMN score_kind TEXT;
ALTER TABLE text_analyses ADD COLUMN score_value BIGINT;
ALTER TABLE text_analyses ADD COLUMN score_band BIGINT;
-- Covering indexes for the themes report's counts of a period (by sentiment and score band):
-- read in index order without a lookup per answer.
DROP INDEX text_analyses_survey;
CREATE INDEX text_analyses_survey ON text_analyses (survey_id, submitted_at, sentiment, score_kind, score_band);
CREATE INDEX text_analyses_workspace ON text_analyses (workspace_id, submitted_at, sentiment, score_kind, score_band);

-- The themes of each answer, ordered by survey and time so that a period of a survey is one
-- range of the key; with the workspace for the workspace-wide view. Rebuilt by the re-analysis
-- that this migration triggers (the backfill setting is cleared below).
DROP TABLE text_answer_themes;
CREATE TABLE text_answer_themes (
    survey_id BIGINT NOT NULL,
    submitted_at BIGINT NOT NULL,
    response_id BIGINT NOT NULL,
    question_id TEXT NOT NULL,
    theme_id TEXT NOT NULL,
    workspace_id BIGINT NOT NULL,
    -- The sentiment of the sentences that mention the theme.
    sentiment TEXT NOT NULL,
    score_kind TEXT,
    score_band BIGINT,
    PRIMARY KEY (survey_id, submitted_at, response_id, question_id, theme_id)
) {{without_rowid}};
CREATE INDEX text_answer_themes_response ON text_answer_themes (response_id, question_id);
CREATE INDEX text_answer_themes_workspace ON text_answer_themes (workspace_id, submitted_at, theme_id, sentiment, score_kind, score_band);

-- Corrections made by people: the sentiment of an answer (target '', value a label), or a theme
-- said to be present or absent (target the theme id, value 'present' or 'absent'). A
-- re-analysis applies them again; they are training data for the workspace's model.
CREATE TABLE text_corrections (
    response_id BIGINT NOT NULL,
    question_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    target TEXT NOT NULL,
    workspace_id BIGINT NOT NULL,
    value TEXT NOT NULL,
    corrected_by BIGINT NOT NULL,
    corrected_at BIGINT NOT NULL,
    PRIMARY KEY (response_id, question_id, kind, target)
) {{without_rowid}};
CREATE INDEX text_corrections_workspace ON text_corrections (workspace_id, kind);

-- Each workspace's trained sentiment model per language (the bytes of opencx_text::Model), with
-- its examples per class for the page that shows it.
CREATE TABLE text_models (
    workspace_id BIGINT NOT NULL,
    language TEXT NOT NULL,
    model {{bytes}} NOT NULL,
    negative BIGINT NOT NULL,
    neutral BIGINT NOT NULL,
    positive BIGINT NOT NULL,
    corrections BIGINT NOT NULL,
    trained_at BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, language)
);

-- A workspace's own taxonomy (JSON of opencx_text::themes::Taxonomy); without a row the CX
-- starter set applies. The version grows with every change, so analysers rebuild.
CREATE TABLE text_taxonomies (
    workspace_id BIGINT PRIMARY KEY,
    taxonomy TEXT NOT NULL,
    version BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- The latest re-analysis of a workspace's answers: how many were queued, when. Its progress is
-- what is left in the queue.
CREATE TABLE text_reanalyses (
    workspace_id BIGINT PRIMARY KEY,
    total BIGINT NOT NULL,
    reason TEXT NOT NULL,
    started_at BIGINT NOT NULL
);

DELETE FROM settings WHERE key = 'text_backfill_done';
