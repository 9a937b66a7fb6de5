-- A theme's answers across a workspace, newest first (the theme answers page and
-- GET /api/v1/themes/{theme}/answers): one range of this key per theme, walked backwards from
-- the page's position (response and question end the key, so a deep page starts where the one
-- before ended instead of reading every newer mention again); the sentiment, which the page
-- filters by, is read from the index too.
CREATE INDEX text_answer_themes_theme ON text_answer_themes (workspace_id, theme_id, submitted_at, response_id, question_id, sentiment);
