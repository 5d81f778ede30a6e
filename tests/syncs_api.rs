//! Sequin's Management and Stream APIs over real HTTP: the reference's curl
//! examples, credentials and syncs made over HTTP against a fake upstream,
//! the change and record streams paged with `after_seq`, long polls, delete,
//! secrets that never come back, and a table of bad input.

mod common;
mod fake_upstream;

use std::collections::HashSet;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{Anticip, Api, wait_until};
use fake_upstream::{Injected, Upstream, customer};
use serde_json::{Value, json};

const SECRET: &str = "sk_test_4eC39HqLyjWDarjtT1zdp7dc";

fn basic(secret: &str) -> String {
    use base64::Engine as _;
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{secret}:"))
    )
}

/// A fake Stripe with `n` customers that insists on `SECRET`.
fn stripe_with(n: usize) -> Upstream {
    let up = Upstream::start();
    up.with(|s| {
        s.authorization = Some(basic(SECRET));
        for i in 1..=n {
            s.put("/v1/customers", customer(i, 300));
        }
    });
    up
}

/// Create a Stripe sync of customers against `up` over HTTP, its
/// credential inline; returns the sync.
fn create_sync(api: &Api, up: &Upstream, name: &str) -> Value {
    let reply = api.post(
        "/v1/syncs",
        &json!({
            "provider": "stripe",
            "name": name,
            "collection_ids": ["stripe:customer"],
            "rate_limit": {"allowed_requests": 100, "interval": 1, "max_concurrent_requests": 0},
            "credential": {"kind": "stripe_secret_key", "secret_key": SECRET, "name": format!("{name} key")},
            "base_url": up.url(),
            "every_ms": 1000,
        }),
    );
    assert_eq!(reply.status, 201, "{}", reply.text);
    reply.json()
}

fn sync_state(api: &Api, id: &str) -> Value {
    let reply = api.get(&format!("/v1/syncs/{id}"));
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.json()
}

fn wait_backfilled(api: &Api, id: &str, records: i64) {
    wait_until("the backfill is done", || {
        let sync = sync_state(api, id);
        let c = &sync["collections"][0];
        c["phase"] == "polling" && c["records"] == records
    });
}

fn seq(item: &Value) -> i64 {
    anticip::syncs::decode_seq(item["seq"].as_str().expect("seq is a string")).unwrap()
}

/// The `after_seq` of a `Link: <…>; rel="next"` header.
fn next_after(answer: &common::Answer) -> String {
    let link = answer.header("link").expect("a Link header");
    assert!(link.ends_with("; rel=\"next\""), "{link}");
    let url = link
        .trim_start_matches('<')
        .split('>')
        .next()
        .expect("a URL in <>");
    let parsed = reqwest::Url::parse(&format!("http://x{url}")).unwrap();
    parsed
        .query_pairs()
        .find(|(k, _)| k == "after_seq")
        .map(|(_, v)| v.into_owned())
        .expect("after_seq in the link")
}

fn curl_installed() -> bool {
    Command::new("curl").arg("--version").output().is_ok()
}

/// curl with a config file (as a user's ~/.curlrc) that prints the response
/// head and, when `key` is given, sends the API key. Returns curl's exit
/// code and the first response's status and body.
fn curl(home: &Path, key: Option<&str>, args: &[&str]) -> (Option<i32>, u16, Value) {
    let mut config = String::from("include\nsilent\n");
    if let Some(key) = key {
        config.push_str(&format!("header = \"Authorization: Bearer {key}\"\n"));
    }
    std::fs::write(home.join(".curlrc"), config).unwrap();
    let out = Command::new("curl")
        .args(args)
        .env("CURL_HOME", home)
        .output()
        .expect("run curl");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let (head, body) = text
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("no response from curl {args:?}: {out:?}"));
    let status: u16 = head.split(' ').nth(1).unwrap().parse().unwrap();
    let body = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"));
    (out.status.code(), status, body)
}

/// A stand-in for an HTTPS proxy: records each `CONNECT` line and refuses
/// it, so that a sync of the real api.stripe.com never leaves the machine.
fn refusing_proxy() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let record = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap_or(0) == 1 {
                head.push(byte[0]);
            }
            let text = String::from_utf8_lossy(&head);
            record
                .lock()
                .unwrap()
                .push(text.lines().next().unwrap_or_default().to_string());
            let _ = stream.write_all(b"HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n");
        }
    });
    (url, seen)
}

