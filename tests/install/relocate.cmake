# Moves an install prefix elsewhere: `cmake -DFROM=... -DTO=... -P relocate.cmake`. What was
# at TO before (an earlier run's) goes first; FROM no longer exists afterwards.
if(NOT FROM OR NOT TO)
    message(FATAL_ERROR "relocate.cmake needs -DFROM=<prefix> -DTO=<new prefix>")
endif()
if(NOT IS_DIRECTORY "${FROM}")
    message(FATAL_ERROR "relocate.cmake: ${FROM} is not an installed prefix")
endif()
file(REMOVE_RECURSE "${TO}")
file(RENAME "${FROM}" "${TO}")
message(STATUS "moved ${FROM} to ${TO}")
