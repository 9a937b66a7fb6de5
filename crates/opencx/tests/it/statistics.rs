//! PostgreSQL's planner statistics: the server gathers them for a table whose rows changed
//! past autovacuum's threshold (this test's PostgreSQL may run without autovacuum), once, and
//! does nothing on SQLite (decision 0040).

use sqlx::{Connection, Row};

use crate::harness::{Backend, TestDatabase};
use crate::on_both_backends;

on_both_backends!(statistics_that_fell_behind_are_gathered);

async fn statistics_that_fell_behind_are_gathered(backend: Backend) {
    let db = TestDatabase::new(backend).await;
    let store = opencx_store::Store::open(&db.url, Default::default(), 1_800_000_000_000)
        .await
        .unwrap();
    let mut conn = sqlx::AnyConnection::connect(&db.url).await.unwrap();
    let values: Vec<String> = (0..500).map(|i| format!("('e:{i}', 0, 1)")).collect();
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO sign_in_attempts (key, window_start, attempts) VALUES {}",
        values.join(", ")
    )))
    .execute(&mut conn)
    .await
    .unwrap();
    if backend == Backend::Sqlite {
        assert!(store.refresh_statistics().await.unwrap().is_empty());
        store.close().await;
        return;
    }
    assert!(!analysed(&mut conn).await, "nobody analysed it yet");
    // The counts of changed rows reach the statistics views within a second or so.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let tables = store.refresh_statistics().await.unwrap();
        if tables.iter().any(|t| t == "sign_in_attempts") {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "sign_in_attempts analysed within 30 s: {tables:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    assert!(analysed(&mut conn).await);
    let again = store.refresh_statistics().await.unwrap();
    assert!(
        !again.iter().any(|t| t == "sign_in_attempts"),
        "not again while its statistics are current: {again:?}"
    );
    conn.close().await.unwrap();
    store.close().await;
}

/// Whether `sign_in_attempts` was ever analysed by hand (or by the server).
async fn analysed(conn: &mut sqlx::AnyConnection) -> bool {
    sqlx::query(
        "SELECT (last_analyze IS NOT NULL)::int FROM pg_stat_user_tables \
         WHERE relname = 'sign_in_attempts'",
    )
    .fetch_one(conn)
    .await
    .unwrap()
    .get::<i32, _>(0)
        == 1
}
