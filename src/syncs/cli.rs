//! `anticip sync …`

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use clap::{Args, Subcommand};

use super::store::{self, Filter, JOB_KIND, SyncError};
use super::view::CollectionStatus;
use super::{ChangeView, Draft, Provider, RateLimit, RecordView, Sync, SyncView};
use crate::cli::{Context, usage};
use crate::engine::{Engine, EngineConfig, Scope, jobs};
use crate::output;
use crate::time::{format_duration, humanize_from, now_ms, rfc3339_ms};

const CREATE_HELP: &str = "\
Examples:
  anticip sync create --provider stripe --credential prod --name \"Choam Stripe\" \\
      --collections stripe:customer,stripe:invoice --rate-limit 100/60s --max-concurrent 4 --every 30s
  anticip sync create --provider http --config crm.toml --credential crm --name crm
  anticip sync create --provider json-server --base-url http://127.0.0.1:3000 --collections posts --name blog

Stripe collections: stripe:customer, stripe:invoice, stripe:subscription, stripe:product, stripe:price.
The sync backfills every collection, then polls at --every; `anticip serve` runs it, or
`anticip sync run` in the foreground.";

#[derive(Debug, Subcommand)]
pub enum SyncCommand {
    /// Create a sync; prints its id. Its backfill starts at once.
    #[command(after_help = CREATE_HELP)]
    Create(CreateArgs),
    /// List syncs with their status
    List,
    /// Show a sync and the status of each collection
    Get {
        /// Id or name
        sync: String,
    },
    /// Stop a sync's requests until it is resumed
    Pause {
        /// Id or name
        sync: String,
    },
    /// Resume a paused sync where it stopped
    Resume {
        /// Id or name
        sync: String,
    },
    /// Run a sync in the foreground until every collection has completed its
    /// backfill (or, once backfilled, one poll); shows progress on a terminal
    Run {
        /// Id or name
        sync: String,
    },
    /// Delete a sync with its records and change stream
    Delete {
        /// Id or name
        sync: String,
    },
    /// The records of a sync, in the order they last changed
    Records(ListArgs),
    /// The change stream of a sync (--json: one Sequin event object per line)
    Events(EventsArgs),
}

#[derive(Debug, Args)]
pub struct CreateArgs {
    #[arg(long, value_enum)]
    pub provider: Provider,
    /// A unique name to refer to it by
    #[arg(long)]
    pub name: String,
    /// The credential (id or name) its requests authenticate with
    #[arg(long)]
    pub credential: Option<String>,
    /// Collections to sync, comma-separated [default for http: all in the file]
    #[arg(long, value_delimiter = ',', value_name = "ID,…")]
    pub collections: Vec<String>,
    /// The TOML file describing the API (--provider http)
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Send requests here instead of the provider's own host (tests, emulators, proxies)
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// At most N requests per INTERVAL, shared with every sync of the same credential
    /// (e.g. 100/60s) [default: 25/1s for stripe, none otherwise]
    #[arg(long, value_name = "N/INTERVAL", value_parser = super::parse_rate_limit)]
    pub rate_limit: Option<RateLimit>,
    /// At most N requests in flight at once (0: no limit)
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub max_concurrent: u32,
    /// How often to poll for changes once backfilled
    #[arg(long, default_value = "30s", value_parser = crate::time::duration_arg)]
    pub every: Duration,
    /// Your own JSON object, kept with it
    #[arg(long, value_name = "JSON")]
    pub metadata: Option<String>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// The sync (id or name)
    #[arg(long)]
    pub sync: String,
    /// Only this collection
    #[arg(long)]
    pub collection: Option<String>,
    /// Start after this seq (a number, or the `seq` of a JSON line)
    #[arg(long, value_name = "SEQ", value_parser = seq_arg)]
    pub after: Option<i64>,
    /// At most this many
    #[arg(long, default_value_t = 100)]
    pub limit: usize,
}

#[derive(Debug, Args)]
pub struct EventsArgs {
    #[command(flatten)]
    pub list: ListArgs,
    /// Keep printing new events as they are committed (stop with Ctrl-C)
    #[arg(long)]
    pub follow: bool,
}

fn seq_arg(text: &str) -> Result<i64, String> {
    super::decode_seq(text)
        .ok_or_else(|| format!("{text:?} is not a seq; give a number or the seq of an event"))
}

