//! The HTTP listener of `anticip serve`: what every API shares. Each domain
//! owns its routes (`events::api`, `rules::api`, `credentials::api`,
//! `syncs::api`); this module assembles them (the anticipated.io and Sequin
//! routes behind API-key authentication; Sequence's Remote API authenticates
//! with each rule's trigger secret), gives every request an id, one JSON error
//! shape per API family, a body limit, and serves `/healthz`, `/metrics` and
//! `/openapi.json`.

pub mod auth;
mod body;
mod error;
mod metrics;
mod ops;

use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::Response;

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
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            auth::require_key,
        ));
    Router::new()
        .merge(authenticated)
        .merge(crate::rules::api::routes())
        .merge(ops::routes())
        .fallback(|| async { ApiError::from_status(StatusCode::NOT_FOUND) })
        .method_not_allowed_fallback(|| async {
            ApiError::from_status(StatusCode::METHOD_NOT_ALLOWED)
        })
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn_with_state(state.clone(), frame))
        .with_state(state)
}

/// Around every request: give it an id, write error bodies (which need the
/// id; in Sequence's envelope under `/api/remote-api/`), count it, and log it
/// at debug level — the path only, never the query string or headers, so a
/// key or secret sent by mistake is never written down.
async fn frame(State(app): State<AppState>, mut request: Request, next: Next) -> Response {
    let started = Instant::now();
    let id = RequestId(crate::ids::short_id().into());
    let method = request.method().clone();
    let route = request.extensions().get::<MatchedPath>().cloned();
    let uri = request.uri().clone();
    request.extensions_mut().insert(id.clone());

    let mut response = next.run(request).await;

    let status = response.status();
    let error = response.extensions_mut().remove::<ApiError>();
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    let error = match error {
        Some(error) => Some(error),
        // axum's own rejections are plain text: give them our shape too.
        None if (status.is_client_error() || status.is_server_error()) && !is_json => {
            Some(ApiError::from_status(status))
        }
        None => None,
    };
    if let Some(error) = &error {
        let body = if uri.path().starts_with(crate::rules::api::PREFIX) {
            error.sequence_body()
        } else {
            error.body(&id)
        };
        let mut rebuilt = Response::new(Body::from(body));
        *rebuilt.status_mut() = status;
        for (name, value) in response.headers() {
            if name != header::CONTENT_LENGTH {
                rebuilt.headers_mut().insert(name, value.clone());
            }
        }
        rebuilt
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(error::JSON));
        response = rebuilt;
    }
    if let Ok(value) = HeaderValue::from_str(&id.0) {
        response.headers_mut().insert("x-request-id", value);
    }
    let elapsed = started.elapsed();
    let route = route.as_ref().map_or("unmatched", MatchedPath::as_str);
    app.metrics.observe(method.as_str(), route, status, elapsed);
    tracing::debug!(
        request = %id.0,
        %method,
        path = uri.path(),
        status = status.as_u16(),
        error = error.as_ref().map(|e| e.code),
        micros = elapsed.as_micros() as u64,
        "http"
    );
    response
}
