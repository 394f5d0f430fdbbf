import { createHash } from 'node:crypto';
import { drawSvg, MAX_DRAWN_NODES, SVG_STYLE } from '../graph/svg.js';
import type { GraphView } from '../graph/view.js';
import { nodeLabel, positionsOf } from '../graph/view.js';
import type { FormatOptions, Formatter } from './formatter.js';
import type { ExitCode, Report, ReportFinding, ReportSummary } from './report.js';
import { joinChunks } from './chunks.js';
import type { Chunks } from './chunks.js';

// One self-contained page: inline CSS, inline SVG, one inline script, the data
// as inert JSON. No request leaves the page (its Content-Security-Policy forbids
// any), so it works from file://, as a CI artifact, offline. Everything that
// comes from the repository (names, messages, paths) is escaped; the policy
// also runs no script but the one whose hash it names.

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '\ufffd');

/** JSON inside <script type="application/json">: `<` can never close the element. */
const inert = (json: string) =>
  json.replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

const VERDICT: Record<ExitCode, { text: string; css: string }> = {
  0: { text: 'PASSED', css: 'passed' },
  1: { text: 'FAILED', css: 'failed' },
  2: { text: 'FAILED: cycle', css: 'failed' },
  3: { text: 'INPUT ERROR', css: 'input' },
};

const COUNTS: [keyof ReportSummary, string][] = [
  ['present', 'Present'],
  ['expected', 'Declared expected'],
  ['deferred', 'Deferred'],
  ['drift', 'Drift'],
  ['cycles', 'Cycles'],
  ['errors', 'Errors'],
  ['warnings', 'Warnings'],
];

