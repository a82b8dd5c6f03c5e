//! The source traits: what a streaming source is to the engine, and all the engine asks of it.
//!
//! A source has three parts, as Spark's `MicroBatchStream` has:
//!
//! - a [`SourceProvider`], registered by format name, turns `format(..)`, `option(..)`, the
//!   `load` path and the user's schema into a [`Source`];
//! - the [`Source`] is shared by every worker of every process: it knows the rows' schema and
//!   reads one worker's share of a batch;
//! - its [`SourceDriver`], opened on the driver only, plans batches as [`Offsets`]: JSON that
//!   the checkpoint logs without knowing what it means, and from which the same batch can be
//!   read again after a restart.
//!
//! The engine never asks which source it has: adding one touches no code outside its own
//! files (see `examples/iterator_source.rs` for a source written outside the crate).

use std::any::Any;
use std::fmt::Debug;
use std::sync::Arc;
use std::thread::Thread;

use ember_operators::{Row, Schema};

use crate::error::Result;
use crate::options::OptionMap;

/// What one batch reads from one source: JSON, opaque to the engine and the checkpoint, which
/// logs it in `offsets/N`. The source that made it reads it back.
pub type Offsets = serde_json::Value;

/// What `read_stream()` was told, for a [`SourceProvider`] to validate.
#[derive(Debug)]
#[non_exhaustive]
pub struct SourceRequest {
    /// The format name, lowercase.
    pub format: String,
    /// The options; take the ones the source knows, then [`OptionMap::finish`] refuses the
    /// rest.
    pub options: OptionMap,
    /// The path given to `load_path`, if any.
    pub path: Option<String>,
    /// The user's schema (`schema(..)`), if any.
    pub schema: Option<Schema>,
    /// `spark.sql.session.timeZone`, if set.
    pub session_time_zone: Option<String>,
}

impl SourceRequest {
    /// A request for `format` with no options, path or schema.
    pub fn new(format: &str) -> Self {
        SourceRequest {
            format: format.to_ascii_lowercase(),
            options: OptionMap::default(),
            path: None,
            schema: None,
            session_time_zone: None,
        }
    }

    /// Refuses a user schema, with Spark's words (`provider` is Spark's class name for the
    /// source, e.g. `TextSocketSourceProvider`).
    pub fn refuse_schema(&self, provider: &str) -> Result<()> {
        match self.schema {
            Some(_) => Err(crate::Error::InvalidArgument(format!(
                "{provider} source does not support user-specified schema."
            ))),
            None => Ok(()),
        }
    }

    /// Refuses a `load` path: `name` is the source's format.
    pub fn refuse_path(&self, name: &str) -> Result<()> {
        match &self.path {
            Some(path) => Err(crate::Error::InvalidArgument(format!(
                "The {name} source does not take a path, but load was given '{path}'"
            ))),
            None => Ok(()),
        }
    }
}

/// Makes sources of one format; registered with [`crate::Session::register_source`].
pub trait SourceProvider: Send + Sync + 'static {
    /// The format name `read_stream().format(..)` finds this provider by (lowercase).
    fn format(&self) -> &str;

    /// Validates `request` into a source; errors name the option at fault.
    fn create(&self, request: SourceRequest) -> Result<Arc<dyn Source>>;
}

/// Which share of a batch a worker reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Share {
    /// This worker's index among all workers of all processes.
    pub worker: usize,
    /// The number of workers.
    pub peers: usize,
    /// Worker 0's part of work split by size (e.g. byte ranges of a file), in thousandths of
    /// another worker's: the driver has the sink to write too.
    pub driver_permille: u16,
}

