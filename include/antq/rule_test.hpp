#pragma once

/// \file
/// Testing rules like code: running a rulebook's `tests:` (and the `*.cases.yaml` files
/// beside it), measuring what the tests cover, and writing boundary cases around every tier
/// threshold, so that a rule owner sees what a change breaks before it takes effect.
///
/// How a case runs. Each case is evaluated on its own, through the public `evaluate`, on
/// a dataset of one subject built in memory from the case:
///
/// - the subject: a model (`kind` is its catalogue type; `unit` its host unit, default
///   `unit-of-<id>`, created with kind `unit_kind`, default `village`; `days_active` sets its start
///   so that it ran that many days of the period, default the whole period), a unit (`kind`, or
///   `unit_kind`, default `commune`; `unit` must be its own id when given; `days_active`, when
///   given, must be the whole period, units being active all of it) or an exemplar (`kind`
///   `individual` or `collective`; `unit` and `unit_kind` as for models). `name`, `topic` and
///   `target_group` are copied. The id defaults to `subject`.
/// - its observations: `indicators` in the case's period, `previous` in the period before
///   it (of the same kind). Values are numbers, `true`/`false`, texts or `~` (missing); an
///   indicator not given is missing, and its `missing:` policy applies.
/// - roll-ups are read from `indicators` like indicators (a case gives their value instead
///   of evaluating the rulebooks they roll up), with the policy of the indicator of the same
///   name when the version declares one, else `missing: error`.
/// - quotas are not applied: a quota limits a share of a group, which a case of one subject
///   cannot test; the tier expected is the tier the subject qualifies for (what
///   `results_columns::qualified_tier` holds in a full evaluation). Its rank is 1.
///
/// Names in a case (indicators, subject attributes, tiers, criteria) are checked against the
/// version in force for its period; a wrong name fails the case with a message saying so
/// (and the closest name), it never throws.

#include <antq/dataset.hpp>
#include <antq/engine.hpp>
#include <antq/explain.hpp>
#include <antq/export.hpp>
#include <antq/language.hpp>
#include <antq/result.hpp>
#include <antq/rulebook.hpp>
#include <antq/rulebook_set.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace antq {

/// One expectation a case did not meet, kept as values (ids, numbers) with the rulebook's
/// labels beside them, so that `format_test_run` says it in either language.
struct test_mismatch {
    /// What the expectation was about, in the order a case lists them.
    enum class aspect { status, tier, action, score, criterion, rank };
    /// What a criterion expectation found.
    enum class criterion_outcome { passed, failed, not_assessed };

    aspect about = aspect::tier;
    /// status: the status names (`evaluated`, `not_eligible`, ...); tier and action: the ids
    /// (`got` empty when the subject has none).
    std::string expected;
    std::string got;
    /// tier: the tiers' labels in the rulebook; status: the subject's message, in `got_label`.
    std::string expected_label;
    std::string got_label;
    /// score: the range expected (inclusive) and the score (NaN when none).
    std::pair<double, double> expected_score{0, 0};
    double got_score = 0;
    /// criterion: its id and title, and what was expected and found.
    std::string criterion;
    std::string criterion_title;
    criterion_outcome expected_outcome = criterion_outcome::passed;
    criterion_outcome got_outcome = criterion_outcome::failed;
    /// rank: expected and found (`no_rank` when none).
    long expected_rank = 0;
    std::uint32_t got_rank = 0;
};

/// A mismatch as one English line, the form `test_case_result::failures` holds:
/// `tier: expected effective, got average`.
[[nodiscard]] ANTQ_EXPORT std::string to_string(const test_mismatch& m);

/// The outcome of one test case.
struct test_case_result {
    std::string rulebook;   ///< id of the rulebook tested
    std::string name;       ///< the case's name
    source_location where;  ///< where the case is written
    bool passed = false;
    /// One line per expectation not met, in the order status, tier, action, score, passed,
    /// failed, rank: `tier: expected effective, got average`,
    /// `score: expected [80, 100], got 79.69`, `criterion detection: expected passed, got
    /// failed`. Or why the case could not run: `unknown indicator 'crime' (did you mean
    /// 'crimes'?)`, `rulebook 'x' has no version in force on 2019-11-15`.
    std::vector<std::string> failures;
    /// The expectations not met, as values: `failures` holds them as English lines (and
    /// nothing else) when the case ran; empty when it could not run.
    std::vector<test_mismatch> mismatches;
    /// The subject's result, when the case ran.
    std::optional<subject_result> actual;
    /// Why the subject got its result (`to_text` in Vietnamese), when the case ran and
    /// failed; empty otherwise.
    std::string explanation;
};

