//! The HTTP client every outbound call shares, and how its results read.

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, HeaderValue, RETRY_AFTER};

use crate::engine::Outcome;
use crate::engine::backoff::parse_retry_after;

pub const USER_AGENT: &str = concat!("anticip/", env!("CARGO_PKG_VERSION"));

/// How much of a response body is kept with an attempt.
pub const EXCERPT_BYTES: usize = 512;

/// One pooled client: keep-alive connections, no redirects (a webhook that
/// moved should be re-scheduled at its new address, not followed blindly).
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(Duration::from_secs(10))
        .pool_idle_timeout(Duration::from_secs(60))
        .tcp_nodelay(true)
        .build()
        .expect("the HTTP client's TLS backend initializes")
}

/// The `Retry-After` advice of a response, if any.
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?;
    parse_retry_after(value, SystemTime::now())
}

/// A one-line description of a failed request, with its root cause.
pub fn describe(e: &reqwest::Error, timeout: Duration) -> String {
    if e.is_timeout() {
        return format!("timed out after {}", crate::time::format_duration(timeout));
    }
    let mut cause: &dyn std::error::Error = e;
    while let Some(next) = cause.source() {
        cause = next;
    }
    let what = if e.is_connect() {
        "could not connect"
    } else if e.is_body() || e.is_decode() {
        "failed reading the response"
    } else {
        "request failed"
    };
    format!("{what}: {cause}")
}

/// Read at most [`EXCERPT_BYTES`] of the body, as text.
pub async fn excerpt(response: &mut reqwest::Response) -> Option<String> {
    let mut body = Vec::new();
    while body.len() < EXCERPT_BYTES {
        match response.chunk().await {
            Ok(Some(chunk)) => body.extend_from_slice(&chunk),
            _ => break,
        }
    }
    if body.is_empty() {
        return None;
    }
    body.truncate(EXCERPT_BYTES);
    let mut text = String::from_utf8_lossy(&body).into_owned();
    // A cut multi-byte character shows up as a replacement at the very end.
    if text.ends_with('\u{FFFD}') && body.len() == EXCERPT_BYTES {
        text.pop();
    }
    Some(text)
}

/// 2xx succeeded; 408, 429 and 5xx are worth another try; anything else is final.
pub fn classify(
    status: StatusCode,
    retry_after: Option<Duration>,
    location: Option<HeaderValue>,
) -> Outcome {
    let code = status.as_u16();
    let reason = status.canonical_reason().unwrap_or("");
    if status.is_success() {
        Outcome::Succeeded
    } else if code == 408 || code == 429 || status.is_server_error() {
        Outcome::Retry {
            error: format!("HTTP {code} {reason}").trim_end().to_string(),
            retry_after,
        }
    } else if status.is_redirection() {
        let to = location
            .and_then(|l| l.to_str().ok().map(str::to_string))
            .unwrap_or_else(|| "?".into());
        Outcome::Fail {
            error: format!("HTTP {code} {reason}: redirect to {to} not followed; use the new URL"),
        }
    } else {
        Outcome::Fail {
            error: format!("HTTP {code} {reason}").trim_end().to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_classified() {
        let retry = |o: &Outcome| matches!(o, Outcome::Retry { .. });
        let fail = |o: &Outcome| matches!(o, Outcome::Fail { .. });
        for code in [200, 201, 204, 299] {
            assert_eq!(
                classify(StatusCode::from_u16(code).unwrap(), None, None),
                Outcome::Succeeded
            );
        }
        for code in [408, 429, 500, 502, 503, 504, 599] {
            assert!(
                retry(&classify(StatusCode::from_u16(code).unwrap(), None, None)),
                "{code}"
            );
        }
        for code in [301, 400, 401, 403, 404, 409, 410, 422] {
            assert!(
                fail(&classify(StatusCode::from_u16(code).unwrap(), None, None)),
                "{code}"
            );
        }
        let after = classify(
            StatusCode::TOO_MANY_REQUESTS,
            Some(Duration::from_secs(7)),
            None,
        );
        assert_eq!(
            after,
            Outcome::Retry {
                error: "HTTP 429 Too Many Requests".into(),
                retry_after: Some(Duration::from_secs(7))
            }
        );
    }
}
