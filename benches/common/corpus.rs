//! The word-count corpus, made in Rust: byte for byte what `gen_corpus.py` (the Python
//! generator the benches used before) writes for the same arguments.
//!
//! `gen_corpus.py OUT --lines N --files F --vocab V --seed S` draws `V` distinct pseudo-words
//! (one to four syllables), then for each file each line's length (1 to 16 words) and every
//! word of the file from a Zipf-like distribution (weight `1 / rank^1.1`), with CPython's
//! `random.Random(S)`. [`PyRandom`] is that generator, exactly: the Mersenne Twister seeded as
//! CPython seeds it from an integer, and `random()`, `getrandbits`, `randint`, `choice` and
//! `choices(cum_weights=..)` as `Lib/random.py` (3.9 and later) computes them from it. The
//! weights are summed in the same order with the same `f64` operations (`powf` is the C
//! library's `pow`, as Python's `**` on floats), so every draw, and so every byte, is the same.

use std::collections::HashSet;
use std::io::{self, Write};
use std::path::Path;

/// The words the vocabulary is made of, as in `gen_corpus.py`.
const SYLLABLES: [&str; 24] = [
    "ka", "lo", "mi", "ne", "ru", "ta", "vi", "so", "be", "da", "fu", "gi", "ho", "ju", "pe",
    "qui", "ra", "si", "to", "wu", "xa", "ye", "zo", "an",
];

/// `gen_corpus.py`'s default vocabulary size.
pub const VOCAB: usize = 50_000;
/// `gen_corpus.py`'s default seed.
pub const SEED: u64 = 42;

/// The state words of MT19937.
const N: usize = 624;
/// MT19937's middle word offset.
const M: usize = 397;

/// CPython's `random.Random`: MT19937 (`Modules/_randommodule.c`) and the draws of
/// `Lib/random.py` the corpus uses.
pub struct PyRandom {
    state: [u32; N],
    index: usize,
}

impl PyRandom {
    /// `random.Random(seed)`: `init_by_array` with the 32-bit chunks of `seed`, least
    /// significant first (one chunk, 0, for seed 0).
    pub fn new(seed: u64) -> Self {
        let key: Vec<u32> = if seed >> 32 == 0 {
            vec![seed as u32]
        } else {
            vec![seed as u32, (seed >> 32) as u32]
        };
        let mut rng = PyRandom {
            state: [0; N],
            index: N,
        };
        rng.init_by_array(&key);
        rng
    }

    fn init_genrand(&mut self, seed: u32) {
        let mt = &mut self.state;
        mt[0] = seed;
        for i in 1..N {
            mt[i] = 1_812_433_253u32
                .wrapping_mul(mt[i - 1] ^ (mt[i - 1] >> 30))
                .wrapping_add(i as u32);
        }
        self.index = N;
    }

