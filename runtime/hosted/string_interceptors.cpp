// The mem and str functions, checked like the kernel's KASAN checks its own
// string functions: every byte the function reads or writes is checked, as
// one range per argument, and attributed to the caller. As the kernel's
// memcpy()/memset() do, a function whose range is bad does not touch memory
// (the report already said what it would have done).
//
// Instrumented code reaches memcpy/memmove/memset only from uninstrumented
// code or libraries: the pass turns its own memory intrinsics into
// __asan_memcpy and friends, or into inline copies it checked, so every bad
// range is reported once.
//
// Defined in the program, these replace libc's for the program's own calls.
// Before the core is initialised, or inside the runtime, they just do the
// work.

#include "hosted.h"

using namespace kmemsan::hosted;

namespace {

bool Check(const void *p, size_t n, bool write, uintptr_t ret_ip) {
  return !n || kmemsan_kasan_check_range((uintptr_t)p, n, write, ret_ip);
}

// Source first, then destination, as the kernel's memcpy/memmove check.
bool CopyOk(void *dst, const void *src, size_t n, uintptr_t ip) {
  return Check(src, n, false, ip) && Check(dst, n, true, ip);
}

// The checked copies, shared by the plain and the _FORTIFY_SOURCE entry
// points; IP is the entry point's caller.
void *CheckedMemcpy(void *dst, const void *src, size_t n, uintptr_t ip) {
  if (ChecksActive() && !CopyOk(dst, src, n, ip))
    return dst;
  return RawMemcpy(dst, src, n);
}

void *CheckedMemmove(void *dst, const void *src, size_t n, uintptr_t ip) {
  if (ChecksActive() && !CopyOk(dst, src, n, ip))
    return dst;
  return RawMemmove(dst, src, n);
}

void *CheckedMempcpy(void *dst, const void *src, size_t n, uintptr_t ip) {
  if (!ChecksActive() || CopyOk(dst, src, n, ip))
    RawMemcpy(dst, src, n);
  return (char *)dst + n;
}

void *CheckedMemset(void *dst, int c, size_t n, uintptr_t ip) {
  if (ChecksActive() && !Check(dst, n, true, ip))
    return dst;
  return RawMemset(dst, c, n);
}

size_t Strnlen(const char *s, size_t max) {
  size_t n = 0;
  while (n < max && s[n])
    n++;
  return n;
}

} // namespace

extern "C" {

void *memcpy(void *dst, const void *src, size_t n) {
  return CheckedMemcpy(dst, src, n, KMEMSAN_RET_IP);
}

void *memmove(void *dst, const void *src, size_t n) {
  return CheckedMemmove(dst, src, n, KMEMSAN_RET_IP);
}

void *mempcpy(void *dst, const void *src, size_t n) {
  return CheckedMempcpy(dst, src, n, KMEMSAN_RET_IP);
}

void *memset(void *dst, int c, size_t n) {
  return CheckedMemset(dst, c, n, KMEMSAN_RET_IP);
}

void bzero(void *dst, size_t n) { CheckedMemset(dst, 0, n, KMEMSAN_RET_IP); }

void *memchr(const void *s, int c, size_t n) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < n && p[i] != (unsigned char)c)
    i++;
  if (ChecksActive() && !Check(s, i < n ? i + 1 : n, false, KMEMSAN_RET_IP))
    return nullptr;
  return i < n ? (void *)(p + i) : nullptr;
}

void *memrchr(const void *s, int c, size_t n) {
  if (ChecksActive() && !Check(s, n, false, KMEMSAN_RET_IP))
    return nullptr;
  const unsigned char *p = (const unsigned char *)s;
  while (n > 0) {
    n--;
    if (p[n] == (unsigned char)c)
      return (void *)(p + n);
  }
  return nullptr;
}

// Reads up to and including the first difference, as a byte loop would.
static int CompareBytes(const void *a, const void *b, size_t n, uintptr_t ip) {
  const unsigned char *x = (const unsigned char *)a,
                      *y = (const unsigned char *)b;
  size_t i = 0;
  while (i < n && x[i] == y[i])
    i++;
  size_t read = i < n ? i + 1 : n;
  if (ChecksActive() &&
      (!Check(a, read, false, ip) || !Check(b, read, false, ip)))
    return 0;
  return i < n ? (int)x[i] - (int)y[i] : 0;
}

