//! `anticip rule …`

use std::time::Duration;

use clap::{Args, Subcommand};

use super::store::{self, NewRule};
use super::{
    Amount, DEFAULT_IDEMPOTENCY_TTL, DEFAULT_MAX_ATTEMPTS, RateLimit, Rule, RuleView, RunView,
    Schedule, Trigger,
};
use crate::cli::{Context, usage};
use crate::events::{MAX_ATTEMPTS_LIMIT, check_url};
use crate::output;
use crate::time::{duration_arg, format_duration, humanize_from, now_ms, rfc3339_ms};

#[derive(Debug, Subcommand)]
pub enum RuleCommand {
    /// Create a rule; prints its id, trigger URL and, this once only, its secrets
    Create(Box<CreateArgs>),
    /// List rules
    List(BaseUrl),
    /// Show a rule and its next fire times
    Get {
        /// Id or name
        rule: String,
        #[command(flatten)]
        base: BaseUrl,
    },
    /// Let the rule be triggered again
    Enable {
        /// Id or name
        rule: String,
    },
    /// Refuse triggers and stop its schedule; queued runs still run
    Disable {
        /// Id or name
        rule: String,
    },
    /// Delete a rule with its runs
    Delete {
        /// Id or name
        rule: String,
    },
    /// Fire a rule by hand; prints the run's request id
    Trigger {
        /// Id or name
        rule: String,
        /// A retry with the same key runs nothing new and gets the same request id
        #[arg(long)]
        idempotency_key: Option<String>,
    },
    /// The rule's run history, newest first
    Runs {
        /// Id or name
        rule: String,
        #[arg(long, default_value_t = 50)]
        limit: usize,
    },
    /// Make a new trigger secret; the old one keeps working for the grace period
    RotateSecret {
        /// Id or name
        rule: String,
        #[arg(long, default_value = "24h", value_parser = duration_arg)]
        grace: Duration,
    },
}

#[derive(Debug, Clone, Args)]
pub struct BaseUrl {
    /// Where `serve` is reached, for trigger URLs [default: http:// + $ANTICIP_LISTEN, else http://127.0.0.1:7878]
    #[arg(long, env = "ANTICIP_PUBLIC_URL", value_name = "URL")]
    pub base_url: Option<String>,
}

impl BaseUrl {
    fn resolve(&self) -> String {
        self.base_url.clone().unwrap_or_else(|| {
            let listen =
                std::env::var("ANTICIP_LISTEN").unwrap_or_else(|_| "127.0.0.1:7878".into());
            format!("http://{listen}")
        })
    }
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("amount").required(true).args(["amount_cents", "amount_from"]))]
pub struct CreateArgs {
    #[arg(long)]
    pub name: String,

    /// How the rule is fired
    #[arg(long, value_enum)]
    pub trigger: Trigger,

    /// Where the action is POSTed
    #[arg(long, value_name = "URL")]
    pub action_url: String,

    /// A fixed amount
    #[arg(long, value_name = "CENTS", allow_negative_numbers = true)]
    pub amount_cents: Option<i64>,

    /// Ask this URL for the amount ("Query Remote API"): it answers {"amountInCents": N}
    #[arg(long, value_name = "URL")]
    pub amount_from: Option<String>,

    /// Refuse a queried amount above this
    #[arg(
        long,
        value_name = "CENTS",
        requires = "amount_from",
        allow_negative_numbers = true
    )]
    pub amount_cap_cents: Option<i64>,

    /// For --trigger schedule: a 5-field cron expression, e.g. "0 9 * * MON"
    #[arg(long, conflicts_with = "every")]
    pub cron: Option<String>,

    /// The IANA time zone of --cron
    #[arg(long, default_value = "UTC", requires = "cron")]
    pub tz: String,

    /// For --trigger schedule: a fixed interval, e.g. 15m
    #[arg(long, value_parser = duration_arg)]
    pub every: Option<Duration>,

    /// Remote triggers allowed per interval; more get 429 with Retry-After
    #[arg(long, default_value = "100/1s", value_parser = super::parse_rate_limit, value_name = "N/INTERVAL")]
    pub rate_limit: RateLimit,

    /// Runs of this rule at once; the others wait their turn
    #[arg(long, default_value_t = 1)]
    pub max_concurrent_runs: u32,

    /// How long the amount query and each action call may take
    #[arg(long, default_value = "10s", value_parser = duration_arg)]
    pub timeout: Duration,

    /// Action calls before the run fails for good
    #[arg(long, default_value_t = DEFAULT_MAX_ATTEMPTS)]
    pub max_attempts: u32,

    /// How long an idempotency key is remembered (at least 24h)
    #[arg(long, default_value = "24h", value_parser = duration_arg)]
    pub idempotency_ttl: Duration,

    #[command(flatten)]
    pub base: BaseUrl,
}

