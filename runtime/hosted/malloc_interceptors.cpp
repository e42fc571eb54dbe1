// libc's allocation functions and C++'s operator new/delete, routed to the
// kernel-model allocator: ordinary programs get kmalloc-N caches (and pages
// above 8 KiB) with redzones, quarantine and reports like kernel code.
//
// The definitions live in the program, so they replace libc's for the
// program and for every library (the dynamic linker binds malloc to the
// first definition). realloc always moves the data to a new object, so a
// stale pointer to the old one is caught as a use-after-free.

#include "hosted.h"

#include <errno.h>

using namespace kmemsan::hosted;

namespace {

constexpr size_t kPageSize = 4096;

bool IsPowerOfTwo(size_t v) { return v && !(v & (v - 1)); }

void *Malloc(size_t size, size_t align, bool zero, uintptr_t ret_ip) {
  void *p = AllocAligned(size, align, zero, ret_ip);
  if (!p)
    errno = ENOMEM;
  return p;
}

size_t RequestedSize(const void *p) {
  struct kmemsan_object obj;
  if (!p || !DescribeObject((uintptr_t)p, &obj) || obj.start != (uintptr_t)p ||
      !obj.meta->allocated)
    return 0;
  return obj.meta->requested;
}

void *Realloc(void *p, size_t size, uintptr_t ret_ip) {
  if (!p)
    return Malloc(size, 16, false, ret_ip);
  if (size == 0) { // glibc: frees and returns NULL
    FreeObject(p, ret_ip);
    return nullptr;
  }
  EnsureStarted();
  struct kmemsan_object obj;
  if (!DescribeObject((uintptr_t)p, &obj) || obj.start != (uintptr_t)p ||
      !obj.meta->allocated) {
    FreeObject(p, ret_ip); // the core reports the invalid or double free
    errno = ENOMEM;
    return nullptr;
  }
  void *q = Malloc(size, 16, false, ret_ip);
  if (!q)
    return nullptr;
  size_t old = obj.meta->requested;
  RawMemcpy(q, p, old < size ? old : size);
  KlsanCopied(q, p, old < size ? old : size);
  FreeObject(p, ret_ip);
  return q;
}

void *Memalign(size_t align, size_t size, uintptr_t ret_ip) {
  if (!IsPowerOfTwo(align)) { // glibc rounds it up
    size_t a = 1;
    while (a && a < align)
      a <<= 1;
    if (!a) {
      errno = EINVAL;
      return nullptr;
    }
    align = a;
  }
  return Malloc(size, align, false, ret_ip);
}

char *StrdupImpl(const char *s, size_t max, uintptr_t ret_ip) {
  size_t len = 0;
  while (len < max && s[len])
    len++;
  size_t read = len < max ? len + 1 : len;
  if (ChecksActive() && read &&
      !kmemsan_kasan_check_range((uintptr_t)s, read, 0, ret_ip))
    return nullptr;
  char *p = (char *)Malloc(len + 1, 16, false, ret_ip);
  if (p) {
    RawMemcpy(p, s, len);
    p[len] = 0;
  }
  return p;
}

} // namespace

extern "C" {

void *malloc(size_t size) { return Malloc(size, 16, false, KMEMSAN_RET_IP); }

void *calloc(size_t n, size_t size) {
  size_t bytes;
  if (__builtin_mul_overflow(n, size, &bytes)) {
    errno = ENOMEM;
    return nullptr;
  }
  return Malloc(bytes, 16, true, KMEMSAN_RET_IP);
}

void *realloc(void *p, size_t size) { return Realloc(p, size, KMEMSAN_RET_IP); }

void *reallocarray(void *p, size_t n, size_t size) {
  size_t bytes;
  if (__builtin_mul_overflow(n, size, &bytes)) {
    errno = ENOMEM;
    return nullptr;
  }
  return Realloc(p, bytes, KMEMSAN_RET_IP);
}

void free(void *p) { FreeObject(p, KMEMSAN_RET_IP); }

void cfree(void *p) { FreeObject(p, KMEMSAN_RET_IP); }

int posix_memalign(void **out, size_t align, size_t size) {
  if (!IsPowerOfTwo(align) || align % sizeof(void *))
    return EINVAL;
  void *p = AllocAligned(size, align, false, KMEMSAN_RET_IP);
  if (!p)
    return ENOMEM;
  *out = p;
  return 0;
}

void *aligned_alloc(size_t align, size_t size) {
  if (!IsPowerOfTwo(align)) {
    errno = EINVAL;
    return nullptr;
  }
  return Malloc(size, align, false, KMEMSAN_RET_IP);
}

void *memalign(size_t align, size_t size) {
  return Memalign(align, size, KMEMSAN_RET_IP);
}

void *valloc(size_t size) {
  return Malloc(size, kPageSize, false, KMEMSAN_RET_IP);
}

void *pvalloc(size_t size) {
  size = size ? (size + kPageSize - 1) & ~(kPageSize - 1) : kPageSize;
  return Malloc(size, kPageSize, false, KMEMSAN_RET_IP);
}

size_t malloc_usable_size(void *p) { return RequestedSize(p); }

char *strdup(const char *s) {
  return StrdupImpl(s, ~(size_t)0, KMEMSAN_RET_IP);
}

char *strndup(const char *s, size_t n) {
  return StrdupImpl(s, n, KMEMSAN_RET_IP);
}

} // extern "C"

