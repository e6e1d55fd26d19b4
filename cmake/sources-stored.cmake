# Stored runs: the history and the diff read back from the runs stored in a database
# (docs/databases.md, "History of stored runs"). Built with or without database support:
# without it the database functions it calls throw `database_error` saying so.
antq_area(
    stored
    BELOW toolkit database
    SOURCES src/antq/stored/stored_runs.cpp)
