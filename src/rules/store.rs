//! Rules and runs in SQLite. Each function runs inside the caller's transaction.

use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{Amount, RateLimit, Rule, Run, RunAttempt, RunStatus, Schedule, Trigger};
use crate::engine::jobs;
use crate::secrets;

/// Engine job kinds of this domain.
pub const RUN_JOB: &str = "rule_run";
pub const SCHEDULE_JOB: &str = "rule_schedule";
pub const PURGE_JOB: &str = "rule_purge";

/// Prefix of trigger secrets.
pub const SECRET_PREFIX: &str = "rts_";

#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    #[error("no rule with id or name {0:?}")]
    NotFound(String),
    #[error("{0:?} names several rules; use the rule's id")]
    Ambiguous(String),
    #[error("rule {0} is not triggered remotely, so it has no trigger secret")]
    NoSecret(String),
    #[error("no run with request id {0:?}")]
    RunNotFound(String),
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
}

/// Why a trigger was not accepted.
#[derive(Debug, thiserror::Error)]
pub enum TriggerError {
    #[error("rule {0} is disabled")]
    Disabled(String),
    #[error("this idempotency-key was already used with a different request body")]
    KeyReused,
    #[error("the trigger secret is not valid for this rule")]
    BadSecret,
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
}

pub struct NewRule {
    pub name: String,
    pub trigger: Trigger,
    pub schedule: Option<Schedule>,
    pub action_url: String,
    pub amount: Amount,
    pub timeout: Duration,
    pub max_attempts: u32,
    pub max_concurrent_runs: u32,
    pub rate_limit: RateLimit,
    pub idempotency_ttl: Duration,
}

/// A new rule and the secrets shown only this once.
pub struct Created {
    pub rule: Rule,
    pub trigger_secret: Option<String>,
    pub signing_token: String,
}

const RULE_COLUMNS: &str = "seq, id, name, enabled, trigger, cron, tz, every_ms, action_url, amount_cents, \
                            amount_url, amount_cap_cents, timeout_ms, max_attempts, max_concurrent_runs, \
                            rate_limit, rate_interval_ms, idempotency_ttl_ms, created_at";

fn conversion(i: usize, e: impl Into<String>) -> rusqlite::Error {
    let message: String = e.into();
    rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, message.into())
}

fn rule_from_row(r: &Row) -> rusqlite::Result<Rule> {
    let ms = |i: usize| -> rusqlite::Result<Duration> {
        Ok(Duration::from_millis(r.get::<_, i64>(i)? as u64))
    };
    let cron: Option<String> = r.get(5)?;
    let every: Option<i64> = r.get(7)?;
    let schedule = match (cron, every) {
        (Some(expr), _) => {
            let tz: String = r.get(6)?;
            Some(Schedule::cron(&expr, &tz).map_err(|e| conversion(5, e))?)
        }
        (None, Some(every)) => Some(Schedule::Every(Duration::from_millis(every as u64))),
        (None, None) => None,
    };
    let amount = match r.get::<_, Option<i64>>(9)? {
        Some(cents) => Amount::Fixed(cents),
        None => Amount::Remote {
            url: r.get(10)?,
            cap: r.get(11)?,
        },
    };
    let trigger: String = r.get(4)?;
    Ok(Rule {
        seq: r.get(0)?,
        id: r.get(1)?,
        name: r.get(2)?,
        enabled: r.get(3)?,
        trigger: trigger.parse().map_err(|e: String| conversion(4, e))?,
        schedule,
        action_url: r.get(8)?,
        amount,
        timeout: ms(12)?,
        max_attempts: r.get(13)?,
        max_concurrent_runs: r.get(14)?,
        rate_limit: RateLimit {
            requests: r.get(15)?,
            interval: ms(16)?,
        },
        idempotency_ttl: ms(17)?,
        created_at: r.get(18)?,
    })
}

