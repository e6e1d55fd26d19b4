#pragma once

// The checked container every archive file is written in (docs/design/persistence.md):
//
//   offset  size  field
//        0     8  magic "ANTQSNAP"
//        8     2  container format version, little-endian (1)
//       10     1  archive format (0 text, 1 xml, 2 binary)
//       11     1  content (1 snapshot, 2 dataset, 3 rulebooks)
//       12     8  content length in bytes, little-endian
//       20    32  SHA-256 of bytes 0..19 followed by the content
//       52     -  the content: one Boost.Serialization archive
//
// The checksum covers the header fields too, so a flipped byte anywhere is caught.

#include <antq/archive.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <istream>
#include <memory>
#include <streambuf>
#include <fstream>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

namespace antq::detail {

inline constexpr std::string_view container_magic = "ANTQSNAP";
inline constexpr std::uint16_t container_version = 1;
inline constexpr std::size_t container_header_size = 52;
/// Bytes of the header the checksum covers (everything before the checksum itself).
inline constexpr std::size_t container_checked_header_size = 20;

using sha256_digest = std::array<unsigned char, 32>;

/// An archive file opened for reading, header and checksum verified, `stream` positioned
/// at the first byte of the content.
struct verified_container {
    archive_info info;
    /// The file, opened once: it is checked to be a regular file on the open descriptor,
    /// so nothing can put a pipe or another file in its place between the check, the
    /// checksum and the reading. Positioned at the start of the content.
    std::unique_ptr<std::streambuf> buffer;
    std::unique_ptr<std::istream> stream;
};

/// A whole archive file: the header, then what `write_content` writes. The checksum is
/// computed over the result.
[[nodiscard]] std::string build_container(archive_format format, archive_content content,
                                          const std::function<void(std::ostream&)>& write_content);

/// Builds the container around `content` as it is (for tests that need a well-formed file
/// with a content of their choosing) and returns the whole file.
[[nodiscard]] std::string seal_container(std::uint16_t version, std::uint8_t format,
                                         std::uint8_t content, std::string_view payload);

/// Opens `file` and checks magic, version, length and checksum, then the archive format
/// and, when `expected` is given, that the content is of that kind. Throws
/// `corrupt_file_error` or `io_error` naming the file.
[[nodiscard]] verified_container open_container(const std::filesystem::path& file,
                                                std::optional<archive_content> expected);

/// Lowercase hex of a digest.
[[nodiscard]] std::string to_hex(const sha256_digest& digest);

}  // namespace antq::detail
