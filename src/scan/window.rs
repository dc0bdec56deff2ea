//! Scanning a byte stream of any size in bounded memory.
//!
//! The stream is read in windows of [`WINDOW`] bytes that overlap by [`OVERLAP`]. Each match
//! is reported by exactly one window: the one whose *owned* region (the window minus half the
//! overlap at each inner edge) holds its first byte. A secret up to `OVERLAP / 2` bytes long
//! is therefore always seen whole with at least `OVERLAP / 2` bytes of left context, even on
//! a 50 MB line with no newline. Line and column numbers are tracked across windows.

use crate::detect::{Detector, Match, PathMask, Scratch};
use crate::scan::finding::Location;
use std::io::{self, Read};

/// Bytes per window; inputs up to this size are scanned in one pass.
pub const WINDOW: usize = 4 << 20; // 4 MiB
/// Bytes shared by consecutive windows.
pub const OVERLAP: usize = 64 << 10; // 64 KiB
/// A NUL byte within this prefix marks a file as binary (as git does).
const BINARY_PROBE: usize = 8 << 10; // 8 KiB
/// Room for the first read of a stream's buffer.
const FIRST_READ: usize = 64 << 10; // 64 KiB

/// Reusable per-thread buffers for [`scan_stream`]. Its buffer holds scanned bytes, so its
/// `Debug` shows sizes only.
pub struct StreamState {
    buf: Vec<u8>,
    matches: Vec<Match>,
    scratch: Scratch,
    /// The last stream's first bytes (at most `keystore::HEAD`), to tell binary key stores.
    head: Vec<u8>,
}

impl StreamState {
    /// Buffers for scanning with `detector`.
    pub fn new(detector: &Detector) -> Self {
        Self {
            buf: Vec::new(),
            matches: Vec::new(),
            scratch: detector.scratch(),
            head: Vec::new(),
        }
    }

    /// The first bytes of the stream scanned last, binary or not (at most 64).
    pub fn head(&self) -> &[u8] {
        &self.head
    }
}

impl std::fmt::Debug for StreamState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StreamState")
            .field("buffered_bytes", &self.buf.len())
            .finish_non_exhaustive()
    }
}

/// What became of a stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Scanned to the end.
    Scanned,
    /// Not scanned: a NUL byte near the start says it is binary.
    Binary,
}

/// One match as [`scan_stream`] reports it. `Debug` shows the location, never the bytes.
pub struct Hit<'a> {
    /// The detector's match (rule, confidence; offsets are window-relative).
    pub matched: &'a Match,
    /// Where the secret starts and ends.
    pub location: Location,
    /// The secret's bytes.
    pub secret: &'a [u8],
    /// The part of the secret's first line visible in the window.
    pub line: &'a [u8],
    /// The part of the line before it visible in the window (empty on the first line).
    pub previous_line: &'a [u8],
}

impl std::fmt::Debug for Hit<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Hit")
            .field("rule", &self.matched.rule)
            .field("location", &self.location)
            .field("secret", &"***")
            .finish_non_exhaustive()
    }
}

/// Counts lines monotonically across windows.
#[derive(Debug)]
struct LineCounter {
    /// Absolute offset counted up to.
    pos: u64,
    /// 1-based line number at `pos`.
    line: u64,
    /// Absolute offset where that line starts.
    line_start: u64,
}

impl LineCounter {
    /// Advances to absolute offset `to`, which must lie in `buf` (which starts at `base`).
    fn advance(&mut self, buf: &[u8], base: u64, to: u64) {
        let from = (self.pos - base) as usize;
        let end = (to - base) as usize;
        let region = &buf[from..end];
        if let Some(last) = memchr::memrchr(b'\n', region) {
            self.line += memchr::memchr_iter(b'\n', region).count() as u64;
            self.line_start = base + (from + last + 1) as u64;
        }
        self.pos = to;
    }
}

