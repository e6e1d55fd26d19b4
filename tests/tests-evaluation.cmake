# Evaluation: results, ranking, tiers and quotas, explanations, fingerprints.
antq_test(antq_evaluation_test
    evaluation/data_check_test.cpp
    evaluation/evaluate_differential_test.cpp
    evaluation/evaluate_engine_test.cpp
    evaluation/evaluate_incomplete_test.cpp
    evaluation/evaluate_ranking_test.cpp
    evaluation/evaluate_rollup_test.cpp
    evaluation/evaluate_test.cpp
    evaluation/explain_pipeline_test.cpp
    evaluation/explain_test.cpp
    evaluation/fingerprint_test.cpp
    evaluation/grouping_test.cpp
    evaluation/ranking_test.cpp
    evaluation/result_io_test.cpp
    evaluation/result_test.cpp
    evaluation/rounding_test.cpp
    evaluation/tiers_test.cpp)

# Conditional actions over two years (a binary of its own: it rebuilds alone).
antq_test(antq_conditional_action_test evaluation/conditional_action_test.cpp)

# Decisions recorded on proposals (a binary of its own: it rebuilds alone).
antq_test(antq_decisions_test evaluation/decisions_test.cpp)

# Indicators read by model type (a binary of its own: it rebuilds alone).
antq_test(antq_model_types_evaluation_test evaluation/model_types_evaluation_test.cpp)

# Explanations and rule diffs as JSON (a binary of its own: it rebuilds alone).
antq_test(antq_explain_json_test evaluation/explain_json_test.cpp)

# `antq evaluate` runs the built command, so it needs the tools.
if(TARGET antq_cli)
    antq_test(antq_evaluation_cli_test evaluation/data_check_command_test.cpp
                                       evaluation/evaluate_command_test.cpp)
    add_dependencies(antq_evaluation_cli_test antq_cli)
    target_compile_definitions(antq_evaluation_cli_test PRIVATE ANTQ_CLI_PATH="$<TARGET_FILE:antq_cli>")
endif()

# Decisions through the built command.
if(TARGET antq_cli)
    antq_test(antq_decisions_cli_test evaluation/decisions_command_test.cpp)
    add_dependencies(antq_decisions_cli_test antq_cli)
    target_compile_definitions(antq_decisions_cli_test PRIVATE ANTQ_CLI_PATH="$<TARGET_FILE:antq_cli>")
endif()

# The command's contract on faults (docs/cli.md, "Outputs and faults"): runs the built
# command, and the library's writer and CSV and terminal text helpers it relies on.
if(TARGET antq_cli)
    antq_test(antq_outputs_cli_test evaluation/outputs_command_test.cpp)
    add_dependencies(antq_outputs_cli_test antq_cli)
    target_compile_definitions(antq_outputs_cli_test PRIVATE ANTQ_CLI_PATH="$<TARGET_FILE:antq_cli>")
endif()

# Re-tiering against whole evaluations (a binary of its own: it rebuilds alone).
antq_test(antq_retier_test evaluation/retier_test.cpp)
