//! Typed reads of one front-matter mapping, with a diagnostic at the value for every
//! wrong type, bad enum, quarter or date, and a warning for every field nobody asked
//! for. Each kind's parser asks for its fields by name; what it asked is what it knows.

use std::borrow::Cow;

use crate::content::{Key, Node, Value};
use crate::diagnostics::{Code, Diagnostic, Diagnostics, Span, did_you_mean};

mod scalars;
mod spec;

pub use scalars::MAX_MAGNITUDE;
pub use spec::{Field, Required, Type, find};

/// A reference to a document by id, as written, with where it was written.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Ref {
    pub id: String,
    #[serde(skip)]
    pub span: Span,
}

/// A value with the span it was read from.
#[derive(Clone, Debug, PartialEq)]
pub struct At<T> {
    pub value: T,
    pub span: Span,
}

/// A closed set of names (`status`, `risk`, …) that a field takes.
pub trait Choice: Sized + Copy + 'static {
    /// Every accepted spelling and its value.
    const ALL: &'static [(&'static str, Self)];
}

/// Declares a [`Choice`] enum with its spellings; `as_str` gives the canonical one.
macro_rules! choice {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($variant),* }

        impl $crate::model::fields::Choice for $name {
            const ALL: &'static [(&'static str, Self)] = &[$(($text, $name::$variant)),*];
        }

        impl $name {
            /// Every spelling, in order.
            pub const NAMES: &'static [&'static str] = &[$($text),*];

            /// The canonical spelling, as written in front matter.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),* }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}
pub(crate) use choice;

/// The fields of one mapping, read once each.
pub struct Fields<'a> {
    entries: &'a [(Key, Node)],
    used: Vec<bool>,
    asked: Vec<&'static str>,
    /// Where "missing field" diagnostics point: the mapping itself.
    at: Span,
    /// What the mapping is, for messages: "an initiative", "a key result".
    what: Cow<'static, str>,
    /// Whether the document's first heading can stand in for its title.
    heading: bool,
    pub diagnostics: &'a mut Diagnostics,
}

impl<'a> Fields<'a> {
    /// Reads `entries`, a mapping found at `at` describing `what`.
    pub fn new(
        entries: &'a [(Key, Node)],
        at: Span,
        what: &'static str,
        diagnostics: &'a mut Diagnostics,
    ) -> Self {
        Fields {
            entries,
            used: vec![false; entries.len()],
            asked: Vec::new(),
            at,
            what: Cow::Borrowed(what),
            heading: false,
            diagnostics,
        }
    }

    /// Names what the mapping is, once its kind is known: "an initiative".
    pub fn set_what(&mut self, what: &'static str) {
        self.what = Cow::Borrowed(what);
    }

    /// Where missing fields are reported.
    pub fn span(&self) -> Span {
        self.at
    }

    /// The node of `field` (or of one of its aliases), marking it read; `null` counts
    /// as absent, and an absent required field is reported.
    pub fn node(&mut self, field: &'static Field) -> Option<(&'static str, &'a Node)> {
        let found = self.peek(field);
        if found.is_none() {
            self.absent(field);
        }
        found
    }

    /// The node of `field`, marked read, without reporting it missing.
    fn peek(&mut self, field: &'static Field) -> Option<(&'static str, &'a Node)> {
        let name = field.name;
        self.asked.push(name);
        self.asked.extend_from_slice(field.aliases);
        let mut found = None;
        for (i, (key, node)) in self.entries.iter().enumerate() {
            if key.name == name || field.aliases.contains(&key.name.as_str()) {
                self.used[i] = true;
                if found.is_none() && node.value != Value::Null {
                    found = Some((name, node));
                }
            }
        }
        found
    }

    /// Whether `field` is written with a value (`null` counts as absent).
    pub fn is_written(&self, field: &Field) -> bool {
        self.entries.iter().any(|(k, n)| {
            (k.name == field.name || field.aliases.contains(&k.name.as_str()))
                && n.value != Value::Null
        })
    }

    /// Lets the document's first `# heading` stand in for fields required
    /// [`Required::UnlessHeading`].
    pub fn set_heading(&mut self, heading: bool) {
        self.heading = heading;
    }