impl SyncCommand {
    pub fn run(self, ctx: &Context) -> anyhow::Result<()> {
        match self {
            SyncCommand::Create(args) => create(ctx, args),
            SyncCommand::List => list(ctx),
            SyncCommand::Get { sync } => {
                let conn = ctx.open()?;
                let sync = store::get(&conn, &sync)?;
                show(ctx, &conn, &sync)
            }
            SyncCommand::Pause { sync } => {
                let sync = ctx.write(|tx| Ok(store::pause(tx, &sync)?))?;
                output::note(&format!("paused sync {:?}", sync.name));
                print_sync(ctx, &sync)
            }
            SyncCommand::Resume { sync } => {
                let sync = ctx.write(|tx| Ok(store::resume(tx, &sync, now_ms())?))?;
                output::note(&format!("resumed sync {:?}", sync.name));
                print_sync(ctx, &sync)
            }
            SyncCommand::Delete { sync } => {
                let sync = ctx.write(|tx| Ok(store::delete(tx, &sync)?))?;
                output::note(&format!(
                    "deleted sync {:?} with its records and events",
                    sync.name
                ));
                if ctx.json {
                    output::json(
                        &serde_json::json!({"id": sync.id, "name": sync.name, "deleted": true}),
                    )?;
                }
                Ok(())
            }
            SyncCommand::Run { sync } => run_foreground(ctx, &sync),
            SyncCommand::Records(args) => records(ctx, args),
            SyncCommand::Events(args) => events(ctx, args),
        }
    }
}

fn create(ctx: &Context, args: CreateArgs) -> anyhow::Result<()> {
    let config_toml = match &args.config {
        Some(path) => Some(
            std::fs::read_to_string(path)
                .map_err(|e| usage(format!("--config: cannot read {}: {e}", path.display())))?,
        ),
        None => None,
    };
    let metadata = match &args.metadata {
        Some(text) => serde_json::from_str(text)
            .map_err(|e| usage(format!("--metadata: not valid JSON: {e}")))?,
        None => serde_json::json!({}),
    };
    let rate_limit = args.rate_limit.or(args.provider.default_rate_limit());
    let draft = Draft {
        provider: args.provider,
        name: args.name,
        collections: args
            .collections
            .iter()
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .collect(),
        config_toml,
        base_url: args.base_url,
        credential: args.credential,
        rate_limit,
        max_concurrent: args.max_concurrent,
        every: args.every,
        metadata,
    };
    let new = draft.validate().map_err(|e| {
        let flag = match e.field {
            "collection_ids" => "collections",
            "base_url" => "base-url",
            other => other,
        };
        usage(format!("--{flag}: {}", e.message))
    })?;
    let sync = ctx.write(|tx| match store::insert(tx, &new, now_ms()) {
        Ok(sync) => Ok(sync),
        Err(e @ (SyncError::Credential(_) | SyncError::WrongCredential { .. })) => {
            Err(usage(format!("--credential: {e}")))
        }
        Err(e) => Err(e.into()),
    })?;
    output::note(&format!(
        "sync {:?} created with {} collection(s); `anticip serve` runs it, or `anticip sync run {}` now",
        sync.name,
        sync.config.collections.len(),
        sync.id
    ));
    if ctx.json {
        print_sync(ctx, &sync)
    } else {
        Ok(output::line(&sync.id)?)
    }
}

fn view(conn: &rusqlite::Connection, sync: &Sync) -> anyhow::Result<SyncView> {
    let statuses = store::statuses(conn, sync)?;
    Ok(SyncView::new(sync, &statuses, now_ms()))
}

fn print_sync(ctx: &Context, sync: &Sync) -> anyhow::Result<()> {
    if ctx.json {
        let conn = ctx.open()?;
        output::json(&view(&conn, sync)?)?;
    }
    Ok(())
}

