"""Writes notice.docx: 附件2 in the notice's Word layout, built with python-docx.

Paragraphs above the table (附件2, title, 单位/填报日期 split by tabs, 姓名/职务
split by spaces), a heading row with 工作措施和目标要求 spanning the four quarter
columns and the other headings merged down over two rows, task rows with
责任名称 merged over two rows, a tracked deletion and insertion, and the
signature paragraph below.
"""
import sys
import zipfile

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

out = sys.argv[1]
d = docx.Document()
for text in ["附件2", "领导班子主要负责人责任清单",
             "单位（盖章）：示例学校\t\t填报日期：2017年2月10日", "姓名：张三  职务：校长"]:
    d.add_paragraph(text)
d.add_paragraph("")

t = d.add_table(rows=6, cols=7)
t.style = "Table Grid"
heads = ["责任名称", "序号", "项目任务具体分解内容"]
for i, h in enumerate(heads):
    t.cell(0, i).text = h
    t.cell(0, i).merge(t.cell(1, i))
t.cell(0, 3).text = "工作措施和目标要求"
t.cell(0, 3).merge(t.cell(0, 6))
for i, q in enumerate(["一季度", "二季度", "三季度", "四季度"]):
    t.cell(1, 3 + i).text = q
rows = [
    ["主要负责人履行“第一责任人”责任", "1", "与班子成员开展谈心谈话", "每月谈心谈话", "做好记录", "点评1次", "年底汇总1本"],
    ["", "2", "带头讲党课", "制定党课计划1份", "上1次党课", "组织1次交流", "书面报告1份"],
    ["履行“一岗双责”责任", "3", "抓好分管工作", "完善清单1份", "听取汇报", "风险排查", "向党委汇报"],
    ["研究党风廉政建设", "4", "研究部署", "参加全会", "听取汇报", "研究意见", "协调问题"],
]
for r, vals in enumerate(rows, start=2):
    for c, v in enumerate(vals):
        if v:
            t.cell(r, c).text = v
t.cell(2, 0).merge(t.cell(3, 0))

# A tracked change in the last row: 旧 deleted, 新 inserted.
p = t.cell(5, 2).paragraphs[0]
for tag, text in [("w:del", "旧"), ("w:ins", "新")]:
    change = OxmlElement(tag)
    change.set(qn("w:id"), "1" if tag == "w:del" else "2")
    change.set(qn("w:author"), "qingdan")
    run = OxmlElement("w:r")
    t_el = OxmlElement("w:delText" if tag == "w:del" else "w:t")
    t_el.text = text
    run.append(t_el)
    change.append(run)
    p._p.append(change)

d.add_paragraph("")
d.add_paragraph("主要负责人（签字）：")
d.save(out)

# python-docx has no custom properties: add qingdan.kind as Word writes it.
CUSTOM = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
          '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
          'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
          '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="qingdan.kind">'
          '<vt:lpwstr>principal</vt:lpwstr></property></Properties>')
with zipfile.ZipFile(out) as z:
    parts = {n: z.read(n) for n in z.namelist()}
parts["docProps/custom.xml"] = CUSTOM.encode()
parts["_rels/.rels"] = parts["_rels/.rels"].replace(
    b"</Relationships>",
    b'<Relationship Id="rIdCustom" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>')
parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
    b"</Types>",
    b'<Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>')
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for name, data in parts.items():
        z.writestr(name, data)
