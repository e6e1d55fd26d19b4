# Databases: datasets from, and results into, SQLite and PostgreSQL (docs/databases.md).
list(APPEND ANTQ_SOURCES src/antq/database/source_text.cpp)
if(ANTQ_WITH_DATABASES)
    list(APPEND ANTQ_SOURCES
         src/antq/database/database.cpp
         src/antq/database/dataset_reader.cpp
         src/antq/database/mapping.cpp
         src/antq/database/postgresql.cpp
         src/antq/database/results.cpp
         src/antq/database/sqlite.cpp)
else()
    list(APPEND ANTQ_SOURCES src/antq/database/database_off.cpp)
endif()
