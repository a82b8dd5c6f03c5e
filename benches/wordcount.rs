//! Placeholder: the word-count benchmark is being written.
fn main() {}
