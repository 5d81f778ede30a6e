//! `anticip serve`: the engine and the HTTP API on one port, until a signal
//! stops them.
//!
//! [`run`] binds the listener; [`run_with_listener`] takes one already bound,
//! so tests and embedders can bind port 0. On shutdown the listener stops
//! accepting, in-flight requests finish, then the engine stops claiming,
//! lets in-flight deliveries finish and hands back its leases.

use std::io::ErrorKind;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context as _, anyhow};
use clap::Args;
use sd_notify::NotifyState;
use tokio::net::TcpListener;
use tokio_util::sync::CancellationToken;

use crate::engine::{Backoff, Engine, EngineConfig, JobKind};
use crate::events::deliver::EventDelivery;
use crate::http::{AppState, HttpMetrics, KeyRing, Shared};
use crate::outbound;
use crate::rules;
use crate::store::{self, Db};
use crate::syncs::{self, job::SyncJobs};
use crate::time::duration_arg;

pub const DEFAULT_LISTEN: &str = "127.0.0.1:7878";

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// Where the HTTP API listens, HOST:PORT (port 0 picks a free port; the log says which)
    #[arg(long, env = "ANTICIP_LISTEN", default_value = DEFAULT_LISTEN, value_name = "ADDR", value_parser = listen_arg)]
    pub listen: String,

    /// Deliveries in flight at once
    #[arg(long, default_value_t = 512, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub concurrency: u32,

    /// On SIGTERM/SIGINT, how long in-flight requests and deliveries may take to finish
    #[arg(long, default_value = "30s", value_parser = duration_arg)]
    pub shutdown_grace: Duration,

    /// The first retry delay; each next one is 3 times longer, jittered by ±20%
    #[arg(long, default_value = "10s", value_parser = duration_arg)]
    pub retry_base: Duration,

    /// The longest retry delay
    #[arg(long, default_value = "1h", value_parser = duration_arg)]
    pub retry_cap: Duration,
}

