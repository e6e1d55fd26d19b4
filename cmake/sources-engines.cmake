# Scoring engines: the extension point (include/antq/engine.hpp) and the built-in engines.
antq_area(
    engines
    BELOW dataset
    SOURCES src/antq/engines/checklist_engine.cpp
            src/antq/engines/composite_engine.cpp
            src/antq/engines/criterion_vocabulary.cpp
            src/antq/engines/deduction_engine.cpp
            src/antq/engines/engine_option_reader.cpp
            src/antq/engines/mcda.cpp
            src/antq/engines/scoring_engine.cpp
            src/antq/engines/topsis_engine.cpp
            src/antq/engines/weighted_engine.cpp)
