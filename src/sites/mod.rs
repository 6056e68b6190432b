//! Site profiles: what Broadsheet knows about a news site, as data.
//!
//! A profile is a TOML file (the format is in `docs/site-profiles.md`): the
//! site's editions, the hosts that serve each and the language it is in, the
//! time zone its pages print times in, the names it adds to its titles, and
//! its article templates (the selectors of headline, dateline, source,
//! byline, body, breadcrumb), the furniture inside its bodies, how its
//! listings and pagers look. The profiles in `assets/sites/` are built in
//! (China Daily, Xinhua, People's Daily Online); a library's `sites/` folder
//! may add more, or replace a built-in one by using its `id`. A profile that
//! cannot be read is reported with its file and line and left out; the
//! others are used as ever.
//!
//! Profiles are parsed once, when the process first needs them (and when a
//! library with its own profiles is opened). Extraction reads the
//! [`active`] set; it never reads files itself.
//!
//! ```
//! use broadsheet::sites::Sites;
//! let sites = Sites::builtin();
//! let (profile, edition) = sites.for_host("french.chinadaily.com.cn").unwrap();
//! assert_eq!(profile.id, "chinadaily");
//! assert_eq!(edition.unwrap().label(), "Français");
//! assert!(sites.problems().is_empty());
//! ```

mod edition;
mod format;
mod selector;

pub use edition::Edition;
pub use format::{EditionDef, Listing, Profile, ProfileError, SelectorIndex, Template};
pub(crate) use selector::Element;
pub use selector::Selector;

use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock, RwLock};

/// The built-in profiles: file name and text, in the order they are tried.
const BUILTIN: &[(&str, &str)] = &[
    (
        "chinadaily.toml",
        include_str!("../../assets/sites/chinadaily.toml"),
    ),
    (
        "xinhua.toml",
        include_str!("../../assets/sites/xinhua.toml"),
    ),
    (
        "people.toml",
        include_str!("../../assets/sites/people.toml"),
    ),
];

/// The name of a library's folder of its own profiles.
pub const FOLDER: &str = "sites";

/// A set of profiles, and the problems met reading them.
#[derive(Debug, Default)]
pub struct Sites {
    profiles: Vec<Arc<Profile>>,
    problems: Vec<ProfileError>,
    /// Where the user's profiles came from, if a folder was read.
    folder: Option<PathBuf>,
    /// The folder's latest change when it was read ([`latest_change`]).
    stamp: Option<std::time::SystemTime>,
    /// Every profile's marks, and the profile each belongs to.
    marks: SelectorIndex,
    mark_owners: Vec<usize>,
}

impl Sites {
    /// The built-in profiles only.
    pub fn builtin() -> Sites {
        let mut sites = Sites::default();
        for (name, text) in BUILTIN {
            sites.add(Profile::parse(text, &format!("built in: {name}")));
        }
        sites.index_marks();
        sites
    }

    /// The built-in profiles and those in `folder` (every `*.toml` file, in
    /// name order). A profile whose `id` is a built-in one's replaces it; a
    /// file that cannot be read or parsed is a problem, never a failure.
    pub fn with_folder(folder: &Path) -> Sites {
        let mut sites = Sites::builtin();
        sites.folder = Some(folder.to_path_buf());
        sites.stamp = latest_change(folder);
        let mut files: Vec<PathBuf> = match std::fs::read_dir(folder) {
            Ok(dir) => dir
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => {
                sites.problems.push(ProfileError::new(
                    folder.display().to_string(),
                    None,
                    format!("cannot read the folder: {e}"),
                ));
                Vec::new()
            }
        };
        files.sort();
        for path in files {
            let origin = path.display().to_string();
            let parsed = match std::fs::read(&path) {
                Err(e) => Err(ProfileError::new(origin, None, format!("cannot read: {e}"))),
                Ok(b) if b.len() > format::MAX_PROFILE_BYTES => Err(ProfileError::new(
                    origin,
                    None,
                    format!(
                        "{} bytes: a profile is at most {} bytes",
                        b.len(),
                        format::MAX_PROFILE_BYTES
                    ),
                )),
                Ok(b) => match String::from_utf8(b) {
                    Ok(text) => Profile::parse(&text, &origin),
                    Err(_) => Err(ProfileError::new(origin, None, "not UTF-8 text".into())),
                },
            };
            sites.add(parsed);
        }
        sites.index_marks();
        sites
    }

    fn index_marks(&mut self) {
        let mut selectors = Vec::new();
        self.mark_owners.clear();
        for (owner, p) in self.profiles.iter().enumerate() {
            for &m in &p.marks {
                selectors.push(p.selectors.get(m).clone());
                self.mark_owners.push(owner);
            }
        }
        self.marks = SelectorIndex::new(selectors);
    }

