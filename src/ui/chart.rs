//! Charts over batches as server-rendered SVG: lines (one per series) or stacked bars (the
//! phases of a batch). No script and no network: the browser only draws what it is sent.
//! Each point carries a `<title>`, so hovering shows its batch and value.

use std::fmt::Write as _;

use super::pages::escape;

/// What a chart's values are, for its axis labels and tooltips.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unit {
    /// Rows.
    Rows,
    /// Rows per second.
    RowsPerSecond,
    /// Milliseconds.
    Millis,
    /// Seconds.
    Seconds,
    /// An instant, as milliseconds since the epoch (shown as `HH:MM:SS` UTC).
    Instant,
}

/// One line (or one layer of the stacked bars): a value per batch.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Series {
    /// The legend's label.
    pub name: String,
    /// `(batch id, value)`, in batch order.
    pub points: Vec<(u64, f64)>,
}

/// A chart: a title, a unit, its series.
#[derive(Clone, Debug)]
pub(crate) struct Chart {
    /// The element id, also the `data-chart` attribute (`input-rate`).
    pub id: &'static str,
    /// The title above it.
    pub title: String,
    /// What the values are.
    pub unit: Unit,
    /// Stacked bars (each batch's parts) rather than lines.
    pub stacked: bool,
    /// The series, drawn in order (the first at the bottom of a stack).
    pub series: Vec<Series>,
    /// What the chart shows when there is nothing to draw.
    pub empty: &'static str,
}

const WIDTH: f64 = 520.0;
const HEIGHT: f64 = 190.0;
const LEFT: f64 = 62.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 26.0;
const TICKS: usize = 4;
const COLORS: [&str; 8] = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
];

/// The color of series `i`.
fn color(i: usize) -> &'static str {
    COLORS[i % COLORS.len()]
}

impl Chart {
    /// The chart as a `<figure>`: its title, the SVG, and a legend when it has several
    /// series.
    pub(crate) fn render(&self) -> String {
        let mut out = String::new();
        let _ = write!(
            out,
            "<figure class=\"chart\" data-chart=\"{id}\"><figcaption>{title}</figcaption>\
             <svg id=\"chart-{id}\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} \
             {HEIGHT}\" width=\"{WIDTH}\" height=\"{HEIGHT}\" role=\"img\" aria-label=\"{title}\">",
            id = self.id,
            title = escape(&self.title),
        );
        match self.frame() {
            None => {
                let _ = write!(
                    out,
                    "<rect class=\"plot\" x=\"{LEFT}\" y=\"{TOP}\" width=\"{}\" height=\"{}\"/>\
                     <text class=\"empty\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                    WIDTH - LEFT - RIGHT,
                    HEIGHT - TOP - BOTTOM,
                    (LEFT + WIDTH - RIGHT) / 2.0,
                    (TOP + HEIGHT - BOTTOM) / 2.0,
                    escape(self.empty)
                );
            }
            Some(frame) => {
                frame.axes(&mut out, self.unit);
                if self.stacked {
                    self.bars(&mut out, &frame);
                } else {
                    self.lines(&mut out, &frame);
                }
            }
        }
        out.push_str("</svg>");
        if self.series.len() > 1 {
            out.push_str("<ul class=\"legend\">");
            for (i, series) in self.series.iter().enumerate() {
                let _ = write!(
                    out,
                    "<li><span style=\"background:{}\"></span>{}</li>",
                    color(i),
                    escape(&series.name)
                );
            }
            out.push_str("</ul>");
        }
        out.push_str("</figure>");
        out
    }