/// A configured source, shared by every worker: it knows its schema and reads a worker's
/// share of a batch.
pub trait Source: Send + Sync + Debug + 'static {
    /// The schema of the rows.
    fn schema(&self) -> Schema;

    /// One line for `explain()`, error messages and the checkpoint's record of the query,
    /// e.g. `socket[localhost:9999]`.
    fn describe(&self) -> String;

    /// What a restart from a checkpoint must keep the same: the checkpoint records it, and
    /// refuses a query whose source differs. By default the description; a socket's address
    /// may change (its server may restart elsewhere), so its identity is `socket`.
    fn identity(&self) -> String {
        self.describe()
    }

    /// Whether a batch read again from its logged offsets gives the same rows, so that a
    /// batch interrupted by a crash can be run again after a restart. A source that cannot
    /// replay (a socket) loses an uncommitted batch, and says so.
    fn replayable(&self) -> bool {
        true
    }

    /// Whether the checkpoint keeps every batch's offsets for this source in `sources/<i>/`
    /// beyond the usual retention, for [`SourceDriver::resume`] (a file source remembers every
    /// file it took).
    fn keeps_history(&self) -> bool {
        false
    }

    /// Folds the offsets of several batches of this source's history (oldest first) into one
    /// entry that [`SourceDriver::resume`] reads as it would read them all: how the checkpoint
    /// keeps the history of a source that [keeps history](Self::keeps_history) bounded in
    /// entries. Sources that keep history must implement it.
    fn merge_history(&self, history: Vec<Offsets>) -> Result<Offsets> {
        let _ = history;
        Err(crate::Error::Checkpoint(format!(
            "{} keeps its history in the checkpoint but cannot merge it",
            self.describe()
        )))
    }

    /// Where the source stands after a batch that read `batch`, as progress reports show it
    /// (`endOffset`; the next batch's `startOffset`). By default the batch's offsets as
    /// they are logged; a source whose Spark counterpart reports another form gives that.
    fn progress_offset(&self, batch: &Offsets) -> Offsets {
        batch.clone()
    }

    /// A warning to print when the query starts with a checkpoint (the socket source's).
    fn checkpoint_warning(&self) -> Option<String> {
        None
    }

    /// Opens the driver's half: connects, checks the directory, ...
    fn open(&self) -> Result<Box<dyn SourceDriver>>;

    /// This worker's rows of the batch `offsets` describes. `driver` is the source's driver
    /// half on the driver's worker and `None` elsewhere (a socket's lines are only there).
    fn read_share(
        &self,
        offsets: &Offsets,
        share: Share,
        driver: Option<&mut dyn SourceDriver>,
    ) -> Result<Vec<Row>>;

    /// Hands this worker's rows of the batch `offsets` describes to `each`, one at a time,
    /// as [`Self::read_share`] reads them. The row is `each`'s to take or to leave; a source
    /// may refill a row left to it with the next one (see [`Row::set_to_text`]), so that a
    /// worker that only looks at each row (an aggregation keying it) allocates none. On an
    /// error, the rows handed out before it are part of a batch that fails.
    ///
    /// By default, the rows of [`Self::read_share`], one after the other; a source that can
    /// read without collecting its rows first overrides it.
    fn read_share_into(
        &self,
        offsets: &Offsets,
        share: Share,
        driver: Option<&mut dyn SourceDriver>,
        each: &mut dyn FnMut(&mut Row),
    ) -> Result<()> {
        for mut row in self.read_share(offsets, share, driver)? {
            each(&mut row);
        }
        Ok(())
    }
}

/// What a restarted query knows of a source's earlier batches.
#[derive(Debug, Default)]
pub struct Resume {
    /// The offsets of the last batch planned (committed or not).
    pub last: Option<Offsets>,
    /// Every batch's offsets, oldest first, when the source [keeps
    /// history](Source::keeps_history).
    pub history: Vec<Offsets>,
}

/// The driver's half of a source: plans batches.
pub trait SourceDriver: Send + Any {
    /// What the next batch reads, or `None` when nothing new has arrived.
    fn next_batch(&mut self) -> Result<Option<Offsets>>;

    /// A batch that reads nothing, after the last one planned (for Spark's no-data batch,
    /// and for this source in a batch only other sources have data for).
    fn empty_batch(&self) -> Offsets;

    /// Fixes "everything available now" as the end of the input (`Trigger::AvailableNow`);
    /// with `one_batch` (`Trigger::Once`) rate limits are lifted so that it all fits one batch.
    fn freeze_available(&mut self, one_batch: bool) -> Result<()>;

    /// Whether nothing is left before the end fixed by [`Self::freeze_available`].
    fn is_exhausted(&self) -> bool;

    /// Continues after the batches of an earlier run of the query.
    fn resume(&mut self, earlier: Resume) -> Result<()>;

    /// Lets the source wake `thread` when new data arrives (directories are polled instead).
    fn wake_on_data(&mut self, _thread: Thread) {}

    /// The driver as [`Any`], for its own source's [`Source::read_share`] to reach it.
    fn as_any_mut(&mut self) -> &mut dyn Any;
}

/// Reads offsets back into a source's own type; malformed offsets (a corrupt or foreign
/// checkpoint) are an error naming the source.
pub fn parse_offsets<T: serde::de::DeserializeOwned>(source: &str, offsets: &Offsets) -> Result<T> {
    T::deserialize(offsets).map_err(|e| {
        crate::Error::Checkpoint(format!(
            "{source}: cannot read the batch's offsets {offsets}: {e}"
        ))
    })
}

/// A source's own offsets as [`Offsets`].
pub fn to_offsets<T: serde::Serialize>(offsets: &T) -> Offsets {
    serde_json::to_value(offsets).expect("invariant violated: offsets are plain JSON")
}
