//! The JSON shapes of syncs, records and change events, shared by `--json`
//! and the HTTP API. Change events are exactly Sequin's event objects.

use serde::Serialize;
use serde_json::value::RawValue;

use super::{Change, Collection, Record, Sync, encode_seq};
use crate::time::rfc3339_ms;

fn raw(data: &str) -> Box<RawValue> {
    RawValue::from_string(data.to_string())
        .unwrap_or_else(|_| RawValue::from_string("null".into()).expect("valid JSON"))
}

/// One change, as Sequin's event stream shows it.
#[derive(Debug, Serialize)]
pub struct ChangeView {
    pub sync_id: String,
    pub collection_id: String,
    pub upstream_id: String,
    pub upstream_updated_at: Option<String>,
    pub data: Box<RawValue>,
    /// created | updated | deleted
    pub event: String,
    pub event_id: String,
    pub event_inserted_at: String,
    /// Sequin's opaque cursor: the sequence number, base64-encoded.
    pub seq: String,
}

impl ChangeView {
    pub fn new(c: &Change) -> ChangeView {
        ChangeView {
            sync_id: c.sync_id.clone(),
            collection_id: c.collection_id.clone(),
            upstream_id: c.upstream_id.clone(),
            upstream_updated_at: c.upstream_updated_at.map(rfc3339_ms),
            data: raw(&c.data),
            event: c.event.clone(),
            event_id: c.event_id.clone(),
            event_inserted_at: rfc3339_ms(c.inserted_at),
            seq: encode_seq(c.seq),
        }
    }
}

/// The latest version of one record.
#[derive(Debug, Serialize)]
pub struct RecordView {
    pub sync_id: String,
    pub collection_id: String,
    pub upstream_id: String,
    pub upstream_updated_at: Option<String>,
    pub data: Box<RawValue>,
    pub inserted_at: String,
    pub updated_at: String,
    /// The seq of the change that wrote this version; page with `after_seq`.
    pub seq: String,
}

impl RecordView {
    pub fn new(r: &Record) -> RecordView {
        RecordView {
            sync_id: r.sync_id.clone(),
            collection_id: r.collection_id.clone(),
            upstream_id: r.upstream_id.clone(),
            upstream_updated_at: r.upstream_updated_at.map(rfc3339_ms),
            data: raw(&r.data),
            inserted_at: rfc3339_ms(r.inserted_at),
            updated_at: rfc3339_ms(r.updated_at),
            seq: encode_seq(r.seq),
        }
    }
}

/// A sync as Sequin's Management API shows it, with its status.
#[derive(Debug, Serialize)]
pub struct SyncView {
    pub id: String,
    pub name: String,
    pub provider: String,
    pub collection_ids: Vec<String>,
    pub rate_limit: RateLimitView,
    pub credential_id: Option<String>,
    pub metadata: serde_json::Value,
    pub created_at: String,
    pub base_url: String,
    pub every_ms: i64,
    /// paused, or the most pressing state of its collections:
    /// erroring > throttled > backfilling > polling.
    pub status: &'static str,
    pub collections: Vec<CollectionView>,
}

#[derive(Debug, Serialize)]
pub struct RateLimitView {
    pub allowed_requests: Option<u32>,
    /// Seconds, as Sequin gives it: a whole number when it is one (60, not 60.0).
    pub interval: Option<serde_json::Number>,
    pub max_concurrent_requests: u32,
}

#[derive(Debug, Serialize)]
pub struct CollectionView {
    pub collection_id: String,
    /// backfilling | polling | throttled | erroring | paused
    pub state: &'static str,
    pub phase: &'static str,
    pub records: i64,
    /// Of the pass under way: pages and records fetched, and the API's total when it gives one.
    pub progress: Progress,
    pub throttled_until: Option<String>,
    pub last_error: Option<ErrorView>,
    pub backfilled_at: Option<String>,
    pub last_poll_at: Option<String>,
    /// How far behind the copy may be: time since the last complete pass or poll began.
    pub lag_ms: Option<i64>,
    pub next_step_at: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Progress {
    pub pages: i64,
    pub records: i64,
    pub estimated_total: Option<i64>,
}

#[derive(Debug, Serialize)]
pub struct ErrorView {
    pub message: String,
    pub at: Option<String>,
    pub upstream_status: Option<u16>,
    pub upstream_body: Option<String>,
}

/// A collection's status, with its record count and next step time.
pub struct CollectionStatus {
    pub collection: Collection,
    pub record_count: i64,
    pub next_step_at: Option<i64>,
}

impl SyncView {
    pub fn new(sync: &Sync, collections: &[CollectionStatus], now: i64) -> SyncView {
        let views: Vec<CollectionView> = collections
            .iter()
            .map(|s| CollectionView::new(&s.collection, s, sync.paused, now))
            .collect();
        let status = if sync.paused {
            "paused"
        } else {
            ["erroring", "throttled", "backfilling", "polling"]
                .into_iter()
                .find(|state| views.iter().any(|v| v.state == *state))
                .unwrap_or("polling")
        };
        SyncView {
            id: sync.id.clone(),
            name: sync.name.clone(),
            provider: sync.provider.clone(),
            collection_ids: sync
                .config
                .collections
                .iter()
                .map(|c| c.id.clone())
                .collect(),
            rate_limit: RateLimitView {
                allowed_requests: sync.rate_limit.map(|r| r.allowed_requests),
                interval: sync.rate_limit.map(|r| seconds(r.interval_ms)),
                max_concurrent_requests: sync.max_concurrent,
            },
            credential_id: sync.credential_id.clone(),
            metadata: sync.metadata.clone(),
            created_at: rfc3339_ms(sync.created_at),
            base_url: sync.config.base_url.clone(),
            every_ms: sync.every_ms,
            status,
            collections: views,
        }
    }
}

fn seconds(ms: i64) -> serde_json::Number {
    if ms % 1000 == 0 {
        (ms / 1000).into()
    } else {
        serde_json::Number::from_f64(ms as f64 / 1000.0).unwrap_or_else(|| 0.into())
    }
}

impl CollectionView {
    fn new(c: &Collection, s: &CollectionStatus, paused: bool, now: i64) -> CollectionView {
        CollectionView {
            collection_id: c.collection_id.clone(),
            state: c.state(paused, now).as_str(),
            phase: c.phase.as_str(),
            records: s.record_count,
            progress: Progress {
                pages: c.pages,
                records: c.records,
                estimated_total: c.estimated_total,
            },
            throttled_until: c.throttled_until.filter(|t| *t > now).map(rfc3339_ms),
            last_error: c.last_error.as_ref().map(|message| ErrorView {
                message: message.clone(),
                at: c.last_error_at.map(rfc3339_ms),
                upstream_status: c.last_status,
                upstream_body: c.last_body.clone(),
            }),
            backfilled_at: c.backfilled_at.map(rfc3339_ms),
            last_poll_at: c.last_poll_at.map(rfc3339_ms),
            lag_ms: c.lag_ms(now),
            next_step_at: s.next_step_at.map(rfc3339_ms),
        }
    }
}
