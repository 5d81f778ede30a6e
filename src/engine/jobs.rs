//! The `jobs` and `engines` tables: the only SQL that decides who runs what.

use rusqlite::{Connection, OptionalExtension, params};

use super::Scope;

/// A claimed piece of work.
#[derive(Debug, Clone)]
pub struct Job {
    pub id: i64,
    pub kind: String,
    /// The domain row this job is about (e.g. `events.seq`).
    pub subject: i64,
    /// 1 for the first attempt; counts interrupted attempts too.
    pub attempt: u32,
    pub max_attempts: u32,
    /// When this attempt was meant to start: its lateness is measured from here.
    pub scheduled_at: i64,
}

/// What the engine decided after an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    /// Finished for good: succeeded, failed for good, or out of attempts.
    Done,
    /// Another attempt at this time.
    RetryAt(i64),
}

/// Schedule `kind` work on `subject` at `due_at`, replacing any job already there.
pub fn enqueue(
    conn: &Connection,
    kind: &str,
    subject: i64,
    due_at: i64,
    max_attempts: u32,
    lease_ms: i64,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO jobs (kind, subject, due_at, scheduled_at, max_attempts, lease_ms)
         VALUES (?1, ?2, ?3, ?3, ?4, ?5)
         ON CONFLICT (kind, subject) DO UPDATE SET
           due_at = excluded.due_at, scheduled_at = excluded.scheduled_at, attempt = 0,
           max_attempts = excluded.max_attempts, lease_ms = excluded.lease_ms, lease_owner = NULL",
    )?
    .execute(params![kind, subject, due_at, max_attempts, lease_ms])?;
    Ok(())
}

/// Make `kind` work on `subject` due at `due_at` with a fresh attempt count,
/// unless it is running right now (then it goes on as it is). Creates it if
/// missing.
pub fn expedite(
    conn: &Connection,
    kind: &str,
    subject: i64,
    due_at: i64,
    max_attempts: u32,
    lease_ms: i64,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO jobs (kind, subject, due_at, scheduled_at, max_attempts, lease_ms)
         VALUES (?1, ?2, ?3, ?3, ?4, ?5)
         ON CONFLICT (kind, subject) DO UPDATE SET
           due_at = excluded.due_at, scheduled_at = excluded.scheduled_at, attempt = 0
         WHERE jobs.lease_owner IS NULL",
    )?
    .execute(params![kind, subject, due_at, max_attempts, lease_ms])?;
    Ok(())
}

/// Drop the job for `subject`, claimed or not. Returns whether there was one.
pub fn cancel(conn: &Connection, kind: &str, subject: i64) -> rusqlite::Result<bool> {
    let n = conn
        .prepare_cached("DELETE FROM jobs WHERE kind = ?1 AND subject = ?2")?
        .execute(params![kind, subject])?;
    Ok(n > 0)
}

/// Atomically lease up to `limit` due jobs to `owner`. A claimed job's
/// `due_at` becomes its lease expiry.
pub fn claim(conn: &Connection, owner: &str, now: i64, limit: usize) -> rusqlite::Result<Vec<Job>> {
    claim_in(conn, owner, now, limit, None)
}

/// [`claim`], limited to the jobs in `scope`.
///
/// `LIMIT (?3 + 0)`, here and in every query of the project: SQLite (3.48+)
/// reads a bare `LIMIT ?` parameter while planning, so each new value makes it
/// parse and plan the statement again; an expression is not read.
pub fn claim_in(
    conn: &Connection,
    owner: &str,
    now: i64,
    limit: usize,
    scope: Option<&Scope>,
) -> rusqlite::Result<Vec<Job>> {
    let (filter, kind, subjects) = scope_filter(scope, 4);
    let mut stmt = conn.prepare_cached(&format!(
        "UPDATE jobs SET lease_owner = ?1, due_at = ?2 + lease_ms, attempt = attempt + 1
         WHERE id IN (SELECT id FROM jobs WHERE lease_owner IS NULL AND due_at <= ?2 {filter}
                      ORDER BY due_at LIMIT (?3 + 0))
         RETURNING id, kind, subject, attempt, max_attempts, scheduled_at"
    ))?;
    let rows = match scope {
        None => stmt.query_map(params![owner, now, limit as i64], job_from_row)?,
        Some(_) => stmt.query_map(
            params![owner, now, limit as i64, kind, subjects],
            job_from_row,
        )?,
    };
    let mut jobs: Vec<Job> = rows.collect::<rusqlite::Result<_>>()?;
    jobs.sort_by_key(|j| j.scheduled_at);
    Ok(jobs)
}

