//===- KLSan.cpp - the KLSan module pass ----------------------------------===//
//
// Per function: collect the events of docs/KLSAN.md, then instrument each
// right after it happens (a scope exit right before it):
//
//   store, atomicrmw, cmpxchg   split into 8-byte words at the store's
//                               offsets: a pointer-sized value at an aligned
//                               offset is a __kmemsan_klsan_store of that
//                               word, every other byte a
//                               __kmemsan_klsan_clobber. Wide stores
//                               ({ptr, ptr}, <2 x ptr>, i128) give one
//                               store event per pointer-sized word and a
//                               clobber for the rest, all in one cold block.
//   memcpy/memmove              __kmemsan_klsan_copy (shorter than a word: a
//                               clobber of the destination)
//   memset                      __kmemsan_klsan_clear
//   __asan_mem{cpy,move,set}    what KASan made of the long intrinsics: the
//                               same events
//   alloca (8 bytes or more)    __kmemsan_klsan_scope_exit at its
//                               lifetime.end and before every way out
//
// Cheap path: a write calls the runtime only when a stored word's value lies
// in [heap_start, heap_end) or a word it touches has a tag; the tests are
// inline and the calls sit in a cold block. Every instruction the pass adds
// carries !nosanitize, so KASan never checks the tag-shadow loads, and the
// pass skips what carries it (KASan's own shadow and frame stores).
//
//===----------------------------------------------------------------------===//
#include "KLSan.h"
#include "AccessCollection.h"
#include "Options.h"
#include "RuntimeABI.h"
#include "Statistics.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

using namespace llvm;

#define DEBUG_TYPE "kmemsan"

static TrackingStatistic
    NumKLSanStores(DEBUG_TYPE, "NumKLSanStores",
                   "KLSan pointer-sized store events instrumented");
static TrackingStatistic
    NumKLSanClobbers(DEBUG_TYPE, "NumKLSanClobbers",
                     "KLSan partial-overwrite events instrumented");
static TrackingStatistic
    NumKLSanCopies(DEBUG_TYPE, "NumKLSanCopies",
                   "KLSan memcpy/memmove events instrumented");
static TrackingStatistic NumKLSanClears(DEBUG_TYPE, "NumKLSanClears",
                                        "KLSan memset events instrumented");
static TrackingStatistic
    NumKLSanScopeExits(DEBUG_TYPE, "NumKLSanScopeExits",
                       "KLSan stack-slot scope exits instrumented");

