// The page of `qingdan serve`: plain DOM, no framework, nothing from the network
// but this server. Every URL is relative, so it carries the token path.
"use strict";

const $ = (id) => document.getElementById(id);
const SEV = { error: "错误", warning: "警告", info: "提示" };
const SEV_RANK = { error: 0, warning: 1, info: 2 };
let rules = null;

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else e.setAttribute(k, v);
  }
  for (const c of children) {
    if (c == null) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

function runID() {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

function kindLabel(kind) {
  const k = rules && rules.kinds.find((x) => x.id === kind);
  return k ? "附件" + k.attachment : kind;
}

// ---- tabs ----
for (const b of document.querySelectorAll("#tabs button")) {
  b.addEventListener("click", () => showTab(b.dataset.tab));
}
function showTab(name) {
  for (const b of document.querySelectorAll("#tabs button")) b.classList.toggle("active", b.dataset.tab === name);
  for (const s of document.querySelectorAll(".tab")) s.classList.toggle("active", s.id === "tab-" + name);
}

// ---- choosing files: inputs and drag and drop, keeping sub-folder paths ----
function picker(drop, onAdd) {
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", async (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    const entries = [];
    for (const item of e.dataTransfer.items) {
      const entry = item.webkitGetAsEntry && item.webkitGetAsEntry();
      if (entry) entries.push(entry);
    }
    const out = [];
    if (entries.length) {
      for (const entry of entries) await walkEntry(entry, "", out);
    } else {
      for (const f of e.dataTransfer.files) out.push({ file: f, path: f.name });
    }
    onAdd(out);
  });
}

async function walkEntry(entry, prefix, out) {
  const path = prefix + entry.name;
  if (entry.isFile) {
    const file = await new Promise((ok, fail) => entry.file(ok, fail));
    out.push({ file, path });
    return;
  }
  const reader = entry.createReader();
  for (;;) {
    const batch = await new Promise((ok, fail) => reader.readEntries(ok, fail));
    if (!batch.length) break;
    for (const child of batch) await walkEntry(child, path + "/", out);
  }
}

function fromInput(input) {
  return Array.from(input.files, (f) => ({ file: f, path: f.webkitRelativePath || f.name }));
}

// addChoice adds files to a choice, skipping a file chosen twice; two
// files of one name from different folders both stay (the server numbers them).
function addChoice(into, list) {
  const key = (x) => [x.path, x.file.size, x.file.lastModified].join("|");
  const seen = new Set(into.map(key));
  for (const x of list) if (!seen.has(key(x))) { into.push(x); seen.add(key(x)); }
}

function sizeText(n) {
  return n < 1048576 ? `${Math.max(1, Math.round(n / 1024))} KB` : `${(n / 1048576).toFixed(1)} MB`;
}

function describeChoice(list, noun) {
  if (!list.length) return "尚未选择" + noun;
  const folders = new Set(list.map((x) => x.path.split("/")[0]).filter((p, i, a) => list.some((x) => x.path.startsWith(p + "/"))));
  const size = list.reduce((n, x) => n + x.file.size, 0);
  let s = `已选择 ${list.length} 个文件（${sizeText(size)}）`;
  if (folders.size) s += "，文件夹：" + Array.from(folders).join("、");
  return s;
}

