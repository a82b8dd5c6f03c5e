//! The row model: [`Value`] (with [`Decimal`]), [`Row`], [`DataType`], [`Field`], [`Schema`],
//! and [`Key`], the compact form of a group key.

mod data_type;
mod decimal;
mod heap;
mod interval;
mod key;
mod micros;
mod value;

pub use data_type::{DataType, Field, Schema};
pub use decimal::{digits as decimal_digits, pow10, Decimal, MAX_PRECISION};
pub use heap::HeapBytes;
pub use interval::{IntervalField, IntervalType};
pub use key::{encode_key, encode_last_value, encode_value, encode_window, Key};
pub use micros::{MICROS_PER_DAY, MICROS_PER_HOUR, MICROS_PER_MINUTE, MICROS_PER_SECOND};
pub use value::Value;

use serde::{Deserialize, Serialize};

/// One record of a collection: its values in schema order.
///
/// ```
/// use ember_operators::{Row, Value};
/// let row = Row::new(vec![Value::from("hello")]);
/// assert_eq!(row.get(0), &Value::from("hello"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Row(pub Vec<Value>);

impl Row {
    /// A row of these values.
    pub fn new(values: Vec<Value>) -> Self {
        Row(values)
    }

    /// The value in column `i`. Panics if `i` is out of range, which analysis rules out.
    pub fn get(&self, i: usize) -> &Value {
        &self.0[i]
    }

    /// The values, in schema order.
    pub fn values(&self) -> &[Value] {
        &self.0
    }

    /// Makes this the row of one string, `text`, reusing the row's string when it already
    /// is a row of one string: how a source or a generator hands out row after row without
    /// allocating one for each.
    ///
    /// ```
    /// use ember_operators::{Row, Value};
    /// let mut row = Row::default();
    /// row.set_to_text("a line");
    /// row.set_to_text("the next");
    /// assert_eq!(row, Row::new(vec![Value::from("the next")]));
    /// ```
    #[inline]
    pub fn set_to_text(&mut self, text: &str) {
        match self.0.as_mut_slice() {
            [Value::String(cell)] => {
                cell.clear();
                cell.push_str(text);
            }
            _ => *self = Row::new(vec![Value::String(text.to_string())]),
        }
    }
}
