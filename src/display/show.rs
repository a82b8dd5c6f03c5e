//! The table layout of Spark 4's `Dataset.show(numRows, truncate)`, which the console sink uses.
//!
//! Verified against Spark's source (`sql/core/.../sql/classic/Dataset.scala`, methods `getRows`
//! and `showString`, horizontal mode; `ConsoleWrite.scala` for the sink):
//!
//! - `getRows` takes `numRows + 1` rows; `hasMoreData` is whether more than `numRows` came back.
//! - The header is the column names passed through `escapeMetaCharacters`, never truncated.
//! - Each cell is `escapeMetaCharacters(ToPrettyString(value))`, then truncated when
//!   `truncate > 0` and its Java `length()` (UTF-16 code units) exceeds `truncate`: to
//!   `substring(0, truncate)` when `truncate < 4`, else `substring(0, truncate - 3) + "..."`.
//! - Column width = max(3, `Utils.stringHalfWidth` of the header and of every shown cell).
//! - With `truncate > 0` every cell and header is left-padded (right-aligned), otherwise
//!   right-padded (left-aligned), with `width - stringHalfWidth(cell)` spaces.
//! - Layout: border, `|`-joined header, border, data rows, border; each line ends in `\n`. The
//!   border is `+` then `-` × width per column joined by `+`, then `+`.
//! - Footer when `hasMoreData`: `only showing top N rows` (`row` when N is 1), *without* a
//!   trailing newline. `show` then prints the whole string with `println`.
//!
//! `Utils.stringHalfWidth(str)` (`core/.../util/Utils.scala`, added by SPARK-25108) is
//! `str.length + fullWidthRegex.findAllIn(str).size`: Java UTF-16 code units, plus one for every
//! character in Spark's own list of full-width ranges (all in the BMP). So a character outside
//! the BMP (an emoji, say) counts 2 (its two code units) and is never "full width"; combining marks
//! count 1 each. [`string_half_width`] copies that rule exactly rather than using Unicode's
//! East Asian Width tables.

/// How [`show_string`] lays out a table: Spark's `show(numRows, truncate)` arguments.
///
/// ```
/// use ember::display::ShowOptions;
///
/// let d = ShowOptions::default();
/// assert_eq!((d.num_rows, d.truncate), (20, 20));
/// assert_eq!(ShowOptions::new(5, false), ShowOptions { num_rows: 5, truncate: 0 });
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ShowOptions {
    /// The most rows to show (Spark's `numRows`, console sink option `numRows`, default 20).
    pub num_rows: usize,
    /// Cut cells longer than this many characters (UTF-16 code units, as Java counts) and
    /// right-align; `0` means no cutting and left-aligned cells (Spark's `truncate = false`).
    /// Default 20, what Spark's `truncate = true` means.
    pub truncate: usize,
}

impl ShowOptions {
    /// Options for Spark's `show(numRows, truncate: Boolean)` and the console sink's
    /// `numRows`/`truncate` options: `truncate = true` cuts at 20 characters, `false` never cuts.
    pub fn new(num_rows: usize, truncate: bool) -> Self {
        ShowOptions {
            num_rows,
            truncate: if truncate { 20 } else { 0 },
        }
    }
}

impl Default for ShowOptions {
    /// `show()`'s defaults: 20 rows, cells cut at 20 characters.
    fn default() -> Self {
        ShowOptions {
            num_rows: 20,
            truncate: 20,
        }
    }
}

