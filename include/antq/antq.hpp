#pragma once

/// \file
/// Everything antq offers, in one include.

#include <antq/dataset.hpp>
#include <antq/engine.hpp>
#include <antq/error.hpp>
#include <antq/exemplar.hpp>
#include <antq/model.hpp>
#include <antq/observations.hpp>
#include <antq/period.hpp>
#include <antq/registry.hpp>
#include <antq/rulebook.hpp>
#include <antq/unit.hpp>
#include <antq/version.hpp>
