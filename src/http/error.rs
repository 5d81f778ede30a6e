//! One error shape for the whole API, and the success envelope.
//!
//! Success: anticipated.io's `{"request":{"id"},"context":{"user","company"},
//! "message":"","now", …}` with the payload's fields after it.
//! Error: `{"request":{"id"},"message","now","error":"<code>","field"?}`, where
//! `field` names the offending part of the request when there is one. No
//! `context` on errors: an unauthenticated caller learns nothing about the
//! installation. Under `/api/remote-api/` (Sequence's Remote API) the same
//! errors are written in Sequence's envelope instead (`sequence_body`).

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::{AppState, RequestId};
use crate::time::{now_ms, rfc3339_ms};

#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    /// A stable, machine-readable code.
    pub code: &'static str,
    /// For people: what was wrong and what to do.
    pub message: String,
    /// The offending field, header or query parameter.
    pub field: Option<String>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
            field: None,
        }
    }

    /// 400: one field of the request is not acceptable.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> ApiError {
        ApiError {
            field: Some(field.into()),
            ..ApiError::new(StatusCode::BAD_REQUEST, "invalid_field", message)
        }
    }

    pub fn with_field(mut self, field: impl Into<String>) -> ApiError {
        self.field = Some(field.into());
        self
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", message)
    }

    /// 401, the same whatever was wrong: no header, a malformed one, an
    /// unknown or revoked key.
    pub fn unauthorized() -> ApiError {
        ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "a valid API key is required: send it as X-API-Key: <key> or Authorization: Bearer <key>",
        )
    }

    /// 500: logged here with its cause; the caller gets no internals.
    pub fn internal(cause: &dyn std::fmt::Display) -> ApiError {
        tracing::error!(error = %cause, "request failed");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "the request could not be completed because the store failed (see the server log); \
             nothing was acknowledged, so it is safe to retry",
        )
    }

    /// Errors that axum produced by itself, before any handler ran.
    pub fn from_status(status: StatusCode) -> ApiError {
        let (code, message) = match status.as_u16() {
            404 => ("not_found", "no such route; see GET /openapi.json"),
            405 => (
                "method_not_allowed",
                "this route does not take that method; see GET /openapi.json",
            ),
            413 => ("payload_too_large", "the request body is over 1 MiB"),
            415 => (
                "unsupported_media_type",
                "send the body as JSON with Content-Type: application/json",
            ),
            s if s >= 500 => ("internal", "the request could not be completed"),
            _ => ("bad_request", "the request could not be read"),
        };
        ApiError::new(status, code, message)
    }

    /// The JSON body, once the request id is known.
    pub fn body(&self, request: &RequestId) -> Vec<u8> {
        #[derive(Serialize)]
        struct Body<'a> {
            request: RequestRef<'a>,
            message: &'a str,
            now: String,
            error: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            field: Option<&'a str>,
        }
        serde_json::to_vec(&Body {
            request: RequestRef { id: &request.0 },
            message: &self.message,
            now: rfc3339_ms(now_ms()),
            error: self.code,
            field: self.field.as_deref(),
        })
        .expect("strings serialize")
    }
}

impl ApiError {
    /// The same error as Sequence's Remote API writes it, for the routes
    /// under `/api/remote-api/`: `{"code":"<CODE>","message","data":{}}`, the
    /// envelope of its success replies with an upper-case code.
    pub fn sequence_body(&self) -> Vec<u8> {
        serde_json::to_vec(&serde_json::json!({
            "code": self.code.to_ascii_uppercase(),
            "message": self.message,
            "data": {},
        }))
        .expect("strings serialize")
    }
}

impl From<rusqlite::Error> for ApiError {
    fn from(e: rusqlite::Error) -> ApiError {
        ApiError::internal(&e)
    }
}

/// The body is written by the request frame (`super::frame`), which knows the
/// request id; the error travels to it in the response's extensions.
impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = Response::new(Body::empty());
        *response.status_mut() = self.status;
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static(JSON));
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"anticip\""),
            );
        }
        response.extensions_mut().insert(self);
        response
    }
}

pub const JSON: &str = "application/json";

#[derive(Serialize)]
struct RequestRef<'a> {
    id: &'a str,
}

#[derive(Serialize)]
struct ContextRef<'a> {
    user: Option<&'a str>,
    company: &'a str,
}

#[derive(Serialize)]
struct Envelope<'a, T> {
    request: RequestRef<'a>,
    context: ContextRef<'a>,
    message: &'a str,
    now: String,
    #[serde(flatten)]
    payload: T,
}

/// A success: the envelope with `payload`'s fields after it.
pub fn reply<T: Serialize>(
    status: StatusCode,
    app: &AppState,
    request: &RequestId,
    payload: T,
) -> Response {
    let body = serde_json::to_vec(&Envelope {
        request: RequestRef { id: &request.0 },
        context: ContextRef {
            user: None,
            company: &app.company,
        },
        message: "",
        now: rfc3339_ms(now_ms()),
        payload,
    });
    match body {
        Ok(body) => (status, [(header::CONTENT_TYPE, JSON)], body).into_response(),
        Err(e) => ApiError::internal(&e).into_response(),
    }
}
