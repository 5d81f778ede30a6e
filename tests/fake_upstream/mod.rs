//! A fake third-party API on 127.0.0.1:0 for sync tests: Stripe-shaped lists
//! and `/v1/events`, and a JSON REST API paged with `Link` headers. Switches
//! inject throttling, server errors, slow pages and changes mid-backfill;
//! every request is recorded.
#![allow(dead_code)]

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};

/// A request as the upstream saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub path: String,
    pub query: HashMap<String, String>,
    pub authorization: Option<String>,
    /// When the request arrived, and when it was answered.
    pub started: Instant,
    pub at: Instant,
    pub status: u16,
}

/// A canned answer to send instead of the real one.
#[derive(Debug, Clone)]
pub struct Injected {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

type Hook = Box<dyn FnMut(&mut State, &str, usize) + Send>;

pub struct State {
    /// Collections by list path (`/v1/customers`, `/api/contacts`), in list order.
    pub collections: HashMap<String, Vec<Value>>,
    /// Stripe events, oldest first.
    pub events: Vec<Value>,
    pub seen: Vec<Seen>,
    pub inject: VecDeque<Injected>,
    /// Every page takes this long.
    pub slow: Duration,
    /// Requests must carry this `Authorization` header (else 401).
    pub authorization: Option<String>,
    /// Called after serving page n (1-based) of a list path.
    pub after_page: Option<Hook>,
    pages_served: HashMap<String, usize>,
    next_event: u64,
}

impl State {
    fn list(&mut self, path: &str) -> &mut Vec<Value> {
        self.collections.entry(path.to_string()).or_default()
    }

    /// Create or replace an object, with a Stripe event for it.
    pub fn put(&mut self, path: &str, object: Value) {
        let id = object["id"].as_str().unwrap().to_string();
        let list = self.list(path);
        let kind = match list.iter().position(|o| o["id"] == id.as_str()) {
            Some(i) => {
                list[i] = object.clone();
                "updated"
            }
            None => {
                list.push(object.clone());
                "created"
            }
        };
        self.event(&object, kind);
    }

    /// Remove an object, with a Stripe `….deleted` event.
    pub fn remove(&mut self, path: &str, id: &str) {
        let list = self.list(path);
        let Some(i) = list.iter().position(|o| o["id"] == id) else {
            return;
        };
        let mut object = list.remove(i);
        object["deleted"] = json!(true);
        self.event(&object, "deleted");
    }

    fn event(&mut self, object: &Value, kind: &str) {
        self.next_event += 1;
        let created = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let object_type = object["object"].as_str().unwrap_or("thing");
        self.events.push(json!({
            "id": format!("evt_{:06}", self.next_event),
            "object": "event",
            "created": created,
            "type": format!("{object_type}.{kind}"),
            "data": {"object": object},
        }));
    }

