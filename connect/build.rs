//! Compiles Ember's subset of the Spark Connect protocol (`proto/`) with `protox`, a protobuf
//! compiler in Rust: a fresh clone builds with `cargo build` alone, no system `protoc`.

fn main() {
    let proto = "proto/spark/connect/ember_subset.proto";
    println!("cargo:rerun-if-changed={proto}");
    let descriptors = protox::compile([proto], ["proto"]).expect("the protocol subset compiles");
    tonic_prost_build::configure()
        .build_client(false)
        .compile_fds(descriptors)
        .expect("the protocol subset generates Rust");
}
