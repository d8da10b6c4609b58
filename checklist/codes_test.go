package checklist

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// definedCodes reads the finding codes the program defines from its
// source: constants named Code… and Code: fields of composite literals, in
// the packages that write findings.
func definedCodes(t *testing.T) []string {
	t.Helper()
	var codes []string
	add := func(e ast.Expr) {
		if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			if s, err := strconv.Unquote(lit.Value); err == nil && !slices.Contains(codes, s) {
				codes = append(codes, s)
			}
		}
	}
	for _, dir := range []string{".", "../scoring"} {
		paths, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range paths {
			if strings.HasSuffix(p, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(token.NewFileSet(), p, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.ValueSpec:
					for i, name := range n.Names {
						if strings.HasPrefix(name.Name, "Code") && i < len(n.Values) {
							add(n.Values[i])
						}
					}
				case *ast.KeyValueExpr:
					if k, ok := n.Key.(*ast.Ident); ok && k.Name == "Code" {
						add(n.Value)
					}
				}
				return true
			})
		}
	}
	return codes
}

func TestEveryCodeHasAChineseName(t *testing.T) {
	c := DefaultCatalog()
	codes := definedCodes(t)
	if len(codes) < 40 {
		t.Fatalf("found only %d codes in the source: %q", len(codes), codes)
	}
	for _, code := range codes {
		if c.Codes[code] == "" {
			t.Errorf("代码 %s 在 catalog.yaml 的 codes 中没有中文名称", code)
		}
	}
	for code := range c.Codes {
		if !slices.Contains(codes, code) {
			t.Errorf("catalog.yaml 的 codes 中的 %s 不是程序定义的代码", code)
		}
	}
}

func TestCodeName(t *testing.T) {
	custom, err := ParseCatalog([]byte(strings.Replace(string(defaultCatalogYAML), `  late: "逾期报送"`, `  late: "迟报"`, 1)))
	if err != nil {
		t.Fatal(err)
	}
	head, _, _ := strings.Cut(string(defaultCatalogYAML), "\ncodes:")
	old, err := ParseCatalog([]byte(head + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		c    *Catalog
		code string
		want string
	}{
		{"embedded rules", DefaultCatalog(), CodeMissingList, "缺报清单"},
		{"a rules file's own name", custom, CodeLate, "迟报"},
		{"a rules file without codes falls back to the embedded names", old, CodeLate, "逾期报送"},
		{"an unknown code is shown as is", DefaultCatalog(), "no-such-code", "no-such-code"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.c.CodeName(tt.code); got != tt.want {
				t.Errorf("CodeName(%s) = %q, want %q", tt.code, got, tt.want)
			}
		})
	}
	t.Run("an empty name is refused with its path", func(t *testing.T) {
		_, err := ParseCatalog([]byte(strings.Replace(string(defaultCatalogYAML), `  late: "逾期报送"`, `  late: ""`, 1)))
		if err == nil || !strings.Contains(err.Error(), "codes") {
			t.Log(err)
			t.Errorf("error %v", err)
		}
	})
}
