#pragma once

/// \file
/// Typical models (mô hình): one replication point of a catalogue model in a host unit.

#include <antq/export.hpp>
#include <antq/period.hpp>

#include <optional>
#include <string>

namespace antq {

/// A model (mô hình) running in one unit.
struct model {
    std::string id;
    std::string name;
    std::string type;          ///< the catalogue model this is a replication point of
    std::string topic;         ///< chuyên đề, e.g. "ma-tuy"
    std::string target_group;  ///< đối tượng
    std::string unit;          ///< host unit id
    std::optional<date> established;
    std::optional<date> ended;    ///< set when the point was culled
    std::string replicated_from;  ///< id of the model it was copied from; empty if none

    friend bool operator==(const model&, const model&) = default;
};

/// Days of `p` on which the model was running: the overlap of [established, ended] with
/// the period, both ends included (an unknown start counts from the period's first day,
/// no end as still running). 0 when the model started after the period or ended before it.
[[nodiscard]] ANTQ_EXPORT long days_active(const model& m, const period& p);

}  // namespace antq