namespace kmemsan {
namespace {

/// One level of the tag shadow (runtime/core/kmemsan_core.h): the table
/// entry for an address is bits [Shift, Shift + Bits) of it; below the last
/// level, the address's low Shift bits select its tag (one 8-byte tag per
/// aligned word).
struct TagLevel {
  unsigned Shift;
  unsigned Bits;
};
/// Hosted: the flat directory, one chunk pointer per 2 MiB (every bit
/// above 21 indexes it; the directory covers the 47-bit user half).
constexpr TagLevel HostedLevels[] = {{21, 43}};
/// Kernel: root per GiB (17 bits: the 47-bit half), table per 2 MiB, table
/// per 4 KiB, then a 4 KiB tag page.
constexpr TagLevel KernelLevels[] = {{30, 17}, {21, 9}, {12, 9}};
constexpr uint64_t WordSize = 8;
constexpr uint64_t TopByteMask = 0x00ffffffffffffffULL;
/// No allocator hands out the null page: a constant below this is never a
/// reference, and a store of it needs no value test.
constexpr uint64_t NullPageSize = 4096;
/// A write touching more words than this calls the runtime unconditionally:
/// 64 bytes at any alignment is 9 tag tests.
constexpr unsigned MaxTagTests = 9;
/// Wider values are not split into words (a store of a [64 x ptr] array):
/// the whole store is a clobber.
constexpr uint64_t MaxSplitBytes = 256;

// Declared after the statistics: destroyed (and so printed) before them.
StatisticsAtExit StatsPrinter("kmemsan KLSan Statistics Collected",
                              {&NumKLSanStores, &NumKLSanClobbers,
                               &NumKLSanCopies, &NumKLSanClears,
                               &NumKLSanScopeExits});

/// A global the runtime defines, declared in M. In code built without PIC
/// (the kernel, its modules) it is dso_local, as clang declares its own
/// externals there: a GOT-relative access would be a relocation the
/// module loader refuses (R_X86_64_REX_GOTPCRELX).
Constant *runtimeGlobalIn(Module &M, StringRef Name, Type *Ty) {
  Constant *C = M.getOrInsertGlobal(Name, Ty);
  if (auto *GV = dyn_cast<GlobalVariable>(C->stripPointerCasts()))
    if (GV->isDeclaration() && M.getPICLevel() == PICLevel::NotPIC)
      GV->setDSOLocal(true);
  return C;
}

/// Puts !nosanitize on every instruction a builder inserts.
class OwnInserter : public IRBuilderDefaultInserter {
public:
  void InsertHelper(Instruction *I, const Twine &Name,
                    BasicBlock::iterator InsertPt) const override {
    IRBuilderDefaultInserter::InsertHelper(I, Name, InsertPt);
    I->setMetadata(LLVMContext::MD_nosanitize,
                   MDNode::get(I->getContext(), {}));
  }
};
using OwnBuilder = IRBuilder<ConstantFolder, OwnInserter>;

/// Bytes [Offset, Offset + Size) of a write: a pointer-sized word at an
/// aligned offset with its value as i64 (Word), or bytes of anything else
/// (Word null), which only clobber what was there.
struct Segment {
  uint64_t Offset;
  uint64_t Size;
  Value *Word;
  /// The word is an integer no pointer flowed into (an integer argument,
  /// arithmetic on it, a constant): __kmemsan_klsan_store_int.
  bool IntOnly = false;
};

/// Whether integer V may carry a pointer's bits: it comes, through
/// arithmetic, casts, selects and phis, from a ptrtoint, or from something
/// this cannot follow (a load, a call: __get_free_pages() returns an
/// address, an extract, an unknown instruction). False only when every leaf
/// is an integer constant or an integer argument: a range's end, a length,
/// an address computed from them. Such a store still counts (a pointer may
/// travel as an integer argument), but its overwrite does not name the drop
/// site (runtime/core/klsan_events.cpp).
bool mayCarryPointer(Value *V, SmallPtrSetImpl<Value *> &Seen,
                     unsigned Depth = 0) {
  if (Depth > 8)
    return true;
  if (!Seen.insert(V).second)
    return false; // a phi cycle: the other incoming values decide
  if (isa<ConstantInt>(V) || isa<UndefValue>(V) || isa<PoisonValue>(V))
    return false;
  if (auto *A = dyn_cast<Argument>(V))
    return !A->getType()->isIntegerTy();
  if (isa<PtrToIntOperator>(V))
    return true;
  if (auto *BO = dyn_cast<BinaryOperator>(V))
    return mayCarryPointer(BO->getOperand(0), Seen, Depth + 1) ||
           mayCarryPointer(BO->getOperand(1), Seen, Depth + 1);
  if (auto *Sel = dyn_cast<SelectInst>(V))
    return mayCarryPointer(Sel->getTrueValue(), Seen, Depth + 1) ||
           mayCarryPointer(Sel->getFalseValue(), Seen, Depth + 1);
  if (auto *Phi = dyn_cast<PHINode>(V)) {
    for (Value *In : Phi->incoming_values())
      if (mayCarryPointer(In, Seen, Depth + 1))
        return true;
    return false;
  }
  if (auto *C = dyn_cast<CastInst>(V))
    return !C->getSrcTy()->isIntegerTy() ||
           mayCarryPointer(C->getOperand(0), Seen, Depth + 1);
  if (auto *Fr = dyn_cast<FreezeInst>(V))
    return mayCarryPointer(Fr->getOperand(0), Seen, Depth + 1);
  return true;
}

bool isIntOnly(Value *V) {
  if (!V->getType()->isIntegerTy())
    return false;
  SmallPtrSet<Value *, 16> Seen;
  return !mayCarryPointer(V, Seen);
}

/// One test of an event's guard; the runtime is called if any test fires.
struct GuardTest {
  enum Kind {
    Require, ///< V (i1) must hold, else nothing happens (cmpxchg success)
    InHeap,  ///< V (i64) lies in [heap_start, heap_end)
    Tagged,  ///< the word holding address V (i64) has a non-zero tag
  } K;
  Value *V;
};

bool isAsanMemCall(const CallInst &CI, StringRef &Name) {
  const Function *Callee = CI.getCalledFunction();
  if (!Callee || CI.arg_size() != 3)
    return false;
  Name = Callee->getName();
  return Name == "__asan_memcpy" || Name == "__asan_memmove" ||
         Name == "__asan_memset";
}

/// Profile counters are written by instrumentation code only.
bool isProfileCounter(const Value *Addr) {
  auto *GV = dyn_cast<GlobalVariable>(getUnderlyingObject(Addr));
  return GV && GV->hasSection() && GV->getSection().contains("__llvm_prf_cnts");
}

bool isInstrumentedAddress(const Value *Addr) {
  auto *PT = dyn_cast<PointerType>(Addr->getType());
  // Other address spaces (per-cpu segments) have no tag shadow.
  return PT && PT->getAddressSpace() == 0 && !Addr->isSwiftError() &&
         !isProfileCounter(Addr);
}

bool isLifetimeMarker(const User *U) {
  if (const auto *II = dyn_cast<IntrinsicInst>(U))
    return II->isLifetimeStartOrEnd();
  return false;
}

class FunctionInstrumenter {
public:
  FunctionInstrumenter(Function &F, const KlsanConfig &Config)
      : F(F), M(*F.getParent()), DL(M.getDataLayout()), Ctx(F.getContext()),
        Config(Config), Int64Ty(Type::getInt64Ty(Ctx)),
        PtrTy(PointerType::get(Ctx, 0)) {}

  bool run();

private:
  struct StaticSlot {
    AllocaInst *AI;
    uint64_t Size;
  };

  bool isSupportedFunction() const;
  void collect();
  bool isTrackedAlloca(const AllocaInst &AI) const;

  OwnBuilder newBuilder() const {
    return OwnBuilder(Ctx, ConstantFolder(), OwnInserter());
  }
  void place(OwnBuilder &B, Instruction *InsertPt, Instruction *Origin) const;
  Value *asWord(OwnBuilder &B, Value *V) const;
  void splitValue(OwnBuilder &B, Value *V, uint64_t Offset,
                  SmallVectorImpl<Segment> &Out) const;
  SmallVector<Segment, 4> planWrite(OwnBuilder &B, Value *V,
                                    uint64_t Size) const;
  bool neverInHeap(Value *Word) const;

  void emitGuard(Instruction *InsertPt, Instruction *Origin,
                 ArrayRef<GuardTest> Tests,
                 function_ref<void(OwnBuilder &)> Body);
  void emitWrite(Instruction *InsertPt, Instruction *Origin, Value *Ptr,
                 uint64_t Size, Align Alignment, ArrayRef<Segment> Segments,
                 Value *Require, StringRef ClobberEntry);

  void instrumentStore(StoreInst &SI);
  void instrumentAtomicRMW(AtomicRMWInst &RMW);
  void instrumentCmpXchg(AtomicCmpXchgInst &CX);
  void instrumentMemTransfer(AnyMemTransferInst &MT);
  void instrumentMemSet(AnyMemSetInst &MS);
  void instrumentAsanMemCall(CallInst &CI, StringRef Name);
  void instrumentStack();
  void emitScopeExit(Instruction *InsertPt, Value *Ptr, uint64_t Size,
                     Align Alignment);

