//! Java's `String.format`, as Spark's `format_string` and `printf` call it on internal values:
//! `%s %S %b %B %c %d %o %x %X %e %E %f %g %G %% %n`, with argument indexes (`%2$s`, `%<s`),
//! the flags `- # + space 0 , (`, widths and precisions.
//!
//! Values are what Spark hands Java: a `date` is its number of days and a `timestamp` its
//! microseconds (`%s` of a date prints `19783`); `NULL` prints `null` (`false` for `%b`).
//! Errors are Java's exception messages, as Spark reports them (`d != java.lang.Double`,
//! `Format specifier '%s'`, `Conversion = 'q'`). `%h`, `%a` and the date-time conversions
//! `%t` are not supported and fail saying so.

use super::rounding::{Digits, Rounding};
use crate::display::java_double_to_string;
use crate::Value;

/// A Java format string, parsed (as Java's `Formatter` parses the whole string before it
/// formats anything): parse a constant format once, apply it to every row's arguments.
pub(crate) struct Format(Vec<Piece>);

/// A run of ordinary text, or a specifier.
enum Piece {
    Text(String),
    Spec(Spec),
}

impl Format {
    /// Parses `format`, or Java's error message.
    pub(crate) fn parse(format: &str) -> Result<Format, String> {
        let chars: Vec<char> = format.chars().collect();
        let mut pieces = Vec::new();
        let mut at = 0;
        while at < chars.len() {
            if chars[at] != '%' {
                let start = at;
                while at < chars.len() && chars[at] != '%' {
                    at += 1;
                }
                pieces.push(Piece::Text(chars[start..at].iter().collect()));
                continue;
            }
            pieces.push(Piece::Spec(Spec::parse(&chars, &mut at)?));
        }
        Ok(Format(pieces))
    }

    /// `args` formatted, or Java's error message.
    pub(crate) fn apply(&self, args: &[Value]) -> Result<String, String> {
        let mut out = String::new();
        let mut ordinary = 0;
        let mut last: Option<usize> = None;
        for piece in &self.0 {
            let spec = match piece {
                Piece::Text(text) => {
                    out.push_str(text);
                    continue;
                }
                Piece::Spec(spec) => spec,
            };
            let index = match spec.index {
                Index::None => None,
                Index::Explicit(i) => Some(i),
                Index::Previous => Some(last.ok_or_else(|| missing(spec))?),
                Index::Ordinary => {
                    ordinary += 1;
                    Some(ordinary - 1)
                }
            };
            let text = match index {
                None => spec.fixed()?,
                Some(i) => {
                    last = Some(i);
                    let arg = args.get(i).ok_or_else(|| missing(spec))?;
                    spec.format(arg)?
                }
            };
            out.push_str(&text);
        }
        Ok(out)
    }
}

/// Java's `MissingFormatArgumentException` message.
fn missing(spec: &Spec) -> String {
    format!("Format specifier '{}'", spec.text)
}

/// Which argument a specifier formats.
#[derive(Clone, Copy, PartialEq)]
enum Index {
    /// None: `%%` and `%n`.
    None,
    /// The next one in order.
    Ordinary,
    /// `%2$s`: the second.
    Explicit(usize),
    /// `%<s`: the previous specifier's.
    Previous,
}

/// One format specifier: `%[index$][flags][width][.precision]conversion`.
struct Spec {
    /// Its text, for messages.
    text: String,
    index: Index,
    flags: String,
    width: Option<usize>,
    precision: Option<usize>,
    conversion: char,
}

