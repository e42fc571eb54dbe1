//===- AccessCollection.cpp - which memory accesses KASan checks ----------===//
#include "AccessCollection.h"
#include "MemIntrinsics.h"
#include "Options.h"

#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PatternMatch.h"

using namespace llvm;

namespace kmemsan {
namespace {

constexpr StringLiteral NoSanitizeAnnotation = "kmemsan_no_sanitize";

StringRef annotationString(const Value *V) {
  auto *GV = dyn_cast<GlobalVariable>(V->stripPointerCasts());
  if (!GV || !GV->hasInitializer())
    return {};
  auto *Data = dyn_cast<ConstantDataSequential>(GV->getInitializer());
  if (!Data || !Data->isString())
    return {};
  return Data->getAsString().split('\0').first;
}

/// The shadow is only ever touched by the pass itself (whose code carries
/// !nosanitize) or by hand-written code that computes (x >> 3) + offset;
/// checking such an access would recurse into the shadow's own shadow.
bool isShadowAddress(const Value *Addr, uint64_t ShadowOffset) {
  using namespace PatternMatch;
  const Value *Int;
  if (!match(Addr, m_IntToPtr(m_Value(Int))))
    return false;
  const APInt *C;
  return match(Int, m_c_Add(m_LShr(m_Value(), m_SpecificInt(3)), m_APInt(C))) &&
         C->getZExtValue() == ShadowOffset;
}

/// Profile counters are updated by instrumentation code, never by the
/// program; checking them only costs time (upstream ASan skips them too).
bool isProfileCounter(const Value *Addr) {
  auto *GV = dyn_cast<GlobalVariable>(getUnderlyingObject(Addr));
  return GV && GV->hasSection() && GV->getSection().contains("__llvm_prf_cnts");
}

bool isCheckableAddress(const Value *Addr, uint64_t ShadowOffset) {
  auto *PT = dyn_cast<PointerType>(Addr->getType());
  // Other address spaces (per-cpu segments, GPU memory) have no shadow.
  if (!PT || PT->getAddressSpace() != 0)
    return false;
  if (Addr->isSwiftError())
    return false;
  return !isShadowAddress(Addr, ShadowOffset) && !isProfileCounter(Addr);
}

void addSized(SmallVectorImpl<MemAccess> &Out, Instruction *I, Value *Addr,
              Type *Ty, Align A, bool IsWrite, uint64_t ShadowOffset) {
  const DataLayout &DL = I->getModule()->getDataLayout();
  TypeSize TS = DL.getTypeStoreSize(Ty);
  // Scalable vectors have no compile-time size; x86 has none of them.
  if (TS.isScalable() || TS.getFixedValue() == 0)
    return;
  if (!isCheckableAddress(Addr, ShadowOffset))
    return;
  Out.push_back({I, Addr, TS.getFixedValue(), nullptr, A, IsWrite, false});
}

void addRange(SmallVectorImpl<MemAccess> &Out, Instruction *I, Value *Addr,
              Value *Len, bool IsWrite, uint64_t ShadowOffset) {
  if (!isCheckableAddress(Addr, ShadowOffset))
    return;
  if (auto *C = dyn_cast<ConstantInt>(Len)) {
    if (C->isZero())
      return; // a zero-length copy touches nothing
    Out.push_back(
        {I, Addr, C->getZExtValue(), nullptr, Align(1), IsWrite, true});
    return;
  }
  Out.push_back({I, Addr, 0, Len, Align(1), IsWrite, true});
}

} // namespace

SmallPtrSet<const GlobalValue *, 8> annotatedNoSanitize(const Module &M) {
  SmallPtrSet<const GlobalValue *, 8> Result;
  const GlobalVariable *GA = M.getNamedGlobal("llvm.global.annotations");
  if (!GA || !GA->hasInitializer())
    return Result;
  auto *Arr = dyn_cast<ConstantArray>(GA->getInitializer());
  if (!Arr)
    return Result;
  // Each entry is { ptr annotated, ptr string, ptr file, i32 line, ptr args }.
  for (const Use &U : Arr->operands()) {
    auto *Entry = dyn_cast<ConstantStruct>(U.get());
    if (!Entry || Entry->getNumOperands() < 2)
      continue;
    auto *GV = dyn_cast<GlobalValue>(Entry->getOperand(0)->stripPointerCasts());
    if (GV && annotationString(Entry->getOperand(1)) == NoSanitizeAnnotation)
      Result.insert(GV);
  }
  return Result;
}

bool isExemptFunction(const Function &F,
                      const SmallPtrSetImpl<const GlobalValue *> &NoSanitize,
                      const SpecialCaseList *IgnoreList) {
  if (F.isDeclaration() || F.hasFnAttribute(Attribute::Naked) ||
      F.hasFnAttribute(Attribute::DisableSanitizerInstrumentation) ||
      NoSanitize.count(&F))
    return true;
  if (!IgnoreList)
    return false;
  return kasanIgnores(*IgnoreList, "fun", F.getName()) ||
         kasanIgnores(*IgnoreList, "src", F.getParent()->getSourceFileName());
}

bool isExemptGlobal(const GlobalVariable &G,
                    const SmallPtrSetImpl<const GlobalValue *> &NoSanitize,
                    const SpecialCaseList *IgnoreList) {
  if (NoSanitize.count(&G))
    return true;
  if (!IgnoreList)
    return false;
  return kasanIgnores(*IgnoreList, "global", G.getName()) ||
         kasanIgnores(*IgnoreList, "src", G.getParent()->getSourceFileName());
}

bool markInstrumentedFunctions(Module &M) {
  std::string Error;
  const SpecialCaseList *IgnoreList = kasanIgnoreList(Error);
  if (!IgnoreList)
    return false; // KasanPass reports the error
  SmallPtrSet<const GlobalValue *, 8> NoSanitize = annotatedNoSanitize(M);
  bool Changed = false;
  for (Function &F : M)
    if (!F.hasFnAttribute(Attribute::SanitizeAddress) &&
        !isExemptFunction(F, NoSanitize, IgnoreList)) {
      F.addFnAttr(Attribute::SanitizeAddress);
      Changed = true;
    }
  return Changed;
}

void collectAccesses(Function &F, uint64_t ShadowOffset,
                     SmallVectorImpl<MemAccess> &Out) {
  for (BasicBlock &BB : F) {
    for (Instruction &I : BB) {
      if (I.hasMetadata(LLVMContext::MD_nosanitize))
        continue;
      // A short intrinsic behind its own shadow test (MemIntrinsics.cpp).
      if (isa<MemIntrinsic>(I) && I.hasMetadata(kGuardedMemIntrinsicMD))
        continue;
      if (auto *LI = dyn_cast<LoadInst>(&I)) {
        addSized(Out, LI, LI->getPointerOperand(), LI->getType(),
                 LI->getAlign(), false, ShadowOffset);
      } else if (auto *SI = dyn_cast<StoreInst>(&I)) {
        addSized(Out, SI, SI->getPointerOperand(),
                 SI->getValueOperand()->getType(), SI->getAlign(), true,
                 ShadowOffset);
      } else if (auto *RMW = dyn_cast<AtomicRMWInst>(&I)) {
        // Read-modify-write: the write is what a report names.
        addSized(Out, RMW, RMW->getPointerOperand(),
                 RMW->getValOperand()->getType(), RMW->getAlign(), true,
                 ShadowOffset);
      } else if (auto *CX = dyn_cast<AtomicCmpXchgInst>(&I)) {
        addSized(Out, CX, CX->getPointerOperand(),
                 CX->getCompareOperand()->getType(), CX->getAlign(), true,
                 ShadowOffset);
      } else if (auto *MT = dyn_cast<MemTransferInst>(&I)) {
        // memcpy/memmove: read the source, write the destination; the
        // intrinsic itself stays, so no __asan_memcpy is needed.
        addRange(Out, MT, MT->getRawSource(), MT->getLength(), false,
                 ShadowOffset);
        addRange(Out, MT, MT->getRawDest(), MT->getLength(), true,
                 ShadowOffset);
      } else if (auto *MS = dyn_cast<MemSetInst>(&I)) {
        addRange(Out, MS, MS->getRawDest(), MS->getLength(), true,
                 ShadowOffset);
      }
      // Masked loads/stores, gathers and scatters are not checked: their
      // masked-off lanes may lie past an object's end by design (vectorized
      // loop tails), and a whole-range check would report them. Calls are
      // checked inside the callee.
    }
  }
}

} // namespace kmemsan