/*
 * C++ allocation functions, declared here without <new> (the runtime uses no
 * C++ library headers). Without exceptions, a failed operator new aborts the
 * program as an uncaught std::bad_alloc would.
 */
namespace std {
struct nothrow_t;
enum class align_val_t : size_t {};
} // namespace std

namespace {

void *NewOrDie(size_t size, size_t align, uintptr_t ret_ip) {
  void *p = AllocAligned(size, align, false, ret_ip);
  if (!p) {
    WriteStderr("kmemsan: operator new: out of memory\n");
    kmemsan_platform_halt();
  }
  return p;
}

} // namespace

#define KMEMSAN_NEW_ALIGN 16

void *operator new(size_t n) {
  return NewOrDie(n, KMEMSAN_NEW_ALIGN, KMEMSAN_RET_IP);
}
void *operator new[](size_t n) {
  return NewOrDie(n, KMEMSAN_NEW_ALIGN, KMEMSAN_RET_IP);
}
void *operator new(size_t n, const std::nothrow_t &) noexcept {
  return AllocAligned(n, KMEMSAN_NEW_ALIGN, false, KMEMSAN_RET_IP);
}
void *operator new[](size_t n, const std::nothrow_t &) noexcept {
  return AllocAligned(n, KMEMSAN_NEW_ALIGN, false, KMEMSAN_RET_IP);
}
void *operator new(size_t n, std::align_val_t a) {
  return NewOrDie(n, (size_t)a, KMEMSAN_RET_IP);
}
void *operator new[](size_t n, std::align_val_t a) {
  return NewOrDie(n, (size_t)a, KMEMSAN_RET_IP);
}
void *operator new(size_t n, std::align_val_t a,
                   const std::nothrow_t &) noexcept {
  return AllocAligned(n, (size_t)a, false, KMEMSAN_RET_IP);
}
void *operator new[](size_t n, std::align_val_t a,
                     const std::nothrow_t &) noexcept {
  return AllocAligned(n, (size_t)a, false, KMEMSAN_RET_IP);
}

void operator delete(void *p) noexcept { FreeObject(p, KMEMSAN_RET_IP); }
void operator delete[](void *p) noexcept { FreeObject(p, KMEMSAN_RET_IP); }
void operator delete(void *p, const std::nothrow_t &) noexcept {
  FreeObject(p, KMEMSAN_RET_IP);
}
void operator delete[](void *p, const std::nothrow_t &) noexcept {
  FreeObject(p, KMEMSAN_RET_IP);
}
void operator delete(void *p, size_t) noexcept {
  FreeObject(p, KMEMSAN_RET_IP);
}
void operator delete[](void *p, size_t) noexcept {
  FreeObject(p, KMEMSAN_RET_IP);
}
void operator delete(void *p, std::align_val_t) noexcept {
  FreeObject(p, KMEMSAN_RET_IP);
}
void operator delete[](void *p, std::align_val_t) noexcept {
  FreeObject(p, KMEMSAN_RET_IP);
}
void operator delete(void *p, size_t, std::align_val_t) noexcept {
  FreeObject(p, KMEMSAN_RET_IP);
}
void operator delete[](void *p, size_t, std::align_val_t) noexcept {
  FreeObject(p, KMEMSAN_RET_IP);
}
void operator delete(void *p, std::align_val_t,
                     const std::nothrow_t &) noexcept {
  FreeObject(p, KMEMSAN_RET_IP);
}
void operator delete[](void *p, std::align_val_t,
                       const std::nothrow_t &) noexcept {
  FreeObject(p, KMEMSAN_RET_IP);
}
