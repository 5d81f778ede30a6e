//! `Db`: the async handle to the store. All writes go to one thread that owns
//! the write connection and commits whatever has queued up in one transaction
//! (group commit): many writers, one commit. Each write runs in its own
//! savepoint, so one failing write never undoes another; small writes that
//! fail only when the store does may share one ([`Db::write_shared`]).
//! Readers use a small pool of read-only connections on tokio's blocking
//! threads. WAL checkpoints run on a thread of their own: their fsyncs would
//! otherwise stall every write behind them for milliseconds.
//!
//! SQLite starts the WAL over only when a write transaction begins with every
//! frame already copied into the database, which does not happen while the
//! checkpointer, slowed by its fsyncs, chases a writer that commits every few
//! milliseconds: the WAL would grow without bound (over 100 MiB a second at
//! 10,000 rule triggers a second). So once it holds
//! `RESET_FRAMES`, the checkpointer catches up with the writer and the writer
//! copies the last few frames itself, between two groups: its next
//! transaction starts the WAL from the beginning again.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, SyncSender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rusqlite::Connection;
use tokio::sync::oneshot;

use super::StoreError;

/// Most writes committed in one transaction.
const MAX_GROUP: usize = 2048;
/// Read connections open at once. Reads beyond this wait for a free one, so
/// connections (and their prepared statements) are reused, never opened per
/// read under load.
const MAX_READERS: usize = 8;
/// The least time between two checkpoints while writes keep coming.
const CHECKPOINT_PAUSE: Duration = Duration::from_millis(100);
/// WAL frames (pages) after which the WAL is to start over: 256 MiB of 4 KiB
/// pages. Starting over costs the writer a pause of 10 ms or more (two
/// fsyncs), so not too often: under the heaviest load we measured (100 MiB
/// of WAL a second) that is every two or three seconds.
#[cfg(not(test))]
const RESET_FRAMES: i64 = 65_536;
/// Small enough for a test to write many times over in a second or two.
#[cfg(test)]
const RESET_FRAMES: i64 = 512;
/// The most frames left for the writer to copy to let the WAL start over...
const CATCH_UP_FRAMES: i64 = 256;
/// ... until the WAL holds this many times `RESET_FRAMES`: then it copies
/// whatever is left (see `checkpoint_loop`).
const RESET_FRAMES_GIVE_UP: i64 = 8;

#[derive(Clone)]
pub struct Db {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    writes: Sender<Box<dyn Op>>,
    readers: Mutex<Vec<Connection>>,
    reading: tokio::sync::Semaphore,
}

