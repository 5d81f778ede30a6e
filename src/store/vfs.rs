//! SQLite's own file layer with one change: a transaction's WAL frames reach
//! the WAL file in two `write`s, not two per page.
//!
//! SQLite writes each frame as a 24-byte header and then its page, one system
//! call each, and a commit is tens of frames: most of the writer thread's time
//! in the kernel went to the calls themselves, not to the bytes. Here a WAL
//! file keeps consecutive writes in memory and hands them on at once when the
//! header of the transaction's commit frame arrives; that frame's page follows
//! straight on. Both are written before SQLite tells any reader about the new
//! frames (it does that after the writes return). Anything else that
//! touches the file (a read, a sync, its size, a write elsewhere, closing it)
//! hands them on first, so SQLite never sees the difference. Files other than
//! WALs are SQLite's own, untouched.

use std::ffi::{c_int, c_void};
use std::mem::size_of;
use std::ptr;
use std::sync::OnceLock;

use rusqlite::ffi;

/// The name this layer is registered under, as the default.
const NAME: &std::ffi::CStr = c"anticip";
/// A WAL frame's header; its bytes 4..8 are nonzero only in a commit frame.
const FRAME_HEADER: c_int = 24;
/// The WAL file's own header, before the first frame.
const WAL_HEADER: i64 = 32;
/// Bytes kept back at most: a larger transaction is written in pieces.
/// SQLite's unix layer writes at most 128 KiB − 1 bytes per system call
/// (and fails a write of exactly 128 KiB), so one piece is one call.
const MOST_PENDING: usize = 0x1ffff;

/// Our file: SQLite's own file object follows it in the same allocation.
#[repr(C)]
struct WalFile {
    base: ffi::sqlite3_file,
    real: *mut ffi::sqlite3_file,
    pending: *mut Pending,
}

/// Writes not yet handed on: `bytes` belong at `start` in the file.
#[derive(Default)]
struct Pending {
    start: i64,
    bytes: Vec<u8>,
    /// The last write was a commit frame's header: its page goes straight on.
    commit_page_next: bool,
}

/// SQLite's default VFS, which does the real work.
static REAL: OnceLock<usize> = OnceLock::new();

/// Make this layer the default for every connection opened from now on.
/// Idempotent; if SQLite has no default VFS, nothing changes.
pub fn install() {
    REAL.get_or_init(|| {
        // SAFETY: sqlite3_vfs_find and sqlite3_vfs_register are thread-safe;
        // the registered struct is leaked, so it outlives every connection.
        unsafe {
            let real = ffi::sqlite3_vfs_find(ptr::null());
            if real.is_null() {
                return 0;
            }
            let mut ours = *real;
            ours.zName = NAME.as_ptr();
            ours.pNext = ptr::null_mut();
            ours.szOsFile = (*real).szOsFile + size_of::<WalFile>() as c_int;
            ours.xOpen = Some(open);
            if ffi::sqlite3_vfs_register(Box::leak(Box::new(ours)), 1) != ffi::SQLITE_OK {
                return 0;
            }
            real as usize
        }
    });
}

fn real_vfs() -> *mut ffi::sqlite3_vfs {
    *REAL.get().expect("installed before use") as *mut ffi::sqlite3_vfs
}

unsafe extern "C" fn open(
    _vfs: *mut ffi::sqlite3_vfs,
    name: ffi::sqlite3_filename,
    file: *mut ffi::sqlite3_file,
    flags: c_int,
    out_flags: *mut c_int,
) -> c_int {
    let real_vfs = real_vfs();
    // SAFETY (whole function): SQLite hands us `szOsFile` bytes at `file`,
    // which fit our header followed by the real VFS's file object.
    unsafe {
        let real_open = (*real_vfs).xOpen.expect("a VFS opens files");
        if flags & ffi::SQLITE_OPEN_WAL == 0 {
            return real_open(real_vfs, name, file, flags, out_flags);
        }
        let ours = file.cast::<WalFile>();
        let real = file
            .cast::<u8>()
            .add(size_of::<WalFile>())
            .cast::<ffi::sqlite3_file>();
        (*ours).base.pMethods = ptr::null();
        (*real).pMethods = ptr::null();
        let rc = real_open(real_vfs, name, real, flags, out_flags);
        if rc != ffi::SQLITE_OK {
            // SQLite closes only what our own pMethods says is open.
            if let Some(methods) = (*real).pMethods.as_ref()
                && let Some(close) = methods.xClose
            {
                close(real);
            }
            return rc;
        }
        (*ours).real = real;
        (*ours).pending = Box::into_raw(Box::default());
        (*ours).base.pMethods = &WAL_METHODS;
        rc
    }
}

/// The real file and its methods, and what is pending.
///
/// # Safety
/// `file` must be a `WalFile` that `open` set up and that is not closed.
unsafe fn parts<'a>(
    file: *mut ffi::sqlite3_file,
) -> (
    *mut ffi::sqlite3_file,
    &'a ffi::sqlite3_io_methods,
    &'a mut Pending,
) {
    // SAFETY: per the function's contract.
    unsafe {
        let ours = file.cast::<WalFile>();
        let real = (*ours).real;
        (real, &*(*real).pMethods, &mut *(*ours).pending)
    }
}

