// Fuzzes archive loading (snapshots, dataset archives, rulebook archives). A random change
// to an archive file almost never survives its SHA-256 checksum, so the input takes two
// forms:
// - a whole file, when it starts with the magic "ANTQSNAP": loaded as it is, which
//   exercises the header checks (and replays real archive files);
// - otherwise a content to seal: byte 0 is the archive format byte, byte 1 the content
//   byte, and the rest the Boost.Serialization archive, wrapped in a well-formed container
//   (right version, length and checksum), which exercises deserialisation. A seed of this
//   form is an archive file with its 52-byte header replaced by its bytes 10 and 11.
// The file is written to a scratch folder, inspected, then loaded by each loader.
//
// Invariants: only antq::corrupt_file_error escapes the loaders; a snapshot that loads is
// written as a table, CSV and JSON without an exception (infinities are refused on loading,
// and a writer meeting one throws) (the file exists and is
// readable, so no io_error); a loader asked for another content than the header's refuses;
// inspect_archive reports the content length the file has; a dataset archive that loads
// saves and loads back equal.

#include "fuzz_support.hpp"

#include <antq/archive.hpp>
#include <antq/dataset.hpp>
#include <antq/error.hpp>
#include <antq/result_io.hpp>
#include <antq/snapshot.hpp>

#include "antq/persistence/container.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>

namespace {

using antq::fuzz::check;

std::string file_bytes(std::string_view input) {
    if (input.starts_with(antq::detail::container_magic) || input.size() < 2) {
        return std::string(input);
    }
    return antq::detail::seal_container(antq::detail::container_version,
                                        static_cast<std::uint8_t>(input[0]),
                                        static_cast<std::uint8_t>(input[1]), input.substr(2));
}

// Runs `load`; true when it loaded. Only corrupt_file_error may refuse the file.
template <class Load>
bool loads(const Load& load) {
    try {
        load();
        return true;
    } catch (const antq::corrupt_file_error& e) {
        check(std::string_view(e.what()).find("input.antq") != std::string_view::npos,
              "a corrupt file error does not name the file");
    }
    return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string bytes = file_bytes(antq::fuzz::as_text(data, size));
    const std::filesystem::path& folder = antq::fuzz::scratch_folder("snapshot-fuzzer");
    const std::filesystem::path file = folder / "input.antq";
    antq::fuzz::write_file(file, bytes);

    std::optional<antq::archive_content> content;
    static_cast<void>(loads([&] {
        const antq::archive_info info = antq::inspect_archive(file);
        check(info.content_size + antq::detail::container_header_size == bytes.size(),
              "inspect_archive reports another content length than the file has");
        content = info.content;
    }));

    std::optional<antq::snapshot> loaded;
    const bool snapshot = loads([&] { loaded = antq::load_snapshot(file); });
    if (loaded) {
        // What loads is within range: every writer formats it without throwing (a negative
        // rounding precision once threw fmt::format_error out of `show`).
        for (const auto format :
             {antq::result_format::table, antq::result_format::csv, antq::result_format::json}) {
            std::ostringstream out;
            antq::write_results(out, loaded->evaluation.results(), format);
        }
    }
    check(!snapshot || content == antq::archive_content::snapshot,
          "load_snapshot loaded a file that holds no snapshot");
    const bool rulebooks = loads([&] { static_cast<void>(antq::load_rulebook_archive(file)); });
    check(!rulebooks || content == antq::archive_content::rulebooks,
          "load_rulebook_archive loaded a file that holds no rulebooks");
    std::optional<antq::dataset> dataset;
    static_cast<void>(loads([&] { dataset = antq::load_dataset_archive(file); }));
    if (!dataset) {
        return 0;
    }
    check(content == antq::archive_content::dataset,
          "load_dataset_archive loaded a file that holds no dataset");
    const std::filesystem::path saved = folder / "saved.antq";
    antq::save_dataset_archive(*dataset, saved);
    check(antq::load_dataset_archive(saved) == *dataset,
          "a loaded dataset saves and loads back different");
    return 0;
}
