//! What a photo's EXIF says of when and where it was taken, read with
//! kamadak-exif (JPEG, HEIF, PNG, TIFF containers). Anything missing,
//! blank or unreadable is `None`: a photo without EXIF is attached all the
//! same. The file is only read.

use std::io::BufReader;
use std::path::Path;

use exif::{Exif, In, Tag, Value as ExifValue};

use crate::domain::attachment::Gps;

/// When and where a photo was taken, as far as its EXIF says.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PhotoMeta {
    /// `YYYY-MM-DDTHH:MM:SS`, the camera's local time.
    pub taken_at: Option<String>,
    pub gps: Option<Gps>,
}

/// Reads the EXIF of the file at `path`; empty when it has none.
pub fn read(path: &Path) -> PhotoMeta {
    let Ok(file) = std::fs::File::open(path) else {
        return PhotoMeta::default();
    };
    match exif::Reader::new().read_from_container(&mut BufReader::new(file)) {
        Ok(exif) => meta(&exif),
        Err(_) => PhotoMeta::default(),
    }
}

fn meta(exif: &Exif) -> PhotoMeta {
    let taken_at = [Tag::DateTimeOriginal, Tag::DateTimeDigitized, Tag::DateTime]
        .into_iter()
        .find_map(|tag| date_time(exif, tag));
    PhotoMeta {
        taken_at,
        gps: gps(exif),
    }
}

/// `2013:11:26 10:32:05` → `2013-11-26T10:32:05`, when it is a real time.
fn date_time(exif: &Exif, tag: Tag) -> Option<String> {
    let field = exif.get_field(tag, In::PRIMARY)?;
    let ExifValue::Ascii(parts) = &field.value else {
        return None;
    };
    let raw = std::str::from_utf8(parts.first()?).ok()?;
    let raw = raw.get(..19)?;
    let (date, time) = raw.split_once(' ')?;
    let text = format!("{}T{time}", date.replace(':', "-"));
    text.parse::<jiff::civil::DateTime>().ok()?;
    Some(text)
}

/// Degrees from the three rationals (degrees, minutes, seconds) of a
/// GPS coordinate, negative to the south or west.
fn coordinate(exif: &Exif, value: Tag, reference: Tag, negative: u8) -> Option<f64> {
    let ExifValue::Rational(dms) = &exif.get_field(value, In::PRIMARY)?.value else {
        return None;
    };
    let part = |i: usize| {
        dms.get(i)
            .filter(|r| r.denom != 0)
            .map(|r| r.to_f64())
            .unwrap_or(0.0)
    };
    if dms.first().is_none_or(|r| r.denom == 0) {
        return None;
    }
    let degrees = part(0) + part(1) / 60.0 + part(2) / 3600.0;
    let sign = match &exif.get_field(reference, In::PRIMARY)?.value {
        ExifValue::Ascii(r) if r.first().and_then(|s| s.first()) == Some(&negative) => -1.0,
        _ => 1.0,
    };
    Some(sign * degrees)
}

