#include <antq/registry.hpp>

#include "antq/id_index.hpp"
#include "antq/parallel.hpp"

#include <algorithm>
#include <cassert>
#include <iterator>
#include <thread>
#include <tuple>
#include <unordered_map>

namespace antq {

namespace {

constexpr index_t none = detail::id_index::npos;

// Models are resolved on several threads from this many on; fewer would only pay for them.
constexpr std::size_t parallel_models = 65'536;

unsigned resolving_threads() {
    return std::clamp(std::thread::hardware_concurrency(), 1U, 8U);
}

// Column numbers of the CSV files (docs/datasets.md), for diagnostics (the id is column 1
// of each).
namespace unit_column {
constexpr std::size_t kind = 2;
constexpr std::size_t parent = 4;
}  // namespace unit_column
namespace model_column {
constexpr std::size_t unit = 6;
constexpr std::size_t ended = 8;
constexpr std::size_t replicated_from = 9;
}  // namespace model_column
namespace exemplar_column {
constexpr std::size_t unit = 4;
constexpr std::size_t models = 6;
constexpr std::size_t leads = 7;
}  // namespace exemplar_column

const char* table_noun(record_table table) {
    switch (table) {
        case record_table::units:
            return "unit";
        case record_table::models:
            return "model";
        case record_table::exemplars:
            return "exemplar";
    }
    return "record";
}

// Items grouped by a string key: the keys sorted, and for each the items in index order.
struct grouping {
    std::vector<std::string> keys;
    std::vector<index_t> offsets{0};
    std::vector<index_t> items;

    [[nodiscard]] std::span<const index_t> find(std::string_view key) const {
        const auto it =
            std::lower_bound(keys.begin(), keys.end(), key,
                             [](const std::string& a, std::string_view b) { return a < b; });
        if (it == keys.end() || *it != key) {
            return {};
        }
        const auto k = static_cast<std::size_t>(it - keys.begin());
        return {items.data() + offsets[k], items.data() + offsets[k + 1]};
    }
};

template <class KeyOf>
grouping group_by(std::size_t count, const KeyOf& key_of) {
    std::unordered_map<std::string_view, std::uint32_t> seen;
    std::vector<std::string_view> names;
    std::vector<std::uint32_t> key_index(count);
    std::string_view last_name;
    std::uint32_t last_index = none;
    for (std::size_t i = 0; i < count; ++i) {
        const std::string_view name = key_of(i);
        if (last_index != none && name == last_name) {
            key_index[i] = last_index;
            continue;
        }
        const auto [it, inserted] =
            seen.try_emplace(name, static_cast<std::uint32_t>(names.size()));
        if (inserted) {
            names.push_back(name);
        }
        key_index[i] = last_index = it->second;
        last_name = name;
    }
    std::vector<std::uint32_t> order(names.size());
    for (std::uint32_t k = 0; k < order.size(); ++k) {
        order[k] = k;
    }
    std::sort(order.begin(), order.end(),
              [&](std::uint32_t a, std::uint32_t b) { return names[a] < names[b]; });
    std::vector<std::uint32_t> rank(names.size());
    grouping g;
    g.keys.reserve(names.size());
    for (std::uint32_t r = 0; r < order.size(); ++r) {
        rank[order[r]] = r;
        g.keys.emplace_back(names[order[r]]);
    }
    g.offsets.assign(names.size() + 1, 0);
    for (std::size_t i = 0; i < count; ++i) {
        ++g.offsets[rank[key_index[i]] + 1];
    }
    for (std::size_t k = 0; k < names.size(); ++k) {
        g.offsets[k + 1] += g.offsets[k];
    }
    g.items.resize(count);
    std::vector<index_t> fill(g.offsets.begin(), g.offsets.end() - 1);
    for (std::size_t i = 0; i < count; ++i) {
        g.items[fill[rank[key_index[i]]]++] = static_cast<index_t>(i);
    }
    return g;
}

// Compressed adjacency: the items whose link is `k`, for each k, in index order.
struct adjacency {
    std::vector<index_t> offsets;
    std::vector<index_t> items;

