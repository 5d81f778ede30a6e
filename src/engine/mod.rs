//! The engine: the one place where due work is claimed and run.
//!
//! Every kind of work is a row in `jobs` with a due time, an attempt count and
//! a lease. The loop claims due rows atomically, runs them concurrently under
//! a bound, and records each outcome through the store's group commit. It
//! sleeps until the next due time or until it is woken: by [`Engine::hint`]
//! from this process, or by the file watcher when another process writes.
//! Retries, backoff, leases and crash recovery live here once; a domain only
//! says how to load, run and record its work ([`JobKind`], [`Work`]).

pub mod backoff;
pub mod jobs;
pub mod metrics;
mod watch;

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering::SeqCst};
use std::time::{Duration, Instant};

use rusqlite::Connection;
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore, mpsc};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

pub use backoff::Backoff;
pub use jobs::{Job, Next};
use metrics::KindMetrics;

use crate::store::Db;
use crate::time::now_ms;

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// How an attempt went, as the domain sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Succeeded,
    /// A transient failure: try again (sooner if the other side said when).
    Retry {
        error: String,
        retry_after: Option<Duration>,
    },
    /// A permanent failure: do not try again.
    Fail {
        error: String,
    },
    /// This step is done and more remains: run again at `at` (ms). Not a
    /// failure: the attempt count starts over. Long work made of small steps
    /// (a sync's pages and polls) uses it to checkpoint after every step.
    Continue {
        at: i64,
    },
}

/// An attempt and what the engine decided after it, for the domain to record.
pub struct Finished<'a> {
    pub outcome: &'a Outcome,
    pub next: Next,
    pub started_at: i64,
    pub duration: Duration,
}

/// What to do with a job whose engine died while running it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterCrash {
    RunAgain,
    Drop,
}

/// A kind of job: the glue between the engine and a domain.
pub trait JobKind: Send + Sync + 'static {
    fn name(&self) -> &'static str;
    /// Inside the claim transaction: load what the job needs. `None` means
    /// there is nothing left to do, and the job is dropped.
    fn load(&self, conn: &Connection, job: &Job) -> rusqlite::Result<Option<Box<dyn Work>>>;
    /// A job whose engine died mid-run. By default it runs again.
    fn interrupted(&self, _conn: &Connection, _job: &Job) -> rusqlite::Result<AfterCrash> {
        Ok(AfterCrash::RunAgain)
    }
}

/// One loaded attempt.
pub trait Work: Send {
    fn run(&mut self) -> BoxFuture<'_, Outcome>;
    /// Inside the write that finishes the job: record the attempt in the domain.
    fn record(&self, conn: &Connection, job: &Job, finished: &Finished) -> rusqlite::Result<()>;
    /// Once that write has committed: tell whoever waits for what it wrote.
    fn committed(&self) {}
}

#[derive(Debug, Clone)]
pub struct EngineConfig {
    /// Attempts running at once.
    pub concurrency: usize,
    pub backoff: Backoff,
    /// The longest a `Retry-After` may postpone an attempt.
    pub max_retry_after: Duration,
    /// On shutdown, how long in-flight work may take to finish.
    pub shutdown_grace: Duration,
    /// How often this engine says it is alive and looks for dead engines' work.
    pub heartbeat: Duration,
    /// Claim only these jobs (e.g. `sync run` works on one sync's jobs in
    /// the foreground); `None` claims every due job.
    pub scope: Option<Scope>,
}

/// A subset of the jobs: one kind, and optionally only some subjects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    pub kind: String,
    pub subjects: Option<Vec<i64>>,
}

impl Default for EngineConfig {
    fn default() -> Self {
        EngineConfig {
            concurrency: 512,
            backoff: Backoff::default(),
            max_retry_after: Duration::from_secs(86_400),
            shutdown_grace: Duration::from_secs(30),
            heartbeat: Duration::from_secs(10),
            scope: None,
        }
    }
}

/// Finished attempts recorded per write (see `Engine::record_loop`).
const RECORD_CHUNK: usize = 64;

/// An engine whose heartbeat is older than this many heartbeats is dead.
const STALE_HEARTBEATS: u32 = 6;

struct Registered {
    kind: Arc<dyn JobKind>,
    metrics: Arc<KindMetrics>,
}

