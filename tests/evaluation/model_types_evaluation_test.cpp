// Indicators declared `by_type`: a model is judged only on the indicators its type lists in
// the dataset's model-type catalogue (a waterway model is not judged on drug users).

#include <antq/error.hpp>
#include <antq/evaluate.hpp>
#include <antq/rulebook_writer.hpp>

#include "evaluation/pipeline_support.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <string>

namespace antq {
namespace {

using test_support::criterion_value;
using test_support::result_of;
using ::testing::HasSubstr;

// 50 points of patrols, 50 of a drug-users trend read by type; effective from 80.
constexpr std::string_view by_type_rules = R"~(antq: 1
id: waterway
title: "Mô hình"
subject: model
period: calendar-year
versions:
  - version: "1"
    effective: 2024-01-01
    indicators:
      patrols: {type: count}
      drug_users: {type: count, by_type: true}
    criteria:
      - {id: patrols, title: "Tuần tra", kind: scored, points: 50, score: "ratio(patrols, 40)"}
      - {id: drug_trend, title: "Ma túy không tăng", kind: scored, points: 50, score: "drug_users <= 1 ? 1 : 0"}
    tiers:
      - {id: effective, label: "Hiệu quả", when: "score >= 80", action: replicate}
      - {id: poor, label: "Kém", action: dissolve}
)~";

// m1 a waterway model (its type lists patrols only), m2 a village model (its type lists
// nothing: every indicator), m3 of a type outside the catalogue. All have many drug users;
// m1 has no drug_users cell at all, which `missing: error` would refuse.
std::string dataset_json(bool catalogue) {
    std::string json = "{";
    json += test_support::unit_tree;
    json += R"(,
  "models": [
    {"id": "m1", "type": "duong-thuy", "unit": "v1"},
    {"id": "m2", "type": "thon-an-toan", "unit": "v2"},
    {"id": "m3", "type": "", "unit": "v3"}],
  "observations": [
    {"subject": "m1", "period": "2024", "patrols": 40, "drug_users": null},
    {"subject": "m2", "period": "2024", "patrols": 40, "drug_users": 6},
    {"subject": "m3", "period": "2024", "patrols": 40, "drug_users": 6}])";
    if (catalogue) {
        json += R"(,
  "model_types": [
    {"type": "duong-thuy", "indicators": "patrols"},
    {"type": "thon-an-toan", "indicators": ""}])";
    }
    json += "}";
    return json;
}

TEST(model_types_evaluation, a_waterway_model_is_not_judged_on_drug_users) {
    const dataset data = test_support::json_dataset(dataset_json(true));
    const auto results =
        evaluate(data, compile_rulebook(test_support::yaml_rulebook(by_type_rules)), "2024");
    const subject_result waterway = result_of(results, "m1");
    EXPECT_EQ(waterway.status, result_status::evaluated);
    // drug_trend is not assessed: 50 of 50 assessed points, rescaled to 100.
    EXPECT_TRUE(std::isnan(criterion_value(results, "m1", "drug_trend")));
    EXPECT_DOUBLE_EQ(waterway.score, 100);
    EXPECT_EQ(waterway.tier_id, "effective");
    // A type with an empty list, and a model outside the catalogue, are judged on it.
    EXPECT_DOUBLE_EQ(criterion_value(results, "m2", "drug_trend"), 0);
    EXPECT_DOUBLE_EQ(result_of(results, "m2").score, 50);
    EXPECT_DOUBLE_EQ(result_of(results, "m3").score, 50);
}

TEST(model_types_evaluation,
     a_previous_period_of_an_indicator_that_does_not_apply_is_not_assessed_either) {
    std::string rules(by_type_rules);
    const std::string trend = "drug_users <= 1 ? 1 : 0";
    rules.replace(rules.find(trend), trend.size(), "default(previous(drug_users), 0) <= 1 ? 1 : 0");
    const dataset data = test_support::json_dataset(dataset_json(true));
    const auto results =
        evaluate(data, compile_rulebook(test_support::yaml_rulebook(rules)), "2024");
    EXPECT_TRUE(std::isnan(criterion_value(results, "m1", "drug_trend")));
    EXPECT_DOUBLE_EQ(criterion_value(results, "m2", "drug_trend"), 1);
}

TEST(model_types_evaluation, without_a_catalogue_every_model_reads_the_indicator_as_before) {
    const dataset data = test_support::json_dataset(dataset_json(false));
    const auto results =
        evaluate(data, compile_rulebook(test_support::yaml_rulebook(by_type_rules)), "2024");
    // m1's missing cell is an error again (missing: error), the others score 50.
    EXPECT_EQ(result_of(results, "m1").status, result_status::error);
    EXPECT_THAT(result_of(results, "m1").message, HasSubstr("drug_users"));
    EXPECT_DOUBLE_EQ(result_of(results, "m2").score, 50);
    EXPECT_DOUBLE_EQ(result_of(results, "m3").score, 50);
}

TEST(model_types_evaluation, by_type_is_kept_in_the_canonical_text_and_refused_outside_models) {
    const rulebook book = test_support::yaml_rulebook(by_type_rules);
    ASSERT_EQ(book.versions[0].indicators.size(), 2U);
    EXPECT_FALSE(book.versions[0].indicators[0].by_type);
    EXPECT_TRUE(book.versions[0].indicators[1].by_type);
    const rulebook again = test_support::yaml_rulebook(write_rulebook(book));
    EXPECT_TRUE(again.versions[0].indicators[1].by_type);

    std::string units_rules(by_type_rules);
    units_rules.replace(units_rules.find("subject: model"), 14, "subject: unit");
    try {
        static_cast<void>(test_support::yaml_rulebook(units_rules));
        FAIL() << "expected an input_error";
    } catch (const input_error& e) {
        EXPECT_THAT(e.what(), HasSubstr("indicator 'drug_users': 'by_type' reads the model-type "
                                        "catalogue, so it needs 'subject: model'"));
    }
}

}  // namespace
}  // namespace antq
