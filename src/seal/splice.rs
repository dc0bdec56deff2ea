//! Splicing replacements into a text at byte ranges: how sealing and unsealing change a file
//! without re-serialising it, so every byte outside the ranges stays as it was.

use std::ops::Range;
use zeroize::Zeroizing;

/// `text` with each range replaced (ranges must not overlap). The result zeroizes, as it may
/// hold plaintext; replacement strings holding plaintext are zeroized by the caller's types.
pub(crate) fn splice(text: &str, mut edits: Vec<(Range<usize>, String)>) -> Zeroizing<String> {
    edits.sort_by_key(|(r, _)| (r.start, r.end));
    let extra: usize = edits.iter().map(|(_, s)| s.len()).sum();
    let mut out = Zeroizing::new(String::with_capacity(text.len() + extra));
    let mut at = 0;
    for (range, with) in edits {
        out.push_str(&text[at..range.start.max(at)]);
        out.push_str(&with);
        zeroize::Zeroize::zeroize(&mut with.into_bytes());
        at = range.end.max(at);
    }
    out.push_str(&text[at..]);
    out
}
