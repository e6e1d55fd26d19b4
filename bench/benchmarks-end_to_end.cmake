# End to end: `antq evaluate` on the national dataset from CSV files to a CSV of results, its
# breakdown by phase, and a hand-written program doing the same work in the same binary.
antq_benchmark(antq_end_to_end_bench end_to_end_bench.cpp heap_meter.cpp)
