# The library's sources, listed explicitly (no globbing). Each area keeps its own list.
set(ANTQ_SOURCES
    src/antq/error.cpp
    src/antq/labels.cpp
    src/antq/output.cpp
    src/antq/period.cpp
    src/antq/version.cpp)

foreach(area IN ITEMS support expr dataset rules engines evaluation persistence toolkit database
                  stored)
    include("${CMAKE_CURRENT_LIST_DIR}/sources-${area}.cmake")
endforeach()
