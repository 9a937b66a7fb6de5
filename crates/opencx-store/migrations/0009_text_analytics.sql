-- Text analytics of open answers: a durable queue of answers waiting for analysis, the analysis
-- of each answer (language, sentiment, the details a page needs to highlight what triggered it)
-- and the themes each answer mentions.
--
-- The queue is written in the same transaction as the response, so no acknowledged open answer
-- can be missed by the analyser, whatever order concurrent batches commit in; the analyser
-- deletes a queue row in the transaction that stores its analysis.

CREATE TABLE text_queue (
    response_id BIGINT NOT NULL,
    question_id TEXT NOT NULL,
    PRIMARY KEY (response_id, question_id)
) {{without_rowid}};

CREATE TABLE text_analyses (
    response_id BIGINT NOT NULL,
    question_id TEXT NOT NULL,
    workspace_id BIGINT NOT NULL,
    survey_id BIGINT NOT NULL,
    submitted_at BIGINT NOT NULL,
    -- The answer's language, and 1 when detected, 0 when the survey's language was taken
    -- because the text was too short to tell.
    language TEXT NOT NULL,
    language_detected BIGINT NOT NULL,
    -- The score in thousandths (-1000 … 1000: integers compare and sum the same on both
    -- backends), its label, and who decided it: lexicon, model or both.
    sentiment_score BIGINT NOT NULL,
    sentiment TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    -- JSON: sentences with their sentiment, the words that triggered it, the themes' spans.
    details TEXT NOT NULL,
    analysed_at BIGINT NOT NULL,
    PRIMARY KEY (response_id, question_id)
) {{without_rowid}};

CREATE INDEX text_analyses_survey ON text_analyses (survey_id, submitted_at);

CREATE TABLE text_answer_themes (
    survey_id BIGINT NOT NULL,
    theme_id TEXT NOT NULL,
    response_id BIGINT NOT NULL,
    question_id TEXT NOT NULL,
    submitted_at BIGINT NOT NULL,
    -- The sentiment of the sentences that mention the theme.
    sentiment TEXT NOT NULL,
    PRIMARY KEY (survey_id, theme_id, response_id, question_id)
) {{without_rowid}};

CREATE INDEX text_answer_themes_response ON text_answer_themes (response_id, question_id);
