//! Reading an API: one request at a time, as a collection's description says.
//! A *pass* walks a list endpoint page by page; its checkpoint ([`Pass`]) is
//! stored after every page. An *events poll* reads an events endpoint from a
//! time on and keeps the newest change of each object.

use std::collections::HashSet;
use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, LINK};
use reqwest::{StatusCode, Url};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::config::{
    CollectionSpec, Deletes, EventsSpec, ListMethod, PageStyle, Pagination, ProviderConfig,
    TimeFormat,
};
use crate::credentials::{Auth, redact};
use crate::outbound;

/// How long one request may take.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// The checkpoint of a walk through a list endpoint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pass {
    pub kind: PassKind,
    /// Local time the pass began.
    pub began_at: i64,
    /// Upstream time (its `Date` header) of the first page.
    pub upstream_began_at: Option<i64>,
    /// The page to fetch next; `None` for the first.
    pub next: Option<PageRef>,
    /// `incremental`: the time asked from (ms).
    pub since: Option<i64>,
    pub pages: u64,
    pub records: u64,
    /// Failed requests during the pass (throttling not counted): a sweep runs
    /// only after an error-free pass.
    pub errors: u64,
    pub last_page_hash: Option<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PassKind {
    /// Every record: the backfill, or a re-scan.
    Full,
    /// Records changed since a time.
    Incremental,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PageRef {
    Cursor(String),
    Url(String),
    Offset(u64),
    Page(u64),
}

/// One record of a page.
#[derive(Debug, Clone)]
pub struct Item {
    pub upstream_id: String,
    /// Compact JSON, upstream key order kept.
    pub data: String,
    pub hash: u64,
    pub updated_at: Option<i64>,
    /// A deletion (tombstone field set, or a delete event).
    pub deleted: bool,
}

impl Item {
    pub fn new(upstream_id: String, value: &Value, updated_at: Option<i64>, deleted: bool) -> Item {
        let data = value.to_string();
        Item {
            upstream_id,
            hash: content_hash(&data),
            data,
            updated_at,
            deleted,
        }
    }
}

/// The content hash of a record's JSON text.
pub fn content_hash(data: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(data.as_bytes())
}

/// A fetched page.
#[derive(Debug)]
pub struct Page {
    pub items: Vec<Item>,
    /// `None` when this was the last page.
    pub next: Option<PageRef>,
    pub total: Option<i64>,
    /// Upstream time of the response (`Date`), else local.
    pub fetched_at: i64,
    pub hash: u64,
}

/// The changes an events poll found: the newest of each object, oldest first.
#[derive(Debug)]
pub struct EventChanges {
    pub items: Vec<Item>,
    pub fetched_at: i64,
    pub requests: u64,
}

/// Why a request did not give a usable answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchError {
    /// 429 or 503: slow down, until `retry_after` if the API said.
    Throttled {
        status: u16,
        retry_after: Option<Duration>,
        body: Option<String>,
    },
    /// Worth another try after a backoff: 5xx, 408, network, unreadable body.
    Transient {
        error: String,
        status: Option<u16>,
        body: Option<String>,
    },
    /// Will not get better by itself: 4xx, a broken description, a
    /// repeated page, the page cap.
    Permanent {
        error: String,
        status: Option<u16>,
        body: Option<String>,
    },
    /// The events poll needs more pages than allowed: re-scan instead.
    TooManyEvents,
}

impl FetchError {
    pub fn message(&self) -> String {
        match self {
            FetchError::Throttled { status, .. } => {
                format!("HTTP {status}: the API asks to slow down")
            }
            FetchError::Transient { error, .. } | FetchError::Permanent { error, .. } => {
                error.clone()
            }
            FetchError::TooManyEvents => "too many events since the last poll".into(),
        }
    }

    pub fn status(&self) -> Option<u16> {
        match self {
            FetchError::Throttled { status, .. } => Some(*status),
            FetchError::Transient { status, .. } | FetchError::Permanent { status, .. } => *status,
            FetchError::TooManyEvents => None,
        }
    }