    /// The batches and values the plot spans, or `None` with nothing to draw.
    fn frame(&self) -> Option<Frame> {
        let batches = self
            .series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.0));
        let (first, last) = batches.fold(None, |span: Option<(u64, u64)>, b| match span {
            None => Some((b, b)),
            Some((lo, hi)) => Some((lo.min(b), hi.max(b))),
        })?;
        let values: Vec<f64> = if self.stacked {
            self.stack_tops()
        } else {
            self.series
                .iter()
                .flat_map(|s| s.points.iter().map(|p| p.1))
                .filter(|v| v.is_finite())
                .collect()
        };
        let top = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let bottom = values.iter().copied().fold(f64::INFINITY, f64::min);
        if !top.is_finite() {
            return None;
        }
        let (low, high) = if self.unit == Unit::Instant {
            // Instants: the span of the values, not from zero (the epoch).
            let pad = ((top - bottom) * 0.1).max(1000.0);
            (bottom - pad, top + pad)
        } else {
            let low = bottom.min(0.0);
            (low, nice_ceiling(top.max(low + f64::EPSILON)))
        };
        Some(Frame {
            first,
            last,
            low,
            high,
        })
    }

    /// Each batch's stacked total.
    fn stack_tops(&self) -> Vec<f64> {
        let mut totals: Vec<(u64, f64)> = Vec::new();
        for series in &self.series {
            for &(batch, value) in &series.points {
                match totals.iter_mut().find(|(b, _)| *b == batch) {
                    Some((_, total)) => *total += value.max(0.0),
                    None => totals.push((batch, value.max(0.0))),
                }
            }
        }
        totals.into_iter().map(|(_, total)| total).collect()
    }

    fn lines(&self, out: &mut String, frame: &Frame) {
        for (i, series) in self.series.iter().enumerate() {
            let points: Vec<(u64, f64)> = series
                .points
                .iter()
                .copied()
                .filter(|p| p.1.is_finite())
                .collect();
            let path: Vec<String> = points
                .iter()
                .map(|&(b, v)| format!("{:.1},{:.1}", frame.x(b), frame.y(v)))
                .collect();
            let _ = write!(
                out,
                "<polyline class=\"line\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.5\" \
                 points=\"{}\"/>",
                color(i),
                path.join(" ")
            );
            for (b, v) in points {
                let _ = write!(
                    out,
                    "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"2.5\" fill=\"{}\"><title>batch {b}: \
                     {}{}</title></circle>",
                    frame.x(b),
                    frame.y(v),
                    color(i),
                    self.series_prefix(series),
                    format_value(self.unit, v)
                );
            }
        }
    }

    fn series_prefix(&self, series: &Series) -> String {
        if self.series.len() > 1 {
            format!("{} ", escape(&series.name))
        } else {
            String::new()
        }
    }

    fn bars(&self, out: &mut String, frame: &Frame) {
        let mut batches: Vec<u64> = self
            .series
            .iter()
            .flat_map(|s| s.points.iter().map(|p| p.0))
            .collect();
        batches.sort_unstable();
        batches.dedup();
        let plot = WIDTH - LEFT - RIGHT;
        let width = (plot / batches.len() as f64 * 0.8).clamp(1.0, 24.0);
        for batch in batches {
            let mut base = 0.0;
            let mut parts = Vec::new();
            let x = frame.x(batch) - width / 2.0;
            for (i, series) in self.series.iter().enumerate() {
                let value = series
                    .points
                    .iter()
                    .find(|p| p.0 == batch)
                    .map_or(0.0, |p| p.1.max(0.0));
                if value > 0.0 {
                    let (y0, y1) = (frame.y(base), frame.y(base + value));
                    let _ = write!(
                        out,
                        "<rect x=\"{x:.1}\" y=\"{y1:.1}\" width=\"{width:.1}\" height=\"{:.1}\" \
                         fill=\"{}\"/>",
                        (y0 - y1).max(0.5),
                        color(i)
                    );
                }
                base += value;
                parts.push(format!(
                    "{} {}",
                    escape(&series.name),
                    format_value(self.unit, value)
                ));
            }
            // A transparent band over the batch, whose tooltip lists its parts.
            let _ = write!(
                out,
                "<rect class=\"hover\" x=\"{x:.1}\" y=\"{TOP}\" width=\"{width:.1}\" \
                 height=\"{:.1}\" fill=\"transparent\"><title>batch {batch}: {}</title></rect>",
                HEIGHT - TOP - BOTTOM,
                parts.join(", ")
            );
        }
    }
}

