//! SQL for local times of a zone, for figures grouped by local weeks or windows in SQL.

use opencx_domain::zone::OffsetSpan;

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
    }
}
