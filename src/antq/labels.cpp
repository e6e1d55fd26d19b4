#include <antq/labels.hpp>

#include <antq/dataset.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>

namespace antq {

namespace {

struct word_entry {
    std::string_view id;
    std::string_view vi;
    std::string_view en;
};

// The one home of antq's fixed words for people. Labels that belong to the rules (tiers,
// criteria) or to the data (names, topics, unit kinds) come from rulebooks and datasets.
constexpr std::array<word_entry, 27> words{{
    // statuses
    {"evaluated", "đã đánh giá", "evaluated"},
    {"not_eligible", "không đủ điều kiện đánh giá", "not eligible"},
    {"error", "lỗi dữ liệu", "data error"},
    {"incomplete", "chưa đủ dữ liệu", "incomplete"},
    // actions
    {"replicate", "nhân rộng", "replicate"},
    {"improve", "nâng chất lượng", "improve"},
    {"maintain", "duy trì", "maintain"},
    {"dissolve", "loại bỏ", "dissolve"},
    // the single group
    {"all", "toàn bộ", "all"},
    // columns of the results
    {"subject", "mã", "subject"},
    {"name", "tên", "name"},
    {"period", "kỳ", "period"},
    {"rulebook", "bộ tiêu chí", "rulebook"},
    {"version", "phiên bản", "version"},
    {"status", "trạng thái", "status"},
    {"score", "điểm", "score"},
    {"max_score", "điểm tối đa", "max score"},
    {"result", "kết quả", "result"},
    {"tier", "xếp loại", "tier"},
    {"action", "hướng xử lý", "action"},
    {"group", "nhóm", "group"},
    {"rank", "hạng", "rank"},
    {"previous_tier", "xếp loại kỳ trước", "previous tier"},
    {"previous_rank", "hạng kỳ trước", "previous rank"},
    {"decided_tier", "quyết định", "decided tier"},
    // units of a result
    {"points", "điểm", "points"},
    {"criteria", "tiêu chí", "criteria"},
}};

}  // namespace

std::string_view word(std::string_view id, language lang) noexcept {
    const auto found =
        std::find_if(words.begin(), words.end(), [id](const word_entry& w) { return w.id == id; });
    if (found == words.end()) {
        return id;
    }
    return lang == language::vi ? found->vi : found->en;
}

std::string_view status_label(result_status s, language lang) noexcept {
    return word(to_string(s), lang);
}

std::string decimal_text(double v, int digits, language lang) {
    if (std::isnan(v)) {
        return {};
    }
    // -0.00 would read as a different value to a person.
    std::string text = fmt::format("{:.{}f}", v == 0 ? 0.0 : v, digits);
    if (text.starts_with('-') && text.find_first_not_of("-0.") == std::string::npos) {
        text.erase(0, 1);
    }
    if (lang == language::vi) {
        std::replace(text.begin(), text.end(), '.', ',');
    }
    return text;
}

std::string date_text(date d, language lang) {
    if (d.is_special()) {
        return {};  // no date (not_a_date_time), never an exception from day()
    }
    if (lang == language::vi) {
        return fmt::format("{:02}/{:02}/{:04}", static_cast<int>(d.day()),
                           static_cast<int>(d.month()), static_cast<int>(d.year()));
    }
    return format_date(d);
}

std::string_view name_book::subject_name(subject_kind kind, std::string_view id) const {
    if (data_ == nullptr) {
        return {};
    }
    const registry& r = data_->registry;
    switch (kind) {
        case subject_kind::unit:
            return unit_name(id);
        case subject_kind::model:
            if (const auto m = r.find_model(id)) {
                return r.models()[*m].name;
            }
            break;
        case subject_kind::exemplar:
            if (const auto e = r.find_exemplar(id)) {
                return r.exemplars()[*e].name;
            }
            break;
    }
    return {};
}

std::string_view name_book::subject_name(subject_kind kind, std::string_view id,
                                         std::size_t index) const {
    if (data_ == nullptr) {
        return {};
    }
    const registry& r = data_->registry;
    const auto at = [&](const auto& subjects) -> std::optional<std::string_view> {
        if (index < subjects.size() && subjects[index].id == id) {
            return subjects[index].name;
        }
        return std::nullopt;
    };
    std::optional<std::string_view> name;
    switch (kind) {
        case subject_kind::unit:
            name = at(r.units());
            break;
        case subject_kind::model:
            name = at(r.models());
            break;
        case subject_kind::exemplar:
            name = at(r.exemplars());
            break;
    }
    return name ? *name : subject_name(kind, id);
}

std::string_view name_book::unit_name(std::string_view id) const {
    if (data_ == nullptr) {
        return {};
    }
    const registry& r = data_->registry;
    if (const auto u = r.find_unit(id)) {
        return r.units()[*u].name;
    }
    return {};
}

std::string_view name_book::label(std::string_view attribute, std::string_view value) const {
    if (data_ == nullptr) {
        return {};
    }
    for (const auto& l : data_->labels) {
        if (l.attribute == attribute && l.value == value) {
            return l.label;
        }
    }
    return {};
}

std::string name_book::group_text(std::string_view group, language lang) const {
    std::string out;
    std::size_t begin = 0;
    constexpr std::string_view separator = " / ";
    for (bool first = true;; first = false) {
        const std::size_t end = group.find(separator, begin);
        const std::string_view part = group.substr(
            begin, end == std::string_view::npos ? std::string_view::npos : end - begin);
        std::string_view shown = part;
        if (first && part == "all") {
            shown = word(part, lang);
        } else if (const auto name = unit_name(part); !name.empty()) {
            shown = name;
        } else if (data_ != nullptr) {
            // A `by` value: whatever attribute the dataset labels it under.
            const auto found =
                std::find_if(data_->labels.begin(), data_->labels.end(),
                             [part](const value_label& l) { return l.value == part; });
            if (found != data_->labels.end()) {
                shown = found->label;
            }
        }
        out += first ? "" : separator;
        out += shown;
        if (end == std::string_view::npos) {
            break;
        }
        begin = end + separator.size();
    }
    return out;
}

std::string name_book::named(std::string_view id, std::string_view name) {
    return name.empty() || name == id ? std::string(id) : fmt::format("{} ({})", name, id);
}

}  // namespace antq
