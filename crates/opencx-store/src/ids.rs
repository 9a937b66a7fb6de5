//! Time-ordered 63-bit ids made by the application, so a batch of responses and their answers can
//! be inserted in one statement each without asking the database for ids.
//!
//! Layout: 41 bits of milliseconds since 2024-01-01, 10 bits of node number, 12 bits of sequence.
//! The node number is a slot 0..1024 that each server process leases in `node_leases` at
//! start-up, renews while it runs and gives back when it stops, so several servers over one
//! PostgreSQL never mint the same id (see docs/decisions/0002-application-made-ids.md).

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Duration;

use sqlx::{AnyPool, Row};
use tokio::sync::Mutex;

use crate::{StoreError, StoreResult};

const EPOCH_MS: i64 = 1_704_067_200_000;
const NODE_BITS: u32 = 10;
const SEQUENCE_BITS: u32 = 12;

/// Number of node slots, and so of servers that can share one database.
pub const NODE_SLOTS: i64 = 1 << NODE_BITS;
/// How long a lease lasts without renewal. Long against the renewal period, so a server may
/// miss several renewals (a busy database, a paused VM) or run with a clock a few minutes off
/// before another server may take its slot.
pub const NODE_LEASE_MS: i64 = 10 * 60_000;
/// How often a running server renews its lease.
pub const NODE_RENEW_EVERY: Duration = Duration::from_secs(60);

/// The smallest id a generator mints at Unix millisecond `ms` or later: every id minted before
/// `ms` (on a clock that agrees) is below it, since ids begin with their millisecond.
pub(crate) fn first_id_at(ms: i64) -> i64 {
    (ms - EPOCH_MS).max(0) << (NODE_BITS + SEQUENCE_BITS)
}

/// Mints unique ids for one server process.
#[derive(Clone, Debug)]
pub struct IdGenerator {
    /// The node slot; changes only if the lease was lost and another slot leased.
    node: Arc<AtomicI64>,
    /// Last issued (milliseconds << SEQUENCE_BITS | sequence), advanced atomically.
    last: Arc<AtomicI64>,
}

impl IdGenerator {
    /// A generator for node number `node` (taken mod 1024).
    pub fn new(node: i64) -> Self {
        Self {
            node: Arc::new(AtomicI64::new(node.rem_euclid(NODE_SLOTS))),
            last: Arc::new(AtomicI64::new(0)),
        }
    }

    /// The node number in the ids minted now.
    pub fn node(&self) -> i64 {
        self.node.load(Ordering::Relaxed)
    }

    fn set_node(&self, node: i64) {
        self.node
            .store(node.rem_euclid(NODE_SLOTS), Ordering::Relaxed);
    }

    /// The next id. Ids grow with time; when more than 4096 are asked within one millisecond,
    /// the generator borrows from the next millisecond rather than waiting.
    pub fn next(&self, now_ms: i64) -> i64 {
        let now = (now_ms - EPOCH_MS).max(0) << SEQUENCE_BITS;
        let node = self.node();
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
                        | (node << SEQUENCE_BITS)
                        | sequence;
                }
                Err(actual) => current = actual,
            }
        }
    }
}

/// This process's lease on its node slot.
#[derive(Debug)]
pub(crate) struct NodeLease {
    /// Random name of this process in `node_leases.holder`.
    holder: String,
    /// Set once the lease is given back; renewals and releases take the lock in turn, so a
    /// renewal never takes a new slot after the store was closed.
    released: Mutex<bool>,
}

impl NodeLease {
    /// Leases a free slot for a new process and returns the lease and the slot.
    pub(crate) async fn take(pool: &AnyPool, now_ms: i64) -> StoreResult<(NodeLease, i64)> {
        let holder = format!("{:032x}", rand::random::<u128>());
        let node = lease_free_slot(pool, &holder, now_ms).await?;
        Ok((
            NodeLease {
                holder,
                released: Mutex::new(false),
            },
            node,
        ))
    }

