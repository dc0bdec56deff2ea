//! hush: secret hygiene.
//!
//! hush finds credentials and personal data before they leak (files, stdin, diffs, git history
//! and log streams) with pattern sets that are data, not code, masks them in streams, and keeps
//! `.env` secrets encrypted at rest ([`vault`]).
//!
//! ```
//! use hush::{detect::Detector, patterns::PatternSet};
//!
//! let detector = Detector::new(PatternSet::builtin()?)?;
//! let mut scratch = detector.scratch();
//! let mut found = Vec::new();
//! detector.detect(b"nothing to see here", &mut scratch, &mut found);
//! assert!(found.is_empty());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(unsafe_code)]
#![deny(missing_docs, rustdoc::broken_intra_doc_links)]

pub mod config;
pub mod detect;
pub mod filter;
#[doc(hidden)]
pub mod fuzzing;
pub mod message;
pub mod patterns;
pub mod quality;
pub mod redact;
pub mod report;
pub mod scan;
pub mod seal;
pub mod vault;

/// Baselines moved into the filter stage; this path stays for existing users.
pub use filter::baseline;
