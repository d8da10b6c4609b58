package checklist

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// RulesProblem is one thing wrong in a rules file: the line (0 when the
// file as a whole is wrong) and what is wrong, in Chinese.
type RulesProblem struct {
	Line int
	Text string
}

func (p RulesProblem) String() string {
	if p.Line == 0 {
		return p.Text
	}
	return fmt.Sprintf("第%d行：%s", p.Line, p.Text)
}

// RulesError is what is wrong with a rules file, in Chinese; Err keeps the
// YAML library's or the validator's error for a bug report.
type RulesError struct {
	Problems []RulesProblem
	Err      error
}

func (e *RulesError) Error() string {
	parts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		parts[i] = p.String()
	}
	return strings.Join(parts, "；")
}

func (e *RulesError) Unwrap() error { return e.Err }

var (
	yamlSyntax    = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)
	yamlUnknown   = regexp.MustCompile(`^line (\d+): field (\S+) not found in type (\S+)$`)
	yamlDuplicate = regexp.MustCompile(`^line (\d+): mapping key "(.*)" already defined at line (\d+)$`)
	yamlType      = regexp.MustCompile("^line (\\d+): cannot unmarshal !!(\\w+)(?: `(.*)`)? into (.+)$")
	yamlTypeLine  = regexp.MustCompile(`^line (\d+): (.*)$`)
)

// yamlErrorZH turns an error of decoding a rules file into Chinese, each
// problem with the line to fix.
func yamlErrorZH(data []byte, err error) error {
	if errors.Is(err, io.EOF) {
		return &RulesError{Problems: []RulesProblem{{Text: "规则文件是空的，请用 qingdan rules export 导出一份再修改"}}, Err: err}
	}
	var te *yaml.TypeError
	if errors.As(err, &te) {
		re := &RulesError{Err: err}
		for _, msg := range te.Errors {
			re.Problems = append(re.Problems, typeProblem(msg))
		}
		return re
	}
	m := yamlSyntax.FindStringSubmatch(err.Error())
	if m == nil {
		return &RulesError{Problems: []RulesProblem{{Text: "YAML 格式错误，请检查缩进、冒号和引号"}}, Err: err}
	}
	from, _ := strconv.Atoi(m[1])
	return &RulesError{Problems: []RulesProblem{{Line: problemLine(data, from, m[2]), Text: syntaxReason(m[2])}}, Err: err}
}

// problemLine finds the line a YAML syntax problem is on. The library
// reports the line where the enclosing list or mapping starts (its
// context mark), often far above the edit; the problem itself is on the
// last line of the shortest start of the file that fails with the same
// problem, since the parser stops at the first one.
func problemLine(data []byte, from int, problem string) int {
	lines := bytes.SplitAfter(data, []byte("\n"))
	for n := max(from, 1); n <= len(lines); n++ {
		var node yaml.Node
		err := yaml.Unmarshal(bytes.Join(lines[:n], nil), &node)
		if err != nil && strings.HasSuffix(err.Error(), problem) {
			return n
		}
	}
	return from
}

// syntaxReason says in Chinese what a libyaml problem means and how to fix it.
func syntaxReason(problem string) string {
	switch {
	case strings.Contains(problem, "tab character"), strings.Contains(problem, "found character that cannot start any token"):
		return "有不能出现在此处的字符（常见的是制表符 Tab：YAML 只能用空格缩进），请改用空格"
	case strings.Contains(problem, "did not find expected '-' indicator"):
		return "缩进不对：这一行应与同一列表的其他“- ”项对齐"
	case strings.Contains(problem, "did not find expected key"):
		return "缩进不对：这一行应与同一层的其他字段对齐"
	case strings.Contains(problem, "mapping values are not allowed"):
		return "此处不能有冒号“:”：检查缩进，文字中含冒号时请给整段文字加引号"
	case strings.Contains(problem, "block sequence entries are not allowed"):
		return "此处不能开始“- ”列表项，请检查缩进"
	case strings.Contains(problem, "could not find expected ':'"):
		return "缺少冒号“:”，字段应写成“名称: 值”"
	case strings.Contains(problem, "did not find expected ',' or ']'"):
		return "方括号列表 [ ] 没有闭合，或两项之间缺少逗号"
	case strings.Contains(problem, "did not find expected ',' or '}'"):
		return "花括号 { } 没有闭合，或两项之间缺少逗号"
	case strings.Contains(problem, "found unexpected end of stream"):
		return "文件意外结束：引号或括号没有闭合"
	case strings.Contains(problem, "unknown escape character"):
		return "双引号中的反斜杠 \\ 后面不是有效的转义字符，请改用单引号或删去反斜杠"
	case strings.Contains(problem, "did not find expected node content"):
		return "此处缺少值"
	case strings.Contains(problem, "UTF-8"), strings.Contains(problem, "control characters"):
		return "文件不是 UTF-8 编码的文本，请用 UTF-8 编码保存"
	case strings.Contains(problem, "unknown anchor"), strings.Contains(problem, "undefined alias"):
		return "引用了未定义的锚点（*名称）"
	}
	return "YAML 格式错误，请检查这一行的缩进、冒号和引号"
}

