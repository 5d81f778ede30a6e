//! `anticip key …`

use std::io::Read;

use anyhow::Context as _;
use clap::Subcommand;

use super::store::{self, KeyError};
use super::{ApiKey, check_imported, check_name};
use crate::cli::{Context, usage};
use crate::output;
use crate::time::{now_ms, rfc3339_ms};

#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Make an API key for the HTTP API; prints it once (it cannot be shown again)
    Create {
        /// A name to recognise it by, e.g. the service that uses it
        #[arg(long)]
        name: String,
    },
    /// Store an existing key read from stdin (e.g. the anticipated.io key your clients already send)
    #[command(
        after_help = "The key is read from stdin, keeping it out of shell history and ps:\n  \
                            printf %s \"$KEY\" | anticip key import --name legacy"
    )]
    Import {
        /// A name to recognise it by
        #[arg(long)]
        name: String,
    },
    /// List API keys: id, name, created, last used (never the key)
    List,
    /// Revoke an API key: requests with it are refused from now on
    Revoke {
        /// Id or name
        key: String,
    },
}

impl KeyCommand {
    pub fn run(self, ctx: &Context) -> anyhow::Result<()> {
        match self {
            KeyCommand::Create { name } => {
                check_name(&name).map_err(|e| usage(format!("--name: {e}")))?;
                let secret = super::generate();
                let key = insert(ctx, &name, &secret)?;
                output::note(&format!(
                    "created API key {} ({:?}); it is shown only now: keep it somewhere safe",
                    key.id, key.name
                ));
                if ctx.json {
                    let mut view = key.view();
                    view.key = Some(secret);
                    Ok(output::json(&view)?)
                } else {
                    Ok(output::line(&secret)?)
                }
            }
            KeyCommand::Import { name } => {
                check_name(&name).map_err(|e| usage(format!("--name: {e}")))?;
                let mut secret = String::new();
                std::io::stdin()
                    .read_to_string(&mut secret)
                    .context("reading the key from stdin")?;
                let secret = secret.trim_end_matches(['\r', '\n']);
                check_imported(secret).map_err(|e| usage(format!("stdin: {e}")))?;
                let key = insert(ctx, &name, secret)?;
                output::note(&format!("imported API key {} ({:?})", key.id, key.name));
                if ctx.json {
                    Ok(output::json(&key.view())?)
                } else {
                    Ok(output::line(&key.id)?)
                }
            }
            KeyCommand::List => {
                let keys = store::list(&ctx.open()?)?;
                if ctx.json {
                    let views: Vec<_> = keys.iter().map(ApiKey::view).collect();
                    return Ok(output::json(&views)?);
                }
                let rows = keys.iter().map(|k| {
                    vec![
                        k.id.clone(),
                        k.name.clone(),
                        rfc3339_ms(k.created_at),
                        k.last_used_at
                            .map(rfc3339_ms)
                            .unwrap_or_else(|| "never".into()),
                    ]
                });
                Ok(output::table(
                    &["ID", "NAME", "CREATED", "LAST USED"],
                    rows,
                )?)
            }
            KeyCommand::Revoke { key } => {
                let revoked = ctx.write(|tx| Ok(store::revoke(tx, &key)?))?;
                output::note(&format!(
                    "revoked API key {} ({:?}); a running serve refuses it within a second",
                    revoked.id, revoked.name
                ));
                if ctx.json {
                    Ok(output::json(&revoked.view())?)
                } else {
                    Ok(())
                }
            }
        }
    }
}

fn insert(ctx: &Context, name: &str, secret: &str) -> anyhow::Result<ApiKey> {
    let hash = crate::secrets::hash(secret);
    ctx.write(|tx| match store::insert(tx, name, &hash, now_ms()) {
        Err(e @ KeyError::NameTaken(_)) => Err(usage(format!("--name: {e}"))),
        other => Ok(other?),
    })
}
