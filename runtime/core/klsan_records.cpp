// Object records: one per tracked object, holding its reference count, its
// annotations, its allocation and its last drop; the free list of record
// indices; and the suspect list (candidates and possible cycle roots) that
// the confirmation reads.
//
// Counts change with atomic adds; record creation, death and the suspect
// list take one spinlock, which the confirmation holds while the world is
// stopped so that no thread is stopped halfway through them.
#include "klsan.h"

#include "kasan.h"
#include "options.h"
#include "kmemsan/klsan.h"
#include "stack_depot.h"

namespace kmemsan {
namespace {

constexpr uint32_t kSegmentShift = 12;
constexpr uint32_t kRecordsPerSegment = 1u << kSegmentShift;
constexpr uint32_t kMaxSegments = 16384; // 64 Mi records
constexpr size_t kPage = 4096;

LeakRecord *g_segments[kMaxSegments];
SpinLock g_lock;
uint32_t g_limit = 1; // index 0 is "no record"
uint32_t g_free_head;

uint32_t *g_suspects;
size_t g_suspect_count;
size_t g_suspect_capacity;
uint64_t g_events;
// Decrements that left a count above zero (possible cycle roots).
uint64_t g_root_events;
constexpr uint64_t kRootEventsPerEvent = 8;
uint64_t g_live; // live records, so confirmations can be paced by heap size

size_t segment_bytes() {
  return round_up(kRecordsPerSegment * sizeof(LeakRecord), kPage);
}

// A free index, with g_lock held; 0 when metadata memory ran out.
uint32_t take_index() {
  if (g_free_head) {
    uint32_t index = g_free_head;
    g_free_head = record_at(index)->next_free;
    return index;
  }
  uint32_t segment = g_limit >> kSegmentShift;
  if (segment >= kMaxSegments)
    return 0;
  if (!g_segments[segment]) {
    void *mem = kmemsan_platform_map_metadata(segment_bytes());
    if (!mem)
      return 0;
    __atomic_store_n(&g_segments[segment], static_cast<LeakRecord *>(mem),
                     __ATOMIC_RELEASE);
  }
  uint32_t index = g_limit;
  __atomic_store_n(&g_limit, g_limit + 1, __ATOMIC_RELEASE);
  return index;
}

// Appends INDEX to the suspect list, with g_lock held.
void push_suspect(uint32_t index) {
  if (g_suspect_count == g_suspect_capacity) {
    size_t capacity = g_suspect_capacity ? 2 * g_suspect_capacity : 1024;
    auto *mem = static_cast<uint32_t *>(kmemsan_platform_map_metadata(
        round_up(capacity * sizeof(uint32_t), kPage)));
    if (!mem) {
      // Out of metadata: the index stays flagged but unlisted; the exit
      // pass still finds the object if it leaked.
      return;
    }
    if (g_suspect_count)
      internal_memcpy(mem, g_suspects, g_suspect_count * sizeof(uint32_t));
    g_suspects = mem; // the old array is metadata: never unmapped
    g_suspect_capacity = capacity;
  }
  g_suspects[g_suspect_count++] = index;
}

void list_if_needed(uint32_t index, LeakRecord *r) {
  if (__atomic_fetch_or(&r->flags, kRecordInList, __ATOMIC_ACQ_REL) &
      kRecordInList)
    return;
  SpinLockGuard guard(g_lock);
  push_suspect(index);
}

uint32_t drop_stack(DropSite *site) {
  if (!site->have_stack) {
    site->have_stack = true;
    // Every drop runs inside the runtime (the events' guard is held).
    site->stack = save_stack(site->ip);
  }
  return site->stack;
}

void task_name(char *buf) {
  buf[0] = '\0';
  kmemsan_platform_task_name(buf, kTaskNameSize);
  buf[kTaskNameSize - 1] = '\0';
}

} // namespace

LeakRecord *record_at(uint32_t index) {
  LeakRecord *segment =
      __atomic_load_n(&g_segments[index >> kSegmentShift], __ATOMIC_ACQUIRE);
  return segment + (index & (kRecordsPerSegment - 1));
}

uint32_t record_limit() { return __atomic_load_n(&g_limit, __ATOMIC_ACQUIRE); }

LeakRecord *record_of_tag(Tag t) {
  uint32_t index = tag_index(t);
  if (!index || index >= record_limit())
    return nullptr;
  LeakRecord *r = record_at(index);
  if ((__atomic_load_n(&r->generation, __ATOMIC_ACQUIRE) & kGenerationMask) !=
      tag_generation(t))
    return nullptr;
  return r;
}

// The allocation stack of a record that was never stored: it is also its
// "drop" (last seen in the allocating function).
static void set_birth(LeakRecord *r, const struct kmemsan_track &alloc) {
  r->alloc = alloc;
  r->drop.stack = alloc.stack;
  r->drop.task_id = alloc.task_id;
  r->drop.where = 0;
  const uintptr_t *pcs;
  if (alloc.stack && depot_get(alloc.stack, &pcs))
    r->drop.where = pcs[0];
}

uint32_t record_create(const struct kmemsan_object *obj, size_t requested,
                       const struct kmemsan_track &alloc, const char *task) {
  SpinLockGuard guard(g_lock);
  uint32_t index = take_index();
  if (!index)
    return 0;
  LeakRecord *r = record_at(index);
  r->start = obj->start;
  r->size = requested;
  r->object_size = obj->size;
  r->cache_name = obj->cache_name;
  r->kind = obj->kind;
  r->page_order = obj->page_order;
  internal_strlcpy(r->alloc_task, task, kTaskNameSize);
  r->next_free = 0;
  __atomic_store_n(&r->count, 0, __ATOMIC_RELAXED);
  r->drop.cause = kDropNeverStored;
  set_birth(r, alloc);
  internal_strlcpy(r->drop.task, task, kTaskNameSize);
  // A reused index may still sit in the suspect list: it keeps its place.
  uint32_t listed =
      __atomic_load_n(&r->flags, __ATOMIC_RELAXED) & kRecordInList;
  __atomic_store_n(&r->flags, kRecordLive | kRecordInList, __ATOMIC_RELEASE);
  if (!listed)
    push_suspect(index);
  __atomic_fetch_add(&g_events, 1, __ATOMIC_RELAXED);
  g_live++;
  return index;
}

bool record_realloc(uint32_t index, uintptr_t start, size_t requested,
                    const struct kmemsan_track &alloc) {
  if (!index || index >= record_limit())
    return false;
  LeakRecord *r = record_at(index);
  uint32_t f = record_flags(r);
  if (!(f & kRecordLive) || r->start != start)
    return false;
  r->size = requested;
  if (alloc.stack && !(f & kRecordEverStored) && record_count(r) == 0)
    set_birth(r, alloc);
  return true;
}

void record_kill(uint32_t index) {
  LeakRecord *r = record_at(index);
  __atomic_fetch_add(&r->generation, 1, __ATOMIC_ACQ_REL);
  SpinLockGuard guard(g_lock);
  __atomic_and_fetch(&r->flags, kRecordInList, __ATOMIC_ACQ_REL);
  __atomic_store_n(&r->count, 0, __ATOMIC_RELAXED);
  r->next_free = g_free_head;
  g_free_head = index;
  g_live--;
}

void note_stored(Tag t) {
  LeakRecord *r = record_of_tag(t);
  if (!r || tag_int_only(t))
    return;
  if (!(__atomic_load_n(&r->flags, __ATOMIC_RELAXED) & kRecordEverStored) &&
      !(__atomic_fetch_or(&r->flags, kRecordEverStored, __ATOMIC_ACQ_REL) &
        kRecordEverStored)) {
    // The birth's candidate event is taken back: churn that stores what it
    // allocates does not pace the confirmations (whose trace costs in
    // proportion to the live objects). An object never stored keeps it.
    uint64_t e = __atomic_load_n(&g_events, __ATOMIC_RELAXED);
    while (e && !__atomic_compare_exchange_n(&g_events, &e, e - 1, true,
                                             __ATOMIC_RELAXED,
                                             __ATOMIC_RELAXED)) {
    }
  }
}

void count_inc(Tag t) {
  LeakRecord *r = record_of_tag(t);
  if (!r)
    return;
  // 0 -> 1 takes the object out of the candidates; the confirmation drops
  // it from the list lazily.
  __atomic_fetch_add(&r->count, 1, __ATOMIC_ACQ_REL);
  // An int-only reference does not make the object "stored" (its report
  // still says where it was last seen when nothing real held it).
  note_stored(t);
}

void count_dec(Tag t, DropSite *site) {
  LeakRecord *r = record_of_tag(t);
  if (!r)
    return;
  int64_t before = __atomic_fetch_sub(&r->count, 1, __ATOMIC_ACQ_REL);
  if (before <= 0) {
    // Unbalanced (a racing free and reuse): never go below zero.
    __atomic_fetch_add(&r->count, 1, __ATOMIC_ACQ_REL);
    return;
  }
  // With klsan_trace_counted (the kernel) every counted object is a root
  // of the trace, so no garbage cycle is ever found: a drop that leaves the
  // count above zero names nothing that could be reported, and its stack
  // (an unwind and a depot lookup on every pointer overwrite) and its
  // possible-root bookkeeping would be pure cost.
  if (before > 1 && options().klsan_trace_counted)
    return;
  // An int-only reference (a range's end that equals the object's
  // address) is no evidence of where the object was lost: the last real
  // drop, or the allocation, stays the drop site.
  if (!tag_int_only(t)) {
    uint32_t stack = drop_stack(site);
    SpinLockGuard guard(r->drop_lock);
    r->drop.cause = site->cause;
    r->drop.where = site->where;
    r->drop.stack = stack;
    r->drop.task_id = kmemsan_platform_task_id();
    task_name(r->drop.task);
  }
  // A drop to zero makes a candidate; one that leaves the count above zero
  // a possible cycle root. Both make a confirmation due sooner.
  // Possible roots only matter for garbage cycles: they pace the
  // confirmations at one event per kRootEventsPerEvent.
  if (before > 1) {
    __atomic_fetch_or(&r->flags, kRecordPossibleRoot, __ATOMIC_ACQ_REL);
    if (__atomic_add_fetch(&g_root_events, 1, __ATOMIC_RELAXED) %
            kRootEventsPerEvent ==
        0)
      __atomic_fetch_add(&g_events, 1, __ATOMIC_RELAXED);
  } else {
    __atomic_fetch_add(&g_events, 1, __ATOMIC_RELAXED);
  }
  list_if_needed(tag_index(t), r);
}

SpinLock &records_lock() { return g_lock; }

uint32_t *suspects(size_t *n) {
  *n = g_suspect_count;
  return g_suspects;
}

void suspects_truncate(size_t n) {
  if (n < g_suspect_count)
    g_suspect_count = n;
}

uint64_t live_records() { return __atomic_load_n(&g_live, __ATOMIC_RELAXED); }

uint64_t candidate_events() {
  return __atomic_load_n(&g_events, __ATOMIC_RELAXED);
}

uint64_t candidate_events_take() {
  return __atomic_exchange_n(&g_events, 0, __ATOMIC_RELAXED);
}

void candidate_events_add(uint64_t n) {
  __atomic_fetch_add(&g_events, n, __ATOMIC_RELAXED);
}

void records_reset() {
  SpinLockGuard guard(g_lock);
  uint32_t limit = g_limit;
  for (uint32_t i = 1; i < limit; i++) {
    LeakRecord *r = record_at(i);
    __atomic_fetch_add(&r->generation, 1, __ATOMIC_RELAXED);
    __atomic_store_n(&r->flags, 0, __ATOMIC_RELAXED);
    __atomic_store_n(&r->count, 0, __ATOMIC_RELAXED);
  }
  // Indices restart at 1; generations keep going so old tags stay stale.
  g_limit = 1;
  g_free_head = 0;
  g_suspect_count = 0;
  g_events = 0;
  g_live = 0;
}

} // namespace kmemsan

// ---- annotations (include/kmemsan/klsan.h) ----

using namespace kmemsan;

namespace {

void annotate(const void *p, uint32_t flag) {
  if (!klsan_on())
    return;
  uintptr_t start;
  size_t size;
  uint32_t index = klsan_lookup(reinterpret_cast<uintptr_t>(p), &start, &size);
  if (index)
    __atomic_fetch_or(&record_at(index)->flags, flag, __ATOMIC_ACQ_REL);
}

} // namespace

extern "C" void kmemsan_not_leak(const void *p) { annotate(p, kRecordNotLeak); }

extern "C" void kmemsan_ignore(const void *p) {
  annotate(p, kRecordIgnore | kRecordNoScan);
}

extern "C" void kmemsan_no_scan(const void *p) { annotate(p, kRecordNoScan); }