/// Where batches and values fall on the plot.
struct Frame {
    first: u64,
    last: u64,
    low: f64,
    high: f64,
}

impl Frame {
    fn x(&self, batch: u64) -> f64 {
        let plot = WIDTH - LEFT - RIGHT;
        if self.last == self.first {
            return LEFT + plot / 2.0;
        }
        // Half a step of room at each end, for bars.
        let steps = (self.last - self.first) as f64;
        let step = plot / (steps + 1.0);
        LEFT + step / 2.0 + (batch - self.first) as f64 * step
    }

    fn y(&self, value: f64) -> f64 {
        let plot = HEIGHT - TOP - BOTTOM;
        let span = (self.high - self.low).max(f64::EPSILON);
        TOP + plot - (value - self.low) / span * plot
    }

    /// The plot's box, grid lines with their values, and the first and last batch ids.
    fn axes(&self, out: &mut String, unit: Unit) {
        let _ = write!(
            out,
            "<rect class=\"plot\" x=\"{LEFT}\" y=\"{TOP}\" width=\"{}\" height=\"{}\"/>",
            WIDTH - LEFT - RIGHT,
            HEIGHT - TOP - BOTTOM
        );
        for tick in 0..=TICKS {
            let value = self.low + (self.high - self.low) * tick as f64 / TICKS as f64;
            let y = self.y(value);
            let _ = write!(
                out,
                "<line class=\"grid\" x1=\"{LEFT}\" x2=\"{}\" y1=\"{y:.1}\" y2=\"{y:.1}\"/>\
                 <text class=\"tick\" x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{}</text>",
                WIDTH - RIGHT,
                LEFT - 6.0,
                y + 4.0,
                axis_label(unit, value)
            );
        }
        let base = HEIGHT - BOTTOM + 16.0;
        let mut label = |batch: u64, anchor: &str| {
            let _ = write!(
                out,
                "<text class=\"tick\" x=\"{:.1}\" y=\"{base}\" text-anchor=\"{anchor}\">{batch}\
                 </text>",
                self.x(batch)
            );
        };
        if self.first == self.last {
            label(self.first, "middle");
        } else {
            label(self.first, "start");
            label(self.last, "end");
        }
        let _ = write!(
            out,
            "<text class=\"axis\" x=\"{}\" y=\"{base}\" text-anchor=\"middle\">batch</text>",
            (LEFT + WIDTH - RIGHT) / 2.0
        );
    }
}

/// The smallest of 1, 2, 2.5, 5 times a power of ten at or above `value` (> 0).
fn nice_ceiling(value: f64) -> f64 {
    if value <= 0.0 || !value.is_finite() {
        return 1.0;
    }
    let power = 10f64.powf(value.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|&nice| nice >= value * (1.0 - 1e-9))
        .unwrap_or(10.0 * power)
}

