//! Human output: one finding per line, `path:line:column: rule (confidence) masked`.
//!
//! Colour (anstyle) only when asked: the CLI asks where anstream says a terminal wants it
//! (`NO_COLOR`, `CLICOLOR`, `CLICOLOR_FORCE`, `TERM=dumb` honoured); control characters in
//! paths and values are escaped either way.

use super::{ReportOptions, escape_control};
use crate::patterns::Confidence;
use crate::scan::{Finding, Sink};
use anstyle::{AnsiColor, Style};
use std::io::{self, Write};

fn fg(colour: AnsiColor) -> Style {
    Style::new().fg_color(Some(colour.into()))
}

/// Writes findings for people.
pub struct HumanPrinter<'w> {
    out: Box<dyn Write + 'w>,
    options: ReportOptions,
}

impl<'w> HumanPrinter<'w> {
    /// A printer writing to `out`.
    pub fn new(out: Box<dyn Write + 'w>, options: ReportOptions) -> Self {
        Self { out, options }
    }

    fn paint(&self, style: Style, text: &str) -> String {
        if self.options.color {
            format!("{style}{text}{style:#}")
        } else {
            text.to_owned()
        }
    }
}

impl Sink for HumanPrinter<'_> {
    fn matched(&mut self, f: &Finding) -> io::Result<()> {
        let value = if self.options.show_secrets {
            String::from_utf8_lossy(f.expose_secret()).into_owned()
        } else {
            f.redacted.clone()
        };
        let confidence_colour = match f.confidence {
            Confidence::High => fg(AnsiColor::Red).bold(),
            Confidence::Medium => fg(AnsiColor::Yellow),
            Confidence::Low => fg(AnsiColor::Cyan),
        };
        let commit = f
            .commit
            .as_deref()
            // The first 12 characters, not bytes: a library caller's commit may be any text
            // (found by the `report` fuzz target).
            .map(|c| {
                format!(
                    "{}:",
                    escape_control(&c.chars().take(12).collect::<String>())
                )
            })
            .unwrap_or_default();
        let line = format!(
            "{}{}:{}:{}: {} {} {}\n",
            commit,
            self.paint(fg(AnsiColor::Magenta), &escape_control(&f.path)),
            self.paint(fg(AnsiColor::Green), &f.line.to_string()),
            f.column,
            self.paint(Style::new().bold(), &f.rule),
            self.paint(confidence_colour, &format!("({})", f.confidence.as_str())),
            escape_control(&value),
        );
        // A paired credential names its other half's place (`scan/pair.rs`).
        let line = match &f.pair {
            Some(p) => format!(
                "{} (pair: {} at {}:{})\n",
                line.trim_end(),
                escape_control(&p.rule),
                p.line,
                p.column
            ),
            None => line,
        };
        self.out.write_all(line.as_bytes())
    }

    fn finish(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::patterns::Kind;
    use crate::scan::Location;

    /// Issue 19, found by the `report` fuzz target: a commit that is not ASCII hex cut at a
    /// byte that is not a character boundary panicked.
    #[test]
    fn a_commit_of_any_text_is_shortened_by_characters_and_escaped() {
        let location = Location {
            line: 1,
            column: 1,
            end_column: 2,
        };
        let mut f = Finding::new("r", Kind::Secret, Confidence::High, "p", location, b"s");
        // 11 bytes, then a 3-byte character across byte 12.
        f.commit = Some("0123\u{1b}456789\u{fffd}rule".to_owned());
        let mut out = Vec::new();
        let mut p = HumanPrinter::new(Box::new(&mut out), ReportOptions::default());
        p.matched(&f).expect("writes");
        drop(p);
        let text = String::from_utf8(out).expect("utf-8");
        assert!(
            text.starts_with("0123\\u{1b}456789\u{fffd}:p:1:1: r"),
            "{text}"
        );
        assert!(!text.contains('\x1b'), "{text}");
    }
}
