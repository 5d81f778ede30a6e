//! Sequin's Management and Stream APIs for syncs: `POST /v1/syncs`,
//! `GET /v1/syncs`, `GET /v1/syncs/{id}`, `DELETE /v1/syncs/{id}`, and the
//! change stream `GET /v1/events` and record stream `GET /v1/records`.
//!
//! Replies have Sequin's shapes: a sync is the object itself, a list of them
//! is under `data`, the change stream is a bare array of Sequin's event
//! objects (as in Sequin's guide), and records come as `{records, cursor}`.
//! Both streams page with `after_seq` (an event's or record's `seq`) and
//! answer with a `Link: <…>; rel="next"` header for the next page. With
//! `wait_ms`, an empty page waits up to that long for a commit that brings
//! something, woken by the engine's commits (and by other processes' commits
//! the engine's watcher sees), never by polling the store.

use std::time::Duration;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Map, Value, json};
use tokio::time::Instant;

use super::store::{self, Filter, SyncError};
use super::view::CollectionStatus;
use super::{
    ChangeView, Draft, MAX_ALLOWED_REQUESTS, Provider, RateLimit, RecordView, SyncView,
    check_rate_limit, decode_seq, encode_seq,
};
use crate::credentials;
use crate::events::json_kind;
use crate::http::{ApiError, AppState, JsonBody};
use crate::time::now_ms;

/// Most events or records one page returns.
pub const MAX_LIMIT: usize = 1000;
const DEFAULT_LIMIT: usize = 100;
/// The longest a stream request may wait for something new.
pub const MAX_WAIT: Duration = Duration::from_secs(60);

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/syncs", post(create).get(list))
        .route("/v1/syncs/{id}", get(show).delete(remove))
        .route("/v1/events", get(events))
        .route("/v1/records", get(records))
}

impl From<SyncError> for ApiError {
    fn from(e: SyncError) -> ApiError {
        match e {
            SyncError::NotFound(_) => ApiError::not_found(e.to_string()),
            SyncError::NameTaken(_) => {
                ApiError::new(StatusCode::CONFLICT, "conflict", e.to_string()).with_field("name")
            }
            SyncError::NoCollection { .. } => ApiError::invalid("collection_id", e.to_string()),
            SyncError::WrongCredential { .. } => ApiError::invalid("credential_id", e.to_string()),
            SyncError::Credential(credentials::store::CredentialError::NotFound(_)) => {
                ApiError::invalid("credential_id", e.to_string())
            }
            SyncError::Credential(e) => ApiError::from(e),
            SyncError::Sqlite(e) => ApiError::internal(&e),
        }
    }
}

fn view(conn: &rusqlite::Connection, sync: &super::Sync) -> rusqlite::Result<SyncView> {
    let statuses: Vec<CollectionStatus> = store::statuses(conn, sync)?;
    Ok(SyncView::new(sync, &statuses, now_ms()))
}

/// 201 with the new sync once it (and a credential given inline) is
/// committed; its backfill starts at once.
async fn create(
    State(app): State<AppState>,
    JsonBody(body): JsonBody,
) -> Result<Response, ApiError> {
    let (draft, inline) = read_sync(&body)?;
    let mut new = draft.validate().map_err(|e| {
        let field = match e.field {
            "every" => "every_ms",
            "credential" => "credential_id",
            other => other,
        };
        ApiError::invalid(field, e.message)
    })?;
    let now = now_ms();
    let created = app
        .db
        .write(move |conn| {
            if let Some(credential) = &inline {
                let stored =
                    credentials::store::insert(conn, credential, now).map_err(|e| match e {
                        credentials::store::CredentialError::NameTaken(_) => {
                            ApiError::from(e).with_field("credential.name")
                        }
                        other => ApiError::from(other),
                    })?;
                new.credential = Some(stored.id);
            }
            let sync = store::insert(conn, &new, now)?;
            Ok::<_, ApiError>(view(conn, &sync)?)
        })
        .await?;
    app.engine.hint(now);
    Ok((StatusCode::CREATED, axum::Json(created)).into_response())
}

async fn list(State(app): State<AppState>) -> Result<Response, ApiError> {
    let views = app
        .db
        .read(|conn| {
            store::list(conn)?
                .iter()
                .map(|sync| view(conn, sync))
                .collect::<rusqlite::Result<Vec<_>>>()
        })
        .await?;
    Ok(axum::Json(json!({ "data": views })).into_response())
}

/// By id or name, with the status of every collection.
async fn show(State(app): State<AppState>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let found = app
        .db
        .read(move |conn| {
            let sync = store::get(conn, &id)?;
            Ok::<_, ApiError>(view(conn, &sync)?)
        })
        .await?;
    Ok(axum::Json(found).into_response())
}

