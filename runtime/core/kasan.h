// The private interface of the KASan half of the core: shadow math and the
// internal API its files share (the model is Linux mm/kasan/kasan.h).
// Included by runtime/core/*.cpp and by the unit tests, never by platforms.
#ifndef KMEMSAN_KASAN_H
#define KMEMSAN_KASAN_H

#include "freestanding.h"
#include "kmemsan_core.h"

// The core is built with KMEMSAN_SHADOW_OFFSET defined; code outside it
// that includes this header (the unit tests) reads the offset the core was
// built with instead.
#ifndef KMEMSAN_SHADOW_OFFSET
extern "C" const uintptr_t kmemsan_core_shadow_offset;
#define KMEMSAN_SHADOW_OFFSET kmemsan_core_shadow_offset
#endif

namespace kmemsan {
constexpr uintptr_t kGranule = KMEMSAN_GRANULE_SIZE;
constexpr uintptr_t kGranuleMask = kGranule - 1;

// Dynamic allocas are 32-byte aligned with 32-byte redzones (as in LLVM).
constexpr uintptr_t kAllocaRedzone = 32;
// Below this, a bad address is a NULL dereference (the first page).
constexpr uintptr_t kNullPageEnd = 4096;
// The word LLVM writes at the base of every instrumented stack frame.
constexpr uintptr_t kStackFrameMagic = 0x41B58AB3;

inline uint8_t *mem_to_shadow(uintptr_t addr) {
  return reinterpret_cast<uint8_t *>((addr >> KMEMSAN_GRANULE_SHIFT) +
                                     KMEMSAN_SHADOW_OFFSET);
}

#ifdef KMEMSAN_SHADOW_FLOOR_VARIABLE
// common.cpp: kmemsan_platform_shadow_floor(), read by kmemsan_init() before
// the checks are turned on (UINTPTR_MAX until then).
extern uintptr_t g_shadow_floor __attribute__((visibility("hidden")));
#endif

// Whether ADDR has shadow, for the hot paths (the checks, allocation and
// free), which only ask once kasan_active(). A platform whose shadow covers
// every address below a bound known at build time (the hosted one: the
// whole user half, mapped before the core starts) builds the core with
// KMEMSAN_SHADOW_LIMIT defined, and this is one compare; the kernel, whose
// bound is known at boot, builds it with KMEMSAN_SHADOW_FLOOR_VARIABLE, and
// this is a load and a compare; otherwise the platform is asked. The unit
// tests build the core with neither: their platform has shadow for a small
// arena only.
inline bool hot_addr_has_shadow(uintptr_t addr) {
#if defined(KMEMSAN_SHADOW_LIMIT)
  return addr < KMEMSAN_SHADOW_LIMIT;
#elif defined(KMEMSAN_SHADOW_FLOOR_VARIABLE)
  return addr >= g_shadow_floor;
#else
  return kmemsan_platform_addr_has_shadow(addr);
#endif
}

// ---- shadow.cpp: writing and reading the shadow ----

// Marks the granules covering [ADDR, ADDR+SIZE) with VALUE; ADDR is rounded
// down and the end up to granule boundaries.
void poison_range(uintptr_t addr, size_t size, uint8_t value);
// Makes [ADDR, ADDR+SIZE) accessible, encoding a partial last granule.
// ADDR must be granule-aligned.
void unpoison_range(uintptr_t addr, size_t size);
// Whether the byte at ADDR is accessible according to its shadow.
bool byte_accessible(uintptr_t addr);
// Finds the first inaccessible byte of [ADDR, ADDR+SIZE). The range must
// not wrap and must have shadow.
bool find_first_bad(uintptr_t addr, size_t size, uintptr_t *bad);
// Whether every shadow byte in [S, E) is 0 (the checks' test of a long
// range; find_first_bad() says where it is not).
bool shadow_is_zero(const uint8_t *s, const uint8_t *e);

// ---- common.cpp: state ----

// Set (release) at the end of kmemsan_init() when KASan is on; never
// cleared. Every check reads it first, so it is one load, inline.
extern bool g_kasan_active __attribute__((visibility("hidden")));

// True once kmemsan_init() finished and KASan is on.
inline bool kasan_active() {
  return __atomic_load_n(&g_kasan_active, __ATOMIC_ACQUIRE);
}

// Whether the word at ADDR lies in a redzone of a live instrumented stack
// frame or dynamic alloca. The program never stores there, so a value found
// there was left by a dead frame; KLSan's trace does not take it for a
// reference (a stale pointer there would hide a leak until exit).
inline bool in_stack_redzone(uintptr_t addr) {
  if (!kasan_active() || !hot_addr_has_shadow(addr))
    return false;
  switch (*mem_to_shadow(addr)) {
  case KMEMSAN_STACK_LEFT:
  case KMEMSAN_STACK_MID:
  case KMEMSAN_STACK_RIGHT:
  case KMEMSAN_ALLOCA_LEFT:
  case KMEMSAN_ALLOCA_RIGHT:
    return true;
  default:
    return false;
  }
}

// ---- generic.cpp: checks ----

// Checks an access and reports it when it is bad. True when it was fine.
// FATAL halts after the report (the abort flavour).
bool check_access(uintptr_t addr, size_t size, bool write, uintptr_t ip);
bool check_access(uintptr_t addr, size_t size, bool write, uintptr_t ip,
                  bool fatal);

// ---- report_generic.cpp: what a bad access is ----

// The bug type of an access whose first bad byte is FIRST_BAD (which has
// shadow), from the shadow there, in Linux 6.3+ wording.
const char *shadow_bug_type(uintptr_t first_bad);
// The bug type of an access, including the cases without shadow.
const char *access_bug_type(uintptr_t addr, size_t size, uintptr_t first_bad);

// ---- report.cpp: printing reports ----

// Reports a bad access of SIZE bytes at ADDR made at IP. Serialized, and
// honours multi_shot, report_limit and halt_on_error; FATAL halts after it
// (the abort flavour of the checks). Re-checks the shadow first: inline
// checks may be conservative, and only a really bad access is reported.
// Returns true when a report was made; false when none was (not a bug,
// the runtime's own access, a kasan_disable_current() section, reports
// suppressed): the caller then lets the access go on, as Linux's
// kasan_report() callers do (the memory functions still copy).
bool report_access(uintptr_t addr, size_t size, bool write, uintptr_t ip,
                   bool fatal);
// Reports double-free or invalid-free of PTR; OBJ is the object PTR lies in
// or near (NULL when the allocator does not know PTR).
void report_free(const char *bug_type, uintptr_t ptr, uintptr_t ip,
                 const struct kmemsan_object *obj);
// Collects the current stack into PCS, starting at the frame whose pc is IP
// (all frames when IP is not on the stack). Returns the depth.
size_t collect_stack(uintptr_t *pcs, size_t max, uintptr_t ip);
// A depot handle for the current stack trimmed at IP.
uint32_t save_stack(uintptr_t ip);
// Reports counted so far (for tests).
unsigned long reports_printed();
// Forgets the reports so far (tests): multi_shot and report_limit restart.
void reports_reset();

// ---- globals.cpp: registered globals ----

// The descriptor the pass emits for each instrumented global (8 words).
struct GlobalDesc {
  uintptr_t beg;
  uintptr_t size;
  uintptr_t size_with_redzone;
  const char *name;
  const char *module_name;
  uintptr_t has_dynamic_init;
  const void *source_location;
  uintptr_t odr_indicator;
};

// Finds the registered global whose [beg, beg + size_with_redzone) holds
// ADDR and copies its descriptor.
bool find_global(uintptr_t addr, GlobalDesc *out);

// ---- quarantine.cpp ----

// Holds OBJ back from reuse; may release the oldest objects (outside the
// quarantine's lock) to stay below the byte limit. Returns false when the
// quarantine is off or full of metadata, and the caller releases OBJ itself.
bool quarantine_put(const struct kmemsan_object *obj);
// Sets the byte limit (0 turns it off), releasing what no longer fits.
void quarantine_set_limit(size_t bytes);
// Releases everything it holds, oldest first.
void quarantine_drain();
// Bytes and objects it holds now.
size_t quarantine_bytes();
size_t quarantine_count();

} // namespace kmemsan

#endif // KMEMSAN_KASAN_H
