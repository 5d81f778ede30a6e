//! Events in SQLite. Each function runs inside the caller's transaction.

use rusqlite::{CachedStatement, Connection, OptionalExtension, Row, params};

use super::{Attempt, Event, Invalid, NewEvent, SqsOptions, Status, invalid};
use crate::credentials::{self, Auth};
use crate::engine::{Finished, Next, Outcome, jobs};
use crate::ids;

/// The engine job kind that delivers events.
pub const JOB_KIND: &str = "event";

/// A claimed delivery's lease outlives its timeout by this much.
const LEASE_MARGIN_MS: i64 = 30_000;

#[derive(Debug, thiserror::Error)]
pub enum EventError {
    #[error("no event with id {0:?}")]
    NotFound(String),
    #[error("event {id} is {status}; only failed events can be retried")]
    NotRetryable { id: String, status: Status },
    /// A field that only the store can check (e.g. that a credential exists).
    #[error(transparent)]
    Invalid(#[from] Invalid),
    #[error(
        "Idempotency-Key {0:?} was first used with a different request; \
         retry with the same body, or use a new key for a new event"
    )]
    IdempotencyConflict(String),
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
}

const COLUMNS: &str = "seq, id, type, method, url, headers, document, when_at, created_at, timeout_ms, \
                       max_attempts, status, attempt_count, next_attempt_at, finished_at, last_error, \
                       credential_id, message_group_id, region, \
                       (SELECT name FROM credentials WHERE credentials.id = events.credential_id)";

fn from_row(r: &Row) -> rusqlite::Result<Event> {
    let text = |i: usize| -> rusqlite::Result<String> { r.get(i) };
    let parse_err = |i: usize, e: String| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, e.into())
    };
    let headers: String = text(5)?;
    Ok(Event {
        seq: r.get(0)?,
        id: r.get(1)?,
        event_type: text(2)?.parse().map_err(|e| parse_err(2, e))?,
        method: text(3)?.parse().map_err(|e| parse_err(3, e))?,
        url: r.get(4)?,
        headers: serde_json::from_str(&headers).map_err(|e| parse_err(5, e.to_string()))?,
        document: r.get(6)?,
        when_at: r.get(7)?,
        created_at: r.get(8)?,
        timeout_ms: r.get(9)?,
        max_attempts: r.get(10)?,
        status: text(11)?.parse().map_err(|e| parse_err(11, e))?,
        attempt_count: r.get(12)?,
        next_attempt_at: r.get(13)?,
        finished_at: r.get(14)?,
        last_error: r.get(15)?,
        sqs: SqsOptions {
            credential: r.get(16)?,
            message_group_id: r.get(17)?,
            region: r.get(18)?,
        },
        credential_name: r.get(19)?,
    })
}

/// Store a new event and schedule its delivery. A named credential must
/// exist and hold AWS keys (`EventError::Invalid` otherwise).
pub fn insert(conn: &Connection, new: &NewEvent, now: i64) -> Result<Event, EventError> {
    let credential_id = match &new.sqs.credential {
        Some(name) => Some(aws_credential(conn, name)?),
        None => None,
    };
    let id = ids::short_id();
    let headers = serde_json::to_string(&new.headers).expect("strings serialize");
    let event = conn
        .prepare_cached(&format!(
            "INSERT INTO events (id, type, method, url, headers, document, when_at, created_at,
                                 timeout_ms, max_attempts, status,
                                 credential_id, message_group_id, region)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'scheduled', ?11, ?12, ?13)
             RETURNING {COLUMNS}"
        ))?
        .query_row(
            params![
                id,
                new.event_type.as_str(),
                new.method.as_str(),
                new.url,
                headers,
                new.document,
                new.when_at,
                now,
                new.timeout_ms,
                new.max_attempts,
                credential_id,
                new.sqs.message_group_id,
                new.sqs.region,
            ],
            from_row,
        )?;
    schedule(conn, &event, new.when_at)?;
    Ok(event)
}

/// The id of the stored AWS credential with this name or id.
fn aws_credential(conn: &Connection, name: &str) -> Result<String, EventError> {
    let credential = credentials::store::find(conn, name)?.ok_or_else(|| {
        invalid(
            "credential",
            format!(
                "no credential named {name:?}; add it with `anticip credential add aws --name {name} …`, or see `anticip credential list`"
            ),
        )
    })?;
    if !matches!(credential.auth, Auth::AwsAccessKey { .. }) {
        return Err(invalid(
            "credential",
            format!(
                "{name:?} is a {} credential; sqs events need AWS access keys (`anticip credential add aws`)",
                credential.auth.kind()
            ),
        )
        .into());
    }
    Ok(credential.id)
}

