//! The survey templates shipped with OpenCX (real definitions in `survey-templates/`), embedded
//! in the binary so the demo workspace and the template picker need no files at run time.

use serde_json::Value;

/// A shipped template: its slug and its definition document.
#[derive(Debug, Clone, Copy)]
pub struct Template {
    pub slug: &'static str,
    pub json: &'static str,
}

/// Every shipped template.
pub const TEMPLATES: &[Template] = &[
    Template {
        slug: "nps-relationship",
        json: include_str!("../survey-templates/nps-relationship.json"),
    },
    Template {
        slug: "post-purchase-csat",
        json: include_str!("../survey-templates/post-purchase-csat.json"),
    },
    Template {
        slug: "post-support-ces",
        json: include_str!("../survey-templates/post-support-ces.json"),
    },
    Template {
        slug: "restaurant-staff-csat",
        json: include_str!("../survey-templates/restaurant-staff-csat.json"),
    },
    Template {
        slug: "website-feedback",
        json: include_str!("../survey-templates/website-feedback.json"),
    },
    Template {
        slug: "churn",
        json: include_str!("../survey-templates/churn.json"),
    },
];

impl Template {
    /// The definition document.
    pub fn document(&self) -> Value {
        serde_json::from_str(self.json).unwrap_or(Value::Null)
    }
}

/// The template with this slug.
pub fn find(slug: &str) -> Option<&'static Template> {
    TEMPLATES.iter().find(|t| t.slug == slug)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_is_a_valid_definition() {
        for template in TEMPLATES {
            let document = template.document();
            if let Err(e) = opencx_domain::survey::parse_definition(&document) {
                panic!("template {} is invalid: {e}", template.slug);
            }
        }
    }
}

#[cfg(test)]
mod translation_tests {
    //! The shipped templates parse, and translate every text they show into every language
    //! they declare.
    use opencx_domain::lang::Translated;
    use opencx_domain::survey::{QuestionKind, SurveyDefinition, parse_definition};

    use super::TEMPLATES;

    fn templates() -> Vec<(String, serde_json::Value)> {
        TEMPLATES
            .iter()
            .map(|t| (format!("{}.json", t.slug), t.document()))
            .collect()
    }

    /// Every translated text of a definition, with where it is.
    fn texts(definition: &SurveyDefinition) -> Vec<(String, &Translated)> {
        let mut out = vec![("title".to_owned(), &definition.title)];
        out.extend(definition.intro.iter().map(|t| ("intro".to_owned(), t)));
        out.extend(definition.thanks.iter().map(|t| ("thanks".to_owned(), t)));
        for (i, q) in definition.questions.iter().enumerate() {
            let at = format!("questions[{i}] ({})", q.id);
            out.extend(q.text.iter().map(|t| (format!("{at}.text"), t)));
            out.extend(q.help.iter().map(|t| (format!("{at}.help"), t)));
            match &q.kind {
                QuestionKind::SingleChoice { options }
                | QuestionKind::MultipleChoice { options, .. } => {
                    for o in options {
                        out.push((format!("{at}.options.{}", o.id), &o.label));
                    }
                }
                QuestionKind::Nps {
                    low_label,
                    high_label,
                } => {
                    out.extend(low_label.iter().map(|t| (format!("{at}.low_label"), t)));
                    out.extend(high_label.iter().map(|t| (format!("{at}.high_label"), t)));
                }
                _ => {}
            }
        }
        out
    }

    #[test]
    fn every_template_parses() {
        let templates = templates();
        let names: Vec<&str> = templates.iter().map(|(n, _)| n.as_str()).collect();
        for expected in [
            "churn.json",
            "nps-relationship.json",
            "post-purchase-csat.json",
            "post-support-ces.json",
            "restaurant-staff-csat.json",
            "website-feedback.json",
        ] {
            assert!(
                names.contains(&expected),
                "{expected} is missing: {names:?}"
            );
        }
        for (name, document) in &templates {
            if let Err(errors) = parse_definition(document) {
                panic!("{name} does not parse: {errors}");
            }
        }
    }

    #[test]
    fn every_text_is_translated_into_every_declared_language() {
        for (name, document) in templates() {
            let definition = parse_definition(&document).expect("checked by every_template_parses");
            for (at, text) in texts(&definition) {
                for lang in &definition.languages {
                    assert!(text.has(lang), "{name}: {at} has no \"{lang}\" text");
                }
                assert_eq!(
                    text.0.len(),
                    definition.languages.len(),
                    "{name}: {at} has texts in undeclared languages"
                );
            }
        }
    }

    #[test]
    fn follow_up_questions_match_the_score() {
        use opencx_domain::answer::AnswerValue;
        use opencx_domain::flow::{Answers, path};

        let (_, document) = templates()
            .into_iter()
            .find(|(n, _)| n == "nps-relationship.json")
            .expect("the NPS template");
        let definition = parse_definition(&document).unwrap();
        let shown = |score: i64| -> Vec<&str> {
            let answers = Answers::from([("nps".to_owned(), AnswerValue::Score(score))]);
            path(&definition, &answers, "en")
                .into_iter()
                .map(|i| definition.questions[i].id.as_str())
                .collect()
        };
        assert_eq!(shown(0), ["nps", "improve", "topics"]);
        assert_eq!(shown(6), ["nps", "improve", "topics"]);
        assert_eq!(shown(7), ["nps", "passive_missing", "topics"]);
        assert_eq!(shown(8), ["nps", "passive_missing", "topics"]);
        assert_eq!(shown(9), ["nps", "love", "topics"]);
        assert_eq!(shown(10), ["nps", "love", "topics"]);
    }
}
