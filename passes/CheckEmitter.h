//===- CheckEmitter.h - how one KASan check is emitted --------------------===//
//
// The mechanism half of the pass: given a planned check, emit either a call
// to the runtime (__asan_{load,store}{1,2,4,8,16,N}[_noabort], Linux 6.1
// generic KASAN names) or an inline shadow test that calls
// __asan_report_*_noabort only when the test fails, in a cold block.
//
//===----------------------------------------------------------------------===//
#ifndef KMEMSAN_PASSES_CHECKEMITTER_H
#define KMEMSAN_PASSES_CHECKEMITTER_H

#include "KASan.h"
#include "RedundantChecks.h"

#include "llvm/IR/IRBuilder.h"

namespace kmemsan {

class CheckEmitter {
public:
  CheckEmitter(llvm::Module &M, const KasanConfig &Config);

  /// Emits check C; UseCalls forces the outline form (outline mode, or a
  /// function above the inline call threshold).
  void emit(const PlannedCheck &C, bool UseCalls);

private:
  void emitCall(llvm::IRBuilder<> &B, llvm::Value *Addr, const PlannedCheck &C);
  void emitInline(llvm::IRBuilder<> &B, llvm::Value *Addr,
                  const PlannedCheck &C);
  /// Tests Size bytes at Addr + Offset, all inside one granule (Size <= 8)
  /// or two aligned granules (Size == 16), and calls Report on failure.
  void emitGranuleTest(llvm::Instruction *InsertPt, llvm::Value *Addr,
                       uint64_t Offset, uint64_t Size,
                       llvm::function_ref<void(llvm::IRBuilder<> &)> Report);
  llvm::Value *shadowAddress(llvm::IRBuilder<> &B, llvm::Value *Addr);
  void markOwn(llvm::Instruction *I);

  llvm::Module &M;
  const KasanConfig &Config;
  llvm::Type *IntPtrTy;
};

} // namespace kmemsan

#endif