    [[nodiscard]] std::span<const index_t> of(index_t k) const {
        return {items.data() + offsets[k], items.data() + offsets[k + 1]};
    }
};

adjacency invert(const std::vector<index_t>& link, std::size_t targets) {
    adjacency a;
    a.offsets.assign(targets + 1, 0);
    for (const index_t t : link) {
        if (t != none) {
            ++a.offsets[t + 1];
        }
    }
    for (std::size_t k = 0; k < targets; ++k) {
        a.offsets[k + 1] += a.offsets[k];
    }
    a.items.resize(a.offsets[targets]);
    std::vector<index_t> fill(a.offsets.begin(), a.offsets.end() - 1);
    for (std::size_t i = 0; i < link.size(); ++i) {
        if (link[i] != none) {
            a.items[fill[link[i]]++] = static_cast<index_t>(i);
        }
    }
    return a;
}

bool is_lowercase_word(std::string_view text) {
    if (text.empty() || text[0] < 'a' || text[0] > 'z') {
        return false;
    }
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || c == '_' || c == '-'; });
}

// A problem found while building, kept with its record so that all can be sorted.
struct problem {
    record_table table;
    std::size_t index;
    std::size_t column;
    std::string message;
};

class problem_list {
  public:
    explicit problem_list(const registry_sources& where) : where_(where) {}

    void add(record_table table, std::size_t index, std::size_t column, std::string message) {
        items_.push_back({table, index, column, std::move(message)});
    }

    [[nodiscard]] bool empty() const noexcept { return items_.empty(); }

    [[nodiscard]] const registry_sources& sources() const noexcept { return where_; }

    /// Adds `other`'s problems after this list's own.
    void append(problem_list&& other) {
        items_.insert(items_.end(), std::make_move_iterator(other.items_.begin()),
                      std::make_move_iterator(other.items_.end()));
    }

    [[nodiscard]] source_location locate(record_table table, std::size_t index,
                                         std::size_t column) const {
        if (where_.locate) {
            return where_.locate(table, index, column);
        }
        const auto pick = [&](const std::string& file, const std::vector<std::size_t>& lines) {
            return source_location{file, index < lines.size() ? lines[index] : index + 2, column};
        };
        switch (table) {
            case record_table::units:
                return pick(where_.units_file, where_.unit_lines);
            case record_table::models:
                return pick(where_.models_file, where_.model_lines);
            case record_table::exemplars:
                return pick(where_.exemplars_file, where_.exemplar_lines);
        }
        return {};
    }

    // "on line 3" (or "on units.csv:3") when the place has a line, else the whole place
    // ("at dataset.json:/units/0").
    [[nodiscard]] std::string describe(record_table table, std::size_t index,
                                       bool with_file) const {
        const source_location at = locate(table, index, 0);
        if (at.line == 0) {
            return "at " + at.file;
        }
        return with_file ? "on " + at.file + ':' + std::to_string(at.line)
                         : "on line " + std::to_string(at.line);
    }

    [[noreturn]] void raise() {
        std::stable_sort(items_.begin(), items_.end(), [](const problem& a, const problem& b) {
            return std::tie(a.table, a.index, a.column) < std::tie(b.table, b.index, b.column);
        });
        std::vector<diagnostic> out;
        out.reserve(items_.size());
        for (auto& p : items_) {
            out.push_back(diagnostic{locate(p.table, p.index, p.column), severity::error,
                                     std::move(p.message)});
        }
        throw input_error(std::move(out));
    }

  private:
    const registry_sources& where_;
    std::vector<problem> items_;
};

// Follows `link` (a parent or a replicated_from) from every record and reports each cycle
// once, on its member with the smallest index, as "a -> b -> a".
template <class IdOf>
void find_cycles(const std::vector<index_t>& link, record_table table, std::size_t column,
                 std::string_view what, const IdOf& id_of, problem_list& problems) {
    enum : std::uint8_t { unvisited, on_path, done };
    std::vector<std::uint8_t> state(link.size(), unvisited);
    std::vector<index_t> path;
    for (index_t start = 0; start < link.size(); ++start) {
        path.clear();
        index_t at = start;
        while (at != none && state[at] == unvisited) {
            state[at] = on_path;
            path.push_back(at);
            at = link[at];
        }
        if (at != none && state[at] == on_path) {
            const auto first = std::find(path.begin(), path.end(), at);
            std::vector<index_t> cycle(first, path.end());
            std::rotate(cycle.begin(), std::min_element(cycle.begin(), cycle.end()), cycle.end());
            std::string text;
            for (const index_t member : cycle) {
                text += std::string(id_of(member)) + " -> ";
            }
            text += std::string(id_of(cycle.front()));
            problems.add(table, cycle.front(), column,
                         "cycle in " + std::string(what) + ": " + text);
        }
        for (const index_t member : path) {
            state[member] = done;
        }
    }
}

}  // namespace

