//! Placeholder: the socket latency benchmark is being written.
fn main() {}
