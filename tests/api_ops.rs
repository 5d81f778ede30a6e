//! The operator's side of serve: /healthz, /metrics, /openapi.json (checked
//! against real responses), --listen, and systemd's notifications.

mod common;
mod fake_upstream;

use std::os::unix::net::UnixDatagram;
use std::time::Duration;

use common::{Anticip, Api, Receiver, wait_until};
use fake_upstream::{Upstream, customer};
use serde_json::{Value, json};

const OPENAPI: &str = include_str!("../openapi.json");

/// Validates bodies against the schemas of the OpenAPI document.
struct Contract {
    doc: Value,
}

impl Contract {
    fn new() -> Contract {
        Contract {
            doc: serde_json::from_str(OPENAPI).expect("openapi.json is JSON"),
        }
    }

    /// The document itself as the schema root, so `#/components/…` resolves.
    fn check(&self, schema_ref: &Value, instance: &Value, what: &str) {
        let errors = self.errors(schema_ref, instance, what);
        assert!(
            errors.is_empty(),
            "{what} does not match openapi.json:\n{}\n{instance:#}",
            errors.join("\n")
        );
    }

    fn errors(&self, schema_ref: &Value, instance: &Value, what: &str) -> Vec<String> {
        let mut root = self.doc.clone();
        root["$schema"] = json!("https://json-schema.org/draft/2020-12/schema");
        root["$ref"] = schema_ref["$ref"].clone();
        assert!(root["$ref"].is_string(), "{what}: no schema reference");
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .should_validate_formats(true)
            .build(&root)
            .unwrap_or_else(|e| panic!("{what}: the schema does not compile: {e}"));
        validator
            .iter_errors(instance)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect()
    }

    /// A response, against the schema the document gives for its route,
    /// method and status (or `default`).
    fn response(&self, path: &str, method: &str, answer: &common::Answer) {
        let responses = &self.doc["paths"][path][method]["responses"];
        assert!(responses.is_object(), "{method} {path} is not documented");
        let status = answer.status.to_string();
        let documented = if responses[&status].is_object() {
            &responses[&status]
        } else {
            &responses["default"]
        };
        let schema = &documented["content"]["application/json"]["schema"];
        self.check(schema, &answer.json(), &format!("{method} {path} {status}"));
    }

    fn request(&self, name: &str, instance: &Value) {
        self.check(
            &json!({"$ref": format!("#/components/schemas/{name}")}),
            instance,
            name,
        );
    }
}

#[test]
fn health_metrics_and_the_document_need_no_key() {
    let a = Anticip::new();
    let (_serve, api) = a.serve_api();
    let health = Api::send(api.anonymous("GET", "/healthz"));
    assert_eq!(health.status, 200);
    assert_eq!(
        health.json(),
        json!({"status": "ok", "store": "ok", "engine": "ok", "version": env!("CARGO_PKG_VERSION")})
    );
    let doc = Api::send(api.anonymous("GET", "/openapi.json"));
    assert_eq!(doc.status, 200);
    assert_eq!(doc.header("content-type"), Some("application/json"));
    assert_eq!(doc.text, OPENAPI);
    assert_eq!(doc.json()["openapi"], "3.1.0");
    let metrics = Api::send(api.anonymous("GET", "/metrics"));
    assert_eq!(metrics.status, 200);
    assert!(
        metrics
            .header("content-type")
            .unwrap()
            .starts_with("text/plain; version=0.0.4")
    );
}

