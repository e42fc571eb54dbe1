// The kernel-flavoured allocation API of include/kmemsan/kernel.h, and the
// paths it shares with malloc: hand an object to the core at allocation,
// let the core validate every free, give objects back when the core says so.
//
// Allocations made while the runtime starts skip the core: the object is
// unpoisoned directly and such frees are not validated.

#include "hosted.h"

#include <kmemsan/kernel.h>

namespace kmemsan::hosted {

namespace {

#define ZERO_SIZE_PTR ((void *)16)

size_t RoundUp8(size_t v) { return (v + 7) & ~(size_t)7; }

uint8_t RedzoneValue(enum kmemsan_object_kind kind) {
  return kind == KMEMSAN_OBJECT_SLAB   ? KMEMSAN_SLAB_REDZONE
         : kind == KMEMSAN_OBJECT_PAGE ? KMEMSAN_PAGE_REDZONE
                                       : KMEMSAN_VMALLOC_INVALID;
}

uint8_t FreeValue(enum kmemsan_object_kind kind) {
  return kind == KMEMSAN_OBJECT_SLAB   ? KMEMSAN_SLAB_FREE
         : kind == KMEMSAN_OBJECT_PAGE ? KMEMSAN_PAGE_FREE
                                       : KMEMSAN_VMALLOC_INVALID;
}

// Before the core is up (an allocation made while starting), the allocator
// works alone. After that the core sees every allocation and free, even
// those the runtime makes itself: it skips the stack then, and never
// reports from inside a report.
bool UseCore() { return g_core_ready; }

// NEW_OBJECT is false for krealloc keeping the object in place: KLSan then
// sees neither an allocation nor a free, and the object keeps its record.
void *HandOut(const struct kmemsan_object *obj, size_t requested, bool zero,
              uintptr_t ret_ip, bool new_object = true) {
  struct kmemsan_object_meta *m = obj->meta;
  uint32_t klsan_record = new_object ? 0 : m->klsan_record;
  RawMemset(m, 0, sizeof(*m));
  m->klsan_record = klsan_record;
  m->requested = requested;
  m->allocated = 1;
  if (UseCore()) {
    kmemsan_kasan_alloc(obj, requested, ret_ip);
  } else {
    kmemsan_kasan_unpoison((const void *)obj->start, requested);
    size_t used = RoundUp8(requested), end = RoundUp8(obj->size);
    if (end > used)
      kmemsan_kasan_poison((const void *)(obj->start + used), end - used,
                           RedzoneValue(obj->kind));
  }
  if (zero)
    RawMemset((void *)obj->start, 0, requested);
  if (new_object)
    KlsanAllocated(obj, requested, ret_ip);
  return (void *)obj->start;
}

void GiveBack(const struct kmemsan_object *obj) {
  switch (obj->kind) {
  case KMEMSAN_OBJECT_SLAB:
    SlabGiveBack(obj);
    break;
  case KMEMSAN_OBJECT_PAGE:
    PagesGiveBack(obj);
    break;
  case KMEMSAN_OBJECT_VMALLOC:
    VmallocGiveBack(obj);
    break;
  }
}

// A free before the core is up: no report, no quarantine.
void FreeUnchecked(const void *ptr) {
  struct kmemsan_object obj;
  if (!DescribeObject((uintptr_t)ptr, &obj) || obj.start != (uintptr_t)ptr ||
      !obj.meta->allocated)
    return;
  obj.meta->allocated = 0;
  kmemsan_kasan_poison(ptr, RoundUp8(obj.size), FreeValue(obj.kind));
  GiveBack(&obj);
}

// Whether PTR is the start of a live object; fills OBJ.
bool LiveObject(const void *ptr, struct kmemsan_object *obj) {
  return DescribeObject((uintptr_t)ptr, obj) && obj->start == (uintptr_t)ptr &&
         obj->meta->allocated;
}

} // namespace

void PoisonNewMemory(const void *addr, size_t size, uint8_t value) {
  if (!g_core_ready || kmemsan_kasan_enabled())
    kmemsan_kasan_poison(addr, size, value);
}

bool DescribeObject(uintptr_t addr, struct kmemsan_object *out) {
  return SlabDescribe(addr, out) || PagesDescribe(addr, out) ||
         VmallocDescribe(addr, out);
}

void *AllocFromCache(SlabCache *cache, size_t requested, bool zero,
                     uintptr_t ret_ip) {
  KlsanMaybeSafepoint();
  // Zeroed: KLSan scans this frame, and stale stack bytes are false roots.
  struct kmemsan_object obj = {};
  bool fresh;
  if (!SlabTake(cache, &obj, &fresh))
    return nullptr;
  void (*ctor)(void *) = SlabCacheCtor(cache);
  if (fresh && ctor) {
    // As SLUB: a constructor runs once, when the slot is first set up.
    kmemsan_kasan_unpoison((const void *)obj.start, obj.size);
    ctor((void *)obj.start);
  }
  return HandOut(&obj, requested, zero, ret_ip);
}

void *AllocPages(unsigned order, size_t requested, bool zero,
                 uintptr_t ret_ip) {
  KlsanMaybeSafepoint();
  // Zeroed: KLSan scans this frame, and stale stack bytes are false roots.
  struct kmemsan_object obj = {};
  if (!PagesTake(order, &obj))
    return nullptr;
  return HandOut(&obj, requested, zero, ret_ip);
}

void *AllocVmalloc(size_t size, bool zero, uintptr_t ret_ip) {
  KlsanMaybeSafepoint();
  // Zeroed: KLSan scans this frame, and stale stack bytes are false roots.
  struct kmemsan_object obj = {};
  if (!VmallocTake(size, &obj))
    return nullptr;
  return HandOut(&obj, size, zero, ret_ip);
}

void *AllocKmalloc(size_t size, bool zero, uintptr_t ret_ip) {
  EnsureStarted();
  if (size == 0)
    return ZERO_SIZE_PTR;
  if (size <= KMALLOC_MAX_CACHE_SIZE)
    return AllocFromCache(KmallocCacheFor(size), size, zero, ret_ip);
  if (size > (1UL << 40))
    return nullptr;
  return AllocPages(PageOrderFor(size), size, zero, ret_ip);
}

void *AllocAligned(size_t size, size_t align, bool zero, uintptr_t ret_ip) {
  EnsureStarted();
  if (align <= 16) {
    // malloc's guarantee: 16-byte alignment, even for tiny requests.
    size_t cls = size < 16 ? 16 : size;
    if (cls <= KMALLOC_MAX_CACHE_SIZE)
      return AllocFromCache(KmallocCacheFor(cls), size, zero, ret_ip);
  }
  if (size > (1UL << 40) || align > (1UL << 40))
    return nullptr;
  // Page blocks are aligned to their own size.
  size_t span = size > align ? size : align;
  return AllocPages(PageOrderFor(span ? span : 1), size, zero, ret_ip);
}

void FreeObject(const void *ptr, uintptr_t ret_ip) {
  if (!ptr || ptr == ZERO_SIZE_PTR)
    return;
  if (!UseCore()) {
    FreeUnchecked(ptr);
    return;
  }
  // KLSan sees valid frees only, before KASan poisons (and maybe releases)
  // the object; a double or invalid free is KASan's report alone.
  if (KlsanOn()) {
    struct kmemsan_object obj;
    if (LiveObject(ptr, &obj))
      kmemsan_klsan_free(&obj, ret_ip);
  }
  if (kmemsan_kasan_free(ptr, ret_ip) != KMEMSAN_FREE_RELEASE)
    return;
  struct kmemsan_object obj;
  if (DescribeObject((uintptr_t)ptr, &obj))
    GiveBack(&obj);
}

} // namespace kmemsan::hosted

