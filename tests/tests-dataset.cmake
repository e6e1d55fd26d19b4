# The domain model and datasets: registry, observations, CSV, JSON, the check command.
antq_test(antq_dataset_test
    dataset/csv_test.cpp
    dataset/dataset_builder_test.cpp
    dataset/dataset_test.cpp
    dataset/model_test.cpp
    dataset/model_types_test.cpp
    dataset/observations_test.cpp
    dataset/registry_test.cpp)

# `antq check --data` runs the built command, so it needs the tools.
if(TARGET antq_cli)
    antq_test(antq_dataset_cli_test dataset/check_command_test.cpp)
    add_dependencies(antq_dataset_cli_test antq_cli)
    target_compile_definitions(antq_dataset_cli_test PRIVATE ANTQ_CLI_PATH="$<TARGET_FILE:antq_cli>")
endif()

# antq-generate refuses sizes no machine holds, with its numbers and exit status 2.
if(TARGET antq_generate)
    add_test(NAME cli.generate_too_large
             COMMAND "${CMAKE_COMMAND}" "-DPROGRAM=$<TARGET_FILE:antq_generate>"
                     "-DARGS=--models|10000000000000|--out|${CMAKE_CURRENT_BINARY_DIR}/generate-too-large"
                     "-DEXPECT_RC=2"
                     "-DEXPECT_OUTPUT=antq-generate: error: [^\n]*10000000000000 models[^\n]*at most 100000000 of each"
                     -P "${CMAKE_CURRENT_SOURCE_DIR}/toolkit/run_cli.cmake")
endif()
