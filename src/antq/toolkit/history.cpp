#include "antq/history.hpp"

#include "antq/io/atomic_file.hpp"
#include "antq/io/csv.hpp"
#include "antq/io/terminal_text.hpp"
#include "antq/toolkit/text_table.hpp"

#include <antq/error.hpp>
#include <antq/evaluate.hpp>
#include <antq/labels.hpp>
#include <antq/version.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <mutex>
#include <numeric>
#include <set>
#include <utility>

namespace antq {

namespace {

/// A row that has no result in a period.
constexpr std::uint8_t missing_status = 0xFF;

/// One period of one rulebook: five numbers a subject, aligned with the history's subjects.
/// Empty vectors when the rulebook was skipped in the period (every subject missing), so a
/// skipped period costs nothing.
struct period_columns {
    std::vector<std::uint8_t> status;
    std::vector<double> score;
    std::vector<std::int32_t> tier;
    std::vector<std::int32_t> decided;
    std::vector<std::uint32_t> rank;
    std::vector<std::uint32_t> group;

    // Room for subjects added after these columns were filled: missing there.
    void grow(std::size_t n) {
        if (status.empty()) {
            return;  // a skipped period: every subject missing already
        }
        status.resize(n, missing_status);
        score.resize(n, std::numeric_limits<double>::quiet_NaN());
        tier.resize(n, no_tier);
        decided.resize(n, no_tier);
        rank.resize(n, no_rank);
        group.resize(n, 0);
    }

    void resize(std::size_t n) {
        status.assign(n, missing_status);
        score.assign(n, std::numeric_limits<double>::quiet_NaN());
        tier.assign(n, no_tier);
        decided.assign(n, no_tier);
        rank.assign(n, no_rank);
        group.assign(n, 0);
    }
};

}  // namespace

struct rulebook_history::impl {
    std::string rulebook;
    std::string title;
    subject_kind kind = subject_kind::model;
    std::vector<history_period> periods;
    text_column subjects;                 // in the order first seen
    std::vector<period_columns> columns;  // one per period
    // The subjects' positions in id order, for `find`: built on its first call.
    mutable std::once_flag sorted_once;
    mutable std::vector<std::uint32_t> sorted;
};

/// Builds a rulebook's history period by period (the friend that may make one).
struct history_builder {
    static constexpr std::uint32_t unplaced = 0xFFFFFFFFU;

    std::shared_ptr<rulebook_history::impl> h = std::make_shared<rulebook_history::impl>();
    const std::vector<std::string>* keep = nullptr;  // sorted subject filter, or null
    // Where each row of the last period's results went; empty with a filter.
    std::vector<std::uint32_t> last_place;

    static rulebook_history finish(std::shared_ptr<const rulebook_history::impl> p) {
        return rulebook_history(std::move(p));
    }

    void add_skipped(history_period p) {
        h->periods.push_back(std::move(p));
        h->columns.emplace_back();
    }

