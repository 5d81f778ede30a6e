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

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering::SeqCst};
use std::sync::{Arc, RwLock};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::extract::Request;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use pin_project_lite::pin_project;
use subtle::ConstantTimeEq;
use tokio_util::sync::CancellationToken;
use tower::layer::layer_fn;
use tower::{Layer, Service, ServiceExt};

use super::ApiError;
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

    /// Whether `hash` is a loaded key's, noting that it was used. Compares
    /// with every key, in constant time, without stopping at a match.
    fn known(&self, hash: &[u8; 32]) -> bool {
        let keys = self.snapshot();
        let mut found = None;
        for entry in keys.iter() {
            if bool::from(entry.hash.ct_eq(hash)) {
                found = Some(entry);
            }
        }
        found.inspect(|entry| self.used(entry)).is_some()
    }

    /// Whether `presented` is one of the loaded keys (noting that it was
    /// used); if not, what [`KeyRing::recheck`] needs.
    fn check_loaded(&self, presented: &str) -> Result<(), Unknown> {
        let arrived = self.since_epoch();
        let hash = crate::secrets::hash(presented);
        if self.known(&hash) {
            Ok(())
        } else {
            Err(Unknown { hash, arrived })
        }
    }

    /// Whether a key that was not loaded when it arrived is in the store.
    async fn recheck(&self, unknown: Unknown) -> bool {
        // Unless a reload started after this request arrived, do one.
        let _one_at_a_time = self.reloading.lock().await;
        if self.loaded_from.load(SeqCst) < unknown.arrived
            && let Err(e) = self.reload().await
        {
            tracing::warn!(error = %e, "could not reload API keys");
        }
        self.known(&unknown.hash)
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

/// A presented key that was not among the loaded ones.
struct Unknown {
    hash: [u8; 32],
    /// When its request arrived, in nanoseconds after the ring's `epoch`.
    arrived: u64,
}

/// Requires a key on every route it wraps. A tower layer rather than
/// `axum::middleware::from_fn`, which boxes a future and clones the route's
/// service for every request: a loaded key goes straight on, and only one
/// that needs a reload waits in a boxed future.
pub fn require_key<S>(
    keys: Arc<KeyRing>,
) -> impl Layer<S, Service = RequireKey<S>> + Clone + Send + Sync + 'static {
    layer_fn(move |inner| RequireKey {
        inner,
        keys: keys.clone(),
    })
}

#[derive(Clone)]
pub struct RequireKey<S> {
    inner: S,
    keys: Arc<KeyRing>,
}

impl<S> Service<Request> for RequireKey<S>
where
    S: Service<Request, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Checked<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Checked<S::Future> {
        let unknown = match presented(request.headers()) {
            Some(key) if !key.is_empty() => match self.keys.check_loaded(&key) {
                Ok(()) => {
                    return Checked::Known {
                        inner: self.inner.call(request),
                    };
                }
                Err(unknown) => unknown,
            },
            _ => return Checked::Refused,
        };
        let (keys, inner) = (self.keys.clone(), self.inner.clone());
        Checked::Reloading {
            later: Box::pin(async move {
                if keys.recheck(unknown).await {
                    inner.oneshot(request).await
                } else {
                    Ok(ApiError::unauthorized().into_response())
                }
            }),
        }
    }
}

pin_project! {
    #[project = CheckedProjection]
    pub enum Checked<F> {
        Known { #[pin] inner: F },
        Reloading { later: Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send>> },
        Refused,
    }
}

impl<F: Future<Output = Result<Response, Infallible>>> Future for Checked<F> {
    type Output = Result<Response, Infallible>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project() {
            CheckedProjection::Known { inner } => inner.poll(cx),
            CheckedProjection::Reloading { later } => later.as_mut().poll(cx),
            CheckedProjection::Refused => Poll::Ready(Ok(ApiError::unauthorized().into_response())),
        }
    }
}
