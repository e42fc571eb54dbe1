// KLSan's events: the __kmemsan_klsan_* entry points the pass calls (a
// pointer store, a partial overwrite, memcpy/memmove, memset, the end of a
// stack slot) and the allocator hooks. Each moves tags in the tag shadow and
// adjusts the counts of the objects they name; when KLSan is off each
// returns after one load and a branch.
#include "klsan.h"

#include "abi.h"
#include "kasan.h"
#include "options.h"

// The pass emits `@__kmemsan_klsan_linked = weak global i8 1` into every
// module it instruments with KLSan: linking such code turns KLSan on. The
// core defines it too, weak and 0, so that the core archive needs nothing
// but the platform from outside (core-symbols.test); of two weak
// definitions the linker keeps the first, and kmemsan-cc puts the runtime
// after the program's objects.
extern "C" __attribute__((weak)) char __kmemsan_klsan_linked = 0;

// Where tracked objects live (kmemsan_core.h); the platform sets them. Both
// 0: no range test.
extern "C" {
#ifdef KMEMSAN_KLSAN_KERNEL_LAYOUT
// Instrumented kernel code runs long before the platform sets the range:
// until then, only a value no one stores (a non-canonical address) passes
// the inline test.
uintptr_t __kmemsan_klsan_heap_start = 1UL << 63;
uintptr_t __kmemsan_klsan_heap_end = (1UL << 63) + 1;
#else
uintptr_t __kmemsan_klsan_heap_start;
uintptr_t __kmemsan_klsan_heap_end;
#endif
}

#define KLSAN_RET_IP reinterpret_cast<uintptr_t>(__builtin_return_address(0))