    // Adds the results of one period. Subjects keep the order they were first seen in (the
    // dataset's order, as `evaluate` gives it); a subject first seen in a later period goes
    // after them, and the earlier periods' columns grow to hold it as missing.
    void add(const rulebook_results& r, std::string_view period_text) {
        const auto& cols = r.columns();
        // Period after period of one dataset the rows come in the same order: then each row
        // goes where the same row went before, checked id by id, with no lookup.
        if (keep == nullptr && !last_place.empty() && last_place.size() == r.size()) {
            bool same = true;
            for (std::size_t row = 0; same && row < r.size(); ++row) {
                same = h->subjects[last_place[row]] == cols.subject[row];
            }
            if (same) {
                fill(r, period_text, last_place);
                return;
            }
        }
        std::vector<std::uint32_t> by_row(r.size(), unplaced);
        if (keep == nullptr && h->subjects.empty()) {
            // The first period: its rows are the subjects, in their order.
            h->subjects = cols.subject;
            std::iota(by_row.begin(), by_row.end(), 0U);
        } else {
            // Rows and known subjects both walked in id order, once.
            std::vector<std::uint32_t> known(h->subjects.size());
            std::iota(known.begin(), known.end(), 0U);
            std::sort(known.begin(), known.end(), [&](std::uint32_t a, std::uint32_t b) {
                return h->subjects[a] < h->subjects[b];
            });
            std::size_t i = 0;
            for (const std::uint32_t row : r.rows_by_id()) {
                const std::string_view id = cols.subject[row];
                if (keep != nullptr && !std::binary_search(keep->begin(), keep->end(), id)) {
                    continue;
                }
                while (i < known.size() && h->subjects[known[i]] < id) {
                    ++i;
                }
                if (i < known.size() && h->subjects[known[i]] == id) {
                    by_row[row] = known[i];
                } else {
                    by_row[row] = static_cast<std::uint32_t>(h->subjects.size());
                    h->subjects.push_back(id);
                }
            }
            for (auto& c : h->columns) {
                c.grow(h->subjects.size());
            }
        }
        if (keep == nullptr) {
            last_place = by_row;
        }
        fill(r, period_text, by_row);
    }

