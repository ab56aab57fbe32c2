//! Identifier formats of both services: Zuora's 32 lower-case hex ids and tokens, Salesforce's 18-character
//! case-insensitive ids (3-character key prefix, 12 characters, 3-character checksum suffix) and session tokens.

use rand::Rng;

const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const SUFFIX: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

/// A fresh Zuora object id: 32 lower-case hex digits.
#[must_use]
pub fn zuora_id() -> String {
    // The thread's CSPRNG (seeded once per thread), not the OS per id: one `getrandom` syscall per object made
    // every batch create pay a kernel call per object.
    format!("{:032x}", rand::rng().random::<u128>())
}

/// True when `s` has Zuora's id shape (`^[0-9a-f]{32}$`).
#[must_use]
pub fn is_zuora_id(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The Salesforce id with key `prefix` (e.g. `01t`) and sequence number `n`, in its 18-character form.
/// Ids sort in creation order (fixed-width base-62 in ASCII order).
#[must_use]
pub fn salesforce_id(prefix: &str, n: u64) -> String {
    let mut digits = [b'0'; 7];
    let mut v = n;
    for d in digits.iter_mut().rev() {
        *d = BASE62[(v % 62) as usize];
        v /= 62;
    }
    let id15 = format!("{prefix}Dn000{}", String::from_utf8_lossy(&digits));
    format!("{id15}{}", checksum(&id15))
}

/// The 3-character case-folding suffix of a 15-character Salesforce id.
fn checksum(id15: &str) -> String {
    let bytes = id15.as_bytes();
    (0..3)
        .map(|chunk| {
            let mut bits = 0usize;
            for i in 0..5 {
                if bytes.get(chunk * 5 + i).is_some_and(u8::is_ascii_uppercase) {
                    bits |= 1 << i;
                }
            }
            SUFFIX[bits] as char
        })
        .collect()
}

/// Normalises a 15- or 18-character Salesforce id to its 18-character form; `None` when it is not id-shaped.
#[must_use]
pub fn salesforce_id18(s: &str) -> Option<String> {
    if !s.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    match s.len() {
        15 => Some(format!("{s}{}", checksum(s))),
        18 => {
            let (head, tail) = s.split_at(15);
            (checksum(head).eq_ignore_ascii_case(tail)).then(|| format!("{head}{}", checksum(head)))
        }
        _ => None,
    }
}

/// A random Zuora access token (32 hex digits, like the real `access_token`).
#[must_use]
pub fn zuora_token() -> String {
    zuora_id()
}

/// A random Salesforce session id: `<org id 15>!<random>`.
#[must_use]
pub fn salesforce_token(org_id: &str) -> String {
    let mut rng = rand::rng();
    let tail: String = (0..96).map(|_| BASE62[rng.random_range(0..62)] as char).collect();
    format!("{}!{tail}", &org_id[..org_id.len().min(15)])
}

/// Sixteen upper-case hex digits, like Zuora's `processId`.
#[must_use]
pub fn process_id() -> String {
    let mut rng = rand::rng();
    format!("{:016X}", rng.random::<u64>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zuora_ids_have_the_shape_and_differ() {
        let ids: std::collections::HashSet<String> = (0..1000).map(|_| zuora_id()).collect();
        assert_eq!(ids.len(), 1000);
        assert!(ids.iter().all(|id| is_zuora_id(id)), "{ids:?}");
    }

    #[test]
    fn salesforce_ids_are_18_chars_with_prefix_and_valid_suffix() {
        let id = salesforce_id("01t", 1);
        assert_eq!(id.len(), 18);
        assert!(id.starts_with("01t"));
        assert_eq!(salesforce_id18(&id[..15]).as_deref(), Some(id.as_str()));
        assert_eq!(
            salesforce_id18(&id.to_lowercase()),
            None,
            "lower-casing breaks the checksum of upper-case chars"
        );
    }

    #[test]
    fn known_checksum() {
        // A well-known example pair: 001A0000006Vm9r -> 001A0000006Vm9rIAC.
        assert_eq!(
            salesforce_id18("001A0000006Vm9r").as_deref(),
            Some("001A0000006Vm9rIAC")
        );
    }

    #[test]
    fn ids_sort_in_creation_order() {
        let a = salesforce_id("01t", 61);
        let b = salesforce_id("01t", 62);
        assert!(a < b);
        assert!(is_zuora_id(&zuora_id()));
    }
}
