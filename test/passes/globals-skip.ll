; Globals that must keep their exact size and place are left alone: an
; explicit section (kernel tables walked from __start_ to __stop_) or a
; #pragma clang section, thread locals, declarations, llvm.* globals,
; no_sanitize_address ones, definitions the linker may replace (weak,
; linkonce, common), comdat members, available_externally, zero-sized ones,
; non-default address spaces, alignments above 4096, and compiler-internal
; __llvm* globals. With nothing left to instrument no constructor is emitted.
;
; RUN: %opt -passes=kmemsan-kasan -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

$grp = comdat any

; CHECK-DAG: @initcall = global ptr null, section ".initcall6.init", align 8
@initcall = global ptr null, section ".initcall6.init", align 8
; CHECK-DAG: @str_in_section = private unnamed_addr constant [3 x i8] c"hi\00", section "__tracepoint_str", align 1
@str_in_section = private unnamed_addr constant [3 x i8] c"hi\00", section "__tracepoint_str", align 1
; CHECK-DAG: @tls = thread_local global i32 0, align 4
@tls = thread_local global i32 0, align 4
; CHECK-DAG: @ext = external global [4 x i32], align 4
@ext = external global [4 x i32], align 4
; CHECK-DAG: @nosan = global i32 1, no_sanitize_address, align 4
@nosan = global i32 1, no_sanitize_address, align 4
; CHECK-DAG: @weak = weak global i32 2, align 4
@weak = weak global i32 2, align 4
; CHECK-DAG: @common = common global i32 0, align 4
@common = common global i32 0, align 4
; CHECK-DAG: @inl = linkonce_odr global i32 3, align 4
@inl = linkonce_odr global i32 3, align 4
; CHECK-DAG: @in_comdat = global i32 4, comdat($grp), align 4
@in_comdat = global i32 4, comdat($grp), align 4
; CHECK-DAG: @avail = available_externally global i32 5, align 4
@avail = available_externally global i32 5, align 4
; CHECK-DAG: @empty = global [0 x i32] zeroinitializer, align 4
@empty = global [0 x i32] zeroinitializer, align 4
; CHECK-DAG: @as1 = addrspace(1) global i32 6, align 4
@as1 = addrspace(1) global i32 6, align 4
; CHECK-DAG: @pagetable = global [512 x i64] zeroinitializer, align 8192
@pagetable = global [512 x i64] zeroinitializer, align 8192
; CHECK-DAG: @__llvm_prf_cnts_f = private global [1 x i64] zeroinitializer, align 8
@__llvm_prf_cnts_f = private global [1 x i64] zeroinitializer, align 8
; #pragma clang section places a global as an explicit section does.
; CHECK-DAG: @pragma_placed = global i32 0, align 4 #0
@pragma_placed = global i32 0, align 4 #0
; CHECK-DAG: @llvm.used = appending global [1 x ptr] [ptr @initcall], section "llvm.metadata"
@llvm.used = appending global [1 x ptr] [ptr @initcall], section "llvm.metadata"

attributes #0 = { "bss-section"=".bss.mine" }

; CHECK-NOT: __kmemsan_globals
; CHECK-NOT: __asan_register_globals