    // Adds the period's columns, row `i` of the results going to subject `place[i]`
    // (`unplaced`: filtered out).
    void fill(const rulebook_results& r, std::string_view period_text,
              const std::vector<std::uint32_t>& place) {
        const auto& cols = r.columns();
        period_columns c;
        c.resize(h->subjects.size());
        const bool decided = r.has_decisions();
        for (std::size_t row = 0; row < place.size(); ++row) {
            const std::uint32_t to = place[row];
            if (to == unplaced) {
                continue;
            }
            c.status[to] = static_cast<std::uint8_t>(cols.status[row]);
            c.score[to] = cols.score[row];
            c.tier[to] = cols.tier[row];
            c.decided[to] = decided ? cols.decided_tier[row] : no_tier;
            c.rank[to] = cols.rank[row];
            c.group[to] = cols.group[row];
        }
        h->columns.push_back(std::move(c));
        const auto& header = r.header();
        history_period p;
        p.period = std::string(period_text);
        p.version = header.version;
        p.first = header.period_first;
        p.last = header.period_last;
        p.rounding_digits = header.rounding_digits;
        p.tiers = header.tiers;
        p.group_names = cols.group_names;
        h->periods.push_back(std::move(p));
    }
};

rulebook_history::rulebook_history() : impl_(std::make_shared<const impl>()) {}
rulebook_history::rulebook_history(std::shared_ptr<const impl> p) noexcept : impl_(std::move(p)) {}

const std::string& rulebook_history::rulebook() const noexcept {
    return impl_->rulebook;
}
const std::string& rulebook_history::title() const noexcept {
    return impl_->title;
}
subject_kind rulebook_history::subject_kind_of() const noexcept {
    return impl_->kind;
}
std::span<const history_period> rulebook_history::periods() const noexcept {
    return impl_->periods;
}
std::size_t rulebook_history::size() const noexcept {
    return impl_->subjects.size();
}
std::string_view rulebook_history::subject(std::size_t row) const noexcept {
    return impl_->subjects[row];
}

std::optional<std::size_t> rulebook_history::find(std::string_view subject_id) const {
    const impl& h = *impl_;
    std::call_once(h.sorted_once, [&h] {
        h.sorted.resize(h.subjects.size());
        std::iota(h.sorted.begin(), h.sorted.end(), 0U);
        std::sort(h.sorted.begin(), h.sorted.end(),
                  [&h](std::uint32_t a, std::uint32_t b) { return h.subjects[a] < h.subjects[b]; });
    });
    const auto it = std::lower_bound(
        h.sorted.begin(), h.sorted.end(), subject_id,
        [&h](std::uint32_t row, std::string_view id) { return h.subjects[row] < id; });
    if (it != h.sorted.end() && h.subjects[*it] == subject_id) {
        return *it;
    }
    return std::nullopt;
}

history_entry rulebook_history::at(std::size_t row, std::size_t period) const {
    if (row >= size() || period >= impl_->periods.size()) {
        throw usage_error(fmt::format(
            "history of '{}': no subject {} in period {} (it has {} subjects and {} periods)",
            impl_->rulebook, row, period, size(), impl_->periods.size()));
    }
    history_entry e;
    const auto& c = impl_->columns[period];
    if (c.status.empty() || c.status[row] == missing_status) {
        return e;
    }
    e.present = true;
    e.status = static_cast<result_status>(c.status[row]);
    e.score = c.score[row];
    e.tier = c.tier[row];
    e.decided_tier = c.decided[row];
    e.rank = c.rank[row];
    e.group = c.group[row];
    return e;
}

std::string_view rulebook_history::tier_id(std::size_t period, std::int32_t tier) const noexcept {
    if (period >= impl_->periods.size() || tier < 0) {
        return {};
    }
    const auto& tiers = impl_->periods[period].tiers;
    return static_cast<std::size_t>(tier) < tiers.size() ? std::string_view(tiers[tier].id)
                                                         : std::string_view();
}

history_change rulebook_history::change(std::size_t row, std::size_t period) const {
    const history_entry now = at(row, period);
    history_change c;
    c.decided_differently =
        now.present && now.decided_tier != no_tier && now.decided_tier != now.tier;
    if (period == 0) {
        return c;
    }
    const history_entry before = at(row, period - 1);
    // A period of which no run was stored says nothing about the subject: not an entry.
    c.entered = !before.present && now.present && !impl_->periods[period - 1].not_stored;
    c.left = before.present && !now.present && !impl_->periods[period].skipped;
    if (!before.present || !now.present) {
        return c;
    }
    c.status_changed = before.status != now.status;
    const std::string_view was = tier_id(period - 1, before.standing_tier());
    const std::string_view is = tier_id(period, now.standing_tier());
    if (!was.empty() && !is.empty() && was != is) {
        c.tier_changed = true;
        // Ordered by the later version's tiers: an id that version no longer has cannot be
        // placed above or below, so the change is reported without a direction.
        const auto& tiers = impl_->periods[period].tiers;
        const auto position = [&](std::string_view id) {
            return std::find_if(tiers.begin(), tiers.end(),
                                [&](const tier_summary& t) { return t.id == id; }) -
                   tiers.begin();
        };
        const auto from = position(was);
        const auto to = position(is);
        if (static_cast<std::size_t>(from) < tiers.size()) {
            c.tier_move = to < from ? 1 : -1;
        }
    }
    if (before.rank != no_rank && now.rank != no_rank &&
        impl_->periods[period - 1].group_names[before.group] ==
            impl_->periods[period].group_names[now.group]) {
        c.rank_move = static_cast<std::int64_t>(before.rank) - static_cast<std::int64_t>(now.rank);
    }
    return c;
}

namespace {

std::string tier_words(const history_period& p, std::int32_t tier, language lang) {
    if (tier < 0 || static_cast<std::size_t>(tier) >= p.tiers.size()) {
        return {};
    }
    const auto& t = p.tiers[static_cast<std::size_t>(tier)];
    return lang == language::vi && !t.label.empty() ? t.label : t.id;
}

}  // namespace

std::string rulebook_history::change_text(std::size_t row, std::size_t period,
                                          language lang) const {
    const history_change c = change(row, period);
    const bool vi = lang == language::vi;
    std::vector<std::string> parts;
    if (c.entered) {
        parts.emplace_back(vi ? "bắt đầu có kết quả" : "entered");
    }
    if (c.left) {
        parts.emplace_back(vi ? "không còn kết quả" : "left");
    }
    const history_entry now = at(row, period);
    if (c.status_changed) {
        const history_entry before = at(row, period - 1);
        parts.push_back(fmt::format("{}: {} → {}", vi ? "trạng thái" : "status",
                                    status_label(before.status, lang),
                                    status_label(now.status, lang)));
    }
    if (c.tier_changed) {
        const history_entry before = at(row, period - 1);
        const char* what = c.tier_move > 0   ? (vi ? "xếp loại tăng" : "tier up")
                           : c.tier_move < 0 ? (vi ? "xếp loại giảm" : "tier down")
                                             : (vi ? "xếp loại đổi" : "tier changed");
        parts.push_back(
            fmt::format("{}: {} → {}", what,
                        tier_words(impl_->periods[period - 1], before.standing_tier(), lang),
                        tier_words(impl_->periods[period], now.standing_tier(), lang)));
    }
    if (c.decided_differently) {
        const auto& p = impl_->periods[period];
        parts.push_back(
            (vi ? "quyết định khác đề xuất: đề xuất " : "decided differently: proposed ") +
            tier_words(p, now.tier, lang) + (vi ? ", quyết định " : ", decided ") +
            tier_words(p, now.decided_tier, lang));
    }
    if (c.rank_move && *c.rank_move != 0) {
        const history_entry before = at(row, period - 1);
        const bool up = *c.rank_move > 0;
        parts.push_back(
            fmt::format("{} {} ({} → {})",
                        up ? (vi ? "hạng tăng" : "rank up") : (vi ? "hạng giảm" : "rank down"),
                        up ? *c.rank_move : -*c.rank_move, before.rank, now.rank));
    }
    std::string out;
    for (const auto& part : parts) {
        if (!out.empty()) {
            out += "; ";
        }
        out += part;
    }
    return out;
}

const rulebook_history* history::find(std::string_view rulebook) const noexcept {
    const auto it =
        std::find_if(rulebooks.begin(), rulebooks.end(),
                     [&](const rulebook_history& h) { return h.rulebook() == rulebook; });
    return it == rulebooks.end() ? nullptr : &*it;
}

std::vector<std::string> year_range(int from, int to) {
    for (const int year : {from, to}) {
        if (year < 1900 || year > 9999) {
            throw usage_error(fmt::format("{} is not a year antq reads (1900 to 9999)", year));
        }
    }
    if (from > to) {
        throw usage_error(fmt::format(
            "the range of years is empty: it starts in {} and ends in {}, before it starts", from,
            to));
    }
    std::vector<std::string> out;
    for (int year = from; year <= to; ++year) {
        out.push_back(std::to_string(year));
    }
    return out;
}

int parse_year(std::string_view text, std::string_view what) {
    int year = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, error] = std::from_chars(text.data(), end, year);
    if (text.size() != 4 || error != std::errc() || ptr != end) {
        throw usage_error(
            fmt::format("{}: '{}' is not a year (expected four digits, such as 2024)", what, text));
    }
    return year;
}

