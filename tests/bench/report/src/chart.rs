//! The PNG chart: horizontal bars of the median delta per hit, with
//! min–max whiskers; one panel for the overhead rows, one for the scale rows.

use std::path::Path;

use anyhow::{Context, Result};
use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::raw::Group;
use crate::report::{Report, RowStats, Unit};
use crate::stats::Summary;

const DEFAULT_FONT: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
const FONT_ENV: &str = "BENCH_FONT";
const FONT: &str = "sans-serif";
const WIDTH: u32 = 1000;
const ROW_HEIGHT: u32 = 40;
/// Title, axis and margins of one panel.
const PANEL_EXTRA: u32 = 100;

const BAR: RGBColor = RGBColor(0x4c, 0x72, 0xb0);
const RDTRACE_BAR: RGBColor = RGBColor(0xdd, 0x84, 0x52);

/// One bar: a row's label and its delta.
struct Bar {
    label: String,
    delta: Summary,
    highlight: bool,
}

/// Draws the chart; `false` when the report has no bars to draw (a run of
/// only the setup or throughput sections, say).
pub fn write_png(report: &Report, path: &Path) -> Result<bool> {
    let panels: Vec<(Group, Vec<Bar>)> = [Group::Overhead, Group::Scale]
        .into_iter()
        .map(|g| (g, bars(report, g)))
        .filter(|(_, bars)| !bars.is_empty())
        .collect();
    if panels.is_empty() {
        return Ok(false);
    }
    register_font()?;

    let heights: Vec<u32> = panels
        .iter()
        .map(|(_, bars)| PANEL_EXTRA + ROW_HEIGHT * bars.len() as u32)
        .collect();
    let root = BitMapBackend::new(path, (WIDTH, heights.iter().sum())).into_drawing_area();
    root.fill(&WHITE)?;
    let mut rest = root.clone();
    for ((group, bars), height) in panels.iter().zip(&heights) {
        let (area, below) = rest.split_vertically(*height);
        draw_panel(&area, &title(report, *group), axis_label(report.unit), bars)?;
        rest = below;
    }
    root.present()
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(true)
}

/// The font named by `$BENCH_FONT`, or DejaVu Sans, as plotters' "sans-serif".
fn register_font() -> Result<()> {
    let path = std::env::var_os(FONT_ENV).unwrap_or_else(|| DEFAULT_FONT.into());
    let shown = Path::new(&path).display();
    let bytes = std::fs::read(&path).with_context(|| {
        format!(
            "cannot read the chart font {shown} (install the Debian package fonts-dejavu-core, \
             or point {FONT_ENV} at a TrueType font)"
        )
    })?;
    // plotters keeps fonts for the life of the process.
    let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    plotters::style::register_font(FONT, FontStyle::Normal, bytes)
        .map_err(|_| anyhow::anyhow!("{shown} is not a TrueType font plotters can use"))
}

fn bars(report: &Report, group: Group) -> Vec<Bar> {
    report
        .rows_in(group)
        .filter(|r| !r.is_baseline())
        .filter_map(|r| match &r.stats {
            Some(RowStats::Loop { delta, .. }) => Some(Bar {
                label: r.label.clone(),
                delta: *delta,
                highlight: r.id.starts_with("rdtrace-"),
            }),
            _ => None,
        })
        .collect()
}

fn title(report: &Report, group: Group) -> String {
    let what = match group {
        Group::Overhead => "Per-hit overhead over the bare call",
        _ => "Per-hit overhead by number of enabled probes",
    };
    let mut details = Vec::new();
    if let Some(mode) = report.meta("mode") {
        details.push(format!("mode {mode}"));
    }
    if let Some(cpus) = report.meta("cpus") {
        details.push(format!("{cpus} CPUs"));
    }
    match details.is_empty() {
        true => what.to_owned(),
        false => format!("{what} ({})", details.join(", ")),
    }
}

fn axis_label(unit: Unit) -> &'static str {
    match unit {
        Unit::Ns => "Δ ns per hit (median, whiskers min–max)",
        Unit::Insns => "Δ instructions per hit (median, whiskers min–max)",
    }
}

fn draw_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    title: &str,
    x_label: &str,
    bars: &[Bar],
) -> Result<()>
where
    DB::ErrorType: 'static,
{
    let n = bars.len() as i32;
    let lo = bars.iter().map(|b| b.delta.min).fold(0.0, f64::min);
    let hi = bars.iter().map(|b| b.delta.max).fold(0.0, f64::max);
    // Room on the right for the value labels.
    let span = (hi - lo).max(1.0);
    let x_range = (lo - 0.02 * span)..(hi + 0.12 * span);

    let label_font = (FONT, 14).into_font();
    let label_width = bars
        .iter()
        .filter_map(|b| {
            area.estimate_text_size(&b.label, &label_font.clone().into())
                .ok()
        })
        .map(|(w, _)| w)
        .max()
        .unwrap_or(0);

    let mut chart = ChartBuilder::on(area)
        .caption(title, (FONT, 20))
        .margin(10)
        .x_label_area_size(40)
        .y_label_area_size(label_width + 15)
        .build_cartesian_2d(x_range, (0..n - 1).into_segmented())?;

    // Rows are listed top-down; the y axis counts bottom-up.
    let y = |i: usize| n - 1 - i as i32;
    let label_of = |v: &SegmentValue<i32>| match v {
        SegmentValue::CenterOf(k) | SegmentValue::Exact(k) if (0..n).contains(k) => {
            bars[(n - 1 - k) as usize].label.clone()
        }
        _ => String::new(),
    };
    chart
        .configure_mesh()
        .disable_y_mesh()
        .light_line_style(TRANSPARENT)
        .x_label_formatter(&|v| format!("{v:.0}"))
        .y_labels(bars.len())
        .y_label_formatter(&label_of)
        .y_label_style(label_font.clone())
        .x_desc(x_label)
        .axis_desc_style((FONT, 14))
        .draw()?;

    chart.draw_series(bars.iter().enumerate().map(|(i, b)| {
        let color = if b.highlight { RDTRACE_BAR } else { BAR };
        let (from, to) = (b.delta.median.min(0.0), b.delta.median.max(0.0));
        let mut bar = Rectangle::new(
            [
                (from, SegmentValue::Exact(y(i))),
                (to, SegmentValue::Exact(y(i) + 1)),
            ],
            color.filled(),
        );
        bar.set_margin(8, 8, 0, 0);
        bar
    }))?;
    // Whiskers: a line from min to max with a cap at each end.
    let whisker = BLACK.stroke_width(1);
    let cap = |x: f64, i: usize| {
        EmptyElement::at((x, SegmentValue::CenterOf(y(i))))
            + PathElement::new(vec![(0, -6), (0, 6)], whisker)
    };
    for (i, b) in bars.iter().enumerate() {
        let at = |x: f64| (x, SegmentValue::CenterOf(y(i)));
        chart.draw_series([PathElement::new(
            vec![at(b.delta.min), at(b.delta.max)],
            whisker,
        )])?;
        chart.draw_series([cap(b.delta.min, i), cap(b.delta.max, i)])?;
    }
    let value_style = (FONT, 13)
        .into_font()
        .color(&BLACK)
        .pos(Pos::new(HPos::Left, VPos::Center));
    chart.draw_series(bars.iter().enumerate().map(|(i, b)| {
        Text::new(
            format!("{:.1}", b.delta.median),
            (
                b.delta.max.max(0.0) + 0.01 * span,
                SegmentValue::CenterOf(y(i)),
            ),
            value_style.clone(),
        )
    }))?;
    Ok(())
}