/// The usage check for `credentials::store`: events that are still to be
/// sent with this credential.
pub fn credential_users(
    conn: &Connection,
    credential_id: &str,
) -> rusqlite::Result<Option<String>> {
    let (count, first): (i64, Option<String>) = conn
        .prepare_cached(
            "SELECT count(*), min(id) FROM events
             WHERE credential_id = ?1 AND status IN ('scheduled', 'retrying')",
        )?
        .query_row([credential_id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(match (count, first) {
        (0, _) | (_, None) => None,
        (1, Some(id)) => Some(format!("pending event {id}")),
        (n, Some(id)) => Some(format!("{n} pending events (one is {id})")),
    })
}

/// What [`insert_once`] did.
#[derive(Debug)]
pub enum Inserted {
    New(Event),
    /// The key was used before, with the same request: the event it created.
    Existing(Event),
}

/// Store a new event unless `key` was used before. The key, the request's
/// hash and the event are written in the same transaction, so a retry after
/// any failure either finds both or neither.
pub fn insert_once(
    conn: &Connection,
    new: &NewEvent,
    now: i64,
    key: &str,
    request_hash: &[u8; 32],
) -> Result<Inserted, EventError> {
    let seen: Option<(Vec<u8>, i64)> = conn
        .prepare_cached("SELECT request_hash, event_seq FROM event_idempotency WHERE key = ?1")?
        .query_row([key], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((hash, seq)) = seen {
        if hash != request_hash {
            return Err(EventError::IdempotencyConflict(key.to_string()));
        }
        let event = get_by_seq(conn, seq)?.ok_or_else(|| EventError::NotFound(key.to_string()))?;
        return Ok(Inserted::Existing(event));
    }
    let event = insert(conn, new, now)?;
    conn.prepare_cached(
        "INSERT INTO event_idempotency (key, request_hash, event_seq, created_at)
         VALUES (?1, ?2, ?3, ?4)",
    )?
    .execute(params![key, &request_hash[..], event.seq, now])?;
    Ok(Inserted::New(event))
}

fn schedule(conn: &Connection, event: &Event, at: i64) -> rusqlite::Result<()> {
    jobs::enqueue(
        conn,
        JOB_KIND,
        event.seq,
        at,
        event.max_attempts,
        event.timeout_ms + LEASE_MARGIN_MS,
    )
}

fn select_by_id(conn: &Connection) -> rusqlite::Result<CachedStatement<'_>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM events WHERE id = ?1"))
}

pub fn get(conn: &Connection, id: &str) -> rusqlite::Result<Option<Event>> {
    select_by_id(conn)?.query_row([id], from_row).optional()
}

/// The event and every delivery attempt so far, as one snapshot.
pub fn get_with_attempts(
    conn: &Connection,
    id: &str,
) -> rusqlite::Result<Option<(Event, Vec<Attempt>)>> {
    let mut stmt = select_by_id(conn)?;
    let mut rows = stmt.query([id])?;
    let Some(row) = rows.next()? else {
        return Ok(None);
    };
    let event = from_row(row)?;
    // An attempt and its count are recorded together: none counted, none to
    // read. While `rows` has not finished, SQLite keeps its read transaction
    // open, so the attempts come from the event's snapshot.
    let attempts = if event.attempt_count > 0 {
        attempts(conn, event.seq)?
    } else {
        Vec::new()
    };
    drop(rows);
    Ok(Some((event, attempts)))
}

pub fn get_by_seq(conn: &Connection, seq: i64) -> rusqlite::Result<Option<Event>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM events WHERE seq = ?1"))?
        .query_row([seq], from_row)
        .optional()
}

/// A place in the list, ordered by (when, seq).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub when_at: i64,
    pub seq: i64,
}

impl Cursor {
    pub fn after(event: &Event) -> Cursor {
        Cursor {
            when_at: event.when_at,
            seq: event.seq,
        }
    }

    /// An opaque token for `?cursor=`.
    pub fn encode(&self) -> String {
        format!("{:x}.{:x}", self.when_at as u64, self.seq as u64)
    }

    pub fn decode(token: &str) -> Option<Cursor> {
        let (when, seq) = token.split_once('.')?;
        Some(Cursor {
            when_at: u64::from_str_radix(when, 16).ok()? as i64,
            seq: u64::from_str_radix(seq, 16).ok()? as i64,
        })
    }
}

/// Events in time order, optionally of one status, after `cursor`.
pub fn list(
    conn: &Connection,
    status: Option<Status>,
    limit: usize,
    cursor: Option<Cursor>,
) -> rusqlite::Result<Vec<Event>> {
    let cursor = cursor.unwrap_or(Cursor {
        when_at: i64::MIN,
        seq: i64::MIN,
    });
    // `+?1`: with a bare `?1` next to ORDER BY, SQLite (built with STAT4)
    // re-prepares the statement on every run; the index is used either way.
    let (filter, status) = match status {
        Some(s) => ("status = +?1 AND", s.as_str()),
        None => ("?1 = ?1 AND", ""),
    };
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM events WHERE {filter} (when_at, seq) > (?2, ?3)
         ORDER BY when_at, seq LIMIT (?4 + 0)"
    ))?;
    let rows = stmt.query_map(
        params![status, cursor.when_at, cursor.seq, limit as i64],
        from_row,
    )?;
    rows.collect()
}

