//! Records made journal lines a chunk at a time: each chunk is one buffer
//! of consecutive lines (JSON, tab, CRC-32, newline, as `line` makes them)
//! with each line's length. A large batch's chunks are serialised on two
//! threads, alternately, and handed on in order, so a large import's
//! lines are made on both cores and never all held at once.

use std::io::Write;
use std::sync::mpsc::sync_channel;

use super::super::Change;

/// Records per chunk (about half a megabyte of an import's lines).
const RECORDS: usize = 1_024;

/// Consecutive lines in one buffer, and the length of each.
pub struct Chunk {
    pub bytes: Vec<u8>,
    pub lens: Vec<u32>,
}

fn invalid(e: impl std::fmt::Display) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, e.to_string())
}

/// The lines of `records`, in one buffer.
fn serialise(records: &[Change]) -> std::io::Result<Chunk> {
    let mut bytes = Vec::with_capacity(records.len() * 512);
    let mut lens = Vec::with_capacity(records.len());
    for record in records {
        let start = bytes.len();
        serde_json::to_writer(&mut bytes, record).map_err(invalid)?;
        let sum = crc32fast::hash(&bytes[start..]);
        writeln!(bytes, "\t{sum:08x}")?;
        lens.push(u32::try_from(bytes.len() - start).unwrap_or(u32::MAX));
    }
    Ok(Chunk { bytes, lens })
}

/// Hands each chunk of `records`' lines to `take`, in order. With more
/// than one chunk, a second thread serialises every other chunk while this
/// one serialises the rest and runs `take`; at most two chunks wait.
pub fn each(
    records: &[Change],
    mut take: impl FnMut(Chunk) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let parts: Vec<&[Change]> = records.chunks(RECORDS).collect();
    if parts.len() < 2 {
        return parts.iter().try_for_each(|part| take(serialise(part)?));
    }
    std::thread::scope(|s| {
        let (done, from_worker) = sync_channel(2);
        let odd = &parts;
        s.spawn(move || {
            for part in odd.iter().skip(1).step_by(2) {
                // The receiver is gone when this thread's side failed.
                if done.send(serialise(part)).is_err() {
                    break;
                }
            }
        });
        for (i, part) in parts.iter().enumerate() {
            let chunk = match i % 2 {
                0 => serialise(part)?,
                _ => from_worker
                    .recv()
                    .map_err(|_| invalid("journal writer thread stopped"))??,
            };
            take(chunk)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn setting(i: usize) -> Change {
        Change::Setting {
            key: format!("k{i}"),
            value: Value::from(format!("值 \"{i}\"\n")),
        }
    }

    #[test]
    fn chunks_hold_the_lines_line_makes_in_order() {
        for n in [0, 1, RECORDS, RECORDS + 1, 3 * RECORDS + 7] {
            let records: Vec<Change> = (0..n).map(setting).collect();
            let mut bytes = Vec::new();
            let mut lens = Vec::new();
            each(&records, |c| {
                bytes.extend(c.bytes);
                lens.extend(c.lens);
                Ok(())
            })
            .unwrap();
            let want: Vec<Vec<u8>> = records
                .iter()
                .map(|r| super::super::line(r).unwrap())
                .collect();
            assert_eq!(bytes, want.concat(), "{n} records");
            let want_lens: Vec<u32> = want.iter().map(|l| l.len() as u32).collect();
            assert_eq!(lens, want_lens, "{n} records");
        }
    }

    #[test]
    fn a_failing_taker_stops_the_chunks() {
        let records: Vec<Change> = (0..5 * RECORDS).map(setting).collect();
        let mut taken = 0;
        let result = each(&records, |_| {
            taken += 1;
            match taken {
                2 => Err(std::io::Error::other("disk full")),
                _ => Ok(()),
            }
        });
        assert_eq!(result.unwrap_err().to_string(), "disk full");
        assert_eq!(taken, 2);
    }
}
