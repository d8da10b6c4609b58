"""Write responsibility lists with openpyxl in the notice's plain layout.

Used by `make compat`: the files a school would build by hand from the Word forms
(merged 责任名称, the heading moved down, one 工作措施和目标要求 column with quarter
markers on attachment 1), written by another program than qingdan.

usage: python3 plain_lists.py OUTDIR
writes: 平铺格式 四种清单.xlsx (valid: four lists, one per sheet)
        平铺格式 有错误.xlsx   (a member list with known mistakes)
        手工格式 变体.xlsx     (valid: quarter columns headed with months, 责任领导,
                               a date in Chinese numerals, a blank quarter row, 序号
                               1-1, three member lists stacked on one sheet)
"""
import os
import sys

import openpyxl
from openpyxl.styles import Alignment

QUARTERS = ["一季度", "二季度", "三季度", "四季度"]

COLLECTIVE = ["组织领导", "正风肃纪", "选好用好干部", "规范和监督权力运行", "领导和支持执纪审查",
              "源头治理", "齐抓共管", "完善问责机制",
              "责任清单", "履责纪实", "定期报告", "约谈提醒", "述责述廉", "考核问责"]
PRINCIPAL = ["主要负责人履行“第一责任人”责任", "履行“一岗双责”责任", "研究党风廉政建设",
             "加强督促检查", "处理群众来信来访", "当好廉洁从政表率"]
MEMBER = PRINCIPAL[1:]
SUPERVISION = ["协助党委加强党风廉政建设", "维护党的纪律", "加强作风督查", "坚决查办案件",
               "开展廉政约谈", "专题听取工作报告", "拟提拔干部廉政审查"]


def measures(name, i):
    """Four quarterly measures, each with a number or a frequency."""
    out = [f"{q}：围绕“{name}”开展第{i}项工作不少于{n}次，形成记录{n}份" for q, n in zip(QUARTERS, (1, 2, 2, 1))]
    return out


SPECIAL = {
    "组织领导": "每季度召开1次党委会议，专题听取班子成员履行“一岗双责”情况汇报",
    "履行“一岗双责”责任": "每月按不低于10%的比例对分管、联系部门主要负责人开展谈心谈话",
    "主要负责人履行“第一责任人”责任": "每月按不低于10%的比例对班子成员和下属单位主要负责人开展谈心谈话",
    "当好廉洁从政表率": "全年至少上1次党课，做好党课活动记录",
}


def header(ws, attachment, title, unit_line, top):
    ws.cell(row=top, column=1, value=f"附件{attachment}")
    ws.cell(row=top + 1, column=1, value=title)
    ws.cell(row=top + 2, column=1, value=unit_line)


def write_rows(ws, names, first_row, cols, single, owner=True, prefix=False, per_item=2):
    """Rows for each item: 责任名称 merged over its rows; returns the next free row."""
    r = first_row
    seq = 1
    for k, name in enumerate(names):
        start = r
        written = f"{'一二三四五六七八九十'[k % 10]}、{name}" if prefix else name
        for t in range(per_item):
            ms = measures(name, t + 1)
            if t == 0 and name in SPECIAL:
                ms = [f"{q}：{SPECIAL[name]}" for q in QUARTERS]
            ws.cell(row=r, column=cols["name"], value=written if t == 0 else None)
            ws.cell(row=r, column=cols["seq"], value=seq)
            ws.cell(row=r, column=cols["task"], value=f"{name}任务{t + 1}：制定计划并组织实施")
            if owner:
                ws.cell(row=r, column=cols["owner"], value="王强")
                ws.cell(row=r, column=cols["department"], value="党政办")
            if single:
                ws.cell(row=r, column=cols["measures"], value="\n".join(ms)).alignment = Alignment(wrap_text=True)
            else:
                for q in range(4):
                    ws.cell(row=r, column=cols["measures"] + q, value=ms[q])
            seq += 1
            r += 1
        ws.merge_cells(start_row=start, start_column=cols["name"], end_row=r - 1, end_column=cols["name"])
    return r


def collective(ws, top):
    header(ws, 1, "党委(党组)领导班子主体责任清单", "单位(盖章)：平铺小学          填报日期：2017年2月10日", top)
    h = top + 4
    for c, text in enumerate(["责任名称", "序号", "项目任务", "责任人", "责任\n部门", "工作措施和目标要求"], start=1):
        ws.cell(row=h, column=c, value=text)
    cols = {"name": 1, "seq": 2, "task": 3, "owner": 4, "department": 5, "measures": 6}
    end = write_rows(ws, COLLECTIVE, h + 1, cols, single=True, prefix=True)
    ws.cell(row=end + 1, column=1, value="党委(组)主要负责人(签字)：")


def quarter_heading(ws, h, cols_before):
    for c, text in enumerate(cols_before, start=1):
        ws.cell(row=h, column=c, value=text)
        ws.merge_cells(start_row=h, start_column=c, end_row=h + 1, end_column=c)
    m = len(cols_before) + 1
    ws.cell(row=h, column=m, value="工作措施和目标要求")
    ws.merge_cells(start_row=h, start_column=m, end_row=h, end_column=m + 3)
    for q in range(4):
        ws.cell(row=h + 1, column=m + q, value=QUARTERS[q])


