//! Delivery benchmark: `cargo bench --bench delivery [-- --burst N --bursts R --spread-secs S --pending N]`
//!
//! Runs the release `anticip serve` on a temporary database against a fast
//! local receiver (hyper, one thread) and reports:
//! (a) a burst of N events due at one instant: time from that instant to the
//!     last delivery, deliveries/s, lateness p50/p99/max — next to what wrk
//!     gets against the same receiver in the same run; R times over (the
//!     median says more than one run on a noisy machine);
//! (b) a spread load of 1,000 events/s for S seconds: lateness p50/p99/max;
//! (c) serve's peak RSS, its idle CPU, and its RSS and CPU with N pending events.
//! Each event's URL carries its due time, so the receiver measures lateness
//! without parsing bodies. With ANTICIP_BENCH_PERF=FILE, `perf record`
//! profiles serve during the burst.

use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

mod load;

use load::{cpu_seconds, memory, thread_cpu_seconds};

use anticip::events::{DEFAULT_MAX_ATTEMPTS, DEFAULT_TIMEOUT, Draft, EventType, Method};

const BIN: &str = env!("CARGO_BIN_EXE_anticip");

struct Options {
    burst: usize,
    bursts: usize,
    spread_secs: u64,
    pending: usize,
}

fn options() -> Options {
    let mut o = Options {
        burst: 20_000,
        bursts: 1,
        spread_secs: 30,
        pending: 1_000_000,
    };
    let args: Vec<String> = std::env::args().collect();
    let mut i = 1;
    while i < args.len() {
        let value = || {
            args.get(i + 1)
                .and_then(|v| v.parse::<u64>().ok())
                .expect("a number after the flag")
        };
        match args[i].as_str() {
            "--burst" => o.burst = value() as usize,
            "--bursts" => o.bursts = value() as usize,
            "--spread-secs" => o.spread_secs = value(),
            "--pending" => o.pending = value() as usize,
            _ => {
                i += 1;
                continue;
            }
        }
        i += 2;
    }
    o
}

fn now_us() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_micros() as i64
}

/// Lateness samples (µs) of every request, and a count.
#[derive(Default)]
struct Seen {
    lateness_us: Mutex<Vec<i64>>,
    count: AtomicUsize,
    last_us: Mutex<i64>,
}

impl Seen {
    fn reset(&self) {
        self.lateness_us.lock().unwrap().clear();
        self.count.store(0, Ordering::SeqCst);
    }
}

/// The receiver: `/t/<due ms>` gives the lateness without reading the body.
fn start_receiver(seen: Arc<Seen>) -> SocketAddr {
    load::receiver(move |path| {
        let arrived = now_us();
        if let Some(due) = path.strip_prefix("/t/").and_then(|d| d.parse::<i64>().ok())
            && due > 0
        {
            seen.lateness_us.lock().unwrap().push(arrived - due * 1000);
            *seen.last_us.lock().unwrap() = arrived;
            seen.count.fetch_add(1, Ordering::SeqCst);
        }
    })
}

fn insert(db: &Path, url_base: &str, due_ms: impl Iterator<Item = i64>) {
    let mut conn = anticip::store::open(db).unwrap();
    let now = anticip::time::now_ms();
    let mut tx = conn.transaction().unwrap();
    for (i, due) in due_ms.enumerate() {
        let new = Draft {
            event_type: EventType::Json,
            method: Method::Post,
            url: format!("{url_base}/t/{due}"),
            headers: vec![],
            document: r#"{"customer":"82345"}"#.into(),
            when_at: due,
            timeout: DEFAULT_TIMEOUT,
            max_attempts: DEFAULT_MAX_ATTEMPTS,
            sqs: Default::default(),
        }
        .validate()
        .unwrap();
        anticip::events::store::insert(&tx, &new, now).unwrap();
        if i % 50_000 == 49_999 {
            tx.commit().unwrap();
            tx = conn.transaction().unwrap();
        }
    }
    tx.commit().unwrap();
}

fn serve(db: &Path) -> Child {
    let mut child = Command::new(BIN)
        .args(["serve", "-q"])
        .env("ANTICIP_DB", db)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start serve");
    // Registered in `engines` once it runs.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let conn = rusqlite::Connection::open(db).unwrap();
        let n: i64 = conn
            .query_row("SELECT count(*) FROM engines", [], |r| r.get(0))
            .unwrap_or(0);
        if n > 0 {
            break;
        }
        assert!(Instant::now() < deadline, "serve did not start");
        assert!(child.try_wait().unwrap().is_none(), "serve exited");
        std::thread::sleep(Duration::from_millis(20));
    }
    child
}

fn stop(mut child: Child) {
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    child.wait().unwrap();
}

fn percentile(sorted: &[i64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i] as f64 / 1000.0
}

fn lateness(seen: &Seen) -> String {
    let mut v = seen.lateness_us.lock().unwrap().clone();
    v.sort_unstable();
    format!(
        "lateness p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        percentile(&v, 0.5),
        percentile(&v, 0.99),
        percentile(&v, 1.0)
    )
}

