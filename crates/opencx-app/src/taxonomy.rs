//! A workspace's themes: the CX starter set until someone edits them, then the workspace's own
//! taxonomy; every change re-analyses the workspace's open answers in the background, with its
//! progress kept for the pages to show. Candidate themes discovered in the answers can be
//! accepted into the taxonomy.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use opencx_store::Reanalysis;
use opencx_text::Lang;
use opencx_text::cluster::{ClusterOptions, cluster};
use opencx_text::sentiment::SentimentAnalyzer;
use opencx_text::themes::{Candidate, DiscoverOptions, Taxonomy, Theme, ThemeMatcher, discover};
use opencx_text::tokenize::tokenize;

use crate::error::FieldProblem;
use crate::{App, AppError, AppResult};

/// How long a language's discovery is reused (it takes up to a few hundred milliseconds).
const DISCOVERY_FRESH_MS: i64 = 10 * 60_000;
/// How long a discovery made while a re-analysis runs is reused: the answers still carry the
/// themes of before, so it is provisional, but the page that shows the progress is reloaded
/// often and must not redo the work each time.
const DISCOVERY_PROVISIONAL_MS: i64 = 30_000;

/// Discoveries already made: by workspace and language, with the taxonomy version they were
/// made against, when, and whether answers were being re-analysed then.
#[derive(Clone, Default)]
pub struct DiscoveryCache(Arc<Mutex<HashMap<(i64, Lang), Made>>>);

/// A discovery with the taxonomy version it was made against, when, and whether it is
/// provisional (made during a re-analysis).
type Made = (i64, i64, bool, Discovery);

/// Most answers read to discover candidate themes, from this many days back at most.
const DISCOVERY_ANSWERS: i64 = 5_000;
const DISCOVERY_DAYS: i64 = 90;

/// A candidate theme with the answers behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct DiscoveredTheme {
    pub lang: Lang,
    pub candidate: Candidate,
    /// Up to five answers containing the phrase.
    pub examples: Vec<String>,
}

/// A group of similar answers that no theme covers.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerGroup {
    pub lang: Lang,
    /// Its heaviest terms, as written (the keywords a theme made from it would have).
    pub terms: Vec<String>,
    /// How many answers it holds.
    pub size: usize,
    /// Up to three of them.
    pub examples: Vec<String>,
}

/// What discovery found in a language's recent answers that the taxonomy misses.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Discovery {
    /// Frequent keyphrases.
    pub phrases: Vec<DiscoveredTheme>,
    /// Groups of similar answers.
    pub groups: Vec<AnswerGroup>,
}

impl App {
    /// A workspace's taxonomy and its version (0: the starter set, never edited).
    pub async fn workspace_taxonomy(&self, workspace_id: i64) -> AppResult<(i64, Taxonomy)> {
        match self.store.taxonomy(workspace_id).await? {
            Some(row) => match Taxonomy::from_json(&row.taxonomy) {
                Ok(taxonomy) => Ok((row.version, taxonomy)),
                Err(error) => {
                    // Only valid taxonomies are stored; this would be a damaged row.
                    tracing::warn!(%error, workspace_id, "stored taxonomy unreadable; using the starter set");
                    Ok((row.version, Taxonomy::starter()))
                }
            },
            None => Ok((0, Taxonomy::starter())),
        }
    }

    /// Replaces a workspace's taxonomy, if `expected_version` is still the one in force, and
    /// starts re-analysing its answers. Returns the new version.
    pub async fn save_taxonomy(
        &self,
        workspace_id: i64,
        taxonomy: &Taxonomy,
        expected_version: i64,
    ) -> AppResult<i64> {
        validate_taxonomy(taxonomy)?;
        self.store_taxonomy(workspace_id, taxonomy, expected_version)
            .await
    }

    /// [`App::save_taxonomy`] after only the engine's own rules (ids, parents, cycles): for a
    /// change that adds checked keywords to themes saved earlier, which an older version may
    /// have let through with a keyword the form refuses now.
    async fn store_taxonomy(
        &self,
        workspace_id: i64,
        taxonomy: &Taxonomy,
        expected_version: i64,
    ) -> AppResult<i64> {
        taxonomy
            .validate()
            .map_err(|e| AppError::invalid("themes", e.to_string()))?;
        let version = self
            .store
            .put_taxonomy(
                workspace_id,
                &taxonomy.to_json(),
                expected_version,
                self.now(),
            )
            .await?;
        self.reanalyse_workspace(workspace_id, "taxonomy").await?;
        Ok(version)
    }

    /// Queues every open answer of a workspace for analysis again; returns how many are queued.
    pub async fn reanalyse_workspace(&self, workspace_id: i64, reason: &str) -> AppResult<u64> {
        let mut questions = Vec::new();
        for survey in self.list_surveys(workspace_id).await? {
            let mut ids: Vec<String> = Vec::new();
            for version in 1..=survey.row.current_version {
                let Ok(loaded) = self.load_version(survey.row.clone(), Some(version)).await else {
                    continue;
                };
                for q in &loaded.definition.questions {
                    if q.kind.is_open_text() && !ids.contains(&q.id) {
                        ids.push(q.id.clone());
                    }
                }
            }
            if !ids.is_empty() {
                questions.push((survey.row.id, ids));
            }
        }
        let total = self
            .store
            .start_reanalysis(workspace_id, &questions, reason, self.now())
            .await?;
        Ok(total.max(0) as u64)
    }

