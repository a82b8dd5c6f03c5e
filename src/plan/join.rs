//! [`JoinPlan`]: a stream-static join as analysis resolved it — its type, the key columns
//! of each side, and where each output column comes from — with Spark's refusals.

use ember_operators::{Field, Schema};

use crate::error::{Error, Result};
use crate::expr::{BinaryOp, Expr};

/// The join types Ember computes (with a streaming left side and a static right side).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JoinType {
    /// Rows with a match on both sides, combined.
    Inner,
    /// Every left row, combined with each match, or with nulls when it has none.
    LeftOuter,
    /// Left rows that have a match.
    LeftSemi,
    /// Left rows that have no match.
    LeftAnti,
}

/// A join type as Spark names it, including those Ember refuses with a streaming left side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SparkJoinType {
    Supported(JoinType),
    RightOuter,
    FullOuter,
    Cross,
}

impl JoinType {
    /// Spark's name, as `explain()` prints it.
    pub fn name(self) -> &'static str {
        match self {
            JoinType::Inner => "Inner",
            JoinType::LeftOuter => "LeftOuter",
            JoinType::LeftSemi => "LeftSemi",
            JoinType::LeftAnti => "LeftAnti",
        }
    }

    /// Whether the output has the right side's columns.
    pub fn keeps_right(self) -> bool {
        matches!(self, JoinType::Inner | JoinType::LeftOuter)
    }

    /// Parses `how` as Spark does (case and underscores ignored), refusing with Spark's
    /// messages what a stream-static join cannot be.
    pub fn parse_for_stream_static(how: &str) -> Result<JoinType> {
        Self::parse(how)
    }

    /// Parses `how` for a static left side and a streaming right side: an inner join runs
    /// (the stream is looked up in the table), the left joins are refused with Spark's words;
    /// a right or full outer join is not supported by Ember yet.
    pub fn parse_for_static_stream(how: &str) -> Result<JoinType> {
        let refused = |message: String| Err(Error::Analysis(message));
        match parse_spark_join_type(how)? {
            SparkJoinType::Supported(JoinType::Inner) | SparkJoinType::Cross => Ok(JoinType::Inner),
            // Spark 4's words (checked with PySpark 4), up to the plan it appends.
            SparkJoinType::Supported(JoinType::LeftAnti) => refused(
                "LeftAnti joins with a streaming DataFrame/Dataset on the right are not supported;"
                    .into(),
            ),
            SparkJoinType::Supported(other) => refused(format!(
                "{} join with a streaming DataFrame/Dataset on the right and a static \
                 DataFrame/Dataset on the left is not supported;",
                other.name()
            )),
            SparkJoinType::RightOuter | SparkJoinType::FullOuter => refused(format!(
                "Ember joins a static DataFrame on the left with a stream on the right as an inner \
                 join only; a '{how}' join that way is not supported yet (put the stream on the \
                 left for a left outer join)"
            )),
        }
    }

    fn parse(how: &str) -> Result<JoinType> {
        match parse_spark_join_type(how)? {
            SparkJoinType::Supported(join) => Ok(join),
            // Spark 4's words (checked with PySpark 4), up to the plan it appends.
            SparkJoinType::RightOuter => Err(Error::Analysis(
                "RightOuter join with a streaming DataFrame/Dataset on the left and a static \
                 DataFrame/DataSet on the right not supported;"
                    .into(),
            )),
            SparkJoinType::FullOuter => Err(Error::Analysis(
                "FullOuter joins with streaming DataFrames/Datasets on the left and a static \
                 DataFrame/Dataset on the right is not supported;"
                    .into(),
            )),
            // With join keys, as Ember's joins always have, Spark runs a cross join as an
            // inner join.
            SparkJoinType::Cross => Ok(JoinType::Inner),
        }
    }
}

fn parse_spark_join_type(how: &str) -> Result<SparkJoinType> {
    let name = how.to_ascii_lowercase().replace('_', "");
    Ok(match name.as_str() {
        "inner" => SparkJoinType::Supported(JoinType::Inner),
        "leftouter" | "left" => SparkJoinType::Supported(JoinType::LeftOuter),
        "leftsemi" | "semi" => SparkJoinType::Supported(JoinType::LeftSemi),
        "leftanti" | "anti" => SparkJoinType::Supported(JoinType::LeftAnti),
        "rightouter" | "right" => SparkJoinType::RightOuter,
        "outer" | "full" | "fullouter" => SparkJoinType::FullOuter,
        "cross" => SparkJoinType::Cross,
        _ => {
            return Err(Error::InvalidArgument(format!(
                "[UNSUPPORTED_JOIN_TYPE] Unsupported join type '{how}'. Supported join types \
                 include: 'inner', 'outer', 'full', 'fullouter', 'full_outer', 'leftouter', \
                 'left', 'left_outer', 'rightouter', 'right', 'right_outer', 'leftsemi', \
                 'left_semi', 'semi', 'leftanti', 'left_anti', 'anti', 'cross'. SQLSTATE: 0A000"
            )))
        }
    })
}

/// What a join is joined on.
#[derive(Clone, Debug)]
pub enum JoinOn {
    /// Columns of these names on both sides (`USING`): each appears once in the output.
    Columns(Vec<String>),
    /// A condition: `=` comparisons joined by `and`, each with a left column on its left and
    /// a right column on its right; both sides' columns stay in the output.
    Condition(Expr),
}

impl From<&str> for JoinOn {
    fn from(name: &str) -> Self {
        JoinOn::Columns(vec![name.to_string()])
    }
}

impl From<Vec<&str>> for JoinOn {
    fn from(names: Vec<&str>) -> Self {
        JoinOn::Columns(names.into_iter().map(String::from).collect())
    }
}

