//! Test support: the real `anticip` binary on a temporary database, a real
//! `anticip serve` process, and a real HTTP receiver on 127.0.0.1:0.
#![allow(dead_code)]

pub mod moto;

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use serde_json::Value;

pub const BIN: &str = env!("CARGO_BIN_EXE_anticip");

/// How long a test waits for something that should happen soon. Generous:
/// the machine may be busy; a test never asserts on how fast things are.
pub const PATIENCE: Duration = Duration::from_secs(30);

/// Poll `check` until it holds or `PATIENCE` runs out.
pub fn wait_until(what: &str, mut check: impl FnMut() -> bool) {
    let deadline = Instant::now() + PATIENCE;
    while Instant::now() < deadline {
        if check() {
            return;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    panic!("timed out waiting until {what}");
}

/// The environment an AWS client reads; cleared for every command.
pub const AWS_VARIABLES: &[&str] = &[
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_PROFILE",
    "AWS_SHARED_CREDENTIALS_FILE",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_SQS",
];

/// A temporary database and the binary to run against it.
pub struct Anticip {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
}

impl Anticip {
    pub fn new() -> Anticip {
        let dir = tempfile::tempdir().expect("temp dir");
        let db = dir.path().join("anticip.db");
        Anticip { dir, db }
    }

    pub fn command(&self) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.env("ANTICIP_DB", &self.db)
            .env_remove("ANTICIP_LOG")
            .env_remove("ANTICIP_LISTEN")
            .env_remove("RUST_LOG")
            .env_remove("STATE_DIRECTORY");
        // AWS keys, region and endpoints only as a test gives them.
        for name in AWS_VARIABLES {
            cmd.env_remove(name);
        }
        cmd.env(
            "AWS_SHARED_CREDENTIALS_FILE",
            self.dir.path().join("no-aws-credentials"),
        );
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command().args(args).output().expect("run anticip")
    }

    /// Run and require exit 0; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "anticip {args:?} failed with {}\nstdout: {}\nstderr: {}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 stdout")
    }

    /// Run with `--json` and parse stdout.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut args = args.to_vec();
        args.push("--json");
        let stdout = self.ok(&args);
        serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("anticip {args:?}: not JSON ({e}): {stdout}"))
    }

    /// `event create …`, returning the new id.
    pub fn create_event(&self, args: &[&str]) -> String {
        let mut all = vec!["event", "create"];
        all.extend_from_slice(args);
        self.ok(&all).trim().to_string()
    }

    pub fn event(&self, id: &str) -> Value {
        self.json(&["event", "get", id])
    }

    /// Start `anticip serve` with extra arguments; it is killed when dropped.
    /// It listens on a free port of 127.0.0.1 unless `args` has `--listen`.
    pub fn serve(&self, args: &[&str]) -> Serve {
        self.serve_with_env(args, &[])
    }

    /// `serve` with extra environment variables.
    pub fn serve_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> Serve {
        let mut cmd = self.command();
        cmd.arg("serve");
        if !args.contains(&"--listen") {
            cmd.args(["--listen", "127.0.0.1:0"]);
        }
        cmd.args(args)
            .envs(env.iter().copied())
            .env("ANTICIP_LOG", "anticip=debug")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("spawn serve");
        let log = Arc::new(Mutex::new(String::new()));
        let stderr = child.stderr.take().expect("piped stderr");
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let mut log = sink.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        let serve = Serve { child, log };
        serve.wait_for_log("anticip serve started");
        serve
    }
}

/// A running `anticip serve`.
pub struct Serve {
    pub child: Child,
    log: Arc<Mutex<String>>,
}

impl Serve {
    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    pub fn wait_for_log(&self, needle: &str) {
        let deadline = Instant::now() + PATIENCE;
        while Instant::now() < deadline {
            if self.log().contains(needle) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("serve never logged {needle:?}; log so far:\n{}", self.log());
    }

    /// The address the HTTP API listens on, from the `listening on` log line.
    pub fn addr(&self) -> SocketAddr {
        self.wait_for_log("listening on ");
        let log = self.log();
        let line = log
            .lines()
            .find(|l| l.contains("listening on "))
            .expect("a listening line");
        let addr = line.rsplit("listening on ").next().unwrap().trim();
        addr.parse()
            .unwrap_or_else(|e| panic!("{addr:?} is not an address ({e}): {line}"))
    }

    /// `http://127.0.0.1:PORT{path}`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr())
    }

    pub fn pid(&self) -> i32 {
        self.child.id() as i32
    }

