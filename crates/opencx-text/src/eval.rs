//! Measuring sentiment against labelled files: accuracy, macro-F1 and confusion matrices per
//! language, for the lexicon, two baselines, the trained model and the blend.
//!
//! A labelled file is CSV or TSV with a header naming at least `text`, `language` (or `lang`)
//! and `label` (`negative`/`neutral`/`positive`); an `id` column is used for the split when
//! present. Each record goes to the development share (about 70%) or the held-out share (30%)
//! by a stable hash of its id (or text), so the split never changes between runs or machines.
//! The model is trained on the development share; every figure is measured on the held-out one.

use std::fmt;

use crate::fxhash::stable_hash;
use crate::lang::Lang;
use crate::model::{
    Example, Features, MIN_PER_CLASS, MODEL_WEIGHT, Model, TrainOptions, argmax, blend_weighted,
    features,
};
use crate::sentiment::{Label, LexiconSentiment, SentimentAnalyzer};
use crate::tokenize::tokenize;

/// One labelled answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Its id (the text when the file has none).
    pub id: String,
    /// Its language.
    pub lang: Lang,
    /// Its label.
    pub label: Label,
    /// What was written.
    pub text: String,
}

/// Why a labelled file could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum EvalError {
    /// The header lacks a needed column.
    #[error("the header has no {0:?} column")]
    MissingColumn(&'static str),
    /// The file is empty.
    #[error("the file is empty")]
    Empty,
    /// A line could not be read.
    #[error("line {line}: {reason}")]
    BadLine {
        /// 1-based line number.
        line: usize,
        /// What was wrong.
        reason: String,
    },
}

/// Reads a CSV or TSV labelled file (the header's first line decides: a tab means TSV). Rows
/// in a language this crate does not support are skipped; unknown labels are errors.
pub fn read_labelled(content: &str) -> Result<Vec<Record>, EvalError> {
    let content = content.strip_prefix('\u{FEFF}').unwrap_or(content);
    let header_line = content.lines().next().ok_or(EvalError::Empty)?;
    let tsv = header_line.contains('\t');
    let rows: Vec<(usize, Vec<String>)> = if tsv {
        content
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(n, l)| (n + 1, l.split('\t').map(str::to_owned).collect()))
            .collect()
    } else {
        parse_csv(content)?
    };
    let (_, header) = rows.first().ok_or(EvalError::Empty)?;
    let column = |names: &[&str]| {
        header
            .iter()
            .position(|h| names.contains(&h.trim().to_ascii_lowercase().as_str()))
    };
    let text_at = column(&["text"]).ok_or(EvalError::MissingColumn("text"))?;
    let lang_at = column(&["language", "lang"]).ok_or(EvalError::MissingColumn("language"))?;
    let label_at = column(&["label"]).ok_or(EvalError::MissingColumn("label"))?;
    let id_at = column(&["id"]);
    let mut records = Vec::new();
    for (line, row) in rows.iter().skip(1) {
        let field = |at: usize| -> Result<&str, EvalError> {
            row.get(at).map(String::as_str).ok_or(EvalError::BadLine {
                line: *line,
                reason: format!("expected at least {} columns", at + 1),
            })
        };
        let Some(lang) = Lang::from_code(field(lang_at)?) else {
            continue;
        };
        let label_text = field(label_at)?;
        let label = Label::parse(label_text).ok_or_else(|| EvalError::BadLine {
            line: *line,
            reason: format!("unknown label {label_text:?}"),
        })?;
        let text = field(text_at)?.to_owned();
        let id = match id_at {
            Some(at) => field(at)?.to_owned(),
            None => text.clone(),
        };
        records.push(Record {
            id,
            lang,
            label,
            text,
        });
    }
    Ok(records)
}

/// RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks.
fn parse_csv(content: &str) -> Result<Vec<(usize, Vec<String>)>, EvalError> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut line = 1;
    let mut row_line = 1;
    let mut chars = content.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                if !(row.len() == 1 && row[0].is_empty()) {
                    rows.push((row_line, std::mem::take(&mut row)));
                }
                row.clear();
                line += 1;
                row_line = line;
            }
            (_, c) => {
                if c == '\n' {
                    line += 1;
                }
                field.push(c);
            }
        }
    }
    if quoted {
        return Err(EvalError::BadLine {
            line: row_line,
            reason: "unterminated quote".into(),
        });
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push((row_line, row));
    }
    Ok(rows)
}

/// Percentage of records in the development share.
pub const DEVELOPMENT_PERCENT: u64 = 70;

