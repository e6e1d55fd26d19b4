#pragma once

// A synthetic national dataset for benchmarks, tests and demonstrations: provinces,
// communes and villages (plus schools and agencies), models spread over them with topics,
// types and a replication lineage, exemplars, and observations per model and period.
// The same options give the same dataset, byte for byte, on any machine: the random
// numbers come from SplitMix64 streams keyed by (seed, record), not from <random>'s
// distributions, whose results differ between standard libraries.

#include <antq/dataset.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace antq::detail {

struct synthetic_options {
    std::size_t provinces = 34;
    std::size_t communes = 3321;
    std::size_t villages_per_commune = 20;
    std::size_t models = 1'000'000;
    /// Exemplars; by default a third of the communes (about the national count).
    std::size_t exemplars = 1107;
    /// Period labels, one observation row per model and period.
    std::vector<std::string> periods{"2024"};
    /// How many indicators (the first of crimes, crimes_detected, serious_crimes, reports,
    /// disputes, disputes_mediated, patrols, legal_sessions, weapons_recovered, drug_users,
    /// households, households_signed, residents, residents_participating, incidents; more
    /// than 15 adds `indicator_16`...).
    std::size_t indicators = 15;
    /// Share of observation cells left missing.
    double missing_share = 0.01;
    std::uint64_t seed = 1;
};

/// The most units, models or exemplars a synthetic dataset may have (30 times the national
/// scale), and the most observation cells (models x periods x indicators; 500 million
/// numbers take 4 GB).
inline constexpr std::size_t max_synthetic_subjects = 100'000'000;
inline constexpr std::size_t max_synthetic_cells = 500'000'000;
/// Above every product the checks compute, so that they cannot overflow.
inline constexpr std::size_t max_synthetic_size = std::size_t{1} << 62;

/// The names of the first `count` synthetic indicators.
[[nodiscard]] std::vector<std::string> synthetic_indicator_names(std::size_t count);

/// Builds the dataset (content hash included). Throws `usage_error` when the options
/// cannot make one (no province, fewer communes than provinces, no period, a share of
/// missing cells outside [0, 1], more subjects or cells than the limits above).
[[nodiscard]] dataset generate_synthetic_dataset(const synthetic_options& options);

}  // namespace antq::detail