using namespace kmemsan::hosted;

extern "C" {

/* ---- The allocator as the core sees it ---- */

int kmemsan_platform_describe_object(uintptr_t addr,
                                     struct kmemsan_object *out) {
  return DescribeObject(addr, out);
}

void kmemsan_platform_release_object(const struct kmemsan_object *obj) {
  GiveBack(obj);
}

int kmemsan_platform_find_live_object(uintptr_t addr,
                                      struct kmemsan_object *out) {
  return SlabFindLive(addr, out) || PagesFindLive(addr, out) ||
         VmallocFindLive(addr, out);
}

/*
 * The kernel-flavoured API is weak: a program (or a test harness that runs
 * kernel code in userspace, such as Linux's tools/testing/radix-tree) that
 * defines its own kmalloc() or kmem_cache_*() keeps its own, built on the
 * intercepted malloc(), instead of failing to link against the runtime.
 */
#pragma clang attribute push(__attribute__((weak)), apply_to = function)

/* ---- kmalloc and friends ---- */

void *kmalloc(size_t size, gfp_t flags) {
  return AllocKmalloc(size, flags & __GFP_ZERO, KMEMSAN_RET_IP);
}

void *kzalloc(size_t size, gfp_t flags) {
  return AllocKmalloc(size, true, KMEMSAN_RET_IP);
}

void *kmalloc_node(size_t size, gfp_t flags, int node) {
  return AllocKmalloc(size, flags & __GFP_ZERO, KMEMSAN_RET_IP);
}

void *kzalloc_node(size_t size, gfp_t flags, int node) {
  return AllocKmalloc(size, true, KMEMSAN_RET_IP);
}

void *kmalloc_array(size_t n, size_t size, gfp_t flags) {
  size_t bytes;
  if (__builtin_mul_overflow(n, size, &bytes))
    return nullptr;
  return AllocKmalloc(bytes, flags & __GFP_ZERO, KMEMSAN_RET_IP);
}

void *kcalloc(size_t n, size_t size, gfp_t flags) {
  size_t bytes;
  if (__builtin_mul_overflow(n, size, &bytes))
    return nullptr;
  return AllocKmalloc(bytes, true, KMEMSAN_RET_IP);
}

// Linux semantics: a new size that still fits the object keeps the object
// and only moves the redzone; otherwise a new object gets the old contents.
void *krealloc(const void *p, size_t new_size, gfp_t flags) {
  uintptr_t ret_ip = KMEMSAN_RET_IP;
  if (!p || p == ZERO_SIZE_PTR)
    return AllocKmalloc(new_size, flags & __GFP_ZERO, ret_ip);
  if (new_size == 0) {
    FreeObject(p, ret_ip);
    return ZERO_SIZE_PTR;
  }
  EnsureStarted();
  if (UseCore() && !kmemsan_kasan_check_byte(p, ret_ip))
    return nullptr;
  struct kmemsan_object obj;
  if (!LiveObject(p, &obj))
    return nullptr;
  size_t old = obj.meta->requested;
  if (new_size <= obj.size) {
    if ((flags & __GFP_ZERO) && new_size > old)
      RawMemset((char *)p + old, 0, new_size - old);
    return HandOut(&obj, new_size, false, ret_ip, /*new_object=*/false);
  }
  void *q = AllocKmalloc(new_size, flags & __GFP_ZERO, ret_ip);
  if (!q)
    return nullptr;
  RawMemcpy(q, p, old < new_size ? old : new_size);
  KlsanCopied(q, p, old < new_size ? old : new_size);
  FreeObject(p, ret_ip);
  return q;
}

void *kmemdup(const void *src, size_t len, gfp_t flags) {
  uintptr_t ret_ip = KMEMSAN_RET_IP;
  if (ChecksActive() && len &&
      !kmemsan_kasan_check_range((uintptr_t)src, len, 0, ret_ip))
    return nullptr;
  void *p = AllocKmalloc(len, false, ret_ip);
  if (p && len) {
    RawMemcpy(p, src, len);
    KlsanCopied(p, src, len);
  }
  return p;
}

char *kstrdup(const char *s, gfp_t flags) {
  uintptr_t ret_ip = KMEMSAN_RET_IP;
  if (!s)
    return nullptr;
  size_t len = RawStrlen(s) + 1;
  if (ChecksActive() &&
      !kmemsan_kasan_check_range((uintptr_t)s, len, 0, ret_ip))
    return nullptr;
  char *p = (char *)AllocKmalloc(len, false, ret_ip);
  if (p)
    RawMemcpy(p, s, len);
  return p;
}

void kfree(const void *p) { FreeObject(p, KMEMSAN_RET_IP); }

// Zeroes the whole object, then frees it. A pointer that is not a live
// object is not touched: kfree() then reports the double or invalid free.
void kfree_sensitive(const void *p) {
  uintptr_t ret_ip = KMEMSAN_RET_IP;
  if (!p || p == ZERO_SIZE_PTR)
    return;
  EnsureStarted();
  struct kmemsan_object obj;
  if (LiveObject(p, &obj))
    RawMemset((void *)p, 0, obj.size);
  FreeObject(p, ret_ip);
}

// As Linux: a freed pointer is reported (and 0 returned); otherwise the whole
// object becomes accessible to the caller, who may now use all of it.
size_t ksize(const void *p) {
  uintptr_t ret_ip = KMEMSAN_RET_IP;
  if (!p || p == ZERO_SIZE_PTR)
    return 0;
  EnsureStarted();
  if (UseCore() && !kmemsan_kasan_check_byte(p, ret_ip))
    return 0;
  struct kmemsan_object obj;
  if (!LiveObject(p, &obj))
    return 0;
  kmemsan_kasan_unpoison(p, obj.size);
  return obj.size;
}

/* ---- Named caches ---- */

struct kmem_cache *kmem_cache_create(const char *name, unsigned int size,
                                     unsigned int align, unsigned long flags,
                                     void (*ctor)(void *)) {
  EnsureStarted();
  return (struct kmem_cache *)SlabCacheCreate(name, size, align, flags, ctor);
}

void kmem_cache_destroy(struct kmem_cache *s) {
  if (s)
    SlabCacheDestroy((SlabCache *)s);
}

void *kmem_cache_alloc(struct kmem_cache *s, gfp_t flags) {
  if (!s)
    return nullptr;
  SlabCache *c = (SlabCache *)s;
  return AllocFromCache(c, SlabCacheObjectSize(c), flags & __GFP_ZERO,
                        KMEMSAN_RET_IP);
}

void *kmem_cache_zalloc(struct kmem_cache *s, gfp_t flags) {
  if (!s)
    return nullptr;
  SlabCache *c = (SlabCache *)s;
  return AllocFromCache(c, SlabCacheObjectSize(c), true, KMEMSAN_RET_IP);
}

void kmem_cache_free(struct kmem_cache *s, void *p) {
  FreeObject(p, KMEMSAN_RET_IP);
}

int kmem_cache_alloc_bulk(struct kmem_cache *s, gfp_t flags, size_t n,
                          void **p) {
  uintptr_t ret_ip = KMEMSAN_RET_IP;
  if (!s)
    return 0;
  SlabCache *c = (SlabCache *)s;
  for (size_t i = 0; i < n; i++) {
    p[i] =
        AllocFromCache(c, SlabCacheObjectSize(c), flags & __GFP_ZERO, ret_ip);
    if (!p[i]) { // all or nothing, as Linux
      for (size_t j = 0; j < i; j++)
        FreeObject(p[j], ret_ip);
      return 0;
    }
  }
  return (int)n;
}

void kmem_cache_free_bulk(struct kmem_cache *s, size_t n, void **p) {
  uintptr_t ret_ip = KMEMSAN_RET_IP;
  for (size_t i = 0; i < n; i++)
    FreeObject(p[i], ret_ip);
}

/* ---- vmalloc ---- */

void *vmalloc(unsigned long size) {
  EnsureStarted();
  return AllocVmalloc(size, false, KMEMSAN_RET_IP);
}

void *vzalloc(unsigned long size) {
  EnsureStarted();
  return AllocVmalloc(size, true, KMEMSAN_RET_IP);
}

void vfree(const void *p) { FreeObject(p, KMEMSAN_RET_IP); }

/* ---- Pages: a struct page * is the page's own address ---- */

struct page *alloc_pages(gfp_t flags, unsigned int order) {
  EnsureStarted();
  return (struct page *)AllocPages(order, PAGE_SIZE << order,
                                   flags & __GFP_ZERO, KMEMSAN_RET_IP);
}

void __free_pages(struct page *page, unsigned int order) {
  FreeObject(page, KMEMSAN_RET_IP);
}

unsigned long __get_free_pages(gfp_t flags, unsigned int order) {
  EnsureStarted();
  return (unsigned long)AllocPages(order, PAGE_SIZE << order,
                                   flags & __GFP_ZERO, KMEMSAN_RET_IP);
}

void free_pages(unsigned long addr, unsigned int order) {
  FreeObject((const void *)addr, KMEMSAN_RET_IP);
}

void *page_address(const struct page *page) { return (void *)page; }

struct page *virt_to_page(const void *addr) {
  return (struct page *)((uintptr_t)addr & ~(PAGE_SIZE - 1));
}

#pragma clang attribute pop

} // extern "C"
