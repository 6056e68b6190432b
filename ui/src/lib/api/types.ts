// Generated from the Rust types in src/api/types.rs and the types they
// name (`cargo test generated_types`): do not edit. After changing one of
// those types, BROADSHEET_WRITE_TYPES=1 cargo test generated_types rewrites it.

export type EditionCode = string;

export type Day = string;

export type Filters = { 
/**
 * Only this edition: a code, or a name that only one edition has
 * (`中文`); checked against the library's editions when the request is
 * answered ([`crate::sites::Sites::resolve`]).
 */
edition: string | null, 
/**
 * Only this section: a breadcrumb label (`World`, `国际`) or path (`Home / World`).
 */
section: string | null, 
/**
 * Only articles published on or after this day (each article's own
 * day, in the offset its site printed).
 */
since: Day | null, 
/**
 * Only articles published before this day.
 */
until: Day | null, };

export type ListQuery = { 
/**
 * Only favourites (true) or the others (false).
 */
favourite: boolean | null, 
/**
 * Only read (true) or unread (false) articles.
 */
read: boolean | null, 
/**
 * The page, from 1.
 */
page: number | null, 
/**
 * Articles per page: the API answers 50 unless asked, at most 200;
 * the command line lists all unless given a limit.
 */
per_page: number | null, 
/**
 * Only this edition: a code, or a name that only one edition has
 * (`中文`); checked against the library's editions when the request is
 * answered ([`crate::sites::Sites::resolve`]).
 */
edition: string | null, 
/**
 * Only this section: a breadcrumb label (`World`, `国际`) or path (`Home / World`).
 */
section: string | null, 
/**
 * Only articles published on or after this day (each article's own
 * day, in the offset its site printed).
 */
since: Day | null, 
/**
 * Only articles published before this day.
 */
until: Day | null, };

export type SearchQuery = { 
/**
 * The query, in the query language (words, "phrases", -excluded, OR,
 * `edition:zh` and the other filters).
 */
q: string | null, 
/**
 * Only this source (Xinhua, China Daily, 中国日报网...).
 */
source: string | null, 
/**
 * Only articles with text in this language: en, zh, fr.
 */
lang: string | null, 
/**
 * `relevance` (the default) or `date` (newest first).
 */
sort: Sort | null, 
/**
 * The page, from 1.
 */
page: number | null, 
/**
 * Hits per page (10 unless asked, at most 100).
 */
per_page: number | null, 
/**
 * Only this edition: a code, or a name that only one edition has
 * (`中文`); checked against the library's editions when the request is
 * answered ([`crate::sites::Sites::resolve`]).
 */
edition: string | null, 
/**
 * Only this section: a breadcrumb label (`World`, `国际`) or path (`Home / World`).
 */
section: string | null, 
/**
 * Only articles published on or after this day (each article's own
 * day, in the offset its site printed).
 */
since: Day | null, 
/**
 * Only articles published before this day.
 */
until: Day | null, };

export type SuggestQuery = { 
/**
 * The text so far.
 */
q: string | null, 
/**
 * At most this many (8 unless asked, at most 20).
 */
limit: number | null, };

export type SectionsQuery = { 
/**
 * Only this edition (as [`Filters::edition`]).
 */
edition: string | null, };

export type ImportRequest = { 
/**
 * Files and folders to import.
 */
paths: Array<string>, };

export type FetchRequest = { 
/**
 * Article URLs (http or https).
 */
urls: Array<string>, 
/**
 * A section's listing page: every article it lists, following its pager.
 */
section: string | null, 
/**
 * An RSS or Atom feed: every article it lists.
 */
feed: string | null, 
/**
 * At most this many articles from the section or the feed.
 */
limit: number | null, 
/**
 * Only articles listed as published on or after this day.
 */
since: Day | null, };

export type SubscribeRequest = { 
/**
 * Its address.
 */
url: string, 
/**
 * A section (the default) or a feed.
 */
kind: SubscriptionKind, };

export type StateChange = { 
/**
 * Mark read or unread.
 */
read: boolean | null, 
/**
 * Mark or unmark as favourite.
 */
favourite: boolean | null, 
/**
 * Remember the reading position (0.0 to 1.0).
 */
position: number | null, };