    /// Every profile's marks, and for each the place of its profile in
    /// [`Sites::profiles`].
    pub(crate) fn marks(&self) -> (&SelectorIndex, &[usize]) {
        (&self.marks, &self.mark_owners)
    }

    fn add(&mut self, parsed: Result<Profile, ProfileError>) {
        let profile = match parsed {
            Ok(p) => p,
            Err(e) => return self.problems.push(e),
        };
        // An edition code names one edition of one site.
        if let Some(clash) = profile.editions.iter().find_map(|e| {
            self.profiles
                .iter()
                .filter(|p| p.id != profile.id)
                .find(|p| p.editions.iter().any(|o| o.code == e.code))
                .map(|p| (e.code, p.origin.clone()))
        }) {
            return self.problems.push(ProfileError::new(
                profile.origin.clone(),
                None,
                format!(
                    "edition code {:?} is already used by {} (edition codes are unique across sites)",
                    clash.0.code(),
                    clash.1
                ),
            ));
        }
        match self.profiles.iter().position(|p| p.id == profile.id) {
            Some(i) => self.profiles[i] = Arc::new(profile),
            None => self.profiles.push(Arc::new(profile)),
        }
    }

    /// The profiles, built-in ones first, in the order pages are tried.
    pub fn profiles(&self) -> &[Arc<Profile>] {
        &self.profiles
    }

    /// A profile by its id.
    pub fn get(&self, id: &str) -> Option<&Arc<Profile>> {
        self.profiles.iter().find(|p| p.id == id)
    }

    /// The profiles that could not be used, each with its file and line.
    pub fn problems(&self) -> &[ProfileError] {
        &self.problems
    }

    /// The folder of the user's profiles that was read, if any.
    pub fn folder(&self) -> Option<&Path> {
        self.folder.as_deref()
    }

    /// The profile a host belongs to, and the edition it serves when the
    /// host alone tells.
    pub fn for_host(&self, host: &str) -> Option<(&Arc<Profile>, Option<Edition>)> {
        let host = host.trim_end_matches('.');
        let lower;
        let host = if host.bytes().any(|b| b.is_ascii_uppercase()) {
            lower = host.to_ascii_lowercase();
            lower.as_str()
        } else {
            host
        };
        let mut best: Option<(&Arc<Profile>, Option<Edition>, usize)> = None;
        for p in &self.profiles {
            if let Some((edition, score)) = p.host_edition(host)
                && best.as_ref().is_none_or(|b| score > b.2)
            {
                best = Some((p, edition, score));
            }
        }
        best.map(|(p, e, _)| (p, e))
    }

    /// Every edition of every site, site by site in bar order.
    pub fn editions(&self) -> impl Iterator<Item = (&Arc<Profile>, &EditionDef)> {
        self.profiles
            .iter()
            .flat_map(|p| p.editions.iter().map(move |e| (p, e)))
    }

    /// The definition of an edition, by its code.
    pub fn edition(&self, code: &str) -> Option<(&Arc<Profile>, &EditionDef)> {
        self.editions().find(|(_, e)| e.code.code() == code)
    }
}

/// What `broadsheet sites --json` prints: the profiles and the problems.
#[derive(serde::Serialize)]
pub struct Summary {
    /// The profiles in use.
    pub sites: Vec<SiteSummary>,
    /// The files left out, as `FILE:LINE: what`.
    pub problems: Vec<String>,
}

/// One profile in a [`Summary`].
#[derive(serde::Serialize)]
pub struct SiteSummary {
    pub id: String,
    pub name: String,
    pub origin: String,
    pub time_zone: String,
    pub editions: Vec<EditionSummary>,
    pub templates: Vec<String>,
}

/// One edition in a [`SiteSummary`].
#[derive(serde::Serialize)]
pub struct EditionSummary {
    pub code: Edition,
    pub label: String,
    pub lang: String,
    pub hosts: Vec<String>,
}

impl Summary {
    /// The summary of `sites`.
    pub fn of(sites: &Sites) -> Summary {
        Summary {
            sites: sites
                .profiles()
                .iter()
                .map(|p| SiteSummary {
                    id: p.id.clone(),
                    name: p.name.clone(),
                    origin: p.origin.clone(),
                    time_zone: p.zone.to_string(),
                    editions: p
                        .editions
                        .iter()
                        .map(|e| EditionSummary {
                            code: e.code,
                            label: e.label.clone(),
                            lang: e.lang.clone(),
                            hosts: p.hosts_of(e.code).iter().map(|h| h.to_string()).collect(),
                        })
                        .collect(),
                    templates: p.templates.iter().map(|t| t.name.clone()).collect(),
                })
                .collect(),
            problems: sites.problems().iter().map(|p| p.to_string()).collect(),
        }
    }
}