namespace kmemsan {

int g_klsan_state;

namespace {

constexpr size_t kCopyBatch = 64; // tags read ahead of a copy's writes

// The reentrancy guard around an event's work: the records' spinlocks must
// not be taken again by an interrupt (the kernel's guard disables them) or
// a signal handler on the same thread while the event holds them. An event
// that arrives while the thread is already inside the runtime is dropped
// (its tags are left as they were; stale tags are told apart by their
// generation).
// Also false when KLSan is off (checked first: one load).
class EventGuard {
public:
  EventGuard() : entered_(klsan_on() && kmemsan_platform_enter() != 0) {}
  ~EventGuard() {
    if (entered_)
      kmemsan_platform_leave();
  }
  bool entered() const { return entered_; }

private:
  bool entered_;
};

// Whether [ADDR, ADDR+SIZE) can be memory a copy or fill really wrote. A
// memmove(p, q, -2) that KASan reported did not happen (the checked mem
// functions refuse it), and walking its "range" would never end.
bool real_range(uintptr_t addr, size_t size) {
  constexpr size_t kMaxRange = static_cast<size_t>(1) << 47;
  return size <= kMaxRange && addr + size >= addr;
}

// Drops the tags of every word that [ADDR, ADDR+SIZE) touches.
void drop_range(uintptr_t addr, size_t size, DropSite *site,
                bool zero_dropped = false) {
  uintptr_t end = addr + size;
#ifndef KMEMSAN_KLSAN_KERNEL_LAYOUT
  // Tags exist only below the end of the directory's address space.
  constexpr uintptr_t kLimit = KMEMSAN_KLSAN_DIRECTORY_SIZE / 8
                               << KMEMSAN_KLSAN_CHUNK_SHIFT;
  if (end < addr || end > kLimit)
    end = kLimit;
#else
  if (end < addr)
    end = ~static_cast<uintptr_t>(0);
#endif
  for (uintptr_t w = addr & ~(kWord - 1); w < end;) {
    uint64_t *slot = tag_slot(w);
    if (!slot) {
      w = tag_chunk_end(w);
      continue;
    }
    if (__atomic_load_n(slot, __ATOMIC_RELAXED)) {
      Tag old = __atomic_exchange_n(slot, 0, __ATOMIC_ACQ_REL);
      if (old) {
        if (site->cause == kDropOverwritten)
          site->where = w;
        count_dec(old, site);
        // A dead stack slot keeps its bytes; wipe the reference so that the
        // conservative trace cannot find the stale copy and hide the leak.
        if (zero_dropped)
          __atomic_store_n(reinterpret_cast<uint64_t *>(w), 0,
                           __ATOMIC_RELAXED);
      }
    }
    w += kWord;
  }
}

// The tag a reference to VALUE stored at HOLDER counts against (0: none).
Tag tag_for_value(uintptr_t value, uintptr_t holder) {
  uintptr_t start;
  size_t size;
  uint32_t index = klsan_lookup(value, &start, &size);
  if (!index)
    return 0;
  if (holder - start < size) // a self reference
    return 0;
  return make_tag(
      index, __atomic_load_n(&record_at(index)->generation, __ATOMIC_ACQUIRE));
}

// Re-points the word at W to NEW_TAG; the old tag loses a count at SITE.
void retag(uintptr_t w, Tag new_tag, DropSite *site) {
  uint64_t *slot = new_tag ? tag_slot_create(w) : tag_slot(w);
  if (!slot)
    return;
  if (!new_tag && !__atomic_load_n(slot, __ATOMIC_RELAXED))
    return;
  Tag old = __atomic_exchange_n(slot, new_tag, __ATOMIC_ACQ_REL);
  // The same object again (perhaps now as an int-only or a real
  // reference): the count does not change, but a real reference now
  // makes it stored.
  if (tag_same_object(old, new_tag)) {
    if (new_tag && tag_int_only(old))
      note_stored(new_tag);
    return;
  }
  if (new_tag)
    count_inc(new_tag);
  if (old) {
    site->where = w;
    count_dec(old, site);
  }
}

// The tag to copy from a source word's TAG into the word at DST: nothing
// when it is stale or DST lies inside the object it names.
Tag copied_tag(Tag tag, uintptr_t dst) {
  if (!tag)
    return 0;
  LeakRecord *r = record_of_tag(tag);
  if (!r || dst - r->start < r->size)
    return 0;
  return tag;
}

void copy_words(uintptr_t dst, uintptr_t src, size_t words, uintptr_t ip) {
  DropSite site = {kDropOverwritten, 0, ip, false, 0};
  Tag batch[kCopyBatch];
  // Like memmove: backwards when the destination is above the source.
  bool backwards = dst > src && dst < src + words * kWord;
  for (size_t done = 0; done < words;) {
    size_t n = words - done < kCopyBatch ? words - done : kCopyBatch;
    size_t first = backwards ? words - done - n : done;
    for (size_t i = 0; i < n; i++) {
      uint64_t *slot = tag_slot(src + (first + i) * kWord);
      batch[i] = slot ? __atomic_load_n(slot, __ATOMIC_ACQUIRE) : 0;
    }
    for (size_t k = 0; k < n; k++) {
      size_t i = backwards ? n - 1 - k : k;
      uintptr_t w = dst + (first + i) * kWord;
      retag(w, copied_tag(batch[i], w), &site);
    }
    done += n;
  }
}

} // namespace

bool klsan_decide() {
  kmemsan_init();
  bool wanted = options().klsan ||
                __atomic_load_n(&__kmemsan_klsan_linked, __ATOMIC_RELAXED);
  bool supported =
      kmemsan_platform_find_live_object && kmemsan_platform_stop_world &&
      kmemsan_platform_resume_world && kmemsan_platform_for_each_root;
  int state = wanted && supported ? 2 : 1;
  __atomic_store_n(&g_klsan_state, state, __ATOMIC_RELAXED);
  return state == 2;
}

uintptr_t klsan_strip(uintptr_t value) {
  if (options().klsan_top_byte_ignore)
    value &= (static_cast<uintptr_t>(1) << 56) - 1;
  return value;
}

uint32_t klsan_lookup(uintptr_t value, uintptr_t *start, size_t *size) {
  value = klsan_strip(value);
  uintptr_t heap_end =
      __atomic_load_n(&__kmemsan_klsan_heap_end, __ATOMIC_RELAXED);
  if (heap_end &&
      (value < __atomic_load_n(&__kmemsan_klsan_heap_start, __ATOMIC_RELAXED) ||
       value >= heap_end))
    return 0;
  struct kmemsan_object obj;
  if (!kmemsan_platform_find_live_object(value, &obj) || !obj.meta)
    return 0;
  uint32_t index = __atomic_load_n(&obj.meta->klsan_record, __ATOMIC_ACQUIRE);
  if (!index)
    return 0;
  LeakRecord *r = record_at(index);
  *start = r->start;
  *size = r->size;
  return index;
}

void klsan_reset_for_testing() {
  records_reset();
  __atomic_store_n(&g_klsan_state, 0, __ATOMIC_RELAXED);
}

} // namespace kmemsan

