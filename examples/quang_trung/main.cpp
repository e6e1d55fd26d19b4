// The Quảng Trung example: evaluates the models, teams and units of Quảng Trung commune
// (examples/data/quang-trung) with the shipped rulebooks (rulebooks/) for the latest period
// of the data, prints the ranking and what to replicate, improve or drop, whom to propose
// for which commendation among the exemplars and why, in Vietnamese, then the decisions the
// commune recorded on the proposals (decisions.csv) and what they changed, and with
// `--out FILE.html` writes the HTML report and, beside it, the Excel workbook of the
// documents the commune files (FILE.xlsx: recognition lists, score sheets, the yearly
// summary of models, the exemplars proposed for commendation).
//
//     quang_trung [--data DATASET] [--rules RULEBOOKS] [--period P] [--out FILE.html]
//
// Paths are relative to the repository root, where it is meant to be run from.

#include <antq/antq.hpp>
#include <antq/evaluate.hpp>
#include <antq/explain.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace {

struct arguments {
    std::string data = "examples/data/quang-trung";
    std::string rules = "rulebooks";
    std::string period;  // the latest period of the data when empty
    std::string out;
};

const char* const usage =
    "usage: quang_trung [--data DATASET] [--rules RULEBOOKS] [--period P] [--out FILE.html]\n";

// Reads the flags; false on a flag it does not know or a flag without its value.
bool parse(int argc, char** argv, arguments& args) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view flag = argv[i];
        std::string* value = flag == "--data"     ? &args.data
                             : flag == "--rules"  ? &args.rules
                             : flag == "--period" ? &args.period
                             : flag == "--out"    ? &args.out
                                                  : nullptr;
        if (value == nullptr || i + 1 >= argc) {
            return false;
        }
        *value = argv[++i];
    }
    return true;
}

// The period of the data that ends last.
std::string latest_period(const antq::dataset& data) {
    std::string latest;
    std::optional<antq::date> last;
    for (const auto& label : data.observations.period_labels()) {
        const auto p = antq::period::parse(label);
        if (!last || p.last() > *last) {
            last = p.last();
            latest = label;
        }
    }
    return latest;
}

constexpr antq::language vi = antq::language::vi;

// 97.14 -> "97,14": Vietnamese writes a decimal comma.
std::string points(double v) {
    return antq::decimal_text(v, 2, vi);
}

std::string name_of(const antq::dataset& data, const antq::rulebook_results& r, std::size_t row) {
    const auto i = r.columns().subject_index[row];
    switch (r.header().subject) {
        case antq::subject_kind::model:
            return data.registry.models()[i].name;
        case antq::subject_kind::unit:
            return data.registry.units()[i].name;
        case antq::subject_kind::exemplar:
            return data.registry.exemplars()[i].name;
    }
    return {};
}

std::string tier_label(const antq::rulebook_results& r, std::size_t row) {
    const auto t = r.columns().tier[row];
    if (t == antq::no_tier) {
        const auto status = r.columns().status[row];
        return std::string(antq::status_label(status, vi)) + ": " +
               antq::reason_text(status, r.columns().message[row], vi);
    }
    const auto& tier = r.header().tiers[static_cast<std::size_t>(t)];
    return tier.label.empty() ? tier.id : tier.label;
}

