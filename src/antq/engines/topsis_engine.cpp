#include "antq/engines/topsis_engine.hpp"

#include "antq/engines/fixed_point_sum.hpp"
#include "antq/engines/mcda.hpp"
#include "antq/engines/option_helpers.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace antq::engines {

namespace {

class topsis_engine final : public scoring_engine {
  public:
    explicit topsis_engine(double scale) : scale_(scale) {}

    [[nodiscard]] std::string_view name() const noexcept override { return "topsis"; }
    [[nodiscard]] bool cohort_relative() const noexcept override { return true; }
    [[nodiscard]] bool reads(criterion_kind kind) const noexcept override {
        return kind == criterion_kind::scored;
    }

  private:
    void do_score(const engine_input& in, const engine_output& out) const override {
        const std::vector<mcda_column> columns = mcda_columns(in.criteria);
        check_values(name(), in, columns);
        const std::size_t n = in.subject_count;
        std::vector<double> to_ideal(n, 0.0);
        std::vector<double> to_anti(n, 0.0);
        std::vector<double> v(n);
        for (const auto& column : columns) {
            if (!weighted_column(in, column, v)) {
                continue;
            }
            const auto [lowest, highest] = std::minmax_element(v.begin(), v.end());
            const double ideal = column.cost ? *lowest : *highest;
            const double anti = column.cost ? *highest : *lowest;
            for (std::size_t i = 0; i < n; ++i) {
                to_ideal[i] += (v[i] - ideal) * (v[i] - ideal);
                to_anti[i] += (v[i] - anti) * (v[i] - anti);
                const double position = ideal == anti ? 0.5 : (v[i] - anti) / (ideal - anti);
                out.contributions[in.at(column.criterion, i)] = scale_ * column.weight * position;
            }
        }
        for (std::size_t i = 0; i < n; ++i) {
            const double d_plus = std::sqrt(to_ideal[i]);
            const double d_minus = std::sqrt(to_anti[i]);
            const double closeness = d_plus + d_minus > 0 ? d_minus / (d_plus + d_minus) : 0.5;
            out.scores[i] = scale_ * closeness;
        }
    }

    // Fills `v` with the weighted normalised column (not-assessed entries at the worst
    // assessed value); false when no subject was assessed on it.
    static bool weighted_column(const engine_input& in, const mcda_column& column,
                                std::vector<double>& v) {
        const std::size_t n = in.subject_count;
        bool any = false;
        double worst = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const std::size_t k = in.at(column.criterion, i);
            if (in.assessed[k] == 0) {
                continue;
            }
            const double x = in.values[k];
            worst = !any ? x : column.cost ? std::max(worst, x) : std::min(worst, x);
            any = true;
        }
        if (!any) {
            return false;
        }
        double largest = 0;
        for (std::size_t i = 0; i < n; ++i) {
            const std::size_t k = in.at(column.criterion, i);
            v[i] = in.assessed[k] != 0 ? in.values[k] : worst;
            largest = std::max(largest, std::abs(v[i]));
        }
        if (largest == 0) {
            std::fill(v.begin(), v.end(), 0.0);
            return true;
        }
        // Scale into [-1, 1] first so that squares cannot overflow; the norm is scale-free.
        fixed_point_sum squares;
        for (auto& x : v) {
            x /= largest;
            squares.add(x * x);
        }
        const double norm = std::sqrt(squares.result());
        for (auto& x : v) {
            x = column.weight * (x / norm);
        }
        return true;
    }

    [[nodiscard]] double do_max_score(std::span<const criterion_info>) const override {
        return scale_;
    }

    double scale_;
};

}  // namespace

std::shared_ptr<const scoring_engine> make_topsis_engine(const engine_options& options,
                                                         std::span<const criterion_info> criteria,
                                                         diagnostic_list& problems) {
    engine_option_reader reader("topsis", options, problems);
    reader.allow_only({"scale"});
    const double scale = positive_number(reader, "scale", 100);
    if (!has_weighted_scored_criterion(criteria)) {
        reader.report("needs at least one scored criterion with a weight above 0");
    }
    if (!reader.ok()) {
        return nullptr;
    }
    return std::make_shared<const topsis_engine>(scale);
}

}  // namespace antq::engines
