//! Sequence's Remote API on the `serve` listener:
//! `POST /api/remote-api/rules/{id}/trigger` fires a rule and
//! `GET /api/remote-api/requests/{requestId}` shows the run a trigger made.
//!
//! Both authenticate with the rule's trigger secret (`x-sequence-signature:
//! Bearer <secret>`, or `Authorization: Bearer <secret>`), not an API key.
//! Replies are Sequence's envelope `{"code","message","data"}`; so are errors
//! (the request frame writes them, see `ApiError::sequence_body`).
//!
//! What a caller can learn: without a valid secret, every id gets the same
//! 401, so rule ids and request ids cannot be probed. With a rule's secret,
//! an id that is not that rule's (or a request id that is not one of its
//! runs) gets 404 whether it exists or not.
//!
//! A trigger is checked in this order, and nothing is stored until the last
//! step: secret (401/404), the rule's rate limit (429), the idempotency key
//! (400), the body (415, 413, 400), then one write that checks the secret
//! again, replays or claims the key, refuses a disabled rule (409) or a key
//! reused with another body (422), queues the run and saves the reply.

use std::time::Duration;

use axum::Router;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Serialize;

use super::ring::Caller;
use super::store::{self, Accepted, TriggerError};
use super::{MAX_TRIGGER_BODY, RunStatus, RunView, check_idempotency_key, fingerprint};
use crate::http::{ApiError, AppState, BodyError, is_json, read_limited};
use crate::secrets;
use crate::time::now_ms;

/// Where Sequence's Remote API lives; errors under it use Sequence's envelope.
pub const PREFIX: &str = "/api/remote-api/";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/remote-api/rules/{id}/trigger", post(trigger))
        .route("/api/remote-api/requests/{request_id}", get(request_status))
}

/// The secret a request presents, hashed: `x-sequence-signature: Bearer
/// <secret>` (Sequence's header), else `Authorization: Bearer <secret>`.
/// Never the URL.
fn presented(headers: &HeaderMap) -> Option<[u8; 32]> {
    let name = if headers.contains_key("x-sequence-signature") {
        "x-sequence-signature"
    } else {
        "authorization"
    };
    let value = headers.get(name)?.to_str().ok()?.trim();
    let (scheme, secret) = value.split_once(' ')?;
    let secret = secret.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !secret.is_empty()).then(|| secrets::hash(secret))
}

fn unauthorized() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "UNAUTHORIZED",
        "a valid trigger secret is required: send the rule's secret as \
         x-sequence-signature: Bearer <secret> (or Authorization: Bearer <secret>)",
    )
}

/// 401, or 404 when the secret is another rule's.
async fn refused(app: &AppState, presented: &[u8; 32], not_found: String) -> ApiError {
    match app.rules.owner(presented).await {
        Some(_) => ApiError::new(StatusCode::NOT_FOUND, "NOT_FOUND", not_found),
        None => unauthorized(),
    }
}

fn rule_not_found(rule_id: &str) -> String {
    format!(
        "no rule {rule_id:?} belongs to this trigger secret; check the trigger URL \
         (`anticip rule get ID` prints it)"
    )
}

/// 200 with the saved reply, byte for byte; a replay says so in a header.
fn accepted(accepted: Accepted) -> Response {
    let mut response = (
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        accepted.body(),
    )
        .into_response();
    if accepted.replayed {
        response
            .headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    response
}

/// Accept a trigger: the reply comes once the run is queued and committed.
async fn trigger(
    State(app): State<AppState>,
    Path(rule_id): Path<String>,
    request: Request,
) -> Result<Response, ApiError> {
    let Some(presented) = presented(request.headers()) else {
        return Err(unauthorized());
    };
    let rule = match app.rules.authenticate(&rule_id, &presented).await {
        Caller::Owner(rule) => rule,
        Caller::OtherRule => {
            return Err(ApiError::new(
                StatusCode::NOT_FOUND,
                "NOT_FOUND",
                rule_not_found(&rule_id),
            ));
        }
        Caller::Stranger => return Err(unauthorized()),
    };
    if let Err(wait) = app.rules.admit(&rule) {
        return Ok(rate_limited(&rule.rate_limit, wait));
    }
    let key = idempotency_key(request.headers())?;
    let body = read_body(request).await?;
    let body_hash = fingerprint(&body);
    let now = now_ms();
    let seq = rule.seq;
    // Shared: only a failing store makes it fail; its refusals are answers.
    let outcome = app
        .db
        .write_shared(move |c| {
            match store::trigger_remote(c, seq, &presented, key.as_deref(), &body_hash, now) {
                Err(TriggerError::Sqlite(e)) => Err(e),
                answer => Ok(answer),
            }
        })
        .await
        .unwrap_or_else(|e| Err(TriggerError::Sqlite(e)));
    match outcome {
        Ok(done) => {
            if !done.replayed {
                app.engine.hint(now);
            }
            tracing::debug!(rule = %rule.id, request_id = %done.request_id, replayed = done.replayed, "rule triggered");
            Ok(accepted(done))
        }
        Err(TriggerError::BadSecret) => {
            Err(refused(&app, &presented, rule_not_found(&rule_id)).await)
        }
        Err(e @ TriggerError::Disabled(_)) => Err(ApiError::new(
            StatusCode::CONFLICT,
            "RULE_DISABLED",
            format!("{e}; nothing was queued (`anticip rule enable ID` lets it run again)"),
        )),
        Err(e @ TriggerError::KeyReused) => Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "IDEMPOTENCY_KEY_REUSED",
            format!("{e}; send the same body to get the first reply again, or use a new key"),
        )),
        Err(TriggerError::Sqlite(e)) => Err(ApiError::internal(&e)),
    }
}