    pub fn body(&self) -> Option<&str> {
        match self {
            FetchError::Throttled { body, .. }
            | FetchError::Transient { body, .. }
            | FetchError::Permanent { body, .. } => body.as_deref(),
            FetchError::TooManyEvents => None,
        }
    }
}

fn permanent(error: impl Into<String>) -> FetchError {
    FetchError::Permanent {
        error: error.into(),
        status: None,
        body: None,
    }
}

/// Makes the requests of one sync: base URL, headers and credential.
pub struct Fetcher {
    pub client: reqwest::Client,
    pub config: ProviderConfig,
    pub auth: Option<Auth>,
}

struct Answer {
    url: Url,
    headers: HeaderMap,
    body: Value,
    fetched_at: i64,
    hash: u64,
}

impl Fetcher {
    /// Scrub every secret of the credential from `text`.
    pub fn redact(&self, text: &str) -> String {
        match &self.auth {
            Some(auth) => redact(text, auth),
            None => text.to_string(),
        }
    }

    fn url(&self, path: &str) -> Result<Url, FetchError> {
        let base = self.config.base_url.trim_end_matches('/');
        Url::parse(&format!("{base}{path}"))
            .map_err(|e| permanent(format!("{base}{path} is not a URL: {e}")))
    }

    /// Send one request; `params` go in the query (GET) or the form body (POST).
    async fn send(
        &self,
        method: ListMethod,
        mut url: Url,
        params: &[(String, String)],
    ) -> Result<Answer, FetchError> {
        let mut form = Vec::new();
        match method {
            ListMethod::Get => {
                if !params.is_empty() {
                    let mut pairs = url.query_pairs_mut();
                    for (k, v) in params {
                        pairs.append_pair(k, v);
                    }
                }
            }
            ListMethod::Post => form.extend(params.iter().cloned()),
        }
        if let Some(Auth::ApiKeyQuery { param, value }) = &self.auth {
            url.query_pairs_mut().append_pair(param, value);
        }
        let shown = strip_query_secret(&url, self.auth.as_ref());
        let verb = match method {
            ListMethod::Get => "GET",
            ListMethod::Post => "POST",
        };
        let mut request = match method {
            ListMethod::Get => self.client.get(url.clone()),
            ListMethod::Post => self.client.post(url.clone()).form(&form),
        }
        .timeout(REQUEST_TIMEOUT)
        .header(reqwest::header::ACCEPT, "application/json");
        for (k, v) in &self.config.headers {
            request = request.header(k, v);
        }
        request = match &self.auth {
            Some(Auth::StripeSecretKey { secret_key }) => request.basic_auth(secret_key, Some("")),
            Some(Auth::Bearer { token }) => request.bearer_auth(token),
            Some(Auth::Basic { username, password }) => {
                request.basic_auth(username, Some(password))
            }
            Some(Auth::ApiKeyHeader { header, value }) => request.header(header, value),
            Some(Auth::ApiKeyQuery { .. }) | Some(Auth::AwsAccessKey { .. }) | None => request,
        };
        let mut response = request.send().await.map_err(|e| FetchError::Transient {
            error: self.redact(&format!(
                "{verb} {shown}: {}",
                outbound::describe(&e, REQUEST_TIMEOUT)
            )),
            status: None,
            body: None,
        })?;
        let status = response.status();
        let headers = response.headers().clone();
        if !status.is_success() {
            let body = outbound::excerpt(&mut response)
                .await
                .map(|b| self.redact(&b));
            return Err(classify(
                status,
                &headers,
                body,
                &self.redact(shown.as_str()),
            ));
        }
        let bytes = response.bytes().await.map_err(|e| FetchError::Transient {
            error: self.redact(&format!(
                "{shown}: {}",
                outbound::describe(&e, REQUEST_TIMEOUT)
            )),
            status: Some(status.as_u16()),
            body: None,
        })?;
        let body: Value = serde_json::from_slice(&bytes).map_err(|e| FetchError::Transient {
            error: self.redact(&format!("{shown}: the answer is not JSON: {e}")),
            status: Some(status.as_u16()),
            body: Some(self.redact(&String::from_utf8_lossy(
                &bytes[..bytes.len().min(outbound::EXCERPT_BYTES)],
            ))),
        })?;
        let fetched_at = headers
            .get(reqwest::header::DATE)
            .and_then(|d| d.to_str().ok())
            .and_then(|d| httpdate::parse_http_date(d).ok())
            .and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
            .map(|d| d.as_millis() as i64)
            .unwrap_or_else(crate::time::now_ms);
        Ok(Answer {
            url,
            headers,
            hash: content_hash(&String::from_utf8_lossy(&bytes)),
            body,
            fetched_at,
        })
    }

