//! The append-only journal, where revisions live: one JSON record per line
//! in `journal/*.jsonl`, each line ending in a tab and the CRC-32 of its
//! JSON, written and `sync_data`-ed before sled is touched. sled keeps only
//! where each revision's line is (`Loc`), so the database can always be
//! rebuilt from the journal. A commit of several records is framed
//! (`{"kind":"batch","lines":N}` before its N lines), so that a batch a crash
//! cut short is cut at the next start, whole. Lines an earlier build wrote
//! have no checksum and are read as they are. This module writes, frames
//! and checks lines; `read` reads them back.

use std::fs::{self, File};
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use super::Change;
use super::fsutil::{SyncFn, SyncPoint};

mod chunks;
mod read;
pub use read::{Lines, is_frame, read_from, read_lines};

/// A segment is closed and a new one started past this size (tests set a
/// smaller one through `StoreOptions`).
pub const SEGMENT_BYTES: u64 = 64 << 20;

/// No journal line is longer (a revision is far smaller; a bundle is
/// capped well below it).
const MAX_LINE: u64 = 64 << 20;

/// Bytes per write: a large import is not copied whole into one buffer.
pub const WRITE_CHUNK: usize = 1 << 20;

/// A place in the journal: segment number and byte offset in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    pub segment: u32,
    pub offset: u64,
}

impl Pos {
    /// 12 bytes: segment then offset, big-endian (sorts like `Pos`).
    pub fn to_bytes(self) -> Vec<u8> {
        let mut v = self.segment.to_be_bytes().to_vec();
        v.extend_from_slice(&self.offset.to_be_bytes());
        v
    }

    /// One number that sorts like `Pos` (offsets stay below 2^40: segments
    /// are closed at 64 MiB).
    pub fn to_seq(self) -> u64 {
        (u64::from(self.segment) << 40) | self.offset
    }

    /// The inverse of `to_seq`.
    pub fn from_seq(seq: u64) -> Pos {
        Pos {
            segment: (seq >> 40) as u32,
            offset: seq & ((1 << 40) - 1),
        }
    }

    /// The inverse of `to_bytes`.
    pub fn from_bytes(b: &[u8]) -> Option<Pos> {
        let segment = u32::from_be_bytes(b.get(0..4)?.try_into().ok()?);
        let offset = u64::from_be_bytes(b.get(4..12)?.try_into().ok()?);
        Some(Pos { segment, offset })
    }
}

/// Where one line is: its segment, the offset of its first byte and its
/// length (newline included).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Loc {
    pub segment: u32,
    pub offset: u64,
    pub len: u32,
}

impl Loc {
    /// The position just after the line.
    pub fn end(self) -> Pos {
        Pos {
            segment: self.segment,
            offset: self.offset + u64::from(self.len),
        }
    }

    /// The position of the line's first byte.
    pub fn start(self) -> Pos {
        Pos {
            segment: self.segment,
            offset: self.offset,
        }
    }
}

/// A line that could not be read back.
#[derive(Debug, Clone, PartialEq)]
pub struct BadLine {
    pub segment: u32,
    pub line: usize,
    pub error: String,
}

/// The writer: the open last segment.
pub struct Journal {
    dir: PathBuf,
    file: File,
    pos: Pos,
    /// A new segment is started once the open one is this long.
    segment_bytes: u64,
    /// How the segment and the folder are made durable.
    sync: SyncFn,
    /// Bytes per write to the file.
    chunk: usize,
}

pub(super) fn segment_path(dir: &Path, n: u32) -> PathBuf {
    dir.join(format!("{n:06}.jsonl"))
}

/// Segment numbers present in the journal folder, ascending.
pub fn segments(dir: &Path) -> std::io::Result<Vec<u32>> {
    let mut out = Vec::new();
    if !dir.exists() {
        return Ok(out);
    }
    for entry in fs::read_dir(dir)? {
        let name = entry?.file_name();
        let name = name.to_string_lossy();
        if let Some(n) = name
            .strip_suffix(".jsonl")
            .and_then(|s| s.parse::<u32>().ok())
        {
            out.push(n);
        }
    }
    out.sort_unstable();
    Ok(out)
}

