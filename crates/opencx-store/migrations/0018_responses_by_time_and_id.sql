-- only: postgres
--
-- The responses table and GET /api/v1/surveys/{id}/responses list a survey's responses newest
-- submission first, then by id, and page on (submitted_at, id). This index replaces the one on
-- (survey_id, submitted_at) (which every query of it can use as well): a page then reads its
-- rows in index order from where the page before ended, with no sort. SQLite needs no change:
-- its index on (survey_id, submitted_at) already ends with the row id, which is `id`.
CREATE INDEX responses_survey_time_id ON responses (survey_id, submitted_at, id);
DROP INDEX responses_survey_time;
