//! [`RedactingWriter`]: a `Write` adapter a program puts in front of its log sink.
//!
//! Bytes written to it are cut into lines; each complete line is redacted and written to the
//! inner writer at once. A partial line waits for its newline (or for [`finish`] / drop), so a
//! secret split across two `write` calls is still seen whole.
//!
//! [`finish`]: RedactingWriter::finish

use super::Redactor;
use super::stream::LineCore;
use std::io::{self, Write};
use std::sync::Arc;

/// Redacts everything written through it, line by line, into `W`.
///
/// With `tracing_subscriber`, wrap it in a `Mutex` and hand it to `with_writer`:
///
/// ```
/// use hush::patterns::PatternSet;
/// use hush::redact::{MaskStyle, Masker, RedactingWriter, Redactor};
/// use std::sync::{Arc, Mutex};
///
/// # #[derive(Clone, Default)] struct Shared(Arc<Mutex<Vec<u8>>>);
/// # impl std::io::Write for Shared {
/// #     fn write(&mut self, b: &[u8]) -> std::io::Result<usize> { self.0.lock().expect("lock").write(b) }
/// #     fn flush(&mut self) -> std::io::Result<()> { Ok(()) }
/// # }
/// # let sink = Shared::default();
/// # let log = sink.clone();
/// // In a real program the sink is `std::io::stderr()` or a file.
/// let redactor = Redactor::new(PatternSet::builtin()?, Masker::random(MaskStyle::Full)?)?;
/// let writer = RedactingWriter::new(redactor, sink);
/// let subscriber = tracing_subscriber::fmt()
///     .with_writer(Mutex::new(writer))
///     .with_ansi(false)
///     .finish();
/// tracing::subscriber::with_default(subscriber, || {
///     tracing::info!(r#"login {{"user":"ana","password":"hunter2!"}}"#);
/// });
/// let text = String::from_utf8(log.0.lock().expect("lock").clone())?;
/// assert!(!text.contains("hunter2!"), "{text}");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct RedactingWriter<W: Write> {
    redactor: Arc<Redactor>,
    core: LineCore,
    inner: Option<W>,
}

impl<W: Write> RedactingWriter<W> {
    /// Redacts into `inner` with `redactor` (a `Redactor` or an `Arc` of one).
    pub fn new(redactor: impl Into<Arc<Redactor>>, inner: W) -> Self {
        let redactor = redactor.into();
        Self {
            core: LineCore::new(&redactor),
            redactor,
            inner: Some(inner),
        }
    }

    /// Redacts and writes a pending partial line, flushes, and returns the inner writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.drain(true)?;
        let mut inner = self.inner.take().expect("present until finish or drop");
        inner.flush()?;
        Ok(inner)
    }

    fn drain(&mut self, eof: bool) -> io::Result<()> {
        self.core.process(&self.redactor, eof);
        if let Some(inner) = self.inner.as_mut() {
            inner.write_all(&self.core.out)?;
        }
        self.core.out.clear();
        Ok(())
    }
}

impl<W: Write> Write for RedactingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let spare = self.core.spare();
        let n = spare.len().min(buf.len());
        spare[..n].copy_from_slice(&buf[..n]);
        self.core.commit(n);
        self.drain(false)?;
        Ok(n)
    }

    /// Writes out complete lines and flushes the inner writer; a partial line stays pending.
    fn flush(&mut self) -> io::Result<()> {
        self.drain(false)?;
        self.inner.as_mut().map_or(Ok(()), Write::flush)
    }
}

impl<W: Write> Drop for RedactingWriter<W> {
    fn drop(&mut self) {
        if self.inner.is_some() {
            let _ = self.drain(true);
            if let Some(inner) = self.inner.as_mut() {
                let _ = inner.flush();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patterns::demo;
    use crate::redact::{MaskStyle, Masker};

    fn writer() -> RedactingWriter<Vec<u8>> {
        RedactingWriter::new(
            Redactor::new(demo::set(), Masker::new(MaskStyle::Full, b"")).expect("builds"),
            Vec::new(),
        )
    }

    #[test]
    fn secret_split_across_writes_is_masked() {
        let mut w = writer();
        w.write_all(b"one dtok_Ab3dEf6h").expect("vec");
        w.write_all(b"Ij9kLm2n two\nthree").expect("vec");
        assert_eq!(
            w.inner.as_ref().expect("inner"),
            b"one [REDACTED:demo-token] two\n"
        );
        let out = w.finish().expect("vec");
        assert_eq!(out, b"one [REDACTED:demo-token] two\nthree");
    }
}