#[test]
fn real_responses_match_the_openapi_document() {
    let contract = Contract::new();
    let receiver = Receiver::start();
    let a = Anticip::new();
    let (_serve, api) = a.serve_api();

    // Requests: the reference's payloads and ours.
    let reference = json!({
        "type": "json", "when": "32 days from now",
        "details": {"document": {"id": "Y9yJ4qDDMpHGmmYboWt4ZE", "customer": "MJvrmWjJ3zZe7pPWHWta7r"},
                    "url": "https://myplatform.com/events/32days", "method": "post", "headers": []}
    });
    contract.request("CreateEvent", &reference);
    let now = json!({
        "type": "json", "when": "now", "max_attempts": 3, "timeout_ms": 5000,
        "details": {"document": {"customer": "82345"}, "url": receiver.url("/hook"),
                    "headers": {"x-customer": "82345"}}
    });
    contract.request("CreateEvent", &now);
    let xml = json!({"type": "xml", "when": "in 1 hour",
                     "details": {"url": "https://example.com/x", "method": "put",
                                 "document": "<xml><customer>82345</customer></xml>",
                                 "headers": [{"x-customer": "82345"}]}});
    contract.request("CreateEvent", &xml);

    // Successes.
    let created = api.post("/v1/event", &reference);
    assert_eq!(created.status, 201);
    contract.response("/v1/event", "post", &created);
    // The check has teeth: an undocumented field or a missing one fails it.
    let envelope = json!({"$ref": "#/components/schemas/EventResponse"});
    let mut extra = created.json();
    extra["event"]["surprise"] = json!(1);
    assert!(!contract.errors(&envelope, &extra, "extra").is_empty());
    let mut missing = created.json();
    missing.as_object_mut().unwrap().remove("now");
    assert!(!contract.errors(&envelope, &missing, "missing").is_empty());
    let xml_created = api.post("/v1/event", &xml);
    contract.response("/v1/event", "post", &xml_created);
    let idempotent = |body: &Value| {
        Api::send(
            api.request("POST", "/v1/event")
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "contract")
                .body(body.to_string()),
        )
    };
    let first = idempotent(&now);
    assert_eq!(first.status, 201);
    let replay = idempotent(&now);
    assert_eq!(replay.status, 200);
    contract.response("/v1/event", "post", &replay);
    let conflict = idempotent(&reference);
    assert_eq!(conflict.status, 422);
    contract.response("/v1/event", "post", &conflict);

    let delivered_id = first.json()["event"]["id"].as_str().unwrap().to_string();
    wait_until("the event is delivered", || {
        api.get(&format!("/v1/event/{delivered_id}")).json()["event"]["status"] == "delivered"
    });
    let got = api.get(&format!("/v1/event/{delivered_id}"));
    assert_eq!(got.json()["event"]["attempts"].as_array().unwrap().len(), 1);
    contract.response("/v1/event/{id}", "get", &got);
    let id = created.json()["event"]["id"].as_str().unwrap().to_string();
    let deleted = api.delete(&format!("/v1/event/{id}"));
    assert_eq!(deleted.status, 200);
    contract.response("/v1/event/{id}", "delete", &deleted);
    let page = api.get("/v1/event?limit=2");
    assert_eq!(page.status, 200);
    assert!(page.json()["next_cursor"].is_string());
    contract.response("/v1/event", "get", &page);
    let last = api.get(&format!(
        "/v1/event?cursor={}",
        page.json()["next_cursor"].as_str().unwrap()
    ));
    assert_eq!(last.json()["next_cursor"], Value::Null);
    contract.response("/v1/event", "get", &last);
    contract.response(
        "/healthz",
        "get",
        &Api::send(api.anonymous("GET", "/healthz")),
    );

    // Every error shape.
    let errors = [
        (
            "/v1/event",
            "post",
            api.post("/v1/event", &json!({"type": "yaml"})),
        ),
        (
            "/v1/event",
            "post",
            Api::send(
                api.request("POST", "/v1/event")
                    .header("Content-Type", "application/json")
                    .body("{"),
            ),
        ),
        (
            "/v1/event",
            "post",
            Api::send(api.anonymous("POST", "/v1/event")),
        ),
        (
            "/v1/event",
            "post",
            Api::send(
                api.request("POST", "/v1/event")
                    .header("Content-Type", "text/plain")
                    .body("x"),
            ),
        ),
        (
            "/v1/event",
            "post",
            Api::send(
                api.request("POST", "/v1/event")
                    .header("Content-Type", "application/json")
                    .body(vec![b' '; (1 << 20) + 1]),
            ),
        ),
        ("/v1/event", "get", api.get("/v1/event?limit=x")),
        ("/v1/event/{id}", "get", api.get("/v1/event/unknown")),
        (
            "/v1/event/{id}",
            "delete",
            api.delete(&format!("/v1/event/{id}")),
        ),
        (
            "/v1/event/{id}",
            "get",
            Api::send(api.request("PUT", "/v1/event/x")),
        ),
        ("/v1/event", "get", api.get("/nowhere")),
    ];
    let mut statuses: Vec<u16> = Vec::new();
    for (path, method, answer) in &errors {
        assert!(answer.status >= 400, "{path}: {}", answer.text);
        contract.response(path, method, answer);
        statuses.push(answer.status);
    }
    statuses.sort();
    statuses.dedup();
    assert_eq!(statuses, [400, 401, 404, 405, 413, 415]);
}