impl Spec {
    /// Parses the specifier at `chars[*at]` (a `%`), moving `at` past it.
    fn parse(chars: &[char], at: &mut usize) -> Result<Spec, String> {
        let start = *at;
        let mut i = start + 1;
        let number = |i: &mut usize| {
            let from = *i;
            while chars.get(*i).is_some_and(char::is_ascii_digit) {
                *i += 1;
            }
            (from < *i).then(|| chars[from..*i].iter().collect::<String>())
        };
        // An argument index is digits followed by `$`.
        let mut index = Index::Ordinary;
        let save = i;
        if let Some(n) = number(&mut i) {
            if chars.get(i) == Some(&'$') {
                let n: usize = n.parse().unwrap_or(usize::MAX);
                index = Index::Explicit(n.saturating_sub(1));
                i += 1;
            } else {
                i = save;
            }
        }
        let flags_start = i;
        while chars.get(i).is_some_and(|c| "-#+ 0,(<".contains(*c)) {
            // A `0` here, before any other digit, is the zero-pad flag, not part of the width.
            i += 1;
        }
        let mut flags: String = chars[flags_start..i].iter().collect();
        if flags.contains('<') {
            index = Index::Previous;
            flags = flags.replace('<', "");
        }
        let width = number(&mut i).map(|w| w.parse().unwrap_or(usize::MAX));
        let precision = if chars.get(i) == Some(&'.') {
            i += 1;
            match number(&mut i) {
                Some(p) => Some(p.parse().unwrap_or(usize::MAX)),
                None => {
                    return Err(format!(
                        "Conversion = '{}'",
                        chars.get(start + 1).copied().unwrap_or('%')
                    ))
                }
            }
        } else {
            None
        };
        let Some(&conversion) = chars.get(i) else {
            let c = chars.get(start + 1).copied().unwrap_or('%');
            return Err(format!("Conversion = '{c}'"));
        };
        if !"sSbBcCdoxXeEfgGaAhHtTn%".contains(conversion) {
            return Err(format!("Conversion = '{conversion}'"));
        }
        *at = i + 1;
        let text: String = chars[start..*at].iter().collect();
        if matches!(conversion, 't' | 'T' | 'a' | 'A' | 'h' | 'H') {
            return Err(format!(
                "[UNSUPPORTED_FEATURE] The feature is not supported: the conversion `{text}` of \
                 `format_string`."
            ));
        }
        let spec = Spec {
            text,
            index: if "n%".contains(conversion) {
                Index::None
            } else {
                index
            },
            flags,
            width,
            precision,
            conversion,
        };
        spec.check_flags()?;
        Ok(spec)
    }

    fn has(&self, flag: char) -> bool {
        self.flags.contains(flag)
    }

    /// Java's checks of flags, widths and precisions that do not depend on the argument.
    fn check_flags(&self) -> Result<(), String> {
        if (self.has('-') || self.has('0')) && self.width.is_none() {
            return Err(self.text.clone());
        }
        if self.has('-') && self.has('0') || self.has('+') && self.has(' ') {
            return Err(format!("Flags = '{}'", self.flags));
        }
        let bad: &[char] = match self.conversion.to_ascii_lowercase() {
            's' | 'b' | 'c' => &['+', ' ', '0', ',', '('],
            'd' => &['#'],
            'o' | 'x' => &[','],
            'e' => &[','],
            'g' => &['#'],
            _ => &[],
        };
        if let Some(flag) = bad.iter().find(|f| self.has(**f)) {
            return Err(format!("Conversion = {}, Flags = {flag}", self.conversion));
        }
        let no_precision = matches!(self.conversion.to_ascii_lowercase(), 'c' | 'd' | 'o' | 'x');
        if let (true, Some(p)) = (no_precision, self.precision) {
            return Err(p.to_string());
        }
        Ok(())
    }

    /// `%%` and `%n`.
    fn fixed(&self) -> Result<String, String> {
        Ok(if self.conversion == 'n' {
            "\n".to_string()
        } else {
            self.pad("%".to_string())
        })
    }

    /// `s` padded with spaces to the width (on the right with `-`).
    fn pad(&self, s: String) -> String {
        let len = s.chars().count();
        match self.width {
            Some(width) if width > len => {
                let spaces = " ".repeat(width - len);
                if self.has('-') {
                    s + &spaces
                } else {
                    spaces + &s
                }
            }
            _ => s,
        }
    }

    /// `s` cut to the precision, upper-cased for an upper-case conversion, and padded.
    fn text_field(&self, s: String) -> String {
        let s = match self.precision {
            Some(p) => s.chars().take(p).collect(),
            None => s,
        };
        let s = if self.conversion.is_ascii_uppercase() {
            s.to_uppercase()
        } else {
            s
        };
        self.pad(s)
    }

    /// Java's `IllegalFormatConversionException` message for `value`.
    fn mismatch(&self, value: &Value) -> String {
        let class = match value {
            Value::Boolean(_) => "java.lang.Boolean",
            Value::Int(_) | Value::Date(_) => "java.lang.Integer",
            Value::Long(_) | Value::Timestamp(_) => "java.lang.Long",
            Value::Double(_) => "java.lang.Double",
            Value::String(_) => "org.apache.spark.unsafe.types.UTF8String",
            Value::Array(_) => "org.apache.spark.sql.catalyst.util.GenericArrayData",
            _ => "org.apache.spark.sql.catalyst.InternalRow",
        };
        format!("{} != {class}", self.conversion)
    }

