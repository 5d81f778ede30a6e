//! Syncs, as Sequin defines them: keep a faithful copy of a third-party API's
//! collections in the SQLite file, and a durable stream of every change to
//! them. The model and its validation live here; how an API is described in
//! `config`, SQL in `store`, requests and pages in `fetch`, rate limits in
//! `limits`, the engine job in `job`, JSON shapes in `view`, the shell in `cli`,
//! Sequin's HTTP API in `api`.

pub mod api;
pub mod cli;
pub mod config;
pub mod fetch;
pub mod job;
pub mod limits;
pub mod metrics;
pub mod store;
pub mod view;

use std::sync::Arc;
use std::time::Duration;

use config::ProviderConfig;

pub use view::{ChangeView, RecordView, SyncView};

/// Tells readers waiting on the change stream (long polls) that a step of
/// this process committed new changes. Other processes' commits reach them
/// through [`crate::engine::Engine::outside_writes`].
#[derive(Clone)]
pub struct Feed(Arc<tokio::sync::watch::Sender<u64>>);

impl Default for Feed {
    fn default() -> Feed {
        Feed(Arc::new(tokio::sync::watch::Sender::new(0)))
    }
}

impl Feed {
    pub fn changed(&self) {
        self.0.send_modify(|n| *n = n.wrapping_add(1));
    }

    /// Subscribe before reading, so that a commit between the read and the
    /// wait is not missed.
    pub fn subscribe(&self) -> tokio::sync::watch::Receiver<u64> {
        self.0.subscribe()
    }
}

/// A provider: a built-in preset or a described HTTP API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Provider {
    /// Stripe's API (collections stripe:customer, stripe:invoice, …)
    Stripe,
    /// A json-server-style API: /<collection>?_page=N&_limit=100
    JsonServer,
    /// Any JSON REST API, described in a TOML file (--config)
    Http,
}

impl Provider {
    pub fn as_str(self) -> &'static str {
        match self {
            Provider::Stripe => "stripe",
            Provider::JsonServer => "json-server",
            Provider::Http => "http",
        }
    }

    /// The rate limit a sync gets when none is given: Stripe's documented
    /// test-mode limit (25 requests a second) for Stripe; none otherwise.
    pub fn default_rate_limit(self) -> Option<RateLimit> {
        match self {
            Provider::Stripe => Some(RateLimit {
                allowed_requests: 25,
                interval_ms: 1000,
            }),
            _ => None,
        }
    }

    pub fn parse(s: &str) -> Option<Provider> {
        match s {
            "stripe" => Some(Provider::Stripe),
            "json-server" | "json_server" => Some(Provider::JsonServer),
            "http" => Some(Provider::Http),
            _ => None,
        }
    }
}

/// Sequin's rate limit: at most `allowed_requests` per `interval`, and at
/// most `max_concurrent_requests` at once (0: no limit).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub allowed_requests: u32,
    pub interval_ms: i64,
}

pub const MAX_ALLOWED_REQUESTS: u32 = 10_000;
pub const MAX_RATE_INTERVAL: Duration = Duration::from_secs(86_400);
pub const DEFAULT_EVERY: Duration = Duration::from_secs(30);
pub const MIN_EVERY: Duration = Duration::from_secs(1);

/// `100/60s`, `25/1s`, `1000/1h`.
pub fn parse_rate_limit(text: &str) -> Result<RateLimit, String> {
    let (n, interval) = text
        .split_once('/')
        .ok_or_else(|| format!("{text:?} is not a rate limit; write N/INTERVAL, e.g. 100/60s"))?;
    let allowed_requests: u32 = n.trim().parse().map_err(|_| {
        format!("{n:?} in {text:?} is not a number of requests; write N/INTERVAL, e.g. 100/60s")
    })?;
    let interval = crate::time::parse_duration(interval)?;
    check_rate_limit(allowed_requests, interval)?;
    Ok(RateLimit {
        allowed_requests,
        interval_ms: interval.as_millis() as i64,
    })
}

pub fn check_rate_limit(allowed: u32, interval: Duration) -> Result<(), String> {
    if !(1..=MAX_ALLOWED_REQUESTS).contains(&allowed) {
        return Err(format!(
            "{allowed} requests is out of range; allow 1 to {MAX_ALLOWED_REQUESTS} per interval"
        ));
    }
    if interval < Duration::from_millis(100) || interval > MAX_RATE_INTERVAL {
        return Err(format!(
            "an interval of {} is out of range; give 100ms to 1d",
            crate::time::format_duration(interval)
        ));
    }
    Ok(())
}

/// A field of a new sync that is not acceptable, and why.
pub use crate::events::{Invalid, invalid};

