# PROJECT_IS_TOP_LEVEL exists since CMake 3.21; keep one spelling for the tree.
set(ANTQ_IS_TOP_LEVEL "${PROJECT_IS_TOP_LEVEL}")
