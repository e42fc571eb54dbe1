int simple(int *p) { return *p; }
