//! Load generator for Sequence's Remote API: `cargo bench --bench trigger`.
//!
//! Starts a real `anticip serve` (release build) on a temporary database and
//! 127.0.0.1:0, with one remote rule whose action is a fast local receiver
//! (hyper, one thread) and whose rate limit is out of the way. Then, from
//! keep-alive connections, `POST /api/remote-api/rules/{id}/trigger`
//! with the secret and a unique idempotency key each: every 200 is a run
//! claimed, queued and committed. The runs themselves go on meanwhile (one
//! at a time by default, as for any rule), competing for the same cores.
//! One phase per number of connections; each prints accepted triggers/s,
//! latency percentiles and CPU per trigger. Also prints the machine's load
//! average, since other work on the machine skews the numbers.
//!
//! Then one phase at a fixed rate (ANTICIP_BENCH_RATE triggers/s, default
//! 10000; 0 skips it) from the largest number of connections, whose latency
//! counts from when each trigger was due.
//!
//! Settings (environment): ANTICIP_BENCH_SECONDS (per phase, default 10),
//! ANTICIP_BENCH_CONNECTIONS (the phases' connection counts, default 32,64),
//! ANTICIP_BENCH_RUNS_AT_ONCE (the rule's --max-concurrent-runs, default 1);
//! ANTICIP_BENCH_PERF=FILE records a `perf` profile of serve during the
//! measured phases.

mod load;

use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use load::{drive, load_average, setting};

const BIN: &str = env!("CARGO_BIN_EXE_anticip");

/// Trigger requests, each with its own idempotency key `{phase}-{worker}-{n}`.
fn trigger(
    addr: &str,
    id: &str,
    secret: &str,
    phase: String,
) -> Arc<dyn Fn(usize, u64) -> Vec<u8> + Send + Sync> {
    let head = format!(
        "POST /api/remote-api/rules/{id}/trigger HTTP/1.1\r\nHost: {addr}\r\n\
         x-sequence-signature: Bearer {secret}\r\ncontent-type: application/json\r\n\
         content-length: 2\r\n"
    );
    Arc::new(move |worker, n| {
        format!("{head}idempotency-key: {phase}-{worker}-{n}\r\n\r\n{{}}").into_bytes()
    })
}

fn main() {
    // `cargo bench` passes --bench (`cargo test --benches` does not: it only
    // checks that this builds); a filter argument other than "trigger" skips us.
    let args: Vec<String> = std::env::args().skip(1).collect();
    if !args.iter().any(|a| a == "--bench")
        || args.iter().any(|a| !a.starts_with('-') && a != "trigger")
    {
        return;
    }
    let seconds = setting("ANTICIP_BENCH_SECONDS", 10);
    // A closed loop: each connection waits for its answer before sending
    // again, so the mean latency is connections / throughput (Little's law).
    // One phase per count shows the trade between the two.
    let counts: Vec<usize> = std::env::var("ANTICIP_BENCH_CONNECTIONS")
        .unwrap_or_else(|_| "32,64".into())
        .split(',')
        .map(|c| {
            c.trim()
                .parse()
                .expect("ANTICIP_BENCH_CONNECTIONS: counts like 32,64")
        })
        .collect();
    let runs_at_once = setting("ANTICIP_BENCH_RUNS_AT_ONCE", 1);
    let rate = setting("ANTICIP_BENCH_RATE", 10_000);
    let dir = tempfile::tempdir().expect("a temp dir");
    let db = dir.path().join("bench.db");
    let calls = Arc::new(AtomicUsize::new(0));
    let receiver = {
        let calls = calls.clone();
        load::receiver(move |_| {
            calls.fetch_add(1, Ordering::Relaxed);
        })
    };

    let created = Command::new(BIN)
        .args(["rule", "create", "--name", "bench", "--trigger", "remote"])
        .args(["--action-url", &format!("http://{receiver}/transfers")])
        .args(["--amount-cents", "100", "--rate-limit", "1000000000/1s"])
        .args(["--max-concurrent-runs", &runs_at_once.to_string(), "--json"])
        .env("ANTICIP_DB", &db)
        .stderr(Stdio::null())
        .output()
        .expect("anticip rule create");
    let rule: serde_json::Value =
        serde_json::from_slice(&created.stdout).expect("rule create --json");
    let id = rule["id"].as_str().expect("an id").to_string();
    let secret = rule["triggerSecret"]
        .as_str()
        .expect("a secret")
        .to_string();

    let (mut serve, addr) = load::serve_listening(&db);
    let wal = load::WalWatch::start(&db);

    println!(
        "anticip remote trigger benchmark: {counts:?} connections, {seconds}s each, serve at {addr}, \
         {runs_at_once} run(s) of the rule at once, {} cores, load average before: {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        load_average()
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let pid = serve.id().to_string();
    let accepted = runtime.block_on(async {
        let warm_up = trigger(&addr, &id, &secret, "warm".into());
        let (warm_up, _) = drive(
            &pid,
            &addr,
            counts[0],
            None,
            Duration::from_secs(1),
            200,
            warm_up,
            |_| None,
        )
        .await;
        let mut ok = warm_up.ok;
        let mut failed = warm_up.failed;
        let profiler = load::profile(&pid);
        let most = counts.iter().copied().max().unwrap_or(64);
        let paced = (rate > 0).then_some((most, Some(rate as f64)));
        for (connections, rate) in counts.iter().map(|&c| (c, None)).chain(paced) {
            let (name, label) = match rate {
                None => (format!("run{connections}"), format!("{connections} conns")),
                Some(rate) => (format!("paced{connections}"), format!("{rate}/s due")),
            };
            let measured = trigger(&addr, &id, &secret, name);
            let writer_before = load::thread_cpu_seconds(serve.id(), "anticip-writer");
            let (mut phase, _) = drive(
                &pid,
                &addr,
                connections,
                rate,
                Duration::from_secs(seconds),
                200,
                measured,
                |_| None,
            )
            .await;
            let writer = load::thread_cpu_seconds(serve.id(), "anticip-writer") - writer_before;
            phase.report(&format!("POST …/trigger, {label}"));
            println!(
                "{:<28} of which the store's writer thread: {:.0} µs",
                "",
                writer * 1e6 / phase.ok.max(1) as f64
            );
            ok += phase.ok;
            failed += phase.failed;
        }
        load::stop_profile(profiler);
        if failed > 0 {
            println!("{:<28} {failed} triggers were not answered 200", "");
        }
        ok
    });
    println!(
        "load average after: {}; action calls made meanwhile: {}; largest WAL: {:.0} MiB",
        load_average(),
        calls.load(Ordering::Relaxed),
        wal.largest_mib()
    );

    let _ = Command::new("kill")
        .args(["-TERM", &serve.id().to_string()])
        .status();
    let _ = serve.wait();
    // Every acknowledged trigger has its run in the file.
    let conn = anticip::store::open(&db).expect("open the benchmark database");
    let runs: i64 = conn
        .query_row("SELECT count(*) FROM rule_runs", [], |r| r.get(0))
        .unwrap();
    println!("triggers answered 200: {accepted}; runs in the database: {runs}");
}