fn job_from_row(r: &rusqlite::Row) -> rusqlite::Result<Job> {
    Ok(Job {
        id: r.get(0)?,
        kind: r.get(1)?,
        subject: r.get(2)?,
        attempt: r.get(3)?,
        max_attempts: r.get(4)?,
        scheduled_at: r.get(5)?,
    })
}

/// When the earliest free job is due.
pub fn next_due(conn: &Connection) -> rusqlite::Result<Option<i64>> {
    next_due_in(conn, None)
}

/// [`next_due`], among the jobs in `scope`.
pub fn next_due_in(conn: &Connection, scope: Option<&Scope>) -> rusqlite::Result<Option<i64>> {
    let (filter, kind, subjects) = scope_filter(scope, 1);
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT min(due_at) FROM jobs WHERE lease_owner IS NULL {filter}"
    ))?;
    match scope {
        None => stmt.query_row([], |r| r.get(0)),
        Some(_) => stmt.query_row(params![kind, subjects], |r| r.get(0)),
    }
}

/// SQL restricting `jobs` to `scope`, its parameters numbered from `first`.
fn scope_filter(scope: Option<&Scope>, first: usize) -> (String, String, Option<String>) {
    match scope {
        None => (String::new(), String::new(), None),
        Some(scope) => {
            let (k, s) = (first, first + 1);
            let subjects = scope
                .subjects
                .as_ref()
                .map(|s| serde_json::to_string(s).expect("integers serialize"));
            (
                format!(
                    "AND kind = ?{k} AND (?{s} IS NULL OR subject IN (SELECT value FROM json_each(?{s})))"
                ),
                scope.kind.clone(),
                subjects,
            )
        }
    }
}

/// Apply the engine's decision. Returns false when `owner` no longer held the
/// lease (the job was cancelled, or taken back after the lease ran out).
pub fn finish(conn: &Connection, job_id: i64, owner: &str, next: Next) -> rusqlite::Result<bool> {
    let n = match next {
        Next::Done => conn
            .prepare_cached("DELETE FROM jobs WHERE id = ?1 AND lease_owner = ?2")?
            .execute(params![job_id, owner])?,
        Next::RetryAt(at) => conn
            .prepare_cached(
                "UPDATE jobs SET due_at = ?3, scheduled_at = ?3, lease_owner = NULL
                 WHERE id = ?1 AND lease_owner = ?2",
            )?
            .execute(params![job_id, owner, at])?,
    };
    Ok(n > 0)
}

/// Schedule the next step of a job that did its part: due at `at`, with a
/// fresh attempt count. Returns false when `owner` no longer held the lease.
pub fn continue_at(conn: &Connection, job_id: i64, owner: &str, at: i64) -> rusqlite::Result<bool> {
    let n = conn
        .prepare_cached(
            "UPDATE jobs SET due_at = ?3, scheduled_at = ?3, attempt = 0, lease_owner = NULL
             WHERE id = ?1 AND lease_owner = ?2",
        )?
        .execute(params![job_id, owner, at])?;
    Ok(n > 0)
}

/// Every job `owner` holds a lease on.
pub fn leased_by(conn: &Connection, owner: &str) -> rusqlite::Result<Vec<Job>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, subject, attempt, max_attempts, scheduled_at FROM jobs WHERE lease_owner = ?1",
    )?;
    let rows = stmt.query_map([owner], job_from_row)?;
    rows.collect()
}

