#include <antq/model.hpp>

#include <algorithm>

namespace antq {

bool model_type::has_indicator(std::string_view indicator) const {
    return indicators.empty() ||
           std::find(indicators.begin(), indicators.end(), indicator) != indicators.end();
}

bool model_type::applies_to(std::span<const std::string> attributes) const {
    return std::all_of(unit_attributes.begin(), unit_attributes.end(), [&](const auto& needed) {
        return std::find(attributes.begin(), attributes.end(), needed) != attributes.end();
    });
}

long days_active(const model& m, const period& p) {
    const date first = m.established ? std::max(*m.established, p.first()) : p.first();
    const date last = m.ended ? std::min(*m.ended, p.last()) : p.last();
    if (last < first) {
        return 0;
    }
    return (last - first).days() + 1;
}

}  // namespace antq
