#include <antq/criterion_vocabulary.hpp>

namespace antq {

std::string_view to_string(criterion_kind k) {
    switch (k) {
        case criterion_kind::scored:
            return "scored";
        case criterion_kind::required:
            return "required";
        case criterion_kind::veto:
            return "veto";
        case criterion_kind::penalty:
            return "penalty";
        case criterion_kind::bonus:
            return "bonus";
    }
    return "scored";
}

std::string_view to_string(criterion_direction d) {
    return d == criterion_direction::cost ? "cost" : "benefit";
}

}  // namespace antq
