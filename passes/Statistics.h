//===- Statistics.h - the pass's counters under -stats --------------------===//
//
// A release build of LLVM (Debian's) compiles STATISTIC into a no-op and
// answers -stats with "Statistics are disabled", yet the benchmark needs the
// number of checks the pass inserts. The passes keep TrackingStatistic
// counters, and a StatisticsAtExit prints them, in LLVM's format, at exit
// when -stats was given.
//
//===----------------------------------------------------------------------===//
#ifndef KMEMSAN_PASSES_STATISTICS_H
#define KMEMSAN_PASSES_STATISTICS_H

#include "llvm/ADT/Statistic.h"

#include <initializer_list>
#include <vector>

namespace kmemsan {

class StatisticsAtExit {
public:
  /// Define it after the statistics it prints, in the same file, so that it
  /// is destroyed (and prints) before them.
  StatisticsAtExit(const char *Title,
                   std::initializer_list<const llvm::TrackingStatistic *> All)
      : Title(Title), All(All) {}
  ~StatisticsAtExit();

  /// Called on every run of the pass: checks whether -stats was given.
  void noteRun();

private:
  const char *Title;
  std::vector<const llvm::TrackingStatistic *> All;
  bool Requested = false;
};

} // namespace kmemsan

#endif
