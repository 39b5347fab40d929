//! "Did you mean": the known name nearest to an unknown one, by normalised
//! Damerau-Levenshtein similarity. The work is bounded whatever the input: names of
//! impossible lengths are never compared, each distinct word is searched once per set of
//! candidates, and a run shares one [`Budget`] after which no more suggestions are made.

use std::collections::{BTreeMap, HashMap};

/// The least similarity (0 to 1) at which a name is a plausible typo of another.
const MIN_SIMILARITY: f64 = 0.6;

/// Words and candidates longer than this many characters are never compared: no one
/// misspells a 200-character id, and each comparison costs the product of the lengths.
pub(super) const MAX_NAME_CHARS: usize = 128;

/// The work one run may spend on suggestions, in cells of the edit-distance table (the
/// product of the two lengths, summed over comparisons). Ten typos against five
/// hundred 20-character ids spend two million; the limit is a fraction of a second.
pub(super) const DEFAULT_BUDGET: u64 = 50_000_000;

/// How much suggestion work is left for a run. Spending is deterministic: the same
/// diagnostics in the same order get the same suggestions.
#[derive(Clone, Debug)]
pub struct Budget {
    limit: u64,
    spent: u64,
    comparisons: u64,
    is_exhausted: bool,
}

impl Default for Budget {
    fn default() -> Self {
        Budget::new(DEFAULT_BUDGET)
    }
}

impl Budget {
    /// A budget of `limit` edit-distance cells.
    pub fn new(limit: u64) -> Self {
        Budget { limit, spent: 0, comparisons: 0, is_exhausted: false }
    }

    /// How many pairs of names were compared so far.
    pub fn comparisons(&self) -> u64 {
        self.comparisons
    }

    /// How many edit-distance cells were spent so far (never more than the limit).
    pub fn spent(&self) -> u64 {
        self.spent
    }

    /// Whether a search ran out: from then on no suggestion is computed.
    pub fn is_exhausted(&self) -> bool {
        self.is_exhausted
    }

    /// Pays for one comparison of `cells`, or records that the budget is spent.
    fn charge(&mut self, cells: u64) -> bool {
        if self.is_exhausted || self.spent.saturating_add(cells) > self.limit {
            self.is_exhausted = true;
            return false;
        }
        self.spent += cells;
        self.comparisons += 1;
        true
    }
}

/// Whether a candidate of `candidate` characters can reach [`MIN_SIMILARITY`] with a
/// word of `word` characters: the distance is at least the difference of the lengths,
/// so the similarity is at most `shorter / longer`, which must be at least 3/5.
fn lengths_can_match(word: usize, candidate: usize) -> bool {
    let (shorter, longer) = if word < candidate { (word, candidate) } else { (candidate, word) };
    5 * shorter >= 3 * longer
}

/// The shortest and longest candidate lengths that [`lengths_can_match`] a word of
/// `word` characters.
fn length_range(word: usize) -> std::ops::RangeInclusive<usize> {
    (3 * word).div_ceil(5)..=(5 * word) / 3
}

/// The similarity of `word` and `candidate` when it is at least [`MIN_SIMILARITY`].
fn plausible(word: &str, candidate: &str) -> Option<f64> {
    let score = strsim::normalized_damerau_levenshtein(word, candidate);
    (score >= MIN_SIMILARITY).then_some(score)
}

/// Keeps the better of two scored candidates: the higher score, then the one that sorts
/// first, so the answer does not depend on the order candidates come in.
fn better<'a>(
    best: Option<(f64, &'a str)>,
    score: f64,
    candidate: &'a str,
) -> Option<(f64, &'a str)> {
    match best {
        Some((s, c)) if score < s || (score == s && candidate >= c) => Some((s, c)),
        _ => Some((score, candidate)),
    }
}

