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

}  // namespace antq::detail::expr
