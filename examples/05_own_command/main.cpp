// Your own `antq` command, with your own scoring engine in every subcommand.
//
// A province that rewards only balanced models ("phát triển đồng đều") scores each model by
// its weakest activity: the full points times the smallest fraction reached among the
// scored criteria, so a model that patrols a lot but never mediates is not carried by its
// patrols. The engine is `weakest-link`; everything else (options, output, exit status,
// faults) is the shipped command's, because this program is the shipped one plus one
// `engines.add`. Build it with `target_link_libraries(my_antq PRIVATE antq::command)` and
// run it like `antq`:
//
//     05_own_command evaluate --data examples/data/quang-trung --period 2025
//         --rules examples/05_own_command/model-balance.yaml
//
// `check`, `test`, `diff`, `report`, `gaps` and `db store` read the rulebook the same way.

#include <antq/command_line.hpp>
#include <antq/engine.hpp>

#include <algorithm>
#include <limits>
#include <memory>
#include <span>
#include <string_view>

namespace {

// score = (the points of the scored criteria assessed) * (the smallest score s among them);
// each criterion contributes its points * that smallest s. max_score = the points of the
// scored criteria. A subject with no scored criterion assessed scores 0. The contributions
// add up to the score, but the engine is not `additive()`: full marks on one criterion do
// not close a gap unless it was the weakest, so explanations make no point claim per
// criterion.
class weakest_link_engine final : public antq::scoring_engine {
  public:
    [[nodiscard]] std::string_view name() const noexcept override { return "weakest-link"; }
    [[nodiscard]] bool reads(antq::criterion_kind kind) const noexcept override {
        return kind == antq::criterion_kind::scored;
    }

  private:
    void do_score(const antq::engine_input& in, const antq::engine_output& out) const override {
        for (std::size_t i = 0; i < in.subject_count; ++i) {
            double weakest = std::numeric_limits<double>::infinity();
            double points = 0;
            for (std::size_t c = 0; c < in.criteria.size(); ++c) {
                const std::size_t k = in.at(c, i);
                if (in.criteria[c].kind == antq::criterion_kind::scored && in.assessed[k] != 0) {
                    weakest = std::min(weakest, in.scores[k]);
                    points += in.criteria[c].points;
                }
            }
            if (points == 0) {
                out.scores[i] = 0;
                continue;
            }
            for (std::size_t c = 0; c < in.criteria.size(); ++c) {
                const std::size_t k = in.at(c, i);
                if (in.criteria[c].kind == antq::criterion_kind::scored && in.assessed[k] != 0) {
                    out.contributions[k] = in.criteria[c].points * weakest;
                }
            }
            out.scores[i] = points * weakest;
        }
    }

    [[nodiscard]] double do_max_score(
        std::span<const antq::criterion_info> criteria) const override {
        double max = 0;
        for (const auto& c : criteria) {
            if (c.kind == antq::criterion_kind::scored) {
                max += c.points;
            }
        }
        return max;
    }
};

// The engine takes no option: any key is reported at its place in the rulebook.
std::shared_ptr<const antq::scoring_engine> make_weakest_link(const antq::engine_options& options,
                                                              std::span<const antq::criterion_info>,
                                                              antq::diagnostic_list& problems) {
    antq::engine_option_reader reader("weakest-link", options, problems);
    reader.allow_only({});
    if (!reader.ok()) {
        return nullptr;
    }
    return std::make_shared<const weakest_link_engine>();
}

}  // namespace

int main(int argc, char** argv) {
    // The built-in engines plus ours, by an explicit call: no global registrar.
    antq::engine_registry engines = antq::builtin_engines();
    engines.add("weakest-link", make_weakest_link);
    return antq::cli::run(argc, argv, engines);
}
