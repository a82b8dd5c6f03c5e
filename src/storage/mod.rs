//! Files on disk shared by checkpoints, file sources and file sinks: atomic writes, and the
//! `v1` logs Spark keeps (the checkpoint's, and a file sink's `_spark_metadata`, which a file
//! source reads too). A neutral home, so that none of those imports another.

mod background;
mod files;
mod metadata_log;

pub(crate) use background::BackgroundWriter;
pub(crate) use files::{batch_ids, read_if_exists, stage, sync_dir, v1_body, write_atomic};
pub(crate) use metadata_log::{FileSinkLog, SinkFileStatus};