struct registry::impl {
    std::vector<unit> units;
    std::vector<model> models;
    std::vector<exemplar> exemplars;

    detail::id_index unit_ids;
    detail::id_index model_ids;
    detail::id_index exemplar_ids;

    std::vector<index_t> unit_parent;
    adjacency unit_children;
    std::vector<index_t> roots;
    std::vector<index_t> preorder;
    std::vector<index_t> preorder_position;
    std::vector<index_t> subtree_size;  // the unit itself included
    grouping kinds;
    std::vector<std::uint32_t> unit_kind;  // index into kinds.keys

    std::vector<index_t> model_unit;
    adjacency unit_models;
    grouping topics;
    grouping types;
    std::vector<index_t> model_origin;  // replicated_from, or none
    adjacency replications;
    std::vector<index_t> lineage_root;
    std::vector<index_t> lineage_roots;

    std::vector<index_t> exemplar_unit;
    adjacency exemplar_models;  // per exemplar: the models it belongs to or leads, sorted
    adjacency model_exemplars;  // per model: the exemplars linked to it, in index order

    [[nodiscard]] auto unit_id() const {
        return [this](index_t i) -> const std::string& { return units[i].id; };
    }
    [[nodiscard]] auto model_id() const {
        return [this](index_t i) -> const std::string& { return models[i].id; };
    }
    [[nodiscard]] auto exemplar_id() const {
        return [this](index_t i) -> const std::string& { return exemplars[i].id; };
    }

    void index_ids(problem_list& problems);
    void resolve_units(problem_list& problems);
    void resolve_models(problem_list& problems);
    void resolve_models(std::size_t begin, std::size_t end, problem_list& problems);
    void resolve_exemplars(problem_list& problems);
    void build_tree();
    void build_catalogue();
    void build_lineages();
};

void registry::impl::index_ids(problem_list& problems) {
    const auto add_all = [&](auto& records, detail::id_index& ids, record_table table,
                             const auto& id_of) {
        std::size_t duplicates = 0;
        ids.reserve(records.size());
        const auto id_at = [&](std::size_t i) -> std::string_view { return records[i].id; };
        detail::for_each_hashed(
            ids, 0, records.size(), id_at, [&](std::size_t at, std::uint64_t h) {
                const auto i = static_cast<index_t>(at);
                const std::string& id = records[i].id;
                if (id.empty()) {
                    problems.add(table, i, 1, std::string("empty ") + table_noun(table) + " id");
                    return;
                }
                const index_t first = ids.insert(id, h, i, id_of);
                if (first != none) {
                    ++duplicates;
                    problems.add(table, i, 1,
                                 std::string("duplicate ") + table_noun(table) + " id '" + id +
                                     "' (first " + problems.describe(table, first, false) + ")");
                }
            });
        return duplicates;
    };
    add_all(units, unit_ids, record_table::units, unit_id());
    const std::size_t model_duplicates =
        add_all(models, model_ids, record_table::models, model_id());
    add_all(exemplars, exemplar_ids, record_table::exemplars, exemplar_id());

    // Observations name subjects by id alone, so an id must say which record it is.
    const auto report_clash = [&](record_table table, index_t i, const std::string& id,
                                  record_table other, index_t found) {
        problems.add(table, i, 1,
                     std::string(table_noun(table)) + " id '" + id + "' is also the id of the " +
                         table_noun(other) + " " + problems.describe(other, found, true));
    };
    const auto clash = [&](auto& records, record_table table, const detail::id_index& other_ids,
                           const auto& other_id_of, record_table other) {
        for (index_t i = 0; i < records.size(); ++i) {
            const std::string& id = records[i].id;
            const index_t found = id.empty() ? none : other_ids.find(id, other_id_of);
            if (found != none) {
                report_clash(table, i, id, other, found);
            }
        }
    };
    if (model_duplicates == 0) {
        // The same pairs from the other side: a lookup per unit (tens of thousands) instead
        // of one per model (a million). Problems are sorted by place before they are shown.
        for (index_t u = 0; u < units.size(); ++u) {
            const std::string& id = units[u].id;
            if (id.empty() || unit_ids.find(id, unit_id()) != u) {
                continue;  // a repeated unit id: models name its first record
            }
            if (const index_t m = model_ids.find(id, model_id()); m != none) {
                report_clash(record_table::models, m, id, record_table::units, u);
            }
        }
    } else {
        clash(models, record_table::models, unit_ids, unit_id(), record_table::units);
    }
    clash(exemplars, record_table::exemplars, unit_ids, unit_id(), record_table::units);
    clash(exemplars, record_table::exemplars, model_ids, model_id(), record_table::models);
}

