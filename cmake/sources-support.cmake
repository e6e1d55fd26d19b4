# Generic helpers under every area above: CSV, JSON text, atomic files, file reading,
# terminal text, "did you mean" suggestions.
antq_area(
    support
    BELOW base
    SOURCES src/antq/io/atomic_file.cpp
            src/antq/io/csv.cpp
            src/antq/io/json_text.cpp
            src/antq/io/read_file.cpp
            src/antq/io/terminal_text.cpp
            src/antq/output.cpp
            src/antq/suggestion.cpp)
