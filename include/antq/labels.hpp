#pragma once

/// \file
/// What people read in place of ids: antq's own fixed words (statuses, actions, the
/// headings of result tables) in each language, from one table; names of subjects and
/// labels of attribute values from a dataset; numbers and dates as each language writes
/// them (Vietnamese: decimal comma, dd/mm/yyyy).

#include <antq/export.hpp>
#include <antq/language.hpp>
#include <antq/period.hpp>
#include <antq/result.hpp>

#include <string>
#include <string_view>

namespace antq {

struct dataset;

/// The word people read for one of antq's fixed words, given as the id the machine formats
/// write: a status (`evaluated`, `not_eligible`, `error`, `incomplete`), an action
/// (`replicate`, `improve`, `maintain`, `dissolve`), `all` (the single group) or a column of the
/// results
/// (`subject`, `name`, `status`, `score`, `tier`, `action`, `group`, `rank`, ...). In
/// Vietnamese: "đã đánh giá", "nhân rộng", "toàn bộ", "đối tượng"...; in English: the
/// id with spaces for underscores ("not eligible"). A word not in the table is returned as
/// given.
[[nodiscard]] ANTQ_EXPORT std::string_view word(std::string_view id, language lang) noexcept;

/// `word(to_string(s), lang)`.
[[nodiscard]] ANTQ_EXPORT std::string_view status_label(result_status s, language lang) noexcept;

/// `v` with `digits` decimals, the decimal comma in Vietnamese ("72,50"), the point in
/// English; "" for NaN. Never "-0,00".
[[nodiscard]] ANTQ_EXPORT std::string decimal_text(double v, int digits, language lang);

/// A day as people write it: "20/12/2024" in Vietnamese, "2024-12-20" in English; "" for no
/// date (`not_a_date_time`).
[[nodiscard]] ANTQ_EXPORT std::string date_text(date d, language lang);

/// Names of subjects and labels of attribute values, read from a dataset (which must outlive
/// the book), for printing beside ids. Without a dataset every lookup finds nothing.
class ANTQ_EXPORT name_book {
  public:
    name_book() = default;
    explicit name_book(const dataset& data) : data_(&data) {}

    /// The name of the unit, model or exemplar `id` (subjects of `kind`); "" when the
    /// dataset has no such subject or gives it no name.
    [[nodiscard]] std::string_view subject_name(subject_kind kind, std::string_view id) const;

    /// The same, tried first at position `index` of the dataset's subjects of `kind` (a
    /// result's `results_columns::subject_index`): a million names are then found without a
    /// million lookups. When that position holds another id (results of another dataset),
    /// `id` is looked up as above.
    [[nodiscard]] std::string_view subject_name(subject_kind kind, std::string_view id,
                                                std::size_t index) const;

    /// The name of unit `id`, "" when unknown.
    [[nodiscard]] std::string_view unit_name(std::string_view id) const;

    /// The dataset's label of `value` of `attribute` (`labels.csv`), "" when it gives none.
    [[nodiscard]] std::string_view label(std::string_view attribute, std::string_view value) const;

    /// A group of results (`results_columns::group_names`: a unit id or `all`, then the
    /// ranking's `by` values, joined by " / ") as people read it: each part replaced by the
    /// unit's name, the `all` word, or the dataset's label of that value (any attribute),
    /// when known: "Xã Quảng Trung / An ninh, trật tự".
    [[nodiscard]] std::string group_text(std::string_view group, language lang) const;

    /// "Name (id)", or the id alone when the name is unknown or equal to it.
    [[nodiscard]] static std::string named(std::string_view id, std::string_view name);

  private:
    const dataset* data_ = nullptr;
};

}  // namespace antq
