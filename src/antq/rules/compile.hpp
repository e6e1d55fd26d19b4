#pragma once

// Compiling a validated rulebook into plans (plan.hpp): names resolved to slots through
// expression scopes, derived values ordered by their dependencies, every expression
// type-checked, engines made from the registry.

#include "antq/rules/plan.hpp"
#include "antq/rules/source_text.hpp"

#include <antq/engine.hpp>
#include <antq/error.hpp>
#include <antq/rulebook.hpp>

#include <filesystem>
#include <memory>
#include <string>

namespace antq::detail::rules {

/// Compiles every version of `book`; expression, name and engine problems go to `problems`.
/// The result is complete only when no error was added.
[[nodiscard]] std::shared_ptr<compiled_rulebook::impl> compile_plans(
    std::shared_ptr<const rulebook> book, const engine_registry& engines,
    diagnostic_list& problems);

/// Reads, checks and compiles the rulebook file `path` once (defined in loader.cpp, beside
/// `load_rulebook`, which compiles only to check). Throws `input_error` as `load_rulebook`.
[[nodiscard]] compiled_rulebook load_compiled(const std::filesystem::path& path,
                                              const engine_registry& engines);

/// A canonical text of a plan (slots, programs, criteria, tiers, ranking, roll-ups), without
/// source positions: two plans that print the same evaluate the same. For tests.
[[nodiscard]] std::string describe(const version_plan& plan, const expr::string_pool& strings);

/// Where the 1-based `column` of `e` is in its file, for a rulebook read from `lines`
/// (null when built in code: then `e.where`, moved along its line when it has one).
[[nodiscard]] source_location expression_place(const line_index* lines, const expression& e,
                                               std::size_t column);

}  // namespace antq::detail::rules
