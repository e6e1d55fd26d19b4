#pragma once

// A public header must include only public headers.
#include "antq/high/high.hpp"
