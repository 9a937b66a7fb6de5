-- Counts of numeric answers (scores; yes/no as 1/0) per survey, link parameter (key and value),
-- question, day and bucket, so that a dashboard breaks NPS, CSAT and CES down by any link
-- parameter (store, product, region…) from rollups, as it does by channel and language.
-- Bucket '*' counts the responses that answered the question at all; the others are the number.
-- Keyed so that one question's breakdown by one parameter reads a key range in (value, bucket)
-- order and sums the days without sorting.

CREATE TABLE answer_dimension_rollups (
    survey_id BIGINT NOT NULL,
    dim_key TEXT NOT NULL,
    question_id TEXT NOT NULL,
    dim_value TEXT NOT NULL,
    bucket TEXT NOT NULL,
    day BIGINT NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (survey_id, dim_key, question_id, dim_value, bucket, day)
) {{without_rowid}};

INSERT INTO answer_dimension_rollups (survey_id, dim_key, dim_value, question_id, day, bucket, count)
SELECT d.survey_id, d.key, d.value, a.question_id, r.day, CAST(a.num_value AS TEXT), COUNT(*)
FROM response_dimensions d
JOIN responses r ON r.id = d.response_id
JOIN answers a ON a.response_id = d.response_id
WHERE a.num_value IS NOT NULL
GROUP BY d.survey_id, d.key, d.value, a.question_id, r.day, a.num_value;

INSERT INTO answer_dimension_rollups (survey_id, dim_key, dim_value, question_id, day, bucket, count)
SELECT d.survey_id, d.key, d.value, a.question_id, r.day, '*', COUNT(*)
FROM response_dimensions d
JOIN responses r ON r.id = d.response_id
JOIN answers a ON a.response_id = d.response_id
WHERE a.num_value IS NOT NULL
GROUP BY d.survey_id, d.key, d.value, a.question_id, r.day;
