#pragma once

// What the C API's implementation (capi.cpp) shares with its white-box test: how an
// exception becomes a status and an antq_error. Not exported from libantq-c (its version
// script exports antq_* only).

#include <antq/antq.h>

namespace antq::capi {

/// Maps the exception being handled to its status and, when `error` is not null, stores a
/// new antq_error with the status and message in `*error`: `input_error` ANTQ_INPUT_ERROR
/// (with every diagnostic and the first error's place), `io_error` ANTQ_IO_ERROR,
/// `corrupt_file_error` ANTQ_CORRUPT_FILE, `usage_error` ANTQ_USAGE_ERROR, `engine_error`
/// ANTQ_ENGINE_ERROR (its message as it is: rulebook, version, period and subject id when
/// thrown by an evaluation), `std::bad_alloc` ANTQ_OUT_OF_MEMORY (a preallocated error),
/// anything else ANTQ_INTERNAL_ERROR. Call it only inside a `catch` block.
antq_status report_current_exception(antq_error** error) noexcept;

}  // namespace antq::capi
