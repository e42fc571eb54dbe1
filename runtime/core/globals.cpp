// Instrumented globals: the pass gives each a right redzone and registers
// them from a module constructor; we poison the redzones and remember the
// descriptors so reports can name the variable.
#include "abi.h"
#include "kasan.h"

namespace kmemsan {
namespace {

// One registered array of descriptors (one module's globals).
struct GlobalBatch {
  const GlobalDesc *descs;
  size_t count;
};

constexpr size_t kPage = 4096;

SpinLock g_lock;
GlobalBatch *g_batches; // metadata memory, grown by doubling, never freed
size_t g_batch_count;
size_t g_batch_capacity;

bool add_batch(const GlobalDesc *descs, size_t n) {
  SpinLockGuard guard(g_lock);
  if (g_batch_count == g_batch_capacity) {
    size_t bytes =
        g_batch_capacity ? 2 * g_batch_capacity * sizeof(GlobalBatch) : kPage;
    GlobalBatch *grown =
        static_cast<GlobalBatch *>(kmemsan_platform_map_metadata(bytes));
    if (!grown)
      return false;
    internal_memcpy(grown, g_batches, g_batch_count * sizeof(GlobalBatch));
    // The old array stays mapped: metadata memory is never returned.
    __atomic_store_n(&g_batches, grown, __ATOMIC_RELEASE);
    g_batch_capacity = bytes / sizeof(GlobalBatch);
  }
  g_batches[g_batch_count].descs = descs;
  g_batches[g_batch_count].count = n;
  g_batch_count++;
  return true;
}

void remove_batch(const GlobalDesc *descs) {
  SpinLockGuard guard(g_lock);
  for (size_t i = 0; i < g_batch_count; i++) {
    if (g_batches[i].descs == descs) {
      g_batches[i] = g_batches[--g_batch_count];
      return;
    }
  }
}

} // namespace

bool find_global(uintptr_t addr, GlobalDesc *out) {
  SpinLockGuard guard(g_lock);
  for (size_t i = 0; i < g_batch_count; i++) {
    for (size_t j = 0; j < g_batches[i].count; j++) {
      const GlobalDesc &g = g_batches[i].descs[j];
      if (addr >= g.beg && addr < g.beg + g.size_with_redzone) {
        *out = g;
        return true;
      }
    }
  }
  return false;
}

} // namespace kmemsan

using namespace kmemsan;

extern "C" void __asan_register_globals(void *globals, uintptr_t n) {
  // Module constructors may run before the platform initialized us.
  kmemsan_init();
  if (!kasan_active() || !globals || !n)
    return;
  const GlobalDesc *descs = static_cast<const GlobalDesc *>(globals);
  for (uintptr_t i = 0; i < n; i++) {
    const GlobalDesc &g = descs[i];
    if (!kmemsan_platform_addr_has_shadow(g.beg) ||
        g.size_with_redzone < g.size)
      continue;
    unpoison_range(g.beg, g.size);
    uintptr_t redzone = round_up(g.beg + g.size, kGranule);
    uintptr_t end = g.beg + g.size_with_redzone;
    if (end > redzone)
      poison_range(redzone, end - redzone, KMEMSAN_GLOBAL_REDZONE);
  }
  add_batch(descs, n);
}

extern "C" void __asan_unregister_globals(void *globals, uintptr_t n) {
  if (!kasan_active() || !globals)
    return;
  const GlobalDesc *descs = static_cast<const GlobalDesc *>(globals);
  remove_batch(descs);
  // The module is going away; whatever is mapped there next starts clean.
  for (uintptr_t i = 0; i < n; i++)
    if (kmemsan_platform_addr_has_shadow(descs[i].beg))
      poison_range(descs[i].beg, descs[i].size_with_redzone, 0);
}
