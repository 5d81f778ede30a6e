//! When a scheduled rule fires: a standard 5-field cron expression in an IANA
//! time zone, or a fixed interval.
//!
//! Daylight-saving changes follow croner (and Vixie cron): a fixed time that
//! falls in a skipped hour fires right after the gap, the same day; a fixed
//! time in a repeated hour fires once, the first time; `*` and `*/N` hours run
//! on wall-clock time, skipping the gap and running in both passes of a
//! repeated hour.

use std::time::Duration;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use croner::Cron;
use croner::parser::{CronParser, Seconds, Year};

#[derive(Debug, Clone)]
pub enum Schedule {
    Cron {
        expr: String,
        cron: Box<Cron>,
        tz: Tz,
    },
    Every(Duration),
}

impl Schedule {
    pub fn cron(expr: &str, tz: &str) -> Result<Schedule, String> {
        let tz: Tz = tz.parse().map_err(|_| {
            format!("{tz:?} is not an IANA time zone name such as Europe/Berlin or UTC")
        })?;
        let cron = CronParser::builder()
            .seconds(Seconds::Disallowed)
            .year(Year::Disallowed)
            .build()
            .parse(expr)
            .map_err(|e| {
                format!(
                    "{expr:?} is not a 5-field cron expression (minute hour day month weekday): {e}"
                )
            })?;
        let schedule = Schedule::Cron {
            expr: expr.trim().to_string(),
            cron: Box::new(cron),
            tz,
        };
        if schedule.next_after(crate::time::now_ms()).is_none() {
            return Err(format!("{expr:?} never fires"));
        }
        Ok(schedule)
    }

    pub fn every(interval: Duration) -> Result<Schedule, String> {
        if interval < Duration::from_secs(1) {
            return Err("the interval must be at least 1s".into());
        }
        Ok(Schedule::Every(interval))
    }

    /// The first fire time strictly after `after` (ms).
    pub fn next_after(&self, after: i64) -> Option<i64> {
        match self {
            Schedule::Every(interval) => Some(after + interval.as_millis() as i64),
            Schedule::Cron { cron, tz, .. } => {
                let start = DateTime::<Utc>::from_timestamp_millis(after)?.with_timezone(tz);
                let next = cron.find_next_occurrence(&start, false).ok()?;
                Some(next.with_timezone(&Utc).timestamp_millis())
            }
        }
    }

    /// The next `n` fire times after `after`.
    pub fn upcoming(&self, after: i64, n: usize) -> Vec<i64> {
        let mut out = Vec::with_capacity(n);
        let mut at = after;
        while out.len() < n {
            match self.next_after(at) {
                Some(next) => {
                    out.push(next);
                    at = next;
                }
                None => break,
            }
        }
        out
    }

    /// `cron 0 9 * * MON Europe/Berlin` or `every 15m`.
    pub fn describe(&self) -> String {
        match self {
            Schedule::Cron { expr, tz, .. } => format!("cron {expr} {tz}"),
            Schedule::Every(interval) => {
                format!("every {}", crate::time::format_duration(*interval))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(text: &str) -> i64 {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .timestamp_millis()
    }

    #[test]
    fn cron_in_a_time_zone() {
        let weekly = Schedule::cron("0 9 * * MON", "Europe/Berlin").unwrap();
        // Monday 2026-11-23 10:00 Berlin is past 9:00: the next is the 30th, 08:00 UTC.
        let after = ms("2026-11-23T09:00:00Z");
        assert_eq!(weekly.next_after(after), Some(ms("2026-11-30T08:00:00Z")));
        assert_eq!(
            weekly.upcoming(after, 2),
            [ms("2026-11-30T08:00:00Z"), ms("2026-12-07T08:00:00Z")]
        );
    }

    #[test]
    fn daylight_saving_changes() {
        // Berlin skips 02:00–03:00 on 2026-03-29: 02:30 fires at 03:00 local (01:00 UTC).
        let gap = Schedule::cron("30 2 * * *", "Europe/Berlin").unwrap();
        assert_eq!(
            gap.next_after(ms("2026-03-28T12:00:00Z")),
            Some(ms("2026-03-29T01:00:00Z"))
        );
        // 02:30 happens twice on 2026-10-25: it fires once, the first time (00:30 UTC).
        let overlap = Schedule::cron("30 2 * * *", "Europe/Berlin").unwrap();
        let first = overlap.next_after(ms("2026-10-24T12:00:00Z")).unwrap();
        assert_eq!(first, ms("2026-10-25T00:30:00Z"));
        assert_eq!(overlap.next_after(first), Some(ms("2026-10-26T01:30:00Z")));
    }

    #[test]
    fn bad_schedules_are_named() {
        assert!(
            Schedule::cron("0 9 * *", "UTC")
                .unwrap_err()
                .contains("5-field")
        );
        assert!(
            Schedule::cron("0 0 9 * * MON", "UTC")
                .unwrap_err()
                .contains("5-field")
        );
        assert!(
            Schedule::cron("0 9 * * MON", "Mars/Olympus")
                .unwrap_err()
                .contains("IANA")
        );
        assert!(Schedule::every(Duration::from_millis(10)).is_err());
        assert_eq!(
            Schedule::every(Duration::from_secs(900))
                .unwrap()
                .describe(),
            "every 15m"
        );
    }
}
