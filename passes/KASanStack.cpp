//===- KASanStack.cpp - stack frames with redzones and dynamic allocas ----===//
//
// Static allocas (fixed size, entry block) that can be accessed out of
// bounds (the ones mem2reg could not promote) move into one frame alloca
// laid out by StackLayout.cpp. At function entry the frame's header words
// are written and its shadow is poisoned with inline stores; before every
// way out of the function (ret, resume, musttail call, noreturn call) the
// shadow is cleared again.
//
// Dynamic allocas (VLAs, alloca(), and fixed-size allocas outside the entry
// block) grow by a 32-byte left redzone and a right redzone and are poisoned
// by __asan_alloca_poison; __asan_allocas_unpoison clears them before each
// return and each llvm.stackrestore.
//
// Functions are skipped whole when moving their allocas could change what
// they mean: setjmp-like (returns_twice) callers, whose frame must look the
// same after the second return; funclet EH, llvm.localescape, unsplit
// coroutines and GC-managed functions, whose allocas other code finds by
// identity.
//
//===----------------------------------------------------------------------===//
#include "KASan.h"
#include "RuntimeABI.h"
#include "StackLayout.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DIBuilder.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/DebugProgramInstruction.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Transforms/Utils/Local.h"
#include "llvm/Transforms/Utils/PromoteMemToReg.h"

using namespace llvm;

namespace kmemsan {
namespace {

/// A variable bigger than this stays out of the frame: poisoning and
/// clearing it with inline stores would cost more code than it is worth.
constexpr uint64_t MaxFrameVariableSize = 64 * 1024;
/// Variables stop joining the frame once it holds this much, which keeps
/// every frame offset far inside the int that debug info offsets use.
constexpr uint64_t MaxFrameVariablesTotal = 1024 * 1024;

bool isLifetimeMarker(const User *U) {
  if (const auto *II = dyn_cast<IntrinsicInst>(U))
    return II->isLifetimeStartOrEnd();
  return false;
}

/// Calls to the runtime itself must not get a __asan_handle_no_return.
bool isRuntimeCall(const CallBase &CB) {
  const Function *Callee = CB.getCalledFunction();
  return Callee && (Callee->getName().starts_with("__asan_") ||
                    Callee->getName().starts_with("__kmemsan"));
}

/// The source variable an alloca holds, from its dbg.declare or (under
/// assignment tracking) its dbg.assign records; null without debug info.
DILocalVariable *sourceVariable(AllocaInst &AI) {
  for (DbgVariableRecord *DVR : findDVRDeclares(&AI))
    return DVR->getVariable();
  for (DbgDeclareInst *DDI : findDbgDeclares(&AI))
    return DDI->getVariable();
  for (DbgVariableRecord *DVR : at::getDVRAssignmentMarkers(&AI))
    return DVR->getVariable();
  for (DbgAssignIntrinsic *DAI : at::getAssignmentMarkers(&AI))
    return DAI->getVariable();
  return nullptr;
}

/// The name the frame description gives a variable: the source name and
/// line when debug info has them ("buf:12", which Linux's report parser
/// accepts), else the IR name (clang drops these in release builds), else
/// "var.N". Fields are separated by spaces, so a name has none.
std::string descriptionName(AllocaInst &AI, unsigned Index) {
  std::string Name;
  if (DILocalVariable *Var = sourceVariable(AI);
      Var && !Var->getName().empty()) {
    Name = Var->getName().str();
    if (Var->getLine())
      Name += ":" + std::to_string(Var->getLine());
  } else if (AI.hasName()) {
    Name = AI.getName().str();
  } else {
    Name = "var." + std::to_string(Index);
  }
  for (char &C : Name)
    if (C == ' ' || C == '\t' || C == '\n')
      C = '_';
  return Name;
}

/// Assignment tracking describes a variable by dbg.assign records whose
/// address is its alloca. This index finds them per alloca, in one walk of
/// the function.
class AssignmentMarkers {
public:
  void note(Instruction &I) {
    for (DbgVariableRecord &DVR : filterDbgVars(I.getDbgRecordRange()))
      if (DVR.isDbgAssign())
        if (auto *AI = dyn_cast_or_null<AllocaInst>(DVR.getAddress()))
          Index[AI].Records.push_back(&DVR);
    if (auto *DAI = dyn_cast<DbgAssignIntrinsic>(&I))
      if (auto *AI = dyn_cast_or_null<AllocaInst>(DAI->getAddress()))
        Index[AI].Intrinsics.push_back(DAI);
  }