void registry::impl::resolve_units(problem_list& problems) {
    unit_parent.assign(units.size(), none);
    for (index_t i = 0; i < units.size(); ++i) {
        const unit& u = units[i];
        if (u.kind.empty()) {
            problems.add(record_table::units, i, unit_column::kind, "missing unit kind");
        } else if (!is_lowercase_word(u.kind)) {
            problems.add(
                record_table::units, i, unit_column::kind,
                "invalid unit kind '" + u.kind + "': expected a lowercase word such as 'village'");
        }
        if (u.parent.empty()) {
            continue;
        }
        unit_parent[i] = unit_ids.find(u.parent, unit_id());
        if (unit_parent[i] == none) {
            problems.add(record_table::units, i, unit_column::parent,
                         "unknown parent unit '" + u.parent + "'");
        }
    }
    find_cycles(unit_parent, record_table::units, unit_column::parent, "unit parents", unit_id(),
                problems);
}

void registry::impl::resolve_models(problem_list& problems) {
    model_unit.assign(models.size(), none);
    model_origin.assign(models.size(), none);
    // A million lookups: shared out in pieces of the models, each writing only its own
    // entries and problems; the problems are sorted by place before they are shown.
    const std::size_t pieces = models.size() < parallel_models ? 1 : resolving_threads();
    std::vector<problem_list> found(pieces, problem_list(problems.sources()));
    detail::run_pieces(pieces, [&](std::size_t k) {
        resolve_models(models.size() * k / pieces, models.size() * (k + 1) / pieces, found[k]);
    });
    for (auto& piece : found) {
        problems.append(std::move(piece));
    }
    find_cycles(model_origin, record_table::models, model_column::replicated_from,
                "replicated_from", model_id(), problems);
}

void registry::impl::resolve_models(std::size_t begin, std::size_t end, problem_list& problems) {
    // Models often come grouped by their unit (a village's models one after another), so
    // the unit of the model before is tried before a lookup.
    const std::string* previous_unit = nullptr;
    index_t previous_found = none;
    const auto unit_at = [this](std::size_t i) -> std::string_view { return models[i].unit; };
    detail::for_each_hashed(unit_ids, begin, end, unit_at, [&](std::size_t at, std::uint64_t h) {
        const auto i = static_cast<index_t>(at);
        const model& m = models[i];
        if (m.unit.empty()) {
            problems.add(record_table::models, i, model_column::unit, "missing host unit");
        } else {
            if (previous_unit == nullptr || *previous_unit != m.unit) {
                previous_found = unit_ids.find(m.unit, h, unit_id());
                previous_unit = &m.unit;
            }
            model_unit[i] = previous_found;
            if (model_unit[i] == none) {
                problems.add(record_table::models, i, model_column::unit,
                             "unknown unit '" + m.unit + "'");
            }
        }
        if (m.established && m.ended && *m.ended < *m.established) {
            problems.add(record_table::models, i, model_column::ended,
                         "ended " + format_date(*m.ended) + " is before established " +
                             format_date(*m.established));
        }
    });
    const auto origin_at = [this](std::size_t i) -> std::string_view {
        return models[i].replicated_from;
    };
    detail::for_each_hashed(model_ids, begin, end, origin_at, [&](std::size_t at, std::uint64_t h) {
        const auto i = static_cast<index_t>(at);
        const model& m = models[i];
        if (m.replicated_from.empty()) {
            return;
        }
        model_origin[i] = model_ids.find(m.replicated_from, h, model_id());
        if (model_origin[i] == none) {
            problems.add(record_table::models, i, model_column::replicated_from,
                         "unknown model '" + m.replicated_from + "' in replicated_from");
        }
    });
}