using namespace kmemsan;

extern "C" int kmemsan_klsan_enabled(void) { return klsan_on(); }

extern "C" void kmemsan_klsan_alloc(const struct kmemsan_object *obj,
                                    size_t requested, uintptr_t ret_ip) {
  if (!klsan_on())
    return;
  struct kmemsan_object_meta *meta = obj->meta;
  if (requested > obj->size)
    requested = obj->size;
  // A second hook for the same live object: the kernel's kmalloc() calls
  // the slab hook with the cache's size, then the kmalloc hook with the
  // size asked for; krealloc() in place calls the kmalloc hook again. The
  // record stays (references are counted against it), with the new size;
  // a fresh object takes the final allocation stack.
  if (record_realloc(__atomic_load_n(&meta->klsan_record, __ATOMIC_ACQUIRE),
                     obj->start, requested, meta->alloc))
    return;
  __atomic_store_n(&meta->klsan_record, 0, __ATOMIC_RELEASE);
  // An allocation the runtime makes for itself is not tracked.
  if (!kmemsan_platform_enter())
    return;
  struct kmemsan_track alloc = meta->alloc;
  if (!alloc.stack) {
    alloc.stack = save_stack(ret_ip);
    alloc.task_id = kmemsan_platform_task_id();
  }
  char task[kTaskNameSize];
  task[0] = '\0';
  kmemsan_platform_task_name(task, sizeof(task));
  task[sizeof(task) - 1] = '\0';
  uint32_t index = record_create(obj, requested, alloc, task);
  kmemsan_platform_leave();
  __atomic_store_n(&meta->klsan_record, index, __ATOMIC_RELEASE);
}

extern "C" void kmemsan_klsan_free(const struct kmemsan_object *obj,
                                   uintptr_t ret_ip) {
  if (!klsan_on() || !obj->meta)
    return;
  uint32_t index = __atomic_load_n(&obj->meta->klsan_record, __ATOMIC_ACQUIRE);
  if (!index)
    return;
  LeakRecord *r = record_at(index);
  // The record stops being live before the object stops linking to it: a
  // confirmation that stops this thread in between then neither misses the
  // link (the thread may hold the object in a register) nor reports a
  // record that is being freed. Clearing the flag also picks one winner
  // when two threads free the same object.
  if (!(__atomic_fetch_and(&r->flags, ~kRecordLive, __ATOMIC_ACQ_REL) &
        kRecordLive))
    return;
  __atomic_store_n(&obj->meta->klsan_record, 0, __ATOMIC_RELEASE);
  // Even when nested (the guard fails) the record must die with its object.
  EventGuard guard;
  DropSite site = {kDropHolderFreed, r->start, ret_ip, false, 0};
  drop_range(r->start, r->size, &site);
  record_kill(index);
}

extern "C" void kmemsan_klsan_safepoint(void) {
  if (!klsan_on())
    return;
  long every = options().klsan_confirm_every;
  uint64_t events = candidate_events();
  if (events < static_cast<uint64_t>(every > 0 ? every : 1))
    return;
  // A confirmation traces everything reachable: wait for events in
  // proportion to the live objects, so its cost per event stays bounded
  // however large the heap grows.
  long ratio = options().klsan_confirm_ratio;
  if (ratio > 0 && events * 100 < live_records() * static_cast<uint64_t>(ratio))
    return;
  if (kmemsan_platform_request_confirmation) {
    kmemsan_platform_request_confirmation();
    return;
  }
  klsan_confirm(false);
}

extern "C" void kmemsan_klsan_confirm_now(void) {
  if (klsan_on())
    klsan_confirm(false);
}

extern "C" void kmemsan_klsan_confirm_stopped(void) {
  if (klsan_on())
    klsan_confirm(false, true);
  klsan_confirm_disarm();
}

extern "C" void kmemsan_klsan_confirm_arm(void) { klsan_confirm_arm(); }

extern "C" void kmemsan_klsan_confirm_help(void) {
  if (!kmemsan_platform_enter())
    return;
  klsan_confirm_help();
  kmemsan_platform_leave();
}

extern "C" void kmemsan_klsan_print_confirmed(void) {
  if (klsan_on())
    klsan_print_deferred();
}

extern "C" uint64_t kmemsan_klsan_pending_events(void) {
  return klsan_on() ? candidate_events() : 0;
}

