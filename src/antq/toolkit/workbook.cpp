#include <antq/workbook.hpp>

#include "antq/io/atomic_file.hpp"
#include "antq/io/read_file.hpp"
#include "antq/toolkit/main_unit.hpp"
#include "antq/toolkit/results_match.hpp"

#include <antq/error.hpp>
#include <antq/labels.hpp>

#include <fmt/format.h>
#include <xlsxwriter.h>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace antq {

namespace {

constexpr language vi = language::vi;

// Excel's limit, and a worksheet name's (in characters).
constexpr std::uint32_t max_rows = 1048576;
constexpr std::size_t max_sheet_name = 31;

// Widths in characters: at least a heading's short word, at most what still reads on A4;
// longer texts wrap.
constexpr double min_width = 6;
constexpr double max_width = 60;

std::size_t characters(std::string_view utf8) {
    return static_cast<std::size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
    }));
}

// The first `n` characters of a UTF-8 text.
std::string prefix_characters(std::string_view utf8, std::size_t n) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < utf8.size(); ++i) {
        if ((static_cast<unsigned char>(utf8[i]) & 0xC0U) != 0x80U) {
            if (count == n) {
                return std::string(utf8.substr(0, i));
            }
            ++count;
        }
    }
    return std::string(utf8);
}

// A word of the label table as a heading: its first letter capitalised ("hạng" -> "Hạng",
// "điểm" -> "Điểm"); the table's words begin with an ASCII letter or "đ".
std::string heading(std::string_view id) {
    std::string w(word(id, language::vi));
    if (w.starts_with("\xC4\x91")) {  // đ
        w[1] = '\x90';                // Đ
    } else if (!w.empty() && w[0] >= 'a' && w[0] <= 'z') {
        w[0] = static_cast<char>(w[0] - 'a' + 'A');
    }
    return w;
}

std::string subject_name(const dataset& data, subject_kind kind, index_t i) {
    const registry& r = data.registry;
    switch (kind) {
        case subject_kind::model:
            return r.models()[i].name;
        case subject_kind::unit:
            return r.units()[i].name;
        case subject_kind::exemplar:
            return r.exemplars()[i].name;
    }
    return {};
}

using detail::check_matches;

std::string tier_label(const results_header& h, std::int32_t t) {
    if (t == no_tier) {
        return {};
    }
    const auto& tier = h.tiers[static_cast<std::size_t>(t)];
    return tier.label.empty() ? tier.id : tier.label;
}

// What a row shows in place of a tier when it has none: the status and its reason.
std::string proposal_text(const rulebook_results& r, std::size_t row) {
    const auto& c = r.columns();
    if (c.tier[row] != no_tier) {
        return tier_label(r.header(), c.tier[row]);
    }
    std::string text(status_label(c.status[row], vi));
    if (!c.message[row].empty()) {
        text += ": " + std::string(c.message[row]);
    }
    return text;
}

// Whole days since 1970-01-01, as a time_t at midnight UTC.
std::time_t epoch_seconds(date d) {
    const long days = (d - date(1970, 1, 1)).days();
    return static_cast<std::time_t>(days) * 86400;
}

// ---- The workbook and its cells ----

// The formats every sheet shares.
struct formats {
    lxw_format* title = nullptr;
    lxw_format* subtitle = nullptr;
    lxw_format* header = nullptr;
    lxw_format* group = nullptr;
    lxw_format* text = nullptr;
    lxw_format* wrapped = nullptr;
    lxw_format* number = nullptr;     // 2 decimals
    lxw_format* integer = nullptr;    // counts, ranks
    lxw_format* date_cell = nullptr;  // dd/mm/yyyy
    lxw_format* total_text = nullptr;
    lxw_format* total_number = nullptr;
    lxw_format* total_integer = nullptr;
    lxw_format* footer = nullptr;
};

// The Vietnamese locale (LCID 0x42A) tags the number formats, so that a reader that honours
// it (LibreOffice) shows a decimal comma and a dot between thousands whatever its own
// settings; Excel shows the separators of its user's settings.
constexpr const char* number_format = "[$-42A]#,##0.00";
constexpr const char* integer_format = "[$-42A]#,##0";
constexpr const char* date_format = "dd/mm/yyyy";