// ---- uploading with progress ----
function upload(url, form, progressBox) {
  const id = runID();
  const bar = progressBox.querySelector("progress");
  const text = progressBox.querySelector("span");
  progressBox.hidden = false;
  bar.removeAttribute("value");
  text.textContent = "正在准备……";
  let finished = false;
  const poll = async () => {
    while (!finished) {
      await new Promise((r) => setTimeout(r, 300));
      if (finished) break;
      try {
        const r = await fetch("api/progress/" + id);
        if (!r.ok) continue;
        const p = await r.json();
        if (p.phase === "check" && p.total > 0) {
          bar.max = p.total; bar.value = p.done;
          text.textContent = `已读取 ${p.done} / ${p.total} 个文件`;
        } else if (p.phase === "check") {
          text.textContent = "正在读取……";
        }
      } catch (_) { /* the next poll tries again */ }
    }
  };
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url + "?run=" + id);
    xhr.responseType = "text";
    xhr.upload.onprogress = (e) => {
      if (!e.lengthComputable) return;
      bar.max = e.total; bar.value = e.loaded;
      text.textContent = `正在上传 ${Math.round((100 * e.loaded) / e.total)}%`;
      if (e.loaded === e.total) text.textContent = "上传完成，正在读取……";
    };
    xhr.upload.onloadend = () => poll();
    xhr.onload = () => {
      finished = true;
      progressBox.hidden = true;
      let body;
      try { body = JSON.parse(xhr.responseText); } catch (_) { body = null; }
      if (xhr.status !== 200) {
        reject(new Error((body && body.error) || `出错了（${xhr.status}），请重试`));
        return;
      }
      resolve({ id: xhr.getResponseHeader("X-Qingdan-Run") || id, report: body });
    };
    xhr.onerror = () => {
      finished = true;
      progressBox.hidden = true;
      reject(new Error("无法连接到 qingdan。请确认启动 qingdan 的窗口没有关闭，然后刷新页面"));
    };
    xhr.send(form);
  });
}

function formOf(list) {
  const form = new FormData();
  for (const x of list) form.append("path", x.path);
  for (const x of list) form.append("file", x.file, x.path.split("/").pop());
  return form;
}

// ---- 检查清单 ----
let chosen = [];
function setChosen(list) {
  addChoice(chosen, list);
  $("chosen").textContent = describeChoice(chosen, "文件");
  $("clear").hidden = !chosen.length;
  $("run").disabled = !chosen.length;
}
$("files").addEventListener("change", (e) => { setChosen(fromInput(e.target)); e.target.value = ""; });
$("folder").addEventListener("change", (e) => { setChosen(fromInput(e.target)); e.target.value = ""; });
$("roster").addEventListener("change", (e) => {
  const f = e.target.files[0];
  $("roster-name").textContent = f ? f.name : "未选择";
});
$("clear").addEventListener("click", () => { chosen = []; setChosen([]); });
picker($("drop"), setChosen);

$("run").addEventListener("click", async () => {
  const form = formOf(chosen);
  const roster = $("roster").files[0];
  if (roster) form.append("roster", roster, roster.name);
  if ($("deadline").value) form.append("deadline", $("deadline").value);
  if ($("strict").checked) form.append("strict", "1");
  const report = $("report");
  performance.mark("check-start");
  report.dataset.state = "running";
  $("check-error").hidden = true;
  $("run").disabled = true;
  try {
    const { id, report: rep } = await upload("api/validate", form, $("progress"));
    await showReport(id, rep);
  } catch (err) {
    report.dataset.state = "error";
    $("check-error").textContent = err.message;
    $("check-error").hidden = false;
  } finally {
    $("run").disabled = !chosen.length;
  }
});

let current = null;
async function showReport(id, rep) {
  performance.mark("check-answer");
  let groups = [];
  const r = await fetch(`api/runs/${id}/groups`);
  if (r.ok) groups = await r.json();
  current = { id, rep, notes: { groups }, strict: $("strict").checked };
  const s = rep.stats;
  const stats = el("div", { class: "stats" },
    el("div", { class: "stat" }, el("b", { text: s.files }), "个文件"),
    el("div", { class: "stat" }, el("b", { text: s.lists }), "份清单"),
    el("div", { class: "stat" }, el("b", { text: s.units }), "个单位"),
    el("div", { class: "stat err" }, el("b", { text: s.errors }), "个错误"),
    el("div", { class: "stat warn" }, el("b", { text: s.warnings }), "个警告"),
    el("div", { class: "stat" }, el("b", { text: s.infos }), "个提示"));
  const summary = $("report-summary");
  summary.replaceChildren(stats);
  if (rep.roster) {
    summary.append(el("p", {}, `应报 ${rep.roster.expected} 个单位，已报 ${rep.roster.submitted} 个` +
      (rep.roster.missing.length ? `，未报送：${rep.roster.missing.join("、")}` : "，全部报齐")));
  }
  const failed = current.strict ? s.errors + s.warnings > 0 : s.errors > 0;
  summary.append(el("p", { class: failed ? "error" : "" }, failed ? "结论：有需要修改的问题，请下载批注副本退回修改。" : "结论：没有发现错误。"));
  $("download-summary").href = `api/runs/${id}/汇总.xlsx`;
  const ann = $("download-annotated");
  ann.href = `api/runs/${id}/退回.zip`;
  ann.hidden = true;
  $("annotated-note").textContent = "正在生成批注副本……";
  $("downloads").hidden = false;
  showOutputs(id);
  const unitSel = $("filter-unit");
  unitSel.replaceChildren(el("option", { value: "" }, "全部单位"));
  for (const g of groups) unitSel.append(el("option", { value: g.name }, g.name));
  $("filters").hidden = false;
  renderReport();
  const report = $("report");
  report.dataset.errors = s.errors;
  report.dataset.warnings = s.warnings;
  report.dataset.files = s.files;
  report.dataset.state = "done";
  performance.mark("check-done");
}

