//! Text helpers below extraction and the index: which characters are
//! Chinese, Japanese or Korean script, and yes-or-no values as people
//! write them.

/// Whether `c` is a CJK ideograph, kana, hangul, or CJK/full-width punctuation.
#[inline]
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3100..=0x312F | 0x31A0..=0x31FF
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x3134F)
}

/// A yes-or-no value as people write it in query strings and environment
/// variables: `1`, `true`, `yes` or `0`, `false`, `no` (surrounding space
/// ignored); anything else is none of them.
///
/// ```
/// use broadsheet::text::yes_or_no;
///
/// assert_eq!(yes_or_no(" yes"), Some(true));
/// assert_eq!(yes_or_no("0"), Some(false));
/// assert_eq!(yes_or_no("maybe"), None);
/// ```
pub fn yes_or_no(value: &str) -> Option<bool> {
    match value.trim() {
        "1" | "true" | "yes" => Some(true),
        "0" | "false" | "no" => Some(false),
        _ => None,
    }
}
