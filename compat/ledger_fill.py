"""Fill a generated 落实台账 with openpyxl, as a school's clerk would in Excel or WPS.

Used by `make compat`; the same clerk as clerk() in checklist/ledger/ledger_test.go:
every task of 一季度 to 三季度 done with evidence, except the first 一季度 task (done,
no evidence) and the first 二季度 task (推进中); a meeting each quarter, the 三季度 one on
2017-09-28 with its evidence sent on 2017-10-12, after the National Day holiday; 20 people
in range and 2 talks a month, the first talker's 3月 only 1; a 党课 for all but the last person.

usage: python3 ledger_fill.py LEDGER.xlsx OUT.xlsx
"""
import datetime
import sys

import openpyxl

src, dst = sys.argv[1], sys.argv[2]
wb = openpyxl.load_workbook(src)

tasks = wb["任务台账"]
quarter_end = {1: datetime.date(2017, 3, 31), 2: datetime.date(2017, 6, 30), 3: datetime.date(2017, 9, 30)}
for row in range(3, tasks.max_row + 1):
    q = (row - 3) % 4 + 1
    if q == 4:
        continue
    if row == 4:
        tasks.cell(row, 9, "推进中")
        continue
    tasks.cell(row, 9, "已完成")
    tasks.cell(row, 10, quarter_end[q] - datetime.timedelta(days=5)).number_format = "yyyy-mm-dd"
    if row != 3:
        tasks.cell(row, 11, "会议记录、照片")
        tasks.cell(row, 12, "√")

meetings = wb["季度会议"]
for i, (held, sent) in enumerate([((3, 20), (3, 22)), ((6, 20), (6, 23)), ((9, 28), (10, 12))]):
    meetings.cell(3 + i, 2, datetime.date(2017, *held)).number_format = "yyyy-mm-dd"
    meetings.cell(3 + i, 6, datetime.date(2017, *sent)).number_format = "yyyy-mm-dd"

lectures = wb["党课"]
people = lectures.max_row - 2
talks = wb["谈心谈话"]
for month in range(1, 10):
    for p in range(people):
        row = 3 + (month - 1) * people + p
        talks.cell(row, 4, 20)
        talks.cell(row, 6, 1 if (month == 3 and p == 0) else 2)

for p in range(people - 1):
    lectures.cell(3 + p, 3, "2017年5月4日")

wb.save(dst)
print(f"openpyxl 填写的台账：{dst}（{tasks.max_row - 2} 行任务，{people} 位谈话人）")