formats make_formats(lxw_workbook* wb) {
    formats f;
    const auto bordered = [wb] {
        lxw_format* x = workbook_add_format(wb);
        format_set_border(x, LXW_BORDER_THIN);
        format_set_align(x, LXW_ALIGN_VERTICAL_TOP);
        return x;
    };
    f.title = workbook_add_format(wb);
    format_set_bold(f.title);
    format_set_font_size(f.title, 14);
    f.subtitle = workbook_add_format(wb);
    format_set_italic(f.subtitle);
    f.header = bordered();
    format_set_bold(f.header);
    format_set_text_wrap(f.header);
    format_set_align(f.header, LXW_ALIGN_CENTER);
    format_set_align(f.header, LXW_ALIGN_VERTICAL_CENTER);
    format_set_bg_color(f.header, 0xD9E1F2);
    f.group = bordered();
    format_set_bold(f.group);
    format_set_bg_color(f.group, 0xF2F2F2);
    f.text = bordered();
    f.wrapped = bordered();
    format_set_text_wrap(f.wrapped);
    f.number = bordered();
    format_set_num_format(f.number, number_format);
    f.integer = bordered();
    format_set_num_format(f.integer, integer_format);
    f.date_cell = bordered();
    format_set_num_format(f.date_cell, date_format);
    f.total_text = bordered();
    format_set_bold(f.total_text);
    f.total_number = bordered();
    format_set_bold(f.total_number);
    format_set_num_format(f.total_number, number_format);
    f.total_integer = bordered();
    format_set_bold(f.total_integer);
    format_set_num_format(f.total_integer, integer_format);
    f.footer = workbook_add_format(wb);
    format_set_italic(f.footer);
    format_set_font_size(f.footer, 9);
    return f;
}

void check(lxw_error e, std::string_view what) {
    if (e != LXW_NO_ERROR) {
        throw usage_error(fmt::format("cannot write the workbook: {}: {}", what, lxw_strerror(e)));
    }
}

// One worksheet being written top to bottom: the row, and how wide each column must be.
class sheet {
  public:
    sheet(lxw_workbook* wb, const formats& f, const std::string& name)
        : ws_(workbook_add_worksheet(wb, name.c_str())), f_(f), name_(name) {
        if (ws_ == nullptr) {
            throw usage_error("cannot write the workbook: cannot add the sheet '" + name + "'");
        }
        worksheet_set_paper(ws_, 9);  // A4
        worksheet_set_landscape(ws_);
        worksheet_fit_to_pages(ws_, 1, 0);
        worksheet_set_margins(ws_, 0.5, 0.5, 0.6, 0.6);
    }

    [[nodiscard]] lxw_worksheet* handle() const noexcept { return ws_; }
    [[nodiscard]] const std::string& name() const noexcept { return name_; }
    [[nodiscard]] std::uint32_t row() const noexcept { return row_; }

    // The reference of a cell of this sheet for a defined name: ='Sheet'!$B$3.
    [[nodiscard]] std::string reference(std::uint32_t row, std::uint16_t col) const {
        std::string quoted;
        for (const char c : name_) {
            quoted += c;
            if (c == '\'') {
                quoted += '\'';
            }
        }
        char cell[32];
        lxw_rowcol_to_cell_abs(cell, row, col, 1, 1);
        return "='" + quoted + "'!" + cell;
    }

    void next_row() {
        ++row_;
        if (row_ >= max_rows) {
            throw usage_error(fmt::format(
                "the sheet '{}' needs more than {} rows, more than a worksheet holds: export a "
                "province at a time",
                name_, max_rows));
        }
    }
    void skip_row() { next_row(); }

    void text(std::uint16_t col, std::string_view t, lxw_format* format, bool measure = true) {
        if (t.empty()) {
            blank(col, format);
            return;
        }
        const std::string s(t);
        check(worksheet_write_string(ws_, row_, col, s.c_str(), format), name_);
        if (measure) {
            fit(col, static_cast<double>(characters(t)) + 1);
        }
    }
    void text(std::uint16_t col, std::string_view t) { text(col, t, f_.text); }
    void wrapped(std::uint16_t col, std::string_view t) { text(col, t, f_.wrapped); }
    void number(std::uint16_t col, double v, lxw_format* format) {
        if (std::isnan(v)) {
            blank(col, format);
            return;
        }
        check(worksheet_write_number(ws_, row_, col, v, format), name_);
        // As shown: the digits, the separators and two decimals.
        fit(col, static_cast<double>(decimal_text(v, 2, vi).size()) + 3);
    }
    void number(std::uint16_t col, double v) { number(col, v, f_.number); }
    void count(std::uint16_t col, double v) { number(col, v, f_.integer); }
    void day(std::uint16_t col, const std::optional<date>& d) {
        if (!d || d->is_special()) {
            blank(col, f_.date_cell);
            return;
        }
        lxw_datetime when{};
        when.year = static_cast<int>(d->year());
        when.month = static_cast<int>(d->month());
        when.day = static_cast<int>(d->day());
        check(worksheet_write_datetime(ws_, row_, col, &when, f_.date_cell), name_);
        fit(col, 12);
    }
    void blank(std::uint16_t col, lxw_format* format) {
        check(worksheet_write_blank(ws_, row_, col, format), name_);
    }

