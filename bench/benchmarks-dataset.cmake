# Reading datasets: the observations reader against a hand-written split-and-convert loop.
antq_benchmark(antq_dataset_bench dataset_bench.cpp)