impl Db {
    /// Open (creating and migrating if needed) and start the writer thread.
    pub fn open(path: &Path) -> Result<Db, StoreError> {
        let conn = super::open(path)?;
        let io_err = |source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        };
        let checkpoints = match super::open(path) {
            Ok(checkpointer) => {
                let (tx, rx) = mpsc::sync_channel(1);
                let catch_up = Arc::new(AtomicBool::new(false));
                let wanted = catch_up.clone();
                std::thread::Builder::new()
                    .name("anticip-checkpoint".into())
                    .spawn({
                        let database = std::fs::File::open(path).map_err(io_err)?;
                        move || checkpoint_loop(checkpointer, &database, rx, &wanted)
                    })
                    .map_err(io_err)?;
                // The writer no longer checkpoints by itself.
                conn.pragma_update(None, "wal_autocheckpoint", 0)
                    .map_err(|source| StoreError::Sqlite {
                        path: path.to_path_buf(),
                        source,
                    })?;
                Some(Checkpoints { wake: tx, catch_up })
            }
            Err(e) => {
                tracing::warn!(error = %e, "checkpointing on the writer thread");
                None
            }
        };
        let (tx, rx) = mpsc::channel::<Box<dyn Op>>();
        std::thread::Builder::new()
            .name("anticip-writer".into())
            .spawn(move || write_loop(conn, rx, checkpoints))
            .map_err(io_err)?;
        Ok(Db {
            inner: Arc::new(Inner {
                path: path.to_path_buf(),
                writes: tx,
                readers: Mutex::new(Vec::new()),
                reading: tokio::sync::Semaphore::new(MAX_READERS),
            }),
        })
    }

    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// Run `f` in the writer's transaction; resolves once it is committed.
    /// `f` is queued right away, not when the future is first polled, so
    /// writes made one after the other are applied in that order, and several
    /// can be queued before awaiting any (they then share a commit).
    pub fn write<R, E, F>(&self, f: F) -> impl Future<Output = Result<R, E>> + Send + use<R, E, F>
    where
        F: FnOnce(&Connection) -> Result<R, E> + Send + 'static,
        R: Send + 'static,
        E: From<rusqlite::Error> + Send + 'static,
    {
        let (reply, result) = oneshot::channel();
        let sent = self.queue(Box::new(Write {
            f: Some(f),
            out: None,
            reply,
        }));
        settled(sent, result)
    }

    /// [`Db::write`] for a small write that fails only when the store does
    /// (its refusals, if any, are in `R`). Such writes share a savepoint
    /// with the ones queued beside them: a savepoint copies every page a
    /// write touches, which for a small write costs as much as the write
    /// itself. If one of them fails, those it shares a savepoint with fail too.
    ///
    /// Only for writes whose statements need no statement journal (no table
    /// triggers, no `RETURNING`, one row each): SQLite walks the savepoint's
    /// journal from its start at the end of every statement that has one, so
    /// a long shared savepoint would make those quadratic.
    pub fn write_shared<R, F>(
        &self,
        f: F,
    ) -> impl Future<Output = rusqlite::Result<R>> + Send + use<R, F>
    where
        F: FnOnce(&Connection) -> rusqlite::Result<R> + Send + 'static,
        R: Send + 'static,
    {
        let (reply, result) = oneshot::channel();
        let sent = self.queue(Box::new(SharedWrite(Write {
            f: Some(f),
            out: None,
            reply,
        })));
        settled(sent, result)
    }

    /// Hand `op` to the writer; false if it has stopped.
    fn queue(&self, op: Box<dyn Op>) -> bool {
        self.inner.writes.send(op).is_ok()
    }

    /// Run `f` on a read-only connection on a blocking thread.
    pub async fn read<R, E, F>(&self, f: F) -> Result<R, E>
    where
        F: FnOnce(&Connection) -> Result<R, E> + Send + 'static,
        R: Send + 'static,
        E: From<rusqlite::Error> + Send + 'static,
    {
        let Ok(_slot) = self.inner.reading.acquire().await else {
            return Err(failure("the reader pool is closed").into());
        };
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || inner.with_reader(f))
            .await
            .unwrap_or_else(|e| Err(failure(&format!("read task failed: {e}")).into()))
    }

    /// Run `f` on a read-only connection right here, on the calling thread.
    /// Each statement sees what was committed when it started; for several
    /// to see one snapshot, `f` opens a transaction or keeps the first one
    /// stepping while it runs the others (as `events::store::get_with_attempts`).
    /// Only for lookups by key through an index, which take microseconds:
    /// handing those to a blocking thread costs more than the lookup itself.
    /// Anything that may scan belongs in [`Db::read`].
    pub async fn lookup<R, E, F>(&self, f: F) -> Result<R, E>
    where
        F: FnOnce(&Connection) -> Result<R, E>,
        E: From<rusqlite::Error>,
    {
        let Ok(_slot) = self.inner.reading.acquire().await else {
            return Err(failure("the reader pool is closed").into());
        };
        self.inner.with_reader(f)
    }
}

impl Inner {
    /// `f` on a pooled read connection (opened if none is free).
    fn with_reader<R, E>(&self, f: impl FnOnce(&Connection) -> Result<R, E>) -> Result<R, E>
    where
        E: From<rusqlite::Error>,
    {
        let pooled = self.readers.lock().expect("reader pool").pop();
        let conn = match pooled {
            Some(conn) => conn,
            None => super::open_reader(&self.path).map_err(|e| match e {
                StoreError::Sqlite { source, .. } => source,
                other => failure(&other.to_string()),
            })?,
        };
        let out = f(&conn);
        let mut pool = self.readers.lock().expect("reader pool");
        // A connection left inside a transaction would hold an old snapshot.
        if pool.len() < MAX_READERS && conn.is_autocommit() {
            pool.push(conn);
        }
        out
    }
}

/// What a queued write resolves to, once the writer has replied.
async fn settled<R, E: From<rusqlite::Error>>(
    sent: bool,
    result: oneshot::Receiver<Result<R, E>>,
) -> Result<R, E> {
    if !sent {
        return Err(stopped().into());
    }
    result.await.unwrap_or_else(|_| Err(stopped().into()))
}

trait Op: Send {
    /// Whether it runs in the savepoint of the shared writes around it.
    fn shared(&self) -> bool {
        false
    }
    /// Run inside the open transaction. A shared write returns its error,
    /// and the writer undoes its savepoint.
    fn apply(&mut self, conn: &Connection) -> Option<rusqlite::Error>;
    /// It ran in a shared savepoint that was undone: it failed with `e`.
    fn undone(&mut self, e: &rusqlite::Error);
    /// Report the result once the transaction has committed (or failed to).
    fn finish(self: Box<Self>, commit: Result<(), &rusqlite::Error>);
}