pub fn insert(conn: &Connection, new: &NewRule, now: i64) -> rusqlite::Result<Created> {
    let id = uuid::Uuid::new_v4().to_string();
    let trigger_secret =
        (new.trigger == Trigger::Remote).then(|| secrets::new_token(SECRET_PREFIX));
    let signing_token = secrets::new_webhook_secret();
    let (cron, tz, every) = match &new.schedule {
        Some(Schedule::Cron { expr, tz, .. }) => {
            (Some(expr.clone()), Some(tz.name().to_string()), None)
        }
        Some(Schedule::Every(d)) => (None, None, Some(d.as_millis() as i64)),
        None => (None, None, None),
    };
    let (amount_cents, amount_url, cap) = match &new.amount {
        Amount::Fixed(cents) => (Some(*cents), None, None),
        Amount::Remote { url, cap } => (None, Some(url.clone()), *cap),
    };
    conn.execute(
        "INSERT INTO rules (id, name, enabled, trigger, cron, tz, every_ms, action_url, amount_cents,
                            amount_url, amount_cap_cents, timeout_ms, max_attempts, max_concurrent_runs,
                            rate_limit, rate_interval_ms, idempotency_ttl_ms, secret_hash, signing_token,
                            created_at)
         VALUES (?1, ?2, 1, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
        params![
            id,
            new.name,
            new.trigger.as_str(),
            cron,
            tz,
            every,
            new.action_url,
            amount_cents,
            amount_url,
            cap,
            new.timeout.as_millis() as i64,
            new.max_attempts,
            new.max_concurrent_runs,
            new.rate_limit.requests,
            new.rate_limit.interval.as_millis() as i64,
            new.idempotency_ttl.as_millis() as i64,
            trigger_secret.as_deref().map(secrets::hash),
            signing_token,
            now,
        ],
    )?;
    let rule = by_id(conn, &id)?.expect("just inserted");
    schedule_next(conn, &rule, now)?;
    Ok(Created {
        rule,
        trigger_secret,
        signing_token,
    })
}

/// Put the rule's next scheduled fire on the engine's calendar.
fn schedule_next(conn: &Connection, rule: &Rule, after: i64) -> rusqlite::Result<Option<i64>> {
    let next = match (&rule.schedule, rule.enabled) {
        (Some(schedule), true) => schedule.next_after(after),
        _ => None,
    };
    match next {
        Some(at) => jobs::enqueue(conn, SCHEDULE_JOB, rule.seq, at, 1, 60_000)?,
        None => {
            jobs::cancel(conn, SCHEDULE_JOB, rule.seq)?;
        }
    }
    Ok(next)
}

pub fn by_id(conn: &Connection, id: &str) -> rusqlite::Result<Option<Rule>> {
    conn.prepare_cached(&format!("SELECT {RULE_COLUMNS} FROM rules WHERE id = ?1"))?
        .query_row([id], rule_from_row)
        .optional()
}

pub fn by_seq(conn: &Connection, seq: i64) -> rusqlite::Result<Option<Rule>> {
    conn.prepare_cached(&format!("SELECT {RULE_COLUMNS} FROM rules WHERE seq = ?1"))?
        .query_row([seq], rule_from_row)
        .optional()
}

/// By id, or by a name only one rule has.
pub fn find(conn: &Connection, id_or_name: &str) -> Result<Rule, RuleError> {
    if let Some(rule) = by_id(conn, id_or_name)? {
        return Ok(rule);
    }
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {RULE_COLUMNS} FROM rules WHERE name = ?1 LIMIT 2"
    ))?;
    let mut found: Vec<Rule> = stmt
        .query_map([id_or_name], rule_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    match found.len() {
        0 => Err(RuleError::NotFound(id_or_name.to_string())),
        1 => Ok(found.remove(0)),
        _ => Err(RuleError::Ambiguous(id_or_name.to_string())),
    }
}

pub fn list(conn: &Connection) -> rusqlite::Result<Vec<Rule>> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {RULE_COLUMNS} FROM rules ORDER BY seq"))?;
    let rows = stmt.query_map([], rule_from_row)?;
    rows.collect()
}

pub fn set_enabled(
    conn: &Connection,
    id_or_name: &str,
    enabled: bool,
    now: i64,
) -> Result<Rule, RuleError> {
    let rule = find(conn, id_or_name)?;
    conn.execute(
        "UPDATE rules SET enabled = ?2 WHERE seq = ?1",
        params![rule.seq, enabled],
    )?;
    let rule = by_seq(conn, rule.seq)?.expect("exists");
    schedule_next(conn, &rule, now)?;
    Ok(rule)
}

