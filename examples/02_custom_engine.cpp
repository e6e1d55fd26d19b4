// A scoring engine of your own, with no change to the library: "best K of N".
//
// Some commune rules judge a model on its strongest activities only ("xét K mặt hoạt động
// nổi bật nhất"): a village that patrols a lot and mediates well should not be marked
// down because it had few reports to pass on. This engine adds the points of the K best
// scored criteria of each subject. It is registered by an explicit call into an
// engine_registry, and a rulebook written in YAML names it with `engine: best-of`.

#include <antq/compiled_rulebook.hpp>
#include <antq/dataset.hpp>
#include <antq/engine.hpp>
#include <antq/evaluate.hpp>
#include <antq/rulebook_loader.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace {

// score = the sum of the `count` largest points * s among the scored criteria assessed
// (ties go to the criterion written first); max_score = the sum of the `count` largest
// points. The criteria counted contribute their points, the others 0.
class best_of_engine final : public antq::scoring_engine {
  public:
    explicit best_of_engine(std::size_t count) : count_(count) {}

    [[nodiscard]] std::string_view name() const noexcept override { return "best-of"; }
    [[nodiscard]] bool reads(antq::criterion_kind kind) const noexcept override {
        return kind == antq::criterion_kind::scored;
    }

  private:
    void do_score(const antq::engine_input& in, const antq::engine_output& out) const override {
        // One scratch buffer per call, reused for every subject: nothing is allocated per
        // subject. `score()` has already set every contribution to 0.
        std::vector<std::pair<double, std::size_t>> earned;
        earned.reserve(in.criteria.size());
        for (std::size_t i = 0; i < in.subject_count; ++i) {
            earned.clear();
            for (std::size_t c = 0; c < in.criteria.size(); ++c) {
                const std::size_t k = in.at(c, i);
                if (in.criteria[c].kind == antq::criterion_kind::scored && in.assessed[k] != 0) {
                    earned.emplace_back(in.criteria[c].points * in.scores[k], c);
                }
            }
            const std::size_t kept = std::min(count_, earned.size());
            std::partial_sort(earned.begin(), earned.begin() + static_cast<std::ptrdiff_t>(kept),
                              earned.end(), [](const auto& a, const auto& b) {
                                  return a.first != b.first ? a.first > b.first
                                                            : a.second < b.second;
                              });
            double score = 0;
            for (std::size_t j = 0; j < kept; ++j) {
                out.contributions[in.at(earned[j].second, i)] = earned[j].first;
                score += earned[j].first;
            }
            out.scores[i] = score;
        }
    }

    [[nodiscard]] double do_max_score(
        std::span<const antq::criterion_info> criteria) const override {
        std::vector<double> points;
        for (const auto& c : criteria) {
            if (c.kind == antq::criterion_kind::scored) {
                points.push_back(c.points);
            }
        }
        std::sort(points.begin(), points.end(), std::greater<>());
        double max = 0;
        for (std::size_t j = 0; j < std::min(count_, points.size()); ++j) {
            max += points[j];
        }
        return max;
    }

    std::size_t count_;
};

// The factory validates the options the way built-in engines do, each problem at the
// place of its key in the rulebook.
std::shared_ptr<const antq::scoring_engine> make_best_of(const antq::engine_options& options,
                                                         std::span<const antq::criterion_info>,
                                                         antq::diagnostic_list& problems) {
    antq::engine_option_reader reader("best-of", options, problems);
    reader.allow_only({"count"});
    // A count that is absent or not a number reads as 3, so only a written number can fail.
    const double count = reader.number("count", 3);
    if (count < 1 || count != std::floor(count)) {
        reader.report("count",
                      "must be a whole number of at least 1, not " + reader.find("count")->dump());
    }
    if (!reader.ok()) {
        return nullptr;
    }
    return std::make_shared<const best_of_engine>(static_cast<std::size_t>(count));
}

