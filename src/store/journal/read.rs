//! Reading the journal: every record from a position on (a replay, the
//! doctor, an incremental export), every line of a segment, and single
//! lines by their place (`Lines`: an entry's revisions, an export).

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use super::{BadLine, Loc, MAX_LINE, Pos, frame_lines, parse, segment_path, segments};
use crate::store::{Change, StoreError};

/// Reads every record from `from` on, calling `f` with each record and
/// where its line is. A line that does not parse, or fails its checksum, is
/// reported in the result and skipped.
pub fn read_from(
    dir: &Path,
    from: Pos,
    mut f: impl FnMut(Change, Loc) -> Result<(), StoreError>,
) -> Result<Vec<BadLine>, StoreError> {
    let io = |e| StoreError::io("journal", e);
    let mut bad = Vec::new();
    let mut failed = None;
    for segment in segments(dir).map_err(io)? {
        if segment < from.segment {
            continue;
        }
        let start = if segment == from.segment {
            from.offset
        } else {
            0
        };
        read_lines_from(dir, segment, start, |line, loc, number| {
            if failed.is_some() || is_frame(line) {
                return;
            }
            match parse(line) {
                Ok(r) => failed = f(r, loc).err(),
                Err(error) => bad.push(BadLine {
                    segment,
                    line: number,
                    error,
                }),
            }
        })
        .map_err(io)?;
        if let Some(e) = failed {
            return Err(e);
        }
    }
    Ok(bad)
}

/// Calls `f` with every whole line of a segment (newline included), where
/// it is, and its line number.
pub fn read_lines(
    dir: &Path,
    segment: u32,
    f: impl FnMut(&[u8], Loc, usize),
) -> std::io::Result<()> {
    read_lines_from(dir, segment, 0, f)
}

/// `read_lines` from byte `start` on (line numbers count from there).
fn read_lines_from(
    dir: &Path,
    segment: u32,
    start: u64,
    mut f: impl FnMut(&[u8], Loc, usize),
) -> std::io::Result<()> {
    let mut file = File::open(segment_path(dir, segment))?;
    file.seek(SeekFrom::Start(start))?;
    let mut reader = BufReader::with_capacity(1 << 20, file);
    let mut offset = start;
    let mut line = Vec::new();
    let mut number = 0;
    loop {
        line.clear();
        let n = reader.read_until(b'\n', &mut line)?;
        if n == 0 || line.last() != Some(&b'\n') {
            return Ok(());
        }
        number += 1;
        let loc = Loc {
            segment,
            offset,
            len: u32::try_from(n).unwrap_or(u32::MAX),
        };
        offset += n as u64;
        f(&line, loc, number);
    }
}

/// Whether a line is a batch frame.
pub fn is_frame(line: &[u8]) -> bool {
    frame_lines(line).is_some()
}

/// Where a reader of `Lines` is, when an error left it unknown.
const UNKNOWN: u64 = u64::MAX;

/// Reads lines by their `Loc`, keeping each segment it opened open (and
/// buffered: lines read in journal order cost one pass forward).
pub struct Lines<'a> {
    dir: &'a Path,
    files: std::collections::HashMap<u32, (BufReader<File>, u64)>,
}

impl<'a> Lines<'a> {
    pub fn new(dir: &'a Path) -> Lines<'a> {
        Lines {
            dir,
            files: std::collections::HashMap::new(),
        }
    }

    /// The line at `loc`, or why it cannot be read, in words.
    pub fn read_or_say(&mut self, loc: Loc) -> Result<Vec<u8>, String> {
        self.read(loc).map_err(say)
    }

    /// The line at `loc`, read alone (no read-ahead: for lines far apart,
    /// such as one entry's), or why it cannot be read, in words.
    pub fn read_one_or_say(&mut self, loc: Loc) -> Result<Vec<u8>, String> {
        self.read_one(loc).map_err(say)
    }

    /// The segment's reader and where it stands (`UNKNOWN` when unknown),
    /// opened the first time.
    fn reader(&mut self, segment: u32) -> std::io::Result<&mut (BufReader<File>, u64)> {
        Ok(match self.files.entry(segment) {
            std::collections::hash_map::Entry::Occupied(o) => o.into_mut(),
            std::collections::hash_map::Entry::Vacant(v) => {
                let file = File::open(segment_path(self.dir, segment))?;
                v.insert((BufReader::with_capacity(64 << 10, file), UNKNOWN))
            }
        })
    }

    fn read_one(&mut self, loc: Loc) -> std::io::Result<Vec<u8>> {
        let mut line = line_buffer(loc)?;
        let (reader, at) = self.reader(loc.segment)?;
        crate::store::fsutil::read_exact_at(reader.get_ref(), &mut line, loc.offset)?;
        // The buffered reader's position is no longer known (Windows moved
        // the handle's): its next read seeks.
        *at = UNKNOWN;
        Ok(line)
    }

    /// The line at `loc`, newline included.
    fn read(&mut self, loc: Loc) -> std::io::Result<Vec<u8>> {
        let mut line = line_buffer(loc)?;
        let (reader, at) = self.reader(loc.segment)?;
        let here = std::mem::replace(at, UNKNOWN);
        if here == UNKNOWN {
            reader.seek(SeekFrom::Start(loc.offset))?;
        } else if here != loc.offset {
            // Within the buffer this keeps what was read ahead.
            let by = i128::from(loc.offset) - i128::from(here);
            reader.seek_relative(i64::try_from(by).unwrap_or(i64::MAX))?;
        }
        reader.read_exact(&mut line)?;
        *at = loc.offset + u64::from(loc.len);
        Ok(line)
    }
}

/// A buffer for the line at `loc`. A place comes from the database: a
/// length no line can have is not allocated.
fn line_buffer(loc: Loc) -> std::io::Result<Vec<u8>> {
    if u64::from(loc.len) > MAX_LINE {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("{} bytes", loc.len),
        ));
    }
    Ok(vec![0; loc.len as usize])
}

/// Why a line cannot be read, in words.
fn say(e: std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::UnexpectedEof | std::io::ErrorKind::NotFound => {
            crate::i18n::journal_ends_before()
        }
        _ => e.to_string(),
    }
}
