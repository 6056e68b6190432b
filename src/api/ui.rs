//! The web front end, built by Vite into `ui/dist` and embedded in the
//! binary: `broadsheet serve` answers it at `/`, and the desktop shell
//! shows the same files.
//!
//! Every file goes out with an ETag (its SHA-256) and `Cache-Control:
//! no-cache`, so browsers keep it and revalidate with a cheap 304. Pages
//! carry the Content Security Policy [`CSP`]: nothing but this origin's
//! own scripts, styles, images and API, and no framing.

use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "ui/dist/"]
#[allow_missing = true]
struct Dist;

/// The policy every UI response carries. Article text is rendered from
/// structured blocks and never as HTML; this is the second wall.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; \
     base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// One file of the front end.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UiFile {
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// Its MIME type.
    pub mime: &'static str,
    /// Its ETag: the content's SHA-256 in hex, quoted.
    pub etag: String,
}

/// Whether the front end was built into this binary.
pub fn built() -> bool {
    Dist::get("index.html").is_some()
}

/// The file for a request path; `/` is `index.html` (views live in the
/// fragment, `/#/article/…`, so no other path needs the page).
pub fn file(path: &str) -> Option<UiFile> {
    let name = match path.trim_start_matches('/') {
        "" => "index.html",
        name => name,
    };
    let file = Dist::get(name)?;
    let etag = format!(
        "\"{}\"",
        file.metadata
            .sha256_hash()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    Some(UiFile {
        bytes: file.data.into_owned(),
        mime: mime(name),
        etag,
    })
}

fn mime(name: &str) -> &'static str {
    match name.rsplit_once('.').map(|(_, ext)| ext) {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("json" | "webmanifest") => "application/json",
        Some("txt") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::mime;

    #[test]
    fn types_by_extension() {
        assert_eq!(mime("index.html"), "text/html; charset=utf-8");
        assert_eq!(mime("assets/app.js"), "text/javascript; charset=utf-8");
        assert_eq!(mime("assets/app.css"), "text/css; charset=utf-8");
        assert_eq!(mime("LICENSE"), "application/octet-stream");
    }
}
