# Archives: saving and loading a snapshot of 1,000,000 results and a dataset of 1,000,000
# observation rows in each archive format, against raw column I/O.
antq_benchmark(antq_persistence_bench persistence_bench.cpp)
