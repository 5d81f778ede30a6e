//! The JSON shape of an event, shared by `--json` and the HTTP API: exactly
//! anticipated.io's `event` object, followed by anticip's own fields.

use serde::Serialize;
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde_json::value::RawValue;

use super::{Attempt, Event, EventType};
use crate::time::rfc3339_ms;

/// Borrows the event it shows: it is built to be serialized at once.
#[derive(Debug, Serialize)]
pub struct EventView<'a> {
    pub id: &'a str,
    pub company: &'a str,
    #[serde(rename = "type")]
    pub event_type: &'static str,
    pub when: String,
    pub created: String,
    pub details: Details<'a>,
    pub processed: bool,
    pub deleted: bool,
    /// scheduled | retrying | delivered | failed | deleted
    pub status: &'static str,
    pub attempt_count: u32,
    pub max_attempts: u32,
    pub timeout_ms: i64,
    pub next_attempt_at: Option<String>,
    pub finished_at: Option<String>,
    pub last_error: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attempts: Option<Vec<AttemptView<'a>>>,
}

/// anticipated.io's details: `document`, `url`, and for json and xml events
/// `method` and `headers`; sqs events add anticip's optional fields.
#[derive(Debug, Serialize)]
pub struct Details<'a> {
    pub document: Document<'a>,
    pub url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub headers: Option<HeaderList<'a>>,
    /// sqs: the stored credential's name (its id once it is deleted).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credential: Option<&'a str>,
    /// sqs: the FIFO message group, when not the event id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_group_id: Option<&'a str>,
    /// sqs: the signing region, when set on the event.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<&'a str>,
}

/// The stored JSON verbatim (key order kept; `null` if it is somehow not
/// JSON), or the XML as a string.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub enum Document<'a> {
    Json(Option<&'a RawValue>),
    Xml(&'a str),
}

/// anticipated.io's form of headers: `[{"x-customer":"82345"}]`.
#[derive(Debug)]
pub struct HeaderList<'a>(&'a [(String, String)]);

impl Serialize for HeaderList<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut list = serializer.serialize_seq(Some(self.0.len()))?;
        for header in self.0 {
            list.serialize_element(&OneHeader(header))?;
        }
        list.end()
    }
}

/// `{"name": "value"}`.
struct OneHeader<'a>(&'a (String, String));

impl Serialize for OneHeader<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(&self.0.0, &self.0.1)?;
        map.end()
    }
}

#[derive(Debug, Serialize)]
pub struct AttemptView<'a> {
    pub n: u32,
    pub scheduled_at: String,
    pub started_at: String,
    pub lateness_ms: i64,
    pub duration_ms: i64,
    /// delivered | retry | failed
    pub outcome: &'a str,
    pub status_code: Option<u16>,
    pub error: Option<&'a str>,
    pub response: Option<&'a str>,
}

impl<'a> EventView<'a> {
    pub fn new(event: &'a Event, company: &'a str) -> EventView<'a> {
        let document = match event.event_type {
            EventType::Json | EventType::Sqs => {
                Document::Json(serde_json::from_str(&event.document).ok())
            }
            EventType::Xml => Document::Xml(&event.document),
        };
        let http = event.event_type != EventType::Sqs;
        EventView {
            id: &event.id,
            company,
            event_type: event.event_type.as_str(),
            when: rfc3339_ms(event.when_at),
            created: rfc3339_ms(event.created_at),
            details: Details {
                document,
                url: &event.url,
                method: http.then(|| event.method.as_str()),
                headers: http.then(|| HeaderList(&event.headers)),
                credential: event
                    .credential_name
                    .as_deref()
                    .or(event.sqs.credential.as_deref()),
                message_group_id: event.sqs.message_group_id.as_deref(),
                region: event.sqs.region.as_deref(),
            },
            processed: event.status.processed(),
            deleted: event.status == super::Status::Deleted,
            status: event.status.as_str(),
            attempt_count: event.attempt_count,
            max_attempts: event.max_attempts,
            timeout_ms: event.timeout_ms,
            next_attempt_at: event.next_attempt_at.map(rfc3339_ms),
            finished_at: event.finished_at.map(rfc3339_ms),
            last_error: event.last_error.as_deref(),
            attempts: None,
        }
    }

    pub fn with_attempts(mut self, attempts: &'a [Attempt]) -> EventView<'a> {
        self.attempts = Some(attempts.iter().map(AttemptView::new).collect());
        self
    }
}

impl<'a> AttemptView<'a> {
    pub fn new(a: &'a Attempt) -> AttemptView<'a> {
        AttemptView {
            n: a.n,
            scheduled_at: rfc3339_ms(a.scheduled_at),
            started_at: rfc3339_ms(a.started_at),
            lateness_ms: (a.started_at - a.scheduled_at).max(0),
            duration_ms: a.duration_ms,
            outcome: &a.outcome,
            status_code: a.status_code,
            error: a.error.as_deref(),
            response: a.response.as_deref(),
        }
    }
}