/// Hand pending bytes on to the real file.
///
/// # Safety
/// `real` and `methods` must be the real file of the `WalFile` that owns `pending`.
unsafe fn flush(
    real: *mut ffi::sqlite3_file,
    methods: &ffi::sqlite3_io_methods,
    pending: &mut Pending,
) -> c_int {
    if pending.bytes.is_empty() {
        return ffi::SQLITE_OK;
    }
    // SAFETY: per the function's contract; the bytes are ours and readable.
    let rc = unsafe {
        write_through(
            real,
            methods,
            pending.bytes.as_ptr().cast(),
            pending.bytes.len() as c_int, // at most MOST_PENDING
            pending.start,
        )
    };
    // Written or not, they are SQLite's to retry: it sees this call fail.
    pending.bytes.clear();
    rc
}

/// # Safety
/// `real` and `methods` as for [`flush`]; `amount` bytes readable at `data`.
unsafe fn write_through(
    real: *mut ffi::sqlite3_file,
    methods: &ffi::sqlite3_io_methods,
    data: *const c_void,
    amount: c_int,
    offset: i64,
) -> c_int {
    let write = methods.xWrite.expect("files are writable");
    // SAFETY: per the function's contract.
    unsafe { write(real, data, amount, offset) }
}

/// Keep appended frames; write everything out once a commit frame's header
/// arrives, and its page straight after. That header is also written alone
/// when SQLite rewrites the checksums of a transaction's frames: either way it
/// is on disk before SQLite tells readers about the commit.
unsafe extern "C" fn wal_write(
    file: *mut ffi::sqlite3_file,
    data: *const c_void,
    amount: c_int,
    offset: i64,
) -> c_int {
    // SAFETY: SQLite passes a file `open` set up and `amount` readable bytes.
    unsafe {
        let (real, methods, pending) = parts(file);
        let end = pending.start + pending.bytes.len() as i64;
        let fits = pending.bytes.len() + amount as usize <= MOST_PENDING;
        if !pending.bytes.is_empty() && (offset != end || !fits) {
            let rc = flush(real, methods, pending);
            if rc != ffi::SQLITE_OK {
                return rc;
            }
        }
        if std::mem::take(&mut pending.commit_page_next) || amount as usize > MOST_PENDING {
            return write_through(real, methods, data, amount, offset);
        }
        let bytes = std::slice::from_raw_parts(data.cast::<u8>(), amount as usize);
        if pending.bytes.is_empty() {
            pending.start = offset;
        }
        pending.bytes.extend_from_slice(bytes);
        let header = amount == FRAME_HEADER && offset >= WAL_HEADER;
        if header && bytes[4..8] != [0; 4] {
            pending.commit_page_next = true;
            return flush(real, methods, pending);
        }
        ffi::SQLITE_OK
    }
}

unsafe extern "C" fn wal_close(file: *mut ffi::sqlite3_file) -> c_int {
    // SAFETY: SQLite closes a file `open` set up, once.
    unsafe {
        let (real, methods, pending) = parts(file);
        let flushed = flush(real, methods, pending);
        let closed = methods.xClose.map_or(ffi::SQLITE_OK, |close| close(real));
        let ours = file.cast::<WalFile>();
        drop(Box::from_raw((*ours).pending));
        (*ours).pending = ptr::null_mut();
        if flushed != ffi::SQLITE_OK {
            flushed
        } else {
            closed
        }
    }
}

/// A method that does what SQLite's does, after handing pending bytes on
/// if it reads or depends on the file's bytes (`flush_first = true`).
macro_rules! forward {
    ($name:ident, $method:ident, flush_first = $flush:literal, ($($arg:ident: $ty:ty),*)) => {
        unsafe extern "C" fn $name(file: *mut ffi::sqlite3_file, $($arg: $ty),*) -> c_int {
            // SAFETY: SQLite passes a file `open` set up.
            unsafe {
                let (real, methods, pending) = parts(file);
                if $flush {
                    let rc = flush(real, methods, pending);
                    if rc != ffi::SQLITE_OK {
                        return rc;
                    }
                }
                match methods.$method {
                    Some(method) => method(real, $($arg),*),
                    None => ffi::SQLITE_MISUSE,
                }
            }
        }
    };
}

