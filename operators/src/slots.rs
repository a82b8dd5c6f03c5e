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
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Slots(
    // Never `Some` of an empty slice, so that the derived comparisons are the slice's.
    Option<Box<Box<[Accumulator]>>>,
);

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