// showOutputs says what the 退回 copies hold once the server has made them.
async function showOutputs(id) {
  const r = await fetch(`api/runs/${id}/outputs`);
  if (!r.ok || !current || current.id !== id) return;
  const notes = await r.json();
  $("download-annotated").hidden = !notes.annotated;
  let note = notes.annotated ? `共 ${notes.annotated} 份批注副本` : "没有需要退回修改的文件";
  if (notes.skipped.length) note += `；${notes.skipped.length} 个文件无法生成副本（${notes.skipped.map((x) => x.path + "：" + x.reason).join("；")}），请直接把问题清单发给报送单位`;
  if (notes.error) note += "；" + notes.error;
  $("annotated-note").textContent = note;
}

for (const id of ["filter-severity", "filter-unit", "filter-problems"]) $(id).addEventListener("change", () => current && renderReport());

function keepFinding(f) {
  const level = $("filter-severity").value;
  return !level || SEV_RANK[f.severity] <= SEV_RANK[level];
}

function findingTable(findings, withSheet, all) {
  const rows = all ? findings : findings.filter(keepFinding);
  if (!rows.length) return null;
  const head = el("tr", {}, el("th", {}, "级别"), withSheet ? el("th", {}, "工作表") : null, el("th", {}, "单元格"), el("th", {}, "事项"), el("th", {}, "问题及修改建议"), el("th", {}, "代码"));
  const t = el("table", {}, el("thead", {}, head));
  const body = el("tbody");
  for (const f of rows) {
    const item = f.item && rules ? (rules.items.concat(rules.safeguards).find((x) => x.id === f.item) || {}).name : "";
    body.append(el("tr", { class: f.severity },
      el("td", { class: "sev" }, SEV[f.severity] || f.severity),
      withSheet ? el("td", {}, f.sheet) : null,
      el("td", { class: "cell" }, f.cell),
      el("td", {}, f.item ? `${f.item} ${item || ""}` : ""),
      el("td", {}, f.message),
      el("td", { class: "cell" }, f.code)));
  }
  t.append(body);
  return t;
}

function fileStatus(fr) {
  // A file holding only a 评分表 is skipped by validate, as the command line says: not 合格.
  if (!(fr.lists || []).length && fr.findings.length && fr.findings.every((f) => f.code === "scorecard-skipped")) {
    return ["missing", "评分表，已跳过"];
  }
  const sev = fr.findings.map((f) => f.severity);
  if (sev.includes("error")) return ["error", "有错误"];
  if (sev.includes("warning")) return ["warning", "有警告"];
  return ["ok", "合格"];
}

