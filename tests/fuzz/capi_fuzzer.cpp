// Fuzzes the C API (include/antq/antq.h) as a Python or Java caller uses it: JSON and rule
// texts in, JSON out. The input is cut at form feeds (`\f`) into: the options JSON of
// antq_evaluate, the period, a rulebook text and a dataset JSON text (missing parts are
// empty). Each part is passed as a C string, so it ends at its first NUL byte.
//
// Invariants: every call either succeeds with its output and no error, or fails with an
// error whose status is the one returned and whose message is not empty, and never both;
// every JSON text the API returns parses; the results hold one object per subject and
// rulebook; every subject of the results can be explained, in both languages; comparing a
// rule set with itself finds no change. Everything the API hands out is freed (under
// libFuzzer, LeakSanitizer reports what is not).

#include "fuzz_support.hpp"

#include <antq/antq.h>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace {

using antq::fuzz::check;

std::vector<std::string> split_parts(std::string_view text) {
    const auto cut = antq::fuzz::split_at_form_feeds(text, 4);
    std::vector<std::string> parts(cut.begin(), cut.end());
    parts.resize(4);
    return parts;
}

// Checks the outcome of one call; true when it succeeded.
bool succeeded(antq_status status, const void* out, antq_error* error) {
    if (status == ANTQ_OK) {
        check(out != nullptr, "a call succeeded without its output");
        check(error == nullptr, "a call succeeded and set an error");
        return true;
    }
    check(out == nullptr, "a call failed and set its output");
    check(error != nullptr, "a call failed without an error");
    check(antq_error_status(error) == status, "an error's status is not the one returned");
    const char* message = antq_error_message(error);
    check(message != nullptr && *message != '\0', "an error has no message");
    const nlohmann::json diagnostics =
        nlohmann::json::parse(antq_error_diagnostics_json(error), nullptr, false);
    check(diagnostics.is_array(), "an error's diagnostics are not a JSON array");
    antq_error_free(error);
    return false;
}

// Parses a JSON text the API returned, and frees it.
nlohmann::json take_json(char* text) {
    nlohmann::json parsed = nlohmann::json::parse(text, nullptr, false);
    antq_string_free(text);
    check(!parsed.is_discarded(), "the API returned text that is not JSON");
    return parsed;
}

void explain_every_subject(const antq_evaluation* evaluation, const nlohmann::json& results) {
    std::size_t explained = 0;
    for (const nlohmann::json& row : results) {
        if (explained++ == 20) {
            break;  // enough to reach every kind of result; a big input stays fast
        }
        const std::string rulebook = row.at("rulebook").get<std::string>();
        const std::string subject = row.at("subject").get<std::string>();
        for (const char* language : {"vi", "en"}) {
            char* text = nullptr;
            antq_error* error = nullptr;
            const antq_status status = antq_explain_json(evaluation, rulebook.c_str(),
                                                         subject.c_str(), language, &text, &error);
            check(succeeded(status, text, error), "a subject of the results cannot be explained");
            check(take_json(text).is_object(), "an explanation is not a JSON object");
        }
    }
}

void evaluate_and_compare(const antq_dataset* dataset, const antq_rules* rules,
                          const std::string& period, const std::string& options) {
    antq_evaluation* evaluation = nullptr;
    antq_error* error = nullptr;
    const char* options_json = options.empty() ? nullptr : options.c_str();
    const antq_status evaluated =
        antq_evaluate(dataset, rules, period.c_str(), options_json, &evaluation, &error);
    if (!succeeded(evaluated, evaluation, error)) {
        return;
    }
    char* text = nullptr;
    error = nullptr;
    const antq_status informed = antq_evaluation_info_json(evaluation, &text, &error);
    check(succeeded(informed, text, error), "an evaluation has no information");
    const nlohmann::json info = take_json(text);
    check(info.is_object() && info.contains("fingerprint"), "the information has no fingerprint");

    text = nullptr;
    error = nullptr;
    const antq_status written = antq_evaluation_results_json(evaluation, nullptr, &text, &error);
    check(succeeded(written, text, error), "an evaluation's results cannot be written");
    const nlohmann::json results = take_json(text);
    check(results.is_array(), "the results are not a JSON array");
    explain_every_subject(evaluation, results);
    antq_evaluation_free(evaluation);

    text = nullptr;
    error = nullptr;
    const antq_status compared =
        antq_diff_json(dataset, rules, rules, period.c_str(), options_json, &text, &error);
    if (succeeded(compared, text, error)) {
        for (const nlohmann::json& comparison : take_json(text)) {
            check(comparison.at("changes").empty(), "a rule set differs from itself");
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::vector<std::string> parts = split_parts(antq::fuzz::as_text(data, size));
    const std::string& options = parts[0];
    const std::string& period = parts[1];

    antq_rules* rules = nullptr;
    antq_error* error = nullptr;
    const antq_status parsed = antq_rules_parse(parts[2].c_str(), "fuzz.yaml", &rules, &error);
    succeeded(parsed, rules, error);
    antq_dataset* dataset = nullptr;
    error = nullptr;
    const antq_status read =
        antq_dataset_parse_json(parts[3].c_str(), "fuzz.json", &dataset, &error);
    succeeded(read, dataset, error);
    if (dataset != nullptr) {
        char* hash = nullptr;
        error = nullptr;
        const antq_status hashed = antq_dataset_hash(dataset, &hash, &error);
        check(succeeded(hashed, hash, error), "a dataset has no hash");
        check(std::string_view(hash).size() == 64, "a dataset hash is not 64 hex digits");
        antq_string_free(hash);
    }
    if (rules != nullptr) {
        char* list = nullptr;
        error = nullptr;
        const antq_status listed = antq_rules_list_json(rules, &list, &error);
        check(succeeded(listed, list, error), "a rule set cannot be listed");
        check(take_json(list).is_array(), "the rule list is not a JSON array");
    }
    if (rules != nullptr && dataset != nullptr) {
        evaluate_and_compare(dataset, rules, period, options);
    }
    antq_rules_free(rules);
    antq_dataset_free(dataset);
    return 0;
}
