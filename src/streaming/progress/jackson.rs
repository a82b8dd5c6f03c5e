//! [`JacksonPretty`]: serde_json output laid out as Jackson's `DefaultPrettyPrinter`, which is
//! what Spark's `prettyJson` prints (`"key" : value`, two-space indents, arrays on one line
//! with their objects opened inline: `[ {`, `} ]`, and `[ ]`, `{ }` when empty), with
//! doubles as Java prints them.

use std::io::{self, Write};

use serde::Serialize;
use serde_json::ser::Formatter;

use crate::display::java_double_to_string;

/// Jackson's `DefaultPrettyPrinter` as a serde_json [`Formatter`].
#[derive(Debug, Default)]
pub(crate) struct JacksonPretty {
    depth: usize,
    /// Per open container: whether it has had an element yet.
    has_value: Vec<bool>,
}

/// Jackson's compact form (`JsonMethods.compact`) with Java's doubles.
#[derive(Debug, Default)]
pub(crate) struct JacksonCompact;

fn write_java_double<W: ?Sized + Write>(writer: &mut W, value: f64) -> io::Result<()> {
    writer.write_all(java_double_to_string(value).as_bytes())
}

impl Formatter for JacksonCompact {
    fn write_f64<W: ?Sized + Write>(&mut self, writer: &mut W, value: f64) -> io::Result<()> {
        write_java_double(writer, value)
    }
}

impl JacksonPretty {
    fn indent<W: ?Sized + Write>(&self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b"\n")?;
        for _ in 0..self.depth {
            writer.write_all(b"  ")?;
        }
        Ok(())
    }
}

impl Formatter for JacksonPretty {
    fn write_f64<W: ?Sized + Write>(&mut self, writer: &mut W, value: f64) -> io::Result<()> {
        write_java_double(writer, value)
    }

    fn begin_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.has_value.push(false);
        writer.write_all(b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.has_value.pop();
        writer.write_all(b" ]")
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if let Some(last) = self.has_value.last_mut() {
            *last = true;
        }
        writer.write_all(if first { b" " } else { b", " })
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.depth += 1;
        self.has_value.push(false);
        writer.write_all(b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value.pop().unwrap_or(false) {
            self.indent(writer)?;
            writer.write_all(b"}")
        } else {
            writer.write_all(b" }")
        }
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        first: bool,
    ) -> io::Result<()> {
        if let Some(last) = self.has_value.last_mut() {
            *last = true;
        }
        if !first {
            writer.write_all(b",")?;
        }
        self.indent(writer)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b" : ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _writer: &mut W) -> io::Result<()> {
        Ok(())
    }
}

/// `value` as JSON text laid out by `formatter`.
fn to_string_with(value: &impl Serialize, formatter: impl Formatter) -> String {
    let mut out = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
    value
        .serialize(&mut serializer)
        .expect("invariant violated: a progress report does not serialize");
    String::from_utf8(out).expect("invariant violated: serde_json wrote invalid UTF-8")
}

/// `value` as Spark's `prettyJson` prints it.
pub(crate) fn pretty(value: &impl Serialize) -> String {
    to_string_with(value, JacksonPretty::default())
}

/// `value` as Spark's `json` prints it.
pub(crate) fn compact(value: &impl Serialize) -> String {
    to_string_with(value, JacksonCompact)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lays_out_as_jackson() {
        let value = json!({"a": 1, "b": [], "c": {}, "d": [{"e": 0.5}, {"f": null}], "g": [1, 2]});
        assert_eq!(
            pretty(&value),
            "{\n  \"a\" : 1,\n  \"b\" : [ ],\n  \"c\" : { },\n  \"d\" : [ {\n    \"e\" : 0.5\n  }, {\n    \"f\" : null\n  } ],\n  \"g\" : [ 1, 2 ]\n}"
        );
        assert_eq!(compact(&json!({"x": 1.0e7})), "{\"x\":1.0E7}");
    }
}