/// Whether a record belongs to the held-out share (about 30%, by a stable hash of its id and
/// text: ids in real files are not always unique).
pub fn is_held_out(record: &Record) -> bool {
    split_hash(&format!("{}\u{1F}{}", record.id, record.text)) % 100 >= DEVELOPMENT_PERCENT
}

/// FNV-1a's low bits barely change between ids that differ only in their last characters
/// ("fa-1-1", "fa-1-2"), so the hash is mixed (the SplitMix64 finaliser) before taking a share.
fn split_hash(text: &str) -> u64 {
    let mut z = stable_hash(text);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A 3×3 confusion matrix: `counts[truth][predicted]`, classes in [`Label`] index order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Confusion {
    /// Counts by true then predicted class.
    pub counts: [[u64; 3]; 3],
}

impl Confusion {
    /// Records one prediction.
    pub fn add(&mut self, truth: Label, predicted: Label) {
        self.counts[truth.index()][predicted.index()] += 1;
    }

    /// Number of records.
    pub fn total(&self) -> u64 {
        self.counts.iter().flatten().sum()
    }

    /// Share of correct predictions (0 when empty).
    pub fn accuracy(&self) -> f64 {
        let total = self.total();
        if total == 0 {
            return 0.0;
        }
        (0..3).map(|c| self.counts[c][c]).sum::<u64>() as f64 / total as f64
    }

    /// F1 of one class (0 when it has no true and no predicted record).
    pub fn f1(&self, label: Label) -> f64 {
        let c = label.index();
        let true_positive = self.counts[c][c] as f64;
        let predicted: f64 = (0..3).map(|t| self.counts[t][c]).sum::<u64>() as f64;
        let actual: f64 = self.counts[c].iter().sum::<u64>() as f64;
        if predicted + actual == 0.0 {
            return 0.0;
        }
        2.0 * true_positive / (predicted + actual)
    }

    /// Unweighted mean of the three classes' F1.
    pub fn macro_f1(&self) -> f64 {
        Label::ALL.iter().map(|l| self.f1(*l)).sum::<f64>() / 3.0
    }
}

/// One method's result on one language's held-out share.
#[derive(Debug, Clone, PartialEq)]
pub struct MethodResult {
    /// The method's name.
    pub method: String,
    /// Its confusion matrix.
    pub confusion: Confusion,
}

/// Results for one language.
#[derive(Debug, Clone, PartialEq)]
pub struct LanguageReport {
    /// The language.
    pub lang: Lang,
    /// Records in the development share (the model's training data).
    pub development: usize,
    /// Records in the held-out share (every figure is measured on these; 0 when
    /// cross-validating inside the development share).
    pub held_out: usize,
    /// The methods' results, in the order of [`evaluate`]'s documentation.
    pub methods: Vec<MethodResult>,
}

/// The full evaluation.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// One entry per language present in the file.
    pub languages: Vec<LanguageReport>,
}

/// Options of [`evaluate`].
#[derive(Debug, Clone, Copy)]
pub struct EvalOptions {
    /// How the model is trained.
    pub train: TrainOptions,
    /// Whether to train and report the model and the blend.
    pub with_model: bool,
    /// Fewest examples per class for the blend to use the model.
    pub min_per_class: u32,
    /// Measure on the development share instead of the held-out one (for tuning the lexicon
    /// and rules without looking at the held-out share; the model is then not reported).
    pub on_development: bool,
    /// When above 1: k-fold cross-validation within the development share (the held-out share
    /// is not read at all). Every method is measured on each fold with the model trained on the
    /// other folds, and the folds' confusion matrices are summed. For choosing the model's
    /// options and the blend's weight without looking at the held-out share.
    pub cv_folds: u32,
    /// Weight of the model in the blend (see [`blend_weighted`]).
    pub model_weight: f32,
}

impl Default for EvalOptions {
    fn default() -> Self {
        EvalOptions {
            train: TrainOptions::default(),
            with_model: true,
            min_per_class: MIN_PER_CLASS,
            on_development: false,
            cv_folds: 0,
            model_weight: MODEL_WEIGHT,
        }
    }
}

/// The cross-validation fold of a record (a hash independent of the held-out split's).
fn fold_of(record: &Record, folds: u32) -> u32 {
    (split_hash(&format!("cv\u{1F}{}\u{1F}{}", record.id, record.text)) % u64::from(folds)) as u32
}