void print_ranking(const antq::dataset& data, const antq::rulebook_results& r) {
    const auto& c = r.columns();
    const antq::name_book names(data);
    std::vector<std::size_t> rows(r.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        rows[i] = i;
    }
    std::stable_sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) {
        if (c.group[a] != c.group[b]) {
            return c.group_names[c.group[a]] < c.group_names[c.group[b]];
        }
        return (c.rank[a] == antq::no_rank ? 1u << 31 : c.rank[a]) <
               (c.rank[b] == antq::no_rank ? 1u << 31 : c.rank[b]);
    });
    std::string group;
    for (const std::size_t row : rows) {
        if (c.group_names[c.group[row]] != group) {
            group = c.group_names[c.group[row]];
            std::cout << "  Nhóm " << names.group_text(group, vi) << ":\n";
        }
        const std::string rank = c.rank[row] == antq::no_rank ? "-" : std::to_string(c.rank[row]);
        // A checklist's score is the number of criteria met, not points.
        const bool checklist = r.header().engine == "checklist";
        const std::string score =
            std::isnan(c.score[row])
                ? ""
                : (checklist ? antq::decimal_text(c.score[row], 0, vi) + "/" +
                                   antq::decimal_text(c.max_score[row], 0, vi) + " tiêu chí, "
                             : points(c.score[row]) + " điểm, ");
        std::cout << "    " << rank << ". " << name_of(data, r, row) << " (" << c.subject[row]
                  << "): " << score << tier_label(r, row) << '\n';
    }
}

void print_units(const antq::dataset& data, const antq::rulebook_results& r) {
    for (std::size_t row = 0; row < r.size(); ++row) {
        std::cout << "  " << name_of(data, r, row) << ": " << tier_label(r, row);
        if (r.columns().tier[row] != antq::no_tier) {
            // A checklist's score is the number of criteria met, not points.
            if (r.header().engine == "checklist") {
                std::cout << " (" << antq::decimal_text(r.columns().score[row], 0, vi) << "/"
                          << antq::decimal_text(r.columns().max_score[row], 0, vi) << " tiêu chí)";
            } else {
                std::cout << " (" << points(r.columns().score[row]) << "/"
                          << points(r.columns().max_score[row]) << " điểm)";
            }
        }
        std::cout << '\n';
    }
}

// A tier's label, or its id when it has none.
std::string tier_label(const antq::rulebook_results& r, std::int32_t tier) {
    const auto& t = r.header().tiers[static_cast<std::size_t>(tier)];
    return t.label.empty() ? t.id : t.label;
}

// Why a model got its action when the action depends on the year before ("hiệu quả 2 năm
// liền"): its tier this year and the tier that stood for it the year before (the decided one
// where the committee recorded a decision, as the rule reads it). Empty for a fixed action.
std::string action_why(const antq::rulebook_results& r, std::size_t row,
                       const antq::rulebook_results* before) {
    const auto tier = r.columns().tier[row];
    if (r.branch_of(row, tier) == antq::action_branch::fixed) {
        return {};
    }
    std::string then = "chưa có kết quả xếp loại";
    if (before != nullptr) {
        if (const auto found = before->find(r.columns().subject[row])) {
            if (const auto t = before->standing_tier(*found); t != antq::no_tier) {
                then = "\"" + tier_label(*before, t) + "\"";
            }
        }
    }
    const std::string year_before =
        before != nullptr ? "năm " + before->header().period_text : "kỳ trước";
    return "\"" + tier_label(r, tier) + "\" năm " + r.header().period_text + ", " + year_before +
           ": " + then;
}

// Models by their action: replicate, improve, maintain, dissolve. A tier's action may depend
// on the year before (`before`: the same rulebook's results then, or null).
void print_actions(const antq::dataset& data, const antq::rulebook_results& r,
                   const antq::rulebook_results* before) {
    for (const std::string_view action : {"replicate", "maintain", "improve", "dissolve"}) {
        // The action's word from the library's label table, with a capital letter (ASCII).
        std::string title(antq::word(action, vi));
        title[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(title[0])));
        std::vector<std::size_t> rows;
        for (std::size_t row = 0; row < r.size(); ++row) {
            if (r.action(row) == action) {
                rows.push_back(row);
            }
        }
        if (rows.empty() && action == "maintain") {
            continue;  // a rulebook whose tiers never maintain has nothing to list here
        }
        std::cout << "  " << title << " (" << rows.size() << "):\n";
        for (const std::size_t row : rows) {
            std::cout << "    - " << name_of(data, r, row) << " (" << points(r.columns().score[row])
                      << " điểm)";
            if (const std::string why = action_why(r, row, before); !why.empty()) {
                std::cout << ": " << why;
            }
            const auto why = antq::explain(r, r.columns().subject[row], antq::language::vi);
            if (action != "replicate" && why.next_tier && why.next_tier->points_needed) {
                std::cout << ": còn thiếu " << points(*why.next_tier->points_needed)
                          << " điểm để lên \"" << why.next_tier->label << "\"";
                if (!why.next_tier->closers.empty()) {
                    std::cout << "; ưu tiên: " << why.next_tier->closers.front().title;
                }
            }
            std::cout << '\n';
        }
    }
}

