//! The anticipated.io REST API for events: `POST /v1/event`,
//! `GET /v1/event/{id}`, `DELETE /v1/event/{id}`, and beyond anticipated.io
//! `GET /v1/event?status=&limit=&cursor=`. Requests are read into the same
//! `Draft` the CLI builds, so both accept and refuse exactly the same things.

use std::fmt::Write as _;
use std::time::Duration;

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Extension, Router};
use serde::Serialize;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::store::{self, Cursor, EventError, Inserted};
use super::{
    DEFAULT_MAX_ATTEMPTS, DEFAULT_TIMEOUT, Draft, EventType, EventView, Invalid, Method, NewEvent,
    SqsOptions, Status, invalid, json_kind,
};
use crate::engine::metrics::family;
use crate::http::{ApiError, AppState, JsonBody, RequestId, reply};
use crate::time::{now_ms, parse_when_now};

/// Most events one list page returns.
pub const MAX_LIMIT: usize = 1000;
const DEFAULT_LIMIT: usize = 100;
/// Longest `Idempotency-Key` accepted.
const MAX_IDEMPOTENCY_KEY: usize = 255;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/event", post(create).get(list))
        .route("/v1/event/{id}", get(show).delete(remove))
}

#[derive(Serialize)]
struct One<'a> {
    event: EventView<'a>,
}

#[derive(Serialize)]
struct Page<'a> {
    events: Vec<EventView<'a>>,
    /// Pass as `?cursor=` for the next page; null on the last page.
    next_cursor: Option<String>,
}

impl From<EventError> for ApiError {
    fn from(e: EventError) -> ApiError {
        match e {
            EventError::NotFound(_) => ApiError::not_found(e.to_string()),
            EventError::IdempotencyConflict(_) => ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "idempotency_conflict",
                e.to_string(),
            )
            .with_field("Idempotency-Key"),
            EventError::NotRetryable { .. } => {
                ApiError::new(StatusCode::CONFLICT, "conflict", e.to_string())
            }
            EventError::Invalid(e) => ApiError::from(in_details(e)),
            EventError::Sqlite(e) => ApiError::internal(&e),
        }
    }
}

impl From<Invalid> for ApiError {
    fn from(e: Invalid) -> ApiError {
        ApiError::invalid(e.field, e.message)
    }
}

/// 201 with the new event once it is committed; with an `Idempotency-Key`
/// already used for the same request, 200 with the event that request made.
async fn create(
    State(app): State<AppState>,
    Extension(request): Extension<RequestId>,
    headers: HeaderMap,
    JsonBody(body): JsonBody,
) -> Result<Response, ApiError> {
    let key = idempotency_key(&headers)?;
    let new = read_event(&body)?;
    let now = now_ms();
    let inserted = match key {
        None => {
            app.db
                .write(move |c| Ok::<_, EventError>(Inserted::New(store::insert(c, &new, now)?)))
                .await?
        }
        Some(key) => {
            let canonical = serde_json::to_vec(&body).expect("a parsed value serializes");
            let hash: [u8; 32] = Sha256::digest(&canonical).into();
            app.db
                .write(move |c| store::insert_once(c, &new, now, &key, &hash))
                .await?
        }
    };
    Ok(match inserted {
        Inserted::New(event) => {
            app.engine.hint(event.when_at);
            let event = EventView::new(&event, &app.company);
            reply(StatusCode::CREATED, &app, &request, One { event })
        }
        Inserted::Existing(event) => {
            let event = EventView::new(&event, &app.company);
            let mut response = reply(StatusCode::OK, &app, &request, One { event });
            response
                .headers_mut()
                .insert("idempotent-replayed", HeaderValue::from_static("true"));
            response
        }
    })
}

/// The event and every delivery attempt so far.
async fn show(
    State(app): State<AppState>,
    Extension(request): Extension<RequestId>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let found = app.db.lookup(|c| store::get_with_attempts(c, &id)).await?;
    let (event, attempts) = found.ok_or(EventError::NotFound(id))?;
    let event = EventView::new(&event, &app.company).with_attempts(&attempts);
    Ok(reply(StatusCode::OK, &app, &request, One { event }))
}

/// Mark the event deleted: it never fires. Unknown or already deleted: 404.
async fn remove(
    State(app): State<AppState>,
    Extension(request): Extension<RequestId>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let now = now_ms();
    let event = app.db.write(move |c| store::delete(c, &id, now)).await?;
    let event = EventView::new(&event, &app.company);
    Ok(reply(StatusCode::OK, &app, &request, One { event }))
}

