#pragma once

/// \file
/// A rulebook compiled for evaluation: every expression checked and turned into a program,
/// every name resolved to an index, one plan per version. Compile once, evaluate many
/// periods and datasets with it.

#include <antq/engine.hpp>
#include <antq/export.hpp>
#include <antq/period.hpp>
#include <antq/rulebook.hpp>

#include <cstddef>
#include <memory>

namespace antq {

namespace detail::rules {
struct access;
}  // namespace detail::rules

/// A compiled rulebook. Immutable and cheap to copy (copies share the compiled form), so one
/// instance serves many threads.
class ANTQ_EXPORT compiled_rulebook {
  public:
    struct impl;

    /// The rulebook it was compiled from.
    [[nodiscard]] const rulebook& source() const noexcept;
    [[nodiscard]] const std::string& id() const noexcept;

    /// The engine registry it was compiled with (`builtin_engines()` itself, or a copy of the
    /// registry given, kept as long as any copy of this rulebook lives). What is made later
    /// from this rulebook (its tests' form in `rule_tester`, a `rulebook_set`) uses these
    /// engines without the registry being handed around again.
    [[nodiscard]] const engine_registry& engines() const noexcept;

    /// Position in `source().versions` of the version in force for `p` (see
    /// `rulebook::version_for`). Throws `usage_error` naming the rulebook and the date when
    /// none is in force.
    [[nodiscard]] std::size_t version_index_for(const period& p) const;

  private:
    friend struct detail::rules::access;
    explicit compiled_rulebook(std::shared_ptr<const impl> p) noexcept;

    std::shared_ptr<const impl> impl_;
};

/// Checks and compiles `book`: every expression against its names and expected type
/// (criteria `when` boolean and `score` number, tier `when` boolean, `applies_to` boolean),
/// derived values in dependency order (a cycle is an error naming it), engines made from
/// `engines` with their options. Throws `input_error` with every problem, each at its
/// file, line and column. Loading (`load_rulebook`) already does this; call it on a
/// rulebook built in C++.
[[nodiscard]] ANTQ_EXPORT compiled_rulebook
compile_rulebook(const rulebook& book, const engine_registry& engines = builtin_engines());

}  // namespace antq
