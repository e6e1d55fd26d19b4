#pragma once

/// What a rulebook may declare, and so what results may hold (docs/limits.md lists these
/// with the other limits of the library). Real rulebooks stay far inside them; they exist
/// so that a hostile or mistaken file is refused with a clear message, at its place,
/// instead of overflowing to infinity, exhausting memory or the stack.

#include <cstddef>

namespace antq {

/// Decimal places a version may round scores to (`rounding: {digits: N}`).
inline constexpr int max_rounding_digits = 6;

/// The most points one criterion may give or take (`points:`); the most weight (`weight:`).
inline constexpr double max_criterion_points = 1e6;
inline constexpr double max_criterion_weight = 1e6;

/// The largest magnitude of a parameter (`parameters: {target: 48}`) and of `max_score`.
inline constexpr double max_declared_number = 1e12;

/// Criteria, derived values and tiers one version may declare.
inline constexpr std::size_t max_criteria_per_version = 1000;
inline constexpr std::size_t max_derived_per_version = 10000;
inline constexpr std::size_t max_tiers_per_version = 100;

/// Diagnostics kept per file in an `input_error` (and by `check_rulebook_text`); the rest
/// are counted in one last "and N more problems in this file". A hostile file can have a
/// problem on every line: listing a million helps nobody and costs memory and time.
inline constexpr std::size_t max_diagnostics_per_file = 100;

}  // namespace antq