struct history_recorder::state {
    std::vector<const compiled_rulebook*> kept;
    std::vector<std::string> keep;  // sorted subject filter; empty keeps all
    std::vector<std::string> periods;
    std::vector<history_builder> builders;
    bool filtered_rulebooks = false;

    // Records `period` as the next one; a period given twice is the caller's mistake.
    void start_period(const std::string& period) {
        const auto earlier = std::find(periods.begin(), periods.end(), period);
        if (earlier != periods.end()) {
            throw usage_error(
                fmt::format("period '{}' is in the history twice (positions {} and {})", period,
                            earlier - periods.begin() + 1, periods.size() + 1));
        }
        periods.push_back(period);
    }
};

namespace {

history_period skipped_period(const rulebook& source, const std::string& text,
                              const evaluation& results) {
    history_period p;
    p.period = text;
    p.skipped = true;
    const auto skipped = results.skipped();
    const auto it = std::find_if(skipped.begin(), skipped.end(), [&](const skipped_rulebook& s) {
        return s.rulebook == source.id;
    });
    if (it != skipped.end()) {
        p.reason = it->reason;
        p.first_effective = it->first_effective;
    } else {
        p.reason = fmt::format("the evaluation of period {} has no results of rulebook '{}'", text,
                               source.id);
    }
    return p;
}

}  // namespace

