#include "antq/engines/composite_engine.hpp"

#include "antq/engines/fixed_point_sum.hpp"
#include "antq/engines/mcda.hpp"
#include "antq/engines/option_helpers.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

namespace antq::engines {

namespace {

enum class normalisation { min_max, z_score, goalposts, rank };
enum class aggregation { arithmetic, geometric };

struct goalpost {
    double lo = 0;
    double hi = 1;
};

normalisation parse_normalisation(std::string_view text) noexcept {
    if (text == "z-score") {
        return normalisation::z_score;
    }
    if (text == "goalposts") {
        return normalisation::goalposts;
    }
    if (text == "rank") {
        return normalisation::rank;
    }
    return normalisation::min_max;
}

class composite_engine final : public scoring_engine {
  public:
    composite_engine(normalisation norm, aggregation agg, double scale,
                     std::vector<std::string> criterion_ids, std::vector<goalpost> goalposts)
        : normalisation_(norm),
          aggregation_(agg),
          scale_(scale),
          criterion_ids_(std::move(criterion_ids)),
          goalposts_(std::move(goalposts)) {}

    [[nodiscard]] std::string_view name() const noexcept override { return "composite"; }
    /// Arithmetic contributions add up to the score; geometric ones are indicative.
    [[nodiscard]] bool additive() const noexcept override {
        return aggregation_ == aggregation::arithmetic;
    }
    [[nodiscard]] bool cohort_relative() const noexcept override {
        return normalisation_ != normalisation::goalposts;
    }
    [[nodiscard]] bool reads(criterion_kind kind) const noexcept override {
        return kind == criterion_kind::scored;
    }

  private:
    void do_score(const engine_input& in, const engine_output& out) const override {
        const std::vector<mcda_column> columns = mcda_columns(in.criteria);
        check_values(name(), in, columns);
        check_goalpost_criteria(in);
        // First the normalised values, kept in the contributions (assessed entries only),
        // then per subject the weights over what it was assessed on.
        std::vector<std::pair<double, std::size_t>> scratch;
        for (const auto& column : columns) {
            normalise(in, column, out.contributions, scratch);
        }
        for (std::size_t i = 0; i < in.subject_count; ++i) {
            out.scores[i] = aggregate(in, columns, i, out.contributions);
        }
    }

    void check_goalpost_criteria(const engine_input& in) const {
        if (normalisation_ != normalisation::goalposts) {
            return;
        }
        const bool same =
            in.criteria.size() == criterion_ids_.size() &&
            std::equal(in.criteria.begin(), in.criteria.end(), criterion_ids_.begin(),
                       [](const criterion_info& c, const std::string& id) { return c.id == id; });
        if (!same) {
            throw usage_error(
                "engine 'composite': its goalposts were set for other criteria than it was handed");
        }
    }

    void normalise(const engine_input& in, const mcda_column& column, std::span<double> y,
                   std::vector<std::pair<double, std::size_t>>& scratch) const {
        switch (normalisation_) {
            case normalisation::min_max:
                return min_max(in, column, y);
            case normalisation::z_score:
                return z_score(in, column, y);
            case normalisation::goalposts:
                return goalposts(in, column, y);
            case normalisation::rank:
                return rank(in, column, y, scratch);
        }
    }

    static void min_max(const engine_input& in, const mcda_column& column, std::span<double> y) {
        bool any = false;
        double lo = 0;
        double hi = 0;
        for (std::size_t i = 0; i < in.subject_count; ++i) {
            const std::size_t k = in.at(column.criterion, i);
            if (in.assessed[k] != 0) {
                lo = any ? std::min(lo, in.values[k]) : in.values[k];
                hi = any ? std::max(hi, in.values[k]) : in.values[k];
                any = true;
            }
        }
        for (std::size_t i = 0; i < in.subject_count; ++i) {
            const std::size_t k = in.at(column.criterion, i);
            if (in.assessed[k] != 0) {
                const double p =
                    hi == lo ? 0.5 : std::clamp(linear_position(in.values[k], lo, hi), 0.0, 1.0);
                y[k] = column.cost ? 1 - p : p;
            }
        }
    }

