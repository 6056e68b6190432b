//! A deterministic generator of synthetic China Daily articles, the corpus of the search
//! benchmark.
//!
//! The benchmark indexes and queries up to a million articles, far more than the real pages
//! this project holds, so it writes its own: [`page`] turns a seed and an article number into
//! one full HTML page in the markup of its edition (Global, Asia, 中文, 双语 or Français),
//! exactly the templates of the demo library (`assets/demo`), so that the pages go through
//! the real extractor like saved pages do. Their text is random but not uniform: words are
//! drawn by their frequency in real English, French and Chinese (the wordfreq lists in
//! `benches/data`), so that an index built from them sees the skewed, Zipf-like term
//! statistics of real news, with a few very common words and a long tail of rare ones. The
//! text means nothing; its statistics are what the benchmark needs.
//!
//! Each page depends on `(seed, i)` alone: the same pair always gives the same page, on any
//! machine, and pages can be generated in any order or in parallel. Nothing beyond `std` is
//! used: the random source is SplitMix64 and the calendar arithmetic is done here.

use std::path::Path;

/// The 64-bit golden ratio, SplitMix64's increment (also used to spread article numbers).
const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

/// Chance that a word of a Latin-script paragraph is followed by a comma.
const COMMA_CHANCE: f64 = 0.08;

/// Chance of a subhead before each paragraph after the first (before each English/Chinese
/// pair on bilingual pages).
const SUBHEAD_CHANCE: f64 = 0.10;

/// The first and last days of publication, as days since 1970-01-01.
const FIRST_DAY: i64 = days_from_civil(2015, 1, 1);
const LAST_DAY: i64 = days_from_civil(2026, 11, 27);

/// Words of one language with their frequencies, for sampling.
pub struct Words {
    /// The words, most frequent first.
    words: Vec<String>,
    /// The number of characters of each word (Chinese text is measured in characters).
    chars: Vec<usize>,
    /// `cumulative[k]` is the sum of the frequencies of words `0..=k`.
    cumulative: Vec<u64>,
}

impl Words {
    /// Reads a `word\tfrequency_per_billion` TSV (header line first).
    ///
    /// The first line is skipped as the header; lines without a tab, with an empty word or
    /// with a frequency that is not a non-negative number are skipped too. Frequencies are
    /// rounded to whole numbers, at least 1, so that every word can be drawn.
    pub fn from_tsv(text: &str) -> Words {
        let mut words = Vec::new();
        let mut chars = Vec::new();
        let mut cumulative = Vec::new();
        let mut total: u64 = 0;
        for line in text.lines().skip(1) {
            let Some((word, frequency)) = line.split_once('\t') else {
                continue;
            };
            let Ok(frequency) = frequency.trim().parse::<f64>() else {
                continue;
            };
            if word.is_empty() || !frequency.is_finite() || frequency < 0.0 {
                continue;
            }
            total += (frequency.round() as u64).max(1);
            words.push(word.to_string());
            chars.push(word.chars().count());
            cumulative.push(total);
        }
        Words {
            words,
            chars,
            cumulative,
        }
    }

    /// The word of this frequency rank (0 is the most frequent).
    pub fn word(&self, rank: usize) -> &str {
        &self.words[rank.min(self.words.len() - 1)]
    }

    /// A word drawn by frequency (Zipf-like) with the given random source.
    ///
    /// Each word is drawn with probability proportional to its frequency, by binary search
    /// over the cumulative frequencies. Panics if the list has no words.
    pub fn sample(&self, rng: &mut Rng) -> &str {
        &self.words[self.pick(rng)]
    }

    /// The index of a word drawn by frequency.
    fn pick(&self, rng: &mut Rng) -> usize {
        let total = *self.cumulative.last().expect("a word list with no words");
        let r = rng.below(total);
        // The first word whose cumulative frequency exceeds r: word k is chosen for
        // r in cumulative[k - 1]..cumulative[k], a range as wide as its frequency.
        self.cumulative.partition_point(|&c| c <= r)
    }
}

/// The three languages' words.
pub struct Lexicon {
    /// English words.
    pub en: Words,
    /// French words.
    pub fr: Words,
    /// Chinese (simplified) words.
    pub zh: Words,
}

impl Lexicon {
    /// Loads benches/data/{en,fr,zh}.tsv from `dir`.
    ///
    /// `dir` is the folder holding the three files (normally
    /// `concat!(env!("CARGO_MANIFEST_DIR"), "/benches/data")`). A file that cannot be read,
    /// or that holds no words, is an error naming the file.
    pub fn load(dir: &Path) -> std::io::Result<Lexicon> {
        let read = |name: &str| -> std::io::Result<Words> {
            let path = dir.join(name);
            let text = std::fs::read_to_string(&path)
                .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
            let words = Words::from_tsv(&text);
            if words.words.is_empty() {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("{}: no words", path.display()),
                ));
            }
            Ok(words)
        };
        Ok(Lexicon {
            en: read("en.tsv")?,
            fr: read("fr.tsv")?,
            zh: read("zh.tsv")?,
        })
    }

    /// The words of `lang`.
    fn words(&self, lang: Lang) -> &Words {
        match lang {
            Lang::En => &self.en,
            Lang::Fr => &self.fr,
            Lang::Zh => &self.zh,
        }
    }
}

/// A small, fast, deterministic random source (SplitMix64).
///
/// Not for cryptography: it only has to be fast, well spread and the same everywhere.
pub struct Rng {
    state: u64,
}

impl Rng {
    /// A random source started from `seed`.
    ///
    /// The seed is scrambled first (with SplitMix64's output function), so that nearby seeds,
    /// such as `seed ^ i * GOLDEN` for consecutive article numbers `i`, give unrelated
    /// sequences rather than shifted copies of one sequence.
    pub fn new(seed: u64) -> Rng {
        Rng { state: mix64(seed) }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN);
        mix64(self.state)
    }

    /// A number in `0..n`, each about equally likely (Lemire's multiply-shift; the bias,
    /// under `n / 2^64`, is negligible here). Panics if `n` is 0.
    pub fn below(&mut self, n: u64) -> u64 {
        assert!(n > 0, "Rng::below(0): an empty range");
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// True with probability `p` (never for `p <= 0`, always for `p >= 1`).
    pub fn chance(&mut self, p: f64) -> bool {
        // 53 random bits as a float in [0, 1).
        const SCALE: f64 = 1.0 / (1u64 << 53) as f64;
        ((self.next_u64() >> 11) as f64 * SCALE) < p
    }

    /// A number in `lo..=hi`.
    fn between(&mut self, lo: usize, hi: usize) -> usize {
        debug_assert!(lo <= hi);
        lo + self.below((hi - lo + 1) as u64) as usize
    }

    /// One of `items`, each equally likely.
    fn pick<'t, T>(&mut self, items: &'t [T]) -> &'t T {
        &items[self.below(items.len() as u64) as usize]
    }
}