#[test]
fn sequins_routes_match_the_openapi_document() {
    let contract = Contract::new();
    let up = Upstream::start();
    up.with(|s| {
        for i in 1..=3 {
            s.put("/v1/customers", customer(i, 200));
        }
    });
    let a = Anticip::new();
    let (_serve, api) = a.serve_api();

    // Requests: the reference's bodies and ours.
    let credential = json!({
        "kind": "stripe_oauth2", "access_token": "sk_live_7eC39HqLyjWDarjtT1zdp7dc",
        "oauth_app_id": "8ff58ef0-d376-4ae8-b2e2-9f0206aa65b8", "metadata": {"custom_property": 42}
    });
    contract.request("CreateCredential", &credential);
    let sync = json!({
        "provider": "stripe", "name": "Choam Corp - Stripe Production",
        "collection_ids": ["stripe:customer", "stripe:invoice"],
        "rate_limit": {"allowed_requests": 100, "interval": 60, "max_concurrent_requests": 0},
        "credential": {"provider": "stripe", "kind": "stripe_oauth2",
                       "access_token": "sk_live_7eC39HqLyjWDarjtT1zdp7dc",
                       "oauth_app_id": "8ff58ef0-d376-4ae8-b2e2-9f0206aa65b8",
                       "metadata": {"custom_credential_property": 42}},
        "metadata": {"custom_property": 42}, "base_url": up.url(), "every_ms": 1000
    });
    contract.request("CreateSync", &sync);

    // Successes.
    let created = api.post("/v1/credentials", &credential);
    assert_eq!(created.status, 201, "{}", created.text);
    contract.response("/v1/credentials", "post", &created);
    contract.response("/v1/credentials", "get", &api.get("/v1/credentials"));
    let credential_id = created.json()["id"].as_str().unwrap().to_string();
    contract.response(
        "/v1/credentials/{id}",
        "get",
        &api.get(&format!("/v1/credentials/{credential_id}")),
    );
    let made = api.post("/v1/syncs", &sync);
    assert_eq!(made.status, 201, "{}", made.text);
    contract.response("/v1/syncs", "post", &made);
    let id = made.json()["id"].as_str().unwrap().to_string();
    wait_until("the customers are in", || {
        api.get("/v1/events").json().as_array().unwrap().len() == 3
    });
    // One collection polls, the other (no invoices upstream) has none.
    contract.response("/v1/syncs", "get", &api.get("/v1/syncs"));
    contract.response(
        "/v1/syncs/{id}",
        "get",
        &api.get(&format!("/v1/syncs/{id}")),
    );
    let events = api.get(&format!("/v1/events?sync_id={id}&limit=2"));
    assert_eq!(events.json().as_array().unwrap().len(), 2);
    contract.response("/v1/events", "get", &events);
    let records = api.get(&format!("/v1/records?sync_id={id}&wait_ms=10"));
    assert_eq!(records.json()["records"].as_array().unwrap().len(), 3);
    contract.response("/v1/records", "get", &records);
    // The check has teeth: an undocumented field fails it.
    let mut extra = events.json();
    extra[0]["surprise"] = json!(1);
    assert!(
        !contract
            .errors(
                &json!({"$ref": "#/components/schemas/ChangeEvents"}),
                &extra,
                "extra"
            )
            .is_empty()
    );

    // Every error shape.
    let dup = json!({"kind": "bearer", "token": "t", "name": "dup"});
    assert_eq!(api.post("/v1/credentials", &dup).status, 201);
    let errors = [
        (
            "/v1/credentials",
            "post",
            api.post("/v1/credentials", &json!({"kind": "magic"})),
        ),
        (
            "/v1/credentials",
            "post",
            api.post(
                "/v1/credentials",
                &json!({"kind": "bearer", "token": "t", "name": "dup"}),
            ),
        ),
        (
            "/v1/credentials/{id}",
            "get",
            api.get("/v1/credentials/nope"),
        ),
        (
            "/v1/credentials/{id}",
            "delete",
            api.delete(&format!(
                "/v1/credentials/{}",
                made.json()["credential_id"].as_str().unwrap()
            )),
        ),
        (
            "/v1/syncs",
            "post",
            api.post("/v1/syncs", &json!({"provider": "stripe"})),
        ),
        ("/v1/syncs", "post", api.post("/v1/syncs", &sync)),
        ("/v1/syncs/{id}", "get", api.get("/v1/syncs/nope")),
        ("/v1/syncs/{id}", "delete", api.delete("/v1/syncs/nope")),
        ("/v1/events", "get", api.get("/v1/events?limit=0")),
        ("/v1/events", "get", api.get("/v1/events?sync_id=nope")),
        ("/v1/records", "get", api.get("/v1/records?after_seq=!")),
        (
            "/v1/records",
            "get",
            Api::send(api.anonymous("GET", "/v1/records")),
        ),
    ];
    let mut statuses: Vec<u16> = Vec::new();
    for (path, method, answer) in &errors {
        assert!(answer.status >= 400, "{path}: {}", answer.text);
        contract.response(path, method, answer);
        statuses.push(answer.status);
    }
    statuses.sort();
    statuses.dedup();
    assert_eq!(statuses, [400, 401, 404, 409]);

    // Deletes.
    let deleted = api.delete(&format!("/v1/syncs/{id}"));
    assert_eq!(deleted.status, 200);
    contract.response("/v1/syncs/{id}", "delete", &deleted);
    let deleted = api.delete(&format!("/v1/credentials/{credential_id}"));
    assert_eq!(deleted.status, 200);
    contract.response("/v1/credentials/{id}", "delete", &deleted);
}

