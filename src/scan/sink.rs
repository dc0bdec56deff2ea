//! [`Sink`]: the only way results leave a scan.
//!
//! Sources and the scanner push findings and warnings into a sink; printers implement it.
//! A sink never sees anything the scanner has not already masked, except through
//! [`Finding::expose_secret`](crate::scan::Finding::expose_secret).

use crate::filter::Suppressed;
use crate::scan::Finding;
use std::io;

/// Receives the results of a scan, in order.
pub trait Sink {
    /// One finding.
    fn matched(&mut self, finding: &Finding) -> io::Result<()>;
    /// How many findings the filter stage suppressed; called once, before [`Sink::finish`].
    fn suppressed(&mut self, counts: Suppressed) {
        let _ = counts;
    }
    /// Called once after the last finding.
    fn finish(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Collects findings in memory (for library users and tests).
impl Sink for Vec<Finding> {
    fn matched(&mut self, finding: &Finding) -> io::Result<()> {
        self.push(finding.clone());
        Ok(())
    }
}

impl<S: Sink + ?Sized> Sink for Box<S> {
    fn matched(&mut self, finding: &Finding) -> io::Result<()> {
        (**self).matched(finding)
    }
    fn suppressed(&mut self, counts: Suppressed) {
        (**self).suppressed(counts);
    }
    fn finish(&mut self) -> io::Result<()> {
        (**self).finish()
    }
}
