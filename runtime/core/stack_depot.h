// The stack depot: every distinct stack stored once, named by a 32-bit
// handle (0 means "no stack"), so that each object's alloc/free track is
// 8 bytes. The model is compiler-rt's and Linux's stackdepot.
#ifndef KMEMSAN_STACK_DEPOT_H
#define KMEMSAN_STACK_DEPOT_H

#include <stddef.h>
#include <stdint.h>

namespace kmemsan {

constexpr size_t kMaxStackFrames = 64;

// Stores PCS[0..N) (at most kMaxStackFrames are kept) and returns its
// handle; the same stack always gets the same handle. 0 when N is 0 or the
// platform has no metadata memory left.
uint32_t depot_put(const uintptr_t *pcs, size_t n);

// The frames of HANDLE: sets *PCS and returns the depth (0 for an unknown
// handle). The frames stay valid forever.
size_t depot_get(uint32_t handle, const uintptr_t **pcs);

// Distinct stacks stored so far.
size_t depot_count();

} // namespace kmemsan

#endif // KMEMSAN_STACK_DEPOT_H
