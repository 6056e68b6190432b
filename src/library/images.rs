//! Images kept offline: files named by the SHA-256 of their bytes (one
//! copy however many articles use them), typed by what the bytes are.

use rusqlite::OptionalExtension;
use rusqlite::params;
use sha2::Digest;
use sha2::Sha256;
use std::fs;
use std::io::Write;
use std::path::PathBuf;

use super::Library;
use crate::Error;
use crate::Result;
use crate::model::hex;

/// An image file ready to be kept: its bytes, their SHA-256 and type.
#[derive(Clone, Debug)]
pub struct ImageFile {
    /// SHA-256 of the bytes, hex: the image's name in the library.
    pub hash: String,
    /// MIME type, from the bytes' magic number.
    pub mime: &'static str,
    /// The bytes.
    pub bytes: Vec<u8>,
}

impl ImageFile {
    /// `None` when the bytes are not an image of a known format.
    pub fn new(bytes: Vec<u8>) -> Option<ImageFile> {
        let mime = sniff_image(&bytes)?;
        Some(ImageFile {
            hash: hex(&Sha256::digest(&bytes)),
            mime,
            bytes,
        })
    }
}

/// The MIME type of image bytes, from their magic numbers: JPEG, PNG, GIF, WebP
/// or AVIF, nothing else (a page or archive naming another type is not believed).
///
/// ```
/// assert_eq!(broadsheet::library::sniff_image(b"\xFF\xD8\xFF\xE0rest"), Some("image/jpeg"));
/// assert_eq!(broadsheet::library::sniff_image(b"<html>"), None);
/// ```
pub fn sniff_image(b: &[u8]) -> Option<&'static str> {
    Some(match b {
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        [0x89, b'P', b'N', b'G', ..] => "image/png",
        [b'G', b'I', b'F', b'8', ..] => "image/gif",
        [
            b'R',
            b'I',
            b'F',
            b'F',
            _,
            _,
            _,
            _,
            b'W',
            b'E',
            b'B',
            b'P',
            ..,
        ] => "image/webp",
        [
            _,
            _,
            _,
            _,
            b'f',
            b't',
            b'y',
            b'p',
            b'a',
            b'v',
            b'i',
            b'f',
            ..,
        ] => "image/avif",
        _ => return None,
    })
}

impl Library {
    /// Keeps an image file (once, by content): written atomically unless
    /// the library has it already.
    pub fn store_image(&mut self, image: &ImageFile) -> Result<()> {
        if self.images_known.contains(&image.hash) || self.images_pending.contains(&image.hash) {
            return Ok(());
        }
        let path = self.image_path(&image.hash);
        if !path.exists() {
            let dir = path.parent().expect("image paths have a parent");
            fs::create_dir_all(dir).map_err(Error::io(dir))?;
            let tmp = dir.join(format!(".{}.{}.tmp", image.hash, std::process::id()));
            let write = || -> std::io::Result<()> {
                let mut f = fs::File::create(&tmp)?;
                f.write_all(&image.bytes)?;
                f.sync_data()?;
                fs::rename(&tmp, &path)
            };
            if let Err(e) = write() {
                let _ = fs::remove_file(&tmp);
                return Err(Error::WithPath { path, source: e });
            }
        }
        self.conn
            .prepare_cached("INSERT OR IGNORE INTO images (hash, mime, size) VALUES (?1, ?2, ?3)")?
            .execute(params![image.hash, image.mime, image.bytes.len() as i64])?;
        if self.in_batch {
            self.images_pending.insert(image.hash.clone());
        } else {
            self.images_known.insert(image.hash.clone());
        }
        Ok(())
    }

    /// Where the image with this hash is (or would be) stored.
    pub fn image_path(&self, hash: &str) -> PathBuf {
        let shard = hash.get(..2).unwrap_or("00");
        self.root.join("images").join(shard).join(hash)
    }

    /// The MIME type of a stored image.
    pub fn image_mime(&self, hash: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT mime FROM images WHERE hash = ?1", [hash], |r| {
                r.get(0)
            })
            .optional()?)
    }
}