fn list(ctx: &Context) -> anyhow::Result<()> {
    let conn = ctx.open()?;
    let syncs = store::list(&conn)?;
    let views = syncs
        .iter()
        .map(|s| view(&conn, s))
        .collect::<anyhow::Result<Vec<_>>>()?;
    if ctx.json {
        return Ok(output::json(&views)?);
    }
    let now = now_ms();
    // The oldest of each sync's last polls: how fresh the whole copy is.
    let mut last_polls = std::collections::HashMap::new();
    for sync in &syncs {
        let oldest = store::collections(&conn, sync.seq)?
            .iter()
            .map(|c| c.last_poll_at)
            .min()
            .flatten();
        last_polls.insert(sync.id.clone(), oldest);
    }
    let rows = views.iter().map(|v| {
        vec![
            v.id.clone(),
            v.name.clone(),
            v.provider.clone(),
            v.status.to_string(),
            v.collection_ids.join(","),
            v.collections
                .iter()
                .map(|c| c.records)
                .sum::<i64>()
                .to_string(),
            last_polls
                .get(&v.id)
                .copied()
                .flatten()
                .map(|t| humanize_from(now, t))
                .unwrap_or_else(|| "never".into()),
        ]
    });
    Ok(output::table(
        &[
            "ID",
            "NAME",
            "PROVIDER",
            "STATUS",
            "COLLECTIONS",
            "RECORDS",
            "LAST POLL",
        ],
        rows,
    )?)
}

fn show(ctx: &Context, conn: &rusqlite::Connection, sync: &Sync) -> anyhow::Result<()> {
    let statuses = store::statuses(conn, sync)?;
    let now = now_ms();
    let v = SyncView::new(sync, &statuses, now);
    if ctx.json {
        return Ok(output::json(&v)?);
    }
    let rate = match sync.rate_limit {
        Some(r) => format!(
            "{} per {}",
            r.allowed_requests,
            format_duration(Duration::from_millis(r.interval_ms as u64))
        ),
        None => "none".into(),
    };
    let mut pairs = vec![
        ("id", v.id.clone()),
        ("name", v.name.clone()),
        ("provider", v.provider.clone()),
        ("base url", v.base_url.clone()),
        ("status", v.status.to_string()),
        (
            "credential",
            match &sync.credential_id {
                Some(id) => match crate::credentials::store::find(conn, id)? {
                    Some(c) => format!("{} ({id})", c.name),
                    None => id.clone(),
                },
                None => "none".into(),
            },
        ),
        ("rate limit", rate),
        (
            "max concurrent",
            match sync.max_concurrent {
                0 => "no limit".into(),
                n => n.to_string(),
            },
        ),
        (
            "polls every",
            format_duration(Duration::from_millis(sync.every_ms as u64)),
        ),
        ("created", rfc3339_ms(sync.created_at)),
    ];
    if sync.metadata.as_object().is_some_and(|m| !m.is_empty()) {
        pairs.push(("metadata", sync.metadata.to_string()));
    }
    output::fields(&pairs)?;
    output::line("")?;
    let rows = statuses.iter().map(|s| collection_row(s, sync.paused, now));
    output::table(
        &[
            "COLLECTION",
            "STATE",
            "RECORDS",
            "PROGRESS",
            "LAST POLL",
            "LAG",
            "NEXT",
            "LAST ERROR",
        ],
        rows,
    )?;
    Ok(())
}

fn collection_row(s: &CollectionStatus, paused: bool, now: i64) -> Vec<String> {
    let c = &s.collection;
    let state = c.state(paused, now);
    let state_text = match (state, c.throttled_until) {
        (super::State::Throttled, Some(until)) => {
            format!(
                "throttled until {} ({})",
                rfc3339_ms(until),
                humanize_from(now, until)
            )
        }
        _ => state.as_str().to_string(),
    };
    let progress = if c.pass.is_some() {
        match c.estimated_total {
            Some(total) => format!("{} pages, {} of ~{total}", c.pages, c.records),
            None => format!("{} pages, {} records", c.pages, c.records),
        }
    } else {
        "-".into()
    };
    let error = match &c.last_error {
        Some(e) => {
            let mut text = e.clone();
            if let Some(body) = &c.last_body {
                text.push_str(": ");
                text.push_str(body);
            }
            text.replace('\n', " ").chars().take(160).collect()
        }
        None => String::new(),
    };
    vec![
        c.collection_id.clone(),
        state_text,
        s.record_count.to_string(),
        progress,
        c.last_poll_at
            .map(|t| humanize_from(now, t))
            .unwrap_or_else(|| "never".into()),
        c.lag_ms(now)
            .map(|l| format_duration(Duration::from_secs((l as u64).div_ceil(1000))))
            .unwrap_or_else(|| "-".into()),
        s.next_step_at
            .map(|t| humanize_from(now, t))
            .unwrap_or_else(|| "-".into()),
        error,
    ]
}

