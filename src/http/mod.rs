//! The HTTP listener of `anticip serve`: what every API shares. Each domain
//! owns its routes (`events::api`, `rules::api`, `credentials::api`,
//! `syncs::api`); this module assembles them (the anticipated.io and Sequin
//! routes behind API-key authentication; Sequence's Remote API authenticates
//! with each rule's trigger secret), frames every request (`frame`: an id, one
//! JSON error shape per API family, metrics, a log line), sets a body limit,
//! and serves `/healthz`, `/metrics` and `/openapi.json`.

pub mod auth;
mod body;
mod error;
mod frame;
mod metrics;
mod ops;

use std::sync::Arc;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;

pub use auth::KeyRing;
pub use body::{BodyError, JsonBody, is_json, read_limited};
pub use error::{ApiError, reply};
pub use metrics::HttpMetrics;

use crate::engine::Engine;
use crate::store::Db;

/// Largest request body accepted (413 beyond).
pub const BODY_LIMIT: usize = 1 << 20;

/// What handlers share. Cloned for every extractor of every request, so it
/// is one `Arc`.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

pub struct Shared {
    pub db: Db,
    pub engine: Arc<Engine>,
    /// `store::installation_id`: the API's `company`.
    pub company: Arc<str>,
    pub keys: Arc<KeyRing>,
    /// Remote rules' secret hashes and rate limits.
    pub rules: Arc<crate::rules::RuleRing>,
    pub metrics: HttpMetrics,
    /// Wakes long polls of the sync change stream.
    pub sync_feed: crate::syncs::Feed,
    /// Cancelled when serve starts shutting down: long polls answer at once.
    pub stopping: tokio_util::sync::CancellationToken,
}

impl AppState {
    pub fn new(shared: Shared) -> AppState {
        AppState(Arc::new(shared))
    }
}

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

/// This request's id: `request.id` in bodies, `X-Request-Id` in headers, and
/// in the log.
#[derive(Debug, Clone)]
pub struct RequestId(pub Arc<str>);

/// The whole API.
pub fn router(state: AppState) -> Router {
    let authenticated = Router::new()
        .merge(crate::events::api::routes())
        .merge(crate::credentials::api::routes())
        .merge(crate::syncs::api::routes())
        .route_layer(auth::require_key(state.keys.clone()));
    Router::new()
        .merge(authenticated)
        .merge(crate::rules::api::routes())
        .merge(ops::routes())
        .fallback(|| async { ApiError::from_status(StatusCode::NOT_FOUND) })
        .method_not_allowed_fallback(|| async {
            ApiError::from_status(StatusCode::METHOD_NOT_ALLOWED)
        })
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(frame::layer(state.clone()))
        .with_state(state)
}
