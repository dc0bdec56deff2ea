//! Locating the values of a YAML document with `saphyr-parser`, whose events carry the span of
//! every scalar (in characters, converted here to bytes).
//!
//! One document whose root is a block mapping; keys must be scalars. A block scalar's span is
//! widened to start at its `|` / `>` header, so sealing replaces the whole construct. Anchors
//! and aliases are reported as `shared` values: sealing one would change every place that
//! refers to it, so the caller refuses when such a value is selected. Plain scalars are typed
//! by the YAML 1.2 core schema.

use super::SealError;
use super::format::{Insert, Located, MetaEntry, Scalar};
use super::meta;
use super::path::KeyPath;
use super::value::Kind;
use frame::{Frame, enter, leave};
use saphyr_parser::{Event, Parser, ScalarStyle};
use scalar::{CharOffsets, block_span, plain_end, plain_kind, quoted_end};
use std::path::Path;
use zeroize::Zeroizing;

pub(crate) fn locate(path: &Path, text: &str) -> Result<Located, SealError> {
    let unsupported = |what: String| SealError::Unsupported {
        path: path.to_owned(),
        what,
    };
    let offsets = CharOffsets::new(text);
    let mut kp = KeyPath::default();
    let mut stack: Vec<Frame> = Vec::new();
    let mut scalars = Vec::new();
    let mut docs = 0;
    let mut first_key: Option<usize> = None;
    let mut meta: Option<MetaEntry> = None;
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| SealError::Syntax {
            path: path.to_owned(),
            format: "YAML",
            what: format!(
                "line {}, column {}: {}",
                e.marker().line(),
                e.marker().col() + 1,
                e.info()
            ),
        })?;
        let (start, end) = (
            offsets.byte(span.start.index()),
            offsets.byte(span.end.index()),
        );
        // A value (scalar, alias or container) arrives: in a mapping expecting a key it is the key.
        let in_key = matches!(stack.last(), Some(Frame::Map { key: None, .. }));
        let parent_shared = match stack.last() {
            Some(Frame::Map { shared, .. } | Frame::Seq { shared, .. }) => *shared,
            None => false,
        };
        match event {
            Event::DocumentStart(_) => {
                docs += 1;
                if docs > 1 {
                    return Err(unsupported(
                        "a file with more than one YAML document".into(),
                    ));
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) if in_key => {
                return Err(unsupported(format!(
                    "a mapping key under {kp} that is not a scalar"
                )));
            }
            Event::MappingStart(anchor, _) => {
                if stack.is_empty() && end > start {
                    return Err(unsupported("a root that is a flow mapping ({…})".into()));
                }
                enter(&mut stack, &mut kp);
                stack.push(Frame::Map {
                    key: None,
                    shared: parent_shared || anchor > 0,
                });
            }
            Event::SequenceStart(anchor, _) => {
                if stack.is_empty() {
                    return Err(unsupported("a root that is a sequence".into()));
                }
                enter(&mut stack, &mut kp);
                stack.push(Frame::Seq {
                    next: 0,
                    shared: parent_shared || anchor > 0,
                });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                stack.pop();
                if !stack.is_empty() {
                    kp.pop();
                    leave(&mut stack);
                }
            }
            Event::Scalar(value, _, anchor, _) if in_key => {
                if anchor > 0 {
                    return Err(unsupported(format!("an anchored key under {kp}")));
                }
                if stack.len() == 1 && first_key.is_none() {
                    first_key = Some(start);
                }
                if let Some(Frame::Map { key, .. }) = stack.last_mut() {
                    *key = Some(value.into_owned());
                }
            }
            Event::Scalar(value, style, anchor, _) => {
                if stack.is_empty() {
                    return Err(unsupported("a root that is a single scalar".into()));
                }
                enter(&mut stack, &mut kp);
                let (start, end) = match style {
                    ScalarStyle::Literal | ScalarStyle::Folded => block_span(text, start, end),
                    ScalarStyle::Plain => (start, plain_end(text, start, end)),
                    ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => {
                        (start, quoted_end(text, start, end))
                    }
                };
                let kind = match style {
                    ScalarStyle::Plain => plain_kind(&value),
                    _ => Some(Kind::String),
                };
                let scalar = Scalar {
                    path: kp.clone(),
                    span: start..end,
                    kind,
                    value: Zeroizing::new(value.into_owned()),
                    shared: parent_shared || anchor > 0,
                };
                if kp.is_metadata() {
                    if style != ScalarStyle::DoubleQuoted {
                        return Err(SealError::Metadata {
                            path: path.to_owned(),
                            what: "`_hush` is not a double-quoted string",
                        });
                    }
                    let key_line = text[..start].rfind('\n').map_or(0, |i| i + 1);
                    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i + 1);
                    meta = Some(MetaEntry {
                        span: start..end,
                        remove: key_line..line_end,
                        value: scalar.value.to_string(),
                    });
                } else {
                    scalars.push(scalar);
                }
                kp.pop();
                leave(&mut stack);
            }
            Event::Alias(_) if in_key => {
                return Err(unsupported(format!("an alias used as a key under {kp}")));
            }
            Event::Alias(_) => {
                enter(&mut stack, &mut kp);
                scalars.push(Scalar {
                    path: kp.clone(),
                    span: start..end,
                    kind: Some(Kind::Other),
                    value: Zeroizing::new(String::new()),
                    shared: true,
                });
                kp.pop();
                leave(&mut stack);
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
    }
    let Some(first) = first_key else {
        return Err(unsupported(
            "a file whose root is not a non-empty mapping".into(),
        ));
    };
    let line_start = text[..first].rfind('\n').map_or(0, |i| i + 1);
    Ok(Located {
        scalars,
        meta,
        insert: Insert {
            at: line_start,
            prefix: format!("{}{}: ", &text[line_start..first], meta::KEY),
            suffix: "\n".to_owned(),
        },
    })
}

mod frame;
mod scalar;