/// Delete a rule, its runs and their pending work.
pub fn delete(conn: &Connection, id_or_name: &str) -> Result<Rule, RuleError> {
    let rule = find(conn, id_or_name)?;
    conn.execute(
        "DELETE FROM jobs WHERE kind = ?1 AND subject IN (SELECT seq FROM rule_runs WHERE rule_seq = ?2)",
        params![RUN_JOB, rule.seq],
    )?;
    jobs::cancel(conn, SCHEDULE_JOB, rule.seq)?;
    conn.execute("DELETE FROM rules WHERE seq = ?1", [rule.seq])?;
    Ok(rule)
}

/// A new trigger secret; the old one keeps working for `grace`.
pub fn rotate_secret(
    conn: &Connection,
    id_or_name: &str,
    grace: Duration,
    now: i64,
) -> Result<(Rule, String), RuleError> {
    let rule = find(conn, id_or_name)?;
    if rule.trigger != Trigger::Remote {
        return Err(RuleError::NoSecret(rule.id));
    }
    let secret = secrets::new_token(SECRET_PREFIX);
    conn.execute(
        "UPDATE rules SET previous_secret_hash = secret_hash, previous_secret_until = ?2, secret_hash = ?3
         WHERE seq = ?1",
        params![rule.seq, now + grace.as_millis() as i64, secrets::hash(&secret)],
    )?;
    Ok((rule, secret))
}

/// What a presented trigger secret is checked against: the SHA-256 hashes of
/// the rule's secret and, during a rotation's grace period, of the one before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriggerSecrets {
    current: Option<[u8; 32]>,
    previous: Option<[u8; 32]>,
    previous_until: Option<i64>,
}

impl TriggerSecrets {
    /// Whether `presented` (a secret's hash) is the current secret, or the
    /// previous one before its grace period ends. Both comparisons are made,
    /// in constant time, whatever the first one found.
    pub fn accept(&self, presented: &[u8; 32], now: i64) -> bool {
        let same =
            |stored: &Option<[u8; 32]>| stored.is_some_and(|h| secrets::same_hash(presented, &h));
        let current = same(&self.current);
        let previous = same(&self.previous) && self.previous_until.is_some_and(|u| now < u);
        current | previous
    }
}

fn secrets_from_row(r: &Row, first: usize) -> rusqlite::Result<TriggerSecrets> {
    let hash = |i: usize| -> rusqlite::Result<Option<[u8; 32]>> {
        Ok(r.get::<_, Option<Vec<u8>>>(i)?
            .and_then(|h| <[u8; 32]>::try_from(h.as_slice()).ok()))
    };
    Ok(TriggerSecrets {
        current: hash(first)?,
        previous: hash(first + 1)?,
        previous_until: r.get(first + 2)?,
    })
}

/// The trigger secrets of a rule; None when there is no such rule.
pub fn trigger_secrets(
    conn: &Connection,
    rule_seq: i64,
) -> rusqlite::Result<Option<TriggerSecrets>> {
    conn.prepare_cached(
        "SELECT secret_hash, previous_secret_hash, previous_secret_until FROM rules WHERE seq = ?1",
    )?
    .query_row([rule_seq], |r| secrets_from_row(r, 0))
    .optional()
}

/// What the listener keeps in memory about a rule that has a trigger secret.
#[derive(Debug, Clone)]
pub struct RemoteRule {
    pub seq: i64,
    pub id: String,
    pub rate_limit: RateLimit,
    pub secrets: TriggerSecrets,
}

/// Every rule that has a trigger secret.
pub fn remote_rules(conn: &Connection) -> rusqlite::Result<Vec<RemoteRule>> {
    let mut stmt = conn.prepare_cached(
        "SELECT seq, id, rate_limit, rate_interval_ms, secret_hash, previous_secret_hash, previous_secret_until
         FROM rules WHERE secret_hash IS NOT NULL",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(RemoteRule {
            seq: r.get(0)?,
            id: r.get(1)?,
            rate_limit: RateLimit {
                requests: r.get(2)?,
                interval: Duration::from_millis(r.get::<_, i64>(3)? as u64),
            },
            secrets: secrets_from_row(r, 4)?,
        })
    })?;
    rows.collect()
}

pub fn signing_token(conn: &Connection, rule_seq: i64) -> rusqlite::Result<String> {
    conn.prepare_cached("SELECT signing_token FROM rules WHERE seq = ?1")?
        .query_row([rule_seq], |r| r.get(0))
}

/// A trigger that was accepted: its run, new or (for a repeated idempotency
/// key) the one the key's first use queued.
#[derive(Debug, Clone)]
pub struct Accepted {
    pub request_id: String,
    pub replayed: bool,
}