// A topic by the dataset's label (labels.csv), or as written when it has none.
std::string topic_of(const antq::name_book& names, const std::string& topic) {
    const auto label = names.label("topic", topic);
    return label.empty() ? topic : std::string(label);
}

void print_gaps(const antq::dataset& data, const antq::rulebook_results& r) {
    const antq::gaps_report gaps = antq::find_gaps(data, r);
    const antq::name_book names(data);
    std::size_t without = 0;
    for (const auto& g : gaps.gaps) {
        if (g.candidates.empty()) {
            ++without;
            continue;
        }
        const auto& best = g.candidates.front();
        std::cout << "  " << g.village_name << ", chuyên đề " << topic_of(names, g.topic)
                  << ": nhân rộng " << best.name << " (" << points(best.score) << " điểm)\n";
    }
    if (without > 0) {
        std::cout << "  Chưa có mô hình hiệu quả để nhân rộng, cần xây dựng mô hình mới:\n";
        for (const auto& g : gaps.gaps) {
            if (g.candidates.empty()) {
                std::cout << "    - " << g.village_name << ", chuyên đề "
                          << topic_of(names, g.topic);
                if (!g.effective_elsewhere.empty()) {
                    // The topic works, only not in a village: adapt rather than start anew.
                    const auto& e = g.effective_elsewhere.front();
                    std::cout << " (chưa thôn nào có mô hình đủ điều kiện nhân rộng; có thể học từ " << e.name
                              << ", " << points(e.score) << " điểm)";
                }
                std::cout << '\n';
            }
        }
    }
    for (const auto& w : gaps.weak_types) {
        std::cout << "  Loại mô hình cần xem lại: \"" << w.type << "\" (" << w.ineffective << "/"
                  << w.evaluated << " điểm kém hiệu quả)\n";
    }
}

// The periods the recorded decisions are about, in order.
std::vector<std::string> decision_periods(const antq::dataset& data) {
    std::vector<std::string> periods;
    for (const auto& d : data.decisions.rows) {
        if (std::find(periods.begin(), periods.end(), d.period) == periods.end()) {
            periods.push_back(d.period);
        }
    }
    std::sort(periods.begin(), periods.end());
    return periods;
}

// Every decision recorded on `results`, in words, then the overrides (a tier decided other
// than proposed) with their reasons, and the roll-ups that read them.
void print_decisions(const antq::dataset& data, const antq::evaluation& results) {
    std::vector<std::pair<const antq::rulebook_results*, std::size_t>> overrides;
    for (const auto& r : results.results()) {
        for (const auto& d : r.columns().decisions) {
            std::cout << "  " << name_of(data, r, d.row) << " (" << r.header().rulebook
                      << "): " << antq::decision_text(r, d.row) << '\n';
            if (!d.stale && !d.decision.confirms()) {
                overrides.push_back({&r, d.row});
            }
        }
    }
    if (overrides.empty()) {
        std::cout << "  Quyết định khác đề xuất: không có.\n";
        return;
    }
    std::cout << "  Quyết định khác đề xuất (" << overrides.size() << "):\n";
    for (const auto& [r, row] : overrides) {
        const auto& d = r->decision_of(row)->decision;
        std::cout << "    - " << name_of(data, *r, row) << ": " << tier_label(*r, row) << " → "
                  << r->header().tiers[static_cast<std::size_t>(r->standing_tier(row))].label
                  << " (QĐ số " << d.number << "); lý do: " << d.reason << '\n';
    }
    std::cout << "  Điểm và thứ hạng giữ nguyên theo đề xuất; các bộ tiêu chí tổng hợp (xã) "
                 "tính theo loại đã được quyết định.\n";
}