    /// Extends the lease on the generator's slot. If it was lost (it expired and another server
    /// took the slot), leases another slot and moves the generator to it.
    pub(crate) async fn renew(
        &self,
        pool: &AnyPool,
        ids: &IdGenerator,
        now_ms: i64,
    ) -> StoreResult<i64> {
        let released = self.released.lock().await;
        if *released {
            return Ok(ids.node());
        }
        let node = ids.node();
        let renewed =
            sqlx::query("UPDATE node_leases SET expires_at = $1 WHERE node = $2 AND holder = $3")
                .bind(now_ms + NODE_LEASE_MS)
                .bind(node)
                .bind(&self.holder)
                .execute(pool)
                .await?
                .rows_affected();
        if renewed == 1 {
            return Ok(node);
        }
        let new_node = lease_free_slot(pool, &self.holder, now_ms).await?;
        tracing::warn!(
            lost = node,
            node = new_node,
            "the lease on this server's id node expired and was taken by another server; using another node"
        );
        ids.set_node(new_node);
        Ok(new_node)
    }

    /// Gives the slot back (a clean stop); later renewals do nothing.
    pub(crate) async fn release(&self, pool: &AnyPool, node: i64) -> StoreResult<()> {
        let mut released = self.released.lock().await;
        if *released {
            return Ok(());
        }
        *released = true;
        sqlx::query("DELETE FROM node_leases WHERE node = $1 AND holder = $2")
            .bind(node)
            .bind(&self.holder)
            .execute(pool)
            .await?;
        Ok(())
    }
}

/// Takes the lowest slot that is free (never leased, or its lease expired) for `holder`.
///
/// The read only proposes candidates; the claim is one statement that inserts the slot or takes
/// it over only if its lease has expired, and says whether it did. Two servers proposing the same
/// slot both run it; the database serialises them on the slot's key, and the second finds a live
/// lease and moves on to the next candidate.
async fn lease_free_slot(pool: &AnyPool, holder: &str, now_ms: i64) -> StoreResult<i64> {
    let live: HashSet<i64> = sqlx::query("SELECT node FROM node_leases WHERE expires_at >= $1")
        .bind(now_ms)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|row| row.try_get::<i64, _>(0))
        .collect::<Result<_, _>>()?;
    for node in (0..NODE_SLOTS).filter(|n| !live.contains(n)) {
        let claimed = sqlx::query(
            "INSERT INTO node_leases (node, holder, acquired_at, expires_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (node) DO UPDATE SET holder = excluded.holder, acquired_at = excluded.acquired_at, \
             expires_at = excluded.expires_at WHERE node_leases.expires_at < $3 RETURNING node",
        )
        .bind(node)
        .bind(holder)
        .bind(now_ms)
        .bind(now_ms + NODE_LEASE_MS)
        .fetch_optional(pool)
        .await?;
        if claimed.is_some() {
            return Ok(node);
        }
    }
    Err(StoreError::Conflict(format!(
        "all {NODE_SLOTS} id node slots are leased by running servers; stop one, or wait until the \
         lease of a stopped server expires ({} minutes after its last renewal)",
        NODE_LEASE_MS / 60_000
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_minted_before_a_millisecond_are_below_its_first_id() {
        let ids = IdGenerator::new(NODE_SLOTS - 1);
        let ms = EPOCH_MS + 86_400_000;
        // The last node, a full millisecond's sequence: still below the next millisecond.
        let before: Vec<i64> = (0..4096).map(|_| ids.next(ms - 1)).collect();
        let boundary = first_id_at(ms);
        assert!(before.iter().all(|id| *id < boundary));
        assert!(IdGenerator::new(0).next(ms) >= boundary);
        assert!(ids.next(ms + 5) >= boundary);
    }

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

    #[test]
    fn the_node_is_in_the_id_and_can_move() {
        let g = IdGenerator::new(1023);
        let node_of = |id: i64| (id >> SEQUENCE_BITS) & (NODE_SLOTS - 1);
        assert_eq!(node_of(g.next(1_800_000_000_000)), 1023);
        g.set_node(5);
        assert_eq!((g.node(), node_of(g.next(1_800_000_000_000))), (5, 5));
    }
}
