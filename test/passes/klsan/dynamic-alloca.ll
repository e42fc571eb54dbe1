; Dynamic allocas (VLAs, alloca()) lie between the stack pointer at entry
; and the current one: before each return, __kmemsan_klsan_scope_exit(sp,
; entry_sp - sp) drops them all, every instance of one in a loop too.
; Before an llvm.stackrestore, the same for what lies below the restored
; pointer.
; RUN: %opt -passes=kmemsan-klsan -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare void @use(ptr)

define void @vla(i64 %n) {
; CHECK-LABEL: @vla(
; CHECK-NEXT: [[ENTRY:%.*]] = call ptr @llvm.stacksave.p0()
; CHECK-NEXT: [[ENTRYI:%.*]] = ptrtoint ptr [[ENTRY]] to i64
; CHECK-NEXT: [[V:%.*]] = alloca ptr, i64 %n, align 8
; CHECK-NEXT: call void @use(ptr [[V]])
; CHECK-NEXT: [[SP:%.*]] = call ptr @llvm.stacksave.p0()
; CHECK-NEXT: [[SPI:%.*]] = ptrtoint ptr [[SP]] to i64
; CHECK-NEXT: [[ABOVE:%.*]] = icmp ugt i64 [[ENTRYI]], [[SPI]]
; CHECK-NEXT: [[DIFF:%.*]] = sub i64 [[ENTRYI]], [[SPI]]
; CHECK-NEXT: [[SIZE:%.*]] = select i1 [[ABOVE]], i64 [[DIFF]], i64 0
; CHECK-NEXT: call void @__kmemsan_klsan_scope_exit(ptr [[SP]], i64 [[SIZE]])
; CHECK-NEXT: ret void
  %v = alloca ptr, i64 %n, align 8
  call void @use(ptr %v)
  ret void
}

define void @loop(i64 %n) {
; CHECK-LABEL: @loop(
; CHECK: entry:
; CHECK-NEXT: [[ENTRY:%.*]] = call ptr @llvm.stacksave.p0()
; CHECK: body:
; CHECK-NEXT: phi i64
; CHECK-NEXT: [[SAVED:%.*]] = call ptr @llvm.stacksave.p0()
; CHECK-NEXT: [[V:%.*]] = alloca i8, i64 %n, align 8
; CHECK-NEXT: call void @use(ptr [[V]])
; CHECK-NEXT: [[TOP:%.*]] = ptrtoint ptr [[SAVED]] to i64
; CHECK-NEXT: [[SP:%.*]] = call ptr @llvm.stacksave.p0()
; CHECK-NEXT: [[SPI:%.*]] = ptrtoint ptr [[SP]] to i64
; CHECK-NEXT: icmp ugt i64 [[TOP]], [[SPI]]
; CHECK-NEXT: sub i64 [[TOP]], [[SPI]]
; CHECK-NEXT: [[SIZE:%.*]] = select
; CHECK-NEXT: call void @__kmemsan_klsan_scope_exit(ptr [[SP]], i64 [[SIZE]])
; CHECK-NEXT: call void @llvm.stackrestore.p0(ptr [[SAVED]])
; CHECK: exit:
; CHECK: call void @__kmemsan_klsan_scope_exit(
; CHECK-NEXT: ret void
entry:
  br label %body
body:
  %i = phi i64 [ 0, %entry ], [ %i.next, %body ]
  %sp = call ptr @llvm.stacksave.p0()
  %v = alloca i8, i64 %n, align 8
  call void @use(ptr %v)
  call void @llvm.stackrestore.p0(ptr %sp)
  %i.next = add i64 %i, 1
  %done = icmp eq i64 %i.next, 10
  br i1 %done, label %exit, label %body
exit:
  ret void
}

declare ptr @llvm.stacksave.p0()
declare void @llvm.stackrestore.p0(ptr)
