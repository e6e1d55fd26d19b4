#include "antq/database/mapping.hpp"

#include "antq/io/read_file.hpp"

#include <yaml-cpp/yaml.h>

#include <cstdlib>

namespace antq::detail::db {

dataset_mapping default_mapping() {
    dataset_mapping m;
    m.units.table = "units";
    m.units.required = true;
    m.models.table = "models";
    m.exemplars.table = "exemplars";
    m.observations.table = "observations";
    m.labels.table = "labels";
    m.model_types.table = "model_types";
    m.decisions.table = "decisions";
    return m;
}

namespace {

source_location at(const std::string& file, const YAML::Node& node) {
    const YAML::Mark mark = node.Mark();
    if (mark.is_null()) {
        return {file, 0, 0};
    }
    return {file, static_cast<std::size_t>(mark.line) + 1,
            static_cast<std::size_t>(mark.column) + 1};
}

// A scalar's text, or a problem.
std::optional<std::string> text(const std::string& file, const YAML::Node& node,
                                std::string_view what, diagnostic_list& problems) {
    if (!node.IsScalar() || node.Scalar().empty()) {
        problems.add(at(file, node), std::string(what) + " must be a non-empty text");
        return std::nullopt;
    }
    return node.Scalar();
}

// A map of texts in file order.
std::vector<std::pair<std::string, std::string>> pairs(const std::string& file,
                                                       const YAML::Node& node,
                                                       std::string_view what,
                                                       diagnostic_list& problems) {
    std::vector<std::pair<std::string, std::string>> out;
    if (!node.IsMap()) {
        problems.add(at(file, node),
                     std::string(what) + " must be a map of antq's names to your column names");
        return out;
    }
    for (const auto& entry : node) {
        const auto key = text(file, entry.first, what, problems);
        const auto value = text(file, entry.second, what, problems);
        if (key && value) {
            out.emplace_back(*key, *value);
        }
    }
    return out;
}

void read_part(const std::string& file, const YAML::Node& node, std::string_view name,
               part_mapping& part, diagnostic_list& problems) {
    part.mapped = true;
    part.required = true;
    part.table.clear();
    if (!node.IsMap()) {
        problems.add(at(file, node), "the part '" + std::string(name) +
                                         "' must be a map with 'table' or 'query', and "
                                         "'columns'");
        return;
    }
    for (const auto& entry : node) {
        const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : std::string();
        if (key == "table") {
            part.table = text(file, entry.second, "'table'", problems).value_or("");
        } else if (key == "query") {
            part.query = text(file, entry.second, "'query'", problems).value_or("");
        } else if (key == "order_by") {
            part.order_by = text(file, entry.second, "'order_by'", problems).value_or("");
        } else if (key == "columns") {
            for (auto& [antq_name, source] : pairs(file, entry.second, "'columns'", problems)) {
                part.columns[antq_name] = source;
            }
        } else if (key == "indicators" && name == "observations") {
            part.indicators = pairs(file, entry.second, "'indicators'", problems);
        } else {
            problems.add(at(file, entry.first),
                         "unknown key '" + key + "' in the part '" + std::string(name) +
                             "' (expected table, query, columns, order_by" +
                             (name == "observations" ? ", indicators)" : ")"));
        }
    }
    if (part.table.empty() == part.query.empty()) {
        problems.add(at(file, node),
                     "the part '" + std::string(name) + "' needs one of 'table' and 'query'");
    }
}

}  // namespace

dataset_mapping read_mapping(const std::filesystem::path& path) {
    const std::string file = path.string();
    const auto source = read_file(path);
    YAML::Node root;
    try {
        root = YAML::Load(std::string(source.view()));
    } catch (const YAML::Exception& e) {
        throw input_error({diagnostic{{file, static_cast<std::size_t>(e.mark.line) + 1,
                                       static_cast<std::size_t>(e.mark.column) + 1},
                                      severity::error,
                                      e.msg}});
    }
    diagnostic_list problems;
    dataset_mapping m = default_mapping();
    if (!root.IsMap()) {
        problems.add({file, 1, 1},
                     "a mapping file is a map: connection, units, models, "
                     "exemplars, observations, labels, model_types, decisions");
        problems.throw_if_errors();
    }
    for (const auto& entry : root) {
        const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : std::string();
        if (key == "connection") {
            m.connection = text(file, entry.second, "'connection'", problems).value_or("");
        } else if (key == "units") {
            read_part(file, entry.second, key, m.units, problems);
        } else if (key == "models") {
            read_part(file, entry.second, key, m.models, problems);
        } else if (key == "exemplars") {
            read_part(file, entry.second, key, m.exemplars, problems);
        } else if (key == "observations") {
            read_part(file, entry.second, key, m.observations, problems);
        } else if (key == "labels") {
            read_part(file, entry.second, key, m.labels, problems);
        } else if (key == "model_types") {
            read_part(file, entry.second, key, m.model_types, problems);
        } else if (key == "decisions") {
            read_part(file, entry.second, key, m.decisions, problems);
        } else {
            problems.add(at(file, entry.first),
                         "unknown key '" + key +
                             "' (expected connection, units, models, exemplars, observations, "
                             "labels, model_types, decisions)");
        }
    }
    if (m.connection.empty()) {
        // A password or a host may differ between machines: the environment may say it.
        if (const char* from_environment = std::getenv("ANTQ_DATABASE")) {
            m.connection = from_environment;
        }
    }
    if (m.connection.empty() && !problems.has_errors()) {
        problems.add({file, 1, 1},
                     "no 'connection' (sqlite:file.db or postgresql://...), and ANTQ_DATABASE "
                     "is not set");
    }
    problems.throw_if_errors();
    return m;
}

}  // namespace antq::detail::db
