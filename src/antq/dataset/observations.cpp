#include <antq/observations.hpp>

#include "antq/id_index.hpp"
#include "antq/dataset/observations_index.hpp"

#include <antq/error.hpp>

#include <algorithm>
#include <mutex>

namespace antq {

namespace detail {

subject_row_index index_rows_by_subject(std::span<const std::uint32_t> row_subject,
                                        std::size_t subject_count) {
    subject_row_index index;
    index.offsets.assign(subject_count + 1, 0);
    for (const std::uint32_t s : row_subject) {
        ++index.offsets[s + 1];
    }
    for (std::size_t s = 0; s < subject_count; ++s) {
        index.offsets[s + 1] += index.offsets[s];
    }
    index.rows.resize(row_subject.size());
    std::vector<std::uint32_t> fill(index.offsets.begin(), index.offsets.end() - 1);
    for (std::size_t r = 0; r < row_subject.size(); ++r) {
        index.rows[fill[row_subject[r]]++] = static_cast<std::uint32_t>(r);
    }
    return index;
}

std::vector<repeated_row> find_repeated_rows(const subject_row_index& index,
                                             std::span<const std::uint32_t> row_period,
                                             std::size_t period_count) {
    std::vector<repeated_row> repeats;
    // seen[p] is 1 + the subject whose rows last used period p; first[p] the row it was on.
    std::vector<std::uint32_t> seen(period_count, 0);
    std::vector<std::uint32_t> first(period_count, 0);
    const std::size_t subject_count = index.offsets.size() - 1;
    for (std::size_t s = 0; s < subject_count; ++s) {
        for (std::uint32_t pos = index.offsets[s]; pos < index.offsets[s + 1]; ++pos) {
            const std::uint32_t row = index.rows[pos];
            const std::uint32_t p = row_period[row];
            if (seen[p] == s + 1) {
                repeats.push_back({row, first[p]});
                continue;
            }
            seen[p] = static_cast<std::uint32_t>(s + 1);
            first[p] = row;
        }
    }
    std::sort(repeats.begin(), repeats.end(),
              [](const repeated_row& a, const repeated_row& b) { return a.row < b.row; });
    return repeats;
}

}  // namespace detail

namespace {

// The subject index, built on first use: a million ids take a while to hash, and the
// usual lookups (`subject_indices` over ids in table order) never need it.
class lazy_subject_index {
  public:
    lazy_subject_index() = default;
    // A copy builds its own when asked.
    lazy_subject_index(const lazy_subject_index& /*other*/) {}
    lazy_subject_index& operator=(const lazy_subject_index&) = delete;

    /// Installs an index already built.
    void set(detail::id_index built) {
        std::call_once(once_, [&] { index_ = std::move(built); });
    }

    [[nodiscard]] const detail::id_index& get(const std::vector<std::string>& ids) const {
        std::call_once(once_, [&] {
            index_.reserve(ids.size());
            const auto key_of = [&ids](std::uint32_t i) -> const std::string& { return ids[i]; };
            for (std::uint32_t i = 0; i < ids.size(); ++i) {
                static_cast<void>(index_.insert(ids[i], i, key_of));
            }
        });
        return index_;
    }

  private:
    mutable std::once_flag once_;
    mutable detail::id_index index_;
};

}  // namespace

struct observation_table::impl {
    std::vector<std::string> subject_ids;
    std::vector<std::string> period_labels;
    std::vector<std::uint32_t> row_subject;
    std::vector<std::uint32_t> row_period;
    std::vector<observation_column> columns;
    lazy_subject_index subject_index;
    detail::id_index period_index;
    detail::id_index column_index;
    detail::subject_row_index rows_by_subject;
    detail::cell_places places;

