// The high area, calling down into the low one (allowed).
int low_value();

int high_total() { return low_value() + 41; }
