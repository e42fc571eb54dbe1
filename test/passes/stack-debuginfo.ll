; Debug info survives the move into the frame: a dbg.declare of an alloca
; now describes the frame plus the variable's offset, the frame description
; names variables by their source name and line ("name:line") when debug
; info has them, and a dbg.declare of a VLA points 32 bytes into its new,
; larger alloca. The output must pass the verifier (opt checks it).
;
; RUN: %opt -passes=kmemsan-kasan -kmemsan-stack=1 -S %s | FileCheck %s

target datalayout = "e-m:e-p270:32:32-p271:32:32-p272:64:64-i64:64-i128:128-f80:128-n8:16:32:64-S128"
target triple = "x86_64-unknown-linux-gnu"

declare void @use(ptr)

; The alloca is unnamed in IR (as in clang release builds); the name comes
; from the DILocalVariable.
; CHECK: c"1 32 12 8 cookie:7\00"

define void @f(i64 %n) !dbg !5 {
; CHECK-LABEL: define void @f(
; CHECK:         %[[FRAME:.*]] = alloca [64 x i8], align 16
; CHECK:         #dbg_declare(ptr %[[FRAME]], ![[COOKIE:[0-9]+]], !DIExpression(DW_OP_plus_uconst, 32),
; CHECK:         %[[RAW:.*]] = alloca i8, i64 %{{.*}}, align 32
; CHECK:         #dbg_declare(ptr %[[RAW]], ![[VLA:[0-9]+]], !DIExpression(DW_OP_plus_uconst, 32),
entry:
  %0 = alloca [12 x i8], align 4
    #dbg_declare(ptr %0, !9, !DIExpression(), !12)
  call void @use(ptr %0), !dbg !12
  %vla = alloca i8, i64 %n, align 1
    #dbg_declare(ptr %vla, !13, !DIExpression(), !12)
  call void @use(ptr %vla), !dbg !12
  ret void, !dbg !12
}

; CHECK-DAG: ![[COOKIE]] = !DILocalVariable(name: "cookie"
; CHECK-DAG: ![[VLA]] = !DILocalVariable(name: "scratch"

!llvm.dbg.cu = !{!0}
!llvm.module.flags = !{!3, !4}

!0 = distinct !DICompileUnit(language: DW_LANG_C11, file: !1, producer: "hand-written", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, enums: !2)
!1 = !DIFile(filename: "dbg.c", directory: "/tmp")
!2 = !{}
!3 = !{i32 2, !"Debug Info Version", i32 3}
!4 = !{i32 7, !"Dwarf Version", i32 5}
!5 = distinct !DISubprogram(name: "f", scope: !1, file: !1, line: 5, type: !6, scopeLine: 5, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition | DISPFlagOptimized, unit: !0, retainedNodes: !2)
!6 = !DISubroutineType(types: !7)
!7 = !{null, !8}
!8 = !DIBasicType(name: "long", size: 64, encoding: DW_ATE_signed)
!9 = !DILocalVariable(name: "cookie", scope: !5, file: !1, line: 7, type: !10)
!10 = !DICompositeType(tag: DW_TAG_array_type, baseType: !11, size: 96, elements: !2)
!11 = !DIBasicType(name: "char", size: 8, encoding: DW_ATE_signed_char)
!12 = !DILocation(line: 8, column: 3, scope: !5)
!13 = !DILocalVariable(name: "scratch", scope: !5, file: !1, line: 9, type: !14)
!14 = !DICompositeType(tag: DW_TAG_array_type, baseType: !11, elements: !2)
