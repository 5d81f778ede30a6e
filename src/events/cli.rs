//! `anticip event …`

use std::io::Read;
use std::time::Duration;

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use clap::{Args, Subcommand};

use super::store::{self, EventError};
use super::{Draft, Event, EventType, EventView, Invalid, Method, SqsOptions, Status};
use crate::cli::{Context, usage};
use crate::output;
use crate::time::{WHEN_FORMS, format_duration, humanize_from, now_ms, parse_when_now, rfc3339_ms};

#[derive(Debug, Subcommand)]
pub enum EventCommand {
    /// Schedule an HTTP callback or an SQS message; prints the new event's id
    #[command(after_help = WHEN_FORMS)]
    Create(CreateArgs),
    /// List events in time order
    List(ListArgs),
    /// Show an event, its state and every delivery attempt
    Get {
        /// The event id
        id: String,
    },
    /// Delete an event so that it never fires
    Delete {
        /// The event id
        id: String,
    },
    /// Queue a failed event again, due now, with a fresh set of attempts
    Retry {
        /// The event id
        id: String,
    },
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    /// When to fire: a timestamp, a relative time or a calendar phrase (see below)
    #[arg(long, value_parser = when_arg, allow_hyphen_values = true)]
    pub when: DateTime<Utc>,

    /// The http(s) URL to call; for sqs events the queue URL,
    /// e.g. https://sqs.eu-west-1.amazonaws.com/123456789012/orders
    #[arg(long)]
    pub url: String,

    /// What to send: JSON for json and sqs events (an object), the XML text for xml events.
    /// @FILE reads a file, - reads stdin [default: {} for json and sqs, empty for xml]
    #[arg(long, allow_hyphen_values = true)]
    pub document: Option<String>,

    #[arg(long = "type", value_enum, default_value_t = EventType::Json)]
    pub event_type: EventType,

    /// The HTTP method (not for sqs events) [default: post]
    #[arg(long, value_enum)]
    pub method: Option<Method>,

    /// An extra request header, 'Name: value' (repeatable; not for sqs events)
    #[arg(long = "header", value_name = "NAME: VALUE", value_parser = super::parse_header_arg)]
    pub headers: Vec<(String, String)>,

    /// How long one attempt may take (e.g. 30s, 2m)
    #[arg(long, default_value = "30s", value_parser = crate::time::duration_arg)]
    pub timeout: Duration,

    /// Attempts before the event fails for good
    #[arg(long, default_value_t = super::DEFAULT_MAX_ATTEMPTS)]
    pub max_attempts: u32,

    /// The stored AWS credential to sign with (see `anticip credential add aws`)
    /// [default: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, else AWS_PROFILE in ~/.aws/credentials, as anticip serve sees them]
    #[arg(long, value_name = "NAME", help_heading = "SQS events")]
    pub credential: Option<String>,

    /// The message group of a FIFO queue [default: the event id]
    #[arg(long, value_name = "ID", help_heading = "SQS events")]
    pub message_group_id: Option<String>,

    /// The signing region [default: the credential's, else the queue URL's, else AWS_REGION, else us-east-1]
    #[arg(long, help_heading = "SQS events")]
    pub region: Option<String>,
}

