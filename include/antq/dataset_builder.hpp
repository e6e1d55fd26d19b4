#pragma once

/// \file
/// A dataset filled record by record from code (a database, a web form, another system)
/// and checked as a loaded one is: the builder runs every check of the CSV and JSON loaders
/// and computes the same content hash, so the same data give the same fingerprint however
/// they arrived.

#include <antq/dataset.hpp>
#include <antq/export.hpp>

#include <concepts>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace antq {

/// A unit as `units.csv` writes it. Empty text is an absent cell.
struct unit_entry {
    std::string id{};
    std::string kind{};  ///< a lowercase word: `province`, `commune`, `village`, ...
    std::string name{};
    std::string parent{};                   ///< the parent unit's id; empty for a root
    std::vector<std::string> attributes{};  ///< words such as `ven-song`
};

/// A model as `models.csv` writes it; dates as text, ISO `2024-12-14` or day-first
/// `14/12/2024` (empty: unknown), so that a bad date is reported at its cell.
struct model_entry {
    std::string id{};
    std::string name{};
    std::string type{};  ///< an id of the model-type catalogue, or empty
    std::string topic{};
    std::string target_group{};
    std::string unit{};  ///< the host unit's id (required)
    std::string established{};
    std::string ended{};
    std::string replicated_from{};  ///< the id of the model it copies, or empty
};

/// An exemplar as `exemplars.csv` writes it.
struct exemplar_entry {
    std::string id{};
    std::string name{};
    std::string kind{};  ///< `individual` or `collective`
    std::string unit{};
    std::string recognized{};           ///< a date as in `model_entry`, or empty
    std::vector<std::string> models{};  ///< ids of the models it belongs to
    std::vector<std::string> leads{};   ///< ids of the models it leads
};

/// A decision as `decisions.csv` writes it (`date` as in `model_entry`).
struct decision_entry {
    std::string subject{};
    std::string rulebook{};
    std::string period{};
    std::string proposed_tier{};
    std::string decided_tier{};  ///< empty: the proposal was confirmed
    std::string reason{};
    std::string number{};
    std::string date{};
    std::string body{};
    std::string signer{};
};

/// One observed value: a number, a boolean (stored as 1 or 0), a text, or missing (the
/// default, `std::nullopt`, an empty `std::optional<double>` or an empty text). As in a JSON
/// document, a text makes its indicator's column a text column; a rulebook's number
/// indicator still reads such a cell when it is written as a number.
class indicator_value {
  public:
    indicator_value() = default;
    indicator_value(std::nullopt_t) {}
    template <class Number>
    requires(std::is_arithmetic_v<Number> && !std::same_as<Number, bool>) indicator_value(Number v)
        : value_(static_cast<double>(v)) {}
    indicator_value(std::optional<double> v) {
        if (v) {
            value_ = *v;
        }
    }
    indicator_value(bool v) : value_(v) {}
    indicator_value(std::string v) : value_(std::move(v)) {}
    indicator_value(std::string_view v) : value_(std::string(v)) {}
    indicator_value(const char* v) : value_(std::string(v)) {}

    /// The value: nothing (missing), a number, a boolean or a text.
    [[nodiscard]] const std::variant<std::monostate, double, bool, std::string>& get()
        const noexcept {
        return value_;
    }

  private:
    std::variant<std::monostate, double, bool, std::string> value_;
};

/// One row of `observations.csv`: a subject (unit, model or exemplar id), a period label
/// (`2024`, `2024-Q3`, ...) and the values of some indicators. Indicators a row does not
/// name are missing in it.
struct observation_entry {
    std::string subject{};
    std::string period{};
    std::vector<std::pair<std::string, indicator_value>> values{};
};

/// Collects the records of a dataset and builds it, checked. Add in any order; `build`
/// checks everything at once, with every check `load_dataset` runs on a folder of CSV files
/// (the registry's ids, references, cycles, dates, unit kinds and attribute lists; each
/// observation's subject, period and repeated rows; labels; the model-type catalogue;
/// decisions), and throws `input_error` listing every problem. A problem is placed by table,
/// key and column, as a database source is: `units[thon-1].parent`, `models[m1].established`,
/// `observations[m1, 2024].subject`, `labels[topic, ma-tuy].label`,
/// `model_types[xa-an-toan].indicators`, `decisions[m1, model-effectiveness, 2024].date`
/// (a record without an id is keyed `row N`, N counting from 1 in the order added). The
/// content hash is computed as `load_dataset` computes it: the same data give the same hash
/// from code, CSV, JSON or a database.
///
///     antq::dataset_builder b;
///     b.add_unit({.id = "quang-trung", .kind = "commune", .name = "Xã Quảng Trung"});
///     b.add_model({.id = "qt-m01", .unit = "quang-trung", .established = "2013-03-01"});
///     b.add_observation({.subject = "qt-m01", .period = "2024",
///                        .values = {{"crimes", 2}, {"patrols", 44}}});
///     const antq::dataset d = b.build();
///
/// A builder is reusable: `build` leaves its records in place, so one may add more and
/// build again. Not thread-safe while being filled.
class ANTQ_EXPORT dataset_builder {
  public:
    dataset_builder();
    ~dataset_builder();
    dataset_builder(const dataset_builder&);
    dataset_builder(dataset_builder&&) noexcept;
    dataset_builder& operator=(const dataset_builder&);
    dataset_builder& operator=(dataset_builder&&) noexcept;

    dataset_builder& add_unit(unit_entry u);
    dataset_builder& add_model(model_entry m);
    dataset_builder& add_exemplar(exemplar_entry e);
    /// Declares an indicator, as a column of the header of `observations.csv`: columns are
    /// the declared indicators in the order declared, then the others in order of first
    /// use. A declared indicator that no row gives is a column of missing values. The
    /// content hash depends on the columns and their order, so to match a file's hash
    /// declare its header's indicators. An empty or twice-declared name is an error of
    /// `build`, at `indicators[row N]`.
    dataset_builder& add_indicator(std::string name);
    dataset_builder& add_observation(observation_entry row);
    /// A label of an attribute value (`labels.csv`).
    dataset_builder& add_label(value_label label);
    /// A row of the model-type catalogue (`model-types.csv`).
    dataset_builder& add_model_type(model_type type);
    dataset_builder& add_decision(decision_entry d);

    /// Records added so far, per table.
    [[nodiscard]] std::size_t unit_count() const noexcept;
    [[nodiscard]] std::size_t model_count() const noexcept;
    [[nodiscard]] std::size_t exemplar_count() const noexcept;
    [[nodiscard]] std::size_t observation_count() const noexcept;

    /// Checks everything and returns the dataset with its `content_hash`. Throws
    /// `input_error` with every problem found, in layers as the loaders find them: the
    /// records' cells and the registry first; then observations, labels, the catalogue and
    /// decisions.
    [[nodiscard]] dataset build() const;

  private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace antq
