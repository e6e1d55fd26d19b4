#pragma once

inline int high_value() { return 2; }
