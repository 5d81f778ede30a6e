//! Syncs, their records and their change stream in SQLite. Each function runs
//! inside the caller's transaction.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::fetch::{Item, Pass};
use super::{Change, Collection, NewSync, Phase, RateLimit, Record, Sync};
use crate::credentials;
use crate::engine::jobs;

/// The engine job kind that runs a collection's next step.
pub const JOB_KIND: &str = "sync";
/// Syncs retry transient failures for as long as they exist.
pub const MAX_ATTEMPTS: u32 = 1_000_000;
/// A claimed step's lease: longer than a request with its waits.
pub const LEASE_MS: i64 = 180_000;

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("no sync with id or name {0:?}")]
    NotFound(String),
    #[error("a sync named {0:?} already exists; pick another --name or delete it first")]
    NameTaken(String),
    #[error("sync {sync} has no collection {collection:?}; it has {known}")]
    NoCollection {
        sync: String,
        collection: String,
        known: String,
    },
    #[error(transparent)]
    Credential(#[from] credentials::store::CredentialError),
    #[error("credential {name:?} is for {provider}; a {wanted} sync needs {hint}")]
    WrongCredential {
        name: String,
        provider: String,
        wanted: &'static str,
        hint: &'static str,
    },
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
}

const SYNC_COLUMNS: &str = "seq, id, name, provider, credential_id, config, rate_allowed, \
                            rate_interval_ms, max_concurrent, every_ms, paused, metadata, created_at";

fn conversion(
    i: usize,
    e: impl std::error::Error + Send + std::marker::Sync + 'static,
) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
}

fn sync_from_row(r: &Row) -> rusqlite::Result<Sync> {
    let config: String = r.get(5)?;
    let metadata: String = r.get(11)?;
    let allowed: Option<u32> = r.get(6)?;
    let interval: Option<i64> = r.get(7)?;
    Ok(Sync {
        seq: r.get(0)?,
        id: r.get(1)?,
        name: r.get(2)?,
        provider: r.get(3)?,
        credential_id: r.get(4)?,
        config: serde_json::from_str(&config).map_err(|e| conversion(5, e))?,
        rate_limit: allowed.zip(interval).map(|(a, i)| RateLimit {
            allowed_requests: a,
            interval_ms: i,
        }),
        max_concurrent: r.get(8)?,
        every_ms: r.get(9)?,
        paused: r.get(10)?,
        metadata: serde_json::from_str(&metadata).map_err(|e| conversion(11, e))?,
        created_at: r.get(12)?,
    })
}

/// Store a new sync, its collections, and schedule their backfills now.
pub fn insert(conn: &Connection, new: &NewSync, now: i64) -> Result<Sync, SyncError> {
    if find(conn, &new.name)?.is_some() {
        return Err(SyncError::NameTaken(new.name.clone()));
    }
    let credential_id = match &new.credential {
        Some(c) => {
            let credential = credentials::store::get(conn, c)?;
            check_credential(&credential, new.provider)?;
            Some(credential.id)
        }
        None => None,
    };
    let id = uuid::Uuid::new_v4().to_string();
    conn.execute(
        "INSERT INTO syncs (id, name, provider, credential_id, config, rate_allowed,
                            rate_interval_ms, max_concurrent, every_ms, metadata, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            id,
            new.name,
            new.provider.as_str(),
            credential_id,
            serde_json::to_string(&new.config).expect("config serializes"),
            new.rate_limit.map(|r| r.allowed_requests),
            new.rate_limit.map(|r| r.interval_ms),
            new.max_concurrent,
            new.every_ms,
            new.metadata.to_string(),
            now,
        ],
    )?;
    let sync_seq = conn.last_insert_rowid();
    for spec in &new.config.collections {
        conn.execute(
            "INSERT INTO sync_collections (sync_seq, collection_id, phase) VALUES (?1, ?2, 'backfilling')",
            params![sync_seq, spec.id],
        )?;
        let seq = conn.last_insert_rowid();
        jobs::enqueue(conn, JOB_KIND, seq, now, MAX_ATTEMPTS, LEASE_MS)?;
    }
    Ok(get_by_seq(conn, sync_seq)?.expect("just inserted"))
}