/// A sync as asked for, before validation.
#[derive(Debug, Clone)]
pub struct Draft {
    pub provider: Provider,
    pub name: String,
    /// Empty: every collection of the provider description (not for Stripe).
    pub collections: Vec<String>,
    /// The TOML description (http only).
    pub config_toml: Option<String>,
    pub base_url: Option<String>,
    /// Id or name, resolved by the store.
    pub credential: Option<String>,
    pub rate_limit: Option<RateLimit>,
    pub max_concurrent: u32,
    pub every: Duration,
    pub metadata: serde_json::Value,
}

/// A validated sync, ready to store.
#[derive(Debug, Clone)]
pub struct NewSync {
    pub provider: Provider,
    pub name: String,
    pub config: ProviderConfig,
    pub credential: Option<String>,
    pub rate_limit: Option<RateLimit>,
    pub max_concurrent: u32,
    pub every_ms: i64,
    pub metadata: serde_json::Value,
}

impl Draft {
    pub fn validate(self) -> Result<NewSync, Invalid> {
        let name = self.name.trim().to_string();
        if name.is_empty() {
            return Err(invalid("name", "is required: give the sync a name"));
        }
        if let Some(url) = &self.base_url {
            crate::events::check_url("base_url", url)?;
        }
        let mut config = match self.provider {
            Provider::Stripe => {
                if self.config_toml.is_some() {
                    return Err(invalid(
                        "config",
                        "is for --provider http; the stripe provider is built in",
                    ));
                }
                if self.credential.is_none() {
                    return Err(invalid(
                        "credential",
                        "is required for stripe: add one with `anticip credential add stripe`",
                    ));
                }
                let all = config::stripe();
                let wanted = if self.collections.is_empty() {
                    return Err(invalid(
                        "collection_ids",
                        format!(
                            "name the collections to sync, e.g. stripe:customer,stripe:invoice (any of {})",
                            config::stripe_collection_ids().join(", ")
                        ),
                    ));
                } else {
                    self.collections.clone()
                };
                pick(&all, &wanted)?
            }
            Provider::JsonServer => {
                let base = self.base_url.clone().ok_or_else(|| {
                    invalid("base_url", "is required for json-server: where the API is")
                })?;
                if self.collections.is_empty() {
                    return Err(invalid(
                        "collection_ids",
                        "name the resources to sync, e.g. posts,comments",
                    ));
                }
                for c in &self.collections {
                    if c.is_empty() || c.contains(['?', '#', ' ']) {
                        return Err(invalid(
                            "collection_ids",
                            format!("{c:?} is not a resource name like posts"),
                        ));
                    }
                }
                config::json_server(&base, &self.collections)
            }
            Provider::Http => {
                let text = self.config_toml.as_deref().ok_or_else(|| {
                    invalid(
                        "config",
                        "is required for --provider http: a TOML file describing the API",
                    )
                })?;
                let all = ProviderConfig::from_toml(text).map_err(|e| invalid("config", e.0))?;
                if self.collections.is_empty() {
                    all
                } else {
                    pick(&all, &self.collections)?
                }
            }
        };
        if let Some(url) = self.base_url {
            config.base_url = url.trim().trim_end_matches('/').to_string();
        }
        config.check().map_err(|e| invalid("config", e.0))?;
        if self.every < MIN_EVERY || self.every > Duration::from_secs(7 * 86_400) {
            return Err(invalid(
                "every",
                format!(
                    "{} is out of range; poll every 1s to 7d",
                    crate::time::format_duration(self.every)
                ),
            ));
        }
        if !self.metadata.is_object() {
            return Err(invalid("metadata", "must be a JSON object"));
        }
        Ok(NewSync {
            provider: self.provider,
            name,
            config,
            credential: self.credential,
            rate_limit: self.rate_limit,
            max_concurrent: self.max_concurrent,
            every_ms: self.every.as_millis() as i64,
            metadata: self.metadata,
        })
    }
}

/// The described collections named in `wanted`, in that order.
fn pick(all: &ProviderConfig, wanted: &[String]) -> Result<ProviderConfig, Invalid> {
    let mut config = all.clone();
    config.collections.clear();
    for id in wanted {
        let spec = all.collection(id).ok_or_else(|| {
            let known: Vec<&str> = all.collections.iter().map(|c| c.id.as_str()).collect();
            invalid(
                "collection_ids",
                format!("unknown collection {id:?}; use any of {}", known.join(", ")),
            )
        })?;
        if config.collection(id).is_some() {
            return Err(invalid("collection_ids", format!("{id:?} is listed twice")));
        }
        config.collections.push(spec.clone());
    }
    Ok(config)
}

