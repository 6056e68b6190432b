//! Dates as news pages write them.
//!
//! China Daily writes Beijing time (UTC+08:00) with no zone: `2019-04-29 07:26`,
//! `2023-11-17 15:13`, `2023年11月17日 15:13`. Other sites' metadata uses
//! RFC 3339 / ISO 8601 or RFC 2822. Impossible dates (month 13, 31 February)
//! are not dates.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};

use crate::time::{Zone, beijing};
use regex::Regex;
use std::sync::LazyLock;

static LOCAL_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*日?(?:[\sT]*([0-9]{1,2})\s*[:：]\s*([0-9]{2})(?:\s*[:：]\s*([0-9]{2}))?)?",
    )
    .unwrap()
});

/// The first date (and time, when written) in `text`, read as Beijing time.
/// A date without a time is taken at 00:00.
///
/// ```
/// use broadsheet::extract::parse_beijing_time;
/// let t = parse_beijing_time("By Li Wen | China Daily | Updated: 2019-04-29 07:26").unwrap();
/// assert_eq!(t.to_rfc3339(), "2019-04-29T07:26:00+08:00");
/// let t = parse_beijing_time("2023年11月17日 15:13").unwrap();
/// assert_eq!(t.to_rfc3339(), "2023-11-17T15:13:00+08:00");
/// assert!(parse_beijing_time("2023-13-45 10:00").is_none());
/// ```
pub fn parse_beijing_time(text: &str) -> Option<DateTime<FixedOffset>> {
    first_ymd(text, Zone::Fixed(beijing())).map(|(_, t)| t)
}

/// Year, month, day (and time) in this order, as China Daily and most
/// Chinese sites print them: where it starts in `text`, and the time.
fn first_ymd(text: &str, zone: Zone) -> Option<(usize, DateTime<FixedOffset>)> {
    LOCAL_TIME.captures_iter(text).find_map(|c| {
        let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        let t = local(zone, num(1)?, num(2)?, num(3)?, num(4), num(5), num(6))?;
        Some((c.get(0)?.start(), t))
    })
}

/// A local date and time in `zone`, if it is one (1990 to 2200).
fn local(
    zone: Zone,
    year: u32,
    month: u32,
    day: u32,
    hour: Option<u32>,
    minute: Option<u32>,
    second: Option<u32>,
) -> Option<DateTime<FixedOffset>> {
    if !(1990..=2200).contains(&year) {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(year as i32, month, day)?;
    let time = match hour {
        Some(h) => NaiveTime::from_hms_opt(h, minute?, second.unwrap_or(0))?,
        None => NaiveTime::MIN,
    };
    zone.local(NaiveDateTime::new(date, time))
}

static DMY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b([0-9]{1,2})[/.]([0-9]{1,2})[/.]([0-9]{4})\b(?:\s*(?:à|at|um|a las|,|-)?\s*([0-9]{1,2})\s*[:hH]\s*([0-9]{2}))?")
        .unwrap()
});

static NAMED_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\b(?:(?P<d1>[0-9]{1,2})(?:er|st|nd|rd|th)?\.?\s+(?P<m1>[a-zA-Zéûä]+)\.?\s+(?P<y1>[0-9]{4})",
        r"|(?P<m2>[a-zA-Zéûä]+)\.?\s+(?P<d2>[0-9]{1,2})(?:st|nd|rd|th)?,?\s+(?P<y2>[0-9]{4}))",
        r"(?:[\s,\-–—|a-zà]*?(?P<h>[0-9]{1,2})\s*[:hH]\s*(?P<mi>[0-9]{2}))?"
    ))
    .unwrap()
});

/// A month's number by its English, French or German name (or the first
/// three letters of it).
fn month(name: &str) -> Option<u32> {
    const MONTHS: [&[&str]; 12] = [
        &["january", "janvier", "januar", "jan", "janv"],
        &[
            "february", "février", "fevrier", "februar", "feb", "févr", "fév",
        ],
        &["march", "mars", "märz", "mar"],
        &["april", "avril", "apr", "avr"],
        &["may", "mai"],
        &["june", "juin", "juni", "jun"],
        &["july", "juillet", "juli", "jul", "juil"],
        &["august", "août", "aout", "aug"],
        &["september", "septembre", "sep", "sept"],
        &["october", "octobre", "oktober", "oct", "okt"],
        &["november", "novembre", "nov"],
        &[
            "december",
            "décembre",
            "decembre",
            "dezember",
            "dec",
            "déc",
            "dez",
        ],
    ];
    let name = name.to_lowercase();
    (1..=12u32).find(|&m| MONTHS[m as usize - 1].contains(&name.as_str()))
}

