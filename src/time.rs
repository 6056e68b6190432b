//! Time as Broadsheet reads and filters it: the zone a site prints its
//! times in ([`Zone`]: a fixed offset such as China Daily's UTC+08:00, or
//! an IANA zone such as `Europe/Paris`, daylight saving included), and days
//! written `YYYY-MM-DD` for filters ([`Day`]). Below extraction, the
//! library and the index, which all use it.
//!
//! An article's time is kept with the offset its site printed it in, and a
//! day is each article's own: "published on 12 March" means 12 March where
//! the article was published, whatever the reader's zone.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};

/// UTC+08:00, the time zone China Daily writes in.
pub fn beijing() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("valid offset")
}

/// The time zone a site prints its times in.
///
/// ```
/// use broadsheet::time::Zone;
/// let paris: Zone = "Europe/Paris".parse().unwrap();
/// let summer = chrono::NaiveDate::from_ymd_opt(2026, 7, 14).unwrap().and_hms_opt(9, 0, 0).unwrap();
/// let winter = chrono::NaiveDate::from_ymd_opt(2026, 1, 14).unwrap().and_hms_opt(9, 0, 0).unwrap();
/// assert_eq!(paris.local(summer).unwrap().to_rfc3339(), "2026-07-14T09:00:00+02:00");
/// assert_eq!(paris.local(winter).unwrap().to_rfc3339(), "2026-01-14T09:00:00+01:00");
/// assert_eq!("+08:00".parse::<Zone>().unwrap().to_string(), "+08:00");
/// assert!("Beijing".parse::<Zone>().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Zone {
    /// Always the same offset from UTC.
    Fixed(FixedOffset),
    /// An IANA zone: its offset follows its rules (daylight saving).
    Named(chrono_tz::Tz),
}

impl Zone {
    /// The instant a local date and time in this zone names, with the
    /// offset in force then. A time that occurs twice (the hour daylight
    /// saving gives back) is the first; one that never occurs (the hour it
    /// skips) is read an hour later, as clocks showed it.
    pub fn local(self, t: NaiveDateTime) -> Option<DateTime<FixedOffset>> {
        match self {
            Zone::Fixed(z) => z.from_local_datetime(&t).single(),
            Zone::Named(z) => z
                .from_local_datetime(&t)
                .earliest()
                .or_else(|| {
                    z.from_local_datetime(&(t + chrono::Duration::hours(1)))
                        .earliest()
                })
                .map(|t| t.fixed_offset()),
        }
    }
}

impl From<FixedOffset> for Zone {
    fn from(z: FixedOffset) -> Zone {
        Zone::Fixed(z)
    }
}

impl std::str::FromStr for Zone {
    type Err = crate::Error;

    /// `+08:00`, `-05:00`, `+0530`, `UTC`, or an IANA name (`Europe/Paris`).
    fn from_str(s: &str) -> crate::Result<Zone> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("utc") || s == "Z" {
            return Ok(Zone::Fixed(FixedOffset::east_opt(0).expect("zero")));
        }
        fixed_offset(s)
            .map(Zone::Fixed)
            .or_else(|| s.parse::<chrono_tz::Tz>().ok().map(Zone::Named))
            .ok_or_else(|| {
                crate::Error::invalid(
                    "time zone",
                    format!(
                        "{s:?}: write an offset (+08:00, -05:00) or an IANA name (Europe/Paris)"
                    ),
                )
            })
    }
}

/// `+08:00`, `-05:00`, `+0530`.
fn fixed_offset(s: &str) -> Option<FixedOffset> {
    let (sign, rest) = match s.as_bytes().first()? {
        b'+' => (1, &s[1..]),
        b'-' => (-1, &s[1..]),
        _ => return None,
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let (h, m): (i32, i32) = (digits[..2].parse().ok()?, digits[2..].parse().ok()?);
    if h > 14 || m > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

impl std::fmt::Display for Zone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Zone::Fixed(z) => write!(f, "{z}"),
            Zone::Named(z) => f.write_str(z.name()),
        }
    }
}

/// A time's wall-clock reading where it was printed, as seconds since
/// 1970-01-01 00:00 of that clock: what day filters and the year facet
/// compare, so that each article's day is its own site's.
///
/// ```
/// let t = chrono::DateTime::parse_from_rfc3339("2026-03-12T00:30:00+01:00").unwrap();
/// let day: broadsheet::time::Day = "2026-03-12".parse().unwrap();
/// assert_eq!(broadsheet::time::wall_clock(t), day.wall_clock() + 30 * 60);
/// ```
pub fn wall_clock(t: DateTime<FixedOffset>) -> i64 {
    t.naive_local().and_utc().timestamp()
}

/// A calendar day, `YYYY-MM-DD`, as filters take it: each article's own
/// day, in the offset it was published at ("published on or after
/// 2026-11-01" holds for an article of a Paris site from 00:00 in Paris,
/// and for one of China Daily from 00:00 in Beijing). The command line
/// reads it with [`str::parse`], the API from its query strings and bodies.
///
/// ```
/// use broadsheet::time::Day;
///
/// let day: Day = "2026-11-01".parse().unwrap();
/// assert_eq!(day.to_string(), "2026-11-01");
/// let paris = chrono::DateTime::parse_from_rfc3339("2026-11-01T00:10:00+01:00").unwrap();
/// let beijing = chrono::DateTime::parse_from_rfc3339("2026-11-01T07:10:00+08:00").unwrap();
/// assert!(day.starts_before(paris) && day.starts_before(beijing));
/// assert!("1 Nov".parse::<Day>().is_err());
/// assert!("-262143-01-01".parse::<Day>().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, ts_rs::TS)]
#[ts(type = "string")]
pub struct Day(NaiveDate);

/// The widest offsets in use (UTC-12:00 and UTC+14:00): a day starts
/// somewhere between these many seconds before and after its UTC start.
const EARLIEST_OFFSET: i64 = 14 * 3600;
const LATEST_OFFSET: i64 = 12 * 3600;

impl Day {
    /// The date.
    pub fn date(self) -> NaiveDate {
        self.0
    }

    /// 00:00 of this day on any clock, as [`wall_clock`] counts.
    pub fn wall_clock(self) -> i64 {
        self.0.and_time(NaiveTime::MIN).and_utc().timestamp()
    }

    /// Whether `t` is on this day or later, in its own offset.
    pub fn starts_before(self, t: DateTime<FixedOffset>) -> bool {
        t.date_naive() >= self.0
    }

    /// The earliest instant (Unix seconds) this day starts anywhere: a
    /// bound that an index can use before the exact test.
    pub fn earliest_start(self) -> i64 {
        self.wall_clock() - EARLIEST_OFFSET
    }

    /// The latest instant (Unix seconds) this day starts anywhere.
    pub fn latest_start(self) -> i64 {
        self.wall_clock() + LATEST_OFFSET
    }
}

impl std::str::FromStr for Day {
    type Err = crate::Error;

    fn from_str(s: &str) -> crate::Result<Day> {
        let d = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .map_err(|_| crate::Error::invalid("date", format!("{s:?} (expected YYYY-MM-DD)")))?;
        // Far enough from chrono's limits that any offset can be added.
        if !(1..=9999).contains(&chrono::Datelike::year(&d)) {
            return Err(crate::Error::invalid(
                "date",
                format!("{s:?} is out of range"),
            ));
        }
        Ok(Day(d))
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
