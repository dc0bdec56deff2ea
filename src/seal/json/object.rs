//! The members of a JSON object: each key pushed on the path, the `_hush` entry recognised
//! (and where to cut it), and duplicate keys refused, since a path must name one value.

use super::Walker;
use crate::seal::format::MetaEntry;
use crate::seal::meta;
use crate::seal::value::Kind;
use std::borrow::Cow;

impl<'a> Walker<'a> {
    pub(super) fn object(&mut self, depth: usize) -> Result<(), String> {
        self.i += 1;
        let mut keys = Vec::new();
        let mut prev_end: Option<usize> = None;
        loop {
            self.ws();
            if self.peek() == b'}' {
                self.i += 1;
                return self.unique(keys);
            }
            let key_start = self.i;
            if depth == 0 && self.first_key.is_none() {
                self.first_key = Some(key_start);
            }
            self.string();
            let key = self.decoded(key_start)?;
            self.ws();
            self.i += 1; // ':'
            self.path.push_key(&key);
            keys.push(key);
            let before = self.scalars.len();
            self.value(depth + 1)?;
            let value_end = self.i;
            self.ws();
            let comma = self.peek() == b',';
            if comma {
                self.i += 1;
            }
            if self.path.is_metadata() {
                let entry = self.scalars.pop().filter(|_| self.scalars.len() == before);
                let entry = entry
                    .filter(|s| s.kind == Some(Kind::String))
                    .ok_or_else(|| format!("`{}` is not a string", meta::KEY))?;
                // Cut the member and the comma after it; the last member takes the comma
                // before it instead.
                let remove = if comma {
                    self.ws();
                    key_start..self.i
                } else {
                    prev_end.unwrap_or(key_start)..value_end
                };
                self.meta = Some(MetaEntry {
                    span: entry.span,
                    remove,
                    value: entry.value.to_string(),
                });
            }
            self.path.pop();
            prev_end = Some(value_end);
        }
    }

    /// Refuses an object holding a key twice. Sorting its keys once at the end costs less than
    /// hashing each one (objects of a large config have thousands), and input cannot slow it
    /// down with chosen collisions.
    fn unique(&mut self, mut keys: Vec<Cow<'a, str>>) -> Result<(), String> {
        keys.sort_unstable();
        match keys.windows(2).find(|w| w[0] == w[1]) {
            Some(w) => {
                self.path.push_key(&w[0]);
                Err(format!("duplicate key {}", self.path))
            }
            None => Ok(()),
        }
    }
}
