//===- RedundantChecks.cpp - checks KASan can soundly leave out -----------===//
#include "RedundantChecks.h"

#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/PostOrderIterator.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/InstrTypes.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"

#include <algorithm>

using namespace llvm;

namespace kmemsan {
namespace {

/// The widest range one merged check may cover: a few fields of one struct,
/// small enough that the union of in-bounds accesses stays in one object.
constexpr int64_t MaxMergedSpan = 32;
/// Above this many (blocks x accesses) bits the dominated rule only looks
/// inside blocks, so huge functions cannot make the pass slow.
constexpr uint64_t MaxDataflowBits = uint64_t(1) << 26;
/// At most this many earlier ranges are remembered as covering one access,
/// and above this many distinct ranges per base only exact repeats count,
/// so that a huge initializer cannot make the search quadratic.
constexpr size_t MaxCoverers = 64;
constexpr size_t MaxRangesPerBase = 512;

/// An access as a byte range off its base pointer.
struct Range {
  const Value *Base = nullptr;
  int64_t Lo = 0, Hi = 0;
  bool Constant = false; ///< constant size (and so a usable range)
};

Range rangeOf(const MemAccess &A, const DataLayout &DL) {
  Range R;
  R.Base = A.Addr;
  if (A.DynSize)
    return R;
  APInt Off(DL.getIndexTypeSizeInBits(A.Addr->getType()), 0);
  const Value *Base = A.Addr->stripAndAccumulateConstantOffsets(DL, Off, true);
  if (Off.getSignificantBits() > 48 || A.Size > (uint64_t(1) << 48))
    Base = A.Addr, Off = 0; // no overflow games with absurd offsets
  R.Base = Base;
  R.Lo = Off.getSExtValue();
  R.Hi = R.Lo + int64_t(A.Size);
  R.Constant = true;
  return R;
}

/// The size of the object Base points to the start of, if it is fixed and
/// cannot be replaced at link time.
std::optional<uint64_t> knownObjectSize(const Value *Base,
                                        const DataLayout &DL) {
  if (auto *AI = dyn_cast<AllocaInst>(Base)) {
    std::optional<TypeSize> TS = AI->getAllocationSize(DL);
    if (TS && !TS->isScalable())
      return TS->getFixedValue();
    return std::nullopt;
  }
  if (auto *GV = dyn_cast<GlobalVariable>(Base)) {
    if (GV->isDeclaration() || GV->isInterposable() ||
        GV->hasExternalWeakLinkage() || !GV->hasExactDefinition() ||
        !GV->getValueType()->isSized())
      return std::nullopt;
    TypeSize TS = DL.getTypeAllocSize(GV->getValueType());
    if (TS.isScalable())
      return std::nullopt;
    return TS.getFixedValue();
  }
  return std::nullopt;
}

bool isProvablySafe(const Range &R, const DataLayout &DL) {
  if (!R.Constant || R.Lo < 0)
    return false;
  std::optional<uint64_t> Size = knownObjectSize(R.Base, DL);
  return Size && uint64_t(R.Hi) <= *Size;
}

} // namespace

bool isProvablyInBounds(const Value *Ptr, uint64_t Size, const DataLayout &DL) {
  MemAccess A{};
  A.Addr = const_cast<Value *>(Ptr);
  A.Size = Size;
  return isProvablySafe(rangeOf(A, DL), DL);
}

namespace {

/// Forward must-analysis: a bit per distinct range (base, lo, hi), set where
/// that range is known checked on every path since the last instruction
/// that may free. Distinct accesses of one range share a bit, so checks on
/// both arms of a branch count at the join.
class CheckedRanges {
public:
  CheckedRanges(Function &F, ArrayRef<MemAccess> Accesses,
                ArrayRef<Range> Ranges)
      : F(F) {
    DenseMap<std::tuple<const Value *, int64_t, int64_t>, unsigned> Ids;
    SmallVector<const Range *, 16> Distinct;
    for (size_t A = 0; A < Accesses.size(); ++A) {
      const Range &R = Ranges[A];
      if (!R.Constant)
        continue;
      auto [It, New] = Ids.try_emplace({R.Base, R.Lo, R.Hi}, Distinct.size());
      if (New)
        Distinct.push_back(&R);
      AccessesAt[Accesses[A].I].push_back({unsigned(A), It->second});
    }
    N = Distinct.size();
    computeCoverers(Distinct);
  }