const REFERENCE_CREDENTIAL: &str = r#"{
    "kind": "stripe_oauth2",
    "access_token": "sk_live_7eC39HqLyjWDarjtT1zdp7dc",
    "oauth_app_id": "8ff58ef0-d376-4ae8-b2e2-9f0206aa65b8",
    "metadata": { "custom_property": 42 }
  }"#;

const REFERENCE_SYNC: &str = r#"{
    "provider": "stripe",
    "name": "Choam Corp - Stripe Production",
    "collection_ids": ["stripe:customer", "stripe:invoice"],
    "rate_limit": {
      "allowed_requests": 100,
      "interval": 60,
      "max_concurrent_requests": 0
    },
    "credential": {
      "provider": "stripe",
      "kind": "stripe_oauth2",
      "access_token": "sk_live_7eC39HqLyjWDarjtT1zdp7dc",
      "oauth_app_id": "8ff58ef0-d376-4ae8-b2e2-9f0206aa65b8",
      "metadata": { "custom_credential_property": 42 }
    },
    "metadata": { "custom_property": 42 }
  }"#;

/// The reference's four curl examples, argument for argument, with only the
/// host changed (and `<YOUR_API_KEY>` filled in). Two of them send no key as
/// written: the event-stream example has no header at all, and in the
/// credential and sync examples curl reads the `'Authorization: …'` line
/// (which lacks `--header`) as a second URL, fails on it (exit code 3)
/// after the first request, and sends no key with that request. A user's
/// curl config supplies the key there, as Sequin also requires one.
#[test]
fn the_references_curl_examples_work_with_only_the_host_changed() {
    if !curl_installed() {
        eprintln!("SKIPPED: curl is not installed; install curl to run the reference's examples");
        return;
    }
    let up = Upstream::start();
    up.with(|s| {
        s.authorization = Some(basic(SECRET));
        s.put(
            "/v1/subscriptions",
            json!({"id": "sub_tognkns00nj", "object": "subscription",
                   "billing": "charge_automatically", "created": 1_731_263_880}),
        );
    });
    let (proxy, connects) = refusing_proxy();
    let a = Anticip::new();
    let key = a.key("reference");
    let serve = a.serve_with_env(
        &[],
        &[
            ("HTTPS_PROXY", &proxy),
            ("https_proxy", &proxy),
            ("NO_PROXY", "127.0.0.1,localhost"),
            ("no_proxy", "127.0.0.1,localhost"),
        ],
    );
    let api = Api::new(&serve, &key);
    let home = tempfile::tempdir().unwrap();
    let bearer = format!("Authorization: Bearer {key}");

    // List syncs (none yet).
    let (code, status, body) = curl(
        home.path(),
        None,
        &[
            "--request",
            "GET",
            "--url",
            &serve.url("/v1/syncs"),
            "--header",
            &bearer,
        ],
    );
    assert_eq!((code, status), (Some(0), 200), "{body}");
    assert_eq!(body, json!({"data": []}));

    // Add a credential.
    let (code, status, credential) = curl(
        home.path(),
        Some(&key),
        &[
            "--request",
            "POST",
            "--url",
            &serve.url("/v1/credentials"),
            "--header",
            "Content-Type: application/json",
            &bearer,
            "--data",
            REFERENCE_CREDENTIAL,
        ],
    );
    assert_eq!(status, 201, "{credential}");
    assert_ne!(
        code,
        Some(0),
        "curl fails on the stray 'Authorization: …' URL"
    );
    assert_eq!(credential["provider"], "stripe");
    assert_eq!(
        credential["auth"],
        json!({"kind": "stripe_secret_key", "secret_key": "sk_…p7dc"})
    );
    assert_eq!(
        credential["settings"]["oauth_app_id"],
        "8ff58ef0-d376-4ae8-b2e2-9f0206aa65b8"
    );
    assert_eq!(credential["metadata"], json!({"custom_property": 42}));

    // Create a sync with a credential of its own. The example lacks the
    // backslashes after its first two lines; its arguments run as one command.
    let (code, status, sync) = curl(
        home.path(),
        Some(&key),
        &[
            "--request",
            "POST",
            "--url",
            &serve.url("/v1/syncs"),
            "--header",
            "Content-Type: application/json",
            &bearer,
            "--data",
            REFERENCE_SYNC,
        ],
    );
    assert_eq!(status, 201, "{sync}");
    assert_ne!(code, Some(0));
    assert_eq!(sync["name"], "Choam Corp - Stripe Production");
    assert_eq!(sync["provider"], "stripe");
    assert_eq!(
        sync["collection_ids"],
        json!(["stripe:customer", "stripe:invoice"])
    );
    assert_eq!(
        sync["rate_limit"],
        json!({"allowed_requests": 100, "interval": 60, "max_concurrent_requests": 0})
    );
    assert_eq!(sync["metadata"], json!({"custom_property": 42}));
    assert_eq!(sync["base_url"], "https://api.stripe.com");
    let inline = api.get(&format!(
        "/v1/credentials/{}",
        sync["credential_id"].as_str().unwrap()
    ));
    assert_eq!(inline.status, 200);
    assert_eq!(
        inline.json()["metadata"],
        json!({"custom_credential_property": 42})
    );
    assert_ne!(
        inline.json()["id"],
        credential["id"],
        "a credential of its own"
    );
    // It really calls Stripe (here: a proxy that refuses), and says so
    // without the key.
    let id = sync["id"].as_str().unwrap().to_string();
    wait_until("the sync reports the refused connection", || {
        sync_state(&api, &id)["status"] == "erroring"
    });
    assert!(
        connects
            .lock()
            .unwrap()
            .iter()
            .any(|l| l.starts_with("CONNECT api.stripe.com:443")),
        "{:?}",
        connects.lock().unwrap()
    );
    assert!(!sync_state(&api, &id).to_string().contains("7eC39HqLyjWD"));

    // Read the event stream of a sync; the example's `my-sync-id` names it.
    let reply = api.post(
        "/v1/syncs",
        &json!({"provider": "stripe", "name": "my-sync-id", "base_url": up.url(),
                "collection_ids": ["stripe:subscription"],
                "credential": {"kind": "stripe_oauth2", "access_token": SECRET}}),
    );
    assert_eq!(reply.status, 201, "{}", reply.text);
    let my_sync = reply.json()["id"].as_str().unwrap().to_string();
    wait_backfilled(&api, &my_sync, 1);
    let events_url = serve.url("/v1/events?sync_id=my-sync-id");
    let (code, status, events) = curl(home.path(), Some(&key), &[&events_url]);
    assert_eq!((code, status), (Some(0), 200), "{events}");
    let events = events
        .as_array()
        .expect("a bare array, as in the reference");
    assert_eq!(events.len(), 1);
    let event = &events[0];
    let keys: Vec<&str> = event
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "sync_id",
            "collection_id",
            "upstream_id",
            "upstream_updated_at",
            "data",
            "event",
            "event_id",
            "event_inserted_at",
            "seq"
        ]
    );
    assert_eq!(event["sync_id"], my_sync.as_str());
    assert_eq!(event["collection_id"], "stripe:subscription");
    assert_eq!(event["upstream_id"], "sub_tognkns00nj");
    assert_eq!(event["data"]["billing"], "charge_automatically");
    assert_eq!(event["event"], "created");
    assert!(uuid_like(event["event_id"].as_str().unwrap()));
    assert_eq!(seq(event), 1, "the first change of this store");
    assert_eq!(event["seq"], "MQ==", "Sequin's base64 form of the number");
}