const STYLE = `
:root{color-scheme:light;--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#fff;--soft:#f6f8fa;--red:#cf222e;--amber:#9a6700;--green:#1a7f37;--purple:#8250df;--blue:#0969da}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:var(--fg);background:var(--bg)}
header{padding:16px 24px;border-bottom:1px solid var(--line);display:flex;gap:16px;align-items:center;flex-wrap:wrap}
header h1{font-size:18px;margin:0}
header .meta{color:var(--muted);font-size:13px}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
.verdict{font-weight:700;padding:4px 12px;border-radius:999px;color:#fff;white-space:nowrap}
.verdict.passed{background:var(--green)}.verdict.failed{background:var(--red)}.verdict.input{background:var(--amber)}
main{padding:16px 24px 48px}
nav.tabs{display:flex;gap:4px;flex-wrap:wrap;border-bottom:1px solid var(--line);margin:0 0 16px}
nav.tabs button{border:1px solid transparent;border-bottom:none;background:none;padding:6px 12px;border-radius:6px 6px 0 0;cursor:pointer;font:inherit;color:var(--muted)}
nav.tabs button[aria-selected=true]{border-color:var(--line);background:var(--bg);color:var(--fg);font-weight:600;margin-bottom:-1px}
nav.tabs .dot{display:inline-block;width:8px;height:8px;border-radius:50%;margin-right:6px;background:var(--green)}
nav.tabs .dot.failed{background:var(--red)}nav.tabs .dot.input{background:var(--amber)}
section.kit h2{font-size:16px;margin:8px 0 4px;display:flex;gap:10px;align-items:center}
section.kit h2 .verdict{font-size:12px;padding:2px 10px}
.counts{display:flex;gap:8px;flex-wrap:wrap;margin:12px 0}
.count{border:1px solid var(--line);border-radius:8px;padding:8px 14px;min-width:92px;background:var(--soft)}
.count b{display:block;font-size:22px;line-height:1.1}
.count span{color:var(--muted);font-size:12px}
.count.bad b{color:var(--red)}
.toolbar{display:flex;gap:12px;align-items:center;flex-wrap:wrap;margin:12px 0 8px}
.toolbar label{color:var(--muted);font-size:13px;display:flex;gap:6px;align-items:center}
select,input,button.btn{font:inherit;font-size:13px;padding:3px 8px;border:1px solid var(--line);border-radius:6px;background:var(--bg);color:var(--fg)}
button.btn{cursor:pointer;background:var(--soft)}
.graph-area{display:grid;grid-template-columns:minmax(0,1fr) 300px;gap:12px;align-items:start}
.pane{border:1px solid var(--line);border-radius:8px;overflow:auto;max-height:78vh;background:var(--bg)}
.pane svg{display:block}
.note{color:var(--muted);font-size:13px;margin:6px 0}
.note.warn{color:var(--amber)}
aside.details{border:1px solid var(--line);border-radius:8px;padding:12px;background:var(--soft);font-size:13px;position:sticky;top:8px;max-height:78vh;overflow:auto}
aside.details h3{margin:0 0 6px;font-size:14px;word-break:break-all}
aside.details ul{margin:4px 0 10px;padding-left:18px}
aside.details li button{border:none;background:none;padding:0;color:var(--blue);cursor:pointer;font:inherit;text-align:left;word-break:break-all}
aside.details .empty{color:var(--muted)}
.legend{display:flex;gap:14px;flex-wrap:wrap;color:var(--muted);font-size:12px;margin:6px 0}
.legend i{display:inline-block;width:22px;height:12px;vertical-align:-2px;margin-right:5px;border:1.5px solid #57606a;border-radius:3px;background:#fff}
.legend i.deferred{border-style:dashed;border-color:#8c959f}
.legend i.undeclared{border-color:var(--red);background:#ffebe9}
.legend i.cycle{border-color:var(--purple);border-width:2.5px}
.legend i.edge{border:none;border-top:2px solid #8c959f;height:0;border-radius:0;vertical-align:3px;background:none}
.legend i.edge.drift{border-top-color:var(--red)}
.legend i.edge.missing{border-top:2px dashed var(--red)}
.legend i.edge.cycle{border-top:2.5px solid var(--purple)}
.legend i.edge.applies{border-top:2px dotted #0969da}
table.findings{border-collapse:collapse;width:100%;margin-top:8px;font-size:13px}
table.findings th,table.findings td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
table.findings th{background:var(--soft);position:sticky;top:0}
table.findings td.msg{word-break:break-word}
table.findings td.fix{color:var(--muted);word-break:break-word}
table.findings tr.related td{background:#fff8c5}
table.findings tr[hidden]{display:none}
.sev{font-weight:600;font-size:12px;padding:1px 8px;border-radius:999px;white-space:nowrap}
.sev.error{background:#ffebe9;color:var(--red)}.sev.warning{background:#fff8c5;color:var(--amber)}
a{color:var(--blue)}
.clusters-table{border-collapse:collapse;font-size:13px;margin:8px 0 16px}
.clusters-table th,.clusters-table td{border-bottom:1px solid var(--line);padding:4px 10px;text-align:right}
.clusters-table th:first-child,.clusters-table td:first-child{text-align:left}
.bd-graph .node{cursor:pointer}
.bd-graph .node:focus{outline:none}
.bd-graph .node:focus rect{stroke:var(--blue)}
.bd-graph .node .flag{fill:var(--red)}.bd-graph .node .flag.warning{fill:#d4a72c}
.bd-graph.focus .node:not(.selected):not(.upstream):not(.downstream){opacity:.22}
.bd-graph.focus .edge:not(.upstream):not(.downstream){opacity:.12}
.bd-graph .node.selected rect{stroke:var(--blue);stroke-width:3px;fill:#ddf4ff}
.bd-graph .node.upstream rect{stroke:#1a7f37;stroke-width:2.5px;fill:#dafbe1}
.bd-graph .node.downstream rect{stroke:#bc4c00;stroke-width:2.5px;fill:#fff1e5}
.bd-graph .edge.upstream path{stroke:#1a7f37;stroke-width:2.2px}
.bd-graph .edge.downstream path{stroke:#bc4c00;stroke-width:2.2px}
.bd-graph .node.filtered-out{opacity:.18}
.bd-graph .edge.filtered-out{opacity:.1}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px;vertical-align:-1px}
.swatch.up{background:#dafbe1;border:1.5px solid #1a7f37}.swatch.down{background:#fff1e5;border:1.5px solid #bc4c00}
@media (max-width:900px){.graph-area{grid-template-columns:1fr}aside.details{position:static}}
@media print{.toolbar,nav.tabs{display:none}.pane{max-height:none;overflow:visible}}
`;

