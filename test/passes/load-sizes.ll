; Loads of 1, 2, 4, 8 and 16 bytes call the sized outline entry with the
; address as an integer, right before the load, which is kept.
; RUN: %opt -passes=kmemsan-kasan -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

define i8 @load1(ptr %p) {
; CHECK-LABEL: @load1(
; CHECK: [[A:%.*]] = ptrtoint ptr %p to i64
; CHECK-NEXT: call void @__asan_load1_noabort(i64 [[A]])
; CHECK-NEXT: load i8, ptr %p
  %v = load i8, ptr %p
  ret i8 %v
}

define i16 @load2(ptr %p) {
; CHECK-LABEL: @load2(
; CHECK: [[A:%.*]] = ptrtoint ptr %p to i64
; CHECK-NEXT: call void @__asan_load2_noabort(i64 [[A]])
; CHECK-NEXT: load i16, ptr %p
  %v = load i16, ptr %p
  ret i16 %v
}

define i32 @load4(ptr %p) {
; CHECK-LABEL: @load4(
; CHECK: [[A:%.*]] = ptrtoint ptr %p to i64
; CHECK-NEXT: call void @__asan_load4_noabort(i64 [[A]])
; CHECK-NEXT: load i32, ptr %p
  %v = load i32, ptr %p
  ret i32 %v
}

define float @loadfloat(ptr %p) {
; CHECK-LABEL: @loadfloat(
; CHECK: call void @__asan_load4_noabort(
; CHECK-NEXT: load float, ptr %p
  %v = load float, ptr %p
  ret float %v
}

define i64 @load8(ptr %p) {
; CHECK-LABEL: @load8(
; CHECK: [[A:%.*]] = ptrtoint ptr %p to i64
; CHECK-NEXT: call void @__asan_load8_noabort(i64 [[A]])
; CHECK-NEXT: load i64, ptr %p
  %v = load i64, ptr %p
  ret i64 %v
}

define ptr @loadptr(ptr %p) {
; CHECK-LABEL: @loadptr(
; CHECK: call void @__asan_load8_noabort(
; CHECK-NEXT: load ptr, ptr %p
  %v = load ptr, ptr %p
  ret ptr %v
}

define i128 @load16(ptr %p) {
; CHECK-LABEL: @load16(
; CHECK: [[A:%.*]] = ptrtoint ptr %p to i64
; CHECK-NEXT: call void @__asan_load16_noabort(i64 [[A]])
; CHECK-NEXT: load i128, ptr %p
  %v = load i128, ptr %p
  ret i128 %v
}

; The runtime entries are declared once, with an integer address.
; CHECK-DAG: declare void @__asan_load1_noabort(i64)
; CHECK-DAG: declare void @__asan_load16_noabort(i64)
