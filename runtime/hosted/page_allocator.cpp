// The page-granular half of the kernel-model allocator: the page allocator
// (alloc_pages, kmalloc above KMALLOC_MAX_CACHE_SIZE) and vmalloc areas.
//
// Each lives in its own part of the heap region (slab_allocator.cpp reserves
// it, all allocators in one range for KLSan). Blocks are carved with a bump
// pointer and recycled through free lists of the same size, never split or
// merged, so a block keeps its place and size for the life of the process
// and address -> block is one lookup in a per-page table, without a lock.
// Page blocks are aligned to their own size (2^order pages), like the buddy
// allocator's. Every vmalloc area is followed by a guard page poisoned 0xF8.

#include "hosted.h"

#include <sys/mman.h>

namespace kmemsan::hosted {

namespace {

constexpr size_t kPageShift = 12;
constexpr size_t kPageSize = 1UL << kPageShift;
constexpr unsigned kMaxOrder = 22; // 16 GiB
constexpr size_t kReuseBins = 65;  // vmalloc areas of 1..64 pages are reused
constexpr size_t kReleaseMemoryPages =
    16; // give larger freed blocks' memory back

struct PageHeap {
  enum kmemsan_object_kind kind;
  uintptr_t base;
  size_t total_pages;
  uint32_t *head;      // per page: index of its block's first page + 1; 0: none
  uint32_t *npages;    // per block head: pages the caller can use
  uint32_t *next_free; // per block head: next block on its free list + 1
  uint8_t *in_use;     // per block head
  struct kmemsan_object_meta *meta; // per block head
  size_t bump;                      // first never-used page
  uint32_t free_list[kReuseBins > kMaxOrder + 1 ? kReuseBins : kMaxOrder + 1];
  SpinLock lock;
};

// In metadata memory rather than in .data: KLSan scans the program's
// writable data for references, and `base` is the address of a block.
PageHeap *g_pages, *g_vmalloc;

unsigned Log2(size_t v) {
  unsigned r = 0;
  while ((1UL << r) < v)
    r++;
  return r;
}

PageHeap *InitHeap(enum kmemsan_object_kind kind, uintptr_t region,
                   size_t region_size) {
  PageHeap *hp = (PageHeap *)MapAnonymous(sizeof(PageHeap), 0);
  if (!hp)
    return nullptr;
  PageHeap &h = *hp; // zero-filled: empty free lists, an unlocked lock
  h.kind = kind;
  h.total_pages = region_size >> kPageShift;
  h.head = (uint32_t *)MapAnonymous(h.total_pages * sizeof(uint32_t), 0);
  h.npages = (uint32_t *)MapAnonymous(h.total_pages * sizeof(uint32_t), 0);
  h.next_free = (uint32_t *)MapAnonymous(h.total_pages * sizeof(uint32_t), 0);
  h.in_use = (uint8_t *)MapAnonymous(h.total_pages, 0);
  h.meta = (struct kmemsan_object_meta *)MapAnonymous(
      h.total_pages * sizeof(struct kmemsan_object_meta), 0);
  h.base = region;
  if (!(h.head && h.npages && h.next_free && h.in_use && h.meta))
    return nullptr;
  return hp;
}

void Fill(PageHeap &h, uint32_t head, struct kmemsan_object *out) {
  out->kind = h.kind;
  out->start = h.base + ((uintptr_t)head << kPageShift);
  out->size = (size_t)h.npages[head] << kPageShift;
  out->cache_name = nullptr;
  out->page_order = h.kind == KMEMSAN_OBJECT_PAGE ? Log2(h.npages[head]) : 0;
  out->meta = &h.meta[head];
  out->owner = &h;
  out->footprint = 0; // the pages themselves
}

// Takes a block of NPAGES (+ GUARD pages after it) aligned to ALIGN pages,
// recycled from free list BIN when that is not negative.
void *Take(PageHeap &h, size_t npages, size_t align, size_t guard, int bin,
           struct kmemsan_object *out) {
  uint32_t head;
  bool created = false;
  size_t gap_start = 0, gap = 0; // pages skipped to align the block
  {
    LockGuard lock(h.lock);
    if (bin >= 0 && h.free_list[bin]) {
      head = h.free_list[bin] - 1;
      h.free_list[bin] = h.next_free[head];
    } else {
      size_t start = (h.bump + align - 1) / align * align;
      if (start + npages + guard > h.total_pages)
        return nullptr;
      gap_start = h.bump;
      gap = start - h.bump;
      h.bump = start + npages + guard;
      head = (uint32_t)start;
      for (size_t i = 0; i < npages + guard; i++)
        h.head[start + i] = head + 1;
      h.npages[head] = (uint32_t)npages;
      created = true;
    }
    h.in_use[head] = 1;
  }
  Fill(h, head, out);
  uint8_t unused = h.kind == KMEMSAN_OBJECT_PAGE ? KMEMSAN_PAGE_FREE
                                                 : KMEMSAN_VMALLOC_INVALID;
  if (gap) // never handed out, but a wild pointer may land there
    PoisonNewMemory((const void *)(h.base + (gap_start << kPageShift)),
                    gap << kPageShift, unused);
  if (created)
    PoisonNewMemory((const void *)out->start, (npages + guard) << kPageShift,
                    unused);
  return (void *)out->start;
}

void GiveBack(PageHeap &h, const struct kmemsan_object *obj, int bin) {
  uint32_t head = (uint32_t)((obj->start - h.base) >> kPageShift);
  size_t npages = h.npages[head];
  if (!__atomic_load_n(&h.in_use[head], __ATOMIC_RELAXED))
    return;
  if (npages >= kReleaseMemoryPages) // before anyone can reuse it
    madvise((void *)obj->start, npages << kPageShift, MADV_DONTNEED);
  LockGuard lock(h.lock);
  if (!h.in_use[head])
    return; // two racing frees both validated
  h.in_use[head] = 0;
  if (bin >= 0) {
    h.next_free[head] = h.free_list[bin];
    h.free_list[bin] = head + 1;
  }
}

bool Describe(const PageHeap *hp, uintptr_t addr,
              struct kmemsan_object *out) {
  if (!hp)
    return false;
  PageHeap &h = *const_cast<PageHeap *>(hp);
  if (addr - h.base >= (h.total_pages << kPageShift))
    return false;
  uint32_t head =
      __atomic_load_n(&h.head[(addr - h.base) >> kPageShift], __ATOMIC_RELAXED);
  if (!head)
    return false;
  Fill(h, head - 1, out);
  return true;
}

// Exact and lock-free: the block holding ADDR, if it is live and ADDR lies
// within the bytes its caller asked for.
bool FindLive(const PageHeap *hp, uintptr_t addr, struct kmemsan_object *out) {
  if (!hp || addr - hp->base >= (hp->total_pages << kPageShift))
    return false;
  uint32_t head = __atomic_load_n(&hp->head[(addr - hp->base) >> kPageShift],
                                  __ATOMIC_ACQUIRE);
  if (!head)
    return false;
  head--;
  const struct kmemsan_object_meta *m = &hp->meta[head];
  if (!__atomic_load_n(&m->allocated, __ATOMIC_ACQUIRE))
    return false;
  size_t requested = __atomic_load_n(&m->requested, __ATOMIC_RELAXED);
  uintptr_t start = hp->base + ((uintptr_t)head << kPageShift);
  if (addr - start >= (requested ? requested : 1))
    return false;
  Fill(*const_cast<PageHeap *>(hp), head, out);
  return true;
}

int VmallocBin(size_t npages) { return npages < kReuseBins ? (int)npages : -1; }

} // namespace

bool InitPageRegions(uintptr_t base, size_t size) {
  g_pages = InitHeap(KMEMSAN_OBJECT_PAGE, base, size);
  g_vmalloc = InitHeap(KMEMSAN_OBJECT_VMALLOC, base + size, size);
  return g_pages && g_vmalloc;
}

unsigned PageOrderFor(size_t size) {
  return Log2((size + kPageSize - 1) >> kPageShift);
}

void *PagesTake(unsigned order, struct kmemsan_object *out) {
  if (order > kMaxOrder)
    return nullptr;
  return Take(*g_pages, 1UL << order, 1UL << order, 0, (int)order, out);
}

void PagesGiveBack(const struct kmemsan_object *obj) {
  GiveBack(*g_pages, obj, (int)obj->page_order);
}

bool PagesDescribe(uintptr_t addr, struct kmemsan_object *out) {
  return Describe(g_pages, addr, out);
}

bool PagesFindLive(uintptr_t addr, struct kmemsan_object *out) {
  return FindLive(g_pages, addr, out);
}

void *VmallocTake(size_t size, struct kmemsan_object *out) {
  size_t npages = (size + kPageSize - 1) >> kPageShift;
  if (npages == 0 || npages > (1UL << kMaxOrder))
    return nullptr;
  return Take(*g_vmalloc, npages, 1, 1, VmallocBin(npages), out);
}

void VmallocGiveBack(const struct kmemsan_object *obj) {
  GiveBack(*g_vmalloc, obj, VmallocBin(obj->size >> kPageShift));
}

bool VmallocDescribe(uintptr_t addr, struct kmemsan_object *out) {
  return Describe(g_vmalloc, addr, out);
}

bool VmallocFindLive(uintptr_t addr, struct kmemsan_object *out) {
  return FindLive(g_vmalloc, addr, out);
}

} // namespace kmemsan::hosted
