// The checks and the compiler-called entry points of generic KASan (the
// model is Linux mm/kasan/generic.c). Every entry takes the access's ret_ip
// from __builtin_return_address(0), so reports name the instrumented code.
//
// The fast path reads only a flag and the shadow, inline in every entry
// point; the reentrancy guard is taken when a report is about to be made
// (report.cpp), so an access the runtime's own code makes on a hosted
// thread never recurses into a report.
#include "abi.h"
#include "kasan.h"

namespace kmemsan {
namespace {

// Whether [ADDR, LAST] (LAST = ADDR + SIZE - 1, no wrap) may be checked
// against the shadow. A shadowed region never ends within 16 bytes of an
// address the program may touch, so one look does for the common small
// access (with KMEMSAN_SHADOW_LIMIT, the test of LAST covers ADDR; with
// KMEMSAN_SHADOW_FLOOR_VARIABLE, the test of ADDR covers LAST).
inline bool range_has_shadow(uintptr_t addr, uintptr_t last, size_t size) {
#if defined(KMEMSAN_SHADOW_LIMIT)
  (void)addr;
  (void)size;
  return hot_addr_has_shadow(last);
#elif defined(KMEMSAN_SHADOW_FLOOR_VARIABLE)
  (void)last;
  (void)size;
  return hot_addr_has_shadow(addr);
#else
  return hot_addr_has_shadow(addr) &&
         (size <= 16 || hot_addr_has_shadow(last));
#endif
}

// The shadow test of [ADDR, LAST], exact: every granule before the last
// must be wholly accessible (shadow 0), and the last one must reach LAST.
// Up to 64 bytes the shadow is read byte by byte, longer ranges 8 shadow
// bytes at a time (shadow_is_zero). The first bad byte is only looked for
// when there is a report to make.
inline bool access_ok(uintptr_t addr, uintptr_t last) {
  const uint8_t *s = mem_to_shadow(addr);
  const uint8_t *e = mem_to_shadow(last);
  if (e - s <= 8) {
    for (; s < e; s++)
      if (*s)
        return false;
  } else if (!shadow_is_zero(s, e)) {
    return false;
  }
  int8_t v = static_cast<int8_t>(*e);
  return v == 0 || (v > 0 && static_cast<int8_t>(last & kGranuleMask) < v);
}

// The common case, inline in every entry point: an access within one or
// two granules (every access of up to 8 bytes, an aligned 16) that is fine.
// False means "not known to be fine": check_slow() decides.
__attribute__((always_inline)) inline bool fast_ok(uintptr_t addr,
                                                   size_t size) {
  uintptr_t last = addr + size - 1;
  if (addr + size < addr || !range_has_shadow(addr, last, size))
    return false;
  const uint8_t *s = mem_to_shadow(addr);
  const uint8_t *e = mem_to_shadow(last);
  if (e - s > 1 || (s != e && *s))
    return false;
  int8_t v = static_cast<int8_t>(*e);
  return v == 0 || (v > 0 && static_cast<int8_t>(last & kGranuleMask) < v);
}

// Everything else, out of line so that the entry points stay small: longer
// ranges, and the report of a bad or unshadowed access.
__attribute__((noinline)) bool check_slow(uintptr_t addr, size_t size,
                                          bool write, uintptr_t ip,
                                          bool fatal) {
  uintptr_t last = addr + size - 1;
  if (addr + size >= addr && range_has_shadow(addr, last, size) &&
      access_ok(addr, last))
    return true;
  return !report_access(addr, size, write, ip, fatal);
}

// The whole check: the fast path reads one flag and the shadow and calls
// nothing. Bad or unshadowed accesses go to report_access(), which finds
// the first bad byte and decides the bug type.
__attribute__((always_inline)) inline bool
check_inline(uintptr_t addr, size_t size, bool write, uintptr_t ip,
             bool fatal) {
  if (__builtin_expect(!kasan_active(), 0) || size == 0)
    return true;
  if (__builtin_expect(fast_ok(addr, size), 1))
    return true;
  return check_slow(addr, size, write, ip, fatal);
}

} // namespace

// FATAL: the abort flavour halts after reporting.
bool check_access(uintptr_t addr, size_t size, bool write, uintptr_t ip,
                  bool fatal) {
  return check_inline(addr, size, write, ip, fatal);
}

bool check_access(uintptr_t addr, size_t size, bool write, uintptr_t ip) {
  return check_inline(addr, size, write, ip, false);
}

} // namespace kmemsan

using namespace kmemsan;

#define RET_IP reinterpret_cast<uintptr_t>(__builtin_return_address(0))

// Fixed-size checks. The _noabort flavour reports and goes on (what the
// kernel always does); the plain one halts after the report. The report
// entries are reached from inline checks whose shadow test failed.
#define KMEMSAN_ABI_SIZED(SIZE)                                                \
  extern "C" void __asan_load##SIZE(uintptr_t addr) {                          \
    check_inline(addr, SIZE, false, RET_IP, true);                             \
  }                                                                            \
  extern "C" void __asan_store##SIZE(uintptr_t addr) {                         \
    check_inline(addr, SIZE, true, RET_IP, true);                              \
  }                                                                            \
  extern "C" void __asan_load##SIZE##_noabort(uintptr_t addr) {                \
    check_inline(addr, SIZE, false, RET_IP, false);                            \
  }                                                                            \
  extern "C" void __asan_store##SIZE##_noabort(uintptr_t addr) {               \
    check_inline(addr, SIZE, true, RET_IP, false);                             \
  }                                                                            \
  extern "C" void __asan_report_load##SIZE##_noabort(uintptr_t addr) {         \
    if (kasan_active())                                                        \
      report_access(addr, SIZE, false, RET_IP, false);                         \
  }                                                                            \
  extern "C" void __asan_report_store##SIZE##_noabort(uintptr_t addr) {        \
    if (kasan_active())                                                        \
      report_access(addr, SIZE, true, RET_IP, false);                          \
  }