int memcmp(const void *a, const void *b, size_t n) {
  return CompareBytes(a, b, n, KMEMSAN_RET_IP);
}

int bcmp(const void *a, const void *b, size_t n) {
  return CompareBytes(a, b, n, KMEMSAN_RET_IP);
}

size_t strlen(const char *s) {
  size_t n = RawStrlen(s);
  if (ChecksActive())
    Check(s, n + 1, false, KMEMSAN_RET_IP);
  return n;
}

size_t strnlen(const char *s, size_t max) {
  size_t n = Strnlen(s, max);
  if (ChecksActive())
    Check(s, n < max ? n + 1 : n, false, KMEMSAN_RET_IP);
  return n;
}

char *strcpy(char *dst, const char *src) {
  size_t n = RawStrlen(src) + 1;
  if (ChecksActive() && !CopyOk(dst, src, n, KMEMSAN_RET_IP))
    return dst;
  RawMemmove(dst, src, n);
  return dst;
}

char *stpcpy(char *dst, const char *src) {
  size_t n = RawStrlen(src) + 1;
  if (ChecksActive() && !CopyOk(dst, src, n, KMEMSAN_RET_IP))
    return dst + n - 1;
  RawMemmove(dst, src, n);
  return dst + n - 1;
}

char *strncpy(char *dst, const char *src, size_t n) {
  size_t len = Strnlen(src, n);
  if (ChecksActive()) {
    uintptr_t ip = KMEMSAN_RET_IP;
    if (!Check(src, len < n ? len + 1 : n, false, ip) ||
        !Check(dst, n, true, ip))
      return dst;
  }
  RawMemmove(dst, src, len);
  RawMemset(dst + len, 0, n - len);
  return dst;
}

char *strcat(char *dst, const char *src) {
  size_t dlen = RawStrlen(dst), slen = RawStrlen(src);
  if (ChecksActive()) {
    uintptr_t ip = KMEMSAN_RET_IP;
    if (!Check(dst, dlen + 1, false, ip) || !Check(src, slen + 1, false, ip) ||
        !Check(dst + dlen, slen + 1, true, ip))
      return dst;
  }
  RawMemmove(dst + dlen, src, slen + 1);
  return dst;
}

char *strncat(char *dst, const char *src, size_t n) {
  size_t dlen = RawStrlen(dst), slen = Strnlen(src, n);
  if (ChecksActive()) {
    uintptr_t ip = KMEMSAN_RET_IP;
    if (!Check(dst, dlen + 1, false, ip) ||
        !Check(src, slen < n ? slen + 1 : n, false, ip) ||
        !Check(dst + dlen, slen + 1, true, ip))
      return dst;
  }
  RawMemmove(dst + dlen, src, slen);
  dst[dlen + slen] = 0;
  return dst;
}

int strcmp(const char *a, const char *b) {
  size_t i = 0;
  while (a[i] && a[i] == b[i])
    i++;
  if (ChecksActive()) {
    uintptr_t ip = KMEMSAN_RET_IP;
    if (!Check(a, i + 1, false, ip) || !Check(b, i + 1, false, ip))
      return 0;
  }
  return (unsigned char)a[i] - (unsigned char)b[i];
}

int strncmp(const char *a, const char *b, size_t n) {
  size_t i = 0;
  while (i < n && a[i] && a[i] == b[i])
    i++;
  size_t read = i < n ? i + 1 : n;
  if (ChecksActive()) {
    uintptr_t ip = KMEMSAN_RET_IP;
    if (!Check(a, read, false, ip) || !Check(b, read, false, ip))
      return 0;
  }
  return i < n ? (unsigned char)a[i] - (unsigned char)b[i] : 0;
}

char *strchr(const char *s, int c) {
  size_t i = 0;
  while (s[i] && s[i] != (char)c)
    i++;
  if (ChecksActive() && !Check(s, i + 1, false, KMEMSAN_RET_IP))
    return nullptr;
  return s[i] == (char)c ? (char *)(s + i) : nullptr;
}