// Exemplars (điển hình tiên tiến) by the commendation their tier proposes, best first: who,
// where, their models, and why (the achievements that gave most points; a quota that held
// them back; what the last tier lacks).
void print_exemplars(const antq::dataset& data, const antq::evaluation& results,
                     const antq::rulebook_results& r) {
    const auto& c = r.columns();
    const auto& reg = data.registry;
    antq::explain_context context;
    context.data = &data;
    context.sources = &results;
    std::cout << "\nĐề nghị khen thưởng điển hình tiên tiến ("
              << (r.header().title.empty() ? r.header().rulebook : r.header().title)
              << ", năm phong trào " << antq::date_text(r.header().period_first, antq::language::vi)
              << " – " << antq::date_text(r.header().period_last, antq::language::vi) << "):\n";
    const auto& tiers = r.header().tiers;
    for (std::size_t t = 0; t < tiers.size(); ++t) {
        std::vector<std::size_t> rows;
        for (std::size_t row = 0; row < r.size(); ++row) {
            if (c.tier[row] == static_cast<std::int32_t>(t)) {
                rows.push_back(row);
            }
        }
        std::stable_sort(rows.begin(), rows.end(),
                         [&](std::size_t a, std::size_t b) { return c.score[a] > c.score[b]; });
        std::cout << "  " << (tiers[t].label.empty() ? tiers[t].id : tiers[t].label) << " ("
                  << rows.size() << "):\n";
        for (const std::size_t row : rows) {
            const auto e = c.subject_index[row];
            const auto& ex = reg.exemplars()[e];
            std::cout << "    - " << ex.name << " (" << ex.id << ", "
                      << (ex.kind == antq::exemplar_kind::collective ? "tập thể" : "cá nhân")
                      << ", " << reg.units()[reg.unit_of_exemplar(e)].name
                      << "): " << points(c.score[row]) << " điểm\n";
            const auto links = reg.models_of_exemplar(e);
            if (!links.empty()) {
                std::cout << "      Mô hình:";
                for (std::size_t k = 0; k < links.size(); ++k) {
                    std::cout << (k == 0 ? " " : "; ") << reg.models()[links[k]].name
                              << (reg.exemplar_leads(e, links[k]) ? " (phụ trách)" : "");
                }
                std::cout << '\n';
            }
            const auto why = antq::explain(r, ex.id, antq::language::vi, context);
            std::vector<antq::criterion_effect> gained;
            for (const auto& l : why.lifted) {
                if (l.kind == antq::criterion_kind::scored && l.points > 0) {
                    gained.push_back(l);
                }
            }
            std::stable_sort(gained.begin(), gained.end(),
                             [](const auto& a, const auto& b) { return a.points > b.points; });
            if (!gained.empty()) {
                std::cout << "      Vì:";
                for (std::size_t k = 0; k < std::min<std::size_t>(gained.size(), 3); ++k) {
                    std::cout << (k == 0 ? " " : "; ") << gained[k].title << " ("
                              << points(gained[k].points) << "/" << points(gained[k].max_points)
                              << " điểm)";
                }
                std::cout << '\n';
            }
            if (why.quota) {
                std::cout << "      Đủ điểm cho \"" << why.quota->tier_label
                          << "\" nhưng mức này có hạn mức " << std::lround(why.quota->share * 100)
                          << "% mỗi xã";
                if (!why.quota->holders.empty()) {
                    std::cout << ", đã dành cho";
                    for (std::size_t k = 0; k < why.quota->holders.size(); ++k) {
                        const auto& h = why.quota->holders[k];
                        std::cout << (k == 0 ? " " : ", ") << (h.name.empty() ? h.id : h.name);
                    }
                }
                std::cout << '\n';
            } else if (t + 1 == tiers.size() && why.next_tier && why.next_tier->points_needed) {
                std::cout << "      Còn thiếu " << points(*why.next_tier->points_needed)
                          << " điểm để được \"" << why.next_tier->label << "\"\n";
            }
        }
    }
    std::size_t problems = 0;
    for (std::size_t row = 0; row < r.size(); ++row) {
        problems += c.tier[row] == antq::no_tier ? 1 : 0;
    }
    if (problems > 0) {
        std::cout << "  Chưa xét được (" << problems << "):\n";
        for (std::size_t row = 0; row < r.size(); ++row) {
            if (c.tier[row] == antq::no_tier) {
                std::cout << "    - " << name_of(data, r, row) << " (" << c.subject[row]
                          << "): " << tier_label(r, row) << '\n';
            }
        }
    }
}

