; Functions that must stay uninstrumented: disable_sanitizer_instrumentation,
; naked, and those annotated "kmemsan_no_sanitize" in @llvm.global.annotations
; (what the frontend plugin makes of no_sanitize("kernel-address")).
; Other annotations change nothing.
; RUN: %opt -passes=kmemsan-kasan -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

@.nosan = private unnamed_addr constant [20 x i8] c"kmemsan_no_sanitize\00", section "llvm.metadata"
@.other = private unnamed_addr constant [6 x i8] c"hello\00", section "llvm.metadata"
@.file = private unnamed_addr constant [4 x i8] c"t.c\00", section "llvm.metadata"
@llvm.global.annotations = appending global [2 x { ptr, ptr, ptr, i32, ptr }] [
  { ptr, ptr, ptr, i32, ptr } { ptr @annotated, ptr @.nosan, ptr @.file, i32 3, ptr null },
  { ptr, ptr, ptr, i32, ptr } { ptr @other_annotation, ptr @.other, ptr @.file, i32 9, ptr null }
], section "llvm.metadata"

define void @plain(ptr %p) {
; CHECK-LABEL: @plain(
; CHECK: call void @__asan_store4_noabort(
  store i32 0, ptr %p
  ret void
}

define void @disabled(ptr %p) disable_sanitizer_instrumentation {
; CHECK-LABEL: @disabled(
; CHECK-NEXT: store i32 0, ptr %p
; CHECK-NEXT: ret void
  store i32 0, ptr %p
  ret void
}

define void @naked(ptr %p) naked {
; CHECK-LABEL: @naked(
; CHECK-NEXT: store i32 0, ptr %p
; CHECK-NEXT: ret void
  store i32 0, ptr %p
  ret void
}

define void @annotated(ptr %p) {
; CHECK-LABEL: @annotated(
; CHECK-NEXT: store i32 0, ptr %p
; CHECK-NEXT: ret void
  store i32 0, ptr %p
  ret void
}

define void @other_annotation(ptr %p) {
; CHECK-LABEL: @other_annotation(
; CHECK: call void @__asan_store4_noabort(
  store i32 0, ptr %p
  ret void
}

declare void @declared(ptr)

; The same functions are the ones the PipelineStart marking leaves without
; sanitize_address.
; RUN: %opt -passes=kmemsan-mark-functions -S %s | FileCheck %s --check-prefix=MARK
; MARK: define void @plain(ptr %p) #[[SAN:[0-9]+]]
; MARK: define void @disabled(ptr %p) #[[DIS:[0-9]+]]
; MARK: define void @naked(ptr %p) #[[NAKED:[0-9]+]]
; MARK: define void @annotated(ptr %p) {
; MARK: define void @other_annotation(ptr %p) #[[SAN]]
; MARK: declare void @declared(ptr)
; MARK-DAG: attributes #[[SAN]] = { sanitize_address }
; MARK-DAG: attributes #[[DIS]] = { disable_sanitizer_instrumentation }
; MARK-DAG: attributes #[[NAKED]] = { naked }
