//! Rate limits, as Sequin defines them: at most `allowed_requests` per
//! `interval` and at most `max_concurrent_requests` in flight.
//!
//! Every request a sync makes is first written to its bucket (its credential,
//! shared by all syncs that use it) in the store, so the limit holds across
//! syncs, processes and restarts. The check is a sliding window over those
//! request times: a request is allowed when fewer than `allowed_requests`
//! were made in the `interval` before it. A `Retry-After` pauses the whole
//! bucket until then.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, OptionalExtension, params};
use tokio::sync::Semaphore;

use super::{MAX_ALLOWED_REQUESTS, MAX_RATE_INTERVAL, RateLimit};

/// Requests are spaced this much more than the window strictly needs, and a
/// request goes out within half of it after its slot was taken (else it takes
/// another), so that delays between the two never squeeze one request too
/// many into the API's own window.
pub const GUARD_MS: i64 = 100;

/// May a request go now?
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Granted,
    /// Not before this time (ms): the bucket is paused or full.
    WaitUntil {
        at: i64,
        paused: bool,
    },
}

fn bucket_row(conn: &Connection, bucket: &str) -> rusqlite::Result<(i64, Vec<i64>)> {
    let row: Option<(i64, String)> = conn
        .prepare_cached("SELECT paused_until, recent FROM sync_rate WHERE bucket = ?1")?
        .query_row([bucket], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    Ok(match row {
        Some((paused, recent)) => (paused, serde_json::from_str(&recent).unwrap_or_default()),
        None => (0, Vec::new()),
    })
}

/// What a bucket must remember: the longest interval of the syncs that
/// share it; `None` when none of them has a rate limit.
pub fn bucket_window(
    conn: &Connection,
    credential_id: Option<&str>,
) -> rusqlite::Result<Option<i64>> {
    match credential_id {
        Some(id) => conn
            .prepare_cached("SELECT max(rate_interval_ms) FROM syncs WHERE credential_id = ?1")?
            .query_row([id], |r| r.get(0)),
        None => Ok(None),
    }
}

/// Inside a write transaction: take a request slot in `bucket` under
/// `limit` at `now`, or say when to come back. Request times are kept as
/// long as `keep_ms` (the bucket's longest interval) needs them.
pub fn take(
    conn: &Connection,
    bucket: &str,
    limit: Option<RateLimit>,
    keep_ms: Option<i64>,
    now: i64,
) -> rusqlite::Result<Slot> {
    let (paused_until, mut recent) = bucket_row(conn, bucket)?;
    if paused_until > now {
        return Ok(Slot::WaitUntil {
            at: paused_until,
            paused: true,
        });
    }
    if let Some(limit) = limit {
        let window = limit.interval_ms + GUARD_MS;
        let in_window: Vec<i64> = recent
            .iter()
            .copied()
            .filter(|t| *t > now - window)
            .collect();
        let allowed = limit.allowed_requests as usize;
        if in_window.len() >= allowed {
            // The oldest request that must leave the window first.
            let oldest = in_window[in_window.len() - allowed];
            return Ok(Slot::WaitUntil {
                at: oldest + window,
                paused: false,
            });
        }
    }
    let keep_ms = keep_ms
        .into_iter()
        .chain(limit.map(|l| l.interval_ms))
        .max()
        .unwrap_or(0)
        .min(MAX_RATE_INTERVAL.as_millis() as i64);
    recent.push(now);
    recent.retain(|t| *t > now - keep_ms - GUARD_MS);
    let excess = recent.len().saturating_sub(MAX_ALLOWED_REQUESTS as usize);
    recent.drain(..excess);
    conn.prepare_cached(
        "INSERT INTO sync_rate (bucket, paused_until, recent) VALUES (?1, 0, ?2)
         ON CONFLICT (bucket) DO UPDATE SET recent = excluded.recent",
    )?
    .execute(params![
        bucket,
        serde_json::to_string(&recent).expect("integers serialize")
    ])?;
    Ok(Slot::Granted)
}

/// Hold every request of `bucket` until `until` (ms).
pub fn pause(conn: &Connection, bucket: &str, until: i64) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO sync_rate (bucket, paused_until) VALUES (?1, ?2)
         ON CONFLICT (bucket) DO UPDATE SET paused_until = max(paused_until, excluded.paused_until)",
    )?
    .execute(params![bucket, until])?;
    Ok(())
}

/// When `bucket` may call again, if it is paused.
pub fn paused_until(conn: &Connection, bucket: &str, now: i64) -> rusqlite::Result<Option<i64>> {
    let (until, _) = bucket_row(conn, bucket)?;
    Ok((until > now).then_some(until))
}

/// Concurrency limits, per sync, in this process.
#[derive(Default)]
pub struct InFlight {
    by_sync: Mutex<HashMap<String, (u32, Arc<Semaphore>)>>,
}

impl InFlight {
    /// The semaphore bounding `sync_id` to `max` requests at once; `None`
    /// when it has no bound.
    pub fn semaphore(&self, sync_id: &str, max: u32) -> Option<Arc<Semaphore>> {
        if max == 0 {
            return None;
        }
        let mut map = self.by_sync.lock().expect("in-flight map");
        let entry = map
            .entry(sync_id.to_string())
            .or_insert_with(|| (max, Arc::new(Semaphore::new(max as usize))));
        if entry.0 != max {
            *entry = (max, Arc::new(Semaphore::new(max as usize)));
        }
        Some(entry.1.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_never_holds_more_than_allowed() {
        let dir = tempfile::tempdir().unwrap();
        let conn = crate::store::open(&dir.path().join("a.db")).unwrap();
        let limit = Some(RateLimit {
            allowed_requests: 3,
            interval_ms: 1000,
        });
        let mut granted = Vec::new();
        let mut now = 0;
        while now < 5000 {
            match take(&conn, "b", limit, Some(1000), now).unwrap() {
                Slot::Granted => granted.push(now),
                Slot::WaitUntil { at, paused } => {
                    assert!(!paused);
                    assert!(at > now);
                }
            }
            now += 10;
        }
        for (i, t) in granted.iter().enumerate() {
            let within = granted[i..].iter().filter(|u| **u < t + 1000).count();
            assert!(within <= 3, "{within} requests in the second from {t}");
        }
        assert!(granted.len() >= 12, "{granted:?}");
        pause(&conn, "b", 9000).unwrap();
        assert_eq!(
            take(&conn, "b", None, Some(1000), 6000).unwrap(),
            Slot::WaitUntil {
                at: 9000,
                paused: true
            }
        );
        assert_eq!(paused_until(&conn, "b", 6000).unwrap(), Some(9000));
        assert_eq!(
            take(&conn, "b", None, Some(1000), 9000).unwrap(),
            Slot::Granted
        );
    }
}