    // The two rows every sheet begins with: the document and its unit, then the period and
    // the rulebooks read.
    void title(std::string_view document, std::string_view subtitle) {
        text(0, document, f_.title, false);
        worksheet_set_row(ws_, row_, 20, nullptr);
        next_row();
        text(0, subtitle, f_.subtitle, false);
        next_row();
    }

    // For a sheet of several tables, each with its own header: only the title rows stay in
    // view, and no row repeats on printed pages.
    void freeze_titles() {
        worksheet_freeze_panes(ws_, row_, 0);
        frozen_ = true;
    }

    // A header row: frozen (the first one of the sheet) and repeated on every printed page.
    void header(const std::vector<std::string_view>& headings, bool freeze = true) {
        for (std::size_t i = 0; i < headings.size(); ++i) {
            const auto col = static_cast<std::uint16_t>(i);
            text(col, headings[i], f_.header, false);
            // Headings wrap at word boundaries: the longest word decides the least width.
            std::size_t longest = 0;
            std::size_t current = 0;
            for (const char c : headings[i]) {
                if (c == ' ') {
                    longest = std::max(longest, current);
                    current = 0;
                } else if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) {
                    ++current;
                }
            }
            // A long heading (a criterion's title) gets a column wide enough to wrap it on
            // a few lines rather than one word per line.
            const double wrapped_width =
                std::min(static_cast<double>(characters(headings[i])) / 4, 24.0);
            fit(col, std::max(static_cast<double>(std::max(longest, current)) + 2, wrapped_width));
        }
        columns_ = std::max(columns_, headings.size());
        if (freeze && !frozen_) {
            worksheet_freeze_panes(ws_, row_ + 1, 0);
            worksheet_repeat_rows(ws_, row_, row_);
            frozen_ = true;
        }
        next_row();
    }

    // A row that heads a group of rows (a commune, a unit, a level), across the columns.
    void group(std::string_view t) {
        text(0, t, f_.group, false);
        for (std::size_t col = 1; col < columns_; ++col) {
            blank(static_cast<std::uint16_t>(col), f_.group);
        }
        next_row();
    }

    // The fingerprint, in the last row and in the printed footer; then the widths.
    void finish(const std::string& fingerprint) {
        skip_row();
        text(0, "Dấu vân tay của kết quả (SHA-256): " + fingerprint, f_.footer, false);
        fingerprint_row_ = row_;
        next_row();
        footer_ = "&L&8Dấu vân tay: " + fingerprint + "&R&8Trang &P/&N";
        check(worksheet_set_footer(ws_, footer_.c_str()), name_);
        for (const auto& [col, width] : widths_) {
            check(worksheet_set_column(ws_, col, col, std::clamp(width, min_width, max_width),
                                       nullptr),
                  name_);
        }
    }
    [[nodiscard]] std::uint32_t fingerprint_row() const noexcept { return fingerprint_row_; }

  private:
    void fit(std::uint16_t col, double width) {
        auto& w = widths_[col];
        w = std::max(w, width);
    }

    lxw_worksheet* ws_;
    const formats& f_;
    std::string name_;
    std::string footer_;  // libxlsxwriter keeps the pointer until the workbook is closed
    std::uint32_t row_ = 0;
    std::uint32_t fingerprint_row_ = 0;
    std::size_t columns_ = 0;
    bool frozen_ = false;
    std::map<std::uint16_t, double> widths_;
};

// ---- What the sheets say ----

class workbook_writer {
  public:
    workbook_writer(lxw_workbook* wb, const dataset& data, const evaluation& results,
                    const workbook_options& options)
        : wb_(wb), f_(make_formats(wb)), data_(data), results_(results), options_(options) {
        unit_ =
            options.unit_name.empty() ? detail::main_unit_name(data.registry) : options.unit_name;
    }

    void write() {
        for (const auto& r : results_.results()) {
            check_matches(data_.registry, r);
        }
        for (const auto& r : results_.results()) {
            if (r.header().subject == subject_kind::unit &&
                has_tier(r, options_.recognition_tier)) {
                recognition(r);
            }
        }
        for (const auto& r : results_.results()) {
            if (r.header().subject == subject_kind::unit && r.header().engine != "checklist") {
                score_sheet(r);
            }
        }
        models_summary();
        exemplars();
        define_names();
    }

  private:
    static bool has_tier(const rulebook_results& r, std::string_view id) {
        return std::any_of(r.header().tiers.begin(), r.header().tiers.end(),
                           [id](const tier_summary& t) { return t.id == id; });
    }

    // "kỳ 2025; bộ tiêu chí tt124-residential (phiên bản 2022.1, Thông tư ...), 01/11/2024 –
    // 31/10/2025"
    [[nodiscard]] std::string subtitle(const std::vector<const rulebook_results*>& books) const {
        std::string text = fmt::format("{} {}", word("period", vi), period_text());
        for (const auto* r : books) {
            const auto& h = r->header();
            text += fmt::format("; {} {} ({} {}{}), {} – {}", word("rulebook", vi), h.rulebook,
                                word("version", vi), h.version,
                                h.version_basis.empty() ? "" : ", " + h.version_basis,
                                date_text(h.period_first, vi), date_text(h.period_last, vi));
        }
        return text;
    }

