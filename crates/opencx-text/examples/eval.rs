//! Evaluates sentiment on a labelled CSV/TSV file (columns text, language, label; id optional):
//! `cargo run --release -p opencx-text --example eval -- [--development] FILE [FILE...]`
//! (`--development` measures the lexicon on the development share, for tuning).

use opencx_text::eval::{EvalOptions, evaluate, read_labelled};
use opencx_text::sentiment::SentimentAnalyzer;

fn main() {
    let analyzer = SentimentAnalyzer::new();
    let mut records = Vec::new();
    let mut options = EvalOptions::default();
    for path in std::env::args().skip(1) {
        if path == "--development" {
            options.on_development = true;
            continue;
        }
        let content = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        records.extend(read_labelled(&content).unwrap_or_else(|e| panic!("{path}: {e}")));
    }
    let started = std::time::Instant::now();
    let report = evaluate(&records, &analyzer, &options);
    print!("{report}");
    eprintln!("evaluated in {:.1} s", started.elapsed().as_secs_f64());
}
