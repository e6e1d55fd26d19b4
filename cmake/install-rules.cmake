include(CMakePackageConfigHelpers)

set(ANTQ_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/antq"
    CACHE STRING "Where antq's CMake package files go")

# pkg-config files. Their prefix is found from where the .pc file is (${pcfiledir}), so an
# install prefix that is moved (tests/install/relocate.cmake) still works.
file(RELATIVE_PATH ANTQ_PC_PREFIX_FROM_PCFILEDIR "${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig"
     "${CMAKE_INSTALL_PREFIX}")
string(REGEX REPLACE "/$" "" ANTQ_PC_PREFIX_FROM_PCFILEDIR "${ANTQ_PC_PREFIX_FROM_PCFILEDIR}")

# antq/command_line.hpp declares antq::command, which only a build with the command has.
set(antq_header_excludes "")
if(NOT ANTQ_BUILD_TOOLS)
    set(antq_header_excludes PATTERN "command_line.hpp" EXCLUDE)
endif()
install(DIRECTORY include/ "${PROJECT_BINARY_DIR}/include/"
        DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}" COMPONENT antq_Development
        ${antq_header_excludes})
install(TARGETS antq_antq EXPORT antqTargets
        RUNTIME COMPONENT antq_Runtime
        LIBRARY COMPONENT antq_Runtime NAMELINK_COMPONENT antq_Development
        ARCHIVE COMPONENT antq_Development
        INCLUDES DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
if(TARGET antq_c)
    install(TARGETS antq_c EXPORT antqTargets
            RUNTIME COMPONENT antq_Runtime
            LIBRARY COMPONENT antq_Runtime NAMELINK_COMPONENT antq_Development
            ARCHIVE COMPONENT antq_Development
            INCLUDES DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
    configure_file(cmake/antq-c.pc.in "${PROJECT_BINARY_DIR}/antq-c.pc" @ONLY)
    install(FILES "${PROJECT_BINARY_DIR}/antq-c.pc" DESTINATION "${CMAKE_INSTALL_LIBDIR}/pkgconfig"
            COMPONENT antq_Development)
endif()
if(TARGET antq_testing)
    install(TARGETS antq_testing EXPORT antqTargets COMPONENT antq_Development)
endif()
if(ANTQ_BUILD_TOOLS)
    install(TARGETS antq_cli RUNTIME COMPONENT antq_Runtime)
    # antq::command: the command line as a function, for a team's own antq with its engines.
    install(TARGETS antq_command EXPORT antqTargets
            ARCHIVE COMPONENT antq_Development
            INCLUDES DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
endif()
install(DIRECTORY rulebooks/ DESTINATION "${CMAKE_INSTALL_DATADIR}/antq/rulebooks"
        COMPONENT antq_Runtime)

set(ANTQ_HAS_TESTING OFF)
if(TARGET antq_testing)
    set(ANTQ_HAS_TESTING ON)
endif()
configure_package_config_file(cmake/antqConfig.cmake.in
                              "${PROJECT_BINARY_DIR}/antqConfig.cmake"
                              INSTALL_DESTINATION "${ANTQ_INSTALL_CMAKEDIR}")
write_basic_package_version_file("${PROJECT_BINARY_DIR}/antqConfigVersion.cmake"
                                 COMPATIBILITY SameMinorVersion)
install(FILES "${PROJECT_BINARY_DIR}/antqConfig.cmake" "${PROJECT_BINARY_DIR}/antqConfigVersion.cmake"
        DESTINATION "${ANTQ_INSTALL_CMAKEDIR}" COMPONENT antq_Development)
install(EXPORT antqTargets NAMESPACE antq:: DESTINATION "${ANTQ_INSTALL_CMAKEDIR}"
        COMPONENT antq_Development)

# nlohmann_json is in the public headers (engine.hpp, rulebook.hpp): every user compiles
# with it. The others are the library's own business when it is shared; a static libantq.a
# leaves them to the program that links it, so they are then required outright.
set(ANTQ_PC_REQUIRES "nlohmann_json")
set(antq_pc_dependencies "yaml-cpp fmt libcrypto")
if(ANTQ_WITH_DATABASES)
    string(APPEND antq_pc_dependencies " libpq sqlite3")
endif()
if(ANTQ_WITH_XLSX)
    string(APPEND antq_pc_dependencies " xlsxwriter")
endif()
set(antq_pc_system_libs "-lboost_serialization -lboost_date_time -lpthread")
if(BUILD_SHARED_LIBS)
    set(ANTQ_PC_REQUIRES_PRIVATE "${antq_pc_dependencies}")
    set(ANTQ_PC_LIBS "")
    set(ANTQ_PC_LIBS_PRIVATE "${antq_pc_system_libs}")
    set(ANTQ_PC_CFLAGS "")
else()
    string(APPEND ANTQ_PC_REQUIRES " ${antq_pc_dependencies}")
    set(ANTQ_PC_REQUIRES_PRIVATE "")
    set(ANTQ_PC_LIBS " ${antq_pc_system_libs}")
    foreach(lib IN LISTS CMAKE_DL_LIBS)
        string(APPEND ANTQ_PC_LIBS " -l${lib}")
    endforeach()
    set(ANTQ_PC_LIBS_PRIVATE "")
    # export.hpp needs it to declare the symbols of a static library.
    set(ANTQ_PC_CFLAGS " -DANTQ_STATIC_DEFINE")
endif()
configure_file(cmake/antq.pc.in "${PROJECT_BINARY_DIR}/antq.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/antq.pc" DESTINATION "${CMAKE_INSTALL_LIBDIR}/pkgconfig"
        COMPONENT antq_Development)
if(ANTQ_BUILD_TOOLS)
    configure_file(cmake/antq-command.pc.in "${PROJECT_BINARY_DIR}/antq-command.pc" @ONLY)
    install(FILES "${PROJECT_BINARY_DIR}/antq-command.pc"
            DESTINATION "${CMAKE_INSTALL_LIBDIR}/pkgconfig" COMPONENT antq_Development)
endif()
