; Every static slot of 8 bytes or more that survived optimization is
; dropped before every way out of the function: each ret, the musttail call
; before a ret, each resume. Slots up to 64 bytes test their words' tags
; first; larger ones call __kmemsan_klsan_scope_exit unconditionally.
; RUN: %opt -passes=kmemsan-klsan -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare void @use(ptr)
declare void @tail(ptr)
declare i32 @__gxx_personality_v0(...)

define i32 @two_returns(i1 %c) {
; CHECK-LABEL: @two_returns(
; CHECK-NEXT: [[SLOT:%.*]] = alloca ptr, align 8
; CHECK: br i1 %c, label %[[A:[a-z0-9.]+]], label %[[B:[a-z0-9.]+]]
; CHECK: [[A]]:
; CHECK: call void @__kmemsan_klsan_scope_exit(ptr [[SLOT]], i64 8)
; CHECK: ret i32 1
; CHECK: [[B]]:
; CHECK: call void @__kmemsan_klsan_scope_exit(ptr [[SLOT]], i64 8)
; CHECK: ret i32 2
  %slot = alloca ptr, align 8
  call void @use(ptr %slot)
  br i1 %c, label %a, label %b
a:
  ret i32 1
b:
  ret i32 2
}

define void @musttail(ptr %arg) {
; CHECK-LABEL: @musttail(
; CHECK: call void @__kmemsan_klsan_scope_exit(ptr [[SLOT:%.*]], i64 8)
; CHECK-NEXT: br label %[[CONT:[a-z0-9.]+]]
; CHECK: [[CONT]]:
; CHECK-NEXT: musttail call void @tail(ptr %arg)
; CHECK-NEXT: ret void
  %slot = alloca ptr, align 8
  call void @use(ptr %slot)
  musttail call void @tail(ptr %arg)
  ret void
}

define void @unwinds() personality ptr @__gxx_personality_v0 {
; CHECK-LABEL: @unwinds(
; CHECK: landingpad
; CHECK: call void @__kmemsan_klsan_scope_exit(ptr [[SLOT:%.*]], i64 8)
; CHECK: resume
  %slot = alloca ptr, align 8
  invoke void @use(ptr %slot) to label %ok unwind label %lp
ok:
  ret void
lp:
  %e = landingpad { ptr, i32 } cleanup
  resume { ptr, i32 } %e
}

define void @big_slot() {
; CHECK-LABEL: @big_slot(
; CHECK-NEXT: [[BIG:%.*]] = alloca [32 x i64], align 16
; CHECK-NEXT: call void @use(ptr [[BIG]])
; CHECK-NEXT: call void @__kmemsan_klsan_scope_exit(ptr [[BIG]], i64 256)
; CHECK-NEXT: ret void
  %big = alloca [32 x i64], align 16
  call void @use(ptr %big)
  ret void
}

; A byte buffer may hold words at any offset: tests every 8 bytes and at
; the last byte.
define void @char_buffer() {
; CHECK-LABEL: @char_buffer(
; CHECK: [[A:%.*]] = ptrtoint ptr [[BUF:%.*]] to i64
; CHECK-NEXT: add i64 [[A]], 8
; CHECK-NEXT: add i64 [[A]], 11
; CHECK: call void @__kmemsan_klsan_scope_exit(ptr [[BUF]], i64 12)
  %buf = alloca [12 x i8], align 1
  call void @use(ptr %buf)
  ret void
}