impl RuleCommand {
    pub fn run(self, ctx: &Context) -> anyhow::Result<()> {
        match self {
            RuleCommand::Create(args) => create(ctx, *args),
            RuleCommand::List(base) => {
                let conn = ctx.open()?;
                let rules = store::list(&conn)?;
                if ctx.json {
                    let views: anyhow::Result<Vec<RuleView>> = rules
                        .iter()
                        .map(|r| view(&conn, r, &base.resolve()))
                        .collect();
                    return Ok(output::json(&views?)?);
                }
                let now = now_ms();
                let rows = rules.iter().map(|r| {
                    let next = store::next_scheduled(&conn, r).ok().flatten();
                    vec![
                        r.id.clone(),
                        r.name.clone(),
                        if r.enabled { "enabled" } else { "disabled" }.into(),
                        r.trigger.to_string(),
                        amount_text(&r.amount),
                        next.map(|t| format!("{} ({})", rfc3339_ms(t), humanize_from(now, t)))
                            .unwrap_or_default(),
                    ]
                });
                Ok(output::table(
                    &["ID", "NAME", "STATE", "TRIGGER", "AMOUNT", "NEXT FIRE"],
                    rows,
                )?)
            }
            RuleCommand::Get { rule, base } => {
                let conn = ctx.open()?;
                let rule = store::find(&conn, &rule)?;
                let view = view(&conn, &rule, &base.resolve())?;
                if ctx.json {
                    return Ok(output::json(&view)?);
                }
                print_rule(&view)
            }
            RuleCommand::Enable { rule } => set_enabled(ctx, &rule, true),
            RuleCommand::Disable { rule } => set_enabled(ctx, &rule, false),
            RuleCommand::Delete { rule } => {
                let rule = ctx.write(|tx| Ok(store::delete(tx, &rule)?))?;
                output::note(&format!(
                    "deleted rule {} ({:?}) and its runs",
                    rule.id, rule.name
                ));
                Ok(())
            }
            RuleCommand::Trigger {
                rule,
                idempotency_key,
            } => trigger(ctx, &rule, idempotency_key.as_deref()),
            RuleCommand::Runs { rule, limit } => runs(ctx, &rule, limit),
            RuleCommand::RotateSecret { rule, grace } => {
                let (rule, secret) =
                    ctx.write(|tx| Ok(store::rotate_secret(tx, &rule, grace, now_ms())?))?;
                output::note(&format!(
                    "new trigger secret for rule {}; the old one works for {} more. It is shown only this once.",
                    rule.id,
                    format_duration(grace)
                ));
                if ctx.json {
                    Ok(output::json(
                        &serde_json::json!({ "id": rule.id, "triggerSecret": secret }),
                    )?)
                } else {
                    Ok(output::line(&secret)?)
                }
            }
        }
    }
}

fn view(conn: &rusqlite::Connection, rule: &Rule, base: &str) -> anyhow::Result<RuleView> {
    let next = match (store::next_scheduled(conn, rule)?, &rule.schedule) {
        (Some(first), Some(schedule)) => {
            let mut times = vec![first];
            times.extend(schedule.upcoming(first, 4));
            times
        }
        _ => Vec::new(),
    };
    Ok(RuleView::new(rule, base, &next))
}

