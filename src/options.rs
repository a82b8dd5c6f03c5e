//! [`OptionMap`]: the `option(key, value)` pairs of a reader or writer, checked key by key.

use std::collections::BTreeMap;

use crate::error::{Error, Result};

/// A reader's options, keyed case-insensitively as Spark keys them. Each source and sink takes the
/// options it knows with [`OptionMap::take`] and then calls [`OptionMap::finish`],
/// which refuses whatever is left, naming it and listing the valid options.
#[derive(Clone, Debug, Default)]
pub struct OptionMap {
    entries: BTreeMap<String, (String, String)>,
}

impl OptionMap {
    /// Sets `key` (case-insensitive) to `value`.
    pub fn set(&mut self, key: &str, value: String) {
        self.entries
            .insert(key.to_ascii_lowercase(), (key.to_string(), value));
    }

    /// The value of `key`, left in place.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.entries
            .get(&key.to_ascii_lowercase())
            .map(|(_, v)| v.as_str())
    }

    /// Removes and returns the value of `key`.
    pub fn take(&mut self, key: &str) -> Option<String> {
        self.entries
            .remove(&key.to_ascii_lowercase())
            .map(|(_, v)| v)
    }

    /// Removes `key` and parses it as a positive integer.
    pub fn take_positive(&mut self, key: &str) -> Result<Option<usize>> {
        match self.take(key) {
            None => Ok(None),
            Some(v) => match v.trim().parse::<usize>() {
                Ok(n) if n > 0 => Ok(Some(n)),
                _ => Err(Error::InvalidArgument(format!(
                    "Invalid value '{v}' for option '{key}', must be a positive integer"
                ))),
            },
        }
    }

    /// Removes `key` and parses it as a boolean.
    pub fn take_bool(&mut self, key: &str, default: bool) -> Result<bool> {
        match self.take(key) {
            None => Ok(default),
            Some(v) if v.eq_ignore_ascii_case("true") => Ok(true),
            Some(v) if v.eq_ignore_ascii_case("false") => Ok(false),
            Some(v) => Err(Error::InvalidArgument(format!(
                "Invalid value '{v}' for option '{key}', must be true or false"
            ))),
        }
    }

    /// Refuses any option nobody took: `what` names the source or sink, `valid` its options.
    pub fn finish(self, what: &str, valid: &[&str]) -> Result<()> {
        match self.entries.into_values().next() {
            None => Ok(()),
            Some((key, _)) => Err(Error::InvalidArgument(format!(
                "Unknown option '{key}' for {what}. Valid options: {}",
                valid.join(", ")
            ))),
        }
    }
}