    /// The latest re-analysis of a workspace's answers, if any, and how far it got.
    pub async fn reanalysis(&self, workspace_id: i64) -> AppResult<Option<Reanalysis>> {
        Ok(self.store.reanalysis(workspace_id).await?)
    }

    /// What a workspace's answers talk about that the taxonomy does not cover yet, per language
    /// (in [`Lang::ALL`] order), among its newest answers (of the last 90 days) without a
    /// theme: keyphrases (against the answers with a theme) and groups of similar answers.
    /// Each is reused for ten minutes while the taxonomy stays the same, or, when made while a
    /// re-analysis runs (`reanalysing`, which the caller knows already), for 30 seconds and not
    /// after the re-analysis is over.
    pub async fn discover_themes(
        &self,
        workspace_id: i64,
        limit: usize,
        reanalysing: bool,
    ) -> AppResult<Vec<Discovery>> {
        let (version, taxonomy) = self.workspace_taxonomy(workspace_id).await?;
        let mut found = Vec::with_capacity(Lang::ALL.len());
        for lang in Lang::ALL {
            let now = self.now();
            let key = (workspace_id, lang);
            let cached = self.discoveries.0.lock().ok().and_then(|cache| {
                let (v, at, provisional, made) = cache.get(&key)?;
                // One made during a re-analysis saw answers not analysed with the current
                // themes yet: once the re-analysis is over it is made again.
                if *provisional && !reanalysing {
                    return None;
                }
                let fresh = if *provisional {
                    DISCOVERY_PROVISIONAL_MS
                } else {
                    DISCOVERY_FRESH_MS
                };
                (*v == version && now - at < fresh).then(|| made.clone())
            });
            let discovery = match cached {
                Some(made) => made,
                None => {
                    let made = self
                        .discover_now(workspace_id, lang, taxonomy.clone(), limit)
                        .await?;
                    if let Ok(mut cache) = self.discoveries.0.lock() {
                        cache.insert(key, (version, now, reanalysing, made.clone()));
                    }
                    made
                }
            };
            found.push(discovery);
        }
        Ok(found)
    }

    /// Dismisses a suggested theme in `lang`: a keyphrase (one phrase) or a group of similar
    /// answers (its words); it is no longer suggested, and the suggestions are made again.
    pub async fn dismiss_suggestion(
        &self,
        workspace_id: i64,
        lang: Lang,
        phrases: &[String],
    ) -> AppResult<()> {
        let key = match phrases {
            [phrase] => phrase.trim().to_lowercase(),
            terms => opencx_text::themes::group_key(terms),
        };
        if key.is_empty() || key.chars().count() > 300 {
            return Err(AppError::invalid(
                "phrase",
                "give the suggestion to dismiss, at most 300 characters",
            ));
        }
        self.store
            .dismiss_suggestion(workspace_id, lang.code(), &key, self.now())
            .await?;
        self.forget_discoveries(workspace_id);
        Ok(())
    }

    /// Takes back every dismissal of a workspace's suggestions; returns how many there were.
    pub async fn restore_suggestions(&self, workspace_id: i64) -> AppResult<u64> {
        let restored = self.store.restore_suggestions(workspace_id).await?;
        self.forget_discoveries(workspace_id);
        Ok(restored)
    }

    /// Drops a workspace's cached suggestions, to be made again when next asked for.
    fn forget_discoveries(&self, workspace_id: i64) {
        if let Ok(mut cache) = self.discoveries.0.lock() {
            cache.retain(|(workspace, _), _| *workspace != workspace_id);
        }
    }