/// A credential a sync can use: the right provider and a kind of auth it sends.
fn check_credential(
    credential: &credentials::Credential,
    provider: super::Provider,
) -> Result<(), SyncError> {
    use credentials::Auth;
    let wrong = |wanted, hint| SyncError::WrongCredential {
        name: credential.name.clone(),
        provider: credential.provider.clone(),
        wanted,
        hint,
    };
    match (provider, &credential.auth) {
        (super::Provider::Stripe, Auth::StripeSecretKey { .. }) => Ok(()),
        (super::Provider::Stripe, _) => Err(wrong(
            "stripe",
            "a Stripe secret key (`anticip credential add stripe`)",
        )),
        (_, Auth::AwsAccessKey { .. }) => Err(wrong(
            "http",
            "a bearer token, basic auth or an API key (`anticip credential add http`)",
        )),
        _ => Ok(()),
    }
}

/// By id or by name.
pub fn find(conn: &Connection, id_or_name: &str) -> rusqlite::Result<Option<Sync>> {
    conn.prepare_cached(&format!(
        "SELECT {SYNC_COLUMNS} FROM syncs WHERE id = ?1 OR name = ?1 ORDER BY id = ?1 DESC LIMIT 1"
    ))?
    .query_row([id_or_name], sync_from_row)
    .optional()
}

pub fn get(conn: &Connection, id_or_name: &str) -> Result<Sync, SyncError> {
    find(conn, id_or_name)?.ok_or_else(|| SyncError::NotFound(id_or_name.to_string()))
}

pub fn get_by_seq(conn: &Connection, seq: i64) -> rusqlite::Result<Option<Sync>> {
    conn.prepare_cached(&format!("SELECT {SYNC_COLUMNS} FROM syncs WHERE seq = ?1"))?
        .query_row([seq], sync_from_row)
        .optional()
}

pub fn list(conn: &Connection) -> rusqlite::Result<Vec<Sync>> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {SYNC_COLUMNS} FROM syncs ORDER BY seq"))?;
    let rows = stmt.query_map([], sync_from_row)?;
    rows.collect()
}

const COLLECTION_COLUMNS: &str = "seq, sync_seq, collection_id, phase, step, pass, pass_no, watermark, \
    synced_through, last_poll_at, backfilled_at, pages, records, estimated_total, throttled_until, \
    last_error, last_error_at, last_status, last_body";

fn collection_from_row(r: &Row) -> rusqlite::Result<Collection> {
    let phase: String = r.get(3)?;
    let pass: Option<String> = r.get(5)?;
    Ok(Collection {
        seq: r.get(0)?,
        sync_seq: r.get(1)?,
        collection_id: r.get(2)?,
        phase: if phase == "polling" {
            Phase::Polling
        } else {
            Phase::Backfilling
        },
        step: r.get(4)?,
        pass: pass
            .map(|p| serde_json::from_str(&p))
            .transpose()
            .map_err(|e| conversion(5, e))?,
        pass_no: r.get(6)?,
        watermark: r.get(7)?,
        synced_through: r.get(8)?,
        last_poll_at: r.get(9)?,
        backfilled_at: r.get(10)?,
        pages: r.get(11)?,
        records: r.get(12)?,
        estimated_total: r.get(13)?,
        throttled_until: r.get(14)?,
        last_error: r.get(15)?,
        last_error_at: r.get(16)?,
        last_status: r.get(17)?,
        last_body: r.get(18)?,
    })
}

pub fn collections(conn: &Connection, sync_seq: i64) -> rusqlite::Result<Vec<Collection>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLLECTION_COLUMNS} FROM sync_collections WHERE sync_seq = ?1 ORDER BY seq"
    ))?;
    let rows = stmt.query_map([sync_seq], collection_from_row)?;
    rows.collect()
}

pub fn collection(conn: &Connection, seq: i64) -> rusqlite::Result<Option<Collection>> {
    conn.prepare_cached(&format!(
        "SELECT {COLLECTION_COLUMNS} FROM sync_collections WHERE seq = ?1"
    ))?
    .query_row([seq], collection_from_row)
    .optional()
}

