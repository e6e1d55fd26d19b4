#include <antq/data_check.hpp>

#include "antq/evaluation/decisions.hpp"
#include "antq/evaluation/pipeline.hpp"
#include "antq/parallel.hpp"

#include <antq/period.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>

namespace antq {

namespace {

// 1234567 -> "1,234,567".
std::string grouped(std::size_t n) {
    std::string digits = std::to_string(n);
    for (auto i = static_cast<std::ptrdiff_t>(digits.size()) - 3; i > 0; i -= 3) {
        digits.insert(static_cast<std::size_t>(i), ",");
    }
    return digits;
}

// The periods to check with `book`: the one asked for, or every distinct period the
// observations name under the rulebook's yearly convention (labels that are not periods
// were refused when the dataset was loaded).
std::vector<std::string> periods_for(const compiled_rulebook& book, const dataset& data,
                                     const data_check_options& options) {
    if (options.period) {
        return {*options.period};
    }
    std::vector<std::string> texts;
    std::vector<period> seen;
    for (const auto& label : data.observations.period_labels()) {
        try {
            const period p = period::parse(label, book.source().period);
            if (std::find(seen.begin(), seen.end(), p) == seen.end()) {
                seen.push_back(p);
                texts.push_back(label);
            }
        } catch (const usage_error&) {
            continue;
        }
    }
    return texts;
}

}  // namespace

std::vector<diagnostic> check_decisions(const dataset& data, const rulebook_set& rules,
                                        const data_check_options& options) {
    std::vector<diagnostic> all;
    detail::evaluation::check_decisions(data, rules, options.period, all);
    std::stable_sort(all.begin(), all.end(), [](const diagnostic& a, const diagnostic& b) {
        return std::tie(a.where.file, a.where.line, a.where.column, a.message) <
               std::tie(b.where.file, b.where.line, b.where.column, b.message);
    });
    all.erase(std::unique(all.begin(), all.end()), all.end());
    if (options.limit_per_file != 0 && all.size() > options.limit_per_file) {
        const std::size_t more = all.size() - options.limit_per_file;
        const std::string file = all.front().where.file;
        all.resize(options.limit_per_file);
        all.push_back(
            {{file, 0, 0},
             severity::error,
             fmt::format("and {} more problem{} in this file", more, more == 1 ? "" : "s")});
    }
    return all;
}

std::vector<diagnostic> check_data(const dataset& data, const rulebook_set& rules,
                                   const data_check_options& options) {
    std::vector<diagnostic> all;
    const unsigned threads = detail::threads_or_cores(options.threads);
    bool any_in_force = false;
    std::optional<usage_error> first_refusal;
    for (const auto& book : rules.rulebooks()) {
        for (const auto& text : periods_for(book, data, options)) {
            try {
                detail::evaluation::check_rulebook_data(data, book, text, threads, all);
                any_in_force = true;
            } catch (const usage_error& e) {
                // A rulebook not yet in force for a period is left out, as evaluate does;
                // only a period no rulebook can read is the caller's mistake.
                if (!first_refusal) {
                    first_refusal = e;
                }
            }
        }
    }
    if (options.period && !any_in_force && first_refusal) {
        throw *first_refusal;
    }
    std::stable_sort(all.begin(), all.end(), [](const diagnostic& a, const diagnostic& b) {
        return std::tie(a.where.file, a.where.line, a.where.column, a.message) <
               std::tie(b.where.file, b.where.line, b.where.column, b.message);
    });
    all.erase(std::unique(all.begin(), all.end()), all.end());
    if (options.limit_per_file == 0) {
        return all;
    }
    std::vector<diagnostic> kept;
    std::map<std::string, std::size_t> per_file;
    for (auto& d : all) {
        if (++per_file[d.where.file] <= options.limit_per_file) {
            kept.push_back(std::move(d));
        }
    }
    for (const auto& [file, count] : per_file) {
        if (count > options.limit_per_file) {
            kept.push_back({{file, 0, 0},
                            severity::error,
                            fmt::format("and {} more problems in this file",
                                        grouped(count - options.limit_per_file))});
        }
    }
    return kept;
}

}  // namespace antq
