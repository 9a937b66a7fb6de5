//! Node slots for ids: every open store leases its own slot, gives it back when closed, and a
//! slot whose lease expired (a crashed server) is taken over; with every slot leased, opening
//! fails with a clear error.

use std::collections::HashSet;

use opencx_store::{NODE_LEASE_MS, NODE_SLOTS, Store, StoreError, StoreOptions};
use sqlx::Connection;

use crate::harness::{Backend, TestDatabase, TestServer};
use crate::on_both_backends;

on_both_backends!(node_slots_are_leased, a_stopped_server_gives_its_slot_back);

async fn open(db: &TestDatabase, now_ms: i64) -> Store {
    Store::open(&db.url, StoreOptions { max_connections: 2 }, now_ms)
        .await
        .unwrap()
}

async fn node_slots_are_leased(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let t0 = opencx_app::system_clock()();
    // The first store creates the schema; seven more start together.
    let first = open(&db, t0).await;
    assert_eq!(first.node(), 0);
    let together = futures_util::future::join_all((0..7).map(|_| open(&db, t0))).await;
    let mut stores = vec![first];
    stores.extend(together);
    let nodes: HashSet<i64> = stores.iter().map(Store::node).collect();
    assert_eq!(
        nodes,
        (0..8).collect(),
        "eight stores, eight different slots"
    );

    // A closed store gives its slot back; the next store takes it.
    stores.remove(0).close().await;
    let reopened = open(&db, t0 + 1_000).await;
    assert_eq!(reopened.node(), 0);
    stores.insert(0, reopened);

    // A store that stops renewing (a crashed server) keeps its slot until the lease expires.
    let crashed = stores.remove(3);
    let crashed_node = crashed.node();
    let early = open(&db, t0 + 60_000).await;
    assert_eq!(early.node(), 8, "a live lease is not taken over");
    stores.push(early);
    let later = t0 + NODE_LEASE_MS + 1;
    for store in &stores {
        assert_eq!(store.renew_node_lease(later).await.unwrap(), store.node());
    }
    let successor = open(&db, later).await;
    assert_eq!(
        successor.node(),
        crashed_node,
        "the expired lease is reused"
    );

    // The crashed store, back to life, finds its lease taken and moves to a free slot.
    let moved = crashed.renew_node_lease(later + 1).await.unwrap();
    assert_eq!(moved, crashed.node());
    assert!(moved != crashed_node && moved >= 9, "{moved}");
    stores.push(successor);
    stores.push(crashed);
    let nodes: HashSet<i64> = stores.iter().map(Store::node).collect();
    assert_eq!(nodes.len(), stores.len(), "no two stores share a slot");

    // With every slot leased, a store does not open.
    let mut conn = sqlx::AnyConnection::connect(&db.url).await.unwrap();
    let rows: Vec<String> = (0..NODE_SLOTS)
        .map(|n| format!("({n}, 'elsewhere', {later}, {})", later + NODE_LEASE_MS))
        .collect();
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO node_leases (node, holder, acquired_at, expires_at) VALUES {} ON CONFLICT (node) DO NOTHING",
        rows.join(", ")
    )))
    .execute(&mut conn)
    .await
    .unwrap();
    conn.close().await.unwrap();
    match Store::open(&db.url, StoreOptions { max_connections: 2 }, later).await {
        Err(StoreError::Conflict(message)) => {
            assert!(
                message.contains("all 1024 id node slots are leased"),
                "{message}"
            )
        }
        other => panic!("expected no free slot, got {other:?}"),
    }
    for store in stores {
        store.close().await;
    }
}

async fn leases(db: &TestDatabase) -> i64 {
    let mut conn = sqlx::AnyConnection::connect(&db.url).await.unwrap();
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM node_leases")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    count
}

async fn a_stopped_server_gives_its_slot_back(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let mut server = TestServer::start(&db).await;
    assert_eq!(leases(&db).await, 1);
    assert!(server.stop(), "the server stops cleanly on SIGTERM");
    assert_eq!(leases(&db).await, 0);
}