    [[nodiscard]] std::string period_text() const {
        const auto all = results_.results();
        return all.empty() ? std::string() : all.front().header().period_text;
    }

    [[nodiscard]] std::string title_of(std::string_view document) const {
        return unit_.empty() ? std::string(document) : fmt::format("{} — {}", document, unit_);
    }

    sheet& add_sheet(std::string_view prefix, std::string_view id) {
        std::string base = std::string(prefix) + std::string(id);
        base = prefix_characters(base, max_sheet_name);
        std::string name = base;
        for (int n = 2; names_.count(name) != 0; ++n) {
            const std::string suffix = fmt::format(" ({})", n);
            name = prefix_characters(base, max_sheet_name - suffix.size()) + suffix;
        }
        names_.insert(name);
        sheets_.emplace_back(std::make_unique<sheet>(wb_, f_, name));
        return *sheets_.back();
    }

    // The decision columns: what was decided, its number, date, body and reason.
    static constexpr std::size_t decision_columns = 5;
    static void decision_headings(std::vector<std::string_view>& h) {
        h.insert(h.end(),
                 {"Quyết định", "Số quyết định", "Ngày quyết định", "Cơ quan quyết định", "Lý do"});
    }
    void decision_cells(sheet& s, std::uint16_t col, const rulebook_results& r,
                        std::size_t row) const {
        const auto* d = r.decision_of(row);
        if (d == nullptr) {
            for (std::size_t k = 0; k < decision_columns; ++k) {
                s.blank(static_cast<std::uint16_t>(col + k), f_.text);
            }
            return;
        }
        const auto& x = d->decision;
        std::string what;
        if (d->stale) {
            what = "Không áp dụng: đề xuất đã thay đổi sau quyết định";
        } else if (x.confirms()) {
            what = "Giữ nguyên đề xuất";
        } else {
            what = tier_label(r.header(), r.standing_tier(row));
        }
        s.wrapped(col, what);
        s.text(static_cast<std::uint16_t>(col + 1), x.number);
        s.day(static_cast<std::uint16_t>(col + 2), x.decided_on);
        s.wrapped(static_cast<std::uint16_t>(col + 3),
                  x.signer.empty() ? x.body : x.body + " (" + x.signer + ")");
        s.wrapped(static_cast<std::uint16_t>(col + 4), x.reason);
    }

    // ---- Recognition: one row per unit, one column per criterion, by commune ----

    void recognition(const rulebook_results& r) {
        const auto& h = r.header();
        const auto& c = r.columns();
        sheet& s = add_sheet("CN ", h.rulebook);
        s.title(title_of("Danh sách đề nghị công nhận đạt tiêu chuẩn \"An toàn về an ninh, trật "
                         "tự\": " +
                         h.title),
                subtitle({&r}));
        std::vector<std::string> criterion_headings;
        for (std::size_t k = 0; k < h.criteria.size(); ++k) {
            const auto& cr = h.criteria[k];
            criterion_headings.push_back(
                fmt::format("{}. {}", k + 1, cr.title.empty() ? cr.id : cr.title));
        }
        const std::string id_heading = heading("subject");
        std::vector<std::string_view> headings{"STT", "Đơn vị", id_heading};
        for (const auto& t : criterion_headings) {
            headings.push_back(t);
        }
        const std::string met = "Số " + std::string(word("criteria", vi)) + " đạt";
        headings.push_back(met);
        headings.push_back("Đề xuất");
        decision_headings(headings);
        s.header(headings);

        // Rows by commune (the unit itself, or its nearest commune), communes in registry order.
        const registry& reg = data_.registry;
        std::map<index_t, std::vector<std::size_t>> by_commune;
        std::vector<std::size_t> without;
        for (std::size_t row = 0; row < r.size(); ++row) {
            const auto commune = reg.ancestor_of_kind(c.subject_index[row], unit_kinds::commune);
            if (commune) {
                by_commune[*commune].push_back(row);
            } else {
                without.push_back(row);
            }
        }
        std::size_t number = 0;
        const auto write_rows = [&](const std::vector<std::size_t>& rows) {
            for (const std::size_t row : rows) {
                s.count(0, static_cast<double>(++number));
                s.wrapped(1, subject_name(data_, h.subject, c.subject_index[row]));
                s.text(2, c.subject[row]);
                std::uint16_t col = 3;
                std::size_t passed = 0;
                for (std::size_t k = 0; k < h.criteria.size(); ++k, ++col) {
                    const std::size_t at = r.at(k, row);
                    if (c.criterion_assessed[at] == 0) {
                        s.blank(col, f_.text);
                        continue;
                    }
                    passed += c.criterion_passed[at] != 0 ? 1 : 0;
                    s.text(col, c.criterion_passed[at] != 0 ? "Đạt" : "Không đạt");
                }
                if (c.status[row] == result_status::evaluated) {
                    s.count(col, static_cast<double>(passed));
                } else {
                    s.blank(col, f_.integer);
                }
                s.wrapped(static_cast<std::uint16_t>(col + 1), proposal_text(r, row));
                decision_cells(s, static_cast<std::uint16_t>(col + 2), r, row);
                s.next_row();
            }
        };
        for (const auto& [commune, rows] : by_commune) {
            std::size_t proposed = 0;
            for (const std::size_t row : rows) {
                proposed += r.tier_id(row) == options_.recognition_tier ? 1 : 0;
            }
            s.group(fmt::format("{} ({} đơn vị, {} đơn vị đề xuất {})", reg.units()[commune].name,
                                rows.size(), proposed,
                                tier_label(h, tier_index(h, options_.recognition_tier))));
            write_rows(rows);
        }
        if (!without.empty()) {
            s.group("Không thuộc xã nào");
            write_rows(without);
        }
        s.finish(results_.fingerprint());
        period_cell_ = period_cell_.empty() ? s.reference(1, 0) : period_cell_;
        fingerprint_cell_ =
            fingerprint_cell_.empty() ? s.reference(s.fingerprint_row(), 0) : fingerprint_cell_;
    }

