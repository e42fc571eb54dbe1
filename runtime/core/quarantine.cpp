// The quarantine: freed objects wait here, poisoned, before their allocator
// may reuse them, so a use-after-free is still caught after later
// allocations. A FIFO bounded by the bytes it holds.
//
// Entries are copies of struct kmemsan_object kept in batches of metadata
// memory, never links through the freed objects themselves: a
// use-after-free write would corrupt such links. Objects leaving the
// quarantine go back to the allocator outside the lock, because the
// allocator takes its own locks and may call back into the core.
#include "kasan.h"
#include "options.h"

namespace kmemsan {
namespace {

constexpr size_t kBatchBytes = 4096;
constexpr size_t kBatchSlots =
    (kBatchBytes - 2 * sizeof(void *)) / sizeof(struct kmemsan_object);
// Released at most this many at a time, from a local array.
constexpr size_t kReleaseChunk = 16;

struct Batch {
  Batch *next;
  uint32_t head; // first entry still held
  uint32_t tail; // one past the last entry written
  struct kmemsan_object objs[kBatchSlots];
};
static_assert(sizeof(Batch) <= kBatchBytes, "batch fits its page");

SpinLock g_lock;
Batch *g_first; // oldest entries
Batch *g_last;  // where new entries go
Batch *g_spare; // empty batches for reuse (metadata is never unmapped)
size_t g_bytes;
size_t g_count;
size_t g_limit;
bool g_limit_set; // before quarantine_set_limit, the option decides

size_t limit() {
  if (!g_limit_set)
    return options().quarantine_size_mb << 20;
  return g_limit;
}

Batch *new_batch() {
  Batch *b = g_spare;
  if (b) {
    g_spare = b->next;
  } else {
    b = static_cast<Batch *>(kmemsan_platform_map_metadata(kBatchBytes));
    if (!b)
      return nullptr;
  }
  b->next = nullptr;
  b->head = b->tail = 0;
  return b;
}

// Moves up to MAX of the oldest entries into OUT while the quarantine holds
// more than BOUND bytes. Called with the lock held.
// What an object costs the quarantine's budget: its slot, redzones included.
size_t footprint(const struct kmemsan_object &obj) {
  return obj.footprint ? obj.footprint : obj.size;
}

size_t take_oldest(size_t bound, struct kmemsan_object *out, size_t max) {
  size_t n = 0;
  while (n < max && g_bytes > bound && g_first) {
    Batch *b = g_first;
    if (b->head == b->tail) {
      if (b == g_last) { // empty and current: nothing more to take
        b->head = b->tail = 0;
        break;
      }
      g_first = b->next;
      b->next = g_spare;
      g_spare = b;
      continue;
    }
    out[n] = b->objs[b->head++];
    g_bytes -= footprint(out[n]);
    g_count--;
    n++;
  }
  return n;
}

// Releases the oldest objects until at most BOUND bytes stay.
void shrink_to(size_t bound) {
  struct kmemsan_object victims[kReleaseChunk];
  for (;;) {
    size_t n;
    {
      SpinLockGuard guard(g_lock);
      n = take_oldest(bound, victims, kReleaseChunk);
    }
    if (!n)
      return;
    for (size_t i = 0; i < n; i++)
      kmemsan_platform_release_object(&victims[i]);
  }
}

} // namespace

bool quarantine_put(const struct kmemsan_object *obj) {
  size_t max = limit();
  if (max == 0 || footprint(*obj) > max)
    return false;
  {
    SpinLockGuard guard(g_lock);
    if (!g_last || g_last->tail == kBatchSlots) {
      Batch *b = new_batch();
      if (!b)
        return false;
      if (g_last)
        g_last->next = b;
      else
        g_first = b;
      g_last = b;
    }
    g_last->objs[g_last->tail++] = *obj;
    g_bytes += footprint(*obj);
    g_count++;
  }
  shrink_to(max);
  return true;
}

void quarantine_set_limit(size_t bytes) {
  {
    SpinLockGuard guard(g_lock);
    g_limit = bytes;
    g_limit_set = true;
  }
  shrink_to(bytes);
}

void quarantine_drain() { shrink_to(0); }

size_t quarantine_bytes() {
  SpinLockGuard guard(g_lock);
  return g_bytes;
}

size_t quarantine_count() {
  SpinLockGuard guard(g_lock);
  return g_count;
}

} // namespace kmemsan