struct Write<F, R, E> {
    f: Option<F>,
    out: Option<Result<R, E>>,
    reply: oneshot::Sender<Result<R, E>>,
}

impl<F, R, E> Op for Write<F, R, E>
where
    F: FnOnce(&Connection) -> Result<R, E> + Send,
    R: Send,
    E: From<rusqlite::Error> + Send,
{
    fn apply(&mut self, conn: &Connection) -> Option<rusqlite::Error> {
        let f = self.f.take().expect("applied once");
        let out = match run(conn, "SAVEPOINT op") {
            Ok(()) => {
                let out = f(conn);
                let end = if out.is_ok() {
                    run(conn, "RELEASE op")
                } else {
                    run(conn, "ROLLBACK TO op").and_then(|()| run(conn, "RELEASE op"))
                };
                end.map_err(E::from).and(out)
            }
            Err(e) => Err(e.into()),
        };
        self.out = Some(out);
        None
    }

    fn undone(&mut self, e: &rusqlite::Error) {
        self.out = Some(Err(copy_error(e).into()));
    }

    fn finish(self: Box<Self>, commit: Result<(), &rusqlite::Error>) {
        let out = match (commit, self.out) {
            (Ok(()), Some(out)) => out,
            (Err(e), _) => Err(copy_error(e).into()),
            (Ok(()), None) => Err(failure("write was not applied").into()),
        };
        let _ = self.reply.send(out);
    }
}

/// A write of [`Db::write_shared`]: no savepoint of its own.
struct SharedWrite<F, R>(Write<F, R, rusqlite::Error>);

impl<F, R> Op for SharedWrite<F, R>
where
    F: FnOnce(&Connection) -> rusqlite::Result<R> + Send,
    R: Send,
{
    fn shared(&self) -> bool {
        true
    }

    fn apply(&mut self, conn: &Connection) -> Option<rusqlite::Error> {
        let f = self.0.f.take().expect("applied once");
        let out = f(conn);
        let failed = out.as_ref().err().map(copy_error);
        self.0.out = Some(out);
        failed
    }

    fn undone(&mut self, e: &rusqlite::Error) {
        self.0.undone(e);
    }

    fn finish(self: Box<Self>, commit: Result<(), &rusqlite::Error>) {
        Box::new(self.0).finish(commit);
    }
}

/// A statement the writer runs often: cached, since parsing it each time is
/// measurable at 10,000 writes a second.
fn run(conn: &Connection, sql: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(sql)?.execute([])?;
    Ok(())
}

/// Apply a group's writes in order. Each runs in its own savepoint, except
/// that writes queued with [`Db::write_shared`] next to each other share one.
fn apply_all(conn: &Connection, group: &mut [Box<dyn Op>]) {
    // Where the open shared savepoint's writes start.
    let mut shared_from: Option<usize> = None;
    for i in 0..group.len() {
        if !group[i].shared() {
            if let Some(from) = shared_from.take() {
                end_shared(conn, &mut group[from..i], None);
            }
            group[i].apply(conn);
            continue;
        }
        if shared_from.is_none() {
            if let Err(e) = run(conn, "SAVEPOINT shared") {
                group[i].undone(&e);
                continue;
            }
            shared_from = Some(i);
        }
        if let Some(e) = group[i].apply(conn) {
            let from = shared_from.take().expect("opened above");
            end_shared(conn, &mut group[from..=i], Some(e));
        }
    }
    if let Some(from) = shared_from {
        end_shared(conn, &mut group[from..], None);
    }
}

/// Keep the shared savepoint of `writes`, or, if one of them failed (or
/// keeping it does), undo it and fail them all.
fn end_shared(conn: &Connection, writes: &mut [Box<dyn Op>], failed: Option<rusqlite::Error>) {
    let failed = match failed {
        None => run(conn, "RELEASE shared").err(),
        failed => failed,
    };
    if let Some(e) = failed {
        if let Err(undo) =
            run(conn, "ROLLBACK TO shared").and_then(|()| run(conn, "RELEASE shared"))
        {
            tracing::error!(error = %undo, "undoing a failed shared savepoint failed");
        }
        for write in writes {
            write.undone(&e);
        }
    }
}

/// The writer's side of the checkpointer.
struct Checkpoints {
    /// Wakes the checkpointer after a commit.
    wake: SyncSender<()>,
    /// Set by the checkpointer when the WAL has grown past `RESET_FRAMES`.
    catch_up: Arc<AtomicBool>,
}

