; The shadow offset: the kernel's 0xdffffc0000000000 when the module uses
; the kernel code model, the hosted 0x7fff8000 otherwise, and whatever
; -kmemsan-shadow-offset says (hex or decimal) when it is given.
; RUN: %opt -passes=kmemsan-kasan -kmemsan-kasan-mode=inline -S %s \
; RUN:   | FileCheck %s --check-prefix=KERNEL
; RUN: sed -e '/Code Model/d' -e '/llvm.module.flags/d' %s \
; RUN:   | %opt -passes=kmemsan-kasan -kmemsan-kasan-mode=inline -S \
; RUN:   | FileCheck %s --check-prefix=HOSTED
; RUN: %opt -passes=kmemsan-kasan -kmemsan-kasan-mode=inline \
; RUN:   -kmemsan-shadow-offset=0x100000 -S %s | FileCheck %s --check-prefix=HEX
; RUN: %opt -passes=kmemsan-kasan -kmemsan-kasan-mode=inline \
; RUN:   -kmemsan-shadow-offset=4096 -S %s | FileCheck %s --check-prefix=DEC

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

define i64 @load8(ptr %p) {
; 0xdffffc0000000000 as a signed i64.
; KERNEL: [[S:%.*]] = lshr i64 {{%.*}}, 3
; KERNEL-NEXT: add i64 [[S]], -2305847407260205056
; HOSTED: [[S:%.*]] = lshr i64 {{%.*}}, 3
; HOSTED-NEXT: add i64 [[S]], 2147450880
; HEX: [[S:%.*]] = lshr i64 {{%.*}}, 3
; HEX-NEXT: add i64 [[S]], 1048576
; DEC: [[S:%.*]] = lshr i64 {{%.*}}, 3
; DEC-NEXT: add i64 [[S]], 4096
  %v = load i64, ptr %p, align 8
  ret i64 %v
}

; Code model 2 is CodeModel::Kernel (what clang -mcmodel=kernel records).
!llvm.module.flags = !{!0}
!0 = !{i32 1, !"Code Model", i32 2}
