#pragma once

/// \file
/// Typical models (mô hình): one replication point of a catalogue model in a host unit.

#include <antq/export.hpp>
#include <antq/period.hpp>

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

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

/// A row of the model-type catalogue (`model-types.csv`, optional): what every replication
/// point of one catalogue model shares.
struct model_type {
    std::string id;     ///< as the `type` column of models.csv writes it
    std::string name;   ///< what people read; empty: the id
    std::string topic;  ///< chuyên đề of the type; empty when it has none
    /// The indicators that apply to models of the type (rulebook indicators declared
    /// `by_type: true` and not listed here are not read for them). Empty: every indicator.
    std::vector<std::string> indicators{};
    /// The condition on a host unit: the unit attributes it must all have
    /// (`unit::attributes`), e.g. `ven-song`. Empty: the type applies to every unit.
    std::vector<std::string> unit_attributes{};

    /// Whether `indicator` applies to models of this type (always when the list is empty).
    [[nodiscard]] ANTQ_EXPORT bool has_indicator(std::string_view indicator) const;
    /// Whether a model of this type may run in a unit with these attributes.
    [[nodiscard]] ANTQ_EXPORT bool applies_to(std::span<const std::string> attributes) const;

    friend bool operator==(const model_type&, const model_type&) = default;
};

/// Days of `p` on which the model was running: the overlap of [established, ended] with
/// the period, both ends included (an unknown start counts from the period's first day,
/// no end as still running). 0 when the model started after the period or ended before it.
[[nodiscard]] ANTQ_EXPORT long days_active(const model& m, const period& p);

}  // namespace antq
