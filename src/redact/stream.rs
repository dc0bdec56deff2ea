//! Streaming redaction: [`RedactFilter`] copies a reader to a writer with findings masked, in
//! memory bounded by [`MAX_LINE`] whatever the input.
//!
//! Input is read in chunks of up to [`MAX_LINE`] bytes; every complete line of a chunk goes to
//! the detector in one call (so a fast input costs one call per chunk, not per line), and the
//! output of a chunk is written, and flushed, before the next read. A slow input (`tail -f`)
//! gives one line per read, so each line comes out as soon as it arrives; a file or a fast pipe
//! gives big chunks and big writes. `buffered` only drops the flush after each chunk.
//!
//! A line longer than [`MAX_LINE`] is redacted in windows of [`MAX_LINE`] bytes overlapping by
//! [`OVERLAP`]: each window writes out what lies before its last `OVERLAP / 2` bytes (extended
//! to the end of any finding that straddles that point) and keeps the rest, plus `OVERLAP / 2`
//! bytes of context, for the next. A secret shorter than `OVERLAP / 2` is therefore always seen
//! whole by some window. Long lines are redacted as text (no JSON, no private-key blocks).

use super::{PemState, Redactor, Stats, Work};
use std::io::{self, Read, Write};

/// Longest line redacted in one piece, and the input buffer size (bytes).
pub const MAX_LINE: usize = 1 << 20; // 1 MiB
/// Bytes shared by consecutive windows of a long line.
pub const OVERLAP: usize = 64 << 10; // 64 KiB

/// Line assembly shared by [`RedactFilter`] and [`RedactingWriter`](super::RedactingWriter).
/// Its `Debug` shows sizes only: the buffers hold unredacted input.
pub(crate) struct LineCore {
    buf: Box<[u8]>,
    len: usize,
    /// In a line longer than `MAX_LINE`: `buf[..emitted]` is context already written.
    long: bool,
    emitted: usize,
    work: Work,
    pem: PemState,
    /// Threads a big run of lines is split over.
    pub(crate) threads: usize,
    pub(crate) out: Vec<u8>,
    pub(crate) stats: Stats,
}

impl std::fmt::Debug for LineCore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LineCore")
            .field("buffered", &self.len)
            .field("long", &self.long)
            .field("pending_out", &self.out.len())
            .finish_non_exhaustive()
    }
}

impl LineCore {
    pub(crate) fn new(r: &Redactor) -> Self {
        Self {
            buf: vec![0; MAX_LINE].into_boxed_slice(),
            len: 0,
            long: false,
            emitted: 0,
            work: r.work(),
            pem: PemState::default(),
            threads: 1,
            out: Vec::new(),
            stats: r.stats(),
        }
    }

    /// Free space to read into; never empty after [`process`](Self::process).
    pub(crate) fn spare(&mut self) -> &mut [u8] {
        &mut self.buf[self.len..]
    }

    /// Marks `n` bytes of [`spare`](Self::spare) as filled.
    pub(crate) fn commit(&mut self, n: usize) {
        self.len += n;
    }

    /// Redacts every complete line buffered (at `eof`, everything) into `out`.
    pub(crate) fn process(&mut self, r: &Redactor, eof: bool) {
        loop {
            let data = &self.buf[..self.len];
            if self.long {
                match memchr::memchr(b'\n', &data[self.emitted..]) {
                    Some(nl) => self.finish_long(r, self.emitted + nl + 1),
                    None if eof => self.finish_long(r, self.len),
                    None if self.len == MAX_LINE => self.window(r),
                    None => return,
                }
                continue;
            }
            let end = match memchr::memrchr(b'\n', data) {
                Some(nl) => nl + 1,
                None if eof && self.len > 0 => self.len,
                None if self.len == MAX_LINE => {
                    self.long = true;
                    self.pem = PemState::default();
                    continue;
                }
                None => return,
            };
            r.redact_lines(
                &self.buf[..end],
                self.threads,
                &mut self.work,
                &mut self.pem,
                &mut self.out,
                &mut self.stats,
            );
            self.consume(end);
        }
    }

    /// Writes the rest of a long line, which ends at `end`.
    fn finish_long(&mut self, r: &Redactor, end: usize) {
        let hay = &self.buf[..end];
        r.text_edits(hay, &mut self.work);
        r.apply(
            hay,
            self.emitted,
            end,
            &self.work.edits,
            &mut self.out,
            &mut self.stats,
        );
        self.consume(end);
        self.long = false;
        self.emitted = 0;
    }

    /// One window of a long line: the buffer is full and holds no newline.
    fn window(&mut self, r: &Redactor) {
        let hay = &self.buf[..self.len];
        r.text_edits(hay, &mut self.work);
        let own_to = self.len - OVERLAP / 2;
        let edits = &mut self.work.edits;
        edits.retain(|e| e.start < own_to);
        let cut = edits.iter().map(|e| e.end).fold(own_to, usize::max);
        r.apply(
            hay,
            self.emitted,
            cut,
            edits,
            &mut self.out,
            &mut self.stats,
        );
        let keep = cut - OVERLAP / 2;
        self.consume(keep);
        self.emitted = cut - keep;
    }

    fn consume(&mut self, n: usize) {
        self.buf.copy_within(n..self.len, 0);
        self.len -= n;
    }
}

