#include "antq/evaluation/fingerprint.hpp"

#include <antq/evaluate.hpp>
#include <antq/rulebook_loader.hpp>
#include <antq/rulebook_writer.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace antq::detail::evaluation;

namespace {

antq::rulebook code_built() {
    antq::rulebook book;
    book.id = "model-effectiveness";
    book.title = "Đánh giá hiệu quả mô hình";
    antq::rulebook_version v;
    v.version = "2022.1";
    v.effective = antq::date(2022, 2, 15);
    v.indicators.push_back(
        {"crimes", antq::indicator_type::count, antq::missing_policy::error, "Số vụ phạm tội", {}});
    antq::criterion c;
    c.id = "detection";
    c.kind = antq::criterion_kind::scored;
    c.points = 20;
    c.score.text = "ratio(crimes_detected, crimes)";
    v.criteria.push_back(c);
    antq::tier top;
    top.id = "effective";
    top.when.text = "score >= 80";
    top.quota = antq::quota{0.3, "commune", "", {}};
    antq::tier last;
    last.id = "poor";
    v.tiers = {top, last};
    book.versions.push_back(v);
    return book;
}

}  // namespace

TEST(sha256_hex, matches_reference_digests) {
    // Reference values from Python's hashlib.
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex("abc"),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(framed_sha256_hex, frames_each_part_by_its_length) {
    // sha256(b"3:abc") from Python's hashlib.
    const std::vector<std::string_view> abc = {"abc"};
    EXPECT_EQ(framed_sha256_hex(abc),
              "aab5f9ae99b2e38fb462025c8f72f570c9c811705d2a4277dc855d7fa293fe97");
    const std::vector<std::string_view> split_1 = {"ab", "c"};
    const std::vector<std::string_view> split_2 = {"a", "bc"};
    EXPECT_NE(framed_sha256_hex(split_1), framed_sha256_hex(split_2));
}

TEST(rulebook_hash, is_the_digest_of_the_source_text_while_it_is_current) {
    const std::string text = "antq: 1\nid: x\nsubject: unit\nversions: []\n";
    antq::rulebook book;
    book.id = "x";
    book.subject = antq::subject_kind::unit;
    book.source_text = text;
    // sha256 of the text above, from Python's hashlib.
    EXPECT_EQ(rulebook_hash(book), sha256_hex(text));
    EXPECT_EQ(sha256_hex(text), "018d4fd01f8e9b17bdf391a01cbe0b5b7182d505eeaac2a2e5852aca4b539589");
}

TEST(fingerprint, hashes_rulebooks_dataset_and_library_version) {
    // sha256(b"17:antq-evaluation-14:rule4:data5:0.1.0") from Python's hashlib.
    const std::vector<std::string> rules = {"rule"};
    EXPECT_EQ(fingerprint(rules, "data", "0.1.0"),
              "e122b30b4c7add187972bb287c0139e584d0c9e145c6b7e342e5dcc4c81e3d0e");
}

TEST(fingerprint, changes_when_any_input_changes) {
    const std::vector<std::string> rules = {"rule-a", "rule-b"};
    const std::string base = fingerprint(rules, "data", "0.1.0");
    const std::vector<std::string> other_rule = {"rule-a", "rule-c"};
    const std::vector<std::string> fewer_rules = {"rule-a"};
    const std::vector<std::string> swapped = {"rule-b", "rule-a"};
    EXPECT_NE(fingerprint(other_rule, "data", "0.1.0"), base);
    EXPECT_NE(fingerprint(fewer_rules, "data", "0.1.0"), base);
    EXPECT_NE(fingerprint(swapped, "data", "0.1.0"), base);
    EXPECT_NE(fingerprint(rules, "datb", "0.1.0"), base);
    EXPECT_NE(fingerprint(rules, "data", "0.1.1"), base);
    EXPECT_EQ(fingerprint(rules, "data", "0.1.0"), base);
}

TEST(rulebook_text, is_the_source_text_only_while_it_reads_as_the_rulebook) {
    auto book = code_built();
    book.source_text = antq::write_rulebook(book);
    EXPECT_TRUE(antq::source_text_is_current(book));
    EXPECT_EQ(antq::rulebook_text(book), book.source_text);

    // Text that reads as another rule (here, another id) is not this rulebook's text.
    book.source_text = "antq: 1\nid: x\nsubject: model\nversions: []\n";
    EXPECT_FALSE(antq::source_text_is_current(book));
    EXPECT_EQ(antq::rulebook_text(book), antq::write_rulebook(book));
}

TEST(rulebook_text, of_a_code_built_rulebook_changes_with_every_field_that_counts) {
    const auto book = code_built();
    const std::string base = antq::rulebook_text(book);
    EXPECT_EQ(antq::rulebook_text(code_built()), base);

    auto points = book;
    points.versions[0].criteria[0].points = 25;
    EXPECT_NE(antq::rulebook_text(points), base);
    auto formula = book;
    formula.versions[0].criteria[0].score.text = "ratio(crimes_detected, crimes) * 1";
    EXPECT_NE(antq::rulebook_text(formula), base);
    auto quota = book;
    quota.versions[0].tiers[0].quota->max_share = 0.2;
    EXPECT_NE(antq::rulebook_text(quota), base);
    auto missing = book;
    missing.versions[0].indicators[0].missing = antq::missing_policy::zero;
    EXPECT_NE(antq::rulebook_text(missing), base);
    auto effective = book;
    effective.versions[0].effective = antq::date(2022, 2, 16);
    EXPECT_NE(antq::rulebook_text(effective), base);
    auto rounding = book;
    rounding.versions[0].rounding_digits = 1;
    EXPECT_NE(antq::rulebook_text(rounding), base);
    auto options = book;
    options.versions[0].options.values["scale"] = 10;
    EXPECT_NE(antq::rulebook_text(options), base);
    // A veto's cap changes tiers, so it is in the text (and so in the hash); two caps differ.
    auto capped = book;
    capped.versions[0].criteria[0].caps_at = capped.versions[0].tiers.back().id;
    EXPECT_NE(antq::rulebook_text(capped), base);
    EXPECT_NE(rulebook_hash(capped), rulebook_hash(book));
    auto capped_higher = capped;
    capped_higher.versions[0].criteria[0].caps_at = capped.versions[0].tiers.front().id;
    EXPECT_NE(antq::rulebook_text(capped_higher), antq::rulebook_text(capped));

    // A conditional action changes what is proposed: its condition and its other action are
    // in the text (and so in the hash), and a changed condition changes it again.
    auto conditional = book;
    conditional.versions[0].tiers[0].action = "replicate";
    const std::string fixed_action = antq::rulebook_text(conditional);
    conditional.versions[0].tiers[0].action_when.text = "previous_tier(1) == \"effective\"";
    const std::string with_condition = antq::rulebook_text(conditional);
    EXPECT_NE(with_condition, fixed_action);
    conditional.versions[0].tiers[0].otherwise = "maintain";
    const std::string with_otherwise = antq::rulebook_text(conditional);
    EXPECT_NE(with_otherwise, with_condition);
    const std::string hash = rulebook_hash(conditional);
    conditional.versions[0].tiers[0].action_when.text = "previous_tier(2) == \"effective\"";
    EXPECT_NE(rulebook_hash(conditional), hash);
    conditional.versions[0].tiers[0].otherwise = "improve";
    EXPECT_NE(antq::rulebook_text(conditional), with_otherwise);

    // A roll-up's policy for sources without a result: the default keeps the text it had
    // before the policy existed, every other choice changes it.
    auto rolled = book;
    antq::rollup r;
    r.id = "villages_recognised";
    r.from = "tt124-residential";
    r.value.text = "count(tier == \"dat\")";
    rolled.versions[0].rollups.push_back(r);
    const std::string with_rollup = antq::rulebook_text(rolled);
    EXPECT_EQ(with_rollup.find("on_error"), std::string::npos);
    rolled.versions[0].rollups[0].on_error = antq::rollup_error_policy::skip;
    const std::string skip = antq::rulebook_text(rolled);
    rolled.versions[0].rollups[0].on_error = antq::rollup_error_policy::fail;
    const std::string fail = antq::rulebook_text(rolled);
    EXPECT_NE(skip, with_rollup);
    EXPECT_NE(fail, with_rollup);
    EXPECT_NE(skip, fail);
    EXPECT_NE(rulebook_hash(rolled), sha256_hex(with_rollup));

    // Where a piece was written does not change any result.
    auto moved = book;
    moved.versions[0].criteria[0].where = {"rules.yaml", 3, 4};
    EXPECT_EQ(antq::rulebook_text(moved), base);
}

// A rulebook read from a file is fingerprinted by its text, so a roll-up's `on_error` is in
// its hash: results under one policy never pass for results under another.
TEST(rulebook_hash, changes_with_a_roll_up_policy) {
    const std::string text = R"~(antq: 1
id: communes
title: "Xã"
subject: unit
period: calendar-year
versions:
  - version: "1"
    effective: 2020-01-01
    rollups:
      recognised: {from: villages, value: 'count(tier == "dat")'POLICY}
    criteria:
      - {id: any, kind: required, when: "recognised >= 1"}
    tiers:
      - {id: dat, label: "Đạt", when: "passed(any)"}
      - {id: chua_dat, label: "Chưa đạt"}
)~";
    const auto with = [&](const std::string& policy) {
        std::string t = text;
        t.replace(t.find("POLICY"), 6, policy);
        return antq::parse_rulebook(t, "communes.yaml");
    };
    const auto none = with("");
    const auto skip = with(", on_error: skip");
    const auto fail = with(", on_error: fail");
    EXPECT_EQ(none.versions[0].rollups[0].on_error, antq::rollup_error_policy::incomplete);
    EXPECT_EQ(skip.versions[0].rollups[0].on_error, antq::rollup_error_policy::skip);
    EXPECT_EQ(fail.versions[0].rollups[0].on_error, antq::rollup_error_policy::fail);
    EXPECT_NE(rulebook_hash(none), rulebook_hash(skip));
    EXPECT_NE(rulebook_hash(skip), rulebook_hash(fail));
    EXPECT_NE(rulebook_hash(none), rulebook_hash(fail));
    // Changed in code after it was read, the rule is hashed as it is evaluated.
    auto changed = none;
    changed.versions[0].rollups[0].on_error = antq::rollup_error_policy::fail;
    EXPECT_NE(rulebook_hash(changed), rulebook_hash(none));
    EXPECT_EQ(antq::parse_rulebook(antq::rulebook_text(changed), "again.yaml")
                  .versions[0]
                  .rollups[0]
                  .on_error,
              antq::rollup_error_policy::fail);
}
