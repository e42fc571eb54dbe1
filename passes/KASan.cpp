//===- KASan.cpp - the KASan module pass ----------------------------------===//
//
// Per function: collect the accesses (AccessCollection), drop the redundant
// ones (RedundantChecks), emit the rest (CheckEmitter), then let the stack
// instrumentation rewrite the allocas. The order matters: the provably-safe
// rule judges allocas before they move into a redzoned frame.
//
//===----------------------------------------------------------------------===//
#include "KASan.h"
#include "AccessCollection.h"
#include "CheckEmitter.h"
#include "MemIntrinsics.h"
#include "Options.h"
#include "RedundantChecks.h"
#include "Statistics.h"

#include "llvm/ADT/Statistic.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

using namespace llvm;

#define DEBUG_TYPE "kmemsan"

// TrackingStatistic rather than STATISTIC: release builds of LLVM (Debian's)
// turn STATISTIC into a no-op, and the benchmark reads these counts.
static TrackingStatistic NumChecks(DEBUG_TYPE, "NumChecks",
                                   "KASan checks inserted");
static TrackingStatistic
    NumMemCalls(DEBUG_TYPE, "NumMemCalls",
                "memcpy/memmove/memset turned into checked runtime calls");
static TrackingStatistic NumInlineChecks(DEBUG_TYPE, "NumInlineChecks",
                                         "KASan checks emitted inline");
static TrackingStatistic NumAccesses(DEBUG_TYPE, "NumAccesses",
                                     "Memory accesses considered for checks");
static TrackingStatistic NumSkippedDominated(
    DEBUG_TYPE, "NumSkippedDominated",
    "Checks left out: address already checked on every path");
static TrackingStatistic
    NumMerged(DEBUG_TYPE, "NumMerged",
              "Checks left out: folded into an adjacent access's range check");
static TrackingStatistic NumSkippedSafe(
    DEBUG_TYPE, "NumSkippedSafe",
    "Checks left out: access provably inside a global or alloca");

namespace kmemsan {
namespace {

// Declared after the statistics: destroyed (and so printed) before them.
StatisticsAtExit StatsPrinter("kmemsan Statistics Collected",
                              {&NumAccesses, &NumChecks, &NumInlineChecks,
                               &NumMemCalls, &NumSkippedSafe,
                               &NumSkippedDominated, &NumMerged});

bool instrumentAccesses(Function &F, const KasanConfig &Config) {
  unsigned MemCalls = lowerMemIntrinsics(F, Config);
  NumMemCalls += MemCalls;
  SmallVector<MemAccess, 32> Accesses;
  collectAccesses(F, Config.ShadowOffset, Accesses);
  NumAccesses += Accesses.size();
  if (Accesses.empty())
    return MemCalls != 0;
  SkipCounts Skipped;
  SmallVector<PlannedCheck, 16> Checks =
      planChecks(F, Accesses, Config, Skipped);
  NumSkippedSafe += Skipped.Safe;
  NumSkippedDominated += Skipped.Dominated;
  NumMerged += Skipped.Merged;

  // Like CONFIG_KASAN_INLINE's call threshold: a huge function would grow
  // too much with inline tests, so it gets calls.
  bool UseCalls = !Config.Inline || Checks.size() > Config.CallThreshold;
  CheckEmitter Emitter(*F.getParent(), Config);
  for (const PlannedCheck &C : Checks)
    Emitter.emit(C, UseCalls);
  NumChecks += Checks.size();
  if (!UseCalls)
    NumInlineChecks += Checks.size();
  return MemCalls != 0 || !Checks.empty();
}

/// KASanGlobals leaves alone what carries NoAddress sanitizer metadata (as
/// clang marks no_sanitize("address") globals under -fsanitize); the ignore
/// list and the annotations are applied here, in one place.
bool markExemptGlobals(Module &M,
                       const SmallPtrSetImpl<const GlobalValue *> &NoSanitize,
                       const SpecialCaseList *IgnoreList) {
  bool Changed = false;
  for (GlobalVariable &G : M.globals()) {
    if (!isExemptGlobal(G, NoSanitize, IgnoreList))
      continue;
    GlobalValue::SanitizerMetadata MD;
    if (G.hasSanitizerMetadata())
      MD = G.getSanitizerMetadata();
    if (!MD.NoAddress) {
      MD.NoAddress = true;
      G.setSanitizerMetadata(MD);
      Changed = true;
    }
  }
  return Changed;
}

} // namespace

PreservedAnalyses KasanPass::run(Module &M, ModuleAnalysisManager &MAM) {
  std::string Error;
  const SpecialCaseList *IgnoreList = kasanIgnoreList(Error);
  if (!IgnoreList) {
    // A diagnostic, not report_fatal_error: clang prints it as an error and
    // exits cleanly.
    M.getContext().emitError("kmemsan: " + Error);
    return PreservedAnalyses::all();
  }
  StatsPrinter.noteRun();
  KasanConfig Config = kasanConfigFor(M);
  SmallPtrSet<const GlobalValue *, 8> NoSanitize = annotatedNoSanitize(M);

  // Snapshot: the stack and globals instrumentation may add functions.
  SmallVector<Function *, 32> Work;
  for (Function &F : M)
    if (!isExemptFunction(F, NoSanitize, IgnoreList))
      Work.push_back(&F);

  bool Changed = false;
  for (Function *F : Work) {
    Changed |= instrumentAccesses(*F, Config);
    Changed |= instrumentStack(*F, Config);
  }
  if (Config.Globals) {
    Changed |= markExemptGlobals(M, NoSanitize, IgnoreList);
    Changed |= instrumentGlobals(M, Config);
  }
  return Changed ? PreservedAnalyses::none() : PreservedAnalyses::all();
}

} // namespace kmemsan
