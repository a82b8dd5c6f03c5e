//! State snapshot files: `state/N/<stage>/part-<worker>`, one per worker and stateful stage,
//! holding that worker's groups as of batch N. Versioned and checksummed; readable by any
//! number of workers (each reads a share of the parts, and the exchange re-partitions them).
//!
//! Layout: the magic `EMBERST3` (format 3: integer and decimal sums kept exactly, in 192
//! bits, since format 2; sums of doubles over an input that retracts kept as the group's
//! values, since format 3; files of an older format are refused, naming the version, since
//! their states do not decode into what this version's plans expect), the payload length (u64, little-endian), the payload's
//! FNV-1a checksum (u64, little-endian), then the payload in bincode 1 (timely's own wire
//! format; unlike JSON it keeps NaN and infinities): an aggregation's groups
//! `[(key, accumulators)]`, or a custom operator's keys `[(key, state bytes)]`.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::storage::{read_if_exists, write_atomic};

const MAGIC: &[u8; 8] = b"EMBERST3";

/// The format this version writes and reads.
const FORMAT: u8 = 3;

/// The magic of every format: `EMBERST` and the version's digit.
const MAGIC_PREFIX: &[u8; 7] = b"EMBERST";

/// Writes the groups of one worker's share of one stage.
///
/// The payload is encoded straight after the header in one pass (no copy of it); its
/// length and checksum are filled in after.
pub(crate) fn write_part<T: Serialize>(path: &Path, groups: &[T]) -> Result<()> {
    let cannot = |e| Error::Runtime(format!("invariant violated: cannot encode state: {e}"));
    let mut bytes = Vec::with_capacity(HEADER + 64 * groups.len());
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&[0; HEADER - MAGIC.len()]);
    bincode::serialize_into(&mut bytes, groups).map_err(cannot)?;
    let length = (bytes.len() - HEADER) as u64;
    bytes[8..16].copy_from_slice(&length.to_le_bytes());
    let sum = checksum(&bytes[HEADER..]);
    bytes[16..HEADER].copy_from_slice(&sum.to_le_bytes());
    write_atomic(path, &bytes)
}

/// The header's length: the magic, the payload's length and its checksum.
const HEADER: usize = 24;

/// Reads a part written by [`write_part`]; anything else is an error naming the file.
pub(crate) fn read_part<T: DeserializeOwned>(path: &Path) -> Result<Vec<T>> {
    let corrupt = |why: &str| Error::CorruptCheckpoint {
        path: path.to_path_buf(),
        message: why.to_string(),
    };
    let bytes = read_if_exists(path)?.ok_or_else(|| corrupt("the state file is missing"))?;
    if bytes.len() >= 8 && &bytes[..7] == MAGIC_PREFIX && bytes[7] != MAGIC[7] {
        let written = char::from(bytes[7]);
        return Err(corrupt(&format!(
            "the state was written by another version of Ember (state format {written}; this \
             version reads format {FORMAT}): restart the query from a new checkpoint location"
        )));
    }
    if bytes.len() < 24 || &bytes[..8] != MAGIC {
        return Err(corrupt("not an Ember state file (bad header)"));
    }
    let length = u64::from_le_bytes(bytes[8..16].try_into().expect("8 bytes")) as usize;
    let sum = u64::from_le_bytes(bytes[16..24].try_into().expect("8 bytes"));
    let payload = &bytes[24..];
    if payload.len() != length {
        return Err(corrupt("the state file is truncated"));
    }
    if checksum(payload) != sum {
        return Err(corrupt(
            "the state file's checksum does not match its contents",
        ));
    }
    bincode::deserialize(payload).map_err(|e| corrupt(&format!("cannot decode the state: {e}")))
}

/// 64-bit FNV-1a: a checksum that catches garbage and truncation in state files.
fn checksum(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ember_operators::{Accumulator, Accumulators, Row, TotalF64, Value};

    #[test]
    fn parts_round_trip_and_garbage_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("part-0");
        let groups = vec![(
            Row::new(vec![Value::from("k"), Value::Double(f64::NAN)]),
            Accumulators {
                rows: 3,
                slots: vec![Accumulator::SumDouble(2, TotalF64(f64::INFINITY))].into(),
            },
        )];
        write_part(&path, &groups).unwrap();
        assert_eq!(read_part::<(Row, Accumulators)>(&path).unwrap(), groups);
        // The layout, byte for byte: magic, payload length, checksum, payload.
        let payload = bincode::serialize(&groups).unwrap();
        let mut expected = b"EMBERST3".to_vec();
        expected.extend_from_slice(&(payload.len() as u64).to_le_bytes());
        expected.extend_from_slice(&checksum(&payload).to_le_bytes());
        expected.extend_from_slice(&payload);
        assert_eq!(std::fs::read(&path).unwrap(), expected);
        let mut bytes = std::fs::read(&path).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 0xff;
        std::fs::write(&path, &bytes).unwrap();
        let read = |path: &Path| read_part::<(Row, Accumulators)>(path);
        let err = read(&path).unwrap_err().to_string();
        assert!(err.contains("checksum"), "{err}");
        std::fs::write(&path, b"garbage").unwrap();
        let err = read(&path).unwrap_err().to_string();
        assert!(err.contains("bad header"), "{err}");
        bytes.truncate(30);
        std::fs::write(&path, &bytes).unwrap();
        let err = read(&path).unwrap_err().to_string();
        assert!(err.contains("truncated"), "{err}");
        for old in ["1", "2"] {
            bytes[..8].copy_from_slice(format!("EMBERST{old}").as_bytes());
            std::fs::write(&path, &bytes).unwrap();
            let err = read(&path).unwrap_err().to_string();
            assert_eq!(
                err,
                format!(
                    "corrupt checkpoint file {}: the state was written by another version of \
                     Ember (state format {old}; this version reads format 3): restart the \
                     query from a new checkpoint location",
                    path.display()
                )
            );
        }
    }
}