fn metric(text: &str, series: &str) -> f64 {
    text.lines()
        .find_map(|l| {
            l.strip_prefix(series)
                .and_then(|rest| rest.strip_prefix(' '))
        })
        .unwrap_or_else(|| panic!("no {series} in\n{text}"))
        .parse()
        .unwrap()
}

#[test]
fn metrics_count_events_attempts_and_the_queue() {
    let receiver = Receiver::with(|request, _| match request.path.as_str() {
        "/ok" => (200, vec![], "ok".into()),
        "/gone" => (410, vec![], "gone".into()),
        _ => (503, vec![], "busy".into()),
    });
    let a = Anticip::new();
    let key = a.key("metrics");
    let serve = a.serve(&["--retry-base", "1h"]);
    let api = Api::new(&serve, &key);
    let later = anticip::time::now_ms() + 3_600_000;
    for (path, when) in [
        ("/ok", "now".to_string()),
        ("/gone", "now".to_string()),
        ("/busy", "now".to_string()),
        ("/ok", anticip::time::rfc3339_ms(later)),
    ] {
        api.create(&json!({"type": "json", "when": when, "details": {"url": receiver.url(path)}}));
    }
    receiver.wait_for(3);
    let scrape = || Api::send(api.anonymous("GET", "/metrics")).text;
    wait_until("three attempts are counted", || {
        let text = scrape();
        text.contains("anticip_job_attempts_total{kind=\"event\",outcome=\"retried\"} 1")
            && text.contains("anticip_events{status=\"failed\"} 1")
            && text.contains("anticip_events{status=\"delivered\"} 1")
    });
    let text = scrape();
    for (series, value) in [
        ("anticip_events{status=\"scheduled\"}", 1.0),
        ("anticip_events{status=\"retrying\"}", 1.0),
        ("anticip_events{status=\"delivered\"}", 1.0),
        ("anticip_events{status=\"failed\"}", 1.0),
        ("anticip_events{status=\"deleted\"}", 0.0),
        (
            "anticip_job_attempts_total{kind=\"event\",outcome=\"succeeded\"}",
            1.0,
        ),
        (
            "anticip_job_attempts_total{kind=\"event\",outcome=\"failed\"}",
            1.0,
        ),
        (
            "anticip_job_attempts_total{kind=\"event\",outcome=\"retried\"}",
            1.0,
        ),
        ("anticip_job_duration_seconds_count{kind=\"event\"}", 3.0),
        ("anticip_job_lateness_seconds_count{kind=\"event\"}", 3.0),
        (
            "anticip_job_duration_seconds_bucket{kind=\"event\",le=\"+Inf\"}",
            3.0,
        ),
        // The future event and the retry wait in the queue; nothing runs.
        ("anticip_jobs_queued{kind=\"event\"}", 2.0),
        ("anticip_jobs_running{kind=\"event\"}", 0.0),
        ("anticip_jobs_in_flight", 0.0),
        (
            "anticip_http_requests_total{method=\"POST\",route=\"/v1/event\",code=\"201\"}",
            4.0,
        ),
    ] {
        assert_eq!(metric(&text, series), value, "{series}");
    }
    let next_due = metric(&text, "anticip_jobs_next_due_timestamp_seconds");
    // The retry is due in about an hour (±20% jitter), the future event at `later`.
    let now = anticip::time::now_ms() as f64 / 1000.0;
    assert!(
        next_due > now + 2000.0 && next_due <= later as f64 / 1000.0 + 0.001,
        "{next_due}"
    );
    for family in [
        "# TYPE anticip_events gauge",
        "# TYPE anticip_job_attempts_total counter",
        "# TYPE anticip_job_duration_seconds histogram",
        "# TYPE anticip_job_lateness_seconds histogram",
        "# TYPE anticip_jobs_queued gauge",
        "# TYPE anticip_http_request_duration_seconds histogram",
    ] {
        assert!(text.contains(family), "{family}");
    }
    // The counters are kept by triggers: they agree with the rows.
    assert_eq!(
        a.query::<i64>("SELECT count(*) FROM events WHERE status = 'scheduled'"),
        1
    );
}