impl Journal {
    /// Opens the journal for appending, creating it if needed, and cuts a
    /// torn last line (a write that never returned, so was never reported
    /// saved). Segments are closed past `segment_bytes`; appends and new
    /// segments are made durable through `sync`.
    pub fn open(dir: &Path, segment_bytes: u64, sync: SyncFn) -> std::io::Result<Journal> {
        super::fsutil::create_private_dir(dir)?;
        let segment = segments(dir)?.last().copied().unwrap_or(1);
        let path = segment_path(dir, segment);
        let mut file = super::fsutil::open_private(&path)?;
        let len = file.metadata()?.len();
        let mut keep = complete_prefix(&mut file, len)?;
        if keep < len {
            if whole_record_at(&mut file, keep, len)? {
                // A whole record that lost only its newline (a damaged
                // disk, an editor): it may have been acknowledged, keep it.
                file.seek(SeekFrom::Start(len))?;
                file.write_all(b"\n")?;
                keep = len + 1;
            } else {
                // Half a line: a write that never returned, never reported.
                file.set_len(keep)?;
            }
            file.sync_all()?;
        }
        if len == 0 {
            super::fsutil::sync_dir_with(dir, sync)?;
        }
        Ok(Journal {
            dir: dir.to_path_buf(),
            file,
            pos: Pos {
                segment,
                offset: keep,
            },
            segment_bytes,
            chunk: WRITE_CHUNK,
            sync,
        })
    }

    /// Writes go to the file in chunks of this many bytes (tests make them
    /// small, so a crash can fall between them).
    pub fn set_write_chunk(&mut self, bytes: usize) {
        self.chunk = bytes.max(1);
    }

    /// Cuts the journal back to `to` (a short batch a crash left at its end:
    /// never acknowledged) and makes the cut durable.
    pub fn cut(&mut self, to: Pos) -> std::io::Result<()> {
        if to.segment != self.pos.segment || to.offset > self.pos.offset {
            return Ok(());
        }
        self.file.set_len(to.offset)?;
        self.file.sync_all()?;
        self.pos = to;
        Ok(())
    }

    /// Where the next record goes.
    pub fn end(&self) -> Pos {
        self.pos
    }

    /// Appends records as lines (`line`), serialised a chunk at a time
    /// just before they are written (a large import never holds all its
    /// lines; its chunks are made on two threads), through one buffer, then
    /// `sync_data`. Returns where each line went (`end` is after the last).
    pub fn append(&mut self, records: &[Change]) -> std::io::Result<Vec<Loc>> {
        let written = self.write(records)?;
        let synced = self.sync_written();
        self.settle(written, synced)
    }

    /// The first half of `append`: the lines written, not yet durable.
    /// Nothing may be appended before `settle` says whether they are.
    pub fn write(&mut self, records: &[Change]) -> std::io::Result<Written> {
        if self.pos.offset >= self.segment_bytes {
            let next = self.pos.segment + 1;
            self.file = super::fsutil::open_private(&segment_path(&self.dir, next))?;
            super::fsutil::sync_dir_with(&self.dir, self.sync)?;
            self.pos = Pos {
                segment: next,
                offset: 0,
            };
        }
        let count = records.len();
        let piece = self.chunk;
        // Through a buffer (a large import is not copied whole), then one
        // sync_data: the lines count only once all are durable.
        let mut lens: Vec<u32> = Vec::with_capacity(count);
        let written = (|| {
            self.file.seek(SeekFrom::Start(self.pos.offset))?;
            let mut out = std::io::BufWriter::with_capacity(piece, &mut self.file);
            let mut written = 0;
            if count > 1 {
                let head = frame(count);
                out.write_all(&head)?;
                written += head.len() as u64;
            }
            chunks::each(records, |chunk| {
                // In pieces no larger than the buffer, so that tests with a
                // small one still see a large batch written piece by piece.
                for bytes in chunk.bytes.chunks(piece) {
                    out.write_all(bytes)?;
                }
                written += chunk.bytes.len() as u64;
                lens.extend(chunk.lens);
                Ok(())
            })?;
            out.flush()?;
            Ok::<u64, std::io::Error>(written)
        })();
        match written {
            Ok(bytes) => Ok(Written {
                locs: self.locs_of(bytes, &lens),
                bytes,
            }),
            Err(e) => {
                // Leave no half line behind: a later append must start clean.
                let _ = self.file.set_len(self.pos.offset);
                Err(e)
            }
        }
    }

    /// `sync_data` of what was written (it may run on another thread while
    /// the one that wrote goes on, writing nothing).
    pub fn sync_written(&self) -> std::io::Result<()> {
        (self.sync)(SyncPoint::Journal, &self.file)
    }

    /// The second half of `append`, once `sync_written` returned: where
    /// the lines went if they are durable; else they are cut off again.
    pub fn settle(
        &mut self,
        written: Written,
        synced: std::io::Result<()>,
    ) -> std::io::Result<Vec<Loc>> {
        match synced {
            Ok(()) => {
                self.pos.offset += written.bytes;
                Ok(written.locs)
            }
            Err(e) => {
                let _ = self.file.set_len(self.pos.offset);
                Err(e)
            }
        }
    }