    async fn discover_now(
        &self,
        workspace_id: i64,
        lang: Lang,
        taxonomy: Taxonomy,
        limit: usize,
    ) -> AppResult<Discovery> {
        let texts = self
            .store
            .recent_texts(
                workspace_id,
                lang.code(),
                self.now() - DISCOVERY_DAYS * 86_400_000,
                DISCOVERY_ANSWERS,
            )
            .await?;
        if texts.is_empty() {
            return Ok(Discovery::default());
        }
        let dismissed = self
            .store
            .dismissed_suggestions(workspace_id, lang.code())
            .await?;
        tokio::task::spawn_blocking(move || {
            let analyzer = SentimentAnalyzer::new();
            let (covered, uncovered) = split_by_themes(&texts, &taxonomy, lang, &analyzer);
            let options = DiscoverOptions {
                limit: limit * 2,
                ..DiscoverOptions::default()
            };
            let phrases: Vec<DiscoveredTheme> =
                discover(&uncovered, &covered, lang, &analyzer, &options, &dismissed)
                    .into_iter()
                    // A phrase that is already a keyword needs no accepting.
                    .filter(|c| !is_keyword(&taxonomy, lang, &c.phrase))
                    .take(limit)
                    .map(|candidate| DiscoveredTheme {
                        lang,
                        examples: candidate
                            .examples
                            .iter()
                            .filter_map(|&i| uncovered.get(i).map(|t| (*t).to_owned()))
                            .collect(),
                        candidate,
                    })
                    .collect();
            // No group that is a suggested or dismissed phrase again.
            let shown: Vec<(String, usize)> = phrases
                .iter()
                .map(|p| (p.candidate.phrase.to_lowercase(), 2))
                .chain(dismissed.iter().map(|d| (d.clone(), 1)))
                .collect();
            let repeats_a_phrase = |c: &opencx_text::cluster::Cluster| {
                shown.iter().any(|(phrase, min_terms)| {
                    opencx_text::themes::group_repeats_phrase(
                        &c.terms, &c.members, &uncovered, phrase, *min_terms,
                    )
                })
            };
            let groups = cluster(
                &uncovered,
                lang,
                &analyzer,
                &ClusterOptions {
                    limit: limit * 2,
                    ..ClusterOptions::default()
                },
            )
            .into_iter()
            .filter(|c| !dismissed.contains(&opencx_text::themes::group_key(&c.terms)))
            .filter(|c| !repeats_a_phrase(c))
            .take(limit)
            .map(|c| AnswerGroup {
                lang,
                size: c.members.len(),
                examples: opencx_text::themes::distinct_examples(&uncovered, &c.members, 3)
                    .into_iter()
                    .filter_map(|i| uncovered.get(i).map(|t| (*t).to_owned()))
                    .collect(),
                terms: c.terms,
            })
            .collect();
            Discovery { phrases, groups }
        })
        .await
        .map_err(|e| AppError::Internal(format!("theme discovery failed: {e}")))
    }

    /// Accepts discovered phrases into the taxonomy: as keywords of an existing theme, or as a
    /// new theme named after the first. Starts the re-analysis; returns the new version, or
    /// `None` when the phrases were keywords already and nothing changed.
    pub async fn accept_theme(
        &self,
        workspace_id: i64,
        lang: Lang,
        phrases: &[String],
        into: Option<&str>,
    ) -> AppResult<Option<i64>> {
        let phrases: Vec<String> = phrases
            .iter()
            .map(|p| p.trim().to_owned())
            .filter(|p| !p.is_empty())
            .collect();
        if phrases.is_empty()
            || phrases.len() > 10
            || phrases.iter().any(|p| p.chars().count() > 100)
        {
            return Err(AppError::invalid(
                "phrase",
                "give 1 to 10 phrases of at most 100 characters",
            ));
        }
        // Accepting only adds: it applies to the themes as they are now, even when someone
        // changed them since the page was shown. A save that races with another is tried
        // again on the newer themes.
        let mut attempts = 0;
        loop {
            let (version, mut taxonomy) = self.workspace_taxonomy(workspace_id).await?;
            // Sent twice (a double click, the back button): the second changes nothing, and
            // neither saves nor re-analyses.
            let before = taxonomy.clone();
            if !add_phrases(&mut taxonomy, lang, &phrases, into)? {
                return Ok(None);
            }
            // Only what the accepting brings is checked: a keyword an older version let through
            // does not block it (the form says so at the next save).
            let brought = problems_brought(&before, &taxonomy);
            if !brought.is_empty() {
                return Err(problems_error(brought));
            }
            match self.store_taxonomy(workspace_id, &taxonomy, version).await {
                Err(AppError::Conflict(_)) if attempts < 3 => attempts += 1,
                saved => return saved.map(Some),
            }
        }
    }
}

/// Adds accepted phrases as keywords in `lang` of the theme `into`, or of a new theme named
/// after the first phrase (capitalised, in that language); whether anything changed (not when
/// every phrase is a keyword already: of `into`, or for a new theme, of any theme).
fn add_phrases(
    taxonomy: &mut Taxonomy,
    lang: Lang,
    phrases: &[String],
    into: Option<&str>,
) -> AppResult<bool> {
    let code = lang.code().to_owned();
    let known = |taxonomy: &Taxonomy, phrase: &str| match into {
        Some(id) => taxonomy
            .get(id)
            .and_then(|t| t.keywords.get(&code))
            .is_some_and(|k| k.iter().any(|k| k == phrase)),
        None => is_keyword(taxonomy, lang, phrase),
    };
    // (Into a theme deleted meanwhile, nothing is known: refused below.)
    if phrases.iter().all(|p| known(taxonomy, p)) {
        return Ok(false);
    }
    let theme = match into {
        Some(id) => taxonomy
            .themes
            .iter_mut()
            .find(|t| t.id == id)
            .ok_or_else(|| {
                AppError::invalid(
                    "theme",
                    format!("no theme {id:?}: it was deleted or renamed meanwhile"),
                )
            })?,
        None => {
            let id = unique_id(taxonomy, &phrases[0]);
            let mut chars = phrases[0].chars();
            let name: String = chars
                .next()
                .map(|first| first.to_uppercase().chain(chars).collect())
                .unwrap_or_default();
            taxonomy.themes.push(Theme {
                id,
                parent: None,
                names: [(code.clone(), name)].into_iter().collect(),
                keywords: Default::default(),
            });
            taxonomy.themes.last_mut().expect("just pushed")
        }
    };
    let keywords = theme.keywords.entry(code).or_default();
    for phrase in phrases {
        // Accepting a phrase the theme excluded says it is about the theme after all: the
        // exclusion goes (it would cancel the keyword).
        let accepted = phrase_words(phrase);
        keywords.retain(|k| {
            opencx_text::themes::exclusion(k)
                .is_none_or(|excluded| phrase_words(excluded) != accepted)
        });
        if !keywords.contains(phrase) {
            keywords.push(phrase.clone());
        }
    }
    Ok(true)
}