    /// Whether `field` is written as one of `is` (`Some(true)`), as another of its
    /// values (`Some(false)`), or not at all or not as one of its values (`None`).
    fn written_as(&self, field: &Field, is: &[&str]) -> Option<bool> {
        let (_, node) =
            self.entries.iter().find(|(k, n)| k.name == field.name && n.value != Value::Null)?;
        let value = Self::scalar_text(node)?.trim().to_ascii_lowercase().replace(['_', ' '], "-");
        match field.ty {
            Type::OneOf(names) if names.contains(&value.as_str()) => {
                Some(is.contains(&value.as_str()))
            }
            _ => None,
        }
    }

    /// The canonical spelling of the value `field` is written with.
    fn written_value(&self, field: &Field) -> Option<String> {
        let (_, node) =
            self.entries.iter().find(|(k, n)| k.name == field.name && n.value != Value::Null)?;
        Some(Self::scalar_text(node)?.trim().to_ascii_lowercase().replace(['_', ' '], "-"))
    }

    /// Reports `field` missing when the declaration requires it here.
    fn absent(&mut self, field: &'static Field) {
        self.absent_at(field, None);
    }

    /// Reports `field` missing, at `span` or where its key (or the mapping) is.
    fn absent_at(&mut self, field: &'static Field, span: Option<Span>) {
        let (when, help) = match field.required {
            Required::Yes => (None, None),
            Required::UnlessHeading if !self.heading => (None, None),
            Required::When { field: other, is } if self.written_as(other, is) == Some(true) => {
                (self.written_value(other), Some(field.help))
            }
            Required::Unless { field: other, is } if self.written_as(other, is) == Some(false) => {
                (self.written_value(other), Some(field.help))
            }
            _ => return,
        };
        let name = field.name;
        let what = &self.what;
        let message = match when {
            Some(value) => {
                let noun = what.split_once(' ').map_or(what.as_ref(), |(_, noun)| noun);
                format!("missing `{name}` for {}", spec::with_article(&format!("{value} {noun}")))
            }
            None => format!("missing required field `{name}` for {what}"),
        };
        let mut add = format!("add `{name}: {}`", field.example);
        if let Some(help) = help {
            add = format!("{add}: {help}");
        }
        // A key written with no value (`status:` in a skeleton) is where to look.
        let key = self
            .entries
            .iter()
            .find(|(k, _)| k.name == name || field.aliases.contains(&k.name.as_str()));
        let at = span.or(key.map(|(k, _)| k.span)).unwrap_or(self.at);
        self.diagnostics.push(Diagnostic::new(Code::MissingField, at, message).with_help(add));
    }

    /// Reports a list `field` written empty when the declaration requires a value.
    fn empty_list(&mut self, field: &'static Field, node: &Node) {
        self.absent_at(field, Some(node.span));
    }

    fn error(&mut self, code: Code, span: Span, message: String) {
        self.diagnostics.push(Diagnostic::new(code, span, message));
    }

    fn wrong_type(&mut self, name: &str, expected: &str, node: &Node) {
        self.diagnostics.push(
            Diagnostic::new(
                Code::WrongType,
                node.span,
                format!("`{name}` must be {expected}, found {}", node.value.describe()),
            )
            .with_help(format!("write `{name}` as {expected}")),
        );
    }

    /// Where `name` is written, or where the front matter starts when it is not: the
    /// place a diagnostic about the field points at.
    pub fn span_of(&self, name: &str) -> Span {
        self.entries
            .iter()
            .find(|(k, n)| k.name == name && n.value != Value::Null)
            .map_or(self.at, |(_, n)| n.span)
    }

    fn scalar_text(node: &Node) -> Option<String> {
        match &node.value {
            Value::Str(s) => Some(s.clone()),
            Value::Number { text, .. } | Value::Bool { text, .. } => Some(text.clone()),
            _ => None,
        }
    }

    /// A string (numbers and booleans are taken as written). A required one may not be
    /// blank.
    pub fn string(&mut self, field: &'static Field) -> Option<At<String>> {
        let (name, node) = self.node(field)?;
        match Self::scalar_text(node) {
            Some(value) if value.trim().is_empty() && !matches!(field.required, Required::No) => {
                self.error(Code::MissingField, node.span, format!("`{name}` is empty"));
                None
            }
            Some(value) => Some(At { value, span: node.span }),
            None => {
                self.wrong_type(name, "a string", node);
                None
            }
        }
    }

