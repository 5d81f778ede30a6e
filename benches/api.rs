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

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const BIN: &str = env!("CARGO_BIN_EXE_anticip");

fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

/// CPU seconds a process has used so far (user + system).
fn cpu_seconds(pid: &str) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the parenthesised command name; utime and stime are 14 and 15.
    let after = stat.rsplit(')').next().unwrap_or("");
    let fields: Vec<&str> = after.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // SAFETY: sysconf only reads a system constant.
    let per_second = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    (ticks(11) + ticks(12)) / per_second
}

/// What one phase measured.
struct Phase {
    ok: usize,
    failed: usize,
    elapsed: Duration,
    latencies_us: Vec<u32>,
    /// CPU seconds used by serve and by this load generator during the phase.
    server_cpu: f64,
    client_cpu: f64,
}

impl Phase {
    fn report(&mut self, name: &str) {
        self.latencies_us.sort_unstable();
        let pct = |p: f64| {
            let i = ((self.latencies_us.len() as f64 - 1.0) * p).round() as usize;
            self.latencies_us.get(i).copied().unwrap_or(0) as f64 / 1000.0
        };
        println!(
            "{name:<28} {:>9.0} req/s  p50 {:>6.2} ms  p99 {:>6.2} ms  max {:>7.2} ms  ({} ok, {} failed, {:.1}s)",
            self.ok as f64 / self.elapsed.as_secs_f64(),
            pct(0.50),
            pct(0.99),
            pct(1.0),
            self.ok,
            self.failed,
            self.elapsed.as_secs_f64()
        );
        let per_request = |cpu: f64| cpu / self.ok.max(1) as f64 * 1e6;
        println!(
            "{:<28} CPU per request: serve {:.0} µs, load generator {:.0} µs ({:.2} and {:.2} cores)",
            "",
            per_request(self.server_cpu),
            per_request(self.client_cpu),
            self.server_cpu / self.elapsed.as_secs_f64(),
            self.client_cpu / self.elapsed.as_secs_f64(),
        );
    }
}

/// One keep-alive HTTP/1.1 connection, spoken by hand so that the load
/// generator itself costs little next to the server it measures (our server
/// always answers with Content-Length).
struct Connection {
    stream: TcpStream,
    pending: Vec<u8>,
}

impl Connection {
    async fn open(addr: &str) -> std::io::Result<Connection> {
        let stream = TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        Ok(Connection {
            stream,
            pending: Vec::with_capacity(8192),
        })
    }

    /// Send one request; the status and body of its answer.
    async fn call(&mut self, request: &[u8]) -> std::io::Result<(u16, Vec<u8>)> {
        self.stream.write_all(request).await?;
        let mut chunk = [0u8; 8192];
        let head_end = loop {
            if let Some(i) = self.pending.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
            let n = self.stream.read(&mut chunk).await?;
            if n == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            self.pending.extend_from_slice(&chunk[..n]);
        };
        let head = String::from_utf8_lossy(&self.pending[..head_end]).to_ascii_lowercase();
        let status = head.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0);
        let length: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("content-length:"))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0);
        while self.pending.len() < head_end + length {
            let n = self.stream.read(&mut chunk).await?;
            if n == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            self.pending.extend_from_slice(&chunk[..n]);
        }
        let body = self.pending[head_end..head_end + length].to_vec();
        self.pending.drain(..head_end + length);
        Ok((status, body))
    }
}

/// Send requests from `connections` connections until `duration` is over.
/// `request(worker, n)` makes the bytes of a request; an answer with status
/// `expect` counts as done, and `keep` may pick something out of its body.
async fn drive(
    server: &str,
    addr: &str,
    connections: usize,
    duration: Duration,
    expect: u16,
    request: Arc<dyn Fn(usize, u64) -> Vec<u8> + Send + Sync>,
    keep: fn(&[u8]) -> Option<String>,
) -> (Phase, Vec<String>) {
    let stop = Arc::new(AtomicBool::new(false));
    let (server_before, client_before) = (cpu_seconds(server), cpu_seconds("self"));
    let started = Instant::now();
    let tasks: Vec<_> = (0..connections)
        .map(|worker| {
            let (request, stop, addr) = (request.clone(), stop.clone(), addr.to_string());
            tokio::spawn(async move {
                let (mut ok, mut failed, mut latencies, mut kept) = (0, 0, Vec::new(), Vec::new());
                let mut connection = Connection::open(&addr).await.expect("connect to serve");
                let mut n = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    let bytes = request(worker, n);
                    let sent = Instant::now();
                    match connection.call(&bytes).await {
                        Ok((status, body)) if status == expect => {
                            latencies.push(sent.elapsed().as_micros() as u32);
                            ok += 1;
                            kept.extend(keep(&body));
                        }
                        Ok(_) => failed += 1,
                        Err(_) => {
                            failed += 1;
                            connection = Connection::open(&addr).await.expect("reconnect to serve");
                        }
                    }
                    n += 1;
                }
                (ok, failed, latencies, kept)
            })
        })
        .collect();
    tokio::time::sleep(duration).await;
    stop.store(true, Ordering::Relaxed);
    let mut phase = Phase {
        ok: 0,
        failed: 0,
        elapsed: Duration::ZERO,
        latencies_us: Vec::new(),
        server_cpu: 0.0,
        client_cpu: 0.0,
    };
    let mut all_kept = Vec::new();
    for task in tasks {
        let (ok, failed, latencies, kept) = task.await.expect("a worker");
        phase.ok += ok;
        phase.failed += failed;
        phase.latencies_us.extend(latencies);
        all_kept.extend(kept);
    }
    phase.elapsed = started.elapsed();
    phase.server_cpu = cpu_seconds(server) - server_before;
    phase.client_cpu = cpu_seconds("self") - client_before;
    (phase, all_kept)
}

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

    let mut serve = Command::new(BIN)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env("ANTICIP_DB", &db)
        .env("ANTICIP_LOG", "anticip=info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("anticip serve");
    let mut lines = BufReader::new(serve.stderr.take().unwrap()).lines();
    let addr = loop {
        let line = lines
            .next()
            .expect("serve logs where it listens")
            .expect("a log line");
        if let Some(addr) = line.split("listening on ").nth(1) {
            break addr.trim().to_string();
        }
    };
    std::thread::spawn(move || lines.for_each(drop));

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
        drive(&pid, &addr, connections, Duration::from_secs(1), 201, create.clone(), |_| None).await;
        let (mut creates, ids) = drive(
            &pid,
            &addr,
            connections,
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
