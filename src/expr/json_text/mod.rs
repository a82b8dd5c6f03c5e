//! JSON text ↔ values of a Spark type: one reader and one writer, shared by the JSON source
//! (`format("json")`), the JSON sink and the JSON functions (`from_json`, `to_json`,
//! `get_json_object`, `json_tuple`, `schema_of_json`).

mod read;
mod write;

pub(crate) use read::{is_integer, parse_json, Json, JsonConverter, Node};
pub(crate) use write::{write_string, JsonWriter};