/// Resolve `--sync` and `--collection` into a filter.
fn filter(conn: &rusqlite::Connection, args: &ListArgs) -> anyhow::Result<Filter> {
    let sync = store::get(conn, &args.sync)?;
    let collection_seq = match &args.collection {
        Some(c) => Some(store::collection_named(conn, &sync, c)?.seq),
        None => None,
    };
    Ok(Filter {
        sync_seq: Some(sync.seq),
        collection_seq,
        collection_id: None,
        after_seq: args.after.unwrap_or(0),
        limit: args.limit.max(1),
    })
}

fn records(ctx: &Context, args: ListArgs) -> anyhow::Result<()> {
    let conn = ctx.open()?;
    let f = filter(&conn, &args)?;
    let records = store::records(&conn, &f)?;
    if ctx.json {
        for r in &records {
            output::json_line(&RecordView::new(r))?;
        }
        return Ok(());
    }
    let rows = records.iter().map(|r| {
        vec![
            r.seq.to_string(),
            r.collection_id.clone(),
            r.upstream_id.clone(),
            r.upstream_updated_at.map(rfc3339_ms).unwrap_or_default(),
            r.data.chars().take(80).collect(),
        ]
    });
    Ok(output::table(
        &[
            "SEQ",
            "COLLECTION",
            "UPSTREAM ID",
            "UPSTREAM UPDATED",
            "DATA",
        ],
        rows,
    )?)
}

fn events(ctx: &Context, args: EventsArgs) -> anyhow::Result<()> {
    let conn = ctx.open()?;
    let mut f = filter(&conn, &args.list)?;
    let mut header = !ctx.json;
    loop {
        let changes = store::changes(&conn, &f)?;
        if let Some(last) = changes.last() {
            f.after_seq = last.seq;
        }
        if ctx.json {
            for c in &changes {
                output::json_line(&ChangeView::new(c))?;
            }
        } else if !changes.is_empty() || header {
            let rows: Vec<Vec<String>> = changes
                .iter()
                .map(|c| {
                    vec![
                        c.seq.to_string(),
                        c.event.clone(),
                        c.collection_id.clone(),
                        c.upstream_id.clone(),
                        rfc3339_ms(c.inserted_at),
                    ]
                })
                .collect();
            if header {
                output::table(
                    &["SEQ", "EVENT", "COLLECTION", "UPSTREAM ID", "INSERTED"],
                    rows,
                )?;
                header = false;
            } else {
                for row in rows {
                    output::line(&row.join("  "))?;
                }
            }
        }
        if !args.follow {
            return Ok(());
        }
        if changes.len() < f.limit {
            std::thread::sleep(Duration::from_millis(250));
        }
    }
}

