//! A real moto server (the AWS emulator from PyPI, `moto[server]`) on
//! 127.0.0.1:0, one per test, and a small signed client to set it up and to
//! read the queues: SQS calls in its JSON protocol, IAM calls in the query
//! protocol, both signed with SigV4.
//!
//! moto_server is found at `$ANTICIP_MOTO_SERVER`, else in `target/moto`
//! (where `scripts/install-moto.sh` puts it), else as `moto_server` on PATH.
//! Without it the tests that need it say so on stderr and pass, unless
//! `ANTICIP_REQUIRE_MOTO=1` (CI), where they fail.

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::SystemTime;

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use serde_json::{Value, json};

use super::wait_until;

/// The account moto puts everything in.
pub const ACCOUNT: &str = "123456789012";

/// Keys moto accepts while it does not check signatures.
const SETUP_KEYS: (&str, &str) = ("AKIDMOTOSETUP", "moto-setup-secret");

fn find_server() -> Result<PathBuf, String> {
    if let Some(path) = std::env::var_os("ANTICIP_MOTO_SERVER") {
        let path = PathBuf::from(path);
        if path.is_file() {
            return Ok(path);
        }
        panic!(
            "ANTICIP_MOTO_SERVER={} is not a file; run scripts/install-moto.sh or unset it",
            path.display()
        );
    }
    let installed = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/moto/bin/moto_server");
    if installed.is_file() {
        return Ok(installed);
    }
    if let Some(paths) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&paths) {
            let candidate = dir.join("moto_server");
            if candidate.is_file() {
                return Ok(candidate);
            }
        }
    }
    Err(
        "moto_server was not found (not in ANTICIP_MOTO_SERVER, target/moto or PATH); \
         install it with scripts/install-moto.sh"
            .into(),
    )
}

/// A moto server, killed when dropped.
pub struct Moto {
    child: Child,
    /// `http://127.0.0.1:PORT`
    pub endpoint: String,
    log: Arc<Mutex<String>>,
    runtime: tokio::runtime::Runtime,
    client: reqwest::Client,
    /// The keys these calls are signed with; real IAM keys once signatures are checked.
    keys: Mutex<(String, String)>,
}

