//! Sentiment labels from the scores answered beside an open answer.
//!
//! A customer who gives an NPS of 3 and writes a comment has told us how the comment feels: these
//! pairs are the training data of the per-workspace [`crate::model`]. The bands:
//!
//! | scale | negative | neutral | positive |
//! |---|---|---|---|
//! | NPS 0–10 | 0–6 (detractors) | 7–8 (passives) | 9–10 (promoters) |
//! | CSAT 1–5 | 1–2 | 3 | 4–5 |
//! | CSAT 1–7 | 1–3 | 4–5 | 6–7 (the usual top-2 box) |
//! | CES 1–5, agreement ("it was easy") | 1–2 | 3 | 4–5 |
//! | CES 1–7, agreement (CES 2.0) | 1–3 | 4 | 5–7 |
//!
//! Values outside the scale give no label rather than a guess.

use serde::{Deserialize, Serialize};

use crate::sentiment::Label;

/// The scale a score was answered on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScoreKind {
    /// Net Promoter Score, 0–10.
    Nps,
    /// Customer satisfaction, 1–5.
    Csat5,
    /// Customer satisfaction, 1–7.
    Csat7,
    /// Customer effort as agreement with "it was easy", 1–5 (5 = strongly agree).
    Ces5,
    /// Customer effort as agreement with "it was easy", 1–7 (CES 2.0).
    Ces7,
}

impl ScoreKind {
    /// The lowest and highest valid value.
    pub fn range(self) -> (i64, i64) {
        match self {
            ScoreKind::Nps => (0, 10),
            ScoreKind::Csat5 | ScoreKind::Ces5 => (1, 5),
            ScoreKind::Csat7 | ScoreKind::Ces7 => (1, 7),
        }
    }
}

/// The sentiment label a score implies, or `None` if the value is outside the scale.
pub fn label_from_score(kind: ScoreKind, value: i64) -> Option<Label> {
    let (low, high) = kind.range();
    if !(low..=high).contains(&value) {
        return None;
    }
    // The highest negative and the highest neutral value of each scale.
    let (negative_up_to, neutral_up_to) = match kind {
        ScoreKind::Nps => (6, 8),
        ScoreKind::Csat5 | ScoreKind::Ces5 => (2, 3),
        ScoreKind::Csat7 => (3, 5),
        ScoreKind::Ces7 => (3, 4),
    };
    Some(if value <= negative_up_to {
        Label::Negative
    } else if value <= neutral_up_to {
        Label::Neutral
    } else {
        Label::Positive
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nps_bands() {
        let labels: Vec<Label> = (0..=10)
            .map(|v| label_from_score(ScoreKind::Nps, v).unwrap())
            .collect();
        assert_eq!(labels[..7], [Label::Negative; 7]);
        assert_eq!(labels[7..9], [Label::Neutral; 2]);
        assert_eq!(labels[9..], [Label::Positive; 2]);
    }

    #[test]
    fn csat_and_ces_bands() {
        use Label::*;
        let csat5: Vec<Label> = (1..=5)
            .map(|v| label_from_score(ScoreKind::Csat5, v).unwrap())
            .collect();
        assert_eq!(csat5, [Negative, Negative, Neutral, Positive, Positive]);
        let csat7: Vec<Label> = (1..=7)
            .map(|v| label_from_score(ScoreKind::Csat7, v).unwrap())
            .collect();
        assert_eq!(
            csat7,
            [
                Negative, Negative, Negative, Neutral, Neutral, Positive, Positive
            ]
        );
        let ces7: Vec<Label> = (1..=7)
            .map(|v| label_from_score(ScoreKind::Ces7, v).unwrap())
            .collect();
        assert_eq!(
            ces7,
            [
                Negative, Negative, Negative, Neutral, Positive, Positive, Positive
            ]
        );
        assert_eq!(label_from_score(ScoreKind::Ces5, 3), Some(Neutral));
    }

    #[test]
    fn out_of_scale_values_give_no_label() {
        assert_eq!(label_from_score(ScoreKind::Nps, 11), None);
        assert_eq!(label_from_score(ScoreKind::Csat5, 0), None);
        assert_eq!(label_from_score(ScoreKind::Ces7, 8), None);
    }
}
