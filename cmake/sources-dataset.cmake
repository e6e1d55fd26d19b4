# The domain model and datasets: registry, observations, CSV and JSON files.
list(APPEND ANTQ_SOURCES
     src/antq/dataset.cpp
     src/antq/dataset_builder.cpp
     src/antq/decision.cpp
     src/antq/io/atomic_file.cpp
     src/antq/io/csv.cpp
     src/antq/io/dataset_csv.cpp
     src/antq/io/dataset_json.cpp
    src/antq/io/json_text.cpp
     src/antq/io/observations_io.cpp
     src/antq/io/read_file.cpp
     src/antq/io/tables.cpp
     src/antq/io/terminal_text.cpp
     src/antq/model.cpp
     src/antq/observations.cpp
     src/antq/registry.cpp)
