//! `kaocha report unit U --with-evidence -o DIR`: the unit's report written
//! into a folder with every attached file copied out of the store, as
//! `DIR/佐证材料/<unit>/<form>/<item>/<n>-<name>` (each part cleaned so it
//! is one safe file name on every system), and a manifest (CSV) naming
//! each file's entry, item, caption and SHA-256. A file missing or
//! altered in the store is not copied: it is said so, and the manifest
//! says so too.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::{CliError, out};
use crate::domain::Unit;
use crate::i18n;
use crate::report::evidence::{Evidence, EvidenceFile, state_text};
use crate::report::{Cell, Format, Sheet, csv};
use crate::store::attach::{self, Found};
use crate::store::fsutil;

/// Longest part of an exported path, in characters.
const MAX_PART_CHARS: usize = 80;

/// Refuses, before anything is written, a `-o` that is an existing file.
pub(super) fn check_folder(dir: &Path) -> Result<(), CliError> {
    if dir.exists() && !dir.is_dir() {
        return Err(CliError::Message(i18n::ev_out_is_file(
            &dir.display().to_string(),
        )));
    }
    Ok(())
}

/// One part of an exported path: control characters dropped, the
/// characters Windows forbids (`<>:"/\|?*`) as `_`, no `..`, no leading
/// or trailing spaces or dots, no name Windows reserves, at most
/// `MAX_PART_CHARS` characters (the extension kept); `_` when nothing is
/// left.
pub fn clean_part(raw: &str) -> String {
    let mut s: String = raw
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| if "<>:\"/\\|?*".contains(c) { '_' } else { c })
        .collect();
    while s.contains("..") {
        s = s.replace("..", "_");
    }
    let s = s.trim_matches(|c: char| c == '.' || c.is_whitespace());
    let s = shorten(s);
    let stem = s.split('.').next().unwrap_or_default().to_ascii_uppercase();
    let reserved = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem.ends_with(|c: char| c.is_ascii_digit()));
    match s.as_str() {
        "" => "_".to_string(),
        _ if reserved => format!("_{s}"),
        _ => s,
    }
}

/// At most `MAX_PART_CHARS` characters, the extension kept.
fn shorten(s: &str) -> String {
    if s.chars().count() <= MAX_PART_CHARS {
        return s.to_string();
    }
    let (stem, ext) = match s.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && ext.chars().count() <= 10 => (stem, ext),
        _ => (s, ""),
    };
    let keep = MAX_PART_CHARS.saturating_sub(ext.chars().count() + 1);
    let stem: String = stem.chars().take(keep).collect();
    if ext.is_empty() {
        stem
    } else {
        format!("{stem}.{ext}")
    }
}

/// `name` with ` (n)` before its extension.
fn numbered(name: &str, n: usize) -> String {
    match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{stem} ({n}).{ext}"),
        _ => format!("{name} ({n})"),
    }
}

fn extension(format: Format) -> &'static str {
    match format {
        Format::Markdown => "md",
        Format::Html => "html",
        Format::Xlsx => "xlsx",
        Format::Csv => "csv",
        Format::Docx => "docx",
    }
}

/// Writes the report (`bytes`, in `format`), the files and the manifest
/// into `dir` (made when missing).
pub(super) fn export(
    dir: &Path,
    unit: &Unit,
    format: Format,
    bytes: &[u8],
    ev: &Evidence,
) -> Result<(), CliError> {
    check_folder(dir)?;
    let mkdir = |d: &Path| {
        fsutil::create_private_dir(d).map_err(|e| {
            CliError::Message(i18n::ev_mkdir_failed(
                &d.display().to_string(),
                &e.to_string(),
            ))
        })
    };
    mkdir(dir)?;
    let unit_part = clean_part(&unit.name);
    let report = dir.join(format!(
        "{}.{}",
        clean_part(&i18n::ev_report_file(&unit.name)),
        extension(format)
    ));
    write_file(&report, bytes)?;
    out(&i18n::rep_written(
        &report.display().to_string(),
        bytes.len(),
    ));
    let top = PathBuf::from(i18n::ev_folder()).join(&unit_part);
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut counts: std::collections::BTreeMap<PathBuf, usize> = Default::default();
    let mut rows = Vec::new();
    let mut copied = 0;
    for f in &ev.files {
        let folder = top.join(clean_part(&f.form)).join(clean_part(&f.item));
        let n = counts.entry(folder.clone()).or_insert(0);
        *n += 1;
        let mut name = clean_part(&format!("{n}-{}", f.file.name));
        let mut k = 2;
        while taken.contains(&key(&folder.join(&name))) {
            name = numbered(&clean_part(&format!("{n}-{}", f.file.name)), k);
            k += 1;
        }
        let rel = folder.join(&name);
        taken.insert(key(&rel));
        let state = match f.found {
            Found::Whole => copy_one(ev.dir.as_deref(), dir, &rel, f, &mkdir)?,
            other => other,
        };
        if state == Found::Whole {
            copied += 1;
        } else {
            out(&i18n::ev_not_copied(
                &f.entry,
                &f.item,
                &f.file.name,
                &state_text(state),
            ));
        }
        rows.push(manifest_row(
            f,
            (state == Found::Whole).then_some(&rel),
            state,
        ));
    }
    let manifest = Sheet {
        name: i18n::ev_manifest_sheet(),
        header: [
            vec![i18n::ev_col_file(), i18n::ev_col_entry_id()],
            EvidenceFile::header(),
        ]
        .concat(),
        rows,
    };
    let manifest_path = dir.join(i18n::ev_manifest_file());
    write_file(&manifest_path, &csv::document(&[manifest]))?;
    let shown = dir.join(i18n::ev_folder()).display().to_string();
    out(&if ev.files.is_empty() {
        i18n::ev_none_copied(&manifest_path.display().to_string())
    } else {
        i18n::ev_copied(copied, &shown, &manifest_path.display().to_string())
    });
    Ok(())
}

