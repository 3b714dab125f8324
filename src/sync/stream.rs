//! Reading a plain bundle as a stream, the way an import reads it: the
//! payload's revisions are parsed one by one from a window over the file
//! while its bytes are hashed, so the file's bytes are never held beside
//! every parsed revision (a large import's peak memory was both at once).
//!
//! Only a bundle laid out as `bundle::write` lays it out is read so: format
//! and version 3 or 4 first, the envelope within the size limit, a version
//! 4 envelope on one line with its files after it. Any other file, and
//! anything here this reader does not expect, is left to the whole-file
//! reader (`bundle::read`), which reads it as before and says what is
//! wrong, so a refused file gets the same reasons either way. What this
//! reader decides itself comes after a parse that succeeded: a payload
//! that is not the one the envelope's hash and signature name, or that
//! does not repeat the envelope.
//!
//! The revisions are handed, a part at a time as they are parsed, to a
//! look on a core of its own (an import checks each revision by itself
//! there while the rest of the file is read); the look sees them before
//! the hash and signature are checked, so it may note, never act.

use std::io::{Cursor, Read};
use std::path::Path;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::SyncError;
use super::bundle::{self, Header, Payload, VERSION, VERSION_FILES};
use super::read::{self, BOM};
use crate::domain::Revision;

/// How much of the file is read at a time.
const CHUNK: usize = 1 << 20;

/// Revisions handed to the look at a time.
const PART: usize = 1_024;

/// What sees the revisions as they are parsed: the position of a part's
/// first revision in the payload, and the part (on another thread).
pub type Look<'l> = &'l mut (dyn FnMut(usize, &[Revision]) + Send);

/// A bundle read as a stream, its hash, signature and envelope checked:
/// what the envelope says, its payload, and the files that follow it.
pub struct Streamed<'a> {
    pub header: Header,
    pub payload: Payload,
    pub rest: Box<dyn Read + 'a>,
}

/// The version a file's first bytes name when they are those this
/// reader reads (`bundle::write`'s): 3 or 4, else none.
fn version_of(start: &[u8]) -> Option<u32> {
    read::written_version(start).filter(|v| [VERSION, VERSION_FILES].contains(v))
}

/// Reads a bundle file as a stream; `None` leaves it to the whole-file
/// reader.
pub fn file(path: &Path, max: u64, look: Look<'_>) -> Result<Option<Streamed<'static>>, SyncError> {
    let Ok(mut file) = std::fs::File::open(path) else {
        return Ok(None);
    };
    let Ok(size) = file.metadata().map(|m| m.len()) else {
        return Ok(None);
    };
    let mut start = Vec::new();
    if (&mut file).take(64).read_to_end(&mut start).is_err() {
        return Ok(None);
    }
    match version_of(&start) {
        // A file larger than the limit is refused unread by the whole-file
        // reader unless its files follow the envelope.
        Some(VERSION) if size > max => Ok(None),
        Some(_) => read(Cursor::new(start).chain(file), max, CHUNK, look),
        None => Ok(None),
    }
}

/// Reads a bundle's bytes as a stream; `None` leaves them to the
/// whole-file reader.
pub fn bytes<'a>(
    bytes: &'a [u8],
    max: u64,
    look: Look<'_>,
) -> Result<Option<Streamed<'a>>, SyncError> {
    match version_of(bytes) {
        Some(VERSION) if bytes.len() as u64 > max => Ok(None),
        Some(_) => read(bytes, max, CHUNK, look),
        None => Ok(None),
    }
}

/// Reads the envelope from `src` in pieces of `chunk` bytes (the tests
/// make them tiny, to cut every value somewhere).
fn read<'a, R: Read + 'a>(
    src: R,
    max: u64,
    chunk: usize,
    look: Look<'_>,
) -> Result<Option<Streamed<'a>>, SyncError> {
    let mut w = Window::new(src.take(max.saturating_add(1)), chunk);
    let Ok(Some(parts)) = envelope(&mut w, look) else {
        return Ok(None);
    };
    let Parts {
        header,
        payload,
        revisions,
        sha256,
    } = parts;
    let Ok(header) = serde_json::from_value::<Header>(Value::Object(header)) else {
        return Ok(None);
    };
    let Ok(mut payload) = serde_json::from_value::<Payload>(Value::Object(payload)) else {
        return Ok(None);
    };
    // The format and version were read at the start (`version_of`).
    if w.consumed() > max {
        return Ok(None);
    }
    let rest: Box<dyn Read + 'a> = match header.version {
        VERSION if w.at_end().unwrap_or(false) => Box::new(std::io::empty()),
        // The envelope is the file's first line; the files follow it.
        VERSION_FILES if !w.newline_before() && w.newline_next().unwrap_or(false) => w.into_rest(),
        _ => return Ok(None),
    };
    bundle::verify_hashed(&header, &sha256)?;
    payload.revisions = revisions;
    bundle::repeats(&header, &payload)?;
    Ok(Some(Streamed {
        header,
        payload,
        rest,
    }))
}

