//! Time input and output: the `--when` grammar, durations, and the integer
//! UTC milliseconds the store keeps.
//!
//! Exact forms are read here first; calendar phrases go to `interim`, after
//! the rewrites that avoid its traps (`9am tomorrow` landing on today,
//! `midnight` meaning "now", no `noon`, no `at`).

use std::time::Duration;

use chrono::{DateTime, Local, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

/// Every form `--when` and the API's `when` accept, for help texts and errors.
pub const WHEN_FORMS: &str = "\
Accepted forms:
  2026-12-01T09:00:00Z, 2026-12-01T10:00:00+01:00  RFC 3339 / ISO 8601
  2026-12-01T09:00, 2026-12-01 09:00, 2026-12-01   no offset: local time
  @1767258000                                      unix seconds
  now
  in 20 minutes, in 1 hour, in an hour             seconds, minutes, hours, days, weeks
  20 minutes from now, 32 days from now
  90s, 45m, 1h30m, 2d, 1w                          compact durations from now
  tomorrow 9am, next friday 8pm, monday 14:30      calendar phrases, local time
  noon, midnight, 9am, 17:30                       the next time the clock shows it";

/// A `--when` value that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot read {input:?} as a time: {reason}")]
pub struct WhenError {
    pub input: String,
    pub reason: String,
}

fn when_error(input: &str, reason: impl Into<String>) -> WhenError {
    WhenError {
        input: input.to_string(),
        reason: reason.into(),
    }
}

/// Milliseconds since the Unix epoch, now.
pub fn now_ms() -> i64 {
    Utc::now().timestamp_millis()
}

/// `2022-07-18T15:55:31.085Z`, the format anticipated.io uses everywhere.
pub fn rfc3339_ms(ms: i64) -> String {
    use chrono::{Datelike, Timelike};
    match DateTime::<Utc>::from_timestamp_millis(ms) {
        // Digits written by hand: every API response holds several times,
        // and `format!` costs more than the rest of building one.
        Some(t) if (0..=9999).contains(&t.year()) => {
            let mut out = *b"0000-00-00T00:00:00.000Z";
            let mut put = |at: usize, width: usize, mut value: u32| {
                for i in (at..at + width).rev() {
                    out[i] = b'0' + (value % 10) as u8;
                    value /= 10;
                }
            };
            put(0, 4, t.year() as u32);
            put(5, 2, t.month());
            put(8, 2, t.day());
            put(11, 2, t.hour());
            put(14, 2, t.minute());
            put(17, 2, t.second());
            put(20, 3, t.timestamp_subsec_millis());
            String::from_utf8_lossy(&out).into_owned()
        }
        Some(t) => t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
        None => format!("@{ms}ms"),
    }
}

/// Parse `--when` relative to the local clock.
pub fn parse_when_now(input: &str) -> Result<DateTime<Utc>, WhenError> {
    parse_when(input, Local::now())
}

/// Parse `--when` relative to `now`; local times are read in `now`'s zone.
pub fn parse_when<Tz: TimeZone>(
    input: &str,
    now: DateTime<Tz>,
) -> Result<DateTime<Utc>, WhenError> {
    let text = input.trim();
    if text.is_empty() {
        return Err(when_error(input, "it is empty"));
    }
    let lower = text.to_ascii_lowercase();
    if lower == "now" {
        return Ok(now.with_timezone(&Utc));
    }
    if let Some(secs) = text.strip_prefix('@') {
        let secs: i64 = secs.parse().map_err(|_| {
            when_error(input, "after '@' give whole unix seconds, like @1767258000")
        })?;
        return DateTime::from_timestamp(secs, 0).ok_or_else(|| when_error(input, "out of range"));
    }
    if text.starts_with(|c: char| c.is_ascii_digit()) && text.contains('-') {
        return parse_absolute(text, &now).map_err(|reason| when_error(input, reason));
    }
    if let Some(span) = relative_span(&lower) {
        let span = span.map_err(|reason| when_error(input, reason))?;
        let span =
            chrono::Duration::from_std(span).map_err(|_| when_error(input, "too far away"))?;
        return now
            .with_timezone(&Utc)
            .checked_add_signed(span)
            .ok_or_else(|| when_error(input, "too far away"));
    }
    parse_calendar(&lower, &now).map_err(|reason| when_error(input, reason))
}

/// RFC 3339 / ISO 8601, with or without an offset.
fn parse_absolute<Tz: TimeZone>(text: &str, now: &DateTime<Tz>) -> Result<DateTime<Utc>, String> {
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    // Offsets without seconds, or a trailing Z on a minutes-only time.
    let with_offset = match text.strip_suffix(['Z', 'z']) {
        Some(rest) => format!("{rest}+00:00"),
        None => text.to_string(),
    };
    for format in [
        "%Y-%m-%dT%H:%M%:z",
        "%Y-%m-%d %H:%M%:z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
    ] {
        if let Ok(t) = DateTime::parse_from_str(&with_offset, format) {
            return Ok(t.with_timezone(&Utc));
        }
    }
    let naive = [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ]
    .iter()
    .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
    .or_else(|| {
        NaiveDate::parse_from_str(text, "%Y-%m-%d")
            .ok()
            .map(|d| d.and_time(NaiveTime::MIN))
    })
    .ok_or("not a valid date and time; use e.g. 2026-12-01T09:00:00Z")?;
    local_to_utc(&now.timezone(), naive)
}

fn local_to_utc<Tz: TimeZone>(zone: &Tz, naive: NaiveDateTime) -> Result<DateTime<Utc>, String> {
    zone.from_local_datetime(&naive)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| format!("{naive} does not exist in local time (a daylight-saving gap)"))
}

