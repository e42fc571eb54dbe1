//===- AccessCollection.h - which memory accesses KASan checks ------------===//
//
// The policy half of the pass: which functions are instrumented at all and
// which of their instructions touch memory that a check must cover. How a
// check is emitted is CheckEmitter's business; which checks are redundant is
// RedundantChecks'.
//
//===----------------------------------------------------------------------===//
#ifndef KMEMSAN_PASSES_ACCESSCOLLECTION_H
#define KMEMSAN_PASSES_ACCESSCOLLECTION_H

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Instruction.h"
#include "llvm/Support/Alignment.h"
#include "llvm/Support/SpecialCaseList.h"

#include <cstdint>

namespace kmemsan {

/// One memory range an instruction reads or writes; the check goes right
/// before the instruction.
struct MemAccess {
  llvm::Instruction *I;
  llvm::Value *Addr;
  uint64_t Size;         ///< bytes; 0 when DynSize holds the length
  llvm::Value *DynSize;  ///< length of a memory intrinsic, if not constant
  llvm::Align Alignment; ///< known alignment of Addr
  bool IsWrite;
  bool IsRange; ///< memory intrinsic: always a sized range check
};

/// Functions and global variables that must stay uninstrumented: the ones
/// annotated "kmemsan_no_sanitize" in @llvm.global.annotations (the frontend
/// plugin turns no_sanitize("kernel-address") into that annotation).
llvm::SmallPtrSet<const llvm::GlobalValue *, 8>
annotatedNoSanitize(const llvm::Module &M);

/// True if F gets no KASan instrumentation: declarations, naked and
/// disable_sanitizer_instrumentation functions, annotated ones (NoSanitize)
/// and those the ignore list names by function or by source file.
bool isExemptFunction(
    const llvm::Function &F,
    const llvm::SmallPtrSetImpl<const llvm::GlobalValue *> &NoSanitize,
    const llvm::SpecialCaseList *IgnoreList);

/// True if global variable G must get no redzone: annotated, or named by
/// the ignore list (global: or src:).
bool isExemptGlobal(
    const llvm::GlobalVariable &G,
    const llvm::SmallPtrSetImpl<const llvm::GlobalValue *> &NoSanitize,
    const llvm::SpecialCaseList *IgnoreList);

/// Gives every function that KASan will instrument the sanitize_address
/// attribute, as clang does under -fsanitize: the optimizer then stops
/// speculating loads past what the program reads, and the inliner stops
/// mixing instrumented and exempt code. Run at the start of the pipeline.
/// Returns true if changed.
bool markInstrumentedFunctions(llvm::Module &M);

/// Appends the accesses of F that need a check, in program order per block,
/// skipping what can never be checked (other address spaces, swifterror,
/// shadow and profile counters, the pass's own !nosanitize code).
void collectAccesses(llvm::Function &F, uint64_t ShadowOffset,
                     llvm::SmallVectorImpl<MemAccess> &Out);

} // namespace kmemsan

#endif
