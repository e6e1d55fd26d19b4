#include "antq/evaluation/decisions.hpp"

#include <antq/period.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <tuple>
#include <utility>

namespace antq::detail::evaluation {

namespace {

std::string tier_list(const std::vector<tier_summary>& tiers) {
    std::string out;
    for (const auto& t : tiers) {
        out += out.empty() ? "" : ", ";
        out += t.id;
    }
    return out;
}

std::string tier_list(const std::vector<tier>& tiers) {
    std::string out;
    for (const auto& t : tiers) {
        out += out.empty() ? "" : ", ";
        out += t.id;
    }
    return out;
}

/// The period a decision names, under the rulebook's convention; nullopt (and a problem)
/// when it cannot be read.
std::optional<period> period_of(const decision_table& t, std::size_t i, const rulebook& source,
                                diagnostic_list* problems) {
    try {
        return period::parse(t.rows[i].period, source.period);
    } catch (const usage_error& e) {
        if (problems != nullptr) {
            problems->add(t.place(i, decision_column::period), e.what());
        }
        return std::nullopt;
    }
}

template <class Tiers>
bool known_tier(const Tiers& tiers, const std::string& id) {
    return std::any_of(tiers.begin(), tiers.end(), [&](const auto& t) { return t.id == id; });
}

/// The tier cells of decision `i` against the tiers of the version used; false when one is
/// not a tier (reported).
template <class Tiers>
bool check_tiers(const decision_table& t, std::size_t i, const Tiers& tiers,
                 std::string_view rulebook, std::string_view version, diagnostic_list& problems) {
    const decision& d = t.rows[i];
    bool ok = true;
    const auto check = [&](const std::string& id, decision_column c, std::string_view what) {
        if (!id.empty() && !known_tier(tiers, id)) {
            problems.add(
                t.place(i, c),
                fmt::format("unknown {} tier '{}': rulebook '{}' version {} has the tiers {}", what,
                            id, rulebook, version, tier_list(tiers)));
            ok = false;
        }
    };
    check(d.proposed_tier, decision_column::proposed_tier, "proposed");
    check(d.decided_tier, decision_column::decided_tier, "decided");
    return ok;
}

}  // namespace

void apply_decisions(const dataset& data, const compiled_rulebook& book, rulebook_results& results,
                     diagnostic_list& problems) {
    const decision_table& table = data.decisions;
    const rulebook& source = book.source();
    const auto& h = results.header();
    const period evaluated(h.period_first, h.period_last);
    std::vector<result_decision> found;
    for (std::size_t i = 0; i < table.size(); ++i) {
        const decision& d = table.rows[i];
        if (d.rulebook != source.id) {
            continue;
        }
        const auto when = period_of(table, i, source, &problems);
        if (!when || !(*when == evaluated)) {
            continue;
        }
        bool ok = check_tiers(table, i, h.tiers, h.rulebook, h.version, problems);
        const auto row = results.find(d.subject);
        if (!row) {
            problems.add(table.place(i, decision_column::subject),
                         fmt::format("subject '{}' has no result in rulebook '{}' for period {}: "
                                     "the rulebook does not evaluate it",
                                     d.subject, h.rulebook, d.period));
            ok = false;
        } else if (results.columns().status[*row] != result_status::evaluated) {
            problems.add(
                table.place(i, decision_column::period),
                fmt::format("subject '{}' has no result in rulebook '{}' for period {} (status {}: "
                            "{}): there is no proposal to decide on",
                            d.subject, h.rulebook, d.period,
                            to_string(results.columns().status[*row]),
                            results.columns().message[*row]));
            ok = false;
        }
        if (ok) {
            found.push_back({static_cast<std::uint32_t>(*row), d, false});
        }
    }
    if (!found.empty()) {
        results.set_decisions(std::move(found));
    }
}

void refuse_decisions_without_result(const dataset& data, const compiled_rulebook& book,
                                     std::string_view period_text, diagnostic_list& problems) {
    const decision_table& table = data.decisions;
    const rulebook& source = book.source();
    std::optional<period> evaluated;
    try {
        evaluated = period::parse(period_text, source.period);
    } catch (const usage_error&) {
        return;
    }
    for (std::size_t i = 0; i < table.size(); ++i) {
        if (table.rows[i].rulebook != source.id) {
            continue;
        }
        const auto when = period_of(table, i, source, &problems);
        if (when && *when == *evaluated) {
            problems.add(table.place(i, decision_column::period),
                         fmt::format("rulebook '{}' has no version in force for period {}: "
                                     "there is no result to decide on",
                                     source.id, table.rows[i].period));
        }
    }
}

void check_decisions(const dataset& data, const rulebook_set& rules,
                     const std::optional<std::string>& period_text, std::vector<diagnostic>& out) {
    const decision_table& table = data.decisions;
    diagnostic_list problems;
    for (std::size_t i = 0; i < table.size(); ++i) {
        const decision& d = table.rows[i];
        const compiled_rulebook* book = rules.find(d.rulebook);
        if (book == nullptr) {
            std::string ids;
            for (const auto& b : rules.rulebooks()) {
                ids += ids.empty() ? "" : ", ";
                ids += b.source().id;
            }
            problems.add(
                table.place(i, decision_column::rulebook),
                fmt::format("unknown rulebook '{}' (the rulebooks are {})", d.rulebook, ids));
            continue;
        }
        const rulebook& source = book->source();
        const auto when = period_of(table, i, source, &problems);
        if (!when) {
            continue;
        }
        if (period_text) {
            try {
                if (!(*when == period::parse(*period_text, source.period))) {
                    continue;
                }
            } catch (const usage_error&) {
                continue;
            }
        }
        const auto version = source.version_index_for(*when);
        if (!version) {
            problems.add(table.place(i, decision_column::period),
                         fmt::format("rulebook '{}' has no version in force for period {}: "
                                     "there is no result to decide on",
                                     source.id, d.period));
            continue;
        }
        const rulebook_version& v = source.versions[*version];
        check_tiers(table, i, v.tiers, source.id, v.version, problems);
        const registry& r = data.registry;
        const bool of_kind = (source.subject == subject_kind::model  ? r.find_model(d.subject)
                              : source.subject == subject_kind::unit ? r.find_unit(d.subject)
                                                                     : r.find_exemplar(d.subject))
                                 .has_value();
        if (!of_kind) {
            problems.add(table.place(i, decision_column::subject),
                         fmt::format("subject '{}' has no result in rulebook '{}', which "
                                     "evaluates {}s: there is no proposal to decide on",
                                     d.subject, source.id, to_string(source.subject)));
        }
    }
    for (auto& d : problems.take()) {
        out.push_back(std::move(d));
    }
}

void throw_decision_problems(diagnostic_list& problems) {
    auto all = problems.take();
    if (all.empty()) {
        return;
    }
    std::stable_sort(all.begin(), all.end(), [](const diagnostic& a, const diagnostic& b) {
        return std::tie(a.where.file, a.where.line, a.where.column, a.message) <
               std::tie(b.where.file, b.where.line, b.where.column, b.message);
    });
    all.erase(std::unique(all.begin(), all.end()), all.end());
    throw input_error(std::move(all));
}

}  // namespace antq::detail::evaluation
