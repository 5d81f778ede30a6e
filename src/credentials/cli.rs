//! `anticip credential …`

use std::io::Read;

use anyhow::Context as _;
use clap::{Args, Subcommand};

use super::store::{self, NewCredential};
use super::{Auth, Credential};
use crate::cli::{Context, usage};
use crate::output;
use crate::time::{now_ms, rfc3339_ms};

const SECRET_INPUT: &str =
    "A secret value of - is read from stdin, keeping it out of shell history and ps.";

#[derive(Debug, Subcommand)]
pub enum CredentialCommand {
    /// Store a credential; prints its id. Secrets are never shown again.
    #[command(subcommand)]
    Add(AddCommand),
    /// List credentials, secrets masked
    List,
    /// Show one credential, secrets masked
    Get {
        /// Id or name
        credential: String,
    },
    /// Delete a credential nothing uses any more
    Delete {
        /// Id or name
        credential: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum AddCommand {
    /// AWS access keys, for SQS events
    #[command(after_help = SECRET_INPUT)]
    Aws(AwsArgs),
    /// A Stripe secret or restricted key, for Stripe syncs
    #[command(after_help = SECRET_INPUT)]
    Stripe(StripeArgs),
    /// Any HTTP API: a bearer token, basic auth, or an API key in a header or query parameter
    #[command(after_help = SECRET_INPUT)]
    Http(HttpArgs),
}

#[derive(Debug, Args)]
pub struct Common {
    /// A unique name to refer to it by
    #[arg(long)]
    pub name: String,
    /// Your own JSON object, kept with it
    #[arg(long, value_name = "JSON")]
    pub metadata: Option<String>,
}

#[derive(Debug, Args)]
pub struct AwsArgs {
    #[command(flatten)]
    pub common: Common,
    #[arg(long)]
    pub access_key_id: String,
    #[arg(long)]
    pub secret_access_key: String,
    /// For temporary credentials
    #[arg(long)]
    pub session_token: Option<String>,
    /// Signing region [default: taken from the queue URL]
    #[arg(long)]
    pub region: Option<String>,
    /// Send requests here instead of AWS (an SQS-compatible server)
    #[arg(long, value_name = "URL")]
    pub endpoint: Option<String>,
}

#[derive(Debug, Args)]
pub struct StripeArgs {
    #[command(flatten)]
    pub common: Common,
    /// The secret key, sk_live_… / sk_test_… / rk_…
    #[arg(long)]
    pub secret: String,
}

#[derive(Debug, Args)]
#[group(id = "auth", required = true, multiple = false)]
pub struct HttpArgs {
    #[command(flatten)]
    pub common: Common,
    /// Authorization: Bearer TOKEN
    #[arg(long, group = "auth", value_name = "TOKEN")]
    pub bearer: Option<String>,
    /// Basic auth
    #[arg(long, group = "auth", value_name = "USER:PASSWORD")]
    pub basic: Option<String>,
    /// An API key in a request header
    #[arg(long, group = "auth", value_name = "NAME: VALUE")]
    pub header: Option<String>,
    /// An API key in a query parameter
    #[arg(long, group = "auth", value_name = "NAME=VALUE")]
    pub query: Option<String>,
}

impl CredentialCommand {
    pub fn run(self, ctx: &Context) -> anyhow::Result<()> {
        match self {
            CredentialCommand::Add(add) => {
                let new = add.into_new()?;
                let credential = ctx.write(|tx| Ok(store::insert(tx, &new, now_ms())?))?;
                output::note(&format!(
                    "stored credential {:?} ({}, {})",
                    credential.name,
                    credential.provider,
                    credential.auth.kind()
                ));
                if ctx.json {
                    Ok(output::json(&credential.view())?)
                } else {
                    Ok(output::line(&credential.id)?)
                }
            }
            CredentialCommand::List => {
                let credentials = store::list(&ctx.open()?)?;
                if ctx.json {
                    let views: Vec<_> = credentials.iter().map(Credential::view).collect();
                    return Ok(output::json(&views)?);
                }
                let rows = credentials.iter().map(|c| {
                    vec![
                        c.id.clone(),
                        c.name.clone(),
                        c.provider.clone(),
                        c.auth.kind().to_string(),
                        summary(c),
                        rfc3339_ms(c.created_at),
                    ]
                });
                Ok(output::table(
                    &["ID", "NAME", "PROVIDER", "KIND", "SECRET", "CREATED"],
                    rows,
                )?)
            }
            CredentialCommand::Get { credential } => {
                let c = store::get(&ctx.open()?, &credential)?;
                if ctx.json {
                    return Ok(output::json(&c.view())?);
                }
                let mut pairs = vec![
                    ("id", c.id.clone()),
                    ("name", c.name.clone()),
                    ("provider", c.provider.clone()),
                    ("kind", c.auth.kind().to_string()),
                    ("secret", summary(&c)),
                ];
                for (k, v) in &c.settings {
                    pairs.push((
                        k.as_str(),
                        v.as_str()
                            .map(str::to_string)
                            .unwrap_or_else(|| v.to_string()),
                    ));
                }
                pairs.push(("created", rfc3339_ms(c.created_at)));
                Ok(output::fields(&pairs)?)
            }
            CredentialCommand::Delete { credential } => {
                let c = ctx.write(|tx| Ok(store::delete(tx, &credential)?))?;
                output::note(&format!("deleted credential {:?}", c.name));
                if ctx.json {
                    Ok(output::json(&c.view())?)
                } else {
                    Ok(())
                }
            }
        }
    }
}

/// The masked secret fields on one line.
fn summary(c: &Credential) -> String {
    let masked = c.auth.masked();
    masked
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(k, _)| *k != "kind")
        .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default()))
        .collect::<Vec<_>>()
        .join(" ")
}

