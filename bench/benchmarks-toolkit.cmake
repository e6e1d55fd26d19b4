# A cut-off swept over 21 values of the national workload against one evaluation
# (antq/sensitivity.hpp; docs/performance.md, "Sensitivity").
antq_benchmark(antq_sensitivity_bench sensitivity_bench.cpp)
