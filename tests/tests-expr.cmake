antq_test(expr_test expr_test.cpp)
antq_test(expr_differential_test expr_differential_test.cpp)
target_link_libraries(expr_test PRIVATE Threads::Threads)
