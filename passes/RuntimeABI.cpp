//===- RuntimeABI.cpp - runtime entry points, from include/kmemsan/abi.def ===//
#include "RuntimeABI.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/Twine.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/Support/ErrorHandling.h"

using namespace llvm;

namespace kmemsan {
namespace {

enum class AbiType { Void, Ptr, UPtr, I32, None };

struct AbiEntry {
  std::string Name;
  AbiType Ret;
  AbiType Args[3];
};

const std::vector<AbiEntry> &abiEntries() {
  static const std::vector<AbiEntry> Entries = [] {
    std::vector<AbiEntry> E;
    using T = AbiType;
#define KMEMSAN_ABI0(NAME, RET)                                                \
  E.push_back({#NAME, T::RET, {T::None, T::None, T::None}});
#define KMEMSAN_ABI1(NAME, RET, A1)                                            \
  E.push_back({#NAME, T::RET, {T::A1, T::None, T::None}});
#define KMEMSAN_ABI2(NAME, RET, A1, A2)                                        \
  E.push_back({#NAME, T::RET, {T::A1, T::A2, T::None}});
#define KMEMSAN_ABI3(NAME, RET, A1, A2, A3)                                    \
  E.push_back({#NAME, T::RET, {T::A1, T::A2, T::A3}});
#define KMEMSAN_ABI_SIZED(SIZE)                                                \
  for (const char *Kind : {"load", "store"}) {                                 \
    std::string Base = std::string("__asan_") + Kind + #SIZE;                  \
    E.push_back({Base, T::Void, {T::UPtr, T::None, T::None}});                 \
    E.push_back({Base + "_noabort", T::Void, {T::UPtr, T::None, T::None}});    \
    E.push_back({std::string("__asan_report_") + Kind + #SIZE + "_noabort",   \
                 T::Void, {T::UPtr, T::None, T::None}});                       \
  }
#include "kmemsan/abi.def"
    return E;
  }();
  return Entries;
}

Type *toLLVM(AbiType T, LLVMContext &Ctx, const DataLayout &DL) {
  switch (T) {
  case AbiType::Void:
    return Type::getVoidTy(Ctx);
  case AbiType::Ptr:
    return PointerType::get(Ctx, 0);
  case AbiType::UPtr:
    return DL.getIntPtrType(Ctx);
  case AbiType::I32:
    return Type::getInt32Ty(Ctx);
  case AbiType::None:
    break;
  }
  llvm_unreachable("no LLVM type for AbiType::None");
}

} // namespace

FunctionType *getRuntimeType(LLVMContext &Ctx, const DataLayout &DL,
                             StringRef Name) {
  for (const AbiEntry &E : abiEntries()) {
    if (E.Name != Name)
      continue;
    SmallVector<Type *, 3> Params;
    for (AbiType A : E.Args)
      if (A != AbiType::None)
        Params.push_back(toLLVM(A, Ctx, DL));
    return FunctionType::get(toLLVM(E.Ret, Ctx, DL), Params, false);
  }
  return nullptr;
}

FunctionCallee getRuntimeCallee(Module &M, StringRef Name) {
  FunctionType *FT = getRuntimeType(M.getContext(), M.getDataLayout(), Name);
  if (!FT)
    report_fatal_error(Twine("kmemsan: '") + Name +
                       "' is not in the runtime ABI (include/kmemsan/abi.def)");
  return M.getOrInsertFunction(Name, FT);
}

} // namespace kmemsan
