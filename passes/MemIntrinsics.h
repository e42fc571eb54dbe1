//===- MemIntrinsics.h - memcpy/memmove/memset under KASan ----------------===//
//
// A memory intrinsic either stays an inline copy, checked by two range
// checks right before it, or becomes a call to the runtime's checked
// __asan_memcpy/__asan_memmove/__asan_memset, which checks, reports once and
// copies. Never both: a libcall the backend made from a checked intrinsic
// would reach the hosted memcpy and report the same bug twice.
//
//===----------------------------------------------------------------------===//
#ifndef KMEMSAN_PASSES_MEMINTRINSICS_H
#define KMEMSAN_PASSES_MEMINTRINSICS_H

#include "llvm/IR/Function.h"

#include <cstdint>

namespace kmemsan {

/// The longest constant-length memcpy/memset kept inline: up to this many
/// bytes the copy is a few moves, and a call would cost more than the copy.
constexpr uint64_t MemIntrinsicInlineMax = 64;

/// Rewrites F's memory intrinsics: memcpy/memset of a constant length up to
/// MemIntrinsicInlineMax become their .inline forms (which never turn into a
/// libcall) and are left for the range checks; all others, and every
/// memmove, become calls to the checked runtime functions. Returns the number
/// of calls made.
unsigned lowerMemIntrinsics(llvm::Function &F);

} // namespace kmemsan

#endif
