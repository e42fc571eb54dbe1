; Rule: an access at a constant offset provably inside a global of known
; size (an exact definition that cannot be interposed or be extern_weak) or
; a fixed-size alloca needs no check.
; RUN: %opt -passes=kmemsan-kasan -kmemsan-globals=0 -S %s \
; RUN:   | FileCheck %s --check-prefixes=CHECK,ON
; RUN: %opt -passes=kmemsan-kasan -kmemsan-globals=0 -kmemsan-skip-safe=0 \
; RUN:   -kmemsan-merge-adjacent=0 -kmemsan-skip-dominated=0 -S %s | FileCheck %s --check-prefixes=CHECK,OFF

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

@table = global [4 x i32] zeroinitializer
@ext = external global [4 x i32]
@weak = weak global [4 x i32] zeroinitializer
@ew = extern_weak global i32

define i32 @global_in_bounds() {
; CHECK-LABEL: @global_in_bounds(
; ON-NOT: call void @__asan
; OFF: call void @__asan_load4_noabort(
; CHECK: ret i32
  %g = getelementptr [4 x i32], ptr @table, i64 0, i64 3
  %v = load i32, ptr %g
  ret i32 %v
}

; Negative: one past the end.
define i32 @global_past_end() {
; CHECK-LABEL: @global_past_end(
; CHECK: call void @__asan_load4_noabort(
  %g = getelementptr [4 x i32], ptr @table, i64 0, i64 4
  %v = load i32, ptr %g
  ret i32 %v
}

; Negative: straddles the end (bytes 12..19 of a 16-byte global).
define i64 @global_straddle() {
; CHECK-LABEL: @global_straddle(
; CHECK: call void @__asan_load8_noabort(
  %g = getelementptr i8, ptr @table, i64 12
  %v = load i64, ptr %g
  ret i64 %v
}

; Negative: variable index.
define i32 @global_variable_index(i64 %i) {
; CHECK-LABEL: @global_variable_index(
; CHECK: call void @__asan_load4_noabort(
  %g = getelementptr [4 x i32], ptr @table, i64 0, i64 %i
  %v = load i32, ptr %g
  ret i32 %v
}

; Negative: the size of a declaration, a weak or an extern_weak definition is
; not known here.
define i32 @global_not_exact() {
; CHECK-LABEL: @global_not_exact(
; CHECK: call void @__asan_load4_noabort(
; CHECK: call void @__asan_load4_noabort(
; CHECK: call void @__asan_load4_noabort(
; CHECK: ret i32
  %a = load i32, ptr @ext
  %b = load i32, ptr @weak
  %c = load i32, ptr @ew
  %s = add i32 %a, %b
  %t = add i32 %s, %c
  ret i32 %t
}

define i32 @alloca_in_bounds(i32 %x) {
; CHECK-LABEL: @alloca_in_bounds(
; ON-NOT: call void @__asan
; OFF: call void @__asan_store4_noabort(
; OFF: call void @__asan_load4_noabort(
; CHECK: ret i32
  %buf = alloca [8 x i32]
  %e = getelementptr [8 x i32], ptr %buf, i64 0, i64 7
  store i32 %x, ptr %e
  %v = load i32, ptr %e
  ret i32 %v
}

; Negative: before the start of the alloca.
define i32 @alloca_before_start() {
; CHECK-LABEL: @alloca_before_start(
; CHECK: call void @__asan_load4_noabort(
  %buf = alloca [8 x i32]
  %e = getelementptr i8, ptr %buf, i64 -4
  %v = load i32, ptr %e
  ret i32 %v
}

; Negative: an alloca of variable size.
define i32 @alloca_dynamic(i64 %n) {
; CHECK-LABEL: @alloca_dynamic(
; CHECK: call void @__asan_load4_noabort(
  %buf = alloca i32, i64 %n
  %v = load i32, ptr %buf
  ret i32 %v
}
