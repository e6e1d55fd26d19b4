# A user-defined scoring engine registered by an explicit call and used from a rulebook.
antq_example(02_custom_engine 02_custom_engine.cpp)
