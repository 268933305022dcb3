# `make run` and `make test` are all a user needs; the rest are their steps.
# Every step is safe to repeat: pip is skipped while pyproject.toml is unchanged,
# `rag models fetch` and `rag index` only do work when something changed.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
RAG := $(VENV)/bin/rag

# Outside the repo, so a fresh clone on the same machine (CI) reuses them.
CACHE_DIR ?= $(HOME)/.cache/seoul-rag
# llama-cpp-python has no Linux wheel on PyPI: we build it once (4-6 min) and keep
# the wheel, in a folder keyed by the CPU's flags and the build options.
# Where the CPU has AVX2 we build the AVX2 kernels, not -march=native: a virtual
# machine may list AMX or AVX-512 without letting a process use them (seen
# 2026-12-05: a native build died with SIGILL on an AMX `tilezero` at the first
# answer); AVX2 is what these machines are specified and measured with.
LLAMA_CMAKE_ARGS := $(if $(shell grep -qw avx2 /proc/cpuinfo 2>/dev/null && echo y),\
	-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON)
CPU_KEY := $(shell (uname -m; grep -m1 '^flags' /proc/cpuinfo 2>/dev/null; echo '$(LLAMA_CMAKE_ARGS)') | md5sum | cut -c1-8)
BUILT_WHEELS := $(CACHE_DIR)/wheels/built-$(CPU_KEY)

# Pinned first: any other torch requirement pulls a multi-GB CUDA build.
TORCH := torch==2.13.0
LLAMA := llama-cpp-python==0.3.36
DEPS_STAMP := $(VENV)/.deps-installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: help setup run test unit deps llama-wheel models index chromium clean-venv

help:
	@echo "make run    set up (venv, packages, models, index), then start the app"
	@echo "make test   set up, then run every test (unit, integration, browser)"
	@echo "steps: deps, models, index, chromium; make unit runs the fast tests only"

setup: deps models index

run: setup
	$(PY) app.py

test: setup chromium
	$(PY) -m pytest

unit: deps
	$(PY) -m pytest tests/unit

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip

deps: $(DEPS_STAMP)

# Also rerun when this file changes: a venv holding a wheel built with other options gets ours.
$(DEPS_STAMP): pyproject.toml Makefile | $(PY)
	$(PIP) install $(TORCH)
	$(MAKE) --no-print-directory llama-wheel
	$(PIP) install --no-deps --force-reinstall $(BUILT_WHEELS)/llama_cpp_python-0.3.36-*.whl
	$(PIP) install --find-links $(BUILT_WHEELS) -e '.[test]'
	touch $@

llama-wheel: | $(PY)
	@if ls $(BUILT_WHEELS)/llama_cpp_python-0.3.36-*.whl >/dev/null 2>&1; then \
		echo "using the $(LLAMA) wheel built earlier in $(BUILT_WHEELS)"; \
	else \
		echo "building $(LLAMA) once (4-6 minutes) into $(BUILT_WHEELS)"; \
		CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(PIP) wheel --no-deps --no-cache-dir --wheel-dir $(BUILT_WHEELS) $(LLAMA); \
	fi

models: deps
	$(RAG) models fetch

index: models
	$(RAG) index

# The browser tests drive Debian's chromium (Playwright's own browser download is not reachable).
chromium:
	@if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi nanum; then \
		$(SUDO) apt-get update && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium fonts-nanum; \
	fi

clean-venv:
	rm -rf $(VENV)
