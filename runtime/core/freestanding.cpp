// Byte and string helpers for a core that links with no C library.
//
// The loops are written with volatile-free byte stores; the core is built
// with -ffreestanding -fno-builtin, which keeps clang from turning them back
// into memset/memcpy calls (the core-symbols test checks that it did not).
#include "freestanding.h"

namespace kmemsan {

void internal_memset(void *dst, int c, size_t n) {
  uint8_t *d = static_cast<uint8_t *>(dst);
  for (size_t i = 0; i < n; i++)
    d[i] = static_cast<uint8_t>(c);
}

void internal_memcpy(void *dst, const void *src, size_t n) {
  uint8_t *d = static_cast<uint8_t *>(dst);
  const uint8_t *s = static_cast<const uint8_t *>(src);
  for (size_t i = 0; i < n; i++)
    d[i] = s[i];
}

size_t internal_strlen(const char *s) {
  size_t n = 0;
  while (s[n])
    n++;
  return n;
}

int internal_strcmp(const char *a, const char *b) {
  while (*a && *a == *b) {
    a++;
    b++;
  }
  return static_cast<uint8_t>(*a) - static_cast<uint8_t>(*b);
}

bool internal_streq_n(const char *a, size_t n, const char *b) {
  for (size_t i = 0; i < n; i++)
    if (b[i] != a[i] || !b[i])
      return false;
  return b[n] == '\0';
}

size_t internal_strlcpy(char *dst, const char *src, size_t size) {
  size_t n = 0;
  if (size == 0)
    return 0;
  while (src[n] && n + 1 < size) {
    dst[n] = src[n];
    n++;
  }
  dst[n] = '\0';
  return n;
}

} // namespace kmemsan
