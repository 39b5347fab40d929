//! Typed reads of one front-matter mapping, with a diagnostic at the value for every
//! wrong type, bad enum, quarter or date, and a warning for every field nobody asked
//! for. Each kind's parser asks for its fields by name; what it asked is what it knows.

use crate::content::{Key, Node, Value};
use crate::diagnostics::{Code, Diagnostic, Diagnostics, Span, did_you_mean};

mod scalars;

pub(crate) use scalars::MAX_MAGNITUDE;

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
    what: &'static str,
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
            what,
            diagnostics,
        }
    }

    /// Names what the mapping is, once its kind is known: "an initiative".
    pub fn set_what(&mut self, what: &'static str) {
        self.what = what;
    }

    /// Where missing fields are reported.
    pub fn span(&self) -> Span {
        self.at
    }

    /// The node of `name` (or of one of its `aliases`), marking it read; `null` counts
    /// as absent.
    pub fn node(
        &mut self,
        name: &'static str,
        aliases: &[&'static str],
    ) -> Option<(&'static str, &'a Node)> {
        self.asked.push(name);
        self.asked.extend_from_slice(aliases);
        let mut found = None;
        for (i, (key, node)) in self.entries.iter().enumerate() {
            if key.name == name || aliases.contains(&key.name.as_str()) {
                self.used[i] = true;
                if found.is_none() && node.value != Value::Null {
                    found = Some((name, node));
                }
            }
        }
        found
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

    /// Whether `name` is written with a value (`null` counts as absent).
    fn is_present(&self, name: &str) -> bool {
        self.entries.iter().any(|(k, n)| k.name == name && n.value != Value::Null)
    }

    /// Where `name` is written, or where the front matter starts when it is not: the
    /// place a diagnostic about the field points at.
    pub fn span_of(&self, name: &str) -> Span {
        self.entries
            .iter()
            .find(|(k, n)| k.name == name && n.value != Value::Null)
            .map_or(self.at, |(_, n)| n.span)
    }

    /// Reports that `name` is required and absent.
    pub fn missing(&mut self, name: &str, example: &str) {
        let what = self.what;
        self.diagnostics.push(
            Diagnostic::new(
                Code::MissingField,
                self.at,
                format!("missing required field `{name}` for {what}"),
            )
            .with_help(format!("add `{name}: {example}`")),
        );
    }

    fn scalar_text(node: &Node) -> Option<String> {
        match &node.value {
            Value::Str(s) => Some(s.clone()),
            Value::Number { text, .. } | Value::Bool { text, .. } => Some(text.clone()),
            _ => None,
        }
    }

    /// A string (numbers and booleans are taken as written).
    pub fn string(&mut self, name: &'static str) -> Option<At<String>> {
        self.string_or(name, &[])
    }

    /// A string under `name` or one of its `aliases`.
    pub fn string_or(
        &mut self,
        name: &'static str,
        aliases: &[&'static str],
    ) -> Option<At<String>> {
        let (name, node) = self.node(name, aliases)?;
        match Self::scalar_text(node) {
            Some(value) => Some(At { value, span: node.span }),
            None => {
                self.wrong_type(name, "a string", node);
                None
            }
        }
    }

    /// A required string; `example` shows what to write when it is missing.
    pub fn required_string(&mut self, name: &'static str, example: &str) -> Option<At<String>> {
        if !self.is_present(name) {
            self.node(name, &[]);
            self.missing(name, example);
            return None;
        }
        match self.string(name) {
            Some(value) if value.value.trim().is_empty() => {
                self.error(Code::MissingField, value.span, format!("`{name}` is empty"));
                None
            }
            other => other,
        }
    }

    /// A string or a list of strings.
    pub fn text_list(&mut self, name: &'static str) -> Vec<String> {
        self.text_list_or(name, &[]).into_iter().map(|a| a.value).collect()
    }

    /// A string or a list of strings under `name` or an alias, each with its span.
    pub fn text_list_or(
        &mut self,
        name: &'static str,
        aliases: &[&'static str],
    ) -> Vec<At<String>> {
        let Some((name, node)) = self.node(name, aliases) else { return Vec::new() };
        if let Some(value) = Self::scalar_text(node) {
            return vec![At { value, span: node.span }];
        }
        let Value::Seq(items) = &node.value else {
            self.wrong_type(name, "a string or a list of strings", node);
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            match Self::scalar_text(item) {
                Some(value) => out.push(At { value, span: item.span }),
                None if item.value == Value::Null => {}
                None => self.wrong_type(name, "a list of strings", item),
            }
        }
        out
    }

    /// Document ids: one id or a list of them.
    pub fn refs(&mut self, name: &'static str) -> Vec<Ref> {
        self.text_list_or(name, &[])
            .into_iter()
            .map(|a| Ref { id: a.value.trim().to_string(), span: a.span })
            .collect()
    }

    /// One document id.
    pub fn single_ref(&mut self, name: &'static str) -> Option<Ref> {
        self.string(name).map(|a| Ref { id: a.value.trim().to_string(), span: a.span })
    }

    /// A list of mappings, each read by `read` with its own [`Fields`]. Returns the
    /// items and the span of the list (or `None` when absent).
    pub fn list_of<T>(
        &mut self,
        name: &'static str,
        what: &'static str,
        mut read: impl FnMut(&mut Fields<'_>) -> Option<T>,
    ) -> Option<At<Vec<T>>> {
        let (name, node) = self.node(name, &[])?;
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
            let mut fields = Fields::new(entries, item.span, what, self.diagnostics);
            let value = read(&mut fields);
            fields.finish();
            out.extend(value);
        }
        Some(At { value: out, span: node.span })
    }

    /// The free `extra` map, as JSON for templates.
    pub fn extra(&mut self, name: &'static str) -> serde_json::Value {
        match self.node(name, &[]) {
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
