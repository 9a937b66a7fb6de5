-- The response quota of a survey's current version, kept on the survey row so that the batch
-- insert checks every response against the survey's quota (not the quota of the version a
-- respondent happened to start on). Set whenever a definition is stored.
ALTER TABLE surveys ADD COLUMN response_quota BIGINT;
