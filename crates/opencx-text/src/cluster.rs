//! Groups of similar answers: the second way, beside keyphrases ([`crate::themes::discover`]),
//! of finding what customers talk about that no theme covers yet.
//!
//! Each answer becomes a TF-IDF vector of its content words (normalised keys: Polish without
//! diacritics; no stop words, no sentiment-only words, no intensifiers or negators, so "great
//! delivery" and "awful delivery" are close — they are about the same thing). Answers are taken
//! longest first and joined to the most similar existing group when the cosine similarity to the
//! group's centroid is at least [`ClusterOptions::min_similarity`], else they start a group
//! (single-pass "leader" clustering: one pass, O(answers × groups), deterministic). Groups with
//! at least [`ClusterOptions::min_size`] answers are returned, largest first, each named by its
//! heaviest terms in their most common written form.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::lang::Lang;
use crate::sentiment::SentimentAnalyzer;
use crate::themes::{key_of, stop_keys};
use crate::tokenize::{TokenKind, tokenize};

/// A group of similar answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cluster {
    /// Its heaviest terms (up to three), as customers wrote them, heaviest first.
    pub terms: Vec<String>,
    /// Indexes (into the input) of its answers, in input order.
    pub members: Vec<usize>,
}

/// Options of [`cluster`].
#[derive(Debug, Clone, Copy)]
pub struct ClusterOptions {
    /// Cosine similarity to a group's centroid needed to join it.
    pub min_similarity: f64,
    /// Fewest answers of a group returned.
    pub min_size: usize,
    /// Most groups returned.
    pub limit: usize,
}

impl Default for ClusterOptions {
    fn default() -> Self {
        ClusterOptions {
            min_similarity: 0.45,
            min_size: 3,
            limit: 10,
        }
    }
}

/// A sparse vector: (term index, weight), sorted by term index.
type Vector = Vec<(usize, f64)>;

fn dot(a: &Vector, b: &HashMap<usize, f64>) -> f64 {
    a.iter()
        .map(|(t, w)| w * b.get(t).copied().unwrap_or(0.0))
        .sum()
}