void registry::impl::resolve_exemplars(problem_list& problems) {
    exemplar_unit.assign(exemplars.size(), none);
    for (index_t i = 0; i < exemplars.size(); ++i) {
        const exemplar& e = exemplars[i];
        if (e.unit.empty()) {
            problems.add(record_table::exemplars, i, exemplar_column::unit, "missing unit");
            continue;
        }
        exemplar_unit[i] = unit_ids.find(e.unit, unit_id());
        if (exemplar_unit[i] == none) {
            problems.add(record_table::exemplars, i, exemplar_column::unit,
                         "unknown unit '" + e.unit + "'");
        }
    }
    // Links to models: both columns name models; a model in both counts once.
    exemplar_models.offsets.assign(exemplars.size() + 1, 0);
    exemplar_models.items.clear();
    std::vector<index_t> model_links(models.size(), 0);
    for (index_t i = 0; i < exemplars.size(); ++i) {
        const exemplar& e = exemplars[i];
        const std::size_t first = exemplar_models.items.size();
        const auto link = [&](const std::vector<std::string>& ids, std::size_t column,
                              const char* name) {
            for (const auto& id : ids) {
                const index_t m = model_ids.find(id, model_id());
                if (m == none) {
                    problems.add(record_table::exemplars, i, column,
                                 "unknown model '" + id + "' in column '" + name + "'");
                    continue;
                }
                exemplar_models.items.push_back(m);
            }
        };
        link(e.models, exemplar_column::models, "models");
        link(e.leads, exemplar_column::leads, "leads");
        const auto begin = exemplar_models.items.begin() + static_cast<std::ptrdiff_t>(first);
        std::sort(begin, exemplar_models.items.end());
        exemplar_models.items.erase(std::unique(begin, exemplar_models.items.end()),
                                    exemplar_models.items.end());
        for (auto it = begin; it != exemplar_models.items.end(); ++it) {
            ++model_links[*it];
        }
        exemplar_models.offsets[i + 1] = static_cast<index_t>(exemplar_models.items.size());
    }
    model_exemplars.offsets.assign(models.size() + 1, 0);
    for (std::size_t m = 0; m < models.size(); ++m) {
        model_exemplars.offsets[m + 1] = model_exemplars.offsets[m] + model_links[m];
    }
    model_exemplars.items.resize(model_exemplars.offsets[models.size()]);
    std::vector<index_t> fill(model_exemplars.offsets.begin(), model_exemplars.offsets.end() - 1);
    for (index_t i = 0; i < exemplars.size(); ++i) {
        for (const index_t m : exemplar_models.of(i)) {
            model_exemplars.items[fill[m]++] = i;
        }
    }
}

void registry::impl::build_tree() {
    unit_children = invert(unit_parent, units.size());
    roots.clear();
    for (index_t i = 0; i < units.size(); ++i) {
        if (unit_parent[i] == none) {
            roots.push_back(i);
        }
    }
    preorder.clear();
    preorder.reserve(units.size());
    preorder_position.assign(units.size(), 0);
    subtree_size.assign(units.size(), 1);
    // Iterative depth-first walk: a national tree is shallow, but a hand-made one may
    // be a long chain, and recursion would then overflow the stack.
    std::vector<std::pair<index_t, std::size_t>> stack;
    for (const index_t root : roots) {
        preorder_position[root] = static_cast<index_t>(preorder.size());
        preorder.push_back(root);
        stack.emplace_back(root, 0);
        while (!stack.empty()) {
            auto& [u, next_child] = stack.back();
            const auto kids = unit_children.of(u);
            if (next_child == kids.size()) {
                subtree_size[u] = static_cast<index_t>(preorder.size()) - preorder_position[u];
                stack.pop_back();
                continue;
            }
            const index_t child = kids[next_child++];
            preorder_position[child] = static_cast<index_t>(preorder.size());
            preorder.push_back(child);
            stack.emplace_back(child, 0);
        }
    }
    kinds =
        group_by(units.size(), [this](std::size_t i) -> std::string_view { return units[i].kind; });
    unit_kind.assign(units.size(), 0);
    for (std::uint32_t k = 0; k < kinds.keys.size(); ++k) {
        for (index_t pos = kinds.offsets[k]; pos < kinds.offsets[k + 1]; ++pos) {
            unit_kind[kinds.items[pos]] = k;
        }
    }
}

