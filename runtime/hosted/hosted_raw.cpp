// Raw memory and string helpers for the hosted platform: never checked and
// never calls into libc, so the runtime can use them inside reports, inside
// the allocator, and to implement the checked mem/str interceptors.
//
// The copies use `rep movsb` / `rep stosb` (fast on every x86-64 with ERMS);
// the remaining loops are plain, and -fno-builtin keeps clang from turning
// them back into calls to memcpy/memset/strlen.

#include "hosted.h"

#include <sched.h>

namespace kmemsan::hosted {

void *RawMemcpy(void *dst, const void *src, size_t n) {
  void *d = dst;
  __asm__ volatile("rep movsb" : "+D"(d), "+S"(src), "+c"(n) : : "memory");
  return dst;
}

void *RawMemmove(void *dst, const void *src, size_t n) {
  uintptr_t d = (uintptr_t)dst, s = (uintptr_t)src;
  if (d - s >= n) // no harmful overlap: dst before src, or disjoint
    return RawMemcpy(dst, src, n);
  // dst overlaps the tail of src: copy backwards.
  unsigned char *dp = (unsigned char *)dst;
  const unsigned char *sp = (const unsigned char *)src;
  while (n >= 8) {
    n -= 8;
    uint64_t w;
    __asm__ volatile("movq (%1), %0" : "=r"(w) : "r"(sp + n) : "memory");
    __asm__ volatile("movq %1, (%0)" : : "r"(dp + n), "r"(w) : "memory");
  }
  while (n > 0) {
    n--;
    dp[n] = sp[n];
  }
  return dst;
}

void *RawMemset(void *dst, int c, size_t n) {
  void *d = dst;
  __asm__ volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(c) : "memory");
  return dst;
}

size_t RawStrlen(const char *s) {
  const char *p = s;
  while (*p)
    p++;
  return (size_t)(p - s);
}

int RawStrcmp(const char *a, const char *b) {
  while (*a && *a == *b) {
    a++;
    b++;
  }
  return (unsigned char)*a - (unsigned char)*b;
}

int RawStrncmp(const char *a, const char *b, size_t n) {
  for (; n > 0; n--, a++, b++) {
    if (*a != *b)
      return (unsigned char)*a - (unsigned char)*b;
    if (!*a)
      return 0;
  }
  return 0;
}

char *AppendStr(char *p, char *end, const char *s) {
  while (*s && p + 1 < end)
    *p++ = *s++;
  if (p < end)
    *p = 0;
  return p;
}

char *AppendHex(char *p, char *end, uintptr_t v) {
  char tmp[20];
  int n = 0;
  do {
    tmp[n++] = "0123456789abcdef"[v & 15];
    v >>= 4;
  } while (v);
  while (n > 0 && p + 1 < end)
    *p++ = tmp[--n];
  if (p < end)
    *p = 0;
  return p;
}

char *AppendDec(char *p, char *end, uintptr_t v) {
  char tmp[24];
  int n = 0;
  do {
    tmp[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  while (n > 0 && p + 1 < end)
    *p++ = tmp[--n];
  if (p < end)
    *p = 0;
  return p;
}

void SpinLock::Lock() {
  for (unsigned spins = 0;; spins++) {
    if (!__atomic_exchange_n(&state_, 1, __ATOMIC_ACQUIRE))
      return;
    while (__atomic_load_n(&state_, __ATOMIC_RELAXED)) {
      if (++spins < 64)
        __builtin_ia32_pause();
      else
        sched_yield();
    }
  }
}

} // namespace kmemsan::hosted

// The core's unchecked copy and fill (kmemsan_platform.h).
extern "C" void kmemsan_platform_memmove(void *dst, const void *src, size_t n) {
  kmemsan::hosted::RawMemmove(dst, src, n);
}

extern "C" void kmemsan_platform_memset(void *dst, int c, size_t n) {
  kmemsan::hosted::RawMemset(dst, c, n);
}
