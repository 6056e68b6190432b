//! Reading listing pages and feeds: which articles they list, and where the
//! next page is.
//!
//! How a site's listings look is in its profile (`[listing]` in
//! `assets/sites/*.toml`): China Daily's section pages list articles as
//! `div.tw3_01_2` items (a headline link in `span.tw3_01_2_t > h4 > a` and a
//! `<b>` date) with a pager in `#div_currpage`, and a listing without items
//! falls back to every link whose path is an article's
//! (`/a/YYYYMM/DD/WS….html`). A page of a host no profile knows is read by
//! every profile in turn. Feeds are RSS or Atom, read by feed-rs. A
//! multi-page article's later pages are the links of its profile's `pager`
//! named after its first page: `NAME_2.html`, `NAME-2.html`, `NAME_2.htm`….

use chrono::{DateTime, FixedOffset};
use dom_query::{Document, NodeRef};
use std::sync::Arc;
use url::Url;

use crate::extract::is_hidden;
use crate::extract::{normalize_ws, parse_local_time};
use crate::sites::{Profile, Selector, Sites};
use crate::{Error, Result};

/// An article a listing or feed names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    /// Its URL, absolute.
    pub url: Url,
    /// Its headline, as listed.
    pub title: String,
    /// Its date, when listed.
    pub published: Option<DateTime<FixedOffset>>,
}

/// One page of a listing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListingPage {
    /// The articles, in page order (newest first on the site).
    pub items: Vec<Listed>,
    /// The next page of the listing, if any.
    pub next: Option<Url>,
}

/// The profiles to read a page from `base` with: its site's, else every
/// one, in order.
fn profiles_for(sites: &Sites, base: &Url) -> Vec<Arc<Profile>> {
    match base.host_str().and_then(|h| sites.for_host(h)) {
        Some((p, _)) => vec![p.clone()],
        None => sites.profiles().to_vec(),
    }
}

/// Reads a section page fetched from `base`.
pub fn parse_listing(sites: &Sites, html: &str, base: &Url) -> ListingPage {
    let doc = crate::extract::parse_document(html);
    let visible = visible_elements(&doc.root());
    let profiles = profiles_for(sites, base);
    let mut page = ListingPage::default();
    for p in &profiles {
        page.items = items(&doc, &visible, p, base);
        if !page.items.is_empty() {
            page.next = next_page(&visible, p, base);
            return page;
        }
    }
    page.next = profiles.iter().find_map(|p| next_page(&visible, p, base));
    page
}

fn resolve(base: &Url, href: &str) -> Option<Url> {
    base.join(href.trim())
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"))
}

/// The most elements a listing page is read for (a section page has a
/// few hundred).
const MAX_ELEMENTS: usize = 200_000;

/// The visible elements under `root`, in document order: what the walk
/// over an article page sees (no scripts, styles, templates, SVG, and
/// nothing hidden), so that a listing's and a pager's selectors match as
/// a template's do.
fn visible_elements<'a>(root: &NodeRef<'a>) -> Vec<NodeRef<'a>> {
    let mut out = Vec::new();
    let mut stack: Vec<NodeRef<'a>> = root.children_it(true).collect();
    while let Some(node) = stack.pop() {
        let Some(name) = node.node_name() else {
            continue;
        };
        if matches!(&*name, "script" | "style" | "noscript" | "template" | "svg")
            || is_hidden(&node)
        {
            continue;
        }
        out.push(node);
        if out.len() >= MAX_ELEMENTS {
            break;
        }
        stack.extend(node.children_it(true).filter(|c| c.is_element()));
    }
    out
}

/// The elements of `among` that the first of `sels` to match any matches.
fn first_matching<'a>(among: &[NodeRef<'a>], sels: &[Selector]) -> Vec<NodeRef<'a>> {
    sels.iter()
        .map(|s| {
            among
                .iter()
                .filter(|n| s.matches_node(n))
                .copied()
                .collect::<Vec<_>>()
        })
        .find(|m| !m.is_empty())
        .unwrap_or_default()
}

