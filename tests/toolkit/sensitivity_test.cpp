#include <antq/sensitivity.hpp>

#include <antq/dataset.hpp>
#include <antq/error.hpp>
#include <antq/rule_diff.hpp>
#include <antq/rulebook_loader.hpp>
#include <antq/rulebook_set.hpp>

#include "support/replaced.hpp"
#include "toolkit/toolkit_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <map>
#include <string>
#include <vector>

namespace antq {
namespace {

using test_support::patrol_text;
using test_support::replaced;

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Five models scored by the patrol rulebook (tests/data/toolkit/suite/rules/patrol-model.yaml:
// patrols 60 points against a target of 40, households signed 40 points, no bonus; tiers
// `effective` at 80, `average` at 50, else `poor`):
//
// | model | patrols | signed | score as written          | with patrols worth 20 |
// | a     | 40      | 50%    | 60 + 20 = 80 (effective)  | 20 + 20 = 40 (poor)   |
// | b     | 20      | 100%   | 30 + 40 = 70 (average)    | 10 + 40 = 50 (average)|
// | c     | 30      | 75%    | 45 + 30 = 75 (average)    | 15 + 30 = 45 (poor)   |
// | d     | 10      | 100%   | 15 + 40 = 55 (average)    |  5 + 40 = 45 (poor)   |
// | e     | 40      | 50%    | 80 (effective, tied to a) | 40 (poor, tied to a)  |
dataset five_models() {
    using test_support::make_model;
    const auto row = [](std::string id, double patrols, double signed_up) {
        return test_support::observation_row{
            std::move(id),
            "2024",
            {{"patrols", patrols}, {"households", 100}, {"households_signed", signed_up}}};
    };
    return test_support::make_dataset(
        {{"c1", "commune", "Xã Một", ""}, {"v1", "village", "Thôn Một", "c1"}},
        {make_model("a", "Mô hình A", "t", "x", "v1"), make_model("b", "Mô hình B", "t", "x", "v1"),
         make_model("c", "Mô hình C", "t", "x", "v1"), make_model("d", "Mô hình D", "t", "x", "v1"),
         make_model("e", "Mô hình E", "t", "x", "v1")},
        {row("a", 40, 50), row("b", 20, 100), row("c", 30, 75), row("d", 10, 100),
         row("e", 40, 50)});
}

const std::map<std::string, double> written_scores{
    {"a", 80}, {"b", 70}, {"c", 75}, {"d", 55}, {"e", 80}};

std::string tier_at(double score, double cutoff) {
    if (score >= cutoff) {
        return "effective";
    }
    return score >= 50 ? "average" : "poor";
}

rulebook_set patrol_rules() {
    return rulebook_set::from({test_support::patrol_rulebook()});
}

sensitivity_options sweeping(std::string name, double from, double to, double step) {
    sensitivity_options o;
    o.sweeps.push_back({std::move(name), from, to, step});
    return o;
}

// ---- Ranges ----

TEST(parse_sweep, reads_name_and_range) {
    const sweep s = parse_sweep("cutoff.effective=75:82.5:2.5");
    EXPECT_EQ(s.name, "cutoff.effective");
    EXPECT_EQ(s.from, 75);
    EXPECT_EQ(s.to, 82.5);
    EXPECT_EQ(s.step, 2.5);
    EXPECT_THAT(sweep_values(s), ElementsAre(75, 77.5, 80, 82.5));
    // Tenths reach their end and print as written.
    EXPECT_THAT(sweep_values({"x", 0.1, 0.4, 0.1}), ElementsAre(0.1, 0.2, 0.3, 0.4));
}

TEST(parse_sweep, refuses_bad_ranges_with_a_clear_message) {
    const auto message = [](const std::string& text) {
        try {
            static_cast<void>(parse_sweep(text));
        } catch (const usage_error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_THAT(message("x=1:5:0"), HasSubstr("the step must be above 0, got 0"));
    EXPECT_THAT(message("x=1:5:-1"), HasSubstr("the step must be above 0"));
    EXPECT_THAT(message("x=5:1:1"), HasSubstr("FROM (5) is above TO (1)"));
    EXPECT_THAT(message("x=0:2000:1"), HasSubstr("2001 values, more than the 1000 allowed"));
    EXPECT_THAT(message("x=1:5"), HasSubstr("expected NAME=FROM:TO:STEP"));
    EXPECT_THAT(message("=1:5:1"), HasSubstr("expected NAME=FROM:TO:STEP"));
    EXPECT_THAT(message("x=1:5:1:2"), HasSubstr("expected NAME=FROM:TO:STEP"));
    EXPECT_THAT(message("x=1:5,5:1"), HasSubstr("TO '5,5' is not a number"));
}

// ---- Sweeps, against the table above ----

TEST(analyse_sensitivity, cutoff_sweep_gives_hand_computed_counts_moves_and_change_points) {
    const auto reports = analyse_sensitivity(five_models(), patrol_rules(), "2024",
                                             sweeping("cutoff.effective", 70, 82, 4));
    ASSERT_EQ(reports.size(), 1U);
    const auto& r = reports[0];
    EXPECT_EQ(r.rulebook, "patrol-model");
    EXPECT_THAT(r.tiers, ElementsAre("effective", "average", "poor"));
    ASSERT_EQ(r.sweeps.size(), 1U);
    const auto& s = r.sweeps[0];
    EXPECT_EQ(s.parameter, "cutoff.effective");
    EXPECT_EQ(s.written, 80);
    ASSERT_EQ(s.points.size(), 4U);
    const std::vector<double> values{70, 74, 78, 82};
    for (std::size_t k = 0; k < values.size(); ++k) {
        const auto& p = s.points[k];
        EXPECT_EQ(p.value, values[k]);
        std::vector<std::size_t> counts(4, 0);
        std::vector<tier_move> moves;
        for (const auto& [subject, score] : written_scores) {
            const std::string now = tier_at(score, values[k]);
            counts[now == "effective" ? 0 : now == "average" ? 1 : 2]++;
            const std::string before = tier_at(score, 80);
            if (now != before) {
                moves.push_back({subject, before, now});
            }
        }
        EXPECT_EQ(p.counts, counts) << "at " << values[k];
        ASSERT_EQ(p.moves.size(), moves.size()) << "at " << values[k];
        for (std::size_t m = 0; m < moves.size(); ++m) {
            EXPECT_EQ(p.moves[m].subject, moves[m].subject);
            EXPECT_EQ(p.moves[m].old_tier, moves[m].old_tier);
            EXPECT_EQ(p.moves[m].new_tier, moves[m].new_tier);
        }
        // A cut-off moves no score: the order stays.
        EXPECT_EQ(p.compared, 5U);
        EXPECT_DOUBLE_EQ(p.spearman, 1.0);
        EXPECT_DOUBLE_EQ(p.kendall_tau_b, 1.0);
    }
    // 70: b and c rise; 74: b falls back; 78: c falls back; 82: a and e fall.
    ASSERT_EQ(s.subjects.size(), 4U);
    const auto change = [](const tier_change_point& c) {
        return std::to_string(static_cast<int>(c.value)) + ":" + c.from_tier + ">" + c.to_tier;
    };
    std::map<std::string, std::vector<std::string>> found;
    for (const auto& m : s.subjects) {
        for (const auto& c : m.changes) {
            found[m.subject].push_back(change(c));
        }
    }
    EXPECT_THAT(found["a"], ElementsAre("82:effective>average"));
    EXPECT_THAT(found["b"], ElementsAre("70:average>effective", "74:effective>average"));
    EXPECT_THAT(found["c"], ElementsAre("70:average>effective", "78:effective>average"));
    EXPECT_THAT(found["e"], ElementsAre("82:effective>average"));
    EXPECT_EQ(s.subjects[0].tier, "effective");
}

TEST(analyse_sensitivity, a_cutoff_written_as_a_parameter_sweeps_the_parameter_alike) {
    const auto book =
        parse_rulebook(replaced(replaced(patrol_text(), "score >= 80", "score >= cut"),
                                "patrol_target: 40", "patrol_target: 40, cut: 80"),
                       "cut.yaml");
    const auto with_parameter = analyse_sensitivity(
        five_models(), rulebook_set::from({book}), "2024", sweeping("cutoff.effective", 70, 82, 4));
    const auto with_number = analyse_sensitivity(five_models(), patrol_rules(), "2024",
                                                 sweeping("cutoff.effective", 70, 82, 4));
    ASSERT_EQ(with_parameter.size(), 1U);
    EXPECT_EQ(with_parameter[0].sweeps[0].parameter, "cut");
    EXPECT_EQ(with_parameter[0].sweeps[0].written, 80);
    EXPECT_EQ(format_sensitivity(with_parameter, result_format::csv),
              format_sensitivity(with_number, result_format::csv));
    // The parameter by its own name is the same sweep.
    const auto by_name = analyse_sensitivity(five_models(), rulebook_set::from({book}), "2024",
                                             sweeping("cut", 70, 82, 4));
    const auto points_of = [](const std::vector<sensitivity_report>& r) {
        return nlohmann::json::parse(
            format_sensitivity(r, result_format::json))[0]["sweeps"][0]["points"];
    };
    EXPECT_EQ(points_of(by_name), points_of(with_parameter));
}

TEST(analyse_sensitivity, points_sweep_gives_hand_computed_rank_correlations_with_ties) {
    const auto reports = analyse_sensitivity(five_models(), patrol_rules(), "2024",
                                             sweeping("points.patrols", 20, 60, 40));
    const auto& points = reports.at(0).sweeps.at(0).points;
    ASSERT_EQ(points.size(), 2U);
    // Written scores a 80, b 70, c 75, d 55, e 80 against a 40, b 50, c 45, d 45, e 40.
    // Mean ranks: written a 4.5, b 2, c 3, d 1, e 4.5; varied a 1.5, b 5, c 3.5, d 3.5,
    // e 1.5. Centred on 3: sxy -7.5, sxx 9.5, syy 9: rho = -7.5 / sqrt(85.5).
    EXPECT_NEAR(points[0].spearman, -7.5 / std::sqrt(85.5), 1e-12);
    // Of 10 pairs: b-d concordant; a-b, a-c, a-d, b-c, b-e, c-e, d-e discordant; a-e tied on
    // both sides, c-d tied in the variant: (1 - 7) / sqrt((10 - 1) (10 - 2)).
    EXPECT_NEAR(points[0].kendall_tau_b, -6.0 / std::sqrt(72.0), 1e-12);
    EXPECT_EQ(points[0].compared, 5U);
    EXPECT_THAT(points[0].counts, ElementsAre(0, 1, 4, 0));
    EXPECT_EQ(points[0].moves.size(), 4U);  // all but b, which stays average at 50
    // 60 points is the rulebook as written.
    EXPECT_THAT(points[1].counts, ElementsAre(2, 3, 0, 0));
    EXPECT_TRUE(points[1].moves.empty());
    EXPECT_DOUBLE_EQ(points[1].spearman, 1.0);
    EXPECT_DOUBLE_EQ(points[1].kendall_tau_b, 1.0);
}

TEST(analyse_sensitivity, agrees_with_diff_rulebooks_on_each_value) {
    const dataset data = five_models();
    const auto reports =
        analyse_sensitivity(data, patrol_rules(), "2024", sweeping("points.patrols", 20, 70, 25));
    const auto& points = reports.at(0).sweeps.at(0).points;
    ASSERT_EQ(points.size(), 3U);
    for (const auto& p : points) {
        const auto changed = parse_rulebook(
            replaced(patrol_text(), "points: 60", "points: " + std::to_string(int(p.value))),
            "changed.yaml");
        const auto diffs =
            diff_rulebooks(data, patrol_rules(), rulebook_set::from({changed}), "2024");
        ASSERT_EQ(diffs.size(), 1U);
        const auto& d = diffs[0];
        EXPECT_EQ(p.compared, d.compared);
        EXPECT_DOUBLE_EQ(p.spearman, d.spearman);
        EXPECT_DOUBLE_EQ(p.kendall_tau_b, d.kendall_tau_b);
        std::vector<std::string> moved;
        for (const auto& c : d.changes) {
            if (c.tier_changed()) {
                moved.push_back(c.subject + ":" + c.old_tier + ">" + c.new_tier);
            }
        }
        std::vector<std::string> found;
        for (const auto& m : p.moves) {
            found.push_back(m.subject + ":" + m.old_tier + ">" + m.new_tier);
        }
        EXPECT_EQ(found, moved) << "at " << p.value;
    }
}

// ---- Names ----

std::string error_of(const sensitivity_options& options) {
    try {
        static_cast<void>(analyse_sensitivity(five_models(), patrol_rules(), "2024", options));
    } catch (const usage_error& e) {
        return e.what();
    }
    return "no error";
}

TEST(analyse_sensitivity, refuses_an_unknown_name_with_the_closest_one) {
    EXPECT_THAT(error_of(sweeping("cutof.effective", 70, 80, 1)),
                HasSubstr("unknown name 'cutof.effective' to vary"));
    EXPECT_THAT(error_of(sweeping("cutof.effective", 70, 80, 1)),
                HasSubstr("(did you mean 'cutoff.effective'?)"));
    EXPECT_THAT(error_of(sweeping("patrol_targte", 30, 50, 5)),
                HasSubstr("(did you mean 'patrol_target'?)"));
    EXPECT_THAT(error_of(sweeping("points.no_serious_crime", 1, 2, 1)),
                HasSubstr("unknown name 'points.no_serious_crime'"));
    // The last tier has no condition, hence no cut-off.
    EXPECT_THAT(error_of(sweeping("cutoff.poor", 1, 2, 1)), HasSubstr("unknown name"));
    EXPECT_THAT(error_of(sweeping("cutoff.effective", 90, 80, 1)),
                HasSubstr("FROM (90) is above TO (80)"));
    // A value the rulebook's own checks refuse is named, whichever thread met it first.
    sensitivity_options negative = sweeping("points.patrols", -20, 0, 10);
    negative.threads = 3;
    EXPECT_THAT(error_of(negative),
                HasSubstr("--vary points.patrols: rulebook 'patrol-model' does not accept the "
                          "value -20: "));
    EXPECT_THAT(error_of(negative), HasSubstr("'points' must not be negative"));
    sensitivity_options draws;
    draws.draws = 10;
    draws.spread = 1.5;
    EXPECT_THAT(error_of(draws),
                HasSubstr("spread of the weight draws must be above 0 and below 1"));
    EXPECT_THAT(error_of({}), HasSubstr("nothing to vary"));
    sensitivity_options other = sweeping("patrol_target", 30, 50, 5);
    other.rulebook = "patrol-modle";
    EXPECT_THAT(error_of(other), HasSubstr("patrol-model"));
}

TEST(analyse_sensitivity, refuses_a_tier_condition_without_a_single_cutoff) {
    const auto book = parse_rulebook(
        replaced(patrol_text(), "score >= 80", "score >= 80 or patrols > 45"), "or.yaml");
    const auto two = parse_rulebook(
        replaced(patrol_text(), "score >= 80", "score >= 80 and score > 70"), "two.yaml");
    const auto run = [](const rulebook& b) {
        try {
            static_cast<void>(analyse_sensitivity(five_models(), rulebook_set::from({b}), "2024",
                                                  sweeping("cutoff.effective", 70, 80, 5)));
        } catch (const usage_error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_EQ(run(book), "no error");  // one `score >= X`, whatever else is joined to it
    EXPECT_THAT(run(two), HasSubstr("has no single cut-off to vary"));
}

// ---- Weight draws ----

TEST(analyse_sensitivity, weight_draws_give_the_same_report_for_a_seed_and_any_thread_count) {
    sensitivity_options o;
    o.draws = 40;
    o.spread = 0.2;
    o.seed = 7;
    o.threads = 1;
    const dataset data = five_models();
    const auto one = analyse_sensitivity(data, patrol_rules(), "2024", o);
    const auto again = analyse_sensitivity(data, patrol_rules(), "2024", o);
    o.threads = 4;
    const auto four = analyse_sensitivity(data, patrol_rules(), "2024", o);
    const std::string text = format_sensitivity(one, result_format::json);
    EXPECT_EQ(text, format_sensitivity(again, result_format::json));
    EXPECT_EQ(text, format_sensitivity(four, result_format::json));
    o.seed = 8;
    EXPECT_NE(text, format_sensitivity(analyse_sensitivity(data, patrol_rules(), "2024", o),
                                       result_format::json));

    ASSERT_TRUE(one.at(0).draws.has_value());
    const auto& d = *one[0].draws;
    EXPECT_EQ(d.draws, 40U);
    EXPECT_THAT(d.criteria, ElementsAre("patrols", "participation", "reports_bonus"));
    ASSERT_EQ(d.subjects.size(), 5U);
    ASSERT_EQ(d.tiers.size(), 3U);
    EXPECT_EQ(d.tiers[0].subjects, 2U);  // a and e
    EXPECT_EQ(d.tiers[1].subjects, 3U);
    EXPECT_TRUE(std::isnan(d.tiers[2].kept_share));  // no poor model as written
    // a and e score alike in every draw: both keep their tier together, and the share of
    // `effective` is theirs.
    EXPECT_EQ(d.subjects[0].kept_tier, d.subjects[4].kept_tier);
    EXPECT_DOUBLE_EQ(d.tiers[0].kept_share, static_cast<double>(d.subjects[0].kept_tier) / 40.0);
    // d at 55 needs a fall of more than 8% to leave `average`: a spread of 0.2 can do it,
    // but at most 40 draws say so.
    for (const auto& s : d.subjects) {
        EXPECT_LE(s.kept_tier, 40U);
        EXPECT_LE(s.min_rank, s.max_rank);
        EXPECT_GE(s.min_rank, 1U);
    }
}

TEST(analyse_sensitivity, threads_do_not_change_a_sweep) {
    sensitivity_options o = sweeping("cutoff.effective", 50, 100, 1);
    o.sweeps.push_back({"points.participation", 10, 80, 5});
    o.draws = 5;
    o.threads = 1;
    const dataset data = five_models();
    const auto one = analyse_sensitivity(data, patrol_rules(), "2024", o);
    o.threads = 3;
    const auto three = analyse_sensitivity(data, patrol_rules(), "2024", o);
    for (const auto format : {result_format::table, result_format::csv, result_format::json}) {
        EXPECT_EQ(format_sensitivity(one, format, language::vi, &data),
                  format_sensitivity(three, format, language::vi, &data));
    }
}

TEST(analyse_sensitivity, a_rulebook_that_rolls_up_another_reads_its_results_as_written) {
    // Commune c1 holds the five models; two of them (a, e) are `effective` as written, so
    // its share is 0.4 and its score 40: `good` at a cut-off of 30 or 40, not at 50. The
    // patrol rulebook is evaluated for the roll-up; only the commune's is varied.
    const auto commune = parse_rulebook(R"~(antq: 1
id: commune-patrols
title: "Xã có mô hình tuần tra hiệu quả"
subject: unit
applies_to: 'unit_kind == "commune"'
period: calendar-year
versions:
  - version: "1"
    effective: 2015-01-01
    rollups:
      effective_share: {from: patrol-model, over: descendants, value: 'share(tier == "effective")'}
    criteria:
      - {id: share, kind: scored, points: 100, score: "effective_share"}
    tiers:
      - {id: good, label: "Tốt", when: "score >= 40"}
      - {id: other, label: "Chưa tốt"}
)~",
                                        "commune.yaml");
    const auto rules = rulebook_set::from({test_support::patrol_rulebook(), commune});
    const auto reports =
        analyse_sensitivity(five_models(), rules, "2024", sweeping("cutoff.good", 30, 50, 10));
    ASSERT_EQ(reports.size(), 1U);
    EXPECT_EQ(reports[0].rulebook, "commune-patrols");
    const auto& s = reports[0].sweeps.at(0);
    EXPECT_TRUE(s.retiered);
    ASSERT_EQ(s.points.size(), 3U);
    EXPECT_THAT(s.points[0].counts, ElementsAre(1, 0, 0));
    EXPECT_THAT(s.points[1].counts, ElementsAre(1, 0, 0));
    EXPECT_THAT(s.points[2].counts, ElementsAre(0, 1, 0));
    EXPECT_TRUE(s.points[1].moves.empty());
    ASSERT_EQ(s.points[2].moves.size(), 1U);
    EXPECT_EQ(s.points[2].moves[0].subject, "c1");
    EXPECT_EQ(s.points[2].moves[0].old_tier, "good");
    EXPECT_EQ(s.points[2].moves[0].new_tier, "other");
}

// ---- The fast path (docs/sensitivity.md, "Fast path") ----

TEST(analyse_sensitivity, retiers_a_cutoff_or_a_parameter_only_tiers_read_and_evaluates_the_rest) {
    const auto book =
        parse_rulebook(replaced(replaced(patrol_text(), "score >= 80", "score >= cut"),
                                "patrol_target: 40", "patrol_target: 40, cut: 80"),
                       "cut.yaml");
    const auto retiered = [](const rulebook_set& rules, const std::string& name, double from,
                             double to, double step) {
        return analyse_sensitivity(five_models(), rules, "2024", sweeping(name, from, to, step))
            .at(0)
            .sweeps.at(0)
            .retiered;
    };
    EXPECT_TRUE(retiered(patrol_rules(), "cutoff.effective", 70, 82, 4));
    EXPECT_TRUE(retiered(rulebook_set::from({book}), "cutoff.effective", 70, 82, 4));
    EXPECT_TRUE(retiered(rulebook_set::from({book}), "cut", 70, 82, 4));
    // Points and a parameter a criterion reads move scores: every value evaluated whole.
    EXPECT_FALSE(retiered(patrol_rules(), "points.patrols", 20, 60, 40));
    EXPECT_FALSE(retiered(patrol_rules(), "patrol_target", 30, 50, 10));
}

TEST(analyse_sensitivity, the_fast_path_gives_the_report_of_whole_evaluations) {
    const std::string with_cut = replaced(replaced(patrol_text(), "score >= 80", "score >= cut"),
                                          "patrol_target: 40", "patrol_target: 40, cut: 80");
    const auto fast_rules = rulebook_set::from({parse_rulebook(with_cut, "cut.yaml")});
    // The same rule, with the parameter's name also in a criterion's title: the fast path
    // says no to any other mention, so every value is evaluated whole.
    const auto whole_rules = rulebook_set::from({parse_rulebook(
        replaced(with_cut, "Điểm thưởng tin báo", "Điểm thưởng tin báo (cut)"), "cut.yaml")});
    const dataset data = five_models();
    for (const unsigned threads : {1U, 4U}) {
        sensitivity_options o = sweeping("cut", 40, 100, 2.5);
        o.threads = threads;
        const auto fast = analyse_sensitivity(data, fast_rules, "2024", o);
        const auto whole = analyse_sensitivity(data, whole_rules, "2024", o);
        ASSERT_TRUE(fast.at(0).sweeps.at(0).retiered);
        ASSERT_FALSE(whole.at(0).sweeps.at(0).retiered);
        for (const auto format : {result_format::table, result_format::csv, result_format::json}) {
            EXPECT_EQ(format_sensitivity(fast, format, language::vi, &data),
                      format_sensitivity(whole, format, language::vi, &data))
                << threads << " threads";
        }
        EXPECT_EQ(format_sensitivity_html(fast, language::en, &data),
                  format_sensitivity_html(whole, language::en, &data));
    }
}

// ---- Outputs ----

TEST(format_sensitivity, writes_tables_in_vietnamese_and_english_csv_and_json) {
    const dataset data = five_models();
    sensitivity_options o = sweeping("cutoff.effective", 70, 82, 4);
    const auto reports = analyse_sensitivity(data, patrol_rules(), "2024", o);
    const std::string vi = format_sensitivity(reports, result_format::table, language::vi, &data);
    EXPECT_THAT(vi, HasSubstr("Thay đổi cutoff.effective — theo quy định: 80:"));
    EXPECT_THAT(vi, HasSubstr("Mô hình B (b)"));
    EXPECT_THAT(vi, HasSubstr("70: Trung bình → Hiệu quả; 74: Hiệu quả → Trung bình"));
    const std::string en = format_sensitivity(reports, result_format::table, language::en);
    EXPECT_THAT(en, HasSubstr("Varying cutoff.effective — as written: 80:"));
    EXPECT_THAT(en, HasSubstr("70: average -> effective; 74: effective -> average"));
    const std::string csv = format_sensitivity(reports, result_format::csv);
    EXPECT_THAT(csv, HasSubstr("patrol-model,cutoff.effective,70,count,,,effective,4,,,,,,\n"));
    EXPECT_THAT(csv, HasSubstr("patrol-model,cutoff.effective,70,move,b,average,effective,"));
    EXPECT_THAT(csv, HasSubstr("patrol-model,cutoff.effective,74,change,b,effective,average,"));
    const auto json = nlohmann::json::parse(format_sensitivity(reports, result_format::json));
    ASSERT_EQ(json.size(), 1U);
    EXPECT_EQ(json[0]["sweeps"][0]["points"][0]["counts"], nlohmann::json({4, 1, 0, 0}));
    EXPECT_TRUE(json[0]["draws"].is_null());
}

TEST(format_sensitivity_html, draws_one_series_per_tier_with_its_counts_and_escapes_text) {
    const dataset data = five_models();
    sensitivity_options o = sweeping("cutoff.effective", 70, 82, 4);
    o.sweeps.push_back({"points.patrols", 20, 60, 40});
    const auto reports = analyse_sensitivity(data, patrol_rules(), "2024", o);
    const auto& r = reports.at(0);
    const std::string vi = format_sensitivity_html(reports, language::vi, &data);
    EXPECT_EQ(vi.rfind("<!DOCTYPE html>\n<html lang=\"vi\">", 0), 0U);
    // One chart per sweep, one series per tier in each, with the counts of the table.
    std::size_t charts = 0;
    for (auto at = vi.find("<svg class=\"sweep-chart\""); at != std::string::npos;
         at = vi.find("<svg class=\"sweep-chart\"", at + 1)) {
        ++charts;
    }
    EXPECT_EQ(charts, 2U);
    for (const auto& s : r.sweeps) {
        for (std::size_t t = 0; t < r.tiers.size(); ++t) {
            std::string counts;
            for (const auto& p : s.points) {
                counts += (counts.empty() ? "" : " ") + std::to_string(p.counts[t]);
            }
            EXPECT_THAT(vi, HasSubstr("<g class=\"series\" data-tier=\"" + r.tiers[t] +
                                      "\" data-counts=\"" + counts + "\">"))
                << s.name << " " << r.tiers[t];
        }
    }
    std::size_t series = 0;
    for (auto at = vi.find("<g class=\"series\""); at != std::string::npos;
         at = vi.find("<g class=\"series\"", at + 1)) {
        ++series;
    }
    EXPECT_EQ(series, 2 * r.tiers.size());
    // Cut-off 70: four effective, one average (a, b, c, e effective; d average).
    EXPECT_THAT(vi, HasSubstr("data-tier=\"effective\" data-counts=\"4 3 2 0\""));
    // Labels in the reader's language, every text escaped (the title holds <thử nghiệm>).
    EXPECT_THAT(vi, HasSubstr("Mô hình tuần tra &lt;thử nghiệm&gt; (patrol-model)"));
    EXPECT_EQ(vi.find("<thử nghiệm>"), std::string::npos);
    EXPECT_THAT(vi, HasSubstr(">Hiệu quả</text>"));
    EXPECT_THAT(vi, HasSubstr("<th>giá trị</th>"));
    EXPECT_THAT(vi, HasSubstr("Mô hình B (b)"));
    const std::string en = format_sensitivity_html(reports, language::en, &data);
    EXPECT_THAT(en, HasSubstr(">effective</text>"));
    EXPECT_THAT(en, HasSubstr("<th>value</th>"));
    EXPECT_EQ(en.find("Hiệu quả"), std::string::npos);
    // Nothing outside the page: no link, script or file it would fetch.
    for (const char* outside : {"href=", "src=", "<script", "<link", "url("}) {
        EXPECT_EQ(vi.find(outside), std::string::npos) << outside;
    }
    EXPECT_EQ(vi, format_sensitivity_html(reports, language::vi, &data));
}

}  // namespace
}  // namespace antq