impl From<Expr> for JoinOn {
    fn from(condition: Expr) -> Self {
        JoinOn::Condition(condition)
    }
}

/// Which input an output column is taken from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// The left (streaming) input.
    Left,
    /// The right (static) input.
    Right,
}

/// A join, resolved against both inputs' schemas.
#[derive(Clone, Debug)]
pub struct JoinPlan {
    /// The join type.
    pub how: JoinType,
    /// The left side's key columns.
    pub left_keys: Vec<usize>,
    /// The right side's key columns, pairwise equal to the left's.
    pub right_keys: Vec<usize>,
    /// Each output column: its side and position there.
    pub output: Vec<(Side, usize)>,
    /// The condition, as `explain()` shows it.
    pub condition: String,
    /// Which input is the static table, indexed once; the other streams past it. The right,
    /// but for an inner join of a static DataFrame with a stream.
    pub static_side: Side,
}

impl JoinPlan {
    /// Resolves `on` against `left` and `right`; returns the plan and the output schema, with
    /// Spark's column order: for `USING` columns the keys first, then the left's other
    /// columns, then the right's (left semi and anti joins keep only the left's).
    pub fn resolve(
        left: &Schema,
        right: &Schema,
        on: &JoinOn,
        how: JoinType,
    ) -> Result<(JoinPlan, Schema)> {
        let find = |schema: &Schema, name: &str, side: &str| {
            schema.index_of(name).ok_or_else(|| {
                Error::Analysis(format!(
                    "[UNRESOLVED_USING_COLUMN_FOR_JOIN] USING column `{name}` cannot be resolved \
                     on the {side} side of the join. The {side}-side columns: [{}]. SQLSTATE: 42703",
                    schema
                        .names()
                        .iter()
                        .map(|n| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            })
        };
        let (left_keys, right_keys, using, condition) = match on {
            JoinOn::Columns(names) => {
                let mut lk = Vec::new();
                let mut rk = Vec::new();
                for name in names {
                    lk.push(find(left, name, "left")?);
                    rk.push(find(right, name, "right")?);
                }
                let text = format!("USING [{}]", names.join(", "));
                (lk, rk, true, text)
            }
            JoinOn::Condition(expr) => {
                let mut pairs = Vec::new();
                equalities(expr, &mut pairs)?;
                let mut lk = Vec::new();
                let mut rk = Vec::new();
                for (l, r) in pairs {
                    lk.push(column_of(left, l, "left")?);
                    rk.push(column_of(right, r, "right")?);
                }
                (lk, rk, false, expr.sql())
            }
        };
        for (&l, &r) in left_keys.iter().zip(&right_keys) {
            let (lt, rt) = (&left.fields[l].data_type, &right.fields[r].data_type);
            if lt != rt {
                return Err(Error::Analysis(format!(
                    "[DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES] Cannot resolve \"({} = {})\" due to \
                     data type mismatch: the left and right operands of the binary operator have \
                     incompatible types (\"{}\" and \"{}\"). SQLSTATE: 42K09",
                    left.fields[l].name,
                    right.fields[r].name,
                    lt.to_string().to_uppercase(),
                    rt.to_string().to_uppercase()
                )));
            }
        }
        let mut output: Vec<(Side, usize)> = Vec::new();
        if using {
            output.extend(left_keys.iter().map(|&i| (Side::Left, i)));
            output.extend(
                (0..left.fields.len())
                    .filter(|i| !left_keys.contains(i))
                    .map(|i| (Side::Left, i)),
            );
            if how.keeps_right() {
                output.extend(
                    (0..right.fields.len())
                        .filter(|i| !right_keys.contains(i))
                        .map(|i| (Side::Right, i)),
                );
            }
        } else {
            output.extend((0..left.fields.len()).map(|i| (Side::Left, i)));
            if how.keeps_right() {
                output.extend((0..right.fields.len()).map(|i| (Side::Right, i)));
            }
        }
        let fields = output
            .iter()
            .map(|&(side, i)| match side {
                Side::Left => left.fields[i].clone(),
                Side::Right => Field {
                    nullable: right.fields[i].nullable || how == JoinType::LeftOuter,
                    ..right.fields[i].clone()
                },
            })
            .collect();
        Ok((
            JoinPlan {
                how,
                left_keys,
                right_keys,
                output,
                condition,
                static_side: Side::Right,
            },
            Schema::new(fields),
        ))
    }

    /// One line for `explain()`, as Spark's `Join` node.
    pub fn describe(&self) -> String {
        format!("Join {}, {}", self.how.name(), self.condition)
    }
}

/// The `(left, right)` operands of the `=` comparisons of `expr`, joined by `and`.
fn equalities<'e>(expr: &'e Expr, out: &mut Vec<(&'e Expr, &'e Expr)>) -> Result<()> {
    match expr {
        Expr::Binary {
            op: BinaryOp::And,
            left,
            right,
        } => {
            equalities(left, out)?;
            equalities(right, out)
        }
        Expr::Binary {
            op: BinaryOp::Eq,
            left,
            right,
        } => {
            out.push((left, right));
            Ok(())
        }
        other => Err(Error::Analysis(format!(
            "Ember joins on equal keys: the join condition must be `=` comparisons of a left \
             column with a right column, joined by `and`; got {}",
            other.sql()
        ))),
    }
}

/// The column `expr` names in `schema`, the `side` of the join.
fn column_of(schema: &Schema, expr: &Expr, side: &str) -> Result<usize> {
    match expr {
        Expr::Column(name, _) => schema
            .index_of(name)
            .ok_or_else(|| crate::expr::unresolved_column(name, schema)),
        other => Err(Error::Analysis(format!(
            "Ember joins on equal keys: each side of `=` in a join condition must be a column \
             ({side} side: {})",
            other.sql()
        ))),
    }
}