fn gps(exif: &Exif) -> Option<Gps> {
    let lat = coordinate(exif, Tag::GPSLatitude, Tag::GPSLatitudeRef, b'S')?;
    let lon = coordinate(exif, Tag::GPSLongitude, Tag::GPSLongitudeRef, b'W')?;
    Some(Gps { lat, lon }).filter(Gps::is_valid)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal JPEG (no picture data) whose EXIF says `date_time` and, when
    /// given, a position: what tests attach. Built by hand, big-endian TIFF.
    pub(crate) fn test_jpeg(date_time: &str, gps: Option<(f64, f64)>) -> Vec<u8> {
        // TIFF header, then IFD0 at 8 with DateTime and (optionally) the GPS
        // IFD pointer, then the Exif IFD with DateTimeOriginal.
        let mut tiff: Vec<u8> = b"MM\x00\x2a\x00\x00\x00\x08".to_vec();
        let dt: Vec<u8> = date_time.bytes().take(19).chain([0]).collect();
        let ifd0_entries: u16 = if gps.is_some() { 2 } else { 1 };
        let ifd0_len = 2 + 12 * u32::from(ifd0_entries) + 4;
        let exif_ifd = 8 + ifd0_len;
        let exif_len = 2 + 12 + 4;
        let dt_at = exif_ifd + exif_len;
        let gps_ifd = dt_at + 20;
        let entry = |out: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: u32| {
            out.extend(tag.to_be_bytes());
            out.extend(kind.to_be_bytes());
            out.extend(count.to_be_bytes());
            out.extend(value.to_be_bytes());
        };
        tiff.extend(ifd0_entries.to_be_bytes());
        entry(&mut tiff, 0x8769, 4, 1, exif_ifd);
        if gps.is_some() {
            entry(&mut tiff, 0x8825, 4, 1, gps_ifd);
        }
        tiff.extend(0u32.to_be_bytes());
        tiff.extend(1u16.to_be_bytes());
        entry(&mut tiff, 0x9003, 2, 20, dt_at);
        tiff.extend(0u32.to_be_bytes());
        tiff.extend(&dt);
        if let Some((lat, lon)) = gps {
            // Four entries: the two references inline, the two coordinates
            // as three rationals each after the IFD.
            let data = gps_ifd + 2 + 12 * 4 + 4;
            tiff.extend(4u16.to_be_bytes());
            let ns = if lat < 0.0 { b'S' } else { b'N' };
            let ew = if lon < 0.0 { b'W' } else { b'E' };
            entry(&mut tiff, 0x0001, 2, 2, u32::from_be_bytes([ns, 0, 0, 0]));
            entry(&mut tiff, 0x0002, 5, 3, data);
            entry(&mut tiff, 0x0003, 2, 2, u32::from_be_bytes([ew, 0, 0, 0]));
            entry(&mut tiff, 0x0004, 5, 3, data + 24);
            tiff.extend(0u32.to_be_bytes());
            for v in [lat.abs(), lon.abs()] {
                let deg = v.trunc();
                let min = ((v - deg) * 60.0).trunc();
                let sec = ((v - deg) * 60.0 - min) * 60.0;
                for (num, den) in [
                    (deg as u32, 1u32),
                    (min as u32, 1),
                    ((sec * 100.0).round() as u32, 100),
                ] {
                    tiff.extend(num.to_be_bytes());
                    tiff.extend(den.to_be_bytes());
                }
            }
        }
        let mut jpeg = vec![0xff, 0xd8, 0xff, 0xe1];
        let len = u16::try_from(2 + 6 + tiff.len()).unwrap_or(u16::MAX);
        jpeg.extend(len.to_be_bytes());
        jpeg.extend(b"Exif\x00\x00");
        jpeg.extend(tiff);
        jpeg.extend([0xff, 0xd9]);
        jpeg
    }

    fn read_bytes(bytes: &[u8]) -> PhotoMeta {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("p.jpg");
        std::fs::write(&p, bytes).unwrap();
        read(&p)
    }

    #[test]
    fn time_and_place_from_a_jpeg() {
        let got = read_bytes(&test_jpeg("2013:11:26 10:32:05", Some((36.2325, -116.45))));
        assert_eq!(got.taken_at.as_deref(), Some("2013-11-26T10:32:05"));
        let g = got.gps.unwrap();
        assert!((g.lat - 36.2325).abs() < 1e-6, "{g:?}");
        assert!((g.lon + 116.45).abs() < 1e-6, "{g:?}");
        let no_gps = read_bytes(&test_jpeg("2020:02:29 23:59:59", None));
        assert_eq!(no_gps.taken_at.as_deref(), Some("2020-02-29T23:59:59"));
        assert_eq!(no_gps.gps, None);
    }

    #[test]
    fn nothing_from_files_without_a_sane_exif() {
        assert_eq!(read_bytes(b"not a photo"), PhotoMeta::default());
        assert_eq!(read_bytes(&[0xff, 0xd8, 0xff, 0xd9]), PhotoMeta::default());
        let blank = read_bytes(&test_jpeg("    :  :     :  :  ", None));
        assert_eq!(blank.taken_at, None);
        let impossible = read_bytes(&test_jpeg("2013:02:30 10:00:00", None));
        assert_eq!(impossible.taken_at, None);
    }
}