/// A stored sync.
#[derive(Debug, Clone)]
pub struct Sync {
    pub seq: i64,
    pub id: String,
    pub name: String,
    pub provider: String,
    pub credential_id: Option<String>,
    pub config: ProviderConfig,
    pub rate_limit: Option<RateLimit>,
    pub max_concurrent: u32,
    pub every_ms: i64,
    pub paused: bool,
    pub metadata: serde_json::Value,
    pub created_at: i64,
}

impl Sync {
    /// Rate limits and pauses are shared by every sync of one credential.
    pub fn bucket(&self) -> String {
        match &self.credential_id {
            Some(id) => format!("credential:{id}"),
            None => format!("sync:{}", self.id),
        }
    }
}

/// Where a collection is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Backfilling,
    Polling,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Backfilling => "backfilling",
            Phase::Polling => "polling",
        }
    }
}

/// One collection of a sync, with its status.
#[derive(Debug, Clone)]
pub struct Collection {
    pub seq: i64,
    pub sync_seq: i64,
    pub collection_id: String,
    pub phase: Phase,
    pub step: i64,
    pub pass: Option<fetch::Pass>,
    pub pass_no: i64,
    pub watermark: Option<i64>,
    pub synced_through: Option<i64>,
    pub last_poll_at: Option<i64>,
    pub backfilled_at: Option<i64>,
    pub pages: i64,
    pub records: i64,
    pub estimated_total: Option<i64>,
    pub throttled_until: Option<i64>,
    pub last_error: Option<String>,
    pub last_error_at: Option<i64>,
    pub last_status: Option<u16>,
    pub last_body: Option<String>,
}

/// What a person is told a collection is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Paused,
    Throttled,
    Erroring,
    Backfilling,
    Polling,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Paused => "paused",
            State::Throttled => "throttled",
            State::Erroring => "erroring",
            State::Backfilling => "backfilling",
            State::Polling => "polling",
        }
    }

    pub const ALL: [State; 5] = [
        State::Paused,
        State::Throttled,
        State::Erroring,
        State::Backfilling,
        State::Polling,
    ];
}

impl Collection {
    pub fn state(&self, paused: bool, now: i64) -> State {
        if paused {
            State::Paused
        } else if self.throttled_until.is_some_and(|t| t > now) {
            State::Throttled
        } else if self.last_error.is_some() {
            State::Erroring
        } else if self.phase == Phase::Backfilling {
            State::Backfilling
        } else {
            State::Polling
        }
    }

    /// How far behind upstream the copy may be: time since the last complete
    /// pass or poll began.
    pub fn lag_ms(&self, now: i64) -> Option<i64> {
        self.synced_through.map(|t| (now - t).max(0))
    }
}

/// A change to a record, as stored.
#[derive(Debug, Clone)]
pub struct Change {
    pub seq: i64,
    pub event_id: String,
    pub sync_id: String,
    pub collection_id: String,
    pub upstream_id: String,
    pub upstream_updated_at: Option<i64>,
    pub event: String,
    pub data: String,
    pub inserted_at: i64,
}

/// A record, as stored.
#[derive(Debug, Clone)]
pub struct Record {
    pub sync_id: String,
    pub collection_id: String,
    pub upstream_id: String,
    pub upstream_updated_at: Option<i64>,
    pub data: String,
    pub seq: i64,
    pub inserted_at: i64,
    pub updated_at: i64,
}

/// Sequin's `seq` cursor: the decimal sequence number, base64-encoded
/// (`605` is `"NjA1"`).
pub fn encode_seq(seq: i64) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(seq.to_string())
}

/// A cursor as given back: Sequin's base64 form or a plain number.
pub fn decode_seq(text: &str) -> Option<i64> {
    use base64::Engine as _;
    let text = text.trim();
    if let Ok(n) = text.parse::<i64>() {
        return (n >= 0).then_some(n);
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(text)
        .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(text))
        .ok()?;
    std::str::from_utf8(&bytes).ok()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seq_cursors_are_sequins() {
        assert_eq!(encode_seq(605), "NjA1");
        assert_eq!(decode_seq("NjA1"), Some(605));
        assert_eq!(decode_seq("605"), Some(605));
        assert_eq!(decode_seq("nope!"), None);
        assert_eq!(decode_seq("-1"), None);
    }

    #[test]
    fn rate_limits() {
        assert_eq!(
            parse_rate_limit("100/60s"),
            Ok(RateLimit {
                allowed_requests: 100,
                interval_ms: 60_000
            })
        );
        for (text, message) in [
            ("100", "write N/INTERVAL"),
            ("x/60s", "not a number of requests"),
            ("0/60s", "out of range"),
            ("10/2d", "out of range"),
            ("10/fast", "cannot read \"fast\""),
        ] {
            let err = parse_rate_limit(text).unwrap_err();
            assert!(err.contains(message), "{text}: {err}");
        }
    }
}