    /// Fetch the page `pass` is at.
    pub async fn page(&self, spec: &CollectionSpec, pass: &Pass) -> Result<Page, FetchError> {
        let p = &spec.pagination;
        let limit = p.limit.or(self.config.page_size);
        let param = p
            .param
            .clone()
            .unwrap_or_else(|| p.style.default_param().to_string());
        let (url, params) = match &pass.next {
            Some(PageRef::Url(next)) => (
                Url::parse(next).map_err(|e| permanent(format!("next page URL {next:?}: {e}")))?,
                vec![],
            ),
            next => {
                let mut params: Vec<(String, String)> = spec
                    .query
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                if let (Some(name), Some(n)) = (&p.limit_param, limit) {
                    params.push((name.clone(), n.to_string()));
                }
                if let (Some(inc), Some(since)) = (&spec.incremental, pass.since) {
                    params.push((inc.param.clone(), format_time(since, inc.format)));
                }
                match next {
                    Some(PageRef::Cursor(c)) => params.push((param.clone(), c.clone())),
                    Some(PageRef::Offset(n)) => params.push((param.clone(), n.to_string())),
                    Some(PageRef::Page(n)) => params.push((param.clone(), n.to_string())),
                    None if p.style == PageStyle::Page => {
                        params.push((param.clone(), p.first_page.to_string()))
                    }
                    None if p.style == PageStyle::Offset => {
                        params.push((param.clone(), "0".into()))
                    }
                    _ => {}
                }
                (self.url(&spec.path)?, params)
            }
        };
        let answer = self.send(spec.method, url, &params).await?;
        let records = records_of(&answer.body, &spec.records)?;
        let mut items = Vec::with_capacity(records.len());
        for record in records {
            let upstream_id = id_of(record, &spec.id_path)?;
            // Without an updated-at field, the version is as of the answer's time.
            let updated_at = match &spec.updated_at {
                Some(field) => {
                    get_path(record, &field.path).and_then(|v| parse_time(v, field.format))
                }
                None => Some(answer.fetched_at),
            };
            let deleted = match &spec.deletes {
                Deletes::Tombstone { path, value } => get_path(record, path) == Some(value),
                _ => false,
            };
            items.push(Item::new(upstream_id, record, updated_at, deleted));
        }
        let total = spec.total.as_deref().and_then(|t| total_of(t, &answer));
        let next = next_page(
            p,
            &param,
            pass,
            records,
            &answer,
            &self.config.base_url,
            spec,
        )?;
        if next.is_some() && pass.pages + 1 >= p.max_pages {
            return Err(permanent(format!(
                "stopped after {} pages (pagination.max_pages); the API kept saying there is more",
                p.max_pages
            )));
        }
        if !items.is_empty() && pass.last_page_hash == Some(answer.hash) {
            return Err(permanent(format!(
                "page {} repeats page {}: the API is not advancing ({})",
                pass.pages + 1,
                pass.pages,
                describe_ref(pass.next.as_ref())
            )));
        }
        Ok(Page {
            items,
            next,
            total,
            fetched_at: answer.fetched_at,
            hash: answer.hash,
        })
    }

