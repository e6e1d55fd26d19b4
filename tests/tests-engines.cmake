# Scoring engines: the shared checks, the registry, each built-in engine against exact and
# published values, cross-checks between engines, and the conformance suite.
antq_test(
    antq_engines_test
    engines/engine_test.cpp
    engines/fixed_point_sum_test.cpp
    engines/weighted_engine_test.cpp
    engines/checklist_engine_test.cpp
    engines/deduction_engine_test.cpp
    engines/topsis_engine_test.cpp
    engines/composite_engine_test.cpp
    engines/engine_cross_check_test.cpp
    engines/engine_conformance_test.cpp)
