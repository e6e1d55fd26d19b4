#pragma once

/// \file
/// Everything antq offers, in one include.

#include <antq/compiled_rulebook.hpp>
#include <antq/dataset.hpp>
#include <antq/engine.hpp>
#include <antq/error.hpp>
#include <antq/exemplar.hpp>
#include <antq/gaps.hpp>
#include <antq/model.hpp>
#include <antq/observations.hpp>
#include <antq/period.hpp>
#include <antq/registry.hpp>
#include <antq/report.hpp>
#include <antq/rule_diff.hpp>
#include <antq/rule_test.hpp>
#include <antq/rulebook.hpp>
#include <antq/rulebook_lint.hpp>
#include <antq/rulebook_loader.hpp>
#include <antq/rulebook_set.hpp>
#include <antq/unit.hpp>
#include <antq/version.hpp>
