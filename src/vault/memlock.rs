//! Keeping secrets out of swap and core dumps: [`LockedBuf`] and [`disable_core_dumps`].
//!
//! One of the crate's two places with `unsafe` code (the other is `detect/simd/avx2.rs`, the
//! vector kernels; SECURITY.md lists both): the two calls to `mlock(2)`/`munlock(2)`
//! (through `rustix`, whose wrappers are `unsafe` because they take a raw address range). Each
//! is given a range inside a live allocation this module owns, so neither can touch memory it
//! does not own. Everything else (rlimits, `prctl`, the page size) is a safe `rustix` call.
//!
//! Locks do not nest (one `munlock` unlocks a page however often it was locked), so a
//! [`LockedBuf`] locks only whole pages that lie inside its own allocation: it over-allocates by
//! a page less one byte and uses the page-aligned run inside. Unlocking it can then never
//! unlock a page another buffer relies on.

use std::io;
use zeroize::Zeroize;

/// A fixed-size buffer for one secret, locked into RAM when the system allows it, zeroized and
/// unlocked on drop. It never grows, so the secret is never copied by a reallocation.
pub(crate) struct LockedBuf {
    buf: Box<[u8]>,
    start: usize,
    len: usize,
    span: usize,
    locked: bool,
}

impl LockedBuf {
    /// A copy of `secret` in fresh memory, locked before the secret is written into it.
    pub(crate) fn new(secret: &[u8]) -> Self {
        let page = rustix::param::page_size();
        let span = secret.len().div_ceil(page).max(1) * page;
        let mut buf = vec![0u8; span + page - 1].into_boxed_slice();
        let start = buf.as_ptr().align_offset(page);
        let locked = lock(&mut buf[start..start + span]).is_ok();
        buf[start..start + secret.len()].copy_from_slice(secret);
        Self {
            buf,
            start,
            len: secret.len(),
            span,
            locked,
        }
    }

    /// The secret bytes.
    pub(crate) fn expose(&self) -> &[u8] {
        &self.buf[self.start..self.start + self.len]
    }

    /// Whether `mlock` succeeded (it fails past `RLIMIT_MEMLOCK`, or without the privilege).
    pub(crate) fn is_locked(&self) -> bool {
        self.locked
    }
}

impl Drop for LockedBuf {
    fn drop(&mut self) {
        self.buf.zeroize();
        if self.locked {
            // Nothing useful to do if it fails: the memory is zeroed and about to be freed.
            let _ = unlock(&mut self.buf[self.start..self.start + self.span]);
        }
    }
}

#[expect(unsafe_code, reason = "mlock(2) takes a raw address range")]
fn lock(range: &mut [u8]) -> io::Result<()> {
    // SAFETY: `range` is an exclusively borrowed slice of a live allocation owned by the
    // caller, so the whole address range is valid and mapped; mlock only changes whether those
    // pages may be swapped out and never reads or writes them.
    unsafe { rustix::mm::mlock(range.as_mut_ptr().cast(), range.len()) }?;
    Ok(())
}

#[expect(unsafe_code, reason = "munlock(2) takes a raw address range")]
fn unlock(range: &mut [u8]) -> io::Result<()> {
    // SAFETY: as in `lock`: a live, exclusively borrowed range that this module locked; munlock
    // only lets the pages be swapped again and does not touch their contents.
    unsafe { rustix::mm::munlock(range.as_mut_ptr().cast(), range.len()) }?;
    Ok(())
}

/// Stops this process from writing core dumps (soft and hard `RLIMIT_CORE` = 0) and, on Linux,
/// marks it not dumpable (`PR_SET_DUMPABLE` 0), which also stops other processes of the same
/// user from attaching with ptrace or reading `/proc/<pid>/mem`. Root is not stopped.
pub fn disable_core_dumps() -> io::Result<()> {
    let zero = rustix::process::Rlimit {
        current: Some(0),
        maximum: Some(0),
    };
    rustix::process::setrlimit(rustix::process::Resource::Core, zero)?;
    #[cfg(target_os = "linux")]
    rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_the_secret_in_whole_pages_of_its_own() {
        let page = rustix::param::page_size();
        for len in [0, 1, 32, page, page + 1] {
            let secret: Vec<u8> = (0..len).map(|i| (i % 251) as u8 + 1).collect();
            let b = LockedBuf::new(&secret);
            assert_eq!(b.expose(), &secret[..]);
            assert_eq!(b.buf[b.start..].as_ptr() as usize % page, 0);
            assert!(b.span >= len.max(1) && b.span.is_multiple_of(page));
            assert!(b.start + b.span <= b.buf.len());
        }
    }

    #[test]
    fn lock_failure_is_tolerated() {
        // Whether mlock works depends on RLIMIT_MEMLOCK; either way the buffer is usable.
        let b = LockedBuf::new(b"k");
        let _ = b.is_locked();
        assert_eq!(b.expose(), b"k");
    }
}