    static std::int32_t tier_index(const results_header& h, std::string_view id) {
        for (std::size_t t = 0; t < h.tiers.size(); ++t) {
            if (h.tiers[t].id == id) {
                return static_cast<std::int32_t>(t);
            }
        }
        return no_tier;
    }

    // ---- Score sheets: unit by unit, criterion by criterion ----

    void score_sheet(const rulebook_results& r) {
        const auto& h = r.header();
        const auto& c = r.columns();
        sheet& s = add_sheet("CĐ ", h.rulebook);
        s.title(title_of("Bảng chấm điểm: " + h.title), subtitle({&r}));
        std::vector<std::string_view> headings{
            "STT", "Nội dung chấm điểm", "Nhóm", "Căn cứ", "Điểm chuẩn", "Điểm chấm", "Kết quả"};
        s.header(headings);
        for (std::size_t row = 0; row < r.size(); ++row) {
            s.group(name_book::named(c.subject[row],
                                     subject_name(data_, h.subject, c.subject_index[row])));
            for (std::size_t k = 0; k < h.criteria.size(); ++k) {
                const auto& cr = h.criteria[k];
                const std::size_t at = r.at(k, row);
                s.count(0, static_cast<double>(k + 1));
                s.wrapped(1, cr.title.empty() ? cr.id : cr.title);
                s.wrapped(2, cr.group);
                s.wrapped(3, cr.basis);
                const bool gives_points = cr.kind == criterion_kind::scored ||
                                          cr.kind == criterion_kind::penalty ||
                                          cr.kind == criterion_kind::bonus;
                if (gives_points) {
                    s.number(4, cr.kind == criterion_kind::penalty ? -cr.points : cr.points);
                } else {
                    s.blank(4, f_.number);
                }
                if (c.criterion_assessed[at] != 0) {
                    if (gives_points) {
                        s.number(5, c.criterion_points[at]);
                    } else {
                        s.blank(5, f_.number);
                    }
                    s.text(6, c.criterion_passed[at] != 0 ? "Đạt" : "Không đạt");
                } else {
                    s.blank(5, f_.number);
                    s.text(6, "Không chấm");
                }
                s.next_row();
            }
            s.text(1, "Tổng cộng", f_.total_text);
            s.blank(0, f_.total_text);
            s.blank(2, f_.total_text);
            s.blank(3, f_.total_text);
            s.number(4, c.max_score[row], f_.total_number);
            s.number(5, c.score[row], f_.total_number);
            s.text(6, proposal_text(r, row), f_.total_text);
            s.next_row();
            if (r.decision_of(row) != nullptr) {
                s.wrapped(1, decision_text(r, row));
                s.next_row();
            }
        }
        s.finish(results_.fingerprint());
    }

    // ---- The yearly summary of models ----

    struct tally {
        std::set<std::string> types;
        double models = 0;
        double started = 0;
        double ended = 0;
        std::vector<double> tiers;  // per tier, the standing one
        double unclassified = 0;
    };

