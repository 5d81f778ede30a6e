//! Identifiers and secrets.

/// The alphabet of anticipated.io's ids (short-uuid's base57: no 0, 1, I, O, l).
const BASE57: &[u8; 57] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/// A random 128-bit id written as 22 base57 characters, like `TBqDft2LrULaSxCzpMDXc6`.
pub fn short_id() -> String {
    let mut out = String::with_capacity(22);
    push_base57(&mut out, random_bytes::<16>());
    out
}

/// 32 random bytes written as 44 base57 characters.
pub fn long_token() -> String {
    let bytes = random_bytes::<32>();
    let mut out = String::with_capacity(44);
    for half in bytes.chunks_exact(16) {
        push_base57(&mut out, half.try_into().expect("16 bytes"));
    }
    out
}

/// 128 bits as exactly 22 base57 characters, most significant first.
fn push_base57(out: &mut String, bytes: [u8; 16]) {
    // Two 128-bit divisions split the number into parts of 10, 10 and 2
    // digits, whose digits then come from 64-bit arithmetic: many times
    // faster than dividing a u128 22 times.
    const TEN_DIGITS: u128 = 57u128.pow(10);
    let n = u128::from_le_bytes(bytes);
    let mut parts = [
        (n % TEN_DIGITS) as u64,
        (n / TEN_DIGITS % TEN_DIGITS) as u64,
        (n / TEN_DIGITS / TEN_DIGITS) as u64,
    ];
    let mut digits = [0u8; 22];
    for (i, slot) in digits.iter_mut().rev().enumerate() {
        let part = &mut parts[i / 10];
        *slot = BASE57[(*part % 57) as usize];
        *part /= 57;
    }
    out.extend(digits.iter().map(|b| *b as char));
}

/// Whether `s` has the shape of a [`short_id`].
pub fn is_short_id(s: &str) -> bool {
    s.len() == 22 && s.bytes().all(|b| BASE57.contains(&b))
}

/// Bytes from the operating system's CSPRNG (through rand's thread RNG).
pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    rand::fill(&mut bytes);
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_ids_are_22_base57_characters_and_distinct() {
        let a = short_id();
        let b = short_id();
        assert!(is_short_id(&a), "{a}");
        assert_ne!(a, b);
        assert!(!is_short_id("TBqDft2LrULaSxCzpMDXc0"));
    }

    #[test]
    fn base57_digits_are_those_of_the_whole_number() {
        let one_by_one = |mut n: u128| {
            let mut digits = Vec::new();
            for _ in 0..22 {
                digits.push(BASE57[(n % 57) as usize] as char);
                n /= 57;
            }
            digits.into_iter().rev().collect::<String>()
        };
        let mut values = vec![0, 1, 56, 57, 57u128.pow(10) - 1, 57u128.pow(10), u128::MAX];
        values.extend((0..100).map(|_| u128::from_le_bytes(random_bytes())));
        for n in values {
            let mut out = String::new();
            push_base57(&mut out, n.to_le_bytes());
            assert_eq!(out, one_by_one(n), "{n}");
        }
    }

    #[test]
    fn long_tokens_are_44_base57_characters_and_distinct() {
        let a = long_token();
        assert_eq!(a.len(), 44);
        assert!(is_short_id(&a[..22]) && is_short_id(&a[22..]), "{a}");
        assert_ne!(a, long_token());
    }
}
