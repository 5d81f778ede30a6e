//! Credentials in SQLite.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::{Auth, Credential};

#[derive(Debug, thiserror::Error)]
pub enum CredentialError {
    #[error("no credential with id or name {0:?}")]
    NotFound(String),
    #[error("a credential named {0:?} already exists; pick another --name or delete it first")]
    NameTaken(String),
    #[error("credential {name:?} is used by {users}; delete or change those first")]
    InUse { name: String, users: String },
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
}

/// A credential to store (its `Debug` masks the secrets, as `Auth`'s does).
#[derive(Debug)]
pub struct NewCredential {
    pub name: String,
    pub provider: String,
    pub auth: Auth,
    pub settings: serde_json::Map<String, serde_json::Value>,
    pub metadata: serde_json::Value,
}

const COLUMNS: &str = "id, name, provider, auth, settings, metadata, created_at";

fn from_row(r: &Row) -> rusqlite::Result<Credential> {
    let json_err = |i: usize, e: serde_json::Error| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    };
    let auth: String = r.get(3)?;
    let settings: String = r.get(4)?;
    let metadata: String = r.get(5)?;
    Ok(Credential {
        id: r.get(0)?,
        name: r.get(1)?,
        provider: r.get(2)?,
        auth: serde_json::from_str(&auth).map_err(|e| json_err(3, e))?,
        settings: serde_json::from_str(&settings).map_err(|e| json_err(4, e))?,
        metadata: serde_json::from_str(&metadata).map_err(|e| json_err(5, e))?,
        created_at: r.get(6)?,
    })
}

pub fn insert(
    conn: &Connection,
    new: &NewCredential,
    now: i64,
) -> Result<Credential, CredentialError> {
    if find(conn, &new.name)?.is_some() {
        return Err(CredentialError::NameTaken(new.name.clone()));
    }
    let id = uuid::Uuid::new_v4().to_string();
    let auth = serde_json::to_string(&new.auth).expect("auth serializes");
    let settings = serde_json::to_string(&new.settings).expect("settings serialize");
    let metadata = serde_json::to_string(&new.metadata).expect("metadata serializes");
    conn.execute(
        "INSERT INTO credentials (id, name, provider, auth, settings, metadata, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![id, new.name, new.provider, auth, settings, metadata, now],
    )?;
    Ok(find(conn, &id)?.expect("just inserted"))
}

/// By id or by name.
pub fn find(conn: &Connection, id_or_name: &str) -> rusqlite::Result<Option<Credential>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM credentials WHERE id = ?1 OR name = ?1 ORDER BY id = ?1 DESC LIMIT 1"
    ))?
    .query_row([id_or_name], from_row)
    .optional()
}

pub fn get(conn: &Connection, id_or_name: &str) -> Result<Credential, CredentialError> {
    find(conn, id_or_name)?.ok_or_else(|| CredentialError::NotFound(id_or_name.to_string()))
}

pub fn list(conn: &Connection) -> rusqlite::Result<Vec<Credential>> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {COLUMNS} FROM credentials ORDER BY seq"))?;
    let rows = stmt.query_map([], from_row)?;
    rows.collect()
}

/// Things that use credentials register a check here, so that a credential in
/// use is never deleted from under them. Each returns a description of its
/// users of the credential id, if any.
pub type UsageCheck = fn(&Connection, &str) -> rusqlite::Result<Option<String>>;

/// Every domain that refers to credentials.
const USAGE_CHECKS: &[UsageCheck] = &[
    crate::events::store::credential_users,
    crate::syncs::store::credential_users,
];

pub fn delete(conn: &Connection, id_or_name: &str) -> Result<Credential, CredentialError> {
    let credential = get(conn, id_or_name)?;
    let mut users = Vec::new();
    for check in USAGE_CHECKS {
        users.extend(check(conn, &credential.id)?);
    }
    if !users.is_empty() {
        return Err(CredentialError::InUse {
            name: credential.name,
            users: users.join(", "),
        });
    }
    conn.execute("DELETE FROM credentials WHERE id = ?1", [&credential.id])?;
    Ok(credential)
}