/// The collection of `sync` named `collection_id`.
pub fn collection_named(
    conn: &Connection,
    sync: &Sync,
    collection_id: &str,
) -> Result<Collection, SyncError> {
    collections(conn, sync.seq)?
        .into_iter()
        .find(|c| c.collection_id == collection_id)
        .ok_or_else(|| SyncError::NoCollection {
            sync: sync.name.clone(),
            collection: collection_id.to_string(),
            known: sync
                .config
                .collections
                .iter()
                .map(|c| c.id.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        })
}

/// Stop a sync: its jobs are dropped; a step in flight still commits its page.
pub fn pause(conn: &Connection, id_or_name: &str) -> Result<Sync, SyncError> {
    let sync = get(conn, id_or_name)?;
    conn.execute("UPDATE syncs SET paused = 1 WHERE seq = ?1", [sync.seq])?;
    for c in collections(conn, sync.seq)? {
        jobs::cancel(conn, JOB_KIND, c.seq)?;
    }
    Ok(get_by_seq(conn, sync.seq)?.expect("exists"))
}

/// Go on where the sync stopped: every collection's next step is due now.
pub fn resume(conn: &Connection, id_or_name: &str, now: i64) -> Result<Sync, SyncError> {
    let sync = get(conn, id_or_name)?;
    conn.execute("UPDATE syncs SET paused = 0 WHERE seq = ?1", [sync.seq])?;
    schedule_now(conn, &sync, now)?;
    Ok(get_by_seq(conn, sync.seq)?.expect("exists"))
}

/// Make every collection's next step due now (a step running now goes on).
pub fn schedule_now(conn: &Connection, sync: &Sync, now: i64) -> rusqlite::Result<()> {
    for c in collections(conn, sync.seq)? {
        jobs::expedite(conn, JOB_KIND, c.seq, now, MAX_ATTEMPTS, LEASE_MS)?;
    }
    Ok(())
}

/// Delete a sync with its records and change stream.
pub fn delete(conn: &Connection, id_or_name: &str) -> Result<Sync, SyncError> {
    let sync = get(conn, id_or_name)?;
    for c in collections(conn, sync.seq)? {
        jobs::cancel(conn, JOB_KIND, c.seq)?;
        conn.execute("DELETE FROM sync_events WHERE collection_seq = ?1", [c.seq])?;
        conn.execute(
            "DELETE FROM sync_records WHERE collection_seq = ?1",
            [c.seq],
        )?;
    }
    conn.execute("DELETE FROM syncs WHERE seq = ?1", [sync.seq])?;
    if sync.credential_id.is_none() {
        conn.execute("DELETE FROM sync_rate WHERE bucket = ?1", [sync.bucket()])?;
    }
    Ok(sync)
}

/// Registered in `credentials::store::USAGE_CHECKS`: the syncs using a credential.
pub fn credential_users(
    conn: &Connection,
    credential_id: &str,
) -> rusqlite::Result<Option<String>> {
    let mut stmt =
        conn.prepare_cached("SELECT name FROM syncs WHERE credential_id = ?1 ORDER BY seq")?;
    let names: Vec<String> = stmt
        .query_map([credential_id], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(match names.len() {
        0 => None,
        1 => Some(format!("sync {:?}", names[0])),
        _ => Some(format!(
            "syncs {}",
            names
                .iter()
                .map(|n| format!("{n:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    })
}

/// What applying items did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Applied {
    pub created: u64,
    pub updated: u64,
    pub deleted: u64,
    pub unchanged: u64,
}

/// Write items into a collection's copy, appending a change event for every
/// record that is new, different or gone. `seen_pass` marks the records a
/// full pass listed (for sweeps). `ordered` items carry the time of their
/// version (an event's time): one older than the stored version is skipped,
/// so a late event never rolls a record back.
pub fn apply(
    conn: &Connection,
    collection_seq: i64,
    items: &[Item],
    seen_pass: Option<i64>,
    ordered: bool,
    now: i64,
) -> rusqlite::Result<Applied> {
    let mut applied = Applied::default();
    let mut existing = conn.prepare_cached(
        "SELECT hash, upstream_updated_at, seen_pass FROM sync_records
         WHERE collection_seq = ?1 AND upstream_id = ?2",
    )?;
    for item in items {
        let found: Option<(i64, Option<i64>, i64)> = existing
            .query_row(params![collection_seq, item.upstream_id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        if ordered
            && let (Some((_, Some(stored), _)), Some(at)) = (found, item.updated_at)
            && at < stored
        {
            applied.unchanged += 1;
            continue;
        }
        let hash = item.hash as i64;
        match found {
            None if item.deleted => applied.unchanged += 1,
            None => {
                let seq = append_event(conn, collection_seq, item, "created", now)?;
                conn.prepare_cached(
                    "INSERT INTO sync_records (collection_seq, upstream_id, hash, data,
                        upstream_updated_at, seq, seen_pass, inserted_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)",
                )?
                .execute(params![
                    collection_seq,
                    item.upstream_id,
                    hash,
                    item.data,
                    item.updated_at,
                    seq,
                    seen_pass.unwrap_or(0),
                    now
                ])?;
                applied.created += 1;
            }
            Some(_) if item.deleted => {
                append_event(conn, collection_seq, item, "deleted", now)?;
                conn.prepare_cached(
                    "DELETE FROM sync_records WHERE collection_seq = ?1 AND upstream_id = ?2",
                )?
                .execute(params![collection_seq, item.upstream_id])?;
                applied.deleted += 1;
            }
            Some((stored_hash, _, stored_pass)) if stored_hash == hash => {
                if let Some(pass) = seen_pass.filter(|p| *p != stored_pass) {
                    conn.prepare_cached(
                        "UPDATE sync_records SET seen_pass = ?3
                         WHERE collection_seq = ?1 AND upstream_id = ?2",
                    )?
                    .execute(params![
                        collection_seq,
                        item.upstream_id,
                        pass
                    ])?;
                }
                applied.unchanged += 1;
            }
            Some((_, _, stored_pass)) => {
                let seq = append_event(conn, collection_seq, item, "updated", now)?;
                conn.prepare_cached(
                    "UPDATE sync_records SET hash = ?3, data = ?4, upstream_updated_at = ?5,
                        seq = ?6, seen_pass = ?7, updated_at = ?8
                     WHERE collection_seq = ?1 AND upstream_id = ?2",
                )?
                .execute(params![
                    collection_seq,
                    item.upstream_id,
                    hash,
                    item.data,
                    item.updated_at,
                    seq,
                    seen_pass.unwrap_or(stored_pass),
                    now
                ])?;
                applied.updated += 1;
            }
        }
    }
    let delta = applied.created as i64 - applied.deleted as i64;
    if delta != 0 {
        add_records(conn, collection_seq, delta)?;
    }
    Ok(applied)
}

/// Keep `sync_collections.record_count` in step, so counting costs nothing.
fn add_records(conn: &Connection, collection_seq: i64, delta: i64) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE sync_collections SET record_count = record_count + ?2 WHERE seq = ?1",
    )?
    .execute(params![collection_seq, delta])?;
    Ok(())
}

fn append_event(
    conn: &Connection,
    collection_seq: i64,
    item: &Item,
    event: &str,
    now: i64,
) -> rusqlite::Result<i64> {
    conn.prepare_cached(
        "INSERT INTO sync_events (event_id, collection_seq, upstream_id, upstream_updated_at,
                                  event, data, inserted_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        uuid::Uuid::new_v4().to_string(),
        collection_seq,
        item.upstream_id,
        item.updated_at,
        event,
        item.data,
        now
    ])?;
    Ok(conn.last_insert_rowid())
}

/// The outcome of a sweep after a full pass.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sweep {
    Deleted(u64),
    /// More than the allowed share was missing: nothing was deleted.
    Refused {
        missing: u64,
        total: u64,
    },
}

/// Delete the records the full pass `pass_no` did not list, unless more than
/// `max_share` of the collection would go.
pub fn sweep(
    conn: &Connection,
    collection_seq: i64,
    pass_no: i64,
    max_share: f64,
    now: i64,
) -> rusqlite::Result<Sweep> {
    let (total, missing): (i64, i64) = conn.query_row(
        "SELECT count(*), count(*) FILTER (WHERE seen_pass < ?2)
         FROM sync_records WHERE collection_seq = ?1",
        params![collection_seq, pass_no],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if missing == 0 {
        return Ok(Sweep::Deleted(0));
    }
    if missing as f64 > max_share * total as f64 {
        return Ok(Sweep::Refused {
            missing: missing as u64,
            total: total as u64,
        });
    }
    let gone: Vec<(String, String, Option<i64>)> = conn
        .prepare_cached(
            "SELECT upstream_id, data, upstream_updated_at FROM sync_records
             WHERE collection_seq = ?1 AND seen_pass < ?2 ORDER BY upstream_id",
        )?
        .query_map(params![collection_seq, pass_no], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    for (upstream_id, data, updated_at) in gone {
        let item = Item {
            upstream_id,
            hash: 0,
            data,
            updated_at,
            deleted: true,
        };
        append_event(conn, collection_seq, &item, "deleted", now)?;
        conn.prepare_cached(
            "DELETE FROM sync_records WHERE collection_seq = ?1 AND upstream_id = ?2",
        )?
        .execute(params![collection_seq, item.upstream_id])?;
    }
    add_records(conn, collection_seq, -missing)?;
    Ok(Sweep::Deleted(missing as u64))
}

/// Everything a step writes about its collection besides records.
#[derive(Debug, Clone, Default)]
pub struct Progress {
    pub phase: Option<Phase>,
    /// `Some(None)` clears the pass.
    pub pass: Option<Option<Pass>>,
    pub pass_no: Option<i64>,
    pub watermark: Option<i64>,
    pub synced_through: Option<i64>,
    pub last_poll_at: Option<i64>,
    pub backfilled_at: Option<i64>,
    pub pages: Option<i64>,
    pub records: Option<i64>,
    pub estimated_total: Option<Option<i64>>,
    pub clear_error: bool,
}

/// Record a committed step: the collection moves on and its step counter
/// advances (a step that started from an older counter is stale).
pub fn advance(conn: &Connection, seq: i64, p: &Progress) -> rusqlite::Result<()> {
    let pass_json = p.pass.as_ref().map(|pass| {
        pass.as_ref()
            .map(|x| serde_json::to_string(x).expect("pass serializes"))
    });
    conn.prepare_cached(
        "UPDATE sync_collections SET
            step = step + 1,
            phase = coalesce(?2, phase),
            pass = CASE WHEN ?3 THEN ?4 ELSE pass END,
            pass_no = coalesce(?5, pass_no),
            watermark = coalesce(?6, watermark),
            synced_through = coalesce(?7, synced_through),
            last_poll_at = coalesce(?8, last_poll_at),
            backfilled_at = coalesce(backfilled_at, ?9),
            pages = coalesce(?10, pages),
            records = coalesce(?11, records),
            estimated_total = CASE WHEN ?12 THEN ?13 ELSE estimated_total END,
            throttled_until = NULL,
            last_error = CASE WHEN ?14 THEN NULL ELSE last_error END,
            last_error_at = CASE WHEN ?14 THEN NULL ELSE last_error_at END,
            last_status = CASE WHEN ?14 THEN NULL ELSE last_status END,
            last_body = CASE WHEN ?14 THEN NULL ELSE last_body END
         WHERE seq = ?1",
    )?
    .execute(params![
        seq,
        p.phase.map(Phase::as_str),
        pass_json.is_some(),
        pass_json.flatten(),
        p.pass_no,
        p.watermark,
        p.synced_through,
        p.last_poll_at,
        p.backfilled_at,
        p.pages,
        p.records,
        p.estimated_total.is_some(),
        p.estimated_total.flatten(),
        p.clear_error,
    ])?;
    Ok(())
}

/// Record a failed step (secrets already redacted).
pub fn record_error(
    conn: &Connection,
    seq: i64,
    error: &str,
    status: Option<u16>,
    body: Option<&str>,
    now: i64,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE sync_collections SET last_error = ?2, last_error_at = ?3, last_status = ?4,
            last_body = ?5 WHERE seq = ?1",
    )?
    .execute(params![seq, error, now, status, body])?;
    Ok(())
}

/// Count a failed request against the pass under way (a sweep then waits
/// for a clean pass).
pub fn count_pass_error(conn: &Connection, seq: i64) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE sync_collections SET pass = json_set(pass, '$.errors', json_extract(pass, '$.errors') + 1)
         WHERE seq = ?1 AND pass IS NOT NULL",
    )?
    .execute([seq])?;
    Ok(())
}

pub fn set_throttled(conn: &Connection, seq: i64, until: Option<i64>) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE sync_collections SET throttled_until = ?2 WHERE seq = ?1")?
        .execute(params![seq, until])?;
    Ok(())
}

/// Where a listing of changes or records starts and what it covers.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub sync_seq: Option<i64>,
    pub collection_seq: Option<i64>,
    /// A collection id in any sync (e.g. every `stripe:customer`).
    pub collection_id: Option<String>,
    pub after_seq: i64,
    pub limit: usize,
}

/// Change events in seq order.
pub fn changes(conn: &Connection, f: &Filter) -> rusqlite::Result<Vec<Change>> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.seq, e.event_id, s.id, c.collection_id, e.upstream_id, e.upstream_updated_at,
                e.event, e.data, e.inserted_at
         FROM sync_events e
         JOIN sync_collections c ON c.seq = e.collection_seq
         JOIN syncs s ON s.seq = c.sync_seq
         WHERE e.seq > ?1
           AND (?2 IS NULL OR c.sync_seq = ?2)
           AND (?3 IS NULL OR e.collection_seq = ?3)
           AND (?5 IS NULL OR c.collection_id = ?5)
         ORDER BY e.seq LIMIT (?4 + 0)",
    )?;
    let rows = stmt.query_map(
        params![
            f.after_seq,
            f.sync_seq,
            f.collection_seq,
            f.limit as i64,
            f.collection_id
        ],
        |r| {
            Ok(Change {
                seq: r.get(0)?,
                event_id: r.get(1)?,
                sync_id: r.get(2)?,
                collection_id: r.get(3)?,
                upstream_id: r.get(4)?,
                upstream_updated_at: r.get(5)?,
                event: r.get(6)?,
                data: r.get(7)?,
                inserted_at: r.get(8)?,
            })
        },
    )?;
    rows.collect()
}

