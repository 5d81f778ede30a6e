//! Credentials for the services anticip calls: AWS keys for SQS events, API
//! secrets for syncs. One store for all. Secrets live only in the SQLite file
//! (created owner-only) and are masked in every listing, log and API reply.

pub mod api;
pub mod cli;
pub mod store;

use serde::{Deserialize, Serialize};

/// How a credential authenticates. Stored as JSON in `credentials.auth`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Auth {
    /// AWS Signature Version 4 keys.
    AwsAccessKey {
        access_key_id: String,
        secret_access_key: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        session_token: Option<String>,
    },
    /// A Stripe secret or restricted key, sent as basic-auth user.
    StripeSecretKey { secret_key: String },
    /// `Authorization: Bearer <token>`.
    Bearer { token: String },
    /// `Authorization: Basic base64(username:password)`.
    Basic { username: String, password: String },
    /// An API key in a request header.
    ApiKeyHeader { header: String, value: String },
    /// An API key in a query parameter.
    ApiKeyQuery { param: String, value: String },
}

impl Auth {
    pub fn kind(&self) -> &'static str {
        match self {
            Auth::AwsAccessKey { .. } => "aws_access_key",
            Auth::StripeSecretKey { .. } => "stripe_secret_key",
            Auth::Bearer { .. } => "bearer",
            Auth::Basic { .. } => "basic",
            Auth::ApiKeyHeader { .. } => "api_key_header",
            Auth::ApiKeyQuery { .. } => "api_key_query",
        }
    }

    /// The same credential with every secret value masked, for display.
    pub fn masked(&self) -> serde_json::Value {
        let m = |s: &str| serde_json::Value::String(mask(s));
        let plain = |s: &str| serde_json::Value::String(s.to_string());
        let (kind, fields): (&str, Vec<(&str, serde_json::Value)>) = match self {
            Auth::AwsAccessKey {
                access_key_id,
                secret_access_key,
                session_token,
            } => {
                let mut f = vec![
                    ("access_key_id", m(access_key_id)),
                    ("secret_access_key", m(secret_access_key)),
                ];
                if let Some(token) = session_token {
                    f.push(("session_token", m(token)));
                }
                ("aws_access_key", f)
            }
            Auth::StripeSecretKey { secret_key } => {
                ("stripe_secret_key", vec![("secret_key", m(secret_key))])
            }
            Auth::Bearer { token } => ("bearer", vec![("token", m(token))]),
            Auth::Basic { username, password } => (
                "basic",
                vec![("username", plain(username)), ("password", m(password))],
            ),
            Auth::ApiKeyHeader { header, value } => (
                "api_key_header",
                vec![("header", plain(header)), ("value", m(value))],
            ),
            Auth::ApiKeyQuery { param, value } => (
                "api_key_query",
                vec![("param", plain(param)), ("value", m(value))],
            ),
        };
        let mut object = serde_json::Map::new();
        object.insert("kind".into(), plain(kind));
        for (k, v) in fields {
            object.insert(k.into(), v);
        }
        serde_json::Value::Object(object)
    }

    /// Every secret string in this credential, so that error texts that echo
    /// a request can be scrubbed of them.
    pub fn secrets(&self) -> Vec<&str> {
        match self {
            Auth::AwsAccessKey {
                secret_access_key,
                session_token,
                ..
            } => std::iter::once(secret_access_key.as_str())
                .chain(session_token.as_deref())
                .collect(),
            Auth::StripeSecretKey { secret_key } => vec![secret_key],
            Auth::Bearer { token } => vec![token],
            Auth::Basic { password, .. } => vec![password],
            Auth::ApiKeyHeader { value, .. } | Auth::ApiKeyQuery { value, .. } => vec![value],
        }
    }
}

/// Never print secrets, even by accident with `{:?}`.
impl std::fmt::Debug for Auth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.masked())
    }
}

/// `sk_test_…4xYz`: enough to tell two secrets apart, never enough to use one.
/// Short secrets are masked entirely.
pub fn mask(secret: &str) -> String {
    let chars: Vec<char> = secret.chars().collect();
    if chars.len() < 16 {
        return "****".into();
    }
    let prefix_len = secret
        .find('_')
        .filter(|i| *i < 8)
        .map(|i| secret[..=i].chars().count())
        .unwrap_or(0);
    let prefix: String = chars[..prefix_len].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{prefix}…{tail}")
}

/// Replace every secret of `auth` found in `text` by its mask.
pub fn redact(text: &str, auth: &Auth) -> String {
    auth.secrets()
        .into_iter()
        .filter(|s| !s.is_empty())
        .fold(text.to_string(), |acc, secret| {
            acc.replace(secret, &mask(secret))
        })
}

/// A stored credential.
#[derive(Debug, Clone)]
pub struct Credential {
    pub id: String,
    pub name: String,
    /// The service it is for: `aws`, `stripe`, `http`.
    pub provider: String,
    pub auth: Auth,
    /// Non-secret settings, e.g. AWS `region` and `endpoint`.
    pub settings: serde_json::Map<String, serde_json::Value>,
    pub metadata: serde_json::Value,
    pub created_at: i64,
}

impl Credential {
    pub fn setting(&self, key: &str) -> Option<&str> {
        self.settings.get(key).and_then(|v| v.as_str())
    }

    /// The masked JSON shape used by `--json` and the API.
    pub fn view(&self) -> serde_json::Value {
        serde_json::json!({
            "id": self.id,
            "name": self.name,
            "provider": self.provider,
            "kind": self.auth.kind(),
            "auth": self.auth.masked(),
            "settings": self.settings,
            "metadata": self.metadata,
            "created_at": crate::time::rfc3339_ms(self.created_at),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_a_prefix_and_the_last_four() {
        assert_eq!(mask("sk_test_4eC39HqLyjWDarjtT1zdp7dc"), "sk_…p7dc");
        assert_eq!(mask("AKIAIOSFODNN7EXAMPLE"), "…MPLE");
        assert_eq!(mask("short"), "****");
    }

    #[test]
    fn debug_output_never_shows_a_secret() {
        let auth = Auth::Basic {
            username: "me".into(),
            password: "correct horse battery staple".into(),
        };
        let text = format!("{auth:?}");
        assert!(!text.contains("correct horse"), "{text}");
        assert!(text.contains("\"username\":\"me\""), "{text}");
        assert_eq!(
            redact("401 for password correct horse battery staple", &auth),
            "401 for password …aple"
        );
    }
}
