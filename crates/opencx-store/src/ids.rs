//! Time-ordered 63-bit ids made by the application, so a batch of responses and their answers can
//! be inserted in one statement each without asking the database for ids.
//!
//! Layout: 41 bits of milliseconds since 2024-01-01, 10 bits of node number, 12 bits of sequence.
//! Each server process registers itself in `server_nodes` at start-up and takes its row number
//! (mod 1024) as node number, so several servers over one PostgreSQL never mint the same id.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use sqlx::{AnyPool, Row};

use crate::StoreResult;

const EPOCH_MS: i64 = 1_704_067_200_000;
const NODE_BITS: u32 = 10;
const SEQUENCE_BITS: u32 = 12;

/// Mints unique ids for one server process.
#[derive(Clone, Debug)]
pub struct IdGenerator {
    node: i64,
    /// Last issued (milliseconds << SEQUENCE_BITS | sequence), advanced atomically.
    last: Arc<AtomicI64>,
}

impl IdGenerator {
    /// A generator for node number `node` (taken mod 1024).
    pub fn new(node: i64) -> Self {
        Self {
            node: node.rem_euclid(1 << NODE_BITS),
            last: Arc::new(AtomicI64::new(0)),
        }
    }

    /// The next id. Ids grow with time; when more than 4096 are asked within one millisecond,
    /// the generator borrows from the next millisecond rather than waiting.
    pub fn next(&self, now_ms: i64) -> i64 {
        let now = (now_ms - EPOCH_MS).max(0) << SEQUENCE_BITS;
        let mut current = self.last.load(Ordering::Relaxed);
        loop {
            let candidate = if now > current { now } else { current + 1 };
            match self.last.compare_exchange_weak(
                current,
                candidate,
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                Ok(_) => {
                    let millis = candidate >> SEQUENCE_BITS;
                    let sequence = candidate & ((1 << SEQUENCE_BITS) - 1);
                    return (millis << (NODE_BITS + SEQUENCE_BITS))
                        | (self.node << SEQUENCE_BITS)
                        | sequence;
                }
                Err(actual) => current = actual,
            }
        }
    }
}

/// Registers this process and returns its node number.
pub(crate) async fn register_node(pool: &AnyPool, now_ms: i64) -> StoreResult<i64> {
    let row = sqlx::query("INSERT INTO server_nodes (started_at) VALUES ($1) RETURNING id")
        .bind(now_ms)
        .fetch_one(pool)
        .await?;
    Ok(row.try_get::<i64, _>(0)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_ordered_even_in_one_millisecond() {
        let g = IdGenerator::new(3);
        let mut last = 0;
        for _ in 0..10_000 {
            let id = g.next(1_800_000_000_000);
            assert!(id > last);
            last = id;
        }
        assert!(g.next(1_800_000_000_100) > last);
    }

    #[test]
    fn nodes_do_not_collide() {
        let a = IdGenerator::new(1);
        let b = IdGenerator::new(2);
        assert_ne!(a.next(1_800_000_000_000), b.next(1_800_000_000_000));
    }
}
