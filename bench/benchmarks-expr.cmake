antq_benchmark(expr_bench expr_bench.cpp)