/// `in <span>`, `<span> from now`, or a bare span such as `90s` or `1h30m`.
/// `None` when the text is not shaped like a span at all.
fn relative_span(lower: &str) -> Option<Result<Duration, String>> {
    let (body, explicit) = if let Some(rest) = lower.strip_prefix("in ") {
        (rest, true)
    } else if let Some(rest) = lower.strip_suffix(" from now") {
        (rest, true)
    } else {
        (lower, false)
    };
    match parse_span(body) {
        Ok(span) => Some(Ok(span)),
        // `in …` and `… from now` are spans for sure: report the problem.
        Err(reason) if explicit => Some(Err(reason)),
        Err(_) => None,
    }
}

/// A duration: `30s`, `1h30m`, `500ms`, `20 minutes`, `an hour`, `1 hour 30 minutes`, or plain seconds.
pub fn parse_duration(input: &str) -> Result<Duration, String> {
    let text = input.trim().to_ascii_lowercase();
    if let Ok(secs) = text.parse::<u64>() {
        return Ok(Duration::from_secs(secs));
    }
    parse_span(&text).map_err(|reason| {
        format!("cannot read {input:?} as a duration: {reason}; use e.g. 30s, 500ms, 1h30m or \"20 minutes\"")
    })
}

/// Value parser for clap arguments that take a duration.
pub fn duration_arg(input: &str) -> Result<Duration, String> {
    parse_duration(input)
}

fn parse_span(text: &str) -> Result<Duration, String> {
    let mut total: u64 = 0;
    let mut rest = text.trim();
    let mut parts = 0;
    while !rest.is_empty() {
        rest = rest.trim_start_matches([' ', ',']).trim_start();
        if let Some(after) = rest.strip_prefix("and ") {
            rest = after.trim_start();
        }
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        let (count, after_count) = if digits > 0 {
            let n: u64 = rest[..digits]
                .parse()
                .map_err(|_| "the number is too large".to_string())?;
            (n, &rest[digits..])
        } else if let Some(after) = rest.strip_prefix("an ").or_else(|| rest.strip_prefix("a ")) {
            (1, after)
        } else {
            return Err(format!("expected a number at {rest:?}"));
        };
        let after_count = after_count.trim_start();
        let unit_len = after_count
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(after_count.len());
        let unit = &after_count[..unit_len];
        let unit_ms = unit_millis(unit).ok_or_else(|| {
            if unit.is_empty() {
                format!("{count} needs a unit (s, m, h, d, w)")
            } else {
                format!("unknown unit {unit:?}; use seconds, minutes, hours, days or weeks")
            }
        })?;
        total = count
            .checked_mul(unit_ms)
            .and_then(|ms| total.checked_add(ms))
            .ok_or("too far away")?;
        rest = &after_count[unit_len..];
        parts += 1;
    }
    if parts == 0 {
        return Err("it is empty".into());
    }
    Ok(Duration::from_millis(total))
}

fn unit_millis(unit: &str) -> Option<u64> {
    Some(match unit {
        "ms" | "millisecond" | "milliseconds" => 1,
        "s" | "sec" | "secs" | "second" | "seconds" => 1_000,
        "m" | "min" | "mins" | "minute" | "minutes" => 60_000,
        "h" | "hr" | "hrs" | "hour" | "hours" => 3_600_000,
        "d" | "day" | "days" => 86_400_000,
        "w" | "week" | "weeks" => 604_800_000,
        _ => return None,
    })
}