  /// Marks in Skip the accesses whose range is already checked.
  void findDominated(SmallVectorImpl<bool> &Skip) {
    DenseMap<const BasicBlock *, BitVector> In;
    solve(In);
    for (BasicBlock &BB : F) {
      auto It = In.find(&BB);
      BitVector State = It == In.end() ? BitVector(N) : It->second;
      for (Instruction &I : BB)
        step(I, State, &Skip);
    }
  }

private:
  struct AccessRange {
    unsigned Access;
    unsigned RangeId;
  };

  void computeCoverers(ArrayRef<const Range *> Distinct) {
    DenseMap<const Value *, SmallVector<unsigned, 4>> ByBase;
    for (unsigned I = 0; I < N; ++I)
      ByBase[Distinct[I]->Base].push_back(I);
    Coverers.resize(N);
    for (auto &KV : ByBase) {
      if (KV.second.size() > MaxRangesPerBase) {
        for (unsigned A : KV.second)
          Coverers[A].push_back(A);
        continue;
      }
      for (unsigned A : KV.second) {
        Coverers[A].push_back(A); // the same range checked earlier
        for (unsigned C : KV.second) {
          if (C == A)
            continue;
          if (Coverers[A].size() >= MaxCoverers)
            break;
          if (Distinct[C]->Lo <= Distinct[A]->Lo &&
              Distinct[A]->Hi <= Distinct[C]->Hi)
            Coverers[A].push_back(C);
        }
      }
    }
  }

  /// One instruction: its checks happen before it, so its ranges are checked
  /// afterwards, unless it may free memory.
  void step(Instruction &I, BitVector &State, SmallVectorImpl<bool> *Skip) {
    auto It = AccessesAt.find(&I);
    if (It != AccessesAt.end())
      for (const AccessRange &AR : It->second) {
        if (Skip && !(*Skip)[AR.Access])
          for (unsigned C : Coverers[AR.RangeId])
            if (State.test(C)) {
              (*Skip)[AR.Access] = true;
              break;
            }
        State.set(AR.RangeId);
      }
    if (mayFreeMemory(I))
      State.reset();
  }

  void solve(DenseMap<const BasicBlock *, BitVector> &In) {
    uint64_t Blocks = F.size();
    if (N == 0 || Blocks * N > MaxDataflowBits)
      return; // block-local only: every block starts with nothing checked
    ReversePostOrderTraversal<Function *> RPO(&F);
    DenseMap<const BasicBlock *, BitVector> Out;
    for (BasicBlock *BB : RPO)
      Out[BB] = BitVector(N, true); // top: refined down to the fixpoint
    bool Changed = true;
    while (Changed) {
      Changed = false;
      for (BasicBlock *BB : RPO) {
        BitVector State(N, !BB->isEntryBlock());
        if (!BB->isEntryBlock())
          for (BasicBlock *Pred : predecessors(BB)) {
            auto PO = Out.find(Pred);
            if (PO != Out.end()) // unreachable predecessors never execute
              State &= PO->second;
          }
        if (pred_empty(BB))
          State.reset();
        In[BB] = State;
        for (Instruction &I : *BB)
          step(I, State, nullptr);
        BitVector &O = Out[BB];
        if (O != State) {
          O = std::move(State);
          Changed = true;
        }
      }
    }
  }

