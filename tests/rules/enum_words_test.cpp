// The word tables of the rulebook's enums (src/antq/rules/rulebook_words.hpp,
// src/antq/engines/criterion_words.hpp): what the reader reads and `to_string` writes.

#include <antq/criterion_vocabulary.hpp>
#include <antq/rulebook.hpp>
#include <antq/rulebook_loader.hpp>

#include "antq/engines/criterion_words.hpp"
#include "antq/rules/rulebook_words.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace {

// Every value and every word of `table` appears once, and `to_string` writes the word the
// table gives.
template <typename Enum, std::size_t N>
void expect_one_word_per_value(const std::array<antq::detail::enum_word<Enum>, N>& table) {
    std::set<Enum> values;
    std::set<std::string_view> words;
    for (const auto& entry : table) {
        SCOPED_TRACE(std::string(entry.word));
        EXPECT_TRUE(values.insert(entry.value).second) << "a value with two words";
        EXPECT_TRUE(words.insert(entry.word).second) << "a word for two values";
        EXPECT_EQ(antq::to_string(entry.value), entry.word);
        EXPECT_EQ(antq::detail::value_of<Enum>(table, entry.word), entry.value);
    }
    EXPECT_EQ(antq::detail::value_of<Enum>(table, "no-such-word"), std::nullopt);
}

TEST(enum_words, every_rulebook_enum_has_one_word_per_value) {
    expect_one_word_per_value(antq::detail::subject_kind_words);
    expect_one_word_per_value(antq::detail::indicator_type_words);
    expect_one_word_per_value(antq::detail::missing_policy_words);
    expect_one_word_per_value(antq::detail::rank_method_words);
    expect_one_word_per_value(antq::detail::rollup_scope_words);
    expect_one_word_per_value(antq::detail::rollup_error_policy_words);
    expect_one_word_per_value(antq::detail::rollup_tier_source_words);
    expect_one_word_per_value(antq::detail::criterion_kind_words);
    expect_one_word_per_value(antq::detail::criterion_direction_words);
}

TEST(enum_words, the_reader_reads_each_word_as_the_value_of_its_table) {
    // A word of each table other than the first (whose value is also a default), read
    // through the rulebook reader; `bool` is the word of `indicator_type::boolean`.
    const antq::rulebook book = antq::parse_rulebook(R"(antq: 1
id: words
title: "Từ"
subject: exemplar
versions:
  - version: "1"
    effective: 2024-01-01
    indicators:
      active: {type: bool, missing: exclude}
      crimes: {type: count, missing: zero}
    engine: weighted
    criteria:
      - id: calm
        kind: penalty
        points: 10
        direction: cost
        score: "crimes"
    tiers:
      - id: good
        label: "Tốt"
        when: "score >= 0"
      - id: other
        label: "Khác"
    ranking:
      method: dense
)",
                                                     "words.yaml");
    EXPECT_EQ(book.subject, antq::subject_kind::exemplar);
    const auto& version = book.versions.at(0);
    ASSERT_EQ(version.indicators.size(), 2U);
    EXPECT_EQ(version.indicators.at(0).type, antq::indicator_type::boolean);
    EXPECT_EQ(version.indicators.at(0).missing, antq::missing_policy::exclude);
    EXPECT_EQ(version.indicators.at(1).type, antq::indicator_type::count);
    EXPECT_EQ(version.indicators.at(1).missing, antq::missing_policy::zero);
    ASSERT_EQ(version.criteria.size(), 1U);
    EXPECT_EQ(version.criteria.at(0).kind, antq::criterion_kind::penalty);
    EXPECT_EQ(version.criteria.at(0).direction, antq::criterion_direction::cost);
    EXPECT_EQ(version.ranking.method, antq::rank_method::dense);
}

TEST(enum_words, a_wrong_word_lists_the_table_and_suggests_the_closest) {
    const auto check = antq::check_rulebook_text(R"(antq: 1
id: words
title: "Từ"
subject: exemplr
versions: []
)",
                                                 "words.yaml");
    ASSERT_FALSE(check.diagnostics.empty());
    EXPECT_EQ(check.diagnostics.front().to_string(),
              "words.yaml:4:10: error: 'subject' must be one of model, unit, exemplar, got "
              "'exemplr' (did you mean 'exemplar'?)");
}

}  // namespace
