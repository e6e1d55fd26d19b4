#pragma once

// The fingerprint of an evaluation (docs/design/evaluation.md, "Fingerprint"): SHA-256 over the
// rulebook sources, the dataset's content hash and the library version, so that an old result can
// be reproduced and checked.

#include <antq/rulebook.hpp>

#include <span>
#include <string>
#include <string_view>

namespace antq::detail::evaluation {

/// SHA-256 (lowercase hex) of `text`.
[[nodiscard]] std::string sha256_hex(std::string_view text);

/// SHA-256 (lowercase hex) of the parts, each framed by its length so that moving bytes
/// from one part to the next changes the hash.
[[nodiscard]] std::string framed_sha256_hex(std::span<const std::string_view> parts);

/// The fingerprint of evaluating rulebooks on a dataset whose content hash is `dataset_hash`,
/// with library version `library_version`. `rulebook_hashes` are the rulebooks'
/// `antq::rulebook_hash` (antq/evaluate.hpp), in evaluation order.
[[nodiscard]] std::string fingerprint(std::span<const std::string> rulebook_hashes,
                                      std::string_view dataset_hash,
                                      std::string_view library_version);

}  // namespace antq::detail::evaluation
