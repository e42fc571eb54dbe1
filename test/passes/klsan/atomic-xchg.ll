; An atomicrmw xchg of a pointer-sized word is a store of its new value:
; after it, the same inline test and __kmemsan_klsan_store(addr, new)
; (__kmemsan_klsan_store_int for an integer argument).
; RUN: %opt -passes=kmemsan-klsan -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

define ptr @xchg_ptr(ptr %p, ptr %v) {
; CHECK-LABEL: @xchg_ptr(
; CHECK-NEXT: [[OLD:%.*]] = atomicrmw xchg ptr %p, ptr %v seq_cst, align 8
; CHECK-NEXT: [[V:%.*]] = ptrtoint ptr %v to i64
; CHECK: sub i64 [[V]],
; CHECK: lshr i64 {{%.*}}, 21
; CHECK: call void @__kmemsan_klsan_store(ptr %p, i64 [[V]])
; CHECK: ret ptr [[OLD]]
  %old = atomicrmw xchg ptr %p, ptr %v seq_cst, align 8
  ret ptr %old
}

define i64 @xchg_i64(ptr %p, i64 %v) {
; CHECK-LABEL: @xchg_i64(
; CHECK-NEXT: atomicrmw xchg ptr %p, i64 %v seq_cst, align 8
; CHECK: call void @__kmemsan_klsan_store_int(ptr %p, i64 %v)
  %old = atomicrmw xchg ptr %p, i64 %v seq_cst, align 8
  ret i64 %old
}

; A 4-byte xchg overwrites half a word.
define i32 @xchg_i32(ptr %p, i32 %v) {
; CHECK-LABEL: @xchg_i32(
; CHECK-NEXT: atomicrmw xchg ptr %p, i32 %v seq_cst, align 4
; CHECK-NOT: @__kmemsan_klsan_store
; CHECK: call void @__kmemsan_klsan_clobber(ptr %p, i64 4)
  %old = atomicrmw xchg ptr %p, i32 %v seq_cst, align 4
  ret i32 %old
}