void registry::impl::build_catalogue() {
    // Four tables, each over all models and written by one piece only: on threads of their
    // own when there are many models.
    const auto build = [this](std::size_t piece) {
        switch (piece) {
            case 0:
                unit_models = invert(model_unit, units.size());
                break;
            case 1:
                topics = group_by(models.size(), [this](std::size_t i) -> std::string_view {
                    return models[i].topic;
                });
                break;
            case 2:
                types = group_by(models.size(), [this](std::size_t i) -> std::string_view {
                    return models[i].type;
                });
                break;
            default:
                replications = invert(model_origin, models.size());
                build_lineages();
                break;
        }
    };
    constexpr std::size_t pieces = 4;
    if (models.size() < parallel_models || resolving_threads() == 1) {
        for (std::size_t piece = 0; piece < pieces; ++piece) {
            build(piece);
        }
    } else {
        detail::run_pieces(pieces, build);
    }
}

void registry::impl::build_lineages() {
    lineage_root.assign(models.size(), none);
    lineage_roots.clear();
    // Resolve each chain once, then reuse the answers of the records met on the way.
    std::vector<index_t> chain;
    for (index_t m = 0; m < models.size(); ++m) {
        if (model_origin[m] == none) {
            lineage_roots.push_back(m);
        }
        chain.clear();
        index_t at = m;
        while (lineage_root[at] == none && model_origin[at] != none) {
            chain.push_back(at);
            at = model_origin[at];
        }
        const index_t root = lineage_root[at] == none ? at : lineage_root[at];
        lineage_root[at] = root;
        for (const index_t member : chain) {
            lineage_root[member] = root;
        }
    }
}

registry::registry() : impl_(std::make_unique<impl>()) {}
registry::~registry() = default;
registry::registry(const registry& other) : impl_(std::make_unique<impl>(*other.impl_)) {}
registry::registry(registry&& other) noexcept = default;
registry& registry::operator=(const registry& other) {
    if (this != &other) {
        impl_ = std::make_unique<impl>(*other.impl_);
    }
    return *this;
}
registry& registry::operator=(registry&& other) noexcept = default;

registry registry::build(std::vector<unit> units, std::vector<model> models,
                         std::vector<exemplar> exemplars, const registry_sources& where) {
    registry r;
    impl& d = *r.impl_;
    d.units = std::move(units);
    d.models = std::move(models);
    d.exemplars = std::move(exemplars);
    problem_list problems(where);
    d.index_ids(problems);
    d.resolve_units(problems);
    d.resolve_models(problems);
    d.resolve_exemplars(problems);
    if (!problems.empty()) {
        problems.raise();
    }
    d.build_tree();
    d.build_catalogue();
    return r;
}

// A moved-from registry has no impl; it answers as an empty one.
std::span<const unit> registry::units() const noexcept {
    return impl_ ? std::span<const unit>(impl_->units) : std::span<const unit>();
}
std::span<const model> registry::models() const noexcept {
    return impl_ ? std::span<const model>(impl_->models) : std::span<const model>();
}
std::span<const exemplar> registry::exemplars() const noexcept {
    return impl_ ? std::span<const exemplar>(impl_->exemplars) : std::span<const exemplar>();
}

namespace {
std::optional<index_t> found(index_t i) {
    return i == none ? std::nullopt : std::optional<index_t>(i);
}
}  // namespace

std::optional<index_t> registry::find_unit(std::string_view id) const {
    return found(impl_->unit_ids.find(id, impl_->unit_id()));
}
std::optional<index_t> registry::find_model(std::string_view id) const {
    return found(impl_->model_ids.find(id, impl_->model_id()));
}
std::optional<index_t> registry::find_exemplar(std::string_view id) const {
    return found(impl_->exemplar_ids.find(id, impl_->exemplar_id()));
}

bool registry::operator==(const registry& other) const {
    return units().size() == other.units().size() && models().size() == other.models().size() &&
           exemplars().size() == other.exemplars().size() &&
           std::equal(units().begin(), units().end(), other.units().begin()) &&
           std::equal(models().begin(), models().end(), other.models().begin()) &&
           std::equal(exemplars().begin(), exemplars().end(), other.exemplars().begin());
}

