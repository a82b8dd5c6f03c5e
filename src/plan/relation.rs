//! [`StaticRelation`]: where the rows of a static (batch) DataFrame come from.

use std::sync::Arc;

use ember_operators::Row;

use crate::error::Result;
use crate::source::{Offsets, Share, Source};

/// The rows of a static DataFrame. Every worker reads its own share, so a static table is
/// partitioned across workers, not copied to each.
#[derive(Clone, Debug)]
pub enum StaticRelation {
    /// Rows given by the program (`create_data_frame`) or taken from a memory table
    /// (`table`); worker `i` of `n` holds rows `j` with `j % n == i`.
    Rows(Arc<Vec<Row>>),
    /// The files a source listed when the DataFrame was made (`read()`), read as one batch.
    Scan {
        /// The source (a file source).
        source: Arc<dyn Source>,
        /// The batch: every file there was.
        offsets: Offsets,
    },
}

impl StaticRelation {
    /// One line for `explain()`.
    pub fn describe(&self) -> String {
        match self {
            StaticRelation::Rows(rows) => format!("LocalRelation ({} rows)", rows.len()),
            StaticRelation::Scan { source, .. } => format!("Relation {}", source.describe()),
        }
    }

    /// This worker's share of the rows.
    pub fn read_share(&self, share: Share) -> Result<Vec<Row>> {
        match self {
            StaticRelation::Rows(rows) => Ok(rows
                .iter()
                .skip(share.worker)
                .step_by(share.peers.max(1))
                .cloned()
                .collect()),
            StaticRelation::Scan { source, offsets } => source.read_share(offsets, share, None),
        }
    }
}