    /// Where lines of `lens` bytes went, written from the end on (`bytes`
    /// in all, a batch's frame first).
    fn locs_of(&self, bytes: u64, lens: &[u32]) -> Vec<Loc> {
        let mut offset = self.pos.offset + bytes;
        let mut locs: Vec<Loc> = lens
            .iter()
            .rev()
            .map(|&len| {
                offset -= u64::from(len);
                Loc {
                    segment: self.pos.segment,
                    offset,
                    len,
                }
            })
            .collect();
        locs.reverse();
        locs
    }
}

/// Lines written by `Journal::write`, not yet durable: where each went,
/// and how many bytes they took.
pub struct Written {
    pub locs: Vec<Loc>,
    bytes: u64,
}

/// A record as its journal line: JSON, a tab, the CRC-32 of the JSON in
/// eight hex digits, a newline (`chunks` makes them so).
#[cfg(test)]
pub fn line(record: &Change) -> serde_json::Result<Vec<u8>> {
    Ok(sealed(serde_json::to_vec(record)?))
}

/// JSON made a line: its checksum and a newline added.
fn sealed(mut json: Vec<u8>) -> Vec<u8> {
    let sum = crc32fast::hash(&json);
    json.extend_from_slice(format!("\t{sum:08x}\n").as_bytes());
    json
}

/// A line's JSON, once its checksum is checked (a line an earlier build
/// wrote has none and is taken as it is). `None` when the line is damaged.
pub fn body(line: &[u8]) -> Option<&[u8]> {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    let Some(split) = line.len().checked_sub(9).filter(|&i| line[i] == b'\t') else {
        return Some(line);
    };
    let (json, sum) = (&line[..split], &line[split + 1..]);
    let sum = u32::from_str_radix(std::str::from_utf8(sum).ok()?, 16).ok()?;
    (crc32fast::hash(json) == sum).then_some(json)
}

/// The record of a line, or why it cannot be read.
pub fn parse(line: &[u8]) -> Result<Change, String> {
    let json = body(line).ok_or_else(crate::i18n::journal_checksum)?;
    // A revision's line, as this store writes it, is parsed as the revision
    // it wraps: serde reads a tagged enum by buffering the whole record
    // first, which doubled the cost of reading a journal. Anything else (or
    // a line that is not exactly that shape) takes the general way.
    if let Some(inner) = json
        .strip_prefix(REVISION_START)
        .and_then(|rest| rest.strip_suffix(b"}"))
        && let Ok(revision) = serde_json::from_slice(inner)
    {
        return Ok(Change::Revision { revision });
    }
    serde_json::from_slice(json).map_err(|e| e.to_string())
}

/// The start of a revision's line, before the revision's own JSON.
pub const REVISION_START: &[u8] = br#"{"kind":"revision","revision":"#;

/// The revision's own JSON inside its line, or why the line is not a whole
/// revision's (in words).
pub fn revision_json(line: &[u8]) -> Result<&[u8], String> {
    body(line)
        .ok_or_else(crate::i18n::journal_checksum)?
        .strip_prefix(REVISION_START)
        .and_then(|rest| rest.strip_suffix(b"}"))
        .ok_or_else(crate::i18n::journal_not_there)
}

/// The start of a batch frame: `{"kind":"batch","lines":N}` before the N
/// lines of one commit of several records. A batch counts only once all its
/// lines are in the journal: start-up cuts a batch a crash left short, so an
/// import is either all there or not at all. (A single record needs no
/// frame: a line is whole or cut already.)
const FRAME_START: &[u8] = br#"{"kind":"batch","lines":"#;

/// The frame line of a batch of `n` lines.
fn frame(n: usize) -> Vec<u8> {
    let mut out = FRAME_START.to_vec();
    out.extend_from_slice(n.to_string().as_bytes());
    out.push(b'}');
    sealed(out)
}

/// The number of lines a frame announces, if the line is a frame.
fn frame_lines(line: &[u8]) -> Option<u64> {
    let rest = body(line)?.strip_prefix(FRAME_START)?;
    let digits = rest.strip_suffix(b"}")?;
    std::str::from_utf8(digits).ok()?.parse().ok()
}