/// The closest of `candidates` to `word` if it is close enough to be a plausible typo.
/// For small, fixed candidate lists (keys of `site.toml`, kind names); a run that may
/// ask many times over many names uses [`Candidates`].
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let length = word.chars().count();
    if length > MAX_NAME_CHARS {
        return None;
    }
    let mut best = None;
    for candidate in candidates {
        let candidate_length = candidate.chars().count();
        if candidate_length > MAX_NAME_CHARS || !lengths_can_match(length, candidate_length) {
            continue;
        }
        if let Some(score) = plausible(word, candidate) {
            best = better(best, score, candidate);
        }
    }
    best.map(|(_, c)| c)
}

/// "did you mean `x`?" for the closest candidate, if any.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    closest(word, candidates).map(help)
}

fn help(candidate: &str) -> String {
    format!("did you mean `{candidate}`?")
}

/// A set of names indexed for repeated "did you mean" searches: by length, so a search
/// only compares names of a length that could match, and with the answer for each word
/// already searched. Answers equal [`closest`] over the same names, until the
/// [`Budget`] runs out.
#[derive(Debug, Default)]
pub struct Candidates<'a> {
    by_length: BTreeMap<usize, Vec<&'a str>>,
    searched: HashMap<String, Option<&'a str>>,
}

impl<'a> Candidates<'a> {
    /// Indexes `names`; names too long to be compared are left out.
    pub fn new(names: impl IntoIterator<Item = &'a str>) -> Self {
        let mut by_length: BTreeMap<usize, Vec<&'a str>> = BTreeMap::new();
        for name in names {
            let length = name.chars().count();
            if length <= MAX_NAME_CHARS {
                by_length.entry(length).or_default().push(name);
            }
        }
        for names in by_length.values_mut() {
            names.sort_unstable();
            names.dedup();
        }
        Candidates { by_length, searched: HashMap::new() }
    }