/// Evaluates per language, on the held-out share: `majority` (always the development share's
/// most frequent class), `prior` (a class drawn by the development share's class frequencies,
/// by a stable hash of the id — what chance gives), `lexicon`, `model` (trained on the
/// development share) and `blend` (lexicon and model, see [`crate::model::blend`]). With
/// [`EvalOptions::cv_folds`] the same is measured by cross-validation inside the development
/// share instead.
pub fn evaluate(records: &[Record], analyzer: &SentimentAnalyzer, options: &EvalOptions) -> Report {
    let mut languages = Vec::new();
    let cv = options.cv_folds > 1;
    for lang in Lang::ALL {
        let of_lang: Vec<&Record> = if cv {
            records
                .iter()
                .filter(|r| r.lang == lang && !is_held_out(r))
                .collect()
        } else {
            records.iter().filter(|r| r.lang == lang).collect()
        };
        // (training records, test records) pairs: one, or one per fold.
        let splits: Vec<(Vec<usize>, Vec<usize>)> = if cv {
            (0..options.cv_folds)
                .map(|k| {
                    (0..of_lang.len()).partition(|&i| fold_of(of_lang[i], options.cv_folds) != k)
                })
                .collect()
        } else {
            vec![
                (0..of_lang.len())
                    .partition(|&i| is_held_out(of_lang[i]) == options.on_development),
            ]
        };
        let tested: usize = splits.iter().map(|(_, test)| test.len()).sum();
        if tested == 0 {
            continue;
        }

        let lexicon = analyzer.lexicon(lang);
        let config = options.train.features;
        let with_model = options.with_model && (cv || !options.on_development);
        // Every record's lexicon sentiment and features, extracted once.
        let extracted: Vec<(LexiconSentiment, Features)> = of_lang
            .iter()
            .map(|r| {
                let tokens = tokenize(&r.text);
                let lex = analyzer.analyze(&tokens, lang);
                let f: Features = features(&tokens, lexicon, Some(&lex), &config);
                (lex, f)
            })
            .collect();

        let mut by_majority = Confusion::default();
        let mut by_prior = Confusion::default();
        let mut by_lexicon = Confusion::default();
        let mut by_model = Confusion::default();
        let mut by_blend = Confusion::default();
        let mut trained = false;
        for (train, test) in &splits {
            let mut development_counts = [0u64; 3];
            for &i in train {
                development_counts[of_lang[i].label.index()] += 1;
            }
            let majority = Label::from_index(
                (0..3)
                    .max_by_key(|&c| (development_counts[c], std::cmp::Reverse(c)))
                    .unwrap_or(1),
            );
            let development_total: u64 = development_counts.iter().sum::<u64>().max(1);
            let model = (with_model && !train.is_empty()).then(|| {
                let data: Vec<(Features, usize)> = train
                    .iter()
                    .map(|&i| (extracted[i].1.clone(), of_lang[i].label.index()))
                    .collect();
                Model::train_features(&data, lang, &options.train)
            });
            trained |= model.is_some();
            for &i in test {
                let r = of_lang[i];
                by_majority.add(r.label, majority);
                let draw = split_hash(&format!("prior:{}", r.id)) % development_total;
                let prior = if draw < development_counts[0] {
                    Label::Negative
                } else if draw < development_counts[0] + development_counts[1] {
                    Label::Neutral
                } else {
                    Label::Positive
                };
                by_prior.add(r.label, prior);
                let (lex, f) = &extracted[i];
                by_lexicon.add(r.label, lex.sentiment.label);
                if let Some(model) = &model {
                    let p = model.predict_features(f);
                    by_model.add(r.label, Label::from_index(argmax(&p)));
                    let blended = blend_weighted(
                        &lex.sentiment,
                        Some((model, p)),
                        options.min_per_class,
                        options.model_weight,
                    );
                    by_blend.add(r.label, blended.sentiment.label);
                }
            }
        }
        let mut methods = vec![
            MethodResult {
                method: "majority".into(),
                confusion: by_majority,
            },
            MethodResult {
                method: "prior".into(),
                confusion: by_prior,
            },
            MethodResult {
                method: "lexicon".into(),
                confusion: by_lexicon,
            },
        ];
        if trained {
            methods.push(MethodResult {
                method: "model".into(),
                confusion: by_model,
            });
            methods.push(MethodResult {
                method: "blend".into(),
                confusion: by_blend,
            });
        }
        // Cross-validation reads no held-out record: every figure is over the development share.
        // On the development share alone, the records measured are the development ones.
        let (development, held_out) = if cv {
            (of_lang.len(), 0)
        } else if options.on_development {
            (tested, of_lang.len() - tested)
        } else {
            (of_lang.len() - tested, tested)
        };
        languages.push(LanguageReport {
            lang,
            development,
            held_out,
            methods,
        });
    }
    Report { languages }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<4} {:<9} {:>8} {:>9}   confusion (rows: true neg/neu/pos; columns: predicted)",
            "lang", "method", "macro-F1", "accuracy"
        )?;
        for language in &self.languages {
            for m in &language.methods {
                let c = &m.confusion.counts;
                writeln!(
                    f,
                    "{:<4} {:<9} {:>8.3} {:>8.1}%   {:?} {:?} {:?}",
                    language.lang.code(),
                    m.method,
                    m.confusion.macro_f1(),
                    100.0 * m.confusion.accuracy(),
                    c[0],
                    c[1],
                    c[2]
                )?;
            }
            writeln!(
                f,
                "{:<4} ({} development, {} held out)",
                "", language.development, language.held_out
            )?;
        }
        Ok(())
    }
}