    fn init_by_array(&mut self, key: &[u32]) {
        self.init_genrand(19_650_218);
        let mt = &mut self.state;
        let (mut i, mut j) = (1usize, 0usize);
        for _ in 0..N.max(key.len()) {
            mt[i] = (mt[i] ^ (mt[i - 1] ^ (mt[i - 1] >> 30)).wrapping_mul(1_664_525))
                .wrapping_add(key[j])
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if j >= key.len() {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            mt[i] = (mt[i] ^ (mt[i - 1] ^ (mt[i - 1] >> 30)).wrapping_mul(1_566_083_941))
                .wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        mt[0] = 0x8000_0000;
    }

    /// The next 32 random bits (`genrand_uint32`).
    pub fn next_u32(&mut self) -> u32 {
        const UPPER: u32 = 0x8000_0000;
        const LOWER: u32 = 0x7fff_ffff;
        let mag = |y: u32| if y & 1 == 0 { 0 } else { 0x9908_b0df };
        if self.index >= N {
            let mt = &mut self.state;
            for k in 0..N {
                let y = (mt[k] & UPPER) | (mt[(k + 1) % N] & LOWER);
                mt[k] = mt[(k + M) % N] ^ (y >> 1) ^ mag(y);
            }
            self.index = 0;
        }
        let mut y = self.state[self.index];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// `random()`: a float in `[0, 1)` from 53 random bits.
    pub fn random(&mut self) -> f64 {
        let a = self.next_u32() >> 5;
        let b = self.next_u32() >> 6;
        (f64::from(a) * 67_108_864.0 + f64::from(b)) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// `getrandbits(k)` for `k <= 32`.
    pub fn getrandbits(&mut self, k: u32) -> u32 {
        match k {
            0 => 0,
            1..=32 => self.next_u32() >> (32 - k),
            _ => unreachable!("getrandbits({k}) needs more than 32 bits"),
        }
    }

    /// `_randbelow(n)` (`_randbelow_with_getrandbits`): draws `n.bit_length()` bits until the
    /// value is below `n`.
    pub fn randbelow(&mut self, n: u32) -> u32 {
        let k = u32::BITS - n.leading_zeros();
        loop {
            let r = self.getrandbits(k);
            if r < n {
                return r;
            }
        }
    }

    /// `randint(a, b)`: `a + _randbelow(b - a + 1)`.
    pub fn randint(&mut self, a: u32, b: u32) -> u32 {
        a + self.randbelow(b - a + 1)
    }

    /// `choice(seq)`, as an index: `_randbelow(len(seq))`.
    pub fn choice(&mut self, len: usize) -> usize {
        self.randbelow(u32::try_from(len).expect("a sequence shorter than 2^32")) as usize
    }

    /// One draw of `choices(population, cum_weights=cum)`, as an index:
    /// `bisect_right(cum, random() * cum[-1], 0, len(cum) - 1)`.
    pub fn choose_cumulative(&mut self, cum: &Cumulative) -> usize {
        cum.bisect(self.random() * cum.total())
    }
}

/// Cumulative weights, with a guide to the binary search: `bisect_right` over `cum[..n-1]`,
/// as `choices` does it, but first narrowed to the range of `cum` between two of
/// [`GUIDE`] equally spaced values around the point. The answer is the same as a search of
/// the whole array (a point outside its bucket's bounds, by rounding, is searched in full).
pub struct Cumulative {
    cum: Vec<f64>,
    /// `bounds[b] = total * b / GUIDE`; the last is infinite.
    bounds: Vec<f64>,
    /// `starts[b]`: how many of `cum[..n-1]` are `<= bounds[b]`.
    starts: Vec<u32>,
}

/// Buckets of [`Cumulative`]'s guide.
const GUIDE: usize = 16_384;

impl Cumulative {
    /// The guide over cumulative weights `cum` (not empty, not decreasing).
    pub fn new(cum: Vec<f64>) -> Self {
        let total = cum[cum.len() - 1];
        let mut bounds: Vec<f64> = (0..GUIDE)
            .map(|b| total * b as f64 / GUIDE as f64)
            .collect();
        bounds.push(f64::INFINITY);
        let searched = &cum[..cum.len() - 1];
        let starts = bounds
            .iter()
            .map(|&bound| searched.partition_point(|&c| c <= bound) as u32)
            .collect();
        Cumulative {
            cum,
            bounds,
            starts,
        }
    }

    /// The last cumulative weight: the total.
    pub fn total(&self) -> f64 {
        self.cum[self.cum.len() - 1]
    }

    /// `bisect_right(cum, x, 0, len(cum) - 1)`.
    pub fn bisect(&self, x: f64) -> usize {
        let searched = &self.cum[..self.cum.len() - 1];
        let bucket = ((x / self.total() * GUIDE as f64) as usize).min(GUIDE - 1);
        if self.bounds[bucket] <= x && x <= self.bounds[bucket + 1] {
            // Every weight before `start` is <= x, every one from `end` on is > x.
            let (start, end) = (
                self.starts[bucket] as usize,
                self.starts[bucket + 1] as usize,
            );
            start + searched[start..end].partition_point(|&c| c <= x)
        } else {
            searched.partition_point(|&c| c <= x)
        }
    }
}

/// `gen_corpus.py`'s vocabulary: `vocab` distinct words of one to four syllables, in the
/// order drawn.
pub fn vocabulary(vocab: usize, rng: &mut PyRandom) -> Vec<String> {
    let mut words = Vec::with_capacity(vocab);
    let mut seen = HashSet::with_capacity(vocab);
    while words.len() < vocab {
        let syllables = rng.randint(1, 4);
        let word: String = (0..syllables)
            .map(|_| SYLLABLES[rng.choice(SYLLABLES.len())])
            .collect();
        if seen.insert(word.clone()) {
            words.push(word);
        }
    }
    words
}

/// Writes `gen_corpus.py OUT --lines lines --files files --vocab vocab --seed seed`'s output
/// into `dir` (created if missing): `part-00000.txt`... and `EXPECTED.tsv`, `word<TAB>count`
/// sorted by word (byte order, as Python sorts these ASCII words).
pub fn generate(dir: &Path, lines: usize, files: usize, vocab: usize, seed: u64) -> io::Result<()> {
    // Beyond this many words the draw of distinct words would run for ever (fewer exist).
    if vocab == 0 || vocab > 300_000 || files == 0 {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("cannot make a corpus of {vocab} words in {files} files"),
        ));
    }
    self_check()?;
    let mut rng = PyRandom::new(seed);
    let words = vocabulary(vocab, &mut rng);
    let mut cum = Vec::with_capacity(vocab);
    let mut sum = 0.0f64;
    for rank in 1..=vocab {
        sum += 1.0 / (rank as f64).powf(1.1);
        cum.push(sum);
    }
    let cum = Cumulative::new(cum);
    // Each word in 16 bytes (at most 4 syllables of 3 letters): copied as one block.
    let padded: Vec<([u8; 16], usize)> = words
        .iter()
        .map(|w| {
            let mut block = [0u8; 16];
            block[..w.len()].copy_from_slice(w.as_bytes());
            (block, w.len())
        })
        .collect();
    std::fs::create_dir_all(dir)?;
    let mut counts = vec![0u64; vocab];
    let per = lines.div_ceil(files);
    let mut left = lines;
    let mut lens = Vec::with_capacity(per);
    let mut text = Vec::new();
    for file in 0..files {
        let n = per.min(left);
        left -= n;
        // All line lengths first, then all the file's words: the order Python draws them in.
        lens.clear();
        lens.extend((0..n).map(|_| rng.randint(1, 16)));
        text.clear();
        for &len in &lens {
            for i in 0..len {
                if i > 0 {
                    text.push(b' ');
                }
                let word = rng.choose_cumulative(&cum);
                counts[word] += 1;
                let (block, len) = &padded[word];
                text.extend_from_slice(block);
                text.truncate(text.len() - 16 + len);
            }
            text.push(b'\n');
        }
        std::fs::write(dir.join(format!("part-{file:05}.txt")), &text)?;
    }
    let mut seen: Vec<(&str, u64)> = words
        .iter()
        .zip(&counts)
        .filter(|(_, &n)| n > 0)
        .map(|(w, &n)| (w.as_str(), n))
        .collect();
    seen.sort_unstable();
    let mut expected = io::BufWriter::new(std::fs::File::create(dir.join("EXPECTED.tsv"))?);
    for (word, n) in seen {
        writeln!(expected, "{word}\t{n}")?;
    }
    expected.flush()
}

/// Stops with a message unless [`PyRandom`] starts as CPython's `random.Random(42)` does: a
/// cheap guard against a broken generator writing a corpus that only looks right.
fn self_check() -> io::Result<()> {
    let mut rng = PyRandom::new(42);
    let bits: Vec<u32> = (0..3).map(|_| rng.getrandbits(32)).collect();
    let float = rng.random();
    if bits == [2_746_317_213, 478_163_327, 107_420_369] && float == 0.741_550_499_759_832_9 {
        Ok(())
    } else {
        Err(io::Error::other(format!(
            "the corpus generator's random numbers differ from CPython's: {bits:?} {float}"
        )))
    }
}
