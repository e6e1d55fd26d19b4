# Persistence: archive files (include/antq/archive.hpp, snapshot.hpp) and the Boost.Serialization
# of every persisted type (include/antq/serialization.hpp).
antq_area(
    persistence
    BELOW evaluation
    SOURCES src/antq/persistence/archive.cpp
            src/antq/persistence/container.cpp
            src/antq/persistence/dataset_serialization.cpp
            src/antq/persistence/results_serialization.cpp
            src/antq/persistence/rulebook_serialization.cpp
            src/antq/persistence/snapshot.cpp)
