#pragma once

// The content hash (`hash_dataset`) in parts, so that a reader can hash what it has read
// while it reads or checks the rest: the folder reader hashes the record tables while their
// registry is being built.

#include <antq/dataset.hpp>

#include <span>
#include <string>
#include <string_view>

namespace antq::detail {

/// The digest of the three record tables, the part of `hash_dataset` that depends on them
/// alone: the same for the records as read and for the registry built from them (which
/// keeps them as they are, in order).
[[nodiscard]] std::string records_digest(std::span<const unit> units, std::span<const model> models,
                                         std::span<const exemplar> exemplars);

/// The digest of the observation table, the other part of `hash_dataset`.
[[nodiscard]] std::string observations_digest(const observation_table& o);

/// `hash_dataset(d)`, given the `records_digest` of d's registry and the
/// `observations_digest` of its observations.
[[nodiscard]] std::string hash_dataset_with_digests(const dataset& d, std::string_view records,
                                                    std::string_view observations);

}  // namespace antq::detail
