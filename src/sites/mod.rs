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
//! A [`Sites`] value is configuration that its owner holds: a
//! [`crate::Library`] builds its own from the built-in profiles and its
//! `sites/` folder, and extraction is handed the set it is to use
//! ([`crate::extract::Page::sites`]); there is no process-wide set, and
//! extraction never reads files. Nothing stored depends on which profiles
//! are loaded: an article keeps its site id and edition code, and a set
//! that does not know them shows the codes.
//!
//! ```
//! use broadsheet::sites::Sites;
//! let sites = Sites::builtin();
//! let (profile, edition) = sites.for_host("french.chinadaily.com.cn").unwrap();
//! assert_eq!(profile.id, "chinadaily");
//! assert_eq!(sites.label(edition.unwrap()), "Français");
//! assert!(sites.problems().is_empty());
//! ```

mod edition;
mod format;
mod selector;

pub use edition::{Edition, MAX_CODE};
pub use format::{
    EditionDef, Listing, MAX_PROFILE_BYTES, Profile, ProfileError, SelectorIndex, Template,
};
pub(crate) use selector::Element;
pub use selector::Selector;

use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};

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
#[derive(Clone, Debug, Default)]
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
    /// The built-in profiles only (parsed once per process: they are part
    /// of the program, like its code).
    pub fn builtin() -> Sites {
        Sites::builtin_ref().clone()
    }

    /// The built-in profiles, shared: what extraction uses when it is given
    /// no other set.
    pub fn builtin_ref() -> &'static Sites {
        static BUILT_IN: LazyLock<Sites> = LazyLock::new(|| {
            let mut sites = Sites::default();
            for (name, text) in BUILTIN {
                sites.add(Profile::parse(text, &format!("built in: {name}")));
            }
            sites.index_marks();
            sites
        });
        &BUILT_IN
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
            sites.add(read_profile(&path));
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

    /// The profiles of the library in folder `root`: the built-in ones and
    /// those of its `sites/` folder ([`Sites::with_folder`]), each problem
    /// logged as a warning (and kept in [`Sites::problems`]).
    pub fn of_library(root: &Path) -> Sites {
        let sites = Sites::with_folder(&root.join(FOLDER));
        for p in sites.problems() {
            tracing::warn!("site profile left out: {p}");
        }
        sites
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

    /// The name of an edition on its site's bar ("Global Edition", "中文"),
    /// or its code when no profile here declares it.
    pub fn label(&self, edition: Edition) -> String {
        self.edition(edition.code())
            .map_or_else(|| edition.code().to_string(), |(_, e)| e.label.clone())
    }

    /// The language an edition is written in (`en`, `zh`, `fr`), if a
    /// profile here declares it.
    pub fn lang(&self, edition: Edition) -> Option<&str> {
        self.edition(edition.code()).map(|(_, e)| e.lang.as_str())
    }

    /// The edition a host serves, if the host alone tells.
    ///
    /// ```
    /// use broadsheet::{Edition, sites::Sites};
    /// let sites = Sites::builtin();
    /// assert_eq!(sites.edition_of_host("www.chinadaily.com.cn"), Some(Edition::Global));
    /// assert_eq!(sites.edition_of_host("world.chinadaily.com.cn"), Some(Edition::Zh));
    /// assert_eq!(sites.edition_of_host("english.news.cn").map(|e| e.code().to_string()).as_deref(), Some("xinhua-en"));
    /// assert_eq!(sites.edition_of_host("example.org"), None);
    /// ```
    pub fn edition_of_host(&self, host: &str) -> Option<Edition> {
        self.for_host(host).and_then(|(_, e)| e)
    }

    /// The edition a user means by `input`: an edition's code (one a
    /// profile here declares, or one `stored` says a library holds articles
    /// of), or a name or alias that only one
    /// edition here has (`双语`, `chinese`), case aside. A name that several
    /// sites share (`Français`) is not an identifier: the error lists the
    /// codes to choose from.
    ///
    /// ```
    /// use broadsheet::{Edition, sites::Sites};
    /// let sites = Sites::builtin();
    /// let none = |_: Edition| false;
    /// assert_eq!(sites.resolve("双语", none).unwrap(), Edition::Bilingual);
    /// assert_eq!(sites.resolve("chinese", none).unwrap(), Edition::Zh);
    /// assert_eq!(sites.resolve("bilingual", none).unwrap(), Edition::Bilingual);
    /// let err = sites.resolve("Français", none).unwrap_err().to_string();
    /// assert!(err.contains("fr, xinhua-fr, people-fr"), "{err}");
    /// assert!(sites.resolve("klingon", none).is_err());
    /// let orphan = Edition::new("quotidien-fr").unwrap();
    /// assert_eq!(sites.resolve("quotidien-fr", |e| e == orphan).unwrap(), orphan);
    /// ```
    pub fn resolve(&self, input: &str, stored: impl Fn(Edition) -> bool) -> crate::Result<Edition> {
        let wanted = input.trim().to_lowercase();
        if let Some(e) = Edition::new(&wanted)
            && (self.edition(e.code()).is_some() || stored(e))
        {
            return Ok(e);
        }
        let named: Vec<Edition> = self
            .editions()
            .filter(|(_, e)| {
                e.label.to_lowercase() == wanted
                    || e.aliases.iter().any(|a| a.to_lowercase() == wanted)
            })
            .map(|(_, e)| e.code)
            .collect();
        match named[..] {
            [one] => Ok(one),
            [] => {
                let codes: Vec<&str> = self.editions().map(|(_, e)| e.code.code()).collect();
                Err(crate::Error::invalid(
                    "edition",
                    format!("{input:?} (expected one of {})", codes.join(", ")),
                ))
            }
            _ => Err(crate::Error::invalid(
                "edition",
                format!(
                    "{input:?} names several editions: give a code, one of {}",
                    named
                        .iter()
                        .map(Edition::code)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
        }
    }

    /// Whether `folder` changed since these profiles were read from it
    /// (always false for a set read from no folder).
    pub fn is_stale(&self) -> bool {
        self.folder
            .as_deref()
            .is_some_and(|f| latest_change(f) != self.stamp)
    }
}

/// The sites a library knows, as every part of Broadsheet shows them: the
/// API's `/api/sites`, `broadsheet sites --json`, the interface and the
/// desktop app. One shape, generated into the interface's TypeScript.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct SitesInfo {
    /// The sites: every profile in use, in the order pages are tried, then
    /// the sites the library holds articles of that no profile knows.
    pub sites: Vec<SiteInfo>,
    /// The profile files left out, each with its file, line and reason.
    pub problems: Vec<ProfileError>,
}

/// One site: its profile, or what the library's articles say of it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct SiteInfo {
    /// Its id, stored with its articles (`chinadaily`).
    pub id: String,
    /// Its name (`China Daily`); the id when no profile knows the site.
    pub name: String,
    /// Whether a profile in use knows the site: when not, its articles are
    /// shown under their site and edition codes, with a note.
    pub profile: bool,
    /// Where the profile was read from (`built in: chinadaily.toml`, or its
    /// file).
    pub origin: Option<String>,
    /// The zone its pages print times in (`+08:00`, `Europe/Paris`).
    pub time_zone: Option<String>,
    /// Its editions, in the order of its edition bar.
    pub editions: Vec<SiteEdition>,
    /// Its article templates' names.
    pub templates: Vec<String>,
    /// Its profile changed since its articles were read: `broadsheet
    /// reextract` reads them again with it.
    pub changed: bool,
}

/// One edition of a [`SiteInfo`].
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct SiteEdition {
    /// Its code.
    pub code: Edition,
    /// Its name on the site's edition bar, in its own language; the code
    /// when no profile knows it.
    pub label: String,
    /// The language it is written in (`en`, `zh`, `fr`; `und` unknown).
    pub lang: String,
    /// The hosts that serve it.
    pub hosts: Vec<String>,
    /// How many of its articles the library holds.
    pub articles: usize,
}

impl SitesInfo {
    /// The sites of `sites`, with the library's article `counts` (none for
    /// a set read without a library), and the sites those counts hold that
    /// no profile knows; `changed` names the sites whose profile changed
    /// since their articles were read.
    pub fn of(
        sites: &Sites,
        counts: &[crate::library::EditionCount],
        changed: &[String],
    ) -> SitesInfo {
        let count = |code: Edition| {
            counts
                .iter()
                .find(|c| c.edition == Some(code))
                .map_or(0, |c| c.articles)
        };
        let mut out: Vec<SiteInfo> = sites
            .profiles()
            .iter()
            .map(|p| SiteInfo {
                id: p.id.clone(),
                name: p.name.clone(),
                profile: true,
                origin: Some(p.origin.clone()),
                time_zone: Some(p.zone.to_string()),
                editions: p
                    .editions
                    .iter()
                    .map(|e| SiteEdition {
                        code: e.code,
                        label: e.label.clone(),
                        lang: e.lang.clone(),
                        hosts: p.hosts_of(e.code).iter().map(|h| h.to_string()).collect(),
                        articles: count(e.code),
                    })
                    .collect(),
                templates: p.templates.iter().map(|t| t.name.clone()).collect(),
                changed: changed.contains(&p.id),
            })
            .collect();
        for c in counts {
            let Some(code) = c.edition.filter(|e| sites.edition(e.code()).is_none()) else {
                continue;
            };
            let at = match out.iter().position(|s| !s.profile && s.id == c.site) {
                Some(i) => i,
                None => {
                    out.push(SiteInfo {
                        id: c.site.clone(),
                        name: c.site.clone(),
                        profile: false,
                        origin: None,
                        time_zone: None,
                        editions: Vec::new(),
                        templates: Vec::new(),
                        changed: false,
                    });
                    out.len() - 1
                }
            };
            out[at].editions.push(SiteEdition {
                code,
                label: code.to_string(),
                lang: "und".into(),
                hosts: Vec::new(),
                articles: c.articles,
            });
        }
        SitesInfo {
            sites: out,
            problems: sites.problems().to_vec(),
        }
    }
}

/// Reads one profile file, its size checked before a byte is read (and
/// the read bounded, should it grow meanwhile).
fn read_profile(path: &Path) -> Result<Profile, ProfileError> {
    use std::io::Read;
    let origin = path.display().to_string();
    let too_big = |n: u64| {
        ProfileError::new(
            origin.clone(),
            None,
            format!(
                "{n} bytes: a profile is at most {} bytes",
                format::MAX_PROFILE_BYTES
            ),
        )
    };
    let cannot =
        |e: std::io::Error| ProfileError::new(origin.clone(), None, format!("cannot read: {e}"));
    let file = std::fs::File::open(path).map_err(cannot)?;
    let size = file.metadata().map_err(cannot)?.len();
    let max = format::MAX_PROFILE_BYTES as u64;
    if size > max {
        return Err(too_big(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(max + 1).read_to_end(&mut bytes).map_err(cannot)?;
    if bytes.len() as u64 > max {
        return Err(too_big(bytes.len() as u64));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Profile::parse(&text, &origin),
        Err(_) => Err(ProfileError::new(origin, None, "not UTF-8 text".into())),
    }
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
            assert_eq!(
                (p.id.as_str(), e.as_ref().map(Edition::code)),
                (site, Some(edition))
            );
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
