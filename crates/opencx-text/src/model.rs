//! A per-workspace, per-language sentiment classifier learnt from scores answered beside open
//! answers, and its blend with the lexicon.
//!
//! The model is a multinomial (three-class) logistic regression over hashed features: word
//! unigrams and bigrams (with a negation mark on words after a negator), character n-grams of
//! 3–5 characters within words (which catch inflected and misspelt forms no lexicon lists), emoji,
//! and the lexicon's own positive and negative sums (so the model learns how far to trust the
//! lexicon in this workspace's vocabulary). Training is AdaGrad with L2 regularisation, in a fixed
//! order shuffled by a fixed seed: the same data always gives the same model, byte for byte.
//!
//! [`Model::to_bytes`] gives a compact binary (only non-zero weights) for the database.

use serde::{Deserialize, Serialize};

use crate::fxhash::{FNV_OFFSET, fnv1a};
use crate::lang::Lang;
use crate::lexicon::{Lexicon, Modifier};
use crate::sentiment::{Label, LexiconSentiment, Sentiment, SentimentAnalyzer};
use crate::tokenize::{TokenKind, Tokens, tokenize};

/// What features are extracted, and how many hash buckets they share.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FeatureConfig {
    /// log2 of the number of hash buckets.
    pub hash_bits: u8,
    /// Shortest character n-gram.
    pub char_min: u8,
    /// Longest character n-gram (0 turns them off).
    pub char_max: u8,
    /// Whether word bigrams are used.
    pub bigrams: bool,
    /// Whether the lexicon's sums are features.
    pub lexicon: bool,
}

impl Default for FeatureConfig {
    fn default() -> Self {
        FeatureConfig {
            hash_bits: 18,
            char_min: 3,
            char_max: 5,
            bigrams: true,
            lexicon: true,
        }
    }
}

/// How a model is trained.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TrainOptions {
    /// Features.
    pub features: FeatureConfig,
    /// Passes over the data.
    pub epochs: u32,
    /// AdaGrad's base learning rate.
    pub learning_rate: f32,
    /// L2 regularisation strength per example.
    pub l2: f32,
    /// Weight classes by the inverse of their frequency (to this power: 0 none, 1 full), which
    /// helps the rare class and so the macro-F1.
    pub class_balance: f32,
    /// Seed of the shuffle.
    pub seed: u64,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            features: FeatureConfig::default(),
            epochs: 12,
            learning_rate: 0.1,
            l2: 1e-6,
            class_balance: 1.0,
            seed: 0x0C0F_FEE5,
        }
    }
}

/// A trained classifier.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// The language it was trained on.
    pub lang: Lang,
    /// Its features.
    pub features: FeatureConfig,
    /// Number of training examples per class (negative, neutral, positive).
    pub class_counts: [u32; 3],
    /// Weights, class-major within each bucket: `weights[bucket * 3 + class]`.
    weights: Vec<f32>,
    bias: [f32; 3],
}

/// A hashed feature vector (bucket, value), L2-normalised.
pub type Features = Vec<(u32, f32)>;

