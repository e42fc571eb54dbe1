// The quarantine: freed objects wait here, poisoned, before their allocator
// may reuse them, so a use-after-free is still caught after later
// allocations. A FIFO bounded by the bytes it holds.
//
// Entries are copies of struct kmemsan_object kept in batches of metadata
// memory, never links through the freed objects themselves: a
// use-after-free write would corrupt such links. Objects leaving the
// quarantine go back to the allocator outside the lock, because the
// allocator takes its own locks and may call back into the core.
//
// A batch is a byte stream of entries, written at its tail and read from
// its head. Most freed objects are of a few kinds (a slab cache's objects
// differ only in start and meta), so an entry is the index of its kind in
// a small table plus start and meta (17 bytes), and the whole object
// (65 bytes) only when the table is full: the quarantine's own metadata is
// about a quarter of what whole copies take (a 64 MiB quarantine of
// 32-byte slots holds 2 million objects).
#include "kasan.h"
#include "options.h"

namespace kmemsan {
namespace {

constexpr size_t kBatchBytes = 4096;
// Released at most this many at a time, from a local array.
constexpr size_t kReleaseChunk = 16;

// Every field of an object but start and meta.
struct ObjectKind {
  enum kmemsan_object_kind kind;
  unsigned page_order;
  size_t size;
  const char *cache_name;
  void *owner;
  size_t footprint;
};

// The kinds seen so far, in metadata memory mapped on first use; only
// added to, so an index stays valid as long as entries use it. An entry's
// first byte is its kind's index, or kWhole when the whole object follows.
constexpr unsigned kMaxKinds = 255;
constexpr uint8_t kWhole = 255;
constexpr unsigned kKindHashSize = 512; // open addressing, at most half full
constexpr size_t kShortBytes = 1 + 2 * sizeof(uintptr_t);
constexpr size_t kWholeBytes = 1 + sizeof(struct kmemsan_object);

struct Batch {
  Batch *next;
  uint32_t head; // offset of the first entry still held
  uint32_t tail; // offset one past the last entry written
  uint8_t data[kBatchBytes - sizeof(void *) - 2 * sizeof(uint32_t)];
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
ObjectKind *g_kinds;
unsigned g_num_kinds;
uint8_t g_kind_hash[kKindHashSize]; // index + 1; 0: empty

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

// What an object costs the quarantine's budget: its slot, redzones included.
size_t footprint(const struct kmemsan_object &obj) {
  return obj.footprint ? obj.footprint : obj.size;
}

bool same_kind(const ObjectKind &k, const struct kmemsan_object &obj) {
  return k.kind == obj.kind && k.page_order == obj.page_order &&
         k.size == obj.size && k.cache_name == obj.cache_name &&
         k.owner == obj.owner && k.footprint == obj.footprint;
}

// The index of OBJ's kind in the table, added when new; kWhole when the
// table is full (or cannot be mapped). Called with the lock held.
uint8_t kind_index(const struct kmemsan_object &obj) {
  uintptr_t h = reinterpret_cast<uintptr_t>(obj.owner) ^ obj.size ^
                (obj.footprint << 7) ^ (obj.page_order << 3) ^ obj.kind;
  h ^= h >> 9;
  h ^= h >> 17;
  for (unsigned i = h % kKindHashSize;; i = (i + 1) % kKindHashSize) {
    unsigned slot = g_kind_hash[i];
    if (slot) {
      if (same_kind(g_kinds[slot - 1], obj))
        return static_cast<uint8_t>(slot - 1);
      continue;
    }
    if (g_num_kinds == kMaxKinds)
      return kWhole;
    if (!g_kinds) {
      size_t bytes = round_up(kMaxKinds * sizeof(ObjectKind), 4096);
      g_kinds = static_cast<ObjectKind *>(kmemsan_platform_map_metadata(bytes));
      if (!g_kinds)
        return kWhole;
    }
    ObjectKind &k = g_kinds[g_num_kinds];
    k.kind = obj.kind;
    k.page_order = obj.page_order;
    k.size = obj.size;
    k.cache_name = obj.cache_name;
    k.owner = obj.owner;
    k.footprint = obj.footprint;
    g_kind_hash[i] = static_cast<uint8_t>(++g_num_kinds);
    return static_cast<uint8_t>(g_num_kinds - 1);
  }
}

// Appends OBJ to batch B; false when it does not fit.
bool append(Batch *b, const struct kmemsan_object &obj) {
  uint8_t kind = kind_index(obj);
  size_t need = kind == kWhole ? kWholeBytes : kShortBytes;
  if (b->tail + need > sizeof(b->data))
    return false;
  uint8_t *p = b->data + b->tail;
  *p = kind;
  if (kind == kWhole) {
    __builtin_memcpy_inline(p + 1, &obj, sizeof(obj));
  } else {
    __builtin_memcpy_inline(p + 1, &obj.start, sizeof(uintptr_t));
    __builtin_memcpy_inline(p + 1 + sizeof(uintptr_t), &obj.meta,
                            sizeof(uintptr_t));
  }
  b->tail += static_cast<uint32_t>(need);
  return true;
}

// Reads the entry at B's head into *OUT and moves the head past it.
void take_head(Batch *b, struct kmemsan_object *out) {
  const uint8_t *p = b->data + b->head;
  if (*p == kWhole) {
    __builtin_memcpy_inline(out, p + 1, sizeof(*out));
    b->head += kWholeBytes;
    return;
  }
  const ObjectKind &k = g_kinds[*p];
  out->kind = k.kind;
  out->page_order = k.page_order;
  out->size = k.size;
  out->cache_name = k.cache_name;
  out->owner = k.owner;
  out->footprint = k.footprint;
  __builtin_memcpy_inline(&out->start, p + 1, sizeof(uintptr_t));
  __builtin_memcpy_inline(&out->meta, p + 1 + sizeof(uintptr_t),
                          sizeof(uintptr_t));
  b->head += kShortBytes;
}

// Moves up to MAX of the oldest entries into OUT while the quarantine holds
// more than BOUND bytes. Called with the lock held.
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
    take_head(b, &out[n]);
    g_bytes -= footprint(out[n]);
    g_count--;
    n++;
  }
  return n;
}

void release(const struct kmemsan_object *victims, size_t n) {
  for (size_t i = 0; i < n; i++)
    kmemsan_platform_release_object(&victims[i]);
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
    release(victims, n);
  }
}

} // namespace

bool quarantine_put(const struct kmemsan_object *obj) {
  size_t max = limit();
  if (max == 0 || footprint(*obj) > max)
    return false;
  // One critical section adds OBJ and takes what no longer fits (in the
  // steady state, one older object per free): the lock is an atomic
  // exchange, which waits for every store before it to drain.
  struct kmemsan_object victims[kReleaseChunk];
  size_t n;
  bool more;
  {
    SpinLockGuard guard(g_lock);
    if (!g_last || !append(g_last, *obj)) {
      Batch *b = new_batch();
      if (!b)
        return false;
      if (g_last)
        g_last->next = b;
      else
        g_first = b;
      g_last = b;
      append(b, *obj);
    }
    g_bytes += footprint(*obj);
    g_count++;
    n = take_oldest(max, victims, kReleaseChunk);
    more = g_bytes > max;
  }
  release(victims, n);
  if (more)
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