fn write_loop(conn: Connection, rx: Receiver<Box<dyn Op>>, checkpoints: Option<Checkpoints>) {
    let mut group: Vec<Box<dyn Op>> = Vec::with_capacity(MAX_GROUP);
    while let Ok(first) = rx.recv() {
        group.push(first);
        while group.len() < MAX_GROUP {
            match rx.try_recv() {
                Ok(op) => group.push(op),
                Err(_) => break,
            }
        }
        let commit = conn.execute_batch("BEGIN IMMEDIATE").and_then(|()| {
            apply_all(&conn, &mut group);
            conn.execute_batch("COMMIT")
        });
        if commit.is_err() && !conn.is_autocommit() {
            let _ = conn.execute_batch("ROLLBACK");
        }
        match &commit {
            // Wake the checkpointer (a full channel means it is awake already).
            Ok(()) => {
                if let Some(checkpoints) = &checkpoints {
                    let _ = checkpoints.wake.try_send(());
                }
            }
            Err(e) => tracing::error!(error = %e, writes = group.len(), "store commit failed"),
        }
        for op in group.drain(..) {
            op.finish(commit.as_ref().map(|_| ()));
        }
        if let Some(checkpoints) = &checkpoints
            && checkpoints.catch_up.swap(false, Ordering::SeqCst)
        {
            // Copies only what arrived since the checkpointer's last pass; if
            // readers keep the WAL from starting over, the checkpointer asks again.
            if let Err(e) = passive_checkpoint(&conn) {
                tracing::warn!(error = %e, "WAL checkpoint on the writer failed");
            }
        }
    }
}

/// The WAL after a checkpoint.
#[derive(Clone, Copy)]
struct Wal {
    /// Frames it holds.
    frames: i64,
    /// How many of them the database has.
    copied: i64,
}

/// Copy what the database does not have yet from the WAL, without waiting
/// for readers or writers.
fn passive_checkpoint(conn: &Connection) -> rusqlite::Result<Wal> {
    conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| {
        Ok(Wal {
            frames: r.get(1)?,
            copied: r.get(2)?,
        })
    })
}

/// Copy committed pages from the WAL into the database after writes, at most
/// every `CHECKPOINT_PAUSE`, without ever waiting for readers or the writer
/// (PASSIVE). Once the writer is gone, one last checkpoint.
///
/// Once the WAL holds `RESET_FRAMES`, passes follow each other without a
/// pause: each copies what arrived during the one before, so they get
/// shorter. When one copied at most `CATCH_UP_FRAMES`, the writer is asked to
/// copy the rest between two groups (with its two fsyncs) so that the WAL can
/// start over. If the passes never get that short, it is asked anyway once the
/// WAL holds `RESET_FRAMES_GIVE_UP` times `RESET_FRAMES`: a longer pause, not
/// a full disk.
///
/// SQLite syncs the database file only after a pass that reaches the end of
/// the WAL, which under steady writes is only the writer's: that sync would
/// write out every page copied since the WAL last started over (13–30 ms at
/// 10,000 rule triggers a second). So the checkpointer syncs the file itself
/// after its first pass and before it asks the writer to catch up, which
/// leaves the writer's sync only the pages it copies (about 2 ms).
fn checkpoint_loop(
    conn: Connection,
    database: &std::fs::File,
    commits: Receiver<()>,
    catch_up: &AtomicBool,
) {
    let checkpoint = || {
        passive_checkpoint(&conn)
            .inspect_err(|e| {
                tracing::warn!(error = %e, "WAL checkpoint failed; retrying after the next write")
            })
            .ok()
    };
    let sync_database = || {
        if let Err(e) = database.sync_data() {
            tracing::warn!(error = %e, "syncing the database file after a checkpoint failed");
        }
    };
    loop {
        match commits.recv_timeout(Duration::from_secs(1)) {
            Ok(()) => {}
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => {
                checkpoint();
                return;
            }
        }
        let mut last = checkpoint();
        sync_database();
        while let Some(before) = last.filter(|wal| wal.frames >= RESET_FRAMES) {
            let Some(now) = checkpoint() else { break };
            if now.frames < before.frames {
                break; // it started over
            }
            if now.copied - before.copied <= CATCH_UP_FRAMES
                || now.frames >= RESET_FRAMES * RESET_FRAMES_GIVE_UP
            {
                sync_database();
                catch_up.store(true, Ordering::SeqCst);
                break;
            }
            last = Some(now);
        }
        std::thread::sleep(CHECKPOINT_PAUSE);
    }
}

