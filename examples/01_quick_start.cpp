// Quick start: evaluate the models of Quảng Trung commune with the shipped rulebook, print
// each model's tier and rank, and explain one result.

#include <antq/antq.hpp>
#include <antq/evaluate.hpp>
#include <antq/explain.hpp>

#include <iostream>

int main() {
    const antq::dataset data = antq::load_dataset("examples/data/quang-trung");
    const antq::rulebook_set rules = antq::rulebook_set::load("rulebooks/model-effectiveness.yaml");
    const antq::evaluation results = antq::evaluate(data, rules, "2025");

    const antq::rulebook_results& models = results.at("model-effectiveness");
    for (std::size_t row = 0; row < models.size(); ++row) {
        const antq::subject_result r = models.row(row);
        if (r.status == antq::result_status::evaluated) {
            std::cout << r.subject << ": " << r.tier_label << ", hạng " << r.rank << " (" << r.group
                      << ")\n";
        } else {
            std::cout << r.subject << ": " << r.message << '\n';
        }
    }
    std::cout << antq::explain(models, "qt-m03").text;
}
