// Re-tiering (src/antq/evaluation/retier.hpp): the tier step over scores kept from the rules
// as written gives, for every value of a cut-off, the same results as a whole evaluation of
// the changed rulebook (tiers, actions and their branches, quotas, ranks, scores, messages,
// decisions), byte for byte in every format, on 1 and 4 threads; and when it may be used.
#include "antq/evaluation/retier.hpp"
#include "support/replaced.hpp"

#include "antq/synthetic.hpp"

#include <antq/compiled_rulebook.hpp>
#include <antq/dataset.hpp>
#include <antq/evaluate.hpp>
#include <antq/result_io.hpp>
#include <antq/rulebook_loader.hpp>
#include <antq/rulebook_set.hpp>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

namespace antq::detail::evaluation {
namespace {

using test_support::replaced;

namespace fs = std::filesystem;

const fs::path example = fs::path(ANTQ_SOURCE_DIR) / "examples/data/quang-trung";
const fs::path rulebooks = fs::path(ANTQ_SOURCE_DIR) / "rulebooks";

// A rulebook for the synthetic dataset with everything the tier step does: a veto that caps
// the tier, a requirement, a quota per commune, an action condition reading an indicator,
// `otherwise`, and ranks within communes.
constexpr const char* synthetic_rules = R"~(antq: 1
id: synthetic
title: "Mô hình tổng hợp"
subject: model
period: calendar-year
versions:
  - version: "1"
    effective: 2015-01-01
    parameters: {cut: 70}
    indicators:
      crimes: {type: count}
      crimes_detected: {type: count}
      serious_crimes: {type: count, missing: zero}
      reports: {type: count, missing: zero}
      patrols: {type: count, missing: zero}
      households: {type: count, missing: exclude}
      households_signed: {type: count, missing: exclude}
    criteria:
      - {id: no_serious, kind: veto, when: "serious_crimes == 0", caps_at: average}
      - {id: some_patrols, kind: required, when: "patrols >= 2"}
      - {id: detection, kind: scored, points: 40, score: "ratio(crimes_detected, crimes)"}
      - {id: reports, kind: scored, points: 20, score: "ratio(reports, 12)"}
      - {id: patrols, kind: scored, points: 20, score: "ratio(patrols, 48)"}
      - {id: participation, kind: scored, points: 20, score: "ratio(households_signed, households)"}
    tiers:
      - {id: effective, label: "Hiệu quả", when: "score >= cut", requires: [some_patrols], quota: {max_share: 0.3, within: commune}, action: replicate, action_when: "reports >= 6", otherwise: maintain}
      - {id: average, label: "Trung bình", when: "score >= 40", action: improve}
      - {id: poor, label: "Kém", action: dissolve}
    ranking: {within: commune}
)~";

dataset synthetic_data() {
    synthetic_options o;
    o.provinces = 2;
    o.communes = 40;
    o.villages_per_commune = 5;
    o.models = 6000;
    o.exemplars = 0;
    o.missing_share = 0.02;
    return generate_synthetic_dataset(o);
}

std::string all_formats(const rulebook_results& r) {
    const std::span<const rulebook_results> one(&r, 1);
    return format_results(one, result_format::json) + format_results(one, result_format::csv) +
           format_results(one, result_format::table, language::vi);
}

// For each text of `whens`: `book` with its tier `tier` condition replaced, evaluated whole
// and re-tiered from the scores of `book` as written, on `threads` threads; the two must be
// equal, and re-tiering `book` itself must give its whole evaluation. A `tier_sweep` over
// the same scores gives the same tiers when it gives any (counted in `swept`). Counts in
// `quota_moved` the values at which a quota moved someone.
void expect_retier_equals_evaluation(const dataset& data, const rulebook_set& set,
                                     const std::string& id, const std::string& period_text,
                                     std::size_t tier, const std::vector<std::string>& whens,
                                     unsigned threads, std::vector<std::string>& bytes,
                                     int& quota_moved, int& swept) {
    const antq::evaluation base = evaluate(data, set, period_text, {threads, {}, 4096});
    const rulebook& written = set.at(id).source();
    const compiled_rulebook compiled = compile_rulebook(written);
    pipeline_options options;
    options.threads = threads;
    // Small batches, so that four threads share the rows.
    options.batch_size = 512;
    const scored_rulebook scored = score(data, compiled, period_text, base.results(), options);
    evaluate_options whole;
    whole.threads = threads;
    whole.batch_size = 512;
    const rulebook_results as_written =
        retier(data, compiled, period_text, scored, base.results(), options);
    EXPECT_EQ(as_written, evaluate(data, compiled, period_text, whole, base.results()));
    const tier_sweep sweep(data, compiled, period_text, scored, as_written);
    const std::size_t v =
        written.version_index_for(period::parse(period_text, written.period)).value();
    for (const auto& when : whens) {
        rulebook changed = written;
        changed.versions[v].tiers[tier].when.text = when;
        changed.source_text.clear();
        const compiled_rulebook variant = compile_rulebook(changed);
        const auto fast = retier(data, variant, period_text, scored, base.results(), options);
        const auto full = evaluate(data, variant, period_text, whole, base.results());
        EXPECT_EQ(fast, full) << id << " with '" << when << "' on " << threads << " threads";
        EXPECT_EQ(all_formats(fast), all_formats(full)) << when;
        if (const auto tiers = sweep.tiers_of(variant, threads)) {
            EXPECT_EQ(*tiers, full.columns().tier) << id << " with '" << when << "'";
            ++swept;
        }
        bytes.push_back(all_formats(fast));
        const auto& c = fast.columns();
        quota_moved += c.tier != c.qualified_tier ? 1 : 0;
    }
}

TEST(retier, equals_a_whole_evaluation_for_every_cutoff_on_the_example) {
    const dataset data = load_dataset(example);
    const auto set = rulebook_set::load(rulebooks);
    std::vector<std::string> whens;
    for (int cut = 60; cut <= 95; cut += 5) {
        whens.push_back(fmt::format("score >= {}", cut));
    }
    whens.emplace_back("score > 80");
    std::vector<std::vector<std::string>> bytes(2);
    int quota_moved = 0;
    int swept = 0;
    // model-effectiveness reads previous_tier(1) in its action conditions (2024 for 2025).
    expect_retier_equals_evaluation(data, set, "model-effectiveness", "2025", 0, whens, 1, bytes[0],
                                    quota_moved, swept);
    expect_retier_equals_evaluation(data, set, "model-effectiveness", "2025", 0, whens, 4, bytes[1],
                                    quota_moved, swept);
    EXPECT_EQ(bytes[0], bytes[1]);
    // The action conditions read earlier tiers, which results do not hold: no sweep.
    EXPECT_EQ(swept, 0);
    // Not one result for every value: the cut-offs move tiers.
    EXPECT_NE(bytes[0].front(), bytes[0][3]);
}

TEST(retier, equals_a_whole_evaluation_for_every_cutoff_on_a_synthetic_dataset) {
    const dataset data = synthetic_data();
    const auto set = rulebook_set::from({parse_rulebook(synthetic_rules, "synthetic.yaml")});
    std::vector<std::string> whens;
    for (int cut = 40; cut <= 100; cut += 5) {
        whens.push_back(fmt::format("score >= {}", cut));
    }
    std::vector<std::vector<std::string>> bytes(2);
    int quota_moved = 0;
    int swept = 0;
    expect_retier_equals_evaluation(data, set, "synthetic", "2024", 0, whens, 1, bytes[0],
                                    quota_moved, swept);
    expect_retier_equals_evaluation(data, set, "synthetic", "2024", 0, whens, 4, bytes[1],
                                    quota_moved, swept);
    EXPECT_EQ(bytes[0], bytes[1]);
    EXPECT_NE(bytes[0].front(), bytes[0].back());
    // An action condition reads an indicator: no sweep.
    EXPECT_EQ(swept, 0);
    // The quota of `effective` binds at the low cut-offs.
    EXPECT_GT(quota_moved, 0);
    // The middle tier too: its cut-off moves rows between `average` and `poor`, under the
    // quota of the tier above.
    std::vector<std::string> middle{"score >= 20", "score >= 55", "score >= 75"};
    std::vector<std::string> ignored;
    expect_retier_equals_evaluation(data, set, "synthetic", "2024", 1, middle, 4, ignored,
                                    quota_moved, swept);
}

TEST(retier, equals_a_whole_evaluation_when_the_tier_step_reads_only_results) {
    // Tier and action conditions that read only scores and criteria: the tier step does not
    // read the inputs again (batch_runner::second_pass).
    const dataset data = synthetic_data();
    const auto set = rulebook_set::from({parse_rulebook(
        replaced(synthetic_rules, "action_when: \"reports >= 6\"",
                 "action_when: \"passed(some_patrols) and points(detection) >= 20\""),
        "synthetic.yaml")});
    std::vector<std::string> whens;
    for (int cut = 40; cut <= 100; cut += 10) {
        whens.push_back(fmt::format("score >= {}", cut));
    }
    std::vector<std::vector<std::string>> bytes(2);
    int quota_moved = 0;
    int swept = 0;
    expect_retier_equals_evaluation(data, set, "synthetic", "2024", 0, whens, 1, bytes[0],
                                    quota_moved, swept);
    expect_retier_equals_evaluation(data, set, "synthetic", "2024", 0, whens, 4, bytes[1],
                                    quota_moved, swept);
    EXPECT_EQ(bytes[0], bytes[1]);
    EXPECT_GT(quota_moved, 0);
    // Every value went through the sweep, and its tiers were those of the whole evaluation.
    EXPECT_EQ(swept, 2 * static_cast<int>(whens.size()));
    // The middle tier, and a quota relative to another tier's count.
    const auto relative = rulebook_set::from(
        {parse_rulebook(replaced(replaced(synthetic_rules, "action_when: \"reports >= 6\"",
                                          "action_when: \"passed(some_patrols)\""),
                                 "quota: {max_share: 0.3, within: commune}",
                                 "quota: {max_share: 0.5, within: commune, relative_to: average}"),
                        "synthetic.yaml")});
    std::vector<std::string> middle{"score >= 20", "score >= 55", "score >= 75"};
    std::vector<std::string> ignored;
    swept = 0;
    expect_retier_equals_evaluation(data, relative, "synthetic", "2024", 1, middle, 2, ignored,
                                    quota_moved, swept);
    expect_retier_equals_evaluation(data, relative, "synthetic", "2024", 0, whens, 1, ignored,
                                    quota_moved, swept);
    EXPECT_EQ(swept, static_cast<int>(middle.size() + whens.size()));
}

TEST(tier_sweep, leaves_to_the_whole_tier_step_a_variant_that_fails_rows_or_ranks_otherwise) {
    const dataset data = synthetic_data();
    const std::string rules = replaced(synthetic_rules, "action_when: \"reports >= 6\"",
                                       "action_when: \"passed(some_patrols)\"");
    const auto set = rulebook_set::from({parse_rulebook(rules, "synthetic.yaml")});
    const rulebook& written = set.at("synthetic").source();
    const compiled_rulebook compiled = compile_rulebook(written);
    const scored_rulebook scored = score(data, compiled, "2024", {}, {});
    const rulebook_results as_written = retier(data, compiled, "2024", scored, {}, {});
    const tier_sweep sweep(data, compiled, "2024", scored, as_written);
    const auto variant = [&](const std::string& when) {
        rulebook changed = written;
        changed.versions[0].tiers[0].when.text = when;
        changed.source_text.clear();
        return compile_rulebook(changed);
    };
    EXPECT_TRUE(sweep.tiers_of(variant("score >= 75"), 1).has_value());
    // A condition that fails every evaluated row (a division by zero): the statuses move.
    const auto failing = variant("score / (score - score) >= 1");
    EXPECT_FALSE(sweep.tiers_of(failing, 1).has_value());
    const auto whole = retier(data, failing, "2024", scored, {}, {});
    EXPECT_NE(whole.columns().status, as_written.columns().status);
    // A condition reading an indicator: the tier step reads the inputs again.
    EXPECT_FALSE(sweep.tiers_of(variant("score >= 75 and reports >= 3"), 1).has_value());
    // Ranked by a criterion's points (`reports`), the order is in the results; ranked by a
    // derived value (`busy`), it is not.
    const std::string with_derived =
        replaced(rules, "    criteria:\n", "    derived: {busy: \"patrols * 2\"}\n    criteria:\n");
    for (const std::string key : {"reports", "busy"}) {
        const auto reordered = rulebook_set::from(
            {parse_rulebook(replaced(with_derived, "ranking: {within: commune}",
                                     "ranking: {within: commune, order: [\"" + key + " desc\"]}"),
                            "synthetic.yaml")});
        const compiled_rulebook ranked = compile_rulebook(reordered.at("synthetic").source());
        const scored_rulebook ranked_scores = score(data, ranked, "2024", {}, {});
        const rulebook_results ranked_written = retier(data, ranked, "2024", ranked_scores, {}, {});
        const tier_sweep by_key(data, ranked, "2024", ranked_scores, ranked_written);
        const auto tiers = by_key.tiers_of(ranked, 1);
        EXPECT_EQ(tiers.has_value(), key == "reports") << key;
        if (tiers) {
            EXPECT_EQ(*tiers, ranked_written.columns().tier);
            EXPECT_NE(ranked_written.columns().tier, as_written.columns().tier);
        }
    }
}

TEST(retier, refuses_scores_of_another_version_or_rulebook) {
    const dataset data = synthetic_data();
    const auto set = rulebook_set::from({parse_rulebook(synthetic_rules, "synthetic.yaml")});
    const compiled_rulebook compiled = compile_rulebook(set.at("synthetic").source());
    scored_rulebook scored = score(data, compiled, "2024", {}, {});
    scored.rulebook = "other";
    EXPECT_THROW((void)retier(data, compiled, "2024", scored, {}, {}), usage_error);
    scored.rulebook = "synthetic";
    scored.columns.subject_index.pop_back();
    EXPECT_THROW((void)retier(data, compiled, "2024", scored, {}, {}), usage_error);
}

// ---- When only the tiers move ----

TEST(only_tiers_move, a_number_in_a_tier_condition_or_a_parameter_only_tiers_read) {
    const rulebook book = parse_rulebook(synthetic_rules, "synthetic.yaml");
    EXPECT_TRUE(only_tiers_move(book, 0, std::nullopt));
    EXPECT_TRUE(only_tiers_move(book, 0, "cut"));
    // Read by an action condition too: the tier step reads those.
    const rulebook in_action =
        parse_rulebook(replaced(synthetic_rules, "action_when: \"reports >= 6\"",
                                "action_when: \"score >= cut + 5\""),
                       "synthetic.yaml");
    EXPECT_TRUE(only_tiers_move(in_action, 0, "cut"));
    // previous_tier() in action conditions only (rulebooks/model-effectiveness.yaml).
    const rulebook effectiveness = load_rulebook(rulebooks / "model-effectiveness.yaml");
    for (std::size_t v = 0; v < effectiveness.versions.size(); ++v) {
        EXPECT_TRUE(only_tiers_move(effectiveness, v, std::nullopt)) << v;
    }
}

TEST(only_tiers_move, refuses_a_parameter_written_anywhere_else_and_unknown_names) {
    const std::string rules = synthetic_rules;
    // Read by a criterion: scores move.
    const rulebook in_criterion = parse_rulebook(
        replaced(rules, "ratio(reports, 12)", "ratio(reports, cut / 5)"), "synthetic.yaml");
    EXPECT_FALSE(only_tiers_move(in_criterion, 0, "cut"));
    EXPECT_TRUE(only_tiers_move(in_criterion, 0, std::nullopt));
    // Read by a derived value.
    const rulebook in_derived = parse_rulebook(
        replaced(rules, "    criteria:\n", "    derived: {bar: \"cut * 2\"}\n    criteria:\n"),
        "synthetic.yaml");
    EXPECT_FALSE(only_tiers_move(in_derived, 0, "cut"));
    // A parameter the version does not declare.
    EXPECT_FALSE(only_tiers_move(parse_rulebook(rules, "synthetic.yaml"), 0, "cutt"));
    EXPECT_FALSE(only_tiers_move(parse_rulebook(rules, "synthetic.yaml"), 1, std::nullopt));
    // The name written in a title: not read, but said no to, as anything outside the tier
    // and action conditions is.
    const rulebook in_title = parse_rulebook(
        replaced(rules, "{id: reports, kind: scored", "{id: reports, title: \"cut\", kind: scored"),
        "synthetic.yaml");
    EXPECT_FALSE(only_tiers_move(in_title, 0, "cut"));
}

}  // namespace
}  // namespace antq::detail::evaluation
