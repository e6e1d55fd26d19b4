# A user-defined scoring engine registered by an explicit call and used from a rulebook.
antq_example(02_custom_engine 02_custom_engine.cpp)

# A team's own antq command with its own engine (examples/05_own_command/): every subcommand
# of the shipped command, each reading a rulebook that names the example's engine; the
# shipped antq refuses that rulebook.
if(TARGET antq::command)
    add_executable(05_own_command 05_own_command/main.cpp)
    target_link_libraries(05_own_command PRIVATE antq::command)
    antq_target_warnings(05_own_command)
    set(own_rules examples/05_own_command/model-balance.yaml)
    set(own_data examples/data/quang-trung)
    set(own_out "${CMAKE_CURRENT_BINARY_DIR}/05_own_command-output")
    file(MAKE_DIRECTORY "${own_out}")
    add_test(NAME example.05_own_command
             COMMAND 05_own_command evaluate --rules ${own_rules} --data ${own_data} --period 2025
                     --lang en --explain qt-m03
             WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}")
    add_test(NAME example.05_own_command.check COMMAND 05_own_command check ${own_rules}
             WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}")
    add_test(NAME example.05_own_command.check_data
             COMMAND 05_own_command check --data ${own_data} --rules ${own_rules} --period 2025
             WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}")
    add_test(NAME example.05_own_command.test COMMAND 05_own_command test ${own_rules}
             WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}")
    add_test(NAME example.05_own_command.diff
             COMMAND 05_own_command diff --old ${own_rules} --new ${own_rules} --data ${own_data}
                     --period 2025
             WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}")
    add_test(NAME example.05_own_command.report
             COMMAND 05_own_command report --rules ${own_rules} --data ${own_data} --period 2025
                     --out "${own_out}/report.html"
             WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}")
    add_test(NAME example.05_own_command.gaps
             COMMAND 05_own_command gaps --rules ${own_rules} --data ${own_data} --period 2025
             WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}")
    add_test(NAME example.05_own_command.shipped_refuses COMMAND antq_cli check ${own_rules}
             WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}")
    # qt-m03 in 2025: reports 10/12, mediation 3/4, patrols 44/48, legal sessions 10/12: its
    # weakest activity, mediation, reaches 75%, so 100 * 0.75 = 75 points.
    set_tests_properties(example.05_own_command PROPERTIES PASS_REGULAR_EXPRESSION
                                                           "Result: 75\\.00/100\\.00 points; tier [^\n]* \\(balanced\\)")
    # The data are checked against the rulebook, compiled with the example's engine.
    set_tests_properties(example.05_own_command.check_data PROPERTIES PASS_REGULAR_EXPRESSION
                                                                      "the rulebooks are model-balance")
    set_tests_properties(example.05_own_command.check PROPERTIES PASS_REGULAR_EXPRESSION
                                                                 "model-balance.yaml: hợp lệ")
    set_tests_properties(example.05_own_command.test PROPERTIES PASS_REGULAR_EXPRESSION
                                                                "2 ca khớp, 0 ca không khớp")
    set_tests_properties(
        example.05_own_command.shipped_refuses
        PROPERTIES PASS_REGULAR_EXPRESSION "unknown engine 'weakest-link'")
endif()
