# Persistence: archive files, snapshots, golden archives of every released format version.
antq_test(antq_persistence_test
    persistence/archive_test.cpp
    persistence/container_test.cpp
    persistence/damaged_content_test.cpp
    persistence/golden_archives_test.cpp
    persistence/serialization_test.cpp
    persistence/snapshot_test.cpp)

# Writes the golden archives of the current format version (run by hand, once per version).
add_executable(antq_make_golden_archives support/make_golden_archives.cpp)
target_link_libraries(antq_make_golden_archives PRIVATE antq::antq)
target_include_directories(antq_make_golden_archives PRIVATE "${CMAKE_CURRENT_SOURCE_DIR}")
target_compile_definitions(antq_make_golden_archives PRIVATE ANTQ_TEST_DATA_DIR="${ANTQ_TEST_DATA_DIR}")
antq_target_warnings(antq_make_golden_archives)

# `antq show` runs the built command, so it needs the tools.
if(TARGET antq_cli)
    antq_test(antq_persistence_cli_test persistence/show_command_test.cpp)
    add_dependencies(antq_persistence_cli_test antq_cli)
    target_compile_definitions(antq_persistence_cli_test PRIVATE ANTQ_CLI_PATH="$<TARGET_FILE:antq_cli>")
endif()