fn uuid_like(text: &str) -> bool {
    text.len() == 36 && text.chars().filter(|c| *c == '-').count() == 4
}

#[test]
fn a_sync_made_over_http_streams_its_changes_page_by_page() {
    let up = stripe_with(250);
    let a = Anticip::new();
    let (serve, api) = a.serve_api();
    let sync = create_sync(&api, &up, "choam");
    let id = sync["id"].as_str().unwrap().to_string();
    assert_eq!(sync["status"], "backfilling");
    assert_eq!(sync["collections"][0]["collection_id"], "stripe:customer");
    wait_backfilled(&api, &id, 250);

    // Three pages of events, each from after the last one's seq.
    let mut all: Vec<Value> = Vec::new();
    let mut after = String::new();
    let mut pages = 0;
    loop {
        let reply = api.get(&format!(
            "/v1/events?sync_id={id}&collection_id=stripe:customer&after_seq={after}&limit=100"
        ));
        assert_eq!(reply.status, 200, "{}", reply.text);
        let page = reply.json().as_array().unwrap().clone();
        if page.is_empty() {
            assert_eq!(
                next_after(&reply),
                after,
                "an empty page starts where it was"
            );
            break;
        }
        pages += 1;
        after = page.last().unwrap()["seq"].as_str().unwrap().to_string();
        assert_eq!(next_after(&reply), after);
        all.extend(page);
    }
    assert_eq!(pages, 3);
    assert_eq!(all.len(), 250);
    assert!(all.iter().all(|e| e["event"] == "created"));
    let seqs: Vec<i64> = all.iter().map(seq).collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]), "{seqs:?}");
    let upstream: HashSet<&str> = all
        .iter()
        .map(|e| e["upstream_id"].as_str().unwrap())
        .collect();
    assert_eq!(upstream.len(), 250, "no duplicate");
    // Plain numbers work as cursors too, and other filters agree.
    let from_number = api.get(&format!("/v1/events?after_seq={}&limit=1", seqs[99]));
    assert_eq!(from_number.json()[0]["seq"], all[100]["seq"]);
    let by_collection = api.get("/v1/events?collection_id=stripe:customer&limit=1000");
    assert_eq!(by_collection.json().as_array().unwrap().len(), 250);
    let other = api.get("/v1/events?collection_id=stripe:invoice");
    assert_eq!(other.json(), json!([]));

    // The record stream pages the same way, with a cursor in the body.
    let mut records = Vec::new();
    let mut cursor = String::new();
    loop {
        let reply = api.get(&format!(
            "/v1/records?sync_id=choam&after_seq={cursor}&limit=100"
        ));
        assert_eq!(reply.status, 200, "{}", reply.text);
        let body = reply.json();
        let page = body["records"].as_array().unwrap().clone();
        cursor = body["cursor"].as_str().unwrap().to_string();
        assert_eq!(next_after(&reply), cursor);
        if page.is_empty() {
            break;
        }
        assert_eq!(page.last().unwrap()["seq"], body["cursor"]);
        records.extend(page);
    }
    assert_eq!(records.len(), 250);
    assert_eq!(records[0]["upstream_id"], "cus_000001");
    assert_eq!(records[0]["data"]["email"], "customer1@example.com");

    // Nothing new: a short wait answers an empty page.
    let idle = api.get(&format!(
        "/v1/events?sync_id={id}&after_seq={after}&wait_ms=300"
    ));
    assert_eq!(idle.json(), json!([]));
    // Something there: a long wait answers at once.
    let started = Instant::now();
    let ready = api.get(&format!("/v1/events?sync_id={id}&limit=1&wait_ms=60000"));
    assert_eq!(ready.json().as_array().unwrap().len(), 1);
    assert!(started.elapsed() < Duration::from_secs(25));

    // A long poll returns when a change lands, long before its wait is over.
    let waiting = {
        let url = api.url(&format!(
            "/v1/events?sync_id={id}&after_seq={after}&wait_ms=60000"
        ));
        let key = api.key.clone();
        std::thread::spawn(move || {
            let client = reqwest::blocking::Client::builder()
                .timeout(Duration::from_secs(120))
                .build()
                .unwrap();
            let started = Instant::now();
            let reply = client.get(url).header("X-API-Key", key).send().unwrap();
            let body: Value = serde_json::from_str(&reply.text().unwrap()).unwrap();
            (started.elapsed(), body)
        })
    };
    std::thread::sleep(Duration::from_millis(300));
    up.with(|s| {
        let mut seven = customer(7, 300);
        seven["email"] = json!("seven@example.com");
        s.put("/v1/customers", seven);
    });
    let (waited, body) = waiting.join().unwrap();
    assert!(
        waited < Duration::from_secs(45),
        "answered at the change, not at the end of the wait ({waited:?})"
    );
    let changes = body.as_array().unwrap();
    assert_eq!(changes.len(), 1, "{body}");
    assert_eq!(changes[0]["event"], "updated");
    assert_eq!(changes[0]["upstream_id"], "cus_000007");
    assert_eq!(changes[0]["data"]["email"], "seven@example.com");
    // The record moved to the end of the record stream.
    let moved = api.get(&format!("/v1/records?sync_id={id}&after_seq={cursor}"));
    let moved = moved.json();
    assert_eq!(moved["records"].as_array().unwrap().len(), 1);
    assert_eq!(moved["records"][0]["upstream_id"], "cus_000007");
    assert_eq!(moved["records"][0]["seq"], changes[0]["seq"]);

    // The sync's state is in /metrics.
    let metrics = Api::send(api.anonymous("GET", "/metrics")).text;
    let series = format!(
        "anticip_sync_records{{sync_id=\"{id}\",sync=\"choam\",collection=\"stripe:customer\"}} 250"
    );
    assert!(metrics.lines().any(|l| l == series), "{metrics}");
    drop(serve);
}