/// Most themes in a taxonomy.
pub const MAX_THEMES: usize = 500;
/// Longest theme id, in bytes.
pub const MAX_ID_BYTES: usize = 64;
/// Longest theme name or keyword, in characters.
pub const MAX_TEXT_CHARS: usize = 100;
/// Most keywords of a theme in one language.
pub const MAX_KEYWORDS: usize = 500;

/// What is wrong with a theme (or the taxonomy as a whole), as data: the web app says it in
/// its reader's language, the API and the logs keep [`TaxonomyProblem::message`] in English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaxonomyCode {
    /// More than `max` themes.
    TooManyThemes { max: usize },
    /// The id is empty.
    EmptyId,
    /// The id is longer than `max` bytes or has something besides letters, digits, '-', '_'.
    InvalidId { max: usize },
    /// An earlier theme (at position `first`) has the same id.
    DuplicateId { first: usize },
    /// The parent is not a theme of the taxonomy.
    UnknownParent { parent: String },
    /// Following the parents leads back to the theme.
    Cycle,
    /// No name in any language.
    NoName,
    /// A name longer than `max` characters.
    NameTooLong { max: usize },
    /// Keywords in a language themes are not matched in.
    UnknownLanguage { language: String },
    /// More than `max` keywords in one language.
    TooManyKeywords { max: usize },
    /// A keyword with nothing besides spaces and '*'.
    EmptyKeyword { keyword: String },
    /// A keyword longer than `max` characters.
    KeywordTooLong { keyword: String, max: usize },
    /// A keyword with a word that has no letter or digit ("!!!", "<b>"): it can never match.
    KeywordNoLetters { keyword: String },
    /// A keyword with a '*' that does not end a word ("ob*uga"): '*' only ends a stem.
    WildcardInside { keyword: String },
    /// A stem shorter than `min` letters ("a*"): it would match most answers.
    StemTooShort { keyword: String, min: usize },
    /// A keyword starting with a dash other than '-' ("–clean design", as word processors
    /// write it): it would be looked for with its dash, where an exclusion was meant.
    DashNotHyphen { keyword: String },
    /// A keyword starting with '-' and a space ("- delivery"), as a pasted list's bullet: it
    /// would exclude the phrase, where looking for it was probably meant.
    ListBullet { keyword: String },
    /// A keyword the same theme also excludes in the same language ("clean design" and
    /// "-clean design"): the exclusion cancels it, so it never matches.
    KeywordExcluded { keyword: String },
}

/// The part of a theme a problem is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaxonomyPart {
    /// The taxonomy as a whole (too many themes).
    Taxonomy,
    Id,
    Parent,
    /// The names (one of them, with a language).
    Name,
    /// The keywords of one language.
    Keywords,
}

/// Where a taxonomy problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaxonomyLocation {
    /// The theme's position in the taxonomy's list, for a problem of one theme.
    pub theme: Option<usize>,
    pub part: TaxonomyPart,
    /// The language of the name or keywords concerned.
    pub language: Option<String>,
}

/// One problem of a taxonomy: what, where, and a stable English message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaxonomyProblem {
    pub code: TaxonomyCode,
    pub location: TaxonomyLocation,
    /// Where, as a technical path: `themes[2].keywords.pl`.
    pub field: String,
    /// What, in English.
    pub message: String,
}