history_recorder::history_recorder(const rulebook_set& rules, const history_options& options)
    : state_(std::make_unique<state>()) {
    state& s = *state_;
    s.filtered_rulebooks = !options.rulebooks.empty();
    for (const auto& id : options.rulebooks) {
        static_cast<void>(rules.at(id));  // names the closest id when unknown
    }
    for (const auto& book : rules.rulebooks()) {
        if (options.rulebooks.empty() ||
            std::find(options.rulebooks.begin(), options.rulebooks.end(), book.id()) !=
                options.rulebooks.end()) {
            s.kept.push_back(&book);
        }
    }
    s.keep.assign(options.subjects.begin(), options.subjects.end());
    std::sort(s.keep.begin(), s.keep.end());
    s.keep.erase(std::unique(s.keep.begin(), s.keep.end()), s.keep.end());
    s.builders.resize(s.kept.size());
    for (std::size_t b = 0; b < s.kept.size(); ++b) {
        const rulebook& source = s.kept[b]->source();
        s.builders[b].h->rulebook = source.id;
        s.builders[b].h->title = source.title;
        s.builders[b].h->kind = source.subject;
    }
}

history_recorder::~history_recorder() = default;
history_recorder::history_recorder(history_recorder&&) noexcept = default;
history_recorder& history_recorder::operator=(history_recorder&&) noexcept = default;

void history_recorder::add(const std::string& period, const evaluation& results) {
    state& s = *state_;
    s.start_period(period);
    for (std::size_t b = 0; b < s.kept.size(); ++b) {
        auto& builder = s.builders[b];
        builder.keep = s.keep.empty() ? nullptr : &s.keep;
        if (const auto* r = results.find(s.kept[b]->id())) {
            builder.add(*r, period);
        } else {
            builder.add_skipped(skipped_period(s.kept[b]->source(), period, results));
        }
    }
}

void history_recorder::add_not_stored(const std::string& period, const std::string& reason) {
    state& s = *state_;
    s.start_period(period);
    for (auto& builder : s.builders) {
        history_period p;
        p.period = period;
        p.skipped = true;
        p.not_stored = true;
        p.reason = reason;
        builder.add_skipped(std::move(p));
    }
}

history history_recorder::finish() {
    state& s = *state_;
    if (s.periods.empty()) {
        throw usage_error("a history needs at least one period");
    }
    history out;
    out.periods = std::move(s.periods);
    for (auto& b : s.builders) {
        out.rulebooks.push_back(history_builder::finish(std::move(b.h)));
    }
    for (const auto& id : s.keep) {
        const bool found = std::any_of(out.rulebooks.begin(), out.rulebooks.end(),
                                       [&](const rulebook_history& h) { return h.find(id); });
        if (!found) {
            throw usage_error(fmt::format(
                "subject '{}' has no result in any period from {} to {}{}", id, out.periods.front(),
                out.periods.back(), s.filtered_rulebooks ? " under the rulebooks asked for" : ""));
        }
    }
    state_ = std::make_unique<state>();
    return out;
}

