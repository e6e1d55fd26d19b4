#include "antq/suggestion.hpp"

#include <algorithm>
#include <vector>

namespace antq::detail {

namespace {

char lower(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::size_t tolerated_distance(std::size_t length) noexcept {
    if (length <= 4) {
        return 1;
    }
    return length <= 8 ? 2 : 3;
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
    const std::size_t width = b.size() + 1;
    std::vector<std::size_t> before(width), previous(width), current(width);
    for (std::size_t j = 0; j < width; ++j) {
        previous[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        current[0] = i;
        for (std::size_t j = 1; j < width; ++j) {
            const bool same = lower(a[i - 1]) == lower(b[j - 1]);
            current[j] =
                std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (same ? 0 : 1)});
            if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
                lower(a[i - 2]) == lower(b[j - 1])) {
                current[j] = std::min(current[j], before[j - 2] + 1);
            }
        }
        std::swap(before, previous);
        std::swap(previous, current);
    }
    return previous[b.size()];
}

std::optional<std::string> closest_match(std::string_view word,
                                         std::span<const std::string_view> candidates) {
    const std::size_t limit = tolerated_distance(word.size());
    std::optional<std::string_view> best;
    std::size_t best_distance = limit + 1;
    for (const auto candidate : candidates) {
        if (candidate == word) {
            continue;
        }
        const std::size_t gap = candidate.size() > word.size() ? candidate.size() - word.size()
                                                               : word.size() - candidate.size();
        if (gap > limit) {
            continue;
        }
        const std::size_t distance = edit_distance(word, candidate);
        // A one-letter name is "close" to every other one-letter name; that is no hint.
        if (distance >= std::max(word.size(), candidate.size())) {
            continue;
        }
        if (distance < best_distance || (distance == best_distance && best && candidate < *best)) {
            best_distance = distance;
            best = candidate;
        }
    }
    if (!best) {
        return std::nullopt;
    }
    return std::string(*best);
}

std::optional<std::string> closest_match(std::string_view word,
                                         std::span<const std::string> candidates) {
    // Only on the way to an error message: the copy of the views costs nothing that matters.
    const std::vector<std::string_view> views(candidates.begin(), candidates.end());
    return closest_match(word, std::span<const std::string_view>(views));
}

std::string did_you_mean(std::string_view word, std::span<const std::string_view> candidates) {
    if (const auto close = closest_match(word, candidates)) {
        return " (did you mean '" + *close + "'?)";
    }
    return {};
}

std::string did_you_mean(std::string_view word, std::span<const std::string> candidates) {
    if (const auto close = closest_match(word, candidates)) {
        return " (did you mean '" + *close + "'?)";
    }
    return {};
}

}  // namespace antq::detail
