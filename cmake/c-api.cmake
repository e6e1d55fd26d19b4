# The C API (include/antq/antq.h, src/antq/capi/): a shared library of its own, libantq-c
# (target antq::c), whatever BUILD_SHARED_LIBS says, because C, Python (ctypes) and Java
# (JNA) load a .so. It links the C++ library privately: when that one is static (the
# default), its code is inside libantq-c and none of its symbols are exported; only the
# antq_* functions are (a linker version script on ELF platforms, hidden visibility
# elsewhere). Its soname follows ANTQ_SOVERSION: libantq-c.so.0.1 for every 0.1.x.
add_library(antq_c SHARED src/antq/capi/capi.cpp)
add_library(antq::c ALIAS antq_c)
set_target_properties(
    antq_c
    PROPERTIES OUTPUT_NAME antq-c
               EXPORT_NAME c
               VERSION ${PROJECT_VERSION}
               SOVERSION ${ANTQ_SOVERSION}
               CXX_VISIBILITY_PRESET hidden
               VISIBILITY_INLINES_HIDDEN YES)
target_compile_definitions(antq_c PRIVATE ANTQ_C_BUILDING)
target_include_directories(
    antq_c ${warning_guard}
    PUBLIC "$<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>"
    PRIVATE "${PROJECT_SOURCE_DIR}/src")
target_link_libraries(antq_c PRIVATE antq::antq fmt::fmt nlohmann_json::nlohmann_json)
if(CMAKE_SYSTEM_NAME MATCHES "Linux|BSD" OR CMAKE_SYSTEM_NAME STREQUAL "GNU")
    set(antq_c_map "${PROJECT_SOURCE_DIR}/cmake/antq-c.map")
    target_link_options(antq_c PRIVATE "LINKER:--version-script=${antq_c_map}")
    set_property(TARGET antq_c APPEND PROPERTY LINK_DEPENDS "${antq_c_map}")
endif()
antq_target_warnings(antq_c)
