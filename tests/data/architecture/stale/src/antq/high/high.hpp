#pragma once

#include "antq/low/low.hpp"

inline int high_value() { return low_value() + 1; }