    /// Requests to `path` (exact, without query).
    pub fn requests_to(&self, path: &str) -> Vec<Seen> {
        self.seen
            .iter()
            .filter(|s| s.path == path)
            .cloned()
            .collect()
    }
}

pub struct Upstream {
    pub addr: SocketAddr,
    pub state: Arc<Mutex<State>>,
    _runtime: tokio::runtime::Runtime,
}

/// A Stripe customer of about `size` bytes.
pub fn customer(n: usize, size: usize) -> Value {
    json!({
        "id": format!("cus_{n:06}"),
        "object": "customer",
        "created": 1_700_000_000 + n,
        "email": format!("customer{n}@example.com"),
        "name": format!("Customer {n}"),
        "metadata": {"note": "x".repeat(size.saturating_sub(150))},
    })
}

impl Upstream {
    pub fn start() -> Upstream {
        let state = Arc::new(Mutex::new(State {
            collections: HashMap::new(),
            events: Vec::new(),
            seen: Vec::new(),
            inject: VecDeque::new(),
            slow: Duration::ZERO,
            authorization: None,
            after_page: None,
            pages_served: HashMap::new(),
            next_event: 0,
        }));
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let addr = listener.local_addr().unwrap();
        let shared = state.clone();
        let app = axum::Router::new().fallback(
            move |uri: axum::http::Uri, headers: axum::http::HeaderMap| {
                let state = shared.clone();
                async move { answer(state, uri, headers).await }
            },
        );
        runtime.spawn(async move { axum::serve(listener, app).await });
        Upstream {
            addr,
            state,
            _runtime: runtime,
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn with<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        f(&mut self.state.lock().unwrap())
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.with(|s| s.seen.clone())
    }
}

async fn answer(
    state: Arc<Mutex<State>>,
    uri: axum::http::Uri,
    headers: axum::http::HeaderMap,
) -> axum::response::Response {
    let path = uri.path().to_string();
    let url = reqwest::Url::parse(&format!("http://x{uri}")).unwrap();
    let query: HashMap<String, String> = url.query_pairs().into_owned().collect();
    let authorization = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let started = Instant::now();
    let slow = state.lock().unwrap().slow;
    if !slow.is_zero() {
        tokio::time::sleep(slow).await;
    }
    let (status, extra, body) = {
        let mut s = state.lock().unwrap();
        let reply = if let Some(injected) = s.inject.pop_front() {
            (injected.status, injected.headers, injected.body)
        } else if s.authorization.is_some() && s.authorization != authorization {
            (
                401,
                vec![],
                r#"{"error":{"message":"Invalid API Key provided"}}"#.to_string(),
            )
        } else {
            route(&mut s, &path, &query)
        };
        s.seen.push(Seen {
            path: path.clone(),
            query: query.clone(),
            authorization,
            started,
            at: Instant::now(),
            status: reply.0,
        });
        reply
    };
    let mut response = axum::response::Response::builder()
        .status(status)
        .header("content-type", "application/json");
    for (k, v) in extra {
        response = response.header(k, v);
    }
    response.body(axum::body::Body::from(body)).unwrap()
}

type Reply = (u16, Vec<(String, String)>, String);

fn route(s: &mut State, path: &str, query: &HashMap<String, String>) -> Reply {
    if path == "/v1/events" {
        return stripe_events(s, query);
    }
    if path.starts_with("/v1/") {
        return stripe_list(s, path, query);
    }
    if path.starts_with("/api/") {
        return link_list(s, path, query);
    }
    if path.starts_with("/js/") {
        return json_server(s, path, query);
    }
    (404, vec![], r#"{"error":"no such path"}"#.into())
}

fn page_served(s: &mut State, path: &str) {
    let n = {
        let count = s.pages_served.entry(path.to_string()).or_default();
        *count += 1;
        *count
    };
    if let Some(mut hook) = s.after_page.take() {
        hook(s, path, n);
        if s.after_page.is_none() {
            s.after_page = Some(hook);
        }
    }
}

/// Stripe's list: `limit` (1–100, default 10), `starting_after`, `has_more`.
fn stripe_list(s: &mut State, path: &str, q: &HashMap<String, String>) -> Reply {
    let limit: usize = match q.get("limit").map(|l| l.parse::<usize>()) {
        None => 10,
        Some(Ok(n)) if (1..=100).contains(&n) => n,
        Some(_) => {
            return (
                400,
                vec![],
                r#"{"error":{"message":"Invalid limit"}}"#.into(),
            );
        }
    };
    let items = s.list(path).clone();
    let start = match q.get("starting_after") {
        Some(after) => match items.iter().position(|o| o["id"] == after.as_str()) {
            Some(i) => i + 1,
            None => {
                return (
                    400,
                    vec![],
                    format!(r#"{{"error":{{"message":"No such object: '{after}'"}}}}"#),
                );
            }
        },
        None => 0,
    };
    let page: Vec<Value> = items.iter().skip(start).take(limit).cloned().collect();
    let has_more = start + page.len() < items.len();
    let body = json!({"object": "list", "url": path, "has_more": has_more, "data": page});
    page_served(s, path);
    (200, vec![], body.to_string())
}

/// Stripe's events: newest first, `created[gte]`, `starting_after`.
fn stripe_events(s: &mut State, q: &HashMap<String, String>) -> Reply {
    let limit: usize = q.get("limit").and_then(|l| l.parse().ok()).unwrap_or(10);
    let gte: u64 = q
        .get("created[gte]")
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let newest_first: Vec<Value> = s
        .events
        .iter()
        .rev()
        .filter(|e| e["created"].as_u64().unwrap() >= gte)
        .cloned()
        .collect();
    let start = match q.get("starting_after") {
        Some(after) => newest_first
            .iter()
            .position(|e| e["id"] == after.as_str())
            .map(|i| i + 1)
            .unwrap_or(newest_first.len()),
        None => 0,
    };
    let page: Vec<Value> = newest_first
        .iter()
        .skip(start)
        .take(limit)
        .cloned()
        .collect();
    let has_more = start + page.len() < newest_first.len();
    let body = json!({"object": "list", "url": "/v1/events", "has_more": has_more, "data": page});
    (200, vec![], body.to_string())
}

/// A plain JSON REST list: a bare array, `per_page`, `after=<id>`, and
/// `Link: <…>; rel="next"` while there is more.
fn link_list(s: &mut State, path: &str, q: &HashMap<String, String>) -> Reply {
    let per_page: usize = q.get("per_page").and_then(|l| l.parse().ok()).unwrap_or(20);
    let since = q.get("updated_since").cloned();
    let items: Vec<Value> = s
        .list(path)
        .iter()
        .filter(|o| match &since {
            Some(t) => o["updated_at"].as_str().unwrap_or("") >= t.as_str(),
            None => true,
        })
        .cloned()
        .collect();
    let start = match q.get("after") {
        Some(after) => items
            .iter()
            .position(|o| match &o["id"] {
                Value::Number(n) => n.to_string() == *after,
                id => id == after.as_str(),
            })
            .map(|i| i + 1)
            .unwrap_or(items.len()),
        None => 0,
    };
    let page: Vec<Value> = items.iter().skip(start).take(per_page).cloned().collect();
    let mut headers = vec![("x-total-count".to_string(), items.len().to_string())];
    if start + page.len() < items.len() {
        let last = page.last().unwrap()["id"].to_string();
        let mut next = format!(
            "{path}?per_page={per_page}&after={}",
            last.trim_matches('"')
        );
        if let Some(t) = &since {
            next.push_str(&format!("&updated_since={t}"));
        }
        headers.push((
            "link".to_string(),
            format!(r#"<{next}>; rel="next", <{path}>; rel="first""#),
        ));
    }
    page_served(s, path);
    (200, headers, Value::Array(page).to_string())
}

/// json-server: `_page` (from 1) and `_limit`, a bare array, `X-Total-Count`.
fn json_server(s: &mut State, path: &str, q: &HashMap<String, String>) -> Reply {
    let limit: usize = q.get("_limit").and_then(|l| l.parse().ok()).unwrap_or(10);
    let page: usize = q.get("_page").and_then(|l| l.parse().ok()).unwrap_or(1);
    let items = s.list(path).clone();
    let data: Vec<Value> = items
        .iter()
        .skip((page.max(1) - 1) * limit)
        .take(limit)
        .cloned()
        .collect();
    page_served(s, path);
    (
        200,
        vec![("x-total-count".to_string(), items.len().to_string())],
        Value::Array(data).to_string(),
    )
}