  /// A frame slot is not an alloca of its own, so AI's records become one
  /// dbg.declare of BASE+OFFSET (the variable lives in memory, as at -O0),
  /// inserted before INSERTBEFORE; the records go.
  void convertToDeclares(AllocaInst *AI, Value *Base, int64_t Offset,
                         DIBuilder &DIB, Instruction *InsertBefore) {
    auto It = Index.find(AI);
    if (It == Index.end())
      return;
    SmallVector<std::pair<DILocalVariable *, DIExpression *>, 4> Declared;
    auto Declare = [&](DILocalVariable *Var, DIExpression *AddrExpr,
                       DIExpression *ValueExpr, const DILocation *Loc) {
      DIExpression *Expr =
          DIExpression::prepend(AddrExpr, DIExpression::ApplyOffset, Offset);
      if (auto Frag = ValueExpr->getFragmentInfo()) {
        std::optional<DIExpression *> WithFrag =
            DIExpression::createFragmentExpression(Expr, Frag->OffsetInBits,
                                                   Frag->SizeInBits);
        if (!WithFrag)
          return;
        Expr = *WithFrag;
      }
      if (is_contained(Declared, std::make_pair(Var, Expr)))
        return;
      Declared.push_back({Var, Expr});
      DIB.insertDeclare(Base, Var, Expr, Loc, InsertBefore);
    };
    for (DbgVariableRecord *DVR : It->second.Records) {
      Declare(DVR->getVariable(), DVR->getAddressExpression(),
              DVR->getExpression(), DVR->getDebugLoc().get());
      DVR->eraseFromParent();
    }
    for (DbgAssignIntrinsic *DAI : It->second.Intrinsics) {
      Declare(DAI->getVariable(), DAI->getAddressExpression(),
              DAI->getExpression(), DAI->getDebugLoc().get());
      DAI->eraseFromParent();
    }
    Index.erase(It);
  }

private:
  struct Markers {
    SmallVector<DbgVariableRecord *, 2> Records;
    SmallVector<DbgAssignIntrinsic *, 2> Intrinsics;
  };
  DenseMap<AllocaInst *, Markers> Index;
};

class FunctionStackPoisoner {
public:
  FunctionStackPoisoner(Function &F, const KasanConfig &Config)
      : F(F), M(*F.getParent()), DL(M.getDataLayout()), Ctx(F.getContext()),
        Config(Config), IntPtrTy(DL.getIntPtrType(Ctx)),
        PtrTy(PointerType::get(Ctx, 0)) {}

  bool run();

private:
  bool isSupportedFunction() const;
  bool isCandidateAlloca(const AllocaInst &AI) const;
  std::optional<uint64_t> staticAllocaSize(const AllocaInst &AI) const;
  void collect();
  BasicBlock::iterator entryInsertPoint() const;

  void buildFrame();
  Value *shadowOf(IRBuilder<> &IRB, Value *Addr) const;
  void storeShadow(IRBuilder<> &IRB, ArrayRef<uint8_t> Bytes,
                   bool ZeroAll) const;
  void eraseLifetimeMarkers(AllocaInst *AI) const;

  void instrumentDynamicAllocas();
  void rewriteDynamicAlloca(AllocaInst *AI, Value *LowestSlot);

  void markNoSanitize(Instruction *I) const {
    I->setMetadata(LLVMContext::MD_nosanitize, MDNode::get(Ctx, {}));
  }