function renderReport() {
  const { rep, notes } = current;
  const onlyUnit = $("filter-unit").value;
  const onlyProblems = $("filter-problems").checked;
  const byPath = new Map(rep.files.map((f) => [f.path, f]));
  const unitsByName = new Map(rep.units.map((u) => [u.name, u]));
  const body = $("report-body");
  body.replaceChildren();
  const placed = new Set();
  const groups = notes.groups.length ? notes.groups : [{ name: "全部文件", files: rep.files.map((f) => f.path) }];
  for (const g of groups) {
    if (onlyUnit && g.name !== onlyUnit) continue;
    const u = unitsByName.get(g.name);
    const files = g.files.map((p) => byPath.get(p)).filter(Boolean);
    files.forEach((f) => placed.add(f.path));
    const box = el("div", { class: "unit" });
    let badge;
    if (u && !files.length) badge = el("span", { class: "badge missing" }, "未报送");
    else if (u) {
      const all = u.findings.concat(...files.map((f) => f.findings)).map((f) => f.severity);
      if (all.includes("error")) badge = el("span", { class: "badge error" }, "需修改");
      else if (all.includes("warning")) badge = el("span", { class: "badge warning" }, current.strict ? "需修改" : "有警告");
      else badge = el("span", { class: "badge ok" }, "合格");
    }
    const lists = u ? Object.entries(u.lists).map(([k, n]) => `${kindLabel(k)}×${n}`).join(" ") : "";
    box.append(el("h3", {}, g.name, badge, el("span", { class: "hint" }, lists)));
    const inner = el("div", { class: "body" });
    if (u) {
      const t = findingTable(u.findings, false);
      if (t) inner.append(el("p", {}, "单位问题："), t);
    }
    for (const fr of files) {
      const [cls, label] = fileStatus(fr);
      if (onlyProblems && cls === "ok") continue;
      const kinds = fr.lists.map((l) => kindLabel(l.kind) + (l.person ? "（" + l.person + "）" : "")).join("、");
      const div = el("div", { class: "file" }, el("h4", {}, el("span", { class: "badge " + cls }, label), " ", fr.path, kinds ? el("span", { class: "hint" }, "　" + kinds) : null));
      const t = findingTable(fr.findings, true);
      if (t) div.append(t);
      inner.append(div);
    }
    box.append(inner);
    body.append(box);
  }
  const rest = rep.files.filter((f) => !placed.has(f.path));
  if (rest.length && !onlyUnit) {
    const box = el("div", { class: "unit" }, el("h3", {}, "其他文件"));
    const inner = el("div", { class: "body" });
    for (const fr of rest) {
      const [cls, label] = fileStatus(fr);
      if (onlyProblems && cls === "ok") continue;
      const div = el("div", { class: "file" }, el("h4", {}, el("span", { class: "badge " + cls }, label), " ", fr.path));
      const t = findingTable(fr.findings, true);
      if (t) div.append(t);
      inner.append(div);
    }
    box.append(inner);
    body.append(box);
  }
}

// ---- 评分 ----
let scoreChosen = [];
function setScoreChosen(list) {
  addChoice(scoreChosen, list);
  $("score-chosen").textContent = describeChoice(scoreChosen, "评分表");
  $("score-run").disabled = !scoreChosen.length;
}
$("score-files").addEventListener("change", (e) => { setScoreChosen(fromInput(e.target)); e.target.value = ""; });
picker($("score-drop"), setScoreChosen);

const pts = (v) => (Math.round(v * 100) / 100).toString();

$("score-run").addEventListener("click", async () => {
  const form = formOf(scoreChosen);
  form.append("blank", $("score-blank").value);
  const box = $("ranking");
  box.dataset.state = "running";
  $("score-error").hidden = true;
  $("score-run").disabled = true;
  try {
    const { id, report } = await upload("api/score", form, $("score-progress"));
    showRanking(id, report);
  } catch (err) {
    box.dataset.state = "error";
    $("score-error").textContent = err.message;
    $("score-error").hidden = false;
  } finally {
    $("score-run").disabled = !scoreChosen.length;
  }
});