    void models_summary() {
        std::vector<const rulebook_results*> books;
        for (const auto& r : results_.results()) {
            const auto& tiers = r.header().tiers;
            if (r.header().subject == subject_kind::model &&
                std::any_of(tiers.begin(), tiers.end(),
                            [](const tier_summary& t) { return !t.action.empty(); })) {
                books.push_back(&r);
            }
        }
        sheet& s = add_sheet("Tổng hợp mô hình", "");
        s.title(title_of("Báo cáo tổng hợp kết quả xây dựng, nhân rộng mô hình"), subtitle(books));
        s.freeze_titles();
        if (books.empty()) {
            s.text(0, "Không có bộ tiêu chí đánh giá mô hình nào có hướng xử lý trong kỳ này.");
            s.next_row();
        }
        for (const auto* r : books) {
            summary_of(s, *r);
        }
        s.finish(results_.fingerprint());
    }

    void summary_of(sheet& s, const rulebook_results& r) {
        const auto& h = r.header();
        const auto& c = r.columns();
        const registry& reg = data_.registry;
        const period p(h.period_first, h.period_last);
        const name_book names(data_);
        std::map<std::string, tally> by_topic;
        std::map<index_t, tally> by_unit;
        tally total;
        const auto add = [&](tally& t, const model& m, std::size_t row) {
            if (t.tiers.empty()) {
                t.tiers.assign(h.tiers.size(), 0);
            }
            t.types.insert(m.type.empty() ? m.id : m.type);
            t.models += 1;
            t.started += m.established && p.contains(*m.established) ? 1 : 0;
            t.ended += m.ended && p.contains(*m.ended) ? 1 : 0;
            const auto standing = r.standing_tier(row);
            if (standing == no_tier) {
                t.unclassified += 1;
            } else {
                t.tiers[static_cast<std::size_t>(standing)] += 1;
            }
        };
        for (std::size_t row = 0; row < r.size(); ++row) {
            const index_t m = c.subject_index[row];
            const model& x = reg.models()[m];
            add(by_topic[x.topic], x, row);
            add(by_unit[reg.unit_of_model(m)], x, row);
            add(total, x, row);
        }

        s.group(h.title);
        std::vector<std::string> tier_headings;
        for (const auto& t : h.tiers) {
            const std::string label = t.label.empty() ? t.id : t.label;
            // A conditional action names both outcomes: the count is of the tier, not of
            // the action.
            tier_headings.push_back(
                t.action.empty()        ? label
                : t.action_when.empty() ? fmt::format("{} ({})", label, word(t.action, vi))
                : t.otherwise.empty() ? fmt::format("{} ({} hoặc không)", label, word(t.action, vi))
                                      : fmt::format("{} ({} hoặc {})", label, word(t.action, vi),
                                                    word(t.otherwise, vi)));
        }
        const auto tally_headings = [&](std::string_view first) {
            std::vector<std::string_view> hs{"STT",
                                             first,
                                             "Số loại mô hình",
                                             "Số mô hình (điểm)",
                                             "Xây dựng mới trong kỳ",
                                             "Giải thể trong kỳ"};
            for (const auto& t : tier_headings) {
                hs.push_back(t);
            }
            hs.push_back("Chưa xếp loại");
            return hs;
        };
        const auto tally_cells = [&](const tally& t, bool bold) {
            lxw_format* number = bold ? f_.total_integer : f_.integer;
            s.number(2, static_cast<double>(t.types.size()), number);
            s.number(3, t.models, number);
            s.number(4, t.started, number);
            s.number(5, t.ended, number);
            std::uint16_t col = 6;
            for (std::size_t k = 0; k < h.tiers.size(); ++k, ++col) {
                s.number(col, t.tiers.empty() ? 0 : t.tiers[k], number);
            }
            s.number(col, t.unclassified, number);
        };
        const auto total_row = [&] {
            s.blank(0, f_.total_text);
            s.text(1, "Tổng cộng", f_.total_text);
            tally_cells(total, true);
            s.next_row();
        };

        s.text(0, "I. Theo chuyên đề", f_.total_text, false);
        s.next_row();
        s.header(tally_headings("Chuyên đề"));
        std::size_t number = 0;
        for (const auto& [topic, t] : by_topic) {
            s.count(0, static_cast<double>(++number));
            const auto label = names.label("topic", topic);
            s.wrapped(1, label.empty() ? topic : std::string(label));
            tally_cells(t, false);
            s.next_row();
        }
        if (models_total_cell_.empty()) {
            models_total_cell_ = s.reference(s.row(), 3);
        }
        total_row();
        s.skip_row();

        s.text(0, "II. Theo đơn vị", f_.total_text, false);
        s.next_row();
        s.header(tally_headings("Đơn vị"), false);
        number = 0;
        for (const auto& [u, t] : by_unit) {
            s.count(0, static_cast<double>(++number));
            s.wrapped(1, reg.units()[u].name);
            tally_cells(t, false);
            s.next_row();
        }
        total_row();
        s.skip_row();

        s.text(0, "III. Danh sách mô hình", f_.total_text, false);
        s.next_row();
        const std::string score = heading("score");
        const std::string rank = heading("rank");
        const std::string action = heading("action");
        std::vector<std::string_view> list{"STT",           "Mô hình",       "Đơn vị", "Chuyên đề",
                                           "Ngày xây dựng", "Ngày kết thúc", score,    rank,
                                           "Đề xuất",       action};
        decision_headings(list);
        s.header(list, false);
        for (std::size_t row = 0; row < r.size(); ++row) {
            const index_t m = c.subject_index[row];
            const model& x = reg.models()[m];
            s.count(0, static_cast<double>(row + 1));
            s.wrapped(1, x.name.empty() ? x.id : x.name);
            s.wrapped(2, reg.units()[reg.unit_of_model(m)].name);
            const auto label = names.label("topic", x.topic);
            s.wrapped(3, label.empty() ? x.topic : std::string(label));
            s.day(4, x.established);
            s.day(5, x.ended);
            s.number(6, c.score[row]);
            if (c.rank[row] == no_rank) {
                s.blank(7, f_.integer);
            } else {
                s.count(7, c.rank[row]);
            }
            s.wrapped(8, proposal_text(r, row));
            const std::string_view standing_action = r.standing_action(row);
            s.text(9, standing_action.empty() ? std::string_view() : word(standing_action, vi));
            decision_cells(s, 10, r, row);
            s.next_row();
        }
        s.skip_row();
    }

