#pragma once

#include "antq/high/high.hpp"

inline int low_value() { return 1; }