/// Extracts the features of a tokenised answer.
pub fn features(
    tokens: &Tokens,
    lexicon: &Lexicon,
    lexicon_sentiment: Option<&LexiconSentiment>,
    config: &FeatureConfig,
) -> Features {
    let mask = (1u64 << config.hash_bits) - 1;
    let mut out: Features = Vec::with_capacity(tokens.tokens.len() * 12 + 4);
    let mut push = |kind: u8, parts: &[&str], value: f32| {
        let mut h = fnv1a(FNV_OFFSET, &[kind]);
        for (n, part) in parts.iter().enumerate() {
            if n > 0 {
                h = fnv1a(h, b" ");
            }
            h = fnv1a(h, part.as_bytes());
        }
        out.push(((h & mask) as u32, value));
    };

    // The sentence of the previous word when it was a word (its key in `previous_key`).
    let mut previous: Option<usize> = None;
    let mut previous_key = String::new();
    let mut negation_left = 0usize;
    let mut negation_clause = usize::MAX;
    let mut char_buffer = String::new();
    let mut boundaries: Vec<usize> = Vec::new();
    for token in &tokens.tokens {
        let text = tokens.text(token);
        match token.kind {
            TokenKind::Emoji | TokenKind::Emoticon => {
                let first = text.chars().next().map_or(0, char::len_utf8);
                push(b'e', &[&text[..first]], 1.0);
                previous = None;
                continue;
            }
            TokenKind::Number => {
                previous = None;
                continue;
            }
            TokenKind::Word => {}
        }
        let key = lexicon.key_of(text);
        if token.clause != negation_clause {
            negation_left = 0;
        }
        push(b'w', &[&key], 1.0);
        if negation_left > 0 {
            push(b'n', &[&key], 1.0);
            negation_left -= 1;
        }
        if matches!(lexicon.modifier(&key), Some(Modifier::Negator)) {
            negation_left = 3;
            negation_clause = token.clause;
        }
        if config.bigrams && previous == Some(token.sentence) {
            push(b'b', &[&previous_key, &key], 1.0);
        }
        if config.char_max >= config.char_min && config.char_max > 0 {
            char_buffer.clear();
            char_buffer.push('<');
            char_buffer.push_str(&key);
            char_buffer.push('>');
            boundaries.clear();
            boundaries.extend(
                char_buffer
                    .char_indices()
                    .map(|(i, _)| i)
                    .chain(std::iter::once(char_buffer.len())),
            );
            let chars = boundaries.len() - 1;
            for n in config.char_min as usize..=config.char_max as usize {
                if n > chars {
                    break;
                }
                for start in 0..=chars - n {
                    let gram = &char_buffer[boundaries[start]..boundaries[start + n]];
                    push(b'c', &[gram], 0.5);
                }
            }
        }
        previous = Some(token.sentence);
        previous_key.clear();
        previous_key.push_str(&key);
    }
    if config.lexicon
        && let Some(lex) = lexicon_sentiment
    {
        // Sums are squashed so one long rant does not dominate the dot product.
        push(b'L', &["positive"], 2.0 * (lex.positive / 4.0).tanh());
        push(b'L', &["negative"], 2.0 * (-lex.negative / 4.0).tanh());
        let bucket = ((lex.sentiment.score + 1.0) * 5.0).floor().clamp(0.0, 9.0) as u8;
        const BUCKETS: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
        push(b'L', &["bucket", BUCKETS[usize::from(bucket)]], 1.0);
        push(b'L', &["label", lex.sentiment.label.as_str()], 1.0);
    }
    push(b'B', &["bias"], 1.0);
    let norm = out.iter().map(|(_, v)| v * v).sum::<f32>().sqrt();
    if norm > 0.0 {
        for (_, v) in &mut out {
            *v /= norm;
        }
    }
    out
}

/// One labelled example for training.
#[derive(Debug, Clone, Copy)]
pub struct Example<'a> {
    /// The answer's text.
    pub text: &'a str,
    /// Its label (from a score, or a user's correction).
    pub label: Label,
}