    /// Fetch the next page of an events poll into `poll`. Returns whether
    /// there are more pages.
    pub async fn events_page(
        &self,
        spec: &CollectionSpec,
        events: &EventsSpec,
        poll: &mut EventsPoll,
    ) -> Result<bool, FetchError> {
        let p = &events.pagination;
        let param = p
            .param
            .clone()
            .unwrap_or_else(|| p.style.default_param().to_string());
        if poll.pass.pages >= events.max_pages {
            return Err(FetchError::TooManyEvents);
        }
        let (url, params) = match &poll.pass.next {
            Some(PageRef::Url(next)) => (
                Url::parse(next).map_err(|e| permanent(format!("next page URL {next:?}: {e}")))?,
                vec![],
            ),
            next => {
                let mut params: Vec<(String, String)> = events
                    .query
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                if let (Some(name), Some(n)) = (&p.limit_param, p.limit) {
                    params.push((name.clone(), n.to_string()));
                }
                params.push((
                    events.since_param.clone(),
                    format_time(poll.since, events.since_format),
                ));
                match next {
                    Some(PageRef::Cursor(c)) => params.push((param.clone(), c.clone())),
                    Some(PageRef::Offset(n)) | Some(PageRef::Page(n)) => {
                        params.push((param.clone(), n.to_string()))
                    }
                    None if p.style == PageStyle::Page => {
                        params.push((param.clone(), p.first_page.to_string()))
                    }
                    _ => {}
                }
                (self.url(&events.path)?, params)
            }
        };
        let answer = self.send(ListMethod::Get, url, &params).await?;
        poll.fetched_at.get_or_insert(answer.fetched_at);
        let records = records_of(&answer.body, &events.records)?;
        for event in records {
            poll.position += 1;
            let Some(object) = get_path(event, &events.object_path) else {
                continue;
            };
            if let (Some(path), Some(wanted)) = (&events.object_type_path, &events.object_type)
                && get_path(object, path).and_then(Value::as_str) != Some(wanted.as_str())
            {
                continue;
            }
            let upstream_id = id_of(object, &spec.id_path)?;
            let created = get_path(event, &events.created_path)
                .and_then(|v| parse_time(v, events.created_format))
                .ok_or_else(|| {
                    permanent(format!("an event has no time at {:?}", events.created_path))
                })?;
            let kind = get_path(event, &events.type_path)
                .and_then(Value::as_str)
                .unwrap_or_default();
            let deleted = events.deleted_suffixes.iter().any(|s| kind.ends_with(s));
            poll.listed.push((
                created,
                poll.position,
                Item::new(upstream_id, object, Some(created), deleted),
            ));
        }
        let next = next_page(
            p,
            &param,
            &poll.pass,
            records,
            &answer,
            &self.config.base_url,
            spec,
        )?;
        poll.pass.pages += 1;
        poll.pass.last_page_hash = Some(answer.hash);
        let more = next.is_some();
        poll.pass.next = next;
        Ok(more)
    }
}

/// An events poll under way: every event of the collection listed so far.
pub struct EventsPoll {
    since: i64,
    pass: Pass,
    /// (created, position in the listing, item).
    listed: Vec<(i64, usize, Item)>,
    position: usize,
    fetched_at: Option<i64>,
}

impl EventsPoll {
    /// A poll of the changes since `since` (ms).
    pub fn new(since: i64) -> EventsPoll {
        EventsPoll {
            since,
            pass: Pass {
                kind: PassKind::Incremental,
                began_at: 0,
                upstream_began_at: None,
                next: None,
                since: Some(since),
                pages: 0,
                records: 0,
                errors: 0,
                last_page_hash: None,
            },
            listed: Vec::new(),
            position: 0,
            fetched_at: None,
        }
    }

    /// Pages fetched so far.
    pub fn pages(&self) -> u64 {
        self.pass.pages
    }

