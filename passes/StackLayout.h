//===- StackLayout.h - where a frame's variables and redzones go ----------===//
//
// Pure arithmetic, no IR: given the sizes and alignments of a function's
// stack variables, places them in one frame with redzones and computes the
// frame's shadow bytes and its description string. KASanStack.cpp turns the
// result into IR.
//
// Frame layout (offsets from the frame start, which is 32-byte aligned):
//   [0, 32)            left redzone (0xF1); words 0..2 hold the magic, the
//                      description string and the function's address
//   var_i              at an offset aligned to max(32, its alignment)
//   after var_i        mid redzone (0xF2) up to the next variable
//   after the last     right redzone (0xF3); the frame size is a multiple of 32
//
//===----------------------------------------------------------------------===//
#ifndef KMEMSAN_PASSES_STACKLAYOUT_H
#define KMEMSAN_PASSES_STACKLAYOUT_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>

namespace kmemsan {

/// Shadow values of a stack frame (Linux 6.1 mm/kasan/kasan.h).
constexpr uint8_t StackLeftMagic = 0xF1;
constexpr uint8_t StackMidMagic = 0xF2;
constexpr uint8_t StackRightMagic = 0xF3;
/// Word 0 of every instrumented frame, so a report can find the frame.
constexpr uint64_t StackFrameMagic = 0x41B58AB3;
/// Left redzone size and the granule of every offset in the frame.
constexpr uint64_t StackRedzoneGranule = 32;
/// The least alignment of a frame: the x86-64 ABI's stack alignment.
constexpr uint64_t StackFrameAlign = 16;

struct StackVariable {
  std::string Name;
  uint64_t Size;       ///< bytes, > 0
  uint64_t Align;      ///< bytes, a power of two
  uint64_t Offset = 0; ///< filled in by layoutStackFrame
};

struct StackFrame {
  uint64_t Size = 0;  ///< a multiple of 32
  uint64_t Align = 0; ///< max(16, the variables' alignments)
  /// One shadow byte per 8 frame bytes: 0 accessible, 1..7 a partial
  /// granule, 0xF1/0xF2/0xF3 the redzones.
  llvm::SmallVector<uint8_t, 64> Shadow;
  /// "N off1 size1 len1 name1 off2 ..." as Linux's report parses it.
  std::string Description;
};

/// The redzone after a variable of SIZE bytes grows with it, so that an
/// overrun by a fraction of the object still lands in poisoned memory:
/// SIZE/4 bytes, within [16, 256], before rounding the next offset up to 32.
uint64_t stackRedzoneAfter(uint64_t Size);

/// Assigns Vars[i].Offset (in the given order) and computes the frame.
StackFrame layoutStackFrame(llvm::MutableArrayRef<StackVariable> Vars);

} // namespace kmemsan

#endif
