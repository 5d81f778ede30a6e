//! Notice writes by other processes (the CLI) so the engine wakes for work it
//! did not schedule itself, without polling the jobs table.
//!
//! On Linux, inotify reports another process closing the database or its WAL
//! after writing (`IN_CLOSE_WRITE` only: serve keeps its own files open, so
//! its own writes cost nothing here), and `PRAGMA data_version` confirms that
//! some other connection committed. Elsewhere, `data_version` is checked every
//! second. Another `serve` runs the work it schedules itself, and
//! `Engine::recover` takes over what a dead one leaves.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Weak};
use std::time::Duration;

use rusqlite::Connection;

use super::Engine;
use crate::store;

pub(super) fn spawn(engine: &Arc<Engine>) {
    let path = engine.db().path().to_path_buf();
    let Ok(probe) = store::open_reader(&path) else {
        tracing::warn!(path = %path.display(), "cannot watch the database for writes by other processes");
        return;
    };
    let engine = Arc::downgrade(engine);
    #[cfg(target_os = "linux")]
    let probe = match inotify::watch(&path, probe, engine.clone()) {
        Ok(()) => return,
        Err((e, probe)) => {
            tracing::warn!(error = %e, "inotify unavailable; checking for writes by other processes every second");
            probe
        }
    };
    std::thread::spawn(move || {
        let mut changes = Changes::new(probe);
        loop {
            std::thread::sleep(Duration::from_secs(1));
            if !changes.poke_if_changed(&engine) {
                return;
            }
        }
    });
}

/// `PRAGMA data_version` on a connection of our own: it changes when any
/// other connection commits.
struct Changes {
    probe: Connection,
    last: i64,
}

impl Changes {
    fn new(probe: Connection) -> Changes {
        let mut changes = Changes { probe, last: 0 };
        changes.last = changes.version();
        changes
    }

    fn version(&self) -> i64 {
        self.probe
            .prepare_cached("PRAGMA data_version")
            .and_then(|mut s| s.query_row([], |r| r.get(0)))
            .unwrap_or(0)
    }

    /// Wake the engine if something was committed; false once the engine is gone.
    fn poke_if_changed(&mut self, engine: &Weak<Engine>) -> bool {
        let Some(engine) = engine.upgrade() else {
            return false;
        };
        let now = self.version();
        if now != self.last {
            self.last = now;
            engine.outside_write();
        }
        true
    }
}

fn file_names(path: &Path) -> (PathBuf, [String; 2]) {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let wal = format!("{name}-wal");
    (dir, [name, wal])
}

#[cfg(target_os = "linux")]
mod inotify {
    use super::*;
    use ::inotify::{Inotify, WatchMask};

    pub(super) fn watch(
        path: &Path,
        probe: Connection,
        engine: Weak<Engine>,
    ) -> Result<(), (std::io::Error, Connection)> {
        let (dir, names) = file_names(path);
        let mut inotify = match Inotify::init() {
            Ok(i) => i,
            Err(e) => return Err((e, probe)),
        };
        if let Err(e) = inotify.watches().add(&dir, WatchMask::CLOSE_WRITE) {
            return Err((e, probe));
        }
        std::thread::Builder::new()
            .name("anticip-watch".into())
            .spawn(move || {
                let mut changes = Changes::new(probe);
                let mut buffer = [0u8; 4096];
                loop {
                    let Ok(events) = inotify.read_events_blocking(&mut buffer) else {
                        return;
                    };
                    let ours = events.into_iter().any(|e| {
                        e.name
                            .is_some_and(|n| names.iter().any(|ours| n == ours.as_str()))
                    });
                    if ours && !changes.poke_if_changed(&engine) {
                        return;
                    }
                }
            })
            .expect("the watch thread starts");
        Ok(())
    }
}