// The years of the data up to `period` (itself a year), in order: those the history covers.
std::vector<std::string> years_up_to(const antq::dataset& data, const std::string& period) {
    const auto is_year = [](std::string_view text) {
        return text.size() == 4 && std::all_of(text.begin(), text.end(), [](char c) {
                   return std::isdigit(static_cast<unsigned char>(c)) != 0;
               });
    };
    std::vector<std::string> years;
    if (!is_year(period)) {
        return years;
    }
    for (const auto& label : data.observations.period_labels()) {
        if (is_year(label) && label <= period) {
            years.emplace_back(label);
        }
    }
    std::sort(years.begin(), years.end());
    return years;
}

// Per rulebook, how many subjects stood in each tier year by year; then, for the units (the
// villages, the commune, the agencies: few, and what the standards are about), each change
// of tier and each decision other than the proposal.
void print_history(const antq::dataset& data, const antq::history& h) {
    std::cout << "\nQua các năm (" << h.periods.front() << "–" << h.periods.back() << "):\n";
    const antq::name_book names(data);
    for (const auto& book : h.rulebooks) {
        const auto periods = book.periods();
        std::cout << "  " << (book.title().empty() ? book.rulebook() : book.title()) << ":\n   ";
        for (std::size_t k = 0; k < periods.size(); ++k) {
            std::cout << (k == 0 ? " " : "; ") << periods[k].period << ": ";
            if (periods[k].skipped) {
                std::cout << "chưa áp dụng";
                continue;
            }
            std::vector<std::size_t> per_tier(periods[k].tiers.size(), 0);
            for (std::size_t row = 0; row < book.size(); ++row) {
                const auto e = book.at(row, k);
                if (e.present && e.standing_tier() != antq::no_tier) {
                    ++per_tier[static_cast<std::size_t>(e.standing_tier())];
                }
            }
            bool first = true;
            for (std::size_t t = 0; t < per_tier.size(); ++t) {
                if (per_tier[t] > 0) {
                    std::cout << (first ? "" : ", ") << periods[k].tiers[t].label << " "
                              << per_tier[t];
                    first = false;
                }
            }
            if (first) {
                std::cout << "chưa xếp loại";
            }
        }
        std::cout << '\n';
        if (book.subject_kind_of() != antq::subject_kind::unit) {
            continue;
        }
        for (std::size_t row = 0; row < book.size(); ++row) {
            for (std::size_t k = 0; k < periods.size(); ++k) {
                const auto c = book.change(row, k);
                if (!c.tier_changed && !c.decided_differently) {
                    continue;
                }
                const auto id = book.subject(row);
                std::cout << "    - " << names.subject_name(book.subject_kind_of(), id) << ", "
                          << periods[k].period << ": "
                          << book.change_text(row, k, antq::language::vi) << '\n';
            }
        }
    }
}

bool has_action(const antq::rulebook_results& r, std::string_view action) {
    return std::any_of(r.header().tiers.begin(), r.header().tiers.end(),
                       [&](const antq::tier_summary& t) { return t.action == action; });
}

}  // namespace

