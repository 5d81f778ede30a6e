//! The JSON body of a request: the right content type (415), at most
//! `BODY_LIMIT` bytes (413), valid JSON (400).

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use http_body_util::BodyExt;

use super::ApiError;

pub struct JsonBody(pub serde_json::Value);

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = ApiError;

    async fn from_request(request: Request, _: &S) -> Result<Self, ApiError> {
        let content_type = request
            .headers()
            .get(header::CONTENT_TYPE)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        if !content_type.as_deref().is_some_and(is_json) {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                format!(
                    "send the body as JSON with Content-Type: application/json (got {})",
                    content_type.as_deref().unwrap_or("no Content-Type")
                ),
            )
            .with_field("Content-Type"));
        }
        let bytes = read_limited(request, super::BODY_LIMIT)
            .await
            .map_err(|e| match e {
                BodyError::TooLarge => ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "payload_too_large",
                    format!(
                        "the request body is over {} bytes (1 MiB); send a smaller document",
                        super::BODY_LIMIT
                    ),
                ),
                BodyError::Unreadable(e) => ApiError::new(
                    StatusCode::BAD_REQUEST,
                    "bad_request",
                    format!("the request body could not be read: {e}"),
                ),
            })?;
        let value = serde_json::from_slice(&bytes).map_err(|e| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_json",
                format!("the body is not valid JSON: {e}"),
            )
        })?;
        Ok(JsonBody(value))
    }
}

/// Past this many bytes an oversized body is no longer drained: the
/// connection is dropped instead.
const DRAIN_LIMIT: u64 = 16 << 20;

pub enum BodyError {
    TooLarge,
    Unreadable(String),
}

/// The request body, at most `limit` bytes. A longer one is read to its end
/// and dropped before the caller answers 413: a server that closes a
/// connection with unread data makes the kernel reset it, and the client sees
/// a reset instead of the 413.
pub async fn read_limited(request: Request, limit: usize) -> Result<Bytes, BodyError> {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > DRAIN_LIMIT) {
        return Err(BodyError::TooLarge);
    }
    let mut body: Body = request.into_body();
    let mut kept = Vec::with_capacity(declared.map_or(0, |n| n.min(limit as u64) as usize));
    let mut seen = 0u64;
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| BodyError::Unreadable(e.to_string()))?;
        let Ok(data) = frame.into_data() else {
            continue; // trailers
        };
        seen += data.len() as u64;
        if seen > DRAIN_LIMIT {
            return Err(BodyError::TooLarge);
        }
        if seen <= limit as u64 {
            kept.extend_from_slice(&data);
        }
    }
    if seen > limit as u64 {
        return Err(BodyError::TooLarge);
    }
    Ok(Bytes::from(kept))
}

/// `application/json`, `application/json; charset=utf-8`, `application/…+json`.
pub fn is_json(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn json_content_types() {
        for yes in [
            "application/json",
            "Application/JSON; charset=utf-8",
            "application/merge-patch+json",
        ] {
            assert!(super::is_json(yes), "{yes}");
        }
        for no in ["text/plain", "application/x-www-form-urlencoded", ""] {
            assert!(!super::is_json(no), "{no}");
        }
    }
}
