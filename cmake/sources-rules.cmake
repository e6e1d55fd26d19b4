# Rulebooks: reading YAML, validation, compilation into evaluation plans, lint, sets of
# rulebooks (include/antq/rulebook.hpp, rulebook_loader.hpp, compiled_rulebook.hpp,
# rulebook_lint.hpp, rulebook_set.hpp).
antq_area(
    rules
    BELOW engines
    SOURCES src/antq/rules/compile.cpp
            src/antq/rules/lint.cpp
            src/antq/rules/loader.cpp
            src/antq/rules/reader.cpp
            src/antq/rules/rulebook.cpp
            src/antq/rules/rulebook_set.cpp
            src/antq/rules/score_band.cpp
            src/antq/rules/shipped_rulebooks.cpp
            src/antq/rules/source_text.cpp
            src/antq/rules/validate.cpp
            src/antq/rules/writer.cpp
            src/antq/rules/yaml_tree.cpp)
