//! Running rules in the engine: a run asks for its amount (unless it is
//! fixed) and calls the action; schedules fire runs; expired idempotency keys
//! are purged hourly.

use std::time::Duration;

use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, Url};
use rusqlite::Connection;

use super::store::{self, PURGE_JOB, RUN_JOB, SCHEDULE_JOB, TriggerError};
use super::{Amount, Rule, Run, RunAttempt, RunStatus, Trigger};
use crate::engine::{AfterCrash, BoxFuture, Finished, Job, JobKind, Next, Outcome, Work, jobs};
use crate::outbound;
use crate::secrets;
use crate::time::{now_ms, rfc3339_ms};

/// The largest amount reply read.
const MAX_AMOUNT_REPLY: usize = 64 * 1024;

pub struct RunKind {
    sender: outbound::Sender,
}

impl RunKind {
    pub fn new(sender: outbound::Sender) -> RunKind {
        RunKind { sender }
    }
}

impl JobKind for RunKind {
    fn name(&self) -> &'static str {
        RUN_JOB
    }

    fn load(&self, conn: &Connection, job: &Job) -> rusqlite::Result<Option<Box<dyn Work>>> {
        let Some(run) = store::run_by_seq(conn, job.subject)? else {
            return Ok(None);
        };
        if !matches!(run.status, RunStatus::Queued | RunStatus::Running) {
            return Ok(None);
        }
        let Some(rule) = store::by_seq(conn, run.rule_seq)? else {
            return Ok(None);
        };
        let token = store::signing_token(conn, rule.seq)?;
        store::mark_running(conn, run.seq, now_ms())?;
        Ok(Some(Box::new(RunWork {
            sender: self.sender.clone(),
            amount: run.amount_cents,
            rule,
            run,
            token,
            attempts: Vec::new(),
        })))
    }

    /// A run cut off by a crash is not run again: the action may have been
    /// called. It is marked interrupted and the rule's next run goes.
    fn interrupted(&self, conn: &Connection, job: &Job) -> rusqlite::Result<AfterCrash> {
        if let Some(run) = store::run_by_seq(conn, job.subject)? {
            let now = now_ms();
            let error = format!(
                "interrupted: serve stopped during this run, which is not run again by itself; the action may \
                 or may not have been called (receivers can deduplicate on Idempotency-Key: {})",
                run.request_id
            );
            store::update_run(
                conn,
                run.seq,
                RunStatus::Interrupted,
                None,
                0,
                None,
                Some(now),
                Some(&error),
            )?;
            store::finish_run(conn, &run, now)?;
        }
        Ok(AfterCrash::Drop)
    }
}

struct RunWork {
    sender: outbound::Sender,
    rule: Rule,
    run: Run,
    token: String,
    /// Known once asked (or fixed); kept across action retries.
    amount: Option<i64>,
    /// Calls made by this attempt.
    attempts: Vec<RunAttempt>,
}

impl Work for RunWork {
    fn run(&mut self) -> BoxFuture<'_, Outcome> {
        Box::pin(async move {
            let amount = match (self.amount, &self.rule.amount) {
                (Some(amount), _) => amount,
                (None, Amount::Fixed(cents)) => *cents,
                (None, Amount::Remote { url, cap }) => {
                    let (url, cap) = (url.clone(), *cap);
                    match self.ask_amount(&url, cap).await {
                        Ok(amount) => amount,
                        Err(error) => return Outcome::Fail { error },
                    }
                }
            };
            self.amount = Some(amount);
            self.call_action(amount).await
        })
    }

    fn record(&self, conn: &Connection, _job: &Job, finished: &Finished) -> rusqlite::Result<()> {
        for attempt in &self.attempts {
            store::insert_attempt(conn, self.run.seq, attempt)?;
        }
        let now = now_ms();
        let (status, next, finished_at) = match (finished.outcome, finished.next) {
            (Outcome::Succeeded, _) => (RunStatus::Succeeded, None, Some(now)),
            (_, Next::RetryAt(at)) => (RunStatus::Running, Some(at), None),
            _ => (RunStatus::Failed, None, Some(now)),
        };
        let error = match finished.outcome {
            // Rule runs are single steps; another step would carry no error.
            Outcome::Succeeded | Outcome::Continue { .. } => None,
            Outcome::Retry { error, .. } | Outcome::Fail { error } => Some(error.as_str()),
        };
        let added = self.attempts.len() as u32;
        store::update_run(
            conn,
            self.run.seq,
            status,
            self.amount,
            added,
            next,
            finished_at,
            error,
        )?;
        if finished_at.is_some() {
            store::finish_run(conn, &self.run, now)?;
        }
        Ok(())
    }
}

