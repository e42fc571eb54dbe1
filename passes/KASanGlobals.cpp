//===- KASanGlobals.cpp - global redzones and __asan_register_globals -----===//
//
// Every instrumentable global G of type T is replaced by a global of type
// { T, [RZ x i8] } with the same name, linkage and attributes. Its first field
// is G (at offset 0, so with opaque pointers every use of G simply becomes a
// use of the new global); the array is the right redzone. A module
// constructor registers one descriptor per global with
// __asan_register_globals, and the runtime poisons [beg+size,
// beg+size_with_redzone) with 0xF9.
//
// The descriptor is the Linux 6.1 `struct kasan_global` (clang ASan ABI
// version 8): eight pointer-sized words
//   { beg, size, size_with_redzone, name, module_name, has_dynamic_init,
//     source_location, odr_indicator }.
//
// Ignore lists: the pass core owns them. It keeps a global out of this file's
// reach by giving it sanitizer metadata with NoAddress set (what clang does
// for no_sanitize("address") globals under -fsanitize), before calling
// instrumentGlobals.
//
//===----------------------------------------------------------------------===//
#include "KASan.h"
#include "RuntimeABI.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/GlobalAlias.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Metadata.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

#include <algorithm>

using namespace llvm;

namespace kmemsan {
namespace {

/// Every redzone ends on this boundary, and every instrumented global is at
/// least this aligned, so its redzone covers whole shadow bytes.
constexpr uint64_t GlobalRedzoneGranule = 32;
/// Objects bigger than this are left alone (they would not fit the shadow of
/// any address space we run in anyway, and Size + RZ must not overflow).
constexpr uint64_t MaxGlobalSize = 1ULL << 40;
/// Alignments above a page are kernel tricks (page tables, stacks) that a
/// padded object must not disturb.
constexpr uint64_t MaxGlobalAlign = 4096;
/// Marks a global this file already gave a redzone, so a second run of the
/// pass leaves it alone.
constexpr const char *InstrumentedMDKind = "kmemsan.redzone";
/// The priority of the registration constructor: as early as possible, like
/// upstream ASan's, so other constructors already see poisoned redzones.
constexpr int RegisterPriority = 1;

/// The right redzone of an object of SIZE bytes: the padding to the next
/// multiple of 32, plus an extra that grows with the object (SIZE/16, so that
/// a large array's overrun by a row or a stride still lands in it) and stays
/// within [32 bytes, 16 KiB]. Size + redzone is thus a multiple of 32 and the
/// redzone is at least 32 bytes.
uint64_t rightRedzoneSize(uint64_t Size) {
  uint64_t Extra = alignDown(Size / 16, GlobalRedzoneGranule);
  Extra = std::clamp<uint64_t>(Extra, GlobalRedzoneGranule, 16 * 1024);
  return Extra + (alignTo(Size, GlobalRedzoneGranule) - Size);
}

bool hasNoAddressMetadata(const GlobalVariable &G) {
  return G.hasSanitizerMetadata() && G.getSanitizerMetadata().NoAddress;
}

/// Keeps a global this pass created out of every later instrumentation.
void markNotInstrumentable(GlobalVariable &G) {
  GlobalValue::SanitizerMetadata MD;
  MD.NoAddress = true;
  G.setSanitizerMetadata(MD);
}

bool isInstrumentable(const GlobalVariable &G, const DataLayout &DL) {
  // Only definitions this module owns for certain: a declaration has no
  // storage here; a weak, common or linkonce definition may be replaced at
  // link time by an uninstrumented copy, and our descriptor would then poison
  // whatever the linker placed after that copy; available_externally is not
  // emitted at all.
  if (G.isDeclaration() || !G.hasInitializer() || !G.hasExactDefinition())
    return false;
  // A comdat group may be discarded by the linker, and the descriptor array
  // (outside the group) would then refer to a discarded section.
  if (G.hasComdat())
    return false;
  // Each thread has its own copy; the descriptor can name only one.
  if (G.isThreadLocal())
    return false;
  // Explicit sections are how the kernel builds tables that it walks from
  // __start_ to __stop_ (initcalls, tracepoints, exception tables, per-cpu
  // data, ...): padding an entry would break the walk. #pragma clang section
  // places a global as well.
  if (G.hasSection() || G.hasImplicitSection())
    return false;
  StringRef Name = G.getName();
  if (Name.starts_with("llvm.") || Name.starts_with("__llvm") ||
      Name.starts_with("__asan") || Name.starts_with("__kmemsan") ||
      Name.starts_with("kmemsan."))
    return false;
  if (G.getAddressSpace() != 0)
    return false;
  if (hasNoAddressMetadata(G) || G.hasMetadata(InstrumentedMDKind))
    return false;
  if (MaybeAlign A = G.getAlign(); A && A->value() > MaxGlobalAlign)
    return false;
  Type *Ty = G.getValueType();
  if (!Ty->isSized() || isa<TargetExtType>(Ty))
    return false;
  TypeSize Size = DL.getTypeAllocSize(Ty);
  if (Size.isScalable() || Size.getFixedValue() == 0 ||
      Size.getFixedValue() > MaxGlobalSize)
    return false;
  return true;
}

/// The name a report shows for G: its IR name, or what upstream ASan shows
/// for compiler-made string literals.
std::string reportedName(const GlobalVariable &G) {
  if (G.hasPrivateLinkage() && G.isConstant() &&
      G.getName().starts_with(".str"))
    return "<string literal>";
  if (!G.hasName())
    return "<unnamed>";
  return G.getName().str();
}

Constant *privateString(Module &M, StringRef Text, const Twine &Name) {
  Constant *Init = ConstantDataArray::getString(M.getContext(), Text);
  auto *G = new GlobalVariable(M, Init->getType(), /*isConstant=*/true,
                               GlobalValue::PrivateLinkage, Init, Name);
  G->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
  G->setAlignment(Align(1));
  markNotInstrumentable(*G);
  return G;
}

struct InstrumentedGlobal {
  GlobalVariable *G; ///< the replacement, with the redzone
  std::string Name;  ///< the name the report shows
  uint64_t Size;
  uint64_t SizeWithRedzone;
  bool DynamicInit;
};

/// Replaces G by { T, [RZ x i8] } and returns what its descriptor needs.
InstrumentedGlobal addRedzone(Module &M, GlobalVariable *G) {
  const DataLayout &DL = M.getDataLayout();
  LLVMContext &Ctx = M.getContext();
  Type *Ty = G->getValueType();
  uint64_t Size = DL.getTypeAllocSize(Ty).getFixedValue();
  uint64_t RZ = rightRedzoneSize(Size);
  auto *RZTy = ArrayType::get(Type::getInt8Ty(Ctx), RZ);
  auto *NewTy = StructType::get(Ctx, {Ty, RZTy});
  Constant *Init = ConstantStruct::get(
      NewTy, {G->getInitializer(), ConstantAggregateZero::get(RZTy)});

  InstrumentedGlobal IG;
  IG.Name = reportedName(*G);
  IG.Size = Size;
  IG.SizeWithRedzone = Size + RZ;
  IG.DynamicInit =
      G->hasSanitizerMetadata() && G->getSanitizerMetadata().IsDynInit;

  auto *NG =
      new GlobalVariable(M, NewTy, G->isConstant(), G->getLinkage(), Init, "",
                         G, G->getThreadLocalMode(), G->getAddressSpace());
  // Visibility, DLL storage, unnamed_addr, externally_initialized,
  // partition, sanitizer metadata and attributes.
  NG->copyAttributesFrom(G);
  NG->setDSOLocal(G->isDSOLocal());
  Align OrigAlign = G->getAlign().value_or(DL.getPreferredAlign(G));
  NG->setAlignment(std::max(OrigAlign, Align(GlobalRedzoneGranule)));
  // !dbg and !type stay valid: the variable still starts at offset 0.
  NG->copyMetadata(G, 0);
  NG->setMetadata(InstrumentedMDKind, MDNode::get(Ctx, {}));
  NG->takeName(G);
  // With opaque pointers the address of field 0 is the new global itself.
  G->replaceAllUsesWith(NG);
  G->eraseFromParent();
  IG.G = NG;
  return IG;
}

/// The descriptor array, in the layout of Linux's struct kasan_global.
GlobalVariable *emitDescriptors(Module &M,
                                ArrayRef<InstrumentedGlobal> Globals) {
  LLVMContext &Ctx = M.getContext();
  const DataLayout &DL = M.getDataLayout();
  Type *PtrTy = PointerType::get(Ctx, 0);
  IntegerType *IntPtrTy = DL.getIntPtrType(Ctx);
  auto *DescTy = StructType::get(Ctx, {PtrTy, IntPtrTy, IntPtrTy, PtrTy, PtrTy,
                                       IntPtrTy, PtrTy, IntPtrTy});

  StringRef ModuleName = M.getSourceFileName();
  if (ModuleName.empty())
    ModuleName = M.getModuleIdentifier();
  Constant *ModuleNameStr =
      privateString(M, ModuleName, "__kmemsan_module_name");

  SmallVector<Constant *, 16> Descs;
  for (const InstrumentedGlobal &IG : Globals) {
    Constant *NameStr = privateString(M, IG.Name, "__kmemsan_global_name");
    // A preemptible global (-fPIC) may resolve to another DSO's copy; the
    // descriptor must name this object's copy, whose redzone we added.
    Constant *Beg = IG.G;
    if (!IG.G->isDSOLocal() && !IG.G->hasLocalLinkage())
      Beg = GlobalAlias::create(GlobalValue::PrivateLinkage,
                                "__kmemsan_local." + IG.G->getName(), IG.G);
    Descs.push_back(ConstantStruct::get(
        DescTy, {Beg, ConstantInt::get(IntPtrTy, IG.Size),
                 ConstantInt::get(IntPtrTy, IG.SizeWithRedzone), NameStr,
                 ModuleNameStr, ConstantInt::get(IntPtrTy, IG.DynamicInit),
                 ConstantPointerNull::get(cast<PointerType>(PtrTy)),
                 ConstantInt::get(IntPtrTy, 0)}));
  }
  auto *ArrTy = ArrayType::get(DescTy, Descs.size());
  // Internal and outside any comdat: it lives exactly as long as this
  // object file's constructor, which is what refers to it. Not constant: the
  // runtime may keep per-global state next to the descriptors.
  auto *Arr = new GlobalVariable(
      M, ArrTy, /*isConstant=*/false, GlobalValue::InternalLinkage,
      ConstantArray::get(ArrTy, Descs), "__kmemsan_globals");
  Arr->setAlignment(DL.getPointerABIAlignment(0));
  markNotInstrumentable(*Arr);
  return Arr;
}

/// An internal void() function that calls RUNTIMEENTRY(Array, Count).
Function *emitRegistrationCall(Module &M, StringRef FnName,
                               StringRef RuntimeEntry, GlobalVariable *Arr,
                               uint64_t Count) {
  Function *Fn = createSanitizerCtor(M, FnName);
  IRBuilder<> IRB(Fn->getEntryBlock().getTerminator());
  IntegerType *IntPtrTy = M.getDataLayout().getIntPtrType(M.getContext());
  IRB.CreateCall(getRuntimeCallee(M, RuntimeEntry),
                 {Arr, ConstantInt::get(IntPtrTy, Count)});
  return Fn;
}

} // namespace

bool instrumentGlobals(Module &M, const KasanConfig &Config) {
  if (!Config.Globals)
    return false;
  const DataLayout &DL = M.getDataLayout();
  // The descriptor words are pointer-sized; only 64-bit targets are tested.
  if (DL.getPointerSizeInBits(0) != 64)
    return false;

  SmallVector<GlobalVariable *, 32> ToInstrument;
  for (GlobalVariable &G : M.globals())
    if (isInstrumentable(G, DL))
      ToInstrument.push_back(&G);
  if (ToInstrument.empty())
    return false;

  SmallVector<InstrumentedGlobal, 32> Done;
  for (GlobalVariable *G : ToInstrument)
    Done.push_back(addRedzone(M, G));

  GlobalVariable *Arr = emitDescriptors(M, Done);
  Function *Ctor = emitRegistrationCall(
      M, "kmemsan.module_ctor", "__asan_register_globals", Arr, Done.size());
  appendToGlobalCtors(M, Ctor, RegisterPriority);
  // Shared objects unload, and then their globals' shadow must stop saying
  // "redzone". The kernel never runs .fini_array (built-in code never
  // unloads and the module loader ignores it), so kernel code gets none.
  if (M.getCodeModel() != CodeModel::Kernel) {
    Function *Dtor =
        emitRegistrationCall(M, "kmemsan.module_dtor",
                             "__asan_unregister_globals", Arr, Done.size());
    appendToGlobalDtors(M, Dtor, RegisterPriority);
  }
  return true;
}

} // namespace kmemsan
