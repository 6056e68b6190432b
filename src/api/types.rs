//! The API's requests and answers, one Rust type each. Requests are read
//! from query strings and JSON bodies by [`super::route`]; answers are
//! serialised by serde. The interface's TypeScript types are generated
//! from these ([`typescript`], committed as `ui/src/lib/api/types.ts`), and
//! the command line builds the same request types, so that a filter means
//! the same thing in every shell.

use std::path::PathBuf;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize};
use ts_rs::TS;

use super::ApiError;
use crate::fetch::Plan;
use crate::index::{SearchRequest, Sort};
use crate::library::{ArticleState, Library, ListFilter};
use crate::model::{Article, Edition};
use crate::time::Day;

/// The filters a library listing and a search share.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(default)]
pub struct Filters {
    /// Only this edition: a code, or a name that only one edition has
    /// (`中文`); checked against the library's editions when the request is
    /// answered ([`crate::sites::Sites::resolve`]).
    #[serde(deserialize_with = "text")]
    pub edition: Option<String>,
    /// Only this section: a breadcrumb label (`World`, `国际`) or path (`Home / World`).
    #[serde(deserialize_with = "text")]
    pub section: Option<String>,
    /// Only articles published on or after this day (each article's own
    /// day, in the offset its site printed).
    #[serde(deserialize_with = "parsed")]
    pub since: Option<Day>,
    /// Only articles published before this day.
    #[serde(deserialize_with = "parsed")]
    pub until: Option<Day>,
}

impl Filters {
    /// The edition asked for, as `library` resolves it
    /// ([`Library::resolve_edition`]).
    pub fn edition(&self, library: &Library) -> crate::Result<Option<Edition>> {
        self.edition
            .as_deref()
            .map(|e| library.resolve_edition(e))
            .transpose()
    }
}

/// `GET /api/library`: a page of the library's articles, newest first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct ListQuery {
    /// Edition, section and dates.
    #[serde(flatten)]
    pub filters: Filters,
    /// Only favourites (true) or the others (false).
    #[serde(deserialize_with = "flag")]
    pub favourite: Option<bool>,
    /// Only read (true) or unread (false) articles.
    #[serde(deserialize_with = "flag")]
    pub read: Option<bool>,
    /// The page, from 1.
    #[serde(deserialize_with = "parsed")]
    pub page: Option<usize>,
    /// Articles per page: the API answers 50 unless asked, at most 200;
    /// the command line lists all unless given a limit.
    #[serde(deserialize_with = "parsed")]
    pub per_page: Option<usize>,
}

impl ListQuery {
    /// The page asked for, from 1.
    pub fn page(&self) -> usize {
        self.page.unwrap_or(1).max(1)
    }

    /// The library's filter for this query, its edition resolved by `library`.
    pub fn filter(&self, library: &Library) -> crate::Result<ListFilter> {
        let f = &self.filters;
        Ok(ListFilter {
            edition: f.edition(library)?,
            section: f.section.clone(),
            since: f.since,
            until: f.until,
            favourite: self.favourite,
            read: self.read,
            limit: self.per_page,
            offset: self
                .per_page
                .map_or(0, |n| (self.page() - 1).saturating_mul(n))
                .min(i64::MAX as usize),
        })
    }
}

/// `GET /api/search`: a search, with the filters given apart from the query.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct SearchQuery {
    /// The query, in the query language (words, "phrases", -excluded, OR,
    /// `edition:zh` and the other filters).
    #[serde(deserialize_with = "text")]
    pub q: Option<String>,
    /// Edition, section and dates.
    #[serde(flatten)]
    pub filters: Filters,
    /// Only this source (Xinhua, China Daily, 中国日报网...).
    #[serde(deserialize_with = "text")]
    pub source: Option<String>,
    /// Only articles with text in this language: en, zh, fr.
    #[serde(deserialize_with = "text")]
    pub lang: Option<String>,
    /// `relevance` (the default) or `date` (newest first).
    #[serde(deserialize_with = "parsed")]
    pub sort: Option<Sort>,
    /// The page, from 1.
    #[serde(deserialize_with = "parsed")]
    pub page: Option<usize>,
    /// Hits per page (10 unless asked, at most 100).
    #[serde(deserialize_with = "parsed")]
    pub per_page: Option<usize>,
}

impl SearchQuery {
    /// The index's request for this query, its edition resolved by `library`.
    pub fn request(&self, library: &Library) -> crate::Result<SearchRequest> {
        let f = &self.filters;
        Ok(SearchRequest {
            query: self.q.clone().unwrap_or_default(),
            edition: f.edition(library)?,
            section: f.section.clone(),
            source: self.source.clone(),
            lang: self.lang.clone(),
            since: f.since,
            until: f.until,
            sort: self.sort.unwrap_or_default(),
            page: self.page.unwrap_or(1),
            per_page: self.per_page.unwrap_or(10),
        })
    }
}

