; A cmpxchg of a pointer-sized word stores its new value only when it
; succeeds: the success bit gates the inline test, and the store event is
; __kmemsan_klsan_store(addr, new) (_int when the new value is an integer
; argument, which no pointer flowed into in this function).
; RUN: %opt -passes=kmemsan-klsan -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

define ptr @cas_ptr(ptr %p, ptr %old, ptr %new) {
; CHECK-LABEL: @cas_ptr(
; CHECK-NEXT: [[R:%.*]] = cmpxchg ptr %p, ptr %old, ptr %new seq_cst seq_cst, align 8
; CHECK-NEXT: [[OK:%.*]] = extractvalue { ptr, i1 } [[R]], 1
; CHECK-NEXT: [[V:%.*]] = ptrtoint ptr %new to i64
; CHECK-NEXT: ptrtoint ptr %p to i64
; CHECK-NEXT: br i1 [[OK]], label %[[TEST:.*]], label %[[CONT:.*]],
; CHECK: [[TEST]]:
; CHECK-NEXT: load i64, ptr @__kmemsan_klsan_heap_start
; CHECK: br i1 {{%.*}}, label %[[EVENT:.*]], label
; CHECK: [[EVENT]]:
; CHECK-NEXT: call void @__kmemsan_klsan_store(ptr %p, i64 [[V]])
; CHECK-NEXT: br label %[[CONT]]
; CHECK: [[CONT]]:
; CHECK-NEXT: extractvalue { ptr, i1 } [[R]], 0
  %r = cmpxchg ptr %p, ptr %old, ptr %new seq_cst seq_cst, align 8
  %v = extractvalue { ptr, i1 } %r, 0
  ret ptr %v
}

define i1 @cas_i64_weak(ptr %p, i64 %old, i64 %new) {
; CHECK-LABEL: @cas_i64_weak(
; CHECK-NEXT: [[R:%.*]] = cmpxchg weak ptr %p, i64 %old, i64 %new acquire monotonic, align 8
; CHECK-NEXT: [[OK:%.*]] = extractvalue { i64, i1 } [[R]], 1
; CHECK: br i1 [[OK]], label
; CHECK: call void @__kmemsan_klsan_store_int(ptr %p, i64 %new)
  %r = cmpxchg weak ptr %p, i64 %old, i64 %new acquire monotonic, align 8
  %ok = extractvalue { i64, i1 } %r, 1
  ret i1 %ok
}

; A successful 4-byte cmpxchg is a partial overwrite.
define void @cas_i32(ptr %p, i32 %old, i32 %new) {
; CHECK-LABEL: @cas_i32(
; CHECK-NEXT: [[R:%.*]] = cmpxchg ptr %p, i32 %old, i32 %new seq_cst seq_cst, align 4
; CHECK-NEXT: [[OK:%.*]] = extractvalue { i32, i1 } [[R]], 1
; CHECK: br i1 [[OK]], label
; CHECK: call void @__kmemsan_klsan_clobber(ptr %p, i64 4)
  %r = cmpxchg ptr %p, i32 %old, i32 %new seq_cst seq_cst, align 4
  ret void
}
