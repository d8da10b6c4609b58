"""Build an office inbox from the example lists for the summary render (make compat).

Usage: summary_batch.py EXAMPLES_DIR OUT_DIR
Writes OUT_DIR/收件/<unit>/… (units with name variants, a late list, missing
lists, a list with an error, a unit not on the roster), OUT_DIR/名单.csv and
OUT_DIR/收到时间.csv.
"""
import glob
import os
import sys

import openpyxl

src, out = sys.argv[1], sys.argv[2]
examples = {k: glob.glob(os.path.join(src, f"示例 附件{k}*.xlsx"))[0] for k in (1, 2, 3, 4)}
# where each example writes 单位, 填报日期 and the member's 姓名
unit_cell = {1: "A3", 2: "B4", 3: "B4", 4: "A3"}
date_cell = {1: "F3", 2: "E3", 3: "E3", 4: "F3"}


def write(folder, kind, unit, date="2017年2月10日", person=None, name=None):
    wb = openpyxl.load_workbook(examples[kind])
    ws = wb.worksheets[0]
    cell = ws[unit_cell[kind]]
    cell.value = ("单位(盖章)：" + unit) if kind in (1, 4) else unit
    ws[date_cell[kind]].value = "填报日期：" + date
    if person:
        ws["E4"].value = person
    d = os.path.join(out, "收件", folder)
    os.makedirs(d, exist_ok=True)
    wb.save(os.path.join(d, name or f"附件{kind}.xlsx"))


# 通州区城南小学: four spellings of one unit, all on time
for kind, unit in ((1, "南通市通州区城南小学"), (2, "通州城南小学"), (3, "通州区城南小学（盖章）"), (4, "通州区城南小学")):
    write("城南小学", kind, unit)
# 通州区实验中学: complete, 附件1 dated after the deadline
for kind in (1, 2, 3, 4):
    write("实验中学", kind, "通州区实验中学", date="2017年2月20日" if kind == 1 else "2017年2月10日")
# 石港小学: no 附件4, and it arrived late (收到时间.csv)
for kind in (1, 2, 3):
    write("石港小学", kind, "石港小学")
# 兴仁中学: 2 of its 4 附件3
for kind in (1, 2, 4):
    write("兴仁中学", kind, "兴仁中学")
write("兴仁中学", 3, "兴仁中学", person="李华", name="附件3 李华.xlsx")
write("兴仁中学", 3, "兴仁中学", person="王强", name="附件3 王强.xlsx")
# 刘桥镇中心小学: 附件2 without 单位 (an error), the folder names the unit
for kind in (1, 2, 3, 4):
    write("刘桥镇中心小学", kind, "" if kind == 2 else "刘桥镇中心小学")
# 刘桥初级中学 writes 刘桥初中: matched with unit-alias
for kind in (1, 2, 3, 4):
    write("刘桥初中", kind, "刘桥初中")
# 二甲中学: not on the roster
for kind in (1, 2, 3, 4):
    write("二甲中学", kind, "二甲中学")

with open(os.path.join(out, "名单.csv"), "w", encoding="utf-8-sig") as f:
    f.write("序号,单位,简称,上级党组织,班子成员数,联系人,电话,备注\n")
    f.write("1,通州区城南小学,,区教育局党委,1,王老师,0513-86001001,\n")
    f.write("2,通州区实验中学,实验中学,区教育局党委,1,陈老师,0513-86001002,\n")
    f.write("3,石港小学,,区教育局党委,1,周老师,0513-86001003,新任校长\n")
    f.write("4,兴仁中学,,区教育局党委,4,吴老师,0513-86001004,\n")
    f.write("5,平潮小学,,区教育局党委,2,郑老师,0513-86001005,\n")
    f.write("6,刘桥镇中心小学,,刘桥镇党委,1,冯老师,0513-86001006,\n")
    f.write("7,刘桥初级中学,,刘桥镇党委,1,褚老师,0513-86001007,\n")
    f.write("8,刘桥幼儿园,,刘桥镇党委,0,卫老师,0513-86001008,\n")

with open(os.path.join(out, "收到时间.csv"), "w", encoding="utf-8-sig") as f:
    f.write("文件,收到时间\n")
    for kind in (1, 2, 3):
        f.write(f"石港小学/附件{kind}.xlsx,2017-02-15 10:20\n")
    f.write("城南小学/附件1.xlsx,2017-02-13 16:45\n")