/// Trains a model on every record of `lang` (for shipping or inspection, not for measuring).
pub fn train_on_all(
    records: &[Record],
    lang: Lang,
    analyzer: &SentimentAnalyzer,
    options: &TrainOptions,
) -> Model {
    let examples: Vec<Example<'_>> = records
        .iter()
        .filter(|r| r.lang == lang)
        .map(|r| Example {
            text: &r.text,
            label: r.label,
        })
        .collect();
    Model::train(&examples, lang, analyzer, options)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn macro_f1_matches_a_hand_computed_matrix() {
        // Rows are the truth, columns the prediction.
        // negative: tp 5, predicted 5+1+0=6, actual 5+2+1=8 → F1 = 10/14
        // neutral:  tp 3, predicted 2+3+2=7, actual 1+3+1=5 → F1 = 6/12
        // positive: tp 8, predicted 1+1+8=10, actual 0+2+8=10 → F1 = 16/20
        let confusion = Confusion {
            counts: [[5, 2, 1], [1, 3, 1], [0, 2, 8]],
        };
        let expected = (10.0 / 14.0 + 6.0 / 12.0 + 16.0 / 20.0) / 3.0;
        assert!((confusion.macro_f1() - expected).abs() < 1e-12);
        assert!((confusion.accuracy() - 16.0 / 23.0).abs() < 1e-12);
        assert_eq!(Confusion::default().macro_f1(), 0.0);
    }

    #[test]
    fn reads_tsv_and_quoted_csv() {
        let tsv = "id\tlanguage\tlabel\ttext\na1\tpl\tpositive\tSuper!\na2\tde\tneutral\tGut\n";
        let records = read_labelled(tsv).expect("tsv");
        assert_eq!(records.len(), 1, "German is skipped");
        assert_eq!(records[0].label, Label::Positive);
        let csv = "text,lang,label\n\"Drogo, ale \"\"warto\"\"\",pl,positive\r\nŹle,pl,negative\n";
        let records = read_labelled(csv).expect("csv");
        assert_eq!(records[0].text, "Drogo, ale \"warto\"");
        assert_eq!(records[1].label, Label::Negative);
        assert_eq!(records[1].id, "Źle");
        assert_eq!(
            read_labelled("text,label\nx,positive\n"),
            Err(EvalError::MissingColumn("language"))
        );
    }

    #[test]
    fn cross_validation_measures_every_development_record_once_and_no_held_out_one() {
        let texts = ["great service", "terrible delay", "we ordered on tuesday"];
        let records: Vec<Record> = (0..300)
            .map(|i| Record {
                id: format!("r{i}"),
                lang: Lang::En,
                label: Label::from_index(i % 3),
                text: texts[i % 3].to_owned(),
            })
            .collect();
        let options = EvalOptions {
            cv_folds: 5,
            ..EvalOptions::default()
        };
        let report = evaluate(&records, &SentimentAnalyzer::new(), &options);
        let language = &report.languages[0];
        let development = records.iter().filter(|r| !is_held_out(r)).count();
        assert_eq!((language.development, language.held_out), (development, 0));
        let names: Vec<&str> = language.methods.iter().map(|m| m.method.as_str()).collect();
        assert_eq!(names, ["majority", "prior", "lexicon", "model", "blend"]);
        for method in &language.methods {
            assert_eq!(
                method.confusion.total(),
                development as u64,
                "{}",
                method.method
            );
        }
        // Separable and repeated: every fold's model gets its held-back records right.
        assert_eq!(language.methods[3].confusion.accuracy(), 1.0);
    }

    #[test]
    fn the_split_is_stable_and_near_seventy_thirty() {
        let records: Vec<Record> = (0..1000)
            .map(|i| Record {
                id: format!("r{i}"),
                lang: Lang::En,
                label: Label::Neutral,
                text: String::new(),
            })
            .collect();
        let held = records.iter().filter(|r| is_held_out(r)).count();
        assert!((250..350).contains(&held), "{held}");
        assert!(is_held_out(&records[0]) == is_held_out(&records[0].clone()));
    }
}
