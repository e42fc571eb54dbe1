; An address-taken stack slot that can hold a word (8 bytes or more) drops
; what it holds when its lifetime ends: before each llvm.lifetime.end of it,
; the tags of its words are tested and __kmemsan_klsan_scope_exit(slot,
; size) called if one is set. It gets the same before the return too (a
; second exit only finds the tags cleared). Smaller slots get nothing.
; RUN: %opt -passes=kmemsan-klsan -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare void @use(ptr)

define void @scoped(i1 %c) {
; CHECK-LABEL: @scoped(
; CHECK-NEXT: [[BUF:%.*]] = alloca [2 x ptr], align 8
; CHECK-NEXT: [[SMALL:%.*]] = alloca i32, align 4
; CHECK-NEXT: call void @llvm.lifetime.start.p0(i64 16, ptr [[BUF]])
; CHECK-NEXT: call void @use(ptr [[BUF]])
; CHECK-NEXT: call void @use(ptr [[SMALL]])
; CHECK-NEXT: [[A:%.*]] = ptrtoint ptr [[BUF]] to i64
; CHECK-NEXT: [[A8:%.*]] = add i64 [[A]], 8
; CHECK-NEXT: lshr i64 [[A]], 21
; CHECK: lshr i64 [[A8]], 21
; CHECK: call void @__kmemsan_klsan_scope_exit(ptr [[BUF]], i64 16)
; CHECK-NEXT: br label %[[END:[a-z0-9.]+]]
; CHECK: [[END]]:
; CHECK-NEXT: call void @llvm.lifetime.end.p0(i64 16, ptr [[BUF]])
; CHECK-NEXT: ptrtoint ptr [[BUF]] to i64
; CHECK: call void @__kmemsan_klsan_scope_exit(ptr [[BUF]], i64 16)
; CHECK-NOT: @__kmemsan_klsan_scope_exit(ptr [[SMALL]]
; CHECK: ret void
  %buf = alloca [2 x ptr], align 8
  %small = alloca i32, align 4
  call void @llvm.lifetime.start.p0(i64 16, ptr %buf)
  call void @use(ptr %buf)
  call void @use(ptr %small)
  call void @llvm.lifetime.end.p0(i64 16, ptr %buf)
  ret void
}

; A lifetime.end reached through a GEP into the slot ends the whole slot.
define void @through_gep() {
; CHECK-LABEL: @through_gep(
; CHECK: call void @use(
; CHECK: call void @__kmemsan_klsan_scope_exit(ptr [[S:%.*]], i64 24)
; CHECK: call void @llvm.lifetime.end.p0(i64 16, ptr
  %s = alloca { i64, ptr, ptr }, align 8
  %f = getelementptr inbounds i8, ptr %s, i64 8
  call void @llvm.lifetime.start.p0(i64 16, ptr %f)
  call void @use(ptr %f)
  call void @llvm.lifetime.end.p0(i64 16, ptr %f)
  ret void
}

declare void @llvm.lifetime.start.p0(i64, ptr)
declare void @llvm.lifetime.end.p0(i64, ptr)
