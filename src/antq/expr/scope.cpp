#include "antq/expr/scope.hpp"

#include <algorithm>
#include <cassert>
#include <limits>

namespace antq::detail::expr {

std::string_view name_of(criterion_function function) noexcept {
    switch (function) {
        case criterion_function::passed:
            return "passed";
        case criterion_function::points:
            return "points";
        case criterion_function::value:
            return "value";
    }
    return "passed";
}

value_type type_of(criterion_function function) noexcept {
    return function == criterion_function::passed ? value_type::boolean : value_type::number;
}

std::optional<symbol> scope::find_previous(std::string_view, std::uint32_t) const {
    return std::nullopt;
}

std::optional<symbol> scope::find_previous_tier(std::uint32_t) const {
    return std::nullopt;
}

std::optional<symbol> scope::find_criterion(criterion_function, std::string_view) const {
    return std::nullopt;
}

std::vector<std::string> scope::names() const {
    return {};
}

std::vector<std::string> scope::criterion_ids() const {
    return {};
}

std::uint32_t string_pool::intern(std::string_view text) {
    if (auto found = ids_.find(text); found != ids_.end()) {
        return found->second;
    }
    assert(texts_.size() < std::numeric_limits<std::uint32_t>::max() && "string pool is full");
    const auto id = static_cast<std::uint32_t>(texts_.size());
    texts_.emplace_back(text);
    ids_.emplace(std::string(text), id);
    return id;
}

std::optional<std::uint32_t> string_pool::find(std::string_view text) const {
    if (auto found = ids_.find(text); found != ids_.end()) {
        return found->second;
    }
    return std::nullopt;
}

const std::string& string_pool::text(std::uint32_t id) const {
    assert(id < texts_.size() && "text id out of range");
    return texts_[id];
}

namespace {

char lower(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// Optimal string alignment distance (Levenshtein plus adjacent transpositions), case-blind,
// because "detcetion" and "Crimes" are the typos rule authors make.
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

std::size_t tolerated_distance(std::size_t length) noexcept {
    if (length <= 4) {
        return 1;
    }
    return length <= 8 ? 2 : 3;
}

}  // namespace

std::optional<std::string> closest_match(std::string_view word,
                                         std::span<const std::string> candidates) {
    const std::size_t limit = tolerated_distance(word.size());
    std::optional<std::string> best;
    std::size_t best_distance = limit + 1;
    for (const auto& candidate : candidates) {
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
    return best;
}

}  // namespace antq::detail::expr
