//! Load generator for the HTTP API: `cargo bench --bench api`.
//!
//! Starts a real `anticip serve` (release build) on a temporary database and 127.0.0.1:0,
//! then drives it from CONNECTIONS keep-alive connections: first
//! authenticated `POST /v1/event` creates (each acknowledged only after its
//! SQLite commit), then `GET /v1/event/{id}` of the events it made. Prints
//! requests per second and latency percentiles per phase, and the machine's
//! load average, since other work on the machine skews the numbers.
//!
//! Settings (environment): ANTICIP_BENCH_SECONDS (per phase, default 10),
//! ANTICIP_BENCH_CONNECTIONS (default 64). Requests go to 127.0.0.1 only and
//! stop when the phase's time is up.

mod load;

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use load::{drive, load_average, setting};

const BIN: &str = env!("CARGO_BIN_EXE_anticip");

/// The event id in a create's answer: it follows `"event":{"id":"`.
fn event_id(body: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?;
    let id = text.split(r#""event":{"id":""#).nth(1)?.get(..22)?;
    Some(id.to_string())
}

fn main() {
    // `cargo bench` passes --bench (`cargo test --benches` does not: it only
    // checks that this builds); a filter argument other than "api" skips us.
    let args: Vec<String> = std::env::args().skip(1).collect();
    if !args.iter().any(|a| a == "--bench")
        || args.iter().any(|a| !a.starts_with('-') && a != "api")
    {
        return;
    }
    let seconds = setting("ANTICIP_BENCH_SECONDS", 10);
    let connections = setting("ANTICIP_BENCH_CONNECTIONS", 64) as usize;
    let dir = tempfile::tempdir().expect("a temp dir");
    let db = dir.path().join("bench.db");

    let key = Command::new(BIN)
        .args(["key", "create", "--name", "bench"])
        .env("ANTICIP_DB", &db)
        .stderr(Stdio::null())
        .output()
        .expect("anticip key create");
    let key = String::from_utf8(key.stdout).unwrap().trim().to_string();

    let (mut serve, addr) = load::serve_listening(&db);

    println!(
        "anticip API benchmark: {connections} connections, {seconds}s per phase, serve at {addr}, \
         {} cores, load average before: {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        load_average()
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let pid = serve.id().to_string();
    runtime.block_on(async {
        let create = {
            let (addr, key) = (addr.clone(), key.clone());
            Arc::new(move |worker: usize, n: u64| {
                let body = format!(
                    r#"{{"type":"json","when":"in 1 hour","details":{{"url":"http://127.0.0.1:9/bench","method":"post","document":{{"worker":{worker},"n":{n},"customer":"MJvrmWjJ3zZe7pPWHWta7r"}},"headers":[{{"x-customer":"82345"}}]}}}}"#
                );
                format!(
                    "POST /v1/event HTTP/1.1\r\nHost: {addr}\r\nX-API-Key: {key}\r\n\
                     Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
                    body.len()
                )
                .into_bytes()
            })
        };
        // Warm up connections and caches.
        drive(&pid, &addr, connections, None, Duration::from_secs(1), 201, create.clone(), |_| None).await;
        let (mut creates, ids) = drive(
            &pid,
            &addr,
            connections,
            None,
            Duration::from_secs(seconds),
            201,
            create,
            event_id,
        )
        .await;
        creates.report("POST /v1/event (durable)");

        let get = {
            let (addr, key) = (addr.clone(), key.clone());
            Arc::new(move |worker: usize, n: u64| {
                let id = &ids[(worker as u64 * 7919 + n * 104_729) as usize % ids.len()];
                format!("GET /v1/event/{id} HTTP/1.1\r\nHost: {addr}\r\nX-API-Key: {key}\r\n\r\n")
                    .into_bytes()
            })
        };
        let (mut gets, _) = drive(
            &pid,
            &addr,
            connections,
            None,
            Duration::from_secs(seconds),
            200,
            get,
            |_| None,
        )
        .await;
        gets.report("GET /v1/event/{id}");
    });
    println!("load average after: {}", load_average());

    let _ = Command::new("kill")
        .args(["-TERM", &serve.id().to_string()])
        .status();
    let _ = serve.wait();
    // Every acknowledged create is in the file.
    let conn = anticip::store::open(&db).expect("open the benchmark database");
    let stored: i64 = conn
        .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
        .unwrap();
    println!("events in the database after the run: {stored}");
}
