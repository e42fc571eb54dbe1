// The platform the core's unit tests run on: a fixed arena with shadow,
// fake objects, a fake unwinder and symbolizer, and report output captured
// into a string instead of written anywhere.
#ifndef KMEMSAN_TEST_PLATFORM_H
#define KMEMSAN_TEST_PLATFORM_H

#include <csetjmp>
#include <cstdint>
#include <string>
#include <vector>

#include "kmemsan_platform.h"

namespace testplat {

// [kArenaBase, kArenaBase + kArenaSize) is mapped and has shadow.
constexpr uintptr_t kArenaBase = 0x100000000000UL;
constexpr uintptr_t kArenaSize = 64UL << 20;
// The part of the arena that counts as a thread's stack.
constexpr uintptr_t kStackBase = kArenaBase + (32UL << 20);
constexpr uintptr_t kStackSize = 1UL << 20;

// Back to a clean state: no output, objects, stacks, symbols or releases;
// default options; the quarantine emptied; the shadow of the arena zeroed.
void reset();

std::string &output();
std::vector<std::string> output_lines();

struct FakeObject {
  kmemsan_object obj;
  kmemsan_object_meta meta;
};
// Registers an allocator object (stable address until reset()).
FakeObject *add_object(kmemsan_object_kind kind, uintptr_t start, size_t size,
                       const char *cache_name = nullptr, unsigned order = 0);

// What kmemsan_platform_unwind returns from now on.
void set_unwind(std::vector<uintptr_t> pcs);
// A function for the fake symbolizer.
void add_symbol(const char *name, uintptr_t start, size_t size,
                const char *file = nullptr, int line = 0);

void set_options(const char *str);

// KLSan: the tag directory is mapped (NORESERVE) at KMEMSAN_KLSAN_DIRECTORY;
// kmemsan_platform_find_live_object finds registered objects while
// meta.allocated, inside [start, start + meta.requested);
// kmemsan_platform_for_each_root reports the ranges added here (until
// reset()); stopping and resuming the world only count calls.
void add_root(uintptr_t begin, uintptr_t end);
extern int stop_world_calls;
// kmemsan_platform_now_ns() adds clock_step_ns to clock_ns and returns it
// (both 0 after reset()).
extern uint64_t clock_ns;
extern uint64_t clock_step_ns;
// After gate_lookups(), the calling thread's object lookups wait (5 s at
// most) until another thread has looked an object up, so that the other
// threads of a shared trace get work before this one could do it all.
// foreign_lookups() counts the other threads' lookups since.
void gate_lookups();
long foreign_lookups();

extern std::vector<kmemsan_object> released;
extern std::vector<std::string> reports_done;
extern int halt_calls;
// When set, kmemsan_platform_halt() longjmps here instead of aborting.
extern std::jmp_buf *halt_target;

} // namespace testplat

#endif // KMEMSAN_TEST_PLATFORM_H
