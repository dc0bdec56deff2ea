//! Redacting a big run of complete lines on several threads.
//!
//! The run is cut at line starts into one part per thread. Lines are independent except for
//! private-key blocks, so each part's opening [`PemState`] is found first by following the
//! BEGIN/END markers through the parts before it (a literal search, far cheaper than
//! detection). Each part is then redacted with its own buffers and the outputs are joined in
//! order: the bytes written are exactly those one thread would write.

use super::{PemState, Redactor, Stats, Work};

/// Below this many bytes, one thread redacts the run (spawning costs more than it saves).
pub(super) const PAR_MIN: usize = 32 << 10; // 32 KiB

/// Cuts `hay` (complete lines) into at most `parts` pieces at line starts; returns the piece
/// boundaries, `0` first and `hay.len()` last. A piece is never empty.
pub(super) fn cut_points(hay: &[u8], parts: usize) -> Vec<usize> {
    let mut cuts = vec![0];
    for i in 1..parts.max(1) {
        let target = hay.len() * i / parts;
        let last = *cuts.last().unwrap_or(&0);
        if target <= last {
            continue;
        }
        match memchr::memchr(b'\n', &hay[target..]) {
            Some(nl) if target + nl + 1 < hay.len() => cuts.push(unindented(hay, target + nl + 1)),
            _ => break,
        }
    }
    cuts.push(hay.len());
    cuts.dedup();
    cuts
}

/// How far a cut moves past indented lines (64 KiB), so a part stays about its share.
const INDENT_REACH: usize = 64 << 10;

/// The first line start from `at` whose line is not indented: an indented line continues the
/// one before it (`- name: API_KEY` then `  value: ...`, a YAML block, a stack trace), and a
/// rule that reads across that line end must see both. Past [`INDENT_REACH`], `at` itself.
fn unindented(hay: &[u8], at: usize) -> usize {
    let mut p = at;
    while p < hay.len() && p - at < INDENT_REACH && matches!(hay[p], b' ' | b'\t') {
        match memchr::memchr(b'\n', &hay[p..]) {
            Some(nl) if p + nl + 1 < hay.len() => p += nl + 1,
            _ => return at,
        }
    }
    if p - at >= INDENT_REACH { at } else { p }
}

impl Redactor {
    /// Redacts the complete lines `hay` into `out`, on up to `threads` threads; `pem` carries
    /// an open private-key block in and out, as in the one-thread path.
    pub(super) fn redact_lines(
        &self,
        hay: &[u8],
        threads: usize,
        work: &mut Work,
        pem: &mut PemState,
        out: &mut Vec<u8>,
        stats: &mut Stats,
    ) {
        if threads <= 1 || hay.len() < PAR_MIN {
            self.line_edits(hay, work, pem);
            self.apply(hay, 0, hay.len(), &work.edits, out, stats);
            return;
        }
        let cuts = cut_points(hay, threads);
        let parts: Vec<&[u8]> = cuts.windows(2).map(|w| &hay[w[0]..w[1]]).collect();
        let mut states = Vec::with_capacity(parts.len());
        let mut scratch_edits = Vec::new();
        for part in &parts {
            states.push(*pem);
            if !self.pem_rules.is_empty() {
                scratch_edits.clear();
                self.pem_edits(part, pem, &mut scratch_edits);
            }
        }
        let (first, rest) = parts.split_first().expect("cut_points returns a piece");
        std::thread::scope(|scope| {
            let handles: Vec<_> = (rest.iter().zip(&states[1..]))
                .map(|(part, state)| {
                    let mut state = *state;
                    scope.spawn(move || {
                        let mut work = self.take_work();
                        let mut out = Vec::with_capacity(part.len() + 256);
                        let mut stats = self.stats();
                        self.line_edits(part, &mut work, &mut state);
                        self.apply(part, 0, part.len(), &work.edits, &mut out, &mut stats);
                        self.put_work(work);
                        (out, stats)
                    })
                })
                .collect();
            let mut state = states[0];
            self.line_edits(first, work, &mut state);
            self.apply(first, 0, first.len(), &work.edits, out, stats);
            for handle in handles {
                // A worker panicking is a bug; re-raise it on this thread.
                let (part_out, part_stats) = handle
                    .join()
                    .unwrap_or_else(|e| std::panic::resume_unwind(e));
                out.extend_from_slice(&part_out);
                stats.add(&part_stats);
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patterns::demo::{self, TOKEN};
    use crate::redact::{MaskStyle, Masker};

    #[test]
    fn cut_points_fall_on_line_starts_and_cover_everything() {
        let hay = b"aaaa\nbb\ncccccc\nd\neeeeeeeeee\n";
        for parts in 1..8 {
            let cuts = cut_points(hay, parts);
            assert_eq!(cuts.first(), Some(&0));
            assert_eq!(cuts.last(), Some(&hay.len()));
            assert!(cuts.len() <= parts + 1, "{parts}: {cuts:?}");
            assert!(cuts.windows(2).all(|w| w[0] < w[1]), "{cuts:?}");
            for &c in &cuts[1..cuts.len() - 1] {
                assert_eq!(hay[c - 1], b'\n', "{parts}: {cuts:?}");
            }
        }
        assert_eq!(cut_points(b"one line, no newline", 4), vec![0, 20]);
        // A cut never falls before an indented line that continues the one above it.
        let hay = b"a: 1\n- name: API_KEY\n  value: x\n  more: y\nb: 2\nc: 3\n";
        for parts in 1..8 {
            for &c in &cut_points(hay, parts)[1..] {
                assert!(c == hay.len() || hay[c] != b' ', "{parts}: cut at {c}");
            }
        }
    }

    /// Many threads and one give the same bytes and the same counts, private-key blocks
    /// across part boundaries included.
    #[test]
    fn threads_change_nothing_in_the_output() {
        let set = crate::patterns::PatternSet::builtin().expect("builtin rules");
        let mut set_and_demo = set;
        set_and_demo.extend(demo::set());
        let r = Redactor::new(set_and_demo, Masker::new(MaskStyle::Full, b"")).expect("builds");
        let mut hay = Vec::new();
        let mut i = 0;
        while hay.len() < 3 * PAR_MIN {
            match i % 97 {
                5 => hay.extend_from_slice(format!("token {TOKEN} here\n").as_bytes()),
                40 => hay.extend_from_slice(b"-----BEGIN RSA PRIVATE KEY-----\n"),
                41..=60 => hay.extend_from_slice(b"MIIEpAIBAAKCAQEAx3b2lines0fbase64body\n"),
                61 => hay.extend_from_slice(b"-----END RSA PRIVATE KEY-----\n"),
                _ => hay.extend_from_slice(format!("plain log line {i} ok\n").as_bytes()),
            }
            i += 1;
        }
        let run = |threads| {
            let mut out = Vec::new();
            let mut stats = r.stats();
            let mut pem = PemState::default();
            let mut work = r.work();
            r.redact_lines(&hay, threads, &mut work, &mut pem, &mut out, &mut stats);
            (out, stats.total())
        };
        let (one, n1) = run(1);
        assert!(n1 > 0 && memchr::memmem::find(&one, TOKEN.as_bytes()).is_none());
        assert!(memchr::memmem::find(&one, b"x3b2lines").is_none());
        for threads in [2, 3, 7] {
            let (many, n) = run(threads);
            assert_eq!(n, n1, "{threads} threads");
            assert!(many == one, "{threads} threads give other bytes");
        }
    }
}