    void index_small_names() {
        const auto index_all = [](detail::id_index& index, std::size_t count, const auto& key_of) {
            index.reserve(count);
            for (std::uint32_t i = 0; i < count; ++i) {
                static_cast<void>(index.insert(key_of(i), i, key_of));
            }
        };
        index_all(period_index, period_labels.size(),
                  [this](std::uint32_t i) -> const std::string& { return period_labels[i]; });
        index_all(column_index, columns.size(),
                  [this](std::uint32_t i) -> const std::string& { return columns[i].name; });
    }
};

namespace detail {

observation_table adopt_observations(std::vector<std::string> subject_ids,
                                     std::vector<std::string> period_labels,
                                     std::vector<std::uint32_t> row_subject,
                                     std::vector<std::uint32_t> row_period,
                                     std::vector<observation_column> columns,
                                     subject_row_index rows_by_subject) {
    observation_table table;
    auto& d = *table.impl_;
    d.subject_ids = std::move(subject_ids);
    d.period_labels = std::move(period_labels);
    d.row_subject = std::move(row_subject);
    d.row_period = std::move(row_period);
    d.columns = std::move(columns);
    d.rows_by_subject = std::move(rows_by_subject);
    d.index_small_names();
    return table;
}

void set_cell_places(observation_table& table, cell_places places) {
    table.impl_->places = std::move(places);
}

}  // namespace detail

namespace {

// Indexes `names`, reporting empty and repeated ones.
template <class KeyOf>
void index_names(detail::id_index& index, std::size_t count, const KeyOf& key_of,
                 std::string_view what, const std::string& file, diagnostic_list& problems) {
    index.reserve(count);
    for (std::uint32_t i = 0; i < count; ++i) {
        const std::string& name = key_of(i);
        if (name.empty()) {
            problems.add({file, 0, 0}, "empty " + std::string(what));
            continue;
        }
        if (index.insert(name, i, key_of) != detail::id_index::npos) {
            problems.add({file, 0, 0}, "repeated " + std::string(what) + " '" + name + "'");
        }
    }
}

bool column_sizes_agree(const observation_column& c, std::size_t rows) {
    if (c.type == observation_column::kind::number) {
        return c.numbers.size() == rows;
    }
    return c.texts.size() == rows && c.present.size() == rows;
}

bool cells_equal(const observation_column& a, std::size_t ra, const observation_column& b,
                 std::size_t rb) {
    const bool a_missing = a.is_missing(ra);
    if (a_missing || b.is_missing(rb)) {
        return a_missing && b.is_missing(rb);
    }
    if (a.type != b.type) {
        return false;
    }
    return a.type == observation_column::kind::number ? a.numbers[ra] == b.numbers[rb]
                                                      : a.texts[ra] == b.texts[rb];
}

}  // namespace

observation_table::observation_table() : impl_(std::make_unique<impl>()) {}
observation_table::~observation_table() = default;
observation_table::observation_table(const observation_table& other)
    : impl_(std::make_unique<impl>(*other.impl_)) {}
observation_table::observation_table(observation_table&& other) noexcept = default;
observation_table& observation_table::operator=(const observation_table& other) {
    if (this != &other) {
        impl_ = std::make_unique<impl>(*other.impl_);
    }
    return *this;
}
observation_table& observation_table::operator=(observation_table&& other) noexcept = default;

observation_table::observation_table(std::vector<std::string> subject_ids,
                                     std::vector<std::string> period_labels,
                                     std::vector<std::uint32_t> row_subject,
                                     std::vector<std::uint32_t> row_period,
                                     std::vector<observation_column> columns, std::string file,
                                     std::vector<std::size_t> row_lines)
    : impl_(std::make_unique<impl>()) {
    impl& d = *impl_;
    d.subject_ids = std::move(subject_ids);
    d.period_labels = std::move(period_labels);
    d.row_subject = std::move(row_subject);
    d.row_period = std::move(row_period);
    d.columns = std::move(columns);

    diagnostic_list problems;
    const std::size_t rows = d.row_subject.size();
    if (d.row_period.size() != rows) {
        problems.add({file, 0, 0}, std::to_string(rows) + " row subjects but " +
                                       std::to_string(d.row_period.size()) + " row periods");
    }
    for (const auto& c : d.columns) {
        if (!column_sizes_agree(c, rows)) {
            problems.add({file, 0, 0}, "column '" + c.name + "' does not have one value per row (" +
                                           std::to_string(rows) + " rows)");
        }
    }
    detail::id_index subject_index;
    index_names(
        subject_index, d.subject_ids.size(),
        [&d](std::uint32_t i) -> const std::string& { return d.subject_ids[i]; }, "subject id",
        file, problems);
    d.subject_index.set(std::move(subject_index));
    index_names(
        d.period_index, d.period_labels.size(),
        [&d](std::uint32_t i) -> const std::string& { return d.period_labels[i]; }, "period label",
        file, problems);
    index_names(
        d.column_index, d.columns.size(),
        [&d](std::uint32_t i) -> const std::string& { return d.columns[i].name; }, "column", file,
        problems);
    const auto out_of_range = [](std::span<const std::uint32_t> indices, std::size_t size) {
        return std::find_if(indices.begin(), indices.end(),
                            [size](std::uint32_t i) { return i >= size; }) != indices.end();
    };
    if (out_of_range(d.row_subject, d.subject_ids.size())) {
        problems.add({file, 0, 0}, "a row names a subject index out of range");
    }
    if (out_of_range(d.row_period, d.period_labels.size())) {
        problems.add({file, 0, 0}, "a row names a period label index out of range");
    }
    problems.throw_if_errors();

    d.rows_by_subject = detail::index_rows_by_subject(d.row_subject, d.subject_ids.size());
    const auto line_of = [&](std::size_t row) {
        return row < row_lines.size() ? row_lines[row] : row + 2;
    };
    for (const auto& repeat :
         detail::find_repeated_rows(d.rows_by_subject, d.row_period, d.period_labels.size())) {
        problems.add({file, line_of(repeat.row), 1},
                     "repeated observation for subject '" +
                         d.subject_ids[d.row_subject[repeat.row]] + "' in period '" +
                         d.period_labels[d.row_period[repeat.row]] + "' (first on line " +
                         std::to_string(line_of(repeat.first)) + ")");
    }
    problems.throw_if_errors();
    d.places.file = std::move(file);
    d.places.row_lines = std::move(row_lines);

    for (auto& c : d.columns) {
        if (c.type != observation_column::kind::text) {
            continue;
        }
        for (std::size_t r = 0; r < rows; ++r) {
            if (c.present[r] == 0 || c.texts[r].empty()) {
                c.present[r] = 0;
                c.texts[r].clear();
            }
        }
    }
}

std::size_t observation_table::row_count() const noexcept {
    return impl_ ? impl_->row_subject.size() : 0;
}
std::span<const std::string> observation_table::subject_ids() const noexcept {
    return impl_ ? std::span<const std::string>(impl_->subject_ids)
                 : std::span<const std::string>();
}
std::span<const std::string> observation_table::period_labels() const noexcept {
    return impl_ ? std::span<const std::string>(impl_->period_labels)
                 : std::span<const std::string>();
}
std::span<const std::uint32_t> observation_table::row_subjects() const noexcept {
    return impl_ ? std::span<const std::uint32_t>(impl_->row_subject)
                 : std::span<const std::uint32_t>();
}
std::span<const std::uint32_t> observation_table::row_periods() const noexcept {
    return impl_ ? std::span<const std::uint32_t>(impl_->row_period)
                 : std::span<const std::uint32_t>();
}
std::span<const observation_column> observation_table::columns() const noexcept {
    return impl_ ? std::span<const observation_column>(impl_->columns)
                 : std::span<const observation_column>();
}

namespace {
template <class T>
std::optional<T> found(std::uint32_t i) {
    return i == detail::id_index::npos ? std::nullopt : std::optional<T>(i);
}
}  // namespace

std::optional<std::size_t> observation_table::find_column(std::string_view name) const {
    const impl& d = *impl_;
    return found<std::size_t>(d.column_index.find(
        name, [&d](std::uint32_t i) -> const std::string& { return d.columns[i].name; }));
}

std::optional<std::uint32_t> observation_table::find_subject(std::string_view id) const {
    const impl& d = *impl_;
    return found<std::uint32_t>(
        d.subject_index.get(d.subject_ids).find(id, [&d](std::uint32_t i) -> const std::string& {
            return d.subject_ids[i];
        }));
}

std::optional<std::uint32_t> observation_table::find_period_label(std::string_view label) const {
    const impl& d = *impl_;
    return found<std::uint32_t>(d.period_index.find(
        label, [&d](std::uint32_t i) -> const std::string& { return d.period_labels[i]; }));
}

std::span<const std::uint32_t> observation_table::rows_of_subject(std::uint32_t subject) const {
    const auto& index = impl_->rows_by_subject;
    if (subject + std::size_t{1} >= index.offsets.size()) {
        return {};
    }
    return {index.rows.data() + index.offsets[subject],
            index.rows.data() + index.offsets[subject + 1]};
}

std::optional<std::size_t> observation_table::find_row(std::uint32_t subject,
                                                       std::uint32_t period_label) const {
    for (const std::uint32_t row : rows_of_subject(subject)) {
        if (impl_->row_period[row] == period_label) {
            return row;
        }
    }
    return std::nullopt;
}

std::int64_t observation_table::subject_index_near(std::string_view id, std::uint32_t& hint) const {
    const impl& d = *impl_;
    if (hint < d.subject_ids.size() && d.subject_ids[hint] == id) {
        return hint++;
    }
    const auto s = find_subject(id);
    if (!s) {
        return no_row;
    }
    hint = *s + 1;
    return *s;
}

std::vector<std::int64_t> observation_table::subject_indices(
    std::span<const std::string> ids) const {
    std::vector<std::int64_t> out(ids.size());
    std::uint32_t hint = 0;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        out[i] = subject_index_near(ids[i], hint);
    }
    return out;
}

