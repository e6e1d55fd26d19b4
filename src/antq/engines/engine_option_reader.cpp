// engine_option_reader, declared in <antq/engine.hpp>: the one place that words the
// messages about engine options, so that every engine (built-in or not) reports alike.

#include <antq/engine.hpp>

#include "antq/join.hpp"
#include "antq/suggestion.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace antq {

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
                                      : fmt::format(" (expected {})", detail::join(known));
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
        report(key, fmt::format("must be one of {}, not a {}", detail::join(choices),
                                type_name(*value)));
        return std::string(fallback);
    }
    const auto& text = value->get_ref<const std::string&>();
    const std::vector<std::string_view> candidates(choices);
    if (std::find(candidates.begin(), candidates.end(), text) != candidates.end()) {
        return text;
    }
    report(key, fmt::format("must be one of {}, not '{}'{}", detail::join(choices), text,
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
    return detail::did_you_mean(name, candidates);
}

}  // namespace antq
