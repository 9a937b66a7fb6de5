//! Formatting times for people and machines.

use chrono::{DateTime, SecondsFormat, Utc};

/// Unix milliseconds as RFC 3339 UTC (`2026-11-23T10:00:00.000Z`).
pub fn rfc3339(ms: i64) -> String {
    DateTime::<Utc>::from_timestamp_millis(ms)
        .unwrap_or_default()
        .to_rfc3339_opts(SecondsFormat::Millis, true)
}