/// Copies `reader` to `writer` line by line with findings masked (see the module docs).
#[derive(Debug)]
pub struct RedactFilter<'r, R, W> {
    redactor: &'r Redactor,
    reader: R,
    writer: W,
    buffered: bool,
    core: LineCore,
}

/// Output is written once this much is pending in buffered mode (bytes).
const BUFFERED_WRITE: usize = 1 << 20; // 1 MiB

impl<'r, R: Read, W: Write> RedactFilter<'r, R, W> {
    /// A filter flushing after every chunk read (so a slow input is echoed line by line).
    pub fn new(redactor: &'r Redactor, reader: R, writer: W) -> Self {
        Self {
            core: LineCore::new(redactor),
            redactor,
            reader,
            writer,
            buffered: false,
        }
    }

    /// Flush only when the output buffer fills and at the end (batch throughput).
    pub fn buffered(mut self, yes: bool) -> Self {
        self.buffered = yes;
        self
    }

    /// Redacts a big run of lines (a fast input) on up to `n` threads; the output is the same
    /// bytes in the same order. Default 1.
    pub fn threads(mut self, n: usize) -> Self {
        self.core.threads = n.max(1);
        self
    }

    /// One read; in buffered mode, reads until the buffer is full or the input ends, so a
    /// pipe's small reads still give big runs of lines to split over threads.
    fn read(&mut self) -> io::Result<usize> {
        let mut total = 0;
        loop {
            match self.reader.read(&mut self.core.spare()[total..]) {
                Ok(0) => return Ok(total),
                Ok(n) => {
                    total += n;
                    if !self.buffered || total == self.core.spare().len() {
                        return Ok(total);
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            }
        }
    }

    /// Runs to the end of the input; returns the stats. Read and write errors (a closed pipe
    /// included) are returned as they are.
    pub fn run(mut self) -> io::Result<Stats> {
        loop {
            let n = self.read()?;
            self.core.commit(n);
            let eof = n == 0;
            self.core.process(self.redactor, eof);
            let out = &mut self.core.out;
            if !self.buffered || eof || out.len() >= BUFFERED_WRITE {
                self.writer.write_all(out)?;
                out.clear();
                if !self.buffered || eof {
                    self.writer.flush()?;
                }
            }
            if eof {
                return Ok(self.core.stats);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patterns::demo::{self, TOKEN};
    use crate::redact::{MaskStyle, Masker};

    fn redactor() -> Redactor {
        Redactor::new(demo::set(), Masker::new(MaskStyle::Full, b"")).expect("builds")
    }

    /// Feeds `input` in reads of `step` bytes.
    struct Trickle<'a>(&'a [u8], usize);
    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.0.len().min(self.1).min(buf.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    fn filter(input: &[u8], step: usize) -> (Vec<u8>, u64) {
        let r = redactor();
        let mut out = Vec::new();
        let stats = RedactFilter::new(&r, Trickle(input, step), &mut out)
            .run()
            .expect("in memory");
        (out, stats.total())
    }

    #[test]
    fn lines_kept_final_newline_kept_missing() {
        for step in [1, 7, 1 << 20] {
            let mut input = format!("a {TOKEN} b\n\nplain").into_bytes();
            input.extend_from_slice(b"\xff\n");
            input.extend_from_slice(TOKEN.as_bytes());
            let (out, n) = filter(&input, step);
            assert_eq!(
                out,
                b"a [REDACTED:demo-token] b\n\nplain\xff\n[REDACTED:demo-token]".to_vec(),
                "step {step}"
            );
            assert_eq!(n, 2);
        }
    }

    #[test]
    fn secret_across_every_window_edge_is_masked() {
        let edge = MAX_LINE - OVERLAP / 2;
        for offset in [
            edge - 30,
            edge - 21,
            edge - 10,
            edge,
            MAX_LINE - 10,
            MAX_LINE + 5,
            2 * MAX_LINE - OVERLAP,
        ] {
            let mut input = vec![b'x'; offset];
            input.push(b' ');
            input.extend_from_slice(TOKEN.as_bytes());
            input.push(b' ');
            input.extend(std::iter::repeat_n(b'y', 2 * MAX_LINE));
            input.push(b'\n');
            let (out, n) = filter(&input, 1 << 16);
            assert!(
                memchr::memmem::find(&out, TOKEN.as_bytes()).is_none(),
                "offset {offset}"
            );
            assert_eq!(n, 1, "offset {offset}");
            assert_eq!(
                out.len(),
                input.len() - TOKEN.len() + "[REDACTED:demo-token]".len()
            );
            assert_eq!(out.last(), Some(&b'\n'));
        }
    }

    #[test]
    fn debug_shows_no_buffered_input() {
        let r = redactor();
        let mut core = LineCore::new(&r);
        let input = format!("partial {TOKEN}");
        core.spare()[..input.len()].copy_from_slice(input.as_bytes());
        core.commit(input.len());
        core.process(&r, false);
        let debug = format!("{core:?} {:?}", RedactFilter::new(&r, &b""[..], Vec::new()));
        assert!(
            !debug.contains(TOKEN) && !debug.contains("partial"),
            "{debug}"
        );
    }

    #[test]
    fn long_clean_line_is_byte_identical() {
        let mut input: Vec<u8> = (0..3 * MAX_LINE + 17).map(|i| b"abc \xfe"[i % 5]).collect();
        input.extend_from_slice(b"\nnext\n");
        assert_eq!(filter(&input, 1 << 20).0, input);
    }
}
