# The installed package as a project without CMake uses it, where the test suite is not built
# (the `shared` preset, ANTQ_TEST_PACKAGE): install this build into a scratch prefix, then
# build and run programs with nothing but `pkg-config --cflags --libs antq` (and
# `antq-command`), so that the .pc files of the shared libantq.so are tested as those of the
# static library are by tests/CMakeLists.txt (install.pkg_config).
set(antq_package_prefix "${PROJECT_BINARY_DIR}/package-test/prefix")
add_test(NAME package.install
         COMMAND "${CMAKE_COMMAND}" --install "${PROJECT_BINARY_DIR}" --prefix
                 "${antq_package_prefix}" --config $<CONFIG>)
set(antq_package_command_source "")
if(ANTQ_BUILD_TOOLS)
    set(antq_package_command_source "${PROJECT_SOURCE_DIR}/examples/05_own_command/main.cpp")
endif()
add_test(NAME package.pkg_config
         COMMAND "${CMAKE_COMMAND}" "-DPREFIX=${antq_package_prefix}"
                 "-DLIBDIR=${CMAKE_INSTALL_LIBDIR}" "-DCXX=${CMAKE_CXX_COMPILER}"
                 "-DCXX_FLAGS=${CMAKE_CXX_FLAGS}"
                 "-DSOURCE=${PROJECT_SOURCE_DIR}/tests/install/pkg_config_consumer.cpp"
                 "-DCOMMAND_SOURCE=${antq_package_command_source}"
                 "-DSOURCE_DIR=${PROJECT_SOURCE_DIR}"
                 "-DOUT=${PROJECT_BINARY_DIR}/package-test/pkg-config"
                 -P "${PROJECT_SOURCE_DIR}/tests/install/pkg_config.cmake")
set_tests_properties(package.install PROPERTIES FIXTURES_SETUP antq_package_installed)
set_tests_properties(package.pkg_config PROPERTIES FIXTURES_REQUIRED antq_package_installed)
