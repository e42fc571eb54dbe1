//===- CheckEmitter.cpp - how one KASan check is emitted ------------------===//
#include "CheckEmitter.h"
#include "RuntimeABI.h"

#include "llvm/ADT/Twine.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

using namespace llvm;

namespace kmemsan {
namespace {

constexpr uint64_t Granule = 8;
/// Inline mode tests ranges up to this size byte by byte (one byte per
/// granule); longer or variable ranges call __asan_{load,store}N.
constexpr uint64_t MaxInlineRange = 32;

bool isSizedEntry(uint64_t Size) {
  return Size == 1 || Size == 2 || Size == 4 || Size == 8 || Size == 16;
}

const char *kindOf(const PlannedCheck &C) {
  return C.IsWrite ? "store" : "load";
}

} // namespace

CheckEmitter::CheckEmitter(Module &M, const KasanConfig &Config)
    : M(M), Config(Config),
      IntPtrTy(M.getDataLayout().getIntPtrType(M.getContext())) {}

void CheckEmitter::markOwn(Instruction *I) {
  // !nosanitize keeps a second run of the pass (or another sanitizer) away
  // from the shadow accesses the pass made itself.
  I->setMetadata(LLVMContext::MD_nosanitize, MDNode::get(M.getContext(), {}));
}

void CheckEmitter::emit(const PlannedCheck &C, bool UseCalls) {
  IRBuilder<> B(C.InsertPt);
  Value *Ptr = C.Base;
  if (C.Offset)
    Ptr = B.CreateGEP(B.getInt8Ty(), Ptr,
                      ConstantInt::get(IntPtrTy, C.Offset, /*signed*/ true));
  Value *Addr = B.CreatePtrToInt(Ptr, IntPtrTy);
  bool Inlinable = !C.DynSize && C.Size <= MaxInlineRange;
  if (UseCalls || !Inlinable || C.IsRange)
    emitCall(B, Addr, C);
  else
    emitInline(B, Addr, C);
}

void CheckEmitter::emitCall(IRBuilder<> &B, Value *Addr,
                            const PlannedCheck &C) {
  const char *Suffix = Config.Recover ? "_noabort" : "";
  if (!C.DynSize && !C.IsRange && isSizedEntry(C.Size)) {
    std::string Name =
        (Twine("__asan_") + kindOf(C) + Twine(C.Size) + Suffix).str();
    B.CreateCall(getRuntimeCallee(M, Name), {Addr});
    return;
  }
  std::string Name = (Twine("__asan_") + kindOf(C) + "N" + Suffix).str();
  Value *Size = C.DynSize ? B.CreateZExtOrTrunc(C.DynSize, IntPtrTy)
                          : ConstantInt::get(IntPtrTy, C.Size);
  B.CreateCall(getRuntimeCallee(M, Name), {Addr, Size});
}

Value *CheckEmitter::shadowAddress(IRBuilder<> &B, Value *Addr) {
  Value *Shadow = B.CreateLShr(Addr, 3);
  Shadow = B.CreateAdd(Shadow, ConstantInt::get(IntPtrTy, Config.ShadowOffset));
  return B.CreateIntToPtr(Shadow, B.getPtrTy());
}

void CheckEmitter::emitGranuleTest(Instruction *InsertPt, Value *Addr,
                                   uint64_t Offset, uint64_t Size,
                                   function_ref<void(IRBuilder<> &)> Report) {
  IRBuilder<> B(InsertPt);
  if (Offset)
    Addr = B.CreateAdd(Addr, ConstantInt::get(IntPtrTy, Offset));
  // 16 aligned bytes are two whole granules: one i16 shadow load.
  Type *ShadowTy = Size == 16 ? B.getInt16Ty() : B.getInt8Ty();
  LoadInst *Shadow = B.CreateAlignedLoad(ShadowTy, shadowAddress(B, Addr),
                                         Align(1), "kmemsan.shadow");
  markOwn(Shadow);
  Value *Poisoned = B.CreateICmpNE(Shadow, ConstantInt::get(ShadowTy, 0));
  MDNode *Cold = MDBuilder(M.getContext()).createUnlikelyBranchWeights();
  Instruction *Then =
      SplitBlockAndInsertIfThen(Poisoned, InsertPt, false, Cold);
  if (Size >= Granule) {
    // A whole granule is accessible only with shadow 0.
    IRBuilder<> TB(Then);
    Report(TB);
    return;
  }
  // A partial granule with shadow k has its first k bytes accessible; a
  // negative shadow (redzone, freed) makes the signed compare always fail.
  IRBuilder<> TB(Then);
  Value *Last = TB.CreateAnd(Addr, ConstantInt::get(IntPtrTy, Granule - 1));
  if (Size > 1)
    Last = TB.CreateAdd(Last, ConstantInt::get(IntPtrTy, Size - 1));
  Last = TB.CreateTrunc(Last, TB.getInt8Ty());
  Value *Bad = TB.CreateICmpSGE(Last, Shadow);
  Instruction *Fail = SplitBlockAndInsertIfThen(Bad, Then, false, Cold);
  IRBuilder<> FB(Fail);
  Report(FB);
}

void CheckEmitter::emitInline(IRBuilder<> &B, Value *Addr,
                              const PlannedCheck &C) {
  auto KeepApart = [&](CallInst *CI) {
    // Each report names its own access; branch folding must not merge two
    // report calls into one (upstream ASan uses an empty asm for this).
    CI->addFnAttr(Attribute::NoMerge);
  };
  bool NaturallyAligned = C.Alignment.value() >= std::min(C.Size, Granule);
  if (!C.IsRange && isSizedEntry(C.Size) && NaturallyAligned) {
    std::string Name =
        (Twine("__asan_report_") + kindOf(C) + Twine(C.Size) + "_noabort")
            .str();
    emitGranuleTest(C.InsertPt, Addr, 0, C.Size, [&](IRBuilder<> &RB) {
      KeepApart(RB.CreateCall(getRuntimeCallee(M, Name), {Addr}));
    });
    return;
  }
  // Unaligned, odd-sized or merged ranges: test one byte in every granule
  // the range touches (bytes 0, 8, 16, ... and the last one). Only the last
  // granule of an object can be partial, so this finds every bad byte.
  std::string Name = (Twine("__asan_report_") + kindOf(C) + "_n_noabort").str();
  auto Report = [&](IRBuilder<> &RB) {
    KeepApart(RB.CreateCall(getRuntimeCallee(M, Name),
                            {Addr, ConstantInt::get(IntPtrTy, C.Size)}));
  };
  for (uint64_t Off = 0; Off + 1 < C.Size; Off += Granule)
    emitGranuleTest(C.InsertPt, Addr, Off, 1, Report);
  emitGranuleTest(C.InsertPt, Addr, C.Size - 1, 1, Report);
}

} // namespace kmemsan