std::optional<index_t> registry::parent(index_t u) const {
    assert(u < impl_->units.size() && "unit index out of range");
    return found(impl_->unit_parent[u]);
}

std::span<const index_t> registry::children(index_t u) const {
    assert(u < impl_->units.size() && "unit index out of range");
    return impl_->unit_children.of(u);
}

std::span<const index_t> registry::descendants(index_t u) const {
    assert(u < impl_->units.size() && "unit index out of range");
    const impl& d = *impl_;
    return {d.preorder.data() + d.preorder_position[u] + 1, d.subtree_size[u] - std::size_t{1}};
}

bool registry::is_ancestor_or_self(index_t a, index_t d) const {
    assert(a < impl_->units.size() && d < impl_->units.size() && "unit index out of range");
    const auto& pos = impl_->preorder_position;
    return pos[d] >= pos[a] && pos[d] < pos[a] + impl_->subtree_size[a];
}

std::optional<index_t> registry::ancestor_of_kind(index_t u, std::string_view kind) const {
    assert(u < impl_->units.size() && "unit index out of range");
    const impl& d = *impl_;
    const auto it =
        std::lower_bound(d.kinds.keys.begin(), d.kinds.keys.end(), kind,
                         [](const std::string& a, std::string_view b) { return a < b; });
    if (it == d.kinds.keys.end() || *it != kind) {
        return std::nullopt;
    }
    const auto wanted = static_cast<std::uint32_t>(it - d.kinds.keys.begin());
    for (index_t at = u; at != none; at = d.unit_parent[at]) {
        if (d.unit_kind[at] == wanted) {
            return at;
        }
    }
    return std::nullopt;
}

std::span<const index_t> registry::units_of_kind(std::string_view kind) const {
    return impl_->kinds.find(kind);
}

std::vector<std::string> registry::unit_kinds() const {
    return impl_->kinds.keys;
}

std::span<const index_t> registry::roots() const {
    return impl_->roots;
}

std::span<const index_t> registry::models_of_unit(index_t u) const {
    assert(u < impl_->units.size() && "unit index out of range");
    return impl_->unit_models.of(u);
}

std::vector<index_t> registry::models_in_subtree(index_t u) const {
    std::vector<index_t> out(models_of_unit(u).begin(), models_of_unit(u).end());
    for (const index_t below : descendants(u)) {
        const auto hosted = models_of_unit(below);
        out.insert(out.end(), hosted.begin(), hosted.end());
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::span<const index_t> registry::models_of_topic(std::string_view topic) const {
    return impl_->topics.find(topic);
}

std::span<const index_t> registry::models_of_type(std::string_view type) const {
    return impl_->types.find(type);
}

std::vector<std::string> registry::topics() const {
    return impl_->topics.keys;
}

std::span<const index_t> registry::replications_of(index_t m) const {
    assert(m < impl_->models.size() && "model index out of range");
    return impl_->replications.of(m);
}

index_t registry::lineage_root(index_t m) const {
    assert(m < impl_->models.size() && "model index out of range");
    return impl_->lineage_root[m];
}

std::span<const index_t> registry::lineage_roots() const {
    return impl_->lineage_roots;
}

index_t registry::unit_of_model(index_t m) const {
    assert(m < impl_->models.size() && "model index out of range");
    return impl_->model_unit[m];
}

index_t registry::unit_of_exemplar(index_t e) const {
    assert(e < impl_->exemplars.size() && "exemplar index out of range");
    return impl_->exemplar_unit[e];
}

std::span<const index_t> registry::models_of_exemplar(index_t e) const {
    assert(e < impl_->exemplars.size() && "exemplar index out of range");
    return impl_->exemplar_models.of(e);
}

bool registry::exemplar_leads(index_t e, index_t m) const {
    assert(e < impl_->exemplars.size() && "exemplar index out of range");
    const auto& leads = impl_->exemplars[e].leads;
    const auto& id = impl_->models[m].id;
    return std::find(leads.begin(), leads.end(), id) != leads.end();
}

std::span<const index_t> registry::exemplars_of_model(index_t m) const {
    assert(m < impl_->models.size() && "model index out of range");
    return impl_->model_exemplars.of(m);
}

}  // namespace antq
