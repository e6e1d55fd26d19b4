// An analyst's evaluation program: a rulebook built in C++ (no YAML), evaluated on the
// Quảng Trung data for several years, and the results aggregated by topic: how many models
// of each topic reach the bar, and their mean score, year by year.

#include <antq/antq.hpp>
#include <antq/evaluate.hpp>

#include <cmath>
#include <cstdio>
#include <map>
#include <string>

namespace {

antq::indicator count(std::string id) {
    return {std::move(id), antq::indicator_type::count, antq::missing_policy::zero, "", {}};
}

antq::criterion scored(std::string id, std::string title, double points, std::string score) {
    antq::criterion c;
    c.id = std::move(id);
    c.title = std::move(title);
    c.kind = antq::criterion_kind::scored;
    c.points = points;
    c.score.text = std::move(score);
    return c;
}

antq::tier tier(std::string id, std::string label, std::string when) {
    antq::tier t;
    t.id = std::move(id);
    t.label = std::move(label);
    t.when.text = std::move(when);
    return t;
}

// "Mobilising the people": reports, patrols and pledges only, 100 points.
antq::rulebook mobilisation_rules() {
    antq::rulebook book;
    book.id = "mobilisation";
    book.title = "Huy động nhân dân tham gia phong trào";
    book.subject = antq::subject_kind::model;
    book.applies_to.text = "topic != \"\"";  // models of a topic, not the teams recorded as models
    book.period = antq::year_start{11, 16};
    antq::rulebook_version v;
    v.version = "1";
    v.effective = antq::date(2020, 1, 1);
    v.indicators = {count("reports"), count("patrols"), count("households"),
                    count("households_signed")};
    v.criteria = {scored("reports", "Tin báo, tố giác", 30, "ratio(reports, 12)"),
                  scored("patrols", "Tuần tra", 40, "ratio(patrols, 48)"),
                  scored("pledges", "Hộ ký cam kết", 30,
                         "households > 0 ? ratio(households_signed, households) : 0")};
    v.tiers = {tier("strong", "Huy động tốt", "score >= 75"), tier("weak", "Cần đẩy mạnh", "")};
    book.versions.push_back(std::move(v));
    return book;
}

}  // namespace

int main() {
    const antq::dataset data = antq::load_dataset("examples/data/quang-trung");
    const antq::compiled_rulebook rules = antq::compile_rulebook(mobilisation_rules());
    for (const char* year : {"2023", "2024", "2025"}) {
        const antq::rulebook_results results = antq::evaluate(data, rules, year);
        struct topic_total {
            int models = 0;
            int strong = 0;
            double score = 0;
        };
        std::map<std::string, topic_total> by_topic;
        const auto& c = results.columns();
        for (std::size_t row = 0; row < results.size(); ++row) {
            if (c.status[row] != antq::result_status::evaluated) {
                continue;
            }
            const std::string& topic = data.registry.models()[c.subject_index[row]].topic;
            auto& t = by_topic[topic];
            ++t.models;
            t.strong += results.tier_id(row) == "strong" ? 1 : 0;
            t.score += c.score[row];
        }
        std::printf("Năm %s\n", year);
        for (const auto& [topic, t] : by_topic) {
            std::printf("  %-18s %2d mô hình, %2d huy động tốt, điểm trung bình %6.2f\n",
                        topic.c_str(), t.models, t.strong, t.score / t.models);
        }
    }
}
