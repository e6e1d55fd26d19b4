# The expression language of rulebooks: parser, type checker, compiler to batch programs,
# and the reference interpreter (private: src/antq/expr/).
antq_area(
    expr
    BELOW support
    SOURCES src/antq/expr/ast.cpp
            src/antq/expr/compiler.cpp
            src/antq/expr/interpreter.cpp
            src/antq/expr/kernels.cpp
            src/antq/expr/parser.cpp
            src/antq/expr/program.cpp
            src/antq/expr/scope.cpp)
