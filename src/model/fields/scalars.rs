//! Typed reads of numbers, booleans, dates, quarters and names from a front-matter
//! mapping: each malformed value is a diagnostic at the value.

use crate::calendar::{Date, Quarter};
use crate::content::Value;
use crate::diagnostics::{Code, Diagnostic, did_you_mean};

use super::{At, Choice, Field, Fields, Type};

/// The largest magnitude a number in front matter may have. Far beyond any real
/// strategy figure, and small enough that arithmetic on many of them never overflows
/// to infinity or NaN, and that they print exactly.
pub const MAX_MAGNITUDE: f64 = 1e15;

/// A range's bound as people read it: `1`, `0.5`, `1e15`.
fn bound(value: f64) -> String {
    if value.abs() >= 1e6 { format!("{value:e}") } else { value.to_string() }
}

/// How a value with a notation of its own is described in diagnostics.
struct Notation {
    what: &'static str,
    example: &'static str,
    code: Code,
    help: &'static str,
}

impl Fields<'_> {
    /// A number within the field's range, which is at most [`MAX_MAGNITUDE`] either
    /// way, so that sums, differences and chart coordinates stay finite; outside it is
    /// `out-of-range`.
    pub fn number(&mut self, field: &'static Field) -> Option<At<f64>> {
        let (name, node) = self.node(field)?;
        let value = match &node.value {
            Value::Number { value, .. } if value.is_finite() => *value,
            Value::Str(s) => match s.trim().replace(['_', ','], "").parse::<f64>() {
                Ok(value) if value.is_finite() => value,
                _ => {
                    self.wrong_type(name, "a number", node);
                    return None;
                }
            },
            _ => {
                self.wrong_type(name, "a number", node);
                return None;
            }
        };
        let (min, max) = match field.ty {
            Type::Number { min, max } => (min, max),
            _ => (-MAX_MAGNITUDE, MAX_MAGNITUDE),
        };
        if (min..=max).contains(&value) {
            return Some(At { value, span: node.span });
        }
        let diagnostic = if value.abs() > MAX_MAGNITUDE {
            Diagnostic::new(
                Code::OutOfRange,
                node.span,
                format!("`{name}` is too large: {value:e} is beyond ±1e15"),
            )
            .with_help("numbers in front matter are at most 1e15 (a million billion) either way; pick a larger unit")
        } else {
            Diagnostic::new(
                Code::OutOfRange,
                node.span,
                format!(
                    "`{name}` must be between {} and {}, found {value}",
                    bound(min),
                    bound(max)
                ),
            )
            .with_help(format!("use a value from {} to {}", bound(min), bound(max)))
        };
        self.diagnostics.push(diagnostic);
        None
    }

    /// A whole number.
    pub fn integer(&mut self, field: &'static Field) -> Option<i64> {
        let (name, node) = self.node(field)?;
        match &node.value {
            Value::Number { value, .. } if value.fract() == 0.0 && value.abs() < 9.0e15 => {
                Some(*value as i64)
            }
            _ => {
                self.wrong_type(name, "a whole number", node);
                None
            }
        }
    }

    /// `true` or `false`.
    pub fn boolean(&mut self, field: &'static Field) -> Option<bool> {
        let (name, node) = self.node(field)?;
        match &node.value {
            Value::Bool { value, .. } => Some(*value),
            _ => {
                self.wrong_type(name, "true or false", node);
                None
            }
        }
    }

    /// A date `YYYY-MM-DD`.
    pub fn date(&mut self, field: &'static Field) -> Option<At<Date>> {
        let notation = Notation {
            what: "date",
            example: "2026-11-02",
            code: Code::InvalidDate,
            help: "write dates as YYYY-MM-DD, e.g. 2026-11-02",
        };
        self.parsed(field, &notation, |t| Date::parse(t).map_err(|e| e.0))
    }

    /// A value written in a notation of its own (a date, a quarter), parsed by `parse`.
    fn parsed<T>(
        &mut self,
        field: &'static Field,
        notation: &Notation,
        parse: impl Fn(&str) -> Result<T, &'static str>,
    ) -> Option<At<T>> {
        let (name, node) = self.node(field)?;
        let Some(text) = Self::scalar_text(node) else {
            self.wrong_type(name, &format!("a {} like {}", notation.what, notation.example), node);
            return None;
        };
        match parse(text.trim()) {
            Ok(value) => Some(At { value, span: node.span }),
            Err(e) => {
                self.diagnostics.push(
                    Diagnostic::new(
                        notation.code,
                        node.span,
                        format!("invalid {} `{text}` for `{name}`: {e}", notation.what),
                    )
                    .with_help(notation.help),
                );
                None
            }
        }
    }

    /// A quarter `2026-Q3`.
    pub fn quarter(&mut self, field: &'static Field) -> Option<At<Quarter>> {
        let notation = Notation {
            what: "quarter",
            example: "2026-Q3",
            code: Code::InvalidQuarter,
            help: "write quarters as YYYY-QN, e.g. 2026-Q3",
        };
        self.parsed(field, &notation, Quarter::parse)
    }

    /// A quarter or a date (`history[].at`).
    pub fn quarter_or_date(&mut self, field: &'static Field) -> Option<At<crate::model::When>> {
        let (name, node) = self.node(field)?;
        let text = Self::scalar_text(node).unwrap_or_default();
        let text = text.trim();
        if let Ok(q) = Quarter::parse(text) {
            return Some(At { value: crate::model::When::Quarter(q), span: node.span });
        }
        if let Ok(d) = Date::parse(text) {
            return Some(At { value: crate::model::When::Date(d), span: node.span });
        }
        self.diagnostics.push(
            Diagnostic::new(
                Code::InvalidDate,
                node.span,
                format!("`{name}` must be a quarter or a date, found `{text}`"),
            )
            .with_help("write 2026-Q3 or 2026-08-15"),
        );
        None
    }

    /// One of `T`'s names.
    pub fn choice<T: Choice>(&mut self, field: &'static Field) -> Option<At<T>> {
        let (name, node) = self.node(field)?;
        let text = Self::scalar_text(node);
        let names = T::ALL.iter().map(|(n, _)| *n);
        if let Some(text) = &text {
            let wanted = text.trim().to_ascii_lowercase().replace(['_', ' '], "-");
            if let Some((_, value)) = T::ALL.iter().find(|(n, _)| *n == wanted) {
                return Some(At { value: *value, span: node.span });
            }
        }
        let shown = text.unwrap_or_else(|| node.value.describe().to_string());
        let all = names.clone().collect::<Vec<_>>().join(", ");
        self.diagnostics.push(
            Diagnostic::new(Code::InvalidValue, node.span, format!("invalid `{name}` `{shown}`"))
                .with_help(match did_you_mean(&shown, names) {
                    Some(suggestion) => format!("{suggestion} (one of {all})"),
                    None => format!("use one of {all}"),
                }),
        );
        None
    }
}
