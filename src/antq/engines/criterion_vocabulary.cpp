#include <antq/criterion_vocabulary.hpp>

#include "antq/engines/criterion_words.hpp"

namespace antq {

std::string_view to_string(criterion_kind k) {
    return detail::word_of<criterion_kind>(detail::criterion_kind_words, k);
}

std::string_view to_string(criterion_direction d) {
    return detail::word_of<criterion_direction>(detail::criterion_direction_words, d);
}

}  // namespace antq