impl Model {
    /// Trains a model on `examples` in `lang`. Deterministic for the same examples and options.
    pub fn train(
        examples: &[Example<'_>],
        lang: Lang,
        analyzer: &SentimentAnalyzer,
        options: &TrainOptions,
    ) -> Model {
        let lexicon = analyzer.lexicon(lang);
        let data: Vec<(Features, usize)> = examples
            .iter()
            .map(|e| {
                let tokens = tokenize(e.text);
                let lex = options
                    .features
                    .lexicon
                    .then(|| analyzer.analyze(&tokens, lang));
                (
                    features(&tokens, lexicon, lex.as_ref(), &options.features),
                    e.label.index(),
                )
            })
            .collect();
        Self::train_features(&data, lang, options)
    }

    /// Trains on already extracted features (used by evaluation to extract once).
    pub fn train_features(data: &[(Features, usize)], lang: Lang, options: &TrainOptions) -> Model {
        let buckets = 1usize << options.features.hash_bits;
        let mut weights = vec![0.0f32; buckets * 3];
        let mut squared = vec![0.0f32; buckets * 3];
        let mut bias = [0.0f32; 3];
        let mut bias_squared = [0.0f32; 3];
        let mut class_counts = [0u32; 3];
        for (_, class) in data {
            class_counts[*class] += 1;
        }
        let total: f32 = class_counts.iter().sum::<u32>() as f32;
        let class_weight: [f32; 3] = std::array::from_fn(|c| {
            if class_counts[c] == 0 {
                0.0
            } else {
                (total / (3.0 * class_counts[c] as f32)).powf(options.class_balance)
            }
        });

        let mut order: Vec<usize> = (0..data.len()).collect();
        let mut rng = SplitMix64(options.seed);
        let lr = options.learning_rate;
        for _ in 0..options.epochs {
            // Fisher–Yates with a fixed-seed generator: a stable order for a stable model.
            for i in (1..order.len()).rev() {
                let j = (rng.next() % (i as u64 + 1)) as usize;
                order.swap(i, j);
            }
            for &index in &order {
                let (x, y) = &data[index];
                let probabilities = probabilities(&weights, &bias, x);
                let weight = class_weight[*y];
                for class in 0..3 {
                    let target = if class == *y { 1.0 } else { 0.0 };
                    let error = (probabilities[class] - target) * weight;
                    for &(bucket, value) in x {
                        let at = bucket as usize * 3 + class;
                        let gradient = error * value + options.l2 * weights[at];
                        squared[at] += gradient * gradient;
                        weights[at] -= lr * gradient / (squared[at].sqrt() + 1e-8);
                    }
                    bias_squared[class] += error * error;
                    bias[class] -= lr * error / (bias_squared[class].sqrt() + 1e-8);
                }
            }
        }
        Model {
            lang,
            features: options.features,
            class_counts,
            weights,
            bias,
        }
    }

    /// Class probabilities (negative, neutral, positive) of extracted features.
    pub fn predict_features(&self, features: &Features) -> [f32; 3] {
        probabilities(&self.weights, &self.bias, features)
    }

    /// Class probabilities of a tokenised answer, given its lexicon sentiment.
    pub fn predict(&self, tokens: &Tokens, lexicon: &Lexicon, lex: &LexiconSentiment) -> [f32; 3] {
        self.predict_features(&features(tokens, lexicon, Some(lex), &self.features))
    }

    /// Whether every class has at least `min_per_class` training examples.
    pub fn has_enough_data(&self, min_per_class: u32) -> bool {
        self.class_counts.iter().all(|&c| c >= min_per_class)
    }

    /// A compact binary form: a header, then the non-zero weights of each bucket.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.push(FORMAT_VERSION);
        out.push(Lang::ALL.iter().position(|l| *l == self.lang).unwrap_or(0) as u8);
        let f = &self.features;
        out.extend_from_slice(&[
            f.hash_bits,
            f.char_min,
            f.char_max,
            u8::from(f.bigrams),
            u8::from(f.lexicon),
        ]);
        for count in self.class_counts {
            out.extend_from_slice(&count.to_le_bytes());
        }
        for b in self.bias {
            out.extend_from_slice(&b.to_le_bytes());
        }
        let non_zero: Vec<usize> = (0..self.weights.len() / 3)
            .filter(|&bucket| {
                self.weights[bucket * 3..bucket * 3 + 3]
                    .iter()
                    .any(|w| *w != 0.0)
            })
            .collect();
        out.extend_from_slice(&(non_zero.len() as u32).to_le_bytes());
        for bucket in non_zero {
            out.extend_from_slice(&(bucket as u32).to_le_bytes());
            for w in &self.weights[bucket * 3..bucket * 3 + 3] {
                out.extend_from_slice(&w.to_le_bytes());
            }
        }
        out
    }

