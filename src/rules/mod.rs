//! Rules, as Sequence's Remote API defines them: an action that something
//! outside can fire over HTTP (a trigger URL with a secret and idempotency
//! keys), a schedule can fire, or a person can fire; whose amount is fixed or
//! asked from the user's own service ("Query Remote API").
//!
//! Each accepted trigger makes a run. A rule's runs go one at a time by
//! default: only the runs at the head of a rule's queue have an engine job.

pub mod api;
pub mod cli;
mod ring;
pub mod run;
pub mod schedule;
pub mod store;
mod view;

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

pub use ring::RuleRing;
pub use schedule::Schedule;
pub use view::{RuleView, RunView};

/// How a rule is meant to be fired. Any rule can also be fired by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Trigger {
    /// By POST to its trigger URL, with its secret
    Remote,
    /// By its schedule (--cron or --every)
    Schedule,
    /// Only by hand (`anticip rule trigger`)
    Manual,
}

/// The state of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunStatus {
    /// Accepted, waiting for its turn
    Queued,
    /// Asking for the amount or calling the action (retries included)
    Running,
    Succeeded,
    Failed,
    /// `serve` stopped while it ran; it is not run again by itself
    Interrupted,
}

macro_rules! names {
    ($ty:ty, { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            pub fn as_str(self) -> &'static str {
                match self { $(<$ty>::$variant => $name),+ }
            }
        }
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl FromStr for $ty {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s {
                    $($name => Ok(<$ty>::$variant),)+
                    _ => Err(format!("unknown {} {s:?}", stringify!($ty))),
                }
            }
        }
    };
}

names!(Trigger, { Remote => "remote", Schedule => "schedule", Manual => "manual" });
names!(RunStatus, {
    Queued => "queued", Running => "running", Succeeded => "succeeded",
    Failed => "failed", Interrupted => "interrupted",
});

/// Where a run's amount comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Amount {
    Fixed(i64),
    /// POST to this URL; the reply is `{"amountInCents": N}`, at most `cap`.
    Remote {
        url: String,
        cap: Option<i64>,
    },
}

/// At most `requests` triggers per `interval` for one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub requests: u32,
    pub interval: Duration,
}

impl RateLimit {
    pub const DEFAULT: RateLimit = RateLimit {
        requests: 100,
        interval: Duration::from_secs(1),
    };
}

impl fmt::Display for RateLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}/{}",
            self.requests,
            crate::time::format_duration(self.interval)
        )
    }
}

/// `N/INTERVAL`, e.g. `100/1s`, `10/1m`.
pub fn parse_rate_limit(text: &str) -> Result<RateLimit, String> {
    let (n, interval) = text
        .split_once('/')
        .ok_or_else(|| format!("{text:?} is not a rate; write it as N/INTERVAL, e.g. 100/1s"))?;
    let requests: u32 = n
        .trim()
        .parse()
        .ok()
        .filter(|n| *n > 0)
        .ok_or_else(|| format!("{n:?} is not a positive whole number of requests"))?;
    let interval = crate::time::parse_duration(interval)?;
    if interval.is_zero() {
        return Err("the interval must be longer than 0s".into());
    }
    Ok(RateLimit { requests, interval })
}

pub const DEFAULT_MAX_ATTEMPTS: u32 = 10;
pub const DEFAULT_IDEMPOTENCY_TTL: Duration = Duration::from_secs(24 * 3600);
/// Trigger bodies larger than this are refused (413).
pub const MAX_TRIGGER_BODY: usize = 64 * 1024;

/// A rule as stored. Secrets are not here: only their hashes and the
/// outbound token are stored, and they are read where they are needed.
#[derive(Debug, Clone)]
pub struct Rule {
    pub seq: i64,
    pub id: String,
    pub name: String,
    pub enabled: bool,
    pub trigger: Trigger,
    pub schedule: Option<Schedule>,
    pub action_url: String,
    pub amount: Amount,
    pub timeout: Duration,
    pub max_attempts: u32,
    pub max_concurrent_runs: u32,
    pub rate_limit: RateLimit,
    pub idempotency_ttl: Duration,
    pub created_at: i64,
}

/// A run of a rule.
#[derive(Debug, Clone)]
pub struct Run {
    pub seq: i64,
    pub request_id: String,
    pub rule_seq: i64,
    pub rule_id: String,
    pub trigger: Trigger,
    pub triggered_at: i64,
    pub status: RunStatus,
    pub amount_cents: Option<i64>,
    pub attempt_count: u32,
    pub next_attempt_at: Option<i64>,
    pub started_at: Option<i64>,
    pub finished_at: Option<i64>,
    pub error: Option<String>,
    pub idempotency_key: Option<String>,
}

/// One outbound call of a run: the amount query or the action.
#[derive(Debug, Clone)]
pub struct RunAttempt {
    pub n: u32,
    /// `amount` or `action`
    pub step: String,
    pub started_at: i64,
    pub duration_ms: i64,
    /// succeeded | retry | failed
    pub outcome: String,
    pub status_code: Option<u16>,
    pub error: Option<String>,
    pub response: Option<String>,
}

/// What identifies a trigger's body for its idempotency key: the SHA-256 of
/// the parsed JSON written compactly, so whitespace does not count but every
/// value (and the order of an object's keys) does. A trigger by hand counts as
/// the body `{}`, the body of Sequence's example.
pub fn fingerprint(body: &serde_json::Value) -> [u8; 32] {
    use sha2::Digest;
    let compact = serde_json::to_vec(body).expect("a parsed value serializes");
    sha2::Sha256::digest(&compact).into()
}

/// `idempotency-key`: 1 to 255 visible ASCII characters.
pub fn check_idempotency_key(key: &str) -> Result<(), String> {
    if key.is_empty() || key.len() > 255 {
        return Err(format!("must be 1 to 255 characters, not {}", key.len()));
    }
    if let Some(bad) = key.chars().find(|c| !c.is_ascii_graphic()) {
        return Err(format!("must be visible ASCII characters; {bad:?} is not"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_limits() {
        assert_eq!(
            parse_rate_limit("100/1s"),
            Ok(RateLimit {
                requests: 100,
                interval: Duration::from_secs(1)
            })
        );
        assert_eq!(parse_rate_limit("10/1m").unwrap().to_string(), "10/1m");
        for bad in ["100", "0/1s", "x/1s", "10/0s", "10/soon"] {
            assert!(parse_rate_limit(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn idempotency_keys() {
        assert!(check_idempotency_key("63d46d6e-16dd-4489-81d3-17c8ffc95c45").is_ok());
        assert!(check_idempotency_key(&"k".repeat(255)).is_ok());
        assert!(check_idempotency_key("").is_err());
        assert!(check_idempotency_key(&"k".repeat(256)).is_err());
        assert!(
            check_idempotency_key("has space")
                .unwrap_err()
                .contains("' '")
        );
        assert!(check_idempotency_key("café").is_err());
    }
}
