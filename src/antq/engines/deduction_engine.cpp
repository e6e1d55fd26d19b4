#include "antq/engines/deduction_engine.hpp"

#include "antq/engines/option_helpers.hpp"

#include <algorithm>

namespace antq::engines {

namespace {

class deduction_engine final : public scoring_engine {
  public:
    deduction_engine(double base, double floor) : base_(base), floor_(floor) {}

    [[nodiscard]] std::string_view name() const noexcept override { return "deduction"; }
    [[nodiscard]] bool additive() const noexcept override { return true; }

    [[nodiscard]] bool reads(criterion_kind kind) const noexcept override {
        return kind == criterion_kind::scored || kind == criterion_kind::penalty ||
               kind == criterion_kind::bonus;
    }

  private:
    void do_score(const engine_input& in, const engine_output& out) const override {
        for (std::size_t c = 0; c < in.criteria.size(); ++c) {
            const criterion_info& crit = in.criteria[c];
            if (!reads(crit.kind)) {
                continue;
            }
            for (std::size_t i = 0; i < in.subject_count; ++i) {
                const std::size_t k = in.at(c, i);
                if (in.assessed[k] != 0) {
                    out.contributions[k] = contribution(crit, in.scores[k]);
                }
            }
        }
        for (std::size_t i = 0; i < in.subject_count; ++i) {
            double score = base_;
            for (std::size_t c = 0; c < in.criteria.size(); ++c) {
                score += out.contributions[in.at(c, i)];
            }
            out.scores[i] = std::max(floor_, score);
        }
    }

    [[nodiscard]] static double contribution(const criterion_info& crit, double s) noexcept {
        switch (crit.kind) {
            case criterion_kind::scored:
                return -crit.points * (1 - s);
            case criterion_kind::penalty:
                return -crit.points * s;
            case criterion_kind::bonus:
                return crit.points * s;
            case criterion_kind::required:
            case criterion_kind::veto:
                break;
        }
        return 0;
    }

    [[nodiscard]] double do_max_score(std::span<const criterion_info>) const override {
        return base_;
    }

    double base_;
    double floor_;
};

}  // namespace

std::shared_ptr<const scoring_engine> make_deduction_engine(const engine_options& options,
                                                            std::span<const criterion_info>,
                                                            diagnostic_list& problems) {
    engine_option_reader reader("deduction", options, problems);
    reader.allow_only({"base", "floor"});
    const std::size_t reported = problems.items().size();
    const double base = positive_number(reader, "base", 100);
    const double floor = reader.number("floor", 0);
    // Compare only numbers that were read well, else the message would be about a fallback.
    if (problems.items().size() == reported && floor > base) {
        reader.report("floor", fmt::format("must not be above base ({}), not {}", base, floor));
    }
    if (!reader.ok()) {
        return nullptr;
    }
    return std::make_shared<const deduction_engine>(base, floor);
}

}  // namespace antq::engines