/// The articles `p`'s listing rules find on the page.
fn items(doc: &Document, visible: &[NodeRef], p: &Profile, base: &Url) -> Vec<Listed> {
    let l = &p.listing;
    let mut items = Vec::new();
    if let Some(item_sel) = l.items {
        let item_sel = p.selectors.get(item_sel);
        for item in visible.iter().filter(|n| item_sel.matches_node(n)) {
            let inside = visible_elements(item);
            let Some(link) = first_matching(&inside, &l.item_link).into_iter().next() else {
                continue;
            };
            let Some(url) = link.attr("href").and_then(|h| resolve(base, &h)) else {
                continue;
            };
            let published = first_matching(&inside, &l.item_date)
                .first()
                .and_then(|d| parse_local_time(&d.text(), p.zone, "und"));
            push(
                &mut items,
                Listed {
                    url,
                    title: normalize_ws(&link.text()),
                    published,
                },
            );
        }
    }
    if items.is_empty()
        && let Some(paths) = &l.article_paths
    {
        for a in doc.select("a[href]").iter() {
            let Some(url) = a.attr("href").and_then(|h| resolve(base, &h)) else {
                continue;
            };
            if paths.is_match(url.path()) {
                push(
                    &mut items,
                    Listed {
                        url,
                        title: normalize_ws(&a.text()),
                        published: None,
                    },
                );
            }
        }
    }
    items
}

/// The listing's next page: the pager link that says so (the profile's
/// `next_words`).
fn next_page(visible: &[NodeRef], p: &Profile, base: &Url) -> Option<Url> {
    let words = &p.listing.next_words;
    p.listing
        .next
        .iter()
        .flat_map(|s| visible.iter().filter(|n| s.matches_node(n)))
        .find(|a| {
            let text = a.text().to_lowercase();
            let text = text.trim();
            words.iter().any(|w| {
                if w.chars().count() == 1 {
                    text == w
                } else {
                    text.contains(w.as_str())
                }
            })
        })
        .and_then(|a| a.attr("href"))
        .and_then(|h| resolve(base, &h))
        .filter(|next| next != base)
}

fn push(items: &mut Vec<Listed>, item: Listed) {
    if !items.iter().any(|i| i.url == item.url) {
        items.push(item);
    }
}

/// Reads an RSS or Atom feed fetched from `base`.
pub fn parse_feed(bytes: &[u8], base: &Url) -> Result<Vec<Listed>> {
    let feed = feed_rs::parser::parse(bytes)
        .map_err(|e| Error::invalid("feed", format!("{base} is not an RSS or Atom feed ({e})")))?;
    let mut items = Vec::new();
    for entry in feed.entries {
        // The article's own link (no rel, or rel="alternate"), not "self" or an
        // enclosure; else the id, when it is an absolute web address.
        let link = entry
            .links
            .iter()
            .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"));
        let url = match link {
            Some(l) => base.join(l.href.trim()).ok(),
            None => Url::parse(entry.id.trim()).ok(),
        };
        let Some(url) = url.filter(|u| matches!(u.scheme(), "http" | "https")) else {
            continue;
        };
        let title = entry
            .title
            .map(|t| normalize_ws(&t.content))
            .unwrap_or_default();
        let published = entry.published.or(entry.updated).map(|t| t.fixed_offset());
        push(
            &mut items,
            Listed {
                url,
                title,
                published,
            },
        );
    }
    Ok(items)
}

