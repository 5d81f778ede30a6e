//! Syncs end to end: the real binary and `serve` against a fake upstream API
//! on 127.0.0.1.

mod common;
mod fake_upstream;

use std::collections::{HashMap, HashSet};
use std::process::Command;
use std::time::Duration;

use common::{Anticip, wait_until};
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

/// A fake Stripe with `n` customers that insists on the secret key.
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

fn stripe_sync(a: &Anticip, up: &Upstream, name: &str, extra: &[&str]) -> String {
    if a.run(&["credential", "get", "prod"]).status.code() != Some(0) {
        a.ok(&[
            "credential",
            "add",
            "stripe",
            "--name",
            "prod",
            "--secret",
            SECRET,
        ]);
    }
    let url = up.url();
    let mut args = vec![
        "sync",
        "create",
        "--provider",
        "stripe",
        "--credential",
        "prod",
        "--name",
        name,
        "--base-url",
        &url,
    ];
    if !extra.contains(&"--collections") {
        args.extend_from_slice(&["--collections", "stripe:customer"]);
    }
    if !extra.contains(&"--every") {
        args.extend_from_slice(&["--every", "1s"]);
    }
    args.extend_from_slice(extra);
    a.ok(&args).trim().to_string()
}

/// Every change event of a sync, from `sync events --json` (NDJSON).
fn events(a: &Anticip, sync: &str) -> Vec<Value> {
    a.ok(&[
        "sync", "events", "--sync", sync, "--limit", "1000000", "--json",
    ])
    .lines()
    .map(|l| serde_json::from_str(l).expect("an NDJSON line"))
    .collect()
}

fn records(a: &Anticip, sync: &str) -> Vec<Value> {
    a.ok(&[
        "sync", "records", "--sync", sync, "--limit", "1000000", "--json",
    ])
    .lines()
    .map(|l| serde_json::from_str(l).expect("an NDJSON line"))
    .collect()
}

fn seq(event: &Value) -> i64 {
    anticip::syncs::decode_seq(event["seq"].as_str().expect("seq is a string")).unwrap()
}

fn status(a: &Anticip, sync: &str) -> Value {
    a.json(&["sync", "get", sync])
}