/// SplitMix64's output function: a bijection of `u64` that spreads every input bit.
fn mix64(z: u64) -> u64 {
    let z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    let z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// One generated page.
pub struct Page {
    /// Its canonical URL (unique per article).
    pub url: String,
    /// The full HTML page, in the edition's China Daily template.
    pub html: String,
    /// "global" | "asia" | "zh" | "bilingual" | "fr"
    pub edition: &'static str,
}

/// The library sizes a benchmark runs: the comma-separated numbers in the
/// environment variable `var` (`10000,100000`, underscores allowed), or
/// `default`.
pub fn sizes(var: &str, default: &str) -> Vec<usize> {
    std::env::var(var)
        .unwrap_or_else(|_| default.into())
        .split(',')
        .filter_map(|s| s.trim().replace('_', "").parse().ok())
        .collect()
}

/// Imports articles `0..n` of the corpus for `seed` into `library` through
/// the library's import engine (extract, compress, store), as saved pages
/// would be; answers how long it took.
pub fn import_into(
    library: &mut broadsheet::Library,
    lex: &Lexicon,
    seed: u64,
    n: usize,
) -> std::time::Duration {
    let load = |i: usize| {
        let page = page(lex, seed, i as u64);
        vec![broadsheet::save::LoadedPage {
            bytes: page.html.into_bytes(),
            url: Some(page.url),
            ..broadsheet::save::LoadedPage::default()
        }]
    };
    let t = std::time::Instant::now();
    let report = broadsheet::import::import_loaded(library, n, &load, &mut |_| {}).expect("import");
    assert_eq!(report.imported, n, "{:?}", report.failed.first());
    t.elapsed()
}

/// Generates article `i` of a corpus (0-based) deterministically from `seed`:
/// the same (seed, i) always gives the same page.
///
/// The edition is drawn first (Global 30%, Asia 15%, 中文 30%, 双语 10%, Français 15%), then
/// the section (a breadcrumb path of that edition), the publication time (Beijing time,
/// 2015-01-01 00:00 to 2026-11-27 23:59), the bylines and the text. Canonical URLs follow
/// the site's patterns and are unique per `i` for a given seed: the `WS` id of Global, 中文,
/// 双语 and Français pages ends in 16 hex digits that are a bijection of `i`, and an Asia
/// page's article number is `100000 + i`.
pub fn page(lex: &Lexicon, seed: u64, i: u64) -> Page {
    let mut rng = Rng::new(seed ^ i.wrapping_mul(GOLDEN));
    let edition = Edition::pick(&mut rng);
    let section: &'static Section = rng.pick(edition.sections());
    let day = FIRST_DAY + rng.below((LAST_DAY - FIRST_DAY + 1) as u64) as i64;
    let minute_of_day = rng.below(24 * 60) as u32;
    let when = Published::new(day, minute_of_day);

    let mut url = String::with_capacity(96);
    let mut ws_id = String::new();
    if edition == Edition::Asia {
        url.push_str("https://www.chinadailyhk.com/hk/article/");
        // Wrapping addition is a bijection too: unique for every i.
        push_decimal(&mut url, i.wrapping_add(100_000), 6);
    } else {
        // A WS id is 24 hex digits; like a real one it starts with the Unix time of
        // publication. The other 16 digits are a bijection of i (xor, then a multiplication
        // by an odd number modulo 2^64), so no two articles of a corpus share one.
        let unix = day * 86_400 + i64::from(minute_of_day) * 60 + rng.below(60) as i64 - 8 * 3600;
        ws_id.reserve(26);
        ws_id.push_str("WS");
        push_hex(&mut ws_id, unix as u64 & 0xFFFF_FFFF, 8);
        let serial = (i ^ seed).wrapping_mul(0x2545_F491_4F6C_DD1D);
        push_hex(&mut ws_id, serial, 16);
        url.push_str("https://");
        url.push_str(section.host);
        url.push_str("/a/");
        push_decimal(&mut url, when.year as u64, 4);
        push_decimal(&mut url, u64::from(when.month), 2);
        url.push('/');
        push_decimal(&mut url, u64::from(when.day), 2);
        url.push('/');
        url.push_str(&ws_id);
        url.push_str(".html");
    }

    let article = Article {
        edition,
        section,
        when,
        url,
        ws_id,
    };
    let mut w = Writer {
        lex,
        rng,
        out: String::with_capacity(12 * 1024),
        buf: String::with_capacity(1024),
    };
    match edition {
        Edition::Global | Edition::Asia | Edition::Fr => w.template_g(&article),
        Edition::Zh | Edition::Bilingual => w.template_c(&article),
    }
    Page {
        url: article.url,
        html: w.out,
        edition: edition.name(),
    }
}

/// The five editions of China Daily.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Edition {
    Global,
    Asia,
    Zh,
    Bilingual,
    Fr,
}

/// Each edition's share of the corpus, in percent.
const SHARES: [(Edition, u64); 5] = [
    (Edition::Global, 30),
    (Edition::Asia, 15),
    (Edition::Zh, 30),
    (Edition::Bilingual, 10),
    (Edition::Fr, 15),
];

impl Edition {
    /// An edition drawn by its share.
    fn pick(rng: &mut Rng) -> Edition {
        let mut r = rng.below(100);
        for (edition, share) in SHARES {
            if r < share {
                return edition;
            }
            r -= share;
        }
        unreachable!("the shares add up to 100")
    }

    /// Its name, as the library writes it.
    fn name(self) -> &'static str {
        match self {
            Edition::Global => "global",
            Edition::Asia => "asia",
            Edition::Zh => "zh",
            Edition::Bilingual => "bilingual",
            Edition::Fr => "fr",
        }
    }

    /// The sections its articles are filed under.
    fn sections(self) -> &'static [Section] {
        match self {
            Edition::Global => GLOBAL_SECTIONS,
            Edition::Asia => ASIA_SECTIONS,
            Edition::Zh => ZH_SECTIONS,
            Edition::Bilingual => BILINGUAL_SECTIONS,
            Edition::Fr => FR_SECTIONS,
        }
    }
}

/// A language of generated text.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Lang {
    En,
    Fr,
    Zh,
}

/// A kind of generated text, which decides its length and punctuation.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Title,
    Subhead,
    Summary,
    Paragraph,
}

impl Kind {
    /// Its length in words, in Latin-script languages.
    fn words(self) -> (usize, usize) {
        match self {
            Kind::Title => (6, 12),
            Kind::Subhead => (2, 6),
            Kind::Summary => (12, 25),
            Kind::Paragraph => (25, 70),
        }
    }

