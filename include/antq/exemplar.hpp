#pragma once

/// \file
/// Advanced exemplars (điển hình tiên tiến): individuals or collectives recognised.

#include <antq/period.hpp>

#include <optional>
#include <string>
#include <vector>

namespace antq {

enum class exemplar_kind { individual, collective };

/// An exemplar (điển hình tiên tiến).
struct exemplar {
    std::string id;
    std::string name;
    exemplar_kind kind = exemplar_kind::individual;
    std::string unit;  ///< the unit where it was recognised
    std::optional<date> recognized;
    /// Ids of the models it belongs to (takes part in), and of those it leads: both link it
    /// to the model, for roll-ups `over: linked` (a model's exemplars count for the model).
    /// Default-initialised, so that aggregate initialisation without them stays warning-free.
    std::vector<std::string> models = {};
    std::vector<std::string> leads = {};

    friend bool operator==(const exemplar&, const exemplar&) = default;
};

}  // namespace antq