char *strchrnul(const char *s, int c) {
  size_t i = 0;
  while (s[i] && s[i] != (char)c)
    i++;
  if (ChecksActive())
    Check(s, i + 1, false, KMEMSAN_RET_IP);
  return (char *)(s + i);
}

char *strrchr(const char *s, int c) {
  size_t n = RawStrlen(s);
  if (ChecksActive() && !Check(s, n + 1, false, KMEMSAN_RET_IP))
    return nullptr;
  for (size_t i = n + 1; i > 0; i--)
    if (s[i - 1] == (char)c)
      return (char *)(s + i - 1);
  return nullptr;
}

char *strstr(const char *hay, const char *needle) {
  size_t nlen = RawStrlen(needle);
  const char *found = nullptr;
  size_t i = 0;
  for (;; i++) {
    if (!RawStrncmp(hay + i, needle, nlen)) {
      found = hay + i;
      break;
    }
    if (!hay[i])
      break;
  }
  if (ChecksActive()) {
    uintptr_t ip = KMEMSAN_RET_IP;
    size_t hread = found ? i + nlen : i + 1;
    if (!Check(needle, nlen + 1, false, ip) || !Check(hay, hread, false, ip))
      return nullptr;
  }
  return (char *)found;
}

} // extern "C"

/*
 * The _FORTIFY_SOURCE entry points. A call to __memcpy_chk is not a compiler
 * intrinsic, so the pass has not checked it: these report like the str
 * functions do. A destination smaller than the copy is glibc's
 * "buffer overflow detected" abort, as without the runtime.
 */
extern "C" [[noreturn]] void __chk_fail(void);

extern "C" {

void *__memcpy_chk(void *dst, const void *src, size_t n, size_t dstlen) {
  if (n > dstlen)
    __chk_fail();
  return CheckedMemcpy(dst, src, n, KMEMSAN_RET_IP);
}

void *__memmove_chk(void *dst, const void *src, size_t n, size_t dstlen) {
  if (n > dstlen)
    __chk_fail();
  return CheckedMemmove(dst, src, n, KMEMSAN_RET_IP);
}

void *__mempcpy_chk(void *dst, const void *src, size_t n, size_t dstlen) {
  if (n > dstlen)
    __chk_fail();
  return CheckedMempcpy(dst, src, n, KMEMSAN_RET_IP);
}

void *__memset_chk(void *dst, int c, size_t n, size_t dstlen) {
  if (n > dstlen)
    __chk_fail();
  return CheckedMemset(dst, c, n, KMEMSAN_RET_IP);
}

char *__strcpy_chk(char *dst, const char *src, size_t dstlen) {
  size_t n = RawStrlen(src) + 1;
  if (n > dstlen)
    __chk_fail();
  if (ChecksActive() && !CopyOk(dst, src, n, KMEMSAN_RET_IP))
    return dst;
  RawMemmove(dst, src, n);
  return dst;
}

char *__strcat_chk(char *dst, const char *src, size_t dstlen) {
  size_t dlen = RawStrlen(dst), slen = RawStrlen(src);
  if (dlen + slen + 1 > dstlen)
    __chk_fail();
  if (ChecksActive()) {
    uintptr_t ip = KMEMSAN_RET_IP;
    if (!Check(dst, dlen + 1, false, ip) || !Check(src, slen + 1, false, ip) ||
        !Check(dst + dlen, slen + 1, true, ip))
      return dst;
  }
  RawMemmove(dst + dlen, src, slen + 1);
  return dst;
}

char *__strncpy_chk(char *dst, const char *src, size_t n, size_t dstlen) {
  if (n > dstlen)
    __chk_fail();
  size_t len = Strnlen(src, n);
  if (ChecksActive()) {
    uintptr_t ip = KMEMSAN_RET_IP;
    if (!Check(src, len < n ? len + 1 : n, false, ip) ||
        !Check(dst, n, true, ip))
      return dst;
  }
  RawMemmove(dst, src, len);
  RawMemset(dst + len, 0, n - len);
  return dst;
}

} // extern "C"
