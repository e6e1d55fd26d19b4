// Fuzzes the writers of people's documents over hostile but valid results: explanations
// (text in both languages, JSON) and the HTML report. The input is one or more rulebooks
// and a dataset.json, cut at form feeds (`\f`): every part but the last is a rulebook, the
// last is the dataset. Inputs the readers refuse end there (other targets fuzz them); what
// they accept is evaluated for every period the observations name (at most three), and
// every result of every subject is explained and reported.
//
// Invariants: explaining, rendering and reporting throw nothing but antq's own errors; the
// text of an explanation holds no control character but line feeds and tabs (a label or a
// name from the data cannot move the terminal's cursor or change its colours); its JSON is
// one well-formed document; the report is one page, escapes every `<` that came from the data
// (no element but the report's own), and is the same bytes when rendered twice.

#include "fuzz_support.hpp"

#include <antq/dataset.hpp>
#include <antq/error.hpp>
#include <antq/evaluate.hpp>
#include <antq/explain.hpp>
#include <antq/report.hpp>
#include <antq/rulebook_loader.hpp>
#include <antq/rulebook_set.hpp>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace {

using antq::fuzz::check;

// The parts of the input: rulebooks, then the dataset.
std::vector<std::string_view> split_parts(std::string_view text) {
    return antq::fuzz::split_at_form_feeds(text, 5);
}

// Control characters a terminal acts on; line feeds and tabs are the text's own layout.
bool has_control_character(std::string_view text) {
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte < 0x20 && c != '\n' && c != '\t') || byte == 0x7F) {
            return true;
        }
    }
    return false;
}

// The element names the report writes itself; a `<` from the data is escaped, so any other
// name after a `<` means data text was written raw into the page.
bool only_own_elements(std::string_view page) {
    static const std::set<std::string, std::less<>> own = {
        "!DOCTYPE", "html",       "head",  "meta",     "title", "style",    "body",    "h1",
        "h2",       "h3",         "h4",    "p",        "ul",    "ol",       "li",      "table",
        "thead",    "tbody",      "tr",    "th",       "td",    "details",  "summary", "section",
        "div",      "span",       "svg",   "rect",     "text",  "line",     "g",       "path",
        "small",    "strong",     "em",    "code",     "pre",   "nav",      "a",       "footer",
        "header",   "caption",    "col",   "colgroup", "br",    "polyline", "circle",  "title",
        "figure",   "figcaption", "dl",    "dt",       "dd",    "b",        "i",       "abbr",
        "main",     "article",    "aside", "tfoot",    "sup",   "sub",      "mark",    "hr"};
    for (std::size_t at = page.find('<'); at != std::string_view::npos;
         at = page.find('<', at + 1)) {
        std::size_t begin = at + 1;
        if (begin < page.size() && page[begin] == '/') {
            ++begin;
        }
        std::size_t end = begin;
        while (end < page.size() && page[end] != ' ' && page[end] != '>' && page[end] != '\n' &&
               page[end] != '/') {
            ++end;
        }
        if (own.find(page.substr(begin, end - begin)) == own.end()) {
            std::fprintf(stderr, "unknown element: %.*s\n", static_cast<int>(end - begin),
                         page.data() + begin);
            return false;
        }
    }
    return true;
}

std::optional<antq::rulebook_set> read_rules(const std::vector<std::string_view>& parts) {
    std::vector<antq::rulebook> books;
    try {
        for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
            books.push_back(antq::parse_rulebook(parts[i], "fuzz-" + std::to_string(i) + ".yaml"));
        }
        return antq::rulebook_set::from(std::move(books));
    } catch (const antq::error&) {
        return std::nullopt;
    }
}

std::optional<antq::dataset> read_data(std::string_view json) {
    try {
        return antq::parse_dataset_json(json, "fuzz.json");
    } catch (const antq::error&) {
        return std::nullopt;
    }
}

void check_explanation(const antq::explanation& e) {
    check(!has_control_character(e.text), "an explanation prints a control character");
    const nlohmann::json json = nlohmann::json::parse(antq::to_json(e), nullptr, false);
    check(!json.is_discarded(), "an explanation's JSON does not parse");
}

void explain_and_report(const antq::dataset& data, const antq::rulebook_set& rules,
                        std::string_view period) {
    std::optional<antq::evaluation> results;
    try {
        results = antq::evaluate(data, rules, period);
    } catch (const antq::error&) {
        return;  // a period the rulebooks do not cover, an engine refusing its input
    }
    const antq::explain_context context{};
    for (const antq::rulebook_results& table : results->results()) {
        for (std::size_t row = 0; row < table.size(); ++row) {
            const std::string subject = table.row(row).subject;
            for (const antq::language lang : {antq::language::vi, antq::language::en}) {
                try {
                    check_explanation(antq::explain(table, subject, lang, context));
                } catch (const antq::usage_error&) {
                    check(false, "a subject of the results cannot be explained");
                }
            }
        }
    }
    antq::report_options options;
    options.rules = &rules;
    options.max_explanations = 50;
    const std::string page = antq::render_report(data, *results, options);
    check(page.starts_with("<!DOCTYPE html>"), "the report is not a page");
    check(only_own_elements(page), "the report holds an element from the data");
    check(antq::render_report(data, *results, options) == page,
          "the report is not the same bytes twice");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::vector<std::string_view> parts = split_parts(antq::fuzz::as_text(data, size));
    if (parts.size() < 2) {
        return 0;
    }
    const std::optional<antq::rulebook_set> rules = read_rules(parts);
    if (!rules) {
        return 0;
    }
    const std::optional<antq::dataset> dataset = read_data(parts.back());
    if (!dataset) {
        return 0;
    }
    const auto labels = dataset->observations.period_labels();
    for (std::size_t i = 0; i < labels.size() && i < 3; ++i) {
        explain_and_report(*dataset, *rules, labels[i]);
    }
    return 0;
}
