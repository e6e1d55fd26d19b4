// Dataset and rulebook archives (antq/archive.hpp) in each archive format.

#include <antq/archive.hpp>
#include <antq/rulebook_writer.hpp>

#include <antq/error.hpp>
#include <antq/evaluate.hpp>
#include <antq/rulebook_loader.hpp>

#include "antq/persistence/container.hpp"

#include "persistence/expect_samples.hpp"
#include "persistence/files.hpp"
#include "persistence/samples.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace antq {
namespace {

using test_support::read_bytes;
using test_support::sample_dataset;
using test_support::scratch_folder;

TEST(archive_format, names_read_back) {
    for (const auto f : {archive_format::text, archive_format::xml, archive_format::binary}) {
        EXPECT_EQ(parse_archive_format(to_string(f)), f);
    }
    EXPECT_EQ(parse_archive_format("json"), std::nullopt);
    EXPECT_EQ(parse_archive_format("XML"), std::nullopt);
    EXPECT_EQ(to_string(archive_content::rulebooks), "rulebooks");
}

class dataset_formats : public ::testing::TestWithParam<archive_format> {};

TEST_P(dataset_formats, round_trip_keeps_every_field) {
    scratch_folder folder;
    const auto path = folder / "data.antq";
    save_dataset_archive(sample_dataset(), path, GetParam());

    EXPECT_EQ(inspect_archive(path).content, archive_content::dataset);
    test_support::expect_sample_dataset(load_dataset_archive(path));
}

TEST_P(dataset_formats, saving_what_was_loaded_gives_the_same_bytes) {
    scratch_folder folder;
    save_dataset_archive(sample_dataset(), folder / "first.antq", GetParam());
    save_dataset_archive(load_dataset_archive(folder / "first.antq"), folder / "second.antq",
                         GetParam());

    EXPECT_EQ(read_bytes(folder / "first.antq"), read_bytes(folder / "second.antq"));
}

TEST_P(dataset_formats, an_empty_dataset_round_trips) {
    scratch_folder folder;
    const auto path = folder / "empty.antq";
    save_dataset_archive(dataset{}, path, GetParam());

    const dataset loaded = load_dataset_archive(path);
    EXPECT_TRUE(loaded.registry.units().empty());
    EXPECT_EQ(loaded.observations.row_count(), 0U);
    EXPECT_EQ(loaded.content_hash, "");
}

INSTANTIATE_TEST_SUITE_P(each, dataset_formats,
                         ::testing::Values(archive_format::text, archive_format::xml,
                                           archive_format::binary),
                         [](const auto& test) { return std::string(to_string(test.param)); });

class rulebook_formats : public ::testing::TestWithParam<archive_format> {};

TEST_P(rulebook_formats, rulebooks_are_saved_as_source_and_parsed_again) {
    scratch_folder folder;
    const auto path = folder / "rules.antq";
    const std::vector<rulebook> books = {
        parse_rulebook(test_support::sample_rulebook_text, "rules/safe-village.yaml")};
    save_rulebook_archive(books, path, GetParam());

    EXPECT_EQ(inspect_archive(path).content, archive_content::rulebooks);
    const std::vector<rulebook> loaded = load_rulebook_archive(path);
    ASSERT_EQ(loaded.size(), 1U);
    EXPECT_EQ(loaded[0].id, "safe-village");
    EXPECT_EQ(loaded[0].file, "rules/safe-village.yaml");
    EXPECT_EQ(loaded[0].source_text, test_support::sample_rulebook_text);
    ASSERT_EQ(loaded[0].versions.size(), 2U);
    EXPECT_EQ(loaded[0].versions[1].version, "2025.1");
    EXPECT_EQ(loaded[0].versions[1].criteria[0].score.text, "crimes <= 1 ? 1 : 0");
    EXPECT_EQ(rulebook_hash(loaded[0]), rulebook_hash(books[0]));
}

INSTANTIATE_TEST_SUITE_P(each, rulebook_formats,
                         ::testing::Values(archive_format::text, archive_format::xml,
                                           archive_format::binary),
                         [](const auto& test) { return std::string(to_string(test.param)); });

TEST(rulebook_archive, a_rulebook_built_in_code_is_saved_as_written_from_its_fields) {
    scratch_folder folder;
    rulebook book = parse_rulebook(test_support::sample_rulebook_text, "safe-village.yaml");
    book.source_text.clear();
    save_rulebook_archive({&book, 1}, folder / "rules.antq");
    const auto loaded = load_rulebook_archive(folder / "rules.antq");
    ASSERT_EQ(loaded.size(), 1U);
    EXPECT_EQ(write_rulebook(loaded[0]), write_rulebook(book));
    EXPECT_EQ(rulebook_hash(loaded[0]), rulebook_hash(book));
}

// The provenance promise: what an archive reloads is the rule that was evaluated, even when
// a program changed it after reading it from a file.
TEST(rulebook_archive, a_rulebook_changed_in_code_reloads_as_changed) {
    scratch_folder folder;
    rulebook book = parse_rulebook(test_support::sample_rulebook_text, "safe-village.yaml");
    const std::string hash_as_read = rulebook_hash(book);
    auto& top = book.versions.back().tiers.front();
    ASSERT_FALSE(top.when.empty());
    top.when.text += " and score >= 85";
    EXPECT_NE(rulebook_hash(book), hash_as_read);
    for (const auto format : {archive_format::text, archive_format::xml, archive_format::binary}) {
        save_rulebook_archive({&book, 1}, folder / "rules.antq", format);
        const auto loaded = load_rulebook_archive(folder / "rules.antq");
        ASSERT_EQ(loaded.size(), 1U);
        EXPECT_EQ(loaded[0].versions.back().tiers.front().when.text, top.when.text);
        EXPECT_EQ(rulebook_hash(loaded[0]), rulebook_hash(book));
    }
}

/// Saves the sample rulebook as XML, edits its content with `edit`, and seals it again, as
/// a file written by another program (or an older antq whose rules no longer load) would be.
std::filesystem::path edited_rulebook_archive(const scratch_folder& folder, const std::string& from,
                                              const std::string& to) {
    const auto path = folder / "edited.antq";
    const rulebook book = parse_rulebook(test_support::sample_rulebook_text, "safe-village.yaml");
    save_rulebook_archive({&book, 1}, path, archive_format::xml);
    std::string content = read_bytes(path).substr(detail::container_header_size);
    const auto at = content.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    content.replace(at, from.size(), to);
    test_support::write_bytes(path, detail::seal_container(1, 1, 3, content));
    return path;
}

TEST(rulebook_archive, a_source_that_reads_as_another_rulebook_is_refused) {
    scratch_folder folder;
    const auto path =
        edited_rulebook_archive(folder, "<id>safe-village</id>", "<id>safe-commune</id>");
    try {
        (void)load_rulebook_archive(path);
        FAIL() << "loaded";
    } catch (const corrupt_file_error& e) {
        EXPECT_EQ(std::string(e.what()),
                  path.string() +
                      ": cannot read the rulebooks: the source of rulebook 'safe-commune' "
                      "(safe-village.yaml) now reads as rulebook 'safe-village' with versions "
                      "2021.1, 2025.1, not versions 2021.1, 2025.1");
    }
}

TEST(rulebook_archive, a_source_that_no_longer_loads_is_reported_with_its_diagnostics) {
    scratch_folder folder;
    const auto path = edited_rulebook_archive(folder, "points: 100", "pointz: 100");
    try {
        (void)load_rulebook_archive(path);
        FAIL() << "loaded";
    } catch (const corrupt_file_error& e) {
        EXPECT_THAT(e.what(), ::testing::StartsWith(path.string() +
                                                    ": cannot read the rulebooks: what it holds "
                                                    "is not valid: safe-village.yaml:17:9: "));
        EXPECT_THAT(e.what(), ::testing::HasSubstr("pointz"));
    }
}

}  // namespace
}  // namespace antq
