#pragma once

/// \file
/// The registry: every unit, model and exemplar of a dataset, validated as it is built
/// and indexed so that tree and catalogue queries do not scan everything.

#include <antq/exemplar.hpp>
#include <antq/export.hpp>
#include <antq/model.hpp>
#include <antq/unit.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace antq {

/// Index of a unit, model or exemplar inside a registry (its position in `units()` ...).
using index_t = std::uint32_t;

/// Where the records of a registry came from, so that problems name the file and row.
struct registry_sources {
    std::string units_file = "units.csv";
    std::string models_file = "models.csv";
    std::string exemplars_file = "exemplars.csv";
    /// Line of each record in its file; when empty, record i is on line i + 2 (after a
    /// header row).
    std::vector<std::size_t> unit_lines;
    std::vector<std::size_t> model_lines;
    std::vector<std::size_t> exemplar_lines;
};

/// Units, models and exemplars, immutable once built.
///
/// Units are stored in the order given; `descendants(u)` is answered from a pre-order
/// numbering, so it costs nothing to ask. Ids are case-sensitive.
class ANTQ_EXPORT registry {
public:
    /// An empty registry.
    registry();
    ~registry();
    registry(const registry&);
    registry(registry&&) noexcept;
    registry& operator=(const registry&);
    registry& operator=(registry&&) noexcept;

    /// Validates and indexes. Throws `input_error` listing every problem (duplicate ids,
    /// unresolved references, cycles in `parent` or `replicated_from`, `ended` before
    /// `established`, a model hosted by a unit that does not exist, a kind that is not a
    /// lowercase word), each with its file, line and column; nothing is half-built.
    [[nodiscard]] static registry build(std::vector<unit> units, std::vector<model> models,
                                        std::vector<exemplar> exemplars,
                                        const registry_sources& where = {});

    [[nodiscard]] std::span<const unit> units() const noexcept;
    [[nodiscard]] std::span<const model> models() const noexcept;
    [[nodiscard]] std::span<const exemplar> exemplars() const noexcept;

    [[nodiscard]] std::optional<index_t> find_unit(std::string_view id) const;
    [[nodiscard]] std::optional<index_t> find_model(std::string_view id) const;
    [[nodiscard]] std::optional<index_t> find_exemplar(std::string_view id) const;

    // ---- The unit tree ----

    [[nodiscard]] std::optional<index_t> parent(index_t u) const;
    [[nodiscard]] std::span<const index_t> children(index_t u) const;
    /// Every unit below `u`, in pre-order, not `u` itself.
    [[nodiscard]] std::span<const index_t> descendants(index_t u) const;
    /// Whether `a` is `d` or one of its ancestors.
    [[nodiscard]] bool is_ancestor_or_self(index_t a, index_t d) const;
    /// `u` itself when it is of `kind`, else the nearest ancestor of that kind.
    [[nodiscard]] std::optional<index_t> ancestor_of_kind(index_t u, std::string_view kind) const;
    [[nodiscard]] std::span<const index_t> units_of_kind(std::string_view kind) const;
    /// The kinds present, sorted.
    [[nodiscard]] std::vector<std::string> unit_kinds() const;
    [[nodiscard]] std::span<const index_t> roots() const;

    // ---- Models ----

    /// Models hosted by `u` itself.
    [[nodiscard]] std::span<const index_t> models_of_unit(index_t u) const;
    /// Models hosted by `u` or any unit below it.
    [[nodiscard]] std::vector<index_t> models_in_subtree(index_t u) const;
    [[nodiscard]] std::span<const index_t> models_of_topic(std::string_view topic) const;
    /// Replication points of a catalogue model type.
    [[nodiscard]] std::span<const index_t> models_of_type(std::string_view type) const;
    /// The topics present, sorted.
    [[nodiscard]] std::vector<std::string> topics() const;
    /// Models copied directly from `m` (`replicated_from == m`).
    [[nodiscard]] std::span<const index_t> replications_of(index_t m) const;
    /// The model at the root of `m`'s lineage (`m` itself when it was copied from none).
    [[nodiscard]] index_t lineage_root(index_t m) const;
    /// Host unit index of model `m`.
    [[nodiscard]] index_t unit_of_model(index_t m) const;

    // ---- Exemplars ----

    [[nodiscard]] index_t unit_of_exemplar(index_t e) const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace antq
