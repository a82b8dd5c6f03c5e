//! Stand-in for `common/ember_wordcount.rs` while the Ember library lacks `ember::expr`,
//! `select` or `group_by`: the `wordcount` bench then runs the other engines and skips Ember.
//! To use it, set the `#[path]` of `mod ember_wordcount` in `benches/wordcount.rs` to
//! `"common/ember_unavailable.rs"`.

use std::path::Path;

use super::{BoxResult, RunOutcome};

/// Whether this build has Ember's word count: no.
pub const AVAILABLE: bool = false;

/// Always fails: Ember's word count is not in this build.
pub fn run(_dir: &Path, _files: usize, _workers: usize, _complete: bool) -> BoxResult<RunOutcome> {
    Err("Ember's select/group_by are not in this build".into())
}
