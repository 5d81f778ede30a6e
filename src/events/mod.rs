//! Scheduled events, as anticipated.io defines them: "send this JSON or XML
//! to this URL at this time", or "put this JSON on this SQS queue at this
//! time". The model and its validation live here; SQL in `store`, delivery in
//! `deliver` (and `sqs` for queues), the shell in `cli`.

pub mod api;
pub mod cli;
pub mod deliver;
pub mod sqs;
pub mod store;
mod view;

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

pub use sqs::SqsOptions;
pub use view::{AttemptView, EventView};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum EventType {
    /// `{"id","when","build","document"}` as application/json
    Json,
    /// The document string as application/xml
    Xml,
    /// The JSON document as the body of an Amazon SQS message
    Sqs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Status {
    /// Waiting for its time
    Scheduled,
    /// Failed at least once; another attempt is scheduled
    Retrying,
    /// A 2xx answer was received
    Delivered,
    /// Failed for good: a permanent error or out of attempts
    Failed,
    /// Deleted before or after it fired; it never fires again
    Deleted,
}

/// Names of a small closed set, read and written the same way everywhere.
macro_rules! names {
    ($ty:ty, $what:literal, { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            pub const ALL: &'static [$ty] = &[$(<$ty>::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $(<$ty>::$variant => $name),+ }
            }
        }
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl FromStr for $ty {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                match s.to_ascii_lowercase().as_str() {
                    $($name => Ok(<$ty>::$variant),)+
                    _ => Err(format!(
                        concat!("unknown ", $what, " {:?}; use one of: {}"),
                        s,
                        [$($name),+].join(", ")
                    )),
                }
            }
        }
    };
}

names!(EventType, "type", { Json => "json", Xml => "xml", Sqs => "sqs" });
names!(Method, "method", { Get => "get", Post => "post", Put => "put", Patch => "patch", Delete => "delete" });
names!(Status, "status", {
    Scheduled => "scheduled", Retrying => "retrying", Delivered => "delivered",
    Failed => "failed", Deleted => "deleted",
});

impl Method {
    pub fn http(self) -> reqwest::Method {
        match self {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Patch => reqwest::Method::PATCH,
            Method::Delete => reqwest::Method::DELETE,
        }
    }
}

impl Status {
    /// Delivered or failed: the event will not fire again by itself.
    pub fn processed(self) -> bool {
        matches!(self, Status::Delivered | Status::Failed)
    }
}

pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
pub const MAX_TIMEOUT: Duration = Duration::from_secs(600);
pub const DEFAULT_MAX_ATTEMPTS: u32 = 10;
pub const MAX_ATTEMPTS_LIMIT: u32 = 100;

/// A field of a new event that is not acceptable, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct Invalid {
    pub field: &'static str,
    pub message: String,
}

pub fn invalid(field: &'static str, message: impl Into<String>) -> Invalid {
    Invalid {
        field,
        message: message.into(),
    }
}

/// An event as asked for, before validation.
#[derive(Debug, Clone)]
pub struct Draft {
    pub event_type: EventType,
    /// Ignored for `sqs` events: SendMessage has no choice of method.
    pub method: Method,
    /// The URL to call, or the queue URL of an `sqs` event.
    pub url: String,
    pub headers: Vec<(String, String)>,
    /// JSON text for `json` and `sqs` events, the XML string for `xml` events.
    pub document: String,
    pub when_at: i64,
    pub timeout: Duration,
    pub max_attempts: u32,
    /// `sqs` events only: anticip's extensions to anticipated.io's details.
    pub sqs: SqsOptions,
}

/// A validated event, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    pub event_type: EventType,
    pub method: Method,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub document: String,
    pub when_at: i64,
    pub timeout_ms: i64,
    pub max_attempts: u32,
    /// `credential` is the name or id as given; the store resolves it.
    pub sqs: SqsOptions,
}

impl Draft {
    pub fn validate(mut self) -> Result<NewEvent, Invalid> {
        let url = match self.event_type {
            EventType::Sqs => sqs::check_queue_url("url", &self.url)?.url,
            EventType::Json | EventType::Xml => check_url("url", &self.url)?,
        };
        for (name, value) in &self.headers {
            check_header(name, value)?;
        }
        if self.event_type != EventType::Sqs {
            sqs::check_unused(&self.sqs, self.event_type)?;
        }
        let document = match self.event_type {
            EventType::Json => compact_json_object("document", &self.document)?,
            EventType::Xml => self.document,
            EventType::Sqs => {
                self.method = Method::Post;
                sqs::check_draft(&self)?
            }
        };
        if self.timeout.is_zero() || self.timeout > MAX_TIMEOUT {
            return Err(invalid(
                "timeout",
                format!(
                    "{} is out of range; give more than 0s and at most {}",
                    crate::time::format_duration(self.timeout),
                    crate::time::format_duration(MAX_TIMEOUT)
                ),
            ));
        }
        if !(1..=MAX_ATTEMPTS_LIMIT).contains(&self.max_attempts) {
            return Err(invalid(
                "max_attempts",
                format!(
                    "{} is out of range; give 1 to {MAX_ATTEMPTS_LIMIT}",
                    self.max_attempts
                ),
            ));
        }
        Ok(NewEvent {
            event_type: self.event_type,
            method: self.method,
            url,
            headers: self.headers,
            document,
            when_at: self.when_at,
            timeout_ms: self.timeout.as_millis() as i64,
            max_attempts: self.max_attempts,
            sqs: self.sqs,
        })
    }
}