#[test]
fn an_address_in_use_is_named_and_a_bad_one_is_a_usage_error() {
    let a = Anticip::new();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let flag = a.run(&["serve", "--listen", &addr]);
    let from_env = a
        .command()
        .args(["serve"])
        .env("ANTICIP_LISTEN", &addr)
        .output()
        .unwrap();
    for out in [flag, from_env] {
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(
            stderr.contains(&format!(
                "cannot listen on {addr}: the address is already in use"
            )),
            "{stderr}"
        );
    }
    let bad = a.run(&["serve", "--listen", "7878"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("HOST:PORT"));
}

#[test]
fn systemd_is_told_ready_then_stopping() {
    let a = Anticip::new();
    let socket_path = a.dir.path().join("notify.sock");
    let socket = UnixDatagram::bind(&socket_path).unwrap();
    socket.set_read_timeout(Some(common::PATIENCE)).unwrap();
    let log_path = a.dir.path().join("serve.log");
    let mut child = a
        .command()
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env("NOTIFY_SOCKET", &socket_path)
        .stderr(std::fs::File::create(&log_path).unwrap())
        .spawn()
        .unwrap();
    let mut buf = [0u8; 256];
    let n = socket.recv(&mut buf).expect("READY=1 arrives");
    assert_eq!(&buf[..n], b"READY=1\n");
    // Ready means ready: the API answers.
    let log = std::fs::read_to_string(&log_path).unwrap();
    let addr = log
        .lines()
        .find_map(|l| l.split("listening on ").nth(1))
        .expect("the address is logged before READY")
        .trim()
        .to_string();
    let health = reqwest::blocking::get(format!("http://{addr}/healthz")).unwrap();
    assert_eq!(health.status().as_u16(), 200);
    std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let n = socket.recv(&mut buf).expect("STOPPING=1 arrives");
    assert_eq!(&buf[..n], b"STOPPING=1\n");
    let deadline = std::time::Instant::now() + common::PATIENCE;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(std::time::Instant::now() < deadline, "serve did not stop");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success());
}

