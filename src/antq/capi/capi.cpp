#include "antq/capi/capi.hpp"

#include <antq/antq.h>

#include <antq/dataset.hpp>
#include <antq/error.hpp>
#include <antq/evaluate.hpp>
#include <antq/explain.hpp>
#include <antq/result_io.hpp>
#include <antq/rule_diff.hpp>
#include <antq/rulebook_loader.hpp>
#include <antq/rulebook_set.hpp>
#include <antq/version.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <cstring>
#include <exception>
#include <limits>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// The C API over the C++ API. Every entry point runs its body inside `guarded`, which turns
// any exception into a status and an antq_error: nothing thrown may cross into C, whose
// callers (ctypes, JNA) would abort. The handles own plain C++ values; all of them are
// immutable after creation, which is what makes the const entry points thread-safe.

struct antq_dataset {
    antq::dataset value;
};

struct antq_rules {
    antq::rulebook_set value;
};

struct antq_evaluation {
    antq::evaluation value;
};

struct antq_error {
    antq_status status = ANTQ_INTERNAL_ERROR;
    std::string message;
    std::string file;
    std::size_t line = 0;
    std::size_t column = 0;
    std::string diagnostics_json;
};

namespace {

using json = nlohmann::ordered_json;

// Handed out when even the error could not be allocated; never freed (antq_error_free knows
// it). Constant-initialised strings are empty, so this costs no static constructor work.
antq_error out_of_memory_error{ANTQ_OUT_OF_MEMORY, {}, {}, 0, 0, {}};

constexpr const char* out_of_memory_text = "out of memory";

std::string dump(const json& value) {
    return value.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

json diagnostic_json(const antq::diagnostic& d) {
    json out;
    out["file"] = d.where.file;
    out["line"] = d.where.line;
    out["column"] = d.where.column;
    out["severity"] = d.severity == antq::severity::error ? "error" : "warning";
    out["message"] = d.message;
    out["text"] = d.to_string();
    return out;
}

antq_error* make_error(antq_status status, std::string message,
                       const std::vector<antq::diagnostic>& diagnostics) {
    auto* e = new antq_error;
    e->status = status;
    e->message = std::move(message);
    json list = json::array();
    if (diagnostics.empty()) {
        antq::diagnostic only;
        only.message = e->message;
        list.push_back(diagnostic_json(only));
    } else {
        // The place reported is the first error's; warnings collected before it (lint
        // findings) are not what failed.
        const antq::diagnostic* first = &diagnostics.front();
        for (const auto& d : diagnostics) {
            if (d.severity == antq::severity::error) {
                first = &d;
                break;
            }
        }
        e->file = first->where.file;
        e->line = first->where.line;
        e->column = first->where.column;
        for (const auto& d : diagnostics) {
            list.push_back(diagnostic_json(d));
        }
    }
    e->diagnostics_json = dump(list);
    return e;
}

void set_error(antq_error** error, antq_status status, std::string message,
               const std::vector<antq::diagnostic>& diagnostics = {}) {
    if (error == nullptr) {
        return;
    }
    try {
        *error = make_error(status, std::move(message), diagnostics);
    } catch (...) {
        *error = &out_of_memory_error;
    }
}

// Runs `body`, mapping each exception to its status. `error` is cleared first so that a
// caller reusing one variable never sees a stale error after ANTQ_OK.
template <class Body>
antq_status guarded(antq_error** error, Body&& body) noexcept {
    if (error != nullptr) {
        *error = nullptr;
    }
    try {
        body();
        return ANTQ_OK;
    } catch (...) {
        return antq::capi::report_current_exception(error);
    }
}

void require(const void* argument, const char* function, const char* name) {
    if (argument == nullptr) {
        throw antq::usage_error(fmt::format("{}: `{}` must not be null", function, name));
    }
}

// A string handed to C: malloc'ed so that antq_string_free can be plain free(), whatever
// allocator the C++ side uses.
char* to_c_string(const std::string& text) {
    auto* out = static_cast<char*>(std::malloc(text.size() + 1));
    if (out == nullptr) {
        throw std::bad_alloc();
    }
    std::memcpy(out, text.data(), text.size());
    out[text.size()] = '\0';
    return out;
}

void give_string(char** out, const std::string& text) {
    *out = to_c_string(text);
}

std::string iso_date(const antq::date& d) {
    return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(d.year()), static_cast<int>(d.month()),
                       static_cast<int>(d.day()));
}

// The options object of antq_evaluate and antq_diff_json. Problems are input errors placed
// in "options", so a caller sees which key was wrong.
antq::evaluate_options parse_options(const char* options_json) {
    antq::evaluate_options options;
    if (options_json == nullptr) {
        return options;
    }
    const auto fail = [](std::string message) {
        throw antq::input_error(
            {antq::diagnostic{{"options", 0, 0}, antq::severity::error, std::move(message)}});
    };
    json doc;
    try {
        doc = json::parse(options_json);
    } catch (const json::parse_error& e) {
        fail(fmt::format("the options are not JSON: {}", e.what()));
    }
    if (doc.is_null()) {
        return options;
    }
    if (!doc.is_object()) {
        fail("the options must be a JSON object, like {\"threads\": 4}");
    }
    const auto whole_number = [&](const json& v, const std::string& key, std::uint64_t min,
                                  std::uint64_t max) {
        if (!v.is_number_integer() ||
            (v.is_number_integer() && !v.is_number_unsigned() && v.get<std::int64_t>() < 0)) {
            fail(fmt::format("option '{}' must be a whole number from {} to {}", key, min, max));
        }
        const auto n = v.get<std::uint64_t>();
        if (n < min || n > max) {
            fail(fmt::format("option '{}' must be a whole number from {} to {}, got {}", key, min,
                             max, n));
        }
        return n;
    };
    for (const auto& [key, value] : doc.items()) {
        if (key == "threads") {
            options.threads = static_cast<unsigned>(whole_number(value, key, 0, 4096));
        } else if (key == "batch_size") {
            options.batch_size = static_cast<std::size_t>(
                whole_number(value, key, 1, std::numeric_limits<std::uint32_t>::max()));
        } else if (key == "previous_period") {
            if (value.is_null()) {
                continue;
            }
            if (!value.is_string()) {
                fail("option 'previous_period' must be a period text, like \"2023\"");
            }
            options.previous_period = value.get<std::string>();
        } else {
            fail(
                fmt::format("unknown option '{}' (expected threads, previous_period or "
                            "batch_size)",
                            key));
        }
    }
    return options;
}

antq::language parse_language(const char* language) {
    if (language == nullptr) {
        return antq::language::vi;
    }
    const std::string_view text(language);
    if (text == "vi") {
        return antq::language::vi;
    }
    if (text == "en") {
        return antq::language::en;
    }
    throw antq::usage_error(fmt::format("unknown language '{}' (expected vi or en)", text));
}

void require_period(const char* period, const char* function) {
    require(period, function, "period");
    if (*period == '\0') {
        throw antq::usage_error(fmt::format("{}: the period is empty", function));
    }
}

}  // namespace