std::string rulebook_text(const std::string& engine_options) {
    return R"(antq: 1
id: model-best-of
title: "Đánh giá mô hình theo các mặt hoạt động nổi bật nhất"
subject: model
period: calendar-year
versions:
  - version: "2024.1"
    effective: 2024-01-01
    engine: best-of
    engine_options: )" +
           engine_options + R"(
    indicators:
      patrols:    {type: count, title: "Số buổi tuần tra"}
      reports:    {type: count, title: "Số tin báo, tố giác"}
      mediations: {type: count, title: "Số vụ hòa giải thành"}
    criteria:
      - {id: patrol,    title: "Tuần tra",       kind: scored, points: 40, score: "patrols / 48"}
      - {id: report,    title: "Tin báo, tố giác", kind: scored, points: 30, score: "reports / 10"}
      - {id: mediation, title: "Hòa giải",       kind: scored, points: 30, score: "mediations / 5"}
    tiers:
      - {id: effective, label: "Hoạt động hiệu quả", when: "score >= 50", action: replicate}
      - {id: improve,   label: "Cần nâng chất lượng", action: improve}
)";
}

constexpr const char* dataset_json = R"({
  "units": [
    {"id": "xa-quang-trung", "kind": "commune", "name": "Xã Quảng Trung"},
    {"id": "thon-1", "kind": "village", "name": "Thôn 1", "parent": "xa-quang-trung"},
    {"id": "thon-2", "kind": "village", "name": "Thôn 2", "parent": "xa-quang-trung"}
  ],
  "models": [
    {"id": "m1", "name": "Tổ tự quản an ninh", "unit": "thon-1"},
    {"id": "m2", "name": "Tổ hòa giải ở cơ sở", "unit": "thon-1"},
    {"id": "m3", "name": "Camera an ninh", "unit": "thon-2"}
  ],
  "observations": [
    {"subject": "m1", "period": "2024", "patrols": 48, "reports": 10, "mediations": 0},
    {"subject": "m2", "period": "2024", "patrols": 24, "reports": 0, "mediations": 5},
    {"subject": "m3", "period": "2024", "patrols": 12, "reports": 2, "mediations": 1}
  ]
})";

}  // namespace

int main() {
    // The built-in engines plus ours, by an explicit call: no global registrar.
    antq::engine_registry engines = antq::builtin_engines();
    engines.add("best-of", make_best_of);

    const antq::rulebook book =
        antq::parse_rulebook(rulebook_text("{count: 2}"), "best-of.yaml", engines);
    const antq::compiled_rulebook rules = antq::compile_rulebook(book, engines);
    const antq::dataset data = antq::parse_dataset_json(dataset_json);
    const antq::rulebook_results results = antq::evaluate(data, rules, "2024");

    // m1: patrol 40 + report 30 (mediation 0 left out) = 70; m2: mediation 30 + patrol 20
    // = 50; m3: patrol 10 + report 6 (mediation 6 ties, written later) = 16. Max 70.
    const std::vector<std::pair<std::string, double>> expected = {
        {"m1", 70}, {"m2", 50}, {"m3", 16}};
    bool ok = true;
    for (std::size_t r = 0; r < results.size(); ++r) {
        const antq::subject_result row = results.row(r);
        std::printf("%s  %5.2f / %5.2f  %-10s", row.subject.c_str(), row.score, row.max_score,
                    row.tier_id.c_str());
        for (const auto& c : row.criteria) {
            std::printf("  %s %.0f", c.id.c_str(), c.points);
        }
        std::printf("\n");
        const auto want = std::find_if(expected.begin(), expected.end(),
                                       [&](const auto& e) { return e.first == row.subject; });
        ok = ok && want != expected.end() && row.score == want->second && row.max_score == 70;
    }
    ok = ok && results.size() == expected.size();

    // A bad option is reported like any rulebook error, at its line and column.
    try {
        static_cast<void>(
            antq::parse_rulebook(rulebook_text("{count: 0, cout: 2}"), "best-of.yaml", engines));
        ok = false;
    } catch (const antq::input_error& e) {
        std::printf("%s\n", e.what());
        ok = ok && e.diagnostics().size() == 2;
    }

    if (!ok) {
        std::fprintf(stderr, "unexpected results\n");
        return 1;
    }
    return 0;
}