    /// Reads what [`Model::to_bytes`] wrote.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        let mut reader = Reader { bytes, at: 0 };
        if reader.take(4)? != MAGIC {
            return Err(ModelError::NotAModel);
        }
        let version = reader.take(1)?[0];
        if version != FORMAT_VERSION {
            return Err(ModelError::Version(version));
        }
        let lang = *Lang::ALL
            .get(reader.take(1)?[0] as usize)
            .ok_or(ModelError::Corrupt)?;
        let f = reader.take(5)?;
        let features = FeatureConfig {
            hash_bits: f[0],
            char_min: f[1],
            char_max: f[2],
            bigrams: f[3] != 0,
            lexicon: f[4] != 0,
        };
        if !(8..=24).contains(&features.hash_bits) {
            return Err(ModelError::Corrupt);
        }
        let class_counts = [reader.u32()?, reader.u32()?, reader.u32()?];
        let bias = [reader.f32()?, reader.f32()?, reader.f32()?];
        let buckets = 1usize << features.hash_bits;
        let mut weights = vec![0.0f32; buckets * 3];
        let count = reader.u32()? as usize;
        for _ in 0..count {
            let bucket = reader.u32()? as usize;
            if bucket >= buckets {
                return Err(ModelError::Corrupt);
            }
            for class in 0..3 {
                weights[bucket * 3 + class] = reader.f32()?;
            }
        }
        if reader.at != bytes.len() {
            return Err(ModelError::Corrupt);
        }
        Ok(Model {
            lang,
            features,
            class_counts,
            weights,
            bias,
        })
    }
}

const MAGIC: &[u8; 4] = b"OCXS";
const FORMAT_VERSION: u8 = 1;

/// Why stored model bytes could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ModelError {
    /// The bytes do not start like a model.
    #[error("not a sentiment model")]
    NotAModel,
    /// Written by another version of this crate; retrain.
    #[error("unsupported model format version {0}")]
    Version(u8),
    /// Truncated or damaged.
    #[error("damaged sentiment model")]
    Corrupt,
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let slice = self
            .bytes
            .get(self.at..self.at + n)
            .ok_or(ModelError::Corrupt)?;
        self.at += n;
        Ok(slice)
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_bits(self.u32()?))
    }
}

fn probabilities(weights: &[f32], bias: &[f32; 3], x: &Features) -> [f32; 3] {
    let mut logits = *bias;
    for &(bucket, value) in x {
        let at = bucket as usize * 3;
        logits[0] += weights[at] * value;
        logits[1] += weights[at + 1] * value;
        logits[2] += weights[at + 2] * value;
    }
    let max = logits[0].max(logits[1]).max(logits[2]);
    let exp = logits.map(|l| (l - max).exp());
    let sum: f32 = exp.iter().sum();
    exp.map(|e| e / sum)
}

/// A small, fixed pseudo-random generator (SplitMix64) for the training shuffle.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// Which source decided a blended label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Decider {
    /// Only the lexicon (no model, or one with too little data), or the lexicon outweighed it.
    Lexicon,
    /// The model outweighed a lexicon that said otherwise.
    Model,
    /// Lexicon and model agreed.
    Both,
}

impl Decider {
    /// The stored and serialised name: `lexicon`, `model` or `both`.
    pub fn as_str(self) -> &'static str {
        match self {
            Decider::Lexicon => "lexicon",
            Decider::Model => "model",
            Decider::Both => "both",
        }
    }
}

/// The result of [`blend`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Blended {
    /// Score (positive minus negative probability, or the lexicon score) and label.
    pub sentiment: Sentiment,
    /// The model's probabilities (negative, neutral, positive), when it was used.
    pub model_probabilities: Option<[f32; 3]>,
    /// Who decided.
    pub decided_by: Decider,
}

