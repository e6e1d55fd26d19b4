#pragma once

// An engine whose factory counts how many times a rulebook version naming it was compiled
// (the built-in `weighted` engine under the name `counted`), and a rulebook that names it:
// how the tests prove that loading, testing, diffing and archives compile a rulebook once.

#include <antq/engine.hpp>

#include <span>
#include <string>

namespace antq::test_support {

inline const std::string counted_rulebook = R"(antq: 1
id: counted
title: "Đếm"
subject: model
versions:
  - version: "1"
    effective: 2024-01-01
    engine: counted
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
tests:
  - name: "no crime is good"
    period: "2024"
    subject: {id: m1, unit: v1}
    indicators: {crimes: 0}
    expect: {tier: good, score: 100}
)";

// The built-in registry and an engine `counted` (the weighted engine) whose factory counts
// how many times a rulebook version naming it was compiled.
inline antq::engine_registry counting_registry(int& made) {
    antq::engine_registry engines = antq::builtin_engines();
    engines.add("counted", [&made](const antq::engine_options& options,
                                   std::span<const antq::criterion_info> criteria,
                                   antq::diagnostic_list& problems) {
        ++made;
        return (*antq::builtin_engines().find("weighted"))(options, criteria, problems);
    });
    return engines;
}

}  // namespace antq::test_support