/// An absolute http(s) URL with a host.
pub fn check_url(field: &'static str, url: &str) -> Result<String, Invalid> {
    let url = url.trim();
    if url.is_empty() {
        return Err(invalid(field, "is required: give the http(s) URL to call"));
    }
    let parsed = reqwest::Url::parse(url)
        .map_err(|e| invalid(field, format!("{url:?} is not a URL: {e}")))?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none_or(str::is_empty) {
        return Err(invalid(
            field,
            format!("{url:?} is not an http:// or https:// URL"),
        ));
    }
    Ok(url.to_string())
}

pub fn check_header(name: &str, value: &str) -> Result<(), Invalid> {
    reqwest::header::HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| invalid("headers", format!("{name:?} is not a valid header name")))?;
    reqwest::header::HeaderValue::from_str(value).map_err(|_| {
        invalid(
            "headers",
            format!("the value of {name:?} is not a valid header value"),
        )
    })?;
    Ok(())
}

/// `K: V`, as `--header` takes it.
pub fn parse_header_arg(arg: &str) -> Result<(String, String), String> {
    let (name, value) = arg
        .split_once(':')
        .ok_or_else(|| format!("{arg:?} is not a header; write it as 'Name: value'"))?;
    let (name, value) = (name.trim().to_string(), value.trim().to_string());
    check_header(&name, &value).map_err(|e| e.message)?;
    Ok((name, value))
}

/// Valid JSON whose top level is an object, compacted; key order is kept.
pub fn compact_json_object(field: &'static str, text: &str) -> Result<String, Invalid> {
    let value: serde_json::Value = serde_json::from_str(text)
        .map_err(|e| invalid(field, format!("is not valid JSON: {e}")))?;
    if !value.is_object() {
        return Err(invalid(
            field,
            format!(
                "must be a JSON object like {{\"customer\":\"82345\"}}, not {}",
                json_kind(&value)
            ),
        ));
    }
    Ok(value.to_string())
}

pub fn json_kind(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// A stored event.
#[derive(Debug, Clone)]
pub struct Event {
    pub seq: i64,
    pub id: String,
    pub event_type: EventType,
    pub method: Method,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub document: String,
    pub when_at: i64,
    pub created_at: i64,
    pub timeout_ms: i64,
    pub max_attempts: u32,
    pub status: Status,
    pub attempt_count: u32,
    pub next_attempt_at: Option<i64>,
    pub finished_at: Option<i64>,
    pub last_error: Option<String>,
    /// `credential` holds the stored credential's id.
    pub sqs: SqsOptions,
    /// The name of that credential; `None` once it is deleted.
    pub credential_name: Option<String>,
}

/// One delivery attempt, as recorded.
#[derive(Debug, Clone)]
pub struct Attempt {
    pub n: u32,
    pub scheduled_at: i64,
    pub started_at: i64,
    pub duration_ms: i64,
    /// delivered | retry | failed
    pub outcome: String,
    pub status_code: Option<u16>,
    pub error: Option<String>,
    /// The start of the response body.
    pub response: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> Draft {
        Draft {
            event_type: EventType::Json,
            method: Method::Post,
            url: "https://example.com/hook".into(),
            headers: vec![("x-customer".into(), "82345".into())],
            document: r#"{"customer":"82345"}"#.into(),
            when_at: 0,
            timeout: DEFAULT_TIMEOUT,
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            sqs: SqsOptions::default(),
        }
    }

    #[test]
    fn bad_fields_are_named() {
        type Change = fn(&mut Draft);
        let cases: &[(Change, &str, &str)] = &[
            (|d| d.url = String::new(), "url", "is required"),
            (
                |d| d.url = "ftp://example.com/x".into(),
                "url",
                "not an http",
            ),
            (|d| d.url = "example.com/hook".into(), "url", "not a URL"),
            (|d| d.document = "[1,2]".into(), "document", "not an array"),
            (
                |d| d.document = "\"text\"".into(),
                "document",
                "not a string",
            ),
            (
                |d| d.document = "{nope".into(),
                "document",
                "not valid JSON",
            ),
            (
                |d| d.headers = vec![("bad header".into(), "v".into())],
                "headers",
                "not a valid header name",
            ),
            (
                |d| d.headers = vec![("x".into(), "a\nb".into())],
                "headers",
                "not a valid header value",
            ),
            (|d| d.timeout = Duration::ZERO, "timeout", "out of range"),
            (
                |d| d.timeout = Duration::from_secs(3600),
                "timeout",
                "out of range",
            ),
            (|d| d.max_attempts = 0, "max_attempts", "out of range"),
            (|d| d.max_attempts = 101, "max_attempts", "out of range"),
        ];
        for (change, field, message) in cases {
            let mut d = draft();
            change(&mut d);
            let err = d.validate().unwrap_err();
            assert_eq!(err.field, *field);
            assert!(err.message.contains(message), "{field}: {}", err.message);
        }
    }

    #[test]
    fn xml_documents_are_taken_as_they_are() {
        let mut d = draft();
        d.event_type = EventType::Xml;
        d.document = "<xml><customer>82345</customer></xml>".into();
        assert_eq!(
            d.validate().unwrap().document,
            "<xml><customer>82345</customer></xml>"
        );
    }

    #[test]
    fn header_arguments() {
        assert_eq!(
            parse_header_arg("x-customer: 82345"),
            Ok(("x-customer".into(), "82345".into()))
        );
        assert!(
            parse_header_arg("no colon")
                .unwrap_err()
                .contains("'Name: value'")
        );
        assert!("PUT".parse::<Method>().is_ok());
        assert!(
            "fetch"
                .parse::<Method>()
                .unwrap_err()
                .contains("get, post, put, patch, delete")
        );
    }
}
