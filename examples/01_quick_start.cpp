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
    const antq::name_book names(data);  // names beside ids, labels of topics
    constexpr auto vi = antq::language::vi;
    for (std::size_t row = 0; row < models.size(); ++row) {
        const antq::subject_result r = models.row(row);
        const std::string who = antq::name_book::named(
            r.subject, names.subject_name(antq::subject_kind::model, r.subject));
        if (r.status == antq::result_status::evaluated) {
            std::cout << who << ": " << r.tier_label << ", hạng " << r.rank << " ("
                      << names.group_text(r.group, vi) << ")\n";
        } else {
            std::cout << who << ": " << antq::reason_text(r.status, r.message, vi) << '\n';
        }
    }
    antq::explain_context context;
    context.data = &data;
    std::cout << antq::explain(models, "qt-m03", vi, context).text;
}