/// An envelope as parsed, before it is believed: its members but the
/// payload, the payload's members but its revisions, the revisions, and
/// the payload's SHA-256 (hex).
struct Parts {
    header: Map<String, Value>,
    payload: Map<String, Value>,
    revisions: Vec<Revision>,
    sha256: String,
}

/// The envelope's object; `None` when it is not as expected.
fn envelope<R: Read>(w: &mut Window<R>, look: Look<'_>) -> std::io::Result<Option<Parts>> {
    w.skip_bom()?;
    Ok(match object(w, "payload", |w| payload_of(w, &mut *look))? {
        Some((header, Some((payload, revisions, sha256)))) => Some(Parts {
            header,
            payload,
            revisions,
            sha256,
        }),
        _ => None,
    })
}

type PayloadParts = (Map<String, Value>, Vec<Revision>, String);

/// The payload's object, hashed byte for byte as it is read (the hash
/// covers exactly the value, as `RawValue` holds it).
fn payload_of<R: Read>(w: &mut Window<R>, look: Look<'_>) -> std::io::Result<Option<PayloadParts>> {
    if w.peek()? != Some(b'{') {
        return Ok(None);
    }
    w.start_hash();
    let Some((members, revisions)) = object(w, "revisions", |w| revisions_of(w, &mut *look))?
    else {
        return Ok(None);
    };
    let sha256 = w.end_hash();
    Ok(Some((members, revisions.unwrap_or_default(), sha256)))
}

/// An object's members but one, and that one's value as read.
type Members<T> = (Map<String, Value>, Option<T>);

/// An object: the value of its member `special` as `read` reads it, every
/// other member's into a map; `None` when it is not an object, or names a
/// member twice.
fn object<R: Read, T>(
    w: &mut Window<R>,
    special: &str,
    mut read: impl FnMut(&mut Window<R>) -> std::io::Result<Option<T>>,
) -> std::io::Result<Option<Members<T>>> {
    let mut members = Map::new();
    let mut found = None;
    if !w.eat(b'{')? {
        return Ok(None);
    }
    if w.eat(b'}')? {
        return Ok(Some((members, found)));
    }
    loop {
        let Some(key) = w.key()? else {
            return Ok(None);
        };
        if key == special {
            match read(w)? {
                Some(v) if found.is_none() => found = Some(v),
                _ => return Ok(None),
            }
        } else {
            let Some(value) = w.value::<Value>()? else {
                return Ok(None);
            };
            if members.insert(key, value).is_some() {
                return Ok(None);
            }
        }
        if w.eat(b',')? {
            continue;
        }
        if w.eat(b'}')? {
            return Ok(Some((members, found)));
        }
        return Ok(None);
    }
}

/// The revisions' array, one revision at a time; `look` sees them a part
/// at a time on another thread, and each part comes back to be gathered.
fn revisions_of<R: Read>(
    w: &mut Window<R>,
    look: Look<'_>,
) -> std::io::Result<Option<Vec<Revision>>> {
    if !w.eat(b'[')? {
        return Ok(None);
    }
    std::thread::scope(|s| {
        let (parts, to_look) = std::sync::mpsc::sync_channel::<Vec<Revision>>(2);
        // Each part comes back once it was looked at, and is gathered on
        // this thread: memory let go of on another thread's heap is slow
        // to be used again (a list gathered there, as it doubled, left
        // tens of megabytes behind).
        let (looked, back) = std::sync::mpsc::channel::<Vec<Revision>>();
        let looker = s.spawn(move || {
            let mut first = 0;
            for part in to_look {
                look(first, &part);
                first += part.len();
                if looked.send(part).is_err() {
                    break;
                }
            }
        });
        let mut all: Vec<Revision> = Vec::new();
        let parsed = array(w, |part| {
            all.extend(back.try_iter().flatten());
            parts.send(part).is_ok()
        });
        drop(parts);
        // A look that failed leaves the file to the whole-file reader.
        let joined = looker.join();
        all.extend(back.into_iter().flatten());
        Ok(match (parsed?, joined) {
            (true, Ok(())) => Some(all),
            _ => None,
        })
    })
}

/// The rest of an array of revisions after its `[`, handed on a part at a
/// time (`hand` says whether it was taken); whether it was read whole.
fn array<R: Read>(
    w: &mut Window<R>,
    mut hand: impl FnMut(Vec<Revision>) -> bool,
) -> std::io::Result<bool> {
    let mut part = Vec::with_capacity(PART);
    if !w.eat(b']')? {
        loop {
            let Some(r) = w.value::<Revision>()? else {
                return Ok(false);
            };
            part.push(r);
            if part.len() == PART && !hand(std::mem::replace(&mut part, Vec::with_capacity(PART))) {
                return Ok(false);
            }
            if w.eat(b',')? {
                continue;
            }
            if w.eat(b']')? {
                break;
            }
            return Ok(false);
        }
    }
    Ok(part.is_empty() || hand(part))
}