/// Mark an event deleted; it never fires. Deleting a deleted event is "not found".
pub fn delete(conn: &Connection, id: &str, now: i64) -> Result<Event, EventError> {
    let event = get(conn, id)?
        .filter(|e| e.status != Status::Deleted)
        .ok_or_else(|| EventError::NotFound(id.to_string()))?;
    jobs::cancel(conn, JOB_KIND, event.seq)?;
    conn.prepare_cached(
        "UPDATE events SET status = 'deleted', next_attempt_at = NULL,
                           finished_at = coalesce(finished_at, ?2)
         WHERE seq = ?1",
    )?
    .execute(params![event.seq, now])?;
    Ok(get_by_seq(conn, event.seq)?.expect("just updated"))
}

/// Queue a failed event again, due now, with a fresh set of attempts.
pub fn retry(conn: &Connection, id: &str, now: i64) -> Result<Event, EventError> {
    let event = get(conn, id)?.ok_or_else(|| EventError::NotFound(id.to_string()))?;
    if event.status != Status::Failed {
        return Err(EventError::NotRetryable {
            id: event.id,
            status: event.status,
        });
    }
    conn.prepare_cached(
        "UPDATE events SET status = 'scheduled', next_attempt_at = ?2, finished_at = NULL WHERE seq = ?1",
    )?
    .execute(params![event.seq, now])?;
    schedule(conn, &event, now)?;
    Ok(get_by_seq(conn, event.seq)?.expect("just updated"))
}

pub fn attempts(conn: &Connection, seq: i64) -> rusqlite::Result<Vec<Attempt>> {
    let mut stmt = conn.prepare_cached(
        "SELECT n, scheduled_at, started_at, duration_ms, outcome, status_code, error, response
         FROM event_attempts WHERE event_seq = +?1 ORDER BY n", // `+`: see `list`
    )?;
    let rows = stmt.query_map([seq], |r| {
        Ok(Attempt {
            n: r.get(0)?,
            scheduled_at: r.get(1)?,
            started_at: r.get(2)?,
            duration_ms: r.get(3)?,
            outcome: r.get(4)?,
            status_code: r.get(5)?,
            error: r.get(6)?,
            response: r.get(7)?,
        })
    })?;
    rows.collect()
}

/// What a delivery attempt saw, beyond its outcome.
#[derive(Debug, Clone, Default)]
pub struct Response {
    pub status_code: Option<u16>,
    pub excerpt: Option<String>,
}

/// Record an attempt and move the event to the state the engine decided.
pub fn record_attempt(
    conn: &Connection,
    seq: i64,
    job: &jobs::Job,
    finished: &Finished,
    response: &Response,
) -> rusqlite::Result<()> {
    let (outcome, status, error) = match (finished.outcome, finished.next) {
        (Outcome::Succeeded, _) => ("delivered", Status::Delivered, None),
        // Deliveries are one step; another attempt without an error.
        (Outcome::Continue { .. }, _) => ("retry", Status::Retrying, None),
        (Outcome::Retry { error, .. }, Next::RetryAt(_)) => {
            ("retry", Status::Retrying, Some(error))
        }
        (Outcome::Retry { error, .. } | Outcome::Fail { error }, _) => {
            ("failed", Status::Failed, Some(error))
        }
    };
    let next_attempt_at = match finished.next {
        Next::RetryAt(at) => Some(at),
        Next::Done => None,
    };
    let ended_at = finished.started_at + finished.duration.as_millis() as i64;
    let finished_at = next_attempt_at.is_none().then_some(ended_at);
    // A deleted event stays deleted, whatever its last attempt did. No
    // statement here needs a statement journal (see migration 8): `OR FAIL`,
    // and the attempt's row from VALUES, not from a SELECT.
    let updated = conn
        .prepare_cached(
            "UPDATE OR FAIL events SET
               status = CASE WHEN status = 'deleted' THEN status ELSE ?2 END,
               attempt_count = attempt_count + 1,
               next_attempt_at = CASE WHEN status = 'deleted' THEN NULL ELSE ?3 END,
               finished_at = coalesce(?4, finished_at),
               last_error = ?5
             WHERE seq = ?1",
        )?
        .execute(params![
            seq,
            status.as_str(),
            next_attempt_at,
            finished_at,
            error
        ])?;
    if updated == 0 {
        return Ok(()); // no such event (events are never removed): nothing to record
    }
    conn.prepare_cached(
        "INSERT INTO event_attempts
           (event_seq, n, scheduled_at, started_at, duration_ms, outcome, status_code, error, response)
         VALUES (?1, (SELECT attempt_count FROM events WHERE seq = ?1), ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        seq,
        job.scheduled_at,
        finished.started_at,
        finished.duration.as_millis() as i64,
        outcome,
        response.status_code,
        error,
        response.excerpt,
    ])?;
    Ok(())
}

/// How many events are in each status, from the counters the schema's
/// triggers keep (no scan, however many events there are).
pub fn status_counts(conn: &Connection) -> rusqlite::Result<Vec<(Status, i64)>> {
    let mut stmt = conn.prepare_cached("SELECT status, n FROM event_counts ORDER BY status")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))?;
    let mut out = Vec::new();
    for row in rows {
        let (status, n) = row?;
        if let Ok(status) = status.parse() {
            out.push((status, n));
        }
    }
    Ok(out)
}