/// A clock time on its own: `9am`, `9:30pm`, `17:30`, `noon`, `midnight`.
fn time_of_day(token: &str) -> Option<NaiveTime> {
    match token {
        "noon" => return NaiveTime::from_hms_opt(12, 0, 0),
        "midnight" => return Some(NaiveTime::MIN),
        _ => {}
    }
    let (clock, meridiem) = if let Some(c) = token.strip_suffix("am") {
        (c, Some(false))
    } else if let Some(c) = token.strip_suffix("pm") {
        (c, Some(true))
    } else {
        (token, None)
    };
    let (hour, minute) = match clock.split_once(':') {
        Some((h, m)) if m.len() == 2 => (h.parse::<u32>().ok()?, m.parse::<u32>().ok()?),
        None if meridiem.is_some() => (clock.parse::<u32>().ok()?, 0),
        _ => return None,
    };
    let hour = match meridiem {
        Some(pm) if (1..=12).contains(&hour) => hour % 12 + if pm { 12 } else { 0 },
        Some(_) => return None,
        None => hour,
    };
    NaiveTime::from_hms_opt(hour, minute, 0)
}

/// `25:00`, `13pm`: shaped like a clock time, whether or not it is one.
fn looks_like_clock(token: &str) -> bool {
    let clock = token.trim_end_matches("am").trim_end_matches("pm");
    let digits = |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
    match clock.split_once(':') {
        Some((h, m)) => digits(h) && digits(m),
        None => clock.len() < token.len() && digits(clock),
    }
}

/// Calendar phrases, rewritten into the shape `interim` reads correctly.
fn parse_calendar<Tz: TimeZone>(lower: &str, now: &DateTime<Tz>) -> Result<DateTime<Utc>, String> {
    let mut words: Vec<&str> = lower.split_whitespace().filter(|w| *w != "at").collect();
    // "9 am" is one time.
    let mut joined = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        if i + 1 < words.len() && matches!(words[i + 1], "am" | "pm") {
            joined.push(format!("{}{}", words[i], words[i + 1]));
            i += 2;
        } else {
            joined.push(words[i].to_string());
            i += 1;
        }
    }
    words = joined.iter().map(String::as_str).collect();

    // interim rolls "25:00" over into the next day: refuse clock times that are not.
    if let Some(bad) = words
        .iter()
        .find(|w| looks_like_clock(w) && time_of_day(w).is_none())
    {
        return Err(format!("{bad:?} is not a time of day"));
    }
    let times: Vec<(usize, NaiveTime)> = words
        .iter()
        .enumerate()
        .filter_map(|(i, w)| time_of_day(w).map(|t| (i, t)))
        .collect();
    if times.len() > 1 {
        return Err("it names more than one time of day".into());
    }
    // A time of day alone means its next occurrence, as at(1) reads it.
    if let ([(_, time)], 1) = (times.as_slice(), words.len()) {
        let today = now.naive_local().date();
        let mut at = local_to_utc(&now.timezone(), today.and_time(*time))?;
        if at <= now.with_timezone(&Utc) {
            let tomorrow = today.succ_opt().ok_or("out of range")?;
            at = local_to_utc(&now.timezone(), tomorrow.and_time(*time))?;
        }
        return Ok(at);
    }
    // interim wants the day first and reads neither `noon` nor `midnight`.
    let phrase = match times.first() {
        Some((index, time)) => {
            let mut rest: Vec<&str> = words.clone();
            rest.remove(*index);
            format!("{} {}", rest.join(" "), time.format("%H:%M"))
        }
        None => words.join(" "),
    };
    let at = interim::parse_date_string(&phrase, now.clone(), interim::Dialect::Uk)
        .map_err(|_| "not a form anticip knows".to_string())?;
    // "monday 9am" said on a Monday at 10am means next Monday.
    let weekday = words.iter().any(|w| w.parse::<chrono::Weekday>().is_ok());
    let backwards = words.iter().any(|w| matches!(*w, "last" | "ago"));
    if weekday && !backwards && at < *now {
        let week_later = at.naive_local() + chrono::Duration::days(7);
        return local_to_utc(&now.timezone(), week_later);
    }
    Ok(at.with_timezone(&Utc))
}