// The page's behaviour. Plain ES2017, no library; reads the data block, never
// builds HTML from strings (textContent only), so no name can become markup.
const SCRIPT = `(function () {
'use strict';
var data = JSON.parse(document.getElementById('bd-data').textContent);
function el(tag, text, cls) { var e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; }
function closure(start, next) {
  var seen = {}; var stack = next[start].slice(); var out = [];
  while (stack.length) { var i = stack.pop(); if (seen[i] || i === start) continue; seen[i] = true; out.push(i); Array.prototype.push.apply(stack, next[i]); }
  return out;
}
data.kits.forEach(function (kit, k) {
  var section = document.getElementById('kit-' + k);
  var svg = section.querySelector('svg.bd-graph');
  var rows = Array.prototype.slice.call(section.querySelectorAll('table.findings tbody tr'));
  var panel = section.querySelector('aside.details');
  var shown = section.querySelector('.shown');
  var index = {}; kit.nodes.forEach(function (node, i) { index[node.name] = i; });
  var deps = kit.nodes.map(function () { return []; }); var users = kit.nodes.map(function () { return []; });
  kit.edges.forEach(function (e) { deps[e[0]].push(e[1]); users[e[1]].push(e[0]); });
  var state = { selected: -1, wave: '', finding: '' };
  function nodeEl(i) { return svg && !kit.collapsed ? svg.querySelector('#' + kit.prefix + 'n' + i) : null; }
  // A finding names a release by metadata.name; a repository-view node is Kind/namespace/name.
  function concerns(row, node) { var d = row.dataset; return d.hr === node.name || d.dependency === node.name || d.hr === node.short || d.dependency === node.short; }
  function rowMatches(row) {
    var d = row.dataset;
    if (state.wave !== '' && d.wave !== state.wave) return false;
    if (state.finding === 'error' || state.finding === 'warning') { if (d.severity !== state.finding) return false; }
    else if (state.finding !== '' && d.rule !== state.finding) return false;
    if (state.selected >= 0 && !concerns(row, kit.nodes[state.selected])) return false;
    return true;
  }
  function apply() {
    var visible = 0; var flagged = {};
    rows.forEach(function (row) {
      var ok = rowMatches(row); row.hidden = !ok; if (ok) visible++;
      row.classList.toggle('related', ok && state.selected >= 0);
      if (row.dataset.hr) flagged[row.dataset.hr] = true;
    });
    shown.textContent = 'Showing ' + visible + ' of ' + rows.length + ' finding' + (rows.length === 1 ? '' : 's');
    shown.dataset.visible = String(visible);
    if (!svg || kit.collapsed) return;
    var findingFilter = state.finding !== '';
    var matching = {};
    if (findingFilter) rows.forEach(function (row) { var d = row.dataset; if (d.hr && (state.finding === d.severity || state.finding === d.rule)) matching[d.hr] = true; });
    kit.nodes.forEach(function (node, i) {
      var out = (state.wave !== '' && node.wave !== state.wave) || (findingFilter && !matching[node.name] && !matching[node.short]);
      var e = nodeEl(i); if (e) e.classList.toggle('filtered-out', out);
    });
    Array.prototype.forEach.call(svg.querySelectorAll('.edge'), function (edge) {
      var a = kit.nodes[+edge.dataset.from.slice(1)], b = kit.nodes[+edge.dataset.to.slice(1)];
      edge.classList.toggle('filtered-out', state.wave !== '' && (a.wave !== state.wave || b.wave !== state.wave));
    });
  }
  function list(title, items) {
    panel.appendChild(el('b', title + ' (' + items.length + ')'));
    if (items.length === 0) { panel.appendChild(el('p', 'none', 'empty')); return; }
    var ul = el('ul');
    items.sort(function (a, b) { return kit.nodes[a].name < kit.nodes[b].name ? -1 : 1; }).forEach(function (i) {
      var li = el('li'); var b = el('button', kit.nodes[i].label); b.type = 'button';
      b.addEventListener('click', function () { select(i); }); li.appendChild(b); ul.appendChild(li);
    });
    panel.appendChild(ul);
  }
  function select(i) {
    state.selected = i;
    if (svg && !kit.collapsed) {
      Array.prototype.forEach.call(svg.querySelectorAll('.selected,.upstream,.downstream'), function (e) { e.classList.remove('selected', 'upstream', 'downstream'); });
      svg.classList.toggle('focus', i >= 0);
    }
    while (panel.firstChild) panel.removeChild(panel.firstChild);
    if (i < 0) { panel.appendChild(el('h3', 'No release selected')); panel.appendChild(el('p', kit.collapsed ? 'Pick a release by name above.' : 'Click a release in the graph, or pick one by name above.', 'empty')); apply(); return; }
    var node = kit.nodes[i]; var up = closure(i, deps); var down = closure(i, users);
    if (svg && !kit.collapsed) {
      var upSet = {}, downSet = {}; up.forEach(function (j) { upSet[j] = true; }); down.forEach(function (j) { downSet[j] = true; });
      upSet[i] = downSet[i] = true;
      nodeEl(i).classList.add('selected');
      up.forEach(function (j) { nodeEl(j).classList.add('upstream'); });
      down.forEach(function (j) { nodeEl(j).classList.add('downstream'); });
      Array.prototype.forEach.call(svg.querySelectorAll('.edge'), function (edge) {
        var a = +edge.dataset.from.slice(1), b = +edge.dataset.to.slice(1);
        if (upSet[a] && upSet[b] && !(downSet[a] && a !== i)) edge.classList.add('upstream');
        else if (downSet[a] && downSet[b]) edge.classList.add('downstream');
      });
      var target = nodeEl(i); if (target.scrollIntoView) target.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    }
    panel.appendChild(el('h3', node.label));
    panel.appendChild(el('p', node.statusText + ' · wave ' + node.wave, 'empty'));
    list('Depends on', deps[i].slice()); list('Depended on by', users[i].slice());
    var p = el('p'); p.appendChild(el('span', up.length + ' installed before it, ' + down.length + ' wait for it (transitively).')); panel.appendChild(p);
    var mine = rows.filter(function (row) { return concerns(row, node); });
    panel.appendChild(el('b', 'Findings (' + mine.length + ')'));
    var ul = el('ul'); mine.forEach(function (row) { ul.appendChild(el('li', row.dataset.rule + ': ' + row.querySelector('td.msg').textContent)); }); panel.appendChild(ul);
    var clear = el('button', 'Clear selection', 'btn'); clear.type = 'button'; clear.addEventListener('click', function () { select(-1); }); panel.appendChild(clear);
    apply();
  }
  if (svg && !kit.collapsed) {
    svg.addEventListener('click', function (event) {
      var g = event.target.closest ? event.target.closest('.node') : null;
      select(g ? +g.id.slice(kit.prefix.length + 1) : -1);
    });
    svg.addEventListener('keydown', function (event) {
      var g = event.target.closest ? event.target.closest('.node') : null;
      if (g && (event.key === 'Enter' || event.key === ' ')) { event.preventDefault(); select(+g.id.slice(kit.prefix.length + 1)); }
      if (event.key === 'Escape') select(-1);
    });
  }
  var waveSelect = section.querySelector('select.wave'); var findingSelect = section.querySelector('select.finding'); var find = section.querySelector('input.find');
  waveSelect.addEventListener('change', function () { state.wave = waveSelect.value; apply(); });
  findingSelect.addEventListener('change', function () { state.finding = findingSelect.value; apply(); });
  find.addEventListener('change', function () { var i = index[find.value]; if (i !== undefined) select(i); });
  var zoom = 1; var baseW = svg ? +svg.getAttribute('width') : 0; var baseH = svg ? +svg.getAttribute('height') : 0;
  Array.prototype.forEach.call(section.querySelectorAll('button[data-zoom]'), function (b) {
    b.addEventListener('click', function () {
      var how = b.dataset.zoom;
      zoom = how === 'in' ? zoom * 1.25 : how === 'out' ? zoom / 1.25 : how === 'fit' ? Math.min(1, (pane.clientWidth - 2) / baseW) : 1;
      svg.setAttribute('width', String(Math.round(baseW * zoom))); svg.setAttribute('height', String(Math.round(baseH * zoom)));
    });
  });
  // A drawing wider than its pane starts fitted to it, unless that would make the text too small to read.
  var pane = section.querySelector('.pane');
  if (svg && pane.clientWidth > 0 && baseW > pane.clientWidth) {
    var fit = (pane.clientWidth - 2) / baseW;
    if (fit >= 0.6) { zoom = fit; svg.setAttribute('width', String(Math.round(baseW * zoom))); svg.setAttribute('height', String(Math.round(baseH * zoom))); }
  }
  select(-1);
});
var tabs = Array.prototype.slice.call(document.querySelectorAll('nav.tabs button'));
function show(n) {
  tabs.forEach(function (t, i) { t.setAttribute('aria-selected', String(i === n)); });
  data.kits.forEach(function (kit, k) { document.getElementById('kit-' + k).hidden = k !== n; });
}
tabs.forEach(function (t, i) { t.addEventListener('click', function () { show(i); }); });
if (tabs.length) show(0);
document.body.dataset.ready = 'true';
})();`;

