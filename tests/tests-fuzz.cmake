# Fuzz targets for the parsers, replayed over their seed corpus as tests (docs/fuzzing.md).
add_subdirectory(fuzz)
