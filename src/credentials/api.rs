//! Sequin's Management API for credentials: `POST /v1/credentials`,
//! `GET /v1/credentials`, `GET /v1/credentials/{id}` and
//! `DELETE /v1/credentials/{id}`. Secrets go in and never come out: every
//! reply is [`Credential::view`], masked. Replies have Sequin's shapes: the
//! object itself, and lists under `data`.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Map, Value, json};

use super::store::{self, CredentialError, NewCredential};
use super::{Auth, Credential};
use crate::events::{Invalid, invalid, json_kind};
use crate::http::{ApiError, AppState, JsonBody};
use crate::time::now_ms;

/// The kinds a request may give, for error messages.
const KINDS: &str = "stripe_oauth2, stripe_key, stripe_secret_key, bearer, basic, \
                     api_key_header, api_key_query or aws_access_key";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/credentials", post(create).get(list))
        .route("/v1/credentials/{id}", get(show).delete(remove))
}

impl From<CredentialError> for ApiError {
    fn from(e: CredentialError) -> ApiError {
        match e {
            CredentialError::NotFound(_) => ApiError::not_found(e.to_string()),
            CredentialError::NameTaken(_) => {
                ApiError::new(StatusCode::CONFLICT, "conflict", e.to_string()).with_field("name")
            }
            CredentialError::InUse { .. } => {
                ApiError::new(StatusCode::CONFLICT, "conflict", e.to_string())
            }
            CredentialError::Sqlite(e) => ApiError::internal(&e),
        }
    }
}

/// 201 with the stored credential, masked, once it is committed.
async fn create(
    State(app): State<AppState>,
    JsonBody(body): JsonBody,
) -> Result<Response, ApiError> {
    let new = read_credential(&body).map_err(|e| ApiError::invalid(e.field, e.message))?;
    let now = now_ms();
    let credential = app.db.write(move |c| store::insert(c, &new, now)).await?;
    Ok((StatusCode::CREATED, axum::Json(credential.view())).into_response())
}

async fn list(State(app): State<AppState>) -> Result<Response, ApiError> {
    let credentials = app.db.read(store::list).await?;
    let data: Vec<Value> = credentials.iter().map(Credential::view).collect();
    Ok(axum::Json(json!({ "data": data })).into_response())
}

/// By id or name.
async fn show(State(app): State<AppState>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let credential = app.db.read(move |c| store::get(c, &id)).await?;
    Ok(axum::Json(credential.view()).into_response())
}

/// Only a credential nothing uses (409 names its users otherwise).
async fn remove(State(app): State<AppState>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let credential = app.db.write(move |c| store::delete(c, &id)).await?;
    Ok(axum::Json(json!({
        "id": credential.id,
        "name": credential.name,
        "deleted": true,
    }))
    .into_response())
}

/// A credential as Sequin's Management API takes it: the secret fields at
/// the top level (`{"kind": "stripe_oauth2", "access_token": …}`, as in
/// Sequin's guide) or under `properties` (as in its API reference), with
/// optional `name`, `provider`, `oauth_app_id` and `metadata`. Fields are
/// named as the body spells them.
pub fn read_credential(body: &Value) -> Result<NewCredential, Invalid> {
    let Value::Object(top) = body else {
        return Err(invalid(
            "body",
            format!(
                "must be a JSON object like {{\"kind\": \"stripe_oauth2\", \"access_token\": \"sk_…\"}}, not {}",
                json_kind(body)
            ),
        ));
    };
    let properties = match top.get("properties") {
        None | Some(Value::Null) => None,
        Some(Value::Object(p)) => Some(p),
        Some(other) => {
            return Err(invalid(
                "properties",
                format!("must be an object, not {}", json_kind(other)),
            ));
        }
    };
    let fields = Fields { top, properties };
    let kind = fields
        .string("kind")?
        .ok_or_else(|| invalid("kind", format!("is required: one of {KINDS}")))?;
    let (provider, auth, mut settings) = read_auth(&fields, &kind)?;
    if let Some(given) = fields.string("provider")?
        && given != provider
    {
        return Err(invalid(
            "provider",
            format!("a {kind} credential is for {provider}, not {given:?}"),
        ));
    }
    if let Some(app_id) = fields.string("oauth_app_id")? {
        settings.insert("oauth_app_id".into(), app_id.into());
    }
    let name = match fields.string("name")? {
        Some(name) if name.trim().is_empty() => {
            return Err(invalid(
                "name",
                "must not be blank; leave it out to get one made up",
            ));
        }
        Some(name) => name.trim().to_string(),
        // Sequin's credentials have no name; ours are referred to by one.
        None => format!("{provider}-{}", &crate::ids::short_id()[..8]),
    };
    let metadata = match top.get("metadata") {
        None | Some(Value::Null) => json!({}),
        Some(m @ Value::Object(_)) => m.clone(),
        Some(other) => {
            return Err(invalid(
                "metadata",
                format!("must be a JSON object, not {}", json_kind(other)),
            ));
        }
    };
    Ok(NewCredential {
        name,
        provider: provider.into(),
        auth,
        settings,
        metadata,
    })
}

type Settings = Map<String, Value>;

