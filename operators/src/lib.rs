//! # ember-operators: Ember's dataflow layer
//!
//! The row model ([`Value`], [`Row`], [`Schema`]) and the timely/differential operators Ember's
//! engine builds queries from. This crate knows nothing of sessions, DataFrames or Spark option
//! strings; the `ember` crate compiles those into calls on the operators here.

pub mod row;

pub use row::{DataType, Field, Row, Schema, Value};
