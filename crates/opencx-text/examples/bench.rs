//! Throughput and memory of answer analysis (language + sentiment + themes) on one core:
//! `cargo run --release -p opencx-text --example bench [-- SECONDS]`.
//!
//! Answers of 10–60 words are assembled from sentence fragments in the four languages with a
//! fixed seed, so every run analyses the same texts.

use std::time::Instant;

use opencx_text::model::{Example, Model, TrainOptions};
use opencx_text::themes::Taxonomy;
use opencx_text::{Analyzer, Label, Lang};

const FRAGMENTS: [(Lang, &[&str]); 4] = [
    (
        Lang::En,
        &[
            "The staff at the front desk were friendly and very helpful",
            "I waited almost forty minutes in the queue before anyone answered",
            "Delivery was quick but the package arrived damaged",
            "Prices are a bit too high for what you get",
            "The app keeps crashing when I try to pay with my card",
            "Not bad overall, although the bathroom was not clean",
            "I would definitely recommend you to my friends",
            "Customer service never replied to my emails about the refund",
        ],
    ),
    (
        Lang::Pl,
        &[
            "Obsługa była bardzo miła i pomocna",
            "Na dostawę czekałem prawie dwa tygodnie, nie polecam",
            "Ceny są trochę za wysokie jak na taką jakość",
            "Aplikacja działa szybko, ale płatność kartą nie przeszła",
            "Zwrot pieniędzy trwał za długo i nikt nie odpisywał na maile",
            "W sklepie było czysto, personel uśmiechnięty",
            "Produkt świetnej jakości, na pewno wrócę",
            "Kurier spóźnił się dwa dni, a paczka była uszkodzona",
        ],
    ),
    (
        Lang::He,
        &[
            "השירות היה מצוין והצוות אדיב מאוד",
            "חיכיתי יותר משעה לנציג ואף אחד לא ענה",
            "המשלוח הגיע מהר אבל החבילה הייתה פגומה",
            "המחירים יקרים מדי לאיכות שמקבלים",
            "האפליקציה לא עובדת כשמנסים לשלם בכרטיס אשראי",
            "המקום היה נקי ונעים, ממליץ בחום",
            "לא קיבלתי החזר כספי עד היום",
            "איכות המוצר טובה ואני מרוצה מאוד",
        ],
    ),
    (
        Lang::Fa,
        &[
            "کیفیت محصول عالی بود و خیلی راضی هستم",
            "ارسال خیلی دیر انجام شد و بسته آسیب دیده بود",
            "قیمتش نسبت به کیفیت گران است",
            "برخورد کارکنان خوب نبود و جواب تماس‌ها را نمی‌دادند",
            "سایت سریع است ولی پرداخت با کارت انجام نشد",
            "بعد از مرجوعی هنوز پولم برنگشته",
            "فروشگاه تمیز بود و پرسنل مودب بودند",
            "پیشنهاد می‌کنم، واقعا ارزش خرید دارد",
        ],
    ),
];

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

fn main() {
    let seconds: f64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(5.0);
    let rss_start = rss_kib();
    let loading = Instant::now();
    let analyzer = Analyzer::new(&Lang::ALL, &Taxonomy::starter());
    let load_ms = loading.elapsed().as_secs_f64() * 1000.0;
    let rss_loaded = rss_kib();

    // Deterministic answers of 10–60 words: 1–5 fragments of one language.
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut answers: Vec<(Lang, String)> = Vec::new();
    while answers.len() < 4000 {
        let (lang, fragments) = FRAGMENTS[(next() % 4) as usize];
        let mut text = String::new();
        for _ in 0..(1 + next() % 6) {
            text.push_str(fragments[(next() % fragments.len() as u64) as usize]);
            text.push_str(". ");
        }
        let words = text.split_whitespace().count();
        if (10..=60).contains(&words) {
            answers.push((lang, text));
        }
    }
    let mean_words = answers
        .iter()
        .map(|(_, t)| t.split_whitespace().count())
        .sum::<usize>() as f64
        / answers.len() as f64;

    // A model per language trained on the fragments, to measure the blend's cost too.
    let models: Vec<Model> = FRAGMENTS
        .iter()
        .map(|(lang, fragments)| {
            let examples: Vec<Example<'_>> = (0..90)
                .map(|i| Example {
                    text: fragments[i % fragments.len()],
                    label: Label::from_index(i % 3),
                })
                .collect();
            Model::train(
                &examples,
                *lang,
                analyzer.sentiment_analyzer(),
                &TrainOptions::default(),
            )
        })
        .collect();
    let rss_models = rss_kib();

    for with_models in [false, true] {
        let started = Instant::now();
        let mut analysed = 0u64;
        let mut themes = 0usize;
        while started.elapsed().as_secs_f64() < seconds {
            for (fallback, text) in &answers {
                let analysis = analyzer.analyze(text, *fallback, |lang| {
                    with_models
                        .then(|| models.iter().find(|m| m.lang == lang))
                        .flatten()
                });
                themes += analysis.themes.len();
                analysed += 1;
            }
        }
        let elapsed = started.elapsed().as_secs_f64();
        println!(
            "{}: {:.0} answers/s on one core ({analysed} answers of {mean_words:.0} words on average in {elapsed:.1} s, {:.1} themes each)",
            if with_models {
                "lexicon + model"
            } else {
                "lexicon only"
            },
            analysed as f64 / elapsed,
            themes as f64 / analysed as f64
        );
    }
    println!(
        "resident memory: {:.1} MB before loading, {:.1} MB with the four languages' lexicons, \
         language detection and the starter taxonomy (loaded in {load_ms:.0} ms), {:.1} MB with \
         four trained models",
        rss_start as f64 / 1024.0,
        rss_loaded as f64 / 1024.0,
        rss_models as f64 / 1024.0
    );
}