#[test]
fn the_systemd_unit_is_hardened_and_uses_the_state_directory() {
    let unit = include_str!("../systemd/anticip.service");
    for line in [
        "Type=notify",
        "ExecStart=/usr/bin/anticip serve",
        "DynamicUser=yes",
        "StateDirectory=anticip",
        "NoNewPrivileges=yes",
        "ProtectSystem=strict",
        "ProtectHome=yes",
        "PrivateTmp=yes",
        "RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6",
    ] {
        assert!(unit.lines().any(|l| l.trim() == line), "{line} is missing");
    }
}

#[test]
fn sigterm_stops_accepting_but_finishes_requests_in_flight() {
    use std::io::{Read, Write};
    use std::net::TcpStream;
    let a = Anticip::new();
    let (mut serve, api) = a.serve_api();
    let addr = serve.addr();
    let body = json!({"type": "json", "when": "in 1 hour",
                      "details": {"url": "https://example.com/late"}})
    .to_string();
    let mut stream = TcpStream::connect(addr).unwrap();
    // One whole request first, so the server surely holds this connection.
    write!(stream, "GET /healthz HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut seen = Vec::new();
    let mut buf = [0u8; 1024];
    while !String::from_utf8_lossy(&seen).contains("\"version\"") {
        let n = stream.read(&mut buf).unwrap();
        assert!(n > 0, "the connection closed");
        seen.extend_from_slice(&buf[..n]);
    }
    // Then a request whose body is still arriving when the signal comes.
    write!(
        stream,
        "POST /v1/event HTTP/1.1\r\nHost: {addr}\r\nX-API-Key: {}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        api.key,
        body.len()
    )
    .unwrap();
    stream.write_all(&body.as_bytes()[..10]).unwrap();
    stream.flush().unwrap();
    // Let the server start reading it (the outcome does not depend on how fast).
    std::thread::sleep(Duration::from_millis(200));
    std::process::Command::new("kill")
        .args(["-TERM", &serve.pid().to_string()])
        .status()
        .unwrap();
    serve.wait_for_log("stopping");
    wait_until("new connections are refused", || {
        TcpStream::connect(addr).is_err()
    });
    stream.write_all(&body.as_bytes()[10..]).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
    let status = serve.child.wait().unwrap();
    assert!(status.success());
    assert_eq!(a.event_count(), 1, "the acknowledged event is stored");
}

#[test]
fn remote_api_responses_match_the_openapi_document() {
    let contract = Contract::new();
    let action = Receiver::start();
    let a = Anticip::new();
    let (serve, _api) = a.serve_api();
    let base = format!("http://{}", serve.addr());
    let create = |extra: &[&str]| {
        let mut args = vec![
            "rule",
            "create",
            "--name",
            "contract",
            "--trigger",
            "remote",
            "--action-url",
        ];
        let url = action.url("/t");
        args.push(&url);
        args.extend(["--amount-cents", "100"]);
        args.extend_from_slice(extra);
        let rule = a.json(&args);
        (
            rule["id"].as_str().unwrap().to_string(),
            rule["triggerSecret"].as_str().unwrap().to_string(),
        )
    };
    let (id, secret) = create(&[]);
    let (limited, limited_secret) = create(&["--rate-limit", "1/1h"]);
    let (disabled, disabled_secret) = create(&[]);
    a.ok(&["rule", "disable", &disabled]);
    let client = reqwest::blocking::Client::new();
    let trigger_path = "/api/remote-api/rules/{id}/trigger";
    let status_path = "/api/remote-api/requests/{requestId}";
    let trigger = |rule: &str, secret: &str, key: Option<&str>, content_type: &str, body: &str| {
        let mut request = client
            .post(format!("{base}/api/remote-api/rules/{rule}/trigger"))
            .header("x-sequence-signature", format!("Bearer {secret}"))
            .header("content-type", content_type)
            .body(body.to_string());
        if let Some(key) = key {
            request = request.header("idempotency-key", key);
        }
        Api::send(request)
    };
    let json = "application/json";

    let accepted = trigger(&id, &secret, Some("contract"), json, "{}");
    assert_eq!(accepted.status, 200);
    contract.response(trigger_path, "post", &accepted);
    let replay = trigger(&id, &secret, Some("contract"), json, "{}");
    assert_eq!(replay.header("idempotent-replayed"), Some("true"));
    contract.response(trigger_path, "post", &replay);
    let request_id = accepted.json()["data"]["requestId"]
        .as_str()
        .unwrap()
        .to_string();
    let status = |request_id: &str, secret: &str| {
        Api::send(
            client
                .get(format!("{base}/api/remote-api/requests/{request_id}"))
                .header("x-sequence-signature", format!("Bearer {secret}")),
        )
    };
    let queued = status(&request_id, &secret);
    assert_eq!(queued.status, 200);
    contract.response(status_path, "get", &queued);
    wait_until("the run succeeded", || {
        status(&request_id, &secret).json()["data"]["status"] == "succeeded"
    });
    let done = status(&request_id, &secret);
    assert_eq!(done.json()["data"]["attempts"][0]["statusCode"], 200);
    contract.response(status_path, "get", &done);

    assert_eq!(
        trigger(&limited, &limited_secret, None, json, "{}").status,
        200
    );
    let errors = [
        (
            trigger_path,
            "post",
            trigger(&id, &secret, Some("a b"), json, "{}"),
        ),
        (trigger_path, "post", trigger(&id, &secret, None, json, "{")),
        (
            trigger_path,
            "post",
            trigger(&id, "rts_wrong", None, json, "{}"),
        ),
        (
            trigger_path,
            "post",
            trigger(&limited, &secret, None, json, "{}"),
        ),
        (
            trigger_path,
            "post",
            Api::send(client.get(format!("{base}/api/remote-api/rules/{id}/trigger"))),
        ),
        (
            trigger_path,
            "post",
            trigger(&disabled, &disabled_secret, None, json, "{}"),
        ),
        (
            trigger_path,
            "post",
            trigger(&id, &secret, None, json, &" ".repeat(64 * 1024 + 1)),
        ),
        (
            trigger_path,
            "post",
            trigger(&id, &secret, None, "text/plain", "{}"),
        ),
        (
            trigger_path,
            "post",
            trigger(&id, &secret, Some("contract"), json, "[]"),
        ),
        (
            trigger_path,
            "post",
            trigger(&limited, &limited_secret, None, json, "{}"),
        ),
        (status_path, "get", status(&request_id, "rts_wrong")),
        (status_path, "get", status(&request_id, &limited_secret)),
    ];
    let mut statuses: Vec<u16> = Vec::new();
    for (path, method, answer) in &errors {
        assert!(answer.status >= 400, "{path}: {}", answer.text);
        contract.response(path, method, answer);
        statuses.push(answer.status);
    }
    statuses.sort();
    statuses.dedup();
    assert_eq!(statuses, [400, 401, 404, 405, 409, 413, 415, 422, 429]);
}