export type LibraryPage = { 
/**
 * Articles matching the filters, on all pages.
 */
total: number, 
/**
 * This page, from 1.
 */
page: number, 
/**
 * Articles per page.
 */
per_page: number, 
/**
 * This page's articles.
 */
articles: Array<Summary>, };

export type Summary = { 
/**
 * Article id.
 */
id: string, 
/**
 * Headline.
 */
title: string, 
/**
 * China Daily edition, if any.
 */
edition: EditionCode | null, 
/**
 * Publication time.
 */
published: string | null, 
/**
 * Breadcrumb, `Home / World`.
 */
section: string, 
/**
 * Body languages, most used first.
 */
languages: Array<string>, 
/**
 * Canonical URL.
 */
url: string, 
/**
 * Read (opened to the end, or marked read).
 */
read: boolean, 
/**
 * Marked as a favourite.
 */
favourite: boolean, };

export type ArticleView = { 
/**
 * The same story in other editions, saved in the library.
 */
also_in: Array<AlsoIn>, 
/**
 * Read, favourite, position.
 */
state: ArticleState, 
/**
 * Stable id: derived from the canonical URL (see [`Article::id_for`]).
 */
id: string, 
/**
 * The URL the page was read from (or the best one the page gave).
 */
url: string, 
/**
 * The page's canonical URL: the article's identity in the library.
 */
canonical_url: string, 
/**
 * `chinadaily` for China Daily pages, otherwise the site's host name.
 */
site: string, 
/**
 * The China Daily edition, when the article comes from China Daily.
 */
edition: EditionCode | null, 
/**
 * Languages of the body, most used first.
 */
languages: Array<string>, 
/**
 * Headline.
 */
title: string, 
/**
 * Standfirst or subtitle, when the page has one.
 */
subtitle: string | null, 
/**
 * Author(s) as written on the page ("By ..." removed).
 */
byline: string | null, 
/**
 * The source or agency: China Daily, Xinhua, 中国日报网...
 */
source: string | null, 
/**
 * The responsible editor, from the page's editor lines or metadata.
 */
editor: string | null, 
/**
 * Publication time, with the page's offset (Beijing time, +08:00, on China Daily).
 */
published: string | null, 
/**
 * Last update time, when the page gives one.
 */
updated: string | null, 
/**
 * Breadcrumb: `["Home", "World", "Asia-Pacific"]`.
 */
section: Array<string>, 
/**
 * The body.
 */
blocks: Array<Block>, 
/**
 * Images referenced by `Block::Image`.
 */
images: Array<Image>, 
/**
 * The same story in other editions, as the page links them.
 */
edition_links: Array<EditionLink>, 
/**
 * How many pages the article was joined from.
 */
pages: number, 
/**
 * SHA-256 of the title, subtitle and body: changes when the content does.
 */
content_hash: string, };

export type Article = { 
/**
 * Stable id: derived from the canonical URL (see [`Article::id_for`]).
 */
id: string, 
/**
 * The URL the page was read from (or the best one the page gave).
 */
url: string, 
/**
 * The page's canonical URL: the article's identity in the library.
 */
canonical_url: string, 
/**
 * `chinadaily` for China Daily pages, otherwise the site's host name.
 */
site: string, 
/**
 * The China Daily edition, when the article comes from China Daily.
 */
edition: EditionCode | null, 
/**
 * Languages of the body, most used first.
 */
languages: Array<string>, 
/**
 * Headline.
 */
title: string, 
/**
 * Standfirst or subtitle, when the page has one.
 */
subtitle: string | null, 
/**
 * Author(s) as written on the page ("By ..." removed).
 */
byline: string | null, 
/**
 * The source or agency: China Daily, Xinhua, 中国日报网...
 */
source: string | null, 
/**
 * The responsible editor, from the page's editor lines or metadata.
 */
editor: string | null, 
/**
 * Publication time, with the page's offset (Beijing time, +08:00, on China Daily).
 */
published: string | null, 
/**
 * Last update time, when the page gives one.
 */
updated: string | null, 
/**
 * Breadcrumb: `["Home", "World", "Asia-Pacific"]`.
 */
section: Array<string>, 
/**
 * The body.
 */
blocks: Array<Block>, 
/**
 * Images referenced by `Block::Image`.
 */
images: Array<Image>, 
/**
 * The same story in other editions, as the page links them.
 */
edition_links: Array<EditionLink>, 
/**
 * How many pages the article was joined from.
 */
pages: number, 
/**
 * SHA-256 of the title, subtitle and body: changes when the content does.
 */
content_hash: string, };