history evaluate_history(const dataset& data, const rulebook_set& rules,
                         std::span<const std::string> periods, const history_options& options) {
    if (periods.empty()) {
        throw usage_error("a history needs at least one period");
    }
    history_recorder recorder(rules, options);
    evaluate_options evaluate;
    evaluate.threads = options.threads;
    evaluate.batch_size = options.batch_size;
    for (std::size_t i = 0; i < periods.size(); ++i) {
        const std::string& text = periods[i];
        std::vector<skipped_rulebook> none_in_force;
        for (const auto& book : rules.rulebooks()) {
            const rulebook& source = book.source();
            try {
                const period p = period::parse(text, source.period);
                if (source.version_index_for(p)) {
                    none_in_force.clear();
                    break;
                }
                try {
                    static_cast<void>(source.version_for(p));
                } catch (const usage_error& e) {
                    none_in_force.push_back({source.id, source.title, e.what(),
                                             source.versions.empty()
                                                 ? std::optional<date>()
                                                 : source.versions.front().effective});
                }
            } catch (const usage_error& e) {
                throw usage_error(fmt::format("period {} of the history: {}", i + 1, e.what()));
            }
        }
        if (!none_in_force.empty()) {
            // Before every rulebook's first version: nothing to evaluate, which is an answer
            // (the rulebooks did not exist yet), not an error.
            recorder.add(text, evaluation({}, {}, data.content_hash, std::string(version()),
                                          std::move(none_in_force)));
            continue;
        }
        // One period's full results at a time: only the history's few columns outlive it.
        evaluation results;
        try {
            results = antq::evaluate(data, rules, text, evaluate);
        } catch (const usage_error& e) {
            throw usage_error(fmt::format("period {}: {}", text, e.what()));
        }
        recorder.add(text, results);
    }
    return recorder.finish();
}