/// Jobs per kind: (kind, free jobs waiting for their time, claimed jobs running
/// now). All jobs are read from the counters the schema's triggers keep; the
/// claimed ones are counted from their index, which holds no more than the
/// jobs running at once.
pub fn counts(conn: &Connection) -> rusqlite::Result<Vec<(String, i64, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT c.kind, c.n - coalesce(l.n, 0), coalesce(l.n, 0) FROM job_counts c
         LEFT JOIN (SELECT kind, count(*) AS n FROM jobs INDEXED BY jobs_leased
                    WHERE lease_owner IS NOT NULL
                    GROUP BY kind) l USING (kind)
         ORDER BY c.kind",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    rows.collect()
}

pub fn register_engine(
    conn: &Connection,
    owner: &str,
    host: &str,
    pid: u32,
    now: i64,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO engines (owner, host, pid, started_at, heartbeat_at) VALUES (?1, ?2, ?3, ?4, ?4)",
        params![owner, host, pid, now],
    )?;
    Ok(())
}

pub fn heartbeat(conn: &Connection, owner: &str, now: i64) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE engines SET heartbeat_at = ?2 WHERE owner = ?1")?
        .execute(params![owner, now])?;
    Ok(())
}

pub fn unregister_engine(conn: &Connection, owner: &str) -> rusqlite::Result<()> {
    conn.execute("DELETE FROM engines WHERE owner = ?1", [owner])?;
    Ok(())
}

/// A serve process that other processes can see.
pub struct EngineRow {
    pub owner: String,
    pub host: String,
    pub pid: u32,
    pub heartbeat_at: i64,
}

pub fn engines(conn: &Connection) -> rusqlite::Result<Vec<EngineRow>> {
    let mut stmt = conn.prepare_cached("SELECT owner, host, pid, heartbeat_at FROM engines")?;
    let rows = stmt.query_map([], |r| {
        Ok(EngineRow {
            owner: r.get(0)?,
            host: r.get(1)?,
            pid: r.get(2)?,
            heartbeat_at: r.get(3)?,
        })
    })?;
    rows.collect()
}

/// Claimed jobs whose lease ran out, or whose owner is gone (`dead`, or not
/// registered at all) and is not `me`.
pub fn orphaned(
    conn: &Connection,
    me: &str,
    now: i64,
    dead: &[String],
) -> rusqlite::Result<Vec<(Job, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, subject, attempt, max_attempts, scheduled_at, lease_owner FROM jobs
         WHERE lease_owner IS NOT NULL
           AND (due_at <= ?2
                OR (lease_owner != ?1
                    AND (lease_owner IN (SELECT value FROM json_each(?3))
                         OR lease_owner NOT IN (SELECT owner FROM engines))))",
    )?;
    let dead = serde_json::to_string(dead).expect("strings serialize");
    let rows = stmt.query_map(params![me, now, dead], |r| {
        Ok((job_from_row(r)?, r.get(6)?))
    })?;
    rows.collect()
}

/// Put an orphaned job back in the queue, due at once.
pub fn requeue(conn: &Connection, job_id: i64, now: i64) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE jobs SET lease_owner = NULL, due_at = ?2 WHERE id = ?1")?
        .execute(params![job_id, now])?;
    Ok(())
}

pub fn delete(conn: &Connection, job_id: i64) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM jobs WHERE id = ?1")?
        .execute([job_id])?;
    Ok(())
}

/// The job currently scheduled for `subject`, if any: (due_at, claimed).
pub fn scheduled(
    conn: &Connection,
    kind: &str,
    subject: i64,
) -> rusqlite::Result<Option<(i64, bool)>> {
    conn.prepare_cached(
        "SELECT due_at, lease_owner IS NOT NULL FROM jobs WHERE kind = ?1 AND subject = ?2",
    )?
    .query_row(params![kind, subject], |r| Ok((r.get(0)?, r.get(1)?)))
    .optional()
}