/// Whether the tests saw a criterion of one version pass and fail.
struct criterion_coverage {
    std::string rulebook;
    std::string version;
    std::string criterion;
    bool passed_seen = false;
    bool failed_seen = false;
};

/// Whether some test of one version reached a tier.
struct tier_coverage {
    std::string rulebook;
    std::string version;
    std::string tier;
    bool reached = false;
};

/// What the tests exercised, over every version of every rulebook tested: each criterion
/// seen passing, each seen failing, and each tier reached are the items. Only cases whose
/// subject was evaluated count.
struct test_coverage {
    std::vector<criterion_coverage> criteria;  ///< by rulebook, version, then declaration order
    std::vector<tier_coverage> tiers;          ///< by rulebook, version, then top to bottom

    /// Items covered: criteria seen passing + criteria seen failing + tiers reached.
    [[nodiscard]] ANTQ_EXPORT std::size_t covered_items() const noexcept;
    /// All items: 2 x criteria + tiers.
    [[nodiscard]] ANTQ_EXPORT std::size_t total_items() const noexcept;
    /// covered / total; 1 when there is nothing to cover.
    [[nodiscard]] ANTQ_EXPORT double fraction() const noexcept;
};

/// The outcome of running tests.
struct test_run {
    std::vector<test_case_result> cases;  ///< in the order run
    test_coverage coverage;

    [[nodiscard]] ANTQ_EXPORT std::size_t passed() const noexcept;
    [[nodiscard]] ANTQ_EXPORT std::size_t failed() const noexcept;
    /// Appends the cases and coverage of another run (another rulebook).
    ANTQ_EXPORT void append(test_run other);
};

/// A test case evaluated.
struct case_evaluation {
    rulebook_results results;  ///< of the one-subject dataset; the subject is row 0
    subject_result subject;    ///< row 0, materialised
};

/// Runs test cases against one rulebook. Compiles the rulebook once, in the form its tests
/// run (roll-ups read as indicators, no quotas: see the file comment). Immutable: one
/// tester can run cases on several threads.
class ANTQ_EXPORT rule_tester {
  public:
    /// Throws `input_error` when the rulebook does not compile (see `compile_rulebook`).
    explicit rule_tester(rulebook book, const engine_registry& engines = builtin_engines());

    /// The tester of a compiled rulebook, with the engines it was compiled with
    /// (`compiled_rulebook::engines`). A rulebook without roll-ups and quotas is its tests'
    /// form already, and is not compiled again.
    explicit rule_tester(const compiled_rulebook& rules);

    /// The tester of the rulebook `id` of `rules` (as `rule_tester(rules.at(id))`). Throws
    /// `usage_error` when the set has no such rulebook.
    rule_tester(const rulebook_set& rules, std::string_view id);

    /// The rulebook as given (with its `tests:`).
    [[nodiscard]] const rulebook& source() const noexcept;

    /// Evaluates one case. Throws `usage_error` when it cannot run: no period or one that
    /// cannot be read, no version in force, a name the version does not have (the message
    /// names the case and suggests the closest name).
    [[nodiscard]] case_evaluation evaluate(const rulebook_test& test) const;

    /// Runs one case: evaluates it and compares with `expect`. Never throws for a bad case;
    /// a case that cannot run fails with the reason.
    [[nodiscard]] test_case_result run(const rulebook_test& test) const;

    /// Runs the rulebook's own `tests:` and then `more` (from `*.cases.yaml` files), with
    /// the coverage of all of them over every version of the rulebook.
    [[nodiscard]] test_run run_all(std::span<const rulebook_test> more = {}) const;

    /// The dataset one case runs on (what `evaluate` evaluates). Throws like `evaluate`.
    [[nodiscard]] dataset make_dataset(const rulebook_test& test) const;

  private:
    struct impl;
    std::shared_ptr<const impl> impl_;
};

/// A rulebook and the cases of the `*.cases.yaml` files that test it.
struct rulebook_tests {
    rulebook book;
    std::vector<rulebook_test> cases;  ///< from cases files; the rulebook's own are in `book.tests`
    /// The compiled form `find_rule_tests` made while checking `book`, with the engines it
    /// was given: `rule_tester(*compiled)` runs the tests without compiling again.
    std::optional<compiled_rulebook> compiled;
};