export type Block = { "type": "paragraph", 
/**
 * The text, whitespace normalised.
 */
text: string, 
/**
 * Its language.
 */
lang: string, } | { "type": "heading", 
/**
 * The heading text.
 */
text: string, 
/**
 * 2 to 6, as in HTML.
 */
level: number, 
/**
 * Its language.
 */
lang: string, } | { "type": "image", 
/**
 * Index into the article's images.
 */
image: number, 
/**
 * The caption's language.
 */
lang: string, } | { "type": "quote", 
/**
 * The quoted text.
 */
text: string, 
/**
 * Its language.
 */
lang: string, } | { "type": "list", 
/**
 * The items' text.
 */
items: Array<string>, 
/**
 * Numbered (`<ol>`) or not.
 */
ordered: boolean, 
/**
 * Its language.
 */
lang: string, };

export type Image = { 
/**
 * Where the page said the image is (absolute URL when it could be resolved).
 */
src: string, 
/**
 * Alternative text from the page, if any.
 */
alt?: string | null, 
/**
 * The caption shown with the image, if any.
 */
caption?: string | null, 
/**
 * Content hash of the stored copy when the image is kept offline.
 */
local?: string | null, };

export type EditionLink = { 
/**
 * The other edition.
 */
edition: EditionCode, 
/**
 * The other page's URL.
 */
url: string, };

export type AlsoIn = { 
/**
 * Its edition.
 */
edition: EditionCode, 
/**
 * Its id.
 */
id: string, 
/**
 * Its URL.
 */
url: string, };

export type ArticleState = { 
/**
 * Read (opened to the end, or marked read).
 */
read: boolean, 
/**
 * Marked as a favourite.
 */
favourite: boolean, 
/**
 * Where the reader stopped, 0.0 (top) to 1.0 (end), if anywhere.
 */
position: number | null, };

export type SitesInfo = { 
/**
 * The sites: every profile in use, in the order pages are tried, then
 * the sites the library holds articles of that no profile knows.
 */
sites: Array<SiteInfo>, 
/**
 * The profile files left out, each with its file, line and reason.
 */
problems: Array<ProfileError>, };

export type SiteInfo = { 
/**
 * Its id, stored with its articles (`chinadaily`).
 */
id: string, 
/**
 * Its name (`China Daily`); the id when no profile knows the site.
 */
name: string, 
/**
 * Whether a profile in use knows the site: when not, its articles are
 * shown under their site and edition codes, with a note.
 */
profile: boolean, 
/**
 * Where the profile was read from (`built in: chinadaily.toml`, or its
 * file).
 */
origin: string | null, 
/**
 * The zone its pages print times in (`+08:00`, `Europe/Paris`).
 */
time_zone: string | null, 
/**
 * Its editions, in the order of its edition bar.
 */
editions: Array<SiteEdition>, 
/**
 * Its article templates' names.
 */
templates: Array<string>, 
/**
 * Its profile changed since its articles were read: `broadsheet
 * reextract` reads them again with it.
 */
changed: boolean, };

export type SiteEdition = { 
/**
 * Its code.
 */
code: EditionCode, 
/**
 * Its name on the site's edition bar, in its own language; the code
 * when no profile knows it.
 */
label: string, 
/**
 * The language it is written in (`en`, `zh`, `fr`; `und` unknown).
 */
lang: string, 
/**
 * The hosts that serve it.
 */
hosts: Array<string>, 
/**
 * How many of its articles the library holds.
 */
articles: number, };

export type ProfileError = { 
/**
 * The file (`built in: NAME` for a built-in one).
 */
file: string, 
/**
 * The line (from 1), when one is to blame.
 */
line: number | null, 
/**
 * What is wrong.
 */
message: string, };

export type SectionInfo = { 
/**
 * The breadcrumb, `Home / World`.
 */
path: string, 
/**
 * Articles in it.
 */
articles: number, };