fn stopped() -> rusqlite::Error {
    failure("the store's writer has stopped")
}

fn failure(message: &str) -> rusqlite::Error {
    rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_ERROR),
        Some(message.to_string()),
    )
}

/// rusqlite errors are not `Clone`; every write in a failed group gets a copy.
fn copy_error(e: &rusqlite::Error) -> rusqlite::Error {
    match e {
        rusqlite::Error::SqliteFailure(code, message) => {
            rusqlite::Error::SqliteFailure(*code, message.clone())
        }
        other => failure(&other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread")]
    async fn the_wal_starts_over_under_steady_writes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        let db = Db::open(&path).unwrap();
        let wal = dir.path().join("a.db-wal");
        // Writes that never let the writer rest (two groups always waiting), of
        // 32 times the WAL's reset size in all.
        let total = 32 * RESET_FRAMES;
        let mut writes: tokio::task::JoinSet<rusqlite::Result<usize>> = tokio::task::JoinSet::new();
        let mut largest = 0;
        for i in 0..total {
            if writes.len() >= 2 * MAX_GROUP {
                writes.join_next().await.unwrap().unwrap().unwrap();
                largest = largest.max(std::fs::metadata(&wal).map_or(0, |m| m.len()));
            }
            let db = db.clone();
            writes.spawn(async move {
                db.write(move |conn| {
                    conn.execute(
                        "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
                        (format!("k{}", i % 512), "x".repeat(3000)),
                    )
                })
                .await
            });
        }
        while let Some(done) = writes.join_next().await {
            done.unwrap().unwrap();
        }
        // Had it never started over, it would hold at least `total` pages.
        let bound = (RESET_FRAMES * RESET_FRAMES_GIVE_UP) as u64 * (4096 + 24);
        assert!(
            largest < bound,
            "the WAL grew to {largest} bytes (bound {bound}) over {total} page writes"
        );
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn a_failing_shared_write_undoes_only_the_writes_it_shares_a_savepoint_with() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("a.db")).unwrap();
        // Hold the writer so that everything below lands in one group.
        let (release, held) = mpsc::channel::<()>();
        let hold = db.write(move |_| {
            held.recv().unwrap();
            Ok::<_, rusqlite::Error>(())
        });
        let insert = |key: &'static str, fail: bool| {
            move |conn: &Connection| {
                conn.execute("INSERT INTO meta (key, value) VALUES (?1, 'v')", [key])?;
                if fail {
                    conn.execute("INSERT INTO meta (key, value) VALUES ('bad', NULL)", [])?;
                }
                Ok(())
            }
        };
        let first = db.write_shared(insert("k1", false));
        let failing = db.write_shared(insert("k2", true));
        let after = db.write_shared(insert("k3", false));
        let own = db.write(insert("k4", false));
        let last = db.write_shared(insert("k5", false));
        release.send(()).unwrap();
        hold.await.unwrap();
        assert!(
            first.await.is_err(),
            "shared a savepoint with the failing write"
        );
        assert!(failing.await.is_err());
        after.await.unwrap();
        own.await.unwrap();
        last.await.unwrap();
        let keys: Vec<String> = db
            .read(|c| {
                let mut stmt =
                    c.prepare("SELECT key FROM meta WHERE key LIKE 'k%' ORDER BY key")?;
                stmt.query_map([], |r| r.get(0))?.collect()
            })
            .await
            .unwrap();
        assert_eq!(keys, ["k3", "k4", "k5"]);
    }

    #[tokio::test(flavor = "multi_thread")]
    async fn a_failing_write_does_not_undo_its_neighbours() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("a.db")).unwrap();
        let mut handles = Vec::new();
        for i in 0..200 {
            let db = db.clone();
            handles.push(tokio::spawn(async move {
                db.write(move |conn| {
                    conn.execute(
                        "INSERT INTO meta (key, value) VALUES (?1, 'v')",
                        [format!("k{i}")],
                    )?;
                    if i % 2 == 1 {
                        // Undo this one: it must not take the others with it.
                        conn.execute("INSERT INTO meta (key, value) VALUES ('bad', NULL)", [])?;
                    }
                    Ok::<_, rusqlite::Error>(())
                })
                .await
            }));
        }
        let mut failed = 0;
        for h in handles {
            failed += h.await.unwrap().is_err() as usize;
        }
        assert_eq!(failed, 100);
        let count: i64 = db
            .read(|c| {
                c.query_row("SELECT count(*) FROM meta WHERE key LIKE 'k%'", [], |r| {
                    r.get(0)
                })
            })
            .await
            .unwrap();
        assert_eq!(count, 100);
    }
}