function showRanking(id, rep) {
  const body = $("ranking-body");
  body.replaceChildren();
  const scored = rep.cards.filter((c) => c.max > 0);
  if (!rep.cards.length) body.append(el("p", { class: "error" }, "所选文件中没有找到评分表。"));
  const label = (c) => c.unit || c.path.split(/[\\/]/).pop().replace(/\.[^.]*$/, "");
  if (rep.ranking.length) {
    const used = new Set();
    const cardOf = (r) => {
      const c = scored.find((x) => !used.has(x) && label(x) === r.unit && x.total === r.total);
      if (c) used.add(c);
      return c || { categories: [] };
    };
    const t = el("table", { id: "ranking-table" }, el("thead", {}, el("tr", {}, el("th", {}, "名次"), el("th", {}, "被检查考核单位"), el("th", {}, "总分"),
      ...scored[0].categories.map((c) => el("th", {}, `${c.name}（${pts(c.max)}）`)))));
    const tb = el("tbody");
    for (const r of rep.ranking) {
      tb.append(el("tr", {}, el("td", { class: "num" }, r.rank), el("td", {}, r.unit), el("td", { class: "num" }, pts(r.total)),
        ...cardOf(r).categories.map((c) => el("td", { class: "num" }, pts(c.score)))));
    }
    t.append(tb);
    body.append(el("h3", {}, "排名"), t);
    body.append(el("h3", {}, "薄弱环节（按平均扣分）"));
    if (!rep.weakest.length) body.append(el("p", {}, "无扣分"));
    else {
      const w = el("table", {}, el("thead", {}, el("tr", {}, el("th", {}, "事项"), el("th", {}, "具体要求"), el("th", {}, "平均扣分"))));
      const wb = el("tbody");
      for (const k of rep.weakest) {
        wb.append(el("tr", {}, el("td", {}, k.item + " " + itemName(k.item)), el("td", {}, `${k.requirement}. ${k.text}`), el("td", { class: "num" }, pts(k.average_lost))));
      }
      w.append(wb);
      body.append(w);
    }
  }
  for (const c of rep.cards) {
    const card = el("div", { class: "card" }, el("h3", {}, c.unit || c.path, el("span", { class: "hint" }, "　" + c.path + (c.date ? "　检查考核时间：" + c.date : ""))));
    if (c.max > 0) {
      card.append(el("p", {}, "总分 ", el("span", { class: "total" }, `${pts(c.total)} / ${pts(c.max)}`), "　",
        c.categories.map((x) => `${x.name} ${pts(x.score)}/${pts(x.max)}`).join("　")));
      if (!c.deductions.length) card.append(el("p", {}, "扣分：无"));
      else {
        const t = el("table", {}, el("thead", {}, el("tr", {}, el("th", {}, "事项"), el("th", {}, "具体要求"), el("th", {}, "扣分"), el("th", {}, "扣分说明"))));
        const tb = el("tbody");
        for (const d of c.deductions) {
          tb.append(el("tr", {}, el("td", {}, d.item + " " + itemName(d.item)), el("td", {}, d.requirement || "（整项评分）"),
            el("td", { class: "num" }, pts(d.lost)), el("td", {}, d.note || "")));
        }
        t.append(tb);
        card.append(el("p", {}, "扣分："), t);
      }
    }
    const t = findingTable(c.findings, true);
    if (t) card.append(el("p", {}, "问题："), t);
    body.append(card);
  }
  $("download-ranking").href = `api/runs/${id}/排名.xlsx`;
  $("ranking-downloads").hidden = !rep.cards.length;
  const box = $("ranking");
  box.dataset.cards = rep.cards.length;
  box.dataset.state = "done";
}

// ---- 台账 and 公示: one chooser and one run each ----
function chooser(prefix, noun) {
  const state = { list: [] };
  const set = (list) => {
    addChoice(state.list, list);
    $(prefix + "-chosen").textContent = describeChoice(state.list, noun);
    $(prefix + "-run").disabled = !state.list.length;
  };
  for (const id of [prefix + "-files", prefix + "-folder"]) {
    $(id).addEventListener("change", (e) => { set(fromInput(e.target)); e.target.value = ""; });
  }
  picker($(prefix + "-drop"), set);
  return state;
}

function runTab(prefix, api, state, box, fields, show) {
  $(prefix + "-run").addEventListener("click", async () => {
    const form = formOf(state.list);
    for (const [k, v] of Object.entries(fields())) form.append(k, v);
    box.dataset.state = "running";
    $(prefix + "-error").hidden = true;
    $(prefix + "-run").disabled = true;
    try {
      const { id, report } = await upload(api, form, $(prefix + "-progress"));
      show(id, report);
      box.dataset.state = "done";
    } catch (err) {
      box.dataset.state = "error";
      $(prefix + "-error").textContent = err.message;
      $(prefix + "-error").hidden = false;
    } finally {
      $(prefix + "-run").disabled = !state.list.length;
    }
  });
}

