#pragma once

/// \file
/// Everything antq offers, in one include.

#include <antq/archive.hpp>
#include <antq/compiled_rulebook.hpp>
#include <antq/data_check.hpp>
#include <antq/dataset.hpp>
#include <antq/engine.hpp>
#include <antq/error.hpp>
#include <antq/evaluate.hpp>
#include <antq/exemplar.hpp>
#include <antq/explain.hpp>
#include <antq/gaps.hpp>
#include <antq/history.hpp>
#include <antq/labels.hpp>
#include <antq/limits.hpp>
#include <antq/model.hpp>
#include <antq/observations.hpp>
#include <antq/output.hpp>
#include <antq/period.hpp>
#include <antq/registry.hpp>
#include <antq/report.hpp>
#include <antq/result.hpp>
#include <antq/result_io.hpp>
#include <antq/rule_diff.hpp>
#include <antq/rule_test.hpp>
#include <antq/rulebook.hpp>
#include <antq/rulebook_lint.hpp>
#include <antq/rulebook_loader.hpp>
#include <antq/rulebook_set.hpp>
#include <antq/rulebook_writer.hpp>
#include <antq/shipped_rulebooks.hpp>
#include <antq/snapshot.hpp>
#include <antq/unit.hpp>
#include <antq/version.hpp>
#include <antq/workbook.hpp>
