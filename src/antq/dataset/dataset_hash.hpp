#pragma once

// The content hash (`hash_dataset`) in its parts, so that a reader can hash one part while it
// finishes the other: the folder reader hashes the registry's records while it looks the
// observations' subjects up.

#include <antq/dataset.hpp>

#include <span>
#include <string>
#include <string_view>

namespace antq::detail {

/// The digest of the three record tables (a registry's `units()`, `models()` and
/// `exemplars()`), the part of `hash_dataset` that depends on them alone.
[[nodiscard]] std::string records_digest(std::span<const unit> units, std::span<const model> models,
                                         std::span<const exemplar> exemplars);

/// The digest of the observation table, the other part of `hash_dataset`.
[[nodiscard]] std::string observations_digest(const observation_table& o);

/// `hash_dataset(d)`, given the `records_digest` of d's registry and the
/// `observations_digest` of its observations.
[[nodiscard]] std::string hash_dataset_with_digests(const dataset& d, std::string_view records,
                                                    std::string_view observations);

}  // namespace antq::detail
