//! Running user code: a panic in a user's closure becomes an error naming the operator, not
//! a crashed worker; and rows shown in such errors.

use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::{Row, Value};

/// Runs `f`, returning what it panicked with as text instead of unwinding.
///
/// The process's panic hook still runs (by default it prints the panic on stderr).
///
/// ```
/// use ember_operators::run_user_code;
/// assert_eq!(run_user_code(|| 1), Ok(1));
/// assert_eq!(run_user_code(|| -> i32 { panic!("boom") }), Err("boom".to_string()));
/// ```
pub fn run_user_code<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| panic_text(payload.as_ref()))
}

fn panic_text(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic without a message".to_string()
    }
}

/// A row as error messages show it: `[alice, 3, NULL]`.
///
/// ```
/// use ember_operators::{row_text, Row, Value};
/// let row = Row::new(vec![Value::from("alice"), Value::Long(3), Value::Null]);
/// assert_eq!(row_text(&row), "[alice, 3, NULL]");
/// ```
pub fn row_text(row: &Row) -> String {
    let cells: Vec<String> = row.values().iter().map(value_text).collect();
    format!("[{}]", cells.join(", "))
}

/// How a value shows in an error message: as in [`row_text`].
pub(crate) fn value_text(value: &Value) -> String {
    match value {
        Value::Null => "NULL".into(),
        Value::Boolean(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Long(i) => i.to_string(),
        Value::Double(d) => d.to_string(),
        Value::String(s) => s.clone(),
        Value::Array(values) | Value::Struct(values) => {
            let cells: Vec<String> = values.iter().map(value_text).collect();
            format!("[{}]", cells.join(", "))
        }
        other => format!("{other:?}"),
    }
}