/// `HOST:PORT`, `[IPv6]:PORT`: checked here so a typo is a usage error.
fn listen_arg(input: &str) -> Result<String, String> {
    let bad = || {
        format!(
            "{input:?} is not an address to listen on; give HOST:PORT like 127.0.0.1:7878 or [::1]:7878"
        )
    };
    let (host, port) = input.rsplit_once(':').ok_or_else(bad)?;
    if host.is_empty() || port.parse::<u16>().is_err() {
        return Err(bad());
    }
    Ok(input.to_string())
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

/// Bind `args.listen` and run until `shutdown` is cancelled.
pub async fn run(
    db_path: &Path,
    args: &ServeArgs,
    shutdown: CancellationToken,
) -> anyhow::Result<()> {
    let listener = bind(&args.listen).await?;
    run_with_listener(db_path, args, listener, shutdown).await
}

/// Bind, with an error that names the address and says what to do.
pub async fn bind(addr: &str) -> anyhow::Result<TcpListener> {
    TcpListener::bind(addr).await.map_err(|e| {
        let why = match e.kind() {
            ErrorKind::AddrInUse => {
                "the address is already in use (is another anticip serve running?); \
                 stop that process or pass --listen with another port"
                    .to_string()
            }
            ErrorKind::AddrNotAvailable => {
                "that address is not one of this machine's; use 127.0.0.1 or an address of one \
                 of its interfaces"
                    .to_string()
            }
            ErrorKind::PermissionDenied => {
                "permission denied (ports below 1024 need privileges); use a higher port"
                    .to_string()
            }
            _ => e.to_string(),
        };
        anyhow!("cannot listen on {addr}: {why}")
    })
}

/// Run the engine and the HTTP API on `listener` until `shutdown` is cancelled.
pub async fn run_with_listener(
    db_path: &Path,
    args: &ServeArgs,
    listener: TcpListener,
    shutdown: CancellationToken,
) -> anyhow::Result<()> {
    let addr = listener
        .local_addr()
        .context("reading the listening address")?;
    let db = Db::open(db_path)?;
    db.write(|conn| rules::store::ensure_purge_job(conn, crate::time::now_ms()))
        .await?;
    let company: Arc<str> = db.read(store::installation_id).await?.into();
    let client = outbound::client();
    // One pool of plain-HTTP connections for deliveries and rule calls.
    let sender = outbound::Sender::new(client.clone());
    let sync_feed = syncs::Feed::default();
    let kinds: Vec<Arc<dyn JobKind>> = vec![
        Arc::new(EventDelivery::new(sender.clone())),
        Arc::new(rules::run::RunKind::new(sender)),
        Arc::new(rules::run::ScheduleKind),
        Arc::new(rules::run::PurgeKind),
        Arc::new(SyncJobs::new(db.clone(), client, sync_feed.clone())),
    ];
    let engine = Engine::new(db.clone(), args.engine_config(), kinds);
    let keys = KeyRing::load(db.clone()).await?;
    if keys.is_empty() {
        tracing::warn!(
            "no API keys yet: every /v1 request is refused until `anticip key create --name NAME`"
        );
    }
    let remote_rules = rules::RuleRing::load(db.clone()).await?;
    let http_stop = CancellationToken::new();
    let app = crate::http::router(AppState::new(Shared {
        db,
        engine: engine.clone(),
        company,
        keys: keys.clone(),
        rules: remote_rules.clone(),
        metrics: HttpMetrics::default(),
        sync_feed,
        stopping: http_stop.clone(),
    }));

    let engine_stop = CancellationToken::new();
    let mut engine_task = tokio::spawn(engine.clone().run(engine_stop.clone()));
    keys.refresh_until(http_stop.clone());
    remote_rules.refresh_until(http_stop.clone());
    let server =
        axum::serve(listener, app).with_graceful_shutdown(http_stop.clone().cancelled_owned());
    let mut http_task = tokio::spawn(server.into_future());

    tracing::info!("listening on {addr}");
    tracing::info!(db = %db_path.display(), concurrency = args.concurrency, "anticip serve started");
    notify(NotifyState::Ready);

    // Until asked to stop, or until a part stops by itself (which is a failure).
    let mut engine_done = None;
    let mut http_done = None;
    tokio::select! {
        () = shutdown.cancelled() => {}
        r = &mut engine_task => engine_done = Some(r),
        r = &mut http_task => http_done = Some(r),
    }
    notify(NotifyState::Stopping);

    // 1. Stop accepting; let in-flight requests finish.
    http_stop.cancel();
    let http_result = match http_done {
        Some(r) => r,
        None => match tokio::time::timeout(args.shutdown_grace, &mut http_task).await {
            Ok(r) => r,
            Err(_) => {
                tracing::warn!("requests still in flight after the grace period; closing them");
                http_task.abort();
                Ok(Ok(()))
            }
        },
    };
    keys.flush().await;
    // 2. Then the engine drains.
    engine_stop.cancel();
    let engine_result = match engine_done {
        Some(r) => r,
        None => engine_task.await,
    };
    tracing::info!("anticip serve stopped");

    let stopped_by_itself = !shutdown.is_cancelled();
    match engine_result {
        Ok(Ok(())) if stopped_by_itself && http_result.as_ref().is_ok_and(|r| r.is_ok()) => {
            return Err(anyhow!("the engine stopped unexpectedly"));
        }
        Ok(Ok(())) => {}
        Ok(Err(e)) => return Err(anyhow::Error::from(e).context("the engine failed")),
        Err(e) => return Err(anyhow!("the engine task failed: {e}")),
    }
    match http_result {
        Ok(Ok(())) => Ok(()),
        Ok(Err(e)) => Err(anyhow::Error::from(e).context("the HTTP listener failed")),
        Err(e) => Err(anyhow!("the HTTP task failed: {e}")),
    }
}

/// Tell systemd (Type=notify) where we are; nothing without $NOTIFY_SOCKET.
fn notify(state: NotifyState) {
    if let Err(e) = sd_notify::notify(&[state]) {
        tracing::warn!(error = %e, "could not notify systemd");
    }
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
        tracing::info!(
            signal = name,
            "stopping: no new requests are accepted, no new work is claimed"
        );
        token.cancel();
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn listen_addresses() {
        for good in ["127.0.0.1:7878", "0.0.0.0:0", "[::1]:7878", "localhost:80"] {
            assert!(super::listen_arg(good).is_ok(), "{good}");
        }
        for bad in ["7878", "127.0.0.1", ":7878", "127.0.0.1:99999", "host:port"] {
            assert!(
                super::listen_arg(bad).unwrap_err().contains("HOST:PORT"),
                "{bad}"
            );
        }
    }
}
