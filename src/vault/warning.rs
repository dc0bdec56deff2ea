//! Warnings of the dotenv loader: problems that did not stop an import. Never hold a value.

use std::fmt;

/// A dotenv file problem that did not stop the import. Never holds a value.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LoadWarning {
    /// `name` is set on line `previous` and again on line `line`; the value from `line` wins.
    Duplicate {
        /// The entry name.
        name: String,
        /// The line that set it before.
        previous: usize,
        /// The line whose value wins.
        line: usize,
    },
    /// Line `line` is a bare word without `=`: it declares nothing and was skipped. The word
    /// is not kept, since a secret pasted alone on a line looks like a name.
    Bare {
        /// The line.
        line: usize,
    },
}

impl fmt::Display for LoadWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Duplicate {
                name,
                previous,
                line,
            } => write!(
                f,
                "line {line}: {name} is also set on line {previous}; the value from line {line} wins"
            ),
            Self::Bare { line } => {
                write!(
                    f,
                    "line {line}: a bare word without `=`; skipped (write NAME= for an empty value)"
                )
            }
        }
    }
}
