#include <antq/rulebook.hpp>

#include <algorithm>

namespace antq {

std::string_view to_string(subject_kind k) {
    switch (k) {
        case subject_kind::model:
            return "model";
        case subject_kind::unit:
            return "unit";
        case subject_kind::exemplar:
            return "exemplar";
    }
    return "model";
}

std::string_view to_string(indicator_type t) {
    switch (t) {
        case indicator_type::count:
            return "count";
        case indicator_type::number:
            return "number";
        case indicator_type::ratio:
            return "ratio";
        case indicator_type::boolean:
            return "bool";
        case indicator_type::text:
            return "text";
    }
    return "number";
}

std::string_view to_string(missing_policy m) {
    switch (m) {
        case missing_policy::error:
            return "error";
        case missing_policy::zero:
            return "zero";
        case missing_policy::exclude:
            return "exclude";
    }
    return "error";
}

std::string_view to_string(rank_method m) {
    switch (m) {
        case rank_method::competition:
            return "competition";
        case rank_method::dense:
            return "dense";
        case rank_method::ordinal:
            return "ordinal";
    }
    return "competition";
}

std::string_view to_string(rollup_scope s) {
    switch (s) {
        case rollup_scope::children:
            return "children";
        case rollup_scope::descendants:
            return "descendants";
        case rollup_scope::linked:
            return "linked";
    }
    return "descendants";
}

std::string_view to_string(rollup_error_policy p) {
    switch (p) {
        case rollup_error_policy::incomplete:
            return "incomplete";
        case rollup_error_policy::skip:
            return "skip";
        case rollup_error_policy::fail:
            return "fail";
    }
    return "incomplete";
}

std::string_view to_string(rollup_tier_source s) {
    return s == rollup_tier_source::proposed ? "proposed" : "decided";
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
