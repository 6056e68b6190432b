//! Dates as news pages write them.
//!
//! China Daily writes Beijing time (UTC+08:00) with no zone: `2019-04-29 07:26`,
//! `2023-11-17 15:13`, `2023年11月17日 15:13`. Other sites' metadata uses
//! RFC 3339 / ISO 8601 or RFC 2822. Impossible dates (month 13, 31 February)
//! are not dates.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};

use crate::time::beijing;
use regex::Regex;
use std::sync::LazyLock;

static LOCAL_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT]*(\d{1,2})\s*[:：]\s*(\d{2})(?:\s*[:：]\s*(\d{2}))?)?",
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
    LOCAL_TIME.captures_iter(text).find_map(|c| {
        let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        let date = NaiveDate::from_ymd_opt(num(1)? as i32, num(2)?, num(3)?)?;
        if !(1990..=2200).contains(&date.year_ce().1) {
            return None;
        }
        let time = match num(4) {
            Some(h) => NaiveTime::from_hms_opt(h, num(5)?, num(6).unwrap_or(0))?,
            None => NaiveTime::MIN,
        };
        beijing()
            .from_local_datetime(&NaiveDateTime::new(date, time))
            .single()
    })
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

use chrono::Datelike;

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
