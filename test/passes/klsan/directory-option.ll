; -kmemsan-klsan-directory sets the address of the tag-shadow directory in
; the inline lookup: entry = directory + (addr >> 21) * 8. The default is
; the hosted runtime's 0x500000000000; a kernel passes its own.
; RUN: %opt -passes=kmemsan-klsan -S %s | FileCheck %s --check-prefix=HOSTED
; RUN: %opt -passes=kmemsan-klsan -kmemsan-klsan-directory=0xffffe80000000000 \
; RUN:   -S %s | FileCheck %s --check-prefix=KERNEL

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

define void @f(ptr %p, i32 %v) {
; HOSTED-LABEL: @f(
; HOSTED: [[A:%.*]] = ptrtoint ptr %p to i64
; HOSTED-NEXT: [[I:%.*]] = lshr i64 [[A]], 21
; HOSTED-NEXT: [[O:%.*]] = shl i64 [[I]], 3
; HOSTED-NEXT: add i64 [[O]], 87960930222080
; KERNEL-LABEL: @f(
; KERNEL: [[A:%.*]] = ptrtoint ptr %p to i64
; KERNEL-NEXT: [[I:%.*]] = lshr i64 [[A]], 21
; KERNEL-NEXT: [[O:%.*]] = shl i64 [[I]], 3
; KERNEL-NEXT: add i64 [[O]], -26388279066624
; KERNEL-NOT: 87960930222080
  store i32 %v, ptr %p, align 4
  ret void
}
