//! The values `hush seal` picks: sensitive names, the built-in detector (unless
//! `--no-detect`; built only for the verbs that seal, since it costs milliseconds that
//! `seal get` does not need) and `--fields` globs.

use super::SealArgs;
use anyhow::{Context, Result};
use hush::detect::Detector;
use hush::patterns::PatternSet;
use hush::seal::{FieldGlob, Selector};

pub(super) fn selector(args: &SealArgs) -> Result<Selector> {
    let globs = args
        .fields
        .iter()
        .map(|g| FieldGlob::new(g).map_err(anyhow::Error::msg))
        .collect::<Result<Vec<_>>>()?;
    let detector = if args.no_detect {
        None
    } else {
        let set = PatternSet::builtin().context("loading built-in rules")?;
        Some(Detector::new(set).context("building the detector")?)
    };
    Ok(Selector::new(true, detector, globs))
}