fn when_arg(input: &str) -> Result<DateTime<Utc>, String> {
    parse_when_now(input).map_err(|e| format!("{}\n\n{WHEN_FORMS}", e.reason))
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only events in this state
    #[arg(long, value_enum, default_value = "all")]
    pub status: StatusFilter,

    /// At most this many events
    #[arg(long, default_value_t = 100)]
    pub limit: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StatusFilter {
    All,
    Scheduled,
    Retrying,
    Delivered,
    Failed,
    Deleted,
}

impl StatusFilter {
    fn status(self) -> Option<Status> {
        match self {
            StatusFilter::All => None,
            StatusFilter::Scheduled => Some(Status::Scheduled),
            StatusFilter::Retrying => Some(Status::Retrying),
            StatusFilter::Delivered => Some(Status::Delivered),
            StatusFilter::Failed => Some(Status::Failed),
            StatusFilter::Deleted => Some(Status::Deleted),
        }
    }
}

impl EventCommand {
    pub fn run(self, ctx: &Context) -> anyhow::Result<()> {
        match self {
            EventCommand::Create(args) => create(ctx, args),
            EventCommand::List(args) => list(ctx, args),
            EventCommand::Get { id } => get(ctx, &id),
            EventCommand::Delete { id } => {
                let event = ctx.write(|tx| Ok(store::delete(tx, &id, now_ms())?))?;
                output::note(&format!("deleted event {id}"));
                print_event(ctx, &event, None)
            }
            EventCommand::Retry { id } => {
                let event = ctx.write(|tx| Ok(store::retry(tx, &id, now_ms())?))?;
                output::note(&format!("event {id} queued again, due now"));
                print_event(ctx, &event, None)
            }
        }
    }
}

fn create(ctx: &Context, args: CreateArgs) -> anyhow::Result<()> {
    if args.event_type == EventType::Sqs && args.method.is_some() {
        return Err(usage(
            "--method: sqs events are sent with SQS SendMessage, which has no method; leave --method out",
        ));
    }
    let document = match args.document.as_deref() {
        None if args.event_type != EventType::Xml => "{}".to_string(),
        None => String::new(),
        Some("-") => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .context("reading the document from stdin")?;
            text
        }
        Some(arg) => match arg.strip_prefix('@') {
            Some(path) => std::fs::read_to_string(path)
                .with_context(|| format!("reading the document from {path}"))?,
            None => arg.to_string(),
        },
    };
    let when_at = args.when.timestamp_millis();
    let draft = Draft {
        event_type: args.event_type,
        method: args.method.unwrap_or(Method::Post),
        url: args.url,
        headers: args.headers,
        document,
        when_at,
        timeout: args.timeout,
        max_attempts: args.max_attempts,
        sqs: SqsOptions {
            credential: args.credential,
            message_group_id: args.message_group_id,
            region: args.region,
        },
    };
    let new = draft.validate().map_err(invalid_flag)?;
    let now = now_ms();
    let event = ctx.write(|tx| {
        store::insert(tx, &new, now).map_err(|e| match e {
            EventError::Invalid(e) => invalid_flag(e),
            other => other.into(),
        })
    })?;
    let when = rfc3339_ms(when_at);
    // `now` resolves a moment before the insert: only warn about a real past.
    if when_at < now - 1000 {
        output::warn(&format!(
            "{when} is in the past ({}); event {} fires as soon as `anticip serve` runs",
            humanize_from(now, when_at),
            event.id
        ));
    } else {
        output::note(&format!(
            "event {} fires at {when} ({})",
            event.id,
            humanize_from(now, when_at)
        ));
    }
    if ctx.json {
        print_event(ctx, &event, None)
    } else {
        Ok(output::line(&event.id)?)
    }
}

/// A usage error naming the flag of the invalid field.
fn invalid_flag(e: Invalid) -> anyhow::Error {
    let flag = match e.field {
        "headers" => "header".to_string(),
        other => other.replace('_', "-"),
    };
    usage(format!("--{flag}: {}", e.message))
}

/// The method column: sqs events have none.
fn method_of(event: &Event) -> String {
    match event.event_type {
        EventType::Sqs => "-".into(),
        _ => event.method.to_string(),
    }
}