export type SearchResults = { 
/**
 * The query as given.
 */
query: string, 
/**
 * How many articles match, exactly.
 */
total: number, 
/**
 * This page, from 1.
 */
page: number, 
/**
 * Hits per page.
 */
per_page: number, 
/**
 * Order of the hits.
 */
sort: Sort, 
/**
 * The hits on this page.
 */
hits: Array<Hit>, 
/**
 * Counts over all matching articles.
 */
facets: Facets, };

export type Sort = "relevance" | "date";

export type Hit = { 
/**
 * Article id.
 */
id: string, 
/**
 * Canonical URL.
 */
url: string, 
/**
 * Headline.
 */
title: string, 
/**
 * Edition, if any.
 */
edition: EditionCode | null, 
/**
 * Publication time, at the offset its site printed it in.
 */
published: string | null, 
/**
 * Breadcrumb, "Home / World".
 */
section: string, 
/**
 * Body languages.
 */
languages: Array<string>, 
/**
 * A passage around the best matches: HTML-escaped text in which the
 * matches are wrapped in `<mark>`…`</mark>`.
 */
snippet: string, 
/**
 * Relevance score (when sorted by relevance).
 */
score: number | null, };

export type Facets = { 
/**
 * By edition code.
 */
edition: Array<FacetCount>, 
/**
 * By section (the breadcrumb's first label after the site's root).
 */
section: Array<FacetCount>, 
/**
 * By year of publication.
 */
year: Array<FacetCount>, };

export type FacetCount = { 
/**
 * The value.
 */
value: string, 
/**
 * Matching articles with it.
 */
count: number, };

export type Suggestion = { 
/**
 * Article id.
 */
id: string, 
/**
 * Its headline.
 */
title: string, 
/**
 * Its edition.
 */
edition: EditionCode | null, };

export type Job = { 
/**
 * Its number, from 1.
 */
id: number, 
/**
 * An import or a download.
 */
kind: JobKind, 
/**
 * Running, done or failed.
 */
state: JobState, 
/**
 * Articles handled.
 */
done: number, 
/**
 * Articles known so far.
 */
total: number, 
/**
 * Bytes downloaded (fetch only).
 */
bytes: number, 
/**
 * What was saved and what failed, once finished.
 */
report: Report | null, 
/**
 * Why the job stopped, when it failed.
 */
error: ApiError | null, };

export type JobKind = "import" | "fetch";

export type JobState = "running" | "done" | "failed";

export type Report = { 
/**
 * New articles.
 */
imported: number, 
/**
 * Articles replaced by a newer version.
 */
updated: number, 
/**
 * Articles already in the library as they are.
 */
unchanged: number, 
/**
 * Files that could not be imported, with the reason.
 */
failed: Array<Failure>, 
/**
 * URLs left out on purpose (robots.txt forbids them), with the reason:
 * not failures, they leave the exit status alone.
 */
skipped: Array<Failure>, 
/**
 * Ids of the articles imported, updated or unchanged, in order.
 */
ids: Array<string>, };

export type Failure = { 
/**
 * The file (or folder).
 */
path: string, 
/**
 * Why, in words.
 */
reason: string, 
/**
 * Why, as a stable code.
 */
code: ErrorCode, };

export type Subscription = { 
/**
 * Its address.
 */
url: string, 
/**
 * Section or feed.
 */
kind: SubscriptionKind, };

export type SubscriptionKind = "section" | "feed";

export type Subscribed = { 
/**
 * Its address.
 */
url: string, 
/**
 * Section or feed.
 */
kind: SubscriptionKind, 
/**
 * False when it was followed already.
 */
added: boolean, };

export type ApiError = { 
/**
 * The stable code.
 */
code: ErrorCode, 
/**
 * What went wrong, in words (English), with its causes.
 */
message: string, 
/**
 * The HTTP status of the code (for transports that have none).
 */
status: number, };

export type ErrorCode = "not_found" | "bad_request" | "method_not_allowed" | "forbidden" | "unauthorized" | "not_an_article" | "too_large" | "damaged" | "fetch_failed" | "refused" | "busy" | "timeout" | "unsupported_media_type" | "schema_too_new" | "index_failed" | "disk_full" | "internal";