impl Accepted {
    /// The reply, as Sequence shapes it. It depends on the run alone, so a
    /// retry with the same idempotency key gets the first reply byte for byte.
    pub fn body(&self) -> String {
        // Written out, not through serde_json: this is on every trigger's
        // path, and a request id (a UUID) needs no escaping.
        format!(
            r#"{{"code":"OK","message":"The rule was triggered; its run is queued.","data":{{"requestId":"{}"}}}}"#,
            self.request_id
        )
    }
}

/// What accepting a trigger needs to know of its rule.
#[derive(Debug, Clone)]
pub struct TriggerTarget {
    pub seq: i64,
    pub id: String,
    pub enabled: bool,
    pub idempotency_ttl: Duration,
}

impl From<&Rule> for TriggerTarget {
    fn from(rule: &Rule) -> TriggerTarget {
        TriggerTarget {
            seq: rule.seq,
            id: rule.id.clone(),
            enabled: rule.enabled,
            idempotency_ttl: rule.idempotency_ttl,
        }
    }
}

/// Accept a trigger that came over HTTP, checking in the accepting
/// transaction that the rule still exists and that `presented` (the hash of
/// the secret the caller sent) is still its secret: a listener's in-memory
/// copy may be a moment old (a rotation with no grace, a deletion).
pub fn trigger_remote(
    conn: &Connection,
    rule_seq: i64,
    presented: &[u8; 32],
    key: Option<&str>,
    body_hash: &[u8],
    now: i64,
) -> Result<Accepted, TriggerError> {
    // Only the columns accepting needs: this runs for every trigger, inside the writer.
    let found = conn
        .prepare_cached(
            "SELECT id, enabled, idempotency_ttl_ms,
                    secret_hash, previous_secret_hash, previous_secret_until
             FROM rules WHERE seq = ?1",
        )?
        .query_row([rule_seq], |r| {
            let target = TriggerTarget {
                seq: rule_seq,
                id: r.get(0)?,
                enabled: r.get(1)?,
                idempotency_ttl: Duration::from_millis(r.get::<_, i64>(2)? as u64),
            };
            Ok((target, secrets_from_row(r, 3)?))
        })
        .optional()?;
    match found {
        Some((target, secrets)) if secrets.accept(presented, now) => {
            trigger(conn, &target, Trigger::Remote, key, body_hash, now)
        }
        _ => Err(TriggerError::BadSecret),
    }
}

