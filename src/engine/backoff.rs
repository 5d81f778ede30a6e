//! Retry timing: exponential backoff with jitter, and `Retry-After`.

use std::time::{Duration, SystemTime};

/// `base × factor^(n−1)` after the n-th failure, capped, then jittered by ±20 %
/// so that a burst of failures does not come back as a burst of retries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    pub base: Duration,
    pub factor: u32,
    pub cap: Duration,
}

impl Default for Backoff {
    /// 10s, 30s, 1m30s, 4m30s, 13m30s, 40m30s, then every hour.
    fn default() -> Self {
        Backoff {
            base: Duration::from_secs(10),
            factor: 3,
            cap: Duration::from_secs(3600),
        }
    }
}

impl Backoff {
    /// The delay before the next attempt after `failures` failed ones, without jitter.
    pub fn nominal(&self, failures: u32) -> Duration {
        let mut delay = self.base;
        for _ in 1..failures.max(1) {
            delay = delay.saturating_mul(self.factor);
            if delay >= self.cap {
                return self.cap;
            }
        }
        delay.min(self.cap)
    }

    /// The delay with ±20 % jitter.
    pub fn delay(&self, failures: u32) -> Duration {
        self.nominal(failures).mul_f64(rand::random_range(0.8..1.2))
    }
}

/// A `Retry-After` value: delay-seconds or an HTTP date. `0`, a date in the
/// past and garbage all mean "no advice": back off normally.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    let delay = match value.parse::<u64>() {
        Ok(secs) => Duration::from_secs(secs),
        Err(_) => httpdate::parse_http_date(value)
            .ok()?
            .duration_since(now)
            .ok()?,
    };
    (!delay.is_zero()).then_some(delay)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_schedule() {
        let b = Backoff::default();
        let secs: Vec<u64> = (1..=8).map(|n| b.nominal(n).as_secs()).collect();
        assert_eq!(secs, [10, 30, 90, 270, 810, 2430, 3600, 3600]);
        for n in 1..=8 {
            let d = b.delay(n).as_secs_f64();
            let nominal = b.nominal(n).as_secs_f64();
            assert!(d >= nominal * 0.8 && d <= nominal * 1.2, "{n}: {d}");
        }
    }

    #[test]
    fn retry_after_forms() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_480); // Wed, 21 Oct 2015 07:28:00 GMT
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:30:00 GMT", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(parse_retry_after("0", now), None);
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now),
            None
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }
}
