//! The `foreach_batch` sink: a user function called with every batch, as Spark's
//! `foreachBatch`.

use std::sync::{Arc, Mutex};

use ember_operators::Row;

use crate::error::{Error, Result};

/// The function a `foreach_batch` sink calls: the batch id and the batch's rows (in output
/// order, as the output mode defines them). An `Err` stops the query with that error.
pub type BatchFunction = dyn FnMut(u64, &[Row]) -> Result<()> + Send;

/// A shareable [`BatchFunction`].
#[derive(Clone)]
pub struct ForeachBatch(pub(crate) Arc<Mutex<Box<BatchFunction>>>);

impl std::fmt::Debug for ForeachBatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ForeachBatch(..)")
    }
}

impl ForeachBatch {
    /// Wraps `function`.
    pub fn new(function: impl FnMut(u64, &[Row]) -> Result<()> + Send + 'static) -> Self {
        ForeachBatch(Arc::new(Mutex::new(Box::new(function))))
    }
}

impl super::Sink for ForeachBatch {
    fn describe(&self) -> String {
        "foreach_batch".into()
    }

    fn write_batch(&mut self, batch_id: u64, rows: &[Row]) -> Result<()> {
        let mut function = self
            .0
            .lock()
            .map_err(|_| Error::Runtime("foreach_batch: a previous call panicked".into()))?;
        function(batch_id, rows)
    }
}