/// The text Spark 4's `Dataset.showString(numRows, truncate)` returns for this table.
///
/// - `column_names`: the header, as in the schema (escaped here, never truncated).
/// - `rows`: the already formatted cells (see [`format_value`](super::format_value)), unescaped and
///   untruncated, one `Vec` per row with one cell per column. Pass **all** rows of the batch, or
///   at least the first `options.num_rows + 1`: only the first `num_rows` are shown, and the
///   footer is printed when `rows.len() > num_rows` (exactly how Spark fetches `numRows + 1` rows
///   to learn whether there are more). A row with fewer cells is padded with empty cells; extra
///   cells are ignored.
///
/// The result is the table's lines, each ending in `\n` (so without a footer it ends in `+\n`),
/// followed when rows were left out by the footer `only showing top N rows` (`row` when N is 1)
/// with **no** newline after it. `Dataset.show` and the console sink print this with `println`, so
/// to reproduce their output write the returned string followed by one `\n`: a blank line follows
/// a table without footer, none follows the footer.
///
/// ```
/// use ember::display::{show_string, ShowOptions};
///
/// let rows = vec![vec!["hello world".to_string()]];
/// let table = show_string(&["value"], &rows, &ShowOptions::default());
/// assert_eq!(
///     table,
///     "+-----------+\n\
///      |      value|\n\
///      +-----------+\n\
///      |hello world|\n\
///      +-----------+\n"
/// );
///
/// let rows = vec![vec!["1".to_string()], vec!["2".to_string()]];
/// let table = show_string(&["n"], &rows, &ShowOptions { num_rows: 1, truncate: 20 });
/// assert_eq!(table, "+---+\n|  n|\n+---+\n|  1|\n+---+\nonly showing top 1 row");
/// ```
pub fn show_string(column_names: &[&str], rows: &[Vec<String>], options: &ShowOptions) -> String {
    let num_rows = options.num_rows;
    let truncate = options.truncate;
    let has_more_data = rows.len() > num_rows;
    let shown = &rows[..rows.len().min(num_rows)];
    let num_cols = column_names.len();

    let header: Vec<String> = column_names
        .iter()
        .map(|name| escape_meta_characters(name))
        .collect();
    let body: Vec<Vec<String>> = shown
        .iter()
        .map(|row| {
            (0..num_cols)
                .map(|i| {
                    let cell = row.get(i).map_or("", String::as_str);
                    truncate_cell(&escape_meta_characters(cell), truncate)
                })
                .collect()
        })
        .collect();

    // We set a minimum column width at 3, as Spark does.
    let mut widths = vec![3usize; num_cols];
    for line in std::iter::once(&header).chain(body.iter()) {
        for (w, cell) in widths.iter_mut().zip(line) {
            *w = (*w).max(string_half_width(cell));
        }
    }

    let mut sep = String::from("+");
    for w in &widths {
        sep.push_str(&"-".repeat(*w));
        sep.push('+');
    }
    if widths.is_empty() {
        // Spark's `addString(sb, "+", "+", "+\n")` on no columns gives "++\n".
        sep.push('+');
    }
    sep.push('\n');

    let mut out = String::new();
    out.push_str(&sep);
    push_line(&mut out, &header, &widths, truncate > 0);
    out.push_str(&sep);
    for line in &body {
        push_line(&mut out, line, &widths, truncate > 0);
    }
    out.push_str(&sep);

    if has_more_data {
        let noun = if num_rows == 1 { "row" } else { "rows" };
        out.push_str(&format!("only showing top {num_rows} {noun}"));
    }
    out
}

/// Appends `|cell|cell|\n`, each cell padded to its column's width (left-padded when
/// `align_right`, as Spark does when truncating).
fn push_line(out: &mut String, cells: &[String], widths: &[usize], align_right: bool) {
    out.push('|');
    for (cell, w) in cells.iter().zip(widths) {
        let pad = " ".repeat(w.saturating_sub(string_half_width(cell)));
        if align_right {
            out.push_str(&pad);
            out.push_str(cell);
        } else {
            out.push_str(cell);
            out.push_str(&pad);
        }
        out.push('|');
    }
    if cells.is_empty() {
        // Spark's `addString(sb, "|", "|", "|\n")` on no cells gives "||\n".
        out.push('|');
    }
    out.push('\n');
}

/// Spark's cell truncation, on Java string lengths (UTF-16 code units).
fn truncate_cell(s: &str, truncate: usize) -> String {
    if truncate == 0 || utf16_len(s) <= truncate {
        return s.to_string();
    }
    if truncate < 4 {
        utf16_prefix(s, truncate)
    } else {
        let mut cut = utf16_prefix(s, truncate - 3);
        cut.push_str("...");
        cut
    }
}