/// Fewest training examples per class before a model is trusted.
pub const MIN_PER_CLASS: u32 = 30;

/// Weight of the model against the lexicon once it has enough data.
pub const MODEL_WEIGHT: f32 = 0.75;

/// Combines the lexicon's sentiment with a model's probabilities. The model is used only if it
/// has at least `min_per_class` examples of every class; then the label is the most probable
/// class of `MODEL_WEIGHT × model + (1 − MODEL_WEIGHT) × lexicon`, where the lexicon's
/// distribution puts `0.5 + |score|/2` on its own label and shares the rest.
pub fn blend(
    lexicon: &Sentiment,
    model: Option<(&Model, [f32; 3])>,
    min_per_class: u32,
) -> Blended {
    blend_weighted(lexicon, model, min_per_class, MODEL_WEIGHT)
}

/// [`blend`] with another weight of the model (for choosing [`MODEL_WEIGHT`] by
/// cross-validation).
pub fn blend_weighted(
    lexicon: &Sentiment,
    model: Option<(&Model, [f32; 3])>,
    min_per_class: u32,
    model_weight: f32,
) -> Blended {
    let Some((_, probabilities)) = model.filter(|(m, _)| m.has_enough_data(min_per_class)) else {
        return Blended {
            sentiment: *lexicon,
            model_probabilities: None,
            decided_by: Decider::Lexicon,
        };
    };
    let own = 0.5 + lexicon.score.abs() / 2.0;
    let mut lexicon_distribution = [(1.0 - own) / 2.0; 3];
    lexicon_distribution[lexicon.label.index()] = own;
    let mixed: [f32; 3] = std::array::from_fn(|c| {
        model_weight * probabilities[c] + (1.0 - model_weight) * lexicon_distribution[c]
    });
    let label = Label::from_index(argmax(&mixed));
    let model_label = Label::from_index(argmax(&probabilities));
    let decided_by = match (label == lexicon.label, label == model_label) {
        (true, true) => Decider::Both,
        (false, _) => Decider::Model,
        (true, false) => Decider::Lexicon,
    };
    Blended {
        sentiment: Sentiment {
            score: (mixed[2] - mixed[0]).clamp(-1.0, 1.0),
            label,
        },
        model_probabilities: Some(probabilities),
        decided_by,
    }
}

