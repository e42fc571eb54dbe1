; -kmemsan-klsan-layout=kernel: the tag lookup walks the kernel's radix tree
; rooted at the global __kmemsan_klsan_root: bits 30..46 of the address pick
; the root entry, bits 21..29 the next table's, bits 12..20 the last table's,
; and bits 3..11 the tag in the 4 KiB tag page. A zero at any level means
; "no tag": the store does not call the runtime for its old reference.
; RUN: %opt -passes=kmemsan-klsan -kmemsan-klsan-layout=kernel -S %s \
; RUN:   | FileCheck %s
; RUN: not %opt -passes=kmemsan-klsan -kmemsan-klsan-layout=flat -S %s 2>&1 \
; RUN:   | FileCheck %s --check-prefix=BAD
; BAD: Cannot find option named 'flat'

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

; The kernel and its modules are built without PIC: the runtime's globals are
; dso_local, so that no GOT-relative relocation reaches the module loader.
; CHECK: @__kmemsan_klsan_root = external dso_local global i64

define void @f(ptr %p, i32 %v) {
; CHECK-LABEL: @f(
; CHECK: [[A:%.*]] = ptrtoint ptr %p to i64
; CHECK-NEXT: [[I0:%.*]] = lshr i64 [[A]], 30
; CHECK-NEXT: [[M0:%.*]] = and i64 [[I0]], 131071
; CHECK-NEXT: [[O0:%.*]] = shl i64 [[M0]], 3
; CHECK-NEXT: [[E0:%.*]] = add i64 [[O0]], ptrtoint (ptr @__kmemsan_klsan_root to i64)
; CHECK-NEXT: [[P0:%.*]] = inttoptr i64 [[E0]] to ptr
; CHECK-NEXT: [[T1:%.*]] = load i64, ptr [[P0]], align 8
; CHECK-NEXT: icmp eq i64 [[T1]], 0
; CHECK: [[I1:%.*]] = lshr i64 [[A]], 21
; CHECK-NEXT: [[M1:%.*]] = and i64 [[I1]], 511
; CHECK-NEXT: [[O1:%.*]] = shl i64 [[M1]], 3
; CHECK-NEXT: [[E1:%.*]] = add i64 [[O1]], [[T1]]
; CHECK-NEXT: [[P1:%.*]] = inttoptr i64 [[E1]] to ptr
; CHECK-NEXT: [[T2:%.*]] = load i64, ptr [[P1]], align 8
; CHECK-NEXT: icmp eq i64 [[T2]], 0
; CHECK: [[I2:%.*]] = lshr i64 [[A]], 12
; CHECK-NEXT: [[M2:%.*]] = and i64 [[I2]], 511
; CHECK-NEXT: [[O2:%.*]] = shl i64 [[M2]], 3
; CHECK-NEXT: [[E2:%.*]] = add i64 [[O2]], [[T2]]
; CHECK-NEXT: [[P2:%.*]] = inttoptr i64 [[E2]] to ptr
; CHECK-NEXT: [[PG:%.*]] = load i64, ptr [[P2]], align 8
; CHECK-NEXT: icmp eq i64 [[PG]], 0
; CHECK: [[W:%.*]] = and i64 [[A]], 4088
; CHECK-NEXT: [[TA:%.*]] = add i64 [[PG]], [[W]]
; CHECK-NEXT: [[TP:%.*]] = inttoptr i64 [[TA]] to ptr
; CHECK-NEXT: [[TAG:%.*]] = load i64, ptr [[TP]], align 8
; CHECK-NEXT: icmp ne i64 [[TAG]], 0
; CHECK: call void @__kmemsan_klsan_clobber(ptr %p, i64 4)
; CHECK-NOT: 87960930222080
  store i32 %v, ptr %p, align 4
  ret void
}
