#include <antq/rulebook.hpp>

#include "antq/rules/rulebook_words.hpp"

#include <algorithm>

namespace antq {

std::string_view to_string(subject_kind k) {
    return detail::word_of<subject_kind>(detail::subject_kind_words, k);
}

std::string_view to_string(indicator_type t) {
    return detail::word_of<indicator_type>(detail::indicator_type_words, t);
}

std::string_view to_string(missing_policy m) {
    return detail::word_of<missing_policy>(detail::missing_policy_words, m);
}

std::string_view to_string(rank_method m) {
    return detail::word_of<rank_method>(detail::rank_method_words, m);
}

std::string_view to_string(rollup_scope s) {
    return detail::word_of<rollup_scope>(detail::rollup_scope_words, s);
}

std::string_view to_string(rollup_error_policy p) {
    return detail::word_of<rollup_error_policy>(detail::rollup_error_policy_words, p);
}

std::string_view to_string(rollup_tier_source s) {
    return detail::word_of<rollup_tier_source>(detail::rollup_tier_source_words, s);
}

std::optional<std::size_t> rulebook::version_index_for(const antq::period& p) const noexcept {
    // Versions are oldest first: the last one in force on the period's last day wins.
    const auto after =
        std::upper_bound(versions.begin(), versions.end(), p.last(),
                         [](const date& d, const rulebook_version& v) { return d < v.effective; });
    if (after == versions.begin()) {
        return std::nullopt;
    }
    return static_cast<std::size_t>(std::distance(versions.begin(), after) - 1);
}

const rulebook_version& rulebook::version_for(const antq::period& p) const {
    const auto index = version_index_for(p);
    if (!index) {
        std::string message = "rulebook '" + id + "' has no version in force on " +
                              format_date(p.last()) + " (the last day of period " + p.to_string() +
                              ")";
        if (!versions.empty()) {
            message +=
                "; its first version takes effect on " + format_date(versions.front().effective);
        }
        throw usage_error(message);
    }
    return versions[*index];
}

}  // namespace antq