    /// Its length in characters, in Chinese (punctuation not counted).
    fn chars(self) -> (usize, usize) {
        match self {
            Kind::Title => (10, 22),
            Kind::Subhead => (4, 10),
            Kind::Summary => (20, 50),
            Kind::Paragraph => (40, 160),
        }
    }

    /// Whether it is running text, with commas and a final full stop.
    fn is_prose(self) -> bool {
        matches!(self, Kind::Summary | Kind::Paragraph)
    }
}

/// Appends generated text of `kind` in `lang` to `buf`, raw (not HTML-escaped).
fn write_text(buf: &mut String, lex: &Lexicon, rng: &mut Rng, lang: Lang, kind: Kind) {
    let words = lex.words(lang);
    match lang {
        Lang::En | Lang::Fr => latin_text(buf, words, rng, kind),
        Lang::Zh => chinese_text(buf, words, rng, kind),
    }
}

/// English or French: words separated by spaces, the first capitalised; prose has an
/// occasional comma and ends with a full stop.
fn latin_text(buf: &mut String, words: &Words, rng: &mut Rng, kind: Kind) {
    let (lo, hi) = kind.words();
    let n = rng.between(lo, hi);
    let prose = kind.is_prose();
    for k in 0..n {
        let word = words.sample(rng);
        if k == 0 {
            push_capitalized(buf, word);
        } else {
            buf.push(' ');
            buf.push_str(word);
        }
        if prose && k + 1 < n && rng.chance(COMMA_CHANCE) {
            buf.push(',');
        }
    }
    if prose {
        buf.push('.');
    }
}

/// Chinese: words run together until the length is reached; prose has a '，' every 8 to 20
/// characters and ends with '。'.
fn chinese_text(buf: &mut String, words: &Words, rng: &mut Rng, kind: Kind) {
    let (lo, hi) = kind.chars();
    let target = rng.between(lo, hi);
    let prose = kind.is_prose();
    let (mut len, mut since_comma) = (0, 0);
    let mut next_comma = rng.between(8, 20);
    while len < target {
        if prose && since_comma >= next_comma {
            buf.push('，');
            since_comma = 0;
            next_comma = rng.between(8, 20);
        }
        let k = words.pick(rng);
        buf.push_str(&words.words[k]);
        len += words.chars[k];
        since_comma += words.chars[k];
    }
    if prose {
        buf.push('。');
    }
}

/// Appends `word` with its first letter in upper case (`é` becomes `É`).
fn push_capitalized(buf: &mut String, word: &str) {
    let mut chars = word.chars();
    if let Some(first) = chars.next() {
        buf.extend(first.to_uppercase());
        buf.push_str(chars.as_str());
    }
}

/// What is decided about an article before its page is written.
struct Article {
    edition: Edition,
    section: &'static Section,
    when: Published,
    url: String,
    /// The `WS…` content id; empty for Asia pages, which have none.
    ws_id: String,
}

/// A publication time, Beijing time.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Published {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
}

impl Published {
    /// The time `minute_of_day` minutes into day `days` since 1970-01-01.
    fn new(days: i64, minute_of_day: u32) -> Published {
        let (year, month, day) = civil_from_days(days);
        Published {
            year,
            month,
            day,
            hour: minute_of_day / 60,
            minute: minute_of_day % 60,
        }
    }

    /// Appends "YYYY-MM-DD".
    fn push_date(&self, out: &mut String) {
        push_decimal(out, self.year as u64, 4);
        out.push('-');
        push_decimal(out, u64::from(self.month), 2);
        out.push('-');
        push_decimal(out, u64::from(self.day), 2);
    }

    /// Appends "YYYY-MM-DD HH:MM".
    fn push_date_time(&self, out: &mut String) {
        self.push_date(out);
        out.push(' ');
        push_decimal(out, u64::from(self.hour), 2);
        out.push(':');
        push_decimal(out, u64::from(self.minute), 2);
    }
}

/// The date `days` days after 1970-01-01 in the proleptic Gregorian calendar, as
/// (year, month 1-12, day 1-31).
///
/// Counts in 400-year eras of 146,097 days, each starting on 1 March so that the leap day
/// falls at the end of a year (the method of Howard Hinnant's `civil_from_days`).
const fn civil_from_days(days: i64) -> (i64, u32, u32) {
    // Days since 0000-03-01.
    let z = days + 719_468;
    let era = (if z >= 0 { z } else { z - 146_096 }) / 146_097;
    let day_of_era = z - era * 146_097; // 0..=146_096
    // Years into the era: every 4 years one day more, every 100 years one fewer, and the
    // last day of the era (a 400th year's leap day) belongs to year 399.
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    // Months counted from March (0) to February (11): 31,30,31,30,31,31,30,31,30,31,31,28/29
    // days, which (153 * m + 2) / 5 reproduces.
    let march_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * march_month + 2) / 5 + 1;
    let month = if march_month < 10 {
        march_month + 3
    } else {
        march_month - 9
    };
    let year = year_of_era + era * 400 + if month <= 2 { 1 } else { 0 };
    (year, month as u32, day as u32)
}

/// The number of days from 1970-01-01 to the given date (negative before it); the inverse
/// of [`civil_from_days`].
const fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = (if year >= 0 { year } else { year - 399 }) / 400;
    let year_of_era = year - era * 400; // 0..=399
    let march_month = (if month > 2 { month - 3 } else { month + 9 }) as i64;
    let day_of_year = (153 * march_month + 2) / 5 + day as i64 - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// Writes one page: the random source, the lexicon, the page so far and a scratch buffer
/// for text that is generated before it is escaped.
struct Writer<'a> {
    lex: &'a Lexicon,
    rng: Rng,
    out: String,
    buf: String,
}