#[test]
fn stripe_backfill_then_updates_and_deletes_arrive_as_sequin_events() {
    let up = stripe_with(250);
    // Mid-backfill, after the first page: customer 5 (already listed) changes
    // and customer 230 (not listed yet) is deleted.
    up.with(|s| {
        s.after_page = Some(Box::new(|s, path, n| {
            if path == "/v1/customers" && n == 1 {
                let mut five = customer(5, 300);
                five["name"] = json!("Changed during backfill");
                s.put("/v1/customers", five);
                s.remove("/v1/customers", "cus_000230");
            }
        }))
    });
    let a = Anticip::new();
    let id = stripe_sync(&a, &up, "choam", &[]);
    assert_eq!(id.len(), 36, "a uuid: {id}");
    let serve = a.serve(&["--retry-base", "1s"]);

    wait_until("the backfill and the first poll are done", || {
        let e = events(&a, &id);
        e.iter().any(|e| e["event"] == "updated")
    });
    let all = events(&a, &id);
    let created: Vec<&Value> = all.iter().filter(|e| e["event"] == "created").collect();
    assert_eq!(created.len(), 249, "every customer but the deleted one");
    let first = &all[0];
    let keys: Vec<&str> = first
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
    assert_eq!(first["sync_id"], id.as_str());
    assert_eq!(first["collection_id"], "stripe:customer");
    assert_eq!(first["upstream_id"], "cus_000001");
    assert_eq!(first["data"]["email"], "customer1@example.com");
    let seqs: Vec<i64> = all.iter().map(seq).collect();
    assert!(
        seqs.windows(2).all(|w| w[0] < w[1]),
        "seq increases: {seqs:?}"
    );
    let updated: Vec<&Value> = all.iter().filter(|e| e["event"] == "updated").collect();
    assert_eq!(updated.len(), 1);
    assert_eq!(updated[0]["upstream_id"], "cus_000005");
    assert_eq!(updated[0]["data"]["name"], "Changed during backfill");
    assert!(
        !all.iter().any(|e| e["upstream_id"] == "cus_000230"),
        "never listed, so never in the stream"
    );

    assert!(
        all.iter().all(|e| e["upstream_updated_at"].is_string()),
        "versions read from a list carry the answer's time"
    );

    // Changes after the backfill arrive through /v1/events; an event older
    // than the version already read (shown late by the API) changes nothing.
    up.with(|s| {
        let ten_seconds_ago = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs()
            - 10;
        let mut stale = customer(1, 300);
        stale["name"] = json!("Stale");
        s.events.push(json!({
            "id": "evt_late", "object": "event", "created": ten_seconds_ago,
            "type": "customer.updated", "data": {"object": stale},
        }));
        let mut seven = customer(7, 300);
        seven["email"] = json!("new@example.com");
        s.put("/v1/customers", seven);
        s.remove("/v1/customers", "cus_000009");
        s.put("/v1/customers", customer(900, 300));
    });
    wait_until("the changes are polled", || {
        events(&a, &id).iter().any(|e| e["event"] == "deleted")
    });
    wait_until("all three changes are in", || events(&a, &id).len() >= 253);
    std::thread::sleep(Duration::from_millis(2500)); // more polls: nothing new may appear
    let all = events(&a, &id);
    let tail: Vec<(String, String)> = all[250..]
        .iter()
        .map(|e| {
            (
                e["event"].as_str().unwrap().to_string(),
                e["upstream_id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(all.len(), 253, "no duplicate events: {tail:?}");
    let mut tail_sorted = tail.clone();
    tail_sorted.sort();
    assert_eq!(
        tail_sorted,
        [
            ("created".to_string(), "cus_000900".to_string()),
            ("deleted".to_string(), "cus_000009".to_string()),
            ("updated".to_string(), "cus_000007".to_string()),
        ]
    );
    let recs = records(&a, &id);
    assert_eq!(recs.len(), 249);
    let seven = recs
        .iter()
        .find(|r| r["upstream_id"] == "cus_000007")
        .unwrap();
    assert_eq!(seven["data"]["email"], "new@example.com");

    // Every request carried the key as basic auth, lists used Stripe's paging.
    let seen = up.seen();
    assert!(
        seen.iter()
            .all(|r| r.authorization.as_deref() == Some(basic(SECRET).as_str()))
    );
    let pages = up.with(|s| s.requests_to("/v1/customers"));
    assert_eq!(pages[0].query.get("limit").map(String::as_str), Some("100"));
    assert_eq!(pages[0].query.get("starting_after"), None);
    assert_eq!(
        pages[1].query.get("starting_after").map(String::as_str),
        Some("cus_000100")
    );
    let polls = up.with(|s| s.requests_to("/v1/events"));
    assert!(polls.iter().all(|p| p.query.contains_key("created[gte]")));

    let st = status(&a, &id);
    assert_eq!(st["status"], "polling");
    let c = &st["collections"][0];
    assert_eq!(c["state"], "polling");
    assert_eq!(c["records"], 249);
    assert!(c["backfilled_at"].is_string() && c["last_poll_at"].is_string());
    assert!(c["last_error"].is_null());

    // The secret shows up nowhere a person can see.
    for args in [
        vec!["sync", "get", &id],
        vec!["sync", "get", &id, "--json"],
        vec!["sync", "list"],
        vec!["sync", "list", "--json"],
        vec!["sync", "events", "--sync", &id],
        vec!["sync", "records", "--sync", &id, "--json"],
    ] {
        let out = a.run(&args);
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success(), "{args:?}");
        assert!(!text.contains(SECRET), "{args:?} leaked the secret");
    }
    assert!(!serve.log().contains(SECRET), "the log leaked the secret");
}

#[test]
fn kill_9_mid_backfill_resumes_from_the_last_page_without_duplicates() {
    let up = stripe_with(1000);
    up.with(|s| s.slow = Duration::from_millis(250));
    let a = Anticip::new();
    let id = stripe_sync(&a, &up, "resume", &["--every", "1h"]);
    let mut serve = a.serve(&[]);
    wait_until("three pages are committed", || {
        a.query::<i64>("SELECT count(*) FROM sync_records") >= 300
    });
    serve.kill9();
    let committed: i64 = a.query("SELECT count(*) FROM sync_records");
    let requests_before = up.with(|s| s.requests_to("/v1/customers").len());
    let _serve = a.serve(&[]);
    wait_until("the backfill completes", || {
        status(&a, &id)["collections"][0]["phase"] == "polling"
    });
    let all = events(&a, &id);
    assert_eq!(all.len(), 1000, "one created event per customer");
    let ids: HashSet<&str> = all
        .iter()
        .map(|e| e["upstream_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 1000);
    let seqs: Vec<i64> = all.iter().map(seq).collect();
    assert!(seqs.windows(2).all(|w| w[0] < w[1]));
    // Before the kill: pages up to the committed ones, plus at most the one in
    // flight. After: from the last committed page on, so that at most one
    // page was fetched twice.
    let pages = up.with(|s| s.requests_to("/v1/customers"));
    let mut per_cursor: HashMap<Option<String>, usize> = HashMap::new();
    for p in &pages {
        *per_cursor
            .entry(p.query.get("starting_after").cloned())
            .or_default() += 1;
    }
    let twice: Vec<_> = per_cursor.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.len() <= 1, "pages fetched twice: {twice:?}");
    assert_eq!(pages.len(), 10 + twice.len(), "{per_cursor:?}");
    assert!(requests_before as i64 >= committed / 100);
}

#[test]
fn the_rate_limit_holds_across_syncs_of_one_credential() {
    let up = Upstream::start();
    up.with(|s| {
        s.authorization = Some(basic(SECRET));
        for i in 1..=24 {
            s.put("/v1/customers", customer(i, 200));
            let mut product = customer(i, 200);
            product["id"] = json!(format!("prod_{i:04}"));
            product["object"] = json!("product");
            s.put("/v1/products", product);
        }
    });
    let a = Anticip::new();
    a.ok(&[
        "credential",
        "add",
        "stripe",
        "--name",
        "prod",
        "--secret",
        SECRET,
    ]);
    let url = up.url();
    for name in ["one", "two"] {
        a.ok(&[
            "sync",
            "create",
            "--provider",
            "stripe",
            "--credential",
            "prod",
            "--name",
            name,
            "--collections",
            "stripe:customer,stripe:product",
            "--base-url",
            &url,
            "--rate-limit",
            "4/1s",
            "--every",
            "1h",
        ]);
    }
    // Pages of 3: 8 list requests per collection, 32 in all; events polls
    // (every second) page by 3 too. At most 4 requests a second, all told.
    {
        let conn = anticip::store::open(&a.db).unwrap();
        conn.execute(
            "UPDATE syncs SET every_ms = 1000,
               config = json_set(config, '$.collections[0].pagination.limit', 3,
                                         '$.collections[1].pagination.limit', 3,
                                         '$.collections[0].deletes.pagination.limit', 3,
                                         '$.collections[1].deletes.pagination.limit', 3)",
            [],
        )
        .unwrap();
    }
    let _serve = a.serve(&[]);
    wait_until("both syncs are backfilled", || {
        ["one", "two"]
            .iter()
            .all(|s| status(&a, s)["status"] == "polling")
    });
    let lists = up.seen().iter().filter(|r| r.path != "/v1/events").count();
    assert_eq!(lists, 32);
    wait_until("events polls of several pages ran", || {
        up.with(|s| s.requests_to("/v1/events").len()) >= 12
    });
    let mut seen = up.seen();
    seen.sort_by_key(|r| r.started);
    for (i, first) in seen.iter().enumerate() {
        let within = seen[i..]
            .iter()
            .filter(|r| r.started.duration_since(first.started) < Duration::from_secs(1))
            .count();
        assert!(
            within <= 4,
            "{within} requests in the second after request {i}"
        );
    }
}

#[test]
fn retry_after_pauses_every_request_of_the_credential() {
    // Each form of Retry-After, and how long the credential must then stay quiet.
    for form in ["seconds", "date", "zero"] {
        let (value, quiet) = match form {
            "seconds" => ("2".to_string(), Duration::from_millis(1900)),
            // Whole seconds, and serve takes a moment to start: at least 1s left.
            "date" => (
                httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(3)),
                Duration::from_millis(1000),
            ),
            // 0 means no advice: the normal backoff (--retry-base 1s, ±20%).
            _ => ("0".to_string(), Duration::from_millis(750)),
        };
        let up = stripe_with(30);
        up.with(|s| {
            let mut product = customer(1, 200);
            product["id"] = json!("prod_1");
            product["object"] = json!("product");
            s.put("/v1/products", product);
            s.inject.push_back(Injected {
                status: 429,
                headers: vec![("retry-after".into(), value.clone())],
                body: r#"{"error":{"message":"Too many requests"}}"#.into(),
            })
        });
        let a = Anticip::new();
        let id = stripe_sync(
            &a,
            &up,
            "throttled",
            &[
                "--every",
                "1h",
                "--collections",
                "stripe:customer,stripe:product",
            ],
        );
        let _serve = a.serve(&["--retry-base", "1s"]);
        wait_until("the sync shows it is throttled", || {
            let st = status(&a, &id);
            st["collections"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c["state"] == "throttled" && c["last_error"]["upstream_status"] == 429)
        });
        wait_until("the backfill completes after the pause", || {
            status(&a, &id)["status"] == "polling"
        });
        let seen = up.seen();
        let throttled = seen.iter().find(|r| r.status == 429).unwrap().at;
        // Requests already on their way may land; none may start in the pause.
        let too_soon: Vec<Duration> = seen
            .iter()
            .filter(|r| r.started > throttled + Duration::from_millis(150))
            .map(|r| r.started.duration_since(throttled))
            .filter(|gap| *gap < quiet)
            .collect();
        assert!(
            too_soon.is_empty(),
            "Retry-After {value:?}: requests {too_soon:?} after the 429"
        );
        assert_eq!(events(&a, &id).len(), 31);
    }
}

#[test]
fn max_concurrent_bounds_requests_in_flight() {
    let up = Upstream::start();
    up.with(|s| {
        s.slow = Duration::from_millis(200);
        for i in 1..=3 {
            s.put("/v1/customers", customer(i, 100));
            let mut product = customer(i, 100);
            product["id"] = json!(format!("prod_{i}"));
            product["object"] = json!("product");
            s.put("/v1/products", product);
            let mut price = customer(i, 100);
            price["id"] = json!(format!("price_{i}"));
            price["object"] = json!("price");
            s.put("/v1/prices", price);
        }
    });
    let a = Anticip::new();
    stripe_sync(
        &a,
        &up,
        "serial",
        &[
            "--every",
            "1h",
            "--collections",
            "stripe:customer,stripe:product,stripe:price",
            "--max-concurrent",
            "1",
        ],
    );
    a.ok(&["sync", "run", "serial"]);
    let seen = up.seen();
    assert_eq!(seen.len(), 3);
    for (i, a) in seen.iter().enumerate() {
        for b in &seen[i + 1..] {
            let overlap = a.started < b.at && b.started < a.at;
            assert!(!overlap, "two requests in flight at once: {a:?} {b:?}");
        }
    }
}

#[test]
fn server_errors_back_off_and_show_a_redacted_error() {
    let up = stripe_with(5);
    up.with(|s| {
        for _ in 0..2 {
            s.inject.push_back(Injected {
                status: 500,
                headers: vec![],
                body: format!(r#"{{"error":"internal","echo":"{SECRET}"}}"#),
            });
        }
    });
    let a = Anticip::new();
    let id = stripe_sync(&a, &up, "flaky", &["--every", "1h"]);
    let serve = a.serve(&["--retry-base", "1s"]);
    wait_until("the error is visible", || {
        status(&a, &id)["collections"][0]["state"] == "erroring"
    });
    let st = status(&a, &id);
    let error = &st["collections"][0]["last_error"];
    assert_eq!(error["upstream_status"], 500);
    assert!(
        error["message"].as_str().unwrap().contains("HTTP 500"),
        "{error}"
    );
    let body = error["upstream_body"].as_str().unwrap();
    assert!(
        body.contains("sk_…p7dc") && !body.contains(SECRET),
        "{body}"
    );
    let table = a.ok(&["sync", "get", &id]);
    assert!(
        table.contains("erroring") && !table.contains(SECRET),
        "{table}"
    );
    wait_until("it recovers", || {
        status(&a, &id)["collections"][0]["state"] == "polling"
    });
    assert_eq!(events(&a, &id).len(), 5);
    let seen = up.seen();
    assert!(seen[1].at.duration_since(seen[0].at) >= Duration::from_millis(700));
    assert!(!serve.log().contains(SECRET));
}

const CONTACTS_TOML: &str = r#"
base_url = "BASE"

[[collections]]
id = "crm:contact"
path = "/api/contacts"
id_path = "id"
updated_at = { path = "updated_at", format = "rfc3339" }
total = "header:X-Total-Count"
pagination = { style = "link_header", limit_param = "per_page", limit = 10 }
deletes = { strategy = "sweep", max_share = 0.3 }
"#;

fn contact(n: usize) -> Value {
    json!({"id": n, "name": format!("Contact {n}"), "updated_at": "2026-01-01T00:00:00.000Z"})
}

#[test]
fn a_described_api_with_link_paging_and_a_guarded_sweep() {
    let up = Upstream::start();
    up.with(|s| {
        s.authorization = Some("Bearer crm-token-0123456789abcdef".into());
        s.collections
            .insert("/api/contacts".into(), (1..=50).map(contact).collect());
    });
    let a = Anticip::new();
    let config = a.dir.path().join("crm.toml");
    std::fs::write(&config, CONTACTS_TOML.replace("BASE", &up.url())).unwrap();
    a.ok(&[
        "credential",
        "add",
        "http",
        "--name",
        "crm",
        "--bearer",
        "crm-token-0123456789abcdef",
    ]);
    let id = a
        .ok(&[
            "sync",
            "create",
            "--provider",
            "http",
            "--config",
            config.to_str().unwrap(),
            "--credential",
            "crm",
            "--name",
            "crm",
        ])
        .trim()
        .to_string();
    // `sync run` works without serve: the backfill, in the foreground.
    let run = a.json(&["sync", "run", "crm"]);
    assert_eq!(run["collections"][0]["records"], 50);
    assert_eq!(run["collections"][0]["phase"], "polling");
    let pages = up.with(|s| s.requests_to("/api/contacts"));
    assert_eq!(pages.len(), 5, "50 records, 10 a page, following Link");
    assert_eq!(pages[1].query.get("after").map(String::as_str), Some("10"));

    // Five gone and one changed: the next full pass finds both.
    up.with(|s| {
        let list = s.collections.get_mut("/api/contacts").unwrap();
        list.retain(|c| c["id"].as_u64().unwrap() > 5);
        list[0]["name"] = json!("Renamed");
    });
    a.ok(&["sync", "run", "crm"]);
    let all = events(&a, &id);
    let kinds: Vec<(&str, &str)> = all[50..]
        .iter()
        .map(|e| {
            (
                e["event"].as_str().unwrap(),
                e["upstream_id"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("updated", "6"),
            ("deleted", "1"),
            ("deleted", "2"),
            ("deleted", "3"),
            ("deleted", "4"),
            ("deleted", "5")
        ]
    );
    assert_eq!(
        all[51]["data"]["name"], "Contact 1",
        "the last known version"
    );

    // Thirty of the forty-five gone at once looks like an API hiccup: refused.
    up.with(|s| {
        let list = s.collections.get_mut("/api/contacts").unwrap();
        list.truncate(15);
    });
    a.ok(&["sync", "run", "crm"]);
    assert_eq!(events(&a, &id).len(), all.len(), "nothing deleted");
    assert_eq!(records(&a, &id).len(), 45);
    let st = status(&a, &id);
    let message = st["collections"][0]["last_error"]["message"]
        .as_str()
        .unwrap();
    assert!(message.contains("sweep refused: 30 of 45"), "{message}");
}

#[test]
fn bad_sync_input_exits_2_and_stores_nothing() {
    let a = Anticip::new();
    a.ok(&[
        "credential",
        "add",
        "stripe",
        "--name",
        "prod",
        "--secret",
        SECRET,
    ]);
    a.ok(&[
        "credential",
        "add",
        "aws",
        "--name",
        "aws",
        "--access-key-id",
        "AKIAIOSFODNN7EXAMPLE",
        "--secret-access-key",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    ]);
    let dir = tempfile::tempdir().unwrap();
    let bad_toml = dir.path().join("bad.toml");
    std::fs::write(
        &bad_toml,
        "base_url = \"http://x\"\n[[collections]]\nid = \"a\"\npath = \"a\"",
    )
    .unwrap();
    let bad = bad_toml.to_str().unwrap();
    let stripe = [
        "sync",
        "create",
        "--provider",
        "stripe",
        "--name",
        "s",
        "--credential",
        "prod",
    ];
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            [&stripe[..], &["--collections", "stripe:charge"]].concat(),
            "--collections: unknown collection \"stripe:charge\"; use any of stripe:customer",
        ),
        (
            stripe.to_vec(),
            "--collections: name the collections to sync",
        ),
        (
            [
                &stripe[..],
                &["--collections", "stripe:customer", "--rate-limit", "100"],
            ]
            .concat(),
            "\"100\" is not a rate limit; write N/INTERVAL",
        ),
        (
            [
                &stripe[..],
                &["--collections", "stripe:customer", "--rate-limit", "0/1s"],
            ]
            .concat(),
            "0 requests is out of range",
        ),
        (
            [
                &stripe[..],
                &["--collections", "stripe:customer", "--every", "0s"],
            ]
            .concat(),
            "--every: 0s is out of range",
        ),
        (
            [
                &stripe[..],
                &["--collections", "stripe:customer", "--base-url", "ftp://x"],
            ]
            .concat(),
            "--base-url: \"ftp://x\" is not an http:// or https:// URL",
        ),
        (
            [
                &stripe[..],
                &["--collections", "stripe:customer", "--metadata", "[1]"],
            ]
            .concat(),
            "--metadata: must be a JSON object",
        ),
        (
            vec![
                "sync",
                "create",
                "--provider",
                "stripe",
                "--name",
                "s",
                "--collections",
                "stripe:customer",
            ],
            "--credential: is required for stripe",
        ),
        (
            vec![
                "sync",
                "create",
                "--provider",
                "stripe",
                "--name",
                "s",
                "--collections",
                "stripe:customer",
                "--credential",
                "nope",
            ],
            "--credential: no credential with id or name \"nope\"",
        ),
        (
            vec![
                "sync",
                "create",
                "--provider",
                "stripe",
                "--name",
                "s",
                "--collections",
                "stripe:customer",
                "--credential",
                "aws",
            ],
            "a stripe sync needs a Stripe secret key",
        ),
        (
            vec!["sync", "create", "--provider", "http", "--name", "h"],
            "--config: is required for --provider http",
        ),
        (
            vec![
                "sync",
                "create",
                "--provider",
                "http",
                "--name",
                "h",
                "--config",
                bad,
            ],
            "--config: collection \"a\": path \"a\" must start with /",
        ),
        (
            vec![
                "sync",
                "create",
                "--provider",
                "http",
                "--name",
                "h",
                "--config",
                "/nonexistent.toml",
            ],
            "--config: cannot read /nonexistent.toml",
        ),
        (
            vec![
                "sync",
                "create",
                "--provider",
                "json-server",
                "--name",
                "j",
                "--collections",
                "posts",
            ],
            "--base-url: is required for json-server",
        ),
        (
            vec!["sync", "create", "--provider", "ftp", "--name", "j"],
            "invalid value 'ftp' for '--provider <PROVIDER>'",
        ),
        (
            vec!["sync", "events", "--sync", "x", "--after", "later"],
            "\"later\" is not a seq",
        ),
    ];
    for (args, expected) in cases {
        let out = a.run(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
    assert_eq!(a.query::<i64>("SELECT count(*) FROM syncs"), 0);
    assert_eq!(a.query::<i64>("SELECT count(*) FROM jobs"), 0);
    let missing = a.run(&["sync", "get", "nope"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no sync with id or name \"nope\""));
}

#[test]
fn a_credential_in_use_cannot_be_deleted_and_a_deleted_sync_leaves_nothing() {
    let up = stripe_with(3);
    let a = Anticip::new();
    let id = stripe_sync(&a, &up, "keeper", &["--every", "1h"]);
    let out = a.run(&["credential", "delete", "prod"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("is used by sync \"keeper\""), "{stderr}");
    a.ok(&["sync", "run", &id]);
    assert_eq!(records(&a, &id).len(), 3);
    let paused = a.json(&["sync", "pause", "keeper"]);
    assert_eq!(paused["status"], "paused");
    assert_eq!(a.query::<i64>("SELECT count(*) FROM jobs"), 0);
    let resumed = a.json(&["sync", "resume", "keeper"]);
    assert_eq!(resumed["status"], "polling");
    assert_eq!(a.query::<i64>("SELECT count(*) FROM jobs"), 1);
    a.ok(&["sync", "delete", "keeper"]);
    for table in [
        "syncs",
        "sync_collections",
        "sync_records",
        "sync_events",
        "jobs",
    ] {
        assert_eq!(
            a.query::<i64>(&format!("SELECT count(*) FROM {table}")),
            0,
            "{table}"
        );
    }
    a.ok(&["credential", "delete", "prod"]);
}

const CHANGES_TOML: &str = r#"
base_url = "BASE"

[[collections]]
id = "crm:contact"
path = "/api/contacts"
updated_at = { path = "updated_at" }
pagination = { style = "link_header", limit_param = "per_page", limit = 10 }
incremental = { param = "updated_since", format = "rfc3339", lag = "5s" }
deletes = { strategy = "tombstone", path = "archived" }
"#;

#[test]
fn incremental_polls_ask_from_the_last_poll_minus_the_lag_and_tombstones_delete() {
    let up = Upstream::start();
    let stamp = |ms: i64| anticip::time::rfc3339_ms(ms);
    let long_ago = stamp(anticip::time::now_ms() - 3_600_000);
    up.with(|s| {
        let contacts = (1..=25)
            .map(|n| json!({"id": n, "name": format!("Contact {n}"), "updated_at": long_ago, "archived": false}))
            .collect();
        s.collections.insert("/api/contacts".into(), contacts);
    });
    let a = Anticip::new();
    let config = a.dir.path().join("crm.toml");
    std::fs::write(&config, CHANGES_TOML.replace("BASE", &up.url())).unwrap();
    let id = a
        .ok(&[
            "sync",
            "create",
            "--provider",
            "http",
            "--config",
            config.to_str().unwrap(),
            "--name",
            "crm",
        ])
        .trim()
        .to_string();
    let before = anticip::time::now_ms();
    a.ok(&["sync", "run", "crm"]);
    assert_eq!(events(&a, &id).len(), 25);
    let first = up.with(|s| s.requests_to("/api/contacts"));
    assert!(
        first.iter().all(|r| !r.query.contains_key("updated_since")),
        "the backfill lists everything"
    );

    let now = stamp(anticip::time::now_ms());
    up.with(|s| {
        let list = s.collections.get_mut("/api/contacts").unwrap();
        list[2]["name"] = json!("Three, renamed");
        list[2]["updated_at"] = json!(now);
        list[3]["archived"] = json!(true);
        list[3]["updated_at"] = json!(now);
    });
    a.ok(&["sync", "run", "crm"]);
    let polls = up.with(|s| s.requests_to("/api/contacts"));
    let poll = &polls[first.len()];
    let since = poll
        .query
        .get("updated_since")
        .expect("an incremental poll");
    let since_ms = chrono::DateTime::parse_from_rfc3339(since)
        .unwrap()
        .timestamp_millis();
    assert!(
        since_ms <= before - 5000 + 2000 && since_ms >= before - 5000 - 60_000,
        "asked from the backfill's start minus the 5s lag: {since}"
    );
    assert_eq!(
        polls.len(),
        first.len() + 1,
        "two changed records: one page"
    );
    let all = events(&a, &id);
    let tail: Vec<(&str, &str)> = all[25..]
        .iter()
        .map(|e| {
            (
                e["event"].as_str().unwrap(),
                e["upstream_id"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(tail, [("updated", "3"), ("deleted", "4")]);
    assert_eq!(all[25]["upstream_updated_at"], json!(now));
    assert_eq!(records(&a, &id).len(), 24);

    // The same two again (within the lag window): nothing new.
    a.ok(&["sync", "run", "crm"]);
    assert_eq!(events(&a, &id).len(), 27);
}

#[test]
fn the_json_server_preset_pages_counts_and_sweeps() {
    let up = Upstream::start();
    up.with(|s| {
        s.collections.insert(
            "/js/posts".into(),
            (1..=230)
                .map(|n| json!({"id": n, "title": format!("Post {n}")}))
                .collect(),
        );
    });
    let a = Anticip::new();
    let base = format!("{}/js", up.url());
    let id = a
        .ok(&[
            "sync",
            "create",
            "--provider",
            "json-server",
            "--base-url",
            &base,
            "--collections",
            "posts",
            "--name",
            "blog",
        ])
        .trim()
        .to_string();
    let done = a.json(&["sync", "run", "blog"]);
    assert_eq!(done["collections"][0]["records"], 230);
    assert_eq!(done["collections"][0]["progress"]["estimated_total"], 230);
    let pages: Vec<String> = up.with(|s| {
        s.requests_to("/js/posts")
            .iter()
            .map(|r| format!("{}/{}", r.query["_page"], r.query["_limit"]))
            .collect()
    });
    assert_eq!(
        pages,
        ["1/100", "2/100", "3/100", "4/100"],
        "until an empty page"
    );
    up.with(|s| {
        s.collections
            .get_mut("/js/posts")
            .unwrap()
            .retain(|p| p["id"] != 17)
    });
    a.ok(&["sync", "run", "blog"]);
    let all = events(&a, &id);
    assert_eq!(all.len(), 231);
    assert_eq!(
        (all[230]["event"].as_str(), all[230]["upstream_id"].as_str()),
        (Some("deleted"), Some("17"))
    );
}

#[test]
fn an_api_key_in_the_query_never_shows() {
    const KEY: &str = "qk_live_0123456789abcdefXYZ";
    let up = Upstream::start();
    up.with(|s| {
        s.collections
            .insert("/api/contacts".into(), (1..=3).map(contact).collect());
        s.inject.push_back(Injected {
            status: 500,
            headers: vec![],
            body: format!("bad key {KEY}"),
        });
    });
    let a = Anticip::new();
    let config = a.dir.path().join("crm.toml");
    std::fs::write(&config, CONTACTS_TOML.replace("BASE", &up.url())).unwrap();
    a.ok(&[
        "credential",
        "add",
        "http",
        "--name",
        "q",
        "--query",
        &format!("api_key={KEY}"),
    ]);
    let id = a
        .ok(&[
            "sync",
            "create",
            "--provider",
            "http",
            "--config",
            config.to_str().unwrap(),
            "--credential",
            "q",
            "--name",
            "q",
        ])
        .trim()
        .to_string();
    let serve = a.serve(&["--retry-base", "1s"]);
    wait_until("the error shows", || {
        status(&a, &id)["collections"][0]["state"] == "erroring"
    });
    let st = a.ok(&["sync", "get", &id, "--json"]);
    assert!(!st.contains(KEY), "{st}");
    assert!(st.contains("api_key=****") || st.contains("qk_…"), "{st}");
    wait_until("it recovers", || records(&a, &id).len() == 3);
    assert_eq!(
        up.seen()[1].query.get("api_key").map(String::as_str),
        Some(KEY)
    );
    assert!(!serve.log().contains(KEY), "{}", serve.log());
}

#[test]
fn events_follow_streams_new_changes_as_ndjson() {
    use std::io::{BufRead, BufReader};
    let up = stripe_with(2);
    let a = Anticip::new();
    let id = stripe_sync(&a, &up, "follow", &["--every", "1h"]);
    let mut follow = a
        .command()
        .args(["sync", "events", "--sync", &id, "--follow", "--json"])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(follow.stdout.take().unwrap()).lines();
    a.ok(&["sync", "run", &id]);
    let first: Value = serde_json::from_str(&lines.next().unwrap().unwrap()).unwrap();
    let second: Value = serde_json::from_str(&lines.next().unwrap().unwrap()).unwrap();
    assert_eq!(
        (
            first["upstream_id"].as_str(),
            second["upstream_id"].as_str()
        ),
        (Some("cus_000001"), Some("cus_000002"))
    );
    up.with(|s| s.put("/v1/customers", customer(3, 300)));
    a.ok(&["sync", "run", &id]);
    let third: Value = serde_json::from_str(&lines.next().unwrap().unwrap()).unwrap();
    assert_eq!(third["upstream_id"], "cus_000003");
    assert_eq!(third["event"], "created");
    assert!(seq(&third) > seq(&second));
    follow.kill().unwrap();
    follow.wait().unwrap();
    // --after picks up after a seq, in Sequin's form or as a number.
    let after = a.ok(&[
        "sync",
        "events",
        "--sync",
        &id,
        "--after",
        second["seq"].as_str().unwrap(),
        "--json",
    ]);
    assert_eq!(after.lines().count(), 1);
    let after = a.ok(&[
        "sync",
        "events",
        "--sync",
        &id,
        "--after",
        &seq(&first).to_string(),
        "--json",
    ]);
    assert_eq!(after.lines().count(), 2);
}

#[test]
fn sync_run_shows_progress_on_a_terminal_only() {
    let up = stripe_with(400);
    up.with(|s| s.slow = Duration::from_millis(300));
    let a = Anticip::new();
    stripe_sync(&a, &up, "bar", &["--every", "1h"]);
    // Without a terminal: no bar, a summary on stderr.
    let plain = a.run(&["sync", "run", "bar"]);
    assert!(plain.status.success());
    let stderr = String::from_utf8_lossy(&plain.stderr);
    assert!(!stderr.contains("page 1"), "{stderr}");
    assert!(
        stderr.contains("stripe:customer: 400 records, polling"),
        "{stderr}"
    );

    // On a terminal (script(1) gives it one): a live line per collection.
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("SKIPPED: script(1) is not installed; cannot fake a terminal");
        return;
    }
    up.with(|s| {
        s.put("/v1/customers", customer(401, 300));
    });
    {
        // A full re-scan: 5 pages again.
        let conn = anticip::store::open(&a.db).unwrap();
        conn.execute("UPDATE sync_collections SET watermark = 0", [])
            .unwrap();
    }
    let out = Command::new("script")
        .args([
            "-qfec",
            &format!("{} sync run bar", common::BIN),
            "/dev/null",
        ])
        .env("ANTICIP_DB", &a.db)
        .output()
        .unwrap();
    let screen = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{screen}");
    assert!(screen.contains("stripe:customer"), "{screen}");
    assert!(
        screen.contains("records") && screen.contains("page "),
        "{screen}"
    );
}
