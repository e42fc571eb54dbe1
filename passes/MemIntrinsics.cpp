//===- MemIntrinsics.cpp - memcpy/memmove/memset under KASan --------------===//
#include "MemIntrinsics.h"
#include "RuntimeABI.h"

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicInst.h"

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
void makeInline(MemIntrinsic &MI) {
  if (isa<MemCpyInlineInst>(MI) || isa<MemSetInlineInst>(MI))
    return;
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

} // namespace

unsigned lowerMemIntrinsics(Function &F) {
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
    if (keepInline(*MI)) {
      makeInline(*MI);
    } else {
      makeRuntimeCall(*MI);
      ++Calls;
    }
  }
  return Calls;
}

} // namespace kmemsan