/// Accept a trigger: claim the idempotency key and queue the run, all in the
/// caller's one transaction, so that concurrent duplicates make exactly one run.
pub fn trigger(
    conn: &Connection,
    rule: &TriggerTarget,
    source: Trigger,
    key: Option<&str>,
    body_hash: &[u8],
    now: i64,
) -> Result<Accepted, TriggerError> {
    if let Some(key) = key {
        let saved: Option<(Vec<u8>, String, i64)> = conn
            // A subquery, not a join: joined with rule_runs (which has a
            // partial index), SQLite re-prepares the statement on every run.
            .prepare_cached(
                "SELECT request_hash, (SELECT request_id FROM rule_runs WHERE seq = run_seq), expires_at
                 FROM rule_idempotency WHERE rule_seq = ?1 AND key = ?2",
            )?
            .query_row(params![rule.seq, key], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        match saved {
            Some((hash, request_id, expires_at)) if expires_at > now => {
                if hash != body_hash {
                    return Err(TriggerError::KeyReused);
                }
                return Ok(Accepted {
                    request_id,
                    replayed: true,
                });
            }
            Some(_) if rule.enabled => {
                conn.prepare_cached(
                    "DELETE FROM rule_idempotency WHERE rule_seq = ?1 AND key = ?2",
                )?
                .execute(params![rule.seq, key])?;
            }
            _ => {}
        }
    }
    // Refused before anything is written: callers may share a savepoint.
    if !rule.enabled {
        return Err(TriggerError::Disabled(rule.id.clone()));
    }
    // Time-ordered (UUID v7): each new run lands at the end of the
    // request_id index instead of on a random page of it.
    let request_id = uuid::Uuid::now_v7().to_string();
    // Not `RETURNING seq`: SQLite runs RETURNING as a trigger, which gives
    // the statement a journal of every page it touches.
    conn.prepare_cached(
        "INSERT INTO rule_runs (request_id, rule_seq, trigger, triggered_at, status, idempotency_key)
         VALUES (?1, ?2, ?3, ?4, 'queued', ?5)",
    )?
    .execute(params![request_id, rule.seq, source.as_str(), now, key])?;
    let run_seq = conn.last_insert_rowid();
    if let Some(key) = key {
        conn.prepare_cached(
            "INSERT INTO rule_idempotency (rule_seq, key, request_hash, run_seq, expires_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?
        .execute(params![
            rule.seq,
            key,
            body_hash,
            run_seq,
            now + rule.idempotency_ttl.as_millis() as i64
        ])?;
    }
    start_waiting(conn, rule.seq, now)?;
    Ok(Accepted {
        request_id,
        replayed: false,
    })
}

/// Give engine jobs to the oldest waiting runs while the rule has room.
pub fn start_waiting(conn: &Connection, rule_seq: i64, now: i64) -> rusqlite::Result<()> {
    let (active, max, max_attempts, timeout_ms): (u32, u32, u32, i64) = conn
        .prepare_cached("SELECT active_runs, max_concurrent_runs, max_attempts, timeout_ms FROM rules WHERE seq = ?1")?
        .query_row([rule_seq], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    if active >= max {
        return Ok(());
    }
    let waiting: Vec<i64> = conn
        .prepare_cached(
            // `+?1`: a bare ?1 would make SQLite plan this again on every run
            // (it reads the value to check the partial index).
            "SELECT seq FROM rule_runs WHERE rule_seq = +?1 AND status = 'queued' AND dispatched = 0
             ORDER BY seq LIMIT (?2 + 0)",
        )?
        .query_map(params![rule_seq, max - active], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    for run in &waiting {
        // The lease covers the amount query and the action call.
        jobs::enqueue(
            conn,
            RUN_JOB,
            *run,
            now,
            max_attempts,
            2 * timeout_ms + 30_000,
        )?;
        conn.prepare_cached("UPDATE rule_runs SET dispatched = 1 WHERE seq = ?1")?
            .execute([run])?;
    }
    conn.prepare_cached("UPDATE rules SET active_runs = active_runs + ?2 WHERE seq = ?1")?
        .execute(params![rule_seq, waiting.len() as i64])?;
    Ok(())
}

/// A run is over (succeeded, failed or interrupted): let the next one go.
pub fn finish_run(conn: &Connection, run: &Run, now: i64) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE rules SET active_runs = max(active_runs - 1, 0) WHERE seq = ?1")?
        .execute([run.rule_seq])?;
    start_waiting(conn, run.rule_seq, now)
}

// The rule's id by a subquery, not a join: joined with rules, SQLite plans
// the statement again on every run (rule_runs has a partial index).
const RUN_COLUMNS: &str = "r.seq, r.request_id, r.rule_seq, \
                           (SELECT id FROM rules WHERE rules.seq = r.rule_seq), r.trigger, r.triggered_at, r.status, \
                           r.amount_cents, r.attempt_count, r.next_attempt_at, r.started_at, r.finished_at, \
                           r.error, r.idempotency_key";

fn run_from_row(r: &Row) -> rusqlite::Result<Run> {
    let trigger: String = r.get(4)?;
    let status: String = r.get(6)?;
    Ok(Run {
        seq: r.get(0)?,
        request_id: r.get(1)?,
        rule_seq: r.get(2)?,
        rule_id: r.get(3)?,
        trigger: trigger.parse().map_err(|e: String| conversion(4, e))?,
        triggered_at: r.get(5)?,
        status: status.parse().map_err(|e: String| conversion(6, e))?,
        amount_cents: r.get(7)?,
        attempt_count: r.get(8)?,
        next_attempt_at: r.get(9)?,
        started_at: r.get(10)?,
        finished_at: r.get(11)?,
        error: r.get(12)?,
        idempotency_key: r.get(13)?,
    })
}

pub fn run_by_seq(conn: &Connection, seq: i64) -> rusqlite::Result<Option<Run>> {
    conn.prepare_cached(&format!(
        "SELECT {RUN_COLUMNS} FROM rule_runs r WHERE r.seq = ?1"
    ))?
    .query_row([seq], run_from_row)
    .optional()
}

pub fn run_by_request_id(conn: &Connection, request_id: &str) -> rusqlite::Result<Option<Run>> {
    conn.prepare_cached(&format!(
        "SELECT {RUN_COLUMNS} FROM rule_runs r WHERE r.request_id = ?1"
    ))?
    .query_row([request_id], run_from_row)
    .optional()
}

/// The newest runs of a rule first.
pub fn runs(conn: &Connection, rule_seq: i64, limit: usize) -> rusqlite::Result<Vec<Run>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {RUN_COLUMNS} FROM rule_runs r
         WHERE r.rule_seq = ?1 ORDER BY r.seq DESC LIMIT (?2 + 0)"
    ))?;
    let rows = stmt.query_map(params![rule_seq, limit as i64], run_from_row)?;
    rows.collect()
}

