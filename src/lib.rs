//! # Ember: Spark Structured Streaming on timely and differential dataflow
//!
//! Write the streaming query you would write in PySpark — `read_stream`, transformations,
//! `write_stream` — and get Spark's console output, output-mode rules and triggers, run as a
//! timely dataflow on one thread, many threads (`-w N`) or many processes (`-n P -p I -h F`).
//!
//! ```no_run
//! use ember::Session;
//!
//! fn main() -> ember::Result<()> {
//!     let spark = Session::builder().app_name("Echo").get_or_create()?;
//!     let lines = spark
//!         .read_stream()
//!         .format("socket")
//!         .option("host", "localhost")
//!         .option("port", 9999)
//!         .load()?;
//!     let query = lines.write_stream().format("console").output_mode("append").start()?;
//!     query.await_termination()
//! }
//! ```
//!
//! ## How a query runs
//!
//! ```text
//! DataFrame (LogicalPlan) ──start()──► analyze ──► lower (PhysicalPlan)
//!     ──► render on every worker (timely::execute) ──► batch N = epoch N
//!     ──► driver (worker 0 of process 0) plans batches, prints each when complete
//! ```
//!
//! | module | owns |
//! |---|---|
//! | [`session`] | `Session`, `SessionBuilder` |
//! | [`config`] | Spark configuration keys, timely's cluster flags |
//! | [`dataframe`] | `DataFrame`, `DataStreamReader`, `DataStreamWriter` |
//! | [`plan`] | logical plan, analysis, physical plan |
//! | [`render`] | physical plan → timely/differential dataflow |
//! | [`source`] | the source traits and registry; socket, text, csv, json and rate sources |
//! | [`sink`] | the sink traits and registry; console, csv and json file, memory, noop and `foreach_batch` sinks; output modes |
//! | [`catalog`] | a session's in-memory tables (the memory sink's) |
//! | [`streaming`] | `StreamingQuery`, triggers, driver and follower loops |
//! | [`display`] | Spark's `show()` rendering of values and tables |
//! | [`time_zone`] | session and source time zones: fixed offsets and IANA regions |

pub mod catalog;
mod checkpoint;
pub mod cli;
pub mod config;
pub mod dataframe;
pub mod display;
pub mod error;
pub mod expr;
#[cfg(test)]
mod fuzz;
pub mod ids;
mod interval;
pub mod logging;
pub mod options;
pub mod plan;
mod registry;
pub mod render;
pub mod session;
pub mod sink;
pub mod source;
pub mod sql;
mod storage;
pub mod streaming;
pub mod time_zone;
pub mod ui;

pub use config::ClusterArgs;
pub use dataframe::{DataFrame, DataStreamReader, DataStreamWriter, GroupedData};
/// The dataflow layer, for writing operators: `ember::operators::Operator` and the rest.
pub use ember_operators as operators;
pub use ember_operators::{
    BuildContext, Built, DataType, Decimal, DropDuplicates, Field, FlatMapGroupsWithState,
    GroupState, GroupStateTimeout, IntervalField, IntervalType, Operator, OperatorError,
    OperatorState, Row, RowOperator, Rows, Schema, Value,
};
pub use error::{Error, Result};
pub use expr::*;
pub use interval::parse_interval;
pub use session::{Session, SessionBuilder};
pub use sink::OutputMode;
pub use sql::{expr, IntoCondition};
pub use streaming::{
    QueryIdleEvent, QueryProgressEvent, QueryStartedEvent, QueryTerminatedEvent, SinkProgress,
    SourceProgress, StateOperatorProgress, StreamingQuery, StreamingQueryListener,
    StreamingQueryManager, StreamingQueryProgress, StreamingQueryStatus, Trigger,
};
pub use time_zone::TimeZone;

/// The README's code blocks, compiled as doctests so they stay true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

/// The user guide's code blocks, compiled as doctests so they stay true.
#[cfg(doctest)]
#[doc = include_str!("../docs/guide.md")]
pub struct GuideDoctests;
