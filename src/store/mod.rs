//! The one SQLite file: where it lives, how connections are set up, and the
//! schema migrations. `Db` is the async handle `serve` uses; the CLI opens a
//! plain `Connection` with [`open`].

mod migrations;
mod vfs;
mod writer;

use std::fs;
use std::io;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

pub use writer::Db;

/// File name of the database inside a data directory.
pub const FILE_NAME: &str = "anticip.db";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "{path}: the database schema is version {found}, newer than this anticip understands \
         (up to {supported}); upgrade anticip or point --db at another file"
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("{path}: {source}")]
    Sqlite {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("no data directory could be found for this user; pass --db PATH or set ANTICIP_DB")]
    NoDataDir,
}

/// Where the database lives when neither `--db` nor `ANTICIP_DB` says:
/// systemd's `$STATE_DIRECTORY` for the service, else the XDG data directory.
pub fn default_path() -> Result<PathBuf, StoreError> {
    if let Some(dir) = std::env::var_os("STATE_DIRECTORY") {
        // systemd may pass several, separated by ':'; the first is ours.
        let first = dir
            .to_string_lossy()
            .split(':')
            .next()
            .unwrap_or_default()
            .to_string();
        if !first.is_empty() {
            return Ok(PathBuf::from(first).join(FILE_NAME));
        }
    }
    directories::ProjectDirs::from("", "", "anticip")
        .map(|dirs| dirs.data_dir().join(FILE_NAME))
        .ok_or(StoreError::NoDataDir)
}

/// Open (creating on first use) and migrate the database for read-write use.
pub fn open(path: &Path) -> Result<Connection, StoreError> {
    let sqlite = |source| StoreError::Sqlite {
        path: path.to_path_buf(),
        source,
    };
    create_private(path)?;
    vfs::install();
    let mut conn = Connection::open(path).map_err(sqlite)?;
    configure(&conn).map_err(sqlite)?;
    conn.pragma_update(None, "journal_mode", "WAL")
        .map_err(sqlite)?;
    migrate(&mut conn, path)?;
    meta_value(&conn, INSTALLATION_ID, crate::ids::short_id).map_err(sqlite)?;
    Ok(conn)
}

/// How much of the file a read connection maps into memory. Lookups then
/// read pages straight from the OS page cache, which all connections share,
/// instead of copying each into their own page cache with a system call.
const READER_MMAP_BYTES: i64 = 1 << 30;

/// A read-only connection to an existing, migrated database.
pub fn open_reader(path: &Path) -> Result<Connection, StoreError> {
    vfs::install();
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI,
    )
    .and_then(|conn| {
        configure(&conn)?;
        conn.pragma_update(None, "mmap_size", READER_MMAP_BYTES)?;
        Ok(conn)
    })
    .map_err(|source| StoreError::Sqlite {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(conn)
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.busy_timeout(Duration::from_secs(10))?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    conn.set_prepared_statement_cache_capacity(64);
    Ok(())
}

/// The database and its directory are created readable by their owner only:
/// the file holds API key hashes and third-party credentials.
fn create_private(path: &Path) -> Result<(), StoreError> {
    let io_err = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.exists()
    {
        fs::create_dir_all(dir).map_err(io_err)?;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).map_err(io_err)?;
    }
    match fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(io_err(e)),
    }
}

/// Apply every migration the file has not seen, each in its own transaction.
/// Two processes opening a new file at once serialize on `BEGIN IMMEDIATE`.
fn migrate(conn: &mut Connection, path: &Path) -> Result<(), StoreError> {
    let sqlite = |source| StoreError::Sqlite {
        path: path.to_path_buf(),
        source,
    };
    let supported = migrations::ALL.len() as i64;
    loop {
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sqlite)?;
        let version: i64 = tx
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(sqlite)?;
        if version > supported {
            return Err(StoreError::TooNew {
                path: path.to_path_buf(),
                found: version,
                supported,
            });
        }
        if version == supported {
            return Ok(());
        }
        tx.execute_batch(migrations::ALL[version as usize])
            .map_err(sqlite)?;
        tx.pragma_update(None, "user_version", version + 1)
            .map_err(sqlite)?;
        tx.commit().map_err(sqlite)?;
    }
}

const INSTALLATION_ID: &str = "installation_id";

/// This database's own id, made on first use; the API calls it the `company`.
pub fn installation_id(conn: &Connection) -> rusqlite::Result<String> {
    meta_value(conn, INSTALLATION_ID, crate::ids::short_id)
}

