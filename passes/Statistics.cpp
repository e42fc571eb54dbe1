//===- Statistics.cpp - the pass's counters under -stats ------------------===//
#include "Statistics.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

using namespace llvm;

namespace kmemsan {

void StatisticsAtExit::noteRun() {
#if !LLVM_ENABLE_STATS
  if (Requested)
    return;
  const cl::Option *Stats = cl::getRegisteredOptions().lookup("stats");
  Requested = Stats && Stats->getNumOccurrences() > 0;
#endif
}

StatisticsAtExit::~StatisticsAtExit() {
  if (!Requested)
    return;
  raw_ostream &OS = errs();
  OS << "===" << std::string(73, '-') << "===\n"
     << "                 ... " << Title << " ...\n"
     << "===" << std::string(73, '-') << "===\n\n";
  for (const TrackingStatistic *S : All)
    OS << format("%8u %s - %s\n", S->getValue(), S->getDebugType(),
                 S->getDesc());
  OS << '\n';
  OS.flush();
}

} // namespace kmemsan
