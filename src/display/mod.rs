//! Spark-exact console rendering: cell values and `Dataset.show` tables.
//!
//! The console sink prints each batch the way Spark 4's `Dataset.show(numRows, truncate)` does.
//! This module reproduces that text byte for byte:
//!
//! - [`format_value`] / [`format_row`]: the string Spark shows for a value (`ToPrettyString`:
//!   `NULL`, Java's `Double.toString`, `2026-01-01 10:00:00.5`, `[a, b]`, `{a, b}`, …).
//! - [`show_string`] with [`ShowOptions`]: the bordered table, escaping, truncation, full-width
//!   aware alignment and the `only showing top N rows` footer (Spark's `showString`).
//!
//! ```
//! use ember::display::{format_row, show_string, ShowOptions};
//! use ember::TimeZone;
//! use ember_operators::{Row, Value};
//!
//! let rows: Vec<Vec<String>> = [Row::new(vec![Value::from("a"), Value::Null])]
//!     .iter()
//!     .map(|r| format_row(r, TimeZone::UTC))
//!     .collect();
//! let text = show_string(&["word", "count"], &rows, &ShowOptions::default());
//! assert_eq!(
//!     text,
//!     "+----+-----+\n\
//!      |word|count|\n\
//!      +----+-----+\n\
//!      |   a| NULL|\n\
//!      +----+-----+\n"
//! );
//! // `show` prints this with `println`, i.e. followed by one more "\n".
//! ```

mod cell;
mod show;
mod value_text;

pub(crate) use cell::shortest_double_digits;
pub(crate) use cell::{civil_from_days, format_date, format_timestamp, write_date_time};
pub use cell::{format_row, format_value, java_double_to_string, java_float_to_string};
pub use show::{escape_meta_characters, show_string, string_half_width, ShowOptions};
pub(crate) use value_text::scalar_text;