namespace antq::capi {

antq_status report_current_exception(antq_error** error) noexcept {
    try {
        throw;
    } catch (const antq::input_error& e) {
        set_error(error, ANTQ_INPUT_ERROR, e.what(), e.diagnostics());
        return ANTQ_INPUT_ERROR;
    } catch (const antq::io_error& e) {
        set_error(error, ANTQ_IO_ERROR, e.what());
        return ANTQ_IO_ERROR;
    } catch (const antq::corrupt_file_error& e) {
        set_error(error, ANTQ_CORRUPT_FILE, e.what());
        return ANTQ_CORRUPT_FILE;
    } catch (const antq::usage_error& e) {
        set_error(error, ANTQ_USAGE_ERROR, e.what());
        return ANTQ_USAGE_ERROR;
    } catch (const antq::engine_error& e) {
        // Inside an evaluation the message already names the rulebook, its version, the
        // period and the subject by id (evaluation/pipeline.cpp): it is passed as it is.
        set_error(error, ANTQ_ENGINE_ERROR, e.what());
        return ANTQ_ENGINE_ERROR;
    } catch (const std::bad_alloc&) {
        if (error != nullptr) {
            *error = &out_of_memory_error;
        }
        return ANTQ_OUT_OF_MEMORY;
    } catch (const std::exception& e) {
        set_error(error, ANTQ_INTERNAL_ERROR, fmt::format("internal error: {}", e.what()));
        return ANTQ_INTERNAL_ERROR;
    } catch (...) {
        set_error(error, ANTQ_INTERNAL_ERROR, "internal error: an unknown exception was thrown");
        return ANTQ_INTERNAL_ERROR;
    }
}

}  // namespace antq::capi

