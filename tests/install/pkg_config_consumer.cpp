// A program built against the installed antq with nothing but
// `c++ -std=c++20 pkg_config_consumer.cpp $(pkg-config --cflags --libs antq)`
// (tests/install/pkg_config.cmake): the public headers that name nlohmann::json
// (engine.hpp, rulebook.hpp) compile, and the library links with every dependency it needs.
#include <antq/dataset_builder.hpp>
#include <antq/engine.hpp>
#include <antq/evaluate.hpp>
#include <antq/rulebook.hpp>
#include <antq/rulebook_loader.hpp>
#include <antq/rulebook_set.hpp>

#include <iostream>

namespace {

const char* const rulebook_text = R"(antq: 1
id: calm
title: "Bình yên"
subject: model
versions:
  - version: "1"
    effective: 2024-01-01
    engine: weighted
    indicators:
      crimes: {type: count}
    criteria:
      - id: calm
        kind: scored
        points: 100
        score: "crimes == 0 ? 1 : 0"
    tiers:
      - id: good
        label: "Tốt"
        when: "score >= 50"
      - id: weak
        label: "Yếu"
)";

}  // namespace

int main() {
    antq::engine_options options;
    options.values = nlohmann::json::object({{"unused", 1}});
    const auto rules = antq::rulebook_set::from({antq::parse_rulebook(rulebook_text, "calm.yaml")});
    antq::dataset_builder data;
    data.add_unit({.id = "v1", .kind = "village"});
    data.add_model({.id = "m1", .unit = "v1"});
    data.add_observation({.subject = "m1", .period = "2024", .values = {{"crimes", 0}}});
    const auto results = antq::evaluate(data.build(), rules, "2024");
    std::cout << "pkg-config consumer ok: " << results.at("calm").size() << " model, "
              << rules.engines().names().size() << " engines, options " << options.values.dump()
              << '\n';
    return 0;
}
