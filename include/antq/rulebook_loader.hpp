#pragma once

/// \file
/// Reading rulebooks from YAML (or JSON) files: checked whole (structure, names, types of
/// every expression, engine options), every problem reported at once with its file, line and
/// column.

#include <antq/compiled_rulebook.hpp>
#include <antq/engine.hpp>
#include <antq/error.hpp>
#include <antq/export.hpp>
#include <antq/rulebook.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace antq {

/// Reads, validates and compiles the rulebook in `path`. Throws `input_error` carrying every
/// problem of the file (YAML syntax, unknown keys, wrong types, bad ids and references,
/// versions out of order, unknown engines and bad engine options, unknown names and type
/// errors in expressions, cycles among derived values), each as `file:line:col`; `io_error`
/// when the file cannot be read. Files above 8 MiB, nesting deeper than 64 levels and
/// invalid UTF-8 are refused before any YAML is read. Lint warnings are not reported here
/// (see `check_rulebook` and `lint_rulebook`).
[[nodiscard]] ANTQ_EXPORT rulebook load_rulebook(
    const std::filesystem::path& path, const engine_registry& engines = builtin_engines());

/// The same for a text; `file_name` is used in messages and kept in `rulebook::file`.
[[nodiscard]] ANTQ_EXPORT rulebook
parse_rulebook(std::string_view yaml, std::string file_name,
               const engine_registry& engines = builtin_engines());

/// `load_rulebook`, keeping the compiled form it makes while checking: read, checked and
/// compiled once. Its `source()` is what `load_rulebook` returns and its `engines()` a
/// registry holding `engines`. Throws as `load_rulebook`.
[[nodiscard]] ANTQ_EXPORT compiled_rulebook load_compiled_rulebook(
    const std::filesystem::path& path, const engine_registry& engines = builtin_engines());

/// `parse_rulebook`, keeping the compiled form (see `load_compiled_rulebook`).
[[nodiscard]] ANTQ_EXPORT compiled_rulebook
parse_compiled_rulebook(std::string_view yaml, std::string file_name,
                        const engine_registry& engines = builtin_engines());

/// What checking a rulebook found, without throwing for bad input.
struct rulebook_check {
    std::string file;
    std::optional<rulebook> book;         ///< set when there was no error
    std::vector<diagnostic> diagnostics;  ///< errors, or lint warnings when there is no error;
                                          ///< in the order of the file

    [[nodiscard]] bool ok() const noexcept { return book.has_value(); }
};

/// Loads `path` like `load_rulebook`, then lints it (`lint_rulebook`) when it has no error.
/// Throws only `io_error` (the file cannot be read).
[[nodiscard]] ANTQ_EXPORT rulebook_check check_rulebook(
    const std::filesystem::path& path, const engine_registry& engines = builtin_engines());

/// The same for a text.
[[nodiscard]] ANTQ_EXPORT rulebook_check
check_rulebook_text(std::string_view yaml, std::string file_name,
                    const engine_registry& engines = builtin_engines());

/// The tests of a `*.cases.yaml` file: a list of tests, or a mapping with `tests:` and
/// optionally `rulebook:` (the id of the rulebook they test; empty when not given: the
/// rulebook beside the file with the same name before `.cases`).
struct rulebook_cases {
    std::string file;
    std::string rulebook;
    std::vector<rulebook_test> tests;
};

/// Reads a test file. Test shapes are checked here; names (indicators, tiers, criteria)
/// are checked against the rulebook by whoever runs them. Throws `input_error`, `io_error`.
[[nodiscard]] ANTQ_EXPORT rulebook_cases load_rulebook_cases(const std::filesystem::path& path);

/// The same for a text.
[[nodiscard]] ANTQ_EXPORT rulebook_cases parse_rulebook_cases(std::string_view yaml,
                                                              std::string file_name);

}  // namespace antq
