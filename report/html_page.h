// The fixed parts of the HTML report (report/html.cpp): its Content-Security-Policy, style sheet and
// script. Kept apart from the C++ that writes the page's contents so each stays readable.
#pragma once

#include <string_view>

namespace bomwatch::report {

// The page loads nothing: no requests at all, only its own inline style and script, and images
// only as data: URLs (none today). base-uri and form-action close the two holes default-src leaves.
inline constexpr std::string_view kHtmlContentSecurityPolicy =
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'";

inline constexpr std::string_view kHtmlStyle = R"css(
:root {
  color-scheme: light dark;
  --fg: #1f2328; --muted: #59636e; --bg: #ffffff; --panel: #f6f8fa; --line: #d1d9e0; --link: #0969da;
  --critical: #a40e26; --high: #d1242f; --medium: #bf8700; --low: #0969da; --info: #6e7781;
  --added: #1a7f37; --removed: #cf222e; --changed: #9a6700; --integrity: #8250df; --meta: #0969da; --edge: #8c959f;
}
@media (prefers-color-scheme: dark) {
  :root {
    --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --panel: #151b23; --line: #3d444d; --link: #4493f8;
    --critical: #ff7b72; --high: #f85149; --medium: #d29922; --low: #4493f8; --info: #9198a1;
    --added: #3fb950; --removed: #f85149; --changed: #d29922; --integrity: #ab7df8; --meta: #4493f8; --edge: #6e7681;
  }
}
* { box-sizing: border-box; }
body {
  margin: 0 auto; max-width: 1280px; padding: 16px 24px 48px; color: var(--fg); background: var(--bg);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
}
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.92em; }
a { color: var(--link); }
h1 { font-size: 1.6em; margin: 0.4em 0; overflow-wrap: anywhere; }
h2 { font-size: 1.25em; border-bottom: 1px solid var(--line); padding-bottom: 4px; margin-top: 1.6em; }
h3 { font-size: 1.05em; display: inline; margin: 0; }
.muted, .count { color: var(--muted); font-weight: normal; }
.number { text-align: right; font-variant-numeric: tabular-nums; }
table { border-collapse: collapse; }
table.documents td, table.documents th { padding: 3px 12px 3px 0; text-align: left; vertical-align: top; }
table.documents td code { overflow-wrap: anywhere; }
.charts { display: flex; flex-wrap: wrap; gap: 24px; }
.chart { margin: 0; padding: 12px; background: var(--panel); border: 1px solid var(--line); border-radius: 6px; max-width: 100%; }
.chart svg { max-width: 100%; height: auto; display: block; }
.chart-title { font-weight: 600; font-size: 14px; fill: var(--fg); }
.chart-label, .chart-value { font-size: 13px; fill: var(--fg); }
.bar { fill: var(--meta); }
.bar.expected { opacity: 0.35; }
.kind-added .bar { fill: var(--added); }
.kind-removed .bar { fill: var(--removed); }
.kind-versionChanged .bar { fill: var(--changed); }
.kind-hashChanged .bar, .kind-hashWeakened .bar { fill: var(--integrity); }
.kind-edgeAdded .bar, .kind-edgeRemoved .bar { fill: var(--edge); }
.severity-critical .bar { fill: var(--critical); }
.severity-high .bar { fill: var(--high); }
.severity-medium .bar { fill: var(--medium); }
.severity-low .bar { fill: var(--low); }
.severity-info .bar { fill: var(--info); }
details.severity-group { margin: 8px 0; }
details.severity-group > summary { cursor: pointer; padding: 4px 0; }
ul.findings { list-style: none; padding: 0; margin: 4px 0 12px; }
li.finding { border-left: 4px solid var(--info); background: var(--panel); margin: 6px 0; padding: 6px 10px; border-radius: 0 6px 6px 0; overflow-wrap: anywhere; }
li.finding.expected { opacity: 0.7; }
.badge { display: inline-block; min-width: 5.5em; text-align: center; font-size: 0.8em; font-weight: 700; text-transform: uppercase;
  color: #fff; background: var(--info); border-radius: 10px; padding: 1px 8px; }
.severity-critical.finding { border-left-color: var(--critical); } .severity-critical .badge, .badge.severity-critical { background: var(--critical); }
.severity-high.finding { border-left-color: var(--high); } .severity-high .badge, .badge.severity-high { background: var(--high); }
.severity-medium.finding { border-left-color: var(--medium); } .severity-medium .badge, .badge.severity-medium { background: var(--medium); }
.severity-low.finding { border-left-color: var(--low); } .severity-low .badge, .badge.severity-low { background: var(--low); }
.expected-marker { font-size: 0.85em; border: 1px solid var(--line); border-radius: 10px; padding: 0 8px; color: var(--muted); }
.reference, .path { color: var(--muted); font-size: 0.9em; margin-top: 2px; }
dl.evidence { display: flex; flex-wrap: wrap; gap: 2px 16px; margin: 4px 0 0; font-size: 0.85em; }
dl.evidence div { display: flex; gap: 4px; }
dl.evidence dt { color: var(--muted); }
dl.evidence dd { margin: 0; }
.controls { display: flex; flex-wrap: wrap; gap: 12px; align-items: center; margin: 8px 0; }
.controls input, .controls select { font: inherit; padding: 3px 6px; color: var(--fg); background: var(--bg); border: 1px solid var(--line); border-radius: 4px; }
.controls input { width: 22em; }
table.changes { width: 100%; font-size: 13px; }
table.changes th { position: sticky; top: 0; background: var(--panel); border-bottom: 2px solid var(--line); text-align: left; padding: 0; }
table.changes th button { all: unset; cursor: pointer; display: block; padding: 6px 8px; font-weight: 600; }
table.changes th button:focus-visible { outline: 2px solid var(--link); }
table.changes th[aria-sort="ascending"] button::after { content: " \25B2"; }
table.changes th[aria-sort="descending"] button::after { content: " \25BC"; }
table.changes td { border-bottom: 1px solid var(--line); padding: 4px 8px; vertical-align: top; overflow-wrap: anywhere; }
table.changes tbody tr:hover { background: var(--panel); }
table.changes td:nth-child(1) { width: 13em; font-weight: 600; }
table.changes td:nth-child(3) { min-width: 16em; }
table.changes td:nth-child(4), table.changes td:nth-child(5) { min-width: 7em; }
table.changes td:nth-child(6) { color: var(--muted); }
tr.k-added td:first-child { color: var(--added); }
tr.k-removed td:first-child { color: var(--removed); }
tr.k-versionChanged td:first-child { color: var(--changed); }
tr.k-hashChanged td:first-child, tr.k-hashWeakened td:first-child { color: var(--integrity); }
tr.k-edgeAdded td:first-child, tr.k-edgeRemoved td:first-child { color: var(--muted); }
p.more button { font: inherit; padding: 3px 10px; }
dl.rules div { margin: 6px 0; }
dl.rules dt { display: inline; }
dl.rules dd { display: inline; margin-left: 8px; }
:target { outline: 2px solid var(--link); outline-offset: 2px; }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; }
  .controls, p.more, noscript { display: none; }
  .chart, li.finding { break-inside: avoid; }
  table.changes th { position: static; }
  table.changes tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
)css";

