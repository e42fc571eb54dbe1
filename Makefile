# Convenience entry points; everything is built by CMake into build/.
#   make demo   install missing packages, build, run the demo
#   make check  install missing packages (the kernel's too), build, run every
#               test: the lit suites, the unit tests, and a Linux kernel built
#               with the plugin, booted in qemu and checked (minutes)
#   make check-fast  every test but the kernel's
#   make check-kernel  only the kernel's
BUILD ?= build
JOBS ?= $(shell nproc)

.PHONY: all deps build demo check check-fast check-kernel clean

all: build

deps:
	tools/install-deps

build: deps
	cmake -S . -B $(BUILD)
	cmake --build $(BUILD) -j$(JOBS)

demo: build
	$(BUILD)/bin/kmemsan-demo

check: build
	tools/install-deps --kernel
	ctest --test-dir $(BUILD) --output-on-failure

check-fast: build
	ctest --test-dir $(BUILD) --output-on-failure -LE kernel

check-kernel: build
	tools/install-deps --kernel
	ctest --test-dir $(BUILD) --output-on-failure -L kernel

clean:
	rm -rf $(BUILD)
