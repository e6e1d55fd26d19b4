#pragma once

// Whether results belong to a dataset: the report and the workbook read names from the
// dataset by the results' subject indexes, so they first check that each index holds the id
// the results name (results of another dataset would print other subjects' names).

#include <antq/error.hpp>
#include <antq/registry.hpp>
#include <antq/result.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace antq::detail {

/// How many subjects of `kind` the registry holds.
inline std::size_t table_size(const registry& r, subject_kind kind) {
    switch (kind) {
        case subject_kind::model:
            return r.models().size();
        case subject_kind::unit:
            return r.units().size();
        case subject_kind::exemplar:
            return r.exemplars().size();
    }
    return 0;
}

/// The id of subject `i` of `kind`.
inline std::string_view id_in(const registry& r, subject_kind kind, index_t i) {
    switch (kind) {
        case subject_kind::model:
            return r.models()[i].id;
        case subject_kind::unit:
            return r.units()[i].id;
        case subject_kind::exemplar:
            return r.exemplars()[i].id;
    }
    return {};
}

/// Throws `usage_error` naming the first subject whose index does not hold its id.
inline void check_matches(const registry& r, const rulebook_results& results) {
    const auto& c = results.columns();
    const subject_kind kind = results.header().subject;
    for (std::size_t row = 0; row < results.size(); ++row) {
        const index_t i = c.subject_index[row];
        if (i >= table_size(r, kind) || id_in(r, kind, i) != c.subject[row]) {
            throw usage_error("the results of '" + results.header().rulebook +
                              "' do not match the dataset: subject '" +
                              std::string(c.subject[row]) + "'");
        }
    }
}

}  // namespace antq::detail
