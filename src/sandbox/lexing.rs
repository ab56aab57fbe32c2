//! Lexing helpers shared by the two query languages (ZOQL and SOQL): single-quoted string literals with
//! backslash escapes, and identifier-like words (letters, digits, `_`, `.`, `-`).

/// Reads a quoted literal whose opening quote is at `chars[start]`; returns its text and the index after the
/// closing quote, or `None` when it is unterminated.
#[must_use]
pub fn quoted(chars: &[char], start: usize) -> Option<(String, usize)> {
    let mut s = String::new();
    let mut i = start + 1;
    loop {
        match chars.get(i)? {
            '\\' => {
                s.extend(chars.get(i + 1));
                i += 2;
            }
            '\'' => return Some((s, i + 1)),
            ch => {
                s.push(*ch);
                i += 1;
            }
        }
    }
}

/// True for a character that may appear in a word (field, object, keyword, number).
#[must_use]
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || "_.-".contains(c)
}

/// Reads a word starting at `start`; returns it and the index after it.
#[must_use]
pub fn word(chars: &[char], start: usize) -> (String, usize) {
    let mut i = start;
    while i < chars.len() && is_word_char(chars[i]) {
        i += 1;
    }
    (chars[start..i].iter().collect(), i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_literals_and_words() {
        let c: Vec<char> = r"'it\'s' x".chars().collect();
        assert_eq!(quoted(&c, 0), Some(("it's".to_string(), 7)));
        assert_eq!(quoted(&['\'', 'a'], 0), None);
        let c: Vec<char> = "Product2.Name,".chars().collect();
        assert_eq!(word(&c, 0), ("Product2.Name".to_string(), 13));
    }
}