fn list(ctx: &Context, args: ListArgs) -> anyhow::Result<()> {
    let conn = ctx.open()?;
    let events = store::list(&conn, args.status.status(), args.limit, None)?;
    if ctx.json {
        let company = crate::store::installation_id(&conn)?;
        let views: Vec<EventView> = events.iter().map(|e| EventView::new(e, &company)).collect();
        return Ok(output::json(&views)?);
    }
    let now = now_ms();
    let rows = events.iter().map(|e| {
        vec![
            e.id.clone(),
            e.event_type.to_string(),
            method_of(e),
            format!(
                "{} ({})",
                rfc3339_ms(e.when_at),
                humanize_from(now, e.when_at)
            ),
            e.status.to_string(),
            e.attempt_count.to_string(),
            e.url.clone(),
        ]
    });
    Ok(output::table(
        &["ID", "TYPE", "METHOD", "WHEN", "STATUS", "ATTEMPTS", "URL"],
        rows,
    )?)
}

fn get(ctx: &Context, id: &str) -> anyhow::Result<()> {
    let conn = ctx.open()?;
    let (event, attempts) =
        store::get_with_attempts(&conn, id)?.ok_or_else(|| EventError::NotFound(id.to_string()))?;
    if ctx.json {
        return print_event(ctx, &event, Some(&attempts));
    }
    let now = now_ms();
    let mut state = event.status.to_string();
    if let Some(next) = event.next_attempt_at {
        state += &format!(
            ", attempt {} of {} at {} ({})",
            event.attempt_count + 1,
            event.max_attempts,
            rfc3339_ms(next),
            humanize_from(now, next)
        );
    }
    let mut pairs = vec![
        ("id", event.id.clone()),
        ("type", event.event_type.to_string()),
        ("method", method_of(&event)),
        ("url", event.url.clone()),
        (
            "when",
            format!(
                "{} ({})",
                rfc3339_ms(event.when_at),
                humanize_from(now, event.when_at)
            ),
        ),
        ("created", rfc3339_ms(event.created_at)),
        ("status", state),
        (
            "attempts",
            format!("{} of {}", event.attempt_count, event.max_attempts),
        ),
        (
            "timeout",
            format_duration(Duration::from_millis(event.timeout_ms as u64)),
        ),
    ];
    for (name, value) in &event.headers {
        pairs.push(("header", format!("{name}: {value}")));
    }
    if event.event_type == EventType::Sqs {
        let credential = match (&event.sqs.credential, &event.credential_name) {
            (None, _) => "none: keys from the environment of anticip serve".to_string(),
            (Some(_), Some(name)) => name.clone(),
            (Some(id), None) => format!("{id} (deleted)"),
        };
        pairs.push(("credential", credential));
        if let Some(group) = &event.sqs.message_group_id {
            pairs.push(("message group", group.clone()));
        }
        if let Some(region) = &event.sqs.region {
            pairs.push(("region", region.clone()));
        }
    }
    pairs.push(("document", event.document.clone()));
    if let Some(error) = &event.last_error {
        pairs.push(("last error", error.clone()));
    }
    output::fields(&pairs)?;
    if !attempts.is_empty() {
        output::line("")?;
        let rows = attempts.iter().map(|a| {
            vec![
                a.n.to_string(),
                rfc3339_ms(a.started_at),
                format!("{}ms", (a.started_at - a.scheduled_at).max(0)),
                format!("{}ms", a.duration_ms),
                a.outcome.clone(),
                a.status_code.map(|c| c.to_string()).unwrap_or_default(),
                a.error
                    .clone()
                    .or_else(|| a.response.clone())
                    .unwrap_or_default()
                    .replace('\n', " "),
            ]
        });
        output::table(
            &[
                "#",
                "STARTED",
                "LATE",
                "TOOK",
                "OUTCOME",
                "STATUS",
                "ERROR / RESPONSE",
            ],
            rows,
        )?;
    }
    Ok(())
}

fn print_event(
    ctx: &Context,
    event: &Event,
    attempts: Option<&[super::Attempt]>,
) -> anyhow::Result<()> {
    if !ctx.json {
        return Ok(());
    }
    let conn = ctx.open()?;
    let company = crate::store::installation_id(&conn)?;
    let mut view = EventView::new(event, &company);
    if let Some(attempts) = attempts {
        view = view.with_attempts(attempts);
    }
    Ok(output::json(&view)?)
}
