//! Java's predefined character classes in Rust's `regex` syntax.
//!
//! Spark compiles its regular expressions with `java.util.regex.Pattern` and no flags, where
//! `\w`, `\d` and `\s` (and `\W`, `\D`, `\S`) are ASCII-only: `[a-zA-Z_0-9]`, `[0-9]` and
//! `[ \t\n\x0B\f\r]`. Rust's `regex` makes them Unicode-aware, so `'é' RLIKE '\w'` would be
//! true where Spark says false. [`java_classes`] spells them out as Java means them, inside
//! and outside brackets, before a pattern is compiled; everything else is left as written.

/// The ASCII set Java's `\w` matches, as the inside of a bracketed class.
const WORD: &str = "0-9A-Za-z_";
/// Java's `\d`.
const DIGIT: &str = "0-9";
/// Java's `\s`: space, tab, newline, vertical tab, form feed, carriage return.
const SPACE: &str = r" \t\n\x0B\x0C\r";

/// `pattern` (Java syntax) with Java's ASCII-only `\w \W \d \D \s \S` spelled out for Rust's
/// `regex`.
///
/// ```text
/// \w+        -> [0-9A-Za-z_]+
/// [\d.]      -> [0-9.]
/// [^\W_]     -> [^[^0-9A-Za-z_]_]
/// \\w        -> \\w          (an escaped backslash, then `w`)
/// ```
pub(super) fn java_classes(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    // How deep inside brackets (Java's classes nest: `[a[b]]`).
    let mut depth = 0usize;
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(escaped) = chars.next() else {
                    // A trailing backslash: left for the compiler to refuse.
                    out.push('\\');
                    break;
                };
                let set = match escaped.to_ascii_lowercase() {
                    'w' => Some(WORD),
                    'd' => Some(DIGIT),
                    's' => Some(SPACE),
                    _ => None,
                };
                match (set, escaped.is_ascii_uppercase(), depth > 0) {
                    (None, _, _) => {
                        out.push('\\');
                        out.push(escaped);
                    }
                    // Inside brackets a set joins the class; its complement is a nested class.
                    (Some(set), false, true) => out.push_str(set),
                    (Some(set), true, _) => {
                        out.push_str("[^");
                        out.push_str(set);
                        out.push(']');
                    }
                    (Some(set), false, false) => {
                        out.push('[');
                        out.push_str(set);
                        out.push(']');
                    }
                }
            }
            '[' => {
                depth += 1;
                out.push(c);
            }
            ']' if depth > 0 => {
                depth -= 1;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    #[test]
    fn classes_are_spelled_out_as_java_means_them() {
        assert_eq!(java_classes(r"\w+"), "[0-9A-Za-z_]+");
        assert_eq!(java_classes(r"\W"), "[^0-9A-Za-z_]");
        assert_eq!(java_classes(r"[\d.]"), "[0-9.]");
        assert_eq!(java_classes(r"[^\W_]"), "[^[^0-9A-Za-z_]_]");
        assert_eq!(java_classes(r"a\s*b"), r"a[ \t\n\x0B\x0C\r]*b");
        // Escapes other than the classes, and an escaped backslash, stay as written.
        assert_eq!(java_classes(r"\\w\.\b\p{L}"), r"\\w\.\b\p{L}");
        assert_eq!(java_classes(r"\[\w\]"), r"\[[0-9A-Za-z_]\]");
        assert_eq!(java_classes("a\\"), "a\\");
    }

    /// What `java.util.regex` (Java 17, Spark 4.3's) matches: ASCII only.
    #[test]
    fn non_ascii_letters_digits_and_spaces_are_not_in_the_classes() {
        let matches =
            |pattern: &str, text: &str| Regex::new(&java_classes(pattern)).unwrap().is_match(text);
        assert!(!matches(r"\w", "é"));
        assert!(matches(r"\W", "é"));
        assert!(matches(r"^\w+$", "a_Z9"));
        assert!(!matches(r"\d", "٣")); // an Arabic-Indic digit
        assert!(!matches(r"\s", "\u{a0}")); // a no-break space
        assert!(matches(r"\s", "\u{b}")); // vertical tab
        assert!(matches(r"^[\w-]+$", "a-b"));
        assert!(!matches(r"^[\w-]+$", "a-é"));
    }
}
