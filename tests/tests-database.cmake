# Databases: datasets from, and results into, SQLite files and a real PostgreSQL server.
if(NOT ANTQ_WITH_DATABASES)
    return()
endif()

antq_test(antq_database_test database/database_test.cpp)
target_compile_definitions(antq_database_test PRIVATE ANTQ_TEST_SQLITE)

# The PostgreSQL tests start one server for the whole binary, so CTest runs the binary as
# one test rather than one process per test.
find_program(ANTQ_PG_CTL pg_ctl PATHS /usr/lib/postgresql/15/bin /usr/lib/postgresql/16/bin
             /usr/lib/postgresql/17/bin NO_DEFAULT_PATH)
find_program(ANTQ_PG_CTL pg_ctl)
add_executable(antq_postgresql_test database/database_test.cpp)
target_link_libraries(antq_postgresql_test PRIVATE antq_test_support)
antq_target_warnings(antq_postgresql_test)
target_compile_definitions(antq_postgresql_test PRIVATE ANTQ_TEST_POSTGRESQL)
if(ANTQ_PG_CTL)
    get_filename_component(antq_pg_bin "${ANTQ_PG_CTL}" DIRECTORY)
    target_compile_definitions(antq_postgresql_test PRIVATE ANTQ_POSTGRESQL_BIN_DIR="${antq_pg_bin}")
endif()
if(ANTQ_REQUIRE_POSTGRESQL_TESTS)
    target_compile_definitions(antq_postgresql_test PRIVATE ANTQ_REQUIRE_POSTGRESQL_TESTS)
endif()
add_test(NAME postgresql.all COMMAND antq_postgresql_test)
set_tests_properties(postgresql.all PROPERTIES TIMEOUT 600 SKIP_REGULAR_EXPRESSION "\\[  SKIPPED \\]")