/// Index of the largest value (the first on ties).
pub fn argmax(values: &[f32; 3]) -> usize {
    let mut best = 0;
    for i in 1..3 {
        if values[i] > values[best] {
            best = i;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_are_the_ones_stored_models_were_trained_on() {
        // Stored models index their weights by these buckets: a change to the features (their
        // order too, which the sums depend on) makes every stored model read wrong. The values
        // of the lexicon's features follow the word lists, so a new valence of a word below
        // changes the hash too without touching the features (as "support" 0.4 → 0 did): check
        // which one changed before updating it.
        let analyzer = SentimentAnalyzer::new();
        let texts = [
            (
                Lang::En,
                "Not GOOD at all :( the app crashed 3 times. Support was sooo helpful 👍",
            ),
            (
                Lang::Pl,
                "Obsługa była niemiła, ale dostawa szybka. Polecam!",
            ),
            (Lang::He, "השירות לא היה טוב. וכל הכבוד לצוות 😊 מקסיםםם"),
            (Lang::Fa, "کیفیت خوب نبود، ولی قیمت‌ها مناسب است"),
        ];
        let mut hash = FNV_OFFSET;
        for (lang, text) in texts {
            let tokens = tokenize(text);
            let lexicon = analyzer.analyze(&tokens, lang);
            let config = FeatureConfig::default();
            for (bucket, value) in
                features(&tokens, analyzer.lexicon(lang), Some(&lexicon), &config)
            {
                hash = fnv1a(hash, &bucket.to_le_bytes());
                hash = fnv1a(hash, &value.to_bits().to_le_bytes());
            }
        }
        assert_eq!(hash, 0x9024_1bbe_03cf_62a6);
    }

    #[test]
    fn decider_names_are_the_serialised_ones() {
        for d in [Decider::Lexicon, Decider::Model, Decider::Both] {
            assert_eq!(serde_json::to_value(d).unwrap(), d.as_str());
        }
    }

    fn toy() -> Vec<Example<'static>> {
        let mut examples = Vec::new();
        for _ in 0..20 {
            examples.push(Example {
                text: "zorb flimp zorb",
                label: Label::Positive,
            });
            examples.push(Example {
                text: "krat vunn krat",
                label: Label::Negative,
            });
            examples.push(Example {
                text: "dupo meel dupo",
                label: Label::Neutral,
            });
        }
        examples
    }

    #[test]
    fn learns_a_toy_separable_set_of_unknown_words() {
        let analyzer = SentimentAnalyzer::new();
        let model = Model::train(&toy(), Lang::En, &analyzer, &TrainOptions::default());
        let lexicon = analyzer.lexicon(Lang::En);
        for (text, label) in [
            ("flimp zorb", Label::Positive),
            ("vunn", Label::Negative),
            ("meel dupo", Label::Neutral),
        ] {
            let tokens = tokenize(text);
            let lex = analyzer.analyze(&tokens, Lang::En);
            let p = model.predict(&tokens, lexicon, &lex);
            assert_eq!(Label::from_index(argmax(&p)), label, "{text}: {p:?}");
        }
    }

    #[test]
    fn training_is_deterministic_and_bytes_round_trip() {
        let analyzer = SentimentAnalyzer::new();
        let options = TrainOptions {
            features: FeatureConfig {
                hash_bits: 12,
                ..FeatureConfig::default()
            },
            ..TrainOptions::default()
        };
        let a = Model::train(&toy(), Lang::Pl, &analyzer, &options);
        let b = Model::train(&toy(), Lang::Pl, &analyzer, &options);
        assert_eq!(a.to_bytes(), b.to_bytes());
        let restored = Model::from_bytes(&a.to_bytes()).expect("round trip");
        assert_eq!(restored, a);
        assert_eq!(Model::from_bytes(b"nope"), Err(ModelError::NotAModel));
        let bytes = a.to_bytes();
        assert_eq!(
            Model::from_bytes(&bytes[..bytes.len() - 1]),
            Err(ModelError::Corrupt)
        );
    }

    #[test]
    fn blend_reports_who_decided() {
        let analyzer = SentimentAnalyzer::new();
        let model = Model::train(&toy(), Lang::En, &analyzer, &TrainOptions::default());
        let positive = Sentiment {
            score: 0.2,
            label: Label::Positive,
        };
        let negative_model = [0.9, 0.05, 0.05];
        let b = blend(&positive, Some((&model, negative_model)), 10);
        assert_eq!(
            (b.sentiment.label, b.decided_by),
            (Label::Negative, Decider::Model)
        );
        let b = blend(&positive, Some((&model, [0.1, 0.1, 0.8])), 10);
        assert_eq!(b.decided_by, Decider::Both);
        // Too little data: the lexicon alone.
        let b = blend(&positive, Some((&model, negative_model)), 1000);
        assert_eq!(
            (b.sentiment.label, b.decided_by),
            (Label::Positive, Decider::Lexicon)
        );
        // A strong lexicon score against a hesitant model.
        let strong = Sentiment {
            score: 0.95,
            label: Label::Positive,
        };
        let b = blend(&strong, Some((&model, [0.4, 0.35, 0.25])), 10);
        assert_eq!(
            (b.sentiment.label, b.decided_by),
            (Label::Positive, Decider::Lexicon)
        );
    }
}
