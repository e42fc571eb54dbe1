/* Two functions for a vmlinux-like image linked at the kernel's address. */
int alpha(int x) { return x * 3 + 1; }
int beta(int x) { return alpha(x) - 7; }
