#include <antq/rulebook_lint.hpp>

#include <antq/rulebook_loader.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

// A rulebook with `criteria` and `tiers` spliced in; checked first (it must be valid).
std::vector<std::string> warnings_of(const std::string& criteria, const std::string& tiers,
                                     const std::string& extra = "") {
    const std::string yaml =
        "antq: 1\nid: lint\ntitle: \"Lint\"\nsubject: model\nversions:\n"
        "  - version: \"1\"\n    effective: 2024-01-01\n" +
        extra +
        "    parameters:\n      target: 10\n"
        "    indicators:\n      a: {type: number}\n      b: {type: number}\n"
        "    criteria:\n" +
        criteria + "    tiers:\n" + tiers;
    const auto book = antq::parse_rulebook(yaml, "lint.yaml");
    std::vector<std::string> out;
    for (const auto& d : antq::lint_rulebook(book)) {
        EXPECT_EQ(d.severity, antq::severity::warning);
        out.push_back(d.to_string());
    }
    return out;
}

const std::string two_criteria = R"(      - id: first
        kind: scored
        points: 60
        score: "a"
      - id: second
        kind: scored
        points: 40
        score: "b"
)";

const std::string last_tier = R"(      - id: rest
        label: "Còn lại"
)";

TEST(lint, a_sound_rulebook_has_no_warnings) {
    EXPECT_EQ(warnings_of(two_criteria, R"(      - id: top
        label: "Tốt"
        when: "score >= 80"
      - id: mid
        label: "Khá"
        when: "score >= 50 and score < 80"
)" + last_tier),
              std::vector<std::string>{});
}

TEST(lint, a_threshold_above_the_maximum_cannot_be_reached) {
    EXPECT_EQ(warnings_of(two_criteria, R"(      - id: top
        label: "Tốt"
        when: "score >= 120 and passed_count > 0"
      - id: mid
        label: "Khá"
        when: "score > 100"
)" + last_tier),
              (std::vector<std::string>{
                  "lint.yaml:25:15: warning: tier 'top' cannot be reached: it needs a score of at "
                  "least 120, and the maximum is 100",
                  "lint.yaml:28:15: warning: tier 'mid' cannot be reached: it needs a score above "
                  "100, and the maximum is 100"}));
}

TEST(lint, a_band_covered_by_the_tiers_above_cannot_be_reached) {
    EXPECT_EQ(warnings_of(two_criteria, R"(      - id: top
        label: "Tốt"
        when: "score >= 50"
      - id: mid
        label: "Khá"
        when: "score >= 60 and score <= 90"
)" + last_tier),
              std::vector<std::string>{
                  "lint.yaml:28:15: warning: tier 'mid' cannot be reached: every score it accepts "
                  "is taken by a tier above"});
    // A tier above with `requires` does not take everyone in its band.
    const std::string required = R"(      - id: ok
        kind: required
        when: "a > 0"
)";
    EXPECT_EQ(warnings_of(two_criteria + required, R"(      - id: top
        label: "Tốt"
        when: "score >= 50"
        requires: [ok]
      - id: mid
        label: "Khá"
        when: "score >= 60 and score <= 90"
)" + last_tier),
              std::vector<std::string>{
                  "lint.yaml:32:15: warning: tiers 'top' (score >= 50) and 'mid' (score >= 60 and "
                  "score <= 90) overlap; 'top' takes the scores they share"});
}

TEST(lint, bands_that_leave_a_gap_or_overlap) {
    EXPECT_EQ(warnings_of(two_criteria, R"(      - id: top
        label: "Tốt"
        when: "score >= 80"
      - id: mid
        label: "Khá"
        when: "score >= 50 and score < 70"
)" + last_tier),
              std::vector<std::string>{
                  "lint.yaml:28:15: warning: tiers 'top' (score >= 80) and 'mid' (score >= 50 and "
                  "score < 70) leave a gap: scores between them fall to a lower tier"});
    EXPECT_EQ(warnings_of(two_criteria, R"(      - id: top
        label: "Tốt"
        when: "score > 80"
      - id: mid
        label: "Khá"
        when: "50 <= score and score < 80"
)" + last_tier),
              std::vector<std::string>{
                  "lint.yaml:28:15: warning: tiers 'top' (score > 80) and 'mid' (score >= 50 and "
                  "score < 80) leave a gap: scores between them fall to a lower tier"});
}

TEST(lint, criteria_that_can_never_change_a_result) {
    const std::string criteria = two_criteria + R"(      - id: nothing
        kind: scored
        points: 0
        score: "a"
      - id: always
        kind: veto
        when: "target > 5"
      - id: zero
        kind: bonus
        points: 5
        score: "target * 0"
      - id: unused
        kind: required
        when: "a > 1"
)";
    EXPECT_EQ(
        warnings_of(criteria, R"(      - id: top
        label: "Tốt"
        when: "score >= 80"
)" + last_tier),
        (std::vector<std::string>{
            "lint.yaml:24:17: warning: criterion 'nothing' gives 0 points: it can never "
            "change a result",
            "lint.yaml:28:15: warning: criterion 'always' is always met ('when' is always "
            "true): it can never change a result",
            "lint.yaml:32:16: warning: criterion 'zero' always scores 0 ('score' is a "
            "constant): it can never change a result",
            "lint.yaml:33:9: warning: required criterion 'unused' is in no tier's 'requires': "
            "it can never change a result"}));
}

TEST(lint, points_that_do_not_add_up_to_the_declared_maximum) {
    EXPECT_EQ(warnings_of(two_criteria, R"(      - id: top
        label: "Tốt"
        when: "score >= 40"
)" + last_tier,
                          "    max_score: 120\n"),
              std::vector<std::string>{
                  "lint.yaml:8:16: warning: the points of the scored criteria add up to 100, not "
                  "the declared maximum 120"});
    EXPECT_EQ(warnings_of(two_criteria, R"(      - id: top
        label: "Tốt"
        when: "score >= 40"
)" + last_tier,
                          "    engine_options: {max_score: 90}\n"),
              std::vector<std::string>{
                  "lint.yaml:8:22: warning: the points of the scored criteria add up to 100, not "
                  "the declared maximum 90"});
    // Undeclared, but thresholds out of 100.
    const std::string small = R"(      - id: first
        kind: scored
        points: 30
        score: "a"
      - id: second
        kind: scored
        points: 60
        score: "b"
)";
    EXPECT_EQ(warnings_of(small, R"(      - id: top
        label: "Tốt"
        when: "score >= 80"
)" + last_tier),
              std::vector<std::string>{
                  "lint.yaml:14:7: warning: the points of the scored criteria add up to 90, but "
                  "the tier thresholds (up to 80) read as out of 100; declare 'max_score' if that "
                  "is meant"});
}

}  // namespace
