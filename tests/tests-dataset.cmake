# The domain model and datasets: registry, observations, CSV, JSON, the check command.
antq_test(antq_dataset_test
    dataset/csv_test.cpp
    dataset/dataset_test.cpp
    dataset/model_test.cpp
    dataset/observations_test.cpp
    dataset/registry_test.cpp)

# `antq check --data` runs the built command, so it needs the tools.
if(TARGET antq_cli)
    antq_test(antq_dataset_cli_test dataset/check_command_test.cpp)
    add_dependencies(antq_dataset_cli_test antq_cli)
    target_compile_definitions(antq_dataset_cli_test PRIVATE ANTQ_CLI_PATH="$<TARGET_FILE:antq_cli>")
endif()