/// Every problem of a taxonomy as the user gave it: the structural rules (ids unique and
/// well formed, parents that exist, no cycles), a name for every theme, sane sizes, and
/// keywords that are not empty. Themes are named by their position (`themes[2]`).
pub fn taxonomy_problems(taxonomy: &Taxonomy) -> Vec<TaxonomyProblem> {
    let mut out = Vec::new();
    let mut push = |code: TaxonomyCode,
                    theme: Option<usize>,
                    part: TaxonomyPart,
                    language: Option<&str>,
                    message: String| {
        let mut field = theme.map_or_else(|| "themes".to_owned(), |i| format!("themes[{i}]"));
        match part {
            TaxonomyPart::Taxonomy => {}
            TaxonomyPart::Id => field.push_str(".id"),
            TaxonomyPart::Parent => field.push_str(".parent"),
            TaxonomyPart::Name => field.push_str(".names"),
            TaxonomyPart::Keywords => field.push_str(".keywords"),
        }
        if let Some(language) = language {
            field.push('.');
            field.push_str(language);
        }
        out.push(TaxonomyProblem {
            code,
            location: TaxonomyLocation {
                theme,
                part,
                language: language.map(str::to_owned),
            },
            field,
            message,
        });
    };
    if taxonomy.themes.len() > MAX_THEMES {
        push(
            TaxonomyCode::TooManyThemes { max: MAX_THEMES },
            None,
            TaxonomyPart::Taxonomy,
            None,
            format!("at most {MAX_THEMES} themes"),
        );
    }
    let ids: std::collections::HashSet<&str> =
        taxonomy.themes.iter().map(|t| t.id.as_str()).collect();
    for (i, theme) in taxonomy.themes.iter().enumerate() {
        let at = Some(i);
        if theme.id.trim().is_empty() {
            push(
                TaxonomyCode::EmptyId,
                at,
                TaxonomyPart::Id,
                None,
                "a theme needs an id".into(),
            );
        } else if theme.id.len() > MAX_ID_BYTES
            || !theme
                .id
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
        {
            push(
                TaxonomyCode::InvalidId { max: MAX_ID_BYTES },
                at,
                TaxonomyPart::Id,
                None,
                format!("a theme id is 1 to {MAX_ID_BYTES} letters, digits, '-' or '_'"),
            );
        } else if let Some(first) = taxonomy.themes[..i].iter().position(|t| t.id == theme.id) {
            push(
                TaxonomyCode::DuplicateId { first },
                at,
                TaxonomyPart::Id,
                None,
                format!("theme id {:?} is used twice", theme.id),
            );
        }
        if let Some(parent) = &theme.parent {
            if !ids.contains(parent.as_str()) {
                push(
                    TaxonomyCode::UnknownParent {
                        parent: parent.clone(),
                    },
                    at,
                    TaxonomyPart::Parent,
                    None,
                    format!("unknown parent {parent:?}"),
                );
            } else if taxonomy.ancestors(&theme.id).contains(&theme.id) || *parent == theme.id {
                push(
                    TaxonomyCode::Cycle,
                    at,
                    TaxonomyPart::Parent,
                    None,
                    format!("theme {:?} is its own ancestor", theme.id),
                );
            }
        }
        if theme.names.values().all(|n| n.trim().is_empty()) {
            push(
                TaxonomyCode::NoName,
                at,
                TaxonomyPart::Name,
                None,
                "a theme needs a name".into(),
            );
        }
        for (lang, name) in &theme.names {
            if name.chars().count() > MAX_TEXT_CHARS {
                push(
                    TaxonomyCode::NameTooLong {
                        max: MAX_TEXT_CHARS,
                    },
                    at,
                    TaxonomyPart::Name,
                    Some(lang),
                    format!("a theme name has at most {MAX_TEXT_CHARS} characters"),
                );
            }
        }
        for (lang, keywords) in &theme.keywords {
            if Lang::from_code(lang).is_none() {
                push(
                    TaxonomyCode::UnknownLanguage {
                        language: lang.clone(),
                    },
                    at,
                    TaxonomyPart::Keywords,
                    Some(lang),
                    format!("keywords in {lang:?}: themes are matched in en, pl, he and fa"),
                );
                continue;
            }
            if keywords.len() > MAX_KEYWORDS {
                push(
                    TaxonomyCode::TooManyKeywords { max: MAX_KEYWORDS },
                    at,
                    TaxonomyPart::Keywords,
                    Some(lang),
                    format!("at most {MAX_KEYWORDS} keywords per language"),
                );
            }
            // The phrases this theme excludes in this language, to find keywords they cancel.
            let excluded: Vec<Vec<String>> = keywords
                .iter()
                .filter_map(|k| opencx_text::themes::exclusion(k))
                .map(phrase_words)
                .collect();
            for keyword in keywords {
                // An exclusion ("-clean design") is checked as the phrase it excludes.
                let phrase = opencx_text::themes::exclusion(keyword).unwrap_or(keyword);
                let stripped = phrase.trim().trim_end_matches('*');
                if stripped.trim().is_empty() {
                    push(
                        TaxonomyCode::EmptyKeyword {
                            keyword: keyword.clone(),
                        },
                        at,
                        TaxonomyPart::Keywords,
                        Some(lang),
                        format!(
                            "keyword {keyword:?}: give 1 to {MAX_TEXT_CHARS} characters besides '*'"
                        ),
                    );
                } else if keyword.chars().count() > MAX_TEXT_CHARS {
                    push(
                        TaxonomyCode::KeywordTooLong {
                            keyword: keyword.clone(),
                            max: MAX_TEXT_CHARS,
                        },
                        at,
                        TaxonomyPart::Keywords,
                        Some(lang),
                        format!(
                            "keyword {keyword:?}: give 1 to {MAX_TEXT_CHARS} characters besides '*'"
                        ),
                    );
                } else if keyword.trim_start().starts_with(OTHER_DASHES) {
                    push(
                        TaxonomyCode::DashNotHyphen {
                            keyword: keyword.clone(),
                        },
                        at,
                        TaxonomyPart::Keywords,
                        Some(lang),
                        format!(
                            "keyword {keyword:?} starts with a dash that is not '-': write '-' to \
                             keep the phrase out of the theme, or remove the dash"
                        ),
                    );
                } else if keyword
                    .trim_start()
                    .strip_prefix('-')
                    .is_some_and(|rest| rest.starts_with(char::is_whitespace))
                {
                    push(
                        TaxonomyCode::ListBullet {
                            keyword: keyword.clone(),
                        },
                        at,
                        TaxonomyPart::Keywords,
                        Some(lang),
                        format!(
                            "keyword {keyword:?} starts with '-' and a space, as a list's bullet: \
                             write '-{phrase}' to keep the phrase out of the theme, or remove the \
                             dash to look for it"
                        ),
                    );
                } else if let Some((code, message)) = keyword_word_problem(keyword, phrase) {
                    push(code, at, TaxonomyPart::Keywords, Some(lang), message);
                } else if opencx_text::themes::exclusion(keyword).is_none()
                    && excluded.contains(&phrase_words(keyword))
                {
                    push(
                        TaxonomyCode::KeywordExcluded {
                            keyword: keyword.clone(),
                        },
                        at,
                        TaxonomyPart::Keywords,
                        Some(lang),
                        format!(
                            "keyword {keyword:?} is also excluded ('-{}'), so it never matches: \
                             remove one of them",
                            keyword.trim()
                        ),
                    );
                }
            }
        }
    }
    out
}

