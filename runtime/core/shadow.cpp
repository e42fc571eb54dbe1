// Shadow memory: poisoning, unpoisoning and finding the first bad byte.
//
// One shadow byte per 8-byte granule: 0 all accessible, 1..7 that many
// leading bytes accessible, anything else (read as a signed byte, negative)
// the reason the granule is poisoned.
#include "kasan.h"

// For code outside the core (and debuggers): the offset it was built with.
extern "C" const uintptr_t kmemsan_core_shadow_offset = KMEMSAN_SHADOW_OFFSET;

namespace kmemsan {

void poison_range(uintptr_t addr, size_t size, uint8_t value) {
  uintptr_t end = round_up(addr + size, kGranule);
  addr = round_down(addr, kGranule);
  if (end <= addr)
    return;
  uint8_t *s = mem_to_shadow(addr);
  uint8_t *e = mem_to_shadow(end);
  while (s < e)
    *s++ = value;
}

void unpoison_range(uintptr_t addr, size_t size) {
  uint8_t *s = mem_to_shadow(addr);
  uint8_t *e = s + size / kGranule;
  while (s < e)
    *s++ = 0;
  if (size & kGranuleMask)
    *s = static_cast<uint8_t>(size & kGranuleMask);
}

bool byte_accessible(uintptr_t addr) {
  int8_t v = static_cast<int8_t>(*mem_to_shadow(addr));
  return v == 0 || (v > 0 && static_cast<int8_t>(addr & kGranuleMask) < v);
}

namespace {

// The first bad byte in [addr, end) where every granule is byte-checked.
bool first_bad_bytewise(uintptr_t addr, uintptr_t end, uintptr_t *bad) {
  for (; addr < end; addr++) {
    if (!byte_accessible(addr)) {
      *bad = addr;
      return true;
    }
  }
  return false;
}

} // namespace

bool shadow_is_zero(const uint8_t *s, const uint8_t *e) {
  while (s < e && (reinterpret_cast<uintptr_t>(s) & 7))
    if (*s++)
      return false;
  for (; s + 8 <= e; s += 8) {
    uint64_t word;
    __builtin_memcpy_inline(&word, s, 8);
    if (word)
      return false;
  }
  while (s < e)
    if (*s++)
      return false;
  return true;
}

bool find_first_bad(uintptr_t addr, size_t size, uintptr_t *bad) {
  uintptr_t end = addr + size;
  if (size == 0)
    return false;
  // Head: up to the next granule boundary.
  uintptr_t head_end = round_up(addr + 1, kGranule);
  if (head_end > end)
    head_end = end;
  if (first_bad_bytewise(addr, head_end, bad))
    return true;
  addr = head_end;
  // Body: whole granules, 8 shadow bytes (64 bytes of memory) per load
  // where the shadow pointer is 8-byte aligned.
  const uint8_t *s = mem_to_shadow(addr);
  const uint8_t *s_end = mem_to_shadow(round_down(end, kGranule));
  while (s < s_end && (reinterpret_cast<uintptr_t>(s) & 7))
    if (*s++)
      goto found;
  while (s + 8 <= s_end) {
    uint64_t word;
    __builtin_memcpy_inline(&word, s, 8);
    if (word)
      break;
    s += 8;
  }
  while (s < s_end)
    if (*s++)
      goto found;
  // Tail: the partial last granule.
  return first_bad_bytewise(
      round_down(end, kGranule) > addr ? round_down(end, kGranule) : addr, end,
      bad);
found:
  s--;
  {
    uintptr_t granule = (reinterpret_cast<uintptr_t>(s) - KMEMSAN_SHADOW_OFFSET)
                        << KMEMSAN_GRANULE_SHIFT;
    return first_bad_bytewise(granule, granule + kGranule, bad);
  }
}

} // namespace kmemsan

// ---- The C interface for allocators ----

extern "C" void kmemsan_kasan_poison(const void *addr, size_t size,
                                     uint8_t value) {
  kmemsan::poison_range(reinterpret_cast<uintptr_t>(addr), size, value);
}

extern "C" void kmemsan_kasan_unpoison(const void *addr, size_t size) {
  kmemsan::unpoison_range(reinterpret_cast<uintptr_t>(addr), size);
}
