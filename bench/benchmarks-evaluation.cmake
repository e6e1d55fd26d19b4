# The national workload: the whole evaluation pipeline (1,000,000 models, 3,321 communes)
# against a hand-written loop computing the same scores, tiers and ranks, 1 and 2 threads.
antq_benchmark(antq_evaluation_bench evaluation_bench.cpp)

# History over 5 periods of the national workload against one period, and a hand-written
# baseline doing the same work (antq/history.hpp; docs/performance.md, "History").
antq_benchmark(antq_history_bench history_bench.cpp heap_meter.cpp)
