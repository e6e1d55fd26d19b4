# The national workload: the whole evaluation pipeline (1,000,000 models, 3,321 communes)
# against a hand-written loop computing the same scores, tiers and ranks, 1 and 2 threads.
antq_benchmark(antq_evaluation_bench evaluation_bench.cpp)
