//! [`try_flat_map`]: the fused stateless stage — one pass per row that may emit any number of
//! updates, or fail.

use differential_dataflow::difference::Semigroup;
use differential_dataflow::AsCollection;
use timely::dataflow::channels::pact::Pipeline;
use timely::dataflow::operators::generic::builder_rc::OperatorBuilder;
use timely::dataflow::operators::generic::OutputBuilder;
use timely::progress::operate::FrontierInterest;

use crate::{Diff, Errors, Row, Time};

/// The per-row logic of a [`try_flat_map`]: given a row (or another datum `I`) and its
/// multiplicity, push the updates it becomes, or return the error message that ends the
/// query.
pub type RowLogic<D, R, I = Row> = Box<dyn FnMut(I, Diff, &mut Vec<(D, R)>) -> Result<(), String>>;

/// Applies `logic` to every row (or datum) of `rows`, in place on each worker (no exchange).
///
/// Returns the updates `logic` produced, at the time of their input row, and a collection of
/// error messages for the rows on which it failed (Materialize's oks/errs split: a failing
/// row does not stop the dataflow; the driver stops the query when a batch has errors).
///
/// ```
/// use differential_dataflow::input::Input;
/// use ember_operators::{try_flat_map, Row, Value};
///
/// timely::example(|scope| {
///     let (mut input, rows) = scope.new_collection::<Row, isize>();
///     let (words, errors) = try_flat_map(rows, "Split", Box::new(|row: Row, diff, out: &mut Vec<(String, isize)>| {
///         let text = row.get(0).as_str().ok_or("not a string")?;
///         out.extend(text.split(' ').map(|w| (w.to_string(), diff)));
///         Ok(())
///     }));
///     words.inspect(|x| assert!(x.0 == "a" || x.0 == "b"));
///     errors.inspect(|e| assert_eq!(e.0, "not a string"));
///     input.insert(Row::new(vec![Value::from("a b")]));
///     input.insert(Row::new(vec![Value::Long(1)]));
/// });
/// ```
///
/// `logic` is usually a [`RowLogic`] (one instance of this operator serves every such
/// stage); a caller on a hot path may pass its closure itself, which is then called
/// without dynamic dispatch.
pub fn try_flat_map<'scope, I, D, R, L>(
    rows: differential_dataflow::VecCollection<'scope, Time, I, Diff>,
    name: &str,
    mut logic: L,
) -> (
    differential_dataflow::VecCollection<'scope, Time, D, R>,
    Errors<'scope>,
)
where
    I: Clone + 'static,
    D: Clone + 'static,
    R: Semigroup + 'static,
    L: FnMut(I, Diff, &mut Vec<(D, R)>) -> Result<(), String> + 'static,
{
    let mut builder = OperatorBuilder::new(name.to_owned(), rows.inner.scope());
    let mut input = builder.new_input(rows.inner, Pipeline);
    builder.set_notify_for(0, FrontierInterest::Never);
    let (oks, ok_stream) = builder.new_output();
    let (errs, err_stream) = builder.new_output();
    let mut oks = OutputBuilder::from(oks);
    let mut errs = OutputBuilder::from(errs);
    builder.build(move |_capabilities| {
        let mut produced: Vec<(D, R)> = Vec::new();
        move |_frontiers| {
            let mut oks = oks.activate();
            let mut errs = errs.activate();
            input.for_each_stamp(|cap, containers| {
                let mut ok_session = oks.session(&cap);
                let mut err_session = errs.session(&cap);
                for container in containers {
                    for (row, time, diff) in container.drain(..) {
                        match logic(row, diff, &mut produced) {
                            Ok(()) => {
                                for (datum, r) in produced.drain(..) {
                                    ok_session.give((datum, time, r));
                                }
                            }
                            Err(message) => {
                                produced.clear();
                                err_session.give((message, time, 1 as Diff));
                            }
                        }
                    }
                }
            });
        }
    });
    (ok_stream.as_collection(), err_stream.as_collection())
}