/// The sync goes with its records and change stream; its credential stays.
async fn remove(State(app): State<AppState>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let sync = app.db.write(move |conn| store::delete(conn, &id)).await?;
    Ok(axum::Json(json!({"id": sync.id, "name": sync.name, "deleted": true})).into_response())
}

/// A create request: Sequin's `provider, name, collection_ids, rate_limit,
/// credential | credential_id, metadata`, and anticip's optional `base_url`,
/// `config` (the http provider's TOML) and `every_ms`. Also the credential
/// given inline, to store in the same transaction.
fn read_sync(body: &Value) -> Result<(Draft, Option<credentials::store::NewCredential>), ApiError> {
    let Value::Object(body) = body else {
        return Err(ApiError::invalid(
            "body",
            format!(
                "must be a JSON object with provider, name, collection_ids and a credential, not {}",
                json_kind(body)
            ),
        ));
    };
    let provider_name = string(body, "provider")?
        .ok_or_else(|| ApiError::invalid("provider", "is required: stripe, json-server or http"))?;
    let provider = Provider::parse(&provider_name).ok_or_else(|| {
        ApiError::invalid(
            "provider",
            format!("{provider_name:?} is not a provider; use stripe, json-server or http"),
        )
    })?;
    let name = string(body, "name")?.unwrap_or_default();
    let collections = match body.get("collection_ids") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| match item {
                Value::String(s) if !s.trim().is_empty() => Ok(s.trim().to_string()),
                other => Err(ApiError::invalid(
                    "collection_ids",
                    format!(
                        "must be an array of collection ids like [\"stripe:customer\"]; found {}",
                        json_kind(other)
                    ),
                )),
            })
            .collect::<Result<_, _>>()?,
        Some(other) => {
            return Err(ApiError::invalid(
                "collection_ids",
                format!(
                    "must be an array of collection ids like [\"stripe:customer\"], not {}",
                    json_kind(other)
                ),
            ));
        }
    };
    let (rate_limit, max_concurrent) = read_rate_limit(body.get("rate_limit"))?;
    let credential_id = string(body, "credential_id")?;
    let inline = match body.get("credential") {
        None | Some(Value::Null) => None,
        Some(value) => {
            if credential_id.is_some() {
                return Err(ApiError::invalid(
                    "credential",
                    "give either credential (a new one) or credential_id (one stored already), not both",
                ));
            }
            Some(
                credentials::api::read_credential(value).map_err(|e| match e.field {
                    "body" => ApiError::invalid("credential", e.message),
                    field => ApiError::invalid(format!("credential.{field}"), e.message),
                })?,
            )
        }
    };
    if provider == Provider::Stripe && credential_id.is_none() && inline.is_none() {
        return Err(ApiError::invalid(
            "credential",
            "is required for stripe: give credential (a new Stripe key) or credential_id (one stored already)",
        ));
    }
    if let Some(credential) = &inline
        && credential.provider != "stripe"
        && provider == Provider::Stripe
    {
        return Err(ApiError::invalid(
            "credential.kind",
            "a stripe sync needs a Stripe key: kind stripe_oauth2, stripe_key or stripe_secret_key",
        ));
    }
    let every = match body.get("every_ms") {
        None | Some(Value::Null) => super::DEFAULT_EVERY,
        Some(Value::Number(n)) if n.as_u64().is_some() => {
            Duration::from_millis(n.as_u64().expect("checked"))
        }
        Some(other) => {
            return Err(ApiError::invalid(
                "every_ms",
                format!("must be a whole number of milliseconds, not {other}"),
            ));
        }
    };
    let metadata = match body.get("metadata") {
        None | Some(Value::Null) => json!({}),
        Some(m @ Value::Object(_)) => m.clone(),
        Some(other) => {
            return Err(ApiError::invalid(
                "metadata",
                format!("must be a JSON object, not {}", json_kind(other)),
            ));
        }
    };
    let draft = Draft {
        provider,
        name,
        collections,
        config_toml: string(body, "config")?,
        base_url: string(body, "base_url")?,
        // An inline credential gets its id once stored, in the same write.
        credential: credential_id.or_else(|| inline.as_ref().map(|c| c.name.clone())),
        rate_limit: rate_limit.or(provider.default_rate_limit()),
        max_concurrent,
        every,
        metadata,
    };
    Ok((draft, inline))
}

