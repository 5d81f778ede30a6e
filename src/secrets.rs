//! Secrets anticip makes and checks: random prefixed tokens, their SHA-256
//! hashes compared in constant time, and Standard Webhooks signatures
//! (<https://www.standardwebhooks.com>) on outbound requests.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{KeyInit, Mac};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// `<prefix>` followed by 32 random bytes as 44 base57 characters (letters
/// and digits only, so a token survives shells and URLs): e.g. `ts_Xq3…`.
pub fn new_token(prefix: &str) -> String {
    format!("{prefix}{}", crate::ids::long_token())
}

/// A Standard Webhooks signing secret: `whsec_` and 32 random bytes, base64.
pub fn new_webhook_secret() -> String {
    format!(
        "whsec_{}",
        STANDARD.encode(crate::ids::random_bytes::<32>())
    )
}

/// What is stored for a secret that is only ever verified.
pub fn hash(secret: &str) -> [u8; 32] {
    Sha256::digest(secret.as_bytes()).into()
}

/// Whether two hashes are equal, in constant time.
pub fn same_hash(presented: &[u8; 32], stored: &[u8]) -> bool {
    presented.ct_eq(stored).into()
}

/// `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, keyed with the secret's
/// base64 part. A secret that is not `whsec_<base64>` is used as raw bytes.
pub fn webhook_signature(secret: &str, id: &str, timestamp: i64, body: &[u8]) -> String {
    let key = secret
        .strip_prefix("whsec_")
        .and_then(|b64| STANDARD.decode(b64).ok())
        .unwrap_or_else(|| secret.as_bytes().to_vec());
    let mut mac =
        hmac::Hmac::<Sha256>::new_from_slice(&key).expect("HMAC takes a key of any length");
    mac.update(id.as_bytes());
    mac.update(b".");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!("v1,{}", STANDARD.encode(mac.finalize().into_bytes()))
}

/// The three Standard Webhooks headers for one message.
pub fn webhook_headers(secret: &str, id: &str, body: &[u8]) -> [(&'static str, String); 3] {
    let timestamp = crate::time::now_ms() / 1000;
    [
        ("webhook-id", id.to_string()),
        ("webhook-timestamp", timestamp.to_string()),
        (
            "webhook-signature",
            webhook_signature(secret, id, timestamp, body),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_standard_webhooks_test_vector() {
        // From the Standard Webhooks specification's reference implementations.
        let signature = webhook_signature(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            br#"{"test": 2432232314}"#,
        );
        assert_eq!(signature, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    #[test]
    fn tokens_hash_and_verify() {
        let token = new_token("ts_");
        assert!(token.starts_with("ts_") && token.len() == 3 + 44, "{token}");
        let stored = hash(&token);
        assert!(same_hash(&hash(&token), &stored));
        assert!(!same_hash(&hash(&new_token("ts_")), &stored));
        assert!(new_webhook_secret().starts_with("whsec_"));
    }
}