impl Moto {
    /// A fresh moto server for `test`, or `None` (said on stderr) when moto
    /// is not installed and `ANTICIP_REQUIRE_MOTO` is not `1`.
    pub fn start(test: &str) -> Option<Moto> {
        let server = match find_server() {
            Ok(server) => server,
            Err(why) => {
                if std::env::var("ANTICIP_REQUIRE_MOTO").as_deref() == Ok("1") {
                    panic!("{test}: ANTICIP_REQUIRE_MOTO=1 but {why}");
                }
                // Straight to stderr: the test harness captures eprintln! of passing tests.
                let _ = writeln!(
                    std::io::stderr(),
                    "SKIPPED {test}: {why} (set ANTICIP_REQUIRE_MOTO=1 to fail instead)"
                );
                return None;
            }
        };
        let mut child = Command::new(&server)
            .args(["-H", "127.0.0.1", "-p", "0"])
            .env_remove("INITIAL_NO_AUTH_ACTION_COUNT")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("starting {}: {e}", server.display()));
        // Werkzeug logs every request on stderr: keep reading it, or moto blocks.
        let log = Arc::new(Mutex::new(String::new()));
        let (port_tx, port_rx) = mpsc::channel();
        let stderr = child.stderr.take().expect("piped stderr");
        let sink = log.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(rest) = line.split("Running on http://127.0.0.1:").nth(1) {
                    let port: String = rest.chars().take_while(char::is_ascii_digit).collect();
                    let _ = port_tx.send(port);
                }
                let mut log = sink.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
        });
        let port = match port_rx.recv_timeout(super::PATIENCE) {
            Ok(port) => port,
            Err(_) => {
                let _ = child.kill();
                panic!(
                    "{} did not start; its output:\n{}",
                    server.display(),
                    log.lock().unwrap()
                );
            }
        };
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        Some(Moto {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
            log,
            runtime,
            client: reqwest::Client::new(),
            keys: Mutex::new((SETUP_KEYS.0.into(), SETUP_KEYS.1.into())),
        })
    }

    /// What moto printed so far.
    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    /// The queue URL moto itself hands out for `name`.
    pub fn queue_url(&self, name: &str) -> String {
        format!("{}/{ACCOUNT}/{name}", self.endpoint)
    }

    /// A signed POST to moto; returns the status and body.
    fn post(
        &self,
        service: &str,
        region: &str,
        headers: &[(&str, &str)],
        body: String,
    ) -> (u16, String) {
        let (key, secret) = self.keys.lock().unwrap().clone();
        let identity: Identity = Credentials::new(key, secret, None, None, "moto-test").into();
        let params = v4::SigningParams::builder()
            .identity(&identity)
            .region(region)
            .name(service)
            .time(SystemTime::now())
            .settings(SigningSettings::default())
            .build()
            .unwrap()
            .into();
        let url = format!("{}/", self.endpoint);
        let signable = SignableRequest::new(
            "POST",
            url.as_str(),
            headers.iter().copied(),
            SignableBody::Bytes(body.as_bytes()),
        )
        .unwrap();
        let (instructions, _) = sign(signable, &params).unwrap().into_parts();
        let mut request = self.client.post(&url).body(body);
        for (name, value) in headers.iter().copied().chain(instructions.headers()) {
            request = request.header(name, value);
        }
        self.runtime.block_on(async {
            let response = request.send().await.expect("moto answers");
            let status = response.status().as_u16();
            (status, response.text().await.expect("moto's body"))
        })
    }

    /// An SQS action in the JSON protocol; panics unless moto answers 200.
    pub fn sqs(&self, region: &str, action: &str, body: Value) -> Value {
        let target = format!("AmazonSQS.{action}");
        let (status, text) = self.post(
            "sqs",
            region,
            &[
                ("content-type", "application/x-amz-json-1.0"),
                ("x-amz-target", &target),
            ],
            body.to_string(),
        );
        assert_eq!(status, 200, "{action} answered {status}: {text}");
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{action}: {e}: {text}"))
    }

    pub fn create_queue(&self, region: &str, name: &str) -> String {
        let mut body = json!({"QueueName": name});
        if name.ends_with(".fifo") {
            body["Attributes"] = json!({"FifoQueue": "true"});
        }
        let reply = self.sqs(region, "CreateQueue", body);
        reply["QueueUrl"].as_str().expect("a queue URL").to_string()
    }

    /// Messages on the queue now (visible or being received).
    pub fn depth(&self, region: &str, queue_url: &str) -> u64 {
        let reply = self.sqs(
            region,
            "GetQueueAttributes",
            json!({"QueueUrl": queue_url, "AttributeNames": ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]}),
        );
        [
            "ApproximateNumberOfMessages",
            "ApproximateNumberOfMessagesNotVisible",
        ]
        .iter()
        .map(|k| {
            reply["Attributes"][k]
                .as_str()
                .unwrap_or("0")
                .parse::<u64>()
                .unwrap()
        })
        .sum()
    }

    /// Receive until `n` messages came (each once: they stay invisible),
    /// with all their attributes.
    pub fn receive(&self, region: &str, queue_url: &str, n: usize) -> Vec<Value> {
        let mut got: Vec<Value> = Vec::new();
        wait_until(&format!("{n} messages arrive on {queue_url}"), || {
            let reply = self.sqs(
                region,
                "ReceiveMessage",
                json!({
                    "QueueUrl": queue_url,
                    "MaxNumberOfMessages": 10,
                    "VisibilityTimeout": 600,
                    "MessageAttributeNames": ["All"],
                    "MessageSystemAttributeNames": ["All"],
                }),
            );
            if let Some(messages) = reply["Messages"].as_array() {
                got.extend(messages.iter().cloned());
            }
            got.len() >= n
        });
        got
    }

    /// An IAM action in the query protocol; returns the XML answer.
    fn iam(&self, params: &[(&str, &str)]) -> String {
        let body = params
            .iter()
            .chain(&[("Version", "2010-05-08")])
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        let (status, text) = self.post(
            "iam",
            "us-east-1",
            &[(
                "content-type",
                "application/x-www-form-urlencoded; charset=utf-8",
            )],
            body,
        );
        assert_eq!(status, 200, "IAM {params:?} answered {status}: {text}");
        text
    }

    /// An IAM user with access keys; with `allow_sqs`, allowed every SQS action.
    pub fn user(&self, name: &str, allow_sqs: bool) -> (String, String) {
        self.iam(&[("Action", "CreateUser"), ("UserName", name)]);
        if allow_sqs {
            let policy = json!({
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "sqs:*", "Resource": "*"}],
            })
            .to_string();
            self.iam(&[
                ("Action", "PutUserPolicy"),
                ("UserName", name),
                ("PolicyName", "sqs"),
                ("PolicyDocument", &policy),
            ]);
        }
        let xml = self.iam(&[("Action", "CreateAccessKey"), ("UserName", name)]);
        (
            xml_field(&xml, "AccessKeyId"),
            xml_field(&xml, "SecretAccessKey"),
        )
    }

    /// From now on moto checks every signature and permission, as AWS does.
    /// Calls from here on are signed with `keys` (a user allowed SQS).
    pub fn require_signatures(&self, keys: &(String, String)) {
        let reply = self.runtime.block_on(async {
            self.client
                .post(format!("{}/moto-api/reset-auth", self.endpoint))
                .body("0")
                .send()
                .await
                .expect("moto answers")
                .status()
        });
        assert!(reply.is_success(), "reset-auth answered {reply}");
        *self.keys.lock().unwrap() = keys.clone();
    }

    /// A proxy to moto that forwards every request, but answers the first
    /// SendMessage to each queue with a 503 after moto has taken it: the
    /// message is on the queue, and the sender must think it is not.
    pub fn flaky_proxy(&self) -> Proxy {
        let forwarded: Arc<Mutex<Vec<(String, u16)>>> = Arc::default();
        let listener = self
            .runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .expect("bind proxy");
        let url = format!("http://{}", listener.local_addr().unwrap());
        let state = (
            self.client.clone(),
            self.endpoint.clone(),
            forwarded.clone(),
        );
        let app = axum::Router::new().fallback(
            move |uri: axum::http::Uri, headers: axum::http::HeaderMap, body: axum::body::Bytes| {
                let (client, endpoint, forwarded) = state.clone();
                async move {
                    let mut request = client.post(format!("{endpoint}{uri}")).body(body.to_vec());
                    for (name, value) in &headers {
                        if name != "host" && name != "content-length" {
                            request = request.header(name.as_str(), value.as_bytes());
                        }
                    }
                    let response = request.send().await.expect("moto answers the proxy");
                    let status = response.status().as_u16();
                    let text = response.text().await.unwrap_or_default();
                    let sent = headers
                        .get("x-amz-target")
                        .is_some_and(|t| t == "AmazonSQS.SendMessage");
                    let queue = serde_json::from_slice::<Value>(&body)
                        .ok()
                        .and_then(|b| b["QueueUrl"].as_str().map(str::to_string))
                        .unwrap_or_default();
                    let first = {
                        let mut forwarded = forwarded.lock().unwrap();
                        let first = sent && !forwarded.iter().any(|(q, _)| *q == queue);
                        if sent {
                            forwarded.push((queue, status));
                        }
                        first
                    };
                    let (status, text) = if first {
                        (
                            503,
                            "proxy: moto took the message; the answer is lost".to_string(),
                        )
                    } else {
                        (status, text)
                    };
                    axum::response::Response::builder()
                        .status(status)
                        .header("content-type", "application/x-amz-json-1.0")
                        .body(axum::body::Body::from(text))
                        .unwrap()
                }
            },
        );
        self.runtime
            .spawn(async move { axum::serve(listener, app).await });
        Proxy { url, forwarded }
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// See [`Moto::flaky_proxy`].
pub struct Proxy {
    /// `http://127.0.0.1:PORT`
    pub url: String,
    /// Each SendMessage forwarded: its queue URL and moto's status.
    forwarded: Arc<Mutex<Vec<(String, u16)>>>,
}

impl Proxy {
    pub fn forwarded(&self) -> Vec<(String, u16)> {
        self.forwarded.lock().unwrap().clone()
    }
}

fn xml_field(xml: &str, tag: &str) -> String {
    let start = xml
        .find(&format!("<{tag}>"))
        .unwrap_or_else(|| panic!("no <{tag}> in {xml}"))
        + tag.len()
        + 2;
    let end = xml[start..].find(&format!("</{tag}>")).unwrap() + start;
    xml[start..end].to_string()
}

/// `application/x-www-form-urlencoded`, as AWS signs it.
fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
