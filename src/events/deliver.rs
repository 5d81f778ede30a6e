//! Firing an event: the HTTP request anticipated.io documents, and how its
//! answer is classified. `sqs` events are sent by `super::sqs`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::Url;
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use rusqlite::Connection;

use super::sqs::SqsAttempt;
use super::store::{self, JOB_KIND, Response};
use super::{Event, EventType, Method, Status};
use crate::engine::{BoxFuture, Finished, Job, JobKind, Outcome, Work};
use crate::outbound;
use crate::time::rfc3339_ms;

/// The `build` field of delivered payloads.
pub const BUILD: &str = env!("CARGO_PKG_VERSION");

pub struct EventDelivery {
    sender: outbound::Sender,
    urls: Arc<UrlCache>,
}

impl EventDelivery {
    pub fn new(sender: outbound::Sender) -> EventDelivery {
        EventDelivery {
            sender,
            urls: Arc::default(),
        }
    }
}

/// Parsed target URLs. Parsing one (with its IDNA host check) costs more CPU
/// than the rest of sending a small request, and most events go to a few URLs.
#[derive(Default)]
struct UrlCache(Mutex<HashMap<String, Url>>);

impl UrlCache {
    /// Enough for every endpoint of a typical installation; past it, start over.
    const MOST: usize = 4096;

    fn parse(&self, url: &str) -> Result<Url, String> {
        if let Some(parsed) = self.0.lock().expect("url cache").get(url) {
            return Ok(parsed.clone());
        }
        let parsed = Url::parse(url).map_err(|e| e.to_string())?;
        let mut urls = self.0.lock().expect("url cache");
        if urls.len() >= Self::MOST {
            urls.clear();
        }
        urls.insert(url.to_string(), parsed.clone());
        Ok(parsed)
    }
}

impl JobKind for EventDelivery {
    fn name(&self) -> &'static str {
        JOB_KIND
    }

    fn load(&self, conn: &Connection, job: &Job) -> rusqlite::Result<Option<Box<dyn Work>>> {
        let Some(event) = store::get_by_seq(conn, job.subject)? else {
            return Ok(None);
        };
        if matches!(
            event.status,
            Status::Deleted | Status::Delivered | Status::Failed
        ) {
            return Ok(None);
        }
        Ok(Some(match event.event_type {
            EventType::Json | EventType::Xml => Box::new(Attempt {
                sender: self.sender.clone(),
                urls: self.urls.clone(),
                event,
                response: Response::default(),
            }),
            EventType::Sqs => {
                Box::new(SqsAttempt::load(conn, self.sender.client().clone(), event)?)
            }
        }))
    }
}

struct Attempt {
    sender: outbound::Sender,
    urls: Arc<UrlCache>,
    event: Event,
    response: Response,
}

impl Work for Attempt {
    fn run(&mut self) -> BoxFuture<'_, Outcome> {
        Box::pin(async move {
            let timeout = Duration::from_millis(self.event.timeout_ms as u64);
            let url = match self.urls.parse(&self.event.url) {
                Ok(url) => url,
                // Checked when the event was made; a stored one may predate a check.
                Err(e) => {
                    return Outcome::Fail {
                        error: format!("the event's URL {:?} is not valid: {e}", self.event.url),
                    };
                }
            };
            let sent = self.sender.send(
                self.event.method.http(),
                url,
                headers(&self.event),
                body(&self.event),
                timeout,
                outbound::EXCERPT_BYTES,
            );
            let answer = match sent.await {
                Ok(answer) => answer,
                Err(error) => {
                    return Outcome::Retry {
                        error,
                        retry_after: None,
                    };
                }
            };
            self.response = Response {
                status_code: Some(answer.status.as_u16()),
                excerpt: answer.excerpt(),
            };
            outbound::classify(answer.status, answer.retry_after, answer.location)
        })
    }

    fn record(&self, conn: &Connection, job: &Job, finished: &Finished) -> rusqlite::Result<()> {
        store::record_attempt(conn, self.event.seq, job, finished, &self.response)
    }
}

fn headers(event: &Event) -> HeaderMap {
    let mut map = HeaderMap::with_capacity(event.headers.len() + 1);
    if event.method != Method::Get {
        let content_type = match event.event_type {
            EventType::Json => "application/json",
            EventType::Xml => "application/xml",
            EventType::Sqs => unreachable!("sqs events are sent by SqsAttempt"),
        };
        map.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    }
    // The event's own headers win over ours; repeated names are all sent.
    let mut replaced: Vec<HeaderName> = Vec::new();
    for (name, value) in &event.headers {
        let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) else {
            continue; // validated on the way in
        };
        if !replaced.contains(&name) {
            map.remove(&name);
            replaced.push(name.clone());
        }
        map.append(name, value);
    }
    map
}

/// The request body; none for GET.
pub fn body(event: &Event) -> Option<String> {
    if event.method == Method::Get {
        return None;
    }
    Some(match event.event_type {
        EventType::Sqs => unreachable!("sqs events are sent by SqsAttempt"),
        EventType::Json => {
            // id and when are plain ASCII; the document is stored, valid JSON.
            format!(
                r#"{{"id":"{}","when":"{}","build":"{BUILD}","document":{}}}"#,
                event.id,
                rfc3339_ms(event.when_at),
                event.document
            )
        }
        EventType::Xml => event.document.clone(),
    })
}