    /// The closest name to `word`, paid from `budget`; `None` when none is plausible or
    /// the budget ran out before the search finished.
    pub fn closest(&mut self, word: &str, budget: &mut Budget) -> Option<&'a str> {
        if let Some(&answer) = self.searched.get(word) {
            return answer;
        }
        let length = word.chars().count();
        if length > MAX_NAME_CHARS {
            return None;
        }
        let mut best = None;
        for (&candidate_length, names) in self.by_length.range(length_range(length)) {
            let cells = (length.max(1) * candidate_length.max(1)) as u64;
            for &candidate in names {
                if !budget.charge(cells) {
                    return None;
                }
                if let Some(score) = plausible(word, candidate) {
                    best = better(best, score, candidate);
                }
            }
        }
        let answer = best.map(|(_, c)| c);
        self.searched.insert(word.to_string(), answer);
        answer
    }

    /// "did you mean `x`?" for the closest name, if any.
    pub fn did_you_mean(&mut self, word: &str, budget: &mut Budget) -> Option<String> {
        self.closest(word, budget).map(help)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_finds_a_transposition() {
        assert_eq!(closest("growht", ["growth", "reliability"]), Some("growth"));
    }

    #[test]
    fn closest_ignores_distant_words() {
        assert_eq!(closest("zzz", ["growth", "reliability"]), None);
    }

    #[test]
    fn closest_breaks_ties_alphabetically() {
        assert_eq!(closest("abcd", ["abcf", "abce"]), Some("abce"));
        assert_eq!(closest("abcd", ["abce", "abcf"]), Some("abce"));
    }

    #[test]
    fn length_range_is_exactly_the_lengths_that_can_match() {
        for word in 0..=MAX_NAME_CHARS {
            for candidate in 0..=MAX_NAME_CHARS {
                assert_eq!(
                    length_range(word).contains(&candidate),
                    lengths_can_match(word, candidate),
                    "{word} {candidate}"
                );
            }
        }
    }

    #[test]
    fn the_length_bound_never_drops_a_plausible_candidate() {
        // Every pair of lengths the bound rejects scores below the threshold even when
        // one name is a prefix of the other (the least distance for those lengths).
        let long = "abcdefghijklmnopqrstuvwxyz".repeat(5);
        for word in 1..40 {
            for candidate in 1..40 {
                let (a, b) = (long.get(..word).unwrap(), long.get(..candidate).unwrap());
                if !lengths_can_match(word, candidate) {
                    assert_eq!(plausible(a, b), None, "{a} {b}");
                }
            }
        }
    }

    fn names() -> Vec<String> {
        let mut names: Vec<String> = (0..300).map(|i| format!("initiative-{i:03}")).collect();
        names.extend(
            ["growth", "reliability", "a", "", "abce", "abcf", "platform-speed"].map(String::from),
        );
        names
    }

    #[test]
    fn candidates_answer_like_closest() {
        let names = names();
        let mut candidates = Candidates::new(names.iter().map(String::as_str));
        let mut budget = Budget::default();
        for word in [
            "growht",
            "zzz",
            "abcd",
            "",
            "a",
            "b",
            "initiative-1000",
            "initative-042",
            "platfrom-speed",
            "reliabilty",
        ] {
            assert_eq!(
                candidates.closest(word, &mut budget),
                closest(word, names.iter().map(String::as_str)),
                "{word}"
            );
        }
    }

    #[test]
    fn issue_7_suggestions_compare_only_names_of_a_possible_length() {
        // 1,000 long names and one short one: a short word is compared with none of the
        // long ones.
        let mut names: Vec<String> =
            (0..1_000).map(|i| format!("a-rather-long-identifier-{i}")).collect();
        names.push("growth".into());
        let mut candidates = Candidates::new(names.iter().map(String::as_str));
        let mut budget = Budget::default();
        assert_eq!(candidates.closest("growht", &mut budget), Some("growth"));
        assert_eq!(budget.comparisons(), 1);
    }

    #[test]
    fn issue_7_each_distinct_word_is_searched_once() {
        let names = names();
        let mut candidates = Candidates::new(names.iter().map(String::as_str));
        let mut budget = Budget::default();
        candidates.closest("initative-042", &mut budget);
        let once = budget.comparisons();
        assert!(once > 0);
        for _ in 0..1_000 {
            assert_eq!(candidates.closest("initative-042", &mut budget), Some("initiative-042"));
        }
        assert_eq!(budget.comparisons(), once);
    }

    #[test]
    fn issue_7_suggestions_stop_when_the_budget_is_spent() {
        // 5,000 distinct misspellings of 2,000 ids of one length: without a budget this is
        // ten million comparisons; with one, the work stops at the limit, deterministically.
        let names: Vec<String> = (0..2_000).map(|i| format!("initiative-{i:04}")).collect();
        let run = || {
            let mut candidates = Candidates::new(names.iter().map(String::as_str));
            let mut budget = Budget::new(2_000_000);
            let answers: Vec<Option<&str>> = (0..5_000)
                .map(|i| candidates.closest(&format!("initaitive-{i:04}"), &mut budget))
                .collect();
            (answers, budget)
        };
        let (answers, budget) = run();
        assert!(budget.is_exhausted());
        assert!(budget.spent() <= 2_000_000);
        assert!(budget.comparisons() <= 2_000_000 / (15 * 15) + 1, "{}", budget.comparisons());
        assert_eq!(answers[0], Some("initiative-0000"));
        assert_eq!(answers[4_999], None);
        assert_eq!(run().0, answers, "the same input gets the same suggestions");
    }

    #[test]
    fn issue_7_overlong_names_are_not_compared() {
        let long = "x".repeat(10_000);
        let mut candidates = Candidates::new([long.as_str(), "growth"]);
        let mut budget = Budget::default();
        assert_eq!(candidates.closest(&format!("{long}y"), &mut budget), None);
        assert_eq!(budget.comparisons(), 0);
        assert_eq!(closest(&long, [long.as_str()]), None);
    }
}
