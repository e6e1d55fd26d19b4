# Persistence: archive files, snapshots, golden archives of every released format version.
antq_test(antq_persistence_test
    persistence/archive_test.cpp
    persistence/container_test.cpp
    persistence/snapshot_test.cpp)