/// Dashes a keyword may start with that are not the '-' of an exclusion: the hyphen and
/// non-breaking hyphen, figure, en and em dashes, the minus sign and the Hebrew maqaf.
const OTHER_DASHES: [char; 7] = [
    '\u{2010}', '\u{2011}', '\u{2012}', '\u{2013}', '\u{2014}', '\u{2212}', '\u{05BE}',
];

/// A keyword's words in lower case, to compare phrases ignoring case and spacing.
fn phrase_words(keyword: &str) -> Vec<String> {
    keyword.split_whitespace().map(str::to_lowercase).collect()
}

/// Fewest letters or digits before a keyword's '*': shorter stems ("a*", "ok*") match most
/// answers and drown every theme report in noise.
pub const MIN_STEM_CHARS: usize = 3;

/// The first problem of a keyword's words (those of `phrase`: the keyword, or the phrase an
/// exclusion excludes), which each need a letter or digit and may end with '*' (a stem of at
/// least [`MIN_STEM_CHARS`] letters), with its English message.
fn keyword_word_problem(keyword: &str, phrase: &str) -> Option<(TaxonomyCode, String)> {
    for part in phrase.split_whitespace() {
        if part.trim_end_matches('*').contains('*') {
            return Some((
                TaxonomyCode::WildcardInside {
                    keyword: keyword.to_owned(),
                },
                format!("keyword {keyword:?}: '*' may only end a word"),
            ));
        }
        // Cut as answers are: a part that yields no word ("!!!", "<3") can never match.
        let (words, stem) = opencx_text::themes::keyword_part_words(part);
        let Some(last) = words.last() else {
            return Some((
                TaxonomyCode::KeywordNoLetters {
                    keyword: keyword.to_owned(),
                },
                format!("keyword {keyword:?}: every word needs a letter or digit"),
            ));
        };
        if stem && last.chars().filter(|c| c.is_alphanumeric()).count() < MIN_STEM_CHARS {
            return Some((
                TaxonomyCode::StemTooShort {
                    keyword: keyword.to_owned(),
                    min: MIN_STEM_CHARS,
                },
                format!(
                    "keyword {keyword:?}: a stem needs at least {MIN_STEM_CHARS} letters before '*'"
                ),
            ));
        }
    }
    None
}

/// Checks a taxonomy as the user gave it (see [`taxonomy_problems`]): `Invalid` with every
/// problem, each with its code and location for the web app and an English message for the
/// rest. (Storing checks the engine's own rules again, so that nothing it refuses is stored.)
pub fn validate_taxonomy(taxonomy: &Taxonomy) -> AppResult<()> {
    let problems = taxonomy_problems(taxonomy);
    if problems.is_empty() {
        return Ok(());
    }
    Err(problems_error(problems))
}

/// The problems of `after` that `before` did not have.
fn problems_brought(before: &Taxonomy, after: &Taxonomy) -> Vec<TaxonomyProblem> {
    let known: Vec<(TaxonomyCode, String)> = taxonomy_problems(before)
        .into_iter()
        .map(|p| (p.code, p.field))
        .collect();
    taxonomy_problems(after)
        .into_iter()
        .filter(|p| !known.iter().any(|(c, f)| *c == p.code && *f == p.field))
        .collect()
}

/// The error of a taxonomy with these problems, each with its code and place for the form.
fn problems_error(problems: Vec<TaxonomyProblem>) -> AppError {
    let problems: Vec<FieldProblem> = problems
        .into_iter()
        .map(|p| FieldProblem {
            field: p.field,
            message: p.message,
            definition: None,
            taxonomy: Some((p.code, p.location)),
        })
        .collect();
    AppError::invalid_all("the themes have", problems)
}

/// The answers that have a theme and those that have none, among `texts` (each with whether its
/// stored analysis has a theme). An answer stored without a theme counts as having one when the
/// current themes find one in it: after a change (a phrase accepted as a theme) the re-analysis
/// takes a while, and until it is over the accepted phrase would come back as a group of
/// "uncovered" answers. Themes a person added to an answer count, as stored.
fn split_by_themes<'t>(
    texts: &'t [(String, bool)],
    taxonomy: &Taxonomy,
    lang: Lang,
    analyzer: &SentimentAnalyzer,
) -> (Vec<&'t str>, Vec<&'t str>) {
    let matcher = ThemeMatcher::new(taxonomy);
    let (mut covered, mut uncovered) = (Vec::new(), Vec::new());
    for (text, themed) in texts {
        let themed = *themed || {
            let tokens = tokenize(text);
            let lexicon = analyzer.analyze(&tokens, lang);
            !matcher.find(&tokens, lang, &lexicon).is_empty()
        };
        if themed {
            covered.push(text.as_str());
        } else {
            uncovered.push(text.as_str());
        }
    }
    (covered, uncovered)
}

