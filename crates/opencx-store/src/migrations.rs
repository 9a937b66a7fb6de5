//! Versioned schema migrations, run at start-up and by `opencx migrate`.
//!
//! Each migration is a SQL file applied once, in order, inside a transaction, and recorded in
//! `schema_migrations`. On PostgreSQL an advisory lock keeps two servers starting together from
//! applying the same migration twice. See `migrations/README.md` for how to change the schema
//! without breaking a running server.

use sqlx::{AnyPool, Executor, Row};

use crate::{Backend, StoreResult};

/// Every migration: (version, name, SQL).
pub const MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "foundation",
        include_str!("../migrations/0001_foundation.sql"),
    ),
    (
        2,
        "rollup_shapes",
        include_str!("../migrations/0002_rollup_shapes.sql"),
    ),
    (
        3,
        "survey_quota",
        include_str!("../migrations/0003_survey_quota.sql"),
    ),
    (
        4,
        "sqlite_compact_keys",
        include_str!("../migrations/0004_sqlite_compact_keys.sql"),
    ),
    (
        5,
        "fingerprints_and_node_leases",
        include_str!("../migrations/0005_fingerprints_and_node_leases.sql"),
    ),
    (
        6,
        "accounts",
        include_str!("../migrations/0006_accounts.sql"),
    ),
    (
        7,
        "dimension_rollups",
        include_str!("../migrations/0007_dimension_rollups.sql"),
    ),
    (
        8,
        "segment_rollups_by_bucket",
        include_str!("../migrations/0008_segment_rollups_by_bucket.sql"),
    ),
    (
        9,
        "text_analytics",
        include_str!("../migrations/0009_text_analytics.sql"),
    ),
    (
        10,
        "text_themes_corrections_models",
        include_str!("../migrations/0010_text_themes_corrections_models.sql"),
    ),
    (
        11,
        "sign_in_attempts",
        include_str!("../migrations/0011_sign_in_attempts.sql"),
    ),
    (
        12,
        "text_labelled_index",
        include_str!("../migrations/0012_text_labelled_index.sql"),
    ),
    (
        13,
        "workspace_time_zone",
        include_str!("../migrations/0013_workspace_time_zone.sql"),
    ),
    (
        14,
        "rollup_journal",
        include_str!("../migrations/0014_rollup_journal.sql"),
    ),
    (
        15,
        "zone_recounts",
        include_str!("../migrations/0015_zone_recounts.sql"),
    ),
    (
        16,
        "dismissed_suggestions",
        include_str!("../migrations/0016_dismissed_suggestions.sql"),
    ),
    (
        17,
        "theme_answers_index",
        include_str!("../migrations/0017_theme_answers_index.sql"),
    ),
    (
        18,
        "responses_by_time_and_id",
        include_str!("../migrations/0018_responses_by_time_and_id.sql"),
    ),
];

/// A migration whose first line is `-- only: sqlite` (or `postgres`) changes only that backend's
/// physical layout; on the other backend it is recorded as applied without running.
fn applies_to(sql: &str, backend: Backend) -> bool {
    match sql.lines().next().and_then(|l| l.strip_prefix("-- only:")) {
        Some(only) => match only.trim() {
            "sqlite" => backend == Backend::Sqlite,
            "postgres" => backend == Backend::Postgres,
            _ => true,
        },
        None => true,
    }
}

/// Arbitrary constant naming OpenCX's migration lock on PostgreSQL.
const LOCK_KEY: i64 = 0x000C_C057_0001;

/// Applies pending migrations; returns the versions applied now.
pub(crate) async fn run(pool: &AnyPool, backend: Backend, now_ms: i64) -> StoreResult<Vec<i64>> {
    let mut conn = pool.acquire().await?;
    if backend == Backend::Postgres {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT pg_advisory_lock({LOCK_KEY})"
        )))
        .execute(&mut *conn)
        .await?;
    }
    let result = apply(&mut conn, backend, now_ms).await;
    if backend == Backend::Postgres {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT pg_advisory_unlock({LOCK_KEY})"
        )))
        .execute(&mut *conn)
        .await?;
    }
    result
}

async fn apply(
    conn: &mut sqlx::AnyConnection,
    backend: Backend,
    now_ms: i64,
) -> StoreResult<Vec<i64>> {
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
    )
    .await?;
    let done: Vec<i64> = sqlx::query("SELECT version FROM schema_migrations")
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|row| row.try_get::<i64, _>(0))
        .collect::<Result<_, _>>()?;
    let mut applied = Vec::new();
    for (version, name, sql) in MIGRATIONS {
        if done.contains(version) {
            continue;
        }
        let sql = sql
            .replace("{{serial}}", backend.serial_primary_key())
            .replace("{{without_rowid}}", backend.without_rowid())
            .replace("{{bytes}}", backend.bytes_type());
        let mut tx = sqlx::Connection::begin(&mut *conn).await?;
        let statements = if applies_to(&sql, backend) {
            statements(&sql)
        } else {
            Vec::new()
        };
        for statement in statements {
            sqlx::raw_sql(sqlx::AssertSqlSafe(statement))
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
        )
        .bind(*version)
        .bind(*name)
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        tracing::info!(version, name, "applied migration");
        applied.push(*version);
    }
    Ok(applied)
}

/// Splits a migration into statements: drops `--` comments, splits on `;`. Our migrations keep
/// semicolons out of string literals, which this relies on.
fn statements(sql: &str) -> Vec<String> {
    let without_comments: String = sql
        .lines()
        .map(|line| match line.find("--") {
            Some(i) => &line[..i],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n");
    without_comments
        .split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backend_only_migrations() {
        let sql = MIGRATIONS[3].2;
        assert!(applies_to(sql, Backend::Sqlite));
        assert!(!applies_to(sql, Backend::Postgres));
        assert!(applies_to(MIGRATIONS[0].2, Backend::Postgres));
        let sql = MIGRATIONS[17].2;
        assert!(!applies_to(sql, Backend::Sqlite));
        assert!(applies_to(sql, Backend::Postgres));
    }

    #[test]
    fn splits_statements_and_drops_comments() {
        let s = statements("-- a\nCREATE TABLE a (x BIGINT); -- b\n\nCREATE INDEX i ON a (x);\n");
        assert_eq!(
            s,
            vec!["CREATE TABLE a (x BIGINT)", "CREATE INDEX i ON a (x)"]
        );
    }
}