/// `in 20m`, `3h ago`: a short, human description of `at` relative to `now`.
pub fn humanize_from(now_ms: i64, at_ms: i64) -> String {
    let delta = (at_ms - now_ms) / 1000;
    let span = delta.unsigned_abs();
    let text = match span {
        0..=59 => format!("{span}s"),
        60..=3599 => format!("{}m{}", span / 60, tail(span % 60, "s")),
        3600..=86_399 => format!("{}h{}", span / 3600, tail(span % 3600 / 60, "m")),
        _ => format!("{}d{}", span / 86_400, tail(span % 86_400 / 3600, "h")),
    };
    if delta >= 0 {
        format!("in {text}")
    } else {
        format!("{text} ago")
    }
}

fn tail(n: u64, unit: &str) -> String {
    if n == 0 {
        String::new()
    } else {
        format!("{n}{unit}")
    }
}

/// `1h30m`, `250ms`: the compact form `parse_duration` reads back.
pub fn format_duration(d: Duration) -> String {
    let ms = d.as_millis() as u64;
    if !ms.is_multiple_of(1000) {
        return format!("{ms}ms");
    }
    let mut secs = ms / 1000;
    if secs == 0 {
        return "0s".into();
    }
    let mut out = String::new();
    for (unit, size) in [("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)] {
        if secs >= size {
            out.push_str(&format!("{}{unit}", secs / size));
            secs %= size;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_ms_matches_chrono_formatting() {
        for ms in [
            0,
            1,
            999,
            1_655_481_331_085,
            1_767_258_000_000,
            253_402_300_799_999,
            -1,
        ] {
            let t = DateTime::<Utc>::from_timestamp_millis(ms).unwrap();
            assert_eq!(
                rfc3339_ms(ms),
                t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
            );
        }
        assert_eq!(rfc3339_ms(1_655_481_331_085), "2022-06-17T15:55:31.085Z");
    }
    use chrono::FixedOffset;

    /// Monday 2026-11-23 10:00 at UTC+1.
    fn clock() -> DateTime<FixedOffset> {
        FixedOffset::east_opt(3600)
            .unwrap()
            .with_ymd_and_hms(2026, 11, 23, 10, 0, 0)
            .unwrap()
    }

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn every_accepted_form_at_a_fixed_clock() {
        let cases = [
            ("2022-06-15T00:00:00Z", "2022-06-15T00:00:00Z"),
            ("2022-06-17T02:02:28Z", "2022-06-17T02:02:28Z"),
            ("2022-06-17T02:02:28.250Z", "2022-06-17T02:02:28.250Z"),
            ("2026-12-01T10:00:00+01:00", "2026-12-01T09:00:00Z"),
            ("2026-12-01T10:00+01:00", "2026-12-01T09:00:00Z"),
            ("2026-12-01T09:00Z", "2026-12-01T09:00:00Z"),
            ("2026-12-01T09:00:00", "2026-12-01T08:00:00Z"),
            ("2026-12-01T09:00", "2026-12-01T08:00:00Z"),
            ("2026-12-01 09:00:30", "2026-12-01T08:00:30Z"),
            ("2026-12-01", "2026-11-30T23:00:00Z"),
            ("@1767258000", "2026-01-01T09:00:00Z"),
            ("now", "2026-11-23T09:00:00Z"),
            ("NOW", "2026-11-23T09:00:00Z"),
            ("in 20 seconds", "2026-11-23T09:00:20Z"),
            ("in 1 second", "2026-11-23T09:00:01Z"),
            ("in 20 minutes", "2026-11-23T09:20:00Z"),
            ("in 1 minute", "2026-11-23T09:01:00Z"),
            ("in 2 hours", "2026-11-23T11:00:00Z"),
            ("in an hour", "2026-11-23T10:00:00Z"),
            ("in 1 day", "2026-11-24T09:00:00Z"),
            ("in 3 days", "2026-11-26T09:00:00Z"),
            ("in 1 week", "2026-11-30T09:00:00Z"),
            ("in 2 weeks", "2026-12-07T09:00:00Z"),
            ("in 1 hour 30 minutes", "2026-11-23T10:30:00Z"),
            ("20 minutes from now", "2026-11-23T09:20:00Z"),
            ("32 days from now", "2026-12-25T09:00:00Z"),
            ("90s", "2026-11-23T09:01:30Z"),
            ("45m", "2026-11-23T09:45:00Z"),
            ("1h30m", "2026-11-23T10:30:00Z"),
            ("2d", "2026-11-25T09:00:00Z"),
            ("1w", "2026-11-30T09:00:00Z"),
            // Calendar phrases, local time (UTC+1).
            ("tomorrow 9am", "2026-11-24T08:00:00Z"),
            ("9am tomorrow", "2026-11-24T08:00:00Z"),
            ("tomorrow at 9am", "2026-11-24T08:00:00Z"),
            ("tomorrow 9 am", "2026-11-24T08:00:00Z"),
            ("Tomorrow 9AM", "2026-11-24T08:00:00Z"),
            // "friday" is the coming one; "next friday" the one in next week.
            ("friday 8pm", "2026-11-27T19:00:00Z"),
            ("this friday 8pm", "2026-11-27T19:00:00Z"),
            ("next friday 8pm", "2026-12-04T19:00:00Z"),
            // A weekday that names today: today if still ahead, else next week.
            ("monday 14:30", "2026-11-23T13:30:00Z"),
            ("monday 9am", "2026-11-30T08:00:00Z"),
            ("wednesday 14:00", "2026-11-25T13:00:00Z"),
            ("tomorrow noon", "2026-11-24T11:00:00Z"),
            ("tomorrow midnight", "2026-11-23T23:00:00Z"),
            // A time of day alone: its next occurrence.
            ("noon", "2026-11-23T11:00:00Z"),
            ("midnight", "2026-11-23T23:00:00Z"),
            ("9am", "2026-11-24T08:00:00Z"),
            ("17:30", "2026-11-23T16:30:00Z"),
            ("11:59pm", "2026-11-23T22:59:00Z"),
        ];
        for (input, expected) in cases {
            assert_eq!(
                parse_when(input, clock()),
                Ok(utc(expected)),
                "input {input:?}"
            );
        }
    }

    #[test]
    fn unreadable_input_names_the_value() {
        let cases = [
            ("", "it is empty"),
            ("   ", "it is empty"),
            ("soon", "not a form anticip knows"),
            ("in 20 fortnights", "unknown unit \"fortnights\""),
            ("in minutes", "expected a number"),
            ("in 20", "20 needs a unit"),
            ("2026-13-01", "not a valid date"),
            ("2026-12-01T25:00:00Z", "not a valid date"),
            ("@abc", "whole unix seconds"),
            ("tomorrow 25:00", "\"25:00\" is not a time of day"),
            ("tomorrow 13pm", "\"13pm\" is not a time of day"),
            ("tomorrow 9am 10pm", "more than one time"),
        ];
        for (input, reason) in cases {
            let err = parse_when(input, clock()).expect_err(input);
            assert_eq!(err.input, input);
            assert!(err.reason.contains(reason), "{input:?}: {}", err.reason);
        }
    }

    #[test]
    fn a_time_in_a_daylight_saving_gap_is_refused() {
        // Europe/Berlin skips 02:00–03:00 on 2026-03-29.
        let berlin = chrono_tz::Europe::Berlin
            .with_ymd_and_hms(2026, 3, 20, 12, 0, 0)
            .unwrap();
        let err = parse_when("2026-03-29T02:30", berlin).unwrap_err();
        assert!(err.reason.contains("daylight-saving gap"), "{}", err.reason);
        // The repeated hour in autumn takes the first occurrence.
        let fall = parse_when("2026-10-25T02:30", berlin).unwrap();
        assert_eq!(fall, utc("2026-10-25T00:30:00Z"));
    }

    #[test]
    fn durations() {
        let cases = [
            ("30s", 30_000),
            ("500ms", 500),
            ("1h30m", 5_400_000),
            ("20 minutes", 1_200_000),
            ("45", 45_000),
            ("2d", 172_800_000),
        ];
        for (input, ms) in cases {
            assert_eq!(
                parse_duration(input),
                Ok(Duration::from_millis(ms)),
                "{input}"
            );
        }
        for bad in ["", "fast", "10 parsecs", "-5s"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
        assert_eq!(format_duration(Duration::from_secs(5400)), "1h30m");
        assert_eq!(format_duration(Duration::from_millis(250)), "250ms");
    }

    #[test]
    fn humanized_offsets() {
        assert_eq!(humanize_from(0, 20 * 60_000), "in 20m");
        assert_eq!(humanize_from(0, 90 * 60_000), "in 1h30m");
        assert_eq!(humanize_from(0, 32 * 86_400_000), "in 32d");
        assert_eq!(humanize_from(10_000, 0), "10s ago");
    }
}
