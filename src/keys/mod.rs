//! API keys for the HTTP API. A key is shown once when it is made; the store
//! keeps only its SHA-256 hash. SQL in `store`, the shell in `cli`; checking
//! a presented key is `crate::http::auth`'s job.

pub mod cli;
pub mod store;

use serde::Serialize;

use crate::time::rfc3339_ms;

/// Every key anticip makes starts with this, so a leaked one is easy to spot.
pub const PREFIX: &str = "ak_";

/// Shortest and longest key `key import` takes.
pub const IMPORT_LEN: std::ops::RangeInclusive<usize> = 32..=256;

/// A stored key, without its secret.
#[derive(Debug, Clone)]
pub struct ApiKey {
    pub id: String,
    pub name: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

/// A new key: `ak_` and 32 random bytes as 44 base57 characters.
pub fn generate() -> String {
    crate::secrets::new_token(PREFIX)
}

/// A name people recognise the key by: 1 to 64 printable characters.
pub fn check_name(name: &str) -> Result<(), String> {
    let trimmed = name.trim();
    if trimmed.is_empty() || trimmed.len() > 64 || trimmed.chars().any(char::is_control) {
        return Err(format!(
            "{name:?} is not a usable key name; give 1 to 64 printable characters"
        ));
    }
    Ok(())
}

/// A key brought from elsewhere (e.g. an anticipated.io key kept in clients'
/// configuration): long enough to be a secret, and sendable in a header.
pub fn check_imported(key: &str) -> Result<(), String> {
    if !IMPORT_LEN.contains(&key.len()) {
        return Err(format!(
            "the key is {} characters long; give {} to {} characters",
            key.len(),
            IMPORT_LEN.start(),
            IMPORT_LEN.end()
        ));
    }
    if !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err("the key may only hold printable ASCII characters, without spaces".to_string());
    }
    Ok(())
}

/// The JSON shape of a key; `key` only once, when it was just made.
#[derive(Debug, Serialize)]
pub struct KeyView {
    pub id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    pub created: String,
    pub last_used: Option<String>,
}

impl ApiKey {
    pub fn view(&self) -> KeyView {
        KeyView {
            id: self.id.clone(),
            name: self.name.clone(),
            key: None,
            created: rfc3339_ms(self.created_at),
            last_used: self.last_used_at.map(rfc3339_ms),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_prefixed_and_distinct() {
        let key = generate();
        assert!(key.starts_with("ak_") && key.len() == 47, "{key}");
        assert_ne!(key, generate());
    }

    #[test]
    fn names_and_imported_keys_are_checked() {
        assert!(check_name("billing").is_ok());
        assert!(check_name(" ").is_err());
        assert!(check_name(&"x".repeat(65)).is_err());
        assert!(check_imported("FobaLivkMxCRx4V4b4DB6yUBbRyY2BwTYaBMfexLA7Vq").is_ok());
        assert!(
            check_imported("short")
                .unwrap_err()
                .contains("5 characters")
        );
        assert!(check_imported(&format!("{} x", "a".repeat(40))).is_err());
    }
}
