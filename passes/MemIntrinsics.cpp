//===- MemIntrinsics.cpp - memcpy/memmove/memset under KASan --------------===//
#include "MemIntrinsics.h"
#include "RedundantChecks.h"
#include "RuntimeABI.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

using namespace llvm;

namespace kmemsan {
namespace {

bool keepInline(const MemIntrinsic &MI) {
  // The program asked for an inline copy (__builtin_memcpy_inline).
  if (isa<MemCpyInlineInst>(MI) || isa<MemSetInlineInst>(MI))
    return true;
  if (isa<MemMoveInst>(MI))
    return false; // no memmove.inline exists
  auto *Len = dyn_cast<ConstantInt>(MI.getLength());
  return Len && Len->getZExtValue() <= MemIntrinsicInlineMax;
}

/// The .inline form of a short memcpy/memset, so the backend cannot turn it
/// into a call to memcpy/memset after the pass checked it.
Instruction *makeInline(MemIntrinsic &MI) {
  if (isa<MemCpyInlineInst>(MI) || isa<MemSetInlineInst>(MI))
    return &MI;
  IRBuilder<> B(&MI);
  CallInst *New;
  if (auto *MC = dyn_cast<MemCpyInst>(&MI))
    New = B.CreateMemCpyInline(MC->getRawDest(), MC->getDestAlign(),
                               MC->getRawSource(), MC->getSourceAlign(),
                               MC->getLength(), MC->isVolatile());
  else {
    auto *MS = cast<MemSetInst>(&MI);
    New = B.CreateMemSetInline(MS->getRawDest(), MS->getDestAlign(),
                               MS->getValue(), MS->getLength(),
                               MS->isVolatile());
  }
  New->copyMetadata(MI);
  MI.eraseFromParent();
  return New;
}

void makeRuntimeCall(MemIntrinsic &MI) {
  Module &M = *MI.getModule();
  IRBuilder<> B(&MI);
  Type *IntPtr = M.getDataLayout().getIntPtrType(M.getContext());
  Value *Len = B.CreateZExtOrTrunc(MI.getLength(), IntPtr);
  if (auto *MT = dyn_cast<MemTransferInst>(&MI)) {
    StringRef Name = isa<MemMoveInst>(MI) ? "__asan_memmove" : "__asan_memcpy";
    B.CreateCall(getRuntimeCallee(M, Name),
                 {MT->getRawDest(), MT->getRawSource(), Len});
  } else {
    auto *MS = cast<MemSetInst>(&MI);
    B.CreateCall(getRuntimeCallee(M, "__asan_memset"),
                 {MS->getRawDest(), B.CreateZExt(MS->getValue(), B.getInt32Ty()),
                  Len});
  }
  MI.eraseFromParent();
}

/// Whether every byte the intrinsic reads or writes provably lies inside a
/// global or alloca: then its range checks are left out (the "safe" rule)
/// and no bad access can happen.
bool provablyInBounds(const MemIntrinsic &MI, uint64_t Len) {
  const DataLayout &DL = MI.getDataLayout();
  if (!isProvablyInBounds(MI.getRawDest(), Len, DL))
    return false;
  if (auto *MT = dyn_cast<MemTransferInst>(&MI))
    return isProvablyInBounds(MT->getRawSource(), Len, DL);
  return true;
}

/// The OR of the shadow bytes of every granule that [Addr, Addr + Len)
/// touches (Len > 0): zero means all of it is accessible.
Value *shadowOfRange(IRBuilder<> &B, Value *Ptr, uint64_t Len,
                     uint64_t ShadowOffset) {
  Type *IntPtr = B.GetInsertBlock()->getDataLayout().getIntPtrType(
      B.getContext());
  Value *Addr = B.CreatePtrToInt(Ptr, IntPtr);
  Value *Any = nullptr;
  auto Add = [&](uint64_t Off) {
    Value *A = Off ? B.CreateAdd(Addr, ConstantInt::get(IntPtr, Off)) : Addr;
    Value *Sh = B.CreateAdd(B.CreateLShr(A, 3),
                            ConstantInt::get(IntPtr, ShadowOffset));
    LoadInst *L = B.CreateAlignedLoad(B.getInt8Ty(),
                                      B.CreateIntToPtr(Sh, B.getPtrTy()),
                                      Align(1), "kmemsan.shadow");
    L->setMetadata(LLVMContext::MD_nosanitize,
                   MDNode::get(B.getContext(), {}));
    Any = Any ? B.CreateOr(Any, L) : static_cast<Value *>(L);
  };
  for (uint64_t Off = 0; Off < Len; Off += 8)
    Add(Off);
  Add(Len - 1); // the last granule when Addr is not 8-aligned
  return Any;
}

/// A short intrinsic that is not provably in bounds, under inline checks:
/// when the shadow of every granule it touches is zero it runs inline;
/// otherwise (cold) the checked runtime function decides byte by byte,
/// reports a bad range and then leaves memory alone, as the kernel's KASAN
/// does (a use-after-free memset must not clobber the freed object, whose
/// first words hold the quarantine's list link).
void makeGuarded(MemIntrinsic &MI, uint64_t Len, uint64_t ShadowOffset) {
  IRBuilder<> B(&MI);
  Value *Bad = shadowOfRange(B, MI.getRawDest(), Len, ShadowOffset);
  if (auto *MT = dyn_cast<MemTransferInst>(&MI))
    Bad = B.CreateOr(Bad,
                     shadowOfRange(B, MT->getRawSource(), Len, ShadowOffset));
  Bad = B.CreateICmpNE(Bad, B.getInt8(0));
  MDNode *Cold = MDBuilder(MI.getContext()).createUnlikelyBranchWeights();
  Instruction *ThenTerm = nullptr, *ElseTerm = nullptr;
  SplitBlockAndInsertIfThenElse(Bad, &MI, &ThenTerm, &ElseTerm, Cold);
  // The intrinsic moves to the fast arm; a copy becomes the runtime call in
  // the cold arm.
  MemIntrinsic *Slow = cast<MemIntrinsic>(MI.clone());
  Slow->insertBefore(ThenTerm);
  makeRuntimeCall(*Slow);
  MI.moveBefore(ElseTerm);
  Instruction *Fast = makeInline(MI);
  Fast->setMetadata(kGuardedMemIntrinsicMD, MDNode::get(Fast->getContext(), {}));
}

} // namespace

unsigned lowerMemIntrinsics(Function &F, const KasanConfig &Config) {
  SmallVector<MemIntrinsic *, 8> Work;
  for (Instruction &I : instructions(F)) {
    auto *MI = dyn_cast<MemIntrinsic>(&I);
    if (!MI || MI->hasMetadata(LLVMContext::MD_nosanitize))
      continue;
    // Only the default address space has shadow.
    if (MI->getDestAddressSpace() != 0)
      continue;
    if (auto *MT = dyn_cast<MemTransferInst>(MI))
      if (MT->getSourceAddressSpace() != 0)
        continue;
    Work.push_back(MI);
  }
  unsigned Calls = 0;
  for (MemIntrinsic *MI : Work) {
    auto *Len = dyn_cast<ConstantInt>(MI->getLength());
    uint64_t N = Len ? Len->getZExtValue() : 0;
    if (keepInline(*MI) && (!N || provablyInBounds(*MI, N))) {
      // Nothing to check, or a range the "safe" rule leaves out.
      makeInline(*MI);
    } else if (keepInline(*MI) &&
               (Config.Inline || isa<MemCpyInlineInst>(MI) ||
                isa<MemSetInlineInst>(MI))) {
      // Inline checks, or the program's own __builtin_mem*_inline (which
      // must stay an inline copy) under outline checks.
      makeGuarded(*MI, N, Config.ShadowOffset);
      ++Calls;
    } else {
      makeRuntimeCall(*MI);
      ++Calls;
    }
  }
  return Calls;
}

} // namespace kmemsan