    /// The newest change of each object, oldest first.
    pub fn finish(self) -> EventChanges {
        let mut listed = self.listed;
        // Stripe lists newest first; an emulator may list oldest first. The
        // times tell which, and so which of two events in one second is newer.
        let newest_first = match (listed.first(), listed.last()) {
            (Some(first), Some(last)) => first.0 >= last.0,
            _ => true,
        };
        listed.sort_by(|a, b| {
            let by_position = if newest_first {
                b.1.cmp(&a.1)
            } else {
                a.1.cmp(&b.1)
            };
            a.0.cmp(&b.0).then(by_position)
        });
        // Oldest first now: keep the last change of each object.
        let mut seen = HashSet::new();
        let mut newest: Vec<Item> = listed
            .into_iter()
            .rev()
            .filter(|(_, _, item)| seen.insert(item.upstream_id.clone()))
            .map(|(_, _, item)| item)
            .collect();
        newest.reverse();
        EventChanges {
            items: newest,
            fetched_at: self.fetched_at.unwrap_or_else(crate::time::now_ms),
            requests: self.pass.pages,
        }
    }
}

/// A request URL fit for an error message: an API key in the query is masked.
fn strip_query_secret(url: &Url, auth: Option<&Auth>) -> Url {
    let mut shown = url.clone();
    if let Some(Auth::ApiKeyQuery { param, .. }) = auth {
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(k, v)| {
                let v = if k == param.as_str() {
                    "****".to_string()
                } else {
                    v.into_owned()
                };
                (k.into_owned(), v)
            })
            .collect();
        shown.query_pairs_mut().clear().extend_pairs(pairs);
    }
    shown
}

/// 429 and 503 throttle; 408 and other 5xx are transient; the rest is permanent.
fn classify(
    status: StatusCode,
    headers: &HeaderMap,
    body: Option<String>,
    url: &str,
) -> FetchError {
    let code = status.as_u16();
    let reason = status.canonical_reason().unwrap_or("");
    let error = format!("HTTP {code} {reason} from {url}");
    if code == 429 || code == 503 {
        FetchError::Throttled {
            status: code,
            retry_after: outbound::retry_after(headers),
            body,
        }
    } else if code == 408 || status.is_server_error() {
        FetchError::Transient {
            error,
            status: Some(code),
            body,
        }
    } else {
        let hint = match code {
            401 | 403 => ": check the sync's credential",
            404 => ": check the collection's path and the base URL",
            _ => "",
        };
        FetchError::Permanent {
            error: format!("{error}{hint}"),
            status: Some(code),
            body,
        }
    }
}

/// Where the next page is, or `None` when this was the last one.
fn next_page(
    p: &Pagination,
    param: &str,
    pass: &Pass,
    records: &[Value],
    answer: &Answer,
    base_url: &str,
    spec: &CollectionSpec,
) -> Result<Option<PageRef>, FetchError> {
    let _ = param;
    if records.is_empty() {
        return Ok(None); // an empty page ends every style
    }
    if let Some(more) = &p.more_path
        && get_path(&answer.body, more).and_then(Value::as_bool) == Some(false)
    {
        return Ok(None);
    }
    let next = match p.style {
        PageStyle::None => None,
        PageStyle::CursorFromLastItem => {
            let path = p.cursor_path.as_deref().unwrap_or(&spec.id_path);
            records
                .last()
                .and_then(|last| get_path(last, path))
                .and_then(scalar)
                .map(PageRef::Cursor)
        }
        PageStyle::CursorField => p
            .cursor_path
            .as_deref()
            .and_then(|path| get_path(&answer.body, path))
            .and_then(scalar)
            .filter(|c| !c.is_empty())
            .map(PageRef::Cursor),
        PageStyle::NextUrl => match p
            .next_url_path
            .as_deref()
            .and_then(|path| get_path(&answer.body, path))
            .and_then(Value::as_str)
            .filter(|u| !u.is_empty())
        {
            Some(next) => Some(PageRef::Url(same_origin(&answer.url, next, base_url)?)),
            None => None,
        },
        PageStyle::LinkHeader => match link_next(&answer.headers) {
            Some(next) => Some(PageRef::Url(same_origin(&answer.url, &next, base_url)?)),
            None => None,
        },
        PageStyle::Offset => {
            let at = match &pass.next {
                Some(PageRef::Offset(n)) => *n,
                _ => 0,
            };
            Some(PageRef::Offset(at + records.len() as u64))
        }
        PageStyle::Page => {
            let at = match &pass.next {
                Some(PageRef::Page(n)) => *n,
                _ => p.first_page,
            };
            Some(PageRef::Page(at + 1))
        }
    };
    if next.is_some() && next == pass.next {
        return Err(permanent(format!(
            "the API returned the same page reference again ({}); stopping instead of looping",
            describe_ref(next.as_ref())
        )));
    }
    Ok(next)
}

