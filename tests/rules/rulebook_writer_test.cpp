#include <antq/rulebook_writer.hpp>

#include <antq/dataset.hpp>
#include <antq/evaluate.hpp>
#include <antq/result_io.hpp>
#include <antq/rulebook_loader.hpp>
#include <antq/rulebook_set.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace {

std::vector<std::filesystem::path> rulebook_files() {
    std::vector<std::filesystem::path> files;
    for (const char* folder : {"/rulebooks", "/examples/rulebooks", "/tests/data/rulebooks/good"}) {
        for (const auto& f : antq::find_rulebook_files(std::string(ANTQ_SOURCE_DIR) + folder)) {
            files.push_back(f);
        }
    }
    return files;
}

}  // namespace

// Every rulebook we ship or test with reads back from its written form as the same rule,
// and that form passes every check (validation, engine options, compilation).
TEST(write_rulebook, reads_back_as_the_same_rule_for_every_shipped_rulebook) {
    const auto files = rulebook_files();
    ASSERT_GE(files.size(), 10U);
    for (const auto& file : files) {
        SCOPED_TRACE(file.string());
        const antq::rulebook book = antq::load_rulebook(file);
        // A rulebook just read keeps its file's text, and so its file's hash.
        EXPECT_TRUE(antq::source_text_is_current(book));
        EXPECT_EQ(antq::rulebook_text(book), book.source_text);

        const std::string written = antq::write_rulebook(book);
        const antq::rulebook again = antq::parse_rulebook(written, book.file);
        EXPECT_EQ(antq::write_rulebook(again), written);
        EXPECT_EQ(again.tests.size(), book.tests.size());
    }
}

// The written form evaluates exactly as the file: same results, byte for byte.
TEST(write_rulebook, evaluates_the_quang_trung_example_as_the_files_do) {
    const std::string source = ANTQ_SOURCE_DIR;
    const antq::dataset data = antq::load_dataset(source + "/examples/data/quang-trung");
    std::vector<antq::rulebook> from_files;
    std::vector<antq::rulebook> written;
    for (const auto& file : antq::find_rulebook_files(source + "/rulebooks")) {
        from_files.push_back(antq::load_rulebook(file));
        written.push_back(
            antq::parse_rulebook(antq::write_rulebook(from_files.back()), from_files.back().file));
    }
    const auto a = antq::evaluate(data, antq::rulebook_set::from(from_files), "2024");
    const auto b = antq::evaluate(data, antq::rulebook_set::from(written), "2024");
    ASSERT_EQ(a.results().size(), b.results().size());
    EXPECT_EQ(antq::format_results(a.results(), antq::result_format::csv),
              antq::format_results(b.results(), antq::result_format::csv));
}

// The provenance promise (a threshold raised in code after loading): the hash and the text
// follow the rule, not the file it came from.
TEST(rulebook_text, follows_a_change_made_in_code_after_loading) {
    antq::rulebook book =
        antq::load_rulebook(std::string(ANTQ_SOURCE_DIR) + "/rulebooks/model-effectiveness.yaml");
    const std::string hash_as_read = antq::rulebook_hash(book);
    auto& top = book.versions.front().tiers.front();
    ASSERT_EQ(top.when.text, "score >= 80");
    top.when.text = "score >= 85";

    EXPECT_FALSE(antq::source_text_is_current(book));
    const std::string text = antq::rulebook_text(book);
    EXPECT_NE(text.find("score >= 85"), std::string::npos);
    EXPECT_EQ(text.find("score >= 80"), std::string::npos);
    EXPECT_NE(antq::rulebook_hash(book), hash_as_read);

    // Changing it back gives the file's hash again.
    top.when.text = "score >= 80";
    EXPECT_EQ(antq::rulebook_hash(book), hash_as_read);
}

// A veto's `caps_at` set in code after loading: the text and the hash follow it.
TEST(rulebook_text, follows_a_veto_cap_set_in_code) {
    antq::rulebook book =
        antq::load_rulebook(std::string(ANTQ_SOURCE_DIR) + "/rulebooks/model-effectiveness.yaml");
    const std::string hash_as_read = antq::rulebook_hash(book);
    auto& criteria = book.versions.front().criteria;
    const auto veto = std::find_if(criteria.begin(), criteria.end(), [](const antq::criterion& c) {
        return c.kind == antq::criterion_kind::veto;
    });
    ASSERT_NE(veto, criteria.end());
    veto->caps_at = book.versions.front().tiers.at(1).id;
    EXPECT_FALSE(antq::source_text_is_current(book));
    EXPECT_NE(antq::rulebook_text(book).find("\"caps_at\": \"" + veto->caps_at + "\""),
              std::string::npos);
    EXPECT_NE(antq::rulebook_hash(book), hash_as_read);
    // Read back from the text it wrote, the cap is the same.
    const auto again = antq::parse_rulebook(antq::rulebook_text(book), "written.yaml");
    EXPECT_EQ(
        again.versions.front().criteria[static_cast<std::size_t>(veto - criteria.begin())].caps_at,
        veto->caps_at);
}

