-- A workspace's time zone (an IANA name such as Europe/Warsaw): the day of a response, and so
-- the days, weeks and months of every figure, follow it (decision record 0022). Existing
-- workspaces keep UTC, the zone their rollups were counted in; `responses.day` and the rollups'
-- `day` are from now on the local date of the submission in the workspace's zone.

ALTER TABLE workspaces ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'UTC';