/// Where the last segment's last batch begins when a crash cut it short
/// (fewer lines than its frame announced), reading from `from`; `None` when
/// every batch is whole. Only the last batch can be short: commits append
/// one after another and a batch never spans segments.
pub fn short_batch(dir: &Path, from: Pos) -> std::io::Result<Option<Pos>> {
    let Some(segment) = segments(dir)?.last().copied() else {
        return Ok(None);
    };
    let start = if from.segment == segment {
        from.offset
    } else {
        0
    };
    let mut file = File::open(segment_path(dir, segment))?;
    file.seek(SeekFrom::Start(start))?;
    let mut reader = BufReader::new(file);
    let mut offset = start;
    let mut line = Vec::new();
    // The open batch: where its frame starts, and the lines still due.
    let mut open: Option<(u64, u64)> = None;
    loop {
        line.clear();
        let n = reader.read_until(b'\n', &mut line)?;
        if n == 0 || line.last() != Some(&b'\n') {
            break;
        }
        match (frame_lines(&line), open) {
            (Some(due), _) => open = (due > 0).then_some((offset, due)),
            (None, Some((at, due))) => open = (due > 1).then_some((at, due - 1)),
            (None, None) => {}
        }
        offset += n as u64;
    }
    Ok(open.map(|(offset, _)| Pos { segment, offset }))
}

/// Whether the bytes from `start` to `end` (the end of the file, after its
/// last newline) are one whole record.
fn whole_record_at(file: &mut File, start: u64, end: u64) -> std::io::Result<bool> {
    let mut tail = vec![0u8; (end - start).min(MAX_LINE) as usize];
    file.seek(SeekFrom::Start(start))?;
    file.read_exact(&mut tail)?;
    tail.push(b'\n');
    Ok(frame_lines(&tail).is_some() || parse(&tail).is_ok())
}

/// Length of the part of the file that ends with a newline.
fn complete_prefix(file: &mut File, len: u64) -> std::io::Result<u64> {
    if len == 0 {
        return Ok(0);
    }
    let mut back = 0u64;
    let mut buf = [0u8; 4096];
    while back < len {
        let chunk = (len - back).min(buf.len() as u64);
        let start = len - back - chunk;
        file.seek(SeekFrom::Start(start))?;
        let part = &mut buf[..chunk as usize];
        file.read_exact(part)?;
        if let Some(i) = part.iter().rposition(|&b| b == b'\n') {
            return Ok(start + i as u64 + 1);
        }
        back += chunk;
    }
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Author, RevisionDraft};
    use serde_json::Value;

    #[test]
    fn a_frame_says_how_many_lines_follow_and_no_record_reads_as_one() {
        assert!(frame(30).starts_with(b"{\"kind\":\"batch\",\"lines\":30}\t"));
        assert_eq!(frame_lines(&frame(30)), Some(30));
        assert_eq!(
            frame_lines(b"{\"kind\":\"batch\",\"lines\":30}\n"),
            Some(30)
        );
        let meta = line(&Change::Setting {
            key: "batch".into(),
            value: Value::from(30),
        })
        .unwrap();
        assert_eq!(frame_lines(&meta), None);
        assert_eq!(frame_lines(b"{\"kind\":\"batch\",\"lines\":3"), None);
    }

    #[test]
    fn a_revision_line_holds_the_revision_json_sled_stores() {
        let revision = RevisionDraft {
            entry: "e1".into(),
            parents: vec!["p".into()],
            author: Author {
                device: "d".into(),
                person: "张三".into(),
            },
            at: "2013-11-26T10:32:05+08:00".into(),
            init: None,
            changes: [("q4".into(), Value::from("借调\"两人\"}\n"))].into(),
            status: None,
            reason: None,
        }
        .seal();
        let own = serde_json::to_vec(&revision).unwrap();
        let record = Change::Revision { revision };
        let l = line(&record).unwrap();
        assert_eq!(revision_json(&l), Ok(own.as_slice()));
        // Read straight as the revision, the same as the general way.
        assert_eq!(parse(&l), Ok(record.clone()));
        let general: Change = serde_json::from_slice(body(&l).unwrap()).unwrap();
        assert_eq!(general, record);
        // A revision line of another shape is still read the general way.
        let mut other = b"{\"revision\":".to_vec();
        other.extend_from_slice(&own);
        other.extend_from_slice(b",\"kind\":\"revision\"}\n");
        assert_eq!(parse(&other), Ok(record));
        let meta = line(&Change::Setting {
            key: "k".into(),
            value: Value::from(1),
        })
        .unwrap();
        assert!(revision_json(&meta).is_err());
    }

    #[test]
    fn a_flipped_byte_fails_the_checksum_and_an_old_line_reads_without_one() {
        let record = Change::Setting {
            key: "k".into(),
            value: Value::from("值"),
        };
        let l = line(&record).unwrap();
        assert_eq!(parse(&l), Ok(record.clone()));
        for i in 0..l.len() - 1 {
            let mut bad = l.clone();
            bad[i] ^= 0x04;
            assert!(parse(&bad).is_err(), "byte {i} flipped still reads");
        }
        let mut old = serde_json::to_vec(&record).unwrap();
        old.push(b'\n');
        assert_eq!(parse(&old), Ok(record));
    }
}