/// `GET /api/suggest`: titles for what is typed so far.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct SuggestQuery {
    /// The text so far.
    #[serde(deserialize_with = "text")]
    pub q: Option<String>,
    /// At most this many (8 unless asked, at most 20).
    #[serde(deserialize_with = "parsed")]
    pub limit: Option<usize>,
}

/// `GET /api/sections`: an edition's sections, or every section.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct SectionsQuery {
    /// Only this edition (as [`Filters::edition`]).
    #[serde(deserialize_with = "text")]
    pub edition: Option<String>,
}

/// `POST /api/import`: files and folders on the server's machine.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, TS)]
pub struct ImportRequest {
    /// Files and folders to import.
    pub paths: Vec<PathBuf>,
}

/// `POST /api/fetch`: articles, a section or a feed to download.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, TS)]
#[serde(default)]
pub struct FetchRequest {
    /// Article URLs (http or https).
    pub urls: Vec<String>,
    /// A section's listing page: every article it lists, following its pager.
    pub section: Option<String>,
    /// An RSS or Atom feed: every article it lists.
    pub feed: Option<String>,
    /// At most this many articles from the section or the feed.
    pub limit: Option<usize>,
    /// Only articles listed as published on or after this day.
    pub since: Option<Day>,
}

impl FetchRequest {
    /// The download plan, every URL checked (absolute, http or https).
    pub fn plan(&self) -> Result<Plan, ApiError> {
        if self.urls.is_empty() && self.section.is_none() && self.feed.is_none() {
            return Err(ApiError::bad("a download needs urls, a section or a feed"));
        }
        Ok(Plan::Fetch {
            urls: self
                .urls
                .iter()
                .map(|u| http_url(u))
                .collect::<Result<_, _>>()?,
            section: self.section.as_deref().map(http_url).transpose()?,
            feed: self.feed.as_deref().map(http_url).transpose()?,
            limit: self.limit,
            since: self.since,
        })
    }
}

/// An absolute http or https URL, as a client or the command line gave it.
///
/// ```
/// use broadsheet::api::http_url;
///
/// assert!(http_url(" https://www.chinadaily.com.cn/world ").is_ok());
/// assert_eq!(http_url("file:///etc/passwd").unwrap_err().status, 400);
/// ```
pub fn http_url(s: &str) -> Result<url::Url, ApiError> {
    url::Url::parse(s.trim())
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .ok_or_else(|| ApiError::bad(format!("{s:?}: only http and https URLs can be fetched")))
}

/// What a subscription follows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum SubscriptionKind {
    /// A section's listing pages.
    #[default]
    Section,
    /// An RSS or Atom feed.
    Feed,
}

impl SubscriptionKind {
    /// As the library stores it.
    pub fn as_str(self) -> &'static str {
        match self {
            SubscriptionKind::Section => "section",
            SubscriptionKind::Feed => "feed",
        }
    }

    /// A feed when the URL looks like one (`.xml`, `.rss`, `.atom`),
    /// otherwise a section.
    pub fn guess(url: &url::Url) -> SubscriptionKind {
        let path = url.path().to_ascii_lowercase();
        if [".xml", ".rss", ".atom"].iter().any(|e| path.ends_with(e)) {
            SubscriptionKind::Feed
        } else {
            SubscriptionKind::Section
        }
    }
}

/// `POST /api/subscriptions`: follow a section or a feed.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, TS)]
pub struct SubscribeRequest {
    /// Its address.
    pub url: String,
    /// A section (the default) or a feed.
    #[serde(default)]
    pub kind: SubscriptionKind,
}

/// A followed section or feed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct Subscription {
    /// Its address.
    pub url: String,
    /// Section or feed.
    pub kind: SubscriptionKind,
}

/// The answer to a subscription: what is followed, and whether it is new.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct Subscribed {
    /// Its address.
    pub url: String,
    /// Section or feed.
    pub kind: SubscriptionKind,
    /// False when it was followed already.
    pub added: bool,
}

/// One page of the library.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
pub struct LibraryPage {
    /// Articles matching the filters, on all pages.
    pub total: usize,
    /// This page, from 1.
    pub page: usize,
    /// Articles per page.
    pub per_page: usize,
    /// This page's articles.
    pub articles: Vec<crate::library::Summary>,
}

/// An article in another edition that the library holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct AlsoIn {
    /// Its edition.
    pub edition: Edition,
    /// Its id.
    pub id: String,
    /// Its URL.
    pub url: String,
}

/// One article as the reader shows it: its blocks (never page HTML), the
/// same story in other editions the library holds, and the reader's state.
#[derive(Clone, Debug, PartialEq, Serialize, TS)]
pub struct ArticleView {
    /// The article.
    #[serde(flatten)]
    pub article: Article,
    /// The same story in other editions, saved in the library.
    pub also_in: Vec<AlsoIn>,
    /// Read, favourite, position.
    pub state: ArticleState,
}

/// A section and how many articles it holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, TS)]
pub struct SectionInfo {
    /// The breadcrumb, `Home / World`.
    pub path: String,
    /// Articles in it.
    pub articles: usize,
}