std::vector<std::int64_t> observation_table::rows_in_period(std::span<const std::int64_t> subjects,
                                                            std::uint32_t period_label) const {
    std::vector<std::int64_t> out(subjects.size(), no_row);
    if (period_label >= impl_->period_labels.size()) {
        return out;
    }
    for (std::size_t i = 0; i < subjects.size(); ++i) {
        if (subjects[i] < 0 ||
            static_cast<std::uint64_t>(subjects[i]) >= impl_->subject_ids.size()) {
            continue;
        }
        if (const auto row = find_row(static_cast<std::uint32_t>(subjects[i]), period_label)) {
            out[i] = static_cast<std::int64_t>(*row);
        }
    }
    return out;
}

source_location observation_table::cell_location(std::size_t row, std::size_t column) const {
    const detail::cell_places& p = impl_->places;
    const std::size_t line = row < p.row_lines.size() ? p.row_lines[row] : row + 2;
    if (p.keyed && row < row_count() && column < impl_->columns.size()) {
        return {p.file + "[" + impl_->subject_ids[impl_->row_subject[row]] + ", " +
                    impl_->period_labels[impl_->row_period[row]] + "]." +
                    impl_->columns[column].name,
                0, 0};
    }
    if (p.json) {
        const std::string name = column < impl_->columns.size() ? impl_->columns[column].name : "";
        return {p.file + ":/observations/" + std::to_string(line) + "/" + name, 0, 0};
    }
    const std::size_t field =
        column < p.column_fields.size() ? p.column_fields[column] : column + 3;
    return {p.file, line, field};
}

const std::string& observation_table::source_file() const noexcept {
    return impl_->places.file;
}

bool observation_table::operator==(const observation_table& other) const {
    const std::size_t rows = row_count();
    if (rows != other.row_count() || columns().size() != other.columns().size()) {
        return false;
    }
    const auto a_subjects = row_subjects();
    const auto b_subjects = other.row_subjects();
    const auto a_periods = row_periods();
    const auto b_periods = other.row_periods();
    for (std::size_t r = 0; r < rows; ++r) {
        if (subject_ids()[a_subjects[r]] != other.subject_ids()[b_subjects[r]] ||
            period_labels()[a_periods[r]] != other.period_labels()[b_periods[r]]) {
            return false;
        }
    }
    for (std::size_t c = 0; c < columns().size(); ++c) {
        const auto& a = columns()[c];
        const auto& b = other.columns()[c];
        if (a.name != b.name) {
            return false;
        }
        for (std::size_t r = 0; r < rows; ++r) {
            if (!cells_equal(a, r, b, r)) {
                return false;
            }
        }
    }
    return true;
}

}  // namespace antq
