#include "antq/engines/weighted_engine.hpp"

#include "antq/engines/option_helpers.hpp"

#include <optional>
#include <vector>

namespace antq::engines {

namespace {

class weighted_engine final : public scoring_engine {
  public:
    explicit weighted_engine(std::optional<double> declared_max) : declared_max_(declared_max) {}

    [[nodiscard]] std::string_view name() const noexcept override { return "weighted"; }
    [[nodiscard]] bool additive() const noexcept override { return true; }

    [[nodiscard]] bool reads(criterion_kind kind) const noexcept override {
        return kind == criterion_kind::scored || kind == criterion_kind::penalty ||
               kind == criterion_kind::bonus;
    }

  private:
    void do_score(const engine_input& in, const engine_output& out) const override {
        const std::size_t n = in.subject_count;
        double total = 0;
        std::vector<double> assessed_points(n, 0.0);
        for (std::size_t c = 0; c < in.criteria.size(); ++c) {
            const criterion_info& crit = in.criteria[c];
            if (!reads(crit.kind)) {
                continue;
            }
            const double sign = crit.kind == criterion_kind::penalty ? -1.0 : 1.0;
            if (crit.kind == criterion_kind::scored) {
                total += crit.points;
            }
            for (std::size_t i = 0; i < n; ++i) {
                const std::size_t k = in.at(c, i);
                if (in.assessed[k] == 0) {
                    continue;
                }
                out.contributions[k] = sign * crit.points * in.scores[k];
                if (crit.kind == criterion_kind::scored) {
                    assessed_points[i] += crit.points;
                }
            }
        }
        // Rescale the scored part of each subject over the points it was assessed on, then
        // add up in criterion order so that the score is exactly the sum of contributions.
        for (std::size_t i = 0; i < n; ++i) {
            const double factor = assessed_points[i] > 0 ? total / assessed_points[i] : 0.0;
            double score = 0;
            for (std::size_t c = 0; c < in.criteria.size(); ++c) {
                double& contribution = out.contributions[in.at(c, i)];
                if (in.criteria[c].kind == criterion_kind::scored && factor != 1.0) {
                    contribution *= factor;
                }
                score += contribution;
            }
            out.scores[i] = score;
        }
    }

    [[nodiscard]] double do_max_score(std::span<const criterion_info> criteria) const override {
        if (declared_max_) {
            return *declared_max_;
        }
        double total = 0;
        for (const auto& c : criteria) {
            if (c.kind == criterion_kind::scored) {
                total += c.points;
            }
        }
        return total;
    }

    std::optional<double> declared_max_;
};

}  // namespace

std::shared_ptr<const scoring_engine> make_weighted_engine(const engine_options& options,
                                                           std::span<const criterion_info>,
                                                           diagnostic_list& problems) {
    engine_option_reader reader("weighted", options, problems);
    reader.allow_only({"max_score"});
    std::optional<double> declared_max;
    if (reader.find("max_score") != nullptr) {
        declared_max = positive_number(reader, "max_score", 1);
    }
    if (!reader.ok()) {
        return nullptr;
    }
    return std::make_shared<const weighted_engine>(declared_max);
}

}  // namespace antq::engines
