#include "antq/evaluation/fingerprint.hpp"

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

TEST(rulebook_hash, is_the_digest_of_the_canonical_text) {
    antq::rulebook book;
    book.source_text = "antq: 1\nid: x\n";
    // sha256(b"antq: 1\nid: x\n") from Python's hashlib.
    EXPECT_EQ(rulebook_hash(book),
              "ac0e362b4eba1c001268280dea6fa04eff213b0bd9f41f4bf425cc12098d262a");
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

TEST(canonical_text, is_the_source_text_when_there_is_one) {
    auto book = code_built();
    book.source_text = "antq: 1\nid: x\n";
    EXPECT_EQ(canonical_text(book), "antq: 1\nid: x\n");
}

TEST(canonical_text, of_a_code_built_rulebook_changes_with_every_field_that_counts) {
    const auto book = code_built();
    const std::string base = canonical_text(book);
    EXPECT_EQ(canonical_text(code_built()), base);

    auto points = book;
    points.versions[0].criteria[0].points = 25;
    EXPECT_NE(canonical_text(points), base);
    auto formula = book;
    formula.versions[0].criteria[0].score.text = "ratio(crimes_detected, crimes) * 1";
    EXPECT_NE(canonical_text(formula), base);
    auto quota = book;
    quota.versions[0].tiers[0].quota->max_share = 0.2;
    EXPECT_NE(canonical_text(quota), base);
    auto missing = book;
    missing.versions[0].indicators[0].missing = antq::missing_policy::zero;
    EXPECT_NE(canonical_text(missing), base);
    auto effective = book;
    effective.versions[0].effective = antq::date(2022, 2, 16);
    EXPECT_NE(canonical_text(effective), base);
    auto rounding = book;
    rounding.versions[0].rounding_digits = 1;
    EXPECT_NE(canonical_text(rounding), base);
    auto options = book;
    options.versions[0].options.values["scale"] = 10;
    EXPECT_NE(canonical_text(options), base);

    // Where a piece was written does not change any result.
    auto moved = book;
    moved.versions[0].criteria[0].where = {"rules.yaml", 3, 4};
    EXPECT_EQ(canonical_text(moved), base);
}
