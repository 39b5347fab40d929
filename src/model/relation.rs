//! What a graph edge means: the front-matter field a reference is written in, or a
//! Markdown link in the body. One variant per field, so code asks for `DependsOn`
//! rather than comparing field names.

/// The relation a reference expresses, one variant per reference field of DESIGN §3.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Relation {
    /// `pillars`: the pillars an initiative, objective, debt item, experiment,
    /// post-mortem or stakeholder serves.
    Pillars,
    /// `metrics`: the metrics a pillar moves.
    Metrics,
    /// `metric`: the one metric a debt item or an experiment is about.
    Metric,
    /// `initiatives`: the initiatives an objective is delivered by.
    Initiatives,
    /// `objectives`: the objectives an initiative contributes to.
    Objectives,
    /// `depends_on`: the initiatives an initiative waits for.
    DependsOn,
    /// `supersedes`: the decisions a decision replaces.
    Supersedes,
    /// `superseded_by`: the decisions that replace a decision.
    SupersededBy,
    /// `related`: any documents a post-mortem or an update relates to.
    Related,
    /// `key_results.metric`: the metric a key result of an objective reads.
    KeyResultMetric,
    /// `action_items.ref`: the document a post-mortem's action item tracks.
    ActionItemRef,
    /// A `[[id]]` or relative `.md` link in the Markdown body.
    Body,
}

impl Relation {
    /// Every relation, in declaration order.
    pub const ALL: [Relation; 12] = [
        Relation::Pillars,
        Relation::Metrics,
        Relation::Metric,
        Relation::Initiatives,
        Relation::Objectives,
        Relation::DependsOn,
        Relation::Supersedes,
        Relation::SupersededBy,
        Relation::Related,
        Relation::KeyResultMetric,
        Relation::ActionItemRef,
        Relation::Body,
    ];
}

impl std::fmt::Display for Relation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.field_name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_are_distinct() {
        let mut names: Vec<&str> = Relation::ALL.iter().map(|r| r.field_name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Relation::ALL.len());
    }

    #[test]
    fn display_is_the_field_name() {
        assert_eq!(Relation::DependsOn.to_string(), "depends_on");
        assert_eq!(Relation::KeyResultMetric.to_string(), "key_results.metric");
        assert_eq!(Relation::Body.to_string(), "body");
    }
}
