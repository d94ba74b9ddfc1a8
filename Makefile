# APDocs -- build, test and demo.
#   make deps    install what is missing (Debian packages, Python modules among them); idempotent
#   make build   swift build -c release
#   make test    swift test + read-back harness + batch builds + the document set + forms,
#                read back by independent tools, + docxtpl conformance (19 cases mandatory)
#   make demo    generate the sample school's document set into output/
#   make bench   print the speed and memory figures (render, batch builds, PDF)
#   make snapshots  rewrite templates/NAME.EXT.txt (the text of each template, for reviewing a change)
#   make previews   rewrite docs/previews/ from the sample workspace's documents
#   make fuzz   run the libFuzzer targets (tag language, data loaders, zip reader, XML parts) for FUZZ_SECONDS each (300)
#   make install install apdocs, its templates and sample data under PREFIX (default /usr/local)
#   make clean
# CI clones the repository with shared/ beside it; override with `make SHARED=/path/to/shared`.
# Without shared/ (a bare clone) `make test` still passes: the checks that need it (the schemas and
# other oracles in shared/oracles, the docxtpl suite) each print one SKIPPED line instead; LibreOffice
# conversion, pdftotext read-back and LibreOffice's signature verdict use the project's own Tests/tools.

SHARED  ?= ../shared
SWIFT   ?= swift
# Debian's interpreter (python3-uno, below, brings it): the Python modules come as Debian packages
# (python3-lxml, ...), never from pip into a system or pyenv interpreter (PEP 668). Every test
# script runs with it, whatever `python3` is first on PATH.
PYTHON  ?= /usr/bin/python3
BIN     ?= .build/release/apdocs
DEMO_DATE ?= 2025-10-01
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# python3-lxml: validate-docx.py; python3-cryptography: verify-odf-signature.py; python3-yaml: the
# document-set test reads examples/; python3-jinja2: the reference engine of `make selftest`;
# python3-uno: LibreOffice's signature verdict (Tests/tools/lo_signatures.py).
APT_PACKAGES := libxml2-dev libzip-dev libxml2-utils unzip poppler-utils libreoffice-writer-nogui \
                python3-uno xmlsec1 libnss3-tools libxmlsec1-dev \
                python3-lxml python3-cryptography python3-yaml python3-jinja2 python3-venv chromium
PYTHON_MODULES := lxml, cryptography, yaml, jinja2
# The browser tests: Playwright for Python in a virtual environment under .build/ (never pip into
# the system Python), driving Debian's chromium (no browser download).
BROWSER_VENV := .build/browser-venv
BROWSER_PY   := $(BROWSER_VENV)/bin/python
# docxtpl conformance cases that must pass: every case APDocs passes (20 of 22) except plain
# header_footer, which -k cannot pick alone (run_suite.py -k is a substring match, and
# header_footer_entities fails on purpose; see README "Tests"). vertical_merge also picks
# vertical_merge_nested; every other name matches only its own case.
CORE_CASES   := footnotes multi_rendering_1 multi_rendering_2 multi_rendering_3 nested_for order \
                preserve_spaces richtext_and_if__false comments doc_properties dynamic_table \
                escape__plain header_footer_utf8 horizontal_merge less_cells_after_loop merge_paragraph \
                vertical_merge word2016__plain
CONFORMANCE  := $(SHARED)/conformance/docxtpl/run_suite.py
SKIP_CONFORMANCE = echo "SKIPPED docxtpl conformance (core and all cases): needs $(SHARED)/conformance/docxtpl; put shared/ beside the repository or run make test SHARED=DIR"
# shell snippet: run all cases, list the non-passing ones, print the count, never fail
# (--out in a folder removed afterwards: without it the suite leaves its renders in /tmp)
CONFORMANCE_ALL = echo "== docxtpl conformance: all cases (informational, never fails)"; \
	log=$$(mktemp); out=$$(mktemp -d); $(PYTHON) $(CONFORMANCE) $(BIN) --out $$out >$$log 2>&1; \
	grep -v '^PASS' $$log | grep -v 'passed,' | sed 's/^/  /' | cut -c1-160; \
	echo "docxtpl conformance, all cases: $$(grep -E '^[0-9]+ passed, [0-9]+ failed$$' $$log | tail -n1)"; \
	rm -rf $$log $$out

PREFIX  ?= /usr/local

.PHONY: all deps bench-deps browser-deps build install fuzz snapshots previews screenshots test readback conformance conformance-all selftest fixtures demo bench clean format

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
	@if $(PYTHON) -c 'import $(PYTHON_MODULES)' 2>/dev/null; then echo "deps: Python modules present for $(PYTHON)"; \
	else echo "deps: $(PYTHON) cannot import $(PYTHON_MODULES) (the Debian packages above serve /usr/bin/python3; run make with PYTHON=/usr/bin/python3)"; exit 1; fi

# docxtpl from PyPI in a virtual environment under .build/, for `make bench`'s side-by-side figures.
bench-deps:
	@if .build/docxtpl-venv/bin/python -c 'import docxtpl' 2>/dev/null; then :; \
	else $(PYTHON) -m venv .build/docxtpl-venv && .build/docxtpl-venv/bin/pip install -q docxtpl || echo "bench-deps: docxtpl not installed"; fi