  Function &F;
  Module &M;
  const DataLayout &DL;
  LLVMContext &Ctx;
  const KlsanConfig &Config;
  IntegerType *Int64Ty;
  PointerType *PtrTy;

  SmallVector<Instruction *, 32> Writes;
  SmallVector<StaticSlot, 8> StaticSlots;
  bool HasDynamicSlots = false;
  /// lifetime.end markers of tracked slots, with the slot and its size.
  SmallVector<std::pair<IntrinsicInst *, StaticSlot>, 8> LifetimeEnds;
  SmallVector<IntrinsicInst *, 4> StackRestores;
  /// Where the frame ends: each ret (or the musttail call before it) and
  /// each resume.
  SmallVector<Instruction *, 4> Exits;
  bool Changed = false;
};

bool FunctionInstrumenter::isSupportedFunction() const {
  // Funclet EH would need funclet bundles on every call the pass adds.
  for (const BasicBlock &BB : F)
    if (BB.isEHPad() && !BB.isLandingPad())
      return false;
  return DL.getPointerSizeInBits(0) == 64;
}

bool FunctionInstrumenter::isTrackedAlloca(const AllocaInst &AI) const {
  if (AI.getAddressSpace() != 0 || AI.isSwiftError() || AI.isUsedWithInAlloca())
    return false;
  Type *Ty = AI.getAllocatedType();
  if (!Ty->isSized() || isa<TargetExtType>(Ty) ||
      DL.getTypeAllocSize(Ty).isScalable())
    return false;
  if (std::optional<TypeSize> Size = AI.getAllocationSize(DL))
    if (Size->isScalable() || Size->getFixedValue() < WordSize)
      return false; // cannot hold an aligned word
  // A slot only the sanitizers' own code touches (KASan's record of the
  // lowest dynamic alloca) never holds a reference the pass counted.
  return any_of(AI.users(), [](const User *U) {
    const auto *I = dyn_cast<Instruction>(U);
    return I && !I->hasMetadata(LLVMContext::MD_nosanitize) &&
           !isLifetimeMarker(I) && !isa<DbgInfoIntrinsic>(I);
  });
}

void FunctionInstrumenter::collect() {
  bool Coroutine = F.hasFnAttribute(Attribute::PresplitCoroutine);
  for (BasicBlock &BB : F) {
    for (Instruction &I : BB) {
      if (auto *AI = dyn_cast<AllocaInst>(&I)) {
        if (Coroutine || !isTrackedAlloca(*AI))
          continue;
        if (AI->isStaticAlloca())
          StaticSlots.push_back(
              {AI, AI->getAllocationSize(DL)->getFixedValue()});
        else
          HasDynamicSlots = true;
        continue;
      }
      if (I.hasMetadata(LLVMContext::MD_nosanitize))
        continue;
      if (auto *SI = dyn_cast<StoreInst>(&I)) {
        if (isInstrumentedAddress(SI->getPointerOperand()))
          Writes.push_back(SI);
      } else if (auto *RMW = dyn_cast<AtomicRMWInst>(&I)) {
        if (isInstrumentedAddress(RMW->getPointerOperand()))
          Writes.push_back(RMW);
      } else if (auto *CX = dyn_cast<AtomicCmpXchgInst>(&I)) {
        if (isInstrumentedAddress(CX->getPointerOperand()))
          Writes.push_back(CX);
      } else if (auto *MI = dyn_cast<AnyMemIntrinsic>(&I)) {
        if (isInstrumentedAddress(MI->getRawDest()))
          Writes.push_back(MI);
      } else if (auto *II = dyn_cast<IntrinsicInst>(&I)) {
        if (II->getIntrinsicID() == Intrinsic::stackrestore)
          StackRestores.push_back(II);
        else if (II->getIntrinsicID() == Intrinsic::lifetime_end)
          if (auto *AI = dyn_cast<AllocaInst>(
                  getUnderlyingObject(II->getArgOperand(1))))
            if (!Coroutine && isTrackedAlloca(*AI))
              if (std::optional<TypeSize> Size = AI->getAllocationSize(DL))
                LifetimeEnds.push_back({II, {AI, Size->getFixedValue()}});
      } else if (auto *CI = dyn_cast<CallInst>(&I)) {
        StringRef Name;
        if (isAsanMemCall(*CI, Name))
          Writes.push_back(CI);
      }
    }
    Instruction *Term = BB.getTerminator();
    if (isa<ReturnInst>(Term)) {
      // Nothing may come between a musttail call and its ret.
      if (CallInst *MustTail = BB.getTerminatingMustTailCall())
        Exits.push_back(MustTail);
      else
        Exits.push_back(Term);
    } else if (isa<ResumeInst>(Term)) {
      Exits.push_back(Term);
    }
  }
}

void FunctionInstrumenter::place(OwnBuilder &B, Instruction *InsertPt,
                                 Instruction *Origin) const {
  B.SetInsertPoint(InsertPt);
  // The runtime's stacks name the line of the event.
  B.SetCurrentDebugLocation(Origin->getDebugLoc());
}

/// V as an i64, if its type is 8 bytes with no padding (ptr, i64, double,
/// <2 x i32>, <1 x ptr> ...); else null.
Value *FunctionInstrumenter::asWord(OwnBuilder &B, Value *V) const {
  Type *Ty = V->getType();
  if (DL.getTypeStoreSize(Ty) != WordSize ||
      DL.getTypeSizeInBits(Ty) != 8 * WordSize)
    return nullptr;
  if (Ty->isIntegerTy())
    return V;
  if (Ty->isPointerTy())
    return B.CreatePtrToInt(V, Int64Ty);
  if (auto *VT = dyn_cast<FixedVectorType>(Ty)) {
    if (VT->getElementType()->isPointerTy()) {
      Type *IntElt = DL.getIntPtrType(VT->getElementType());
      V = B.CreatePtrToInt(V,
                           FixedVectorType::get(IntElt, VT->getNumElements()));
      Ty = V->getType();
    }
  }
  if (CastInst::isBitCastable(Ty, Int64Ty))
    return B.CreateBitCast(V, Int64Ty);
  return nullptr;
}

/// Appends the segments of value V stored at Offset: its leaves in memory
/// order, a pointer-sized leaf at an aligned offset as a word.
void FunctionInstrumenter::splitValue(OwnBuilder &B, Value *V, uint64_t Offset,
                                      SmallVectorImpl<Segment> &Out) const {
  Type *Ty = V->getType();
  uint64_t Size = DL.getTypeStoreSize(Ty).getFixedValue();
  if (Size == 0)
    return;
  if (auto *ST = dyn_cast<StructType>(Ty)) {
    const StructLayout *SL = DL.getStructLayout(ST);
    for (unsigned I = 0, E = ST->getNumElements(); I != E; ++I)
      splitValue(B, B.CreateExtractValue(V, I),
                 Offset + SL->getElementOffset(I).getFixedValue(), Out);
    return;
  }
  if (auto *AT = dyn_cast<ArrayType>(Ty)) {
    uint64_t Stride = DL.getTypeAllocSize(AT->getElementType()).getFixedValue();
    for (uint64_t I = 0, E = AT->getNumElements(); I != E; ++I)
      splitValue(B, B.CreateExtractValue(V, unsigned(I)), Offset + I * Stride,
                 Out);
    return;
  }
  if (Size == WordSize) {
    Value *W = Offset % WordSize == 0 ? asWord(B, V) : nullptr;
    Out.push_back({Offset, Size, W, W && isIntOnly(V)});
    return;
  }
  // A wider vector or integer (<2 x ptr>, <4 x i32>, i128): its bits, word
  // by word, when it has no padding and the target is little-endian.
  uint64_t Bits = DL.getTypeSizeInBits(Ty).getFixedValue();
  bool Packed = Bits == 8 * Size && Size > WordSize && DL.isLittleEndian();
  if (Packed && Offset % WordSize == 0 &&
      (Ty->isIntegerTy() || isa<FixedVectorType>(Ty))) {
    uint64_t Words = Size / WordSize;
    Value *Vec = nullptr;
    if (auto *VT = dyn_cast<FixedVectorType>(Ty)) {
      if (VT->getElementType()->isPointerTy())
        V = B.CreatePtrToInt(
            V, FixedVectorType::get(DL.getIntPtrType(VT->getElementType()),
                                    VT->getNumElements()));
      if (Size % WordSize == 0)
        Vec = B.CreateBitCast(V, FixedVectorType::get(Int64Ty, Words));
      else
        V = B.CreateBitCast(V, B.getIntNTy(Bits));
    }
    for (uint64_t I = 0; I < Words; ++I) {
      Value *W = Vec ? B.CreateExtractElement(Vec, I)
                     : B.CreateTrunc(I ? B.CreateLShr(V, 64 * I) : V, Int64Ty);
      Out.push_back({Offset + I * WordSize, WordSize, W});
    }
    if (Size % WordSize)
      Out.push_back({Offset + Words * WordSize, Size % WordSize, nullptr});
    return;
  }
  Out.push_back({Offset, Size, nullptr});
}

bool FunctionInstrumenter::neverInHeap(Value *Word) const {
  if (isa<UndefValue>(Word))
    return true;
  auto *C = dyn_cast<ConstantInt>(Word);
  if (!C)
    return false;
  uint64_t V = C->getZExtValue();
  if (Config.TopByteIgnore)
    V &= TopByteMask;
  return V < NullPageSize;
}

/// The segments of a write of V (or of Size bytes of no known value when V
/// is null): sorted, covering [0, Size), adjacent plain bytes merged.
SmallVector<Segment, 4> FunctionInstrumenter::planWrite(OwnBuilder &B, Value *V,
                                                        uint64_t Size) const {
  SmallVector<Segment, 4> Leaves;
  if (V && Size <= MaxSplitBytes)
    splitValue(B, V, 0, Leaves);
  SmallVector<Segment, 4> Plan;
  uint64_t End = 0;
  auto AddBytes = [&](uint64_t From, uint64_t To) {
    if (From >= To)
      return;
    if (!Plan.empty() && !Plan.back().Word &&
        Plan.back().Offset + Plan.back().Size == From)
      Plan.back().Size = To - Plan.back().Offset;
    else
      Plan.push_back({From, To - From, nullptr});
  };
  for (const Segment &S : Leaves) {
    if (S.Offset < End || S.Offset + S.Size > Size)
      continue; // cannot happen with a well-formed layout; stay safe
    AddBytes(End, S.Offset);
    if (S.Word)
      Plan.push_back(S);
    else
      AddBytes(S.Offset, S.Offset + S.Size);
    End = S.Offset + S.Size;
  }
  AddBytes(End, Size);
  return Plan;
}

/// Splits the block at InsertPt and calls Body in a cold block if any test
/// fires: value tests first (one compare), then the tag tests (a directory
/// load, and only when the chunk exists the tag load).
void FunctionInstrumenter::emitGuard(Instruction *InsertPt, Instruction *Origin,
                                     ArrayRef<GuardTest> Tests,
                                     function_ref<void(OwnBuilder &)> Body) {
  BasicBlock *Head = InsertPt->getParent();
  BasicBlock *Tail =
      Head->splitBasicBlock(InsertPt->getIterator(), "klsan.cont");
  Head->getTerminator()->eraseFromParent();
  BasicBlock *Cold = BasicBlock::Create(Ctx, "klsan.event", &F, Tail);
  {
    OwnBuilder B(Ctx, ConstantFolder(), OwnInserter());
    B.SetInsertPoint(Cold);
    B.SetCurrentDebugLocation(Origin->getDebugLoc());
    B.SetInsertPoint(B.CreateBr(Tail));
    Body(B);
  }
  MDNode *Unlikely = MDBuilder(Ctx).createUnlikelyBranchWeights();
  Value *HeapStart = nullptr, *HeapLast = nullptr;
  BasicBlock *Cur = Head;
  for (size_t I = 0; I < Tests.size(); ++I) {
    bool Last = I + 1 == Tests.size();
    BasicBlock *Next =
        Last ? Tail : BasicBlock::Create(Ctx, "klsan.test", &F, Cold);
    OwnBuilder B(Ctx, ConstantFolder(), OwnInserter());
    B.SetInsertPoint(Cur);
    B.SetCurrentDebugLocation(Origin->getDebugLoc());
    const GuardTest &T = Tests[I];
    switch (T.K) {
    case GuardTest::Require:
      B.CreateCondBr(T.V, Last ? Cold : Next, Tail);
      break;
    case GuardTest::InHeap: {
      if (!HeapStart) {
        // Plain loads: the platform sets the range at startup.
        Type *GTy = Int64Ty;
        HeapStart = B.CreateAlignedLoad(
            GTy, runtimeGlobalIn(M, "__kmemsan_klsan_heap_start", GTy),
            Align(8), "klsan.heap.start");
        Value *HeapEnd = B.CreateAlignedLoad(
            GTy, runtimeGlobalIn(M, "__kmemsan_klsan_heap_end", GTy), Align(8),
            "klsan.heap.end");
        // v - start <= end - start - 1: the range test, except that an
        // unset range (both 0) lets every value through, as the runtime's
        // own test does.
        HeapLast = B.CreateAdd(B.CreateSub(HeapEnd, HeapStart),
                               ConstantInt::get(Int64Ty, -1, true));
      }
      Value *V = T.V;
      if (Config.TopByteIgnore)
        V = B.CreateAnd(V, ConstantInt::get(Int64Ty, TopByteMask));
      Value *InHeap =
          B.CreateICmpULE(B.CreateSub(V, HeapStart), HeapLast, "klsan.inheap");
      B.CreateCondBr(InHeap, Cold, Next, Unlikely);
      break;
    }
    case GuardTest::Tagged: {
      // Walk the tag shadow's levels: each load reads a table pointer (0:
      // nothing below was ever tagged, the test fails); the last one
      // reads the tag itself.
      ArrayRef<TagLevel> Levels =
          Config.TagLayout == KlsanConfig::Layout::Kernel
              ? ArrayRef<TagLevel>(KernelLevels)
              : ArrayRef<TagLevel>(HostedLevels);
      Value *Table =
          Config.TagLayout == KlsanConfig::Layout::Kernel
              ? B.CreatePtrToInt(
                    runtimeGlobalIn(M, "__kmemsan_klsan_root", Int64Ty),
                    Int64Ty)
              : static_cast<Value *>(
                    ConstantInt::get(Int64Ty, Config.Directory));
      BasicBlock *Final = Last ? Cold : Next;
      for (const TagLevel &L : Levels) {
        Value *Index = B.CreateLShr(T.V, L.Shift);
        if (L.Bits < 64 - L.Shift)
          Index = B.CreateAnd(
              Index, ConstantInt::get(Int64Ty, (uint64_t(1) << L.Bits) - 1));
        Value *Entry = B.CreateAdd(B.CreateShl(Index, 3), Table);
        Value *Sub = B.CreateAlignedLoad(
            Int64Ty, B.CreateIntToPtr(Entry, PtrTy), Align(8), "klsan.chunk");
        BasicBlock *Present = BasicBlock::Create(Ctx, "klsan.chunk", &F, Final);
        B.CreateCondBr(B.CreateICmpEQ(Sub, ConstantInt::get(Int64Ty, 0)), Next,
                       Present);
        B.SetInsertPoint(Present);
        Table = Sub;
      }
      uint64_t WordMask =
          ((uint64_t(1) << Levels.back().Shift) - 1) & ~(WordSize - 1);
      Value *TagAddr =
          B.CreateAdd(Table, B.CreateAnd(T.V, ConstantInt::get(Int64Ty, WordMask)));
      Value *Tag = B.CreateAlignedLoad(
          Int64Ty, B.CreateIntToPtr(TagAddr, PtrTy), Align(8), "klsan.tag");
      B.CreateCondBr(B.CreateICmpNE(Tag, ConstantInt::get(Int64Ty, 0)), Cold,
                     Next, Unlikely);
      break;
    }
    }
    Cur = Next;
  }
  if (Tests.empty())
    BranchInst::Create(Cold, Head);
  Changed = true;
}

/// Emits the events of a write of Size bytes at Ptr whose bytes Segments
/// describe, at InsertPt: store events for the words, ClobberEntry
/// (__kmemsan_klsan_clobber, _clear or _scope_exit) for the other bytes.
/// Require, if set, must hold for anything to happen.
void FunctionInstrumenter::emitWrite(Instruction *InsertPt, Instruction *Origin,
                                     Value *Ptr, uint64_t Size, Align Alignment,
                                     ArrayRef<Segment> Segments, Value *Require,
                                     StringRef ClobberEntry) {
  OwnBuilder B = newBuilder();
  place(B, InsertPt, Origin);
  Value *Addr = nullptr; // made where the first test or call needs it
  bool Aligned = Alignment.value() >= WordSize;
  bool HasWords = any_of(Segments, [](const Segment &S) { return S.Word; });

  // The words the write touches: one tag test each. At an unknown
  // alignment, tests every 8 bytes and at the last byte cover them all.
  SmallVector<uint64_t, 9> Probes;
  for (uint64_t Off = 0; Off < Size; Off += WordSize)
    Probes.push_back(Off);
  bool OneWord =
      Size <= WordSize && isPowerOf2_64(Size) && Alignment.value() >= Size;
  if (!Aligned && !OneWord && (Size - 1) % WordSize != 0)
    Probes.push_back(Size - 1);

  SmallVector<GuardTest, 12> Tests;
  if (Require)
    Tests.push_back({GuardTest::Require, Require});
  bool Guarded = Probes.size() <= MaxTagTests;
  if (Guarded) {
    Addr = B.CreatePtrToInt(Ptr, Int64Ty);
    // A constant that cannot be a reference (0, a small flag) still
    // overwrites the word: it needs the tag test only.
    for (const Segment &S : Segments)
      if (S.Word && !neverInHeap(S.Word))
        Tests.push_back({GuardTest::InHeap, S.Word});
    for (uint64_t Off : Probes)
      Tests.push_back(
          {GuardTest::Tagged,
           Off ? B.CreateAdd(Addr, ConstantInt::get(Int64Ty, Off)) : Addr});
  }

  // Declared on first use: a module gets only the entries it calls.
  auto Clobber = [&] { return getRuntimeCallee(M, ClobberEntry); };
  auto At = [&](OwnBuilder &CB, uint64_t Off) {
    return Off ? CB.CreateConstInBoundsGEP1_64(CB.getInt8Ty(), Ptr, Off) : Ptr;
  };
  auto WordEvents = [&](OwnBuilder &CB) {
    for (const Segment &S : Segments) {
      if (S.Word)
        CB.CreateCall(getRuntimeCallee(M, S.IntOnly ? "__kmemsan_klsan_store_int"
                                                    : "__kmemsan_klsan_store"),
                      {At(CB, S.Offset), S.Word});
      else
        CB.CreateCall(Clobber(),
                      {At(CB, S.Offset), ConstantInt::get(Int64Ty, S.Size)});
    }
  };
  auto Body = [&](OwnBuilder &CB) {
    if (!HasWords) {
      CB.CreateCall(Clobber(), {Ptr, ConstantInt::get(Int64Ty, Size)});
      return;
    }
    if (Aligned) {
      WordEvents(CB);
      return;
    }
    // The runtime counts aligned words only: at run time, an aligned
    // address gets the store events, another one a clobber.
    if (!Addr)
      Addr = CB.CreatePtrToInt(Ptr, Int64Ty);
    Value *IsAligned =
        CB.CreateICmpEQ(CB.CreateAnd(Addr, ConstantInt::get(Int64Ty, 7)),
                        ConstantInt::get(Int64Ty, 0));
    Instruction *Then, *Else;
    SplitBlockAndInsertIfThenElse(IsAligned, CB.GetInsertPoint(), &Then, &Else);
    OwnBuilder TB = newBuilder();
    place(TB, Then, Origin);
    WordEvents(TB);
    OwnBuilder EB = newBuilder();
    place(EB, Else, Origin);
    EB.CreateCall(Clobber(), {Ptr, ConstantInt::get(Int64Ty, Size)});
  };
  if (Tests.empty()) {
    Body(B);
    Changed = true;
    return;
  }
  emitGuard(InsertPt, Origin, Tests, Body);
}

void FunctionInstrumenter::instrumentStore(StoreInst &SI) {
  uint64_t Size =
      DL.getTypeStoreSize(SI.getValueOperand()->getType()).getKnownMinValue();
  if (Size == 0 ||
      DL.getTypeStoreSize(SI.getValueOperand()->getType()).isScalable())
    return;
  Instruction *After = SI.getNextNode();
  OwnBuilder B = newBuilder();
  place(B, After, &SI);
  SmallVector<Segment, 4> Plan = planWrite(B, SI.getValueOperand(), Size);
  bool HasWords = any_of(Plan, [](const Segment &S) { return S.Word; });
  ++(HasWords ? NumKLSanStores : NumKLSanClobbers);
  emitWrite(After, &SI, SI.getPointerOperand(), Size, SI.getAlign(), Plan,
            nullptr, "__kmemsan_klsan_clobber");
}

void FunctionInstrumenter::instrumentAtomicRMW(AtomicRMWInst &RMW) {
  Type *Ty = RMW.getValOperand()->getType();
  uint64_t Size = DL.getTypeStoreSize(Ty).getFixedValue();
  Instruction *After = RMW.getNextNode();
  OwnBuilder B = newBuilder();
  place(B, After, &RMW);
  // The new value of the word, recomputed from the old one the operation
  // returned; unknown for the floating-point and wrapping operations.
  Value *Old = &RMW, *Val = RMW.getValOperand(), *New = nullptr;
  bool Int = Ty->isIntegerTy();
  switch (RMW.getOperation()) {
  case AtomicRMWInst::Xchg:
    New = Val;
    break;
  case AtomicRMWInst::Add:
    New = Int ? B.CreateAdd(Old, Val) : nullptr;
    break;
  case AtomicRMWInst::Sub:
    New = Int ? B.CreateSub(Old, Val) : nullptr;
    break;
  case AtomicRMWInst::And:
    New = Int ? B.CreateAnd(Old, Val) : nullptr;
    break;
  case AtomicRMWInst::Nand:
    New = Int ? B.CreateNot(B.CreateAnd(Old, Val)) : nullptr;
    break;
  case AtomicRMWInst::Or:
    New = Int ? B.CreateOr(Old, Val) : nullptr;
    break;
  case AtomicRMWInst::Xor:
    New = Int ? B.CreateXor(Old, Val) : nullptr;
    break;
  case AtomicRMWInst::Max:
  case AtomicRMWInst::Min:
  case AtomicRMWInst::UMax:
  case AtomicRMWInst::UMin: {
    if (!Int)
      break;
    CmpInst::Predicate P =
        RMW.getOperation() == AtomicRMWInst::Max    ? CmpInst::ICMP_SGT
        : RMW.getOperation() == AtomicRMWInst::Min  ? CmpInst::ICMP_SLT
        : RMW.getOperation() == AtomicRMWInst::UMax ? CmpInst::ICMP_UGT
                                                    : CmpInst::ICMP_ULT;
    New = B.CreateSelect(B.CreateICmp(P, Old, Val), Old, Val);
    break;
  }
  default:
    break;
  }
  SmallVector<Segment, 4> Plan = planWrite(B, New, Size);
  bool HasWords = any_of(Plan, [](const Segment &S) { return S.Word; });
  ++(HasWords ? NumKLSanStores : NumKLSanClobbers);
  emitWrite(After, &RMW, RMW.getPointerOperand(), Size, RMW.getAlign(), Plan,
            nullptr, "__kmemsan_klsan_clobber");
}

void FunctionInstrumenter::instrumentCmpXchg(AtomicCmpXchgInst &CX) {
  Type *Ty = CX.getNewValOperand()->getType();
  uint64_t Size = DL.getTypeStoreSize(Ty).getFixedValue();
  Instruction *After = CX.getNextNode();
  OwnBuilder B = newBuilder();
  place(B, After, &CX);
  // A failed cmpxchg wrote nothing.
  Value *Success = B.CreateExtractValue(&CX, 1, "klsan.success");
  SmallVector<Segment, 4> Plan = planWrite(B, CX.getNewValOperand(), Size);
  bool HasWords = any_of(Plan, [](const Segment &S) { return S.Word; });
  ++(HasWords ? NumKLSanStores : NumKLSanClobbers);
  emitWrite(After, &CX, CX.getPointerOperand(), Size, CX.getAlign(), Plan,
            Success, "__kmemsan_klsan_clobber");
}

void FunctionInstrumenter::instrumentMemTransfer(AnyMemTransferInst &MT) {
  Instruction *After = MT.getNextNode();
  Value *Dst = MT.getRawDest();
  Align DstAlign = MT.getDestAlign().valueOrOne();
  if (auto *Len = dyn_cast<ConstantInt>(MT.getLength())) {
    uint64_t N = Len->getZExtValue();
    if (N == 0)
      return;
    // Too short to carry a whole word: only what it overwrites matters.
    if (N < WordSize) {
      ++NumKLSanClobbers;
      emitWrite(After, &MT, Dst, N, DstAlign, {{0, N, nullptr}}, nullptr,
                "__kmemsan_klsan_clobber");
      return;
    }
  }
  OwnBuilder B = newBuilder();
  place(B, After, &MT);
  Value *Len = B.CreateZExtOrTrunc(MT.getLength(), Int64Ty);
  if (MT.getSourceAddressSpace() != 0) {
    // Nothing tagged comes from another address space.
    ++NumKLSanClears;
    B.CreateCall(getRuntimeCallee(M, "__kmemsan_klsan_clear"), {Dst, Len});
  } else {
    ++NumKLSanCopies;
    B.CreateCall(getRuntimeCallee(M, "__kmemsan_klsan_copy"),
                 {Dst, MT.getRawSource(), Len});
  }
  Changed = true;
}

void FunctionInstrumenter::instrumentMemSet(AnyMemSetInst &MS) {
  Instruction *After = MS.getNextNode();
  Value *Dst = MS.getRawDest();
  if (auto *Len = dyn_cast<ConstantInt>(MS.getLength())) {
    uint64_t N = Len->getZExtValue();
    if (N == 0)
      return;
    // No byte pattern is a heap address: a short memset is a partial
    // overwrite (under a word) or a clear, behind the tag tests.
    bool Short = N < WordSize;
    ++(Short ? NumKLSanClobbers : NumKLSanClears);
    emitWrite(After, &MS, Dst, N, MS.getDestAlign().valueOrOne(),
              {{0, N, nullptr}}, nullptr,
              Short ? "__kmemsan_klsan_clobber" : "__kmemsan_klsan_clear");
    return;
  }
  ++NumKLSanClears;
  OwnBuilder B = newBuilder();
  place(B, After, &MS);
  B.CreateCall(getRuntimeCallee(M, "__kmemsan_klsan_clear"),
               {Dst, B.CreateZExtOrTrunc(MS.getLength(), Int64Ty)});
  Changed = true;
}

/// KASan turned the long memory intrinsics into these calls before KLSan
/// runs; they copy and fill like the intrinsics did.
void FunctionInstrumenter::instrumentAsanMemCall(CallInst &CI, StringRef Name) {
  OwnBuilder B = newBuilder();
  place(B, CI.getNextNode(), &CI);
  Value *Dst = CI.getArgOperand(0);
  Value *Len = CI.getArgOperand(2);
  if (!Dst->getType()->isPointerTy() || !Len->getType()->isIntegerTy())
    return;
  Len = B.CreateZExtOrTrunc(Len, Int64Ty);
  if (Name == "__asan_memset") {
    ++NumKLSanClears;
    B.CreateCall(getRuntimeCallee(M, "__kmemsan_klsan_clear"), {Dst, Len});
  } else {
    Value *Src = CI.getArgOperand(1);
    if (!Src->getType()->isPointerTy())
      return;
    ++NumKLSanCopies;
    B.CreateCall(getRuntimeCallee(M, "__kmemsan_klsan_copy"), {Dst, Src, Len});
  }
  Changed = true;
}

void FunctionInstrumenter::emitScopeExit(Instruction *InsertPt, Value *Ptr,
                                         uint64_t Size, Align Alignment) {
  ++NumKLSanScopeExits;
  emitWrite(InsertPt, InsertPt, Ptr, Size, Alignment, {{0, Size, nullptr}},
            nullptr, "__kmemsan_klsan_scope_exit");
}

void FunctionInstrumenter::instrumentStack() {
  for (auto &[II, Slot] : LifetimeEnds)
    emitScopeExit(II, Slot.AI, Slot.Size, Slot.AI->getAlign());
  for (Instruction *Exit : Exits)
    for (const StaticSlot &Slot : StaticSlots)
      emitScopeExit(Exit, Slot.AI, Slot.Size, Slot.AI->getAlign());
  if (!HasDynamicSlots)
    return;

  // Dynamic allocas lie between the stack pointer at entry and the current
  // one (the stack grows down): one scope exit covers every instance, in
  // loops too. A stackrestore ends the ones below the restored pointer.
  BasicBlock &Entry = F.getEntryBlock();
  BasicBlock::iterator It = Entry.getFirstInsertionPt();
  while (isa<AllocaInst>(*It) && cast<AllocaInst>(*It).isStaticAlloca())
    ++It;
  OwnBuilder B(Ctx, ConstantFolder(), OwnInserter());
  B.SetInsertPoint(&Entry, It);
  Value *AtEntry =
      B.CreatePtrToInt(B.CreateStackSave("klsan.sp.entry"), Int64Ty);
  FunctionCallee ScopeExit = getRuntimeCallee(M, "__kmemsan_klsan_scope_exit");
  auto ExitBelow = [&](Instruction *InsertPt, Value *Top) {
    OwnBuilder EB = newBuilder();
    place(EB, InsertPt, InsertPt);
    Value *Cur = EB.CreateStackSave("klsan.sp");
    Value *CurInt = EB.CreatePtrToInt(Cur, Int64Ty);
    Value *Size = EB.CreateSelect(EB.CreateICmpUGT(Top, CurInt),
                                  EB.CreateSub(Top, CurInt),
                                  ConstantInt::get(Int64Ty, 0));
    EB.CreateCall(ScopeExit, {Cur, Size});
    ++NumKLSanScopeExits;
  };
  for (Instruction *Exit : Exits)
    ExitBelow(Exit, AtEntry);
  for (IntrinsicInst *SR : StackRestores) {
    OwnBuilder RB = newBuilder();
    place(RB, SR, SR);
    ExitBelow(SR, RB.CreatePtrToInt(SR->getArgOperand(0), Int64Ty));
  }
  Changed = true;
}

bool FunctionInstrumenter::run() {
  if (!isSupportedFunction())
    return false;
  collect();
  for (Instruction *I : Writes) {
    if (auto *SI = dyn_cast<StoreInst>(I))
      instrumentStore(*SI);
    else if (auto *RMW = dyn_cast<AtomicRMWInst>(I))
      instrumentAtomicRMW(*RMW);
    else if (auto *CX = dyn_cast<AtomicCmpXchgInst>(I))
      instrumentCmpXchg(*CX);
    else if (auto *MT = dyn_cast<AnyMemTransferInst>(I))
      instrumentMemTransfer(*MT);
    else if (auto *MS = dyn_cast<AnyMemSetInst>(I))
      instrumentMemSet(*MS);
    else if (auto *CI = dyn_cast<CallInst>(I)) {
      StringRef Name;
      if (isAsanMemCall(*CI, Name))
        instrumentAsanMemCall(*CI, Name);
    }
  }
  instrumentStack();
  return Changed;
}

bool isExempt(const Function &F,
              const SmallPtrSetImpl<const GlobalValue *> &NoSanitize,
              const SpecialCaseList &IgnoreList) {
  // The attribute and annotation rules are KASan's; the ignore list is read
  // in the [klsan] section.
  if (isExemptFunction(F, NoSanitize, nullptr))
    return true;
  return klsanIgnores(IgnoreList, "fun", F.getName()) ||
         klsanIgnores(IgnoreList, "src", F.getParent()->getSourceFileName());
}

/// The hosted runtime turns KLSan on when code built with it is linked in.
bool emitLinkedMarker(Module &M) {
  constexpr StringLiteral Name = "__kmemsan_klsan_linked";
  if (M.getNamedValue(Name))
    return false;
  auto *Marker = new GlobalVariable(
      M, Type::getInt8Ty(M.getContext()), /*isConstant=*/false,
      GlobalValue::WeakAnyLinkage,
      ConstantInt::get(Type::getInt8Ty(M.getContext()), 1), Name);
  GlobalValue::SanitizerMetadata NoAddress;
  NoAddress.NoAddress = true;
  Marker->setSanitizerMetadata(NoAddress);
  return true;
}

} // namespace

PreservedAnalyses KlsanPass::run(Module &M, ModuleAnalysisManager &) {
  std::string Error;
  const SpecialCaseList *IgnoreList = kasanIgnoreList(Error);
  if (!IgnoreList) {
    M.getContext().emitError("kmemsan: " + Error);
    return PreservedAnalyses::all();
  }
  StatsPrinter.noteRun();
  KlsanConfig Config = klsanConfigFor(M);
  SmallPtrSet<const GlobalValue *, 8> NoSanitize = annotatedNoSanitize(M);

  SmallVector<Function *, 32> Work;
  for (Function &F : M)
    if (!isExempt(F, NoSanitize, *IgnoreList))
      Work.push_back(&F);

  bool Changed = emitLinkedMarker(M);
  for (Function *F : Work) {
    Changed |= FunctionInstrumenter(*F, Config).run();
    // A tail call removes the caller's frame from the stack: the drop stack
    // of a leak would skip the function that lost the reference.
    if (!F->hasFnAttribute("disable-tail-calls")) {
      F->addFnAttr("disable-tail-calls", "true");
      Changed = true;
    }
  }
  return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}

} // namespace kmemsan
