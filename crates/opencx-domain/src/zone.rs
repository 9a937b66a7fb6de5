//! A workspace's time zone, and the calendar days, weeks and months it draws.
//!
//! Times are stored in UTC (Unix milliseconds); days belong to people. A response's **day** is
//! the date its submission had in the workspace's zone, counted as days since 1970-01-01 (the
//! same numbering as before zones existed, so a day number always names one calendar date,
//! whatever the zone). A day starts at the first instant whose local date is that day and lasts
//! until the next one starts: 24 hours, or 23 and 25 on the days clocks change.
//!
//! The zone is an IANA name (`Europe/Warsaw`, `Asia/Jerusalem`, `Asia/Tehran`) resolved with
//! the tz database compiled into the binary; nothing is read from the machine.

use std::fmt;

use chrono::{DateTime, Duration, NaiveDate, Offset, TimeZone};
use chrono_tz::Tz;

/// Milliseconds in 24 hours: the length of most days, and of every UTC day.
pub const DAY_MS: i64 = 86_400_000;

/// Longest zone name accepted (the longest IANA name is 32 characters).
pub const MAX_ZONE_NAME: usize = 64;

/// An IANA time zone. Cheap to copy.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Zone(Tz);

/// Why a zone name was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ZoneError {
    /// Nothing was given.
    #[error("is required: an IANA time zone such as Europe/Warsaw or UTC")]
    Empty,
    /// The name is not in the tz database.
    #[error(
        "is not a known time zone: use an IANA name such as Europe/Warsaw, Asia/Jerusalem or UTC"
    )]
    Unknown,
}

/// A stretch of time with one offset from UTC: from `from` (Unix ms, included) until the next
/// span's `from`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OffsetSpan {
    pub from: i64,
    /// Local time minus UTC, in milliseconds.
    pub offset: i64,
}

impl Zone {
    /// Coordinated Universal Time: the zone of workspaces that chose none.
    pub const UTC: Zone = Zone(Tz::UTC);

    /// Parses an IANA name. Surrounding spaces are ignored, and so is the case of the letters
    /// (`europe/warsaw` is `Europe/Warsaw`).
    pub fn parse(name: &str) -> Result<Zone, ZoneError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(ZoneError::Empty);
        }
        if name.len() > MAX_ZONE_NAME {
            return Err(ZoneError::Unknown);
        }
        if let Ok(tz) = name.parse::<Tz>() {
            return Ok(Zone(tz));
        }
        chrono_tz::TZ_VARIANTS
            .iter()
            .find(|tz| tz.name().eq_ignore_ascii_case(name))
            .map(|tz| Zone(*tz))
            .ok_or(ZoneError::Unknown)
    }

    /// The zone as stored: a zone read back from the database that no longer parses (a tz
    /// database without it) counts as UTC rather than stopping intake.
    pub fn from_stored(name: &str) -> Zone {
        Zone::parse(name).unwrap_or(Zone::UTC)
    }

    /// The IANA name, as stored and shown.
    pub fn name(self) -> &'static str {
        self.0.name()
    }

    /// Local time minus UTC at `at_ms`, in milliseconds.
    pub fn offset_ms(self, at_ms: i64) -> i64 {
        if self.0 == Tz::UTC {
            return 0;
        }
        match DateTime::from_timestamp_millis(at_ms) {
            Some(at) => {
                i64::from(
                    self.0
                        .offset_from_utc_datetime(&at.naive_utc())
                        .fix()
                        .local_minus_utc(),
                ) * 1000
            }
            None => 0,
        }
    }

    /// The day (local date as days since 1970-01-01) of the instant `at_ms`.
    pub fn day_of(self, at_ms: i64) -> i64 {
        (at_ms + self.offset_ms(at_ms)).div_euclid(DAY_MS)
    }

    /// The first instant (Unix ms) of local day `day`: its midnight, or where clocks skip
    /// midnight, the moment they land after it.
    pub fn day_start(self, day: i64) -> i64 {
        self.instant_of_local(day.saturating_mul(DAY_MS))
    }

    /// The first instant (Unix ms) whose local time is `local_ms` (a local date and time
    /// written as milliseconds since 1970-01-01 00:00): the earlier one where clocks went back
    /// and repeated it, the moment clocks landed where they skipped it.
    pub fn instant_of_local(self, local_ms: i64) -> i64 {
        if self.0 == Tz::UTC {
            return local_ms;
        }
        let Some(local) = DateTime::from_timestamp_millis(local_ms).map(|d| d.naive_utc()) else {
            return local_ms;
        };
        // The time itself, or the first local minute that exists after a gap (no zone skips
        // more than a day).
        for minute in 0..24 * 60 {
            let candidate = local + Duration::minutes(minute);
            if let Some(at) = self.0.from_local_datetime(&candidate).earliest() {
                return at.timestamp_millis();
            }
        }
        local_ms - self.offset_ms(local_ms)
    }

    /// The local time of the instant `at_ms`, as milliseconds since 1970-01-01 00:00 local.
    pub fn local_ms(self, at_ms: i64) -> i64 {
        at_ms + self.offset_ms(at_ms)
    }

    /// The instants `[start, end)` of local day `day`.
    pub fn day_span(self, day: i64) -> (i64, i64) {
        (self.day_start(day), self.day_start(day + 1))
    }

    /// The first instant of the week (Monday, local) holding `at_ms`.
    pub fn week_start(self, at_ms: i64) -> i64 {
        self.day_start(monday_of(self.day_of(at_ms)))
    }

    /// The offsets in force over `[from, to)`, oldest first; the first span starts at `from`.
    /// Transitions are found by sampling every six hours (no zone changes its offset twice in
    /// six hours) and then narrowed to the millisecond.
    pub fn offsets(self, from: i64, to: i64) -> Vec<OffsetSpan> {
        const STEP: i64 = 6 * 3_600_000;
        let mut spans = vec![OffsetSpan {
            from,
            offset: self.offset_ms(from),
        }];
        if self.0 == Tz::UTC {
            return spans;
        }
        let mut at = from;
        while at < to {
            let next = (at + STEP).min(to);
            let offset = spans.last().map_or(0, |s| s.offset);
            if self.offset_ms(next) != offset {
                // The first millisecond of (at, next] with another offset.
                let (mut low, mut high) = (at, next);
                while high - low > 1 {
                    let middle = low + (high - low) / 2;
                    if self.offset_ms(middle) == offset {
                        low = middle;
                    } else {
                        high = middle;
                    }
                }
                spans.push(OffsetSpan {
                    from: high,
                    offset: self.offset_ms(high),
                });
            }
            at = next;
        }
        spans
    }
}

