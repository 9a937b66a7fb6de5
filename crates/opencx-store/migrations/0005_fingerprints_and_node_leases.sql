-- The payload fingerprint of each response (SHA-256 of its canonical encoding, see
-- `NewResponse::fingerprint`), so that an idempotency key reused for a different response is
-- refused instead of answered with the original. Rows stored before have none and are treated
-- as matching any retry.
ALTER TABLE responses ADD COLUMN payload_fingerprint TEXT;

-- Node slots for application-made ids (see ids.rs): a server leases one of the 1,024 slots,
-- renews the lease while it runs and deletes it when it stops; a slot whose lease has expired
-- (a crashed server) is taken by the next server that needs one. Taking a slot is one
-- conditional upsert, so two servers starting together never hold the same slot.
-- Replaces server_nodes, whose row numbers repeated every 1,024 registrations.
CREATE TABLE node_leases (
    node BIGINT PRIMARY KEY,
    holder TEXT NOT NULL,
    acquired_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
DROP TABLE server_nodes;
