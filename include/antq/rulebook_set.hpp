#pragma once

/// \file
/// The rulebooks of a folder, compiled, looked up by id and ordered so that every rulebook
/// comes after the rulebooks it rolls up (`rollups:`), as the evaluation needs them.

#include <antq/compiled_rulebook.hpp>
#include <antq/engine.hpp>
#include <antq/export.hpp>
#include <antq/rulebook.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace antq {

/// Compiled rulebooks in roll-up dependency order. Immutable once built; cheap to copy.
class ANTQ_EXPORT rulebook_set {
  public:
    /// An empty set.
    rulebook_set();

    /// Loads `path` (each rulebook read, checked and compiled once, with `engines`): one rulebook
    /// file, or a folder searched recursively for `*.yaml`,
    /// `*.yml` and `*.json` (files named `*.cases.yaml` / `*.cases.yml` are test files, not
    /// rulebooks, and are listed in `case_files()`), in sorted path order. Every file is read
    /// and every problem of every file reported at once (`input_error`), as are the problems
    /// between files: two rulebooks with one id, a roll-up from a rulebook that is not in the
    /// set or from a criterion its source does not have, and roll-ups that form a cycle
    /// (named: `a -> b -> a`). Throws `io_error` when `path` cannot be read.
    [[nodiscard]] static rulebook_set load(const std::filesystem::path& path,
                                           const engine_registry& engines = builtin_engines());

    /// Compiles rulebooks built in code or loaded one by one, with the same checks between
    /// them as `load`.
    [[nodiscard]] static rulebook_set from(std::vector<rulebook> books,
                                           const engine_registry& engines = builtin_engines());

    /// A set of rulebooks already compiled (`load_compiled_rulebook`, `compile_rulebook`),
    /// with the same checks between them as `load` but no compiling again: each keeps the
    /// engines it was compiled with. The set's `engines()` are those of its first rulebook
    /// as given (`builtin_engines()` for none).
    [[nodiscard]] static rulebook_set from(std::vector<compiled_rulebook> books);

    /// Every rulebook after those it rolls up; ties in file (or given) order.
    [[nodiscard]] std::span<const compiled_rulebook> rulebooks() const noexcept;

    /// The rulebook with this id, or null.
    [[nodiscard]] const compiled_rulebook* find(std::string_view id) const noexcept;

    /// Like `find`, but throws `usage_error` naming the id (and the closest known id).
    [[nodiscard]] const compiled_rulebook& at(std::string_view id) const;

    [[nodiscard]] std::size_t size() const noexcept;
    [[nodiscard]] bool empty() const noexcept { return size() == 0; }

    /// The `*.cases.yaml` files found by `load` in a folder, sorted.
    [[nodiscard]] std::span<const std::filesystem::path> case_files() const noexcept;

    /// The engine registry the set was compiled with, kept by the set (`builtin_engines()`
    /// itself, or a copy of the registry given to `load` or `from`; `builtin_engines()` for
    /// an empty set). What is made later from the set's rulebooks (`rule_tester(set, id)`,
    /// `load_rulebook_archive(file, set.engines())`) finds a team's own engines here, without
    /// the registry being handed around again.
    [[nodiscard]] const engine_registry& engines() const noexcept;

  private:
    struct impl;
    // Checks the links between `books` (problems of each book already in `problems`), orders
    // them and keeps `compiled` (one per book; empty where a book did not compile).
    [[nodiscard]] static rulebook_set assemble(
        std::span<const rulebook> books, std::vector<std::optional<compiled_rulebook>> compiled,
        std::vector<diagnostic> problems, std::shared_ptr<const engine_registry> engines);

    std::shared_ptr<const impl> impl_;
};

/// The rulebook files of `path` as `rulebook_set::load` reads them: `path` itself when it is
/// a file, else the rulebook files below it, sorted. Throws `io_error` when it does not exist.
[[nodiscard]] ANTQ_EXPORT std::vector<std::filesystem::path> find_rulebook_files(
    const std::filesystem::path& path);

/// Problems between rulebooks that are each valid: duplicate ids, roll-up sources that are
/// not among `books` (errors, or warnings when `missing_is_warning`, for checking a part of a
/// folder), roll-ups of criteria the source does not have, cycles.
[[nodiscard]] ANTQ_EXPORT std::vector<diagnostic> check_rulebook_links(
    std::span<const rulebook> books, bool missing_is_warning = false);

}  // namespace antq
