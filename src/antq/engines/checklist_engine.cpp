#include "antq/engines/checklist_engine.hpp"

#include <algorithm>

namespace antq::engines {

namespace {

bool is_check(criterion_kind kind) noexcept {
    return kind == criterion_kind::required || kind == criterion_kind::veto;
}

class checklist_engine final : public scoring_engine {
  public:
    [[nodiscard]] std::string_view name() const noexcept override { return "checklist"; }
    [[nodiscard]] bool additive() const noexcept override { return true; }

    [[nodiscard]] bool reads(criterion_kind kind) const noexcept override { return is_check(kind); }

  private:
    void do_score(const engine_input& in, const engine_output& out) const override {
        std::fill(out.scores.begin(), out.scores.end(), 0.0);
        for (std::size_t c = 0; c < in.criteria.size(); ++c) {
            if (!is_check(in.criteria[c].kind)) {
                continue;
            }
            for (std::size_t i = 0; i < in.subject_count; ++i) {
                const std::size_t k = in.at(c, i);
                // Pass/fail arrives as 1/0; anything from a half up counts as passed.
                if (in.assessed[k] != 0 && in.scores[k] >= 0.5) {
                    out.contributions[k] = 1;
                    out.scores[i] += 1;
                }
            }
        }
    }

    [[nodiscard]] double do_max_score(std::span<const criterion_info> criteria) const override {
        return static_cast<double>(std::count_if(criteria.begin(), criteria.end(),
                                                 [](const auto& c) { return is_check(c.kind); }));
    }
};

}  // namespace

std::shared_ptr<const scoring_engine> make_checklist_engine(
    const engine_options& options, std::span<const criterion_info> criteria,
    diagnostic_list& problems) {
    engine_option_reader reader("checklist", options, problems);
    reader.allow_only({});
    if (std::none_of(criteria.begin(), criteria.end(),
                     [](const auto& c) { return is_check(c.kind); })) {
        reader.report("needs at least one required or veto criterion to check");
    }
    if (!reader.ok()) {
        return nullptr;
    }
    return std::make_shared<const checklist_engine>();
}

}  // namespace antq::engines
