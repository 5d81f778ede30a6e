//! The JSON shapes of rules and runs, shared by `--json` and the HTTP API.
//! Field names are camelCase, as Sequence's API writes them.

use serde::Serialize;

use super::{Amount, Rule, Run, RunAttempt, Trigger};
use crate::time::rfc3339_ms;

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleView {
    pub id: String,
    pub name: String,
    pub enabled: bool,
    pub trigger: &'static str,
    pub trigger_url: Option<String>,
    pub schedule: Option<String>,
    pub next_fire_times: Vec<String>,
    pub action_url: String,
    pub amount: serde_json::Value,
    pub timeout_ms: u128,
    pub max_attempts: u32,
    pub max_concurrent_runs: u32,
    pub rate_limit: serde_json::Value,
    pub idempotency_ttl_ms: u128,
    pub created_at: String,
    /// Only when the rule is created or its secret rotated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trigger_secret: Option<String>,
    /// Only when the rule is created.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signing_token: Option<String>,
}

/// `http://127.0.0.1:7878/api/remote-api/rules/<id>/trigger`
pub fn trigger_url(base: &str, rule_id: &str) -> String {
    format!(
        "{}/api/remote-api/rules/{rule_id}/trigger",
        base.trim_end_matches('/')
    )
}

impl RuleView {
    /// `next` are the upcoming fire times of a scheduled rule.
    pub fn new(rule: &Rule, base_url: &str, next: &[i64]) -> RuleView {
        let amount = match &rule.amount {
            Amount::Fixed(cents) => serde_json::json!({ "type": "fixed", "amountInCents": cents }),
            Amount::Remote { url, cap } => {
                serde_json::json!({ "type": "remote", "url": url, "capInCents": cap })
            }
        };
        RuleView {
            id: rule.id.clone(),
            name: rule.name.clone(),
            enabled: rule.enabled,
            trigger: rule.trigger.as_str(),
            trigger_url: (rule.trigger == Trigger::Remote).then(|| trigger_url(base_url, &rule.id)),
            schedule: rule.schedule.as_ref().map(|s| s.describe()),
            next_fire_times: next.iter().map(|t| rfc3339_ms(*t)).collect(),
            action_url: rule.action_url.clone(),
            amount,
            timeout_ms: rule.timeout.as_millis(),
            max_attempts: rule.max_attempts,
            max_concurrent_runs: rule.max_concurrent_runs,
            rate_limit: serde_json::json!({
                "allowedRequests": rule.rate_limit.requests,
                "intervalMs": rule.rate_limit.interval.as_millis() as u64,
            }),
            idempotency_ttl_ms: rule.idempotency_ttl.as_millis(),
            created_at: rfc3339_ms(rule.created_at),
            trigger_secret: None,
            signing_token: None,
        }
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RunView {
    pub request_id: String,
    pub rule_id: String,
    pub trigger: &'static str,
    pub status: &'static str,
    pub amount_in_cents: Option<i64>,
    pub triggered_at: String,
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
    pub next_attempt_at: Option<String>,
    pub attempt_count: u32,
    pub error: Option<String>,
    pub idempotency_key: Option<String>,
    pub attempts: Vec<RunAttemptView>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RunAttemptView {
    pub n: u32,
    pub step: String,
    pub started_at: String,
    pub duration_ms: i64,
    pub outcome: String,
    pub status_code: Option<u16>,
    pub error: Option<String>,
    pub response: Option<String>,
}

impl RunView {
    pub fn new(run: &Run, attempts: &[RunAttempt]) -> RunView {
        RunView {
            request_id: run.request_id.clone(),
            rule_id: run.rule_id.clone(),
            trigger: run.trigger.as_str(),
            status: run.status.as_str(),
            amount_in_cents: run.amount_cents,
            triggered_at: rfc3339_ms(run.triggered_at),
            started_at: run.started_at.map(rfc3339_ms),
            finished_at: run.finished_at.map(rfc3339_ms),
            next_attempt_at: run.next_attempt_at.map(rfc3339_ms),
            attempt_count: run.attempt_count,
            error: run.error.clone(),
            idempotency_key: run.idempotency_key.clone(),
            attempts: attempts
                .iter()
                .map(|a| RunAttemptView {
                    n: a.n,
                    step: a.step.clone(),
                    started_at: rfc3339_ms(a.started_at),
                    duration_ms: a.duration_ms,
                    outcome: a.outcome.clone(),
                    status_code: a.status_code,
                    error: a.error.clone(),
                    response: a.response.clone(),
                })
                .collect(),
        }
    }
}
