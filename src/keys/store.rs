//! API keys in SQLite. Each function runs inside the caller's transaction.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::ApiKey;

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("no API key with id or name {0:?}; `anticip key list` shows them")]
    NotFound(String),
    #[error("an API key named {0:?} already exists; pick another --name or revoke it first")]
    NameTaken(String),
    #[error("that key is already stored (as {0:?})")]
    Duplicate(String),
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
}

const COLUMNS: &str = "id, name, created_at, last_used_at";

fn from_row(r: &Row) -> rusqlite::Result<ApiKey> {
    Ok(ApiKey {
        id: r.get(0)?,
        name: r.get(1)?,
        created_at: r.get(2)?,
        last_used_at: r.get(3)?,
    })
}

/// Store a key by its hash.
pub fn insert(
    conn: &Connection,
    name: &str,
    hash: &[u8; 32],
    now: i64,
) -> Result<ApiKey, KeyError> {
    let name = name.trim();
    if find(conn, name)?.is_some() {
        return Err(KeyError::NameTaken(name.to_string()));
    }
    let holder: Option<String> = conn
        .query_row(
            "SELECT name FROM api_keys WHERE hash = ?1",
            [&hash[..]],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(holder) = holder {
        return Err(KeyError::Duplicate(holder));
    }
    let key = conn.query_row(
        &format!(
            "INSERT INTO api_keys (id, name, hash, created_at) VALUES (?1, ?2, ?3, ?4)
             RETURNING {COLUMNS}"
        ),
        params![crate::ids::short_id(), name, &hash[..], now],
        from_row,
    )?;
    Ok(key)
}

/// A key by id or name.
pub fn find(conn: &Connection, id_or_name: &str) -> rusqlite::Result<Option<ApiKey>> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM api_keys WHERE id = ?1 OR name = ?1"),
        [id_or_name],
        from_row,
    )
    .optional()
}

pub fn list(conn: &Connection) -> rusqlite::Result<Vec<ApiKey>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM api_keys ORDER BY created_at, seq"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    rows.collect()
}

/// Forget a key: from now on it is refused.
pub fn revoke(conn: &Connection, id_or_name: &str) -> Result<ApiKey, KeyError> {
    let key = find(conn, id_or_name)?.ok_or_else(|| KeyError::NotFound(id_or_name.to_string()))?;
    conn.execute("DELETE FROM api_keys WHERE id = ?1", [&key.id])?;
    Ok(key)
}

/// Every key's id and hash, for the server to check presented keys against.
pub fn hashes(conn: &Connection) -> rusqlite::Result<Vec<(String, [u8; 32])>> {
    let mut stmt = conn.prepare_cached("SELECT id, hash FROM api_keys")?;
    let rows = stmt.query_map([], |r| {
        let hash: Vec<u8> = r.get(1)?;
        let hash: [u8; 32] = hash.try_into().map_err(|_| {
            rusqlite::Error::FromSqlConversionFailure(
                1,
                rusqlite::types::Type::Blob,
                "an API key hash is not 32 bytes".into(),
            )
        })?;
        Ok((r.get(0)?, hash))
    })?;
    rows.collect()
}

/// Remember when a key was last used (never moving backwards).
pub fn touch(conn: &Connection, id: &str, at: i64) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE api_keys SET last_used_at = max(coalesce(last_used_at, 0), ?2) WHERE id = ?1",
    )?
    .execute(params![id, at])?;
    Ok(())
}
