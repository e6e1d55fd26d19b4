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

# The commands, as a user runs them: a Quảng Trung database made, read, evaluated, stored.
if(TARGET antq_cli)
    set(db_file "${CMAKE_CURRENT_BINARY_DIR}/database-cli/quang-trung.db")
    set(db "sqlite:${db_file}")
    function(antq_db_cli_test name rc output)
        string(REPLACE ";" "|" args "${ARGN}")
        add_test(NAME cli.db.${name}
                 COMMAND "${CMAKE_COMMAND}" "-DPROGRAM=$<TARGET_FILE:antq_cli>" "-DARGS=${args}"
                         "-DEXPECT_RC=${rc}" "-DEXPECT_OUTPUT=${output}"
                         -P "${CMAKE_CURRENT_SOURCE_DIR}/toolkit/run_cli.cmake"
                 WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}")
    endfunction()
    file(MAKE_DIRECTORY "${CMAKE_CURRENT_BINARY_DIR}/database-cli")
    add_test(NAME cli.db.fresh COMMAND "${CMAKE_COMMAND}" -E rm -f "${db_file}")
    antq_db_cli_test(import 0 "imported 14 units, 29 models, 5 exemplars and 153 observation rows"
                     db import --data examples/data/quang-trung --to ${db})
    antq_db_cli_test(import_again 1 "antq: error: the database 'sqlite:[^']*' has a table 'units' already"
                     db import --data examples/data/quang-trung --to ${db})
    antq_db_cli_test(check 0 "dữ liệu sqlite:[^\n]*: hợp lệ\n[^\n]*14\n"
                     check --data ${db})
    antq_db_cli_test(evaluate 0 "\nqt-m01,2024,model-effectiveness,"
                     evaluate --rules rulebooks/model-effectiveness.yaml --data ${db} --period 2024 --format csv)
    antq_db_cli_test(store_without_init 1 "antq: error: [^\n]*has no antq results tables: create them with `antq db init"
                     db store --rules rulebooks --data ${db} --period 2024 --to ${db})
    antq_db_cli_test(init 0 "results tables ready \\(schema version 2\\)" db init --to ${db})
    antq_db_cli_test(init_upgrade 0 "results tables ready \\(schema version 2\\)" db init --upgrade --to ${db})
    antq_db_cli_test(store 0 "stored run [0-9a-f]+ for period 2024: 14 rulebooks, 77 results"
                     db store --rules rulebooks --data ${db} --period 2024 --to ${db})
    antq_db_cli_test(store_again 0 "is already stored: nothing added"
                     db store --rules rulebooks --data examples/data/quang-trung --period 2024 --to ${db})
    antq_db_cli_test(runs 0 "^run,stored_at,period,fingerprint,library_version,dataset_hash,rulebooks\n1,[^\n]*,2024,[0-9a-f]+,[^\n]*\n$"
                     db runs --from ${db})
    antq_db_cli_test(results 0 "^subject,period,rulebook,version,status,score,max_score,tier,action,group,rank,message,decided_tier,decision_number,decision_date,decision_stale\n"
                     db results --from ${db} --period 2024)
    antq_db_cli_test(previous_from 0 "^subject,period,rulebook,version,status,score,max_score,tier,action,group,rank,name,status_label,tier_label,action_label,group_label,previous_tier,previous_rank\n"
                     evaluate --rules rulebooks --data ${db} --period 2025 --previous 2024 --previous-from ${db} --format csv)
    antq_db_cli_test(results_of_no_run 1 "antq: error: [^\n]*has no stored run for period 2023"
                     db results --from ${db} --period 2023)
    # The history and the diff read from the stored runs: 2024 and 2025 stored, 2023 not.
    antq_db_cli_test(store_2025 0 "stored run [0-9a-f]+ for period 2025"
                     db store --rules rulebooks --data ${db} --period 2025 --to ${db})
    antq_db_cli_test(history_runs_from 0 "Bộ tiêu chí: [^\n]*\\(tt124-residential\\)\n"
                     history --rules rulebooks --runs-from ${db} --from 2024 --to 2025 --rulebook tt124-residential)
    antq_db_cli_test(history_runs_from_csv 0 "\ntt124-residential,2024,2022\\.1,qt-cong-hoa,[^,]*,evaluated,"
                     history --rules rulebooks --runs-from ${db} --data ${db} --from 2024 --to 2025 --rulebook tt124-residential --format csv)
    antq_db_cli_test(history_runs_from_missing_period 0 "antq: lưu ý: kỳ 2023: không có lần đánh giá nào của kỳ này được lưu trong cơ sở dữ liệu 'sqlite:[^']*quang-trung\\.db'"
                     history --rules rulebooks --runs-from ${db} --from 2023 --to 2025 --rulebook tt124-residential)
    antq_db_cli_test(history_runs_from_no_run 1 "antq: error: the database 'sqlite:[^']*' has no stored run for any period from 2021 to 2022"
                     history --rules rulebooks --runs-from ${db} --from 2021 --to 2022)
    antq_db_cli_test(history_needs_data_or_runs 2 "antq: error: history needs --data DATASET"
                     history --rules rulebooks --from 2024 --to 2025)
    antq_db_cli_test(diff_old_from 0 "\\(tt124-residential\\): phiên bản 2022\\.1 → phiên bản 2022\\.1, kỳ 2024\ncũ: lần đánh giá đã lưu của kỳ"
                     diff --old-from ${db} --new rulebooks/tt124-residential.yaml --with rulebooks --data ${db} --period 2024)
    antq_db_cli_test(diff_old_and_old_from 2 "antq: error: give either --old RULES"
                     diff --old rulebooks --old-from ${db} --new rulebooks --data ${db} --period 2024)
    antq_db_cli_test(diff_without_old 2 "antq: error: diff needs the old side"
                     diff --new rulebooks --data ${db} --period 2024)
    set(db_steps import import_again check evaluate store_without_init init init_upgrade store store_again runs
                 results previous_from results_of_no_run store_2025 history_runs_from history_runs_from_csv
                 history_runs_from_missing_period history_runs_from_no_run history_needs_data_or_runs
                 diff_old_from diff_old_and_old_from diff_without_old)
    set(previous fresh)
    foreach(step IN LISTS db_steps)
        set_tests_properties(cli.db.${previous} PROPERTIES FIXTURES_SETUP db_${previous})
        set_tests_properties(cli.db.${step} PROPERTIES FIXTURES_REQUIRED db_${previous})
        set(previous ${step})
    endforeach()
    antq_db_cli_test(no_such_file 1 "antq: error: cannot open the database 'sqlite:no-such-file.db'"
                     check --data sqlite:no-such-file.db)
    antq_db_cli_test(connection_refused 1 "antq: error: cannot connect to 'postgresql://antq@127.0.0.1:1/x[?]connect_timeout=2': [^\n]*Connection refused"
                     evaluate --rules rulebooks --data postgresql://antq@127.0.0.1:1/x?connect_timeout=2 --period 2024)
    # A password written in the URI never reaches the output (antq::source_text).
    antq_db_cli_test(password_not_shown 1 "antq: error: cannot connect to 'postgresql://antq@127.0.0.1:1/x[?]connect_timeout=2'"
                     check --data postgresql://antq:topsecret@127.0.0.1:1/x?password=topsecret&connect_timeout=2)
    set_tests_properties(cli.db.password_not_shown PROPERTIES FAIL_REGULAR_EXPRESSION "topsecret")
endif()
