//! [`Slots`]: the states of a group's aggregates, one pointer wide.

use std::ops::{Deref, DerefMut};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Accumulator;

/// The states of a group's aggregates, one [`Accumulator`] per aggregate that needs one, in a
/// single pointer: a group without any (`count(*)` alone, the common case) allocates
/// nothing, and the [`Accumulators`](crate::Accumulators) that differential moves as it sorts
/// and merges its diffs stay two words.
///
/// It reads and writes as a slice; it serializes as one, too.
///
/// ```
/// use ember_operators::{Accumulator, Slots};
/// let none = Slots::default();
/// assert!(none.is_empty());
/// let two: Slots = vec![Accumulator::Count(1), Accumulator::Count(5)].into();
/// assert_eq!(two[1], Accumulator::Count(5));
/// assert_eq!(std::mem::size_of::<Slots>(), std::mem::size_of::<usize>());
/// ```
#[derive(Default)]
pub struct Slots(
    // Never `Some` of an empty slice, so that comparisons are the slice's.
    Option<Box<Box<[Accumulator]>>>,
);

// Differential clones, compares and drops its diffs once or more per update it moves. The
// common case, no slots, is a null test inlined where it happens; only slots that exist go
// through the (large, never inlined) code for every kind of accumulator.

impl Clone for Slots {
    #[inline]
    fn clone(&self) -> Self {
        match &self.0 {
            None => Slots(None),
            Some(slots) => Slots(Some(clone_slots(slots))),
        }
    }
}

#[inline(never)]
fn clone_slots(slots: &[Accumulator]) -> Box<Box<[Accumulator]>> {
    Box::new(slots.into())
}

impl Drop for Slots {
    #[inline]
    fn drop(&mut self) {
        if let Some(slots) = self.0.take() {
            drop_slots(slots);
        }
    }
}

#[inline(never)]
fn drop_slots(slots: Box<Box<[Accumulator]>>) {
    drop(slots);
}

impl PartialEq for Slots {
    #[inline]
    fn eq(&self, other: &Self) -> bool {
        match (&self.0, &other.0) {
            (None, None) => true,
            (Some(a), Some(b)) => slots_equal(a, b),
            _ => false,
        }
    }
}

#[inline(never)]
fn slots_equal(a: &[Accumulator], b: &[Accumulator]) -> bool {
    a == b
}

impl Eq for Slots {}

impl PartialOrd for Slots {
    #[inline]
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Slots {
    #[inline]
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        match (&self.0, &other.0) {
            (None, None) => std::cmp::Ordering::Equal,
            _ => compare_slots(self, other),
        }
    }
}

impl std::hash::Hash for Slots {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.hash(state)
    }
}

#[inline(never)]
fn compare_slots(a: &[Accumulator], b: &[Accumulator]) -> std::cmp::Ordering {
    a.cmp(b)
}

impl From<Vec<Accumulator>> for Slots {
    fn from(slots: Vec<Accumulator>) -> Self {
        Slots((!slots.is_empty()).then(|| Box::new(slots.into_boxed_slice())))
    }
}

impl FromIterator<Accumulator> for Slots {
    fn from_iter<I: IntoIterator<Item = Accumulator>>(slots: I) -> Self {
        Slots::from(slots.into_iter().collect::<Vec<_>>())
    }
}

impl Deref for Slots {
    type Target = [Accumulator];

    #[inline]
    fn deref(&self) -> &[Accumulator] {
        self.0.as_deref().map_or(&[], |slots| slots)
    }
}

impl DerefMut for Slots {
    #[inline]
    fn deref_mut(&mut self) -> &mut [Accumulator] {
        self.0.as_deref_mut().map_or(&mut [], |slots| slots)
    }
}

impl std::fmt::Debug for Slots {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Serialize for Slots {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.deref().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Slots {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Vec::<Accumulator>::deserialize(deserializer).map(Slots::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_as_the_boxed_slice_it_replaced() {
        let slots = vec![
            Accumulator::Count(3),
            Accumulator::Max(crate::Value::from("z")),
        ];
        let boxed: Box<[Accumulator]> = slots.clone().into_boxed_slice();
        let bytes = bincode::serialize(&Slots::from(slots.clone())).unwrap();
        assert_eq!(bytes, bincode::serialize(&boxed).unwrap());
        assert_eq!(
            bincode::deserialize::<Slots>(&bytes).unwrap(),
            Slots::from(slots)
        );
        let empty = bincode::serialize(&Slots::default()).unwrap();
        assert_eq!(
            empty,
            bincode::serialize(&Box::<[Accumulator]>::default()).unwrap()
        );
    }
}
