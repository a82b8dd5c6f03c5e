//! [`OutputMode`] and [`ResultTable`]: which rows each batch emits.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use ember_operators::{Diff, Row};

use crate::error::Error;

/// Spark's output modes: what a batch writes to the sink.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum OutputMode {
    /// Only rows added to the result table in this batch (rows that can no longer change).
    #[default]
    Append,
    /// Rows of the result table that changed in this batch, with their new values.
    Update,
    /// The whole result table after this batch.
    Complete,
}

impl FromStr for OutputMode {
    type Err = Error;

    /// Parses Spark's names, ignoring case: `append`, `update`, `complete`.
    ///
    /// ```
    /// use ember::OutputMode;
    /// assert_eq!("Complete".parse::<OutputMode>().unwrap(), OutputMode::Complete);
    /// assert_eq!(
    ///     "foo".parse::<OutputMode>().unwrap_err().to_string(),
    ///     "[STREAMING_OUTPUT_MODE.INVALID] Invalid streaming output mode: foo. \
    ///      Accepted output modes are 'Append', 'Complete', 'Update'. SQLSTATE: 42KDE"
    /// );
    /// ```
    fn from_str(s: &str) -> Result<Self, Error> {
        match s.to_ascii_lowercase().as_str() {
            "append" => Ok(OutputMode::Append),
            "update" => Ok(OutputMode::Update),
            "complete" => Ok(OutputMode::Complete),
            _ => Err(Error::InvalidArgument(format!(
                "[STREAMING_OUTPUT_MODE.INVALID] Invalid streaming output mode: {s}. Accepted output modes are 'Append', 'Complete', 'Update'. SQLSTATE: 42KDE"
            ))),
        }
    }
}

impl fmt::Display for OutputMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            OutputMode::Append => "Append",
            OutputMode::Update => "Update",
            OutputMode::Complete => "Complete",
        })
    }
}

/// Turns each batch's consolidated changes to the result table into the rows the output mode
/// emits. Lives on the driver; holds the whole table only in complete mode, when the plan
/// sends the sink changes (`PhysicalPlan::changes_reach_sink`) rather than the table.
#[derive(Debug)]
pub(crate) struct ResultTable {
    /// Whether it keeps the table.
    keeps_table: bool,
    table: BTreeMap<Row, Diff>,
}

impl ResultTable {
    /// The result table of a query in output mode `mode`, whose plan sends its sink changes
    /// (`changes_reach_sink`) or each batch's output whole.
    pub(crate) fn new(mode: OutputMode, changes_reach_sink: bool) -> Self {
        ResultTable {
            keeps_table: mode == OutputMode::Complete && changes_reach_sink,
            table: BTreeMap::new(),
        }
    }

    /// The rows to emit for a batch whose changes are `changes` (consolidated, sorted).
    /// Append and update emit the rows the batch added (the new values of changed rows);
    /// complete emits the table (the rows of the batch, when the plan emits the table every
    /// batch). Rows come out sorted, each repeated by its multiplicity.
    pub(crate) fn apply(&mut self, changes: Vec<(Row, Diff)>) -> Vec<Row> {
        if !self.keeps_table {
            return expand(changes.into_iter());
        }
        for (row, diff) in changes {
            let count = self.table.entry(row.clone()).or_insert(0);
            *count += diff;
            if *count == 0 {
                self.table.remove(&row);
            }
        }
        expand(self.table.iter().map(|(r, d)| (r.clone(), *d)))
    }
}

fn expand(rows: impl Iterator<Item = (Row, Diff)>) -> Vec<Row> {
    let mut out = Vec::new();
    for (row, diff) in rows.filter(|(_, diff)| *diff > 0) {
        // Copies only for multiplicities above one; the row itself goes out last.
        for _ in 1..diff {
            out.push(row.clone());
        }
        out.push(row);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ember_operators::Value;

    fn row(word: &str, n: i64) -> Row {
        Row::new(vec![Value::from(word), Value::Long(n)])
    }

    #[test]
    fn update_emits_new_values_and_complete_the_table() {
        let batch1 = vec![(row("cat", 1), 1), (row("the", 1), 1)];
        let batch2 = vec![(row("the", 1), -1), (row("the", 2), 1)];
        let mut update = ResultTable::new(OutputMode::Update, true);
        assert_eq!(update.apply(batch1.clone()), [row("cat", 1), row("the", 1)]);
        assert_eq!(update.apply(batch2.clone()), [row("the", 2)]);
        let mut complete = ResultTable::new(OutputMode::Complete, true);
        complete.apply(batch1);
        assert_eq!(complete.apply(batch2), [row("cat", 1), row("the", 2)]);
    }

    #[test]
    fn append_repeats_duplicates() {
        let mut append = ResultTable::new(OutputMode::Append, true);
        assert_eq!(
            append.apply(vec![(row("a", 1), 2)]),
            [row("a", 1), row("a", 1)]
        );
    }
}