pub fn run_attempts(conn: &Connection, run_seq: i64) -> rusqlite::Result<Vec<RunAttempt>> {
    let mut stmt = conn.prepare_cached(
        "SELECT n, step, started_at, duration_ms, outcome, status_code, error, response
         FROM rule_run_attempts WHERE run_seq = ?1 ORDER BY n",
    )?;
    let rows = stmt.query_map([run_seq], |r| {
        Ok(RunAttempt {
            n: r.get(0)?,
            step: r.get(1)?,
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

/// Mark a run as started by the engine.
pub fn mark_running(conn: &Connection, run_seq: i64, now: i64) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE rule_runs SET status = 'running', started_at = coalesce(started_at, ?2) WHERE seq = ?1",
    )?
    .execute(params![run_seq, now])?;
    Ok(())
}

pub fn insert_attempt(conn: &Connection, run_seq: i64, a: &RunAttempt) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO rule_run_attempts
           (run_seq, n, step, started_at, duration_ms, outcome, status_code, error, response)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        run_seq,
        a.n,
        a.step,
        a.started_at,
        a.duration_ms,
        a.outcome,
        a.status_code,
        a.error,
        a.response
    ])?;
    Ok(())
}

/// Move a run to `status`, with what its attempts found.
#[allow(clippy::too_many_arguments)]
pub fn update_run(
    conn: &Connection,
    run_seq: i64,
    status: RunStatus,
    amount_cents: Option<i64>,
    attempts_added: u32,
    next_attempt_at: Option<i64>,
    finished_at: Option<i64>,
    error: Option<&str>,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE rule_runs SET status = ?2, amount_cents = coalesce(?3, amount_cents),
                              attempt_count = attempt_count + ?4, next_attempt_at = ?5,
                              finished_at = ?6, error = ?7
         WHERE seq = ?1",
    )?
    .execute(params![
        run_seq,
        status.as_str(),
        amount_cents,
        attempts_added,
        next_attempt_at,
        finished_at,
        error
    ])?;
    Ok(())
}

/// Forget idempotency keys past their time.
pub fn purge_expired_keys(conn: &Connection, now: i64) -> rusqlite::Result<usize> {
    conn.execute("DELETE FROM rule_idempotency WHERE expires_at <= ?1", [now])
}

/// The schedule's next fire, and the one after (for `rule get`).
pub fn next_scheduled(conn: &Connection, rule: &Rule) -> rusqlite::Result<Option<i64>> {
    Ok(jobs::scheduled(conn, SCHEDULE_JOB, rule.seq)?.map(|(due, _)| due))
}

/// After a scheduled fire: the next one, counted from now, so that a long
/// downtime fires a missed schedule once rather than once per missed slot.
pub fn reschedule(conn: &Connection, rule: &Rule, now: i64) -> rusqlite::Result<Option<i64>> {
    schedule_next(conn, rule, now)
}

/// Make sure the hourly purge of expired idempotency keys is on the calendar.
pub fn ensure_purge_job(conn: &Connection, now: i64) -> rusqlite::Result<()> {
    if jobs::scheduled(conn, PURGE_JOB, 0)?.is_none() {
        jobs::enqueue(conn, PURGE_JOB, 0, now, 1, 60_000)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::Accepted;

    #[test]
    fn the_accepted_reply_is_the_documented_json() {
        let accepted = Accepted {
            request_id: "0192f5d2-7c1a-7b3e-8f00-5a1b2c3d4e5f".into(),
            replayed: false,
        };
        let body: serde_json::Value = serde_json::from_str(&accepted.body()).unwrap();
        assert_eq!(
            body,
            serde_json::json!({
                "code": "OK",
                "message": "The rule was triggered; its run is queued.",
                "data": { "requestId": "0192f5d2-7c1a-7b3e-8f00-5a1b2c3d4e5f" },
            })
        );
    }
}