impl Writer<'_> {
    /// Appends markup as it is.
    fn raw(&mut self, s: &str) {
        self.out.push_str(s);
    }

    /// Appends text, HTML-escaped.
    fn text(&mut self, s: &str) {
        push_escaped(&mut self.out, s);
    }

    /// Appends generated text, HTML-escaped.
    fn generated(&mut self, lang: Lang, kind: Kind) {
        self.buf.clear();
        write_text(&mut self.buf, self.lex, &mut self.rng, lang, kind);
        push_escaped(&mut self.out, &self.buf);
    }

    /// Generated text, kept (for what a page repeats, such as its title).
    fn make(&mut self, edition: Edition, kind: Kind) -> String {
        let mut s = String::with_capacity(128);
        match edition {
            Edition::Global | Edition::Asia => {
                write_text(&mut s, self.lex, &mut self.rng, Lang::En, kind);
            }
            Edition::Fr => write_text(&mut s, self.lex, &mut self.rng, Lang::Fr, kind),
            Edition::Zh => write_text(&mut s, self.lex, &mut self.rng, Lang::Zh, kind),
            // "ENGLISH TITLE 中文标题", and likewise for the summary.
            Edition::Bilingual => {
                write_text(&mut s, self.lex, &mut self.rng, Lang::En, kind);
                s.push(' ');
                write_text(&mut s, self.lex, &mut self.rng, Lang::Zh, kind);
            }
        }
        s
    }

    /// Appends a generated headline in the edition's style, HTML-escaped (for the rails).
    fn headline(&mut self, edition: Edition) {
        let title = self.make(edition, Kind::Title);
        self.text(&title);
    }

    /// Appends a random name from `names`, HTML-escaped.
    fn name(&mut self, names: &[&str]) {
        let name = *self.rng.pick(names);
        self.text(name);
    }

    /// Template G: Global, Asia and Français pages.
    fn template_g(&mut self, a: &Article) {
        let (fr, asia) = (a.edition == Edition::Fr, a.edition == Edition::Asia);
        let lang = if fr { Lang::Fr } else { Lang::En };
        let title = self.make(a.edition, Kind::Title);
        let summary = self.make(a.edition, Kind::Summary);

        self.raw("<!DOCTYPE html>\n<html lang=\"");
        self.raw(if fr { "fr" } else { "en" });
        self.raw("\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
        self.text(&title);
        self.raw(if asia {
            " | chinadailyhk"
        } else {
            " - Chinadaily.com.cn"
        });
        self.raw("</title>\n<meta name=\"description\" content=\"");
        self.text(&summary);
        self.raw("\">\n<meta property=\"og:title\" content=\"");
        self.text(&title);
        self.raw("\">\n<meta property=\"og:url\" content=\"");
        self.text(&a.url);
        if !a.ws_id.is_empty() {
            self.raw("\">\n<meta name=\"contentid\" content=\"");
            self.text(&a.ws_id);
        }
        self.raw("\">\n<link rel=\"canonical\" href=\"");
        self.text(&a.url);
        self.raw("\">\n");
        self.raw(concat!(
            "<script>var _czc = _czc || []; _czc.push([\"_trackEvent\", \"article\"]);",
            "</script>\n</head>\n<body>\n",
            "<div class=\"topBar\"><div class=\"channel\">",
            "<a href=\"https://www.chinadaily.com.cn/\">Global Edition</a> | ",
            "<a href=\"https://www.chinadailyhk.com/\">ASIA</a> | ",
            "<a href=\"https://cn.chinadaily.com.cn/\">中文</a> | ",
            "<a href=\"https://language.chinadaily.com.cn/\">双语</a> | ",
            "<a href=\"https://french.chinadaily.com.cn/\">Français</a></div></div>\n",
        ));

        self.breadcrumbs_g(a);

        self.raw("<div class=\"main_art\">\n <div class=\"lft_art\" id=\"lft-art\">\n  <h1>");
        self.text(&title);
        self.raw("</h1>\n  <div class=\"info\">\n   <span class=\"info_l\">");
        self.info_line(a);
        self.raw(
            "</span>\n   <span class=\"info_r\"><a class=\"share-weibo\" href=\"#\">Weibo</a> ",
        );
        self.raw("<a class=\"share-fb\" href=\"#\">Facebook</a> ");
        self.raw(if fr { "Partager" } else { "Share" });
        self.raw("</span>\n  </div>\n  <div id=\"Content\">\n");

        let paragraphs = self.rng.between(6, 14);
        for k in 0..paragraphs {
            if k > 0 && self.rng.chance(SUBHEAD_CHANCE) {
                self.raw("   <h2>");
                self.generated(lang, Kind::Subhead);
                self.raw("</h2>\n");
            }
            self.raw("   <p>");
            self.generated(lang, Kind::Paragraph);
            self.raw("</p>\n");
        }
        if self.rng.chance(0.4) {
            if fr {
                self.raw("   <p>(Rédacteur : ");
                self.name(FR_NAMES);
                self.raw(")</p>\n");
            } else {
                self.raw("   <p>[Editor: ");
                self.name(EN_NAMES);
                self.raw("]</p>\n");
            }
        }

        self.tail_g(a, fr);
    }

    /// Template G's breadcrumb, twice: "A / B / C" and as a list.
    fn breadcrumbs_g(&mut self, a: &Article) {
        self.raw("<div class=\"topNav3_art\"><span id=\"bread-nav\">");
        for (k, (label, href)) in a.section.crumbs.iter().enumerate() {
            if k > 0 {
                self.raw(" / ");
            }
            self.crumb(a.section, label, href);
        }
        self.raw("</span></div>\n<ol class=\"breadcrumb\" id=\"bread-nav1\">");
        for (label, href) in a.section.crumbs {
            self.raw("<li>");
            self.crumb(a.section, label, href);
            self.raw("</li>");
        }
        self.raw("</ol>\n");
    }

    /// Template G after the body: the pager, "back to the top", the most
    /// viewed list and the copyright line.
    fn tail_g(&mut self, a: &Article, fr: bool) {
        self.raw(concat!(
            "  </div>\n",
            "  <div class=\"mb10\" id=\"div_currpage\"></div>\n",
            "  <div class=\"selectpage\"></div>\n",
            "  <div class=\"backtop\"><a href=\"#\">",
        ));
        self.raw(if fr {
            "RETOUR EN HAUT"
        } else {
            "BACK TO THE TOP"
        });
        self.raw("</a></div>\n </div>\n <div class=\"mai_r\"><div class=\"mb10\"><h3>");
        self.raw(if fr {
            "Les plus lus en 24 heures"
        } else {
            "Most Viewed in 24 Hours"
        });
        self.raw("</h3><ul id=\"top_news\">");
        for _ in 0..self.rng.between(2, 4) {
            self.raw("<li><a href=\"#\">");
            self.headline(a.edition);
            self.raw("</a></li>");
        }
        self.raw(concat!(
            "</ul></div></div>\n</div>\n",
            "<div class=\"dibu-three\"><p>Copyright 1995 - 2026. All rights reserved. ",
            "The content (including but not limited to text, photo, multimedia information, ",
            "etc) published in this site belongs to China Daily Information Co (CDIC).</p>",
            "</div>\n</body></html>\n",
        ));
    }

    /// Template G's info line: "By X | China Daily | Updated: …" and its variants.
    fn info_line(&mut self, a: &Article) {
        match a.edition {
            Edition::Fr => {
                if self.rng.chance(0.7) {
                    self.raw("Par ");
                    self.name(FR_NAMES);
                    self.raw(" | french.chinadaily.com.cn | Mis à jour : ");
                } else {
                    self.raw("Xinhua | Mis à jour : ");
                }
            }
            Edition::Asia => match self.rng.below(10) {
                0..=5 => {
                    self.raw("By ");
                    self.name(HK_NAMES);
                    if self.rng.chance(0.7) {
                        self.raw(" in Hong Kong");
                    }
                    self.raw(" | chinadailyhk | Updated: ");
                }
                6..=7 => {
                    self.raw("By ");
                    self.name(EN_NAMES);
                    self.raw(" | China Daily | Updated: ");
                }
                _ => self.raw("Xinhua | Updated: "),
            },
            _ => {
                if self.rng.chance(0.7) {
                    self.raw("By ");
                    self.name(EN_NAMES);
                    if self.rng.chance(0.2) {
                        self.raw(" in ");
                        let place = *self.rng.pick(PLACES);
                        self.raw(place);
                    }
                    self.raw(" | China Daily | Updated: ");
                } else {
                    self.raw("Xinhua | Updated: ");
                }
            }
        }
        a.when.push_date_time(&mut self.out);
    }

    /// Template C: 中文 and 双语 pages.
    fn template_c(&mut self, a: &Article) {
        let bilingual = a.edition == Edition::Bilingual;
        let title = self.make(a.edition, Kind::Title);
        let summary = self.make(a.edition, Kind::Summary);
        let editor = *self.rng.pick(ZH_NAMES);
        let (source, source_href) = *self.rng.pick(if bilingual {
            BILINGUAL_SOURCES
        } else {
            ZH_SOURCES
        });
        let author = match (bilingual, self.rng.chance(0.75)) {
            (_, false) => "",
            (true, true) => *self.rng.pick(EN_NAMES),
            (false, true) => *self.rng.pick(ZH_NAMES),
        };

        self.raw(concat!(
            "<!DOCTYPE html>\n<html>\n<head>\n",
            "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\" />\n",
            "<title>",
        ));
        self.text(&title);
        self.raw(" - 中国日报网</title>\n<meta name=\"keywords\" content=\"");
        self.keywords_c(bilingual);
        self.raw("\">\n<meta name=\"description\" content=\"");
        self.text(&summary);
        self.raw("\">\n<meta property=\"og:title\" content=\"");
        self.text(&title);
        self.raw("\">\n<meta property=\"og:url\" content=\"");
        self.text(&a.url);
        self.raw(
            "\">\n<meta property=\"og:image\" content=\"https://img2.chinadaily.com.cn/images/",
        );
        push_decimal(&mut self.out, a.when.year as u64, 4);
        push_decimal(&mut self.out, u64::from(a.when.month), 2);
        self.raw("/");
        push_decimal(&mut self.out, u64::from(a.when.day), 2);
        self.raw("/");
        let (hi, lo) = (self.rng.next_u64(), self.rng.next_u64());
        push_hex(&mut self.out, hi, 16);
        push_hex(&mut self.out, lo >> 32, 8);
        self.raw(".jpeg\">\n<meta name=\"contentid\" content=\"");
        self.text(&a.ws_id);
        self.raw("\">\n<meta name=\"publishdate\" content=\"");
        a.when.push_date(&mut self.out);
        self.raw("\">\n<meta name=\"editor\" content=\"");
        self.text(editor);
        self.raw("\">\n<meta name=\"author\" content=\"");
        self.text(author);
        self.raw("\">\n<meta name=\"source\" content=\"");
        self.text(source);
        self.raw("\">\n<meta name=\"pagetype\" content=\"1\">\n<link rel=\"canonical\" href=\"");
        self.text(&a.url);
        self.raw("\">\n<script>var articleTitle = \"");
        push_js_escaped(&mut self.out, &title);
        self.raw("\"; var desc = \"");
        push_js_escaped(&mut self.out, &summary);
        self.raw("\";</script>\n</head>\n<body>\n<div style=\"display:none\"><h1>");
        // The hidden decoy headline, which the extractor must never take.
        self.text(&title);
        self.raw("</h1><h2>");
        self.text(&summary);
        self.raw(concat!(
            "</h2></div>\n",
            "<div class=\"topbar\"><div class=\"pingdaolink\">",
            "<a href=\"https://www.chinadaily.com.cn/\">English</a> | ",
            "<a href=\"https://language.chinadaily.com.cn/\">双语</a> | ",
            "<a href=\"https://cn.chinadaily.com.cn/\">中文</a></div></div>\n",
        ));
        self.da_bre(a.section);
        self.raw("<div class=\"container\">\n <div class=\"container-left2\">\n  ");
        self.da_bre(a.section);
        self.raw("  <h1 class=\"dabiaoti\">");
        self.text(&title);
        self.raw("</h1>\n  <div class=\"fenx\">\n   <div class=\"xinf-le\">来源：");
        self.link(source_href, source);
        self.raw("</div>\n   <div class=\"xinf-le\">");
        a.when.push_date_time(&mut self.out);
        self.raw(concat!(
            "\u{3000}</div>\n",
            "   <div class=\"fenx-ri\"><a href=\"#\">分享到微博</a></div>\n",
            "  </div>\n",
            "  <div id=\"Content\" class=\"article\">\n",
        ));

        self.paragraphs_c(bilingual);
        self.raw("   <p>（编辑：");
        self.text(editor);
        self.raw("）</p>\n");
        if self.rng.chance(0.5) {
            self.raw("   <p style=\"text-align:right\">【责任编辑：");
            self.text(editor);
            self.raw("】</p>\n");
        }

        self.tail_c(a);
    }

    /// Template C's keywords: Chinese words, and English ones on 双语 pages.
    fn keywords_c(&mut self, bilingual: bool) {
        for k in 0..self.rng.between(3, 5) {
            if k > 0 {
                self.raw(",");
            }
            let lang = if bilingual && k % 2 == 0 {
                Lang::En
            } else {
                Lang::Zh
            };
            let word = self.lex.words(lang).sample(&mut self.rng);
            push_escaped(&mut self.out, word);
        }
    }

    /// Template C's body: on 双语 pages each English paragraph followed by
    /// its "translation".
    fn paragraphs_c(&mut self, bilingual: bool) {
        if bilingual {
            // English first, then its "translation".
            for k in 0..self.rng.between(6, 10) {
                if k > 0 && self.rng.chance(SUBHEAD_CHANCE) {
                    self.raw("   <p><strong>");
                    self.generated(Lang::En, Kind::Subhead);
                    self.raw("</strong></p>\n   <p><strong>");
                    self.generated(Lang::Zh, Kind::Subhead);
                    self.raw("</strong></p>\n");
                }
                self.raw("   <p>");
                self.generated(Lang::En, Kind::Paragraph);
                self.raw("</p>\n   <p>");
                self.generated(Lang::Zh, Kind::Paragraph);
                self.raw("</p>\n");
            }
        } else {
            // Some pages indent their paragraphs with two ideographic spaces.
            let indent = if self.rng.chance(0.5) {
                "\u{3000}\u{3000}"
            } else {
                ""
            };
            for k in 0..self.rng.between(6, 14) {
                if k > 0 && self.rng.chance(SUBHEAD_CHANCE) {
                    self.raw("   <p><strong>");
                    self.generated(Lang::Zh, Kind::Subhead);
                    self.raw("</strong></p>\n");
                }
                self.raw("   <p>");
                self.raw(indent);
                self.generated(Lang::Zh, Kind::Paragraph);
                self.raw("</p>\n");
            }
        }
    }

    /// Template C after the body: related reading, the hot list, the
    /// copyright notice.
    fn tail_c(&mut self, a: &Article) {
        self.raw(concat!(
            "  </div>\n",
            "  <div class=\"selectpage\"></div>\n",
            "  <div class=\"xiangguan\"><h3>相关阅读</h3><ul><li><a href=\"#\">",
        ));
        self.headline(a.edition);
        self.raw(concat!(
            "</a></li></ul></div>\n",
            " </div>\n",
            " <div class=\"container-right2\"><h3>24小时热点</h3><ul>",
        ));
        for _ in 0..self.rng.between(2, 4) {
            self.raw("<li><a href=\"#\">");
            self.headline(a.edition);
            self.raw("</a></li>");
        }
        self.raw(concat!(
            "</ul></div>\n</div>\n",
            "<div class=\"dibu\"><p>中国日报网版权说明：",
            "凡注明来源为“中国日报网：XXX（署名）”的作品，",
            "版权均属于中国日报网，",
            "未经本网授权不得转载、摘编或利用其它方式使用上述作品。</p>",
            "<p>Copyright 1995 - 2026 China Daily. All rights reserved.</p></div>\n",
            "</body></html>\n",
        ));
    }

    /// Template C's breadcrumb: "A&nbsp;&gt;&nbsp;B&nbsp;&gt;&nbsp;C", on its own line.
    fn da_bre(&mut self, section: &Section) {
        self.raw("<div class=\"da-bre\">");
        for (k, (label, href)) in section.crumbs.iter().enumerate() {
            if k > 0 {
                self.raw("&nbsp;&gt;&nbsp;");
            }
            self.crumb(section, label, href);
        }
        self.raw("</div>\n");
    }

    /// Appends a breadcrumb level's link: `href` is on `section`'s host when it starts with
    /// `/`.
    fn crumb(&mut self, section: &Section, label: &str, href: &str) {
        if href.starts_with('/') {
            self.raw("<a href=\"https://");
            self.text(section.host);
            self.text(href);
            self.raw("\">");
            self.text(label);
            self.raw("</a>");
        } else {
            self.link(href, label);
        }
    }

    /// Appends `<a href="HREF">LABEL</a>`.
    fn link(&mut self, href: &str, label: &str) {
        self.raw("<a href=\"");
        self.text(href);
        self.raw("\">");
        self.text(label);
        self.raw("</a>");
    }
}

