#include "antq/dataset/tables.hpp"

#include <antq/period.hpp>

#include <algorithm>

namespace antq::detail {

namespace {

constexpr std::array<std::string_view, 5> unit_columns{"id", "kind", "name", "parent",
                                                       "attributes"};
constexpr std::array<bool, 5> unit_required{true, true, false, false, false};
constexpr std::array<std::string_view, 9> model_columns{
    "id",   "name",        "type",  "topic",          "target_group",
    "unit", "established", "ended", "replicated_from"};
constexpr std::array<bool, 9> model_required{true, false, false, false, false,
                                             true, false, false, false};
constexpr std::array<std::string_view, 7> exemplar_columns{"id",         "name",   "kind", "unit",
                                                           "recognized", "models", "leads"};
constexpr std::array<bool, 7> exemplar_required{true, false, true, true, false, false, false};

constexpr table_layout unit_layout{"unit", unit_columns, unit_required};
constexpr table_layout model_layout{"model", model_columns, model_required};
constexpr table_layout exemplar_layout{"exemplar", exemplar_columns, exemplar_required};

std::optional<date> read_date(std::span<const std::string_view> cells, std::size_t column,
                              const table_layout& layout, std::vector<cell_problem>& problems) {
    const std::string_view text = cells[column];
    if (text.empty()) {
        return std::nullopt;
    }
    if (const auto d = try_parse_date(text)) {
        return d;
    }
    problems.push_back({column, "invalid date '" + std::string(text) + "' in column '" +
                                    std::string(layout.columns[column]) +
                                    "': expected YYYY-MM-DD or DD/MM/YYYY"});
    return std::nullopt;
}

// A list of ids in one cell, separated by ';' ("qt-m05;qt-m07"), spaces around each
// trimmed. An empty item ("a;;b", a trailing ';') is a mistake worth naming.
std::vector<std::string> read_id_list(std::span<const std::string_view> cells, std::size_t column,
                                      const table_layout& layout,
                                      std::vector<cell_problem>& problems) {
    std::vector<std::string> ids;
    std::string_view rest = cells[column];
    if (rest.empty()) {
        return ids;
    }
    while (true) {
        const std::size_t end = rest.find(';');
        std::string_view item = rest.substr(0, end);
        while (!item.empty() && item.front() == ' ') {
            item.remove_prefix(1);
        }
        while (!item.empty() && item.back() == ' ') {
            item.remove_suffix(1);
        }
        if (item.empty()) {
            problems.push_back(
                {column, "empty id in column '" + std::string(layout.columns[column]) + "': '" +
                             std::string(cells[column]) + "' (ids are separated by ';')"});
            return {};
        }
        ids.emplace_back(item);
        if (end == std::string_view::npos) {
            return ids;
        }
        rest.remove_prefix(end + 1);
    }
}

std::string text_of(const std::vector<std::string>& ids) {
    std::string text;
    for (const auto& id : ids) {
        if (!text.empty()) {
            text += ';';
        }
        text += id;
    }
    return text;
}

// ISO form, written by hand: format_date goes through a stream, which costs a
// microsecond a date, and the content hash formats two dates per model.
std::string text_of(const std::optional<date>& d) {
    if (!d) {
        return {};
    }
    if (d->is_special()) {
        return format_date(*d);
    }
    const auto ymd = d->year_month_day();
    const auto digits = [](char* at, unsigned value, int count) {
        for (int i = count - 1; i >= 0; --i) {
            at[i] = static_cast<char>('0' + value % 10);
            value /= 10;
        }
    };
    std::string text(10, '-');
    digits(text.data(), ymd.year, 4);
    digits(text.data() + 5, ymd.month, 2);
    digits(text.data() + 8, ymd.day, 2);
    return text;
}

}  // namespace

std::size_t table_layout::find(std::string_view name) const {
    return static_cast<std::size_t>(std::find(columns.begin(), columns.end(), name) -
                                    columns.begin());
}

std::string table_layout::column_list() const {
    std::string text;
    for (const auto column : columns) {
        if (!text.empty()) {
            text += ", ";
        }
        text += column;
    }
    return text;
}

const table_layout& layout_of(record_table table) {
    switch (table) {
        case record_table::units:
            return unit_layout;
        case record_table::models:
            return model_layout;
        case record_table::exemplars:
            return exemplar_layout;
    }
    return unit_layout;
}

unit make_unit(std::span<const std::string_view> cells, std::vector<cell_problem>& problems) {
    return unit{std::string(cells[0]), std::string(cells[1]), std::string(cells[2]),
                std::string(cells[3]), read_id_list(cells, 4, unit_layout, problems)};
}

std::vector<std::string> split_list(std::string_view text, std::string& problem) {
    std::vector<cell_problem> problems;
    const std::array<std::string_view, 1> cells{text};
    static constexpr std::array<std::string_view, 1> column{"list"};
    static constexpr std::array<bool, 1> required{false};
    auto items = read_id_list(cells, 0, table_layout{"list", column, required}, problems);
    problem = problems.empty()
                  ? std::string()
                  : "empty item in '" + std::string(text) + "' (items are separated by ';')";
    return items;
}

std::string join_list(const std::vector<std::string>& items) {
    return text_of(items);
}

model make_model(std::span<const std::string_view> cells, std::vector<cell_problem>& problems) {
    model m;
    m.id = cells[0];
    m.name = cells[1];
    m.type = cells[2];
    m.topic = cells[3];
    m.target_group = cells[4];
    m.unit = cells[5];
    m.established = read_date(cells, 6, model_layout, problems);
    m.ended = read_date(cells, 7, model_layout, problems);
    m.replicated_from = cells[8];
    return m;
}

exemplar make_exemplar(std::span<const std::string_view> cells,
                       std::vector<cell_problem>& problems) {
    exemplar e;
    e.id = cells[0];
    e.name = cells[1];
    const std::string_view kind = cells[2];
    if (kind == "individual") {
        e.kind = exemplar_kind::individual;
    } else if (kind == "collective") {
        e.kind = exemplar_kind::collective;
    } else if (kind.empty()) {
        problems.push_back({2, "missing exemplar kind: expected 'individual' or 'collective'"});
    } else {
        problems.push_back({2, "invalid exemplar kind '" + std::string(kind) +
                                   "': expected 'individual' or 'collective'"});
    }
    e.unit = cells[3];
    e.recognized = read_date(cells, 4, exemplar_layout, problems);
    e.models = read_id_list(cells, 5, exemplar_layout, problems);
    e.leads = read_id_list(cells, 6, exemplar_layout, problems);
    return e;
}

std::array<std::string, 5> cells_of(const unit& u) {
    return {u.id, u.kind, u.name, u.parent, text_of(u.attributes)};
}

std::array<std::string, 9> cells_of(const model& m) {
    return {m.id,
            m.name,
            m.type,
            m.topic,
            m.target_group,
            m.unit,
            text_of(m.established),
            text_of(m.ended),
            m.replicated_from};
}

std::array<std::string, 7> cells_of(const exemplar& e) {
    return {e.id,
            e.name,
            e.kind == exemplar_kind::collective ? "collective" : "individual",
            e.unit,
            text_of(e.recognized),
            text_of(e.models),
            text_of(e.leads)};
}

}  // namespace antq::detail
