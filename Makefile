# Convenience entry points; everything is built by CMake into build/.
#   make demo   install missing packages, build, run the demo
#   make check  install missing packages, build, run every test but the kernel's
#   make check-kernel  also the kernel packages; build, boot and check a Linux
#               kernel built with the plugin (minutes)
BUILD ?= build
JOBS ?= $(shell nproc)

.PHONY: all deps build demo check check-kernel clean

all: build

deps:
	tools/install-deps

build: deps
	cmake -S . -B $(BUILD)
	cmake --build $(BUILD) -j$(JOBS)

demo: build
	$(BUILD)/bin/kmemsan-demo

check: build
	ctest --test-dir $(BUILD) --output-on-failure -LE kernel

check-kernel: build
	tools/install-deps --kernel
	ctest --test-dir $(BUILD) --output-on-failure -L kernel

clean:
	rm -rf $(BUILD)
