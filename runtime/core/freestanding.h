// What the core needs from a C library, written out so that the core links
// with nothing but the platform: byte copies, string helpers, a spinlock.
// Names are internal_* so the compiler cannot mistake them for libc calls.
#ifndef KMEMSAN_FREESTANDING_H
#define KMEMSAN_FREESTANDING_H

#include <stddef.h>
#include <stdint.h>

namespace kmemsan {

void internal_memset(void *dst, int c, size_t n);
void internal_memcpy(void *dst, const void *src, size_t n);
size_t internal_strlen(const char *s);
int internal_strcmp(const char *a, const char *b);
// Compares A's first N bytes with the NUL-terminated B (used by the parsers).
bool internal_streq_n(const char *a, size_t n, const char *b);
// Copies at most SIZE-1 bytes of SRC and NUL-terminates; returns the length.
size_t internal_strlcpy(char *dst, const char *src, size_t size);

inline uintptr_t round_up(uintptr_t x, uintptr_t a) {
  return (x + a - 1) & ~(a - 1);
}
inline uintptr_t round_down(uintptr_t x, uintptr_t a) { return x & ~(a - 1); }

// A test-and-test-and-set lock. Zero is unlocked, so a global SpinLock needs
// no constructor.
struct SpinLock {
  int locked;
  void lock() {
    for (;;) {
      if (!__atomic_exchange_n(&locked, 1, __ATOMIC_ACQUIRE))
        return;
      while (__atomic_load_n(&locked, __ATOMIC_RELAXED))
        __builtin_ia32_pause();
    }
  }
  bool try_lock() { return !__atomic_exchange_n(&locked, 1, __ATOMIC_ACQUIRE); }
  void unlock() { __atomic_store_n(&locked, 0, __ATOMIC_RELEASE); }
};

class SpinLockGuard {
public:
  explicit SpinLockGuard(SpinLock &l) : lock_(l) { lock_.lock(); }
  ~SpinLockGuard() { lock_.unlock(); }
  SpinLockGuard(const SpinLockGuard &) = delete;
  SpinLockGuard &operator=(const SpinLockGuard &) = delete;

private:
  SpinLock &lock_;
};

} // namespace kmemsan

#endif // KMEMSAN_FREESTANDING_H