/// A short number: `950`, `12.5`, `0.25`, `0.003`, `12.3k`, `4.5M`, `1.2G`.
pub(crate) fn short_number(value: f64) -> String {
    let magnitude = value.abs();
    let (scaled, suffix) = if magnitude >= 1e9 {
        (value / 1e9, "G")
    } else if magnitude >= 1e6 {
        (value / 1e6, "M")
    } else if magnitude >= 1e4 {
        (value / 1e3, "k")
    } else {
        (value, "")
    };
    let text = if scaled.fract() == 0.0 || scaled.abs() >= 100.0 {
        format!("{scaled:.0}")
    } else if scaled.abs() >= 1.0 {
        format!("{scaled:.1}")
    } else {
        // Below one: up to three decimals, without trailing zeros (0.25, 0.003).
        let text = format!("{scaled:.3}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    format!("{text}{suffix}")
}

fn axis_label(unit: Unit, value: f64) -> String {
    match unit {
        Unit::Instant => clock(value),
        _ => short_number(value),
    }
}

/// A value with its unit, for a tooltip.
pub(crate) fn format_value(unit: Unit, value: f64) -> String {
    match unit {
        Unit::Rows => format!("{} rows", short_number(value)),
        Unit::RowsPerSecond => format!("{} rows/s", short_number(value)),
        Unit::Millis => format!("{} ms", short_number(value)),
        Unit::Seconds => format!("{} s", short_number(value)),
        Unit::Instant => crate::streaming::progress::format_ms(value as i64),
    }
}

/// `HH:MM:SS` (UTC) of an instant in milliseconds since the epoch.
fn clock(ms: f64) -> String {
    let seconds = (ms / 1000.0).floor() as i64;
    let day = seconds.rem_euclid(86_400);
    format!("{:02}:{:02}:{:02}", day / 3600, day % 3600 / 60, day % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(stacked: bool, series: Vec<Series>) -> Chart {
        Chart {
            id: "test",
            title: "Test <chart>".into(),
            unit: Unit::Millis,
            stacked,
            series,
            empty: "no data yet",
        }
    }

    fn series(name: &str, points: &[(u64, f64)]) -> Series {
        Series {
            name: name.into(),
            points: points.to_vec(),
        }
    }

    #[test]
    fn an_empty_chart_is_still_an_svg_saying_so() {
        let svg = chart(false, vec![series("a", &[])]).render();
        assert!(svg.contains("<svg id=\"chart-test\""), "{svg}");
        assert!(svg.contains("no data yet"));
        assert!(svg.contains("Test &lt;chart&gt;"));
        let nan = chart(false, vec![series("a", &[(0, f64::NAN)])]).render();
        assert!(nan.contains("no data yet"), "{nan}");
    }

    #[test]
    fn lines_have_a_point_per_batch_and_stacks_a_bar_per_batch() {
        let lines = chart(false, vec![series("a", &[(3, 1.0), (4, 2.0), (5, 4.0)])]).render();
        assert_eq!(lines.matches("<circle").count(), 3);
        assert!(lines.contains("<title>batch 4: 2 ms</title>"), "{lines}");
        assert!(!lines.contains("legend"));
        let stacked = chart(
            true,
            vec![
                series("addBatch", &[(0, 5.0), (1, 7.0)]),
                series("walCommit", &[(0, 1.0), (1, 0.0)]),
            ],
        )
        .render();
        assert_eq!(stacked.matches("class=\"hover\"").count(), 2);
        assert!(stacked.contains("batch 1: addBatch 7 ms, walCommit 0 ms"));
        assert_eq!(stacked.matches("<li>").count(), 2);
    }

    #[test]
    fn axes_are_rounded_and_labelled() {
        assert_eq!(nice_ceiling(7.0), 10.0);
        assert_eq!(nice_ceiling(0.3), 0.5);
        assert_eq!(nice_ceiling(2000.0), 2000.0);
        assert_eq!(nice_ceiling(2100.0), 2500.0);
        assert_eq!(short_number(950.0), "950");
        assert_eq!(short_number(12.26), "12.3");
        assert_eq!(short_number(0.25), "0.25");
        assert_eq!(short_number(0.0031), "0.003");
        assert_eq!(short_number(0.0001), "0");
        assert_eq!(short_number(12_345.0), "12.3k");
        assert_eq!(short_number(4_500_000.0), "4.5M");
        assert_eq!(clock(1_704_067_215_000.0), "00:00:15");
        assert_eq!(format_value(Unit::Instant, 0.0), "1970-01-01T00:00:00.000Z");
    }
}
