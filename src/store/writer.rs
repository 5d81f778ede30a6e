//! `Db`: the async handle to the store. All writes go to one thread that owns
//! the write connection and commits whatever has queued up in one transaction
//! (group commit): many writers, one commit. Each write runs in its own
//! savepoint, so one failing write never undoes another. Readers use a small
//! pool of read-only connections on tokio's blocking threads. WAL checkpoints
//! run on a thread of their own: their fsyncs would otherwise stall every
//! write behind them for milliseconds.

use std::path::{Path, PathBuf};
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
                std::thread::Builder::new()
                    .name("anticip-checkpoint".into())
                    .spawn(move || checkpoint_loop(checkpointer, rx))
                    .map_err(io_err)?;
                // The writer no longer checkpoints by itself.
                conn.pragma_update(None, "wal_autocheckpoint", 0)
                    .map_err(|source| StoreError::Sqlite {
                        path: path.to_path_buf(),
                        source,
                    })?;
                Some(tx)
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
    pub async fn write<R, E, F>(&self, f: F) -> Result<R, E>
    where
        F: FnOnce(&Connection) -> Result<R, E> + Send + 'static,
        R: Send + 'static,
        E: From<rusqlite::Error> + Send + 'static,
    {
        let (reply, result) = oneshot::channel();
        let op: Box<dyn Op> = Box::new(Write {
            f: Some(f),
            out: None,
            reply,
        });
        let sent = self.inner.writes.send(op);
        if sent.is_err() {
            return Err(stopped().into());
        }
        result.await.unwrap_or_else(|_| Err(stopped().into()))
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

    /// Run `f` on a read-only connection right here, on the calling thread,
    /// in one read transaction (so several lookups see one snapshot).
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
        self.inner.with_reader(|conn| {
            let run = |sql: &str| conn.prepare_cached(sql).and_then(|mut s| s.execute([]));
            run("BEGIN")?;
            let out = f(conn);
            run("COMMIT")?;
            out
        })
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

trait Op: Send {
    /// Run inside the open transaction.
    fn apply(&mut self, conn: &Connection);
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
    fn apply(&mut self, conn: &Connection) {
        let f = self.f.take().expect("applied once");
        // Cached statements: parsing these per write is measurable at 10k/s.
        let run = |sql: &str| conn.prepare_cached(sql).and_then(|mut s| s.execute([]));
        let out = match run("SAVEPOINT op") {
            Ok(_) => {
                let out = f(conn);
                let end = if out.is_ok() {
                    run("RELEASE op")
                } else {
                    run("ROLLBACK TO op").and_then(|_| run("RELEASE op"))
                };
                end.map_err(E::from).and(out)
            }
            Err(e) => Err(e.into()),
        };
        self.out = Some(out);
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

fn write_loop(conn: Connection, rx: Receiver<Box<dyn Op>>, checkpoints: Option<SyncSender<()>>) {
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
            for op in group.iter_mut() {
                op.apply(&conn);
            }
            conn.execute_batch("COMMIT")
        });
        if commit.is_err() && !conn.is_autocommit() {
            let _ = conn.execute_batch("ROLLBACK");
        }
        match &commit {
            // Wake the checkpointer (a full channel means it is awake already).
            Ok(()) => {
                if let Some(checkpoints) = &checkpoints {
                    let _ = checkpoints.try_send(());
                }
            }
            Err(e) => tracing::error!(error = %e, writes = group.len(), "store commit failed"),
        }
        for op in group.drain(..) {
            op.finish(commit.as_ref().map(|_| ()));
        }
    }
}

/// Copy committed pages from the WAL into the database after writes, at most
/// every `CHECKPOINT_PAUSE`, without ever waiting for readers or the writer
/// (PASSIVE). Once the writer is gone, one last checkpoint.
fn checkpoint_loop(conn: Connection, commits: Receiver<()>) {
    let checkpoint = || {
        if let Err(e) = conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(())) {
            tracing::warn!(error = %e, "WAL checkpoint failed; retrying after the next write");
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
        checkpoint();
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
