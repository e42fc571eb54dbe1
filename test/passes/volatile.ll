; Volatile accesses are checked like any other.
; RUN: %opt -passes=kmemsan-kasan -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

define i32 @vload(ptr %p) {
; CHECK-LABEL: @vload(
; CHECK: call void @__asan_load4_noabort(
; CHECK-NEXT: load volatile i32, ptr %p
  %v = load volatile i32, ptr %p
  ret i32 %v
}

define void @vstore(ptr %p) {
; CHECK-LABEL: @vstore(
; CHECK: call void @__asan_store2_noabort(
; CHECK-NEXT: store volatile i16 9, ptr %p
  store volatile i16 9, ptr %p
  ret void
}
