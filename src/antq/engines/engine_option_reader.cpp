// engine_option_reader, declared in <antq/engine.hpp>: the one place that words the
// messages about engine options, so that every engine (built-in or not) reports alike.

#include <antq/engine.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>
#include <vector>

namespace antq {

namespace {

char lower(char c) noexcept {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

// Optimal string alignment distance (Levenshtein plus adjacent transpositions), ignoring
// case: "scael" is one edit from "scale", as a typing slip is.
std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> before(b.size() + 1);
    std::vector<std::size_t> previous(b.size() + 1);
    std::vector<std::size_t> current(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        previous[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        current[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
            if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
                lower(a[i - 2]) == lower(b[j - 1])) {
                current[j] = std::min(current[j], before[j - 2] + 1);
            }
        }
        std::swap(before, previous);
        std::swap(previous, current);
    }
    return previous[b.size()];
}

std::string quoted_list(std::initializer_list<std::string_view> items) {
    std::string text;
    for (const auto item : items) {
        if (!text.empty()) {
            text += ", ";
        }
        text += item;
    }
    return text;
}

}  // namespace

engine_option_reader::engine_option_reader(std::string_view engine, const engine_options& options,
                                           diagnostic_list& problems)
    : engine_(engine), options_(options), problems_(problems) {
    if (options_.values.is_object() || options_.values.is_null()) {
        return;
    }
    report(fmt::format("takes a mapping of options, not a {}", type_name(options_.values)));
}

void engine_option_reader::allow_only(std::initializer_list<std::string_view> known) {
    if (!options_.values.is_object()) {
        return;
    }
    const std::vector<std::string_view> candidates(known);
    for (const auto& [key, value] : options_.values.items()) {
        if (std::find(candidates.begin(), candidates.end(), key) != candidates.end()) {
            continue;
        }
        std::string hint = did_you_mean(key, candidates);
        if (hint.empty()) {
            hint = candidates.empty() ? " (it takes no options)"
                                      : fmt::format(" (expected {})", quoted_list(known));
        }
        problems_.add(where(key),
                      fmt::format("unknown option '{}' for engine '{}'{}", key, engine_, hint));
        ok_ = false;
    }
}

const nlohmann::json* engine_option_reader::find(std::string_view key) const {
    if (!options_.values.is_object()) {
        return nullptr;
    }
    const auto it = options_.values.find(key);
    return it == options_.values.end() ? nullptr : &*it;
}

double engine_option_reader::number(std::string_view key, double fallback) {
    const nlohmann::json* value = find(key);
    if (value == nullptr) {
        return fallback;
    }
    if (!value->is_number()) {
        report(key, fmt::format("must be a number, not a {}", type_name(*value)));
        return fallback;
    }
    const auto x = value->get<double>();
    if (!std::isfinite(x)) {
        report(key, fmt::format("must be a finite number, not {}", x));
        return fallback;
    }
    return x;
}

std::string engine_option_reader::choice(std::string_view key, std::string_view fallback,
                                         std::initializer_list<std::string_view> choices) {
    const nlohmann::json* value = find(key);
    if (value == nullptr) {
        return std::string(fallback);
    }
    if (!value->is_string()) {
        report(key,
               fmt::format("must be one of {}, not a {}", quoted_list(choices), type_name(*value)));
        return std::string(fallback);
    }
    const auto& text = value->get_ref<const std::string&>();
    const std::vector<std::string_view> candidates(choices);
    if (std::find(candidates.begin(), candidates.end(), text) != candidates.end()) {
        return text;
    }
    report(key, fmt::format("must be one of {}, not '{}'{}", quoted_list(choices), text,
                            did_you_mean(text, candidates)));
    return std::string(fallback);
}

void engine_option_reader::report(std::string_view key, std::string_view message) {
    problems_.add(where(key), fmt::format("option '{}' of engine '{}' {}", key, engine_, message));
    ok_ = false;
}

void engine_option_reader::report(std::string_view message) {
    problems_.add(options_.where, fmt::format("engine '{}' {}", engine_, message));
    ok_ = false;
}

source_location engine_option_reader::where(std::string_view key) const {
    const auto it = options_.key_locations.find(std::string(key));
    return it == options_.key_locations.end() ? options_.where : it->second;
}

std::string_view engine_option_reader::type_name(const nlohmann::json& value) noexcept {
    switch (value.type()) {
        case nlohmann::json::value_t::number_integer:
        case nlohmann::json::value_t::number_unsigned:
        case nlohmann::json::value_t::number_float:
            return "number";
        case nlohmann::json::value_t::string:
            return "text";
        case nlohmann::json::value_t::boolean:
            return "boolean";
        case nlohmann::json::value_t::array:
            return "list";
        case nlohmann::json::value_t::object:
            return "mapping";
        case nlohmann::json::value_t::null:
            return "null";
        case nlohmann::json::value_t::binary:
        case nlohmann::json::value_t::discarded:
            break;
    }
    return "value";
}

std::string engine_option_reader::did_you_mean(std::string_view name,
                                               std::span<const std::string_view> candidates) {
    // Close enough to be a slip: one edit per three characters, at least one.
    const std::size_t limit = std::max<std::size_t>(1, name.size() / 3);
    std::string_view best;
    std::size_t best_distance = limit + 1;
    for (const auto candidate : candidates) {
        const std::size_t d = edit_distance(name, candidate);
        if (d < best_distance) {
            best = candidate;
            best_distance = d;
        }
    }
    if (best_distance > limit) {
        return {};
    }
    return fmt::format(" (did you mean '{}'?)", best);
}

}  // namespace antq