/// Reads `reader` to the end in overlapping windows and calls `report` for every match with
/// its location and secret bytes. With `skip_binary`, a stream with a NUL in its first 8 KiB
/// is not scanned.
pub fn scan_stream(
    detector: &Detector,
    state: &mut StreamState,
    reader: impl Read,
    skip_binary: bool,
    report: impl FnMut(Hit<'_>),
) -> io::Result<Outcome> {
    scan_stream_in(
        detector,
        &PathMask::NONE,
        state,
        reader,
        skip_binary,
        report,
    )
}

/// [`scan_stream`], running also the path rules that `paths` enables (the stream's path).
pub fn scan_stream_in(
    detector: &Detector,
    paths: &PathMask,
    state: &mut StreamState,
    mut reader: impl Read,
    skip_binary: bool,
    mut report: impl FnMut(Hit<'_>),
) -> io::Result<Outcome> {
    let StreamState {
        buf,
        matches,
        scratch,
        head,
    } = state;
    let mut filled = 0;
    let mut base: u64 = 0;
    let mut own_from = 0usize;
    let mut lines = LineCounter {
        pos: 0,
        line: 1,
        line_start: 0,
    };
    let mut first = true;
    loop {
        let want = WINDOW - filled;
        let eof = fill(&mut reader, buf, &mut filled, want)?;
        let window = &buf[..filled];
        if first {
            first = false;
            head.clear();
            head.extend_from_slice(&window[..window.len().min(crate::scan::keystore::HEAD)]);
            let probe = &window[..window.len().min(BINARY_PROBE)];
            if skip_binary && memchr::memchr(0, probe).is_some() {
                return Ok(Outcome::Binary);
            }
        }
        let own_to = if eof {
            window.len()
        } else {
            window.len() - OVERLAP / 2
        };
        matches.clear();
        detector.detect_in(paths, window, scratch, matches);
        for m in matches
            .iter()
            .filter(|m| (own_from..own_to).contains(&m.start))
        {
            lines.advance(window, base, base + m.start as u64);
            let secret = &window[m.start..m.end];
            let column = base + m.start as u64 - lines.line_start + 1;
            let end_column = match memchr::memrchr(b'\n', secret) {
                Some(nl) => (secret.len() - nl) as u64,
                None => column + secret.len() as u64,
            };
            let location = Location {
                line: lines.line,
                column,
                end_column,
            };
            let line_lo = lines.line_start.saturating_sub(base) as usize;
            let line_hi =
                memchr::memchr(b'\n', &window[m.start..]).map_or(window.len(), |p| m.start + p);
            let before = &window[..line_lo.saturating_sub(1)];
            let previous_lo = memchr::memrchr(b'\n', before).map_or(0, |p| p + 1);
            let previous_line = if line_lo == 0 {
                &[][..]
            } else {
                &before[previous_lo..]
            };
            report(Hit {
                matched: m,
                location,
                secret,
                line: &window[line_lo..line_hi],
                previous_line,
            });
        }
        if eof {
            return Ok(Outcome::Scanned);
        }
        lines.advance(window, base, base + own_to as u64);
        let keep_from = filled - OVERLAP;
        buf.copy_within(keep_from..filled, 0);
        filled -= keep_from;
        base += keep_from as u64;
        own_from = own_to - keep_from;
    }
}

/// Reads until `buf[..filled]` has grown by `want` bytes or the reader ends (true). The
/// bytes of `buf` past `filled` are spare room, zeroed once and kept between streams, so a
/// read goes straight into them: `read_to_end` started each stream with 8 KiB reads, 4.3
/// read calls per file of the generated benchmark tree instead of 2.
fn fill(
    reader: &mut impl Read,
    buf: &mut Vec<u8>,
    filled: &mut usize,
    want: usize,
) -> io::Result<bool> {
    let target = *filled + want;
    while *filled < target {
        if buf.len() == *filled {
            let grown = (2 * buf.len()).max(FIRST_READ).min(target);
            buf.resize(grown, 0);
        }
        let end = buf.len().min(target);
        match reader.read(&mut buf[*filled..end]) {
            Ok(0) => return Ok(true),
            Ok(n) => *filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(false)
}

#[cfg(test)]
mod tests;
