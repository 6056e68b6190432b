//! Listing the library: filters, pages, sections and edition counts.

use chrono::DateTime;
use chrono::FixedOffset;
use serde::Serialize;
use ts_rs::TS;

use super::Library;
use crate::Result;
use crate::model::Edition;
use crate::time::Day;

/// One line of a library listing.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
pub struct Summary {
    /// Article id.
    pub id: String,
    /// Headline.
    pub title: String,
    /// China Daily edition, if any.
    pub edition: Option<Edition>,
    /// Publication time.
    pub published: Option<DateTime<FixedOffset>>,
    /// Breadcrumb, `Home / World`.
    pub section: String,
    /// Body languages, most used first.
    pub languages: Vec<String>,
    /// Canonical URL.
    pub url: String,
    /// Read (opened to the end, or marked read).
    pub read: bool,
    /// Marked as a favourite.
    pub favourite: bool,
}

/// Which articles a listing shows. The default shows all, newest first.
#[derive(Clone, Debug, Default)]
pub struct ListFilter {
    /// Only this edition.
    pub edition: Option<Edition>,
    /// Only articles whose breadcrumb starts with this path or contains this
    /// label (case-insensitive for Latin script): `World`, `Home / World`, `国际`.
    pub section: Option<String>,
    /// Only articles published on or after this day (each article's own
    /// day, in the offset its site printed).
    pub since: Option<Day>,
    /// Only articles published before this day.
    pub until: Option<Day>,
    /// Only favourites (true) or only the others (false).
    pub favourite: Option<bool>,
    /// Only read articles (true) or only unread ones (false).
    pub read: Option<bool>,
    /// At most this many.
    pub limit: Option<usize>,
    /// Skip this many first.
    pub offset: usize,
}

/// The WHERE clause and its arguments for a listing's filters.
pub(super) fn filter_sql(f: &ListFilter) -> (String, Vec<rusqlite::types::Value>) {
    let mut sql = String::from("1=1");
    let mut args: Vec<rusqlite::types::Value> = Vec::new();
    if let Some(e) = f.edition {
        sql.push_str(" AND edition = ?");
        args.push(e.code().to_string().into());
    }
    if let Some(s) = &f.section {
        let esc = s
            .trim()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        sql.push_str(
            " AND (section LIKE ? ESCAPE '\\' OR (' / ' || section || ' / ') LIKE ? ESCAPE '\\')",
        );
        args.push(format!("{esc}%").into());
        args.push(format!("% / {esc} / %").into());
    }
    // The instant bounds the day can start at anywhere keep the published
    // index in use; the stored time's own date (its first ten characters,
    // written in its offset) decides.
    if let Some(d) = f.since {
        sql.push_str(" AND published >= ? AND substr(published_at, 1, 10) >= ?");
        args.push(d.earliest_start().into());
        args.push(d.to_string().into());
    }
    if let Some(d) = f.until {
        sql.push_str(" AND published < ? AND substr(published_at, 1, 10) < ?");
        args.push(d.latest_start().into());
        args.push(d.to_string().into());
    }
    let state = |column: &str| {
        format!(
            " AND coalesce((SELECT {column} FROM article_state s WHERE s.article_id = articles.id), 0) = ?"
        )
    };
    if let Some(fav) = f.favourite {
        sql.push_str(&state("favourite"));
        args.push(i64::from(fav).into());
    }
    if let Some(read) = f.read {
        sql.push_str(&state("read_at IS NOT NULL"));
        args.push(i64::from(read).into());
    }
    (sql, args)
}

impl Library {
    /// Lists articles, newest first.
    pub fn list(&self, f: &ListFilter) -> Result<Vec<Summary>> {
        let (filter, mut args) = filter_sql(f);
        let mut sql = format!(
            "SELECT id, title, edition, published_at, section, languages, canonical_url, \
             coalesce(s.read_at IS NOT NULL, 0), coalesce(s.favourite, 0) \
             FROM articles LEFT JOIN article_state s ON s.article_id = articles.id WHERE {filter}"
        );
        // Newest first (in descending order SQLite puts undated articles
        // last), walking the published index rather than sorting the table.
        sql.push_str(" ORDER BY published DESC, title LIMIT ? OFFSET ?");
        args.push(f.limit.map_or(-1, |l| l as i64).into());
        args.push((f.offset as i64).into());
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, bool>(7)?,
                r.get::<_, bool>(8)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (id, title, edition, published, section, languages, url, read, favourite) = row?;
            out.push(Summary {
                id,
                title,
                edition: edition.and_then(|e| e.parse().ok()),
                published: published.and_then(|p| DateTime::parse_from_rfc3339(&p).ok()),
                section,
                languages: languages.split_whitespace().map(str::to_string).collect(),
                url,
                read,
                favourite,
            });
        }
        Ok(out)
    }

    /// The sections (breadcrumbs) of one edition, or of the whole library,
    /// with their article counts, the fullest first.
    pub fn sections(&self, edition: Option<Edition>) -> Result<Vec<(String, usize)>> {
        let filter = ListFilter {
            edition,
            ..ListFilter::default()
        };
        let (filter, args) = filter_sql(&filter);
        let sql = format!(
            "SELECT section, count(*) FROM articles WHERE {filter} AND section <> '' \
             GROUP BY section ORDER BY count(*) DESC, section"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)? as usize))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// How many articles a listing's filters match (its limit and offset aside).
    pub fn count_matching(&self, f: &ListFilter) -> Result<usize> {
        let (filter, args) = filter_sql(f);
        let sql = format!("SELECT count(*) FROM articles WHERE {filter}");
        let n: i64 = self
            .conn
            .query_row(&sql, rusqlite::params_from_iter(args), |r| r.get(0))?;
        Ok(n as usize)
    }

    /// Articles per edition, with the site they were stored under (`None`
    /// for articles of no edition). Every stored code counts, whether or
    /// not a profile declares it now.
    pub fn edition_counts(&self) -> Result<Vec<EditionCount>> {
        let mut stmt = self.conn.prepare(
            "SELECT edition, min(site), count(*) FROM articles GROUP BY edition ORDER BY edition",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, Option<String>>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (e, site, n) = row?;
            out.push(EditionCount {
                edition: e.and_then(|e| e.parse().ok()),
                site,
                articles: n as usize,
            });
        }
        Ok(out)
    }

    /// Whether the library holds an article of `edition` (one look in an
    /// index).
    pub fn holds_edition(&self, edition: Edition) -> bool {
        self.conn
            .query_row(
                "SELECT 1 FROM articles WHERE edition = ?1 LIMIT 1",
                [edition.code()],
                |_| Ok(()),
            )
            .is_ok()
    }
}

/// How many articles the library holds of one edition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EditionCount {
    /// The edition (`None`: articles of no edition).
    pub edition: Option<Edition>,
    /// The site id its articles were stored under.
    pub site: String,
    /// How many.
    pub articles: usize,
}
