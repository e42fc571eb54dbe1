# Includes the kernel's Makefile.kmemsan (KMEMSAN_MK) and prints the flags it
# gives every instrumented file.
include $(KMEMSAN_MK)
print:
	@echo '$(CFLAGS_KASAN)'