impl RunWork {
    /// POST a signed JSON body: `x-sequence-signature: Bearer <token>` and
    /// the Standard Webhooks headers.
    async fn post(
        &mut self,
        step: &str,
        url: &str,
        message_id: &str,
        body: serde_json::Value,
        idempotency_key: Option<&str>,
        read: usize,
    ) -> (Result<outbound::Answer, String>, i64) {
        let body = body.to_string();
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        let signed = secrets::webhook_headers(&self.token, message_id, body.as_bytes());
        let named = [("x-sequence-signature", format!("Bearer {}", self.token))]
            .into_iter()
            .chain(signed)
            .chain(idempotency_key.map(|key| ("idempotency-key", key.to_string())));
        for (name, value) in named {
            match HeaderValue::try_from(value) {
                Ok(value) => headers.insert(HeaderName::from_static(name), value),
                Err(_) => return (Err(format!("the {name} header is not valid")), now_ms()),
            };
        }
        let url = match Url::parse(url) {
            Ok(url) => url,
            Err(e) => return (Err(format!("the URL {url:?} is not valid: {e}")), now_ms()),
        };
        let started_at = now_ms();
        // Host and path only: credentials and query strings stay out of the log.
        let (host, path) = (url.host_str().unwrap_or_default(), url.path());
        tracing::debug!(step, host, path, request_id = %self.run.request_id, "rule call");
        let timeout = self.rule.timeout;
        let sent = self
            .sender
            .send(Method::POST, url, headers, Some(body), timeout, read)
            .await;
        (sent, started_at)
    }

    fn note(
        &mut self,
        step: &str,
        started_at: i64,
        outcome: &str,
        status: Option<u16>,
        error: Option<String>,
        response: Option<String>,
    ) {
        self.attempts.push(RunAttempt {
            n: self.run.attempt_count + self.attempts.len() as u32 + 1,
            step: step.into(),
            started_at,
            duration_ms: now_ms() - started_at,
            outcome: outcome.into(),
            status_code: status,
            error,
            response,
        });
    }

    /// "Query Remote API": the reply must be `{"amountInCents": <integer ≥ 0>}`,
    /// not above the cap. Any other answer fails the run, with no action call.
    async fn ask_amount(&mut self, url: &str, cap: Option<i64>) -> Result<i64, String> {
        let body = serde_json::json!({
            "ruleId": self.run.rule_id,
            "requestId": self.run.request_id,
            "triggeredAt": rfc3339_ms(self.run.triggered_at),
        });
        let id = format!("{}-amount", self.run.request_id);
        let (sent, started_at) = self
            .post("amount", url, &id, body, None, MAX_AMOUNT_REPLY)
            .await;
        let fail =
            |this: &mut Self, status: Option<u16>, error: String, response: Option<String>| {
                let error = format!("amount query: {error}");
                this.note(
                    "amount",
                    started_at,
                    "failed",
                    status,
                    Some(error.clone()),
                    response,
                );
                Err(error)
            };
        let answer = match sent {
            Ok(answer) => answer,
            Err(error) => return fail(self, None, error, None),
        };
        let status = answer.status;
        let code = Some(status.as_u16());
        let text = String::from_utf8_lossy(&answer.body);
        let excerpt = answer.excerpt();
        if status.is_redirection() {
            let to = answer
                .location
                .as_ref()
                .and_then(|l| l.to_str().ok())
                .unwrap_or("?");
            return fail(
                self,
                code,
                format!("HTTP {}: redirect to {to} is not followed", status.as_u16()),
                excerpt,
            );
        }
        if !status.is_success() {
            return fail(
                self,
                code,
                format!(
                    "HTTP {}: the amount service did not answer 2xx",
                    status.as_u16()
                ),
                excerpt,
            );
        }
        match parse_amount(&text, cap) {
            Ok(amount) => {
                self.note("amount", started_at, "succeeded", code, None, excerpt);
                Ok(amount)
            }
            Err(problem) => fail(self, code, problem, excerpt),
        }
    }

    async fn call_action(&mut self, amount: i64) -> Outcome {
        let body = serde_json::json!({
            "ruleId": self.run.rule_id,
            "requestId": self.run.request_id,
            "amountInCents": amount,
            "trigger": self.run.trigger.as_str(),
            "triggeredAt": rfc3339_ms(self.run.triggered_at),
        });
        let url = self.rule.action_url.clone();
        let request_id = self.run.request_id.clone();
        let (sent, started_at) = self
            .post(
                "action",
                &url,
                &request_id,
                body,
                Some(&request_id),
                outbound::EXCERPT_BYTES,
            )
            .await;
        let answer = match sent {
            Ok(answer) => answer,
            Err(error) => {
                self.note(
                    "action",
                    started_at,
                    "retry",
                    None,
                    Some(error.clone()),
                    None,
                );
                return Outcome::Retry {
                    error,
                    retry_after: None,
                };
            }
        };
        let status = answer.status;
        let excerpt = answer.excerpt();
        let outcome = outbound::classify(status, answer.retry_after, answer.location);
        let (label, error) = match &outcome {
            Outcome::Succeeded => ("succeeded", None),
            Outcome::Retry { error, .. } => ("retry", Some(error.clone())),
            Outcome::Fail { error } => ("failed", Some(error.clone())),
            // outbound::classify never continues.
            Outcome::Continue { .. } => ("retry", None),
        };
        self.note(
            "action",
            started_at,
            label,
            Some(status.as_u16()),
            error,
            excerpt,
        );
        outcome
    }
}