def principal(ws, top):
    ws.cell(row=top, column=1, value="附件2")
    ws.cell(row=top + 1, column=1, value="2017年度 领导班子主要负责人责任清单")
    ws.cell(row=top + 2, column=1, value="填报日期：2017.2.10")
    for c, text in enumerate(["单 位", "平铺小学", "姓 名", "赵刚", "职 务", "校长"], start=1):
        ws.cell(row=top + 3, column=c, value=text)
    h = top + 5
    quarter_heading(ws, h, ["责任\n名称", "序号", "项目任务具体分解内容"])
    cols = {"name": 1, "seq": 2, "task": 3, "measures": 4}
    end = write_rows(ws, PRINCIPAL, h + 2, cols, single=False, owner=False)
    ws.cell(row=end + 1, column=1, value="领导班子主要负责人（签字）：")


def member(ws, top, names=MEMBER, person="孙丽", mistakes=False):
    ws.cell(row=top, column=1, value="附件3")
    ws.cell(row=top + 1, column=1, value="班子成员责任清单")
    ws.cell(row=top + 2, column=1, value="填报日期：２０１７年２月１０日")
    for c, text in enumerate(["单 位", "平铺小学", "姓 名", person, "职 务", "副校长"], start=1):
        ws.cell(row=top + 3, column=c, value=text)
    ws.cell(row=top + 4, column=1, value="分管工作")
    ws.cell(row=top + 4, column=2, value="教学、德育")
    ws.cell(row=top + 5, column=1, value="联系单位")
    ws.cell(row=top + 5, column=2, value="教务处、德育处")
    h = top + 7
    quarter_heading(ws, h, ["责任名称", "序号", "项目任务\n具体分解内容"])
    cols = {"name": 1, "seq": 2, "task": 3, "measures": 4}
    end = write_rows(ws, names, h + 2, cols, single=False, owner=False)
    if mistakes:
        ws.cell(row=h + 5, column=5).value = None  # second row of 一岗双责: no 二季度 measure
    ws.cell(row=end + 1, column=1, value="主要负责人(签字)：")
    ws.cell(row=end + 1, column=5, value="班子成员(签字)：")


def supervision(ws, top):
    header(ws, 4, "纪委(纪检组)监督责任清单", "单位（盖章）：平铺小学   填报日期：2017/2/10", top)
    ws.cell(row=top + 3, column=1, value="单  位")
    ws.cell(row=top + 3, column=2, value="平铺小学")
    h = top + 5
    quarter_heading(ws, h, ["责任名称", "序号", "项目任务\n具体分解内容", "责任人", "责任部门"])
    cols = {"name": 1, "seq": 2, "task": 3, "owner": 4, "department": 5, "measures": 6}
    end = write_rows(ws, SUPERVISION, h + 2, cols, single=False)
    ws.cell(row=end + 1, column=1, value="党委(组)主要负责人(签字)：")
    ws.cell(row=end + 1, column=6, value="纪委(纪检组)主要负责人(签字)：")


def main(outdir):
    os.makedirs(outdir, exist_ok=True)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    collective(ws, 3)
    principal(wb.create_sheet("第二页"), 1)
    member(wb.create_sheet("成员"), 2)
    supervision(wb.create_sheet("纪检"), 6)
    hidden = wb.create_sheet("草稿")
    hidden.sheet_state = "hidden"
    hidden["A1"] = "作废的草稿"
    wb.save(os.path.join(outdir, "平铺格式 四种清单.xlsx"))

    wb = openpyxl.Workbook()
    names = ["主要负责人履行“第一责任人”责任", "一岗双责", "研究党风廉政建设", "加强督促检查", "处理群众来信来访"]
    member(wb.active, 1, names=names, person="", mistakes=True)
    wb.save(os.path.join(outdir, "平铺格式 有错误.xlsx"))

    wb = openpyxl.Workbook()
    hand_built(wb)
    wb.save(os.path.join(outdir, "手工格式 变体.xlsx"))


def hand_built(wb):
    """The layouts schools rebuild by hand: every list must still pass."""
    ws = wb.active
    ws.title = "Sheet1"
    supervision(ws, 1)
    for c, text in zip(range(6, 10), ["一季度（1-3月）", "二季度（4-6月）", "三季度（7-9月）", "四季度（10-12月）"]):
        ws.cell(row=7, column=c, value=text)
    ws.cell(row=6, column=4, value="责任领导")
    ws.cell(row=6, column=5, value="责任科室")
    ws.cell(row=3, column=1, value="单位（盖章）：平铺小学   填报日期：二〇一七年二月十日（星期五）")
    ws = wb.create_sheet("Sheet2")
    principal(ws, 1)
    for c in range(4, 8):
        ws.cell(row=7, column=c).value = None  # the 一季度…四季度 row left blank
    for r in range(8, 20):
        ws.cell(row=r, column=2, value=f"{(r - 8) // 2 + 1}-{(r - 8) % 2 + 1}")
    ws = wb.create_sheet("Sheet3")
    top = 1
    for person in ("孙丽", "周明", "吴芳"):
        member(ws, top, person=person)
        top = ws.max_row + 3


if __name__ == "__main__":
    main(sys.argv[1])
