include(CMakePackageConfigHelpers)

set(ANTQ_INSTALL_CMAKEDIR "${CMAKE_INSTALL_LIBDIR}/cmake/antq"
    CACHE STRING "Where antq's CMake package files go")

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

set(ANTQ_PC_OPTIONAL_REQUIRES "")
if(ANTQ_WITH_DATABASES)
    set(ANTQ_PC_OPTIONAL_REQUIRES " libpq sqlite3")
endif()
if(ANTQ_WITH_XLSX)
    string(APPEND ANTQ_PC_OPTIONAL_REQUIRES " xlsxwriter")
endif()
configure_file(cmake/antq.pc.in "${PROJECT_BINARY_DIR}/antq.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/antq.pc" DESTINATION "${CMAKE_INSTALL_LIBDIR}/pkgconfig"
        COMPONENT antq_Development)