/// Finds the tests under `paths`: rulebook files, `*.cases.yaml` files, or folders searched
/// recursively for both (as `find_rulebook_files` finds rulebooks). A cases file tests the
/// rulebook named by its `rulebook:` key: the id of a rulebook found under `paths` or in
/// the cases file's folder, or a path relative to the cases file; without the key, the
/// rulebook beside it of the same name (`x.cases.yaml` tests `x.yaml`). Rulebooks in sorted
/// path order, each once; cases files in sorted path order.
///
/// Throws `input_error` with the problems of every file that cannot be read (a rulebook
/// that does not load, a cases file that does not parse or whose rulebook is not found),
/// `io_error` when a path does not exist.
[[nodiscard]] ANTQ_EXPORT std::vector<rulebook_tests> find_rule_tests(
    std::span<const std::filesystem::path> paths,
    const engine_registry& engines = builtin_engines());

/// Runs the tests `find_rule_tests` finds: each rulebook's own tests, then its cases files'.
/// Throws like `find_rule_tests`, and `input_error` when a rulebook does not compile.
[[nodiscard]] ANTQ_EXPORT test_run
run_rule_tests(std::span<const std::filesystem::path> paths,
               const engine_registry& engines = builtin_engines());

/// The report `antq test` prints, in `lang`: every failed case (`FAIL file:line:col:
/// rulebook: name`, then each failure indented by two spaces, then `explanation:` and the
/// explanation indented by four), a blank line, the coverage (`coverage: 87.5% (35 of 40
/// items)`, then per rulebook version what was never seen), and last the line `N passed, N
/// failed`. `verbose` also lists every passing case (`ok file:line:col: rulebook: name`).
/// In Vietnamese the same lines read "KHÔNG KHỚP …", "loại: cần “Hoạt động hiệu quả”
/// (effective), được “Trung bình” (average)", "độ phủ: 87,5% (35/40 mục)", "12 ca khớp, 0
/// ca không khớp"; tier and criterion ids stay beside their labels, since the rule owner
/// writes them in the test files. A case that could not run shows its error as the loader
/// gave it. Control characters from names and messages are shown (`\x1b`), not sent raw.
[[nodiscard]] ANTQ_EXPORT std::string format_test_run(const test_run& run, bool verbose = false,
                                                      language lang = language::vi);

/// Boundary cases around the tier thresholds of a rulebook, and the thresholds they could
/// not be written for.
struct boundary_cases {
    std::string rulebook;
    std::vector<rulebook_test> tests;
    /// One line per threshold left out and why: `2022.1 effective (score >= 80): ...`.
    std::vector<std::string> unsolved;
};

/// For each tier whose condition is `score >= X` (or `score > X`), alone or joined by
/// `and` to other conditions, in every version, writes three cases whose subjects score
/// exactly X - d, X and X + d, d being one unit of the version's rounding (0.01 for two
/// digits), each expecting the score and the tier and action the rules give it now: a
/// change of threshold, of `>=` into `>`, or of rounding then fails them.
///
/// How the scores are reached: from a seed, the evaluated case of that version (among
/// `tests` and the rulebook's own) whose score is nearest X, one input of one scored,
/// penalty or bonus criterion is moved until the rounded score is the target, by bisection
/// over the input's range (a `ratio` over [0, 1]; a `number` or `count` upward from 0;
/// counts stay whole, and when no whole value reaches the target the counts that criterion
/// reads, in both periods, are scaled up a thousandfold so that a ratio of two counts keeps
/// its value with finer steps). Every case written was evaluated and hits its target.
///
/// Limits: a threshold is solved only when such a seed exists and some single input
/// moves the score across the target monotonically (not when the score is a step function
/// of every input, e.g. a checklist of pass/fail criteria, nor for cohort-relative engines
/// such as TOPSIS, whose one-subject score is degenerate); tier conditions on anything but
/// the score are not explored. Unsolved thresholds are listed, not guessed.
[[nodiscard]] ANTQ_EXPORT boundary_cases
generate_boundary_cases(const rule_tester& tester, std::span<const rulebook_test> tests = {});

/// A `*.cases.yaml` document (`antq: 1`, `rulebook: ID`, `tests:`) holding `tests`, that
/// `load_rulebook_cases` reads back to the same cases.
[[nodiscard]] ANTQ_EXPORT std::string format_cases_yaml(const std::string& rulebook_id,
                                                        std::span<const rulebook_test> tests);

/// Writes `cases` as `folder/<rulebook>.boundaries.cases.yaml` (`format_cases_yaml`),
/// atomically, creating the folder if needed; returns the file's path. Throws `io_error`.
ANTQ_EXPORT std::filesystem::path save_boundary_cases(const boundary_cases& cases,
                                                      const std::filesystem::path& folder);

}  // namespace antq
