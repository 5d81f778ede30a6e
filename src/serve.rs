//! `anticip serve`: the engine with every job kind, until a signal stops it.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use clap::Args;
use tokio_util::sync::CancellationToken;

use crate::engine::{Backoff, Engine, EngineConfig, JobKind};
use crate::events::deliver::EventDelivery;
use crate::outbound;
use crate::rules;
use crate::store::Db;
use crate::syncs::job::SyncJobs;
use crate::time::duration_arg;

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Deliveries in flight at once
    #[arg(long, default_value_t = 512, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub concurrency: u32,

    /// On SIGTERM/SIGINT, how long in-flight deliveries may take to finish
    #[arg(long, default_value = "30s", value_parser = duration_arg)]
    pub shutdown_grace: Duration,

    /// The first retry delay; each next one is 3 times longer, jittered by ±20%
    #[arg(long, default_value = "10s", value_parser = duration_arg)]
    pub retry_base: Duration,

    /// The longest retry delay
    #[arg(long, default_value = "1h", value_parser = duration_arg)]
    pub retry_cap: Duration,
}

impl ServeArgs {
    fn engine_config(&self) -> EngineConfig {
        EngineConfig {
            concurrency: self.concurrency as usize,
            backoff: Backoff {
                base: self.retry_base,
                factor: 3,
                cap: self.retry_cap.max(self.retry_base),
            },
            shutdown_grace: self.shutdown_grace,
            ..EngineConfig::default()
        }
    }
}

/// Run until `shutdown` is cancelled, then stop cleanly.
pub async fn run(
    db_path: &Path,
    args: &ServeArgs,
    shutdown: CancellationToken,
) -> anyhow::Result<()> {
    let db = Db::open(db_path)?;
    db.write(|conn| rules::store::ensure_purge_job(conn, crate::time::now_ms()))
        .await?;
    let client = outbound::client();
    let kinds: Vec<Arc<dyn JobKind>> = vec![
        Arc::new(EventDelivery::new(client.clone())),
        Arc::new(rules::run::RunKind::new(client.clone())),
        Arc::new(rules::run::ScheduleKind),
        Arc::new(rules::run::PurgeKind),
        Arc::new(SyncJobs::new(db.clone(), client)),
    ];
    let engine = Engine::new(db, args.engine_config(), kinds);
    tracing::info!(db = %db_path.display(), concurrency = args.concurrency, "anticip serve started");
    engine.run(shutdown).await?;
    tracing::info!("anticip serve stopped");
    Ok(())
}

/// Cancel `token` on the first SIGTERM or SIGINT.
pub fn cancel_on_signals(token: CancellationToken) -> std::io::Result<()> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate())?;
    let mut int = signal(SignalKind::interrupt())?;
    tokio::spawn(async move {
        let name = tokio::select! {
            _ = term.recv() => "SIGTERM",
            _ = int.recv() => "SIGINT",
        };
        tracing::info!(signal = name, "stopping: no new work is claimed");
        token.cancel();
    });
    Ok(())
}
