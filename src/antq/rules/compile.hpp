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
#include <vector>

namespace antq::detail::rules {

/// Compiles every version of `book`; expression, name and engine problems go to `problems`.
/// The result is complete only when no error was added.
/// The plan keeps `engines`.
[[nodiscard]] std::shared_ptr<compiled_rulebook::impl> compile_plans(
    std::shared_ptr<const rulebook> book, std::shared_ptr<const engine_registry> engines,
    diagnostic_list& problems);

/// `engines` held for as long as a compiled rulebook needs it: `builtin_engines()` itself
/// (it lives as long as the program), any other registry copied, since the caller's may not
/// outlive what was compiled with it. A set compiles all its rulebooks with one such copy.
[[nodiscard]] std::shared_ptr<const engine_registry> kept_registry(const engine_registry& engines);

/// `load_compiled_rulebook` with a registry already kept (defined in loader.cpp).
[[nodiscard]] compiled_rulebook load_compiled(const std::filesystem::path& path,
                                              std::shared_ptr<const engine_registry> engines);

/// `lint_rulebook` of a rulebook already compiled, with the engines it was compiled with
/// (defined in lint.cpp).
[[nodiscard]] std::vector<diagnostic> lint_compiled(const rulebook_plan& compiled);

/// `compile_rulebook` with a registry already kept (defined in loader.cpp).
[[nodiscard]] compiled_rulebook compile(const rulebook& book,
                                        std::shared_ptr<const engine_registry> engines);

/// A canonical text of a plan (slots, programs, criteria, tiers, ranking, roll-ups), without
/// source positions: two plans that print the same evaluate the same. For tests.
[[nodiscard]] std::string describe(const version_plan& plan, const expr::string_pool& strings);

}  // namespace antq::detail::rules
