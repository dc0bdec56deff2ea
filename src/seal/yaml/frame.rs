//! The container stack of the YAML walk: which mapping or sequence a value arrives in, so the
//! walker knows the value's path and moves past it when it ends.

use crate::seal::path::KeyPath;

pub(super) enum Frame {
    /// `key` is the pending key (`None` while a key is expected); `shared` under an anchor.
    Map {
        key: Option<String>,
        shared: bool,
    },
    Seq {
        next: usize,
        shared: bool,
    },
}

/// Extends the path for a value arriving in the innermost container.
pub(super) fn enter(stack: &mut [Frame], kp: &mut KeyPath) {
    match stack.last() {
        Some(Frame::Map { key: Some(k), .. }) => kp.push_key(k),
        Some(Frame::Seq { next, .. }) => kp.push_index(*next),
        _ => {}
    }
}

/// Moves the innermost container past the value that just ended.
pub(super) fn leave(stack: &mut [Frame]) {
    match stack.last_mut() {
        Some(Frame::Map { key, .. }) => *key = None,
        Some(Frame::Seq { next, .. }) => *next += 1,
        None => {}
    }
}