namespace {

std::string status_id(const history_period& p, const history_entry& e) {
    if (p.not_stored) {
        return "not_stored";
    }
    if (p.skipped) {
        return "skipped";
    }
    return e.present ? std::string(to_string(e.status)) : "missing";
}

std::string status_words(const history_period& p, const history_entry& e, language lang) {
    const bool vi = lang == language::vi;
    if (p.not_stored) {
        return vi ? "chưa lưu" : "not stored";
    }
    if (p.skipped) {
        return vi ? "chưa áp dụng" : "skipped";
    }
    if (!e.present) {
        return vi ? "không có" : "missing";
    }
    return std::string(status_label(e.status, lang));
}

std::string group_of(const history_period& p, const history_entry& e) {
    return e.present && e.group < p.group_names.size() ? p.group_names[e.group] : std::string();
}

std::string skipped_note(const history_period& p, language lang) {
    if (lang == language::en) {
        return p.reason;
    }
    if (p.not_stored) {
        return fmt::format("không có lần đánh giá nào của kỳ {} được lưu trong cơ sở dữ liệu",
                           p.period);
    }
    std::string note = fmt::format("chưa có phiên bản có hiệu lực trong kỳ {}", p.period);
    if (p.first_effective) {
        note += "; phiên bản đầu tiên có hiệu lực từ " + date_text(*p.first_effective, lang);
    }
    return note;
}

std::string format_csv(const history& hist, const history_output_options& options) {
    const name_book names = options.data ? name_book(*options.data) : name_book();
    std::string out =
        "rulebook,period,version,subject,name,status,status_label,score,tier,decided_tier,"
        "standing_tier,tier_label,group,rank,tier_move,rank_move,changes,message\n";
    for (const auto& h : hist.rulebooks) {
        const auto periods = h.periods();
        for (std::size_t row = 0; row < h.size(); ++row) {
            const std::string_view id = h.subject(row);
            const std::string_view name = names.subject_name(h.subject_kind_of(), id);
            for (std::size_t k = 0; k < periods.size(); ++k) {
                const auto& p = periods[k];
                const history_entry e = h.at(row, k);
                const history_change c = h.change(row, k);
                const auto field = [&](std::string_view text) {
                    detail::append_csv_field(out, text);
                    out += ',';
                };
                field(h.rulebook());
                field(p.period);
                field(p.version);
                field(id);
                field(name);
                field(status_id(p, e));
                field(status_words(p, e, options.lang));
                if (e.present && !std::isnan(e.score)) {
                    detail::append_number(out, e.score);
                }
                out += ',';
                field(h.tier_id(k, e.tier));
                field(h.tier_id(k, e.decided_tier));
                field(h.tier_id(k, e.standing_tier()));
                field(tier_words(p, e.standing_tier(), language::vi));
                field(group_of(p, e));
                if (e.present && e.rank != no_rank) {
                    out += std::to_string(e.rank);
                }
                out += ',';
                if (c.tier_changed) {
                    out += std::to_string(c.tier_move);
                }
                out += ',';
                if (c.rank_move) {
                    out += std::to_string(*c.rank_move);
                }
                out += ',';
                field(h.change_text(row, k, options.lang));
                detail::append_csv_field(out,
                                         p.skipped ? skipped_note(p, options.lang) : std::string());
                out += '\n';
            }
        }
    }
    return out;
}

nlohmann::ordered_json format_json(const history& hist, const history_output_options& options) {
    const name_book names = options.data ? name_book(*options.data) : name_book();
    const auto text_or_null = [](std::string_view s) {
        return s.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(std::string(s));
    };
    nlohmann::ordered_json all;
    all["periods"] = hist.periods;
    all["rulebooks"] = nlohmann::ordered_json::array();
    for (const auto& h : hist.rulebooks) {
        nlohmann::ordered_json book;
        book["rulebook"] = h.rulebook();
        book["title"] = h.title();
        book["subject_kind"] = std::string(to_string(h.subject_kind_of()));
        book["periods"] = nlohmann::ordered_json::array();
        const auto periods = h.periods();
        for (const auto& p : periods) {
            nlohmann::ordered_json period;
            period["period"] = p.period;
            period["skipped"] = p.skipped;
            if (p.not_stored) {
                period["not_stored"] = true;
            }
            period["version"] = text_or_null(p.version);
            period["first"] =
                p.skipped ? nlohmann::ordered_json() : nlohmann::ordered_json(format_date(p.first));
            period["last"] =
                p.skipped ? nlohmann::ordered_json() : nlohmann::ordered_json(format_date(p.last));
            period["reason"] = text_or_null(p.skipped ? skipped_note(p, options.lang) : "");
            book["periods"].push_back(std::move(period));
        }
        book["subjects"] = nlohmann::ordered_json::array();
        for (std::size_t row = 0; row < h.size(); ++row) {
            nlohmann::ordered_json subject;
            const std::string_view id = h.subject(row);
            subject["subject"] = std::string(id);
            subject["name"] = text_or_null(names.subject_name(h.subject_kind_of(), id));
            subject["periods"] = nlohmann::ordered_json::array();
            for (std::size_t k = 0; k < periods.size(); ++k) {
                const auto& p = periods[k];
                const history_entry e = h.at(row, k);
                const history_change c = h.change(row, k);
                nlohmann::ordered_json one;
                one["period"] = p.period;
                one["status"] = status_id(p, e);
                one["status_label"] = status_words(p, e, options.lang);
                one["score"] = e.present && !std::isnan(e.score) ? nlohmann::ordered_json(e.score)
                                                                 : nlohmann::ordered_json();
                one["tier"] = text_or_null(h.tier_id(k, e.tier));
                one["decided_tier"] = text_or_null(h.tier_id(k, e.decided_tier));
                one["standing_tier"] = text_or_null(h.tier_id(k, e.standing_tier()));
                one["tier_label"] = text_or_null(tier_words(p, e.standing_tier(), language::vi));
                one["group"] = text_or_null(group_of(p, e));
                one["rank"] = e.present && e.rank != no_rank ? nlohmann::ordered_json(e.rank)
                                                             : nlohmann::ordered_json();
                nlohmann::ordered_json change;
                change["entered"] = c.entered;
                change["left"] = c.left;
                change["status_changed"] = c.status_changed;
                change["tier_changed"] = c.tier_changed;
                change["tier_move"] = c.tier_move;
                change["decided_differently"] = c.decided_differently;
                change["rank_move"] =
                    c.rank_move ? nlohmann::ordered_json(*c.rank_move) : nlohmann::ordered_json();
                change["text"] = h.change_text(row, k, options.lang);
                one["change"] = std::move(change);
                subject["periods"].push_back(std::move(one));
            }
            book["subjects"].push_back(std::move(subject));
        }
        all["rulebooks"].push_back(std::move(book));
    }
    return all;
}

// The cell of one subject in one period: standing tier, score and rank ("Tốt  85,50  #2"),
// the tier marked with `*` when it is a decision's.
std::string table_cell(const rulebook_history& h, std::size_t row, std::size_t k, language lang) {
    const auto& p = h.periods()[k];
    const history_entry e = h.at(row, k);
    if (!e.present || e.status != result_status::evaluated) {
        return status_words(p, e, lang);
    }
    std::string cell = tier_words(p, e.standing_tier(), lang);
    if (e.decided_tier != no_tier) {
        cell += '*';
    }
    if (!std::isnan(e.score)) {
        // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) about `" " + text`.
        if (!cell.empty()) {
            cell += ' ';
        }
        cell += decimal_text(e.score, p.rounding_digits, lang);
    }
    if (e.rank != no_rank) {
        cell += " #";
        cell += std::to_string(e.rank);
    }
    return cell;
}

std::string format_table(const history& hist, const history_output_options& options) {
    const bool vi = options.lang == language::vi;
    const name_book names = options.data ? name_book(*options.data) : name_book();
    std::string out;
    for (std::size_t b = 0; b < hist.rulebooks.size(); ++b) {
        const auto& h = hist.rulebooks[b];
        const auto periods = h.periods();
        if (b > 0) {
            out += '\n';
        }
        out += fmt::format("{}: {} ({})\n", vi ? "Bộ tiêu chí" : "Rulebook",
                           h.title().empty() ? h.rulebook() : h.title(), h.rulebook());
        for (const auto& p : periods) {
            if (p.skipped) {
                out += fmt::format("  {} {}: {}\n", word("period", options.lang), p.period,
                                   vi ? skipped_note(p, options.lang)
                                      : (p.not_stored ? "not stored: " : "skipped: ") + p.reason);
            }
        }
        if (h.size() == 0) {
            out += vi ? "  (không có đối tượng nào có kết quả)\n" : "  (no subject has a result)\n";
            continue;
        }
        std::vector<bool> right(2 + periods.size(), false);
        detail::text_table table(right);
        std::vector<std::string> heading = {std::string(word("subject", options.lang)),
                                            std::string(word("name", options.lang))};
        for (const auto& p : periods) {
            heading.push_back(p.period);
        }
        table.add(std::move(heading));
        bool any_decision = false;
        std::vector<std::string> changes;
        for (std::size_t row = 0; row < h.size(); ++row) {
            const std::string_view id = h.subject(row);
            std::vector<std::string> cells = {
                std::string(id), std::string(names.subject_name(h.subject_kind_of(), id))};
            for (std::size_t k = 0; k < periods.size(); ++k) {
                cells.push_back(table_cell(h, row, k, options.lang));
                any_decision = any_decision || h.at(row, k).decided_tier != no_tier;
                const std::string text = h.change_text(row, k, options.lang);
                if (!text.empty()) {
                    changes.push_back(fmt::format("  {}, {}: {}", id, periods[k].period, text));
                }
            }
            table.add(std::move(cells));
        }
        table.render(out, 2);
        if (any_decision) {
            out += vi ? "  * xếp loại theo quyết định của cấp có thẩm quyền\n"
                      : "  * the tier a decision decided\n";
        }
        if (!changes.empty()) {
            out += vi ? "Thay đổi qua các kỳ:\n" : "Changes:\n";
            for (const auto& line : changes) {
                out += line;
                out += '\n';
            }
        }
    }
    return detail::has_controls(out) ? detail::escape_controls(out) : out;
}

}  // namespace

std::string format_history(const history& h, result_format format,
                           const history_output_options& options) {
    switch (format) {
        case result_format::table:
            return format_table(h, options);
        case result_format::csv:
            return format_csv(h, options);
        case result_format::json:
            return format_json(h, options).dump(2) + "\n";
    }
    return {};
}

void save_history(const std::filesystem::path& file, const history& h, result_format format,
                  const history_output_options& options) {
    detail::write_file_atomically(file, format_history(h, format, options));
}

}  // namespace antq