    static void z_score(const engine_input& in, const mcda_column& column, std::span<double> y) {
        std::size_t n = 0;
        double largest = 0;
        for (std::size_t i = 0; i < in.subject_count; ++i) {
            const std::size_t k = in.at(column.criterion, i);
            if (in.assessed[k] != 0) {
                largest = std::max(largest, std::abs(in.values[k]));
                ++n;
            }
        }
        if (n == 0) {
            return;
        }
        // Scaled into [-1, 1] so that no sum can overflow; z-scores do not depend on scale.
        const auto scaled = [&](std::size_t k) {
            return largest > 0 ? in.values[k] / largest : 0.0;
        };
        const auto count = static_cast<double>(n);
        fixed_point_sum total;
        for (std::size_t i = 0; i < in.subject_count; ++i) {
            const std::size_t k = in.at(column.criterion, i);
            if (in.assessed[k] != 0) {
                total.add(scaled(k));
            }
        }
        const double mean = total.result() / count;
        fixed_point_sum squares;
        for (std::size_t i = 0; i < in.subject_count; ++i) {
            const std::size_t k = in.at(column.criterion, i);
            if (in.assessed[k] != 0) {
                squares.add((scaled(k) - mean) * (scaled(k) - mean));
            }
        }
        const double sd = std::sqrt(squares.result() / count);
        for (std::size_t i = 0; i < in.subject_count; ++i) {
            const std::size_t k = in.at(column.criterion, i);
            if (in.assessed[k] != 0) {
                const double z = sd > 0 ? (scaled(k) - mean) / sd : 0.0;
                y[k] = column.cost ? 0.0 - z : z;
            }
        }
    }

    void goalposts(const engine_input& in, const mcda_column& column, std::span<double> y) const {
        const goalpost g = goalposts_[column.criterion];
        for (std::size_t i = 0; i < in.subject_count; ++i) {
            const std::size_t k = in.at(column.criterion, i);
            if (in.assessed[k] != 0) {
                const double p = std::clamp(linear_position(in.values[k], g.lo, g.hi), 0.0, 1.0);
                y[k] = column.cost ? 1 - p : p;
            }
        }
    }

    static void rank(const engine_input& in, const mcda_column& column, std::span<double> y,
                     std::vector<std::pair<double, std::size_t>>& sorted) {
        sorted.clear();
        for (std::size_t i = 0; i < in.subject_count; ++i) {
            const std::size_t k = in.at(column.criterion, i);
            if (in.assessed[k] != 0) {
                sorted.emplace_back(in.values[k], k);
            }
        }
        // Only values are compared: the order among equal values does not matter, since
        // ties share their mean rank.
        std::sort(sorted.begin(), sorted.end(),
                  [](const auto& a, const auto& b) { return a.first < b.first; });
        const auto n = static_cast<double>(sorted.size());
        for (std::size_t first = 0; first < sorted.size();) {
            std::size_t last = first + 1;
            while (last < sorted.size() && sorted[last].first == sorted[first].first) {
                ++last;
            }
            // Ranks first+1 .. last (1-based) share their mean; p = (mean rank - 1) / (n - 1).
            const double below = static_cast<double>(first);
            const double ties = static_cast<double>(last - first);
            const double p = sorted.size() == 1 ? 0.5 : (below + (ties - 1) / 2) / (n - 1);
            for (std::size_t j = first; j < last; ++j) {
                y[sorted[j].second] = column.cost ? 1 - p : p;
            }
            first = last;
        }
    }

    double aggregate(const engine_input& in, std::span<const mcda_column> columns, std::size_t i,
                     std::span<double> contributions) const {
        double weight = 0;
        for (const auto& column : columns) {
            if (in.assessed[in.at(column.criterion, i)] != 0) {
                weight += column.weight;
            }
        }
        double score = 0;
        double product = 1;
        for (const auto& column : columns) {
            const std::size_t k = in.at(column.criterion, i);
            if (in.assessed[k] == 0) {
                continue;
            }
            const double share = weight > 0 ? column.weight / weight : 0.0;
            const double y = contributions[k];
            contributions[k] = scale_ * share * y;
            score += contributions[k];
            if (share > 0) {
                product *= std::pow(y, share);
            }
        }
        if (aggregation_ == aggregation::arithmetic) {
            return score;
        }
        return weight > 0 ? scale_ * product : 0.0;
    }

    [[nodiscard]] double do_max_score(std::span<const criterion_info>) const override {
        return scale_;
    }

