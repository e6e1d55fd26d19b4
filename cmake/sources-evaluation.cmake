# Evaluation: the pipeline, results, explanations and exports (include/antq/evaluate.hpp,
# result.hpp, result_io.hpp, explain.hpp).
antq_area(
    evaluation
    BELOW rules
    SOURCES src/antq/evaluation/data_check.cpp
            src/antq/evaluation/decisions.cpp
            src/antq/evaluation/evaluate.cpp
            src/antq/evaluation/explain.cpp
            src/antq/evaluation/explain_json.cpp
            src/antq/evaluation/fingerprint.cpp
            src/antq/evaluation/grouping.cpp
            src/antq/evaluation/incompleteness.cpp
            src/antq/evaluation/ineligibility.cpp
            src/antq/evaluation/period_rows.cpp
            src/antq/evaluation/pipeline.cpp
            src/antq/evaluation/ranking.cpp
            src/antq/evaluation/result.cpp
            src/antq/evaluation/result_io.cpp
            src/antq/evaluation/retier.cpp
            src/antq/evaluation/rollups.cpp
            src/antq/evaluation/subjects.cpp
            src/antq/evaluation/tiers.cpp
            src/antq/labels.cpp)
