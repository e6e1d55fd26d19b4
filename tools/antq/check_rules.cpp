// `antq check RULEBOOK...`: checks rulebook files and folders, prints `PATH: ok` per good
// file (`PATH: hợp lệ` in Vietnamese; stdout) and every error or warning (stderr, `file:line:col:
// error: ...`), then the problems between the rulebooks checked together (roll-ups, duplicate ids).

#include "antq/command.hpp"

#include <antq/error.hpp>
#include <antq/rulebook_loader.hpp>
#include <antq/rulebook_set.hpp>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>

namespace antq::cli {

int check_rulebooks(const std::vector<std::string>& paths, antq::language lang,
                    const engine_registry& engines) {
    if (paths.empty()) {
        throw usage_error("check needs at least one rulebook file or folder");
    }
    bool failed = false;
    std::vector<rulebook_check> checks;
    for (const auto& path : paths) {
        std::vector<std::filesystem::path> files;
        try {
            files = find_rulebook_files(path);
        } catch (const io_error& e) {
            std::cerr << path << ": error: " << e.what() << '\n';
            failed = true;
            continue;
        }
        if (files.empty()) {
            std::cerr << path
                      << ": error: no rulebook files (*.yaml, *.yml, *.json) in this folder\n";
            failed = true;
        }
        for (const auto& file : files) {
            // One file that cannot be checked must not stop the check of the others.
            try {
                checks.push_back(check_rulebook(file, engines));
            } catch (const error& e) {
                std::cerr << file.string() << ": error: " << e.what() << '\n';
                failed = true;
            }
        }
    }

    // Problems between the rulebooks that are each fine, attached to the file they are in.
    std::vector<rulebook> books;
    for (const auto& c : checks) {
        if (c.ok()) {
            books.push_back(*c.book);
        }
    }
    std::map<std::string, std::vector<diagnostic>> links;
    for (auto& d : check_rulebook_links(books, true)) {
        links[d.where.file].push_back(std::move(d));
    }

    for (auto& c : checks) {
        auto& extra = links[c.file];
        c.diagnostics.insert(c.diagnostics.end(), extra.begin(), extra.end());
        const bool has_error =
            std::any_of(c.diagnostics.begin(), c.diagnostics.end(),
                        [](const diagnostic& d) { return d.severity == severity::error; });
        if (!has_error) {
            std::cout << c.file << (lang == antq::language::vi ? ": hợp lệ\n" : ": ok\n");
        }
        for (const auto& d : c.diagnostics) {
            std::cerr << d.to_string() << '\n';
        }
        failed = failed || has_error;
    }
    return failed ? input_failure : success;
}

}  // namespace antq::cli
