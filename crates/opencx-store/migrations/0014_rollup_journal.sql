-- Rollup increments waiting to be added to the four rollup tables (decision record 0024).
--
-- Each committed batch of responses adds one row per survey holding what the batch adds to that
-- survey's rollups; a background task (and every reader of rollups, before it reads) folds the
-- rows into the rollup tables and deletes them in one transaction. Intake then writes one row
-- per batch instead of an upsert per rollup key, which touched a page per key of the survey's
-- history; and concurrent batches on PostgreSQL no longer wait for each other's row locks on the
-- same rollup rows.
--
-- No key: the rows are only ever read all at once (or by survey, during a recount), and on SQLite
-- a table without a declared key is a single B-tree.
CREATE TABLE rollup_pending (
    survey_id BIGINT NOT NULL,
    increments TEXT NOT NULL
);