    normalisation normalisation_;
    aggregation aggregation_;
    double scale_;
    std::vector<std::string> criterion_ids_;
    std::vector<goalpost> goalposts_;  ///< by criterion index; goalposts normalisation only
};

// Reads {criterion id: [lo, hi]}; every message sits at the `goalposts` key, the finest
// place the options keep.
std::vector<goalpost> read_goalposts(engine_option_reader& reader, const nlohmann::json& option,
                                     std::span<const criterion_info> criteria) {
    std::vector<goalpost> result(criteria.size());
    if (!option.is_object()) {
        reader.report("goalposts",
                      fmt::format("must be a mapping of criterion ids to [low, high], not a {}",
                                  engine_option_reader::type_name(option)));
        return result;
    }
    std::vector<std::string_view> scored_ids;
    for (const auto& c : criteria) {
        if (c.kind == criterion_kind::scored) {
            scored_ids.push_back(c.id);
        }
    }
    std::vector<bool> given(criteria.size(), false);
    for (const auto& [id, pair] : option.items()) {
        const auto at = std::find_if(criteria.begin(), criteria.end(),
                                     [&id = id](const criterion_info& c) { return c.id == id; });
        if (at == criteria.end()) {
            reader.report("goalposts",
                          fmt::format("names unknown criterion '{}'{}", id,
                                      engine_option_reader::did_you_mean(id, scored_ids)));
            continue;
        }
        if (at->kind != criterion_kind::scored) {
            reader.report("goalposts", fmt::format("names criterion '{}', which is {}, not scored",
                                                   id, to_string(at->kind)));
            continue;
        }
        const auto index = static_cast<std::size_t>(at - criteria.begin());
        given[index] = true;
        const bool numbers =
            pair.is_array() && pair.size() == 2 && pair[0].is_number() && pair[1].is_number();
        const double lo = numbers ? pair[0].get<double>() : 0.0;
        const double hi = numbers ? pair[1].get<double>() : 0.0;
        if (!numbers || !std::isfinite(lo) || !std::isfinite(hi) || !(lo < hi)) {
            reader.report(
                "goalposts",
                fmt::format("must give criterion '{}' [low, high] with low below high, not {}", id,
                            pair.dump()));
            continue;
        }
        result[index] = goalpost{lo, hi};
    }
    for (std::size_t c = 0; c < criteria.size(); ++c) {
        if (criteria[c].kind == criterion_kind::scored && !given[c]) {
            reader.report("goalposts", fmt::format("has no [low, high] for scored criterion '{}'",
                                                   criteria[c].id));
        }
    }
    return result;
}

}  // namespace

std::shared_ptr<const scoring_engine> make_composite_engine(
    const engine_options& options, std::span<const criterion_info> criteria,
    diagnostic_list& problems) {
    engine_option_reader reader("composite", options, problems);
    reader.allow_only({"normalisation", "aggregation", "scale", "goalposts"});
    const std::string norm_text =
        reader.choice("normalisation", "min-max", {"min-max", "z-score", "goalposts", "rank"});
    const normalisation norm = parse_normalisation(norm_text);
    const aggregation agg =
        reader.choice("aggregation", "arithmetic", {"arithmetic", "geometric"}) == "geometric"
            ? aggregation::geometric
            : aggregation::arithmetic;
    const double scale = positive_number(reader, "scale", 100);
    if (norm == normalisation::z_score && agg == aggregation::geometric) {
        reader.report(
            "aggregation",
            "cannot be 'geometric' with normalisation 'z-score', whose values can be negative");
    }
    std::vector<goalpost> goalposts;
    const nlohmann::json* goalposts_option = reader.find("goalposts");
    if (norm == normalisation::goalposts) {
        if (goalposts_option == nullptr) {
            reader.report(
                "needs option 'goalposts' ({criterion id: [low, high]}) with normalisation "
                "'goalposts'");
        } else {
            goalposts = read_goalposts(reader, *goalposts_option, criteria);
        }
    } else if (goalposts_option != nullptr) {
        reader.report(
            "goalposts",
            fmt::format("is only read with normalisation 'goalposts', not '{}'", norm_text));
    }
    if (!has_weighted_scored_criterion(criteria)) {
        reader.report("needs at least one scored criterion with a weight above 0");
    }
    if (!reader.ok()) {
        return nullptr;
    }
    std::vector<std::string> ids;
    ids.reserve(criteria.size());
    for (const auto& c : criteria) {
        ids.push_back(c.id);
    }
    return std::make_shared<const composite_engine>(norm, agg, scale, std::move(ids),
                                                    std::move(goalposts));
}

}  // namespace antq::engines
