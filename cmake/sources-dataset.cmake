# The domain model and datasets: registry, observations, their CSV and JSON files.
antq_area(
    dataset
    BELOW expr
    SOURCES src/antq/dataset/dataset.cpp
            src/antq/dataset/dataset_builder.cpp
            src/antq/dataset/dataset_csv.cpp
            src/antq/dataset/dataset_json.cpp
            src/antq/dataset/decision.cpp
            src/antq/dataset/model.cpp
            src/antq/dataset/observations.cpp
            src/antq/dataset/observations_io.cpp
            src/antq/dataset/registry.cpp
            src/antq/dataset/tables.cpp)