/// 429 with `Retry-After` in whole seconds (at least 1).
fn rate_limited(limit: &super::RateLimit, wait: Duration) -> Response {
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    let mut response = ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        "RATE_LIMITED",
        format!(
            "over this rule's rate limit of {limit} triggers (--rate-limit); retry after {}s",
            seconds.max(1)
        ),
    )
    .into_response();
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(seconds.max(1)));
    response
}

/// The optional `idempotency-key`: 1 to 255 visible ASCII characters.
fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, ApiError> {
    let Some(value) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    let invalid = |why: String| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "INVALID_IDEMPOTENCY_KEY",
            format!("idempotency-key {why}; use e.g. a UUID v4"),
        )
    };
    let key = std::str::from_utf8(value.as_bytes())
        .map_err(|_| invalid("must be visible ASCII characters".into()))?;
    check_idempotency_key(key).map_err(invalid)?;
    Ok(Some(key.to_string()))
}

/// The body as JSON: at most `MAX_TRIGGER_BODY` bytes (413), JSON by its
/// Content-Type (415) and in fact (400). An empty body counts as `{}`, so
/// `curl -X POST` with only the secret works.
async fn read_body(request: Request) -> Result<serde_json::Value, ApiError> {
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "PAYLOAD_TOO_LARGE",
            format!(
                "the trigger body is over {} KiB; send a small JSON body such as {{}}",
                MAX_TRIGGER_BODY / 1024
            ),
        )
    };
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let bytes = read_limited(request, MAX_TRIGGER_BODY)
        .await
        .map_err(|e| match e {
            BodyError::TooLarge => too_large(),
            BodyError::Unreadable(e) => ApiError::new(
                StatusCode::BAD_REQUEST,
                "BAD_REQUEST",
                format!("the request body could not be read: {e}"),
            ),
        })?;
    if bytes.is_empty() {
        return Ok(serde_json::Value::Object(Default::default()));
    }
    if !content_type.as_deref().is_some_and(is_json) {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UNSUPPORTED_MEDIA_TYPE",
            format!(
                "send the body as JSON with content-type: application/json (got {})",
                content_type.as_deref().unwrap_or("no content-type")
            ),
        ));
    }
    serde_json::from_slice(&bytes).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "INVALID_JSON",
            format!("the body is not valid JSON: {e}"),
        )
    })
}

#[derive(Serialize)]
struct Envelope<T> {
    code: &'static str,
    message: String,
    data: T,
}

/// The run a trigger made, for the holder of its rule's secret.
async fn request_status(
    State(app): State<AppState>,
    Path(request_id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let Some(presented) = presented(&headers) else {
        return Err(unauthorized());
    };
    let now = now_ms();
    let lookup = request_id.clone();
    let found = app
        .db
        .lookup(move |c| {
            // One snapshot for the run, its rule's secrets and its attempts.
            let c = c.unchecked_transaction()?;
            let Some(run) = store::run_by_request_id(&c, &lookup)? else {
                return Ok(None);
            };
            let allowed = store::trigger_secrets(&c, run.rule_seq)?
                .is_some_and(|s| s.accept(&presented, now));
            if !allowed {
                return Ok(None);
            }
            let attempts = store::run_attempts(&c, run.seq)?;
            Ok::<_, rusqlite::Error>(Some((run, attempts)))
        })
        .await?;
    let Some((run, attempts)) = found else {
        let message = format!(
            "no run with requestId {request_id:?} belongs to the rule of this trigger secret"
        );
        return Err(refused(&app, &presented, message).await);
    };
    let message = match run.status {
        RunStatus::Queued => "The run is queued.",
        RunStatus::Running => "The run is running.",
        RunStatus::Succeeded => "The run succeeded.",
        RunStatus::Failed => "The run failed; see error and attempts.",
        RunStatus::Interrupted => {
            "The run was interrupted by a stop of serve and is not run again."
        }
    };
    let body = serde_json::to_vec(&Envelope {
        code: "OK",
        message: message.into(),
        data: RunView::new(&run, &attempts),
    })
    .map_err(|e| ApiError::internal(&e))?;
    Ok((
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response())
}