/// Appends `s` with `&`, `<`, `>` and `"` escaped (enough for text and quoted attributes).
fn push_escaped(out: &mut String, s: &str) {
    let mut start = 0;
    for (k, byte) in s.bytes().enumerate() {
        let escaped = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => continue,
        };
        // The escaped bytes are ASCII, so k is a character boundary.
        out.push_str(&s[start..k]);
        out.push_str(escaped);
        start = k + 1;
    }
    out.push_str(&s[start..]);
}

/// Appends `s` as a JavaScript string body of `\uXXXX` escapes, one per UTF-16 unit.
fn push_js_escaped(out: &mut String, s: &str) {
    for unit in s.encode_utf16() {
        out.push_str("\\u");
        push_hex(out, u64::from(unit), 4);
    }
}

/// Appends `n` in decimal, padded with zeros to at least `width` digits.
fn push_decimal(out: &mut String, mut n: u64, width: usize) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for _ in digits.len() - start..width {
        out.push('0');
    }
    out.extend(digits[start..].iter().map(|&d| char::from(d)));
}

/// Appends the low `width` hex digits of `n` (lower case).
fn push_hex(out: &mut String, n: u64, width: usize) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for k in (0..width).rev() {
        let nibble = if k < 16 { (n >> (4 * k)) & 0xF } else { 0 };
        out.push(char::from(HEX[nibble as usize]));
    }
}

