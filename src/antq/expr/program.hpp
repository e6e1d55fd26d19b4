#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "antq/expr/types.hpp"

namespace antq::detail::expr {

/// The input columns of a batch, indexed by slot: inputs[slot][subject]. Numbers as they
/// are, booleans as 1 or 0, texts as string_pool ids; NaN means missing. Slots a program
/// does not read may be empty.
using batch_inputs = std::span<const std::span<const double>>;

/// The operations of a compiled program. Each reads up to three operands and writes one
/// register, for a whole chunk of subjects at once.
enum class opcode : std::uint8_t {
    broadcast,  ///< the instruction's constant `value`
    negate,
    logical_not,
    absolute,
    floor,
    ceil,
    sqrt,  ///< fails on negatives
    round,
    is_missing,
    add,
    subtract,
    multiply,
    divide,  ///< fails on a zero divisor
    modulo,  ///< fails on a zero divisor
    minimum,
    maximum,
    ratio,
    round_digits,
    equal,
    not_equal,
    less,
    less_equal,
    greater,
    greater_equal,
    logical_and,  ///< the second operand's failures count only where the first is not false
    logical_or,   ///< the second operand's failures count only where the first is not true
    coalesce,     ///< the second operand's failures count only where the first is missing
    member,       ///< operand in lists[list_begin, list_begin + list_size)
    select,       ///< c ? a : b: each branch's failures count only where it is taken
    clamp,
    divide_or,  ///< div(a, b, fallback): the fallback's failures count only where b is 0
};

/// How many operands an operation reads (0 to 3).
std::size_t operand_count(opcode op) noexcept;

/// The operation's name, for listings.
std::string_view name_of(opcode op) noexcept;

/// Whether the operation can fail (divide, modulo, sqrt).
bool can_fail(opcode op) noexcept;

/// The operation on single values: the reference for constant folding. `list` is the
/// membership list. Failures are not detected here; see fails().
double apply(opcode op, std::array<double, 3> operands, std::span<const double> list) noexcept;

/// Whether the operation fails on these values (division by zero, square root of a negative).
bool fails(opcode op, std::array<double, 3> operands) noexcept;

/// Which operand of a two-operand instruction is the constant `value` instead of a column.
enum class immediate : std::uint8_t { none, first, second };

/// One step of a program.
struct instruction {
    opcode op = opcode::broadcast;
    immediate constant = immediate::none;
    /// The register written.
    std::uint32_t target = 0;
    /// Operand numbers: below the program's input count they name an input (the program's
    /// slots()[n]); from there on, register n - input count.
    std::array<std::uint32_t, 3> operands{};
    /// Where a failure is reported (1-based column), for operations that can fail.
    std::uint32_t column = 0;
    std::uint32_t list_begin = 0;
    std::uint32_t list_size = 0;
    /// The constant of broadcast and of an immediate operand.
    double value = 0;
};

/// What compile hands to a program.
struct program_code {
    std::vector<instruction> instructions;
    /// Slots of the inputs read, by input number.
    std::vector<std::uint32_t> slots;
    /// The membership lists, one after another.
    std::vector<double> lists;
    std::uint32_t registers = 0;
    /// The operand number holding the result after the last instruction.
    std::uint32_t result = 0;
    value_type type = value_type::number;
};

/// A compiled expression: a flat list of instructions over registers of chunk_size lanes,
/// so that evaluating a batch costs no allocation, no lookup and no virtual call per
/// subject. Immutable; run may be called from many threads at once (each with its own
/// workspace). Copyable.
class program {
  public:
    /// Subjects evaluated together by each instruction.
    static constexpr std::size_t chunk_size = 256;

    /// Scratch memory for run, reusable across runs and programs; one per thread.
    class workspace {
      public:
        workspace() = default;

      private:
        friend class program;
        std::vector<double> values_;
        std::vector<std::uint32_t> errors_;
        std::vector<const double*> value_operands_;
        std::vector<const std::uint32_t*> error_operands_;
    };

    /// Normally made by compile. Precondition: the code is well formed (asserted).
    explicit program(program_code code);

    /// The type of the result.
    value_type type() const noexcept { return code_.type; }

    /// The slots the program reads; the others may be empty in run's inputs.
    std::span<const std::uint32_t> slots() const noexcept { return code_.slots; }

    /// The instructions, for tests and listings.
    std::span<const instruction> instructions() const noexcept { return code_.instructions; }

    /// Evaluates every subject: out[i] is the value of subject i (booleans 1 or 0, texts
    /// string ids, missing the canonical quiet NaN) and error_column[i] is 0, or the 1-based
    /// column of the operation that failed for subject i (out[i] is then NaN). A failure
    /// counts only where its value is used: the untaken branch of `?:`, if() and div(), and
    /// the right side of a decided `and`/`or`, never fail. When several used operations fail,
    /// the first in left-to-right evaluation order is reported.
    /// Throws std::invalid_argument when out and error_column differ in size, or a slot read
    /// has fewer values than out.
    void run(batch_inputs inputs, std::span<double> out, std::span<std::uint32_t> error_column,
             workspace& scratch) const;

    /// The same with a workspace of its own (allocated once per call).
    void run(batch_inputs inputs, std::span<double> out,
             std::span<std::uint32_t> error_column) const;

    /// A readable listing of the instructions, one per line, for debugging.
    std::string listing() const;

  private:
    void prepare(workspace& scratch) const;
    bool run_values(workspace& scratch, std::size_t lanes) const;
    void run_checked(workspace& scratch, std::size_t lanes) const;

    program_code code_;
};

}  // namespace antq::detail::expr