impl Default for Zone {
    fn default() -> Self {
        Zone::UTC
    }
}

impl fmt::Debug for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Zone({})", self.name())
    }
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The Monday on or before `day` (1970-01-01, day 0, was a Thursday).
pub fn monday_of(day: i64) -> i64 {
    day - (day + 3).rem_euclid(7)
}

/// The calendar date of a day number, if chrono can hold it.
pub fn date_of_day(day: i64) -> Option<NaiveDate> {
    let days = i32::try_from(day.checked_add(719_163)?).ok()?;
    NaiveDate::from_num_days_from_ce_opt(days)
}

/// Every zone name, alphabetically, for a list to pick from.
pub fn zone_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name()).collect();
    names.sort_unstable();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(rfc3339: &str) -> i64 {
        DateTime::parse_from_rfc3339(rfc3339)
            .unwrap()
            .timestamp_millis()
    }

    fn day(date: &str) -> i64 {
        let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
        let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
        date.signed_duration_since(epoch).num_days()
    }

    #[test]
    fn names_are_checked_and_normalised() {
        assert_eq!(
            Zone::parse("Europe/Warsaw").unwrap().name(),
            "Europe/Warsaw"
        );
        assert_eq!(Zone::parse(" asia/tehran ").unwrap().name(), "Asia/Tehran");
        assert_eq!(Zone::parse("UTC").unwrap(), Zone::UTC);
        assert_eq!(Zone::parse(""), Err(ZoneError::Empty));
        assert_eq!(Zone::parse("Mars/Olympus"), Err(ZoneError::Unknown));
        assert_eq!(Zone::parse("+02:00"), Err(ZoneError::Unknown));
        assert_eq!(Zone::parse(&"x".repeat(500)), Err(ZoneError::Unknown));
        assert_eq!(Zone::from_stored("nonsense"), Zone::UTC);
        assert!(zone_names().contains(&"Asia/Jerusalem"));
    }

    #[test]
    fn a_late_evening_in_utc_is_the_next_day_in_warsaw() {
        let warsaw = Zone::parse("Europe/Warsaw").unwrap();
        let at = ms("2026-11-24T23:30:00Z");
        assert_eq!(Zone::UTC.day_of(at), day("2026-11-24"));
        assert_eq!(warsaw.day_of(at), day("2026-11-25"));
        // Tehran is 3:30 ahead: 20:29 UTC is still the 24th, 20:30 the 25th.
        let tehran = Zone::parse("Asia/Tehran").unwrap();
        assert_eq!(tehran.day_of(ms("2026-11-24T20:29:59Z")), day("2026-11-24"));
        assert_eq!(tehran.day_of(ms("2026-11-24T20:30:00Z")), day("2026-11-25"));
        // West of UTC: New York's 23:30 on the 24th is 04:30 UTC on the 25th.
        let new_york = Zone::parse("America/New_York").unwrap();
        assert_eq!(
            new_york.day_of(ms("2026-11-25T04:30:00Z")),
            day("2026-11-24")
        );
    }

    #[test]
    fn days_are_23_or_25_hours_when_clocks_change() {
        let warsaw = Zone::parse("Europe/Warsaw").unwrap();
        // 2026-03-29: clocks go from 02:00 to 03:00 (CET to CEST).
        let (start, end) = warsaw.day_span(day("2026-03-29"));
        assert_eq!(start, ms("2026-03-28T23:00:00Z"));
        assert_eq!(end - start, 23 * 3_600_000);
        // 2026-10-25: from 03:00 back to 02:00.
        let (start, end) = warsaw.day_span(day("2026-10-25"));
        assert_eq!(start, ms("2026-10-24T22:00:00Z"));
        assert_eq!(end - start, 25 * 3_600_000);
        assert_eq!(warsaw.day_of(end - 1), day("2026-10-25"));
        assert_eq!(warsaw.day_of(end), day("2026-10-26"));
        // Jerusalem changes on a Friday at 02:00.
        let jerusalem = Zone::parse("Asia/Jerusalem").unwrap();
        let (start, end) = jerusalem.day_span(day("2026-03-27"));
        assert_eq!(end - start, 23 * 3_600_000);
    }

    #[test]
    fn a_day_whose_midnight_is_skipped_starts_when_clocks_land() {
        // Tehran kept daylight saving time until 2022, switching at midnight: on 2021-03-22
        // clocks went from 00:00 straight to 01:00.
        let tehran = Zone::parse("Asia/Tehran").unwrap();
        let (start, end) = tehran.day_span(day("2021-03-22"));
        assert_eq!(start, ms("2021-03-21T20:30:00Z"));
        assert_eq!(end - start, 23 * 3_600_000);
        assert_eq!(tehran.day_of(start), day("2021-03-22"));
        assert_eq!(tehran.day_of(start - 1), day("2021-03-21"));
    }

    #[test]
    fn weeks_start_on_local_monday() {
        let warsaw = Zone::parse("Europe/Warsaw").unwrap();
        // Sunday 2026-11-29 23:30 UTC is Monday 2026-11-30 00:30 in Warsaw.
        let at = ms("2026-11-29T23:30:00Z");
        assert_eq!(warsaw.week_start(at), ms("2026-11-29T23:00:00Z"));
        assert_eq!(Zone::UTC.week_start(at), ms("2026-11-23T00:00:00Z"));
        assert_eq!(monday_of(day("2026-11-25")), day("2026-11-23"));
    }

    #[test]
    fn offsets_list_each_change() {
        let warsaw = Zone::parse("Europe/Warsaw").unwrap();
        let spans = warsaw.offsets(ms("2026-01-01T00:00:00Z"), ms("2027-01-01T00:00:00Z"));
        assert_eq!(
            spans,
            vec![
                OffsetSpan {
                    from: ms("2026-01-01T00:00:00Z"),
                    offset: 3_600_000
                },
                OffsetSpan {
                    from: ms("2026-03-29T01:00:00Z"),
                    offset: 7_200_000
                },
                OffsetSpan {
                    from: ms("2026-10-25T01:00:00Z"),
                    offset: 3_600_000
                },
            ]
        );
        assert_eq!(Zone::UTC.offsets(0, 10 * DAY_MS).len(), 1);
        // Every day of two years from the spans agrees with day_of.
        let tehran = Zone::parse("Asia/Tehran").unwrap();
        let (from, to) = (ms("2021-01-01T00:00:00Z"), ms("2023-01-01T00:00:00Z"));
        let spans = tehran.offsets(from, to);
        let mut at = from;
        while at < to {
            let span = spans.iter().rev().find(|s| s.from <= at).unwrap();
            assert_eq!((at + span.offset).div_euclid(DAY_MS), tehran.day_of(at));
            at += 3_600_000 * 7 + 13;
        }
    }
}
