//! Evaluates sentiment on a labelled CSV/TSV file (columns text, language, label; id optional):
//! `cargo run --release -p opencx-text --example eval -- [OPTIONS] FILE [FILE...]`
//!
//! - `--development` measures the lexicon on the development share, for tuning;
//! - `--cv K` cross-validates lexicon, model and blend in K folds of the development share
//!   (the held-out share is not read), for choosing the options below;
//! - `--epochs N`, `--lr X`, `--l2 X`, `--balance X`, `--bits N`, `--char-min N`,
//!   `--char-max N`, `--no-bigrams`, `--no-lexicon-features`: the model's training options;
//! - `--weight X`: the model's weight in the blend;
//! - `--errors`: lists the lexicon's mistakes on the development share (true, predicted,
//!   score, the words that moved it, text), for error analysis; `--list` lists every development record the same way.

use opencx_text::eval::{EvalOptions, evaluate, is_held_out, read_labelled};
use opencx_text::sentiment::SentimentAnalyzer;
use opencx_text::tokenize::tokenize;

fn main() {
    let analyzer = SentimentAnalyzer::new();
    let mut records = Vec::new();
    let mut options = EvalOptions::default();
    let mut errors = false;
    let mut list = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| -> String {
            args.next()
                .unwrap_or_else(|| panic!("{name} needs a value"))
        };
        let t = &mut options.train;
        match arg.as_str() {
            "--development" => options.on_development = true,
            "--errors" => errors = true,
            "--list" => {
                errors = true;
                list = true;
            }
            "--cv" => options.cv_folds = value(&arg).parse().expect("--cv K"),
            "--epochs" => t.epochs = value(&arg).parse().expect("--epochs N"),
            "--lr" => t.learning_rate = value(&arg).parse().expect("--lr X"),
            "--l2" => t.l2 = value(&arg).parse().expect("--l2 X"),
            "--balance" => t.class_balance = value(&arg).parse().expect("--balance X"),
            "--bits" => t.features.hash_bits = value(&arg).parse().expect("--bits N"),
            "--char-min" => t.features.char_min = value(&arg).parse().expect("--char-min N"),
            "--char-max" => t.features.char_max = value(&arg).parse().expect("--char-max N"),
            "--no-bigrams" => t.features.bigrams = false,
            "--no-lexicon-features" => t.features.lexicon = false,
            "--weight" => options.model_weight = value(&arg).parse().expect("--weight X"),
            path => {
                let content =
                    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
                records.extend(read_labelled(&content).unwrap_or_else(|e| panic!("{path}: {e}")));
            }
        }
    }
    if errors {
        // Only the development share: the held-out share is for judging, not for looking at.
        for r in records.iter().filter(|r| !is_held_out(r)) {
            let analysis = analyzer.analyze(&tokenize(&r.text), r.lang);
            let s = analysis.sentiment;
            if list || s.label != r.label {
                let triggers: Vec<String> = analysis
                    .triggers
                    .iter()
                    .map(|t| format!("{}{:+.1}", &r.text[t.start..t.end], t.valence))
                    .collect();
                println!(
                    "{}\t{}\t{}\t{:+.2}\t{}\t{}",
                    r.lang.code(),
                    r.label,
                    s.label,
                    s.score,
                    triggers.join(" ").replace(['\t', '\n'], " "),
                    r.text.replace(['\t', '\n'], " ")
                );
            }
        }
        return;
    }
    let started = std::time::Instant::now();
    let report = evaluate(&records, &analyzer, &options);
    print!("{report}");
    eprintln!("evaluated in {:.1} s", started.elapsed().as_secs_f64());
}