fn read_auth(f: &Fields, kind: &str) -> Result<(&'static str, Auth, Settings), Invalid> {
    let settings = Settings::new();
    Ok(match kind {
        "stripe_oauth2" | "stripe_key" | "stripe_secret_key" => {
            // Sequin's kinds name the key differently; any of the names will do.
            let named = match kind {
                "stripe_oauth2" => "access_token",
                "stripe_key" => "secret",
                _ => "secret_key",
            };
            let mut secret_key = None;
            for name in ["access_token", "secret", "secret_key"] {
                if let Some(value) = f.secret(name)? {
                    secret_key = Some(value);
                    break;
                }
            }
            let secret_key = secret_key.ok_or_else(|| {
                invalid(
                    named,
                    "is required: the Stripe secret or restricted key (sk_…, rk_…)",
                )
            })?;
            ("stripe", Auth::StripeSecretKey { secret_key }, settings)
        }
        "bearer" => (
            "http",
            Auth::Bearer {
                token: f.required_secret("token", "the token sent as Authorization: Bearer")?,
            },
            settings,
        ),
        "basic" => (
            "http",
            Auth::Basic {
                username: f.required("username", "the basic-auth user name")?,
                password: f.required_secret("password", "the basic-auth password")?,
            },
            settings,
        ),
        "api_key_header" => {
            let header = f.required("header", "the name of the header that carries the key")?;
            let value = f.required_secret("value", "the API key")?;
            crate::events::check_header(&header, &value).map_err(|e| {
                let field = if e.message.contains("header name") {
                    "header"
                } else {
                    "value"
                };
                invalid(field, e.message)
            })?;
            ("http", Auth::ApiKeyHeader { header, value }, settings)
        }
        "api_key_query" => (
            "http",
            Auth::ApiKeyQuery {
                param: f.required("param", "the query parameter that carries the key")?,
                value: f.required_secret("value", "the API key")?,
            },
            settings,
        ),
        "aws_access_key" => {
            let mut settings = settings;
            if let Some(region) = f.string("region")? {
                settings.insert("region".into(), region.into());
            }
            if let Some(endpoint) = f.string("endpoint")? {
                let endpoint = crate::events::check_url("endpoint", &endpoint)?;
                settings.insert("endpoint".into(), endpoint.into());
            }
            let auth = Auth::AwsAccessKey {
                access_key_id: f.required("access_key_id", "the AWS access key id")?,
                secret_access_key: f
                    .required_secret("secret_access_key", "the AWS secret access key")?,
                session_token: f.secret("session_token")?,
            };
            ("aws", auth, settings)
        }
        other => {
            return Err(invalid(
                "kind",
                format!("{other:?} is not a kind of credential; use {KINDS}"),
            ));
        }
    })
}

/// The body's fields, looked up in `properties` first, then at the top level.
struct Fields<'a> {
    top: &'a Map<String, Value>,
    properties: Option<&'a Map<String, Value>>,
}

impl Fields<'_> {
    fn get(&self, name: &str) -> Option<&Value> {
        self.properties
            .and_then(|p| p.get(name))
            .filter(|v| !v.is_null())
            .or_else(|| self.top.get(name).filter(|v| !v.is_null()))
    }

    fn string(&self, name: &'static str) -> Result<Option<String>, Invalid> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(invalid(
                name,
                format!("must be a string, not {}", json_kind(other)),
            )),
        }
    }

    /// A secret: never echoed, even in an error.
    fn secret(&self, name: &'static str) -> Result<Option<String>, Invalid> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => {
                Err(invalid(name, "must not be blank"))
            }
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(invalid(
                name,
                format!("must be a string, not {}", json_kind(other)),
            )),
        }
    }

    fn required(&self, name: &'static str, what: &str) -> Result<String, Invalid> {
        match self.string(name)? {
            Some(s) if !s.trim().is_empty() => Ok(s),
            _ => Err(invalid(name, format!("is required: {what}"))),
        }
    }

    fn required_secret(&self, name: &'static str, what: &str) -> Result<String, Invalid> {
        self.secret(name)?
            .ok_or_else(|| invalid(name, format!("is required: {what}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guide_and_the_reference_forms_read_alike() {
        let guide = json!({
            "kind": "stripe_oauth2",
            "access_token": "sk_live_7eC39HqLyjWDarjtT1zdp7dc",
            "oauth_app_id": "8ff58ef0-d376-4ae8-b2e2-9f0206aa65b8",
            "metadata": {"custom_property": 42}
        });
        let reference = json!({
            "properties": {"kind": "stripe_key", "name": "Choam Stripe",
                           "secret": "sk_live_7eC39HqLyjWDarjtT1zdp7dc", "test": false},
            "metadata": {"custom_property": 42}
        });
        for body in [guide, reference] {
            let new = read_credential(&body).unwrap();
            assert_eq!(new.provider, "stripe");
            assert_eq!(
                new.auth,
                Auth::StripeSecretKey {
                    secret_key: "sk_live_7eC39HqLyjWDarjtT1zdp7dc".into()
                }
            );
            assert_eq!(new.metadata, json!({"custom_property": 42}));
        }
    }

    #[test]
    fn a_missing_secret_is_named_without_echoing_anything() {
        let err = read_credential(&json!({"kind": "bearer"})).unwrap_err();
        assert_eq!(err.field, "token");
        let err = read_credential(&json!({"kind": "bearer", "token": "t0ps3cret",
                                           "provider": "stripe"}))
        .unwrap_err();
        assert_eq!(err.field, "provider");
        assert!(!err.message.contains("t0ps3cret"));
    }
}
