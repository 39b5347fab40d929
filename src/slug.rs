//! Slugs: the one rule for the names that become part of a URL — document ids from
//! file stems, heading anchors (GitHub style, so `[[id#Heading Text]]` and
//! `[[id#heading-text]]` find the same heading), and owner and tag pages.
//!
//! The rule: Unicode letters and digits of any script are kept, lower-cased, with the
//! combining marks that continue them (`é` written as `e` + U+0301, Devanagari vowel
//! signs) and `_`; emoji, symbols and punctuation are dropped. So "Café" and "Cafe"
//! get different slugs (`café`, `cafe`). Pure; no I/O.

use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

/// Whether `c` is kept in a slug: a letter or digit of any script, a combining mark,
/// or `_`. Variation selectors, which only pick an emoji's look, are not kept.
fn is_slug_char(c: char) -> bool {
    c.is_alphanumeric()
        || c == '_'
        || (matches!(
            c.general_category(),
            GeneralCategory::NonspacingMark | GeneralCategory::SpacingMark
        ) && !matches!(c, '\u{fe00}'..='\u{fe0f}' | '\u{e0100}'..='\u{e01ef}'))
}

/// A document id from a file stem or title: the slug characters lower-cased, runs of
/// anything else become one `-`, no `-` at either end (`"Café au lait!"` →
/// `café-au-lait`).
pub fn id_slug(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        // ASCII, the common case, without the Unicode tables.
        let is_slug =
            if c.is_ascii() { c.is_ascii_alphanumeric() || c == '_' } else { is_slug_char(c) };
        if is_slug && c.is_ascii() {
            slug.push(c.to_ascii_lowercase());
        } else if is_slug {
            slug.extend(c.to_lowercase());
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

/// A heading's anchor, as GitHub makes it: the slug characters lower-cased, `-` kept,
/// each space becomes `-`, everything else dropped (`"Why: the plan"` →
/// `why-the-plan`, `"Café & co"` → `café--co`).
pub fn heading_slug(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if is_slug_char(c) || c == '-' {
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
    fn issue_7_id_slugs_keep_letters_of_every_script() {
        assert_eq!(id_slug("Café"), "café");
        assert_eq!(id_slug("Cafe"), "cafe");
        assert_eq!(id_slug("Über Größe"), "über-größe");
        assert_eq!(id_slug("Ελληνικά ΣΧΕΔΙΟ"), "ελληνικά-σχεδιο");
        assert_eq!(id_slug("План на 2027"), "план-на-2027");
        assert_eq!(id_slug("東京 計画"), "東京-計画");
        assert_eq!(id_slug("हिन्दी योजना"), "हिन्दी-योजना");
        // Decomposed `é` (as some file systems store names) keeps its accent.
        assert_eq!(id_slug("Cafe\u{301} noir"), "cafe\u{301}-noir");
        // Emoji, their variation selectors and symbols are still dropped.
        assert_eq!(id_slug("Ship 🚀\u{fe0f} it ©"), "ship-it");
        assert_eq!(id_slug("1\u{fe0f}\u{20e3} plan"), "1-plan");
    }

    #[test]
    fn issue_7_slugs_are_valid_ids_of_themselves() {
        for text in ["Café", "İstanbul", "ǅemal", "ΣΑΣ", "Straße", "e\u{301}", "Ⅻ plan", "x²"]
        {
            let slug = id_slug(text);
            assert!(is_valid_id(&slug), "{text:?} -> {slug:?}");
        }
        assert!(is_valid_id("café"));
        assert!(!is_valid_id("Café"));
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
        assert_eq!(heading_slug("Résumé und Größe"), "résumé-und-größe");
        assert_eq!(heading_slug("Cafe\u{301}"), "cafe\u{301}");
        assert_eq!(heading_slug("Ship it 🚀\u{fe0f}"), "ship-it-");
    }
}
