//===- MemIntrinsics.h - memcpy/memmove/memset under KASan ----------------===//
//
// A memory intrinsic either stays an inline copy or becomes a call to the
// runtime's checked __asan_memcpy/__asan_memmove/__asan_memset, which checks,
// reports once and then leaves memory alone, as the kernel's KASAN does. A
// short copy stays inline with no check when it provably lies inside a
// global or alloca; under inline checks it stays inline behind a shadow test
// of every granule it touches, with the runtime call in the cold arm. A
// checked access must not happen after a failed check: a use-after-free
// memset would clobber the freed object, whose first words hold KASAN's
// quarantine link. Never both a check and a libcall: a libcall the backend
// made from a checked intrinsic would reach the hosted memcpy and report the
// same bug twice.
//
//===----------------------------------------------------------------------===//
#ifndef KMEMSAN_PASSES_MEMINTRINSICS_H
#define KMEMSAN_PASSES_MEMINTRINSICS_H

#include "KASan.h"

#include "llvm/IR/Function.h"

#include <cstdint>

namespace kmemsan {

/// The longest constant-length memcpy/memset kept inline: up to this many
/// bytes the copy is a few moves, and a call would cost more than the copy.
constexpr uint64_t MemIntrinsicInlineMax = 64;

/// Metadata on an intrinsic that makeGuarded() put behind its own shadow
/// test: the access collection leaves it alone.
constexpr const char *kGuardedMemIntrinsicMD = "kmemsan.guarded";

/// Rewrites F's memory intrinsics: memcpy/memset of a constant length up to
/// MemIntrinsicInlineMax become their .inline forms (which never turn into a
/// libcall): unchecked when provably in bounds, behind a shadow test with
/// Config.Inline; all others, and every memmove, become calls to the checked
/// runtime functions. Returns the number of calls made.
unsigned lowerMemIntrinsics(llvm::Function &F, const KasanConfig &Config);

} // namespace kmemsan

#endif
