//! What the agent answers to one request: the peer check first, then the request itself
//! (a `GET`, a `PUT` within [`MAX_ENTRIES`], a `LOCK`). Replies never echo the request.

use super::super::peer_allowed;
use super::super::protocol::{Reply, Request};
use super::Agent;
use crate::vault::SecretKey;
use std::io;
use zeroize::Zeroizing;

/// Most keys kept at once, so a runaway client cannot grow the agent without bound.
const MAX_ENTRIES: usize = 1024;

impl Agent {
    /// The reply to a request `line` from `peer` (a refused peer is told so whatever it sent).
    pub(super) fn answer(
        &mut self,
        peer: &io::Result<u32>,
        line: io::Result<Zeroizing<Vec<u8>>>,
        log: &mut dyn FnMut(&str),
    ) -> Reply {
        if !peer_allowed(peer, self.allowed_uid) {
            let who = peer
                .as_ref()
                .map_or_else(|_| "unknown".to_owned(), u32::to_string);
            log(&format!("refused a client of uid {who}"));
            return Reply::Err("forbidden: not the agent's user".to_owned());
        }
        match line {
            Err(e) if e.kind() == io::ErrorKind::TimedOut => {
                Reply::Err("too slow: the whole request must arrive within 2 s".to_owned())
            }
            Err(_) => Reply::Err("unreadable request".to_owned()),
            Ok(line) => match Request::parse(&line) {
                Err(why) => Reply::Err(why.to_owned()),
                Ok(req) => self.handle(req, log),
            },
        }
    }

    fn handle(&mut self, req: Request, log: &mut dyn FnMut(&str)) -> Reply {
        match req {
            Request::Get(slot) => match self.cache.get(&slot) {
                Some(bytes) => match <[u8; crate::vault::KEY_LEN]>::try_from(&bytes[..]) {
                    Ok(k) => Reply::Key(SecretKey::from_bytes(Zeroizing::new(k))),
                    Err(_) => Reply::Miss,
                },
                None => Reply::Miss,
            },
            Request::Put(slot, key) => {
                if self.cache.len() >= MAX_ENTRIES && self.cache.get(&slot).is_none() {
                    return Reply::Err("full".to_owned());
                }
                self.cache.insert(&slot, key.expose());
                Reply::Ok
            }
            Request::Lock => {
                self.cache.clear();
                log("locked: forgot every key");
                Reply::Ok
            }
        }
    }
}
