# Databases: datasets from, and results into, SQLite and PostgreSQL (docs/databases.md).
# Without ANTQ_WITH_DATABASES, database_off.cpp gives the same functions, which say so.
if(ANTQ_WITH_DATABASES)
    set(antq_database_sources
        src/antq/database/database.cpp
        src/antq/database/dataset_reader.cpp
        src/antq/database/mapping.cpp
        src/antq/database/postgresql.cpp
        src/antq/database/results.cpp
        src/antq/database/sqlite.cpp)
else()
    set(antq_database_sources src/antq/database/database_off.cpp)
endif()
antq_area(
    database
    BELOW evaluation
    SOURCES src/antq/database/source_text.cpp ${antq_database_sources})
