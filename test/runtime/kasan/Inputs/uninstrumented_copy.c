// Compiled without the plugin: its memcpy call reaches the hosted runtime's
// memcpy, which must check the ranges itself.
#include <string.h>

__attribute__((noinline)) void uninstrumented_copy(void *dst, const void *src,
                                                   size_t n) {
  memcpy(dst, src, n);
}