/// A section: the host its articles are published on and its breadcrumb, the label and link
/// of each level. A link starting with `/` is on the section's host.
struct Section {
    host: &'static str,
    crumbs: &'static [(&'static str, &'static str)],
}

/// A section on `host` with these breadcrumb levels.
const fn section(host: &'static str, crumbs: &'static [(&'static str, &'static str)]) -> Section {
    Section { host, crumbs }
}

const GLOBAL: &str = "www.chinadaily.com.cn";
const GLOBAL_HOME: (&str, &str) = ("Home", "/");
#[rustfmt::skip]
const GLOBAL_SECTIONS: &[Section] = &[
    section(GLOBAL, &[GLOBAL_HOME, ("World", "/world"), ("Asia-Pacific", "/world/asia_pacific")]),
    section(GLOBAL, &[GLOBAL_HOME, ("World", "/world"), ("Europe", "/world/europe")]),
    section(GLOBAL, &[GLOBAL_HOME, ("China", "/china"), ("Society", "/china/society")]),
    section(GLOBAL, &[GLOBAL_HOME, ("China", "/china"), ("Innovation", "/china/innovation")]),
    section(GLOBAL, &[GLOBAL_HOME, ("Business", "/business"), ("Technology", "/business/tech")]),
    section(GLOBAL, &[GLOBAL_HOME, ("Business", "/business"), ("Economy", "/business/economy")]),
    section(GLOBAL, &[GLOBAL_HOME, ("Culture", "/culture"), ("Art", "/culture/art")]),
    section(GLOBAL, &[GLOBAL_HOME, ("Sports", "/sports")]),
    section(GLOBAL, &[GLOBAL_HOME, ("Opinion", "/opinion"), ("Editorials", "/opinion/editorials")]),
];