fn utf16_len(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// Java's `s.substring(0, n)`. When the cut falls inside a surrogate pair Java keeps a lone high
/// surrogate, which its UTF-8 console encoder prints as `?` (checked with OpenJDK 17); that `?` is
/// what we keep (it has the same length, 1, so widths still agree with Spark's).
fn utf16_prefix(s: &str, n: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let len = c.len_utf16();
        if used + len <= n {
            out.push(c);
            used += len;
        } else {
            if used < n {
                out.push('?');
            }
            break;
        }
    }
    out
}

/// Whether Spark's `fullWidthRegex` matches `c`: the ranges `\u1100-\u115F`, `\u2E80-\uA4CF`,
/// `\uAC00-\uD7A3`, `\uF900-\uFAFF`, `\uFE10-\uFE19`, `\uFE30-\uFE6F`, `\uFF00-\uFF60`,
/// `\uFFE0-\uFFE6` (Hangul Jamo, CJK radicals through Yi, Hangul syllables, CJK compatibility
/// ideographs, vertical forms, CJK compatibility forms and small forms, full-width forms).
fn is_full_width(c: char) -> bool {
    matches!(
        c,
        '\u{1100}'..='\u{115F}'
            | '\u{2E80}'..='\u{A4CF}'
            | '\u{AC00}'..='\u{D7A3}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{FE10}'..='\u{FE19}'
            | '\u{FE30}'..='\u{FE6F}'
            | '\u{FF00}'..='\u{FF60}'
            | '\u{FFE0}'..='\u{FFE6}'
    )
}

/// The number of terminal columns Spark assumes `s` takes: Spark's `Utils.stringHalfWidth`, i.e.
/// its length in UTF-16 code units plus one per character in Spark's full-width ranges.
///
/// ```
/// use ember::display::string_half_width;
///
/// assert_eq!(string_half_width("abc"), 3);
/// assert_eq!(string_half_width("中文"), 4); // CJK ideographs are full width
/// assert_eq!(string_half_width("한국"), 4); // Hangul syllables too
/// assert_eq!(string_half_width("é"), 1);
/// assert_eq!(string_half_width("😀"), 2); // two UTF-16 code units, not in Spark's ranges
/// ```
pub fn string_half_width(s: &str) -> usize {
    s.chars()
        .map(|c| c.len_utf16() + usize::from(is_full_width(c)))
        .sum()
}