// Runs first, in <head>: with #selftest in the URL, it records uncaught errors, console.error
// calls and CSP violations from the very start of parsing, for the self-test's verdict.
inline constexpr std::string_view kHtmlErrorCapture = R"js(
(function () {
  'use strict';
  if (location.hash !== '#selftest') return;
  var errors = window.bomwatchErrors = [];
  function record(text) {
    errors.push(text);
    if (window.bomwatchErrorsChanged) window.bomwatchErrorsChanged();
  }
  window.addEventListener('error', function (e) { record('error: ' + e.message); });
  document.addEventListener('securitypolicyviolation', function (e) { record('csp: ' + e.violatedDirective + ' ' + e.blockedURI); });
  var originalError = console.error;
  console.error = function () {
    record('console.error: ' + Array.prototype.join.call(arguments, ' '));
    return originalError.apply(console, arguments);
  };
})();
)js";

// Renders the table from the JSON block, sorts it (natural order: numbers in names and versions
// compare as numbers) and filters it. Only textContent is ever set from the data. A page of rows
// is drawn at once and "Show all" draws the rest in chunks, so a 10k-row diff opens at once.
// With #selftest in the URL it exercises itself and writes its verdict to <body data-selftest>.
inline constexpr std::string_view kHtmlScript = R"js(
(function () {
  'use strict';
  var started = performance.now();
  var selftest = location.hash === '#selftest';
  var errors = window.bomwatchErrors || [];

  var PAGE = 1000, CHUNK = 2000;
  var data = JSON.parse(document.getElementById('bomwatch-data').textContent);
  var rows = data.rows;
  var tbody = document.querySelector('#changes-table tbody');
  var filterText = document.getElementById('filter-text');
  var filterKind = document.getElementById('filter-kind');
  var status = document.getElementById('table-status');
  var showMore = document.getElementById('show-more');
  var showAll = document.getElementById('show-all');
  var headers = document.querySelectorAll('#changes-table th');
  var collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
  var sortColumn = -1, sortDescending = false;
  var view = [], shown = 0, drawing = 0;
  var haystacks = null;  // lower-cased text of each row, made on the first text filter

  function compareRows(a, b) {
    var x = rows[a], y = rows[b], order;
    if (sortColumn === 0) {
      order = x[0] - y[0];
    } else {
      var p = x[sortColumn], q = y[sortColumn];
      if (p === '' || q === '') {
        if (p !== q) return p === '' ? 1 : -1;  // empty cells last, either direction
        order = 0;
      } else {
        order = collator.compare(p, q);
      }
    }
    if (sortDescending) order = -order;
    return order || a - b;
  }

  function matches(index, kind, text) {
    if (kind !== '' && rows[index][0] !== kind) return false;
    if (text === '') return true;
    if (!haystacks) haystacks = rows.map(function (r) { return (data.titles[r[0]] + '\u0001' + r.slice(1).join('\u0001')).toLowerCase(); });
    return haystacks[index].indexOf(text) !== -1;
  }

  function makeRow(index) {
    var row = rows[index], tr = document.createElement('tr');
    tr.className = 'k-' + data.kinds[row[0]];
    var kindCell = document.createElement('td');
    kindCell.textContent = data.titles[row[0]];
    tr.appendChild(kindCell);
    for (var c = 1; c < 6; c++) {
      var td = document.createElement('td');
      td.textContent = row[c];
      tr.appendChild(td);
    }
    return tr;
  }

  function draw(count) {
    var end = Math.min(view.length, shown + count), fragment = document.createDocumentFragment();
    for (var i = shown; i < end; i++) fragment.appendChild(makeRow(view[i]));
    tbody.appendChild(fragment);
    shown = end;
    var left = view.length - shown;
    showMore.hidden = showAll.hidden = left === 0;
    showMore.textContent = 'Show ' + Math.min(PAGE, left).toLocaleString('en') + ' more';
    showAll.textContent = 'Show all ' + view.length.toLocaleString('en');
    status.textContent = 'Showing ' + shown.toLocaleString('en') + ' of ' + view.length.toLocaleString('en') +
      (view.length === rows.length ? ' changes' : ' matching changes (' + rows.length.toLocaleString('en') + ' in all)');
  }

  function refresh() {
    drawing++;  // stops a "Show all" still drawing the old view
    var kind = filterKind.value === '' ? '' : Number(filterKind.value);
    var text = filterText.value.trim().toLowerCase();
    view = [];
    for (var i = 0; i < rows.length; i++) if (matches(i, kind, text)) view.push(i);
    if (sortColumn >= 0) view.sort(compareRows);
    tbody.textContent = '';
    shown = 0;
    draw(PAGE);
  }

  function sortBy(column) {
    sortDescending = sortColumn === column ? !sortDescending : false;
    sortColumn = column;
    for (var h = 0; h < headers.length; h++)
      headers[h].setAttribute('aria-sort', h === column ? (sortDescending ? 'descending' : 'ascending') : 'none');
    refresh();
  }

  for (var h = 0; h < headers.length; h++) {
    headers[h].querySelector('button').addEventListener('click', function (e) {
      sortBy(Number(e.currentTarget.getAttribute('data-column')));
    });
  }
  var pending = 0;
  filterText.addEventListener('input', function () {
    clearTimeout(pending);
    if (rows.length <= 5000) refresh();
    else pending = setTimeout(refresh, 200);  // let a large table's typing settle first
  });
  filterText.addEventListener('change', function () { clearTimeout(pending); refresh(); });
  filterKind.addEventListener('change', refresh);
  showMore.addEventListener('click', function () { draw(PAGE); });
  showAll.addEventListener('click', function () {
    var run = ++drawing;
    (function step() {
      if (run !== drawing || shown >= view.length) return;
      draw(CHUNK);
      setTimeout(step, 0);
    })();
  });
  refresh();
  var renderMs = performance.now() - started;

  // --- #selftest: sort, filter and check the table as a person would, then report. ---
  var verdictWritten = false;
  window.bomwatchErrorsChanged = function () { if (verdictWritten) verdict([]); };
  function verdict(problems) {
    var all = problems.concat(errors);
    document.body.setAttribute('data-selftest', all.length ? 'fail: ' + all.join(' | ') : 'ok');
    document.body.setAttribute('data-selftest-errors', String(errors.length));
    document.body.setAttribute('data-selftest-render-ms', String(Math.round(renderMs)));
    verdictWritten = true;
  }

  function cellTexts(column) {
    var out = [];
    for (var r = 0; r < tbody.rows.length; r++) out.push(tbody.rows[r].cells[column].textContent);
    return out;
  }

  function checkOrder(problems, descending) {
    var names = cellTexts(2);
    if (names.length !== Math.min(rows.length, PAGE)) problems.push('rows shown after sort: ' + names.length);
    for (var i = 1; i < names.length; i++) {
      if (names[i] === '') continue;
      var order = collator.compare(names[i - 1], names[i]);
      if (names[i - 1] === '' || (descending ? order < 0 : order > 0)) {
        problems.push('not sorted ' + (descending ? 'descending' : 'ascending') + ' at row ' + i + ': ' + names[i - 1] + ' / ' + names[i]);
        break;
      }
    }
  }

  function runSelftest() {
    var problems = [];
    try {
      var nameButton = document.querySelector('#changes-table th button[data-column="2"]');
      nameButton.click();
      if (headers[2].getAttribute('aria-sort') !== 'ascending') problems.push('name header not marked ascending');
      checkOrder(problems, false);
      nameButton.click();
      checkOrder(problems, true);

      if (rows.length > 0) {
        var query = rows[rows.length - 1][2];
        filterText.value = query;
        filterText.dispatchEvent(new Event('change'));
        var expected = 0;
        for (var i = 0; i < rows.length; i++) if (rows[i].slice(1).join('\u0001').toLowerCase().indexOf(query.toLowerCase()) !== -1 ||
                                                  data.titles[rows[i][0]].toLowerCase().indexOf(query.toLowerCase()) !== -1) expected++;
        if (tbody.rows.length !== Math.min(expected, PAGE) || expected === 0)
          problems.push('filter "' + query + '": ' + tbody.rows.length + ' rows shown, ' + expected + ' expected');
        filterText.value = '';
        filterText.dispatchEvent(new Event('change'));
      }

      // Each kind in the dropdown: the rows shown are of that kind, as many as the report counted.
      for (var o = 0; o < filterKind.options.length; o++) {
        var option = filterKind.options[o];
        filterKind.value = option.value;
        filterKind.dispatchEvent(new Event('change'));
        var count = Number(option.getAttribute('data-count'));
        if (tbody.rows.length !== Math.min(count, PAGE)) problems.push('kind ' + option.value + ': ' + tbody.rows.length + ' rows, counted ' + count);
        if (option.value !== '') {
          var title = data.titles[Number(option.value)], kinds = cellTexts(0);
          for (var k = 0; k < kinds.length; k++) if (kinds[k] !== title) { problems.push('kind filter let through ' + kinds[k]); break; }
        }
      }
      filterKind.value = '';
      sortBy(-1);
    } catch (e) {
      problems.push('exception: ' + e);
    }
    verdict(problems);
  }
  if (selftest) runSelftest();
})();
)js";

}  // namespace bomwatch::report