    /// The specifier applied to one argument.
    fn format(&self, value: &Value) -> Result<String, String> {
        let conversion = self.conversion.to_ascii_lowercase();
        if conversion == 'b' {
            let b = !matches!(value, Value::Null | Value::Boolean(false));
            return Ok(self.text_field(b.to_string()));
        }
        if value.is_null() {
            return Ok(self.text_field("null".to_string()));
        }
        match conversion {
            's' => {
                if self.has('#') {
                    return Err(format!("Conversion = {}, Flags = #", self.conversion));
                }
                Ok(self.text_field(java_string(value)))
            }
            'c' => match value {
                Value::Int(c) => match char::from_u32(*c as u32) {
                    Some(c) => Ok(self.text_field(c.to_string())),
                    None => Err(format!("Code point = {:#x}", c)),
                },
                other => Err(self.mismatch(other)),
            },
            'd' => match integer(value) {
                Some((i, _)) => {
                    Ok(self.number(i < 0, group_if(self.has(','), i.unsigned_abs().to_string())))
                }
                None => Err(self.mismatch(value)),
            },
            'o' | 'x' => match integer(value) {
                Some((i, bits)) => {
                    if self.has('+') || self.has(' ') || self.has('(') {
                        let flag = self.flags.chars().find(|c| "+ (".contains(*c));
                        return Err(format!(
                            "Conversion = {}, Flags = {}",
                            self.conversion,
                            flag.unwrap_or('+')
                        ));
                    }
                    let unsigned = (i as u64) & (u64::MAX >> (64 - bits));
                    let (digits, prefix) = if conversion == 'o' {
                        (format!("{unsigned:o}"), "0")
                    } else {
                        (format!("{unsigned:x}"), "0x")
                    };
                    let digits = if self.has('#') {
                        format!("{prefix}{digits}")
                    } else {
                        digits
                    };
                    let digits = self.zero_pad(String::new(), digits, "");
                    Ok(self.text_field(digits))
                }
                None => Err(self.mismatch(value)),
            },
            _ => match value {
                Value::Double(d) => Ok(self.floating(*d)),
                other => Err(self.mismatch(other)),
            },
        }
    }

    /// Zeros between `sign` and `digits` up to the width, with the `0` flag.
    fn zero_pad(&self, sign: String, digits: String, close: &str) -> String {
        let len = sign.chars().count() + digits.chars().count() + close.len();
        match self.width {
            Some(width) if self.has('0') && width > len => {
                format!("{sign}{}{digits}{close}", "0".repeat(width - len))
            }
            _ => format!("{sign}{digits}{close}"),
        }
    }

    /// A formatted magnitude with its sign (`-`, `+`, ` ` or parentheses) and padding.
    fn number(&self, negative: bool, magnitude: String) -> String {
        let (sign, close) = match (negative, self.has('(')) {
            (true, true) => ("(", ")"),
            (true, false) => ("-", ""),
            (false, _) if self.has('+') => ("+", ""),
            (false, _) if self.has(' ') => (" ", ""),
            _ => ("", ""),
        };
        let s = self.zero_pad(sign.to_string(), magnitude, close);
        self.pad(s)
    }

    /// `%e`, `%f` and `%g` of a double.
    fn floating(&self, d: f64) -> String {
        let upper = self.conversion.is_ascii_uppercase();
        if !d.is_finite() {
            let s = if d.is_nan() {
                "NaN".to_string()
            } else {
                let sign = if d > 0.0 {
                    if self.has('+') {
                        "+"
                    } else {
                        ""
                    }
                } else if self.has('(') {
                    "("
                } else {
                    "-"
                };
                let close = if d < 0.0 && self.has('(') { ")" } else { "" };
                format!("{sign}Infinity{close}")
            };
            return self.pad(if upper { s.to_uppercase() } else { s });
        }
        let precision = self.precision.unwrap_or(6) as i64;
        let decimal = if d == 0.0 {
            Digits {
                digits: vec![],
                exponent: 0,
            }
        } else {
            Digits::shortest(d.abs())
        };
        let magnitude = match self.conversion.to_ascii_lowercase() {
            'f' => fixed(&decimal, precision, self.has(',')),
            'e' => scientific(&decimal, precision),
            _ => {
                // `%g`: `precision` significant digits, in `%f` form from 10^-4 to 10^precision.
                let precision = precision.max(1);
                let rounded = decimal.round(precision, Rounding::HalfUp);
                let exponent = if rounded.digits.is_empty() {
                    0
                } else {
                    rounded.exponent
                };
                if d != 0.0 && (exponent < -4 || exponent >= precision) {
                    scientific(&decimal, precision - 1)
                } else {
                    fixed(&decimal, precision - 1 - exponent, self.has(','))
                }
            }
        };
        let magnitude = if upper {
            magnitude.to_uppercase()
        } else {
            magnitude
        };
        self.number(d.is_sign_negative(), magnitude)
    }
}

