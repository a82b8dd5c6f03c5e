//! Ember's integration tests: one binary, one module per topic. Each test runs the examples
//! or the library as a user would and asserts the exact bytes a user would see.

mod support;

mod aggregate_functions;
mod checkpoint_errors;
mod collections;
mod custom_operators;
mod errors;
mod event_time;
mod file_sink;
mod file_source;
mod functions;
mod java_regex;
mod joins;
mod layers;
mod library;
mod oracle;
mod plans;
mod progress;
mod recovery;
mod session_window;
mod shutdown;
mod socket_source;
mod sql;
mod time_zones;
mod types;
mod user_connectors;
mod web_ui;
mod word_count;