fn amount_text(amount: &Amount) -> String {
    match amount {
        Amount::Fixed(cents) => format!("{cents}¢"),
        Amount::Remote {
            url,
            cap: Some(cap),
        } => format!("from {url} (≤ {cap}¢)"),
        Amount::Remote { url, cap: None } => format!("from {url}"),
    }
}

fn print_rule(view: &RuleView) -> anyhow::Result<()> {
    let mut pairs = vec![
        ("id", view.id.clone()),
        ("name", view.name.clone()),
        (
            "state",
            if view.enabled { "enabled" } else { "disabled" }.to_string(),
        ),
        ("trigger", view.trigger.to_string()),
    ];
    if let Some(url) = &view.trigger_url {
        pairs.push(("trigger url", url.clone()));
    }
    if let Some(secret) = &view.trigger_secret {
        pairs.push(("trigger secret", secret.clone()));
    }
    if let Some(token) = &view.signing_token {
        pairs.push(("signing token", token.clone()));
    }
    if let Some(schedule) = &view.schedule {
        pairs.push(("schedule", schedule.clone()));
    }
    for at in &view.next_fire_times {
        pairs.push(("next fire", at.clone()));
    }
    pairs.push(("action url", view.action_url.clone()));
    let amount = &view.amount;
    pairs.push((
        "amount",
        match amount["type"].as_str() {
            Some("fixed") => format!("{}¢", amount["amountInCents"]),
            _ => format!("from {}", amount["url"].as_str().unwrap_or_default()),
        },
    ));
    if let Some(cap) = amount["capInCents"].as_i64() {
        pairs.push(("amount cap", format!("{cap}¢")));
    }
    pairs.push((
        "rate limit",
        format!(
            "{}/{}ms",
            view.rate_limit["allowedRequests"], view.rate_limit["intervalMs"]
        ),
    ));
    pairs.push(("runs at once", view.max_concurrent_runs.to_string()));
    pairs.push(("created", view.created_at.clone()));
    Ok(output::fields(&pairs)?)
}

fn create(ctx: &Context, args: CreateArgs) -> anyhow::Result<()> {
    let bad = |flag: &str, message: String| usage(format!("--{flag}: {message}"));
    if args.name.trim().is_empty() {
        return Err(usage("--name: give the rule a name"));
    }
    let action_url =
        check_url("action_url", &args.action_url).map_err(|e| bad("action-url", e.message))?;
    let amount = match (args.amount_cents, args.amount_from) {
        (Some(cents), _) if cents < 0 => {
            return Err(bad("amount-cents", format!("{cents} is negative")));
        }
        (Some(cents), _) => Amount::Fixed(cents),
        (None, Some(url)) => {
            let url = check_url("amount_from", &url).map_err(|e| bad("amount-from", e.message))?;
            if let Some(cap) = args.amount_cap_cents.filter(|c| *c < 0) {
                return Err(bad("amount-cap-cents", format!("{cap} is negative")));
            }
            Amount::Remote {
                url,
                cap: args.amount_cap_cents,
            }
        }
        (None, None) => unreachable!("clap requires one of them"),
    };
    let schedule = match (args.trigger, args.cron, args.every) {
        (Trigger::Schedule, Some(cron), _) => {
            Some(Schedule::cron(&cron, &args.tz).map_err(|e| bad("cron", e))?)
        }
        (Trigger::Schedule, None, Some(every)) => {
            Some(Schedule::every(every).map_err(|e| bad("every", e))?)
        }
        (Trigger::Schedule, None, None) => {
            return Err(usage(
                "--trigger schedule needs --cron EXPR (with --tz) or --every INTERVAL",
            ));
        }
        (_, None, None) => None,
        (other, _, _) => {
            return Err(usage(format!(
                "--cron and --every are for --trigger schedule, not --trigger {other}"
            )));
        }
    };
    if args.max_concurrent_runs == 0 {
        return Err(bad("max-concurrent-runs", "must be at least 1".into()));
    }
    if !(1..=MAX_ATTEMPTS_LIMIT).contains(&args.max_attempts) {
        return Err(bad(
            "max-attempts",
            format!(
                "{} is out of range; give 1 to {MAX_ATTEMPTS_LIMIT}",
                args.max_attempts
            ),
        ));
    }
    if args.timeout.is_zero() || args.timeout > crate::events::MAX_TIMEOUT {
        return Err(bad(
            "timeout",
            format!(
                "{} is out of range; give more than 0s and at most 10m",
                format_duration(args.timeout)
            ),
        ));
    }
    if args.idempotency_ttl < DEFAULT_IDEMPOTENCY_TTL {
        return Err(bad(
            "idempotency-ttl",
            format!(
                "{} is too short; keys are kept at least 24h",
                format_duration(args.idempotency_ttl)
            ),
        ));
    }
    let new = NewRule {
        name: args.name,
        trigger: args.trigger,
        schedule,
        action_url,
        amount,
        timeout: args.timeout,
        max_attempts: args.max_attempts,
        max_concurrent_runs: args.max_concurrent_runs,
        rate_limit: args.rate_limit,
        idempotency_ttl: args.idempotency_ttl,
    };
    let created = ctx.write(|tx| Ok(store::insert(tx, &new, now_ms())?))?;
    let conn = ctx.open()?;
    let mut view = view(&conn, &created.rule, &args.base.resolve())?;
    view.trigger_secret = created.trigger_secret;
    view.signing_token = Some(created.signing_token);
    output::note(
        "The trigger secret and the signing token are shown only this once: keep them now.",
    );
    if ctx.json {
        return Ok(output::json(&view)?);
    }
    print_rule(&view)
}

