//! The JSON shape of an event, shared by `--json` and the HTTP API: exactly
//! anticipated.io's `event` object, followed by anticip's own fields.

use serde::Serialize;
use serde_json::value::RawValue;

use super::{Attempt, Event, EventType};
use crate::time::rfc3339_ms;

#[derive(Debug, Serialize)]
pub struct EventView {
    pub id: String,
    pub company: String,
    #[serde(rename = "type")]
    pub event_type: &'static str,
    pub when: String,
    pub created: String,
    pub details: Details,
    pub processed: bool,
    pub deleted: bool,
    /// scheduled | retrying | delivered | failed | deleted
    pub status: &'static str,
    pub attempt_count: u32,
    pub max_attempts: u32,
    pub timeout_ms: i64,
    pub next_attempt_at: Option<String>,
    pub finished_at: Option<String>,
    pub last_error: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attempts: Option<Vec<AttemptView>>,
}

/// anticipated.io's details: `document`, `url`, and for json and xml events
/// `method` and `headers`; sqs events add anticip's optional fields.
#[derive(Debug, Serialize)]
pub struct Details {
    /// The stored JSON verbatim (key order kept), or the XML string.
    pub document: Box<RawValue>,
    pub url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub method: Option<&'static str>,
    /// anticipated.io's form: `[{"x-customer":"82345"}]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub headers: Option<Vec<serde_json::Map<String, serde_json::Value>>>,
    /// sqs: the stored credential's name (its id once it is deleted).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credential: Option<String>,
    /// sqs: the FIFO message group, when not the event id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_group_id: Option<String>,
    /// sqs: the signing region, when set on the event.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct AttemptView {
    pub n: u32,
    pub scheduled_at: String,
    pub started_at: String,
    pub lateness_ms: i64,
    pub duration_ms: i64,
    /// delivered | retry | failed
    pub outcome: String,
    pub status_code: Option<u16>,
    pub error: Option<String>,
    pub response: Option<String>,
}

impl EventView {
    pub fn new(event: &Event, company: &str) -> EventView {
        let document = match event.event_type {
            EventType::Json | EventType::Sqs => RawValue::from_string(event.document.clone()),
            EventType::Xml => serde_json::value::to_raw_value(&event.document),
        }
        .unwrap_or_else(|_| RawValue::from_string("null".into()).expect("valid JSON"));
        let http = event.event_type != EventType::Sqs;
        EventView {
            id: event.id.clone(),
            company: company.to_string(),
            event_type: event.event_type.as_str(),
            when: rfc3339_ms(event.when_at),
            created: rfc3339_ms(event.created_at),
            details: Details {
                document,
                url: event.url.clone(),
                method: http.then(|| event.method.as_str()),
                headers: http.then(|| {
                    event
                        .headers
                        .iter()
                        .map(|(k, v)| {
                            let mut one = serde_json::Map::new();
                            one.insert(k.clone(), serde_json::Value::String(v.clone()));
                            one
                        })
                        .collect()
                }),
                credential: event
                    .credential_name
                    .clone()
                    .or_else(|| event.sqs.credential.clone()),
                message_group_id: event.sqs.message_group_id.clone(),
                region: event.sqs.region.clone(),
            },
            processed: event.status.processed(),
            deleted: event.status == super::Status::Deleted,
            status: event.status.as_str(),
            attempt_count: event.attempt_count,
            max_attempts: event.max_attempts,
            timeout_ms: event.timeout_ms,
            next_attempt_at: event.next_attempt_at.map(rfc3339_ms),
            finished_at: event.finished_at.map(rfc3339_ms),
            last_error: event.last_error.clone(),
            attempts: None,
        }
    }

    pub fn with_attempts(mut self, attempts: &[Attempt]) -> EventView {
        self.attempts = Some(attempts.iter().map(AttemptView::new).collect());
        self
    }
}

impl AttemptView {
    pub fn new(a: &Attempt) -> AttemptView {
        AttemptView {
            n: a.n,
            scheduled_at: rfc3339_ms(a.scheduled_at),
            started_at: rfc3339_ms(a.started_at),
            lateness_ms: (a.started_at - a.scheduled_at).max(0),
            duration_ms: a.duration_ms,
            outcome: a.outcome.clone(),
            status_code: a.status_code,
            error: a.error.clone(),
            response: a.response.clone(),
        }
    }
}