/// Events in time order, a page at a time.
async fn list(
    State(app): State<AppState>,
    Extension(request): Extension<RequestId>,
    query: Result<Query<Vec<(String, String)>>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(pairs) = query.map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_request",
            format!("the query string could not be read: {e}"),
        )
    })?;
    let mut status = None;
    let mut limit = DEFAULT_LIMIT;
    let mut cursor = None;
    for (name, value) in pairs {
        match name.as_str() {
            "status" if value == "all" || value.is_empty() => status = None,
            "status" => {
                status = Some(
                    value
                        .parse::<Status>()
                        .map_err(|e| ApiError::invalid("status", format!("{e}, or all")))?,
                )
            }
            "limit" => {
                limit = value
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=MAX_LIMIT).contains(n))
                    .ok_or_else(|| {
                        ApiError::invalid(
                            "limit",
                            format!("{value:?} is not a number from 1 to {MAX_LIMIT}"),
                        )
                    })?
            }
            "cursor" => {
                cursor = Some(Cursor::decode(&value).ok_or_else(|| {
                    ApiError::invalid(
                        "cursor",
                        format!(
                            "{value:?} is not a cursor; pass the next_cursor of a previous page"
                        ),
                    )
                })?)
            }
            other => {
                return Err(ApiError::invalid(
                    other,
                    format!("unknown query parameter {other:?}; use status, limit and cursor"),
                ));
            }
        }
    }
    let events = app
        .db
        .read(move |c| store::list(c, status, limit, cursor))
        .await?;
    let next_cursor = (events.len() == limit)
        .then(|| events.last().map(|e| Cursor::after(e).encode()))
        .flatten();
    let events = events
        .iter()
        .map(|e| EventView::new(e, &app.company))
        .collect();
    Ok(reply(
        StatusCode::OK,
        &app,
        &request,
        Page {
            events,
            next_cursor,
        },
    ))
}

/// The optional `Idempotency-Key` header: 1 to 255 visible ASCII characters.
fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, ApiError> {
    let Some(value) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    let key = value.to_str().ok().map(str::trim).unwrap_or("");
    if key.is_empty()
        || key.len() > MAX_IDEMPOTENCY_KEY
        || !key.bytes().all(|b| b.is_ascii_graphic())
    {
        return Err(ApiError::invalid(
            "Idempotency-Key",
            format!("give 1 to {MAX_IDEMPOTENCY_KEY} visible ASCII characters, e.g. a UUID"),
        ));
    }
    Ok(Some(key.to_owned()))
}

/// A create request as anticipated.io documents it, plus anticip's optional
/// `timeout_ms` and `max_attempts`. Fields are named by their JSON path.
pub fn read_event(body: &Value) -> Result<NewEvent, Invalid> {
    let Value::Object(body) = body else {
        return Err(invalid(
            "body",
            format!(
                "must be a JSON object with type, when and details, not {}",
                json_kind(body)
            ),
        ));
    };
    let event_type: EventType = match body.get("type") {
        None | Some(Value::Null) => return Err(invalid("type", "is required: json, xml or sqs")),
        Some(Value::String(s)) => s.parse().map_err(|e| invalid("type", e))?,
        Some(other) => {
            return Err(invalid(
                "type",
                format!(
                    "must be a string, json, xml or sqs, not {}",
                    json_kind(other)
                ),
            ));
        }
    };
    let when_at = match body.get("when") {
        None | Some(Value::Null) => {
            return Err(invalid(
                "when",
                "is required: a time like \"2026-12-01T09:00:00Z\" or \"in 20 minutes\"",
            ));
        }
        Some(Value::String(s)) => parse_when_now(s)
            .map_err(|e| {
                invalid(
                    "when",
                    format!(
                        "{e}; give an ISO 8601 time like 2026-12-01T09:00:00Z, a relative time \
                         like \"in 20 minutes\" or \"32 days from now\", or a phrase like \
                         \"tomorrow 9am\""
                    ),
                )
            })?
            .timestamp_millis(),
        Some(other) => {
            return Err(invalid(
                "when",
                format!("must be a string, not {}", json_kind(other)),
            ));
        }
    };
    let details = match body.get("details") {
        Some(Value::Object(details)) => details,
        None | Some(Value::Null) => {
            return Err(invalid(
                "details",
                "is required: an object with url, method, document and headers",
            ));
        }
        Some(other) => {
            return Err(invalid(
                "details",
                format!("must be an object, not {}", json_kind(other)),
            ));
        }
    };
    let url = match details.get("url") {
        None | Some(Value::Null) => String::new(), // "is required", from validate
        Some(Value::String(s)) => s.clone(),
        Some(other) => {
            return Err(invalid(
                "details.url",
                format!("must be a string, not {}", json_kind(other)),
            ));
        }
    };
    let method = match details.get("method") {
        None | Some(Value::Null) => Method::Post,
        Some(Value::String(s)) => s.parse().map_err(|e| invalid("details.method", e))?,
        Some(other) => {
            return Err(invalid(
                "details.method",
                format!("must be a string, not {}", json_kind(other)),
            ));
        }
    };
    let document = match (event_type, details.get("document")) {
        (EventType::Json | EventType::Sqs, None | Some(Value::Null)) => "{}".to_string(),
        (EventType::Json | EventType::Sqs, Some(doc @ Value::Object(_))) => doc.to_string(),
        (EventType::Json | EventType::Sqs, Some(other)) => {
            return Err(invalid(
                "details.document",
                format!(
                    "must be a JSON object like {{\"customer\":\"82345\"}} for a {event_type} event, not {}",
                    json_kind(other)
                ),
            ));
        }
        (EventType::Xml, None | Some(Value::Null)) => String::new(),
        (EventType::Xml, Some(Value::String(xml))) => xml.clone(),
        (EventType::Xml, Some(other)) => {
            return Err(invalid(
                "details.document",
                format!(
                    "must be a string of XML like \"<xml><customer>82345</customer></xml>\" \
                     for an xml event, not {}",
                    json_kind(other)
                ),
            ));
        }
    };
    let headers = read_headers(details.get("headers"))?;
    let sqs = SqsOptions {
        credential: optional_string(details, "details.credential")?,
        message_group_id: optional_string(details, "details.message_group_id")?,
        region: optional_string(details, "details.region")?,
    };
    let timeout = match body.get("timeout_ms") {
        None | Some(Value::Null) => DEFAULT_TIMEOUT,
        Some(Value::Number(n)) if n.as_u64().is_some() => {
            Duration::from_millis(n.as_u64().expect("checked"))
        }
        Some(other) => {
            return Err(invalid(
                "timeout_ms",
                format!("must be a whole number of milliseconds, not {other}"),
            ));
        }
    };
    let max_attempts = match body.get("max_attempts") {
        None | Some(Value::Null) => DEFAULT_MAX_ATTEMPTS,
        Some(Value::Number(n)) if n.as_u64().is_some() => {
            u32::try_from(n.as_u64().expect("checked")).unwrap_or(u32::MAX)
        }
        Some(other) => {
            return Err(invalid(
                "max_attempts",
                format!("must be a whole number, not {other}"),
            ));
        }
    };
    Draft {
        event_type,
        method,
        url,
        headers,
        document,
        when_at,
        timeout,
        max_attempts,
        sqs,
    }
    .validate()
    .map_err(in_details)
}

