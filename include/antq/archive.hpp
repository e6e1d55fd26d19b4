#pragma once

/// \file
/// Archive files (`.antq`): a dataset, rulebooks or a snapshot of results saved with
/// Boost.Serialization inside a checked container, so that a damaged file is reported as
/// damaged and never loaded as different data. Snapshots have their own header,
/// `antq/snapshot.hpp`; the layout is in docs/design/persistence.md.
///
/// Every file starts with a 52-byte header: the magic `ANTQSNAP`, the container format
/// version, the archive format (text, XML or binary), what it holds, the length of the
/// content and a SHA-256 checksum of header and content. Loading checks all of them before
/// anything is deserialised; any problem is a `corrupt_file_error` naming the file and
/// what is wrong. Files are written atomically: a failed save leaves the previous file as
/// it was.

#include <antq/dataset.hpp>
#include <antq/engine.hpp>
#include <antq/export.hpp>
#include <antq/rulebook.hpp>
#include <antq/rulebook_set.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace antq {

/// The Boost.Serialization archive the content is written with. `binary` is the smallest
/// and fastest but is read back only on machines with the same type sizes and byte order;
/// `text` and `xml` are portable, and `xml` can be read by people and other tools.
enum class archive_format : std::uint8_t { text = 0, xml = 1, binary = 2 };

/// What an archive file holds.
enum class archive_content : std::uint8_t { snapshot = 1, dataset = 2, rulebooks = 3 };

/// `text`, `xml`, `binary`.
[[nodiscard]] ANTQ_EXPORT std::string_view to_string(archive_format f) noexcept;
/// `snapshot`, `dataset`, `rulebooks`.
[[nodiscard]] ANTQ_EXPORT std::string_view to_string(archive_content c) noexcept;
/// Reads `text`, `xml` or `binary`; nullopt for anything else.
[[nodiscard]] ANTQ_EXPORT std::optional<archive_format> parse_archive_format(
    std::string_view text) noexcept;

/// The header of a verified archive file.
struct archive_info {
    std::uint16_t container_version = 0;
    archive_format format = archive_format::binary;
    archive_content content = archive_content::snapshot;
    std::uint64_t content_size = 0;  ///< bytes after the header
    std::string checksum;            ///< SHA-256 (hex) of the header fields and the content
};

/// Reads and verifies an archive file's header and checksum without deserialising it.
/// Throws `corrupt_file_error` naming the file when it is not an antq archive, was written
/// by an unsupported container version, is truncated or longer than its header says, or
/// its checksum does not match; `io_error` when it cannot be read.
[[nodiscard]] ANTQ_EXPORT archive_info inspect_archive(const std::filesystem::path& file);

/// Saves the registry, observations and content hash of a dataset, atomically. Throws
/// `io_error` when the file cannot be written (the previous file, if any, is left intact).
ANTQ_EXPORT void save_dataset_archive(const dataset& data, const std::filesystem::path& file,
                                      archive_format format = archive_format::binary);

/// Loads a dataset saved by `save_dataset_archive`, whatever its archive format. The
/// registry is validated again as it is rebuilt. Throws `corrupt_file_error` (see
/// `inspect_archive`; also when the file holds something other than a dataset, or its
/// content cannot be read back) and `io_error`.
[[nodiscard]] ANTQ_EXPORT dataset load_dataset_archive(const std::filesystem::path& file);

/// Saves rulebooks as their text (`rulebook_text`: the source text while it still describes
/// the rulebook, else the rulebook written from its fields, as for one built or changed in
/// code), file name, id and versions; they are parsed and checked again when loaded, so no
/// compiled form is ever stored and the loaded rule is the one that was saved. Throws
/// `io_error` when the file cannot be written.
ANTQ_EXPORT void save_rulebook_archive(std::span<const rulebook> books,
                                       const std::filesystem::path& file,
                                       archive_format format = archive_format::binary);

/// Loads rulebooks saved by `save_rulebook_archive`, parsing (and checking) each source
/// text again with `engines`; `rulebook_set::from` compiles them as a set. Throws
/// `corrupt_file_error` as `load_dataset_archive` does, also when a source no longer loads
/// (its diagnostics are in the message) or reads as another id or other versions than it
/// was saved with; `io_error`.
[[nodiscard]] ANTQ_EXPORT std::vector<rulebook> load_rulebook_archive(
    const std::filesystem::path& file, const engine_registry& engines = builtin_engines());

/// The rulebooks of `save_rulebook_archive` as a set ready to evaluate: each parsed,
/// checked and compiled once with `engines` (the compiled form the check makes is the one
/// the set keeps; `rulebook_set::from(load_rulebook_archive(...))` would compile each twice).
/// Throws as `load_rulebook_archive`, and `input_error` when the rulebooks do not form a set
/// (see `rulebook_set::from`).
[[nodiscard]] ANTQ_EXPORT rulebook_set load_rulebook_set_archive(
    const std::filesystem::path& file, const engine_registry& engines = builtin_engines());

}  // namespace antq
