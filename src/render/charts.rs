//! Charts as inline SVG, drawn at build time: the site makes no request anywhere and
//! needs no JavaScript to show them. Only numbers reach the SVG, plus a label that is
//! escaped here.

use std::fmt::Write as _;

/// A sparkline of `values` (oldest first), `width`×`height` pixels, with `label` as its
/// accessible name. `None` with fewer than two points.
pub(crate) fn sparkline(values: &[f64], label: &str, width: f64, height: f64) -> Option<String> {
    if values.len() < 2 {
        return None;
    }
    let (min, max) = values
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| (lo.min(v), hi.max(v)));
    let range = if max > min { max - min } else { 1.0 };
    let pad = 3.0;
    let step = (width - 2.0 * pad) / (values.len() - 1) as f64;
    let point = |i: usize, v: f64| {
        let x = pad + step * i as f64;
        let y = if max > min {
            pad + (height - 2.0 * pad) * (1.0 - (v - min) / range)
        } else {
            height / 2.0
        };
        (x, y)
    };
    let mut path = String::new();
    for (i, &v) in values.iter().enumerate() {
        let (x, y) = point(i, v);
        let _ = write!(path, "{}{x:.1},{y:.1}", if i == 0 { "M" } else { " L" });
    }
    let (last_x, last_y) = point(values.len() - 1, values[values.len() - 1]);
    let label = escape(label);
    Some(format!(
        "<svg class=\"sparkline\" role=\"img\" aria-label=\"{label}\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\"><path d=\"{path}\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\" stroke-linejoin=\"round\" stroke-linecap=\"round\"/><circle cx=\"{last_x:.1}\" cy=\"{last_y:.1}\" r=\"3\" fill=\"currentColor\"/></svg>"
    ))
}

/// Escapes text for an HTML attribute or element.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sparkline_needs_two_points() {
        assert_eq!(sparkline(&[1.0], "x", 100.0, 30.0), None);
    }

    #[test]
    fn sparkline_spans_the_box_and_escapes_its_label() {
        let svg = sparkline(&[0.0, 5.0, 10.0], "a <b>", 106.0, 36.0).unwrap();
        assert!(svg.contains("M3.0,33.0 L53.0,18.0 L103.0,3.0"), "{svg}");
        assert!(svg.contains("aria-label=\"a &lt;b&gt;\""), "{svg}");
    }

    #[test]
    fn flat_sparkline_sits_in_the_middle() {
        let svg = sparkline(&[4.0, 4.0], "flat", 100.0, 30.0).unwrap();
        assert!(svg.contains("M3.0,15.0 L97.0,15.0"), "{svg}");
    }
}
