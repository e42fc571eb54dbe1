// The tag shadow: one 8-byte tag per aligned word, in 2 MiB chunks that are
// mapped on the first non-zero tag written into them. The directory itself
// is mapped by the platform (NORESERVE) at KMEMSAN_KLSAN_DIRECTORY, so an
// untouched entry reads as 0 without costing memory.
#include "klsan.h"

namespace kmemsan {
namespace {

constexpr uintptr_t kDirectoryEntries = KMEMSAN_KLSAN_DIRECTORY_SIZE / 8;

// A chunk mapped by a writer that lost the installation race, kept for the
// next chunk instead of leaking it (metadata memory is never unmapped).
uintptr_t g_spare_chunk;

uintptr_t *directory() {
  return reinterpret_cast<uintptr_t *>(KMEMSAN_KLSAN_DIRECTORY);
}

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

} // namespace

uint64_t *tag_slot(uintptr_t addr) {
  uintptr_t entry = addr >> KMEMSAN_KLSAN_CHUNK_SHIFT;
  if (entry >= kDirectoryEntries)
    return nullptr;
  uintptr_t chunk = __atomic_load_n(&directory()[entry], __ATOMIC_ACQUIRE);
  return chunk ? slot_in(chunk, addr) : nullptr;
}

uint64_t *tag_slot_create(uintptr_t addr) {
  uintptr_t entry = addr >> KMEMSAN_KLSAN_CHUNK_SHIFT;
  if (entry >= kDirectoryEntries)
    return nullptr;
  uintptr_t *dir = directory();
  uintptr_t chunk = __atomic_load_n(&dir[entry], __ATOMIC_ACQUIRE);
  if (__builtin_expect(chunk != 0, 1))
    return slot_in(chunk, addr);
  uintptr_t fresh = new_chunk();
  if (!fresh)
    return nullptr;
  uintptr_t expected = 0;
  if (__atomic_compare_exchange_n(&dir[entry], &expected, fresh, false,
                                  __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
    return slot_in(fresh, addr);
  // Another writer installed its chunk first; ours is still all zero.
  uintptr_t none = 0;
  __atomic_compare_exchange_n(&g_spare_chunk, &none, fresh, false,
                              __ATOMIC_ACQ_REL, __ATOMIC_RELAXED);
  return slot_in(expected, addr);
}

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
