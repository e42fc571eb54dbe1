// What every allocator shares: initialization and the alloc/free hooks
// (the model is Linux mm/kasan/common.c).
#include "kasan.h"
#include "options.h"

namespace kmemsan {
namespace {

// 0: not started, 1: in progress, 2: done.
int g_init_state;
// The task running kmemsan_init(), so that a call back into it from the
// platform (say, an allocation while reading the options) does not wait for
// itself.
uint32_t g_init_task;

uint8_t redzone_value(enum kmemsan_object_kind kind) {
  switch (kind) {
  case KMEMSAN_OBJECT_PAGE:
    return KMEMSAN_PAGE_REDZONE;
  case KMEMSAN_OBJECT_VMALLOC:
    return KMEMSAN_VMALLOC_INVALID;
  case KMEMSAN_OBJECT_SLAB:
    break;
  }
  return KMEMSAN_SLAB_REDZONE;
}

uint8_t free_value(enum kmemsan_object_kind kind) {
  switch (kind) {
  case KMEMSAN_OBJECT_PAGE:
    return KMEMSAN_PAGE_FREE;
  case KMEMSAN_OBJECT_VMALLOC:
    return KMEMSAN_VMALLOC_INVALID;
  case KMEMSAN_OBJECT_SLAB:
    break;
  }
  return KMEMSAN_SLAB_FREE;
}

} // namespace

bool g_kasan_active; // hidden (kasan.h): a PC-relative load, no GOT
#ifdef KMEMSAN_SHADOW_FLOOR_VARIABLE
// Set by kmemsan_init() before the checks are turned on; until then no
// address has shadow (and no check runs).
uintptr_t g_shadow_floor = UINTPTR_MAX; // hidden (kasan.h)
#endif

} // namespace kmemsan

using namespace kmemsan;

extern "C" void kmemsan_init(void) {
  if (__atomic_load_n(&g_init_state, __ATOMIC_ACQUIRE) == 2)
    return;
  int expected = 0;
  uint32_t task = kmemsan_platform_task_id();
  if (!__atomic_compare_exchange_n(&g_init_state, &expected, 1, false,
                                   __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
    // Our own nested call: go on uninitialized (every check is off).
    if (__atomic_load_n(&g_init_task, __ATOMIC_ACQUIRE) == task)
      return;
    // Another thread is parsing the options; the depot and quarantine are
    // set up lazily, so waiting for the options is all there is.
    while (__atomic_load_n(&g_init_state, __ATOMIC_ACQUIRE) != 2)
      __builtin_ia32_pause();
    return;
  }
  __atomic_store_n(&g_init_task, task, __ATOMIC_RELEASE);
#ifdef KMEMSAN_SHADOW_FLOOR_VARIABLE
  // Published to other CPUs by the release store of g_kasan_active below.
  g_shadow_floor = kmemsan_platform_shadow_floor();
#endif
  options_init();
  __atomic_store_n(&g_init_state, 2, __ATOMIC_RELEASE);
  if (options().kasan)
    __atomic_store_n(&g_kasan_active, true, __ATOMIC_RELEASE);
}

extern "C" int kmemsan_kasan_enabled(void) {
  kmemsan_init();
  return kasan_active();
}

extern "C" void kmemsan_kasan_alloc(const struct kmemsan_object *obj,
                                    size_t requested, uintptr_t ret_ip) {
  kmemsan_init();
  struct kmemsan_object_meta *meta = obj->meta;
  if (requested > obj->size) // an allocator bug; never unpoison past the slot
    requested = obj->size;
  meta->requested = requested;
  meta->free.stack = 0;
  meta->free.task_id = 0;
  __atomic_store_n(&meta->allocated, 1, __ATOMIC_RELEASE);
  if (!kasan_active() || !hot_addr_has_shadow(obj->start)) {
    meta->alloc.stack = 0;
    meta->alloc.task_id = 0;
    return;
  }
  // The bytes the caller may use, then the rest of the slot as redzone.
  unpoison_range(obj->start, requested);
  uintptr_t used_end = round_up(obj->start + requested, kGranule);
  uintptr_t obj_end = round_up(obj->start + obj->size, kGranule);
  if (obj_end > used_end)
    poison_range(used_end, obj_end - used_end, redzone_value(obj->kind));
  // The stack is metadata work: skip it when the runtime is already
  // running on this thread (an allocation made by the runtime itself).
  uint32_t stack = 0;
  if (kmemsan_platform_enter()) {
    stack = save_stack(ret_ip);
    kmemsan_platform_leave();
  }
  meta->alloc.stack = stack;
  meta->alloc.task_id = kmemsan_platform_task_id();
}

extern "C" enum kmemsan_free_result kmemsan_kasan_free(const void *ptr,
                                                       uintptr_t ret_ip) {
  kmemsan_init();
  uintptr_t addr = reinterpret_cast<uintptr_t>(ptr);
  struct kmemsan_object obj;
  bool known = kmemsan_platform_describe_object(addr, &obj);
  if (!kasan_active()) {
    // No checks and no quarantine, but keep the allocator's state honest.
    if (known && obj.start == addr && obj.meta)
      __atomic_store_n(&obj.meta->allocated, 0, __ATOMIC_RELEASE);
    return known && obj.start == addr ? KMEMSAN_FREE_RELEASE
                                      : KMEMSAN_FREE_REJECTED;
  }
  if (!known) {
    report_free("invalid-free", addr, ret_ip, nullptr);
    return KMEMSAN_FREE_REJECTED;
  }
  if (obj.start != addr) {
    report_free("invalid-free", addr, ret_ip, &obj);
    return KMEMSAN_FREE_REJECTED;
  }
  // One winner when two threads free the same object at once.
  if (!__atomic_exchange_n(&obj.meta->allocated, 0, __ATOMIC_ACQ_REL)) {
    report_free("double-free", addr, ret_ip, &obj);
    return KMEMSAN_FREE_REJECTED;
  }
  if (hot_addr_has_shadow(obj.start))
    poison_range(obj.start, round_up(obj.size, kGranule), free_value(obj.kind));
  uint32_t stack = 0;
  if (kmemsan_platform_enter()) {
    stack = save_stack(ret_ip);
    kmemsan_platform_leave();
  }
  obj.meta->free.stack = stack;
  obj.meta->free.task_id = kmemsan_platform_task_id();
  return quarantine_put(&obj) ? KMEMSAN_FREE_QUARANTINED : KMEMSAN_FREE_RELEASE;
}
