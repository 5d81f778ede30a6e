//! In-process counters and histograms, one set per job kind.

use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::Duration;

/// Bucket upper bounds, in seconds.
const BUCKETS: [f64; 16] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0,
];

#[derive(Default)]
pub struct Histogram {
    buckets: [AtomicU64; BUCKETS.len()],
    count: AtomicU64,
    sum_micros: AtomicU64,
}

impl Histogram {
    pub fn observe(&self, value: Duration) {
        let secs = value.as_secs_f64();
        if let Some(i) = BUCKETS.iter().position(|bound| secs <= *bound) {
            self.buckets[i].fetch_add(1, Relaxed);
        }
        self.count.fetch_add(1, Relaxed);
        self.sum_micros.fetch_add(value.as_micros() as u64, Relaxed);
    }

    /// Prometheus text lines for this histogram.
    pub fn render(&self, out: &mut String, name: &str, labels: &str) {
        let mut cumulative = 0;
        for (bound, bucket) in BUCKETS.iter().zip(&self.buckets) {
            cumulative += bucket.load(Relaxed);
            let _ = writeln!(out, "{name}_bucket{{{labels},le=\"{bound}\"}} {cumulative}");
        }
        let count = self.count.load(Relaxed);
        let _ = writeln!(out, "{name}_bucket{{{labels},le=\"+Inf\"}} {count}");
        let sum = self.sum_micros.load(Relaxed) as f64 / 1e6;
        let _ = writeln!(out, "{name}_sum{{{labels}}} {sum}");
        let _ = writeln!(out, "{name}_count{{{labels}}} {count}");
    }
}

/// What the engine observed for one kind of job since `serve` started.
#[derive(Default)]
pub struct KindMetrics {
    /// Attempts that succeeded.
    pub succeeded: AtomicU64,
    /// Attempts that failed and will be retried.
    pub retried: AtomicU64,
    /// Attempts that failed for good (permanent error or out of attempts).
    pub failed: AtomicU64,
    /// How long attempts took.
    pub duration: Histogram,
    /// How late attempts started after the time they were due.
    pub lateness: Histogram,
}

/// What the store says about the queue, read without scanning it.
pub struct QueueSnapshot {
    /// Per kind: (kind, free jobs waiting for their time, claimed jobs running).
    pub counts: Vec<(String, i64, i64)>,
    /// When the earliest free job is due (ms).
    pub next_due: Option<i64>,
}

/// `# HELP` and `# TYPE` lines of one metric family.
pub fn family(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP {name} {help}");
    let _ = writeln!(out, "# TYPE {name} {kind}");
}

/// The engine's part of `GET /metrics`, in Prometheus text format: attempts by
/// outcome, durations and lateness per kind (since this process started), and
/// the queue as the store holds it (all processes).
pub fn render(out: &mut String, engine: &super::Engine, queue: &QueueSnapshot) {
    let mut kinds: Vec<_> = engine.kind_metrics().collect();
    kinds.sort_by_key(|(name, _)| *name);

    family(
        out,
        "anticip_job_attempts_total",
        "counter",
        "Attempts finished by this process, by kind and outcome (retried: failed, another attempt is scheduled).",
    );
    for (kind, m) in &kinds {
        for (outcome, counter) in [
            ("succeeded", &m.succeeded),
            ("retried", &m.retried),
            ("failed", &m.failed),
        ] {
            let _ = writeln!(
                out,
                "anticip_job_attempts_total{{kind=\"{kind}\",outcome=\"{outcome}\"}} {}",
                counter.load(Relaxed)
            );
        }
    }
    family(
        out,
        "anticip_job_duration_seconds",
        "histogram",
        "How long attempts took.",
    );
    for (kind, m) in &kinds {
        m.duration.render(
            out,
            "anticip_job_duration_seconds",
            &format!("kind=\"{kind}\""),
        );
    }
    family(
        out,
        "anticip_job_lateness_seconds",
        "histogram",
        "How long after their due time attempts started.",
    );
    for (kind, m) in &kinds {
        m.lateness.render(
            out,
            "anticip_job_lateness_seconds",
            &format!("kind=\"{kind}\""),
        );
    }
    family(
        out,
        "anticip_jobs_queued",
        "gauge",
        "Jobs waiting for their due time or a free slot, by kind (all processes).",
    );
    for (kind, waiting, _) in &queue.counts {
        let _ = writeln!(out, "anticip_jobs_queued{{kind=\"{kind}\"}} {waiting}");
    }
    family(
        out,
        "anticip_jobs_running",
        "gauge",
        "Jobs claimed and running, by kind (all processes).",
    );
    for (kind, _, running) in &queue.counts {
        let _ = writeln!(out, "anticip_jobs_running{{kind=\"{kind}\"}} {running}");
    }
    family(
        out,
        "anticip_jobs_in_flight",
        "gauge",
        "Attempts running in this process now.",
    );
    let _ = writeln!(out, "anticip_jobs_in_flight {}", engine.in_flight());
    family(
        out,
        "anticip_jobs_next_due_timestamp_seconds",
        "gauge",
        "When the earliest waiting job is due (unix seconds); absent when none waits.",
    );
    if let Some(at) = queue.next_due {
        let _ = writeln!(
            out,
            "anticip_jobs_next_due_timestamp_seconds {}",
            at as f64 / 1000.0
        );
    }
}