browser-deps: deps
	@if $(BROWSER_PY) -c 'import playwright' 2>/dev/null; then echo "deps: Playwright present in $(BROWSER_VENV)"; \
	else $(PYTHON) -m venv $(BROWSER_VENV) && $(BROWSER_VENV)/bin/pip install -q playwright; fi

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

# The templates are their own source: after editing one in Word or LibreOffice, rewrite its text
# snapshot and commit both (make test fails on a stale snapshot).
snapshots: build
	@for t in templates/*.docx templates/*.odt; do $(BIN) inspect $$t > $$t.txt && echo "wrote $$t.txt"; done

previews: build
	bash Tests/tools/make_previews.sh $(BIN)

# Screenshots of every page of `apdocs serve`, desktop and phone width, for the README.
screenshots: build browser-deps
	$(BROWSER_PY) Tests/web/run_browser_tests.py --apdocs $(BIN) --screenshots docs/screenshots

# Coverage-guided fuzzing (Fuzz/README.md, Fuzz/run.sh): the targets exist only with APDOCS_FUZZ
# set, in their own build folder (.build-fuzz). A crash stops with its input.
FUZZ_SECONDS ?= 300
fuzz:
	SWIFT=$(SWIFT) bash Fuzz/run.sh $(FUZZ_SECONDS)

# Runs every stage even when one fails, then fails if any did.
test: build
	@status=0; \
	echo "== swift format lint --strict (style: .swift-format)"; $(SWIFT) format lint --strict -r Sources Tests Package.swift || status=1; \
	echo "== libFuzzer targets, 30 s each (SKIPPED if the fuzzer toolchain cannot build here)"; \
	SWIFT=$(SWIFT) bash Fuzz/run.sh 30 --skip-if-unbuildable || status=1; \
	echo "== swift test"; APDOCS_SHARED=$(abspath $(SHARED)) APDOCS_PYTHON=$(PYTHON) $(SWIFT) test || status=1; \
	echo "== read-back harness"; $(PYTHON) Tests/readback/run_readback.py $(BIN) --shared $(SHARED) || status=1; \
	echo "== batch builds (two builds at once, SIGKILL)"; $(PYTHON) Tests/batch/run_batch_tests.py $(BIN) || status=1; \
	echo "== shipped templates: snapshots current, each accepts the context it receives"; bash Tests/templates/check_templates.sh $(BIN) || status=1; \
	echo "== the README's workspace commands, on a fresh make install"; $(PYTHON) Tests/workspace/readme_walkthrough.py --make $(MAKE) || status=1; \
	echo "== the web app in a real browser (Playwright, Debian's chromium)"; \
	{ $(MAKE) --no-print-directory browser-deps && $(BROWSER_PY) Tests/web/run_browser_tests.py --apdocs $(BIN); } || status=1; \
	echo "== the AP document set, read back by the oracles"; $(PYTHON) Tests/documents/run_document_tests.py $(BIN) --shared $(SHARED) || status=1; \
	echo "== forms filled, read back by LibreOffice"; SHARED=$(abspath $(SHARED)) PYTHON=$(PYTHON) bash Tests/Fixtures/forms/check_forms.sh $(BIN) || status=1; \
	echo "== docxtpl conformance: the 19 cases that must pass"; \
	if [ -f $(CONFORMANCE) ]; then \
	  out=$$(mktemp -d); $(PYTHON) $(CONFORMANCE) $(BIN) --out $$out $(foreach c,$(CORE_CASES),-k $(c)) || status=1; rm -rf $$out; \
	  $(CONFORMANCE_ALL); \
	else $(SKIP_CONFORMANCE); fi; \
	exit $$status

readback: build
	$(PYTHON) Tests/readback/run_readback.py $(BIN) --shared $(SHARED)

conformance: build
	@[ -f $(CONFORMANCE) ] || { $(SKIP_CONFORMANCE); exit 1; }
	$(PYTHON) $(CONFORMANCE) $(BIN) $(foreach c,$(CORE_CASES),-k $(c))

# All 22 cases, informational: the 13 beyond the core use docxtpl-only extensions.
conformance-all:
	@[ -f $(CONFORMANCE) ] || { $(SKIP_CONFORMANCE); exit 1; }
	@$(CONFORMANCE_ALL)

# Proves the read-back harness can fail (fake engines); needs no apdocs binary.
selftest:
	$(PYTHON) Tests/readback/run_readback.py --self-test --shared $(SHARED)

# Regenerates Tests/Fixtures/templates from Tests/Fixtures/src (LibreOffice + hand-made DOCX).
fixtures:
	SHARED=$(abspath $(SHARED)) PYTHON=$(PYTHON) Tests/Fixtures/make_fixtures.sh

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
	$(MAKE) --no-print-directory bench-deps; $(PYTHON) Tests/batch/bench_docxtpl.py $(BIN) --shared $(SHARED)
	$(PYTHON) Tests/web/load_check.py --apdocs $(BIN) --seconds 30

format:
	$(SWIFT) format format -i -r Sources Tests Package.swift

clean:
	rm -rf .build
	find output -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