const SCRIPT_HASH = createHash('sha256').update(SCRIPT).digest('base64');

const shortName = (name: string) => name.slice(name.lastIndexOf('/') + 1);

const STATUS_TEXT = { present: 'present on disk', deferred: 'deferred (declared, not on disk)', undeclared: 'not declared in the expected DAG' };

interface Kit {
  title: string | null;
  kitDir: string;
  /** The repository audit's object counts (no kit, no expected DAG): shown instead of Present, Declared expected, Deferred, Drift. */
  objects?: Record<'HelmRelease' | 'Kustomization' | 'ResourceSet', number>;
  exitCode: ExitCode;
  summary: ReportSummary;
  view: GraphView;
  cycles: string[][];
  findings: ReportFinding[];
}

function kitsOf(report: Report): Kit[] {
  const empty: GraphView = { nodes: [], edges: [], waves: [] };
  if (!report.clusters) {
    return [{
      title: null, kitDir: report.kitDir, exitCode: report.exitCode, summary: report.summary, view: report.graph ?? empty, cycles: report.cycles, findings: report.findings,
      ...(report.kitDir === '' && report.flux ? { objects: report.flux.objects } : {}),
    }];
  }
  return report.clusters.map((cluster) => ({
    title: cluster.cluster,
    kitDir: cluster.kitDir,
    exitCode: cluster.exitCode,
    summary: cluster.summary,
    view: cluster.graph ?? empty,
    cycles: cluster.cycles,
    // A finding without a cluster is in the shared expected DAG: every kit shows it.
    findings: report.findings.filter((finding) => finding.cluster === undefined || finding.cluster === cluster.cluster),
  }));
}