/// Name a draft's field as the request body spells it.
fn in_details(e: Invalid) -> Invalid {
    Invalid {
        field: match e.field {
            "url" => "details.url",
            "headers" => "details.headers",
            "document" => "details.document",
            "credential" => "details.credential",
            "message_group_id" => "details.message_group_id",
            "region" => "details.region",
            "timeout" => "timeout_ms",
            other => other,
        },
        message: e.message,
    }
}

/// An optional string member of `details`; `field` names it in errors.
fn optional_string(
    details: &Map<String, Value>,
    field: &'static str,
) -> Result<Option<String>, Invalid> {
    let name = field.trim_start_matches("details.");
    match details.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(invalid(
            field,
            format!("must be a string, not {}", json_kind(other)),
        )),
    }
}

/// `details.headers`: the documented array of one-key objects
/// (`[{"x-customer":"82345"}]`), or a plain object (`{"x-customer":"82345"}`).
fn read_headers(value: Option<&Value>) -> Result<Vec<(String, String)>, Invalid> {
    const FORMS: &str = "an array of objects like [{\"x-customer\":\"82345\"}] \
                         or an object like {\"x-customer\":\"82345\"}";
    let mut headers = Vec::new();
    let mut add = |object: &Map<String, Value>| -> Result<(), Invalid> {
        for (name, value) in object {
            let value = match value {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                other => {
                    return Err(invalid(
                        "details.headers",
                        format!(
                            "the value of {name:?} must be a string, not {}",
                            json_kind(other)
                        ),
                    ));
                }
            };
            headers.push((name.clone(), value));
        }
        Ok(())
    };
    match value {
        None | Some(Value::Null) => {}
        Some(Value::Object(object)) => add(object)?,
        Some(Value::Array(items)) => {
            for item in items {
                match item {
                    Value::Object(object) => add(object)?,
                    other => {
                        return Err(invalid(
                            "details.headers",
                            format!("must be {FORMS}; found {} in the array", json_kind(other)),
                        ));
                    }
                }
            }
        }
        Some(other) => {
            return Err(invalid(
                "details.headers",
                format!("must be {FORMS}, not {}", json_kind(other)),
            ));
        }
    }
    Ok(headers)
}

/// The events part of `GET /metrics`: how many events are in each status.
pub fn render_metrics(out: &mut String, counts: &[(Status, i64)]) {
    family(
        out,
        "anticip_events",
        "gauge",
        "Events in the store by status: scheduled, retrying, delivered, failed, deleted.",
    );
    for status in Status::ALL {
        let n = counts
            .iter()
            .find(|(s, _)| s == status)
            .map_or(0, |(_, n)| *n);
        let _ = writeln!(out, "anticip_events{{status=\"{status}\"}} {n}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn both_header_forms_are_read_in_order() {
        let array = json!([{"x-customer": "82345"}, {"x-b": 2}]);
        let object = json!({"x-customer": "82345", "x-b": 2});
        let want = vec![
            ("x-customer".to_string(), "82345".to_string()),
            ("x-b".to_string(), "2".to_string()),
        ];
        assert_eq!(read_headers(Some(&array)).unwrap(), want);
        assert_eq!(read_headers(Some(&object)).unwrap(), want);
        assert_eq!(read_headers(Some(&json!([]))).unwrap(), vec![]);
        assert_eq!(
            read_headers(Some(&json!("x"))).unwrap_err().field,
            "details.headers"
        );
    }
}
