//! SQL for local times of a zone, for figures grouped by local weeks or windows in SQL.

use opencx_domain::zone::{DAY_MS, OffsetSpan};

/// SQL for the local time (Unix ms shifted by the zone's offset) of a BIGINT `column` of UTC
/// Unix ms, for instants covered by `spans` (from [`opencx_domain::zone::Zone::offsets`]). Only
/// integers are written into the statement.
pub(crate) fn local_ms_sql(column: &str, spans: &[OffsetSpan]) -> String {
    match spans {
        [] => column.to_owned(),
        [only] => format!("({column} + ({}))", only.offset),
        [first, rest @ ..] => {
            let mut sql = format!("({column} + CASE");
            let mut offset = first.offset;
            for span in rest {
                sql.push_str(&format!(" WHEN {column} < {} THEN {offset}", span.from));
                offset = span.offset;
            }
            sql.push_str(&format!(" ELSE {offset} END)"));
            sql
        }
    }
}

/// SQL for the day number of a local time expression: floor division by a day (both backends
/// truncate integer division toward zero, which differs before 1970).
pub(crate) fn floor_day_sql(local: &str) -> String {
    format!(
        "(({local}) - CASE WHEN ({local}) < 0 THEN {} ELSE 0 END) / {DAY_MS}",
        DAY_MS - 1
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_time_in_sql() {
        assert_eq!(
            local_ms_sql("t", &[OffsetSpan { from: 0, offset: 0 }]),
            "(t + (0))"
        );
        let spans = [
            OffsetSpan {
                from: 0,
                offset: 3_600_000,
            },
            OffsetSpan {
                from: 500,
                offset: 7_200_000,
            },
        ];
        assert_eq!(
            local_ms_sql("t", &spans),
            "(t + CASE WHEN t < 500 THEN 3600000 ELSE 7200000 END)"
        );
        assert_eq!(
            floor_day_sql("x"),
            "((x) - CASE WHEN (x) < 0 THEN 86399999 ELSE 0 END) / 86400000"
        );
    }
}