int main(int argc, char** argv) {
    arguments args;
    if (!parse(argc, argv, args)) {
        std::cerr << usage;
        return 2;
    }
    try {
        const antq::dataset data = antq::load_dataset(args.data);
        const antq::rulebook_set rules = antq::rulebook_set::load(args.rules);
        const std::string period = args.period.empty() ? latest_period(data) : args.period;
        const antq::evaluation results = antq::evaluate(data, rules, period);

        std::cout << "Đánh giá phong trào Toàn dân bảo vệ an ninh Tổ quốc, kỳ " << period << "\n";
        for (const auto& skipped : results.skipped()) {
            std::cout << "Không áp dụng cho kỳ này (chưa có phiên bản có hiệu lực): "
                      << (skipped.title.empty() ? skipped.rulebook : skipped.title) << " ("
                      << skipped.rulebook << ")\n";
        }
        for (const auto& r : results.results()) {
            const auto& h = r.header();
            std::cout << "\n"
                      << h.title << " (" << h.rulebook << ", phiên bản " << h.version << ", "
                      << antq::date_text(h.period_first, vi) << " – "
                      << antq::date_text(h.period_last, vi) << ")\n";
            // A rulebook without `ranking:` (the standards, the teams' members) ranks no one.
            const auto& ranks = r.columns().rank;
            const bool ranked = std::any_of(ranks.begin(), ranks.end(),
                                            [](std::uint32_t k) { return k != antq::no_rank; });
            if (h.subject == antq::subject_kind::model && ranked) {
                print_ranking(data, r);
            } else {
                print_units(data, r);
            }
        }
        for (const auto& r : results.results()) {
            if (r.header().subject != antq::subject_kind::model || !has_action(r, "replicate")) {
                continue;
            }
            std::cout << "\nĐề xuất theo \"" << r.header().title << "\" (" << r.header().rulebook
                      << "):\n";
            // The year before, for why an action that reads it was chosen.
            const auto years = years_up_to(data, period);
            std::optional<antq::evaluation> before;
            if (years.size() > 1 && years.back() == period) {
                before = antq::evaluate(data, rules, years[years.size() - 2]);
            }
            const antq::rulebook_results* before_r =
                before ? before->find(r.header().rulebook) : nullptr;
            print_actions(data, r, before_r);
            std::cout << "\nNhân rộng về các thôn chưa có mô hình hiệu quả:\n";
            print_gaps(data, r);
        }
        for (const auto& r : results.results()) {
            if (r.header().subject == antq::subject_kind::exemplar) {
                print_exemplars(data, results, r);
            }
        }
        for (const auto& when : decision_periods(data)) {
            std::cout << "\nQuyết định đã ghi nhận, kỳ " << when << ":\n";
            print_decisions(data, when == period ? results : antq::evaluate(data, rules, when));
        }
        // Over the years of the data: the same rulebooks, year by year, up to the period.
        std::optional<antq::history> history;
        if (const auto years = years_up_to(data, period); years.size() > 1) {
            history = antq::evaluate_history(data, rules, years);
            print_history(data, *history);
        }
        std::cout << "\nDấu vân tay: " << results.fingerprint() << '\n';
        if (!args.out.empty()) {
            // Both files or neither: a failure half way leaves the earlier ones in place.
            std::filesystem::path workbook(args.out);
            workbook.replace_extension(".xlsx");
            if (workbook == std::filesystem::path(args.out)) {
                workbook += ".xlsx";  // never over the report itself
            }
            antq::output_batch outputs;
            antq::report_options report;
            report.history = history ? &*history : nullptr;  // a page per village
            antq::write_report(args.out, data, results, report);
            if (antq::workbook_support()) {
                antq::write_workbook(workbook, data, results);
            }
            outputs.commit();
            std::cout << "Đã ghi báo cáo: " << args.out << '\n';
            if (antq::workbook_support()) {
                std::cout << "Đã ghi sổ tính Excel: " << workbook.string() << '\n';
            }
        }
    } catch (const antq::input_error& e) {
        for (const auto& d : e.diagnostics()) {
            std::cerr << d.to_string() << '\n';
        }
        return 1;
    } catch (const antq::error& e) {
        std::cerr << "quang_trung: error: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
