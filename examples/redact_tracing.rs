//! A program that logs through `tracing` with hush redacting every line before it reaches
//! stderr: put a [`RedactingWriter`] in front of the sink and hand it to `with_writer`.
//!
//! Run: `cargo run --example redact_tracing` — the password and the token come out masked.

use hush::patterns::PatternSet;
use hush::redact::{MaskStyle, Masker, RedactingWriter, Redactor};
use std::sync::Mutex;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let redactor = Redactor::new(PatternSet::builtin()?, Masker::random(MaskStyle::Hash)?)?;
    let writer = RedactingWriter::new(redactor, std::io::stderr());
    tracing_subscriber::fmt()
        .with_writer(Mutex::new(writer))
        .with_ansi(false)
        .init();

    tracing::info!(user = "ana", "login with password=hunter2&remember=1");
    tracing::info!(r#"request {{"path":"/v1/orders","api_key":"k-19f2a7c4e0"}}"#);
    tracing::warn!("upstream said: Authorization: Bearer s3ss10n42abc");
    Ok(())
}
