//! Time as Broadsheet reads and filters it: China Daily's zone, Beijing
//! time (UTC+08:00), and days written `YYYY-MM-DD` for filters. Below
//! extraction, the library and the index, which all use it.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone};

/// UTC+08:00, the time zone China Daily writes in.
pub fn beijing() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("valid offset")
}

/// A day written `YYYY-MM-DD`, at 00:00 Beijing time (for filters such as
/// `--since`).
///
/// ```
/// let t = broadsheet::time::beijing_day("2026-11-01").unwrap();
/// assert_eq!(t.to_rfc3339(), "2026-11-01T00:00:00+08:00");
/// assert!(broadsheet::time::beijing_day("last week").is_err());
/// assert!(broadsheet::time::beijing_day("-262143-01-01").is_err());
/// ```
pub fn beijing_day(value: &str) -> crate::Result<DateTime<FixedOffset>> {
    let d = NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
        .map_err(|_| crate::Error::invalid("date", format!("{value:?} (expected YYYY-MM-DD)")))?;
    beijing()
        .from_local_datetime(&d.and_time(NaiveTime::MIN))
        .single()
        .ok_or_else(|| crate::Error::invalid("date", format!("{value:?} is out of range")))
}

/// A calendar day, `YYYY-MM-DD`, as filters take it: "published on or
/// after this day" starts at 00:00 Beijing time. The command line reads it
/// with [`str::parse`], the API from its query strings and bodies.
///
/// ```
/// use broadsheet::time::Day;
///
/// let day: Day = "2026-11-01".parse().unwrap();
/// assert_eq!(day.start().to_rfc3339(), "2026-11-01T00:00:00+08:00");
/// assert_eq!(day.to_string(), "2026-11-01");
/// assert!("1 Nov".parse::<Day>().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, ts_rs::TS)]
#[ts(type = "string")]
pub struct Day(DateTime<FixedOffset>);

impl Day {
    /// 00:00 Beijing time on this day.
    pub fn start(self) -> DateTime<FixedOffset> {
        self.0
    }
}

impl std::str::FromStr for Day {
    type Err = crate::Error;

    fn from_str(s: &str) -> crate::Result<Day> {
        beijing_day(s).map(Day)
    }
}

impl std::fmt::Display for Day {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

impl serde::Serialize for Day {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Day {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Day, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}
