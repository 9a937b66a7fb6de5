-- The payload fingerprint of each response (SHA-256 of its canonical encoding, see
-- `NewResponse::fingerprint`), so that an idempotency key reused for a different response is
-- refused instead of answered with the original. Rows stored before have none and are treated
-- as matching any retry.
ALTER TABLE responses ADD COLUMN payload_fingerprint TEXT;
