#pragma once

// The words a rulebook writes for each of its enums (antq/rulebook.hpp): the one table per
// enum that the reader reads with and `to_string` writes with.

#include <antq/rulebook.hpp>

#include "antq/enum_words.hpp"

#include <array>

namespace antq::detail {

inline constexpr std::array<enum_word<subject_kind>, 3> subject_kind_words = {{
    {subject_kind::model, "model"},
    {subject_kind::unit, "unit"},
    {subject_kind::exemplar, "exemplar"},
}};

inline constexpr std::array<enum_word<indicator_type>, 5> indicator_type_words = {{
    {indicator_type::count, "count"},
    {indicator_type::number, "number"},
    {indicator_type::ratio, "ratio"},
    {indicator_type::boolean, "bool"},
    {indicator_type::text, "text"},
}};

inline constexpr std::array<enum_word<missing_policy>, 3> missing_policy_words = {{
    {missing_policy::error, "error"},
    {missing_policy::zero, "zero"},
    {missing_policy::exclude, "exclude"},
}};

inline constexpr std::array<enum_word<rank_method>, 3> rank_method_words = {{
    {rank_method::competition, "competition"},
    {rank_method::dense, "dense"},
    {rank_method::ordinal, "ordinal"},
}};

inline constexpr std::array<enum_word<rollup_scope>, 3> rollup_scope_words = {{
    {rollup_scope::children, "children"},
    {rollup_scope::descendants, "descendants"},
    {rollup_scope::linked, "linked"},
}};

inline constexpr std::array<enum_word<rollup_error_policy>, 3> rollup_error_policy_words = {{
    {rollup_error_policy::incomplete, "incomplete"},
    {rollup_error_policy::skip, "skip"},
    {rollup_error_policy::fail, "fail"},
}};

inline constexpr std::array<enum_word<rollup_tier_source>, 2> rollup_tier_source_words = {{
    {rollup_tier_source::decided, "decided"},
    {rollup_tier_source::proposed, "proposed"},
}};

/// `true` and `false` as a rulebook writes them.
inline constexpr std::array<enum_word<bool>, 2> boolean_words = {{
    {false, "false"},
    {true, "true"},
}};

}  // namespace antq::detail