/// A window over a stream: the bytes not yet parsed, refilled a chunk at a
/// time. Bytes parsed are accounted before they leave the window: hashed
/// while the payload is read, and looked at for a newline.
struct Window<R> {
    src: std::io::Take<R>,
    buf: Vec<u8>,
    /// The next byte to parse.
    pos: usize,
    /// Bytes before this one are accounted.
    done: usize,
    /// Bytes let go of before the window's first.
    dropped: u64,
    eof: bool,
    chunk: usize,
    hasher: Option<Sha256>,
    /// A newline was among the bytes parsed.
    newline: bool,
}

impl<R: Read> Window<R> {
    fn new(src: std::io::Take<R>, chunk: usize) -> Window<R> {
        Window {
            src,
            buf: Vec::new(),
            pos: 0,
            done: 0,
            dropped: 0,
            eof: false,
            chunk: chunk.max(1),
            hasher: None,
            newline: false,
        }
    }

    /// Bytes parsed from the start of the stream.
    fn consumed(&self) -> u64 {
        self.dropped + self.pos as u64
    }

    fn account(&mut self) {
        let region = &self.buf[self.done..self.pos];
        if let Some(h) = &mut self.hasher {
            h.update(region);
        }
        self.newline |= memchr::memchr(b'\n', region).is_some();
        self.done = self.pos;
    }

    /// Reads more into the window (twice what it holds when one value
    /// fills it); false at the end of the stream.
    fn more(&mut self) -> std::io::Result<bool> {
        if self.eof {
            return Ok(false);
        }
        self.account();
        self.buf.drain(..self.pos);
        self.dropped += self.pos as u64;
        self.pos = 0;
        self.done = 0;
        let want = self.chunk.max(self.buf.len());
        let got = (&mut self.src)
            .take(want as u64)
            .read_to_end(&mut self.buf)?;
        if got < want {
            self.eof = true;
        }
        Ok(got > 0)
    }

    fn skip_bom(&mut self) -> std::io::Result<()> {
        while self.buf.len() - self.pos < BOM.len() && self.more()? {}
        if self.buf[self.pos..].starts_with(BOM) {
            self.pos += BOM.len();
        }
        Ok(())
    }

    /// The next byte that is not JSON whitespace (not taken).
    fn peek(&mut self) -> std::io::Result<Option<u8>> {
        loop {
            while let Some(&b) = self.buf.get(self.pos) {
                if !matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
                    return Ok(Some(b));
                }
                self.pos += 1;
            }
            if !self.more()? {
                return Ok(None);
            }
        }
    }

    /// Takes `byte` when it comes next (after whitespace).
    fn eat(&mut self, byte: u8) -> std::io::Result<bool> {
        let next = self.peek()? == Some(byte);
        if next {
            self.pos += 1;
        }
        Ok(next)
    }

    /// A member's name and its colon.
    fn key(&mut self) -> std::io::Result<Option<String>> {
        let key = self.value::<String>()?;
        Ok(if self.eat(b':')? { key } else { None })
    }

    /// The next value as a `T`; `None` when it is not one (or the stream
    /// ends first). A value cut by the window's end is parsed again once
    /// the window holds more.
    fn value<T: DeserializeOwned>(&mut self) -> std::io::Result<Option<T>> {
        loop {
            let rest = &self.buf[self.pos..];
            let mut values = serde_json::Deserializer::from_slice(rest).into_iter::<T>();
            match values.next() {
                // A number at the window's end may go on past it.
                Some(Ok(_)) if values.byte_offset() == rest.len() && !self.eof => {
                    self.more()?;
                }
                Some(Ok(v)) => {
                    self.pos += values.byte_offset();
                    return Ok(Some(v));
                }
                Some(Err(e)) if e.is_eof() && !self.eof => {
                    self.more()?;
                }
                None if !self.eof => {
                    self.more()?;
                }
                _ => return Ok(None),
            }
        }
    }

    fn start_hash(&mut self) {
        self.account();
        self.hasher = Some(Sha256::new());
    }

    /// The SHA-256 (hex) of the bytes parsed since `start_hash`.
    fn end_hash(&mut self) -> String {
        self.account();
        self.hasher
            .take()
            .map(|h| format!("{:x}", h.finalize()))
            .unwrap_or_default()
    }

    /// Whether a newline was among the bytes parsed.
    fn newline_before(&mut self) -> bool {
        self.account();
        self.newline
    }

    /// Whether only whitespace is left.
    fn at_end(&mut self) -> std::io::Result<bool> {
        Ok(self.peek()?.is_none())
    }

    /// Takes the newline that ends a version-4 envelope's line, when it
    /// comes next.
    fn newline_next(&mut self) -> std::io::Result<bool> {
        while self.pos == self.buf.len() {
            if !self.more()? {
                return Ok(false);
            }
        }
        let next = self.buf[self.pos] == b'\n';
        if next {
            self.pos += 1;
        }
        Ok(next)
    }

    /// What follows the bytes parsed: the rest of the window, then the
    /// rest of the stream (no longer limited: files may be larger).
    fn into_rest<'a>(mut self) -> Box<dyn Read + 'a>
    where
        R: 'a,
    {
        self.buf.drain(..self.pos);
        Box::new(Cursor::new(self.buf).chain(self.src.into_inner()))
    }
}

#[cfg(test)]
pub(crate) mod tests;