#[test]
fn delete_takes_the_stream_and_frees_the_credential() {
    let up = stripe_with(3);
    let a = Anticip::new();
    let (_serve, api) = a.serve_api();
    let credential = api.post(
        "/v1/credentials",
        &json!({"kind": "stripe_key", "name": "prod", "secret": SECRET}),
    );
    assert_eq!(credential.status, 201, "{}", credential.text);
    let credential_id = credential.json()["id"].as_str().unwrap().to_string();
    let reply = api.post(
        "/v1/syncs",
        &json!({"provider": "stripe", "name": "gone soon", "collection_ids": ["stripe:customer"],
                "credential_id": "prod", "base_url": up.url()}),
    );
    assert_eq!(reply.status, 201, "{}", reply.text);
    let sync = reply.json();
    assert_eq!(sync["credential_id"], credential_id.as_str());
    assert_eq!(
        sync["rate_limit"],
        json!({"allowed_requests": 25, "interval": 1, "max_concurrent_requests": 0}),
        "Stripe's default"
    );
    let id = sync["id"].as_str().unwrap().to_string();
    wait_backfilled(&api, &id, 3);
    let listed = api.get("/v1/syncs").json();
    assert_eq!(listed["data"].as_array().unwrap().len(), 1);
    assert_eq!(listed["data"][0]["id"], id.as_str());

    // In use: the credential stays, and the reply says by what.
    let refused = api.delete("/v1/credentials/prod");
    assert_eq!(refused.status, 409, "{}", refused.text);
    assert_eq!(refused.error().0, "conflict");
    assert!(
        refused.json()["message"]
            .as_str()
            .unwrap()
            .contains("gone soon")
    );

    let deleted = api.delete(&format!("/v1/syncs/{id}"));
    assert_eq!(deleted.status, 200, "{}", deleted.text);
    assert_eq!(
        deleted.json(),
        json!({"id": id, "name": "gone soon", "deleted": true})
    );
    for path in [
        format!("/v1/syncs/{id}"),
        format!("/v1/events?sync_id={id}"),
        format!("/v1/records?sync_id={id}"),
    ] {
        let gone = api.get(&path);
        assert_eq!(gone.status, 404, "{path}: {}", gone.text);
        assert_eq!(gone.error().0, "not_found");
    }
    assert_eq!(
        api.get("/v1/events").json(),
        json!([]),
        "its events went with it"
    );
    assert_eq!(
        a.query::<i64>("SELECT count(*) FROM sync_records"),
        0,
        "and its records"
    );
    assert_eq!(api.delete(&format!("/v1/syncs/{id}")).status, 404);

    let freed = api.delete(&format!("/v1/credentials/{credential_id}"));
    assert_eq!(freed.status, 200, "{}", freed.text);
    assert_eq!(
        freed.json(),
        json!({"id": credential_id, "name": "prod", "deleted": true})
    );
    assert_eq!(api.get("/v1/credentials").json(), json!({"data": []}));
    assert_eq!(api.get("/v1/credentials/prod").status, 404);
}

