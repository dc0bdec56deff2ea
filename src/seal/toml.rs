//! Locating the values of a TOML document with `toml_edit`, whose parsed (not yet edited)
//! document keeps the byte span of every key and value.
//!
//! A new `_hush` entry goes on the first line (a top-level key must come before any table
//! header); removing it cuts its whole line.

use super::format::{Insert, Located, MetaEntry, Scalar};
use super::meta;
use super::path::KeyPath;
use super::value::Kind;
use toml_edit::{Item, Table, Value};
use zeroize::Zeroizing;

pub(crate) fn locate(text: &str) -> Result<Located, String> {
    let doc = toml_edit::Document::parse(text).map_err(|e| {
        // toml_edit's message quotes the offending line; only its position is safe to show.
        match e.span().map(|s| line_col(text, s.start)) {
            Some((line, col)) => format!("syntax error at line {line}, column {col}"),
            None => "syntax error".to_owned(),
        }
    })?;
    let mut out = Out {
        text,
        path: KeyPath::default(),
        scalars: Vec::new(),
    };
    out.table(doc.as_table())?;
    let mut meta = None;
    if let Some((key, item)) = doc.as_table().get_key_value(meta::KEY) {
        let span = item.span().ok_or("`_hush` has no position")?;
        let Some(Value::String(s)) = item.as_value() else {
            return Err(format!("`{}` is not a string", meta::KEY));
        };
        let key_start = key.span().map_or(span.start, |k| k.start);
        let line_start = text[..key_start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[span.end..]
            .find('\n')
            .map_or(text.len(), |i| span.end + i + 1);
        meta = Some(MetaEntry {
            span,
            remove: line_start..line_end,
            value: s.value().clone(),
        });
        out.scalars.retain(|s| !s.path.is_metadata());
    }
    Ok(Located {
        scalars: out.scalars,
        meta,
        insert: Insert {
            at: 0,
            prefix: format!("{} = ", meta::KEY),
            suffix: "\n".to_owned(),
        },
    })
}

fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, col)
}

struct Out<'a> {
    text: &'a str,
    path: KeyPath,
    scalars: Vec<Scalar>,
}

impl Out<'_> {
    fn table(&mut self, t: &Table) -> Result<(), String> {
        for (k, item) in t.iter() {
            self.path.push_key(k);
            self.item(item)?;
            self.path.pop();
        }
        Ok(())
    }

    fn item(&mut self, item: &Item) -> Result<(), String> {
        match item {
            Item::None => Ok(()),
            Item::Value(v) => self.value(v),
            Item::Table(t) => self.table(t),
            Item::ArrayOfTables(a) => {
                for (i, t) in a.iter().enumerate() {
                    self.path.push_index(i);
                    self.table(t)?;
                    self.path.pop();
                }
                Ok(())
            }
        }
    }

    fn value(&mut self, v: &Value) -> Result<(), String> {
        let (kind, value) = match v {
            Value::Array(a) => {
                for (i, v) in a.iter().enumerate() {
                    self.path.push_index(i);
                    self.value(v)?;
                    self.path.pop();
                }
                return Ok(());
            }
            Value::InlineTable(t) => {
                for (k, v) in t.iter() {
                    self.path.push_key(k);
                    self.value(v)?;
                    self.path.pop();
                }
                return Ok(());
            }
            Value::String(s) => (Kind::String, s.value().clone()),
            Value::Integer(n) => (Kind::Integer, n.value().to_string()),
            Value::Float(f) => (Kind::Float, f.value().to_string()),
            Value::Boolean(b) => (Kind::Bool, b.value().to_string()),
            Value::Datetime(d) => (Kind::Other, d.value().to_string()),
        };
        let span = v
            .span()
            .filter(|s| s.end <= self.text.len())
            .ok_or_else(|| format!("no position for {}", self.path))?;
        self.scalars.push(Scalar {
            path: self.path.clone(),
            span,
            kind: Some(kind),
            value: Zeroizing::new(value),
            shared: false,
        });
        Ok(())
    }
}
