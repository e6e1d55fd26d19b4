#pragma once

// The subjects of a rulebook (`subject: model | unit | exemplar`) seen one way: their ids,
// attributes, host unit and how long they were active in a period.

#include <antq/period.hpp>
#include <antq/registry.hpp>
#include <antq/rulebook.hpp>

#include "antq/rules/plan.hpp"

#include <optional>
#include <string_view>

namespace antq::detail::evaluation {

class subject_view {
  public:
    subject_view(const registry& r, subject_kind kind) noexcept : registry_(&r), kind_(kind) {}

    [[nodiscard]] subject_kind kind() const noexcept { return kind_; }
    [[nodiscard]] const antq::registry& registry() const noexcept { return *registry_; }

    /// How many subjects of the kind the registry holds.
    [[nodiscard]] std::size_t size() const noexcept;

    [[nodiscard]] std::optional<index_t> find(std::string_view id) const;

    [[nodiscard]] std::string_view id(index_t s) const;

    /// A text attribute (every attribute but `days_active`), pointing into the registry.
    [[nodiscard]] std::string_view text(rules::attribute a, index_t s) const;

    /// The subject's unit: a unit itself, a model's host unit, an exemplar's unit.
    [[nodiscard]] index_t unit(index_t s) const;

    /// Days of `p` the subject was active: a model's running days (`days_active`); units and
    /// exemplars are active the whole period.
    [[nodiscard]] long days_active(index_t s, const period& p) const;

    /// Whole months of `p` the subject was active (from its first active day, a month ends
    /// on the same day number of the next month, e.g. 2024-01-15..2024-02-14).
    [[nodiscard]] long months_active(index_t s, const period& p) const;

  private:
    const antq::registry* registry_;
    subject_kind kind_;
};

}  // namespace antq::detail::evaluation
