//===- RuntimeABI.h - runtime entry points, from include/kmemsan/abi.def -===//
#ifndef KMEMSAN_PASSES_RUNTIMEABI_H
#define KMEMSAN_PASSES_RUNTIMEABI_H

#include "llvm/ADT/StringRef.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/Module.h"

namespace kmemsan {

/// Returns the declaration of runtime entry NAME in M, with the signature
/// that include/kmemsan/abi.def gives it. NAME must be listed there (sized
/// entries such as __asan_load8_noabort included); asking for another name
/// is a programming error and aborts.
llvm::FunctionCallee getRuntimeCallee(llvm::Module &M, llvm::StringRef Name);

/// The function type of runtime entry NAME, or null if the ABI has no NAME.
llvm::FunctionType *getRuntimeType(llvm::LLVMContext &Ctx,
                                   const llvm::DataLayout &DL,
                                   llvm::StringRef Name);

} // namespace kmemsan

#endif