const ASIA: &str = "www.chinadailyhk.com";
const ASIA_HOME: (&str, &str) = ("Home", "/");
const HONG_KONG: (&str, &str) = ("Hong Kong", "/hk/hongkong");
#[rustfmt::skip]
const ASIA_SECTIONS: &[Section] = &[
    section(ASIA, &[ASIA_HOME, HONG_KONG, ("Culture", "/hk/hongkong/culture")]),
    section(ASIA, &[ASIA_HOME, HONG_KONG, ("Education", "/hk/hongkong/education")]),
    section(ASIA, &[ASIA_HOME, HONG_KONG, ("Society", "/hk/hongkong/society")]),
    section(ASIA, &[ASIA_HOME, ("China", "/hk/china"), ("Environment", "/hk/china/environment")]),
    section(ASIA, &[ASIA_HOME, ("Asia", "/hk/asia"), ("Asia News", "/hk/asia/news")]),
    section(ASIA, &[ASIA_HOME, ("Business", "/hk/business"), ("Markets", "/hk/business/markets")]),
    section(ASIA, &[ASIA_HOME, ("Opinion", "/hk/opinion")]),
];

/// The Chinese site's home, first in every 中文 and 双语 breadcrumb, whatever the host.
const ZH_HOME: (&str, &str) = ("中国日报网", "https://cn.chinadaily.com.cn/");
const CN: &str = "cn.chinadaily.com.cn";
const WORLD: &str = "world.chinadaily.com.cn";
#[rustfmt::skip]
const ZH_SECTIONS: &[Section] = &[
    section(WORLD, &[ZH_HOME, ("国际", "/"), ("亚太", "/yatai/")]),
    section(WORLD, &[ZH_HOME, ("国际", "/"), ("欧洲", "/ouzhou/")]),
    section("caijing.chinadaily.com.cn", &[ZH_HOME, ("财经", "/")]),
    section("china.chinadaily.com.cn", &[ZH_HOME, ("中国", "/"), ("社会", "/shehui/")]),
    section(CN, &[ZH_HOME, ("中国", "/china/"), ("科技", "/china/keji/")]),
    section(CN, &[ZH_HOME, ("文化", "/wenhua/"), ("文娱", "/wenhua/wenyu/")]),
    section(CN, &[ZH_HOME, ("体育", "/tiyu/")]),
    section(CN, &[ZH_HOME, ("观点", "/guandian/"), ("评论", "/guandian/pinglun/")]),
];

const BILINGUAL: &str = "language.chinadaily.com.cn";
const BILINGUAL_HOME: (&str, &str) = ("双语", "/");
#[rustfmt::skip]
const BILINGUAL_SECTIONS: &[Section] = &[
    section(BILINGUAL, &[ZH_HOME, BILINGUAL_HOME, ("双语新闻", "/news_bilingual/")]),
    section(BILINGUAL, &[ZH_HOME, BILINGUAL_HOME, ("双语财经", "/business/")]),
    section(BILINGUAL, &[ZH_HOME, BILINGUAL_HOME, ("文化", "/culture/")]),
    section(BILINGUAL, &[ZH_HOME, BILINGUAL_HOME, ("科技", "/tech/")]),
    section(BILINGUAL, &[ZH_HOME, BILINGUAL_HOME, ("体育", "/sports/")]),
    section(BILINGUAL, &[ZH_HOME, BILINGUAL_HOME, ("热词", "/news_hotwords/")]),
];

const FR: &str = "french.chinadaily.com.cn";
const FR_HOME: (&str, &str) = ("Accueil", "/");
const CHINE: (&str, &str) = ("Chine", "/chine/");
#[rustfmt::skip]
const FR_SECTIONS: &[Section] = &[
    section(FR, &[FR_HOME, CHINE, ("Société", "/chine/societe/")]),
    section(FR, &[FR_HOME, CHINE, ("Sciences", "/chine/sciences/")]),
    section(FR, &[FR_HOME, CHINE, ("Culture", "/chine/culture/")]),
    section(FR, &[FR_HOME, ("Monde", "/monde/")]),
    section(FR, &[FR_HOME, ("Économie", "/economie/")]),
    section(FR, &[FR_HOME, ("Sports", "/sports/")]),
    section(FR, &[FR_HOME, ("Culture", "/culture/"), ("Patrimoine", "/culture/patrimoine/")]),
];

/// Template C's "来源" (source) with its link: 中国日报网 twice as often as the others.
const ZH_SOURCES: &[(&str, &str)] = &[
    ("中国日报网", "https://cn.chinadaily.com.cn/"),
    ("中国日报网", "https://cn.chinadaily.com.cn/"),
    ("新华社", "http://www.news.cn/"),
    ("中国日报", "https://www.chinadaily.com.cn/"),
];
const BILINGUAL_SOURCES: &[(&str, &str)] = &[
    ("中国日报网", "https://cn.chinadaily.com.cn/"),
    ("China Daily", "https://www.chinadaily.com.cn/"),
];