#include "kmemsan/abi.def"

extern "C" void __asan_loadN(uintptr_t addr, uintptr_t size) {
  check_inline(addr, size, false, RET_IP, true);
}

extern "C" void __asan_storeN(uintptr_t addr, uintptr_t size) {
  check_inline(addr, size, true, RET_IP, true);
}

extern "C" void __asan_loadN_noabort(uintptr_t addr, uintptr_t size) {
  check_inline(addr, size, false, RET_IP, false);
}

extern "C" void __asan_storeN_noabort(uintptr_t addr, uintptr_t size) {
  check_inline(addr, size, true, RET_IP, false);
}

extern "C" void __asan_report_load_n_noabort(uintptr_t addr, uintptr_t size) {
  if (kasan_active() && size)
    report_access(addr, size, false, RET_IP, false);
}

extern "C" void __asan_report_store_n_noabort(uintptr_t addr, uintptr_t size) {
  if (kasan_active() && size)
    report_access(addr, size, true, RET_IP, false);
}

// Checked memory functions: what memcpy/memmove/memset of a non-constant or
// large length become. Like the kernel's, they check the source first, stop
// at the first bad range (one report per call) and then leave memory alone.
extern "C" void *__asan_memcpy(void *dst, void *src, uintptr_t n) {
  uintptr_t ip = RET_IP;
  if (!check_access(reinterpret_cast<uintptr_t>(src), n, false, ip) ||
      !check_access(reinterpret_cast<uintptr_t>(dst), n, true, ip))
    return nullptr;
  kmemsan_platform_memmove(dst, src, n);
  return dst;
}

extern "C" void *__asan_memmove(void *dst, void *src, uintptr_t n) {
  uintptr_t ip = RET_IP;
  if (!check_access(reinterpret_cast<uintptr_t>(src), n, false, ip) ||
      !check_access(reinterpret_cast<uintptr_t>(dst), n, true, ip))
    return nullptr;
  kmemsan_platform_memmove(dst, src, n);
  return dst;
}

extern "C" void *__asan_memset(void *dst, int c, uintptr_t n) {
  if (!check_access(reinterpret_cast<uintptr_t>(dst), n, true, RET_IP))
    return nullptr;
  kmemsan_platform_memset(dst, c, n);
  return dst;
}

// A dynamic alloca at ADDR (32-byte aligned) of SIZE bytes: a 32-byte left
// redzone, the object (its partial last granule encoded), then a right
// redzone up to the next 32-byte boundary plus 32 bytes.
extern "C" void __asan_alloca_poison(uintptr_t addr, uintptr_t size) {
  if (!kasan_active() ||
      !kmemsan_platform_addr_has_shadow(addr - kAllocaRedzone))
    return;
  uintptr_t right = round_up(addr + size, kGranule);
  uintptr_t right_end = addr + round_up(size, kAllocaRedzone) + kAllocaRedzone;
  poison_range(addr - kAllocaRedzone, kAllocaRedzone, KMEMSAN_ALLOCA_LEFT);
  unpoison_range(addr, size);
  poison_range(right, right_end - right, KMEMSAN_ALLOCA_RIGHT);
}

// The frame's dynamic allocas [TOP, BOTTOM) are gone (stack restore).
extern "C" void __asan_allocas_unpoison(void *top, void *bottom) {
  uintptr_t t = reinterpret_cast<uintptr_t>(top);
  uintptr_t b = reinterpret_cast<uintptr_t>(bottom);
  if (!kasan_active() || !t || t > b || !kmemsan_platform_addr_has_shadow(t))
    return;
  poison_range(t, b - t, 0);
}

// A noreturn call (longjmp, a throw, exit, a panic) is about to skip the
// epilogues that unpoison stack redzones. Where the platform knows the
// current stack (processes), everything from here to its top is made
// accessible, as ASan does: the frames the jump skips leave no stale
// redzones behind, at the price of the surviving frames' until they
// return. Elsewhere (the kernel, like Linux generic KASAN) nothing is done.
extern "C" void __asan_handle_no_return(void) {
  if (!kasan_active() || !kmemsan_platform_stack_top)
    return;
  uintptr_t sp = reinterpret_cast<uintptr_t>(__builtin_frame_address(0)) &
                 ~kGranuleMask;
  uintptr_t top = kmemsan_platform_stack_top(sp);
  // A top that far away is not this stack's (a bug somewhere): leave it.
  constexpr uintptr_t kMaxCleared = 64UL << 20;
  if (top <= sp || top - sp > kMaxCleared || !hot_addr_has_shadow(top - 1))
    return;
  poison_range(sp, top - sp, 0);
}

// ---- The C interface for platforms ----

extern "C" int kmemsan_kasan_check_byte(const void *addr, uintptr_t ret_ip) {
  return check_access(reinterpret_cast<uintptr_t>(addr), 1, false, ret_ip);
}

extern "C" int kmemsan_kasan_check_range(uintptr_t addr, size_t size, int write,
                                         uintptr_t ret_ip) {
  return check_access(addr, size, write != 0, ret_ip);
}
