//===- RedundantChecks.h - checks KASan can soundly leave out -------------===//
//
// Turns the collected accesses into the checks that are really emitted,
// applying the skip rules that go beyond upstream ASan:
//   safe       a constant offset provably inside a global or alloca of known
//              size needs no check;
//   dominated  an address range already checked on every path to here, with
//              nothing that may free memory in between, needs no new check;
//   merged     same-kind accesses at constant offsets off one base, in one
//              block with nothing in between that may free or leave, forming
//              one contiguous range of at most 32 bytes, get one range check.
//
//===----------------------------------------------------------------------===//
#ifndef KMEMSAN_PASSES_REDUNDANTCHECKS_H
#define KMEMSAN_PASSES_REDUNDANTCHECKS_H

#include "AccessCollection.h"
#include "KASan.h"

namespace kmemsan {

/// One check to emit right before InsertPt: the range
/// [Base + Offset, Base + Offset + Size) (or DynSize bytes from Base).
struct PlannedCheck {
  llvm::Instruction *InsertPt;
  llvm::Value *Base;
  int64_t Offset; ///< constant byte offset from Base (merged checks)
  uint64_t Size;  ///< bytes; 0 when DynSize holds the length
  llvm::Value *DynSize;
  llvm::Align Alignment; ///< known alignment of Base + Offset
  bool IsWrite;
  bool IsRange; ///< emit a sized range check whatever Size is
};

/// Counts of what the rules removed, for the statistics.
struct SkipCounts {
  unsigned Safe = 0;
  unsigned Dominated = 0;
  unsigned Merged = 0; ///< accesses folded into another access's check
};

/// The checks F needs for Accesses under the rules Config enables.
llvm::SmallVector<PlannedCheck, 16>
planChecks(llvm::Function &F, llvm::ArrayRef<MemAccess> Accesses,
           const KasanConfig &Config, SkipCounts &Counts);

/// True if [Ptr, Ptr + Size) lies, at a constant offset, inside a global or
/// alloca of known size (the "safe" rule, for one range).
bool isProvablyInBounds(const llvm::Value *Ptr, uint64_t Size,
                        const llvm::DataLayout &DL);

/// True if I may free memory (so a check before it says nothing about an
/// access after it): any call except intrinsics and functions known not to
/// free.
bool mayFreeMemory(const llvm::Instruction &I);

} // namespace kmemsan

#endif
