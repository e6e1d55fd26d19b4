# Databases against CSV files: loading the national dataset, writing its results.
if(ANTQ_WITH_DATABASES)
    antq_benchmark(antq_database_bench database_bench.cpp)
    target_include_directories(antq_database_bench PRIVATE "${PROJECT_SOURCE_DIR}/tests/database")
    find_program(ANTQ_BENCH_PG_CTL pg_ctl PATHS /usr/lib/postgresql/15/bin /usr/lib/postgresql/16/bin
                 /usr/lib/postgresql/17/bin NO_DEFAULT_PATH)
    if(ANTQ_BENCH_PG_CTL)
        get_filename_component(antq_bench_pg_bin "${ANTQ_BENCH_PG_CTL}" DIRECTORY)
        target_compile_definitions(antq_database_bench PRIVATE ANTQ_POSTGRESQL_BIN_DIR="${antq_bench_pg_bin}")
    endif()
endif()
