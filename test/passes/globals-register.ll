; One descriptor per instrumented global, in the Linux 6.1 struct
; kasan_global layout (clang ASan ABI 8): { beg, size, size_with_redzone,
; name, module_name, has_dynamic_init, source_location, odr_indicator }, and
; a priority-1 constructor that passes the array and its length to
; __asan_register_globals. A preemptible global (not dso_local, as under
; -fPIC) may resolve to another object's copy at run time, so its descriptor
; names this object's copy through a private alias. Outside the kernel a destructor unregisters them;
; kernel code (kernel code model) never runs .fini_array and gets none.
;
; RUN: %opt -passes=kmemsan-kasan -S %s | FileCheck %s
; RUN: sed -e 's/^;KERNEL-CM;//' %s | %opt -passes=kmemsan-kasan -S | FileCheck %s --check-prefix=KERNEL

source_filename = "drivers/foo/bar.c"
target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

@counter = global i64 0
@table = internal global [3 x i16] [i16 1, i16 2, i16 3]
@local = dso_local global i32 5

; The names and the module name are private strings the pass never pads.
; CHECK-DAG: @[[MOD:__kmemsan_module_name[.0-9]*]] = private unnamed_addr constant [18 x i8] c"drivers/foo/bar.c\00", no_sanitize_address
; CHECK-DAG: @[[N1:__kmemsan_global_name[.0-9]*]] = private unnamed_addr constant [8 x i8] c"counter\00", no_sanitize_address
; CHECK-DAG: @[[N2:__kmemsan_global_name[.0-9]*]] = private unnamed_addr constant [6 x i8] c"table\00", no_sanitize_address
; CHECK-DAG: @[[N3:__kmemsan_global_name[.0-9]*]] = private unnamed_addr constant [6 x i8] c"local\00", no_sanitize_address

; CHECK: @[[ARR:__kmemsan_globals]] = internal global [3 x { ptr, i64, i64, ptr, ptr, i64, ptr, i64 }] [
; CHECK-SAME: { ptr, i64, i64, ptr, ptr, i64, ptr, i64 } { ptr @[[ALIAS:__kmemsan_local.counter]], i64 8, i64 64, ptr @[[N1]], ptr @[[MOD]], i64 0, ptr null, i64 0 },
; CHECK-SAME: { ptr, i64, i64, ptr, ptr, i64, ptr, i64 } { ptr @table, i64 6, i64 64, ptr @[[N2]], ptr @[[MOD]], i64 0, ptr null, i64 0 },
; CHECK-SAME: { ptr, i64, i64, ptr, ptr, i64, ptr, i64 } { ptr @local, i64 4, i64 64, ptr @[[N3]], ptr @[[MOD]], i64 0, ptr null, i64 0 }]
; CHECK-SAME: no_sanitize_address

; CHECK: @llvm.global_ctors = appending global [1 x { i32, ptr, ptr }] [{ i32, ptr, ptr } { i32 1, ptr @[[CTOR:kmemsan.module_ctor]], ptr null }]
; CHECK: @llvm.global_dtors = appending global [1 x { i32, ptr, ptr }] [{ i32, ptr, ptr } { i32 1, ptr @[[DTOR:kmemsan.module_dtor]], ptr null }]

; CHECK: @[[ALIAS]] = private alias { i64, [56 x i8] }, ptr @counter

; CHECK: define internal void @[[CTOR]]()
; CHECK-NEXT: call void @__asan_register_globals(ptr @[[ARR]], i64 3)
; CHECK-NEXT: ret void
; CHECK: declare void @__asan_register_globals(ptr, i64)
; CHECK: define internal void @[[DTOR]]()
; CHECK-NEXT: call void @__asan_unregister_globals(ptr @[[ARR]], i64 3)
; CHECK-NEXT: ret void

; KERNEL: @llvm.global_ctors = appending global [1 x { i32, ptr, ptr }] [{ i32, ptr, ptr } { i32 1, ptr @kmemsan.module_ctor, ptr null }]
; KERNEL-NOT: global_dtors
; KERNEL-NOT: __asan_unregister_globals

;KERNEL-CM;!llvm.module.flags = !{!0}
;KERNEL-CM;!0 = !{i32 1, !"Code Model", i32 2}
