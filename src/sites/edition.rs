//! [`Edition`]: one edition of one site, named by its code.
//!
//! An edition is a plain code, stored inline: it means the same thing
//! whether or not a profile that declares it is loaded. What a code's site,
//! name and language are is a question for a [`super::Sites`] value, which
//! may not know the code at all (its profile was removed, renamed or broken):
//! the article keeps its code and stays readable under it.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use ts_rs::TS;

use crate::Error;

/// The longest edition code (and site id), in bytes.
pub const MAX_CODE: usize = 32;

/// One edition of a site, by its code (`global`, `zh`, `xinhua-en`, ...).
///
/// A code is 1 to [`MAX_CODE`] of `a-z`, `0-9` and `-`. Codes are unique
/// across the profiles of one [`super::Sites`], so a code alone names the
/// site too when its profile is loaded. Any well-formed code can be made,
/// read and stored; whether a profile declares it is asked of the `Sites`.
///
/// ```
/// use broadsheet::Edition;
/// let e: Edition = "quotidien-fr".parse().unwrap();
/// assert_eq!(e.code(), "quotidien-fr");
/// assert_eq!(Edition::new("zh"), Some(Edition::Zh));
/// assert!(Edition::new("中文").is_none());
/// assert!(Edition::new("").is_none());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, TS)]
#[ts(rename = "EditionCode", type = "string")]
pub struct Edition {
    // Bytes first, so that the derived order is the codes' order (the
    // unused tail is zero, below every code byte).
    bytes: [u8; MAX_CODE],
    len: u8,
}

// China Daily's editions by name, spelled as the enum they once were so
// that code written for them reads (and matches on them) as before.
#[allow(non_upper_case_globals)]
impl Edition {
    /// Global Edition, English (www.chinadaily.com.cn).
    pub const Global: Edition = Edition::known("global");
    /// Asia edition, English (chinadailyasia.com, chinadailyhk.com).
    pub const Asia: Edition = Edition::known("asia");
    /// 中文, simplified Chinese (cn.chinadaily.com.cn and channel hosts).
    pub const Zh: Edition = Edition::known("zh");
    /// 双语, bilingual English/Chinese (language.chinadaily.com.cn).
    pub const Bilingual: Edition = Edition::known("bilingual");
    /// Français (french.chinadaily.com.cn).
    pub const Fr: Edition = Edition::known("fr");
}

impl Edition {
    /// A code written in this source (checked when compiled).
    const fn known(code: &str) -> Edition {
        match Edition::new_const(code.as_bytes()) {
            Some(e) => e,
            None => panic!("not a well-formed edition code"),
        }
    }

    const fn new_const(code: &[u8]) -> Option<Edition> {
        if code.is_empty() || code.len() > MAX_CODE {
            return None;
        }
        let mut bytes = [0u8; MAX_CODE];
        let mut i = 0;
        while i < code.len() {
            let b = code[i];
            if !(b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
                return None;
            }
            bytes[i] = b;
            i += 1;
        }
        Some(Edition {
            bytes,
            len: code.len() as u8,
        })
    }

    /// The edition whose code is `code`, if it is well formed: 1 to
    /// [`MAX_CODE`] lower-case ASCII letters, digits and `-`.
    pub fn new(code: &str) -> Option<Edition> {
        Edition::new_const(code.as_bytes())
    }

    /// The edition's code as used in the CLI, the API, the index and the store.
    pub fn code(&self) -> &str {
        // Only ASCII bytes are ever stored (see `new_const`).
        std::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or_default()
    }
}

impl fmt::Display for Edition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl fmt::Debug for Edition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Edition({})", self.code())
    }
}

impl FromStr for Edition {
    type Err = Error;
    /// A code, as written (never a name: names belong to profiles, see
    /// [`super::Sites::resolve`]).
    fn from_str(s: &str) -> Result<Self, Error> {
        Edition::new(s).ok_or_else(|| {
            Error::invalid(
                "edition",
                format!("{s:?}: a code is 1 to {MAX_CODE} lower-case letters, digits and '-'"),
            )
        })
    }
}

impl Serialize for Edition {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Edition {
    /// Any well-formed code, whether or not a profile declares it.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_well_formed_code_round_trips_and_orders_as_text() {
        let e: Edition = serde_json::from_str("\"quotidien-fr\"").unwrap();
        assert_eq!(serde_json::to_string(&e).unwrap(), "\"quotidien-fr\"");
        let long = "a".repeat(MAX_CODE);
        assert_eq!(Edition::new(&long).unwrap().code(), long);
        for bad in ["", "Zh", "中文", "a b", &"a".repeat(MAX_CODE + 1)] {
            assert!(
                serde_json::from_str::<Edition>(&format!("{bad:?}")).is_err(),
                "{bad}"
            );
        }
        let mut codes = [Edition::Zh, Edition::Asia, Edition::Global, Edition::Fr];
        codes.sort();
        let codes: Vec<&str> = codes.iter().map(Edition::code).collect();
        assert_eq!(codes, ["asia", "fr", "global", "zh"]);
    }
}