const ledgerLists = chooser("ledger", "清单");
runTab("ledger", "api/ledger", ledgerLists, $("ledger-result"), () => ({}), (id, rep) => {
  const body = $("ledger-body");
  body.replaceChildren();
  const made = rep.units.filter((u) => !u.refused);
  const refused = rep.units.filter((u) => u.refused);
  body.append(el("div", { class: "stats" },
    el("div", { class: "stat ok" }, el("b", {}, made.length), "份台账已生成"),
    el("div", { class: "stat err" }, el("b", {}, refused.length), "个单位未生成")));
  if (made.length) {
    const t = el("table", {}, el("thead", {}, el("tr", {}, el("th", {}, "单位"), el("th", {}, "年度"), el("th", {}, "季度任务"), el("th", {}, "谈话人"), el("th", {}, "文件"))));
    const tb = el("tbody");
    for (const u of made) tb.append(el("tr", {}, el("td", {}, u.name), el("td", { class: "num" }, u.year), el("td", { class: "num" }, u.tasks), el("td", { class: "num" }, u.talkers), el("td", {}, u.file)));
    t.append(tb);
    body.append(t);
  }
  if (refused.length) body.append(el("p", { class: "error" }, "以下单位的清单有错误，未生成台账，请改正清单后重新生成：" + refused.map((u) => u.name).join("、")));
  for (const fr of rep.refused) {
    const card = el("div", { class: "card" }, el("h3", {}, fr.path));
    const t = findingTable(fr.findings.filter((f) => f.severity === "error"), true, true);
    if (t) card.append(t);
    body.append(card);
  }
  $("download-ledgers").href = `api/runs/${id}/落实台账.zip`;
  $("ledger-downloads").hidden = !made.length;
});

const STATUS_CLASS = { "红": "error", "黄": "warning", "绿": "ok" };
const ledgerChecked = chooser("ledger-check", "台账");
runTab("ledger-check", "api/ledger-check", ledgerChecked, $("ledger-report"), () => ({ as_of: $("ledger-asof").value }), (id, rep) => {
  const body = $("ledger-report-body");
  body.replaceChildren(el("p", {}, `截至 ${rep.as_of} 共检查 ${rep.files.length} 份台账`));
  const t = el("table", {}, el("thead", {}, el("tr", {}, ...["台账文件", "单位", "年度", "状态", "应完成任务", "已完成", "逾期", "应开会议", "已开", "佐证按时", "谈话未达8%（人次·月）", "党课"].map((h) => el("th", {}, h)))));
  const tb = el("tbody");
  for (const r of rep.files) {
    const c = r.counts;
    tb.append(el("tr", {}, el("td", {}, r.path), el("td", {}, r.unit), el("td", { class: "num" }, r.year || ""),
      el("td", {}, el("span", { class: "badge " + (STATUS_CLASS[r.status] || "info") }, r.status)),
      ...[c.tasks_due, c.tasks_done, c.tasks_overdue, c.meetings_due, c.meetings_held, c.evidence_on_time, c.talk_months_below].map((n) => el("td", { class: "num" }, n)),
      el("td", { class: "num" }, `${c.lectures_given}/${c.lecturers}`)));
  }
  t.append(tb);
  body.append(t);
  for (const r of rep.files) {
    if (!r.findings.length) continue;
    const card = el("div", { class: "card" }, el("h3", {}, `${r.path}（${r.unit}）`), findingTable(r.findings, true, true));
    body.append(card);
  }
  $("download-ledger-summary").href = `api/runs/${id}/台账汇总.xlsx`;
  $("ledger-summary-downloads").hidden = !rep.files.length;
});

const publishLists = chooser("publish", "清单");
runTab("publish", "api/publish", publishLists, $("publish-report"),
  () => ({ from: $("publish-from").value, to: $("publish-to").value, contact: $("publish-contact").value }), (id, rep) => {
    const body = $("publish-body");
    body.replaceChildren();
    const made = rep.units.filter((u) => !u.refused.length);
    const refused = rep.units.filter((u) => u.refused.length);
    body.append(el("div", { class: "stats" },
      el("div", { class: "stat ok" }, el("b", {}, made.length), "份公示版已生成"),
      el("div", { class: "stat err" }, el("b", {}, refused.length), "个单位未生成")));
    if (made.length) body.append(el("p", {}, "已生成：" + made.map((u) => u.file).join("、")));
    for (const u of refused) {
      const card = el("div", { class: "card" }, el("h3", {}, `${u.name}：未生成公示版，请先改正以下错误`));
      const t = el("table", {}, el("thead", {}, el("tr", {}, el("th", {}, "工作表"), el("th", {}, "单元格"), el("th", {}, "问题"), el("th", {}, "代码"))));
      const tb = el("tbody");
      for (const f of u.refused) tb.append(el("tr", { class: "error" }, el("td", {}, f.sheet), el("td", { class: "cell" }, f.cell), el("td", {}, f.message), el("td", { class: "cell" }, f.code)));
      t.append(tb);
      card.append(t);
      body.append(card);
    }
    $("download-publish").href = `api/runs/${id}/公示版.zip`;
    $("publish-downloads").hidden = !made.length;
  });

