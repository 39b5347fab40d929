//! Slugs: document ids from file stems, and heading anchors in the style GitHub uses,
//! so `[[id#Heading Text]]` and `[[id#heading-text]]` find the same heading.

/// A document id from a file stem or title: lower-case ASCII letters and digits,
/// runs of anything else become one `-`, no `-` at either end.
pub fn id_slug(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// Whether `id` is already a valid document id (what [`id_slug`] could produce).
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty() && id_slug(id) == id
}

/// A heading's anchor: lower-case, letters, digits, `-` and `_` kept, spaces become
/// `-`, other punctuation dropped (`"Why: the plan"` → `why-the-plan`).
pub fn heading_slug(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            slug.extend(c.to_lowercase());
        } else if c.is_whitespace() {
            slug.push('-');
        }
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_slug_lowercases_and_joins_words() {
        assert_eq!(id_slug("Faster Checkout"), "faster-checkout");
        assert_eq!(id_slug("  --Q4 plan: v2!  "), "q4-plan-v2");
        assert_eq!(id_slug("Ship it 🚀 now"), "ship-it-now");
        assert_eq!(id_slug("snake_case"), "snake_case");
        assert_eq!(id_slug("🚀"), "");
    }

    #[test]
    fn valid_ids_are_their_own_slug() {
        assert!(is_valid_id("faster-checkout-2"));
        assert!(!is_valid_id("Has Spaces"));
        assert!(!is_valid_id(""));
        assert!(!is_valid_id("trailing-"));
    }

    #[test]
    fn heading_slug_follows_github() {
        assert_eq!(heading_slug("How we measure it"), "how-we-measure-it");
        assert_eq!(heading_slug("Why: the plan (v2)"), "why-the-plan-v2");
        assert_eq!(heading_slug("Café & co"), "café--co");
        assert_eq!(heading_slug("Ship it 🚀"), "ship-it-");
    }
}