impl AddCommand {
    fn into_new(self) -> anyhow::Result<NewCredential> {
        let mut stdin = StdinOnce::default();
        let (common, provider, auth, settings) = match self {
            AddCommand::Aws(a) => {
                let mut settings = serde_json::Map::new();
                if let Some(region) = a.region {
                    settings.insert("region".into(), region.into());
                }
                if let Some(endpoint) = a.endpoint {
                    crate::events::check_url("endpoint", &endpoint)
                        .map_err(|e| usage(format!("--{e}")))?;
                    settings.insert("endpoint".into(), endpoint.into());
                }
                let auth = Auth::AwsAccessKey {
                    access_key_id: stdin.value(a.access_key_id)?,
                    secret_access_key: stdin.value(a.secret_access_key)?,
                    session_token: a.session_token.map(|t| stdin.value(t)).transpose()?,
                };
                (a.common, "aws", auth, settings)
            }
            AddCommand::Stripe(s) => {
                let secret_key = stdin.value(s.secret)?;
                (
                    s.common,
                    "stripe",
                    Auth::StripeSecretKey { secret_key },
                    Default::default(),
                )
            }
            AddCommand::Http(h) => {
                let auth = if let Some(token) = h.bearer {
                    Auth::Bearer {
                        token: stdin.value(token)?,
                    }
                } else if let Some(pair) = h.basic {
                    let pair = stdin.value(pair)?;
                    let (username, password) = pair
                        .split_once(':')
                        .ok_or_else(|| usage("--basic: write it as USER:PASSWORD"))?;
                    Auth::Basic {
                        username: username.into(),
                        password: password.into(),
                    }
                } else if let Some(header) = h.header {
                    let (header, value) = crate::events::parse_header_arg(&header)
                        .map_err(|e| usage(format!("--header: {e}")))?;
                    Auth::ApiKeyHeader {
                        header,
                        value: stdin.value(value)?,
                    }
                } else if let Some(query) = h.query {
                    let (param, value) = query
                        .split_once('=')
                        .filter(|(p, _)| !p.is_empty())
                        .ok_or_else(|| usage("--query: write it as NAME=VALUE"))?;
                    Auth::ApiKeyQuery {
                        param: param.into(),
                        value: stdin.value(value.to_string())?,
                    }
                } else {
                    unreachable!("clap requires one of the auth flags")
                };
                (h.common, "http", auth, Default::default())
            }
        };
        if common.name.trim().is_empty() {
            return Err(usage("--name: give the credential a name"));
        }
        let metadata = match common.metadata {
            Some(text) => {
                let value: serde_json::Value = serde_json::from_str(&text)
                    .map_err(|e| usage(format!("--metadata: not valid JSON: {e}")))?;
                if !value.is_object() {
                    return Err(usage("--metadata: must be a JSON object"));
                }
                value
            }
            None => serde_json::json!({}),
        };
        Ok(NewCredential {
            name: common.name,
            provider: provider.into(),
            auth,
            settings,
            metadata,
        })
    }
}

/// Reads stdin for the one secret given as `-`.
#[derive(Default)]
struct StdinOnce {
    used: bool,
}

impl StdinOnce {
    fn value(&mut self, arg: String) -> anyhow::Result<String> {
        if arg != "-" {
            return Ok(arg);
        }
        if self.used {
            return Err(usage("only one secret can be read from stdin (-)"));
        }
        self.used = true;
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("reading the secret from stdin")?;
        let text = text.trim_end_matches(['\r', '\n']).to_string();
        if text.is_empty() {
            return Err(usage("the secret read from stdin is empty"));
        }
        Ok(text)
    }
}
