//! Backups: the whole library in one file, and back.
//!
//! An archive is a zstd-compressed tar holding `broadsheet-archive.json`
//! (what it is and what it holds), `library.sqlite` (a consistent copy of
//! the store, made with `VACUUM INTO` while the library stays usable: the
//! articles, their original pages, reader marks, subscriptions),
//! `images/ab/abcd…` (every image file) and `sites/NAME.toml` (the
//! library's own site profiles, so that its articles come back with their
//! sites' names and rules). The search index is not in it: it is derived,
//! and rebuilt after a restore.
//!
//! [`export`] writes the archive beside its destination and renames it into
//! place, so a failure (a full disk, a kill) never leaves a half-written
//! file under the final name. [`restore`] reads it into a new or empty
//! library only, checks every image against its hash and the database's
//! integrity before anything reaches the library folder, and never touches
//! a library that already holds articles.

use std::fs::{self, File};
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::library::Library;
use crate::{Error, Result};

const MANIFEST: &str = "broadsheet-archive.json";
const DB: &str = "library.sqlite";
const FORMAT: u32 = 1;

/// What an archive holds (its manifest), and what an export or restore did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArchiveReport {
    /// The archive format's version.
    pub format: u32,
    /// The store's schema version.
    pub schema: i64,
    /// Articles in the store.
    pub articles: usize,
    /// Image files.
    pub images: usize,
    /// The library's own site profiles (`sites/*.toml`).
    #[serde(default)]
    pub sites: usize,
    /// Image files an export could not read, each with why: left out of
    /// the archive, and said so (their articles keep their text).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unreadable: Vec<String>,
    /// Bytes of the archive file.
    #[serde(default)]
    pub bytes: u64,
}

/// Writes the whole library to `file` (replacing it if it exists).
pub fn export(library: &Library, file: &Path) -> Result<ArchiveReport> {
    let dir = file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = file
        .file_name()
        .ok_or_else(|| Error::invalid("archive", format!("{} names no file", file.display())))?
        .to_string_lossy()
        .into_owned();
    let partial = dir.join(format!(".{name}.partial"));
    let snapshot = dir.join(format!(".{name}.sqlite.partial"));
    let _ = fs::remove_file(&snapshot);
    let result = (|| {
        library.vacuum_into(&snapshot)?;
        let mut report = ArchiveReport {
            format: FORMAT,
            schema: library.schema_version()?,
            articles: library.count()?,
            ..ArchiveReport::default()
        };
        // Image files only (a temporary file a killed import left is not
        // one), each opened now: one that cannot be read is left out and said.
        let root = library.root();
        let mut images: Vec<(PathBuf, File)> = Vec::new();
        for entry in walkdir::WalkDir::new(root.join("images")).sort_by_file_name() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    report.unreadable.push(e.to_string());
                    continue;
                }
            };
            let path = entry.into_path();
            let named = path
                .strip_prefix(root)
                .ok()
                .and_then(|rel| rel.to_str())
                .and_then(image_name)
                .is_some();
            if !named || !path.is_file() {
                continue;
            }
            match File::open(&path) {
                Ok(f) => images.push((path, f)),
                Err(e) => report.unreadable.push(format!("{}: {e}", path.display())),
            }
        }
        report.images = images.len();
        let profiles = own_profiles(root)?;
        report.sites = profiles.len();

        let out = File::create(&partial).map_err(Error::io(&partial))?;
        let zstd = zstd::Encoder::new(BufWriter::new(out), 3).map_err(Error::io(&partial))?;
        let mut tar = tar::Builder::new(zstd);
        let manifest = serde_json::to_vec_pretty(&report)?;
        let mut header = tar::Header::new_gnu();
        header.set_size(manifest.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        tar.append_data(&mut header, MANIFEST, manifest.as_slice())
            .map_err(Error::io(&partial))?;
        tar.append_path_with_name(&snapshot, DB)
            .map_err(Error::io(&snapshot))?;
        for (path, file) in &mut images {
            let rel = path.strip_prefix(root).unwrap_or(path);
            tar.append_file(rel, file).map_err(Error::io(&*path))?;
        }
        for path in &profiles {
            let rel = path.strip_prefix(root).unwrap_or(path);
            tar.append_path_with_name(path, rel)
                .map_err(Error::io(path))?;
        }
        let zstd = tar.into_inner().map_err(Error::io(&partial))?;
        let mut writer = zstd.finish().map_err(Error::io(&partial))?;
        writer.flush().map_err(Error::io(&partial))?;
        let out = writer
            .into_inner()
            .map_err(|e| Error::io(&partial)(e.into_error()))?;
        out.sync_all().map_err(Error::io(&partial))?;
        drop(out);
        fs::rename(&partial, file).map_err(Error::io(file))?;
        report.bytes = fs::metadata(file).map_err(Error::io(file))?.len();
        Ok(report)
    })();
    let _ = fs::remove_file(&snapshot);
    if result.is_err() {
        let _ = fs::remove_file(&partial);
    }
    result
}