/// A value kept in the `meta` table, created with `init` on first use.
pub fn meta_value(
    conn: &Connection,
    key: &str,
    init: impl FnOnce() -> String,
) -> rusqlite::Result<String> {
    let existing: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .ok();
    if let Some(value) = existing {
        return Ok(value);
    }
    conn.execute(
        "INSERT OR IGNORE INTO meta (key, value) VALUES (?1, ?2)",
        (key, init()),
    )?;
    conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_newer_schema_is_refused_with_a_clear_message() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        let conn = open(&path).unwrap();
        conn.pragma_update(None, "user_version", 999).unwrap();
        drop(conn);
        let err = open(&path).unwrap_err().to_string();
        assert!(err.contains("version 999"), "{err}");
        assert!(err.contains("upgrade anticip"), "{err}");
    }

    #[test]
    fn the_file_and_its_new_directory_are_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/anticip.db");
        open(&path).unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(path.parent().unwrap()), 0o700);
    }

    /// A database as an older anticip left it: the first `version` migrations.
    fn at_version(path: &Path, version: usize) -> Connection {
        let conn = Connection::open(path).unwrap();
        for (done, sql) in migrations::ALL[..version].iter().enumerate() {
            conn.execute_batch(sql).unwrap();
            conn.pragma_update(None, "user_version", done as i64 + 1)
                .unwrap();
        }
        conn
    }

    #[test]
    fn an_idempotency_key_from_version_6_survives_the_upgrade() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        let conn = at_version(&path, 6);
        conn.execute_batch(
            "INSERT INTO rules (id, name, enabled, trigger, action_url, amount_cents, timeout_ms,
                                max_attempts, max_concurrent_runs, rate_limit, rate_interval_ms,
                                idempotency_ttl_ms, signing_token, created_at)
             VALUES ('r1', 'r', 1, 'remote', 'http://127.0.0.1:9/', 1, 1000, 1, 1, 1, 1000, 1000, 't', 0);
             INSERT INTO rule_runs (seq, request_id, rule_seq, trigger, triggered_at, status, idempotency_key)
             VALUES (7, 'req-7', 1, 'remote', 0, 'queued', 'k1');
             INSERT INTO rule_idempotency (rule_seq, key, request_hash, run_seq, response, expires_at)
             VALUES (1, 'k1', x'00', 7, '{}', 99);",
        )
        .unwrap();
        drop(conn);
        let conn = open(&path).unwrap();
        let kept: (String, i64, i64) = conn
            .query_row(
                "SELECT key, run_seq, expires_at FROM rule_idempotency WHERE rule_seq = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
        assert_eq!(kept, ("k1".to_string(), 7, 99));
    }

    #[test]
    fn event_counts_from_version_7_stay_right_after_the_upgrade() {
        use crate::events::Status;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        let conn = at_version(&path, 7);
        let add = |id: &str, status: &str| {
            conn.execute(
                "INSERT INTO events (id, type, method, url, headers, document, when_at, created_at,
                                     timeout_ms, max_attempts, status)
                 VALUES (?1, 'json', 'post', 'http://127.0.0.1:9/', '[]', '{}', 0, 0, 1000, 1, ?2)",
                [id, status],
            )
            .unwrap();
        };
        add("a", "scheduled");
        add("b", "scheduled");
        add("c", "delivered");
        drop(conn);
        let conn = open(&path).unwrap();
        conn.execute_batch(
            "UPDATE OR FAIL events SET status = 'delivered' WHERE id = 'a';
             UPDATE events SET status = 'deleted' WHERE id = 'c';",
        )
        .unwrap();
        let counts = crate::events::store::status_counts(&conn).unwrap();
        let expected = vec![
            (Status::Deleted, 1),
            (Status::Delivered, 1),
            (Status::Failed, 0),
            (Status::Retrying, 0),
            (Status::Scheduled, 1),
        ];
        assert_eq!(counts, expected);
    }

    #[test]
    fn job_counts_from_version_8_stay_right_through_claims_and_finishes() {
        use crate::engine::jobs::{self, Next};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        let conn = at_version(&path, 8);
        conn.execute_batch(
            "INSERT INTO jobs (kind, subject, due_at, scheduled_at, max_attempts, lease_ms, lease_owner)
             VALUES ('event', 1, 0, 0, 1, 1000, NULL), ('event', 2, 0, 0, 1, 1000, NULL),
                    ('event', 3, 0, 0, 1, 1000, 'gone'), ('rule_run', 1, 0, 0, 1, 1000, NULL);",
        )
        .unwrap();
        drop(conn);
        let conn = open(&path).unwrap();
        let counts = |expected: &[(&str, i64, i64)]| {
            let expected: Vec<_> = expected
                .iter()
                .map(|&(k, f, l)| (k.to_string(), f, l))
                .collect();
            assert_eq!(jobs::counts(&conn).unwrap(), expected);
        };
        counts(&[("event", 2, 1), ("rule_run", 1, 0)]);
        let claimed = jobs::claim(&conn, "me", 10, 10).unwrap();
        assert_eq!(claimed.len(), 3);
        counts(&[("event", 0, 3), ("rule_run", 0, 1)]);
        let first = claimed.iter().find(|j| j.kind == "event").unwrap();
        assert!(jobs::finish(&conn, first.id, "me", Next::Done).unwrap());
        let rule = claimed.iter().find(|j| j.kind == "rule_run").unwrap();
        assert!(jobs::finish(&conn, rule.id, "me", Next::RetryAt(20)).unwrap());
        counts(&[("event", 0, 2), ("rule_run", 1, 0)]);
    }

    #[test]
    fn reopening_is_idempotent() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        drop(open(&path).unwrap());
        let conn = open(&path).unwrap();
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, migrations::ALL.len() as i64);
    }
}
