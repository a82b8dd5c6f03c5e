//! The protocol types and service trait, generated at build time from
//! `proto/spark/connect/ember_subset.proto`.

#![allow(missing_docs, clippy::all, clippy::pedantic)]

tonic::include_proto!("spark.connect");