fn wait_count(seen: &Seen, n: usize, limit: Duration) {
    let deadline = Instant::now() + limit;
    while seen.count.load(Ordering::SeqCst) < n {
        assert!(
            Instant::now() < deadline,
            "only {} of {n} arrived",
            seen.count.load(Ordering::SeqCst)
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

fn idle_cpu_percent(pid: u32, over: Duration) -> f64 {
    let before = cpu_seconds(&pid.to_string());
    std::thread::sleep(over);
    (cpu_seconds(&pid.to_string()) - before) / over.as_secs_f64() * 100.0
}

fn wrk(addr: SocketAddr) -> Option<f64> {
    let out = Command::new("wrk")
        .args(["-t2", "-c64", "-d5s", &format!("http://{addr}/")])
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .find(|l| l.starts_with("Requests/sec:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
}

fn main() {
    let o = options();
    let seen = Arc::new(Seen::default());
    let addr = start_receiver(seen.clone());
    let base = format!("http://{addr}");
    let dir = tempfile::tempdir().unwrap();
    println!(
        "anticip delivery benchmark ({} cores)",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );

    let wrk_rps = wrk(addr);
    match wrk_rps {
        Some(rps) => println!("wrk -t2 -c64 against the receiver: {rps:.0} requests/s"),
        None => println!("wrk not found: install it (apt install wrk) to compare"),
    }

    // (a) The burst.
    let db = dir.path().join("burst.db");
    anticip::store::open(&db).unwrap();
    let server = serve(&db);
    let pid = server.id();
    let wal = load::WalWatch::start(&db);
    let profiler = load::profile(&pid.to_string());
    let mut rates = Vec::new();
    for round in 1..=o.bursts {
        seen.reset();
        let due = anticip::time::now_ms() + 2000;
        insert(&db, &base, std::iter::repeat_n(due, o.burst));
        let cpu_before = cpu_seconds(&pid.to_string());
        let writer_before = thread_cpu_seconds(pid, "anticip-writer");
        wait_count(&seen, o.burst, Duration::from_secs(300));
        let cpu = cpu_seconds(&pid.to_string()) - cpu_before;
        let writer = thread_cpu_seconds(pid, "anticip-writer") - writer_before;
        let last = *seen.last_us.lock().unwrap();
        let span = (last - due * 1000) as f64 / 1e6;
        let rate = o.burst as f64 / span;
        rates.push(rate);
        println!(
            "(a) burst of {}{}: last delivery {:.3} s after the due instant, {:.0} deliveries/s{}; {}",
            o.burst,
            if o.bursts > 1 {
                format!(" (#{round})")
            } else {
                String::new()
            },
            span,
            rate,
            wrk_rps.map_or(String::new(), |w| format!(
                " ({:.0} % of wrk)",
                rate / w * 100.0
            )),
            lateness(&seen)
        );
        let per = |seconds: f64| seconds / o.burst as f64 * 1e6;
        println!(
            "    serve used {cpu:.2} CPU-seconds ({:.0} µs per delivery, {:.0} µs of it in the store's writer thread)",
            per(cpu),
            per(writer)
        );
        let recorded = Instant::now();
        loop {
            let conn = rusqlite::Connection::open(&db).unwrap();
            let n: i64 = conn
                .query_row(
                    "SELECT count(*) FROM events WHERE status = 'delivered'",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            if n as usize == o.burst * round {
                break;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        println!(
            "    all recorded as delivered {:.3} s after the last arrival",
            recorded.elapsed().as_secs_f64()
        );
    }
    if o.bursts > 1 {
        rates.sort_by(f64::total_cmp);
        println!(
            "    over {} bursts: median {:.0} deliveries/s, best {:.0}",
            o.bursts,
            rates[rates.len() / 2],
            rates[rates.len() - 1]
        );
    }
    load::stop_profile(profiler);

    // (b) The spread load, on the same serve (`--spread-secs 0` skips it).
    if o.spread_secs > 0 {
        seen.reset();
        let n = (o.spread_secs * 1000) as usize;
        let start = anticip::time::now_ms() + 2000;
        insert(&db, &base, (0..n as i64).map(|i| start + i));
        wait_count(&seen, n, Duration::from_secs(o.spread_secs + 120));
        println!(
            "(b) spread load, 1,000 events/s for {} s: {}",
            o.spread_secs,
            lateness(&seen)
        );
    }

    // (c) Memory and idle CPU.
    std::thread::sleep(Duration::from_secs(1));
    println!(
        "(c) after the loads: peak RSS {:.1} MiB, RSS {:.1} MiB, idle CPU {:.2} % over 10 s; largest WAL {:.0} MiB",
        memory(pid, "VmHWM:"),
        memory(pid, "VmRSS:"),
        idle_cpu_percent(pid, Duration::from_secs(10)),
        wal.largest_mib()
    );
    stop(server);

    if o.pending > 0 {
        let db = dir.path().join("pending.db");
        let far = anticip::time::now_ms() + 86_400_000;
        let clock = Instant::now();
        insert(&db, &base, (0..o.pending as i64).map(|i| far + i));
        println!(
            "    inserted {} pending events in {:.1} s",
            o.pending,
            clock.elapsed().as_secs_f64()
        );
        let server = serve(&db);
        let pid = server.id();
        std::thread::sleep(Duration::from_secs(2));
        let rss_start = memory(pid, "VmRSS:");
        let cpu = idle_cpu_percent(pid, Duration::from_secs(10));
        println!(
            "    with {} pending events: RSS {:.1} MiB at start, {:.1} MiB 10 s later (peak {:.1} MiB), idle CPU {:.2} %",
            o.pending,
            rss_start,
            memory(pid, "VmRSS:"),
            memory(pid, "VmHWM:"),
            cpu
        );
        stop(server);
    }
}
