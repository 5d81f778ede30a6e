//! Sync benchmark: `cargo bench --bench sync [-- --records N]`
//!
//! A local Stripe-shaped upstream (axum on 127.0.0.1) serves N customers of
//! about 1 KB, 100 a page, and an empty `/v1/events`. The release
//! `anticip serve` backfills them into a temporary store with a change event
//! each; then, with serve stopped, `anticip sync run` times one no-change
//! incremental poll (the events endpoint) and one no-change full re-scan.
//! Reports records/s for the backfill, the poll times, and serve's peak RSS
//! (and its anonymous part, the heap).
//! While serve runs, it also reads the whole change stream back over HTTP
//! (`GET /v1/events`). `ANTICIP_BENCH_KEEP=1` keeps the store and says where.

use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;

mod load;

use load::memory;

const BIN: &str = env!("CARGO_BIN_EXE_anticip");
const PAGE: usize = 100;

fn records_arg() -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == "--records")
        .and_then(|i| args.get(i + 1))
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000)
}

/// Every page, pre-rendered, by the `starting_after` that asks for it.
fn pages(n: usize) -> HashMap<String, String> {
    let mut pages = HashMap::new();
    let mut after = String::new();
    for start in (0..n).step_by(PAGE) {
        let end = (start + PAGE).min(n);
        let data: Vec<serde_json::Value> = (start..end)
            .map(|i| {
                json!({
                    "id": format!("cus_{i:08}"),
                    "object": "customer",
                    "created": 1_700_000_000 + i,
                    "email": format!("customer{i}@example.com"),
                    "name": format!("Customer number {i}"),
                    "currency": "eur",
                    "delinquent": false,
                    "metadata": {"plan": "pro", "notes": "n".repeat(800)},
                })
            })
            .collect();
        let last = data.last().unwrap()["id"].as_str().unwrap().to_string();
        let body =
            json!({"object": "list", "url": "/v1/customers", "has_more": end < n, "data": data});
        pages.insert(after.clone(), body.to_string());
        after = last;
    }
    pages
}

fn upstream(n: usize) -> (String, tokio::runtime::Runtime) {
    let pages = Arc::new(pages(n));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let app = axum::Router::new().fallback(move |uri: axum::http::Uri| {
        let pages = pages.clone();
        async move {
            let url = reqwest::Url::parse(&format!("http://x{uri}")).unwrap();
            let query: HashMap<String, String> = url.query_pairs().into_owned().collect();
            let body = match uri.path() {
                "/v1/events" => {
                    r#"{"object":"list","url":"/v1/events","has_more":false,"data":[]}"#.to_string()
                }
                _ => {
                    let after = query.get("starting_after").cloned().unwrap_or_default();
                    pages
                        .get(&after)
                        .cloned()
                        .unwrap_or_else(|| r#"{"object":"list","has_more":false,"data":[]}"#.into())
                }
            };
            axum::response::Response::builder()
                .header("content-type", "application/json")
                .body(axum::body::Body::from(body))
                .unwrap()
        }
    });
    runtime.spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}"), runtime)
}

