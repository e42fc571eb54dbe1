; Loads and stores of whole structs and arrays are one access of the
; aggregate's store size (padding included).
; RUN: %opt -passes=kmemsan-kasan -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

%pair = type { i32, i32 }
%padded = type { i64, i8 }

define %pair @load_struct(ptr %p) {
; CHECK-LABEL: @load_struct(
; CHECK: call void @__asan_load8_noabort(
; CHECK-NEXT: load %pair, ptr %p
  %v = load %pair, ptr %p
  ret %pair %v
}

; { i64, i8 } occupies 16 bytes.
define void @store_padded(ptr %p, %padded %v) {
; CHECK-LABEL: @store_padded(
; CHECK: call void @__asan_store16_noabort(
; CHECK-NEXT: store %padded %v, ptr %p
  store %padded %v, ptr %p
  ret void
}

define void @store_array(ptr %p, [4 x i32] %v) {
; CHECK-LABEL: @store_array(
; CHECK: call void @__asan_store16_noabort(
; CHECK-NEXT: store [4 x i32] %v, ptr %p
  store [4 x i32] %v, ptr %p
  ret void
}

define [5 x i8] @load_array5(ptr %p) {
; CHECK-LABEL: @load_array5(
; CHECK: call void @__asan_loadN_noabort(i64 {{%.*}}, i64 5)
; CHECK-NEXT: load [5 x i8], ptr %p
  %v = load [5 x i8], ptr %p
  ret [5 x i8] %v
}

; An empty struct touches no memory.
define void @store_empty(ptr %p) {
; CHECK-LABEL: @store_empty(
; CHECK-NOT: __asan
; CHECK: ret void
  store {} zeroinitializer, ptr %p
  ret void
}
