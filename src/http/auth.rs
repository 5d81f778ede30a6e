//! API-key authentication for every `/v1/…` route.
//!
//! The server keeps every key's id and SHA-256 hash in memory, reloaded from
//! the store every second (so `anticip key revoke` in another process takes
//! effect within a second) and when an unknown key arrives (so a key made a
//! moment ago works at once; unknown keys arriving together share one
//! reload of the small `api_keys` table). A
//! presented key is hashed and compared with every stored hash in constant
//! time. `last_used` is written at most once a minute per key, not once per
//! request, and once more on shutdown.

use std::sync::atomic::{AtomicI64, AtomicU64, Ordering::SeqCst};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use subtle::ConstantTimeEq;
use tokio_util::sync::CancellationToken;

use super::{ApiError, AppState};
use crate::keys;
use crate::store::Db;
use crate::time::now_ms;

/// How often the key list is reloaded in the background.
const REFRESH: Duration = Duration::from_secs(1);
/// `last_used` is written at most this often per key.
const TOUCH_EVERY_MS: i64 = 60_000;

struct Entry {
    id: String,
    hash: [u8; 32],
    last_used: AtomicI64,
    /// The `last_used` the store has.
    written: AtomicI64,
}

pub struct KeyRing {
    db: Db,
    keys: RwLock<Arc<Vec<Arc<Entry>>>>,
    /// When the last reload started, in nanoseconds after `epoch`.
    loaded_from: AtomicU64,
    epoch: Instant,
    reloading: tokio::sync::Mutex<()>,
}

impl KeyRing {
    pub async fn load(db: Db) -> rusqlite::Result<Arc<KeyRing>> {
        let ring = Arc::new(KeyRing {
            db,
            keys: RwLock::default(),
            loaded_from: AtomicU64::new(0),
            epoch: Instant::now(),
            reloading: tokio::sync::Mutex::new(()),
        });
        ring.reload().await?;
        Ok(ring)
    }

    /// How many keys can be used now.
    pub fn len(&self) -> usize {
        self.snapshot().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn snapshot(&self) -> Arc<Vec<Arc<Entry>>> {
        self.keys.read().expect("key ring lock").clone()
    }

    fn since_epoch(&self) -> u64 {
        self.epoch.elapsed().as_nanos() as u64
    }

    async fn reload(&self) -> rusqlite::Result<()> {
        let started = self.since_epoch();
        let rows = self.db.read(keys::store::hashes).await?;
        let old = self.snapshot();
        let entries = rows
            .into_iter()
            .map(|(id, hash)| {
                // Keep a known key's usage, so its writes stay batched.
                old.iter()
                    .find(|e| e.id == id && e.hash == hash)
                    .cloned()
                    .unwrap_or_else(|| {
                        Arc::new(Entry {
                            id,
                            hash,
                            last_used: AtomicI64::new(0),
                            written: AtomicI64::new(0),
                        })
                    })
            })
            .collect();
        *self.keys.write().expect("key ring lock") = Arc::new(entries);
        self.loaded_from.fetch_max(started, SeqCst);
        Ok(())
    }

    /// Compare with every key, in constant time, without stopping at a match.
    fn find(&self, hash: &[u8; 32]) -> Option<Arc<Entry>> {
        let keys = self.snapshot();
        let mut found = None;
        for entry in keys.iter() {
            if bool::from(entry.hash.ct_eq(hash)) {
                found = Some(entry.clone());
            }
        }
        found
    }

    /// Whether `presented` is a key in the store; notes that it was used.
    pub async fn check(&self, presented: &str) -> bool {
        let arrived = self.since_epoch();
        let hash = crate::secrets::hash(presented);
        let mut entry = self.find(&hash);
        if entry.is_none() {
            // Unless a reload started after this request arrived, do one.
            let _one_at_a_time = self.reloading.lock().await;
            if self.loaded_from.load(SeqCst) < arrived
                && let Err(e) = self.reload().await
            {
                tracing::warn!(error = %e, "could not reload API keys");
            }
            entry = self.find(&hash);
        }
        match entry {
            Some(entry) => {
                self.used(&entry);
                true
            }
            None => false,
        }
    }

    fn used(&self, entry: &Arc<Entry>) {
        let now = now_ms();
        entry.last_used.fetch_max(now, SeqCst);
        let written = entry.written.load(SeqCst);
        if now - written >= TOUCH_EVERY_MS
            && entry
                .written
                .compare_exchange(written, now, SeqCst, SeqCst)
                .is_ok()
        {
            let (db, id) = (self.db.clone(), entry.id.clone());
            tokio::spawn(async move {
                if let Err(e) = db.write(move |c| keys::store::touch(c, &id, now)).await {
                    tracing::warn!(error = %e, "could not record when an API key was last used");
                }
            });
        }
    }

    /// Write every `last_used` the store does not have yet.
    pub async fn flush(&self) {
        let pending: Vec<(String, i64)> = self
            .snapshot()
            .iter()
            .filter_map(|e| {
                let used = e.last_used.load(SeqCst);
                (used > e.written.load(SeqCst)).then(|| {
                    e.written.store(used, SeqCst);
                    (e.id.clone(), used)
                })
            })
            .collect();
        if pending.is_empty() {
            return;
        }
        let written = self
            .db
            .write(move |c| {
                for (id, at) in &pending {
                    keys::store::touch(c, id, *at)?;
                }
                Ok::<_, rusqlite::Error>(())
            })
            .await;
        if let Err(e) = written {
            tracing::warn!(error = %e, "could not record when API keys were last used");
        }
    }

    /// Reload the keys every second until `stop`.
    pub fn refresh_until(self: &Arc<Self>, stop: CancellationToken) {
        let ring = self.clone();
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    () = tokio::time::sleep(REFRESH) => {}
                    () = stop.cancelled() => return,
                }
                if let Err(e) = ring.reload().await {
                    tracing::warn!(error = %e, "could not reload API keys");
                }
            }
        });
    }
}

/// The key a request presents: `X-API-Key: <key>`, else
/// `Authorization: Bearer <key>`. Never the URL.
fn presented(headers: &HeaderMap) -> Option<String> {
    if let Some(value) = headers.get("x-api-key") {
        return value.to_str().ok().map(|k| k.trim().to_owned());
    }
    let authorization = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = authorization.trim().split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
}

pub async fn require_key(State(app): State<AppState>, request: Request, next: Next) -> Response {
    let valid = match presented(request.headers()) {
        Some(key) if !key.is_empty() => app.keys.check(&key).await,
        _ => false,
    };
    if valid {
        next.run(request).await
    } else {
        ApiError::unauthorized().into_response()
    }
}