TEST(rulebook_text, a_changed_rule_changes_the_fingerprint_of_its_results) {
    const std::string source = ANTQ_SOURCE_DIR;
    const antq::dataset data = antq::load_dataset(source + "/examples/data/quang-trung");
    antq::rulebook book = antq::load_rulebook(source + "/rulebooks/model-effectiveness.yaml");
    const auto before = antq::evaluate(data, antq::rulebook_set::from({book}), "2024");
    book.versions.front().tiers.front().when.text = "score >= 85";
    const auto after = antq::evaluate(data, antq::rulebook_set::from({book}), "2024");
    EXPECT_NE(before.fingerprint(), after.fingerprint());
    EXPECT_NE(before.rulebook_hashes()[0], after.rulebook_hashes()[0]);
}

// A field added to the value types must be added to the writer (src/antq/rules/writer.cpp),
// or a change to it in code would leave the hash and archives describing the old rule.
// These sizes are those of GCC on x86-64, where CI runs; elsewhere the test is skipped.
TEST(write_rulebook, knows_every_field_of_the_value_types) {
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__GLIBCXX__)
    EXPECT_EQ(sizeof(antq::eligibility), 16U) << "a field was added to antq::eligibility";
    EXPECT_EQ(sizeof(antq::parameter), 88U) << "a field was added to antq::parameter";
    EXPECT_EQ(sizeof(antq::derived_value), 112U) << "a field was added to antq::derived_value";
    EXPECT_EQ(sizeof(antq::order_key), 88U) << "a field was added to antq::order_key";
    EXPECT_EQ(sizeof(antq::rulebook), 360U) << "a field was added to antq::rulebook";
    EXPECT_EQ(sizeof(antq::rulebook_version), 616U)
        << "a field was added to antq::rulebook_version";
    EXPECT_EQ(sizeof(antq::criterion), 520U) << "a field was added to antq::criterion";
    EXPECT_EQ(sizeof(antq::tier), 488U) << "a field was added to antq::tier";
    EXPECT_EQ(sizeof(antq::quota), 120U) << "a field was added to antq::quota";
    EXPECT_EQ(sizeof(antq::ranking), 136U) << "a field was added to antq::ranking";
    EXPECT_EQ(sizeof(antq::rollup), 208U) << "a field was added to antq::rollup";
    EXPECT_EQ(sizeof(antq::indicator), 128U) << "a field was added to antq::indicator";
    EXPECT_EQ(sizeof(antq::rulebook_test), 464U) << "a field was added to antq::rulebook_test";
    EXPECT_EQ(sizeof(antq::test_expectation), 208U)
        << "a field was added to antq::test_expectation";
#else
    GTEST_SKIP() << "field sizes are checked with GCC and libstdc++ on x86-64";
#endif
}

// A version without `ranking:` gives no ranks, `ranking: {}` ranks with every default: the
// written form keeps the difference.
TEST(write_rulebook, keeps_an_empty_ranking_apart_from_none) {
    const std::string base = R"~(antq: 1
id: r
title: "Xếp hạng"
subject: model
versions:
  - version: "1"
    effective: 2020-01-01
    indicators:
      x: {type: number}
    criteria:
      - {id: x, kind: scored, points: 100, score: "x"}
    tiers:
      - {id: all, label: "Tất cả"}
)~";
    const antq::rulebook none = antq::parse_rulebook(base, "none.yaml");
    const antq::rulebook empty = antq::parse_rulebook(base + "    ranking: {}\n", "empty.yaml");
    EXPECT_EQ(antq::write_rulebook(none).find("ranking"), std::string::npos);
    const std::string written = antq::write_rulebook(empty);
    ASSERT_NE(written.find("ranking"), std::string::npos) << written;
    const antq::rulebook again = antq::parse_rulebook(written, "again.yaml");
    EXPECT_NE(again.versions[0].ranking.where.line, 0U);
}
