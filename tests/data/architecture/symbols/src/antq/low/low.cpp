// The low area, calling up into the high one through a declaration of its own.
int high_total();

int low_value() { return 1; }

int low_reaches_up() { return high_total() + 1; }
