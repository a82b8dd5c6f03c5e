//! [`Grouping`]: an aggregation's keys and aggregates bound to its input's schema — done
//! when `agg` is called, to check the query and name its columns, and again when the plan is
//! rendered, to make the functions each worker runs. The logical plan keeps only the
//! expressions and what analysis needs ([`Windowing`]).

use ember_operators::{Field, Schema};

use crate::error::{Error, Result};
use crate::expr::{bind, bind_aggregate, BoundAggregate, BoundExpr, Expr, SessionKey, WindowKey};

/// Whether, and by which key column, an aggregation groups by time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Windowing {
    /// No window among the keys.
    None,
    /// Key column `.0` is an event-time window (`window(..)`).
    Window(usize),
    /// Key column `.0` is a session window (`session_window(..)`).
    Session(usize),
}

/// An aggregation's keys and aggregates, bound.
pub struct Grouping {
    /// The keys.
    pub keys: Vec<GroupKey>,
    /// The aggregates.
    pub aggregates: Vec<BoundAggregate>,
    /// Key columns, then aggregate columns.
    pub schema: Schema,
    /// Which key, if any, is a window.
    pub windowing: Windowing,
}

/// Binds `keys` and `aggregates` to `input`, with Spark's errors.
pub fn bind_grouping(keys: &[Expr], aggregates: &[Expr], input: &Schema) -> Result<Grouping> {
    let keys = keys
        .iter()
        .map(|k| group_key(k, input))
        .collect::<Result<Vec<_>>>()?;
    let windows: Vec<Windowing> = keys
        .iter()
        .enumerate()
        .filter_map(|(i, k)| match k {
            GroupKey::Window(_) => Some(Windowing::Window(i)),
            GroupKey::Session(_) => Some(Windowing::Session(i)),
            GroupKey::Column(..) | GroupKey::Expr(_) => None,
        })
        .collect();
    if windows.len() > 1 {
        // Spark 4's words (checked with PySpark 4.3), which carry no error class.
        return Err(Error::Analysis(
            "Multiple time/session window expressions would result in a cartesian product \
             of rows, therefore they are currently not supported."
                .into(),
        ));
    }
    let aggregates = aggregates
        .iter()
        .map(|a| bind_aggregate(a, input))
        .collect::<Result<Vec<_>>>()?;
    let mut fields: Vec<Field> = keys
        .iter()
        .map(|k| Field {
            name: k.name().to_string(),
            data_type: k.data_type(),
            nullable: k.nullable(),
        })
        .collect();
    fields.extend(aggregates.iter().map(|a| Field {
        name: a.name.clone(),
        data_type: a.data_type.clone(),
        nullable: a.nullable,
    }));
    Ok(Grouping {
        keys,
        aggregates,
        schema: Schema::new(fields),
        windowing: windows.first().copied().unwrap_or(Windowing::None),
    })
}

fn group_key(key: &Expr, schema: &Schema) -> Result<GroupKey> {
    if let Some(window) = WindowKey::of(key, schema)? {
        return Ok(GroupKey::Window(window));
    }
    if let Some(session) = SessionKey::of(key, schema)? {
        return Ok(GroupKey::Session(session));
    }
    let bound: BoundExpr = bind(key, schema)?;
    let column = match key {
        Expr::Column(name, _) => schema.index_of(name),
        _ => None,
    };
    Ok(match column {
        Some(index) => GroupKey::Column(index, bound),
        None => GroupKey::Expr(bound),
    })
}

/// A grouping key: an expression, or an event-time window (a row may fall in several).
#[derive(Clone)]
pub enum GroupKey {
    /// An input column, by position: the key can take the row's value without evaluating.
    Column(usize, BoundExpr),
    /// An ordinary expression.
    Expr(BoundExpr),
    /// `window(time, size, slide)`.
    Window(WindowKey),
    /// `session_window(time, gap)`.
    Session(SessionKey),
}

impl GroupKey {
    /// The key column's name.
    pub fn name(&self) -> &str {
        match self {
            GroupKey::Column(_, e) | GroupKey::Expr(e) => &e.name,
            GroupKey::Window(w) => &w.name,
            GroupKey::Session(s) => &s.name,
        }
    }

    /// The key column's type.
    pub fn data_type(&self) -> ember_operators::DataType {
        match self {
            GroupKey::Column(_, e) | GroupKey::Expr(e) => e.data_type.clone(),
            GroupKey::Window(_) | GroupKey::Session(_) => crate::expr::window_type(),
        }
    }

    /// Whether the key column may be null.
    pub fn nullable(&self) -> bool {
        match self {
            GroupKey::Column(_, e) | GroupKey::Expr(e) => e.nullable,
            GroupKey::Window(_) | GroupKey::Session(_) => false,
        }
    }
}
