# The library's areas (docs/architecture.md, "The layering rule"), lowest first. Each area is
# an object library of its own, `antq_area_<area>`, with its own source list in
# cmake/sources-<area>.cmake, linked to the area below it; `antq_antq` is made of their
# objects. After linking the library, the build checks that no area includes a header of a
# higher one (tests/architecture/check_layers.py) and that no area's objects use a symbol
# only a higher area defines (tests/architecture/check_symbols.py): an upward dependency
# fails the build, not only a test.

# The library's dependencies, once for both users of them: each area is compiled with
# their usage requirements, and `antq_antq` links them (the public ones for its users too:
# nlohmann_json is named by the public headers engine.hpp and rulebook.hpp).
set(ANTQ_PUBLIC_DEPENDENCIES Boost::date_time nlohmann_json::nlohmann_json)
set(ANTQ_PRIVATE_DEPENDENCIES Boost::serialization yaml-cpp fmt::fmt OpenSSL::Crypto
                              Threads::Threads ${CMAKE_DL_LIBS})
if(ANTQ_WITH_DATABASES)
    list(APPEND ANTQ_PRIVATE_DEPENDENCIES PostgreSQL::PostgreSQL SQLite::SQLite3)
endif()
if(ANTQ_WITH_XLSX)
    list(APPEND ANTQ_PRIVATE_DEPENDENCIES PkgConfig::xlsxwriter)
endif()

# What every area's code is compiled with: the library's include folders, its dependencies'
# usage requirements and its definitions. (Each area links it; `antq_antq` does not.)
add_library(antq_area_settings INTERFACE)
target_compile_features(antq_area_settings INTERFACE cxx_std_20)
target_include_directories(
    antq_area_settings INTERFACE "${PROJECT_SOURCE_DIR}/include" "${PROJECT_BINARY_DIR}/include"
                                 "${PROJECT_SOURCE_DIR}/src")
target_link_libraries(antq_area_settings INTERFACE ${ANTQ_PUBLIC_DEPENDENCIES}
                                                   ${ANTQ_PRIVATE_DEPENDENCIES})
if(BUILD_SHARED_LIBS)
    # What generate_export_header's ANTQ_EXPORT tests to mean "building libantq.so".
    target_compile_definitions(antq_area_settings INTERFACE antq_antq_EXPORTS)
else()
    target_compile_definitions(antq_area_settings INTERFACE ANTQ_STATIC_DEFINE)
endif()
if(ANTQ_WITH_DATABASES)
    target_compile_definitions(antq_area_settings INTERFACE ANTQ_WITH_DATABASES=1)
endif()

# antq_area(NAME [BELOW AREA...] SOURCES FILE...): the object library antq_area_NAME. BELOW
# names the areas right under it (the build graph then reads as the layer table does).
set(ANTQ_AREAS)
macro(antq_area name)
    cmake_parse_arguments(antq_area_arg "" "" "BELOW;SOURCES" ${ARGN})
    add_library(antq_area_${name} OBJECT ${antq_area_arg_SOURCES})
    set_target_properties(
        antq_area_${name} PROPERTIES CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN YES
                                     POSITION_INDEPENDENT_CODE ON)
    target_link_libraries(antq_area_${name} PUBLIC antq_area_settings)
    foreach(antq_area_below IN LISTS antq_area_arg_BELOW)
        target_link_libraries(antq_area_${name} PUBLIC antq_area_${antq_area_below})
    endforeach()
    antq_target_warnings(antq_area_${name})
    list(APPEND ANTQ_AREAS ${name})
endmacro()

# Errors and diagnostics, periods, the version.
antq_area(base SOURCES src/antq/error.cpp src/antq/period.cpp src/antq/version.cpp)

foreach(area IN ITEMS support expr dataset engines rules evaluation persistence toolkit database
                      stored)
    include("${CMAKE_CURRENT_LIST_DIR}/sources-${area}.cmake")
endforeach()