  Function &F;
  Module &M;
  const DataLayout &DL;
  LLVMContext &Ctx;
  const KasanConfig &Config;
  IntegerType *IntPtrTy;
  PointerType *PtrTy;

  SmallVector<AllocaInst *, 16> StaticAllocas;
  uint64_t FrameVariablesTotal = 0;
  SmallVector<AllocaInst *, 4> DynamicAllocas;
  /// Where the function's frame ends: before each ret/resume, or before the
  /// musttail call that precedes a ret.
  SmallVector<Instruction *, 8> Exits;
  SmallVector<CallBase *, 4> NoReturnCalls;
  SmallVector<IntrinsicInst *, 4> StackRestores;
  AssignmentMarkers Assignments;

  AllocaInst *Frame = nullptr;
  SmallVector<uint8_t, 64> FrameShadow;
};

bool FunctionStackPoisoner::isSupportedFunction() const {
  if (F.isDeclaration() || F.hasFnAttribute(Attribute::Naked) ||
      F.hasFnAttribute(Attribute::DisableSanitizerInstrumentation) ||
      F.hasFnAttribute(Attribute::PresplitCoroutine) || F.hasGC())
    return false;
  // The frame header words and the dynamic-area arithmetic are 64-bit.
  if (DL.getPointerSizeInBits(0) != 64 || DL.getAllocaAddrSpace() != 0)
    return false;
  for (const Instruction &I : instructions(F)) {
    if (I.isEHPad() && !isa<LandingPadInst>(I))
      return false; // funclet EH: cleanupret/catchret paths are not modelled
    const auto *CB = dyn_cast<CallBase>(&I);
    if (!CB)
      continue;
    if (CB->hasFnAttr(Attribute::ReturnsTwice))
      return false;
    if (const auto *II = dyn_cast<IntrinsicInst>(CB))
      if (II->getIntrinsicID() == Intrinsic::localescape)
        return false;
  }
  return true;
}

bool FunctionStackPoisoner::isCandidateAlloca(const AllocaInst &AI) const {
  if (AI.isSwiftError() || AI.isUsedWithInAlloca() ||
      AI.getMetadata(LLVMContext::MD_nosanitize) || AI.getAddressSpace() != 0)
    return false;
  Type *Ty = AI.getAllocatedType();
  if (!Ty->isSized() || isa<TargetExtType>(Ty) ||
      DL.getTypeAllocSize(Ty).isScalable())
    return false;
  // An alloca only lifetime markers use is dead; nothing can overrun it.
  return !all_of(AI.users(), [](const User *U) {
    return isLifetimeMarker(U) || isa<DbgInfoIntrinsic>(U);
  });
}

std::optional<uint64_t>
FunctionStackPoisoner::staticAllocaSize(const AllocaInst &AI) const {
  std::optional<TypeSize> Size = AI.getAllocationSize(DL);
  if (!Size || Size->isScalable())
    return std::nullopt;
  return Size->getFixedValue();
}

void FunctionStackPoisoner::collect() {
  for (BasicBlock &BB : F) {
    for (Instruction &I : BB) {
      Assignments.note(I);
      if (auto *AI = dyn_cast<AllocaInst>(&I)) {
        if (!isCandidateAlloca(*AI))
          continue;
        if (!AI->isStaticAlloca()) {
          DynamicAllocas.push_back(AI);
          continue;
        }
        std::optional<uint64_t> Size = staticAllocaSize(*AI);
        // Promotable allocas are only ever loaded and stored whole: they
        // cannot be overrun, and mem2reg may still turn them into registers.
        if (Size && *Size > 0 && *Size <= MaxFrameVariableSize &&
            FrameVariablesTotal + *Size <= MaxFrameVariablesTotal &&
            !isAllocaPromotable(AI)) {
          StaticAllocas.push_back(AI);
          FrameVariablesTotal += *Size;
        }
        continue;
      }
      if (auto *II = dyn_cast<IntrinsicInst>(&I)) {
        if (II->getIntrinsicID() == Intrinsic::stackrestore)
          StackRestores.push_back(II);
        continue;
      }
      if (auto *CB = dyn_cast<CallBase>(&I))
        if (CB->doesNotReturn() && !isRuntimeCall(*CB))
          NoReturnCalls.push_back(CB);
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

/// After the entry block's leading static allocas, so they stay a
/// contiguous group; but before any dynamic one, which the stack pointer
/// saved at entry must lie above.
BasicBlock::iterator FunctionStackPoisoner::entryInsertPoint() const {
  BasicBlock &Entry = F.getEntryBlock();
  BasicBlock::iterator It = Entry.getFirstInsertionPt();
  while (isa<AllocaInst>(*It) && cast<AllocaInst>(*It).isStaticAlloca())
    ++It;
  // Before the debug records attached there too: they may describe the
  // variables whose addresses this code defines.
  It.setHeadBit(true);
  return It;
}

Value *FunctionStackPoisoner::shadowOf(IRBuilder<> &IRB, Value *Addr) const {
  Value *Int = IRB.CreatePtrToInt(Addr, IntPtrTy);
  Value *Shadow = IRB.CreateAdd(
      IRB.CreateLShr(Int, 3), ConstantInt::get(IntPtrTy, Config.ShadowOffset));
  return IRB.CreateIntToPtr(Shadow, PtrTy, "kmemsan.frame.shadow");
}

/// Writes the frame's shadow (BYTES, or zeros when ZEROALL) with the widest
/// stores that fit: the shadow is a multiple of 4 bytes long.
void FunctionStackPoisoner::storeShadow(IRBuilder<> &IRB,
                                        ArrayRef<uint8_t> Bytes,
                                        bool ZeroAll) const {
  Value *Base = shadowOf(IRB, Frame);
  for (size_t I = 0; I < Bytes.size();) {
    size_t Width = Bytes.size() - I >= 8   ? 8
                   : Bytes.size() - I >= 4 ? 4
                   : Bytes.size() - I >= 2 ? 2
                                           : 1;
    uint64_t Word = 0;
    if (!ZeroAll)
      for (size_t J = 0; J < Width; ++J) {
        size_t Byte = DL.isLittleEndian() ? J : Width - 1 - J;
        Word |= uint64_t(Bytes[I + J]) << (8 * Byte);
      }
    Value *Ptr = IRB.CreateConstInBoundsGEP1_64(IRB.getInt8Ty(), Base, I);
    StoreInst *SI = IRB.CreateAlignedStore(
        ConstantInt::get(IRB.getIntNTy(8 * Width), Word), Ptr, Align(1));
    markNoSanitize(SI);
    I += Width;
  }
}

void FunctionStackPoisoner::eraseLifetimeMarkers(AllocaInst *AI) const {
  SmallVector<Instruction *, 4> Dead;
  for (User *U : AI->users())
    if (isLifetimeMarker(U))
      Dead.push_back(cast<Instruction>(U));
  for (Instruction *I : Dead)
    I->eraseFromParent();
}

void FunctionStackPoisoner::buildFrame() {
  SmallVector<StackVariable, 16> Vars;
  for (AllocaInst *AI : StaticAllocas)
    Vars.push_back({descriptionName(*AI, Vars.size()), *staticAllocaSize(*AI),
                    AI->getAlign().value()});
  StackFrame Layout = layoutStackFrame(Vars);
  FrameShadow = Layout.Shadow;

  IRBuilder<> IRB(&F.getEntryBlock(), entryInsertPoint());
  Frame = IRB.CreateAlloca(ArrayType::get(IRB.getInt8Ty(), Layout.Size),
                           nullptr, "kmemsan.frame");
  Frame->setAlignment(Align(Layout.Align));
  markNoSanitize(Frame);

  // The header a report reads: magic, description, function.
  Constant *DescInit = ConstantDataArray::getString(Ctx, Layout.Description);
  auto *Desc = new GlobalVariable(M, DescInit->getType(), /*isConstant=*/true,
                                  GlobalValue::PrivateLinkage, DescInit,
                                  "__kmemsan_frame_desc." + F.getName());
  Desc->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
  Desc->setAlignment(Align(1));
  GlobalValue::SanitizerMetadata NoAddress;
  NoAddress.NoAddress = true;
  Desc->setSanitizerMetadata(NoAddress);
  Constant *FnAddr = F.getAddressSpace() == 0 ? static_cast<Constant *>(&F)
                                              : ConstantPointerNull::get(PtrTy);
  markNoSanitize(IRB.CreateAlignedStore(
      ConstantInt::get(IntPtrTy, StackFrameMagic), Frame, Align(8)));
  markNoSanitize(IRB.CreateAlignedStore(
      Desc, IRB.CreateConstInBoundsGEP1_64(IRB.getInt8Ty(), Frame, 8),
      Align(8)));
  markNoSanitize(IRB.CreateAlignedStore(
      FnAddr, IRB.CreateConstInBoundsGEP1_64(IRB.getInt8Ty(), Frame, 16),
      Align(8)));
  storeShadow(IRB, FrameShadow, /*ZeroAll=*/false);

  // All addresses first: erasing lifetime markers below may erase the
  // instruction IRB inserts before.
  SmallVector<Value *, 16> VarAddrs;
  for (const StackVariable &V : Vars)
    VarAddrs.push_back(
        IRB.CreateConstInBoundsGEP1_64(IRB.getInt8Ty(), Frame, V.Offset));

  DIBuilder DIB(M, /*AllowUnresolved=*/false);
  for (size_t I = 0; I < StaticAllocas.size(); ++I) {
    AllocaInst *AI = StaticAllocas[I];
    Value *Var = VarAddrs[I];
    Var->takeName(AI);
    // The frame is no longer per-variable allocas: stack colouring must not
    // see per-variable lifetimes on it.
    eraseLifetimeMarkers(AI);
    replaceDbgDeclare(AI, Frame, DIB, DIExpression::ApplyOffset,
                      static_cast<int>(Vars[I].Offset));
    Assignments.convertToDeclares(AI, Frame, Vars[I].Offset, DIB,
                                  cast<Instruction>(Var)->getNextNode());
    AI->replaceAllUsesWith(Var);
    AI->eraseFromParent();
  }
  // Lifetime markers that reached a variable through a cast or GEP.
  SmallVector<IntrinsicInst *, 4> Stale;
  for (Instruction &I : instructions(F))
    if (auto *II = dyn_cast<IntrinsicInst>(&I))
      if (II->isLifetimeStartOrEnd() &&
          getUnderlyingObject(II->getArgOperand(1)) == Frame)
        Stale.push_back(II);
  for (IntrinsicInst *II : Stale)
    II->eraseFromParent();

  for (Instruction *Exit : Exits) {
    IRBuilder<> ExitIRB(Exit);
    storeShadow(ExitIRB, FrameShadow, /*ZeroAll=*/true);
  }
  for (CallBase *CB : NoReturnCalls) {
    IRBuilder<> CallIRB(CB);
    storeShadow(CallIRB, FrameShadow, /*ZeroAll=*/true);
  }
}

void FunctionStackPoisoner::rewriteDynamicAlloca(AllocaInst *AI,
                                                 Value *LowestSlot) {
  IRBuilder<> IRB(AI);
  uint64_t ElemSize =
      DL.getTypeAllocSize(AI->getAllocatedType()).getFixedValue();
  uint64_t Alignment =
      std::max<uint64_t>(StackRedzoneGranule, AI->getAlign().value());
  // size = n * sizeof(T); padding rounds it up to the alignment; the left
  // redzone is one alignment unit (the runtime poisons its top 32 bytes) and
  // the right redzone 32 bytes beyond the padding.
  Value *Count = IRB.CreateIntCast(AI->getArraySize(), IntPtrTy, false);
  Value *Size =
      ElemSize == 1
          ? Count
          : IRB.CreateMul(Count, ConstantInt::get(IntPtrTy, ElemSize));
  Value *Padding = IRB.CreateAnd(IRB.CreateNeg(Size),
                                 ConstantInt::get(IntPtrTy, Alignment - 1));
  Value *NewSize = IRB.CreateAdd(
      IRB.CreateAdd(Size, Padding),
      ConstantInt::get(IntPtrTy, Alignment + StackRedzoneGranule));
  AllocaInst *NewAI = IRB.CreateAlloca(IRB.getInt8Ty(), NewSize);
  NewAI->setAlignment(Align(Alignment));
  markNoSanitize(NewAI);
  Value *User =
      IRB.CreateConstInBoundsGEP1_64(IRB.getInt8Ty(), NewAI, Alignment);
  IRB.CreateCall(getRuntimeCallee(M, "__asan_alloca_poison"),
                 {IRB.CreatePtrToInt(User, IntPtrTy), Size});
  // The stack grows down: the newest dynamic alloca is the lowest.
  markNoSanitize(IRB.CreateStore(NewAI, LowestSlot));

  User->takeName(AI);
  NewAI->setName(User->getName() + ".kmemsan");
  eraseLifetimeMarkers(AI);
  DIBuilder DIB(M, /*AllowUnresolved=*/false);
  replaceDbgDeclare(AI, NewAI, DIB, DIExpression::ApplyOffset,
                    static_cast<int>(Alignment));
  Assignments.convertToDeclares(AI, NewAI, Alignment, DIB,
                                cast<Instruction>(User)->getNextNode());
  AI->replaceAllUsesWith(User);
  AI->eraseFromParent();
}

void FunctionStackPoisoner::instrumentDynamicAllocas() {
  BasicBlock &Entry = F.getEntryBlock();
  // The slot is itself a static alloca; keep it with the others.
  IRBuilder<> AllocaIRB(&Entry, Entry.getFirstInsertionPt());
  AllocaInst *LowestSlot =
      AllocaIRB.CreateAlloca(PtrTy, nullptr, "kmemsan.dynamic.lowest");
  markNoSanitize(LowestSlot);

  IRBuilder<> IRB(&Entry, entryInsertPoint());
  Value *StackAtEntry = IRB.CreateStackSave("kmemsan.stack.entry");
  markNoSanitize(IRB.CreateStore(StackAtEntry, LowestSlot));

  for (AllocaInst *AI : DynamicAllocas)
    rewriteDynamicAlloca(AI, LowestSlot);

  FunctionCallee Unpoison = getRuntimeCallee(M, "__asan_allocas_unpoison");
  auto UnpoisonBefore = [&](Instruction *I, Value *Bottom) {
    IRBuilder<> B(I);
    LoadInst *Lowest = B.CreateLoad(PtrTy, LowestSlot);
    markNoSanitize(Lowest);
    B.CreateCall(Unpoison, {Lowest, Bottom});
  };
  for (Instruction *Exit : Exits)
    UnpoisonBefore(Exit, StackAtEntry);
  // Everything below the restored stack pointer is gone.
  for (IntrinsicInst *SR : StackRestores)
    UnpoisonBefore(SR, SR->getArgOperand(0));
}

bool FunctionStackPoisoner::run() {
  if (!Config.Stack || !isSupportedFunction())
    return false;
  collect();
  if (StaticAllocas.empty() && DynamicAllocas.empty())
    return false;

  if (!StaticAllocas.empty())
    buildFrame();
  if (!DynamicAllocas.empty())
    instrumentDynamicAllocas();

  // A noreturn call leaves this frame (and maybe its callers') behind with
  // poisoned shadow; the runtime clears what lies below it.
  FunctionCallee NoReturn = getRuntimeCallee(M, "__asan_handle_no_return");
  for (CallBase *CB : NoReturnCalls)
    IRBuilder<>(CB).CreateCall(NoReturn, {});
  return true;
}

} // namespace

bool instrumentStack(Function &F, const KasanConfig &Config) {
  return FunctionStackPoisoner(F, Config).run();
}

} // namespace kmemsan