/// Work on one sync's jobs in this process until every collection has
/// completed a pass or poll that began after now.
fn run_foreground(ctx: &Context, id: &str) -> anyhow::Result<()> {
    let (sync, baseline) = ctx.write(|tx| {
        let sync = store::get(tx, id)?;
        if sync.paused {
            anyhow::bail!(
                "sync {:?} is paused; `anticip sync resume {}` first",
                sync.name,
                sync.name
            );
        }
        store::schedule_now(tx, &sync, now_ms())?;
        let baseline: Vec<(i64, Option<i64>)> = store::collections(tx, sync.seq)?
            .iter()
            .map(|c| (c.seq, c.last_poll_at))
            .collect();
        Ok((sync, baseline))
    })?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let db_path = ctx.db_path.clone();
    let sync_seq = sync.seq;
    let result = runtime.block_on(async move {
        let db = crate::store::Db::open(&db_path)?;
        let config = EngineConfig {
            scope: Some(Scope {
                kind: JOB_KIND.into(),
                subjects: Some(baseline.iter().map(|(seq, _)| *seq).collect()),
            }),
            shutdown_grace: Duration::from_secs(5),
            ..EngineConfig::default()
        };
        let engine = Engine::new(
            db.clone(),
            config,
            vec![Arc::new(super::job::SyncJobs::new(
                db.clone(),
                crate::outbound::client(),
                super::Feed::default(),
            ))],
        );
        let shutdown = tokio_util::sync::CancellationToken::new();
        crate::serve::cancel_on_signals(shutdown.clone())?;
        let running = tokio::spawn(engine.clone().run(shutdown.clone()));
        let bars = Bars::new(&sync);
        let outcome = loop {
            tokio::select! {
                () = tokio::time::sleep(Duration::from_millis(200)) => {}
                () = shutdown.cancelled() => break Err(anyhow::anyhow!("interrupted; the sync goes on where it stopped next time")),
            }
            let baseline = baseline.clone();
            let state = db
                .read(move |conn| {
                    let sync = store::get_by_seq(conn, sync_seq)?;
                    let Some(sync) = sync else {
                        return Ok::<_, rusqlite::Error>(None);
                    };
                    let statuses = store::statuses(conn, &sync)?;
                    let mut done = true;
                    let mut failed = None;
                    for s in &statuses {
                        let before = baseline
                            .iter()
                            .find(|(seq, _)| *seq == s.collection.seq)
                            .and_then(|(_, at)| *at);
                        if s.collection.last_poll_at <= before {
                            done = false;
                            let job = jobs::scheduled(conn, JOB_KIND, s.collection.seq)?;
                            if job.is_none()
                                && let Some(e) = &s.collection.last_error
                            {
                                failed = Some(format!("{}: {e}", s.collection.collection_id));
                            }
                        }
                    }
                    Ok(Some((statuses, done, failed)))
                })
                .await?;
            let Some((statuses, done, failed)) = state else {
                break Err(anyhow::anyhow!("the sync was deleted"));
            };
            bars.update(&statuses);
            if let Some(failed) = failed {
                break Err(anyhow::anyhow!("{failed}; fix it, then `anticip sync resume`"));
            }
            if done {
                break Ok(());
            }
        };
        bars.finish();
        shutdown.cancel();
        running.await??;
        outcome
    });
    result?;
    let conn = ctx.open()?;
    let sync = store::get_by_seq(&conn, sync_seq)?.ok_or_else(|| SyncError::NotFound(id.into()))?;
    let v = view(&conn, &sync)?;
    if ctx.json {
        return Ok(output::json(&v)?);
    }
    for c in &v.collections {
        output::note(&format!(
            "{}: {} records, {}",
            c.collection_id, c.records, c.state
        ));
    }
    Ok(())
}

/// Progress bars on a terminal, one per collection; nothing otherwise.
struct Bars {
    multi: Option<indicatif::MultiProgress>,
    bars: Vec<(String, indicatif::ProgressBar)>,
}

impl Bars {
    fn new(sync: &Sync) -> Bars {
        if !std::io::stderr().is_terminal() {
            return Bars {
                multi: None,
                bars: Vec::new(),
            };
        }
        let multi = indicatif::MultiProgress::new();
        let bars = sync
            .config
            .collections
            .iter()
            .map(|c| {
                let bar = multi.add(indicatif::ProgressBar::new(0));
                bar.set_style(counting());
                bar.set_prefix(c.id.clone());
                bar.enable_steady_tick(Duration::from_millis(120));
                (c.id.clone(), bar)
            })
            .collect();
        Bars {
            multi: Some(multi),
            bars,
        }
    }

    fn update(&self, statuses: &[CollectionStatus]) {
        let now = now_ms();
        for (id, bar) in &self.bars {
            let Some(s) = statuses.iter().find(|s| &s.collection.collection_id == id) else {
                continue;
            };
            let c = &s.collection;
            let records = c.records.max(0) as u64;
            // A bar when the API says how many there are; a count otherwise.
            if let Some(total) = c.estimated_total {
                if bar.length().is_none_or(|l| l == 0) {
                    bar.set_style(with_total());
                }
                bar.set_length((total.max(0) as u64).max(records));
            }
            bar.set_position(records);
            let state = c.state(false, now);
            let mut msg = format!("{} · page {}", state.as_str(), c.pages);
            if let Some(e) = &c.last_error {
                msg.push_str(&format!(" · {}", e.chars().take(60).collect::<String>()));
            }
            bar.set_message(msg);
        }
    }

    fn finish(&self) {
        for (_, bar) in &self.bars {
            bar.finish();
        }
        if let Some(multi) = &self.multi {
            let _ = multi.clear();
        }
    }
}

fn counting() -> indicatif::ProgressStyle {
    indicatif::ProgressStyle::with_template("{prefix:>24} {spinner} {pos} records  {msg}")
        .expect("template")
}

fn with_total() -> indicatif::ProgressStyle {
    indicatif::ProgressStyle::with_template(
        "{prefix:>24} {spinner} [{bar:30}] {pos}/{len} records  {msg}",
    )
    .expect("template")
    .progress_chars("=> ")
}
