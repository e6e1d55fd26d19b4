# Evaluation: results, ranking, tiers and quotas, explanations, fingerprints.
antq_test(antq_evaluation_test
    evaluation/evaluate_differential_test.cpp
    evaluation/evaluate_engine_test.cpp
    evaluation/evaluate_ranking_test.cpp
    evaluation/evaluate_rollup_test.cpp
    evaluation/evaluate_test.cpp
    evaluation/explain_test.cpp
    evaluation/fingerprint_test.cpp
    evaluation/grouping_test.cpp
    evaluation/ranking_test.cpp
    evaluation/result_io_test.cpp
    evaluation/result_test.cpp
    evaluation/rounding_test.cpp
    evaluation/tiers_test.cpp)