#[test]
fn secrets_never_come_back() {
    let up = stripe_with(2);
    // The API echoes the key in an error body: the copy shown is redacted.
    up.with(|s| {
        s.inject.push_back(Injected {
            status: 400,
            headers: vec![],
            body: format!(r#"{{"error":{{"message":"Invalid API Key provided: {SECRET}"}}}}"#),
        })
    });
    let a = Anticip::new();
    let (serve, api) = a.serve_api();
    let mut replies = Vec::new();
    let created = api.post(
        "/v1/credentials",
        &json!({"properties": {"kind": "stripe_key", "name": "live", "secret": SECRET}}),
    );
    assert_eq!(created.status, 201, "{}", created.text);
    assert_eq!(created.json()["auth"]["secret_key"], "sk_…p7dc");
    replies.push(created.text);
    for body in [
        json!({"kind": "bearer", "token": SECRET, "provider": "stripe"}),
        json!({"kind": "api_key_header", "header": "X-Key", "value": format!("{SECRET}\n")}),
        json!({"kind": "stripe_oauth2", "access_token": [SECRET]}),
        json!({"kind": "basic", "username": "me", "password": SECRET, "metadata": SECRET}),
    ] {
        let refused = api.post("/v1/credentials", &body);
        assert_eq!(refused.status, 400, "{}", refused.text);
        replies.push(refused.text);
    }
    let sync = create_sync(&api, &up, "leaky");
    let id = sync["id"].as_str().unwrap().to_string();
    replies.push(sync.to_string());
    wait_until("the upstream's error is shown", || {
        sync_state(&api, &id)["collections"][0]["last_error"]["upstream_status"] == 400
    });
    let state = sync_state(&api, &id);
    let body = state["collections"][0]["last_error"]["upstream_body"]
        .as_str()
        .unwrap();
    assert!(
        body.contains("Invalid API Key provided: sk_…p7dc"),
        "{body}"
    );
    for path in [
        "/v1/credentials".to_string(),
        "/v1/credentials/live".to_string(),
        "/v1/credentials/leaky key".to_string(),
        "/v1/syncs".to_string(),
        format!("/v1/syncs/{id}"),
        "/metrics".to_string(),
    ] {
        let reply = api.get(&path);
        assert_eq!(reply.status, 200, "{path}: {}", reply.text);
        replies.push(reply.text);
    }
    replies.push(api.delete("/v1/credentials/live").text);
    for text in &replies {
        assert!(!text.contains(SECRET), "a secret in a reply: {text}");
        assert!(!text.contains("4eC39HqLyjWD"), "part of a secret: {text}");
    }
    assert!(!serve.log().contains("4eC39HqLyjWD"), "{}", serve.log());
}

#[test]
fn the_change_stream_and_anticipated_ios_events_live_side_by_side() {
    let a = Anticip::new();
    let (_serve, api) = a.serve_api();
    let events = api.get("/v1/event");
    assert_eq!(events.status, 200);
    assert!(events.json()["events"].is_array(), "{}", events.text);
    let changes = api.get("/v1/events");
    assert_eq!(changes.status, 200);
    assert_eq!(changes.json(), json!([]));
    // Both need a key, in either header.
    for path in ["/v1/events", "/v1/records", "/v1/syncs", "/v1/credentials"] {
        let anonymous = Api::send(api.anonymous("GET", path));
        assert_eq!(anonymous.status, 401, "{path}");
        assert_eq!(anonymous.error().0, "unauthorized");
        let bearer = Api::send(
            api.anonymous("GET", path)
                .header("Authorization", format!("Bearer {}", api.key)),
        );
        assert_eq!(bearer.status, 200, "{path}: {}", bearer.text);
    }
}

/// Bad input: 400 naming the field (404 for an unknown sync), nothing stored.
#[test]
fn bad_input_is_refused_naming_the_field_and_nothing_is_stored() {
    let up = stripe_with(1);
    let a = Anticip::new();
    let (serve, api) = a.serve_api();
    let http = api.post(
        "/v1/credentials",
        &json!({"kind": "bearer", "name": "crm", "token": "t0k3n-abcdefghijklmnop"}),
    );
    assert_eq!(http.status, 201, "{}", http.text);
    let existing = create_sync(&api, &up, "existing");
    let existing_id = existing["id"].as_str().unwrap();
    let stripe = |extra: Value| {
        let mut body = json!({"provider": "stripe", "name": "new", "collection_ids": ["stripe:customer"],
                              "credential_id": "existing key"});
        for (k, v) in extra.as_object().unwrap() {
            if v.is_null() {
                body.as_object_mut().unwrap().remove(k);
            } else {
                body[k] = v.clone();
            }
        }
        body
    };
    let inline = json!({"kind": "stripe_oauth2", "access_token": SECRET, "name": "must not stay"});
    let credentials: Vec<(Value, &str)> = vec![
        (json!([]), "body"),
        (json!({}), "kind"),
        (json!({"kind": "magic", "token": "x"}), "kind"),
        (json!({"kind": 7}), "kind"),
        (json!({"kind": "stripe_oauth2"}), "access_token"),
        (json!({"kind": "stripe_key"}), "secret"),
        (
            json!({"kind": "stripe_oauth2", "access_token": 5}),
            "access_token",
        ),
        (
            json!({"kind": "stripe_oauth2", "access_token": "  "}),
            "access_token",
        ),
        (json!({"kind": "bearer"}), "token"),
        (json!({"kind": "basic", "password": "p"}), "username"),
        (json!({"kind": "basic", "username": "u"}), "password"),
        (
            json!({"kind": "api_key_header", "header": "bad header", "value": "v"}),
            "header",
        ),
        (json!({"kind": "api_key_query", "value": "v"}), "param"),
        (
            json!({"kind": "aws_access_key", "access_key_id": "AKIA"}),
            "secret_access_key",
        ),
        (
            json!({"kind": "aws_access_key", "access_key_id": "AKIA", "secret_access_key": "s",
                "endpoint": "ftp://queue"}),
            "endpoint",
        ),
        (
            json!({"kind": "bearer", "token": "t", "provider": "stripe"}),
            "provider",
        ),
        (
            json!({"kind": "bearer", "token": "t", "name": "  "}),
            "name",
        ),
        (
            json!({"kind": "bearer", "token": "t", "metadata": [1]}),
            "metadata",
        ),
        (
            json!({"kind": "bearer", "token": "t", "oauth_app_id": 1}),
            "oauth_app_id",
        ),
        (json!({"kind": "bearer", "properties": "x"}), "properties"),
    ];
    let syncs: Vec<(Value, &str)> = vec![
        (json!("sync"), "body"),
        (json!({"name": "x"}), "provider"),
        (stripe(json!({"provider": "salesforce"})), "provider"),
        (stripe(json!({"name": null})), "name"),
        (stripe(json!({"name": " "})), "name"),
        (
            stripe(json!({"collection_ids": "stripe:customer"})),
            "collection_ids",
        ),
        (stripe(json!({"collection_ids": [1]})), "collection_ids"),
        (stripe(json!({"collection_ids": []})), "collection_ids"),
        (
            stripe(json!({"collection_ids": ["stripe:widget"]})),
            "collection_ids",
        ),
        (
            stripe(json!({"collection_ids": ["stripe:customer", "stripe:customer"]})),
            "collection_ids",
        ),
        (stripe(json!({"credential_id": null})), "credential"),
        (stripe(json!({"credential_id": "nope"})), "credential_id"),
        (stripe(json!({"credential_id": "crm"})), "credential_id"),
        (stripe(json!({"credential": inline})), "credential"),
        (
            stripe(json!({"credential_id": null, "credential": {"kind": "stripe_oauth2"}})),
            "credential.access_token",
        ),
        (
            stripe(json!({"credential_id": null, "credential": {"kind": "bearer", "token": "t"}})),
            "credential.kind",
        ),
        (
            stripe(json!({"credential_id": null, "credential": "sk_x"})),
            "credential",
        ),
        (stripe(json!({"rate_limit": "fast"})), "rate_limit"),
        (
            stripe(json!({"rate_limit": {"allowed_requests": 0, "interval": 60}})),
            "rate_limit.allowed_requests",
        ),
        (
            stripe(json!({"rate_limit": {"allowed_requests": 10001, "interval": 60}})),
            "rate_limit.allowed_requests",
        ),
        (
            stripe(json!({"rate_limit": {"allowed_requests": 10, "interval": 0}})),
            "rate_limit.interval",
        ),
        (
            stripe(json!({"rate_limit": {"allowed_requests": 10, "interval": 90000}})),
            "rate_limit.interval",
        ),
        (
            stripe(json!({"rate_limit": {"allowed_requests": 10}})),
            "rate_limit.interval",
        ),
        (
            stripe(json!({"rate_limit": {"interval": 60}})),
            "rate_limit.allowed_requests",
        ),
        (
            stripe(
                json!({"rate_limit": {"allowed_requests": 10, "interval": 60, "max_concurrent_requests": -1}}),
            ),
            "rate_limit.max_concurrent_requests",
        ),
        (stripe(json!({"base_url": "not a url"})), "base_url"),
        (stripe(json!({"metadata": "x"})), "metadata"),
        (stripe(json!({"every_ms": 10})), "every_ms"),
        (stripe(json!({"every_ms": "30s"})), "every_ms"),
        (stripe(json!({"config": "base_url = 1"})), "config"),
        (
            json!({"provider": "json-server", "name": "js", "collection_ids": ["posts"]}),
            "base_url",
        ),
        (
            json!({"provider": "http", "name": "crm", "credential_id": "crm"}),
            "config",
        ),
        (
            json!({"provider": "http", "name": "crm", "config": "not toml ["}),
            "config",
        ),
    ];
    let mut seen = Vec::new();
    for (path, table) in [("/v1/credentials", credentials), ("/v1/syncs", syncs)] {
        for (body, field) in table {
            let reply = api.post(path, &body);
            assert_eq!(reply.status, 400, "{path} {body}: {}", reply.text);
            let (code, named) = reply.error();
            assert_eq!(code, "invalid_field", "{path} {body}");
            assert_eq!(
                named.as_deref(),
                Some(field),
                "{path} {body}: {}",
                reply.text
            );
            seen.push(reply.text);
        }
    }
    // Not JSON, or not said to be.
    let garbled = Api::send(
        api.request("POST", "/v1/syncs")
            .header("Content-Type", "application/json")
            .body("{"),
    );
    assert_eq!(garbled.status, 400);
    assert_eq!(garbled.error().0, "invalid_json");
    let plain = Api::send(
        api.request("POST", "/v1/credentials")
            .header("Content-Type", "text/plain")
            .body("{}"),
    );
    assert_eq!(plain.status, 415);

    // A name taken: 409, and the inline credential is not kept either.
    let taken = api.post(
        "/v1/syncs",
        &stripe(json!({"name": "existing", "credential_id": null, "credential": inline})),
    );
    assert_eq!(taken.status, 409, "{}", taken.text);
    assert_eq!(taken.error(), ("conflict".into(), Some("name".into())));
    let taken = api.post(
        "/v1/credentials",
        &json!({"kind": "bearer", "name": "crm", "token": "other-token-abcdefghij"}),
    );
    assert_eq!(taken.status, 409);
    assert_eq!(taken.error(), ("conflict".into(), Some("name".into())));

    // The streams' parameters.
    for stream in ["/v1/events", "/v1/records"] {
        for (query, field, status) in [
            ("limit=0", "limit", 400),
            ("limit=1001", "limit", 400),
            ("limit=many", "limit", 400),
            ("after_seq=!!", "after_seq", 400),
            ("after_seq=-1", "after_seq", 400),
            ("after_cursor=x", "after_cursor", 400),
            ("wait_ms=60001", "wait_ms", 400),
            ("wait_ms=-1", "wait_ms", 400),
            ("offset=3", "offset", 400),
            ("sync_id=nope", "sync_id", 404),
            (
                &format!("sync_id={existing_id}&collection_id=stripe:widget"),
                "collection_id",
                400,
            ),
        ] {
            let reply = api.get(&format!("{stream}?{query}"));
            assert_eq!(reply.status, status, "{stream}?{query}: {}", reply.text);
            assert_eq!(reply.error().1.as_deref(), Some(field), "{stream}?{query}");
        }
        // Empty values are no filter, as in the issue's own template.
        let blank = api.get(&format!(
            "{stream}?sync_id=&collection_id=&after_seq=&limit=&wait_ms="
        ));
        assert_eq!(blank.status, 200, "{}", blank.text);
    }

    // Nothing was stored by any of it.
    let syncs = api.get("/v1/syncs").json();
    let names: Vec<&str> = syncs["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["existing"]);
    let credentials = api.get("/v1/credentials").json();
    let names: HashSet<&str> = credentials["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, HashSet::from(["crm", "existing key"]));
    for text in seen {
        assert!(!text.contains(SECRET), "{text}");
    }
    drop(serve);
}
