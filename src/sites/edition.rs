//! [`Edition`]: one edition of one site, named by its code.

use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;
use std::sync::{LazyLock, Mutex};
use ts_rs::TS;

use crate::Error;

/// One edition of a site, by its code (`global`, `zh`, `xinhua-en`, ...).
///
/// Codes are unique across sites, so a code alone names the site too. The
/// edition's name, language and hosts live in its site's profile; a code is
/// only ever one a loaded profile declares (or one of China Daily's five,
/// named below for code and tests).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, TS)]
#[ts(rename = "EditionCode", type = "string")]
pub struct Edition(&'static str);

// China Daily's editions by name, spelled as the enum they once were so
// that code written for them reads (and matches on them) as before.
#[allow(non_upper_case_globals)]
impl Edition {
    /// Global Edition, English (www.chinadaily.com.cn).
    pub const Global: Edition = Edition("global");
    /// Asia edition, English (chinadailyasia.com, chinadailyhk.com).
    pub const Asia: Edition = Edition("asia");
    /// 中文, simplified Chinese (cn.chinadaily.com.cn and channel hosts).
    pub const Zh: Edition = Edition("zh");
    /// 双语, bilingual English/Chinese (language.chinadaily.com.cn).
    pub const Bilingual: Edition = Edition("bilingual");
    /// Français (french.chinadaily.com.cn).
    pub const Fr: Edition = Edition("fr");
}

/// The codes profiles have declared, each kept once for the process.
static CODES: LazyLock<Mutex<HashSet<&'static str>>> = LazyLock::new(|| Mutex::new(HashSet::new()));

impl Edition {
    /// The edition named `code`, for a profile that declares it (the code
    /// is kept for the life of the process, once however often it is declared).
    pub(crate) fn declare(code: &str) -> Edition {
        let mut codes = CODES.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(c) = codes.get(code) {
            return Edition(c);
        }
        let c: &'static str = Box::leak(code.to_string().into_boxed_str());
        codes.insert(c);
        Edition(c)
    }

    /// The edition's code as used in the CLI, the API and the store.
    pub fn code(self) -> &'static str {
        self.0
    }

    /// The edition's name, written in its own language, as on its site's
    /// bar ("Global Edition", "ASIA", "中文", "双语", "Français"), from its
    /// profile; the code when no profile in use declares it.
    pub fn label(self) -> String {
        super::active()
            .edition(self.0)
            .map_or_else(|| self.0.to_string(), |(_, e)| e.label.clone())
    }

    /// The id of the site whose edition this is, if a profile in use declares it.
    pub fn site(self) -> Option<String> {
        super::active().edition(self.0).map(|(p, _)| p.id.clone())
    }

    /// The language the edition is written in (`en`, `zh`, `fr`, ...).
    pub fn lang(self) -> String {
        super::active()
            .edition(self.0)
            .map_or_else(|| "und".into(), |(_, e)| e.lang.clone())
    }

    /// The edition a host serves, if the host alone tells (by the profiles in use).
    ///
    /// ```
    /// use broadsheet::Edition;
    /// assert_eq!(Edition::from_host("www.chinadaily.com.cn"), Some(Edition::Global));
    /// assert_eq!(Edition::from_host("world.chinadaily.com.cn"), Some(Edition::Zh));
    /// assert_eq!(Edition::from_host("english.news.cn").map(|e| e.code()), Some("xinhua-en"));
    /// assert_eq!(Edition::from_host("example.org"), None);
    /// ```
    pub fn from_host(host: &str) -> Option<Edition> {
        super::active().for_host(host).and_then(|(_, e)| e)
    }
}

impl fmt::Display for Edition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl fmt::Debug for Edition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Edition({})", self.0)
    }
}

impl FromStr for Edition {
    type Err = Error;
    /// An edition by its code, its name on the bar, or one of the names its
    /// profile gives it (`english`, `cn`, ...), case aside.
    fn from_str(s: &str) -> Result<Self, Error> {
        let wanted = s.trim().to_lowercase();
        let sites = super::active();
        sites
            .editions()
            .find(|(_, e)| {
                e.code.code() == wanted
                    || e.label.to_lowercase() == wanted
                    || e.aliases.iter().any(|a| a.to_lowercase() == wanted)
            })
            .map(|(_, e)| e.code)
            .ok_or_else(|| {
                let codes: Vec<&str> = sites.editions().map(|(_, e)| e.code.code()).collect();
                Error::invalid(
                    "edition",
                    format!("{wanted:?} (expected one of {})", codes.join(", ")),
                )
            })
    }
}

impl Serialize for Edition {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0)
    }
}

impl<'de> Deserialize<'de> for Edition {
    /// Only codes and names of editions a profile in use declares: input
    /// never adds a code.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}
