//! [`Tables`]: a session's in-memory tables, by name — what the `memory` sink writes and
//! `Session::table` reads, as Spark's temporary views over a memory sink.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use ember_operators::{Row, Schema};

/// One in-memory table: its schema and its rows, in the order they were written.
#[derive(Clone, Debug, Default)]
pub struct MemoryTable {
    /// The columns.
    pub schema: Schema,
    /// The rows.
    pub rows: Vec<Row>,
}

/// The in-memory tables of a session, shared by every query of it.
#[derive(Clone, Debug, Default)]
pub struct Tables(Arc<Mutex<BTreeMap<String, MemoryTable>>>);

impl Tables {
    /// Creates (or empties) table `name` with `schema`.
    pub fn create(&self, name: &str, schema: Schema) {
        self.lock().insert(
            name.to_string(),
            MemoryTable {
                schema,
                rows: Vec::new(),
            },
        );
    }

    /// Appends `rows` to table `name`, or replaces its rows when `replace`.
    pub fn write(&self, name: &str, rows: &[Row], replace: bool) {
        let mut tables = self.lock();
        let table = tables.entry(name.to_string()).or_default();
        if replace {
            table.rows.clear();
        }
        table.rows.extend_from_slice(rows);
    }

    /// A copy of table `name`, if there is one.
    pub fn get(&self, name: &str) -> Option<MemoryTable> {
        self.lock().get(name).cloned()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, MemoryTable>> {
        self.0
            .lock()
            .expect("invariant violated: the session's table lock is poisoned")
    }
}