extern "C" uint64_t kmemsan_klsan_confirmations_given_up(void) {
  return klsan_confirmations_given_up();
}

extern "C" void kmemsan_klsan_forget_range(const void *addr, size_t size,
                                           uintptr_t ret_ip) {
  if (!size)
    return;
  EventGuard guard;
  if (!guard.entered())
    return;
  uintptr_t begin = reinterpret_cast<uintptr_t>(addr);
  DropSite site = {kDropHolderFreed, begin, ret_ip, false, 0};
  drop_range(begin, size, &site);
}

extern "C" void kmemsan_klsan_at_exit(void) {
  if (!klsan_on())
    return;
  klsan_confirm(options().klsan_report_at_exit);
}

namespace kmemsan {
namespace {
// A pointer-sized store of VALUE at P, from the instrumented code at IP;
// INT_ONLY marks the new tag (__kmemsan_klsan_store_int).
void store_event(void *p, uintptr_t value, uintptr_t ip, bool int_only) {
  EventGuard guard;
  if (!guard.entered())
    return;
  uintptr_t addr = reinterpret_cast<uintptr_t>(p);
  DropSite site = {kDropOverwritten, addr, ip, false, 0};
  if (addr & (kWord - 1)) {
    // A misaligned word holds no reference: what it overlapped is gone.
    drop_range(addr, kWord, &site);
    return;
  }
  Tag t = tag_for_value(value, addr);
  retag(addr, t && int_only ? t | kTagIntOnly : t, &site);
}
} // namespace
} // namespace kmemsan

extern "C" void __kmemsan_klsan_store(void *p, uintptr_t value) {
  store_event(p, value, KLSAN_RET_IP, false);
}

extern "C" void __kmemsan_klsan_store_int(void *p, uintptr_t value) {
  store_event(p, value, KLSAN_RET_IP, true);
}

extern "C" void __kmemsan_klsan_clobber(void *p, uintptr_t size) {
  if (!real_range(reinterpret_cast<uintptr_t>(p), size))
    return;
  EventGuard guard;
  if (!guard.entered())
    return;
  DropSite site = {kDropOverwritten, 0, KLSAN_RET_IP, false, 0};
  drop_range(reinterpret_cast<uintptr_t>(p), size, &site);
}

extern "C" void __kmemsan_klsan_copy(void *d, void *s, uintptr_t size) {
  if (!size || !real_range(reinterpret_cast<uintptr_t>(d), size) ||
      !real_range(reinterpret_cast<uintptr_t>(s), size))
    return;
  EventGuard guard;
  if (!guard.entered())
    return;
  uintptr_t ip = KLSAN_RET_IP;
  uintptr_t dst = reinterpret_cast<uintptr_t>(d);
  uintptr_t src = reinterpret_cast<uintptr_t>(s);
  DropSite site = {kDropOverwritten, 0, ip, false, 0};
  if ((dst ^ src) & (kWord - 1)) {
    // No source word lands whole on a destination word.
    drop_range(dst, size, &site);
    return;
  }
  uintptr_t first = round_up(dst, kWord);
  uintptr_t last = round_down(dst + size, kWord);
  if (first >= last) {
    drop_range(dst, size, &site);
    return;
  }
  // The partial words at the edges are overwritten, not copied.
  if (first > dst)
    drop_range(dst, first - dst, &site);
  if (dst + size > last)
    drop_range(last, dst + size - last, &site);
  copy_words(first, src + (first - dst), (last - first) / kWord, ip);
}

extern "C" void __kmemsan_klsan_clear(void *p, uintptr_t size) {
  if (!real_range(reinterpret_cast<uintptr_t>(p), size))
    return;
  EventGuard guard;
  if (!guard.entered())
    return;
  DropSite site = {kDropOverwritten, 0, KLSAN_RET_IP, false, 0};
  drop_range(reinterpret_cast<uintptr_t>(p), size, &site);
}

extern "C" void __kmemsan_klsan_scope_exit(void *p, uintptr_t size) {
  EventGuard guard;
  if (!guard.entered())
    return;
  uintptr_t ip = KLSAN_RET_IP;
  // The slot belongs to the function the call returns into.
  DropSite site = {kDropOutOfScope, ip, ip, false, 0};
  drop_range(reinterpret_cast<uintptr_t>(p), size, &site, true);
}