/// Groups `answers` (all in `lang`) by what they are about.
pub fn cluster(
    answers: &[&str],
    lang: Lang,
    analyzer: &SentimentAnalyzer,
    options: &ClusterOptions,
) -> Vec<Cluster> {
    let stop = stop_keys(lang);
    let lexicon = analyzer.lexicon(lang);
    // Term ids, how each term is written, and in how many answers it occurs.
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut forms: Vec<HashMap<String, usize>> = Vec::new();
    let mut document_frequency: Vec<usize> = Vec::new();
    let mut bags: Vec<HashMap<usize, f64>> = Vec::with_capacity(answers.len());
    for answer in answers {
        let tokens = tokenize(answer);
        let mut bag: HashMap<usize, f64> = HashMap::new();
        for token in tokens.tokens.iter().filter(|t| t.kind == TokenKind::Word) {
            let written = tokens.text(token);
            let key = key_of(lang, written);
            if key.chars().count() < 3
                || stop.contains(&key)
                || lexicon.modifier(&key).is_some()
                || lexicon.lookup_word(&key).is_some()
                || key.chars().all(|c| c.is_ascii_digit())
            {
                continue;
            }
            let next = ids.len();
            let id = *ids.entry(key).or_insert(next);
            if id == forms.len() {
                forms.push(HashMap::new());
                document_frequency.push(0);
            }
            *forms[id].entry(written.to_owned()).or_default() += 1;
            let count = bag.entry(id).or_default();
            if *count == 0.0 {
                document_frequency[id] += 1;
            }
            *count += 1.0;
        }
        bags.push(bag);
    }
    let n = answers.len().max(1) as f64;
    // TF-IDF, L2-normalised. A term in a single answer cannot make a group: weight 0.
    let vectors: Vec<Vector> = bags
        .iter()
        .map(|bag| {
            let mut v: Vector = bag
                .iter()
                .filter(|(id, _)| document_frequency[**id] > 1)
                .map(|(id, tf)| {
                    (
                        *id,
                        (1.0 + tf.ln()) * (n / document_frequency[*id] as f64).ln().max(0.0) + 1e-9,
                    )
                })
                .collect();
            let norm = v.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
            if norm > 0.0 {
                for (_, w) in &mut v {
                    *w /= norm;
                }
            }
            v.sort_by_key(|(id, _)| *id);
            v
        })
        .collect();
    // Longest first (more terms, a better leader); ties in input order.
    let mut order: Vec<usize> = (0..answers.len())
        .filter(|&i| !vectors[i].is_empty())
        .collect();
    order.sort_by_key(|&i| (std::cmp::Reverse(vectors[i].len()), i));
    // Each group: the sum of its members' vectors and its members.
    let mut groups: Vec<(HashMap<usize, f64>, Vec<usize>)> = Vec::new();
    // Groups by term, to compare an answer only with groups sharing a term.
    let mut by_term: HashMap<usize, Vec<usize>> = HashMap::new();
    for i in order {
        let v = &vectors[i];
        let mut candidates: Vec<usize> = v
            .iter()
            .flat_map(|(t, _)| by_term.get(t).into_iter().flatten().copied())
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let best = candidates
            .into_iter()
            .map(|g| {
                let (sum, _) = &groups[g];
                let norm = sum.values().map(|w| w * w).sum::<f64>().sqrt();
                (g, if norm > 0.0 { dot(v, sum) / norm } else { 0.0 })
            })
            .filter(|(_, similarity)| *similarity >= options.min_similarity)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        let g = match best {
            Some((g, _)) => g,
            None => {
                groups.push((HashMap::new(), Vec::new()));
                groups.len() - 1
            }
        };
        for (t, w) in v {
            let entry = groups[g].0.entry(*t).or_default();
            if *entry == 0.0 {
                by_term.entry(*t).or_default().push(g);
            }
            *entry += w;
        }
        groups[g].1.push(i);
    }
    let mut out: Vec<Cluster> = groups
        .into_iter()
        .filter(|(_, members)| members.len() >= options.min_size)
        .map(|(sum, mut members)| {
            members.sort_unstable();
            let mut terms: Vec<(usize, f64)> = sum.into_iter().collect();
            terms.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            let terms = terms
                .iter()
                .take(3)
                .map(|(id, _)| {
                    let mut written: Vec<(&String, &usize)> = forms[*id].iter().collect();
                    written.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
                    written[0].0.clone()
                })
                .collect();
            Cluster { terms, members }
        })
        .collect();
    out.sort_by(|a, b| {
        b.members
            .len()
            .cmp(&a.members.len())
            .then(a.members[0].cmp(&b.members[0]))
    });
    out.truncate(options.limit);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similar_answers_group_together_whatever_their_sentiment() {
        let answers = [
            "The parking lot is always full, no parking spaces left.",
            "Parking spaces are too few, the lot was full again.",
            "Great store but the parking lot is full every evening.",
            "Could not find a parking space, the lot is full.",
            "Loved the new bakery corner, fresh croissants.",
            "Fresh croissants at the bakery corner, lovely.",
            "The bakery corner had fresh croissants today.",
            "Something else entirely.",
        ];
        let clusters = cluster(
            &answers,
            Lang::En,
            &SentimentAnalyzer::new(),
            &ClusterOptions::default(),
        );
        assert_eq!(clusters.len(), 2, "{clusters:?}");
        assert_eq!(clusters[0].members, [0, 1, 2, 3]);
        assert!(
            clusters[0]
                .terms
                .iter()
                .any(|t| t == "parking" || t == "lot"),
            "{clusters:?}"
        );
        assert_eq!(clusters[1].members, [4, 5, 6]);
        assert!(
            clusters[1]
                .terms
                .iter()
                .any(|t| t == "croissants" || t == "bakery")
        );
    }

    #[test]
    fn polish_forms_share_a_key_and_keep_their_written_form() {
        let answers = [
            "Brak miejsc parkingowych, parking zawsze pełny.",
            "Parking pełny, nie było gdzie zostawić auta.",
            "Znowu pełny parking przed sklepem.",
        ];
        let clusters = cluster(
            &answers,
            Lang::Pl,
            &SentimentAnalyzer::new(),
            &ClusterOptions::default(),
        );
        assert_eq!(clusters.len(), 1, "{clusters:?}");
        assert!(
            clusters[0].terms.contains(&"pełny".to_owned())
                || clusters[0].terms.contains(&"parking".to_owned()),
            "{clusters:?}"
        );
    }
}
