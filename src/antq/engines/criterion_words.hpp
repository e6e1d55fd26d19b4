#pragma once

// The words a rulebook writes for a criterion's kind and direction: the one table each,
// read by the rulebook reader and written by `to_string` (antq/criterion_vocabulary.hpp).

#include <antq/criterion_vocabulary.hpp>

#include "antq/enum_words.hpp"

#include <array>

namespace antq::detail {

inline constexpr std::array<enum_word<criterion_kind>, 5> criterion_kind_words = {{
    {criterion_kind::scored, "scored"},
    {criterion_kind::required, "required"},
    {criterion_kind::veto, "veto"},
    {criterion_kind::penalty, "penalty"},
    {criterion_kind::bonus, "bonus"},
}};

inline constexpr std::array<enum_word<criterion_direction>, 2> criterion_direction_words = {{
    {criterion_direction::benefit, "benefit"},
    {criterion_direction::cost, "cost"},
}};

}  // namespace antq::detail