/** A link from the report to the file (relative to where the report is written). */
function fileHref(file: string, line: number | null, linkBase: string | undefined): string {
  const encoded = file.split('/').map(encodeURIComponent).join('/');
  const path = file.startsWith('/') ? `file://${encoded}` : `${linkBase ? `${linkBase.split('/').map(encodeURIComponent).join('/')}/` : ''}${encoded}`;
  return `${path}${line ? `#L${line}` : ''}`;
}

/** The findings table, a row at a time. */
function* findingsTable(findings: readonly ReportFinding[], waveOf: Map<string, string>, options: FormatOptions): Generator<string> {
  if (findings.length === 0) {
    yield '<p class="note">No findings.</p><table class="findings" hidden><tbody></tbody></table>';
    return;
  }
  yield '<table class="findings"><thead><tr><th>Rule</th><th>Severity</th><th>Where</th><th>Message</th><th>Fix</th></tr></thead><tbody>\n';
  for (const [index, finding] of findings.entries()) {
    const where = finding.file === null ? '—'
      : `<a href="${escapeHtml(fileHref(finding.file, finding.line, options.linkBase))}">${escapeHtml(finding.file)}${finding.line ? `:${finding.line}${finding.column ? `:${finding.column}` : ''}` : ''}</a>`;
    const data = [
      `data-rule="${escapeHtml(finding.rule)}"`,
      `data-severity="${finding.severity}"`,
      `data-hr="${escapeHtml(finding.hr ?? '')}"`,
      `data-dependency="${escapeHtml(finding.dependency ?? '')}"`,
      `data-wave="${escapeHtml(finding.hr ? waveOf.get(finding.hr) ?? '' : '')}"`,
    ].join(' ');
    yield `${index > 0 ? '\n' : ''}<tr ${data}><td><code>${escapeHtml(finding.rule)}</code></td><td><span class="sev ${finding.severity}">${finding.severity}</span></td><td class="mono">${where}</td><td class="msg">${escapeHtml(finding.message)}</td><td class="fix">${escapeHtml(finding.fix ?? '')}</td></tr>`;
  }
  yield '\n</tbody></table>';
}