fn anticip(db: &std::path::Path, args: &[&str]) -> String {
    let out = Command::new(BIN)
        .env("ANTICIP_DB", db)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "anticip {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn query(db: &std::path::Path, sql: &str) -> i64 {
    let conn = anticip::store::open(db).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return; // `cargo bench -- --list`
    }
    let n = records_arg();
    let (url, _runtime) = upstream(n);
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("anticip.db");
    anticip(
        &db,
        &[
            "credential",
            "add",
            "stripe",
            "--name",
            "bench",
            "--secret",
            "sk_test_benchmark0123456789",
        ],
    );
    anticip(
        &db,
        &[
            "sync",
            "create",
            "--provider",
            "stripe",
            "--credential",
            "bench",
            "--name",
            "bench",
            "--collections",
            "stripe:customer",
            "--base-url",
            &url,
            "--rate-limit",
            "10000/1s",
            "--every",
            "1h",
        ],
    );
    println!("sync benchmark: {n} customers of ~1 KB, {PAGE} a page, from {url}");

    // (a) The backfill, by serve.
    let key = anticip(&db, &["key", "create", "--name", "bench"])
        .trim()
        .to_string();
    let listen = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().to_string()
    };
    let started = Instant::now();
    let mut serve: Child = Command::new(BIN)
        .env("ANTICIP_DB", &db)
        .args(["serve", "-q", "--listen", &listen])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let pid = serve.id();
    let mut peak = 0.0f64;
    // RSS also counts file-backed pages (the binary, any mapping): the heap
    // is RssAnon, sampled for its peak.
    let mut peak_anon = 0.0f64;
    loop {
        std::thread::sleep(Duration::from_millis(100));
        peak = peak.max(memory(pid, "VmHWM:"));
        peak_anon = peak_anon.max(memory(pid, "RssAnon:"));
        let done = query(
            &db,
            "SELECT count(*) FROM sync_collections WHERE phase = 'polling'",
        );
        if done == 1 {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(1800),
            "backfill took over 30 minutes"
        );
    }
    let took = started.elapsed();
    peak = peak.max(memory(pid, "VmHWM:"));
    let records = query(&db, "SELECT count(*) FROM sync_records");
    let events = query(&db, "SELECT count(*) FROM sync_events");
    assert_eq!(records as usize, n);
    assert_eq!(events as usize, n);
    println!(
        "(a) backfill: {n} records and {events} change events in {:.2} s = {:.0} records/s (serve started included)",
        took.as_secs_f64(),
        n as f64 / took.as_secs_f64()
    );
    println!(
        "    serve peak RSS {peak:.1} MiB (its own memory, RssAnon: {peak_anon:.1} MiB at most)"
    );

    // (b) The change stream read back over HTTP, 1,000 events a page.
    let client = reqwest::blocking::Client::new();
    let started = Instant::now();
    let (mut read, mut bytes, mut after) = (0usize, 0usize, String::new());
    loop {
        let page = client
            .get(format!(
                "http://{listen}/v1/events?limit=1000&after_seq={after}"
            ))
            .header("Authorization", format!("Bearer {key}"))
            .send()
            .and_then(|r| r.error_for_status())
            .and_then(|r| r.text())
            .expect("a page of the change stream");
        bytes += page.len();
        let events: Vec<serde_json::Value> = serde_json::from_str(&page).unwrap();
        let Some(last) = events.last() else { break };
        after = last["seq"].as_str().unwrap().to_string();
        read += events.len();
        peak_anon = peak_anon.max(memory(pid, "RssAnon:"));
    }
    assert_eq!(read, n);
    let took = started.elapsed().as_secs_f64();
    println!(
        "(b) GET /v1/events, 1,000 a page: {read} events ({:.0} MiB) in {took:.2} s = {:.0} events/s",
        bytes as f64 / 1048576.0,
        read as f64 / took
    );
    peak = peak.max(memory(pid, "VmHWM:"));
    println!(
        "    serve peak RSS, backfill and reads: {peak:.1} MiB, of which file-backed (RssFile) {:.1} MiB now; own memory (RssAnon) {peak_anon:.1} MiB at most",
        memory(pid, "RssFile:")
    );
    let _ = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status();
    let _ = serve.wait();

    // The backfill's writes may still be on their way to the disk; the next
    // commit's fsync would wait for all of them and be timed as the poll's.
    let started = Instant::now();
    std::fs::File::open(&db).and_then(|f| f.sync_all()).unwrap();
    println!(
        "    flushing the backfill's writes to disk: {:.3} s",
        started.elapsed().as_secs_f64()
    );

    // (c) A no-change incremental poll: one events request, nothing new.
    let started = Instant::now();
    anticip(&db, &["sync", "run", "bench", "-q"]);
    println!(
        "(c) no-change incremental poll (events endpoint), `sync run` end to end: {:.3} s",
        started.elapsed().as_secs_f64()
    );

    // (d) A no-change full re-scan: every page again, every hash compared.
    {
        let conn = anticip::store::open(&db).unwrap();
        conn.execute("UPDATE sync_collections SET watermark = 0", [])
            .unwrap();
    }
    let started = Instant::now();
    anticip(&db, &["sync", "run", "bench", "-q"]);
    let events_after = query(&db, "SELECT count(*) FROM sync_events");
    println!(
        "(d) no-change full re-scan of {n} records, `sync run` end to end: {:.3} s ({} new events)",
        started.elapsed().as_secs_f64(),
        events_after - events
    );
    let db_size = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0)
        + std::fs::metadata(dir.path().join("anticip.db-wal"))
            .map(|m| m.len())
            .unwrap_or(0);
    println!("    store size {:.1} MiB", db_size as f64 / 1048576.0);
    if std::env::var_os("ANTICIP_BENCH_KEEP").is_some() {
        println!("    kept {}", dir.keep().display());
    }
}