// Invented names for bylines and editor lines.
const EN_NAMES: &[&str] = &[
    "Li Wenjing",
    "Zhang Haoyu",
    "Chen Mojie",
    "Wang Xiaolan",
    "Liu Ningyuan",
    "Zhao Qiming",
    "Sun Jiayao",
    "Hu Qingwen",
    "Xu Linfeng",
    "Ma Yuxuan",
    "Emma Caldwell",
    "Daniel Harrow",
];
const HK_NAMES: &[&str] = &[
    "Vivian Leung",
    "Kelvin Lau",
    "Ivy Tsang",
    "Karen Yip",
    "Edmond Ng",
    "Shirley Lam",
    "Alan Fung",
    "Wendy Ho",
];
const FR_NAMES: &[&str] = &[
    "Wang Lin",
    "Claire Duvernois",
    "Li Yanqiu",
    "Julien Marchetti",
    "Zhang Yuting",
    "Sophie Lanvin",
    "Chen Haolin",
    "Wu Jiaqi",
];
const ZH_NAMES: &[&str] = &[
    "李文静",
    "张浩宇",
    "陈墨洁",
    "王晓岚",
    "刘宁远",
    "赵启明",
    "孙嘉瑶",
    "胡青雯",
    "许林峰",
    "马雨轩",
    "林雨桐",
    "宋依然",
];
const PLACES: &[&str] = &[
    "Beijing",
    "Shanghai",
    "Guangzhou",
    "Chengdu",
    "Shenzhen",
    "Wuhan",
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// The lexicon from the word lists beside this file (no Cargo environment needed).
    fn lexicon() -> Lexicon {
        Lexicon {
            en: Words::from_tsv(include_str!("../data/en.tsv")),
            fr: Words::from_tsv(include_str!("../data/fr.tsv")),
            zh: Words::from_tsv(include_str!("../data/zh.tsv")),
        }
    }

    #[test]
    fn same_seed_and_number_give_the_same_page() {
        let lex = lexicon();
        for i in [0, 1, 7, 123_456, u64::MAX] {
            let (a, b) = (page(&lex, 42, i), page(&lex, 42, i));
            assert_eq!(a.url, b.url);
            assert_eq!(a.html, b.html);
            assert_eq!(a.edition, b.edition);
        }
        assert_ne!(page(&lex, 1, 5).html, page(&lex, 2, 5).html);
    }

    #[test]
    fn different_numbers_give_different_urls() {
        let lex = lexicon();
        let urls: HashSet<String> = (0..2_000).map(|i| page(&lex, 7, i).url).collect();
        assert_eq!(urls.len(), 2_000);
    }

    #[test]
    fn every_edition_appears_in_the_first_200_pages() {
        let lex = lexicon();
        let seen: HashSet<&str> = (0..200).map(|i| page(&lex, 42, i).edition).collect();
        for edition in ["global", "asia", "zh", "bilingual", "fr"] {
            assert!(
                seen.contains(edition),
                "no {edition} page among the first 200"
            );
        }
    }

    #[test]
    fn edition_shares_are_roughly_as_specified() {
        let lex = lexicon();
        let n = 4_000;
        let mut counts = std::collections::HashMap::new();
        for i in 0..n {
            *counts.entry(page(&lex, 3, i).edition).or_insert(0u64) += 1;
        }
        for (edition, share) in SHARES {
            let got = counts.get(edition.name()).copied().unwrap_or(0) as f64 / n as f64;
            let want = share as f64 / 100.0;
            assert!(
                (got - want).abs() < 0.03,
                "{edition:?}: {got} instead of {want}"
            );
        }
    }

    #[test]
    fn date_routine_gives_known_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(789), (1972, 2, 29));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(16_436), (2015, 1, 1));
        assert_eq!(civil_from_days(20_088), (2024, 12, 31));
        assert_eq!(civil_from_days(20_784), (2026, 11, 27));
        assert_eq!(civil_from_days(47_540), (2100, 2, 28));
        assert_eq!(civil_from_days(47_541), (2100, 3, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(civil_from_days(-25_508), (1900, 3, 1));
        assert_eq!((FIRST_DAY, LAST_DAY), (16_436, 20_784));
    }

    #[test]
    fn date_routine_agrees_with_counting_day_by_day() {
        let month_days = |year: i64, month: u32| match month {
            2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        };
        let (mut year, mut month, mut day) = (1970, 1, 1);
        for days in 0..=days_from_civil(2101, 1, 1) {
            assert_eq!(civil_from_days(days), (year, month, day), "day {days}");
            assert_eq!(days_from_civil(year, month, day), days);
            day += 1;
            if day > month_days(year, month) {
                day = 1;
                month += 1;
                if month > 12 {
                    month = 1;
                    year += 1;
                }
            }
        }
    }

    #[test]
    fn pages_carry_their_url_date_and_template() {
        let lex = lexicon();
        for i in 0..300 {
            let p = page(&lex, 11, i);
            let canonical = format!("<link rel=\"canonical\" href=\"{}\">", p.url);
            assert!(p.html.contains(&canonical), "{}", p.url);
            assert!(
                p.html
                    .contains(&format!("<meta property=\"og:url\" content=\"{}\">", p.url))
            );
            match p.edition {
                "global" | "asia" | "fr" => {
                    assert!(p.html.contains("<div id=\"Content\">"));
                    assert!(p.html.contains("<span class=\"info_l\">"));
                }
                _ => {
                    assert!(p.html.contains("<h1 class=\"dabiaoti\">"));
                    assert!(p.html.contains("<div id=\"Content\" class=\"article\">"));
                    assert_eq!(p.html.matches("<div class=\"xinf-le\">").count(), 2);
                }
            }
            let prefix = match p.edition {
                "global" => "https://www.chinadaily.com.cn/a/",
                "asia" => "https://www.chinadailyhk.com/hk/article/",
                "bilingual" => "https://language.chinadaily.com.cn/a/",
                "fr" => "https://french.chinadaily.com.cn/a/",
                _ => "https://",
            };
            assert!(p.url.starts_with(prefix), "{} for {}", p.url, p.edition);
            if p.edition != "asia" {
                // .../a/YYYYMM/DD/WS<24 hex>.html, within the publication range.
                let tail = p.url.rsplit("/a/").next().unwrap();
                let (yyyymm, rest) = tail.split_once('/').unwrap();
                let (dd, file) = rest.split_once('/').unwrap();
                let id = file
                    .strip_suffix(".html")
                    .unwrap()
                    .strip_prefix("WS")
                    .unwrap();
                assert_eq!(id.len(), 24);
                assert!(
                    id.bytes()
                        .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
                );
                let year: i64 = yyyymm[..4].parse().unwrap();
                let month: u32 = yyyymm[4..].parse().unwrap();
                let day: u32 = dd.parse().unwrap();
                let days = days_from_civil(year, month, day);
                assert!((FIRST_DAY..=LAST_DAY).contains(&days), "{}", p.url);
            }
        }
    }

    #[test]
    fn sampling_follows_frequencies() {
        let words =
            Words::from_tsv("word\tfrequency_per_billion\na\t900\nb\t100\nbad line\nc\t0\n");
        assert_eq!(words.words, ["a", "b", "c"]);
        let mut rng = Rng::new(5);
        let a = (0..10_000)
            .filter(|_| words.sample(&mut rng) == "a")
            .count();
        assert!((8_700..9_300).contains(&a), "{a}");
    }

    #[test]
    fn rng_ranges_and_chances() {
        let mut rng = Rng::new(0);
        assert!((0..1_000).all(|_| rng.below(3) < 3));
        assert!((0..1_000).all(|_| !rng.chance(0.0) && rng.chance(1.0)));
        let mut a = Rng::new(9);
        let mut b = Rng::new(9);
        assert!((0..100).all(|_| a.next_u64() == b.next_u64()));
    }

    #[test]
    fn text_is_escaped_and_capitalized() {
        let mut out = String::new();
        push_escaped(&mut out, "a<b> & \"c\" 中文");
        assert_eq!(out, "a&lt;b&gt; &amp; &quot;c&quot; 中文");
        let mut out = String::new();
        push_capitalized(&mut out, "été");
        assert_eq!(out, "Été");
        let mut out = String::new();
        push_js_escaped(&mut out, "A中");
        assert_eq!(out, "\\u0041\\u4e2d");
        let mut out = String::new();
        push_decimal(&mut out, 7, 2);
        push_decimal(&mut out, 123_456, 6);
        push_hex(&mut out, 0xabc, 4);
        assert_eq!(out, "071234560abc");
    }

    #[test]
    fn lexicon_loads_from_the_data_folder() {
        let Some(root) = option_env!("CARGO_MANIFEST_DIR") else {
            return;
        };
        let lex = Lexicon::load(&Path::new(root).join("benches/data")).unwrap();
        assert_eq!(lex.en.words.len(), 5_000);
        assert_eq!(lex.zh.words[0], "的");
        assert!(Lexicon::load(Path::new("/nonexistent")).is_err());
    }
}