/// The TypeScript declarations of every type the API reads or answers,
/// as committed in `ui/src/lib/api/types.ts`.
pub fn typescript() -> String {
    use crate::api::{ApiError, ErrorCode, Job, JobKind, JobState};
    use crate::index::{FacetCount, Facets, Hit, SearchResults, Suggestion};
    use crate::library::{StateChange, Summary};
    use crate::model::{Block, EditionLink, Image};
    use crate::save::{Failure, Report};

    fn decl<T: TS>(cfg: &ts_rs::Config) -> String {
        T::decl(cfg)
    }
    let cfg = ts_rs::Config::new().with_large_int("number");
    let decls = [
        decl::<Edition>(&cfg),
        decl::<Day>(&cfg),
        decl::<Filters>(&cfg),
        decl::<ListQuery>(&cfg),
        decl::<SearchQuery>(&cfg),
        decl::<SuggestQuery>(&cfg),
        decl::<SectionsQuery>(&cfg),
        decl::<ImportRequest>(&cfg),
        decl::<FetchRequest>(&cfg),
        decl::<SubscribeRequest>(&cfg),
        decl::<StateChange>(&cfg),
        decl::<LibraryPage>(&cfg),
        decl::<Summary>(&cfg),
        decl::<ArticleView>(&cfg),
        decl::<Article>(&cfg),
        decl::<Block>(&cfg),
        decl::<Image>(&cfg),
        decl::<EditionLink>(&cfg),
        decl::<AlsoIn>(&cfg),
        decl::<ArticleState>(&cfg),
        decl::<crate::sites::SitesInfo>(&cfg),
        decl::<crate::sites::SiteInfo>(&cfg),
        decl::<crate::sites::SiteEdition>(&cfg),
        decl::<crate::sites::ProfileError>(&cfg),
        decl::<SectionInfo>(&cfg),
        decl::<SearchResults>(&cfg),
        decl::<Sort>(&cfg),
        decl::<Hit>(&cfg),
        decl::<Facets>(&cfg),
        decl::<FacetCount>(&cfg),
        decl::<Suggestion>(&cfg),
        decl::<Job>(&cfg),
        decl::<JobKind>(&cfg),
        decl::<JobState>(&cfg),
        decl::<Report>(&cfg),
        decl::<Failure>(&cfg),
        decl::<Subscription>(&cfg),
        decl::<SubscriptionKind>(&cfg),
        decl::<Subscribed>(&cfg),
        decl::<ApiError>(&cfg),
        decl::<ErrorCode>(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust types in src/api/types.rs and the types they\n\
         // name (`cargo test generated_types`): do not edit. After changing one of\n\
         // those types, BROADSHEET_WRITE_TYPES=1 cargo test generated_types rewrites it.\n",
    );
    for decl in decls {
        out.push_str("\nexport ");
        out.push_str(&decl);
        out.push('\n');
    }
    out
}

/// A text parameter: trimmed; empty is none.
fn text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    let v = Option::<String>::deserialize(d)?;
    Ok(v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()))
}

/// A parameter read with its type's `FromStr` (editions by code or name,
/// days as `YYYY-MM-DD`, numbers); empty is none.
fn parsed<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: FromStr,
    T::Err: std::fmt::Display,
{
    let Some(v) = text(d)? else {
        return Ok(None);
    };
    v.parse()
        .map(Some)
        .map_err(|e| serde::de::Error::custom(format!("{v:?}: {e}")))
}

/// A yes-or-no parameter ([`crate::text::yes_or_no`]); empty is none.
fn flag<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    let Some(v) = text(d)? else {
        return Ok(None);
    };
    crate::text::yes_or_no(&v)
        .map(Some)
        .ok_or_else(|| serde::de::Error::custom(format!("{v:?} is not true or false")))
}

/// The built-in sites and their editions, in bar order, for the interface
/// to show before the API answers (`ui/src/lib/api/sites.json`, a
/// [`crate::sites::SitesInfo`] without counts): the profiles in
/// `assets/sites/` are the one list every part of Broadsheet reads.
pub fn builtin_sites_json() -> String {
    let info = crate::sites::SitesInfo::of(&crate::sites::Sites::builtin(), &[], &[]);
    serde_json::to_string_pretty(&info).expect("JSON") + "\n"
}

#[cfg(test)]
mod tests {
    /// The committed TypeScript (and the built-in sites' list) is what the
    /// Rust types (and the profiles) generate.
    #[test]
    fn generated_types_are_current() {
        let root = env!("CARGO_MANIFEST_DIR");
        for (file, now) in [
            ("ui/src/lib/api/types.ts", super::typescript()),
            ("ui/src/lib/api/sites.json", super::builtin_sites_json()),
        ] {
            let path = format!("{root}/{file}");
            if std::env::var_os("BROADSHEET_WRITE_TYPES").is_some() {
                std::fs::write(&path, &now).unwrap();
            }
            let committed = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                committed == now,
                "{file} is stale: the API's Rust types or the built-in profiles changed. \
                 Run `BROADSHEET_WRITE_TYPES=1 cargo test generated_types` and commit it."
            );
        }
    }
}
