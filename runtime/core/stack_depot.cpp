// The stack depot (see stack_depot.h).
//
// Records live in pools taken from the platform's metadata memory and are
// never freed or changed once published, so lookups read without a lock:
// a bucket head and a record's next link are stored with release ordering
// after the record is complete. Insertions take one spinlock.
#include "stack_depot.h"

#include "freestanding.h"
#include "kmemsan_platform.h"

namespace kmemsan {
namespace {

struct StackRecord {
  uint32_t next; // handle of the next record in the bucket, 0 ends it
  uint32_t hash;
  uint32_t size;
  uint32_t pad;
  uintptr_t pcs[]; // size frames
};

constexpr size_t kBucketBits = 16;
constexpr size_t kBuckets = 1UL << kBucketBits;
constexpr size_t kPoolSize = 256 * 1024;
constexpr size_t kPoolUnits =
    kPoolSize / 8;                 // a handle's offset is in 8-byte units
constexpr size_t kOffsetBits = 15; // log2(kPoolUnits)
constexpr size_t kMaxPools = 4096; // 1 GiB of stacks at most
static_assert((1UL << kOffsetBits) == kPoolUnits, "pool geometry");

uint32_t *g_buckets;         // kBuckets heads, mapped on first use
uint8_t *g_pools[kMaxPools]; // pool i has handles with (i + 1) << 15
size_t g_pool_count;
size_t g_pool_used; // bytes used in the last pool
size_t g_count;
SpinLock g_lock;

uint32_t hash_stack(const uintptr_t *pcs, size_t n) {
  // 64-bit FNV-1a over the frames, folded to 32 bits.
  uint64_t h = 0xcbf29ce484222325ULL;
  for (size_t i = 0; i < n; i++) {
    h ^= pcs[i];
    h *= 0x100000001b3ULL;
    h ^= h >> 29;
  }
  return static_cast<uint32_t>(h ^ (h >> 32));
}

StackRecord *record_of(uint32_t handle) {
  size_t pool = (handle >> kOffsetBits);
  if (pool == 0 || pool > kMaxPools)
    return nullptr;
  uint8_t *base = __atomic_load_n(&g_pools[pool - 1], __ATOMIC_ACQUIRE);
  if (!base)
    return nullptr;
  size_t offset = (handle & (kPoolUnits - 1)) * 8;
  return reinterpret_cast<StackRecord *>(base + offset);
}

bool same_stack(const StackRecord *r, uint32_t hash, const uintptr_t *pcs,
                size_t n) {
  if (r->hash != hash || r->size != n)
    return false;
  for (size_t i = 0; i < n; i++)
    if (r->pcs[i] != pcs[i])
      return false;
  return true;
}

uint32_t find(uint32_t head, uint32_t hash, const uintptr_t *pcs, size_t n) {
  for (uint32_t h = head; h;) {
    StackRecord *r = record_of(h);
    if (!r)
      return 0;
    if (same_stack(r, hash, pcs, n))
      return h;
    h = __atomic_load_n(&r->next, __ATOMIC_ACQUIRE);
  }
  return 0;
}

// Room for a record of N frames; returns its handle. Called with the lock.
uint32_t allocate_record(size_t n) {
  size_t bytes = sizeof(StackRecord) + n * sizeof(uintptr_t);
  if (g_pool_count == 0 || g_pool_used + bytes > kPoolSize) {
    if (g_pool_count == kMaxPools)
      return 0;
    void *pool = kmemsan_platform_map_metadata(kPoolSize);
    if (!pool)
      return 0;
    __atomic_store_n(&g_pools[g_pool_count], static_cast<uint8_t *>(pool),
                     __ATOMIC_RELEASE);
    g_pool_count++;
    g_pool_used = 0;
  }
  uint32_t handle =
      static_cast<uint32_t>((g_pool_count << kOffsetBits) | (g_pool_used / 8));
  g_pool_used += bytes;
  return handle;
}

} // namespace

uint32_t depot_put(const uintptr_t *pcs, size_t n) {
  if (n == 0)
    return 0;
  if (n > kMaxStackFrames)
    n = kMaxStackFrames;
  uint32_t hash = hash_stack(pcs, n);
  uint32_t *buckets = __atomic_load_n(&g_buckets, __ATOMIC_ACQUIRE);
  uint32_t *bucket = nullptr;
  if (buckets) {
    bucket = &buckets[hash & (kBuckets - 1)];
    if (uint32_t h =
            find(__atomic_load_n(bucket, __ATOMIC_ACQUIRE), hash, pcs, n))
      return h;
  }
  SpinLockGuard guard(g_lock);
  if (!g_buckets) {
    void *mem = kmemsan_platform_map_metadata(kBuckets * sizeof(uint32_t));
    if (!mem)
      return 0;
    __atomic_store_n(&g_buckets, static_cast<uint32_t *>(mem),
                     __ATOMIC_RELEASE);
  }
  bucket = &g_buckets[hash & (kBuckets - 1)];
  uint32_t head = __atomic_load_n(bucket, __ATOMIC_ACQUIRE);
  // Another thread may have added it since the lock-free look.
  if (uint32_t h = find(head, hash, pcs, n))
    return h;
  uint32_t handle = allocate_record(n);
  if (!handle)
    return 0;
  StackRecord *r = record_of(handle);
  r->hash = hash;
  r->size = static_cast<uint32_t>(n);
  for (size_t i = 0; i < n; i++)
    r->pcs[i] = pcs[i];
  r->next = head;
  __atomic_store_n(bucket, handle, __ATOMIC_RELEASE);
  g_count++;
  return handle;
}

size_t depot_get(uint32_t handle, const uintptr_t **pcs) {
  StackRecord *r = record_of(handle);
  if (!r)
    return 0;
  *pcs = r->pcs;
  return r->size;
}

size_t depot_count() {
  SpinLockGuard guard(g_lock);
  return g_count;
}

} // namespace kmemsan
