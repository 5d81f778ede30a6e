//! What the benchmarks share: settings, the load average, a process's CPU time
//! and memory, starting `serve`, a fast local HTTP receiver, `perf` profiles,
//! a minimal keep-alive HTTP/1.1 client and a driver that sends requests from
//! many connections for a while and reports throughput and latency
//! percentiles.
#![allow(dead_code)]

use std::convert::Infallible;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

const BIN: &str = env!("CARGO_BIN_EXE_anticip");

/// From /proc/<pid>/status (`VmRSS:`, `VmHWM:`, `RssAnon:`, …), in MiB.
pub fn memory(pid: u32, field: &str) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

/// `anticip serve` (release build) on `db`, listening on a free port of
/// 127.0.0.1; returns it and the address it logged.
pub fn serve_listening(db: &Path) -> (Child, String) {
    let mut serve = Command::new(BIN)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env("ANTICIP_DB", db)
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
    (serve, addr)
}

/// An HTTP/1.1 server on 127.0.0.1, on one thread of its own, answering 200
/// "ok" to every request after showing its path to `on_request`.
pub fn receiver(on_request: impl Fn(&str) + Send + Sync + 'static) -> SocketAddr {
    let on_request = Arc::new(on_request);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            loop {
                let (stream, _) = listener.accept().await.unwrap();
                stream.set_nodelay(true).unwrap();
                let on_request = on_request.clone();
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(
                        move |request: hyper::Request<hyper::body::Incoming>| {
                            on_request(request.uri().path());
                            async {
                                Ok::<_, Infallible>(hyper::Response::new(
                                    http_body_util::Full::new(hyper::body::Bytes::from_static(
                                        b"ok",
                                    )),
                                ))
                            }
                        },
                    );
                    let io = hyper_util::rt::TokioIo::new(stream);
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(io, service)
                        .await;
                });
            }
        });
    });
    rx.recv().unwrap()
}

/// CPU seconds a process has used so far (user + system).
pub fn cpu_seconds(pid: &str) -> f64 {
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

/// CPU seconds the threads of `pid` named `name` have used so far.
pub fn thread_cpu_seconds(pid: u32, name: &str) -> f64 {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return 0.0;
    };
    tasks
        .flatten()
        .filter(|task| {
            std::fs::read_to_string(task.path().join("comm")).is_ok_and(|comm| comm.trim() == name)
        })
        .map(|task| {
            cpu_seconds(&format!(
                "{pid}/task/{}",
                task.file_name().to_string_lossy()
            ))
        })
        .sum()
}

/// The largest size (MiB) the database's WAL reaches while the returned
/// watcher lives: it should stay bounded however long writes go on.
pub struct WalWatch {
    largest: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
}

impl WalWatch {
    pub fn start(db: &Path) -> WalWatch {
        let wal = db.with_extension("db-wal");
        let watch = WalWatch {
            largest: Arc::default(),
            stop: Arc::default(),
        };
        let (largest, stop) = (watch.largest.clone(), watch.stop.clone());
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                let size = std::fs::metadata(&wal).map_or(0, |m| m.len());
                largest.fetch_max(size, Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(20));
            }
        });
        watch
    }

    pub fn largest_mib(&self) -> f64 {
        self.largest.load(Ordering::Relaxed) as f64 / 1_048_576.0
    }
}

impl Drop for WalWatch {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// What one phase measured.
pub struct Phase {
    pub ok: usize,
    pub failed: usize,
    pub elapsed: Duration,
    pub latencies_us: Vec<u32>,
    /// CPU seconds used by serve and by this load generator during the phase.
    pub server_cpu: f64,
    pub client_cpu: f64,
}

impl Phase {
    pub fn report(&mut self, name: &str) {
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
pub struct Connection {
    stream: TcpStream,
    pending: Vec<u8>,
}

impl Connection {
    pub async fn open(addr: &str) -> std::io::Result<Connection> {
        let stream = TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        Ok(Connection {
            stream,
            pending: Vec::with_capacity(8192),
        })
    }

    /// Send one request; the status and body of its answer.
    pub async fn call(&mut self, request: &[u8]) -> std::io::Result<(u16, Vec<u8>)> {
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
///
/// Without a `rate`, each connection sends again as soon as it has its
/// answer. With one, the connections together send that many requests a
/// second on a fixed schedule, and a request's latency counts from when it
/// was due: a server that falls behind is charged for the wait it causes.
#[allow(clippy::too_many_arguments)]
pub async fn drive(
    server: &str,
    addr: &str,
    connections: usize,
    rate: Option<f64>,
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
                // Each connection's turn, spread evenly over the interval.
                let interval = rate.map(|r| Duration::from_secs_f64(connections as f64 / r));
                let mut due =
                    started + interval.unwrap_or_default() * worker as u32 / connections as u32;
                let mut n = 0u64;
                while !stop.load(Ordering::Relaxed) {
                    let bytes = request(worker, n);
                    let sent = match interval {
                        None => Instant::now(),
                        Some(interval) => {
                            let at = due;
                            due += interval;
                            if at > Instant::now() {
                                // Early: wait, and count from when the (ms-grained) timer woke us.
                                tokio::time::sleep_until(at.into()).await;
                                Instant::now()
                            } else {
                                at
                            }
                        }
                    };
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

/// With ANTICIP_BENCH_PERF=FILE, `perf record` of the process `pid` until the
/// returned child is stopped with [`stop_profile`].
pub fn profile(pid: &str) -> Option<std::process::Child> {
    let out = std::env::var("ANTICIP_BENCH_PERF").ok()?;
    let perf = std::process::Command::new("perf")
        .args(["record", "-F", "1999", "-g", "-o", &out, "-p", pid])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .ok()?;
    std::thread::sleep(Duration::from_millis(500));
    Some(perf)
}

pub fn stop_profile(perf: Option<std::process::Child>) {
    if let Some(mut perf) = perf {
        // SAFETY: signals a child of ours that has not been reaped.
        unsafe { libc::kill(perf.id() as i32, libc::SIGINT) };
        let _ = perf.wait();
    }
}