/// A value as Java's `String.valueOf` prints what Spark passes for it.
fn java_string(value: &Value) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Boolean(b) => b.to_string(),
        Value::Byte(i) => i.to_string(),
        Value::Short(i) => i.to_string(),
        Value::Int(i) | Value::Date(i) => i.to_string(),
        Value::Long(i) | Value::Timestamp(i) | Value::TimestampNtz(i) | Value::Interval(i, _) => {
            i.to_string()
        }
        Value::Float(f) => crate::display::java_float_to_string(*f),
        Value::Double(d) => java_double_to_string(*d),
        Value::Decimal(_) => crate::display::format_value(value, crate::time_zone::TimeZone::UTC),
        Value::String(s) => s.clone(),
        Value::Binary(b) => format!("{b:?}"),
        Value::Array(items) | Value::Struct(items) => {
            let inner: Vec<String> = items.iter().map(java_string).collect();
            format!("[{}]", inner.join(","))
        }
        Value::Map(entries) => {
            let inner: Vec<String> = entries
                .iter()
                .map(|(k, v)| format!("{}={}", java_string(k), java_string(v)))
                .collect();
            format!("{{{}}}", inner.join(", "))
        }
    }
}

/// An integral argument and its width in bits (`int` and `date` 32, `bigint` and `timestamp` 64).
fn integer(value: &Value) -> Option<(i64, u32)> {
    match value {
        Value::Int(i) | Value::Date(i) => Some((i64::from(*i), 32)),
        Value::Long(i) | Value::Timestamp(i) => Some((*i, 64)),
        _ => None,
    }
}