/** The drawing's key. The repository audit has no expected DAG: no deferred, undeclared or drift marks, and objects of every kind. */
function legend(applies: boolean, repository = false): string {
  const marks = repository
    ? '<span><i></i>Flux object</span><span><i class="cycle"></i>on a cycle</span><span><i class="edge"></i>depends on</span><span><i class="edge cycle"></i>cycle</span>'
    : '<span><i></i>present</span><span><i class="deferred"></i>deferred</span><span><i class="undeclared"></i>not declared</span>'
      + '<span><i class="cycle"></i>on a cycle</span><span><i class="edge"></i>depends on</span><span><i class="edge drift"></i>drift: not declared</span>'
      + '<span><i class="edge missing"></i>drift: missing on disk</span><span><i class="edge cycle"></i>cycle</span>';
  return `<div class="legend">${marks}`
    + (applies ? '<span><i class="edge applies"></i>applied by (a Flux Kustomization)</span>' : '')
    + `<span>selected ${repository ? 'object' : 'release'}:</span><span><span class="swatch up"></span>installed before it</span>`
    + '<span><span class="swatch down"></span>waits for it</span></div>';
}

/** Stands for the datalist in the section's lines until the section is written. */
const DATALIST = '\u0000datalist\u0000';

function kitSection(kit: Kit, index: number, options: FormatOptions): { html: Chunks; data: Chunks } {
  const prefix = `k${index}-`;
  const { view } = kit;
  // Findings name a release by metadata.name; in the repository view a node is Kind/namespace/name.
  // Only the names findings give are looked up: 520,000 dependency nodes need no entry of their own.
  const findingReleases = new Set<string>();
  for (const finding of kit.findings) if (finding.hr) findingReleases.add(finding.hr);
  const nodesNamed = new Map<string, GraphView['nodes']>();
  for (const node of view.nodes) {
    const short = shortName(node.name);
    for (const key of short === node.name ? [node.name] : [node.name, short]) {
      if (!findingReleases.has(key)) continue;
      const named = nodesNamed.get(key);
      if (named) named.push(node);
      else nodesNamed.set(key, [node]);
    }
  }
  const waveOf = new Map([...nodesNamed].map(([key, nodes]) => [key, nodes[0]!.wave ?? '(no wave)']));
  const flagged = new Map<string, 'error' | 'warning'>();
  for (const finding of kit.findings) {
    for (const node of (finding.hr ? nodesNamed.get(finding.hr) : undefined) ?? []) {
      if (finding.severity === 'error' || !flagged.has(node.name)) flagged.set(node.name, finding.severity);
    }
  }
  const drawing = view.nodes.length > 0 ? drawSvg(view, { cycles: kit.cycles, idPrefix: prefix, bare: true, flagged, repository: Boolean(kit.objects) }) : undefined;
  const verdict = VERDICT[kit.exitCode];
  const out: string[] = [];
  out.push(`<section class="kit" id="kit-${index}" data-exit-code="${kit.exitCode}">`);
  if (kit.title !== null) out.push(`<h2>${escapeHtml(kit.title)} <span class="verdict ${verdict.css}">${verdict.text}</span></h2>`);
  out.push(kit.kitDir === '' ? '<p class="note">Repository view: every Flux object under the root, grouped by namespace.</p>' : `<p class="note">Kit <code>${escapeHtml(kit.kitDir)}</code></p>`);
  out.push('<div class="counts">');
  // The repository audit counts what it read, as its text summary does; a kit, its slots and drift.
  if (kit.objects) {
    for (const [kind, label] of [['HelmRelease', 'HelmReleases'], ['Kustomization', 'Kustomizations'], ['ResourceSet', 'ResourceSets']] as const) {
      out.push(`<div class="count" data-count="${kind}"><b>${kit.objects[kind]}</b><span>${label}</span></div>`);
    }
  }
  for (const [key, label] of COUNTS) {
    if (kit.objects && ['present', 'expected', 'deferred', 'drift'].includes(key)) continue;
    const bad = (key === 'drift' || key === 'cycles' || key === 'errors') && kit.summary[key] > 0;
    out.push(`<div class="count${bad ? ' bad' : ''}" data-count="${key}"><b>${kit.summary[key]}</b><span>${label}</span></div>`);
  }
  // Findings a baseline or annotation suppressed are counted, never hidden (the JSON report lists them).
  if (kit.summary.suppressed) out.push(`<div class="count" data-count="suppressed"><b>${kit.summary.suppressed}</b><span>Suppressed</span></div>`);
  out.push('</div>');
  const ruleSet = new Set<string>();
  for (const finding of kit.findings) ruleSet.add(finding.rule);
  const rules = [...ruleSet].sort();
  // Counted, not filtered into lists of up to 520,000 findings each.
  const count = (predicate: (finding: ReportFinding) => boolean) => {
    let total = 0;
    for (const finding of kit.findings) if (predicate(finding)) total += 1;
    return total;
  };
  out.push('<div class="toolbar">');
  // The repository view groups by namespace where a kit groups by wave.
  const group = kit.objects ? { label: 'Namespace', all: 'all namespaces' } : { label: 'Wave', all: 'all waves' };
  out.push(`<label>${group.label} <select class="wave"><option value="">${group.all}</option>${view.waves.map((wave) => `<option value="${escapeHtml(wave)}">${escapeHtml(wave)}</option>`).join('')}</select></label>`);
  out.push(`<label>Findings <select class="finding"><option value="">all findings</option><option value="error">errors (${count((finding) => finding.severity === 'error')})</option><option value="warning">warnings (${count((finding) => finding.severity === 'warning')})</option>${rules.map((rule) => `<option value="${escapeHtml(rule)}">${escapeHtml(rule)} (${count((finding) => finding.rule === rule)})</option>`).join('')}</select></label>`);
  // The datalist holds an option per node: written when the section is (below), not joined here.
  out.push(DATALIST);
  if (drawing) out.push('<span><button class="btn" type="button" data-zoom="out" title="zoom out">−</button> <button class="btn" type="button" data-zoom="fit">fit</button> <button class="btn" type="button" data-zoom="reset">100%</button> <button class="btn" type="button" data-zoom="in" title="zoom in">+</button></span>');
  out.push('</div>');
  if (drawing?.collapsed) {
    out.push(`<p class="note warn">${view.nodes.length} HelmReleases are more than ${MAX_DRAWN_NODES} can be drawn one by one: the graph shows one box per wave and install level. Pick a release by name to see what it depends on, what depends on it and its findings; <code>bootstrap-deps graph --format svg --focus NAME --depth 2</code> draws its neighbourhood.</p>`);
  } else if (drawing) {
    out.push(legend(view.edges.some((edge) => edge.kind === 'applies'), Boolean(kit.objects)));
  }
  out.push('<div class="graph-area">');
  out.push(`<div class="pane">${drawing ? drawing.svg : '<p class="note">&nbsp;No graph: the audit could not load the kit.</p>'}</div>`);
  out.push('<aside class="details" aria-live="polite"></aside>');
  out.push('</div>');
  out.push('<h3>Findings <span class="note shown"></span></h3>');
  // The page's data, as JSON.stringify wrote it: a node or edge at a time, never all of them as objects or one string.
  const data = (function* () {
    const ids = positionsOf(view);
    yield `{"prefix":${JSON.stringify(prefix)},"collapsed":${JSON.stringify(drawing?.collapsed ?? true)},"nodes":[`;
    for (const [position, node] of view.nodes.entries()) {
      yield `${position > 0 ? ',' : ''}${JSON.stringify({ name: node.name, short: shortName(node.name), label: nodeLabel(node), wave: node.wave ?? '(no wave)', statusText: STATUS_TEXT[node.status] })}`;
    }
    yield '],"edges":[';
    for (const [position, edge] of view.edges.entries()) yield `${position > 0 ? ',' : ''}${JSON.stringify([ids.get(edge.from)!, ids.get(edge.to)!])}`;
    yield ']}';
  })();
  // The datalist's options and the table's rows are written one at a time, in their places.
  const html = (function* () {
    const [beforeList, afterList] = out.join('\n').split(DATALIST) as [string, string];
    yield `${beforeList}<label>${kit.objects ? 'Object' : 'Release'} <input class="find" list="${prefix}names" placeholder="name…" size="24"></label><datalist id="${prefix}names">`;
    for (const node of view.nodes) yield `<option value="${escapeHtml(node.name)}">`;
    yield `</datalist>${afterList}\n`;
    yield* findingsTable(kit.findings, waveOf, options);
    yield '\n</section>';
  })();
  return { html, data };
}

