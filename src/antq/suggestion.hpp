#pragma once

// "Did you mean" for every message about an unknown name: expression names, rulebook keys
// and ids, engine options. One distance and one threshold, so a typo gets the same hint
// wherever it is made.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace antq::detail {

/// The optimal string alignment distance between `a` and `b` (Levenshtein plus adjacent
/// transpositions), letter case ignored: "scael" is one edit from "scale".
[[nodiscard]] std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `word` by `edit_distance`, or nullopt when none is close enough
/// to be a likely typo: one edit up to 4 letters, two up to 8, three beyond, and never as
/// many edits as the longer word has letters (one letter is no hint). A candidate equal to
/// `word` is skipped. Ties go to the alphabetically first candidate.
[[nodiscard]] std::optional<std::string> closest_match(
    std::string_view word, std::span<const std::string_view> candidates);
[[nodiscard]] std::optional<std::string> closest_match(std::string_view word,
                                                       std::span<const std::string> candidates);

/// ` (did you mean 'x'?)` for the `closest_match` of `word`, or empty when there is none.
[[nodiscard]] std::string did_you_mean(std::string_view word,
                                       std::span<const std::string_view> candidates);
[[nodiscard]] std::string did_you_mean(std::string_view word,
                                       std::span<const std::string> candidates);

}  // namespace antq::detail