forward!(wal_read, xRead, flush_first = true, (data: *mut c_void, amount: c_int, offset: i64));
forward!(wal_truncate, xTruncate, flush_first = true, (size: i64));
forward!(wal_sync, xSync, flush_first = true, (flags: c_int));
forward!(wal_file_size, xFileSize, flush_first = true, (size: *mut i64));
forward!(wal_file_control, xFileControl, flush_first = true, (op: c_int, arg: *mut c_void));
forward!(wal_fetch, xFetch, flush_first = true, (offset: i64, amount: c_int, out: *mut *mut c_void));
forward!(wal_lock, xLock, flush_first = false, (level: c_int));
forward!(wal_unlock, xUnlock, flush_first = false, (level: c_int));
forward!(wal_check_reserved_lock, xCheckReservedLock, flush_first = false, (out: *mut c_int));
forward!(wal_sector_size, xSectorSize, flush_first = false, ());
forward!(
    wal_device_characteristics,
    xDeviceCharacteristics,
    flush_first = false,
    ()
);
forward!(wal_shm_map, xShmMap, flush_first = false, (page: c_int, size: c_int, extend: c_int, out: *mut *mut c_void));
forward!(wal_shm_lock, xShmLock, flush_first = false, (offset: c_int, n: c_int, flags: c_int));
forward!(wal_shm_unmap, xShmUnmap, flush_first = false, (delete: c_int));
forward!(wal_unfetch, xUnfetch, flush_first = false, (offset: i64, page: *mut c_void));

unsafe extern "C" fn wal_shm_barrier(file: *mut ffi::sqlite3_file) {
    // SAFETY: SQLite passes a file `open` set up.
    unsafe {
        let (real, methods, _) = parts(file);
        if let Some(barrier) = methods.xShmBarrier {
            barrier(real);
        }
    }
}

static WAL_METHODS: ffi::sqlite3_io_methods = ffi::sqlite3_io_methods {
    iVersion: 3,
    xClose: Some(wal_close),
    xRead: Some(wal_read),
    xWrite: Some(wal_write),
    xTruncate: Some(wal_truncate),
    xSync: Some(wal_sync),
    xFileSize: Some(wal_file_size),
    xLock: Some(wal_lock),
    xUnlock: Some(wal_unlock),
    xCheckReservedLock: Some(wal_check_reserved_lock),
    xFileControl: Some(wal_file_control),
    xSectorSize: Some(wal_sector_size),
    xDeviceCharacteristics: Some(wal_device_characteristics),
    xShmMap: Some(wal_shm_map),
    xShmLock: Some(wal_shm_lock),
    xShmBarrier: Some(wal_shm_barrier),
    xShmUnmap: Some(wal_shm_unmap),
    xFetch: Some(wal_fetch),
    xUnfetch: Some(wal_unfetch),
};

#[cfg(test)]
mod tests {
    use std::path::Path;

    use rusqlite::Connection;

    /// What a `kill -9` would leave: the database and its WAL as they are on
    /// disk, opened elsewhere (and checked whole).
    fn crash_copy(from: &Path, to: &Path) -> Connection {
        for suffix in ["", "-wal"] {
            let name = |p: &Path| format!("{}{suffix}", p.display());
            std::fs::copy(name(from), name(to)).unwrap();
        }
        let copy = crate::store::open(to).unwrap();
        let check: String = copy
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok");
        copy
    }

    fn rows(conn: &Connection) -> (i64, i64) {
        conn.query_row(
            "SELECT count(*), coalesce(sum(length(value)), 0) FROM meta WHERE key LIKE 'k%'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
    }

    #[test]
    fn every_committed_transaction_is_on_disk_when_its_commit_returns() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        let conn = crate::store::open(&path).unwrap();
        conn.pragma_update(None, "wal_autocheckpoint", 0).unwrap();
        // Small transactions, and one of 4 MiB: many times the largest piece.
        for i in 0..50 {
            conn.execute(
                "INSERT INTO meta (key, value) VALUES (?1, 'v')",
                [format!("k{i}")],
            )
            .unwrap();
        }
        let tx = conn.unchecked_transaction().unwrap();
        for i in 0..1000 {
            tx.execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2)",
                (format!("kbig{i}"), "x".repeat(4000)),
            )
            .unwrap();
        }
        tx.commit().unwrap();

        let copy = crash_copy(&path, &dir.path().join("copy.db"));
        assert_eq!(rows(&copy), (1050, 50 + 4_000_000));
    }

    #[test]
    fn a_transaction_larger_than_the_page_cache_reads_back_what_it_wrote() {
        // A tiny cache makes SQLite write pages to the WAL before the commit,
        // read them back and write some of them again.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.db");
        let conn = crate::store::open(&path).unwrap();
        conn.pragma_update(None, "cache_size", 10).unwrap();
        let tx = conn.unchecked_transaction().unwrap();
        for round in 0..3 {
            for i in 0..300 {
                tx.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
                    (format!("k{i}"), format!("{round}").repeat(1000)),
                )
                .unwrap();
            }
        }
        tx.commit().unwrap();

        let reader = crate::store::open_reader(&path).unwrap();
        let last: String = reader
            .query_row("SELECT value FROM meta WHERE key = 'k299'", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(last, "2".repeat(1000));
        assert_eq!(rows(&reader), (300, 300_000));
        let copy = crash_copy(&path, &dir.path().join("copy.db"));
        assert_eq!(rows(&copy), (300, 300_000));
    }
}