/// `digits` with a `,` between groups of three, if `group`.
fn group_if(group: bool, digits: String) -> String {
    if !group {
        return digits;
    }
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The digit of `decimal` at the power of ten `power` (0 beyond its digits).
fn digit_at(decimal: &Digits, power: i64) -> char {
    let index = decimal.exponent - power;
    if decimal.digits.is_empty() || index < 0 {
        return '0';
    }
    let d = decimal.digits.get(index as usize).copied().unwrap_or(0);
    char::from(b'0' + d)
}

/// `%f`: the magnitude with `precision` decimals, rounded half up (Java's `Formatter`).
fn fixed(decimal: &Digits, precision: i64, group: bool) -> String {
    let rounded = decimal.round(decimal.exponent + 1 + precision, Rounding::HalfUp);
    let top = if rounded.digits.is_empty() {
        0
    } else {
        rounded.exponent.max(0)
    };
    let integer: String = (0..=top).rev().map(|p| digit_at(&rounded, p)).collect();
    let mut s = group_if(group, integer);
    if precision > 0 {
        s.push('.');
        s.extend((1..=precision).map(|p| digit_at(&rounded, -p)));
    }
    s
}

/// `%e`: one digit, `precision` decimals and a signed exponent of at least two digits.
fn scientific(decimal: &Digits, precision: i64) -> String {
    let rounded = decimal.round(precision + 1, Rounding::HalfUp);
    let exponent = if rounded.digits.is_empty() {
        0
    } else {
        rounded.exponent
    };
    let mut s = String::new();
    s.push(digit_at(&rounded, exponent));
    if precision > 0 {
        s.push('.');
        s.extend((1..=precision).map(|i| digit_at(&rounded, exponent - i)));
    }
    let sign = if exponent < 0 { '-' } else { '+' };
    s.push_str(&format!("e{sign}{:02}", exponent.abs()));
    s
}

#[cfg(test)]
mod tests {
    use super::Format;
    use crate::Value::{self, Boolean, Double, Int, Long, Null};

    fn f(fmt: &str, args: &[Value]) -> String {
        Format::parse(fmt)
            .and_then(|format| format.apply(args))
            .unwrap_or_else(|e| format!("ERROR {e}"))
    }

    // Expected strings from PySpark 4.3 (`format_string(...)`).

    #[test]
    fn strings_and_integers() {
        let s = Value::from("héllo wörld");
        assert_eq!(f("%s-%d", &[s.clone(), Int(-7)]), "héllo wörld--7");
        assert_eq!(f("%s-%d", &[Null, Null]), "null-null");
        assert_eq!(
            f(
                "%5.2f|%x|%05d|%-5s|%,d",
                &[Double(2.5), Int(1), Int(1), "abc".into(), Long(10)]
            ),
            " 2.50|1|00001|abc  |10"
        );
        assert_eq!(
            f(
                "%5.2f|%x|%05d|%-5s|%,d",
                &[Double(-0.0), Int(-7), Int(-7), s.clone(), Long(-3)]
            ),
            "-0.00|fffffff9|-0007|héllo wörld|-3"
        );
        assert_eq!(
            f("%5.2f|%x|%05d|%-5s|%,d", &[Null, Null, Null, Null, Null]),
            "   nu|null| null|null |null"
        );
        assert_eq!(
            f(
                "%5.2f|%x|%05d|%-5s|%,d",
                &[
                    Double(f64::NAN),
                    Int(i32::MAX),
                    Int(i32::MAX),
                    "".into(),
                    Long(i64::MAX)
                ]
            ),
            "  NaN|7fffffff|2147483647|     |9,223,372,036,854,775,807"
        );
        assert_eq!(
            f(
                "%+d|% d|%(d|%o|%X|%08.3f",
                &[Int(-7), Int(-7), Int(-7), Int(-7), Int(-7), Double(-0.0)]
            ),
            "-7|-7|(7)|37777777771|FFFFFFF9|-000.000"
        );
        assert_eq!(
            f(
                "%+d|% d|%(d|%o|%X|%08.3f",
                &[Int(1), Int(1), Int(1), Int(1), Int(1), Double(2.5)]
            ),
            "+1| 1|1|1|1|0002.500"
        );
        assert_eq!(
            f(
                "%+d|% d|%(d|%o|%X|%08.3f",
                &[Null, Null, Null, Null, Null, Null]
            ),
            "null|null|null|null|NULL|     nul"
        );
        assert_eq!(f("%2$s %1$s", &["a".into(), "b".into()]), "b a");
        assert_eq!(f("%%|%n", &[]), "%|\n");
        assert_eq!(f("%x", &[Long(-3)]), "fffffffffffffffd");
        assert_eq!(f("%s", &[Value::Array(vec![Int(3), Null])]), "[3,null]");
        assert_eq!(
            f(
                "%s|%s",
                &[Value::Date(19783), Value::Timestamp(946_684_800_123_456)]
            ),
            "19783|946684800123456"
        );
        assert_eq!(f("%.2s|%S", &[s.clone(), s]), "hé|HÉLLO WÖRLD");
        assert_eq!(f("%b %c", &[Boolean(false), Int(65)]), "false A");
        assert_eq!(f("%b %c", &[Null, Int(128512)]), "false 😀");
        assert_eq!(f("%b", &["x".into()]), "true");
        assert_eq!(f("%5s|%-5s|", &["ab".into(), "ab".into()]), "   ab|ab   |");
        assert_eq!(
            f(
                "%,d|%05d|%x|%#x",
                &[Int(-1234567), Int(-42), Int(-1), Int(255)]
            ),
            "-1,234,567|-0042|ffffffff|0xff"
        );
        assert_eq!(
            f("%o|%s|%d", &[Int(-8), Long(3000000000), Long(3000000000)]),
            "37777777770|3000000000|3000000000"
        );
    }

    #[test]
    fn doubles() {
        assert_eq!(
            f("%s|%s|%s", &[Double(2.5), Double(1.0e-5), Double(1.0e7)]),
            "2.5|1.0E-5|1.0E7"
        );
        assert_eq!(
            f("%e|%E|%g", &[Double(2.5), Double(2.5), Double(2.5)]),
            "2.500000e+00|2.500000E+00|2.50000"
        );
        assert_eq!(
            f("%e|%E|%g", &[Double(-0.0), Double(-0.0), Double(-0.0)]),
            "-0.000000e+00|-0.000000E+00|-0.00000"
        );
        assert_eq!(f("%e|%E|%g", &[Null, Null, Null]), "null|NULL|null");
        assert_eq!(f("%e|%E|%g", &vec![Double(f64::NAN); 3]), "NaN|NAN|NaN");
        assert_eq!(f("%10.3e", &[Double(12345.678)]), " 1.235e+04");
        assert_eq!(f("%,.2f", &[Double(1234567.891)]), "1,234,567.89");
        assert_eq!(f("%-8.3f|", &[Double(-0.0)]), "-0.000  |");
        assert_eq!(f("%-8.3f|", &[Null]), "nul     |");
        assert_eq!(f("%f", &[Double(1e20)]), "100000000000000000000.000000");
        assert_eq!(
            f("%.0f|%.0f|%.1f", &[Double(2.5), Double(3.5), Double(0.05)]),
            "3|4|0.1"
        );
        assert_eq!(
            f("%f|%5.1f|", &[Double(f64::NAN), Double(f64::INFINITY)]),
            "NaN|Infinity|"
        );
        assert_eq!(
            f(
                "%.3f|%f|%.2f",
                &[Double(1.0005), Double(0.1), Double(-0.001)]
            ),
            "1.001|0.100000|-0.00"
        );
        assert_eq!(
            f("%+.1f|%e|%.1e", &[Double(2.25), Double(0.0), Double(9.96)]),
            "+2.3|0.000000e+00|1.0e+01"
        );
        assert_eq!(
            f("%g|%(,.2f", &[Double(123456789.0), Double(-1234.5)]),
            "1.23457e+08|(1,234.50)"
        );
    }

    #[test]
    #[allow(clippy::approx_constant)] // the values PySpark was given
    fn general_scientific_and_padding() {
        let g = [
            Double(0.0001),
            Double(0.00001),
            Double(999999.5),
            Double(100000.0),
        ];
        assert_eq!(
            f("%g|%g|%g|%g", &g),
            "0.000100000|1.00000e-05|1.00000e+06|100000"
        );
        let g = [Double(1234.5), Double(0.5), Double(1e-10)];
        assert_eq!(f("%.3g|%.0g|%G", &g), "1.23e+03|0.5|1.00000E-10");
        assert_eq!(f("%e", &[Double(f64::MAX)]), "1.797693e+308");
        assert_eq!(f("%.2e", &[Double(5e-324)]), "4.90e-324");
        let padded = [Double(-3.14159), Double(3.14159)];
        assert_eq!(f("%010.2f|%-10.2e|", &padded), "-000003.14|3.14e+00  |");
        assert_eq!(f("%+,d|%(d", &[Int(1234567), Int(-5)]), "+1,234,567|(5)");
        assert_eq!(f("%s %s %s", &[Int(1), Long(2), Boolean(true)]), "1 2 true");
    }

    #[test]
    fn java_errors() {
        assert_eq!(f("%d", &[Double(2.5)]), "ERROR d != java.lang.Double");
        assert_eq!(
            f("%d", &["abc".into()]),
            "ERROR d != org.apache.spark.unsafe.types.UTF8String"
        );
        assert_eq!(f("%d", &[Boolean(true)]), "ERROR d != java.lang.Boolean");
        assert_eq!(
            f("%c", &["a".into()]),
            "ERROR c != org.apache.spark.unsafe.types.UTF8String"
        );
        assert_eq!(f("%s %s", &["a".into()]), "ERROR Format specifier '%s'");
        assert_eq!(f("%<s %s", &["a".into()]), "ERROR Format specifier '%<s'");
        assert_eq!(f("%q", &["a".into()]), "ERROR Conversion = 'q'");
        assert_eq!(f("%", &[Int(1)]), "ERROR Conversion = '%'");
        assert_eq!(f("%5", &[Int(1)]), "ERROR Conversion = '5'");
        assert_eq!(f("%-d", &[Int(1)]), "ERROR %-d");
        assert_eq!(f("%-05d", &[Int(42)]), "ERROR Flags = '-0'");
        assert_eq!(f("%,x", &[Int(1)]), "ERROR Conversion = x, Flags = ,");
        assert_eq!(f("%#s", &["a".into()]), "ERROR Conversion = s, Flags = #");
        assert_eq!(
            f("%h", &["a".into()]),
            "ERROR [UNSUPPORTED_FEATURE] The feature is not supported: the conversion `%h` of \
             `format_string`."
        );
    }
}