function itemName(id) {
  const it = rules && rules.items.find((x) => x.id === id);
  return it ? it.name : "";
}

// ---- 表格 ----
function formsHref() {
  const q = new URLSearchParams();
  const year = $("form-year").value.trim();
  if (year) q.set("year", year);
  if ($("form-unit").value.trim()) q.set("unit", $("form-unit").value.trim());
  if ($("form-org").value) q.set("org", $("form-org").value);
  const s = q.toString();
  $("download-forms").href = "api/forms" + (s ? "?" + s : "");
}
for (const id of ["form-year", "form-unit", "form-org"]) $(id).addEventListener("input", formsHref);

// ---- 规则 ----
function renderRules() {
  const body = $("rules-body");
  body.replaceChildren(el("p", {}, `规则版本：${rules.version}。评分表共 ${rules.item_count} 项考核项目、${rules.requirement_count} 条具体要求，满分 100 分。`));
  const t = el("table", {}, el("thead", {}, el("tr", {}, ...["序号", "考核类别", "考核项目", "标准分", "具体要求", "所在清单"].map((h) => el("th", {}, h)))));
  const tb = el("tbody");
  for (const it of rules.items) {
    const reqs = el("ol");
    for (const r of it.requirements) reqs.append(el("li", {}, `${r.text}（${r.points}分）`));
    tb.append(el("tr", {}, el("td", {}, it.id), el("td", {}, it.category), el("td", {}, it.name), el("td", { class: "num" }, it.points), el("td", {}, reqs), el("td", {}, (it.lists || []).join("、"))));
  }
  t.append(tb);
  body.append(el("h3", {}, "考核项目"), t);
  const s = el("table", {}, el("thead", {}, el("tr", {}, ...["编号", "保障措施", "依据", "所在清单"].map((h) => el("th", {}, h)))));
  const sb = el("tbody");
  for (const g of rules.safeguards) sb.append(el("tr", {}, el("td", {}, g.id), el("td", {}, g.name), el("td", {}, g.basis), el("td", {}, (g.lists || []).join("、"))));
  s.append(sb);
  body.append(el("h3", {}, "保障措施"), s);
  const k = el("table", {}, el("thead", {}, el("tr", {}, ...["附件", "清单", "必含事项"].map((h) => el("th", {}, h)))));
  const kb = el("tbody");
  for (const x of rules.kinds) kb.append(el("tr", {}, el("td", {}, "附件" + x.attachment), el("td", {}, x.title), el("td", {}, x.items.map((id) => id + " " + (itemName(id) || (rules.safeguards.find((g) => g.id === id) || {}).name || "")).join("；"))));
  k.append(kb);
  body.append(el("h3", {}, "清单种类及必含事项"), k);
}

async function start() {
  try {
    const r = await fetch("api/rules");
    rules = await r.json();
    renderRules();
    for (const o of rules.orgs || []) $("form-org").append(el("option", { value: o }, o));
  } catch (_) {
    $("rules-body").replaceChildren(el("p", { class: "error" }, "无法读取规则，请刷新页面。"));
  }
  // qingdan started with files dropped on it opens on their result.
  const m = location.hash.match(/^#run=([0-9a-f]+)$/);
  if (m) {
    const r = await fetch(`api/runs/${m[1]}/report`);
    if (r.ok) await showReport(m[1], await r.json());
    else $("check-error").textContent = (await r.json()).error, $("check-error").hidden = false;
  }
}
start();
