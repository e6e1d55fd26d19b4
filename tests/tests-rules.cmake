# Rulebooks: loading and its diagnostics (every file of data/rulebooks/bad against its
# .expected), compilation into plans (built in C++ == loaded from YAML), lint warnings,
# sets of rulebooks, and `antq check` run as a program.
antq_test(antq_rules_test
    rules/rulebook_loader_test.cpp
    rules/enum_words_test.cpp
    rules/compile_test.cpp
    rules/lint_test.cpp
    rules/rulebook_set_test.cpp
    rules/rulebook_schema_test.cpp
    rules/rulebook_writer_test.cpp
    rules/shipped_rulebooks_directory_test.cpp)

if(TARGET antq_cli)
    antq_test(antq_check_rules_test rules/check_rules_test.cpp)
    add_dependencies(antq_check_rules_test antq_cli)
endif()