static ACTIVE: LazyLock<RwLock<Arc<Sites>>> =
    LazyLock::new(|| RwLock::new(Arc::new(Sites::builtin())));

/// The profiles in use: the built-in ones, and those of the library this
/// process opened last ([`use_folder`]).
pub fn active() -> Arc<Sites> {
    match ACTIVE.read() {
        Ok(s) => s.clone(),
        Err(p) => p.into_inner().clone(),
    }
}

/// Reads the profiles in `folder` (a library's `sites/`) with the built-in
/// ones and makes them the [`active`] set. Unchanged folders are not read
/// again. Each problem is logged as a warning and kept in the answer.
pub fn use_folder(folder: &Path) -> Arc<Sites> {
    let current = active();
    if current.folder() == Some(folder) && current.stamp == latest_change(folder) {
        return current;
    }
    let sites = Arc::new(Sites::with_folder(folder));
    for p in sites.problems() {
        tracing::warn!("site profile left out: {p}");
    }
    match ACTIVE.write() {
        Ok(mut a) => *a = sites.clone(),
        Err(p) => *p.into_inner() = sites.clone(),
    }
    sites
}

/// The latest modification time of `folder` and the files in it: when it
/// moves, the folder is read again.
fn latest_change(folder: &Path) -> Option<std::time::SystemTime> {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let mut latest = modified(folder);
    for entry in std::fs::read_dir(folder).into_iter().flatten().flatten() {
        latest = latest.max(modified(&entry.path()));
    }
    latest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_profiles_parse_and_know_their_hosts() {
        let sites = Sites::builtin();
        assert!(sites.problems().is_empty(), "{:?}", sites.problems());
        let ids: Vec<&str> = sites.profiles().iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["chinadaily", "xinhua", "people"]);
        for (host, site, edition) in [
            ("www.news.cn", "xinhua", "xinhua-zh"),
            ("www.xinhuanet.com", "xinhua", "xinhua-zh"),
            ("english.news.cn", "xinhua", "xinhua-en"),
            ("french.news.cn", "xinhua", "xinhua-fr"),
            ("culture.people.com.cn", "people", "people-zh"),
            ("en.people.cn", "people", "people-en"),
            ("french.people.com.cn", "people", "people-fr"),
            ("language.chinadaily.com.cn", "chinadaily", "bilingual"),
        ] {
            let (p, e) = sites.for_host(host).unwrap();
            assert_eq!((p.id.as_str(), e.map(Edition::code)), (site, Some(edition)));
        }
    }

    #[test]
    fn the_documented_example_is_a_valid_profile() {
        let doc = include_str!("../../docs/site-profiles.md");
        let start = doc.find("```toml\n").expect("an example") + 8;
        let example = &doc[start..start + doc[start..].find("```").unwrap()];
        let p = Profile::parse(example, "docs/site-profiles.md").unwrap();
        assert_eq!(p.id, "quotidien");
        assert_eq!(p.templates[0].body.len(), 1);
        assert!(p.listing.article_paths.is_some());
    }

    #[test]
    fn a_folder_adds_replaces_and_reports_by_file_and_line() {
        let dir = std::env::temp_dir().join(format!("bs-sites-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("a-good.toml"),
            "id = \"example\"\nname = \"Example News\"\ntime_zone = \"+01:00\"\n\
             [[editions]]\ncode = \"example-fr\"\nlabel = \"Français\"\nlang = \"fr\"\nhosts = [\"*.example.fr\"]\n",
        )
        .unwrap();
        std::fs::write(
            dir.join("b-broken.toml"),
            "id = \"broken\"\nname = \"Broken\"\ntime_zone = \"+01:00\"\n\
             [[editions]]\ncode = \"broken\"\nlabel = \"B\"\nlang = \"fr\"\nhosts = [\"b.example\"]\n\
             [[templates]]\nname = \"t\"\nbody = [\"div:first-child\"]\n",
        )
        .unwrap();
        std::fs::write(dir.join("c-bad.toml"), "id = \"bad\"\nname = [\n").unwrap();
        let sites = Sites::with_folder(&dir);
        assert!(sites.get("example").is_some());
        assert_eq!(sites.profiles().len(), 4);
        let problems: Vec<String> = sites.problems().iter().map(|p| p.to_string()).collect();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].contains("b-broken.toml:11:"), "{}", problems[0]);
        assert!(problems[0].contains("div:first-child"), "{}", problems[0]);
        assert!(problems[1].contains("c-bad.toml:2:"), "{}", problems[1]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