    // ---- Exemplars proposed for commendation, by level ----

    void exemplars() {
        std::vector<const rulebook_results*> books;
        for (const auto& r : results_.results()) {
            if (r.header().subject == subject_kind::exemplar) {
                books.push_back(&r);
            }
        }
        sheet& s = add_sheet("Khen thưởng điển hình", "");
        s.title(title_of("Danh sách điển hình tiên tiến đề nghị khen thưởng"), subtitle(books));
        const std::string id_heading = heading("subject");
        const std::string score = heading("score");
        const std::string rank = heading("rank");
        std::vector<std::string_view> headings{
            "STT",    "Tên điển hình",  id_heading, "Cá nhân / tập thể",
            "Đơn vị", "Ngày công nhận", "Mô hình",  score,
            rank,     "Đề xuất"};
        decision_headings(headings);
        s.header(headings);
        if (books.empty()) {
            s.text(0, "Không có bộ tiêu chí xét điển hình tiên tiến nào trong kỳ này.");
            s.next_row();
        }
        for (const auto* r : books) {
            exemplars_of(s, *r);
        }
        s.finish(results_.fingerprint());
    }

    void exemplars_of(sheet& s, const rulebook_results& r) {
        const auto& h = r.header();
        const auto& c = r.columns();
        const registry& reg = data_.registry;
        s.group(h.title);
        std::size_t number = 0;
        std::size_t proposed = 0;
        const auto write_row = [&](std::size_t row) {
            const index_t e = c.subject_index[row];
            const exemplar& x = reg.exemplars()[e];
            s.count(0, static_cast<double>(++number));
            s.wrapped(1, x.name.empty() ? x.id : x.name);
            s.text(2, x.id);
            s.text(3, x.kind == exemplar_kind::collective ? "Tập thể" : "Cá nhân");
            s.wrapped(4, reg.units()[reg.unit_of_exemplar(e)].name);
            s.day(5, x.recognized);
            std::string models;
            for (const index_t m : reg.models_of_exemplar(e)) {
                models += (models.empty() ? "" : "; ") + reg.models()[m].name;
            }
            s.wrapped(6, models);
            s.number(7, c.score[row]);
            if (c.rank[row] == no_rank) {
                s.blank(8, f_.integer);
            } else {
                s.count(8, c.rank[row]);
            }
            s.wrapped(9, proposal_text(r, row));
            decision_cells(s, 10, r, row);
            s.next_row();
        };
        for (std::size_t t = 0; t < h.tiers.size(); ++t) {
            std::vector<std::size_t> rows;
            for (std::size_t row = 0; row < r.size(); ++row) {
                if (c.tier[row] == static_cast<std::int32_t>(t)) {
                    rows.push_back(row);
                }
            }
            // Best first within a level; rows of equal score keep the results' order.
            std::stable_sort(rows.begin(), rows.end(),
                             [&](std::size_t a, std::size_t b) { return c.score[a] > c.score[b]; });
            s.group(
                fmt::format("{} ({})", tier_label(h, static_cast<std::int32_t>(t)), rows.size()));
            if (t + 1 < h.tiers.size()) {
                proposed += rows.size();
            }
            for (const std::size_t row : rows) {
                write_row(row);
            }
        }
        std::vector<std::size_t> unrated;
        for (std::size_t row = 0; row < r.size(); ++row) {
            if (c.tier[row] == no_tier) {
                unrated.push_back(row);
            }
        }
        if (!unrated.empty()) {
            s.group(fmt::format("Chưa xét được ({})", unrated.size()));
            for (const std::size_t row : unrated) {
                write_row(row);
            }
        }
        s.text(1, "Số điển hình đề nghị khen thưởng", f_.total_text);
        if (proposed_cell_.empty()) {
            proposed_cell_ = s.reference(s.row(), 2);
        }
        s.number(2, static_cast<double>(proposed), f_.total_integer);
        s.next_row();
        s.skip_row();
    }