fn describe_ref(r: Option<&PageRef>) -> String {
    match r {
        None => "first page".into(),
        Some(PageRef::Cursor(c)) => format!("cursor {c}"),
        Some(PageRef::Url(u)) => format!("URL {u}"),
        Some(PageRef::Offset(n)) => format!("offset {n}"),
        Some(PageRef::Page(n)) => format!("page {n}"),
    }
}

/// A next-page URL, resolved against the request. Credentials go only to the
/// API's own origin: a link elsewhere is refused.
fn same_origin(request: &Url, next: &str, base_url: &str) -> Result<String, FetchError> {
    let resolved = request
        .join(next)
        .map_err(|e| permanent(format!("next page URL {next:?} is not a URL: {e}")))?;
    let base = Url::parse(base_url).map_err(|e| permanent(e.to_string()))?;
    if resolved.origin() != base.origin() {
        return Err(permanent(format!(
            "the next page is on another host ({}); credentials are only sent to {}",
            resolved.origin().ascii_serialization(),
            base.origin().ascii_serialization()
        )));
    }
    Ok(resolved.to_string())
}

/// The `rel="next"` target of an RFC 8288 `Link` header.
pub fn link_next(headers: &HeaderMap) -> Option<String> {
    for value in headers.get_all(LINK) {
        let Ok(text) = value.to_str() else { continue };
        let mut rest = text;
        while let Some(open) = rest.find('<') {
            let close = open + rest[open..].find('>')?;
            let target = &rest[open + 1..close];
            let after = &rest[close + 1..];
            let end = after.find('<').unwrap_or(after.len());
            let params = after[..end].trim_end().trim_end_matches(',');
            let is_next = params.split(';').any(|param| {
                let Some((k, v)) = param.split_once('=') else {
                    return false;
                };
                k.trim().eq_ignore_ascii_case("rel")
                    && v.trim()
                        .trim_matches('"')
                        .split_ascii_whitespace()
                        .any(|r| r.eq_ignore_ascii_case("next"))
            });
            if is_next {
                return Some(target.to_string());
            }
            rest = &after[end..];
        }
    }
    None
}

fn total_of(where_: &str, answer: &Answer) -> Option<i64> {
    match where_.strip_prefix("header:") {
        Some(name) => answer.headers.get(name)?.to_str().ok()?.trim().parse().ok(),
        None => {
            let v = get_path(&answer.body, where_)?;
            v.as_i64().or_else(|| v.as_str()?.parse().ok())
        }
    }
}

fn records_of<'a>(body: &'a Value, path: &str) -> Result<&'a [Value], FetchError> {
    match get_path(body, path) {
        Some(Value::Array(items)) => Ok(items),
        Some(Value::Null) => Ok(&[]),
        Some(other) => Err(permanent(format!(
            "the records at {:?} are {}, not an array; check `records` in the description",
            if path.is_empty() { "(the body)" } else { path },
            crate::events::json_kind(other)
        ))),
        None => Err(permanent(format!(
            "the answer has nothing at {path:?}; check `records` in the description"
        ))),
    }
}

