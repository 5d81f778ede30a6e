//! The command line: global options, the command tree, and dispatch. Each
//! domain defines its own subcommands next to its model.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::{CommandFactory, Parser, Subcommand};
use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::credentials::cli::CredentialCommand;
use crate::events::cli::EventCommand;
use crate::keys::cli::KeyCommand;
use crate::rules::cli::RuleCommand;
use crate::serve::ServeArgs;
use crate::store;
use crate::syncs::cli::SyncCommand;

const EXIT_CODES: &str = "\
Exit codes:
  0  success (also when stdout is closed early, e.g. by `head`)
  1  error: the request was valid but could not be done (not found, store or network failure)
  2  usage: a bad argument or value; nothing was changed";

#[derive(Debug, Parser)]
#[command(
    name = "anticip",
    version,
    about = "Scheduled webhooks, remote-triggered rules and API syncs, in one binary and one SQLite file",
    after_help = EXIT_CODES,
    max_term_width = 100
)]
pub struct Cli {
    /// The SQLite database [default: $STATE_DIRECTORY/anticip.db under systemd, else the XDG data directory, e.g. ~/.local/share/anticip/anticip.db]
    #[arg(long, global = true, env = "ANTICIP_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Print machine-readable JSON on stdout
    #[arg(long, global = true)]
    pub json: bool,

    /// More log output (-v debug, -vv trace); ANTICIP_LOG or RUST_LOG take a full filter
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// Less log output (-q errors only, -qq nothing)
    #[arg(short, long, global = true, action = clap::ArgAction::Count, conflicts_with = "verbose")]
    pub quiet: u8,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Schedule, inspect and manage HTTP callbacks and SQS messages
    #[command(subcommand)]
    Event(EventCommand),
    /// Create and fire rules: remote triggers, schedules, amount queries
    #[command(subcommand)]
    Rule(RuleCommand),
    /// Store and manage credentials for AWS, Stripe and other APIs
    #[command(subcommand)]
    Credential(CredentialCommand),
    /// Keep copies of third-party API collections with a change stream
    #[command(subcommand)]
    Sync(SyncCommand),
    /// Create, list and revoke API keys for the HTTP API
    #[command(subcommand)]
    Key(KeyCommand),
    /// Run the engine and the HTTP API until SIGTERM or SIGINT
    Serve(ServeArgs),
    /// Print a shell completion script
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Write completions/ and man/ into a directory (for packaging and the repository)
    #[command(hide = true)]
    Generate { dir: PathBuf },
}

/// A bad argument or value: exit code 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

pub fn usage(message: impl Into<String>) -> anyhow::Error {
    UsageError(message.into()).into()
}

/// What every command needs: where the store is and how to print.
pub struct Context {
    pub db_path: PathBuf,
    pub json: bool,
}

impl Context {
    /// Open the store (creating it on first use).
    pub fn open(&self) -> anyhow::Result<Connection> {
        Ok(store::open(&self.db_path)?)
    }

    /// Run `f` in one `BEGIN IMMEDIATE` transaction and commit it.
    pub fn write<R>(&self, f: impl FnOnce(&Transaction) -> anyhow::Result<R>) -> anyhow::Result<R> {
        let mut conn = self.open()?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit().context("committing to the store")?;
        Ok(out)
    }
}

pub fn db_path(cli_db: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    match cli_db {
        Some(path) => Ok(path),
        None => Ok(store::default_path()?),
    }
}

/// Run a command other than `serve`.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    let ctx = Context {
        db_path: db_path(cli.db)?,
        json: cli.json,
    };
    match cli.command {
        Command::Event(command) => command.run(&ctx),
        Command::Credential(command) => command.run(&ctx),
        Command::Sync(command) => command.run(&ctx),
        Command::Rule(command) => command.run(&ctx),
        Command::Key(command) => command.run(&ctx),
        Command::Serve(_) => unreachable!("serve runs in main's runtime"),
        Command::Completions { shell } => {
            let mut cmd = Cli::command();
            clap_complete::generate(shell, &mut cmd, "anticip", &mut std::io::stdout());
            Ok(())
        }
        Command::Generate { dir } => generate(&dir),
    }
}

/// Completion scripts for every shell clap knows, and one man page per command.
pub fn generate(dir: &Path) -> anyhow::Result<()> {
    let completions = dir.join("completions");
    let man = dir.join("man");
    for d in [&completions, &man] {
        std::fs::create_dir_all(d).with_context(|| format!("creating {}", d.display()))?;
    }
    for shell in [
        clap_complete::Shell::Bash,
        clap_complete::Shell::Zsh,
        clap_complete::Shell::Fish,
        clap_complete::Shell::Elvish,
        clap_complete::Shell::PowerShell,
    ] {
        clap_complete::generate_to(shell, &mut Cli::command(), "anticip", &completions)?;
    }
    clap_mangen::generate_to(Cli::command(), &man)?;
    Ok(())
}
