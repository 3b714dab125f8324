//! Downscaled copies of photos for reports: a JPEG or PNG attachment
//! decoded (one at a time, and only when its header gives a size within
//! `MAX_SIDE` and its pixels within `MAX_ALLOC`), turned upright by its
//! EXIF orientation, shrunk to at most `LONGEST` pixels a side and saved as
//! a JPEG. The copies are kept in the data folder as
//! `previews/<sha256>-800.jpg` (outside `attachments/`, owner-only, written
//! atomically), so a report made again reads them instead of decoding.
//! Nothing here fails a report: what cannot be made says why.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use crate::domain::attachment::is_sha256;
use crate::i18n;
use crate::store::attach;
use crate::store::fsutil;

/// The folder of downscaled copies, in the data folder.
pub const FOLDER: &str = "previews";
/// The longest side of a copy, in pixels.
pub const LONGEST: u32 = 800;
/// Widest or tallest image decoded, in pixels (by its header).
pub const MAX_SIDE: u32 = 12_000;
/// Most memory one decode may take.
pub const MAX_ALLOC: u64 = 256 << 20;
/// JPEG quality of a copy.
const QUALITY: u8 = 80;

/// Why a photo has no copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoPreview {
    /// Not a JPEG or PNG (a PDF, a HEIC photo …).
    NotImage,
    /// Its header gives a size over the limits: not decoded.
    TooLarge,
    /// It could not be decoded.
    Undecodable,
    /// The stored file is missing or altered.
    Missing,
}

impl NoPreview {
    /// The reason, in words.
    pub fn text(self) -> String {
        match self {
            NoPreview::NotImage => i18n::ev_why_not_image(),
            NoPreview::TooLarge => i18n::ev_why_too_large(),
            NoPreview::Undecodable => i18n::ev_why_undecodable(),
            NoPreview::Missing => i18n::ev_why_missing(),
        }
    }
}

/// Where the copy of `sha` is kept.
pub fn path_of(data_dir: &Path, sha: &str) -> Option<PathBuf> {
    is_sha256(sha).then(|| data_dir.join(FOLDER).join(format!("{sha}-{LONGEST}.jpg")))
}

/// The downscaled JPEG of the stored file `sha`: the kept copy, else one
/// made now (and kept; a copy that cannot be kept is still returned). The
/// caller has checked that the stored file is whole.
pub fn preview(data_dir: &Path, sha: &str) -> Result<Vec<u8>, NoPreview> {
    let cache = path_of(data_dir, sha).ok_or(NoPreview::Missing)?;
    if let Ok(bytes) = std::fs::read(&cache)
        && bytes.starts_with(&[0xFF, 0xD8])
    {
        return Ok(bytes);
    }
    let source = attach::path_of(data_dir, sha).ok_or(NoPreview::Missing)?;
    let jpeg = downscale(&source)?;
    let kept = fsutil::create_private_dir(&data_dir.join(FOLDER))
        .and_then(|()| fsutil::write_atomic(&cache, &jpeg));
    // A copy not kept is made again next time; the report goes on.
    let _ = kept;
    Ok(jpeg)
}

/// The format a file's first bytes name, when it is a JPEG or PNG.
fn sniff(path: &Path) -> Result<ImageFormat, NoPreview> {
    let mut head = [0u8; 16];
    let mut f = File::open(path).map_err(|_| NoPreview::Missing)?;
    let mut n = 0;
    while n < head.len() {
        match f.read(&mut head[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return Err(NoPreview::Missing),
        }
    }
    match image::guess_format(head.get(..n).unwrap_or_default()) {
        Ok(f @ (ImageFormat::Jpeg | ImageFormat::Png)) => Ok(f),
        _ => Err(NoPreview::NotImage),
    }
}

/// Decodes a JPEG or PNG within the limits, upright, at most `LONGEST`
/// pixels a side, as JPEG bytes.
pub fn downscale(path: &Path) -> Result<Vec<u8>, NoPreview> {
    let format = sniff(path)?;
    let file = File::open(path).map_err(|_| NoPreview::Missing)?;
    let mut reader = ImageReader::with_format(BufReader::new(file), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_SIDE);
    limits.max_image_height = Some(MAX_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(why)?;
    let orientation = decoder.orientation().ok();
    let mut img = DynamicImage::from_decoder(decoder).map_err(why)?;
    if let Some(o) = orientation {
        img.apply_orientation(o);
    }
    if img.width() > LONGEST || img.height() > LONGEST {
        img = img.thumbnail(LONGEST, LONGEST);
    }
    let rgb = img.to_rgb8();
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, QUALITY)
        .encode_image(&rgb)
        .map_err(|_| NoPreview::Undecodable)?;
    Ok(out)
}

/// A decode error as a reason: over the limits, or unreadable.
fn why(e: image::ImageError) -> NoPreview {
    match e {
        image::ImageError::Limits(_) => NoPreview::TooLarge,
        _ => NoPreview::Undecodable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{ImageBuffer, Rgb};

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = ImageBuffer::from_pixel(w, h, Rgb([200u8, 30, 30]));
        let mut out = std::io::Cursor::new(Vec::new());
        DynamicImage::ImageRgb8(img)
            .write_to(&mut out, ImageFormat::Png)
            .unwrap();
        out.into_inner()
    }

    #[test]
    fn a_large_photo_is_shrunk_and_an_enormous_one_refused() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.png");
        std::fs::write(&big, png(1600, 1200)).unwrap();
        let jpeg = downscale(&big).unwrap();
        let back = image::load_from_memory(&jpeg).unwrap();
        assert_eq!((back.width(), back.height()), (800, 600));
        let huge = dir.path().join("huge.png");
        std::fs::write(&huge, png(MAX_SIDE + 1, 1)).unwrap();
        assert_eq!(downscale(&huge), Err(NoPreview::TooLarge));
        let pdf = dir.path().join("a.pdf");
        std::fs::write(&pdf, b"%PDF-1.4 hello").unwrap();
        assert_eq!(downscale(&pdf), Err(NoPreview::NotImage));
        let broken = dir.path().join("b.jpg");
        std::fs::write(&broken, [0xFF, 0xD8, 0xFF, 0xE0, 0, 1, 2, 3]).unwrap();
        assert_eq!(downscale(&broken), Err(NoPreview::Undecodable));
    }
}
