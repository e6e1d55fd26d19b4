// Writes the golden archives of the current container format version: the samples of
// tests/persistence/samples.hpp as a snapshot, a dataset and rulebooks, each in text, XML
// and binary. Run once per released format version, then commit the files; the golden test
// loads them forever. It never overwrites a file: old goldens must never change (see
// docs/design/persistence.md).
//
//     antq_make_golden_archives [FOLDER]   (default: tests/data/archives/v1)

#include <antq/archive.hpp>
#include <antq/rulebook_loader.hpp>
#include <antq/snapshot.hpp>

#include "persistence/samples.hpp"

#include <filesystem>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    const std::filesystem::path folder =
        argc > 1 ? std::filesystem::path(argv[1])
                 : std::filesystem::path(ANTQ_TEST_DATA_DIR) / "archives" / "v1";
    try {
        std::filesystem::create_directories(folder);
        const auto books = std::vector<antq::rulebook>{antq::parse_rulebook(
            antq::test_support::sample_rulebook_text, "rules/safe-village.yaml")};
        const auto data = antq::test_support::sample_dataset();
        const auto results = antq::test_support::sample_snapshot();

        using writer = std::function<void(const std::filesystem::path&, antq::archive_format)>;
        const std::vector<std::pair<std::string, writer>> kinds = {
            {"snapshot",
             [&](const auto& f, auto format) { antq::save_snapshot(results, f, format); }},
            // Results columns of class version 2, with decisions (a later class version in
            // the same container format).
            {"snapshot-decisions",
             [&](const auto& f, auto format) {
                 antq::save_snapshot(antq::test_support::sample_snapshot_with_decisions(), f,
                                     format);
             }},
            {"dataset",
             [&](const auto& f, auto format) { antq::save_dataset_archive(data, f, format); }},
            {"rulebooks",
             [&](const auto& f, auto format) { antq::save_rulebook_archive(books, f, format); }},
        };
        int written = 0;
        for (const auto& [kind, write] : kinds) {
            for (const auto format : {antq::archive_format::text, antq::archive_format::xml,
                                      antq::archive_format::binary}) {
                const auto file =
                    folder / (kind + "." + std::string(antq::to_string(format)) + ".antq");
                if (std::filesystem::exists(file)) {
                    std::cerr << file.string() << ": exists, left as it is\n";
                    continue;
                }
                write(file, format);
                std::cout << file.string() << '\n';
                ++written;
            }
        }
        std::cout << written << " golden archives written\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "antq_make_golden_archives: error: " << e.what() << '\n';
        return 1;
    }
}