    void define_names() {
        const auto name = [this](const char* n, const std::string& cell) {
            if (!cell.empty()) {
                check(workbook_define_name(wb_, n, cell.c_str()), n);
            }
        };
        if (period_cell_.empty() && !sheets_.empty()) {
            period_cell_ = sheets_.front()->reference(1, 0);
            fingerprint_cell_ = sheets_.front()->reference(sheets_.front()->fingerprint_row(), 0);
        }
        name("ky_danh_gia", period_cell_);
        name("van_tay", fingerprint_cell_);
        name("tong_so_mo_hinh", models_total_cell_);
        name("so_dien_hinh_de_nghi", proposed_cell_);
    }

    lxw_workbook* wb_;
    formats f_;
    const dataset& data_;
    const evaluation& results_;
    const workbook_options& options_;
    std::string unit_;
    std::vector<std::unique_ptr<sheet>> sheets_;
    std::set<std::string> names_;
    std::string period_cell_;
    std::string fingerprint_cell_;
    std::string models_total_cell_;
    std::string proposed_cell_;
};

// A scratch file for libxlsxwriter, which writes to a path: created private (mkstemp) in
// the temporary folder and removed whatever happens.
class scratch_file {
  public:
    scratch_file() {
        const std::filesystem::path folder = std::filesystem::temp_directory_path();
        std::string name = (folder / "antq-workbook-XXXXXX").string();
        const int fd = ::mkstemp(name.data());
        if (fd < 0) {
            throw io_error("cannot create a scratch file for the workbook in " + folder.string());
        }
        ::close(fd);
        path_ = name;
    }
    ~scratch_file() {
        std::error_code ignored;
        std::filesystem::remove(path_, ignored);
    }
    scratch_file(const scratch_file&) = delete;
    scratch_file& operator=(const scratch_file&) = delete;
    [[nodiscard]] const std::filesystem::path& path() const noexcept { return path_; }

  private:
    std::filesystem::path path_;
};

}  // namespace

bool workbook_support() noexcept {
    return true;
}

std::string render_workbook(const dataset& data, const evaluation& results,
                            const workbook_options& options) {
    const scratch_file scratch;
    const std::string file = scratch.path().string();
    // Rows are written in order, each once: libxlsxwriter can then flush every row when the
    // next begins (constant memory) instead of holding a national workbook's millions of
    // cells; texts are stored in their cells rather than in a shared table. ZIP64, for
    // archives past 4 GB.
    std::string scratch_folder = scratch.path().parent_path().string();
    lxw_workbook_options workbook_options{};
    workbook_options.constant_memory = LXW_TRUE;
    workbook_options.tmpdir = scratch_folder.data();
    workbook_options.use_zip64 = LXW_TRUE;
    lxw_workbook* wb = workbook_new_opt(file.c_str(), &workbook_options);
    if (wb == nullptr) {
        throw io_error("cannot write the workbook's scratch file " + file);
    }
    // The period's last day stands for the creation time: the same inputs, the same bytes.
    std::optional<date> last;
    for (const auto& r : results.results()) {
        last = !last || r.header().period_last > *last ? r.header().period_last : *last;
    }
    lxw_doc_properties properties{};
    std::string title = "Kết quả đánh giá phong trào Toàn dân bảo vệ an ninh Tổ quốc";
    std::string comments = "Dấu vân tay: " + results.fingerprint();
    std::string author = "antq";
    properties.title = title.data();
    properties.author = author.data();
    properties.comments = comments.data();
    properties.created = last ? epoch_seconds(*last) : epoch_seconds(date(2000, 1, 1));
    workbook_set_properties(wb, &properties);
    try {
        workbook_writer(wb, data, results, options).write();
    } catch (...) {
        // Closing writes the file, which the scratch file's destructor removes.
        workbook_close(wb);
        throw;
    }
    const lxw_error closed = workbook_close(wb);
    if (closed != LXW_NO_ERROR) {
        throw io_error(fmt::format("cannot write the workbook's scratch file {}: {}", file,
                                   lxw_strerror(closed)));
    }
    return std::string(detail::read_file(scratch.path()).view());
}

void write_workbook(const std::filesystem::path& file, const dataset& data,
                    const evaluation& results, const workbook_options& options) {
    detail::write_file_atomically(file, render_workbook(data, results, options));
}

}  // namespace antq
