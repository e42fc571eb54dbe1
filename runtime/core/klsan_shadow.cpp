// The tag shadow: one 8-byte tag per aligned word, in chunks that are
// taken on the first non-zero tag written into them (layouts: see
// kmemsan_core.h).
//  - Hosted: the directory is mapped by the platform (NORESERVE) at
//    KMEMSAN_KLSAN_DIRECTORY, so an untouched entry reads as 0 without
//    costing memory; chunks are 2 MiB.
//  - Kernel: a radix tree under __kmemsan_klsan_root (in the image); every
//    table and tag page is one 4 KiB page of metadata memory.
#include "klsan.h"

#ifdef KMEMSAN_KLSAN_KERNEL_LAYOUT
extern "C" {
// The root of the tag radix tree, read inline by instrumented code.
__attribute__((aligned(4096))) uint64_t
    __kmemsan_klsan_root[KMEMSAN_KLSAN_ROOT_ENTRIES];
}
#endif

namespace kmemsan {
namespace {

// A table or chunk mapped by a writer that lost the installation race,
// kept for the next one instead of leaking it (metadata memory is never
// unmapped). Every table and chunk has the same size in a layout.
uintptr_t g_spare_chunk;

uint64_t *slot_in(uintptr_t chunk, uintptr_t addr) {
  return reinterpret_cast<uint64_t *>(
      chunk + (addr & KMEMSAN_KLSAN_CHUNK_MASK & ~(kWord - 1)));
}

uintptr_t new_chunk() {
  uintptr_t spare = __atomic_exchange_n(&g_spare_chunk, 0, __ATOMIC_ACQ_REL);
  if (spare)
    return spare;
  return reinterpret_cast<uintptr_t>(
      kmemsan_platform_map_metadata(KMEMSAN_KLSAN_CHUNK_SIZE));
}

// The table or chunk ENTRY points to, installing a new one if CREATE and
// there is none. 0 when there is none (or no memory for one).
uintptr_t descend(uintptr_t *entry, bool create) {
  uintptr_t next = __atomic_load_n(entry, __ATOMIC_ACQUIRE);
  if (__builtin_expect(next != 0, 1) || !create)
    return next;
  uintptr_t fresh = new_chunk();
  if (!fresh)
    return 0;
  uintptr_t expected = 0;
  if (__atomic_compare_exchange_n(entry, &expected, fresh, false,
                                  __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
    return fresh;
  // Another writer installed its own first; ours is still all zero.
  uintptr_t none = 0;
  __atomic_compare_exchange_n(&g_spare_chunk, &none, fresh, false,
                              __ATOMIC_ACQ_REL, __ATOMIC_RELAXED);
  return expected;
}

#ifdef KMEMSAN_KLSAN_KERNEL_LAYOUT

uint64_t *lookup(uintptr_t addr, bool create) {
  uintptr_t *root = reinterpret_cast<uintptr_t *>(__kmemsan_klsan_root);
  uintptr_t l1 = descend(&root[(addr >> 30) & (KMEMSAN_KLSAN_ROOT_ENTRIES - 1)],
                         create);
  if (!l1)
    return nullptr;
  uintptr_t l2 = descend(
      reinterpret_cast<uintptr_t *>(l1) + ((addr >> 21) & 511), create);
  if (!l2)
    return nullptr;
  uintptr_t page = descend(
      reinterpret_cast<uintptr_t *>(l2) + ((addr >> 12) & 511), create);
  return page ? slot_in(page, addr) : nullptr;
}

#else

constexpr uintptr_t kDirectoryEntries = KMEMSAN_KLSAN_DIRECTORY_SIZE / 8;

uint64_t *lookup(uintptr_t addr, bool create) {
  uintptr_t entry = addr >> KMEMSAN_KLSAN_CHUNK_SHIFT;
  if (entry >= kDirectoryEntries)
    return nullptr;
  uintptr_t *dir = reinterpret_cast<uintptr_t *>(KMEMSAN_KLSAN_DIRECTORY);
  uintptr_t chunk = descend(&dir[entry], create);
  return chunk ? slot_in(chunk, addr) : nullptr;
}

#endif

} // namespace

uint64_t *tag_slot(uintptr_t addr) { return lookup(addr, false); }

uint64_t *tag_slot_create(uintptr_t addr) { return lookup(addr, true); }

void tags_zero(uintptr_t begin, uintptr_t end) {
  for (uintptr_t a = begin & ~(kWord - 1); a < end;) {
    uint64_t *slot = tag_slot(a);
    if (!slot) {
      a = tag_chunk_end(a);
      continue;
    }
    __atomic_store_n(slot, 0, __ATOMIC_RELAXED);
    a += kWord;
  }
}

} // namespace kmemsan
