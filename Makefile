# APDocs -- build, test and demo.
#   make deps    install what is missing (Debian packages, PyPI modules); idempotent
#   make build   swift build -c release
#   make test    swift test + read-back harness + batch builds + the document set + forms,
#                read back by independent tools, + docxtpl conformance (9 core cases mandatory)
#   make demo    generate the sample school's document set into output/
#   make bench   print the speed and memory figures (render, batch builds, PDF)
#   make install install apdocs, its templates and sample data under PREFIX (default /usr/local)
#   make clean
# CI clones the repository with shared/ beside it; override with `make SHARED=/path/to/shared`.

SHARED  ?= ../shared
SWIFT   ?= swift
PYTHON  ?= python3
BIN     ?= .build/release/apdocs
DEMO_DATE ?= 2025-10-01
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

APT_PACKAGES := libxml2-dev libzip-dev libxml2-utils unzip poppler-utils libreoffice-writer-nogui \
                python3-uno xmlsec1 libnss3-tools libxmlsec1-dev
PIP_PACKAGES := lxml python-docx docx2python odfpy
# docxtpl conformance cases that need nothing docxtpl-specific: these must pass
# (run_suite.py -k is a substring match; each of these names matches only its own case).
CORE_CASES   := footnotes multi_rendering_1 multi_rendering_2 multi_rendering_3 nested_for order \
                preserve_spaces richtext_and_if__false comments
CONFORMANCE  := $(SHARED)/conformance/docxtpl/run_suite.py
# shell snippet: run all cases, list the non-passing ones, print the count, never fail
CONFORMANCE_ALL = echo "== docxtpl conformance: all cases (informational, never fails)"; \
	log=$$(mktemp); $(PYTHON) $(CONFORMANCE) $(BIN) >$$log 2>&1; \
	grep -v '^PASS' $$log | grep -v 'passed,' | sed 's/^/  /' | cut -c1-160; \
	echo "docxtpl conformance, all cases: $$(tail -n1 $$log)"; rm -f $$log

PREFIX  ?= /usr/local

.PHONY: all deps build install test readback conformance conformance-all selftest fixtures demo bench clean

all: build

deps:
	@missing=""; \
	for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "deps: installing$$missing"; \
	  $(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y $$missing; \
	else echo "deps: Debian packages present"; fi
	@if $(PYTHON) -c 'import lxml, docx, docx2python, odf' 2>/dev/null; then echo "deps: Python modules present"; \
	else $(PYTHON) -m pip install $(PIP_PACKAGES); fi

build: deps
	$(SWIFT) build -c release

# PREFIX/bin/apdocs, and PREFIX/share/apdocs/{templates,examples}, which the installed program
# finds from any folder (`apdocs init`, `apdocs validate` of a bare data folder).
install: build
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/apdocs/templates
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/apdocs
	install -m 644 templates/*.docx templates/*.odt $(DESTDIR)$(PREFIX)/share/apdocs/templates/
	rm -rf $(DESTDIR)$(PREFIX)/share/apdocs/examples
	cp -R examples $(DESTDIR)$(PREFIX)/share/apdocs/examples
	rm -rf $(DESTDIR)$(PREFIX)/share/apdocs/examples/tools
	@echo "installed $(DESTDIR)$(PREFIX)/bin/apdocs (templates and sample data in $(PREFIX)/share/apdocs)"

# Runs every stage even when one fails, then fails if any did.
test: build
	@status=0; \
	echo "== swift test"; APDOCS_SHARED=$(abspath $(SHARED)) $(SWIFT) test || status=1; \
	echo "== read-back harness"; $(PYTHON) Tests/readback/run_readback.py $(BIN) --shared $(SHARED) || status=1; \
	echo "== batch builds (two builds at once, unwritable output, seals, SIGKILL)"; $(PYTHON) Tests/batch/run_batch_tests.py $(BIN) || status=1; \
	echo "== the README's workspace commands, on a fresh make install"; $(PYTHON) Tests/workspace/readme_walkthrough.py --make $(MAKE) || status=1; \
	echo "== the AP document set, read back by the oracles"; $(PYTHON) Tests/documents/run_document_tests.py $(BIN) --shared $(SHARED) || status=1; \
	echo "== forms filled, read back by LibreOffice"; SHARED=$(abspath $(SHARED)) bash Tests/Fixtures/forms/check_forms.sh $(BIN) || status=1; \
	echo "== docxtpl conformance: core cases (mandatory)"; \
	$(PYTHON) $(CONFORMANCE) $(BIN) $(foreach c,$(CORE_CASES),-k $(c)) || status=1; \
	$(CONFORMANCE_ALL); \
	exit $$status

readback: build
	$(PYTHON) Tests/readback/run_readback.py $(BIN) --shared $(SHARED)

conformance: build
	$(PYTHON) $(CONFORMANCE) $(BIN) $(foreach c,$(CORE_CASES),-k $(c))

# All 22 cases, informational: the 13 beyond the core use docxtpl-only extensions.
conformance-all:
	@$(CONFORMANCE_ALL)

# Proves the read-back harness can fail (fake engines); needs no apdocs binary.
selftest:
	$(PYTHON) Tests/readback/run_readback.py --self-test --shared $(SHARED)

# Regenerates Tests/Fixtures/templates from Tests/Fixtures/src (LibreOffice + hand-made DOCX).
fixtures:
	SHARED=$(abspath $(SHARED)) Tests/Fixtures/make_fixtures.sh

# The sample school's whole document set. Exit status 3 means "done, but errors in the data held
# documents back": the examples include a provider that fails the registration test on purpose.
demo: build
	@mkdir -p output
	$(BIN) validate examples --date $(DEMO_DATE) || true
	$(BIN) generate examples --date $(DEMO_DATE) --output output --templates templates || [ $$? -eq 3 ]
	@echo "demo: documents written to output/ (one folder per provider and per placement)"

# Prints the benchmark figures (Sources/apdocs-bench; a program, not a timed test). Each figure is
# checked against its output. `make bench BENCH_SCRATCH=.build-bench` builds in another scratch folder.
bench: build
	$(SWIFT) build -c release --product apdocs-bench $(if $(BENCH_SCRATCH),--scratch-path $(BENCH_SCRATCH))
	$(or $(BENCH_SCRATCH),.build)/release/apdocs-bench --fixtures Tests/Fixtures
	$(PYTHON) Tests/batch/bench_batch.py $(BIN) --placements 1000
	$(PYTHON) Tests/batch/bench_pdf.py $(BIN)

clean:
	rm -rf .build
	find output -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
