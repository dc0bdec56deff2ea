//! [`SecretCache`]: secrets (derived keys, values) in locked, zeroizing memory for a time-to-live,
//! so a process or the agent does not re-run Argon2id for every read. Each entry, named by a
//! public *slot*, has its own [`LockedBuf`] (mlocked when allowed, zeroized on eviction and on
//! drop). Entries expire lazily: every call first drops what has expired, and
//! [`SecretCache::next_expiry`] lets a long-running owner (the agent) wake up to do it on time.

use super::memlock::LockedBuf;
use std::fmt;
use std::time::{Duration, Instant};
use zeroize::Zeroizing;

/// A clock, injectable so tests can move time.
pub type Clock = Box<dyn Fn() -> Instant + Send>;

struct Entry {
    slot: String,
    expires: Instant,
    secret: LockedBuf,
}

/// Secrets by slot name, each forgotten (zeroized) `ttl` after it was put.
pub struct SecretCache {
    entries: Vec<Entry>,
    ttl: Duration,
    clock: Clock,
    unlocked: bool,
    dumps_disabled: bool,
}

impl SecretCache {
    /// An empty cache whose entries live for `ttl`. Making one turns core dumps off for the
    /// whole process ([`disable_core_dumps`](crate::vault::disable_core_dumps), best effort; see
    /// [`SecretCache::core_dumps_disabled`]), so a crash cannot write the cached secrets to disk;
    /// the limit is inherited by child processes started afterwards.
    pub fn new(ttl: Duration) -> Self {
        Self::with_clock(ttl, Box::new(Instant::now))
    }

    /// Like [`SecretCache::new`], reading the time from `clock`.
    pub fn with_clock(ttl: Duration, clock: Clock) -> Self {
        Self {
            entries: Vec::new(),
            ttl,
            clock,
            unlocked: false,
            dumps_disabled: super::memlock::disable_core_dumps().is_ok(),
        }
    }

    /// Keeps a copy of `secret` under `slot` (replacing any entry there) for the TTL.
    pub fn insert(&mut self, slot: &str, secret: &[u8]) {
        self.expire();
        self.remove(slot);
        let entry = Entry {
            slot: slot.to_owned(),
            expires: (self.clock)() + self.ttl,
            secret: LockedBuf::new(secret),
        };
        self.unlocked |= !entry.secret.is_locked();
        self.entries.push(entry);
    }

    /// A copy of the secret under `slot`, unless absent or expired.
    pub fn get(&mut self, slot: &str) -> Option<Zeroizing<Vec<u8>>> {
        self.expire();
        let e = self.entries.iter().find(|e| e.slot == slot)?;
        Some(Zeroizing::new(e.secret.expose().to_vec()))
    }

    /// Forgets `slot`; `false` if it was not there.
    pub fn remove(&mut self, slot: &str) -> bool {
        let before = self.entries.len();
        self.entries.retain(|e| e.slot != slot);
        self.entries.len() != before
    }

    /// Forgets every entry (each is zeroized).
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// Forgets the entries whose time is up.
    pub fn expire(&mut self) {
        let now = (self.clock)();
        self.entries.retain(|e| e.expires > now);
    }

    /// Number of live entries.
    pub fn len(&mut self) -> usize {
        self.expire();
        self.entries.len()
    }

    /// Whether no live entry is left.
    pub fn is_empty(&mut self) -> bool {
        self.len() == 0
    }

    /// When the next entry expires, if any.
    pub fn next_expiry(&self) -> Option<Instant> {
        self.entries.iter().map(|e| e.expires).min()
    }

    /// `false` once any entry could not be locked into RAM (`mlock` failed, e.g. past
    /// `RLIMIT_MEMLOCK`); the cache still works, but that entry may reach swap.
    pub fn memory_locked(&self) -> bool {
        !self.unlocked
    }

    /// False when turning core dumps off failed when the cache was made.
    pub fn core_dumps_disabled(&self) -> bool {
        self.dumps_disabled
    }
}

impl fmt::Debug for SecretCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecretCache")
            .field("entries", &self.entries.len())
            .field("ttl", &self.ttl)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vault::{KEY_LEN, KekCache, SecretKey};
    use std::sync::{Arc, Mutex};

    /// A cache and a handle that moves its clock forward.
    fn cache(ttl_secs: u64) -> (SecretCache, Arc<Mutex<Instant>>) {
        let now = Arc::new(Mutex::new(Instant::now()));
        let clock = Arc::clone(&now);
        let read = move || *clock.lock().expect("clock");
        let c = SecretCache::with_clock(Duration::from_secs(ttl_secs), Box::new(read));
        (c, now)
    }

    fn advance(now: &Mutex<Instant>, secs: u64) {
        *now.lock().expect("clock") += Duration::from_secs(secs)
    }

    #[test]
    fn entries_expire_after_the_ttl() {
        let (mut c, now) = cache(10);
        c.insert("a", b"one");
        advance(&now, 5);
        c.insert("b", b"two");
        assert_eq!(c.get("a").as_deref().map(Vec::as_slice), Some(&b"one"[..]));
        assert_eq!(
            c.next_expiry(),
            Some(*now.lock().expect("clock") + Duration::from_secs(5))
        );
        advance(&now, 5);
        assert!(c.get("a").is_none(), "expired at exactly the TTL");
        assert_eq!(c.len(), 1);
        advance(&now, 5);
        assert!(c.is_empty() && c.next_expiry().is_none());
    }

    #[test]
    fn insert_replaces_and_restarts_the_clock() {
        let (mut c, now) = cache(10);
        c.insert("a", b"old");
        advance(&now, 8);
        c.insert("a", b"new");
        advance(&now, 8);
        assert_eq!(c.get("a").as_deref().map(Vec::as_slice), Some(&b"new"[..]));
        assert_eq!(c.len(), 1);
    }

    #[test]
    fn clear_and_remove_forget() {
        let (mut c, _) = cache(60);
        c.insert("a", b"1");
        c.insert("b", b"2");
        assert!(c.remove("a") && !c.remove("a"));
        c.clear();
        assert!(c.get("b").is_none() && c.is_empty());
    }

    #[test]
    fn making_a_cache_turns_core_dumps_off() {
        let c = SecretCache::new(Duration::from_secs(1));
        assert!(c.core_dumps_disabled());
        let limit = rustix::process::getrlimit(rustix::process::Resource::Core);
        assert_eq!((limit.current, limit.maximum), (Some(0), Some(0)));
    }

    #[test]
    fn keys_round_trip_and_debug_shows_no_secret() {
        let (mut c, _) = cache(60);
        let k = SecretKey::from_bytes(Zeroizing::new([0x5A; KEY_LEN]));
        c.put_kek("vault.slot", &k);
        let back = c.get_kek("vault.slot").expect("cached");
        assert_eq!(back.expose(), k.expose());
        c.insert("short", b"abc");
        c.insert("long", &[1; KEY_LEN + 1]);
        assert!(c.get_kek("short").is_none() && c.get_kek("long").is_none());
        let shown = format!("{c:?} {c:#?}");
        assert!(!shown.contains("90") && !shown.contains("abc") && !shown.contains("slot"));
    }
}
