// The slab half of the kernel-model allocator: caches of equal-size slots,
// carved out of slabs in one reserved region, like SLUB with KASAN.
//
// A slab is [left redzone][object][redzone][object][redzone]...; the whole
// slab is poisoned 0xFC when it is created and the core unpoisons each object
// as it is handed out. Per-object metadata (struct kmemsan_object_meta) lives
// in a side array per slab, never next to the object, so an overflow cannot
// corrupt it. The free list is a stack of slot indexes, also out of line.
//
// Address -> slab is one table lookup: the region is cut into 64 KiB spans
// and every span records the slab it belongs to. Slabs are never returned,
// so that table can be read without a lock.

#include "hosted.h"

#include <kmemsan/kernel.h>

namespace kmemsan::hosted {

struct Slab;

struct SlabCache {
  char name[64];
  size_t object_size; // what the cache's user asked for
  size_t align;
  size_t redzone;
  size_t stride;     // distance between two objects
  size_t left;       // offset of the first object in a slab
  size_t slab_bytes; // a multiple of kSpan
  uint32_t slots_per_slab;
  void (*ctor)(void *);
  SpinLock lock;
  Slab *partial; // slabs with a free or never-used slot
  bool destroyed;
};

struct Slab {
  SlabCache *cache;
  uintptr_t base;
  uint32_t nslots;
  uint32_t fresh; // slots [fresh, nslots) were never handed out
  uint32_t nfree; // entries in free_stack
  bool on_partial;
  Slab *next_partial;
  struct kmemsan_object_meta *meta; // one per slot
  uint32_t *free_stack;
  uint8_t *in_use; // 1 between SlabTake and SlabGiveBack
};

namespace {

constexpr size_t kSpanShift = 16;
constexpr size_t kSpan = 1UL << kSpanShift;
constexpr size_t kSlabRegionSize = 64UL << 30;
constexpr size_t kNumSpans = kSlabRegionSize / kSpan;
constexpr size_t kPageRegionSize = 64UL << 30; // each: pages, vmalloc
constexpr uintptr_t kHeapPreferredAddress = 0x600000000000UL;

uintptr_t g_region_start;
uintptr_t g_region_next; // bump pointer, advanced atomically
Slab **g_span_slab;      // kNumSpans entries

// Bookkeeping memory (slab headers, their arrays, named caches), never freed.
SpinLock g_arena_lock;
uintptr_t g_arena_next, g_arena_end;

constexpr size_t kKmallocSizes[] = {8,   16,  32,   64,   96,   128, 192,
                                    256, 512, 1024, 2048, 4096, 8192};
constexpr const char *kKmallocNames[] = {
    "kmalloc-8",   "kmalloc-16",  "kmalloc-32",  "kmalloc-64",  "kmalloc-96",
    "kmalloc-128", "kmalloc-192", "kmalloc-256", "kmalloc-512", "kmalloc-1k",
    "kmalloc-2k",  "kmalloc-4k",  "kmalloc-8k"};
constexpr int kNumKmalloc = sizeof(kKmallocSizes) / sizeof(kKmallocSizes[0]);
SlabCache g_kmalloc_caches[kNumKmalloc];
uint8_t
    g_small_index[193 / 8 + 1]; // (size + 7) / 8 -> cache index, size <= 192

size_t RoundUp(size_t v, size_t a) { return (v + a - 1) / a * a; }

void *ArenaAlloc(size_t size) {
  size = RoundUp(size, 16);
  if (size >= (256UL << 10))
    return MapAnonymous(RoundUp(size, 4096), 0);
  LockGuard guard(g_arena_lock);
  if (g_arena_next + size > g_arena_end) {
    size_t chunk = 4UL << 20;
    void *p = MapAnonymous(chunk, 0);
    if (!p)
      return nullptr;
    g_arena_next = (uintptr_t)p;
    g_arena_end = g_arena_next + chunk;
  }
  void *p = (void *)g_arena_next;
  g_arena_next += size;
  return p;
}

// Linux KASAN's optimal redzone for an object of SIZE bytes.
size_t OptimalRedzone(size_t size) {
  return size <= 64 - 16            ? 16
         : size <= 128 - 32         ? 32
         : size <= 512 - 64         ? 64
         : size <= 4096 - 128       ? 128
         : size <= (1 << 14) - 256  ? 256
         : size <= (1 << 15) - 512  ? 512
         : size <= (1 << 16) - 1024 ? 1024
                                    : 2048;
}

void SetUpCache(SlabCache *c, const char *name, size_t size, size_t align,
                void (*ctor)(void *)) {
  AppendStr(c->name, c->name + sizeof(c->name), name);
  c->object_size = size;
  if (align < KMEMSAN_GRANULE_SIZE)
    align = KMEMSAN_GRANULE_SIZE;
  if (align > 4096)
    align = 4096;
  c->align = align;
  c->redzone = OptimalRedzone(size);
  c->stride = RoundUp(RoundUp(size, KMEMSAN_GRANULE_SIZE) + c->redzone, align);
  c->left = RoundUp(c->redzone, align < 16 ? 16 : align);
  c->slab_bytes = RoundUp(c->left + 8 * c->stride, kSpan);
  c->slots_per_slab = (uint32_t)((c->slab_bytes - c->left) / c->stride);
  c->ctor = ctor;
  c->partial = nullptr;
  c->destroyed = false;
}

Slab *CreateSlab(SlabCache *c) {
  uintptr_t base =
      __atomic_fetch_add(&g_region_next, c->slab_bytes, __ATOMIC_RELAXED);
  if (base + c->slab_bytes > g_region_start + kSlabRegionSize)
    return nullptr;
  uint32_t n = c->slots_per_slab;
  Slab *s = (Slab *)ArenaAlloc(
      sizeof(Slab) +
      n * (sizeof(struct kmemsan_object_meta) + sizeof(uint32_t) + 1));
  if (!s)
    return nullptr;
  s->cache = c;
  s->base = base;
  s->nslots = n;
  s->fresh = 0;
  s->nfree = 0;
  s->on_partial = false;
  s->next_partial = nullptr;
  s->meta = (struct kmemsan_object_meta *)(s + 1);
  s->free_stack = (uint32_t *)(s->meta + n);
  s->in_use = (uint8_t *)(s->free_stack + n);
  PoisonNewMemory((const void *)base, c->slab_bytes, KMEMSAN_SLAB_REDZONE);
  size_t first = (base - g_region_start) >> kSpanShift;
  for (size_t i = 0; i < c->slab_bytes / kSpan; i++)
    __atomic_store_n(&g_span_slab[first + i], s, __ATOMIC_RELEASE);
  return s;
}

void FillObject(Slab *s, uint32_t idx, struct kmemsan_object *out) {
  SlabCache *c = s->cache;
  out->kind = KMEMSAN_OBJECT_SLAB;
  out->start = s->base + c->left + idx * c->stride;
  out->size = c->object_size;
  out->cache_name = c->name;
  out->page_order = 0;
  out->meta = &s->meta[idx];
  out->owner = c;
  out->footprint = c->stride;
}

Slab *SlabOf(uintptr_t addr) {
  if (!g_span_slab || addr - g_region_start >= kSlabRegionSize)
    return nullptr;
  return __atomic_load_n(&g_span_slab[(addr - g_region_start) >> kSpanShift],
                         __ATOMIC_ACQUIRE);
}

} // namespace

bool InitAllocatorRegions() {
  // One contiguous heap for KLSan's range test: [slab | pages | vmalloc].
  // Preferably at a fixed place (stable addresses in reports), else anywhere.
  constexpr size_t kHeapSize = kSlabRegionSize + 2 * kPageRegionSize;
  void *region = MapAnonymous(kHeapSize, kHeapPreferredAddress);
  if (!region)
    region = MapAnonymous(kHeapSize, 0);
  g_span_slab = (Slab **)MapAnonymous(kNumSpans * sizeof(Slab *), 0);
  if (!region || !g_span_slab)
    return false;
  g_region_start = g_region_next = (uintptr_t)region;
  KlsanSetHeapRange(g_region_start, g_region_start + kSlabRegionSize,
                    g_region_start + kHeapSize);
  for (int i = 0; i < kNumKmalloc; i++)
    SetUpCache(&g_kmalloc_caches[i], kKmallocNames[i], kKmallocSizes[i],
               kKmallocSizes[i] >= 16 ? 16 : 8, nullptr);
  for (size_t g = 0; g < sizeof(g_small_index); g++) {
    size_t size = g * 8;
    int i = 0;
    while (kKmallocSizes[i] < size)
      i++;
    g_small_index[g] = (uint8_t)i;
  }
  return InitPageRegions(g_region_start + kSlabRegionSize, kPageRegionSize);
}

SlabCache *KmallocCacheFor(size_t size) {
  if (size <= 192)
    return &g_kmalloc_caches[g_small_index[(size + 7) / 8]];
  for (int i = 7; i < kNumKmalloc; i++)
    if (size <= kKmallocSizes[i])
      return &g_kmalloc_caches[i];
  return nullptr;
}

SlabCache *SlabCacheCreate(const char *name, size_t size, size_t align,
                           unsigned long flags, void (*ctor)(void *)) {
  if (size == 0 || size > (1UL << 30) || (align & (align - 1)))
    return nullptr;
  if (flags & SLAB_HWCACHE_ALIGN) {
    // As Linux's calculate_alignment(): a cache line, halved while the
    // object still fits twice.
    size_t ralign = 64;
    while (size <= ralign / 2)
      ralign /= 2;
    if (ralign > align)
      align = ralign;
  }
  SlabCache *c = (SlabCache *)ArenaAlloc(sizeof(SlabCache));
  if (!c)
    return nullptr;
  SetUpCache(c, name ? name : "(null)", size, align, ctor);
  return c;
}

void SlabCacheDestroy(SlabCache *c) {
  // Objects may still sit in the quarantine and come back through
  // SlabGiveBack, so the cache and its slabs stay; it only refuses to allocate.
  LockGuard guard(c->lock);
  c->destroyed = true;
}

void (*SlabCacheCtor(SlabCache *c))(void *) { return c->ctor; }

size_t SlabCacheObjectSize(const SlabCache *c) { return c->object_size; }

void *SlabTake(SlabCache *c, struct kmemsan_object *out, bool *fresh) {
  c->lock.Lock();
  if (c->destroyed) {
    c->lock.Unlock();
    return nullptr;
  }
  Slab *s = c->partial;
  if (!s) {
    c->lock.Unlock();
    Slab *created = CreateSlab(c);
    if (!created)
      return nullptr;
    c->lock.Lock();
    created->on_partial = true;
    created->next_partial = c->partial;
    c->partial = created;
    s = created;
  }
  uint32_t idx;
  if (s->nfree) {
    idx = s->free_stack[--s->nfree];
    *fresh = false;
  } else {
    idx = s->fresh++;
    *fresh = true;
  }
  s->in_use[idx] = 1;
  if (!s->nfree && s->fresh == s->nslots) {
    // Full: unlink it (it is the head unless another thread pushed a slab).
    Slab **link = &c->partial;
    while (*link != s)
      link = &(*link)->next_partial;
    *link = s->next_partial;
    s->on_partial = false;
  }
  c->lock.Unlock();
  FillObject(s, idx, out);
  return (void *)out->start;
}

void SlabGiveBack(const struct kmemsan_object *obj) {
  Slab *s = SlabOf(obj->start);
  if (!s)
    return;
  SlabCache *c = s->cache;
  uint32_t idx = (uint32_t)((obj->start - s->base - c->left) / c->stride);
  LockGuard guard(c->lock);
  if (!s->in_use[idx])
    return; // already given back (two racing frees both validated)
  s->in_use[idx] = 0;
  s->free_stack[s->nfree++] = idx;
  if (!s->on_partial) {
    s->on_partial = true;
    s->next_partial = c->partial;
    c->partial = s;
  }
}

bool SlabDescribe(uintptr_t addr, struct kmemsan_object *out) {
  Slab *s = SlabOf(addr);
  if (!s)
    return false;
  SlabCache *c = s->cache;
  uintptr_t off = addr - s->base;
  uint32_t idx;
  if (off < c->left) {
    idx = 0; // the slab's left redzone belongs to its first object
  } else {
    off -= c->left;
    idx = (uint32_t)(off / c->stride);
    size_t in_slot = off % c->stride;
    if (idx >= s->nslots) {
      idx = s->nslots - 1; // the tail after the last slot
    } else if (in_slot >= c->object_size && idx + 1 < s->nslots) {
      // In the redzone after object idx: the closer of idx and idx + 1.
      size_t right_of_prev = in_slot - c->object_size;
      size_t left_of_next = c->stride - in_slot;
      if (left_of_next <= right_of_prev)
        idx++;
    }
  }
  FillObject(s, idx, out);
  return true;
}

// KLSan's exact lookup, on the hot path: no lock. Slabs are never freed and
// their geometry never changes; the slot's meta says whether it is live.
bool SlabFindLive(uintptr_t addr, struct kmemsan_object *out) {
  Slab *s = SlabOf(addr);
  if (!s)
    return false;
  const SlabCache *c = s->cache;
  uintptr_t off = addr - s->base;
  if (off < c->left)
    return false;
  off -= c->left;
  uint32_t idx = (uint32_t)(off / c->stride);
  if (idx >= s->nslots)
    return false;
  size_t in_slot = off - (size_t)idx * c->stride;
  const struct kmemsan_object_meta *m = &s->meta[idx];
  if (!__atomic_load_n(&m->allocated, __ATOMIC_ACQUIRE))
    return false;
  size_t requested = __atomic_load_n(&m->requested, __ATOMIC_RELAXED);
  if (in_slot >= (requested ? requested : 1))
    return false;
  FillObject(s, idx, out);
  return true;
}

} // namespace kmemsan::hosted
