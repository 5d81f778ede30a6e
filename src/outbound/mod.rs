//! The HTTP client every outbound call shares, and how its results read.

mod plain;

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use reqwest::header::{CONTENT_LENGTH, HeaderMap, HeaderValue, RETRY_AFTER, TRANSFER_ENCODING};
use reqwest::{Method, StatusCode, Url};

use crate::engine::Outcome;
use crate::engine::backoff::parse_retry_after;

pub const USER_AGENT: &str = concat!("anticip/", env!("CARGO_PKG_VERSION"));

/// How much of a response body is kept with an attempt.
pub const EXCERPT_BYTES: usize = 512;

const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(60);

/// One pooled client: keep-alive connections, no redirects (a webhook that
/// moved should be re-scheduled at its new address, not followed blindly).
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(CONNECT_TIMEOUT)
        .pool_idle_timeout(POOL_IDLE_TIMEOUT)
        .tcp_nodelay(true)
        .build()
        .expect("the HTTP client's TLS backend initializes")
}

/// Sends requests whose answer is classified and read only in part (event
/// deliveries, rule calls). A plain-HTTP target goes to [`plain::Client`],
/// which does the exchange in the calling task. HTTPS targets, URLs with
/// credentials, and every target once the environment names a proxy for
/// plain HTTP, go through reqwest, which does TLS, proxies and Basic
/// authorization.
#[derive(Clone)]
pub struct Sender {
    client: reqwest::Client,
    plain: Option<Arc<plain::Client>>,
}

/// What a sent request got back.
pub struct Answer {
    pub status: StatusCode,
    pub retry_after: Option<Duration>,
    pub location: Option<HeaderValue>,
    /// The start of the body, as much as was asked for.
    pub body: Vec<u8>,
}

impl Answer {
    /// The first [`EXCERPT_BYTES`] of the body, as text.
    pub fn excerpt(&self) -> Option<String> {
        excerpt_text(&self.body)
    }
}

impl Sender {
    pub fn new(client: reqwest::Client) -> Sender {
        // The variables reqwest reads for a plain-HTTP proxy.
        let proxied = ["http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"]
            .iter()
            .any(|name| std::env::var_os(name).is_some_and(|v| !v.is_empty()));
        let plain =
            (!proxied).then(|| Arc::new(plain::Client::new(CONNECT_TIMEOUT, POOL_IDLE_TIMEOUT)));
        Sender { client, plain }
    }

    /// The reqwest client underneath, for calls that need more of it.
    pub fn client(&self) -> &reqwest::Client {
        &self.client
    }

    /// Send one request and read up to `read` bytes of the answer's body;
    /// `timeout` bounds the whole exchange. A failure comes back as a
    /// one-line description.
    pub async fn send(
        &self,
        method: Method,
        url: Url,
        mut headers: HeaderMap,
        body: Option<String>,
        timeout: Duration,
        read: usize,
    ) -> Result<Answer, String> {
        // Framing is the client's: the body's own length is sent.
        headers.remove(CONTENT_LENGTH);
        headers.remove(TRANSFER_ENCODING);
        // Credentials in a URL are reqwest's to turn into Basic authorization.
        let plain_http =
            url.scheme() == "http" && url.username().is_empty() && url.password().is_none();
        match self.plain.as_ref().filter(|_| plain_http) {
            Some(plain) => {
                let body = body.as_deref().map(str::as_bytes);
                let exchange = plain.send(&method, &url, headers, body, read);
                tokio::time::timeout(timeout, exchange)
                    .await
                    .unwrap_or_else(|_| Err(timed_out(timeout)))
            }
            None => {
                let mut request = self
                    .client
                    .request(method, url)
                    .headers(headers)
                    .timeout(timeout);
                if let Some(body) = body {
                    request = request.body(body);
                }
                let mut response = request.send().await.map_err(|e| describe(&e, timeout))?;
                let mut answer = answer(response.status(), response.headers());
                answer.body = read_start(&mut response, read).await;
                Ok(answer)
            }
        }
    }
}

/// An answer's status and headers; its body is read next.
fn answer(status: StatusCode, headers: &HeaderMap) -> Answer {
    Answer {
        status,
        retry_after: retry_after(headers),
        location: headers.get(reqwest::header::LOCATION).cloned(),
        body: Vec::new(),
    }
}

/// The `Retry-After` advice of a response, if any.
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?;
    parse_retry_after(value, SystemTime::now())
}

/// A one-line description of a failed request, with its root cause.
pub fn describe(e: &reqwest::Error, timeout: Duration) -> String {
    if e.is_timeout() {
        return timed_out(timeout);
    }
    let cause = root_cause(e);
    let what = if e.is_connect() {
        "could not connect"
    } else if e.is_body() || e.is_decode() {
        "failed reading the response"
    } else {
        "request failed"
    };
    format!("{what}: {cause}")
}

fn timed_out(timeout: Duration) -> String {
    format!("timed out after {}", crate::time::format_duration(timeout))
}

fn root_cause<'a>(
    e: &'a (dyn std::error::Error + 'static),
) -> &'a (dyn std::error::Error + 'static) {
    let mut cause = e;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause
}

/// Read at most [`EXCERPT_BYTES`] of the body, as text.
pub async fn excerpt(response: &mut reqwest::Response) -> Option<String> {
    excerpt_text(&read_start(response, EXCERPT_BYTES).await)
}

/// The first `limit` bytes of the body (fewer if it is shorter or breaks off).
async fn read_start(response: &mut reqwest::Response, limit: usize) -> Vec<u8> {
    let mut body = Vec::new();
    while body.len() < limit {
        match response.chunk().await {
            Ok(Some(chunk)) => body.extend_from_slice(&chunk),
            _ => break,
        }
    }
    body.truncate(limit);
    body
}

/// The first [`EXCERPT_BYTES`] of a body, as text.
fn excerpt_text(body: &[u8]) -> Option<String> {
    if body.is_empty() {
        return None;
    }
    let body = &body[..body.len().min(EXCERPT_BYTES)];
    let mut text = String::from_utf8_lossy(body).into_owned();
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
