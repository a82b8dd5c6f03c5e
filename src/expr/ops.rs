//! `std::ops` operators on [`Expr`]: `+ - * / %`, unary `-` and `!`.
//!
//! The right-hand side may be anything that converts into an [`Expr`], so `col("a") + 1` and
//! `col("a") * col("b")` both work. `!e` is `(NOT e)` and `-e` is `negative(e)`.

use super::{BinaryOp, Expr};
use std::ops::{Add, Div, Mul, Neg, Not, Rem, Sub};

macro_rules! binary_operator {
    ($($trait:ident $method:ident $op:ident),*) => {
        $(impl<T: Into<Expr>> $trait<T> for Expr {
            type Output = Expr;

            fn $method(self, rhs: T) -> Expr {
                Expr::Binary {
                    op: BinaryOp::$op,
                    left: Box::new(self),
                    right: Box::new(rhs.into()),
                }
            }
        })*
    };
}

binary_operator!(
    Add add Add,
    Sub sub Subtract,
    Mul mul Multiply,
    Div div Divide,
    Rem rem Remainder
);

impl Not for Expr {
    type Output = Expr;

    /// `(NOT self)`.
    fn not(self) -> Expr {
        Expr::Not(Box::new(self))
    }
}

impl Neg for Expr {
    type Output = Expr;

    /// `negative(self)`.
    fn neg(self) -> Expr {
        Expr::Negate(Box::new(self))
    }
}