fn id_of(record: &Value, path: &str) -> Result<String, FetchError> {
    get_path(record, path).and_then(scalar).ok_or_else(|| {
        permanent(format!(
            "a record has no usable id at {path:?}: {}; check `id_path` in the description",
            excerpt(&record.to_string())
        ))
    })
}

fn excerpt(text: &str) -> String {
    if text.len() <= 200 {
        return text.to_string();
    }
    let mut end = 200;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

/// A string or number as text.
fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `a.b.0.c` in a JSON value; the empty path is the value itself.
pub fn get_path<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    if path.is_empty() {
        return Some(value);
    }
    path.split('.').try_fold(value, |v, key| match v {
        Value::Object(map) => map.get(key),
        Value::Array(items) => items.get(key.parse::<usize>().ok()?),
        _ => None,
    })
}

/// A time in the given format, in ms.
pub fn parse_time(v: &Value, format: TimeFormat) -> Option<i64> {
    let number = || v.as_f64().or_else(|| v.as_str()?.trim().parse().ok());
    match format {
        TimeFormat::Rfc3339 => chrono::DateTime::parse_from_rfc3339(v.as_str()?)
            .ok()
            .map(|t| t.timestamp_millis()),
        TimeFormat::Unix => number().map(|s| (s * 1000.0) as i64),
        TimeFormat::UnixMs => number().map(|ms| ms as i64),
    }
}

/// A time (ms) as a query parameter.
pub fn format_time(ms: i64, format: TimeFormat) -> String {
    match format {
        TimeFormat::Rfc3339 => crate::time::rfc3339_ms(ms),
        TimeFormat::Unix => ms.div_euclid(1000).to_string(),
        TimeFormat::UnixMs => ms.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn link_headers() {
        let mut h = HeaderMap::new();
        h.insert(
            LINK,
            HeaderValue::from_static(
                r#"<https://x.test/a?page=1>; rel="prev", <https://x.test/a?page=3>; rel="next last""#,
            ),
        );
        assert_eq!(link_next(&h).as_deref(), Some("https://x.test/a?page=3"));
        h.insert(
            LINK,
            HeaderValue::from_static(r#"</a?after=3>; rel="next", </a>; rel="first""#),
        );
        assert_eq!(link_next(&h).as_deref(), Some("/a?after=3"));
        h.insert(LINK, HeaderValue::from_static(r#"</a?page=1>; rel=prev"#));
        assert_eq!(link_next(&h), None);
        h.insert(LINK, HeaderValue::from_static(r#"</a?after=9>;rel=next"#));
        assert_eq!(link_next(&h).as_deref(), Some("/a?after=9"));
    }

    #[test]
    fn paths_and_times() {
        let v: Value = serde_json::json!({"a": {"b": [{"c": 7}]}, "t": "2024-11-10T18:38:00Z"});
        assert_eq!(get_path(&v, "a.b.0.c"), Some(&Value::from(7)));
        assert_eq!(get_path(&v, "a.x"), None);
        assert_eq!(get_path(&v, ""), Some(&v));
        assert_eq!(
            parse_time(&v["t"], TimeFormat::Rfc3339),
            Some(1_731_263_880_000)
        );
        assert_eq!(
            parse_time(&Value::from(1_731_263_880), TimeFormat::Unix),
            Some(1_731_263_880_000)
        );
        assert_eq!(
            format_time(1_731_263_880_999, TimeFormat::Unix),
            "1731263880"
        );
    }

    #[test]
    fn next_links_stay_on_the_api_host() {
        let request = Url::parse("http://127.0.0.1:9/v1/x?page=1").unwrap();
        assert_eq!(
            same_origin(&request, "/v1/x?page=2", "http://127.0.0.1:9").unwrap(),
            "http://127.0.0.1:9/v1/x?page=2"
        );
        let err =
            same_origin(&request, "http://evil.test/steal", "http://127.0.0.1:9").unwrap_err();
        assert!(err.message().contains("another host"), "{err:?}");
    }
}
