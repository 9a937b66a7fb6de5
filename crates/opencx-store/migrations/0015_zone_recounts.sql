-- A recount of a workspace's rollups after its time zone changed, still under way (decision
-- record 0026). The zone is changed at once; the responses whose stored day is not their day in
-- the new zone are then moved, a few thousand per transaction, survey by survey in id order.
-- The row is where the walk has got to, so that a restarted server goes on from there; it is
-- deleted when the walk is over. A second change of zone starts the walk again.
CREATE TABLE zone_recounts (
    workspace_id BIGINT PRIMARY KEY REFERENCES workspaces (id),
    -- The survey being walked (the next one with an id at least this), and the last response
    -- of it looked at.
    survey_id BIGINT NOT NULL,
    after_id BIGINT NOT NULL,
    -- Responses looked at, of about `total` (the workspace's responses when the zone changed),
    -- and those moved to another day.
    done BIGINT NOT NULL,
    total BIGINT NOT NULL,
    moved BIGINT NOT NULL,
    started_at BIGINT NOT NULL
);