fn set_enabled(ctx: &Context, rule: &str, enabled: bool) -> anyhow::Result<()> {
    let rule = ctx.write(|tx| Ok(store::set_enabled(tx, rule, enabled, now_ms())?))?;
    output::note(&format!(
        "rule {} {}",
        rule.id,
        if enabled { "enabled" } else { "disabled" }
    ));
    Ok(())
}

fn trigger(ctx: &Context, rule: &str, key: Option<&str>) -> anyhow::Result<()> {
    if let Some(key) = key {
        super::check_idempotency_key(key).map_err(|e| usage(format!("--idempotency-key: {e}")))?;
    }
    let accepted = ctx.write(|tx| {
        let rule = store::find(tx, rule)?;
        Ok(store::trigger(
            tx,
            &(&rule).into(),
            Trigger::Manual,
            key,
            &super::fingerprint(&serde_json::json!({})),
            now_ms(),
        )?)
    })?;
    if accepted.replayed {
        output::note("this idempotency key was used before: no new run; here is the first one");
    } else {
        output::note("run queued; `anticip serve` runs it");
    }
    if ctx.json {
        let response: serde_json::Value = serde_json::from_str(&accepted.body())?;
        Ok(output::json(&response)?)
    } else {
        Ok(output::line(&accepted.request_id)?)
    }
}

fn runs(ctx: &Context, rule: &str, limit: usize) -> anyhow::Result<()> {
    let conn = ctx.open()?;
    let rule = store::find(&conn, rule)?;
    let runs = store::runs(&conn, rule.seq, limit)?;
    if ctx.json {
        let views: rusqlite::Result<Vec<RunView>> = runs
            .iter()
            .map(|r| Ok(RunView::new(r, &store::run_attempts(&conn, r.seq)?)))
            .collect();
        return Ok(output::json(&views?)?);
    }
    let rows = runs.iter().map(|r| {
        vec![
            r.request_id.clone(),
            r.trigger.to_string(),
            rfc3339_ms(r.triggered_at),
            r.amount_cents.map(|c| format!("{c}¢")).unwrap_or_default(),
            r.status.to_string(),
            r.attempt_count.to_string(),
            r.error.clone().unwrap_or_default(),
        ]
    });
    Ok(output::table(
        &[
            "REQUEST ID",
            "TRIGGER",
            "TRIGGERED",
            "AMOUNT",
            "STATUS",
            "ATTEMPTS",
            "ERROR",
        ],
        rows,
    )?)
}
