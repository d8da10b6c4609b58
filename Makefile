# qingdan — build, test and demo targets. Go modules come through the module proxy.
GO      ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X qingdan/cmd.Version=$(VERSION)
BIN     := qingdan
DEMO    := demo

.PHONY: build test demo dist clean

build:
	$(GO) build -trimpath -ldflags "$(LDFLAGS)" -o $(BIN) .

test:
	$(GO) vet ./...
	$(GO) test ./...

# demo writes the five blank forms and the five filled examples, then checks and scores the examples.
demo: build
	./$(BIN) template -o "$(DEMO)/空白表格" --force
	./$(BIN) template --example -o "$(DEMO)/填写示例" --force
	-./$(BIN) validate "$(DEMO)/填写示例"
	-./$(BIN) score "$(DEMO)/填写示例"
	@echo
	@echo "空白表格和填写示例已写入：$(CURDIR)/$(DEMO)"

# dist writes the archives users download: for Windows a .zip with qingdan.exe,
# 使用说明.txt, 名单示例.csv and the blank forms; for Linux and macOS .tar.gz.
DISTDOCS = docs/dist/使用说明.txt docs/dist/名单示例.csv
dist: build
	@rm -rf dist && mkdir -p dist/forms
	./$(BIN) template -o dist/forms --force >/dev/null
	GOOS=windows GOARCH=amd64 $(GO) build -trimpath -ldflags "$(LDFLAGS)" -o dist/windows-amd64/qingdan.exe .
	GOOS=linux   GOARCH=amd64 $(GO) build -trimpath -ldflags "$(LDFLAGS)" -o dist/linux-amd64/qingdan .
	GOOS=darwin  GOARCH=arm64 $(GO) build -trimpath -ldflags "$(LDFLAGS)" -o dist/macos-arm64/qingdan .
	GOOS=darwin  GOARCH=amd64 $(GO) build -trimpath -ldflags "$(LDFLAGS)" -o dist/macos-amd64/qingdan .
	$(GO) run ./internal/pack -o dist/qingdan-windows-amd64.zip dist/windows-amd64/qingdan.exe $(DISTDOCS) dist/forms=空白表格
	for p in linux-amd64 macos-arm64 macos-amd64; do \
	  $(GO) run ./internal/pack -o dist/qingdan-$$p.tar.gz dist/$$p/qingdan $(DISTDOCS) dist/forms=空白表格 || exit 1; \
	done
	@ls -l dist/*.zip dist/*.tar.gz

# e2e drives `qingdan serve` in headless chromium (CHROMIUM=path to choose one);
# E2E_MEASURE=300 also times 300 files through the page against the CLI.
.PHONY: e2e
e2e:
	$(GO) test -tags e2e -count=1 -timeout 20m -v ./internal/e2e

clean:
	rm -rf $(BIN) dist $(DEMO)

# compat checks our files with LibreOffice Calc and openpyxl (installs them when missing).
.PHONY: compat
compat:
	bash compat/run.sh

# bench measures reading against its floor on a generated corpus (N files, default 1000).
.PHONY: bench
bench:
	bash bench/run.sh

# fuzz runs each fuzz target for FUZZTIME (default 30s); a crasher is kept
# under the package's testdata/fuzz as a regression seed for go test. New
# inputs are minimised briefly (FUZZMINIMIZE): each run of a workbook reader
# costs milliseconds, and Go's default minute per input stalls the search.
FUZZTIME     ?= 30s
FUZZMINIMIZE ?= 50x
FUZZFLAGS     = -run '^$$' -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINIMIZE)
.PHONY: fuzz
fuzz:
	$(GO) test ./checklist $(FUZZFLAGS) -fuzz '^FuzzReadWorkbook$$'
	$(GO) test ./scoring $(FUZZFLAGS) -fuzz '^FuzzReadScoreSheet$$'
	$(GO) test ./scoring $(FUZZFLAGS) -fuzz '^FuzzParseScore$$'
	$(GO) test ./internal/grid/xls $(FUZZFLAGS) -fuzz '^FuzzRead$$'
	$(GO) test ./internal/grid/docx $(FUZZFLAGS) -fuzz '^FuzzRead$$'
	$(GO) test ./internal/grid/ods $(FUZZFLAGS) -fuzz '^FuzzRead$$'
	$(GO) test ./internal/grid/xlsx $(FUZZFLAGS) -fuzz '^FuzzRead$$'
	$(GO) test ./internal/grid/csv $(FUZZFLAGS) -fuzz '^FuzzRead$$'
	$(GO) test ./scoring $(FUZZFLAGS) -fuzz '^FuzzScoreFile$$'
	$(GO) test ./checklist $(FUZZFLAGS) -fuzz '^FuzzAnnotate$$'
