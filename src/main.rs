use std::io::{self, IsTerminal};
use std::process::ExitCode;

use anticip::cli::{self, Cli, Command, UsageError};
use clap::Parser;
use tokio_util::sync::CancellationToken;
use tracing_subscriber::EnvFilter;

/// glibc's allocator spent about a tenth of serve's CPU time under load
/// (`cargo bench --bench delivery`, and ~8% per request in `--bench api`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(&cli);
    let result = match cli.command {
        Command::Serve(ref args) => serve(cli.db.clone(), args),
        _ => cli::run(cli),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            if e.downcast_ref::<UsageError>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}

fn serve(db: Option<std::path::PathBuf>, args: &anticip::serve::ServeArgs) -> anyhow::Result<()> {
    let db_path = cli::db_path(db)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let shutdown = CancellationToken::new();
        anticip::serve::cancel_on_signals(shutdown.clone())?;
        anticip::serve::run(&db_path, args, shutdown).await
    })
}

/// `serve` logs at info by default, other commands only warnings.
fn init_logging(cli: &Cli) {
    let base = match cli.command {
        Command::Serve(_) => 2,
        _ => 1,
    };
    let level = match base + cli.verbose as i8 - cli.quiet as i8 {
        i8::MIN..=-1 => "off",
        0 => "error",
        1 => "warn",
        2 => "info",
        3 => "debug",
        _ => "trace",
    };
    let filter = std::env::var("ANTICIP_LOG")
        .or_else(|_| std::env::var("RUST_LOG"))
        .ok()
        .and_then(|f| EnvFilter::try_new(f).ok())
        .unwrap_or_else(|| {
            EnvFilter::new(format!(
                "anticip={level},{}",
                if level == "off" { "off" } else { "warn" }
            ))
        });
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(io::stderr)
        .with_ansi(io::stderr().is_terminal())
        .with_target(false)
        .init();
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    })
}
