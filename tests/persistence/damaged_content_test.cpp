// What reaches Boost.Serialization: contents damaged behind a valid checksum. A flipped or
// missing byte in a file is a checksum mismatch or a length error before Boost reads a
// byte (container_test.cpp), so these tests seal each damaged content in a well-formed
// container, as someone editing a file on purpose would, and load it. Every kind of
// archive, every format: cut at every byte offset and flipped at random (fixed seed),
// under the asan preset too. Each one loads or is a `corrupt_file_error` in plain
// words, never a crash, an over-read, a hang or a huge allocation.

#include <antq/archive.hpp>
#include <antq/error.hpp>
#include <antq/rulebook_loader.hpp>
#include <antq/snapshot.hpp>

#include "antq/persistence/container.hpp"

#include "persistence/expect_samples.hpp"
#include "persistence/files.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <string_view>

namespace antq {
namespace {

using test_support::read_bytes;
using test_support::scratch_folder;
using test_support::write_bytes;

constexpr std::string_view loaded_word = "loaded";

std::filesystem::path golden(archive_content content, archive_format format) {
    return std::filesystem::path(ANTQ_TEST_DATA_DIR) / "archives" / "v1" /
           (std::string(to_string(content)) + "." + std::string(to_string(format)) + ".antq");
}

/// The Boost.Serialization archive inside a golden file.
std::string golden_content(archive_content content, archive_format format) {
    return read_bytes(golden(content, format)).substr(detail::container_header_size);
}

/// Seals `payload` as a file of `content` in `format` at `path`, loads it with the loader
/// of that content, and returns "loaded" or the message of the `corrupt_file_error`. Any
/// other exception fails the test that called it.
std::string load_sealed(const std::filesystem::path& path, archive_content content,
                        archive_format format, std::string_view payload) {
    write_bytes(path,
                detail::seal_container(detail::container_version, static_cast<std::uint8_t>(format),
                                       static_cast<std::uint8_t>(content), payload));
    try {
        switch (content) {
            case archive_content::snapshot:
                (void)load_snapshot(path);
                break;
            case archive_content::dataset:
                (void)load_dataset_archive(path);
                break;
            case archive_content::rulebooks:
                (void)load_rulebook_archive(path);
                break;
        }
    } catch (const corrupt_file_error& e) {
        return e.what();
    }
    return std::string(loaded_word);
}

/// Messages of Boost and the standard library that must never reach a user as they are.
void expect_plain_words(const std::string& message) {
    for (const std::string_view jargon :
         {"input stream error", "Success", "basic_string", "_M_", "std::", "archive_exception",
          "invalid signature", "class version", "unregistered", "vector::"}) {
        EXPECT_THAT(message, ::testing::Not(::testing::HasSubstr(std::string(jargon)))) << message;
    }
}

struct damage_case {
    archive_content content;
    archive_format format;
};

std::string case_name(const ::testing::TestParamInfo<damage_case>& info) {
    return std::string(to_string(info.param.content)) + "_" +
           std::string(to_string(info.param.format));
}

class damaged_content : public ::testing::TestWithParam<damage_case> {};

TEST_P(damaged_content, the_golden_content_sealed_again_loads) {
    scratch_folder folder;
    const auto [content, format] = GetParam();
    EXPECT_EQ(load_sealed(folder / "whole.antq", content, format, golden_content(content, format)),
              loaded_word);
}

TEST_P(damaged_content, every_cut_is_reported_unless_only_the_last_newline_is_cut) {
    scratch_folder folder;
    const auto [content, format] = GetParam();
    const std::string whole = golden_content(content, format);
    const std::string prefix = (folder / "cut-").string();
    // Text archives end with a newline after the last value, XML archives with newlines
    // after the last end tag; the last byte of a binary archive is part of the last value.
    const std::size_t shortest_loading = [&, format = format] {
        switch (format) {
            case archive_format::text:
                return whole.size() - 1;
            case archive_format::xml:
                return whole.find_last_not_of('\n') + 1;
            case archive_format::binary:
                break;
        }
        return whole.size();
    }();
    ASSERT_TRUE(format == archive_format::binary || whole.back() == '\n');

    for (std::size_t size = 0; size < whole.size(); ++size) {
        const std::filesystem::path path = prefix + std::to_string(size) + ".antq";
        const std::string outcome = load_sealed(path, content, format, whole.substr(0, size));
        if (size >= shortest_loading) {
            EXPECT_EQ(outcome, loaded_word) << "cut at " << size;
        } else {
            // Mostly "truncated: ...", but a cut number can also read as a smaller one that
            // the checks of the value refuse first ("text column offsets do not end at the
            // buffer's size"), or a length as one larger than the file.
            EXPECT_THAT(outcome, ::testing::StartsWith(path.string() + ": cannot read the " +
                                                       std::string(to_string(content)) + ": "))
                << "cut at " << size;
            expect_plain_words(outcome);
        }
        std::filesystem::remove(path);
    }
}

TEST_P(damaged_content, flipping_bytes_at_random_loads_or_is_reported) {
    scratch_folder folder;
    const auto [content, format] = GetParam();
    const std::string whole = golden_content(content, format);
    std::mt19937 random(20241214);
    std::uniform_int_distribution<std::size_t> offset(0, whole.size() - 1);
    std::uniform_int_distribution<int> mask(1, 255);

    for (int flip = 0; flip < 400; ++flip) {
        std::string damaged = whole;
        const std::size_t at = offset(random);
        damaged[at] = static_cast<char>(damaged[at] ^ mask(random));
        const std::filesystem::path path = folder / ("flip-" + std::to_string(flip) + ".antq");
        const std::string outcome = load_sealed(path, content, format, damaged);
        if (outcome != loaded_word) {
            EXPECT_THAT(outcome, ::testing::StartsWith(path.string() + ": cannot read the " +
                                                       std::string(to_string(content)) + ": "))
                << "flipped at " << at;
            expect_plain_words(outcome);
        }
        std::filesystem::remove(path);
    }
}

/// `content` with the first `from` replaced by `to`.
std::string edited(std::string content, std::string_view from, std::string_view to) {
    const auto at = content.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) {
        content.replace(at, from.size(), to);
    }
    return content;
}

/// The message of loading `payload` sealed as a file of `content` in `format`, with the
/// path in front taken off.
std::string why(const scratch_folder& folder, archive_content content, archive_format format,
                std::string_view payload) {
    const auto path = folder / "edited.antq";
    const std::string outcome = load_sealed(path, content, format, payload);
    const std::string prefix = path.string() + ": ";
    if (!outcome.starts_with(prefix)) {
        return outcome;
    }
    return outcome.substr(prefix.size());
}

TEST(damaged_content_message, a_content_cut_in_the_middle_is_truncated) {
    scratch_folder folder;
    for (const auto format : {archive_format::xml, archive_format::binary}) {
        const std::string whole = golden_content(archive_content::snapshot, format);
        EXPECT_EQ(why(folder, archive_content::snapshot, format, whole.substr(0, whole.size() / 2)),
                  "cannot read the snapshot: truncated: the content ends in the middle of the "
                  "snapshot")
            << to_string(format);
    }
}

TEST(damaged_content_message, a_text_cut_short_is_truncated) {
    scratch_folder folder;
    const std::string whole = golden_content(archive_content::rulebooks, archive_format::text);
    EXPECT_EQ(why(folder, archive_content::rulebooks, archive_format::text,
                  whole.substr(0, whole.size() - 10)),
              "cannot read the rulebooks: truncated: a text ends before its 1199 bytes");
}

TEST(damaged_content_message, a_content_cut_in_its_signature_is_truncated) {
    scratch_folder folder;
    for (const auto format : {archive_format::text, archive_format::binary}) {
        const std::string whole = golden_content(archive_content::dataset, format);
        EXPECT_EQ(why(folder, archive_content::dataset, format, whole.substr(0, 12)),
                  "cannot read the dataset: truncated: the content ends in its first bytes")
            << to_string(format);
    }
}

TEST(damaged_content_message, a_huge_signature_length_is_refused_before_it_is_allocated) {
    // Boost would resize its signature string to 2^48 bytes, then 10^11, before reading it.
    scratch_folder folder;
    const std::string binary("\x16\0\x01\0\0\0\x01\0", 8);
    EXPECT_EQ(why(folder, archive_content::dataset, archive_format::binary, binary),
              "cannot read the dataset: content unreadable: it is not a Boost.Serialization "
              "archive");
    const std::string text = edited(golden_content(archive_content::dataset, archive_format::text),
                                    "22 serialization", "100000000000 serialization");
    EXPECT_EQ(why(folder, archive_content::dataset, archive_format::text, text),
              "cannot read the dataset: content unreadable: it is not a Boost.Serialization "
              "archive");
}

TEST(damaged_content_message, a_content_of_another_program_is_not_an_archive) {
    scratch_folder folder;
    for (const auto format : {archive_format::text, archive_format::xml, archive_format::binary}) {
        EXPECT_EQ(why(folder, archive_content::snapshot, format,
                      "subject,period,score\nm1,2024,100\nm2,2024,87.5\n"),
                  "cannot read the snapshot: content unreadable: it is not a Boost.Serialization "
                  "archive")
            << to_string(format);
    }
}

TEST(damaged_content_message, an_archive_of_a_newer_boost_is_an_unsupported_version) {
    scratch_folder folder;
    const std::string text = edited(golden_content(archive_content::dataset, archive_format::text),
                                    "serialization::archive 18 ", "serialization::archive 99 ");
    EXPECT_EQ(why(folder, archive_content::dataset, archive_format::text, text),
              "cannot read the dataset: unsupported version: written by a newer "
              "Boost.Serialization than this antq was built with");
}

TEST(damaged_content_message, a_binary_archive_of_another_machine_names_what_differs) {
    // After the signature and Boost's library version (2 bytes), the sizes of int, long,
    // float and double on the machine that wrote the archive.
    scratch_folder folder;
    std::string binary = golden_content(archive_content::dataset, archive_format::binary);
    const std::size_t size_of_int = 8 + 22 + 2;
    ASSERT_EQ(binary.substr(size_of_int, 4), std::string("\x04\x08\x04\x08", 4));
    binary[size_of_int] = '\x02';
    EXPECT_EQ(why(folder, archive_content::dataset, archive_format::binary, binary),
              "cannot read the dataset: content unreadable: a binary archive written on an "
              "incompatible machine (size of int)");
}

TEST(damaged_content_message, a_malformed_number_names_its_place_in_the_content) {
    scratch_folder folder;
    const std::string whole = golden_content(archive_content::snapshot, archive_format::text);
    const std::string damaged = edited(whole, "2024-12-14 0 0 1 ", "2024-12-14 0 x 1 ");
    const std::size_t at = damaged.find(" x ") + 1;
    EXPECT_EQ(why(folder, archive_content::snapshot, archive_format::text, damaged),
              "cannot read the snapshot: content unreadable: a malformed value at byte " +
                  std::to_string(at) + " of the content");
}

TEST(damaged_content_message, malformed_xml_names_its_place_in_the_content) {
    scratch_folder folder;
    const std::string whole = golden_content(archive_content::dataset, archive_format::xml);
    const std::string damaged = edited(whole, "<units>", "<units =>");
    EXPECT_EQ(why(folder, archive_content::dataset, archive_format::xml, damaged),
              "cannot read the dataset: content unreadable: malformed XML at byte " +
                  std::to_string(damaged.find("<units =>") + 9) + " of the content");
}

TEST(damaged_content_message, bytes_after_the_value_are_reported) {
    scratch_folder folder;
    const std::string binary = golden_content(archive_content::dataset, archive_format::binary);
    EXPECT_EQ(why(folder, archive_content::dataset, archive_format::binary, binary + "abc"),
              "cannot read the dataset: content unreadable: 3 bytes after the end of the dataset");
    const std::string text = golden_content(archive_content::dataset, archive_format::text);
    EXPECT_EQ(why(folder, archive_content::dataset, archive_format::text, text + "7\n"),
              "cannot read the dataset: content unreadable: 3 bytes after the end of the dataset");
    const std::string xml = golden_content(archive_content::dataset, archive_format::xml);
    EXPECT_EQ(why(folder, archive_content::dataset, archive_format::xml,
                  edited(xml, "</boost_serialization>", "<more/></boost_serialization>")),
              "cannot read the dataset: content unreadable: 32 bytes after the end of the dataset");
    EXPECT_EQ(
        why(folder, archive_content::dataset, archive_format::xml, xml + std::string(100, ' ')),
        "cannot read the dataset: content unreadable: 125 bytes after the end of the "
        "dataset");
}

TEST(damaged_content_message, an_xml_content_without_its_last_end_tag_is_truncated) {
    scratch_folder folder;
    const std::string xml = golden_content(archive_content::dataset, archive_format::xml);
    EXPECT_EQ(why(folder, archive_content::dataset, archive_format::xml,
                  edited(xml, "</boost_serialization>", "</boost_seri")),
              "cannot read the dataset: truncated: the content ends in the middle of the dataset");
}

TEST(damaged_content, an_end_tag_longer_than_its_name_is_read_without_an_over_read) {
    // Boost 1.74 compared this tag with "item" by reading past the end of "item" (an
    // AddressSanitizer global-buffer-overflow). Tag names are not checked (see
    // checked_xml_iarchive): the values are where they should be, so the dataset loads.
    scratch_folder folder;
    const auto path = folder / "long-tag.antq";
    const std::string xml = edited(golden_content(archive_content::dataset, archive_format::xml),
                                   "</item>", "</item_with_a_much_longer_name>");
    EXPECT_EQ(load_sealed(path, archive_content::dataset, archive_format::xml, xml), loaded_word);
    test_support::expect_sample_dataset(load_dataset_archive(path));
}

// Hostile values behind a valid checksum: each field is checked against its allowed range
// when read. Before, a negative rounding precision threw fmt::format_error out of `show`,
// a huge one formatted numbers of millions of digits, and an infinite score or points
// reached the writers, which printed `inf` into JSON.
TEST(damaged_content_message, values_out_of_their_range_are_refused_when_read) {
    scratch_folder folder;
    const std::string xml = golden_content(archive_content::snapshot, archive_format::xml);
    const auto refused = [&](std::string_view from, std::string_view to) {
        return why(folder, archive_content::snapshot, archive_format::xml, edited(xml, from, to));
    };
    EXPECT_EQ(refused("<rounding_digits>2<", "<rounding_digits>-3<"),
              "cannot read the snapshot: results round to -3 digits; expected "
              "0 to 6");
    EXPECT_EQ(refused("<rounding_digits>2<", "<rounding_digits>100000000<"),
              "cannot read the snapshot: results round to 100000000 digits; "
              "expected 0 to 6");
    EXPECT_THAT(refused("<points>2.00000000000000000e+01<", "<points>1.00000000000000000e+308<"),
                ::testing::MatchesRegex("cannot read the snapshot: criterion "
                                        "'.*' of the results has points 1e[+]308; expected 0 to "
                                        "1000000"));
    // The kinds of the non-finite scores: 0 is "none" (NaN), 1 would be +infinity.
    EXPECT_EQ(refused("<non_finite_kinds>\n\t\t\t\t\t\t\t<count>1</count>\n\t\t\t\t\t\t\t<item>0<",
                      "<non_finite_kinds>\n\t\t\t\t\t\t\t<count>1</count>\n\t\t\t\t\t\t\t<item>1<"),
              "cannot read the snapshot: results column 'score' holds an "
              "infinite number");
}

INSTANTIATE_TEST_SUITE_P(
    each, damaged_content,
    ::testing::Values(damage_case{archive_content::snapshot, archive_format::text},
                      damage_case{archive_content::snapshot, archive_format::xml},
                      damage_case{archive_content::snapshot, archive_format::binary},
                      damage_case{archive_content::dataset, archive_format::text},
                      damage_case{archive_content::dataset, archive_format::xml},
                      damage_case{archive_content::dataset, archive_format::binary},
                      damage_case{archive_content::rulebooks, archive_format::text},
                      damage_case{archive_content::rulebooks, archive_format::xml},
                      damage_case{archive_content::rulebooks, archive_format::binary}),
    case_name);

}  // namespace
}  // namespace antq
