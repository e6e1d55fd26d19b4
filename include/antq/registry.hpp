#pragma once

/// \file
/// The registry: every unit, model and exemplar of a dataset, validated as it is built
/// and indexed so that tree and catalogue queries do not scan everything.

#include <antq/error.hpp>
#include <antq/exemplar.hpp>
#include <antq/export.hpp>
#include <antq/model.hpp>
#include <antq/unit.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace antq {

/// Index of a unit, model or exemplar inside a registry (its position in `units()` ...).
using index_t = std::uint32_t;

/// The three record tables of a registry.
enum class record_table { units, models, exemplars };

/// Where the records of a registry came from, so that problems name the file and row.
///
/// Columns are numbered as in the CSV files of docs/datasets.md: units
/// `id,kind,name,parent`, models `id,name,type,topic,target_group,unit,established,ended,
/// replicated_from`, exemplars `id,name,kind,unit,recognized`.
struct registry_sources {
    std::string units_file = "units.csv";
    std::string models_file = "models.csv";
    std::string exemplars_file = "exemplars.csv";
    /// Line of each record in its file; when empty, record i is on line i + 2 (after a
    /// header row).
    std::vector<std::size_t> unit_lines;
    std::vector<std::size_t> model_lines;
    std::vector<std::size_t> exemplar_lines;
    /// When set, says where field `column` (1-based, numbered as above; 0 for the record
    /// as a whole) of record `index` of `table` was written, instead of the files and lines above:
    /// a loader whose file orders columns differently, or a JSON document, points at the real
    /// place.
    std::function<source_location(record_table table, std::size_t index, std::size_t column)>
        locate;
};

/// Units, models and exemplars, immutable once built.
///
/// Units are stored in the order given; `descendants(u)` is answered from a pre-order
/// numbering, so it costs nothing to ask. Ids are case-sensitive, and unique across the
/// three tables (a model may not share its id with a unit), because observations name
/// their subject by id alone. Indices given to the queries below must be valid (less
/// than the size of their table); a bad index is a bug, not an input error.
class ANTQ_EXPORT registry {
  public:
    /// An empty registry.
    registry();
    ~registry();
    registry(const registry&);
    registry(registry&&) noexcept;
    registry& operator=(const registry&);
    registry& operator=(registry&&) noexcept;

    /// Validates and indexes. Throws `input_error` listing every problem (empty or
    /// duplicate ids, unresolved references, cycles in `parent` or `replicated_from`,
    /// `ended` before `established`, a model or exemplar without a unit or hosted by a unit
    /// that does not exist, a unit kind that is not a lowercase word `[a-z][a-z_-]*`),
    /// each with its file, line and column, sorted by file then place; nothing is
    /// half-built. A cycle is reported once, on its record that comes first.
    [[nodiscard]] static registry build(std::vector<unit> units, std::vector<model> models,
                                        std::vector<exemplar> exemplars,
                                        const registry_sources& where = {});

    [[nodiscard]] std::span<const unit> units() const noexcept;
    [[nodiscard]] std::span<const model> models() const noexcept;
    [[nodiscard]] std::span<const exemplar> exemplars() const noexcept;

    [[nodiscard]] std::optional<index_t> find_unit(std::string_view id) const;
    [[nodiscard]] std::optional<index_t> find_model(std::string_view id) const;
    [[nodiscard]] std::optional<index_t> find_exemplar(std::string_view id) const;

    /// Same units, models and exemplars in the same order (the indexes follow from them).
    [[nodiscard]] bool operator==(const registry& other) const;

    // ---- The unit tree ----

    [[nodiscard]] std::optional<index_t> parent(index_t u) const;
    [[nodiscard]] std::span<const index_t> children(index_t u) const;
    /// Every unit below `u`, in pre-order (children in registry order), not `u` itself.
    [[nodiscard]] std::span<const index_t> descendants(index_t u) const;
    /// Whether `a` is `d` or one of its ancestors.
    [[nodiscard]] bool is_ancestor_or_self(index_t a, index_t d) const;
    /// `u` itself when it is of `kind`, else the nearest ancestor of that kind.
    [[nodiscard]] std::optional<index_t> ancestor_of_kind(index_t u, std::string_view kind) const;
    /// Units of `kind` in index order; empty for a kind not present.
    [[nodiscard]] std::span<const index_t> units_of_kind(std::string_view kind) const;
    /// The kinds present, sorted.
    [[nodiscard]] std::vector<std::string> unit_kinds() const;
    /// Units without a parent, in registry order.
    [[nodiscard]] std::span<const index_t> roots() const;

    // ---- Models ----

    /// Models hosted by `u` itself, in increasing index order.
    [[nodiscard]] std::span<const index_t> models_of_unit(index_t u) const;
    /// Models hosted by `u` or any unit below it, in increasing index order.
    [[nodiscard]] std::vector<index_t> models_in_subtree(index_t u) const;
    /// Models of `topic` in index order; empty for a topic not present.
    [[nodiscard]] std::span<const index_t> models_of_topic(std::string_view topic) const;
    /// Replication points of a catalogue model type, in index order.
    [[nodiscard]] std::span<const index_t> models_of_type(std::string_view type) const;
    /// The topics present, sorted.
    [[nodiscard]] std::vector<std::string> topics() const;
    /// Models copied directly from `m` (`replicated_from == m`), in increasing index order.
    [[nodiscard]] std::span<const index_t> replications_of(index_t m) const;
    /// The model at the root of `m`'s lineage (`m` itself when it was copied from none).
    [[nodiscard]] index_t lineage_root(index_t m) const;
    /// Models copied from none (the roots of the replication lineage), in index order.
    [[nodiscard]] std::span<const index_t> lineage_roots() const;
    /// Host unit index of model `m`.
    [[nodiscard]] index_t unit_of_model(index_t m) const;

    // ---- Exemplars ----

    [[nodiscard]] index_t unit_of_exemplar(index_t e) const;
    /// Models exemplar `e` belongs to or leads (its `models` and `leads`), by index, sorted,
    /// each once.
    [[nodiscard]] std::span<const index_t> models_of_exemplar(index_t e) const;
    /// Whether exemplar `e` leads model `m` (lists it in `leads`).
    [[nodiscard]] bool exemplar_leads(index_t e, index_t m) const;
    /// Exemplars that belong to or lead model `m`, in increasing index order.
    [[nodiscard]] std::span<const index_t> exemplars_of_model(index_t m) const;

  private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace antq
