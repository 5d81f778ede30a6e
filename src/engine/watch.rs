//! Notice writes by other processes (the CLI, another `serve`) so the engine
//! wakes for work it did not schedule itself, without polling the jobs table:
//! the file watcher reports a change to the database or its WAL, and
//! `PRAGMA data_version` confirms that some other connection committed.

use std::path::Path;
use std::sync::{Arc, Weak};
use std::time::Duration;

use notify::{RecursiveMode, Watcher};
use rusqlite::Connection;

use super::Engine;
use crate::store;

/// Keeps the watch alive; dropping it stops watching.
pub(super) enum Guard {
    Watching(#[allow(dead_code)] notify::RecommendedWatcher),
    Polling,
    Off,
}

pub(super) fn spawn(engine: Arc<Engine>) -> Guard {
    let path = engine.db().path().to_path_buf();
    let Ok(probe) = store::open_reader(&path) else {
        tracing::warn!(path = %path.display(), "cannot watch the database for writes by other processes");
        return Guard::Off;
    };
    let engine = Arc::downgrade(&engine);
    match watch_file(&path, probe, engine.clone()) {
        Ok(watcher) => Guard::Watching(watcher),
        Err(e) => {
            tracing::warn!(error = %e, "file watching unavailable; checking for writes by other processes every second");
            poll(path.clone(), engine);
            Guard::Polling
        }
    }
}

fn data_version(conn: &Connection) -> i64 {
    conn.query_row("PRAGMA data_version", [], |r| r.get(0))
        .unwrap_or(0)
}

fn watch_file(
    path: &Path,
    probe: Connection,
    engine: Weak<Engine>,
) -> notify::Result<notify::RecommendedWatcher> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => Path::new(".").to_path_buf(),
    };
    let name = path
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let wal = format!("{name}-wal");
    let mut last = data_version(&probe);
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let Ok(event) = event else { return };
        let ours = event.paths.iter().any(|p| {
            p.file_name().is_some_and(|f| {
                f.to_str() == Some(name.as_str()) || f.to_str() == Some(wal.as_str())
            })
        });
        if !ours {
            return;
        }
        let now = data_version(&probe);
        if now != last {
            last = now;
            if let Some(engine) = engine.upgrade() {
                engine.poke();
            }
        }
    })?;
    watcher.watch(&dir, RecursiveMode::NonRecursive)?;
    Ok(watcher)
}

fn poll(path: std::path::PathBuf, engine: Weak<Engine>) {
    std::thread::spawn(move || {
        let Ok(probe) = store::open_reader(&path) else {
            return;
        };
        let mut last = data_version(&probe);
        loop {
            std::thread::sleep(Duration::from_secs(1));
            let Some(engine) = engine.upgrade() else {
                return;
            };
            let now = data_version(&probe);
            if now != last {
                last = now;
                engine.poke();
            }
        }
    });
}