// typeProblem says one of the decoder's type errors in Chinese.
func typeProblem(msg string) RulesProblem {
	if m := yamlUnknown.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		text := "未知字段 " + m[2]
		if names := rulesFields()[m[3]]; len(names) > 0 {
			text += "（可用的字段：" + strings.Join(names, "、") + "）"
		}
		return RulesProblem{Line: line, Text: text}
	}
	if m := yamlDuplicate.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return RulesProblem{Line: line, Text: fmt.Sprintf("字段 %s 重复（第%s行已写过），请删去其中一个", m[2], m[3])}
	}
	if m := yamlType.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		text := "这里应为" + goTypeName(m[4])
		if m[3] != "" {
			text = fmt.Sprintf("「%s」不能用在这里，应为%s", m[3], goTypeName(m[4]))
		}
		return RulesProblem{Line: line, Text: text}
	}
	if m := yamlTypeLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return RulesProblem{Line: line, Text: "内容的类型不对，请对照 qingdan rules export 导出的文件检查"}
	}
	return RulesProblem{Text: "内容的类型不对，请对照 qingdan rules export 导出的文件检查"}
}

// goTypeName names a Go type of the catalog as a rules file shows it.
func goTypeName(t string) string {
	switch {
	case strings.HasPrefix(t, "[]"):
		return "列表（每项一行，以“- ”开头，或写成 [甲, 乙]）"
	case strings.HasPrefix(t, "map["):
		return "“名称: 值”形式的若干行"
	case strings.HasPrefix(t, "int"), strings.HasPrefix(t, "uint"):
		return "整数"
	case strings.HasPrefix(t, "float"):
		return "数字"
	case t == "string", strings.HasSuffix(t, ".Kind"):
		return "文字"
	case t == "bool":
		return "true 或 false"
	}
	return "“名称: 值”形式的若干行（下一级缩进）"
}

// rulesFields lists the YAML fields of each struct type of the catalog,
// by the type's name as the decoder prints it (checklist.Item).
func rulesFields() map[string][]string {
	out := map[string][]string{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for t.Kind() == reflect.Slice || t.Kind() == reflect.Map || t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || out[t.String()] != nil {
			return
		}
		names := []string{}
		out[t.String()] = names
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if !f.IsExported() || name == "-" || name == "" {
				continue
			}
			names = append(names, name)
			walk(f.Type)
		}
		out[t.String()] = names
	}
	walk(reflect.TypeOf(Catalog{}))
	return out
}

// problemField reads the field path our own checks start a problem with:
// "字段 categories[0].items[2].name …".
var problemField = regexp.MustCompile(`^字段 ([A-Za-z_][A-Za-z0-9_.\[\]]*)`)

// locateProblems adds the line to each problem the validator and build()
// found, which name the field by its path; the problems are joined by "；".
func locateProblems(data []byte, err error) error {
	var root yaml.Node
	if yaml.Unmarshal(data, &root) != nil {
		return err
	}
	re := &RulesError{Err: err}
	for _, part := range strings.Split(err.Error(), "；") {
		p := RulesProblem{Text: part}
		if m := problemField.FindStringSubmatch(part); m != nil {
			p.Line = pathLine(&root, m[1])
		}
		re.Problems = append(re.Problems, p)
	}
	return re
}

var pathStep = regexp.MustCompile(`([^.\[\]]+)|\[(\d+)\]`)

// pathLine is the line of the node at a field path such as
// categories[0].items[2].name, or of the nearest node above it that
// exists (a required field that is absent is reported at its mapping).
func pathLine(root *yaml.Node, path string) int {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	line := n.Line
	for _, m := range pathStep.FindAllStringSubmatch(path, -1) {
		var next *yaml.Node
		switch {
		case m[1] != "" && n.Kind == yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == m[1] {
					next = n.Content[i+1]
					line = n.Content[i].Line
				}
			}
		case m[2] != "" && n.Kind == yaml.SequenceNode:
			if i, _ := strconv.Atoi(m[2]); i < len(n.Content) {
				next = n.Content[i]
				line = next.Line
			}
		}
		if next == nil {
			return line
		}
		n = next
	}
	return line
}