/// Sequin's `{allowed_requests, interval (seconds), max_concurrent_requests}`.
fn read_rate_limit(value: Option<&Value>) -> Result<(Option<RateLimit>, u32), ApiError> {
    let limit = match value {
        None | Some(Value::Null) => return Ok((None, 0)),
        Some(Value::Object(limit)) => limit,
        Some(other) => {
            return Err(ApiError::invalid(
                "rate_limit",
                format!(
                    "must be an object like {{\"allowed_requests\": 100, \"interval\": 60, \"max_concurrent_requests\": 0}}, not {}",
                    json_kind(other)
                ),
            ));
        }
    };
    let whole = |name: &'static str, max: u64| -> Result<Option<u64>, ApiError> {
        match limit.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) if n.as_u64().is_some_and(|n| n <= max) => Ok(n.as_u64()),
            Some(other) => Err(ApiError::invalid(
                format!("rate_limit.{name}"),
                format!("must be a whole number from 0 to {max}, not {other}"),
            )),
        }
    };
    let allowed = whole("allowed_requests", u64::from(MAX_ALLOWED_REQUESTS))?;
    let max_concurrent = whole("max_concurrent_requests", 10_000)?.unwrap_or(0) as u32;
    let interval = match limit.get("interval") {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) if n.as_f64().is_some_and(|s| s > 0.0 && s.is_finite()) => {
            n.as_f64()
        }
        Some(other) => {
            return Err(ApiError::invalid(
                "rate_limit.interval",
                format!("must be a number of seconds above 0, not {other}"),
            ));
        }
    };
    let rate = match (allowed, interval) {
        (None, None) => None,
        (Some(0), _) => {
            return Err(ApiError::invalid(
                "rate_limit.allowed_requests",
                format!("must be 1 to {MAX_ALLOWED_REQUESTS} requests per interval, not 0"),
            ));
        }
        (Some(allowed), Some(seconds)) => {
            let interval = Duration::from_secs_f64(seconds.min(1e9));
            let allowed = allowed as u32;
            check_rate_limit(allowed, interval)
                .map_err(|e| ApiError::invalid("rate_limit.interval", e))?;
            Some(RateLimit {
                allowed_requests: allowed,
                interval_ms: interval.as_millis() as i64,
            })
        }
        (None, Some(_)) => {
            return Err(ApiError::invalid(
                "rate_limit.allowed_requests",
                "is required with an interval: how many requests per interval",
            ));
        }
        (Some(_), None) => {
            return Err(ApiError::invalid(
                "rate_limit.interval",
                "is required with allowed_requests: the window in seconds, e.g. 60",
            ));
        }
    };
    Ok((rate, max_concurrent))
}

fn string(body: &Map<String, Value>, name: &'static str) -> Result<Option<String>, ApiError> {
    match body.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(ApiError::invalid(
            name,
            format!("must be a string, not {}", json_kind(other)),
        )),
    }
}

/// What a stream request asks for.
#[derive(Debug, Clone)]
struct StreamQuery {
    sync: Option<String>,
    collection: Option<String>,
    after_seq: i64,
    limit: usize,
    wait: Duration,
}

type QueryPairs = Result<Query<Vec<(String, String)>>, axum::extract::rejection::QueryRejection>;

/// An empty value means "not given", so `?sync_id=&after_seq=` reads as
/// no filter from the start.
fn read_stream_query(query: QueryPairs) -> Result<StreamQuery, ApiError> {
    let Query(pairs) = query.map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "bad_request",
            format!("the query string could not be read: {e}"),
        )
    })?;
    let mut q = StreamQuery {
        sync: None,
        collection: None,
        after_seq: 0,
        limit: DEFAULT_LIMIT,
        wait: Duration::ZERO,
    };
    for (name, value) in pairs {
        let value = value.trim().to_string();
        if value.is_empty() {
            continue;
        }
        match name.as_str() {
            "sync_id" => q.sync = Some(value),
            "collection_id" => q.collection = Some(value),
            // Sequin's record stream calls its cursor `after_cursor`.
            "after_seq" | "after_cursor" => q.after_seq = decode_seq(&value).ok_or_else(|| {
                ApiError::invalid(
                    name.clone(),
                    format!(
                        "{value:?} is not a seq; pass the seq of the last event or record you have"
                    ),
                )
            })?,
            "limit" => {
                q.limit = value
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
            "wait_ms" => {
                q.wait = value
                    .parse::<u64>()
                    .ok()
                    .map(Duration::from_millis)
                    .filter(|w| *w <= MAX_WAIT)
                    .ok_or_else(|| {
                        ApiError::invalid(
                            "wait_ms",
                            format!(
                                "{value:?} is not a number of milliseconds from 0 to {}",
                                MAX_WAIT.as_millis()
                            ),
                        )
                    })?
            }
            other => {
                return Err(ApiError::invalid(
                    other,
                    format!(
                        "unknown query parameter {other:?}; use sync_id, collection_id, after_seq, limit and wait_ms"
                    ),
                ));
            }
        }
    }
    Ok(q)
}

