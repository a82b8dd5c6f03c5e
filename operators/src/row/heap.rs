//! [`HeapBytes`]: the bytes a value owns on the heap, beyond its own size — what progress
//! reports add up to measure the memory that state takes.

use std::mem::size_of;

use crate::{Accumulator, Accumulators, Key, Row, Value};

/// The heap bytes a value owns (its allocations' capacity), not counting `size_of` itself.
///
/// ```
/// use ember_operators::{HeapBytes, Row, Value};
/// assert_eq!(Value::Long(1).heap_bytes(), 0);
/// let row = Row::new(vec![Value::String(String::with_capacity(10))]);
/// assert_eq!(row.heap_bytes(), std::mem::size_of::<Value>() + 10);
/// ```
pub trait HeapBytes {
    /// Bytes this value owns on the heap.
    fn heap_bytes(&self) -> usize;
}

impl HeapBytes for Value {
    fn heap_bytes(&self) -> usize {
        match self {
            Value::String(s) => s.capacity(),
            Value::Array(values) | Value::Struct(values) => {
                values.capacity() * size_of::<Value>()
                    + values.iter().map(HeapBytes::heap_bytes).sum::<usize>()
            }
            _ => 0,
        }
    }
}

impl HeapBytes for Row {
    fn heap_bytes(&self) -> usize {
        self.0.capacity() * size_of::<Value>()
            + self.0.iter().map(HeapBytes::heap_bytes).sum::<usize>()
    }
}

impl HeapBytes for Key {
    fn heap_bytes(&self) -> usize {
        self.spilled_capacity()
    }
}

impl HeapBytes for Accumulator {
    fn heap_bytes(&self) -> usize {
        match self {
            Accumulator::Min(v) | Accumulator::Max(v) => v.heap_bytes(),
            Accumulator::Values(values) => {
                values.capacity() * size_of::<(Value, i64)>()
                    + values.iter().map(|(v, _)| v.heap_bytes()).sum::<usize>()
            }
            Accumulator::First(arrival) | Accumulator::Last(arrival) => {
                arrival.as_ref().map_or(0, |a| a.value.heap_bytes())
            }
            Accumulator::Arrivals(arrivals) => {
                arrivals.capacity() * size_of::<(crate::Arrival, i64)>()
                    + arrivals
                        .iter()
                        .map(|(a, _)| a.value.heap_bytes())
                        .sum::<usize>()
            }
            _ => 0,
        }
    }
}

impl HeapBytes for Accumulators {
    fn heap_bytes(&self) -> usize {
        let slots: &[Accumulator] = &self.slots;
        if slots.is_empty() {
            0
        } else {
            // The slots sit in a boxed slice behind a box.
            size_of::<Box<[Accumulator]>>()
                + std::mem::size_of_val(slots)
                + slots.iter().map(HeapBytes::heap_bytes).sum::<usize>()
        }
    }
}