fn is_keyword(taxonomy: &Taxonomy, lang: Lang, phrase: &str) -> bool {
    taxonomy.themes.iter().any(|t| {
        t.keywords
            .get(lang.code())
            .is_some_and(|k| k.iter().any(|k| k.trim_end_matches('*') == phrase))
    })
}

/// An id for a new theme named `phrase`: its letters and digits joined by '-', made unique.
pub fn unique_id(taxonomy: &Taxonomy, phrase: &str) -> String {
    let base: String = phrase
        .to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
        .chars()
        .take(48)
        .collect();
    let base = if base.is_empty() {
        "theme".to_owned()
    } else {
        base
    };
    let mut id = base.clone();
    let mut n = 2;
    while taxonomy.get(&id).is_some() {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_readable() {
        let taxonomy = Taxonomy::starter();
        assert_eq!(unique_id(&taxonomy, "Parking lot!"), "parking-lot");
        assert_eq!(unique_id(&taxonomy, "price"), "price-2");
        assert_eq!(unique_id(&taxonomy, "חניה"), "חניה");
        assert_eq!(unique_id(&taxonomy, "!!"), "theme");
    }

    #[test]
    fn taxonomies_are_checked() {
        assert!(validate_taxonomy(&Taxonomy::starter()).is_ok());
        let mut bad = Taxonomy::starter();
        bad.themes[0].keywords.insert("en".into(), vec!["*".into()]);
        assert!(validate_taxonomy(&bad).is_err());
        let mut bad = Taxonomy::starter();
        bad.themes[0].names.clear();
        assert!(validate_taxonomy(&bad).is_err());
        let mut bad = Taxonomy::starter();
        bad.themes[0].id = "a b".into();
        assert!(validate_taxonomy(&bad).is_err());
        let mut bad = Taxonomy::starter();
        bad.themes[0]
            .keywords
            .insert("de".into(), vec!["Preis".into()]);
        assert!(validate_taxonomy(&bad).is_err());
    }

    #[test]
    fn keywords_that_match_nothing_or_everything_are_refused() {
        let codes_of = |keywords: &[&str]| -> Vec<TaxonomyCode> {
            let mut taxonomy = Taxonomy::starter();
            taxonomy.themes[0].keywords.insert(
                "en".into(),
                keywords.iter().map(|k| (*k).to_owned()).collect(),
            );
            taxonomy_problems(&taxonomy)
                .into_iter()
                .map(|p| p.code)
                .collect()
        };
        let codes = |keyword: &str| codes_of(&[keyword]);
        let short = |k: &str| TaxonomyCode::StemTooShort {
            keyword: k.into(),
            min: MIN_STEM_CHARS,
        };
        assert_eq!(codes("a*"), [short("a*")]);
        // An exclusion is checked as the phrase it excludes, and named as written.
        assert_eq!(codes("-a*"), [short("-a*")]);
        assert_eq!(
            codes("- *"),
            [TaxonomyCode::EmptyKeyword {
                keyword: "- *".into()
            }]
        );
        assert_eq!(codes("-clean design"), []);
        // A pasted list's bullet is not taken for an exclusion.
        for bullet in ["- delivery", " -\tdostaw*", "-  clean design"] {
            assert_eq!(
                codes(bullet),
                [TaxonomyCode::ListBullet {
                    keyword: bullet.into()
                }],
                "{bullet}"
            );
        }
        assert_eq!(codes("car park ok*"), [short("car park ok*")]);
        assert_eq!(
            codes("!!!"),
            [TaxonomyCode::KeywordNoLetters {
                keyword: "!!!".into()
            }]
        );
        assert_eq!(
            codes("<> x"),
            [TaxonomyCode::KeywordNoLetters {
                keyword: "<> x".into()
            }]
        );
        assert_eq!(
            codes("de*liver"),
            [TaxonomyCode::WildcardInside {
                keyword: "de*liver".into()
            }]
        );
        // A dash a word processor writes is not an exclusion's, and a keyword its own theme
        // excludes can never match.
        for dash in [
            "–clean design",
            "— clean design",
            "\u{2212}clean",
            "־עיצוב נקי",
        ] {
            assert_eq!(
                codes(dash),
                [TaxonomyCode::DashNotHyphen {
                    keyword: dash.into()
                }],
                "{dash}"
            );
        }
        assert_eq!(
            codes_of(&["clean", "Clean  Design", "-clean design"]),
            [TaxonomyCode::KeywordExcluded {
                keyword: "Clean  Design".into()
            }]
        );
        assert_eq!(codes_of(&["clean", "-clean design", "-clean ui"]), []);
        // Stems of three letters or more, in any script, words with punctuation, and digits.
        for fine in [
            "del*", "dostaw*", "משל*", "ارس*", "wi-fi", "24/7", "<b>x</b>", "x",
        ] {
            assert_eq!(codes(fine), [], "{fine}");
        }
    }

    #[test]
    fn accepting_a_phrase_the_theme_excluded_drops_the_exclusion() {
        let mut taxonomy = Taxonomy::starter();
        let excluded = |t: &Taxonomy| {
            t.get("cleanliness").unwrap().keywords["en"]
                .iter()
                .any(|k| k == "-clean design")
        };
        assert!(excluded(&taxonomy));
        add_phrases(
            &mut taxonomy,
            Lang::En,
            &["clean design".into()],
            Some("cleanliness"),
        )
        .unwrap();
        assert!(!excluded(&taxonomy));
        assert!(taxonomy_problems(&taxonomy).is_empty());
        let analyzer = SentimentAnalyzer::new();
        let texts = vec![("I love the clean design".to_owned(), false)];
        let (covered, _) = split_by_themes(&texts, &taxonomy, Lang::En, &analyzer);
        assert_eq!(covered, ["I love the clean design"]);
    }

    #[test]
    fn answers_an_accepted_phrase_covers_are_not_suggested_again() {
        // Stored before "parking lot" was accepted: no theme yet, or a theme a person added.
        let texts: Vec<(String, bool)> = [
            ("No space in the parking lot again", false),
            ("The parking lot was full", false),
            ("Nice tables outside", false),
            ("Nice tables outside", true),
        ]
        .iter()
        .map(|(t, themed)| ((*t).to_owned(), *themed))
        .collect();
        let analyzer = SentimentAnalyzer::new();
        let before = Taxonomy::starter();
        let (covered, uncovered) = split_by_themes(&texts, &before, Lang::En, &analyzer);
        assert_eq!(covered, ["Nice tables outside"]);
        assert_eq!(uncovered.len(), 3);
        let mut after = before.clone();
        add_phrases(&mut after, Lang::En, &["parking lot".into()], None).unwrap();
        let (covered, uncovered) = split_by_themes(&texts, &after, Lang::En, &analyzer);
        assert_eq!(
            covered,
            [
                "No space in the parking lot again",
                "The parking lot was full",
                "Nice tables outside"
            ]
        );
        assert_eq!(uncovered, ["Nice tables outside"]);
    }

    #[test]
    fn accepting_is_checked_for_what_it_brings_only() {
        // Saved by an older version with a keyword refused now.
        let mut before = Taxonomy::starter();
        before.themes[0]
            .keywords
            .insert("en".into(), vec!["ok*".into(), "price".into()]);
        let mut after = before.clone();
        add_phrases(&mut after, Lang::En, &["parking lot".into()], None).unwrap();
        assert_eq!(problems_brought(&before, &after), []);
        let mut after = before.clone();
        add_phrases(&mut after, Lang::En, &["!!!".into()], Some("price")).unwrap();
        let brought = problems_brought(&before, &after);
        assert_eq!(brought.len(), 1, "{brought:?}");
        assert!(matches!(
            brought[0].code,
            TaxonomyCode::KeywordNoLetters { .. }
        ));
        // Sent again: nothing changes.
        let mut again = after.clone();
        assert!(!add_phrases(&mut again, Lang::En, &["!!!".into()], Some("price")).unwrap());
    }

    #[test]
    fn every_problem_is_reported_with_its_place() {
        let mut bad = Taxonomy::starter();
        let price = bad.themes[0].id.clone();
        bad.themes[1].id = price.clone();
        bad.themes[2].parent = Some(bad.themes[3].id.clone());
        bad.themes[3].parent = Some(bad.themes[2].id.clone());
        bad.themes[4]
            .keywords
            .insert("pl".into(), vec!["dobre".into(), " ** ".into()]);
        bad.themes[5].names.clear();
        let problems = taxonomy_problems(&bad);
        let found: Vec<(&TaxonomyCode, Option<usize>, TaxonomyPart, Option<&str>)> = problems
            .iter()
            .map(|p| {
                (
                    &p.code,
                    p.location.theme,
                    p.location.part,
                    p.location.language.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                (
                    &TaxonomyCode::DuplicateId { first: 0 },
                    Some(1),
                    TaxonomyPart::Id,
                    None
                ),
                (&TaxonomyCode::Cycle, Some(2), TaxonomyPart::Parent, None),
                (&TaxonomyCode::Cycle, Some(3), TaxonomyPart::Parent, None),
                (
                    &TaxonomyCode::EmptyKeyword {
                        keyword: " ** ".into()
                    },
                    Some(4),
                    TaxonomyPart::Keywords,
                    Some("pl")
                ),
                (&TaxonomyCode::NoName, Some(5), TaxonomyPart::Name, None),
            ]
        );
        // The API's English message stays: a path and a sentence per problem.
        assert_eq!(problems[3].field, "themes[4].keywords.pl");
        match validate_taxonomy(&bad) {
            Err(AppError::Invalid { message, problems }) => {
                assert!(message.starts_with("the themes have 5 problems: themes[1].id: theme id"));
                assert!(problems.iter().all(|p| p.taxonomy.is_some()));
            }
            other => panic!("{other:?}"),
        }
    }
}