/// What is wrong with an amount reply, if anything.
pub fn parse_amount(text: &str, cap: Option<i64>) -> Result<i64, String> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|_| {
        "the reply is not JSON; expected {\"amountInCents\": <integer>}".to_string()
    })?;
    let field = value
        .as_object()
        .ok_or_else(|| {
            format!(
                "the reply is {}, not an object like {{\"amountInCents\": 2500}}",
                crate::events::json_kind(&value)
            )
        })?
        .get("amountInCents")
        .ok_or("the reply has no amountInCents")?;
    let amount = match field {
        serde_json::Value::Number(n) if n.is_i64() || n.is_u64() => n
            .as_i64()
            .ok_or_else(|| format!("amountInCents {n} is too large"))?,
        serde_json::Value::Number(n) => {
            return Err(format!("amountInCents {n} is not a whole number of cents"));
        }
        other => {
            return Err(format!(
                "amountInCents is {}, not an integer",
                crate::events::json_kind(other)
            ));
        }
    };
    if amount < 0 {
        return Err(format!("amountInCents {amount} is negative"));
    }
    if let Some(cap) = cap
        && amount > cap
    {
        return Err(format!(
            "amountInCents {amount} is above the rule's cap of {cap}"
        ));
    }
    Ok(amount)
}

/// Fires scheduled rules, and puts the next fire on the calendar.
pub struct ScheduleKind;

impl JobKind for ScheduleKind {
    fn name(&self) -> &'static str {
        SCHEDULE_JOB
    }

    fn load(&self, conn: &Connection, job: &Job) -> rusqlite::Result<Option<Box<dyn Work>>> {
        let rule = store::by_seq(conn, job.subject)?.filter(|r| r.enabled && r.schedule.is_some());
        Ok(rule.map(|rule| Box::new(Fire { rule }) as Box<dyn Work>))
    }
}

struct Fire {
    rule: Rule,
}

impl Work for Fire {
    fn run(&mut self) -> BoxFuture<'_, Outcome> {
        Box::pin(async { Outcome::Succeeded })
    }

    fn record(&self, conn: &Connection, _job: &Job, _finished: &Finished) -> rusqlite::Result<()> {
        let now = now_ms();
        match store::trigger(
            conn,
            &(&self.rule).into(),
            Trigger::Schedule,
            None,
            &[],
            now,
        ) {
            Ok(accepted) => {
                tracing::info!(rule = %self.rule.id, request_id = %accepted.request_id, "scheduled run queued")
            }
            Err(TriggerError::Sqlite(e)) => return Err(e),
            Err(e) => tracing::warn!(rule = %self.rule.id, error = %e, "scheduled run not queued"),
        }
        store::reschedule(conn, &self.rule, now)?;
        Ok(())
    }
}

/// Forgets expired idempotency keys, hourly.
pub struct PurgeKind;

const PURGE_EVERY: Duration = Duration::from_secs(3600);

impl JobKind for PurgeKind {
    fn name(&self) -> &'static str {
        PURGE_JOB
    }

    fn load(&self, _conn: &Connection, _job: &Job) -> rusqlite::Result<Option<Box<dyn Work>>> {
        Ok(Some(Box::new(Purge)))
    }
}

struct Purge;

impl Work for Purge {
    fn run(&mut self) -> BoxFuture<'_, Outcome> {
        Box::pin(async { Outcome::Succeeded })
    }

    fn record(&self, conn: &Connection, _job: &Job, _finished: &Finished) -> rusqlite::Result<()> {
        let now = now_ms();
        let purged = store::purge_expired_keys(conn, now)?;
        if purged > 0 {
            tracing::debug!(purged, "expired idempotency keys purged");
        }
        jobs::enqueue(
            conn,
            PURGE_JOB,
            0,
            now + PURGE_EVERY.as_millis() as i64,
            1,
            60_000,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amount_replies() {
        assert_eq!(parse_amount(r#"{"amountInCents": 25000}"#, None), Ok(25000));
        assert_eq!(parse_amount(r#"{"amountInCents": 0}"#, Some(0)), Ok(0));
        let bad = [
            (r#"{"amountInCents": 25000.5}"#, None, "not a whole number"),
            (r#"{"amountInCents": 1.0}"#, None, "not a whole number"),
            (r#"{"amountInCents": -1}"#, None, "negative"),
            (
                r#"{"amountInCents": "100"}"#,
                None,
                "a string, not an integer",
            ),
            (r#"{"amount": 100}"#, None, "no amountInCents"),
            (r#"[100]"#, None, "an array, not an object"),
            ("hello", None, "not JSON"),
            (
                r#"{"amountInCents": 5001}"#,
                Some(5000),
                "above the rule's cap of 5000",
            ),
            (
                r#"{"amountInCents": 99999999999999999999}"#,
                None,
                "not a whole number",
            ),
        ];
        for (text, cap, problem) in bad {
            let err = parse_amount(text, cap).unwrap_err();
            assert!(err.contains(problem), "{text}: {err}");
        }
    }
}