/// The first date (and time) printed in `text`, in any of the ways news
/// pages print one, read in `zone`: "2019年06月15日08:18",
/// "2020-02-19 20:29:58", "Updated: 2024-05-13 09:08", "Mis à jour le
/// 18/06/2024 à 10h05", "Publié le 12 mars 2024", "May 13, 2024". Day and
/// month written as numbers are read day first, except in English pages
/// (`lang` "en"), where a day first is taken only when it cannot be a month.
///
/// ```
/// use broadsheet::extract::parse_local_time;
/// let paris = "Europe/Paris".parse().unwrap();
/// let t = parse_local_time("Mis à jour le 18/06/2024 à 10h05", paris, "fr").unwrap();
/// assert_eq!(t.to_rfc3339(), "2024-06-18T10:05:00+02:00");
/// let t = parse_local_time("Publié le 12 janvier 2024", paris, "fr").unwrap();
/// assert_eq!(t.to_rfc3339(), "2024-01-12T00:00:00+01:00");
/// ```
pub fn parse_local_time(text: &str, zone: Zone, lang: &str) -> Option<DateTime<FixedOffset>> {
    let ymd = first_ymd(text, zone);
    let dmy = DMY.captures_iter(text).find_map(|c| {
        let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        let (a, b) = (num(1)?, num(2)?);
        let (day, month) = if lang == "en" && a <= 12 {
            (b, a)
        } else {
            (a, b)
        };
        let t = local(zone, num(3)?, month, day, num(4), num(5), None)?;
        Some((c.get(0)?.start(), t))
    });
    let named = NAMED_MONTH.captures_iter(text).find_map(|c| {
        let num = |g: &str| c.name(g).and_then(|m| m.as_str().parse::<u32>().ok());
        let (d, m, y) = match c.name("m1") {
            Some(m) => (num("d1")?, m.as_str(), num("y1")?),
            None => (num("d2")?, c.name("m2")?.as_str(), num("y2")?),
        };
        let t = local(zone, y, month(m)?, d, num("h"), num("mi"), None)?;
        Some((c.get(0)?.start(), t))
    });
    [ymd, dmy, named]
        .into_iter()
        .flatten()
        .min_by_key(|(at, _)| *at)
        .map(|(_, t)| t)
}

/// A printed date and time as [`parse_local_time`] reads it, trying the
/// year-first form alone first: the form China Daily, Xinhua, People's Daily
/// and most news sites print, and the cheapest to look for.
pub fn parse_printed_time(text: &str, zone: Zone, lang: &str) -> Option<DateTime<FixedOffset>> {
    first_ymd(text, zone)
        .map(|(_, t)| t)
        .or_else(|| parse_local_time(text, zone, lang))
}

/// A machine-written date from page metadata: RFC 3339, RFC 2822, ISO 8601
/// without a zone (taken as UTC), or a bare date.
pub fn parse_meta_date(text: &str) -> Option<DateTime<FixedOffset>> {
    let t = text.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(t) {
        return Some(d);
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(t) {
        return Some(d);
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%z",
        "%Y-%m-%d %H:%M:%S%z",
    ] {
        if let Ok(d) = DateTime::parse_from_str(t, fmt) {
            return Some(d);
        }
    }
    let utc = FixedOffset::east_opt(0)?;
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
    ] {
        if let Ok(d) = NaiveDateTime::parse_from_str(t, fmt) {
            return utc.from_local_datetime(&d).single();
        }
    }
    let d = NaiveDate::parse_from_str(t.get(..10)?, "%Y-%m-%d").ok()?;
    utc.from_local_datetime(&d.and_time(NaiveTime::MIN))
        .single()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beijing_forms() {
        let r = |s: &str| parse_beijing_time(s).map(|d| d.to_rfc3339());
        assert_eq!(
            r("2023-11-17 15:13\u{3000}").as_deref(),
            Some("2023-11-17T15:13:00+08:00")
        );
        assert_eq!(
            r("Mis à jour : 2026-11-20 07:26").as_deref(),
            Some("2026-11-20T07:26:00+08:00")
        );
        assert_eq!(
            r("2018/6/22 23:51:09").as_deref(),
            Some("2018-06-22T23:51:09+08:00")
        );
        assert_eq!(
            r("2026-11-20").as_deref(),
            Some("2026-11-20T00:00:00+08:00")
        );
        assert_eq!(r("2023-02-31 10:00"), None);
        assert_eq!(r("no date here"), None);
    }

    #[test]
    fn meta_forms() {
        let r = |s: &str| parse_meta_date(s).map(|d| d.to_rfc3339());
        assert_eq!(
            r("2015-07-01T10:00:00+02:00").as_deref(),
            Some("2015-07-01T10:00:00+02:00")
        );
        assert_eq!(
            r("Wed, 01 Jul 2015 10:00:00 GMT").as_deref(),
            Some("2015-07-01T10:00:00+00:00")
        );
        assert_eq!(
            r("2015-07-01T10:00:00.000Z").as_deref(),
            Some("2015-07-01T10:00:00+00:00")
        );
        assert_eq!(
            r("2015-07-01").as_deref(),
            Some("2015-07-01T00:00:00+00:00")
        );
        assert_eq!(r("yesterday"), None);
    }
}