    /// A string or a list of strings.
    pub fn text_list(&mut self, field: &'static Field) -> Vec<String> {
        self.text_list_at(field).into_iter().map(|a| a.value).collect()
    }

    /// A string or a list of strings, each with its span. Blank items are left out.
    pub fn text_list_at(&mut self, field: &'static Field) -> Vec<At<String>> {
        let Some((name, node)) = self.node(field) else { return Vec::new() };
        let mut out = Vec::new();
        if let Some(value) = Self::scalar_text(node) {
            out.push(At { value, span: node.span });
        } else if let Value::Seq(items) = &node.value {
            for item in items {
                match Self::scalar_text(item) {
                    Some(value) => out.push(At { value, span: item.span }),
                    None if item.value == Value::Null => {}
                    None => self.wrong_type(name, "a list of strings", item),
                }
            }
        } else {
            self.wrong_type(name, "a string or a list of strings", node);
            return out;
        }
        out.retain(|a| !a.value.trim().is_empty());
        if out.is_empty() {
            self.empty_list(field, node);
        }
        out
    }

    /// Document ids: one id or a list of them.
    pub fn refs(&mut self, field: &'static Field) -> Vec<Ref> {
        self.text_list_at(field)
            .into_iter()
            .map(|a| Ref { id: a.value.trim().to_string(), span: a.span })
            .collect()
    }

    /// One document id.
    pub fn single_ref(&mut self, field: &'static Field) -> Option<Ref> {
        self.string(field).map(|a| Ref { id: a.value.trim().to_string(), span: a.span })
    }

    /// A list of mappings, each read by `read` with its own [`Fields`]. Returns the
    /// items and the span of the list (or `None` when absent), and how many items
    /// were written, read or not.
    pub fn list_of<T>(
        &mut self,
        field: &'static Field,
        mut read: impl FnMut(&mut Fields<'_>) -> Option<T>,
    ) -> Option<(At<Vec<T>>, usize)> {
        let (name, node) = self.node(field)?;
        let Type::List { item: what, .. } = field.ty else {
            self.wrong_type(name, "a list", node);
            return None;
        };
        let Value::Seq(items) = &node.value else {
            self.wrong_type(name, "a list", node);
            return None;
        };
        let mut out = Vec::new();
        for item in items {
            let Value::Map(entries) = &item.value else {
                self.wrong_type(name, "a list of mappings (`- field: value`)", item);
                continue;
            };
            let mut fields = Fields::new(entries, item.span, "", self.diagnostics);
            fields.what = Cow::Owned(spec::with_article(what));
            let value = read(&mut fields);
            fields.finish();
            out.extend(value);
        }
        Some((At { value: out, span: node.span }, items.len()))
    }

    /// The free `extra` map, as JSON for templates.
    pub fn extra(&mut self, field: &'static Field) -> serde_json::Value {
        match self.node(field) {
            Some((_, node)) if matches!(node.value, Value::Map(_)) => to_json(node),
            Some((name, node)) => {
                self.wrong_type(name, "a mapping", node);
                serde_json::Value::Null
            }
            None => serde_json::Value::Null,
        }
    }

    /// Warns about every field no reader asked for, suggesting the closest known one.
    pub fn finish(self) {
        for (i, (key, _)) in self.entries.iter().enumerate() {
            if self.used[i] {
                continue;
            }
            let help = did_you_mean(&key.name, self.asked.iter().copied()).unwrap_or_else(|| {
                "remove it, or move it under `extra:` if templates need it".to_string()
            });
            self.diagnostics.push(
                Diagnostic::new(
                    Code::UnknownField,
                    key.span,
                    format!("unknown field `{}` for {}", key.name, self.what),
                )
                .with_help(help),
            );
        }
    }
}

fn to_json(node: &Node) -> serde_json::Value {
    match &node.value {
        Value::Null => serde_json::Value::Null,
        Value::Bool { value, .. } => serde_json::Value::Bool(*value),
        Value::Number { value, .. } => {
            serde_json::Number::from_f64(*value).map_or(serde_json::Value::Null, Into::into)
        }
        Value::Str(s) => serde_json::Value::String(s.clone()),
        Value::Seq(items) => items.iter().map(to_json).collect(),
        Value::Map(entries) => serde_json::Value::Object(
            entries.iter().map(|(k, v)| (k.name.clone(), to_json(v))).collect(),
        ),
    }
}
