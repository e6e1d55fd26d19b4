#pragma once

/// \file
/// The language antq renders text in for people: explanations, reasons, reports.

namespace antq {

/// The language of rendered text: Vietnamese (the default wherever there is a choice) or
/// English.
enum class language { vi, en };

}  // namespace antq
