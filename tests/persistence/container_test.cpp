// The checked container around every archive file (src/antq/persistence/container.hpp),
// and what loading does with damaged or foreign files: every one a `corrupt_file_error`
// naming the file and what is wrong, checked before anything is deserialised.

#include "antq/persistence/container.hpp"

#include <antq/archive.hpp>
#include <antq/error.hpp>
#include <antq/snapshot.hpp>

#include "persistence/files.hpp"
#include "persistence/samples.hpp"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <sys/stat.h>

#include <array>
#include <cstdint>
#include <random>
#include <string>

namespace antq {
namespace {

using test_support::read_bytes;
using test_support::sample_dataset;
using test_support::sample_snapshot;
using test_support::scratch_folder;
using test_support::write_bytes;

std::string message_of_load(const std::filesystem::path& file) {
    try {
        (void)load_snapshot(file);
    } catch (const corrupt_file_error& e) {
        return e.what();
    }
    return "loaded";
}

std::string message_of_dataset_load(const std::filesystem::path& file) {
    try {
        (void)load_dataset_archive(file);
    } catch (const corrupt_file_error& e) {
        return e.what();
    }
    return "loaded";
}

std::string sha256_hex(std::string_view bytes) {
    std::array<unsigned char, 32> digest{};
    unsigned int length = 0;
    EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr);
    return detail::to_hex(digest);
}

TEST(container, header_layout_is_the_documented_one) {
    const std::string file = detail::build_container(archive_format::xml, archive_content::dataset,
                                                     [](std::ostream& out) { out << "hello"; });

    ASSERT_EQ(file.size(), 57U);
    EXPECT_EQ(file.substr(0, 8), "ANTQSNAP");
    EXPECT_EQ(file.substr(8, 2), std::string("\x01\x00", 2));  // version 1, little-endian
    EXPECT_EQ(file[10], '\x01');                               // xml
    EXPECT_EQ(file[11], '\x02');                               // dataset
    EXPECT_EQ(file.substr(12, 8), std::string("\x05\0\0\0\0\0\0\0", 8));  // 5 bytes of content
    EXPECT_EQ(file.substr(52), "hello");
    const std::string expected_checksum = sha256_hex(file.substr(0, 20) + "hello");
    std::array<unsigned char, 32> stored{};
    std::copy(file.begin() + 20, file.begin() + 52, stored.begin());
    EXPECT_EQ(detail::to_hex(stored), expected_checksum);
}

TEST(container, inspect_reports_the_verified_header) {
    scratch_folder folder;
    const auto path = folder / "hello.antq";
    const std::string file = detail::build_container(
        archive_format::text, archive_content::rulebooks, [](std::ostream& out) { out << "hi"; });
    write_bytes(path, file);

    const archive_info info = inspect_archive(path);

    EXPECT_EQ(info.container_version, 1);
    EXPECT_EQ(info.format, archive_format::text);
    EXPECT_EQ(info.content, archive_content::rulebooks);
    EXPECT_EQ(info.content_size, 2U);
    EXPECT_EQ(info.checksum, sha256_hex(file.substr(0, 20) + "hi"));
}

TEST(container, a_file_that_is_not_an_archive_is_named_as_such) {
    scratch_folder folder;
    const auto path = folder / "report.antq";
    write_bytes(path, "subject,period\nm1,2024\n");

    EXPECT_EQ(message_of_load(path),
              path.string() + ": not an antq archive (it does not start with ANTQSNAP)");
}

TEST(container, an_empty_or_short_file_is_truncated) {
    scratch_folder folder;
    const auto path = folder / "short.antq";
    write_bytes(path, "");
    EXPECT_EQ(message_of_load(path),
              path.string() + ": truncated: 0 bytes, shorter than the 52-byte header");
    write_bytes(path, "ANTQS");
    EXPECT_EQ(message_of_load(path),
              path.string() + ": truncated: 5 bytes, shorter than the 52-byte header");
}

TEST(container, a_future_container_version_is_refused_before_anything_else_is_read) {
    scratch_folder folder;
    const auto path = folder / "future.antq";
    write_bytes(path, detail::seal_container(2, 2, 1, "whatever a later antq writes"));

    EXPECT_EQ(
        message_of_load(path),
        path.string() + ": unsupported container format version 2 (this antq reads version 1)");
}

TEST(container, content_shorter_or_longer_than_announced_is_reported) {
    scratch_folder folder;
    const auto path = folder / "length.antq";
    const std::string file = detail::seal_container(1, 2, 1, "12345");

    write_bytes(path, file.substr(0, file.size() - 1));
    EXPECT_EQ(
        message_of_load(path),
        path.string() + ": truncated: the header announces 5 bytes of content, the file holds 4");
    write_bytes(path, file + "!");
    EXPECT_EQ(message_of_load(path), path.string() + ": 1 byte after the end of the content");
}

TEST(container, a_changed_byte_fails_the_checksum) {
    scratch_folder folder;
    const auto path = folder / "flipped.antq";
    std::string file = detail::seal_container(1, 2, 1, "12345");
    file[54] = '9';
    write_bytes(path, file);

    EXPECT_EQ(message_of_load(path), path.string() + ": checksum mismatch: the file is damaged");
}

TEST(container, unknown_format_and_content_bytes_with_a_valid_checksum_are_reported) {
    scratch_folder folder;
    const auto path = folder / "odd.antq";
    write_bytes(path, detail::seal_container(1, 7, 1, "x"));
    EXPECT_EQ(message_of_load(path), path.string() + ": unknown archive format 7");
    write_bytes(path, detail::seal_container(1, 2, 9, "x"));
    EXPECT_EQ(message_of_load(path), path.string() + ": unknown content kind 9");
}

TEST(container, loading_the_wrong_kind_names_what_the_file_holds) {
    scratch_folder folder;
    const auto path = folder / "data.antq";
    save_dataset_archive(sample_dataset(), path, archive_format::binary);

    EXPECT_EQ(message_of_load(path), path.string() + ": holds a dataset, not a snapshot");
    try {
        (void)load_dataset_archive(folder / "none.antq");
        FAIL() << "a missing file loaded";
    } catch (const io_error& e) {
        EXPECT_EQ(std::string(e.what()),
                  (folder / "none.antq").string() + ": cannot open: No such file or directory");
    }
    const auto snapshot_path = folder / "snapshot.antq";
    save_snapshot(sample_snapshot(), snapshot_path, archive_format::text);
    try {
        (void)load_dataset_archive(snapshot_path);
        FAIL() << "a snapshot loaded as a dataset";
    } catch (const corrupt_file_error& e) {
        EXPECT_EQ(std::string(e.what()),
                  snapshot_path.string() + ": holds a snapshot, not a dataset");
    }
}

TEST(container, a_folder_is_an_io_error_not_a_hang) {
    scratch_folder folder;
    try {
        (void)load_snapshot(folder.path());
        FAIL() << "a folder loaded";
    } catch (const io_error& e) {
        EXPECT_EQ(std::string(e.what()),
                  folder.path().string() + ": cannot open: not a regular file");
    }
}

// The file is checked on the descriptor that is then read: a pipe is refused without
// waiting for a writer, and nothing can put a pipe in the place of a checked file.
TEST(container, a_pipe_is_an_io_error_not_a_hang) {
    scratch_folder folder;
    const auto pipe = folder / "pipe.antq";
    ASSERT_EQ(::mkfifo(pipe.c_str(), 0600), 0);
    try {
        (void)load_snapshot(pipe);
        FAIL() << "a pipe loaded";
    } catch (const io_error& e) {
        EXPECT_EQ(std::string(e.what()), pipe.string() + ": cannot open: not a regular file");
    }
}

TEST(container, truncating_a_snapshot_at_every_offset_is_always_reported) {
    scratch_folder folder;
    const auto original = folder / "whole.antq";
    save_snapshot(sample_snapshot(), original, archive_format::text);
    const std::string bytes = read_bytes(original);
    ASSERT_GT(bytes.size(), 1000U);

    // A new file each time: rewriting one in place makes ext4 flush it to disk on close.
    for (std::size_t size = 0; size < bytes.size(); ++size) {
        const auto path = folder / ("cut-" + std::to_string(size) + ".antq");
        write_bytes(path, std::string_view(bytes).substr(0, size));
        EXPECT_THROW((void)load_snapshot(path), corrupt_file_error) << "cut at " << size;
        std::filesystem::remove(path);
    }
}

TEST(container, flipping_bytes_at_random_is_always_reported) {
    scratch_folder folder;
    std::mt19937 random(20241214);
    for (const auto format : {archive_format::text, archive_format::xml, archive_format::binary}) {
        const auto original = folder / (std::string(to_string(format)) + ".antq");
        save_snapshot(sample_snapshot(), original, format);
        const std::string bytes = read_bytes(original);
        std::uniform_int_distribution<std::size_t> offset(0, bytes.size() - 1);
        std::uniform_int_distribution<int> mask(1, 255);
        for (int flip = 0; flip < 300; ++flip) {
            std::string damaged = bytes;
            const std::size_t at = offset(random);
            damaged[at] = static_cast<char>(damaged[at] ^ mask(random));
            const auto path = folder / ("flip-" + std::to_string(flip) + ".antq");
            write_bytes(path, damaged);
            EXPECT_THROW((void)load_snapshot(path), corrupt_file_error)
                << to_string(format) << " flipped at " << at;
            std::filesystem::remove(path);
        }
    }
}

TEST(container, a_list_longer_than_the_file_is_refused_before_it_is_allocated) {
    // A file made on purpose, with a valid checksum, whose first list claims 10^11 units.
    scratch_folder folder;
    const auto path = folder / "hostile.antq";
    save_dataset_archive(sample_dataset(), path, archive_format::xml);
    std::string content = read_bytes(path).substr(detail::container_header_size);
    const std::string count = "<units>\n\t\t\t<count>4</count>";
    const auto at = content.find(count);
    ASSERT_NE(at, std::string::npos) << content.substr(0, 600);
    content.replace(at, count.size(), "<units>\n\t\t\t<count>100000000000</count>");
    write_bytes(path, detail::seal_container(1, 1, 2, content));

    try {
        (void)load_dataset_archive(path);
        FAIL() << "a hostile count loaded";
    } catch (const corrupt_file_error& e) {
        EXPECT_EQ(std::string(e.what()),
                  path.string() +
                      ": cannot read the dataset: a list claims 100000000000 items, more than "
                      "the file holds");
    }
}

TEST(container, a_text_longer_than_the_file_is_refused_before_it_is_allocated) {
    // Files made on purpose, with valid checksums, whose first unit id claims 10^11 bytes.
    scratch_folder folder;
    const auto path = folder / "hostile.antq";
    const std::string expected =
        path.string() +
        ": cannot read the dataset: a text claims 100000000000 bytes, more than the file holds";

    save_dataset_archive(sample_dataset(), path, archive_format::text);
    std::string content = read_bytes(path).substr(detail::container_header_size);
    const auto in_text = content.find(" 2 p1 ");
    ASSERT_NE(in_text, std::string::npos) << content.substr(0, 200);
    content.replace(in_text, 6, " 100000000000 p1 ");
    write_bytes(path, detail::seal_container(1, 0, 2, content));
    EXPECT_EQ(message_of_dataset_load(path), expected);

    save_dataset_archive(sample_dataset(), path, archive_format::binary);
    content = read_bytes(path).substr(detail::container_header_size);
    const std::string length_then_id("\x02\0\0\0\0\0\0\0p1", 10);
    const auto in_binary = content.find(length_then_id);
    ASSERT_NE(in_binary, std::string::npos);
    const std::uint64_t huge = 100000000000;
    content.replace(in_binary, 8, reinterpret_cast<const char*>(&huge), 8);
    write_bytes(path, detail::seal_container(1, 2, 2, content));
    EXPECT_EQ(message_of_dataset_load(path), expected);
}

TEST(container, a_class_version_from_a_newer_antq_is_reported) {
    scratch_folder folder;
    const auto path = folder / "newer.antq";
    save_snapshot(sample_snapshot(), path, archive_format::xml);
    std::string content = read_bytes(path).substr(detail::container_header_size);
    const std::string root = R"(<snapshot class_id="0" tracking_level="0" version="0">)";
    const auto at = content.find(root);
    ASSERT_NE(at, std::string::npos) << content.substr(0, 400);
    content.replace(at, root.size(), R"(<snapshot class_id="0" tracking_level="0" version="1">)");
    write_bytes(path, detail::seal_container(1, 1, 1, content));

    EXPECT_EQ(message_of_load(path),
              path.string() +
                  ": cannot read the snapshot: written by a newer antq: it stores version 1 of "
                  "snapshot, this antq reads up to version 0");
}

}  // namespace
}  // namespace antq
