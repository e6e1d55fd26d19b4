# The antq command's subcommands, one file each, and the companion programs.
target_sources(antq_command PRIVATE antq/check_command.cpp)
target_sources(antq_command PRIVATE antq/check_rules.cpp)
target_sources(antq_command PRIVATE antq/evaluate_command.cpp)
target_sources(antq_command PRIVATE antq/test_command.cpp antq/diff_command.cpp antq/report_command.cpp
                                antq/gaps_command.cpp antq/export_command.cpp
                                antq/history_command.cpp antq/sensitivity_command.cpp)
target_sources(antq_command PRIVATE antq/show_command.cpp)
target_sources(antq_command PRIVATE antq/db_command.cpp)

# antq-generate: a synthetic national dataset for benchmarks and demonstrations.
add_executable(antq_generate antq_generate.cpp)
set_target_properties(antq_generate PROPERTIES OUTPUT_NAME antq-generate)
target_link_libraries(antq_generate PRIVATE antq_synthetic fmt::fmt CLI11::CLI11)
antq_target_warnings(antq_generate)