/** `check --format html`: one page, no network, that a person opens from a CI artifact or file://; in pieces. */
export function htmlChunks(report: Report, options: FormatOptions = {}): Chunks {
  const kits = kitsOf(report);
  const verdict = VERDICT[report.exitCode];
  const sections = kits.map((kit, index) => kitSection(kit, index, options));
  const title = `${verdict.text} · bootstrap-deps · ${report.kitDir}`;
  const out: string[] = [];
  out.push('<!doctype html>');
  out.push('<html lang="en"><head><meta charset="utf-8">');
  out.push(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${SCRIPT_HASH}'; img-src data:; base-uri 'none'; form-action 'none'">`);
  out.push('<meta name="viewport" content="width=device-width, initial-scale=1">');
  out.push(`<meta name="generator" content="${escapeHtml(`${report.tool.name} ${report.tool.version}`)}">`);
  out.push(`<title>${escapeHtml(title)}</title>`);
  out.push(`<style>${STYLE.trim()}\n${SVG_STYLE.trim()}</style></head>`);
  out.push(`<body data-exit-code="${report.exitCode}">`);
  out.push(`<header><span class="verdict ${verdict.css}" id="verdict">${verdict.text}</span><h1>bootstrap-deps check</h1><span class="meta">exit code ${report.exitCode}${report.expectedFile ? ` · expected DAG <code>${escapeHtml(report.expectedFile)}</code>` : ''}${report.clusters ? ` · ${report.clusters.length} kits` : report.kitDir ? ` · kit <code>${escapeHtml(report.kitDir)}</code>` : ' · repository view'} · ${escapeHtml(`${report.tool.name} ${report.tool.version}`)}</span></header>`);
  out.push('<main>');
  if (report.clusters) {
    out.push('<table class="clusters-table"><thead><tr><th>cluster</th><th>present</th><th>deferred</th><th>drift</th><th>cycles</th><th>errors</th><th>warnings</th><th>verdict</th></tr></thead><tbody>');
    for (const kit of kits) {
      out.push(`<tr><td>${escapeHtml(kit.title ?? '')}</td><td>${kit.summary.present}</td><td>${kit.summary.deferred}</td><td>${kit.summary.drift}</td><td>${kit.summary.cycles}</td><td>${kit.summary.errors}</td><td>${kit.summary.warnings}</td><td>${VERDICT[kit.exitCode].text}</td></tr>`);
    }
    out.push('</tbody></table>');
    out.push(`<nav class="tabs" role="tablist">${kits.map((kit) => `<button type="button" role="tab"><span class="dot ${VERDICT[kit.exitCode].css}"></span>${escapeHtml(kit.title ?? '')}</button>`).join('')}</nav>`);
  }
  return (function* () {
    yield out.join('\n');
    for (const section of sections) {
      yield '\n';
      yield* section.html;
    }
    yield '\n</main>\n';
    // As JSON.stringify({ kits }) wrote it, each piece made inert (each replacement is of one character).
    yield '<script type="application/json" id="bd-data">{"kits":[';
    for (const [index, section] of sections.entries()) {
      if (index > 0) yield ',';
      for (const piece of section.data) yield inert(piece);
    }
    yield ']}</script>\n';
    yield `<script>${SCRIPT}</script>\n`;
    yield '</body></html>\n';
  })();
}

export const formatHtml: Formatter = (report, options = {}) => joinChunks(htmlChunks(report, options));