/// The store filter for `q`: an unknown sync is 404, a collection the sync
/// does not have is 400.
fn resolve(conn: &rusqlite::Connection, q: &StreamQuery) -> Result<Filter, ApiError> {
    let mut filter = Filter {
        after_seq: q.after_seq,
        limit: q.limit,
        ..Filter::default()
    };
    if let Some(id) = &q.sync {
        let sync = store::find(conn, id)?.ok_or_else(|| {
            ApiError::not_found(format!("no sync with id or name {id:?}")).with_field("sync_id")
        })?;
        filter.sync_seq = Some(sync.seq);
        if let Some(collection) = &q.collection {
            filter.collection_seq = Some(store::collection_named(conn, &sync, collection)?.seq);
        }
    } else {
        filter.collection_id = q.collection.clone();
    }
    Ok(filter)
}

/// Read a page with `read`; if it is empty and `q.wait` allows, wait for a
/// commit that may bring something and read again.
async fn page<T, F>(app: &AppState, q: &StreamQuery, read: F) -> Result<Vec<T>, ApiError>
where
    T: Send + 'static,
    F: Fn(&rusqlite::Connection, &Filter) -> rusqlite::Result<Vec<T>> + Copy + Send + 'static,
{
    let deadline = Instant::now() + q.wait;
    // Subscribed before the first read: a commit in between still wakes us.
    let mut ours = app.sync_feed.subscribe();
    let mut others = app.engine.outside_writes();
    ours.borrow_and_update();
    others.borrow_and_update();
    let query = q.clone();
    let filter = app.db.read(move |conn| resolve(conn, &query)).await?;
    loop {
        let f = filter.clone();
        let rows = app.db.read(move |conn| read(conn, &f)).await?;
        if !rows.is_empty() || Instant::now() >= deadline || app.stopping.is_cancelled() {
            return Ok(rows);
        }
        tokio::select! {
            changed = ours.changed() => if changed.is_err() { tokio::time::sleep_until(deadline).await },
            changed = others.changed() => if changed.is_err() { tokio::time::sleep_until(deadline).await },
            () = tokio::time::sleep_until(deadline) => {}
            () = app.stopping.cancelled() => {}
        }
    }
}

/// `Link: </v1/events?…&after_seq=…>; rel="next"`: the same request from
/// after the last row (or from where it started, on an empty page).
fn next_link(path: &str, q: &StreamQuery, after_seq: i64) -> Option<HeaderValue> {
    let mut url = reqwest::Url::parse("http://anticip").expect("a valid base");
    url.set_path(path);
    {
        let mut pairs = url.query_pairs_mut();
        if let Some(sync) = &q.sync {
            pairs.append_pair("sync_id", sync);
        }
        if let Some(collection) = &q.collection {
            pairs.append_pair("collection_id", collection);
        }
        pairs.append_pair("after_seq", &encode_seq(after_seq));
        pairs.append_pair("limit", &q.limit.to_string());
        if !q.wait.is_zero() {
            pairs.append_pair("wait_ms", &q.wait.as_millis().to_string());
        }
    }
    let link = format!(
        "<{}?{}>; rel=\"next\"",
        url.path(),
        url.query().unwrap_or_default()
    );
    HeaderValue::from_str(&link).ok()
}

fn with_link(mut response: Response, link: Option<HeaderValue>) -> Response {
    if let Some(link) = link {
        response.headers_mut().insert(header::LINK, link);
    }
    response
}

/// The change stream: Sequin's event objects in `seq` order, as a bare array.
async fn events(State(app): State<AppState>, query: QueryPairs) -> Result<Response, ApiError> {
    let q = read_stream_query(query)?;
    let changes = page(&app, &q, store::changes).await?;
    let last = changes.last().map_or(q.after_seq, |c| c.seq);
    let views: Vec<ChangeView> = changes.iter().map(ChangeView::new).collect();
    Ok(with_link(
        axum::Json(views).into_response(),
        next_link("/v1/events", &q, last),
    ))
}

/// The record stream: each record's latest version, in the order they last
/// changed, with the `cursor` to pass as `after_seq` next.
async fn records(State(app): State<AppState>, query: QueryPairs) -> Result<Response, ApiError> {
    let q = read_stream_query(query)?;
    let rows = page(&app, &q, store::records).await?;
    let last = rows.last().map_or(q.after_seq, |r| r.seq);
    let views: Vec<RecordView> = rows.iter().map(RecordView::new).collect();
    Ok(with_link(
        axum::Json(json!({"records": views, "cursor": encode_seq(last)})).into_response(),
        next_link("/v1/records", &q, last),
    ))
}