/// The library's own profiles: the `*.toml` files of its `sites/` folder
/// whose names an archive may hold.
fn own_profiles(root: &Path) -> Result<Vec<PathBuf>> {
    let folder = root.join(crate::sites::FOLDER);
    let mut files = Vec::new();
    match fs::read_dir(&folder) {
        Ok(dir) => {
            for entry in dir {
                let entry = entry.map_err(Error::io(&folder))?;
                let name = entry.file_name();
                if entry.file_type().is_ok_and(|t| t.is_file())
                    && name
                        .to_str()
                        .is_some_and(|n| profile_name(&format!("sites/{n}")).is_some())
                {
                    files.push(entry.path());
                }
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(Error::io(&folder)(e)),
    }
    files.sort();
    Ok(files)
}

/// The file name of a `sites/NAME.toml` entry: one plain name (letters,
/// digits, `.`, `-`, `_`), never a path.
fn profile_name(name: &str) -> Option<&str> {
    let file = name.strip_prefix("sites/")?;
    let stem = file.strip_suffix(".toml")?;
    let plain = !stem.is_empty()
        && !stem.starts_with('.')
        && file.len() <= 128
        && stem
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
    plain.then_some(file)
}

/// Restores an archive into the library folder `root`, which must be new or
/// hold no articles. Nothing reaches `root` until the whole archive has been
/// read and checked.
pub fn restore(file: &Path, root: &Path) -> Result<ArchiveReport> {
    if root.join(DB).exists() {
        let existing = Library::open(root)?;
        let n = existing.count()?;
        if n > 0 {
            return Err(Error::invalid(
                "archive",
                format!(
                    "{} already holds {n} articles: restore into a new or empty library (--library DIR)",
                    root.display()
                ),
            ));
        }
    }
    fs::create_dir_all(root).map_err(Error::io(root))?;
    let staging = root.join(".restore.partial");
    let _ = fs::remove_dir_all(&staging);
    let result = unpack(file, &staging).and_then(|manifest| {
        // The store opens, migrates if older, and is whole.
        let staged = Library::open(&staging)?;
        let problems = staged.quick_check()?;
        if !problems.is_empty() {
            return Err(Error::invalid(
                "archive",
                format!("its database is damaged: {}", problems.join("; ")),
            ));
        }
        if staged.count()? != manifest.articles {
            return Err(Error::invalid(
                "archive",
                format!(
                    "it says {} articles but its database holds {}",
                    manifest.articles,
                    staged.count()?
                ),
            ));
        }
        drop(staged);
        Ok(manifest)
    });
    let manifest = match result {
        Ok(m) => m,
        Err(e) => {
            let _ = fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    // Into place: the store (any empty one goes), then the images.
    for suffix in ["", "-wal", "-shm"] {
        let _ = fs::remove_file(root.join(format!("{DB}{suffix}")));
    }
    let _ = fs::remove_dir_all(root.join("index"));
    fs::rename(staging.join(DB), root.join(DB)).map_err(Error::io(root.join(DB)))?;
    let images = root.join("images");
    for entry in walkdir::WalkDir::new(staging.join("images"))
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
    {
        let rel = entry
            .path()
            .strip_prefix(staging.join("images"))
            .unwrap_or(entry.path());
        let to = images.join(rel);
        if let Some(parent) = to.parent() {
            fs::create_dir_all(parent).map_err(Error::io(parent))?;
        }
        fs::rename(entry.path(), &to).map_err(Error::io(&to))?;
    }
    // The profiles: a file the library's folder already has is the user's
    // and stays.
    let sites = root.join(crate::sites::FOLDER);
    for entry in fs::read_dir(staging.join(crate::sites::FOLDER))
        .into_iter()
        .flatten()
        .flatten()
    {
        fs::create_dir_all(&sites).map_err(Error::io(&sites))?;
        let to = sites.join(entry.file_name());
        if !to.exists() {
            fs::rename(entry.path(), &to).map_err(Error::io(&to))?;
        }
    }
    let _ = fs::remove_dir_all(&staging);
    Ok(ArchiveReport {
        bytes: fs::metadata(file).map_err(Error::io(file))?.len(),
        ..manifest
    })
}

/// The largest manifest read.
const MAX_MANIFEST_BYTES: u64 = 1 << 20;
/// The largest store restored.
const MAX_DB_BYTES: u64 = 64 << 30;
/// Past this much unpacked, an archive that unpacks to more than
/// [`MAX_RATIO`] times its compressed size is a decompression bomb: a real
/// store (its pages already compressed) and real images never come close.
const BOMB_FLOOR: u64 = 256 << 20;
const MAX_RATIO: u64 = 100;

/// Counts the bytes read from the archive file (before decompression).
struct Counted<R> {
    inner: R,
    read: std::rc::Rc<std::cell::Cell<u64>>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get() + n as u64);
        Ok(n)
    }
}

/// Streams an entry to the file `to`, refusing it past `limit` bytes; each
/// chunk read is counted by `count` (the decompression bomb check).
fn stream_to(
    entry: &mut impl Read,
    to: &Path,
    limit: u64,
    count: &mut dyn FnMut(u64) -> Result<()>,
    over: &dyn Fn() -> Error,
    cut: &dyn Fn(std::io::Error) -> Error,
) -> Result<()> {
    let mut out = File::create(to).map_err(Error::io(to))?;
    let mut buf = vec![0; 1 << 16];
    let mut written = 0;
    loop {
        let n = entry.read(&mut buf).map_err(cut)?;
        if n == 0 {
            break;
        }
        written += n as u64;
        if written > limit {
            return Err(over());
        }
        count(n as u64)?;
        out.write_all(&buf[..n]).map_err(Error::io(to))?;
    }
    out.sync_all().map_err(Error::io(to))
}

/// An image entry's hash and media type, when its name is its own hash and
/// its bytes are an image of a served type; otherwise why not.
fn checked_image(name: &str, bytes: &[u8]) -> Result<(String, &'static str), String> {
    let hash = image_name(name).ok_or_else(|| format!("unexpected entry {name:?}"))?;
    if crate::model::hex(&Sha256::digest(bytes)) != hash {
        return Err(format!("image {hash} does not match its content"));
    }
    let mime = crate::library::sniff_image(bytes).ok_or_else(|| {
        format!("image {hash} is not a JPEG, PNG, GIF, WebP or AVIF image: refused")
    })?;
    Ok((hash.to_string(), mime))
}

/// Reads the archive into `staging`, refusing any entry that is not the
/// manifest, the store or an image of a served type named by its own hash.
/// Entries are streamed, each within its limit (whatever its tar header
/// claims), and the whole stops at the first sign of a decompression bomb;
/// memory stays bounded by the largest image.
fn unpack(file: &Path, staging: &Path) -> Result<ArchiveReport> {
    let bad = |why: String| Error::invalid("archive", format!("{}: {why}", file.display()));
    let input = File::open(file).map_err(Error::io(file))?;
    let compressed = std::rc::Rc::new(std::cell::Cell::new(0));
    let counted = Counted {
        inner: BufReader::new(input),
        read: std::rc::Rc::clone(&compressed),
    };
    let zstd = zstd::Decoder::new(counted).map_err(Error::io(file))?;
    let mut tar = tar::Archive::new(zstd);
    fs::create_dir_all(staging.join("images")).map_err(Error::io(staging))?;
    let mut manifest: Option<ArchiveReport> = None;
    // The media type of each image, as its bytes show it.
    let mut types: Vec<(String, &'static str)> = Vec::new();
    let mut has_db = false;
    let mut profiles = 0;
    let mut unpacked: u64 = 0;
    let mut bomb_check = |more: u64| -> Result<()> {
        unpacked += more;
        if unpacked > BOMB_FLOOR && unpacked / compressed.get().max(1) > MAX_RATIO {
            return Err(bad(format!(
                "it unpacks to more than {MAX_RATIO} times its size ({unpacked} bytes from {}): \
                 a decompression bomb, refused",
                compressed.get()
            )));
        }
        Ok(())
    };
    let entries = tar
        .entries()
        .map_err(|e| bad(format!("not a Broadsheet archive ({e})")))?;
    for entry in entries {
        let entry = entry.map_err(|e| bad(format!("cut short or damaged ({e})")))?;
        let name = entry
            .path()
            .map_err(|e| bad(format!("an entry has no readable name ({e})")))?
            .to_string_lossy()
            .into_owned();
        let limit = match name.as_str() {
            MANIFEST => MAX_MANIFEST_BYTES,
            DB => MAX_DB_BYTES,
            _ if name.starts_with("sites/") => crate::sites::MAX_PROFILE_BYTES as u64,
            _ => crate::import::MAX_IMAGE_BYTES,
        };
        let claimed = entry.header().size().unwrap_or(u64::MAX);
        if claimed > limit {
            return Err(bad(format!(
                "{name} says it is {claimed} bytes, over the limit of {limit}"
            )));
        }
        let mut entry = entry.take(limit + 1);
        let cut = |e: std::io::Error| bad(format!("{name} is cut short or damaged ({e})"));
        if name == DB {
            let over = || bad(format!("{name} is over the limit of {limit} bytes"));
            stream_to(
                &mut entry,
                &staging.join(DB),
                limit,
                &mut bomb_check,
                &over,
                &cut,
            )?;
            has_db = true;
            continue;
        }
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).map_err(cut)?;
        if bytes.len() as u64 > limit {
            return Err(bad(format!("{name} is over the limit of {limit} bytes")));
        }
        bomb_check(bytes.len() as u64)?;
        if name == MANIFEST {
            manifest = Some(read_manifest(&bytes).map_err(bad)?);
            continue;
        }
        if name.starts_with("sites/") {
            stage_profile(&name, &bytes, staging).map_err(bad)?;
            profiles += 1;
            continue;
        }
        let (hash, mime) = checked_image(&name, &bytes).map_err(bad)?;
        let to = staging.join(&name);
        if let Some(parent) = to.parent() {
            fs::create_dir_all(parent).map_err(Error::io(parent))?;
        }
        fs::write(&to, &bytes).map_err(Error::io(&to))?;
        types.push((hash, mime));
    }
    let manifest = manifest.ok_or_else(|| bad("no manifest: not a Broadsheet archive".into()))?;
    if !has_db {
        return Err(bad("no database in it".into()));
    }
    for (what, said, held) in [
        ("site profiles", manifest.sites, profiles),
        ("images", manifest.images, types.len()),
    ] {
        if said != held {
            return Err(bad(format!("it says {said} {what} but holds {held}")));
        }
    }
    retype_images(&staging.join(DB), &types)?;
    Ok(manifest)
}

/// An archive's manifest, if this version reads its format.
fn read_manifest(bytes: &[u8]) -> std::result::Result<ArchiveReport, String> {
    let m: ArchiveReport =
        serde_json::from_slice(bytes).map_err(|e| format!("its manifest cannot be read ({e})"))?;
    if m.format > FORMAT {
        return Err(format!(
            "format {} is newer than this version of Broadsheet reads ({FORMAT})",
            m.format
        ));
    }
    Ok(m)
}

/// Writes a `sites/NAME.toml` entry into the staging folder's `sites/`.
fn stage_profile(name: &str, bytes: &[u8], staging: &Path) -> std::result::Result<(), String> {
    let file = profile_name(name).ok_or_else(|| format!("unexpected entry {name:?}"))?;
    let folder = staging.join(crate::sites::FOLDER);
    let to = folder.join(file);
    fs::create_dir_all(&folder)
        .and_then(|()| fs::write(&to, bytes))
        .map_err(|e| format!("{}: {e}", to.display()))
}

/// Writes each restored image's media type as its bytes showed it,
/// whatever the archive's store said (a crafted one could call an HTML page
/// an image). An image row with no file in the archive keeps its row:
/// nothing is served for it (the server reads the type from the bytes too).
fn retype_images(db: &Path, types: &[(String, &'static str)]) -> Result<()> {
    let mut conn = rusqlite::Connection::open(db)?;
    let tx = conn.transaction()?;
    {
        let mut update = tx.prepare("UPDATE images SET mime = ?1 WHERE hash = ?2")?;
        for (hash, mime) in types {
            update.execute((mime, hash))?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// The hash of an `images/ab/abcd…` entry (the shard must be its first two
/// digits), or `None` for any other name.
fn image_name(name: &str) -> Option<&str> {
    let rest = name.strip_prefix("images/")?;
    let (shard, hash) = rest.split_once('/')?;
    let hex = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    };
    (hash.len() == 64 && hex(hash) && shard.len() == 2 && hash.starts_with(shard)).then_some(hash)
}

#[cfg(test)]
mod tests {
    use super::image_name;

    #[test]
    fn only_images_named_by_their_hash_are_entries() {
        let hash = "ab".to_string() + &"0".repeat(62);
        assert_eq!(
            image_name(&format!("images/ab/{hash}")),
            Some(hash.as_str())
        );
        for bad in [
            format!("images/cd/{hash}"),
            format!("images/ab/../{hash}"),
            format!("/images/ab/{hash}"),
            "images/ab/short".to_string(),
            "../library.sqlite".to_string(),
            format!("images/ab/{}", hash.to_uppercase()),
        ] {
            assert_eq!(image_name(&bad), None, "{bad}");
        }
    }
}