/// Records in the order they last changed. A record's `seq` is that of the
/// change event that wrote its version, so the change stream, read in order,
/// finds them page by page (an event whose record has changed again or is
/// gone is passed over) without an index of its own on every record write.
pub fn records(conn: &Connection, f: &Filter) -> rusqlite::Result<Vec<Record>> {
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, c.collection_id, r.upstream_id, r.upstream_updated_at, r.data, r.seq,
                r.inserted_at, r.updated_at
         FROM sync_events e
         CROSS JOIN sync_records r
             ON r.collection_seq = e.collection_seq AND r.upstream_id = e.upstream_id
         JOIN sync_collections c ON c.seq = e.collection_seq
         JOIN syncs s ON s.seq = c.sync_seq
         WHERE e.seq > ?1 AND r.seq = e.seq
           AND (?2 IS NULL OR c.sync_seq = ?2)
           AND (?3 IS NULL OR e.collection_seq = ?3)
           AND (?5 IS NULL OR c.collection_id = ?5)
         ORDER BY e.seq LIMIT (?4 + 0)",
    )?;
    let rows = stmt.query_map(
        params![
            f.after_seq,
            f.sync_seq,
            f.collection_seq,
            f.limit as i64,
            f.collection_id
        ],
        |r| {
            Ok(Record {
                sync_id: r.get(0)?,
                collection_id: r.get(1)?,
                upstream_id: r.get(2)?,
                upstream_updated_at: r.get(3)?,
                data: r.get(4)?,
                seq: r.get(5)?,
                inserted_at: r.get(6)?,
                updated_at: r.get(7)?,
            })
        },
    )?;
    rows.collect()
}

/// How many records a collection holds (a kept count, not a scan).
pub fn record_count(conn: &Connection, collection_seq: i64) -> rusqlite::Result<i64> {
    conn.prepare_cached("SELECT record_count FROM sync_collections WHERE seq = ?1")?
        .query_row([collection_seq], |r| r.get(0))
}

/// Every collection of `sync` with its record count and next step time.
pub fn statuses(
    conn: &Connection,
    sync: &Sync,
) -> rusqlite::Result<Vec<super::view::CollectionStatus>> {
    collections(conn, sync.seq)?
        .into_iter()
        .map(|collection| {
            Ok(super::view::CollectionStatus {
                record_count: record_count(conn, collection.seq)?,
                next_step_at: jobs::scheduled(conn, JOB_KIND, collection.seq)?
                    .filter(|(_, claimed)| !claimed)
                    .map(|(at, _)| at),
                collection,
            })
        })
        .collect()
}
