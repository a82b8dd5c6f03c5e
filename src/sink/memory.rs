//! The `memory` sink (each batch into an in-memory table named by `query_name`, which
//! `Session::table` reads) and the `noop` sink (nothing written), as Spark's.

use ember_operators::Row;

use super::connector::{Sink, SinkProvider, SinkRequest};
use super::OutputMode;
use crate::catalog::Tables;
use crate::error::{Error, Result};

/// `format("memory")`.
pub(crate) struct MemoryProvider;

impl SinkProvider for MemoryProvider {
    fn format(&self) -> &str {
        "memory"
    }

    fn create(&self, request: SinkRequest) -> Result<Box<dyn Sink>> {
        let Some(name) = request.query_name else {
            return Err(Error::Analysis(
                "queryName must be specified for memory sink.".into(),
            ));
        };
        request.options.finish("the memory sink", &[])?;
        request.tables.create(&name, request.schema);
        Ok(Box::new(MemorySink {
            name,
            // Complete mode replaces the table each batch; append and update add to it (Spark
            // writes update mode's rows as appends).
            replace: request.output_mode == OutputMode::Complete,
            tables: request.tables,
        }))
    }
}

struct MemorySink {
    name: String,
    replace: bool,
    tables: Tables,
}

impl Sink for MemorySink {
    fn describe(&self) -> String {
        format!("memory[{}]", self.name)
    }

    fn write_batch(&mut self, _batch_id: u64, rows: &[Row]) -> Result<()> {
        self.tables.write(&self.name, rows, self.replace);
        Ok(())
    }
}

/// `format("noop")`: runs the query and writes nothing (for benchmarks).
pub(crate) struct NoopProvider;

impl SinkProvider for NoopProvider {
    fn format(&self) -> &str {
        "noop"
    }

    fn create(&self, request: SinkRequest) -> Result<Box<dyn Sink>> {
        request.options.finish("the noop sink", &[])?;
        Ok(Box::new(NoopSink))
    }
}

struct NoopSink;

impl Sink for NoopSink {
    fn describe(&self) -> String {
        "noop".into()
    }

    fn write_batch(&mut self, _batch_id: u64, _rows: &[Row]) -> Result<()> {
        Ok(())
    }
}