    /// `kill -9`.
    pub fn kill9(&mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("reap");
    }

    /// Send a signal and wait for the exit.
    pub fn signal(&mut self, signal: &str) -> ExitStatus {
        let status = Command::new("kill")
            .args([&format!("-{signal}"), &self.pid().to_string()])
            .status()
            .expect("kill");
        assert!(status.success());
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "serve did not exit after SIG{signal}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A request as the receiver saw it.
#[derive(Debug, Clone)]
pub struct Received {
    pub method: String,
    pub path: String,
    pub headers: HashMap<String, Vec<String>>,
    pub body: Vec<u8>,
    pub at: SystemTime,
}

impl Received {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(name)
            .and_then(|v| v.first())
            .map(String::as_str)
    }

    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("body is not JSON ({e}): {}", self.body_text()))
    }
}

/// What the receiver answers: status, headers, body.
pub type Reply = (u16, Vec<(&'static str, String)>, String);

type Responder = Arc<dyn Fn(&Received, usize) -> Reply + Send + Sync>;

/// A real HTTP server on 127.0.0.1 that records every request. The responder
/// gets each request and how many came before it to the same path.
pub struct Receiver {
    pub addr: SocketAddr,
    requests: Arc<Mutex<Vec<Received>>>,
    _runtime: tokio::runtime::Runtime,
}

impl Receiver {
    /// Answers 200 "ok" to everything.
    pub fn start() -> Receiver {
        Receiver::with(|_, _| (200, vec![], "ok".into()))
    }

    pub fn with(responder: impl Fn(&Received, usize) -> Reply + Send + Sync + 'static) -> Receiver {
        let responder: Responder = Arc::new(responder);
        let requests: Arc<Mutex<Vec<Received>>> = Arc::default();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .expect("bind receiver");
        let addr = listener.local_addr().unwrap();
        let state = (requests.clone(), responder);
        let app = axum::Router::new().fallback(
            move |method: axum::http::Method,
                  uri: axum::http::Uri,
                  headers: axum::http::HeaderMap,
                  body: axum::body::Bytes| {
                let (requests, responder) = state.clone();
                async move {
                    let mut map: HashMap<String, Vec<String>> = HashMap::new();
                    for (k, v) in &headers {
                        map.entry(k.as_str().to_string())
                            .or_default()
                            .push(v.to_str().unwrap_or("").to_string());
                    }
                    let received = Received {
                        method: method.to_string(),
                        path: uri.to_string(),
                        headers: map,
                        body: body.to_vec(),
                        at: SystemTime::now(),
                    };
                    let before = {
                        let mut all = requests.lock().unwrap();
                        let before = all.iter().filter(|r| r.path == received.path).count();
                        all.push(received.clone());
                        before
                    };
                    let (status, headers, body) = responder(&received, before);
                    let mut response = axum::response::Response::builder().status(status);
                    for (k, v) in headers {
                        response = response.header(k, v);
                    }
                    response.body(axum::body::Body::from(body)).unwrap()
                }
            },
        );
        runtime.spawn(async move { axum::serve(listener, app).await });
        Receiver {
            addr,
            requests,
            _runtime: runtime,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn requests(&self) -> Vec<Received> {
        self.requests.lock().unwrap().clone()
    }

    pub fn count(&self) -> usize {
        self.requests.lock().unwrap().len()
    }

    /// Wait until at least `n` requests arrived; returns them all.
    pub fn wait_for(&self, n: usize) -> Vec<Received> {
        wait_until(&format!("the receiver has {n} requests"), || {
            self.count() >= n
        });
        self.requests()
    }
}

impl Anticip {
    /// Schedule `n` JSON events to `url` at `when_at` (ms) in one transaction,
    /// through the same library code the CLI uses. Returns their ids.
    pub fn insert_events(&self, n: usize, url: &str, when_at: i64) -> Vec<String> {
        use anticip::events::{DEFAULT_MAX_ATTEMPTS, DEFAULT_TIMEOUT, Draft, EventType, Method};
        let new = Draft {
            event_type: EventType::Json,
            method: Method::Post,
            url: url.to_string(),
            headers: vec![],
            document: r#"{"bulk":true}"#.into(),
            when_at,
            timeout: DEFAULT_TIMEOUT,
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            sqs: Default::default(),
        }
        .validate()
        .expect("valid event");
        let mut conn = anticip::store::open(&self.db).expect("open store");
        let tx = conn.transaction().expect("begin");
        let now = anticip::time::now_ms();
        let ids = (0..n)
            .map(|_| {
                anticip::events::store::insert(&tx, &new, now)
                    .expect("insert")
                    .id
            })
            .collect();
        tx.commit().expect("commit");
        ids
    }

    /// Run a query against the store.
    pub fn query<T: rusqlite::types::FromSql>(&self, sql: &str) -> T {
        let conn = anticip::store::open(&self.db).expect("open store");
        conn.query_row(sql, [], |r| r.get(0)).expect("query")
    }
}

/// Event ids in the bodies the receiver got, with how often each arrived.
pub fn delivered_ids(receiver: &Receiver) -> HashMap<String, usize> {
    let mut seen = HashMap::new();
    for request in receiver.requests() {
        let id = request.json()["id"].as_str().expect("an id").to_string();
        *seen.entry(id).or_default() += 1;
    }
    seen
}

impl Anticip {
    /// `key create --name NAME`: the new key.
    pub fn key(&self, name: &str) -> String {
        let key = self
            .ok(&["key", "create", "--name", name])
            .trim()
            .to_string();
        assert!(key.starts_with("ak_"), "{key}");
        key
    }

    /// `key import --name NAME` with the key on stdin.
    pub fn import_key(&self, name: &str, key: &str) {
        use std::io::Write;
        let mut child = self
            .command()
            .args(["key", "import", "--name", name])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn key import");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(key.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "key import failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// A key, `serve` on a free port, and a client for it.
    pub fn serve_api(&self) -> (Serve, Api) {
        let key = self.key("tests");
        let serve = self.serve(&[]);
        let api = Api::new(&serve, &key);
        (serve, api)
    }

    /// How many events the store holds.
    pub fn event_count(&self) -> i64 {
        self.query("SELECT count(*) FROM events")
    }
}

/// An HTTP answer, read in full.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub text: String,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text)
            .unwrap_or_else(|e| panic!("not JSON ({e}), status {}: {}", self.status, self.text))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The error shape every error has; returns (code, field).
    pub fn error(&self) -> (String, Option<String>) {
        let body = self.json();
        let id = body["request"]["id"].as_str().unwrap_or_default();
        assert!(anticip::ids::is_short_id(id), "request.id: {body}");
        assert_eq!(self.header("x-request-id"), Some(id));
        assert!(
            !body["message"].as_str().unwrap_or_default().is_empty(),
            "an error says what was wrong: {body}"
        );
        assert!(body["now"].is_string(), "{body}");
        assert!(
            body.get("context").is_none(),
            "errors carry no context: {body}"
        );
        (
            body["error"].as_str().expect("an error code").to_string(),
            body["field"].as_str().map(str::to_string),
        )
    }
}

/// A blocking HTTP client for a running `serve`, holding an API key.
pub struct Api {
    pub base: String,
    pub key: String,
    pub client: reqwest::blocking::Client,
}

impl Api {
    pub fn new(serve: &Serve, key: &str) -> Api {
        Api {
            base: format!("http://{}", serve.addr()),
            key: key.to_string(),
            client: reqwest::blocking::Client::builder()
                .timeout(PATIENCE)
                .build()
                .expect("client"),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A request without any key.
    pub fn anonymous(&self, method: &str, path: &str) -> reqwest::blocking::RequestBuilder {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("a method");
        self.client.request(method, self.url(path))
    }

    /// A request with `X-API-Key`.
    pub fn request(&self, method: &str, path: &str) -> reqwest::blocking::RequestBuilder {
        self.anonymous(method, path).header("X-API-Key", &self.key)
    }

    pub fn send(request: reqwest::blocking::RequestBuilder) -> Answer {
        let response = request.send().expect("the request is answered");
        Answer {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            text: response.text().expect("a body"),
        }
    }

    /// `POST` a JSON body.
    pub fn post(&self, path: &str, body: &Value) -> Answer {
        Api::send(
            self.request("POST", path)
                .header("Content-Type", "application/json")
                .body(body.to_string()),
        )
    }

    pub fn get(&self, path: &str) -> Answer {
        Api::send(self.request("GET", path))
    }

    pub fn delete(&self, path: &str) -> Answer {
        Api::send(self.request("DELETE", path))
    }

    /// Create an event; require 201 and return the event object.
    pub fn create(&self, body: &Value) -> Value {
        let reply = self.post("/v1/event", body);
        assert_eq!(reply.status, 201, "{}", reply.text);
        reply.json()["event"].clone()
    }
}