/// The later pages of a multi-page article (`NAME_2.html`, `NAME-2.html`,
/// `NAME_2.htm`…), in order, as its first page's pager links them.
pub fn later_pages(sites: &Sites, html: &str, first: &Url) -> Vec<Url> {
    let name = first.path().rsplit('/').next().unwrap_or("");
    let Some((stem, ext)) = name
        .rsplit_once('.')
        .filter(|(s, e)| !s.is_empty() && matches!(*e, "html" | "htm" | "shtml"))
    else {
        return Vec::new();
    };
    let doc = crate::extract::parse_document(html);
    let visible = visible_elements(&doc.root());
    let mut pages: Vec<(u32, Url)> = Vec::new();
    let profiles = profiles_for(sites, first);
    for a in profiles
        .iter()
        .flat_map(|p| p.pager.iter())
        .flat_map(|s| visible.iter().filter(|n| s.matches_node(n)))
    {
        let Some(url) = a.attr("href").and_then(|h| first.join(h.trim()).ok()) else {
            continue;
        };
        let later = url.path().rsplit('/').next().unwrap_or("");
        let n = later
            .strip_prefix(stem)
            .and_then(|rest| rest.strip_prefix(['_', '-']))
            .and_then(|rest| rest.strip_suffix(ext)?.strip_suffix('.'))
            .and_then(|n| n.parse::<u32>().ok());
        if let Some(n) = n.filter(|&n| n >= 2)
            && !pages.iter().any(|(m, _)| *m == n)
        {
            pages.push((n, url));
        }
    }
    pages.sort_by_key(|(n, _)| *n);
    pages.into_iter().map(|(_, u)| u).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn china_daily_listing_items_and_pager() {
        let html = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/refused/listing.html"
        ))
        .unwrap();
        let base = Url::parse("http://www.chinadaily.com.cn/world/page_1.html").unwrap();
        let page = parse_listing(&Sites::builtin(), &html, &base);
        assert_eq!(page.items.len(), 10);
        assert_eq!(
            page.items[0].url.as_str(),
            "http://www.chinadaily.com.cn/a/202611/19/WS670100000000000000000000.html"
        );
        assert_eq!(
            page.items[0].published.unwrap().to_rfc3339(),
            "2026-11-19T09:01:00+08:00"
        );
        assert_eq!(
            page.next.unwrap().as_str(),
            "http://www.chinadaily.com.cn/world/page_2.html"
        );
    }

    #[test]
    fn listings_and_pagers_skip_hidden_elements_and_read_the_profiles_next_words() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("lac.toml"),
            "id = \"lac\"\nname = \"Lac\"\ntime_zone = \"Europe/Paris\"\n\
             [[editions]]\ncode = \"lac-fr\"\nlabel = \"Lac\"\nlang = \"fr\"\nhosts = [\"lac.test\"]\n\
             [listing]\nitems = \"li.une\"\nitem_link = [\"a\"]\nitem_date = [\"time\"]\n\
             next = [\"nav a\"]\nnext_words = [\"plus loin\"]\n",
        )
        .unwrap();
        let sites = Sites::with_folder(dir.path());
        assert!(sites.problems().is_empty(), "{:?}", sites.problems());
        let html = r#"<ul><li class=une><a href="/a/1.html">Un</a><time>14/07/2026 09h00</time></li>
            <li class=une style="display:none"><a href="/a/hidden.html">Caché</a></li>
            <li class=une><a href="/a/2.html">Deux</a></li></ul>
            <nav><a href="/p/0.html">Next</a><a hidden href="/p/9.html">Plus loin</a><a href="/p/2.html">Plus loin</a></nav>"#;
        let base = Url::parse("https://lac.test/region/").unwrap();
        let page = parse_listing(&sites, html, &base);
        let urls: Vec<&str> = page.items.iter().map(|i| i.url.path()).collect();
        assert_eq!(urls, ["/a/1.html", "/a/2.html"]);
        assert_eq!(
            page.items[0].published.unwrap().to_rfc3339(),
            "2026-07-14T09:00:00+02:00"
        );
        assert_eq!(page.next.unwrap().path(), "/p/2.html");
    }

    #[test]
    #[cfg_attr(not(shared_corpus), ignore = "needs ../shared/corpus")]
    fn the_real_listing_page() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../shared/corpus/chinadaily/global-section-world-china-us-2019-01-12.html"
        );
        let html = std::fs::read_to_string(path).expect("the shared corpus holds the page");
        let base = Url::parse("http://www.chinadaily.com.cn/world/china-us").unwrap();
        let page = parse_listing(&Sites::builtin(), &html, &base);
        assert!(page.items.len() >= 20, "{} items", page.items.len());
        let sites = Sites::builtin();
        let paths = sites
            .get("chinadaily")
            .unwrap()
            .listing
            .article_paths
            .clone()
            .unwrap();
        assert!(
            page.items
                .iter()
                .all(|i| paths.is_match(i.url.path()) && !i.title.is_empty())
        );
        assert!(page.items.iter().all(|i| i.published.is_some()));
        assert!(page.next.is_some());
    }

    #[test]
    fn rss_and_atom() {
        let base = Url::parse("https://www.chinadaily.com.cn/rss/world_rss.xml").unwrap();
        let rss = br#"<?xml version="1.0"?><rss version="2.0"><channel><title>World</title>
            <item><title>One</title><link>https://www.chinadaily.com.cn/a/202611/20/WS0123456789abcdef01234567.html</link>
            <pubDate>Fri, 20 Nov 2026 08:00:00 +0800</pubDate></item>
            <item><title>Two</title><link>/a/202611/19/WS0123456789abcdef01234568.html</link></item></channel></rss>"#;
        let items = parse_feed(rss, &base).unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(
            items[0].published.unwrap().to_rfc3339(),
            "2026-11-20T00:00:00+00:00"
        );
        assert_eq!(
            items[1].url.as_str(),
            "https://www.chinadaily.com.cn/a/202611/19/WS0123456789abcdef01234568.html"
        );
        let atom = br#"<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><id>x</id><updated>2026-11-20T00:00:00Z</updated>
            <entry><title>A</title><id>urn:a</id><link href="https://french.chinadaily.com.cn/a/202611/20/WS0123456789abcdef0123456a.html"/>
            <updated>2026-11-20T00:00:00Z</updated></entry></feed>"#;
        assert_eq!(parse_feed(atom, &base).unwrap()[0].title, "A");
        assert!(parse_feed(b"<html>not a feed</html>", &base).is_err());
    }

    #[test]
    fn later_pages_of_a_multi_page_article() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/multipage/");
        let html =
            std::fs::read_to_string(format!("{dir}WS6738c1d5a310f1265a1d5b10.html")).unwrap();
        let first =
            Url::parse("https://www.chinadaily.com.cn/a/202611/16/WS6738c1d5a310f1265a1d5b10.html")
                .unwrap();
        let later: Vec<String> = later_pages(&Sites::builtin(), &html, &first)
            .into_iter()
            .map(String::from)
            .collect();
        assert_eq!(
            later,
            [
                "https://www.chinadaily.com.cn/a/202611/16/WS6738c1d5a310f1265a1d5b10_2.html",
                "https://www.chinadaily.com.cn/a/202611/16/WS6738c1d5a310f1265a1d5b10_3.html"
            ]
        );
    }

    #[test]
    fn later_pages_by_the_sites_pager() {
        // People's Daily Online: "c1013-31153719-2.html", its pager a div.zdfy.
        let html = r#"<div class="zdfy clearfix"><a href="/n1/2019/0615/c1013-31153719.html">【1】</a><a href="/n1/2019/0615/c1013-31153719-2.html">【2】</a><a href="/n1/2019/0615/c1013-31153719-3.html">【3】</a></div>"#;
        let first =
            Url::parse("http://culture.people.com.cn/n1/2019/0615/c1013-31153719.html").unwrap();
        let later: Vec<String> = later_pages(&Sites::builtin(), html, &first)
            .into_iter()
            .map(String::from)
            .collect();
        assert_eq!(
            later,
            [
                "http://culture.people.com.cn/n1/2019/0615/c1013-31153719-2.html",
                "http://culture.people.com.cn/n1/2019/0615/c1013-31153719-3.html"
            ]
        );
    }
}