  Function &F;
  size_t N = 0;
  DenseMap<const Instruction *, SmallVector<AccessRange, 2>> AccessesAt;
  std::vector<SmallVector<unsigned, 4>> Coverers;
};

/// True if execution may not reach the next instruction after I, or memory
/// may be freed by I: a check hoisted across I could report an access that
/// never happens, or miss a free.
bool endsMergeSegment(const Instruction &I) {
  return mayFreeMemory(I) || !isGuaranteedToTransferExecutionToSuccessor(&I);
}

struct MergeMember {
  unsigned Access;
  unsigned Order; ///< position in the block
};

/// Groups same-kind accesses off one base inside one segment of one block
/// into contiguous runs and plans one check per run.
void planMerged(ArrayRef<MemAccess> Accesses, ArrayRef<Range> Ranges,
                ArrayRef<unsigned> Segment, SmallVectorImpl<bool> &Merged,
                SmallVectorImpl<PlannedCheck> &Out, SkipCounts &Counts) {
  DenseMap<std::pair<const Value *, unsigned>, SmallVector<MergeMember, 4>>
      Groups;
  for (unsigned Pos = 0; Pos < Segment.size(); ++Pos) {
    unsigned A = Segment[Pos];
    Groups[{Ranges[A].Base, unsigned(Accesses[A].IsWrite)}].push_back({A, Pos});
  }
  for (auto &KV : Groups) {
    SmallVector<MergeMember, 4> &G = KV.second;
    if (G.size() < 2)
      continue;
    llvm::sort(G, [&](const MergeMember &X, const MergeMember &Y) {
      return std::make_pair(Ranges[X.Access].Lo, X.Order) <
             std::make_pair(Ranges[Y.Access].Lo, Y.Order);
    });
    size_t Start = 0;
    while (Start < G.size()) {
      int64_t Lo = Ranges[G[Start].Access].Lo, Hi = Ranges[G[Start].Access].Hi;
      size_t End = Start + 1;
      while (End < G.size()) {
        const Range &R = Ranges[G[End].Access];
        int64_t NewHi = std::max(Hi, R.Hi);
        if (R.Lo > Hi || NewHi - Lo > MaxMergedSpan)
          break;
        Hi = NewHi;
        ++End;
      }
      if (End - Start >= 2) {
        const MergeMember *First = &G[Start];
        for (size_t M = Start; M < End; ++M) {
          Merged[G[M].Access] = true;
          if (G[M].Order < First->Order)
            First = &G[M];
        }
        const MemAccess &Head = Accesses[First->Access];
        // The lowest member's own address is Base + Lo, so its alignment is
        // the alignment of the merged range.
        Align RangeAlign = Accesses[G[Start].Access].Alignment;
        Out.push_back({Head.I, const_cast<Value *>(KV.first.first), Lo,
                       uint64_t(Hi - Lo), nullptr, RangeAlign, Head.IsWrite,
                       false});
        Counts.Merged += End - Start - 1;
      }
      Start = End;
    }
  }
}

} // namespace

bool mayFreeMemory(const Instruction &I) {
  auto *CB = dyn_cast<CallBase>(&I);
  if (!CB)
    return false;
  if (auto *II = dyn_cast<IntrinsicInst>(CB)) {
    if (isa<DbgInfoIntrinsic>(II) || isa<MemIntrinsic>(II) ||
        II->isLifetimeStartOrEnd() || II->getIntrinsicID() == Intrinsic::assume)
      return false;
  }
  return !CB->hasFnAttr(Attribute::NoFree);
}

SmallVector<PlannedCheck, 16> planChecks(Function &F,
                                         ArrayRef<MemAccess> Accesses,
                                         const KasanConfig &Config,
                                         SkipCounts &Counts) {
  const DataLayout &DL = F.getDataLayout();
  size_t N = Accesses.size();
  SmallVector<Range, 16> Ranges;
  for (const MemAccess &A : Accesses)
    Ranges.push_back(rangeOf(A, DL));

  SmallVector<bool, 16> Skip(N, false);
  if (Config.SkipSafe)
    for (size_t I = 0; I < N; ++I)
      if (isProvablySafe(Ranges[I], DL)) {
        Skip[I] = true;
        ++Counts.Safe;
      }
  if (Config.SkipDominated) {
    SmallVector<bool, 16> Dominated(Skip.begin(), Skip.end());
    CheckedRanges(F, Accesses, Ranges).findDominated(Dominated);
    for (size_t I = 0; I < N; ++I)
      if (Dominated[I] && !Skip[I]) {
        Skip[I] = true;
        ++Counts.Dominated;
      }
  }

  SmallVector<PlannedCheck, 16> Out;
  SmallVector<bool, 16> Merged(N, false);
  if (Config.MergeAdjacent) {
    DenseMap<const Instruction *, SmallVector<unsigned, 2>> AccessesAt;
    for (unsigned I = 0; I < N; ++I)
      if (!Skip[I] && Ranges[I].Constant && !Accesses[I].IsRange)
        AccessesAt[Accesses[I].I].push_back(I);
    for (BasicBlock &BB : F) {
      SmallVector<unsigned, 8> Segment;
      for (Instruction &I : BB) {
        auto It = AccessesAt.find(&I);
        if (It != AccessesAt.end())
          Segment.append(It->second.begin(), It->second.end());
        if (endsMergeSegment(I)) {
          planMerged(Accesses, Ranges, Segment, Merged, Out, Counts);
          Segment.clear();
        }
      }
      planMerged(Accesses, Ranges, Segment, Merged, Out, Counts);
    }
  }

  for (size_t I = 0; I < N; ++I) {
    if (Skip[I] || Merged[I])
      continue;
    const MemAccess &A = Accesses[I];
    Out.push_back(
        {A.I, A.Addr, 0, A.Size, A.DynSize, A.Alignment, A.IsWrite, A.IsRange});
  }
  return Out;
}

} // namespace kmemsan