/// A finished attempt on its way to the store. Its slot is freed once recorded.
struct Completed {
    job: Job,
    work: Box<dyn Work>,
    outcome: Outcome,
    next: Next,
    started_at: i64,
    duration: Duration,
    _slot: OwnedSemaphorePermit,
}

pub struct Engine {
    db: Db,
    config: EngineConfig,
    kinds: HashMap<&'static str, Registered>,
    /// This process's id in `engines` and `jobs.lease_owner`.
    owner: String,
    wake: Notify,
    /// When the loop plans to wake next; `i64::MAX` while it is awake.
    planned_wake: AtomicI64,
    slots: Arc<Semaphore>,
    tasks: TaskTracker,
    completed: mpsc::UnboundedSender<Completed>,
    /// Taken by `run`, which starts the recorder.
    completed_rx: std::sync::Mutex<Option<mpsc::UnboundedReceiver<Completed>>>,
    /// The claim loop is running (not starting, not stopping).
    running: AtomicBool,
    /// When this engine last wrote its heartbeat.
    last_heartbeat: AtomicI64,
    /// Bumped whenever another process is seen committing to the store.
    outside_writes: tokio::sync::watch::Sender<u64>,
}

impl Engine {
    pub fn new(db: Db, config: EngineConfig, kinds: Vec<Arc<dyn JobKind>>) -> Arc<Engine> {
        let kinds = kinds
            .into_iter()
            .map(|kind| {
                let registered = Registered {
                    kind: kind.clone(),
                    metrics: Arc::default(),
                };
                (kind.name(), registered)
            })
            .collect();
        let (completed, completed_rx) = mpsc::unbounded_channel();
        Arc::new(Engine {
            completed,
            completed_rx: std::sync::Mutex::new(Some(completed_rx)),
            db,
            slots: Arc::new(Semaphore::new(config.concurrency)),
            config,
            kinds,
            owner: crate::ids::short_id(),
            wake: Notify::new(),
            planned_wake: AtomicI64::new(i64::MAX),
            tasks: TaskTracker::new(),
            running: AtomicBool::new(false),
            last_heartbeat: AtomicI64::new(0),
            outside_writes: tokio::sync::watch::Sender::new(0),
        })
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Work became due at `due_at`: wake the loop if it planned to sleep past that.
    pub fn hint(&self, due_at: i64) {
        if due_at < self.planned_wake.load(SeqCst) {
            self.wake.notify_one();
        }
    }

    /// Something changed that the loop cannot know about: look again.
    pub fn poke(&self) {
        self.wake.notify_one();
    }

    /// Another process committed to the store (the file watcher saw it).
    fn outside_write(&self) {
        self.outside_writes.send_modify(|n| *n = n.wrapping_add(1));
        self.poke();
    }

    /// Changes whenever another process (e.g. `anticip sync run`) is seen
    /// committing to the store, so that readers waiting for new rows look
    /// again. Only while the engine runs (its watcher reports them).
    pub fn outside_writes(&self) -> tokio::sync::watch::Receiver<u64> {
        self.outside_writes.subscribe()
    }

    /// Metrics of each registered kind, by name.
    pub fn kind_metrics(&self) -> impl Iterator<Item = (&'static str, &KindMetrics)> {
        self.kinds
            .iter()
            .map(|(name, r)| (*name, r.metrics.as_ref()))
    }

    /// Whether the claim loop runs and its heartbeat reaches the store; if
    /// not, why not.
    pub fn health(&self) -> Result<(), String> {
        if !self.running.load(SeqCst) {
            return Err("the engine is not running (starting or stopping)".into());
        }
        let age = now_ms() - self.last_heartbeat.load(SeqCst);
        let limit = (self.config.heartbeat * 3).as_millis() as i64;
        if age > limit {
            return Err(format!(
                "the engine's last heartbeat was written {}s ago",
                age / 1000
            ));
        }
        Ok(())
    }

    /// Attempts running right now in this process.
    pub fn in_flight(&self) -> usize {
        self.config.concurrency - self.slots.available_permits()
    }

    /// Run until `shutdown`; then stop claiming, let in-flight work finish
    /// within the grace period, hand back every lease and exit.
    pub async fn run(self: Arc<Self>, shutdown: CancellationToken) -> Result<(), rusqlite::Error> {
        let (owner, host, pid) = (self.owner.clone(), hostname(), std::process::id());
        self.db
            .write(move |c| jobs::register_engine(c, &owner, &host, pid, now_ms()))
            .await?;
        self.last_heartbeat.store(now_ms(), SeqCst);
        watch::spawn(&self);
        let completed = self
            .completed_rx
            .lock()
            .expect("lock")
            .take()
            .expect("run once");
        let recorder = tokio::spawn(self.clone().record_loop(completed));
        let result = async {
            self.recover().await?;
            let maintenance = tokio::spawn(self.clone().maintain(shutdown.clone()));
            self.running.store(true, SeqCst);
            let looped = self.claim_loop(&shutdown).await;
            self.running.store(false, SeqCst);
            maintenance.abort();
            looped
        }
        .await;
        self.drain().await;
        recorder.abort();
        result
    }

    async fn claim_loop(
        self: &Arc<Self>,
        shutdown: &CancellationToken,
    ) -> Result<(), rusqlite::Error> {
        loop {
            // While awake, any hint must wake the next sleep.
            self.planned_wake.store(i64::MAX, SeqCst);
            if shutdown.is_cancelled() {
                return Ok(());
            }
            let free = self.slots.available_permits();
            if free == 0 {
                tokio::select! {
                    permit = self.slots.acquire() => drop(permit),
                    () = shutdown.cancelled() => return Ok(()),
                }
                continue;
            }
            let (claimed, works) = self.claim(free).await?;
            for (job, work) in works {
                self.start(job, work);
            }
            if claimed == free {
                continue; // there may be more due right now
            }
            let scope = self.config.scope.clone();
            let next = self
                .db
                .read(move |c| jobs::next_due_in(c, scope.as_ref()))
                .await?
                .unwrap_or(i64::MAX);
            self.planned_wake.store(next, SeqCst);
            let now = now_ms();
            if next <= now {
                continue;
            }
            let sleep = Duration::from_millis((next - now).min(86_400_000) as u64);
            tokio::select! {
                () = tokio::time::sleep(sleep) => {}
                () = self.wake.notified() => {}
                () = shutdown.cancelled() => return Ok(()),
            }
        }
    }

    /// Lease up to `limit` due jobs and load them. Returns how many were
    /// claimed (loaded or not) and the loaded ones.
    async fn claim(
        self: &Arc<Self>,
        limit: usize,
    ) -> Result<(usize, Vec<(Job, Box<dyn Work>)>), rusqlite::Error> {
        let me = self.clone();
        self.db
            .write(move |conn| {
                let now = now_ms();
                let claimed = jobs::claim_in(conn, &me.owner, now, limit, me.config.scope.as_ref())?;
                let count = claimed.len();
                let mut works = Vec::with_capacity(count);
                for job in claimed {
                    let Some(registered) = me.kinds.get(job.kind.as_str()) else {
                        tracing::error!(kind = %job.kind, job = job.id, "no handler for this kind of job; retrying in an hour");
                        jobs::finish(conn, job.id, &me.owner, Next::RetryAt(now + 3_600_000))?;
                        continue;
                    };
                    match registered.kind.load(conn, &job)? {
                        Some(work) => works.push((job, work)),
                        None => jobs::delete(conn, job.id)?,
                    }
                }
                Ok((count, works))
            })
            .await
    }

    fn start(self: &Arc<Self>, job: Job, mut work: Box<dyn Work>) {
        // Held until the outcome is recorded: claimed-but-unrecorded work never exceeds the bound.
        let slot = self.slots.clone().try_acquire_owned();
        let slot = slot.expect("claimed no more than the free slots");
        let me = self.clone();
        self.tasks.spawn(async move {
            let started_at = now_ms();
            let clock = Instant::now();
            let outcome = work.run().await;
            let duration = clock.elapsed();
            let next = me.decide(&job, &outcome);
            me.observe(&job, &outcome, next, started_at, duration);
            let completed = Completed {
                job,
                work,
                outcome,
                next,
                started_at,
                duration,
                _slot: slot,
            };
            if me.completed.send(completed).is_err() {
                tracing::warn!("an attempt finished after the engine stopped; its lease runs out");
            }
        });
    }

    /// Retry or not, and when.
    fn decide(&self, job: &Job, outcome: &Outcome) -> Next {
        match outcome {
            Outcome::Continue { at } => Next::RetryAt(*at),
            Outcome::Retry { retry_after, .. } if job.attempt < job.max_attempts => {
                let delay = match retry_after {
                    Some(after) => (*after).min(self.config.max_retry_after),
                    None => self.config.backoff.delay(job.attempt),
                };
                Next::RetryAt(now_ms() + delay.as_millis() as i64)
            }
            _ => Next::Done,
        }
    }

    fn observe(
        &self,
        job: &Job,
        outcome: &Outcome,
        next: Next,
        started_at: i64,
        duration: Duration,
    ) {
        let Some(registered) = self.kinds.get(job.kind.as_str()) else {
            return;
        };
        let m = &registered.metrics;
        m.duration.observe(duration);
        let late = (started_at - job.scheduled_at).max(0) as u64;
        m.lateness.observe(Duration::from_millis(late));
        let counter = match (outcome, next) {
            (Outcome::Succeeded | Outcome::Continue { .. }, _) => &m.succeeded,
            (_, Next::RetryAt(_)) => &m.retried,
            _ => &m.failed,
        };
        counter.fetch_add(1, SeqCst);
    }

    /// Record finished attempts in batches: everything that finished while
    /// the previous batch was committing, in one commit.
    async fn record_loop(self: Arc<Self>, mut completed: mpsc::UnboundedReceiver<Completed>) {
        let mut batch = Vec::new();
        while completed.recv_many(&mut batch, 4096).await > 0 {
            // Queued as writes of RECORD_CHUNK attempts each, which share one
            // commit. Not one write: SQLite walks a write's statement journal
            // from its start after each statement, and the journal grows with
            // every page the write touches, so one large write is quadratic.
            let mut writes = Vec::new();
            while !batch.is_empty() {
                let rest = batch.split_off(batch.len().min(RECORD_CHUNK));
                writes.push(self.record(std::mem::replace(&mut batch, rest)));
            }
            for write in writes {
                let (recorded, written) = write.await;
                self.recorded(recorded, written).await;
            }
            // Recording may have scheduled work (a retry, a rule's next run): look again.
            self.poke();
        }
    }

    /// After a write of finished attempts: tell their domains, or, if it
    /// failed, record them one by one, so that one bad record does not hold
    /// back the others. Dropping them frees their slots.
    async fn recorded(&self, recorded: Vec<Completed>, written: Result<(), rusqlite::Error>) {
        let Err(e) = written else {
            recorded.iter().for_each(|c| c.work.committed());
            return;
        };
        tracing::warn!(error = %e, "recording a batch failed; recording one by one");
        for one in recorded {
            let (one, written) = self.record(vec![one]).await;
            match written {
                Ok(()) => one.iter().for_each(|c| c.work.committed()),
                // Its lease runs out and recovery runs the job again.
                Err(e) => {
                    let job = &one[0].job;
                    tracing::error!(job = job.id, kind = %job.kind, error = %e, "could not record an attempt");
                }
            }
        }
    }

    /// Queue the write that records `batch` (at once, see [`Db::write`]);
    /// it resolves to the batch and how the write went.
    fn record(
        &self,
        batch: Vec<Completed>,
    ) -> impl Future<Output = (Vec<Completed>, Result<(), rusqlite::Error>)> + use<> {
        let owner = self.owner.clone();
        let batch = Arc::new(std::sync::Mutex::new(batch));
        let shared = batch.clone();
        let written = self.db.write(move |conn| {
            for c in shared.lock().expect("only the writer holds it").iter() {
                match c.outcome {
                    Outcome::Continue { at } => jobs::continue_at(conn, c.job.id, &owner, at)?,
                    _ => jobs::finish(conn, c.job.id, &owner, c.next)?,
                };
                let finished = Finished {
                    outcome: &c.outcome,
                    next: c.next,
                    started_at: c.started_at,
                    duration: c.duration,
                };
                c.work.record(conn, &c.job, &finished)?;
            }
            Ok(())
        });
        async move {
            let written = written.await;
            // The writer has dropped its copy by the time the write resolves.
            let batch = match Arc::try_unwrap(batch) {
                Ok(batch) => batch
                    .into_inner()
                    .unwrap_or_else(|poisoned| poisoned.into_inner()),
                Err(_) => Vec::new(),
            };
            (batch, written)
        }
    }

    /// Say we are alive, and take back the work of engines that are not.
    async fn maintain(self: Arc<Self>, shutdown: CancellationToken) {
        loop {
            tokio::select! {
                () = tokio::time::sleep(self.config.heartbeat) => {}
                () = shutdown.cancelled() => return,
            }
            let owner = self.owner.clone();
            let now = now_ms();
            match self
                .db
                .write(move |c| jobs::heartbeat(c, &owner, now))
                .await
            {
                Ok(()) => self.last_heartbeat.store(now, SeqCst),
                Err(e) => tracing::warn!(error = %e, "heartbeat failed"),
            }
            if let Err(e) = self.recover().await {
                tracing::warn!(error = %e, "recovery failed");
            }
        }
    }

    /// Requeue (or drop, as its kind decides) every job leased by a dead
    /// engine or whose lease ran out.
    async fn recover(self: &Arc<Self>) -> Result<usize, rusqlite::Error> {
        let me = self.clone();
        let recovered = self
            .db
            .write(move |conn| {
                let now = now_ms();
                let host = hostname();
                let stale_before = now - (me.config.heartbeat * STALE_HEARTBEATS).as_millis() as i64;
                let dead: Vec<String> = jobs::engines(conn)?
                    .into_iter()
                    .filter(|e| e.owner != me.owner)
                    .filter(|e| e.heartbeat_at < stale_before || (e.host == host && !pid_alive(e.pid)))
                    .map(|e| e.owner)
                    .collect();
                let orphans = jobs::orphaned(conn, &me.owner, now, &dead)?;
                for (job, previous_owner) in &orphans {
                    let after = me.take_back(conn, job, now)?;
                    tracing::warn!(job = job.id, kind = %job.kind, subject = job.subject, %previous_owner, ?after, "took back interrupted work");
                }
                for owner in &dead {
                    jobs::unregister_engine(conn, owner)?;
                }
                Ok::<_, rusqlite::Error>(orphans.len())
            })
            .await?;
        if recovered > 0 {
            self.poke();
        }
        Ok(recovered)
    }

    async fn drain(self: &Arc<Self>) {
        self.tasks.close();
        let running = self.tasks.len();
        if running > 0 {
            tracing::info!(running, grace = ?self.config.shutdown_grace, "waiting for in-flight work");
        }
        // A finished attempt keeps its slot until the recorder has written it:
        // with every slot back, nothing runs and nothing waits to be recorded.
        // (Releasing leases before that would put delivered work back in line.)
        let all_slots = u32::try_from(self.config.concurrency).unwrap_or(u32::MAX);
        let settled = async {
            self.tasks.wait().await;
            let _ = self.slots.acquire_many(all_slots).await;
        };
        if tokio::time::timeout(self.config.shutdown_grace, settled)
            .await
            .is_err()
        {
            tracing::warn!(
                running = self.tasks.len(),
                "in-flight work did not finish in time; releasing its leases"
            );
        }
        let me = self.clone();
        let released = self
            .db
            .write(move |conn| {
                let now = now_ms();
                let leased = jobs::leased_by(conn, &me.owner)?;
                for job in &leased {
                    me.take_back(conn, job, now)?;
                }
                jobs::unregister_engine(conn, &me.owner)?;
                Ok::<_, rusqlite::Error>(leased.len())
            })
            .await;
        match released {
            Ok(0) => {}
            Ok(n) => tracing::info!(released = n, "released leases"),
            Err(e) => {
                tracing::error!(error = %e, "could not release leases; they expire on their own")
            }
        }
    }

    /// Work whose run was cut off: its kind decides whether it runs again.
    fn take_back(&self, conn: &Connection, job: &Job, now: i64) -> rusqlite::Result<AfterCrash> {
        let after = match self.kinds.get(job.kind.as_str()) {
            Some(registered) => registered.kind.interrupted(conn, job)?,
            None => AfterCrash::RunAgain,
        };
        match after {
            AfterCrash::RunAgain => jobs::requeue(conn, job.id, now)?,
            AfterCrash::Drop => jobs::delete(conn, job.id)?,
        }
        Ok(after)
    }
}

fn hostname() -> String {
    let mut buf = [0u8; 256];
    // SAFETY: the buffer is valid for its whole length; gethostname NUL-terminates within it.
    let ok = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) } == 0;
    let end = buf.iter().position(|b| *b == 0).unwrap_or(buf.len());
    if ok {
        String::from_utf8_lossy(&buf[..end]).into_owned()
    } else {
        "unknown".into()
    }
}

fn pid_alive(pid: u32) -> bool {
    // SAFETY: signal 0 only checks that the process exists and may be signalled.
    let rc = unsafe { libc::kill(pid as libc::pid_t, 0) };
    rc == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}