/// Writes a file atomically.
fn write_file(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    fsutil::write_atomic(path, bytes).map_err(|e| {
        CliError::Message(i18n::rep_write_failed(
            &path.display().to_string(),
            &e.to_string(),
        ))
    })
}

/// How a path is compared for duplicates (case-insensitive systems).
fn key(p: &Path) -> String {
    p.to_string_lossy().to_lowercase()
}

/// Copies one stored file (kept in `data`) to `dir/rel`, hashing the
/// bytes as they are copied (a file at a time, through a buffer):
/// `Altered` when they do not match (the copy is removed: nothing left
/// under the name), `Missing` when the file is not there.
fn copy_one(
    data: Option<&Path>,
    dir: &Path,
    rel: &Path,
    f: &EvidenceFile,
    mkdir: &dyn Fn(&Path) -> Result<(), CliError>,
) -> Result<Found, CliError> {
    use std::io::Read;
    enum Stop {
        Altered,
        Io(std::io::Error),
    }
    /// The kept file, remembering whether reading it failed: an unreadable
    /// kept file counts as altered, a failed write as a failed copy.
    struct Kept {
        file: std::fs::File,
        failed: bool,
    }
    impl Read for Kept {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let r = self.file.read(buf);
            if r.as_ref()
                .is_err_and(|e| e.kind() != std::io::ErrorKind::Interrupted)
            {
                self.failed = true;
            }
            r
        }
    }
    let Some(src) = data.and_then(|d| attach::path_of(d, &f.file.sha256)) else {
        return Ok(Found::Missing);
    };
    let mut source = match std::fs::File::open(&src) {
        Ok(file) => Kept {
            file,
            failed: false,
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Found::Missing),
        Err(_) => return Ok(Found::Altered),
    };
    let target = dir.join(rel);
    if let Some(parent) = target.parent() {
        mkdir(parent)?;
    }
    let copied = fsutil::write_atomic_with(
        &target,
        |out| {
            let (sha, _) = attach::copy_hashed(&mut source, out, u64::MAX).map_err(|e| {
                if source.failed {
                    Stop::Altered
                } else {
                    Stop::Io(e)
                }
            })?;
            if sha == f.file.sha256 {
                Ok(())
            } else {
                Err(Stop::Altered)
            }
        },
        Stop::Io,
    );
    match copied {
        Ok(()) => Ok(Found::Whole),
        Err(Stop::Altered) => Ok(Found::Altered),
        Err(Stop::Io(e)) => Err(CliError::Message(i18n::ev_copy_failed(
            &target.display().to_string(),
            &e.to_string(),
        ))),
    }
}

/// A line of the manifest; `rel` is where the file was written (none when
/// it was not).
fn manifest_row(f: &EvidenceFile, rel: Option<&PathBuf>, state: Found) -> Vec<Cell> {
    let rel = rel.map_or(String::new(), |r| {
        r.components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/")
    });
    [vec![Cell::Text(rel), Cell::text(&f.entry)], f.cells(state)].concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_one_safe_name_on_every_system() {
        assert_eq!(clean_part("../../etc/passwd"), "____etc_passwd");
        assert_eq!(clean_part(".."), "_");
        assert_eq!(clean_part("a\u{1b}[31mb\u{7}.jpg"), "a[31mb.jpg");
        assert_eq!(
            clean_part(r#"a<b>c:d"e/f\g|h?i*.pdf"#),
            "a_b_c_d_e_f_g_h_i_.pdf"
        );
        assert_eq!(clean_part(" x. "), "x");
        assert_eq!(clean_part("con.txt"), "_con.txt");
        assert_eq!(clean_part("COM1"), "_COM1");
        assert_eq!(clean_part("\u{1}\u{2}"), "_");
        let long = format!("{}.jpg", "照".repeat(200));
        let short = clean_part(&long);
        assert_eq!(short.chars().count(), MAX_PART_CHARS);
        assert!(short.ends_with(".jpg"));
        assert_eq!(numbered("1-a.jpg", 2), "1-a (2).jpg");
        for hostile in ["../x", "..\\x", "a/../b", "\u{0}..\u{0}/"] {
            let c = clean_part(hostile);
            assert!(
                !c.contains("..") && !c.contains('/') && !c.contains('\\'),
                "{c}"
            );
        }
    }
}
