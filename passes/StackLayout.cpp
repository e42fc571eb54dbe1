//===- StackLayout.cpp - where a frame's variables and redzones go --------===//
#include "StackLayout.h"

#include "llvm/Support/MathExtras.h"

#include <algorithm>

using namespace llvm;

namespace kmemsan {

uint64_t stackRedzoneAfter(uint64_t Size) {
  return std::clamp<uint64_t>(Size / 4, 16, 256);
}

StackFrame layoutStackFrame(MutableArrayRef<StackVariable> Vars) {
  StackFrame Frame;
  // Offsets are multiples of 32 from the frame's base, which needs no more
  // alignment than its variables': a 32-byte base would make each frame
  // realign the stack, and the gap that leaves is never written, so stale
  // pointers from dead frames survive there (and KLSan's trace sees them).
  Frame.Align = StackFrameAlign;
  for (const StackVariable &V : Vars)
    Frame.Align = std::max(Frame.Align, V.Align);

  uint64_t Offset = StackRedzoneGranule; // the left redzone
  for (StackVariable &V : Vars) {
    V.Offset = alignTo(Offset, std::max(StackRedzoneGranule, V.Align));
    Offset = alignTo(V.Offset + V.Size + stackRedzoneAfter(V.Size),
                     StackRedzoneGranule);
  }
  Frame.Size = Offset;

  // Everything between the variables is mid redzone, except the left
  // redzone before the first and the right redzone after the last.
  Frame.Shadow.assign(Frame.Size / 8, StackMidMagic);
  std::fill_n(Frame.Shadow.begin(), StackRedzoneGranule / 8, StackLeftMagic);
  if (!Vars.empty()) {
    const StackVariable &Last = Vars.back();
    for (uint64_t I = alignTo(Last.Offset + Last.Size, 8) / 8;
         I < Frame.Shadow.size(); ++I)
      Frame.Shadow[I] = StackRightMagic;
  }
  for (const StackVariable &V : Vars) {
    uint64_t Granule = V.Offset / 8;
    for (uint64_t I = 0; I < V.Size / 8; ++I)
      Frame.Shadow[Granule + I] = 0;
    if (V.Size % 8)
      Frame.Shadow[Granule + V.Size / 8] = V.Size % 8;
  }

  Frame.Description = std::to_string(Vars.size());
  for (const StackVariable &V : Vars)
    Frame.Description += " " + std::to_string(V.Offset) + " " +
                         std::to_string(V.Size) + " " +
                         std::to_string(V.Name.size()) + " " + V.Name;
  return Frame;
}

} // namespace kmemsan