/// Spark's `SparkSchemaUtils.escapeMetaCharacters` (`common/utils/.../util/SparkSchemaUtils.scala`),
/// applied to header names and cells so a row stays on one line: newline, carriage return, tab,
/// form feed, backspace, vertical tab (U+000B) and bell (U+0007) become `\n`, `\r`, `\t`, `\f`,
/// `\b`, `\v`, `\a` (a backslash and a letter). Other control characters (e.g. U+0000, U+001B) and
/// backslashes are left as they are.
///
/// ```
/// use ember::display::escape_meta_characters;
///
/// assert_eq!(escape_meta_characters("a\nb\tc"), "a\\nb\\tc");
/// ```
pub fn escape_meta_characters(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{0C}' => out.push_str("\\f"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0B}' => out.push_str("\\v"),
            '\u{07}' => out.push_str("\\a"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(cells: &[&[&str]]) -> Vec<Vec<String>> {
        cells
            .iter()
            .map(|r| r.iter().map(|c| c.to_string()).collect())
            .collect()
    }

    fn opts(num_rows: usize, truncate: usize) -> ShowOptions {
        ShowOptions { num_rows, truncate }
    }

    #[test]
    fn options() {
        assert_eq!(ShowOptions::default(), opts(20, 20));
        assert_eq!(ShowOptions::new(7, true), opts(7, 20));
        assert_eq!(ShowOptions::new(7, false), opts(7, 0));
    }

    #[test]
    fn design_example() {
        let t = show_string(
            &["value"],
            &rows(&[&["hello world"]]),
            &ShowOptions::default(),
        );
        assert_eq!(
            t,
            "+-----------+\n\
             |      value|\n\
             +-----------+\n\
             |hello world|\n\
             +-----------+\n"
        );
    }

    #[test]
    fn several_columns_right_aligned_min_width_three() {
        let t = show_string(
            &["k", "count", "a_long_header"],
            &rows(&[&["x", "1", ""], &["yy", "12345", "z"]]),
            &ShowOptions::default(),
        );
        assert_eq!(
            t,
            "+---+-----+-------------+\n\
             |  k|count|a_long_header|\n\
             +---+-----+-------------+\n\
             |  x|    1|             |\n\
             | yy|12345|            z|\n\
             +---+-----+-------------+\n"
        );
    }

    #[test]
    fn long_string_cut_at_twenty() {
        let t = show_string(
            &["value"],
            &rows(&[&["abcdefghijklmnopqrstuvwxyz"], &["short"]]),
            &ShowOptions::default(),
        );
        assert_eq!(
            t,
            "+--------------------+\n\
             |               value|\n\
             +--------------------+\n\
             |abcdefghijklmnopq...|\n\
             |               short|\n\
             +--------------------+\n"
        );
        // Exactly 20 characters: not cut.
        let t = show_string(
            &["v"],
            &rows(&[&["abcdefghijklmnopqrst"]]),
            &ShowOptions::default(),
        );
        assert_eq!(
            t,
            "+--------------------+\n\
             |                   v|\n\
             +--------------------+\n\
             |abcdefghijklmnopqrst|\n\
             +--------------------+\n"
        );
    }

    #[test]
    fn truncate_off_left_aligns_and_keeps_everything() {
        let t = show_string(
            &["value", "n"],
            &rows(&[&["abcdefghijklmnopqrstuvwxyz", "1"], &["short", "22"]]),
            &opts(20, 0),
        );
        assert_eq!(
            t,
            "+--------------------------+---+\n\
             |value                     |n  |\n\
             +--------------------------+---+\n\
             |abcdefghijklmnopqrstuvwxyz|1  |\n\
             |short                     |22 |\n\
             +--------------------------+---+\n"
        );
    }

    #[test]
    fn truncate_five() {
        let t = show_string(
            &["value"],
            &rows(&[&["abcdefgh"], &["abcde"], &["abcdef"]]),
            &opts(20, 5),
        );
        assert_eq!(
            t,
            "+-----+\n\
             |value|\n\
             +-----+\n\
             |ab...|\n\
             |abcde|\n\
             |ab...|\n\
             +-----+\n"
        );
    }

    #[test]
    fn truncate_below_four_has_no_dots() {
        let t = show_string(&["v"], &rows(&[&["abcdefgh"], &["a"]]), &opts(20, 2));
        assert_eq!(t, "+---+\n|  v|\n+---+\n| ab|\n|  a|\n+---+\n");
        let t = show_string(&["v"], &rows(&[&["abcdefgh"]]), &opts(20, 3));
        assert_eq!(t, "+---+\n|  v|\n+---+\n|abc|\n+---+\n");
        let t = show_string(&["v"], &rows(&[&["abcdefgh"]]), &opts(20, 1));
        assert_eq!(t, "+---+\n|  v|\n+---+\n|  a|\n+---+\n");
        let t = show_string(&["v"], &rows(&[&["abcdefgh"]]), &opts(20, 4));
        assert_eq!(t, "+----+\n|   v|\n+----+\n|a...|\n+----+\n");
    }

    #[test]
    fn header_is_never_truncated() {
        let t = show_string(
            &["a_very_long_column_name"],
            &rows(&[&["abcdefgh"]]),
            &opts(20, 5),
        );
        assert_eq!(
            t,
            "+-----------------------+\n\
             |a_very_long_column_name|\n\
             +-----------------------+\n\
             |                  ab...|\n\
             +-----------------------+\n"
        );
    }

    #[test]
    fn empty_table() {
        let t = show_string(&["word", "count"], &[], &ShowOptions::default());
        assert_eq!(
            t,
            "+----+-----+\n\
             |word|count|\n\
             +----+-----+\n\
             +----+-----+\n"
        );
        let t = show_string(&["a"], &[], &opts(20, 0));
        assert_eq!(t, "+---+\n|a  |\n+---+\n+---+\n");
    }

    #[test]
    fn no_columns() {
        assert_eq!(
            show_string(&[], &[vec![]], &ShowOptions::default()),
            "++\n||\n++\n||\n++\n"
        );
    }

    #[test]
    fn more_than_twenty_rows_shows_footer() {
        let data: Vec<Vec<String>> = (1..=25).map(|i| vec![i.to_string()]).collect();
        let t = show_string(&["n"], &data, &ShowOptions::default());
        let mut want = String::from("+---+\n|  n|\n+---+\n");
        for i in 1..=20 {
            want.push_str(&format!("|{i:>3}|\n"));
        }
        want.push_str("+---+\nonly showing top 20 rows");
        assert_eq!(t, want);
        // Passing only num_rows + 1 rows gives the same text.
        assert_eq!(
            show_string(&["n"], &data[..21], &ShowOptions::default()),
            want
        );
    }

    #[test]
    fn exactly_num_rows_has_no_footer() {
        let data: Vec<Vec<String>> = (1..=20).map(|i| vec![i.to_string()]).collect();
        let t = show_string(&["n"], &data, &ShowOptions::default());
        assert!(t.ends_with("| 20|\n+---+\n"), "{t}");
        assert!(!t.contains("only showing"));
    }

    #[test]
    fn hidden_rows_do_not_widen_columns() {
        let t = show_string(
            &["v"],
            &rows(&[&["a"], &["b"], &["a much wider value"]]),
            &opts(2, 20),
        );
        assert_eq!(
            t,
            "+---+\n|  v|\n+---+\n|  a|\n|  b|\n+---+\nonly showing top 2 rows"
        );
    }

    #[test]
    fn one_row_footer_says_row() {
        let t = show_string(&["v"], &rows(&[&["a"], &["b"]]), &opts(1, 20));
        assert_eq!(
            t,
            "+---+\n|  v|\n+---+\n|  a|\n+---+\nonly showing top 1 row"
        );
    }

    #[test]
    fn zero_rows_requested() {
        let t = show_string(&["v"], &rows(&[&["a"]]), &opts(0, 20));
        assert_eq!(t, "+---+\n|  v|\n+---+\n+---+\nonly showing top 0 rows");
        let t = show_string(&["v"], &[], &opts(0, 20));
        assert_eq!(t, "+---+\n|  v|\n+---+\n+---+\n");
    }

    #[test]
    fn nulls() {
        let t = show_string(
            &["a", "b"],
            &rows(&[&["NULL", "x"], &["1", "NULL"]]),
            &ShowOptions::default(),
        );
        assert_eq!(
            t,
            "+----+----+\n\
             |   a|   b|\n\
             +----+----+\n\
             |NULL|   x|\n\
             |   1|NULL|\n\
             +----+----+\n"
        );
    }

    #[test]
    fn cjk_and_hangul_count_double() {
        assert_eq!(string_half_width("中文"), 4);
        assert_eq!(string_half_width("한국어"), 6);
        assert_eq!(string_half_width("ｱ"), 1); // half-width katakana U+FF71: not in the ranges
        assert_eq!(string_half_width("Ａ"), 2); // full-width Latin U+FF21
        assert_eq!(string_half_width("ᄀ"), 2); // Hangul Jamo U+1100
        assert_eq!(string_half_width("\u{1160}"), 1); // U+1160: just past the Jamo range
        assert_eq!(string_half_width("\u{2E7F}"), 1);
        assert_eq!(string_half_width("\u{2E80}"), 2);
        assert_eq!(string_half_width("\u{A4CF}"), 2);
        assert_eq!(string_half_width("\u{A4D0}"), 1);
        assert_eq!(string_half_width("\u{FFE6}"), 2);
        assert_eq!(string_half_width("\u{FFE7}"), 1);
        // Outside the BMP: two UTF-16 code units, never full width (even CJK extension B).
        assert_eq!(string_half_width("😀"), 2);
        assert_eq!(string_half_width("\u{20000}"), 2);
        // Combining accent: its own code unit.
        assert_eq!(string_half_width("e\u{301}"), 2);

        let t = show_string(
            &["name", "城市"],
            &rows(&[&["中文", "서울"], &["abc", "東京都"]]),
            &ShowOptions::default(),
        );
        assert_eq!(
            t,
            "+----+------+\n\
             |name|  城市|\n\
             +----+------+\n\
             |中文|  서울|\n\
             | abc|東京都|\n\
             +----+------+\n"
        );
        let t = show_string(&["name"], &rows(&[&["中文"], &["한국어"]]), &opts(20, 0));
        assert_eq!(
            t,
            "+------+\n\
             |name  |\n\
             +------+\n\
             |中文  |\n\
             |한국어|\n\
             +------+\n"
        );
    }

    #[test]
    fn wide_characters_are_cut_by_length_not_width() {
        // 14 characters (28 columns) cut at 5 characters: 2 characters and "...".
        let t = show_string(
            &["v"],
            &rows(&[&["中文中文中文中文中文中文中文"]]),
            &opts(20, 5),
        );
        assert_eq!(t, "+-------+\n|      v|\n+-------+\n|中文...|\n+-------+\n");
        // The default 20: 17 ideographs (34 columns) plus "...".
        let long: String = "字".repeat(25);
        let t = show_string(&["v"], &rows(&[&[long.as_str()]]), &ShowOptions::default());
        let cut = format!("{}...", "字".repeat(17));
        let bar = "-".repeat(37);
        assert_eq!(
            t,
            format!(
                "+{bar}+\n|{}v|\n+{bar}+\n|{cut}|\n+{bar}+\n",
                " ".repeat(36)
            )
        );
    }

    #[test]
    fn surrogate_pairs_cut_like_java() {
        // "😀😀😀" is 6 UTF-16 code units. Cut at 5: substring(0, 2) + "..." = "😀...".
        let t = show_string(&["v"], &rows(&[&["😀😀😀"]]), &opts(20, 5));
        assert_eq!(t, "+-----+\n|    v|\n+-----+\n|😀...|\n+-----+\n");
        // Cut at 3: substring(0, 3) ends in a lone surrogate, which Java prints as '?'.
        let t = show_string(&["v"], &rows(&[&["😀😀😀"]]), &opts(20, 3));
        assert_eq!(t, "+---+\n|  v|\n+---+\n|😀?|\n+---+\n");
        // Exactly 4 code units with truncate 4: kept whole.
        let t = show_string(&["v"], &rows(&[&["😀😀"]]), &opts(20, 4));
        assert_eq!(t, "+----+\n|   v|\n+----+\n|😀😀|\n+----+\n");
    }

    #[test]
    fn control_characters_escaped() {
        assert_eq!(
            escape_meta_characters("\n\r\t\u{0C}\u{08}\u{0B}\u{07}"),
            "\\n\\r\\t\\f\\b\\v\\a"
        );
        // Not escaped by Spark: NUL, ESC, DEL, and backslashes.
        assert_eq!(
            escape_meta_characters("\0\u{1B}\u{7F}\\"),
            "\0\u{1B}\u{7F}\\"
        );

        let t = show_string(
            &["col\tname"],
            &rows(&[&["line1\nline2"], &["a\r\nb"]]),
            &ShowOptions::default(),
        );
        assert_eq!(
            t,
            "+------------+\n\
             |   col\\tname|\n\
             +------------+\n\
             |line1\\nline2|\n\
             |      a\\r\\nb|\n\
             +------------+\n"
        );
    }

    #[test]
    fn escaping_happens_before_truncation() {
        // "a\tbcdef" escapes to "a\\tbcdef" (8 chars); cut at 5 keeps 2 of them.
        let t = show_string(&["v"], &rows(&[&["a\tbcdef"]]), &opts(20, 5));
        assert_eq!(t, "+-----+\n|    v|\n+-----+\n|a\\...|\n+-----+\n");
    }

    #[test]
    fn short_rows_are_padded_with_empty_cells() {
        let t = show_string(&["a", "b"], &rows(&[&["1"]]), &ShowOptions::default());
        assert_eq!(t, "+---+---+\n|  a|  b|\n+---+---+\n|  1|   |\n+---+---+\n");
    }
}