extern "C" {

const char* antq_status_name(antq_status status) {
    switch (status) {
        case ANTQ_OK:
            return "ok";
        case ANTQ_INPUT_ERROR:
            return "input_error";
        case ANTQ_IO_ERROR:
            return "io_error";
        case ANTQ_USAGE_ERROR:
            return "usage_error";
        case ANTQ_CORRUPT_FILE:
            return "corrupt_file";
        case ANTQ_OUT_OF_MEMORY:
            return "out_of_memory";
        case ANTQ_INTERNAL_ERROR:
            return "internal_error";
        case ANTQ_ENGINE_ERROR:
            return "engine_error";
    }
    return "unknown";
}

antq_status antq_error_status(const antq_error* error) {
    return error == nullptr ? ANTQ_OK : error->status;
}

const char* antq_error_message(const antq_error* error) {
    if (error == nullptr) {
        return "";
    }
    if (error == &out_of_memory_error) {
        return out_of_memory_text;
    }
    return error->message.c_str();
}

const char* antq_error_file(const antq_error* error) {
    return error == nullptr ? "" : error->file.c_str();
}

size_t antq_error_line(const antq_error* error) {
    return error == nullptr ? 0 : error->line;
}

size_t antq_error_column(const antq_error* error) {
    return error == nullptr ? 0 : error->column;
}

const char* antq_error_diagnostics_json(const antq_error* error) {
    if (error == nullptr || error == &out_of_memory_error) {
        return error == nullptr ? "[]\n"
                                : "[\n  {\n    \"file\": \"\",\n    \"line\": 0,\n    "
                                  "\"column\": 0,\n    \"severity\": \"error\",\n    "
                                  "\"message\": \"out of memory\",\n    \"text\": "
                                  "\"error: out of memory\"\n  }\n]\n";
    }
    return error->diagnostics_json.c_str();
}

void antq_error_free(antq_error* error) {
    if (error != &out_of_memory_error) {
        delete error;
    }
}

void antq_string_free(char* text) {
    std::free(text);
}

const char* antq_version(void) {
    // libantq-c is always built with the C++ library of the same tree, so the macro is that
    // library's version (and, unlike a string_view, a NUL-terminated literal).
    return ANTQ_VERSION_STRING;
}

antq_status antq_dataset_load(const char* path, antq_dataset** out, antq_error** error) {
    return guarded(error, [&] {
        require(out, "antq_dataset_load", "out");
        *out = nullptr;
        require(path, "antq_dataset_load", "path");
        *out = new antq_dataset{antq::load_dataset(path)};
    });
}

antq_status antq_dataset_parse_json(const char* json_text, const char* name, antq_dataset** out,
                                    antq_error** error) {
    return guarded(error, [&] {
        require(out, "antq_dataset_parse_json", "out");
        *out = nullptr;
        require(json_text, "antq_dataset_parse_json", "json");
        *out = new antq_dataset{
            antq::parse_dataset_json(json_text, name == nullptr ? "dataset.json" : name)};
    });
}

antq_status antq_dataset_hash(const antq_dataset* dataset, char** out, antq_error** error) {
    return guarded(error, [&] {
        require(out, "antq_dataset_hash", "out");
        *out = nullptr;
        require(dataset, "antq_dataset_hash", "dataset");
        give_string(out, dataset->value.content_hash);
    });
}

void antq_dataset_free(antq_dataset* dataset) {
    delete dataset;
}

antq_status antq_rules_load(const char* path, antq_rules** out, antq_error** error) {
    return guarded(error, [&] {
        require(out, "antq_rules_load", "out");
        *out = nullptr;
        require(path, "antq_rules_load", "path");
        *out = new antq_rules{antq::rulebook_set::load(path)};
    });
}

antq_status antq_rules_parse(const char* text, const char* file_name, antq_rules** out,
                             antq_error** error) {
    const char* const texts[] = {text};
    const char* const names[] = {file_name == nullptr ? "rulebook.yaml" : file_name};
    return antq_rules_parse_many(texts, names, 1, out, error);
}

antq_status antq_rules_parse_many(const char* const* texts, const char* const* file_names,
                                  size_t count, antq_rules** out, antq_error** error) {
    return guarded(error, [&] {
        require(out, "antq_rules_parse_many", "out");
        *out = nullptr;
        require(texts, "antq_rules_parse_many", "texts");
        // Every text is read before failing, so one call reports the problems of all.
        std::vector<antq::compiled_rulebook> books;
        std::vector<antq::diagnostic> problems;
        for (std::size_t i = 0; i < count; ++i) {
            std::string name = file_names != nullptr && file_names[i] != nullptr
                                   ? std::string(file_names[i])
                                   : fmt::format("rulebook-{}.yaml", i + 1);
            if (texts[i] == nullptr) {
                throw antq::usage_error(
                    fmt::format("antq_rules_parse_many: text {} ({}) is null", i, name));
            }
            try {
                books.push_back(antq::parse_compiled_rulebook(texts[i], std::move(name)));
            } catch (const antq::input_error& e) {
                problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
            }
        }
        if (!problems.empty()) {
            throw antq::input_error(std::move(problems));
        }
        *out = new antq_rules{antq::rulebook_set::from(std::move(books))};
    });
}

antq_status antq_rules_list_json(const antq_rules* rules, char** out, antq_error** error) {
    return guarded(error, [&] {
        require(out, "antq_rules_list_json", "out");
        *out = nullptr;
        require(rules, "antq_rules_list_json", "rules");
        json list = json::array();
        for (const auto& compiled : rules->value.rulebooks()) {
            const auto& book = compiled.source();
            json versions = json::array();
            for (const auto& v : book.versions) {
                versions.push_back({{"version", v.version}, {"effective", iso_date(v.effective)}});
            }
            list.push_back({{"id", book.id},
                            {"title", book.title},
                            {"versions", std::move(versions)},
                            {"hash", antq::rulebook_hash(book)}});
        }
        give_string(out, dump(list));
    });
}

void antq_rules_free(antq_rules* rules) {
    delete rules;
}

antq_status antq_evaluate(const antq_dataset* dataset, const antq_rules* rules, const char* period,
                          const char* options_json, antq_evaluation** out, antq_error** error) {
    return guarded(error, [&] {
        require(out, "antq_evaluate", "out");
        *out = nullptr;
        require(dataset, "antq_evaluate", "dataset");
        require(rules, "antq_evaluate", "rules");
        require_period(period, "antq_evaluate");
        const auto options = parse_options(options_json);
        *out = new antq_evaluation{antq::evaluate(dataset->value, rules->value, period, options)};
    });
}

antq_status antq_evaluation_info_json(const antq_evaluation* evaluation, char** out,
                                      antq_error** error) {
    return guarded(error, [&] {
        require(out, "antq_evaluation_info_json", "out");
        *out = nullptr;
        require(evaluation, "antq_evaluation_info_json", "evaluation");
        const auto& e = evaluation->value;
        json ids = json::array();
        for (const auto& r : e.results()) {
            ids.push_back(r.header().rulebook);
        }
        json skipped = json::array();
        for (const auto& s : e.skipped()) {
            skipped.push_back({{"rulebook", s.rulebook}, {"title", s.title}, {"reason", s.reason}});
        }
        json info;
        info["fingerprint"] = e.fingerprint();
        info["dataset_hash"] = e.dataset_hash();
        info["library_version"] = e.library_version();
        info["rulebooks"] = std::move(ids);
        info["skipped"] = std::move(skipped);
        give_string(out, dump(info));
    });
}

antq_status antq_evaluation_results_json(const antq_evaluation* evaluation, const char* rulebook_id,
                                         char** out, antq_error** error) {
    return guarded(error, [&] {
        require(out, "antq_evaluation_results_json", "out");
        *out = nullptr;
        require(evaluation, "antq_evaluation_results_json", "evaluation");
        const auto& e = evaluation->value;
        if (rulebook_id == nullptr) {
            give_string(out, antq::format_results(e.results(), antq::result_format::json));
            return;
        }
        const auto& one = e.at(rulebook_id);
        give_string(out, antq::format_results({&one, 1}, antq::result_format::json));
    });
}

antq_status antq_explain_json(const antq_evaluation* evaluation, const char* rulebook_id,
                              const char* subject_id, const char* language, char** out,
                              antq_error** error) {
    return guarded(error, [&] {
        require(out, "antq_explain_json", "out");
        *out = nullptr;
        require(evaluation, "antq_explain_json", "evaluation");
        require(subject_id, "antq_explain_json", "subject_id");
        const auto lang = parse_language(language);
        const auto& e = evaluation->value;
        if (rulebook_id == nullptr) {
            give_string(out, antq::to_json(antq::explain(e, subject_id, lang)));
            return;
        }
        give_string(out, antq::to_json(antq::explain(e.at(rulebook_id), subject_id, lang)));
    });
}

void antq_evaluation_free(antq_evaluation* evaluation) {
    delete evaluation;
}

antq_status antq_diff_json(const antq_dataset* dataset, const antq_rules* old_rules,
                           const antq_rules* new_rules, const char* period,
                           const char* options_json, char** out, antq_error** error) {
    return guarded(error, [&] {
        require(out, "antq_diff_json", "out");
        *out = nullptr;
        require(dataset, "antq_diff_json", "dataset");
        require(old_rules, "antq_diff_json", "old_rules");
        require(new_rules, "antq_diff_json", "new_rules");
        require_period(period, "antq_diff_json");
        const auto options = parse_options(options_json);
        const auto diffs = antq::diff_rulebooks(dataset->value, old_rules->value, new_rules->value,
                                                period, options);
        give_string(out, antq::format_rule_diffs(diffs, antq::result_format::json));
    });
}

}  // extern "C"
