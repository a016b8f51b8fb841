#!/usr/bin/env node
// dates.js: run chrono-node over articles and print its dates as newsfacts facts
// (FACTS.md, type date), one JSON object a line, for bench/chrono-compare.sh.
//
//   node dates.js FILE[=YYYY-MM-DD] ...
//
// A file given with a publication date is parsed against it (noon, local time)
// and chrono's known-or-implied values become a resolved TIMEX3 value. A file
// without one is parsed against today, but only the components chrono is
// certain of are kept: a weekday alone gives XXXX-WXX-N, a month XXXX-MM, a day
// and month XXXX-MM-DD, the same underspecified forms newsfacts gives, and
// expressions that need a "now" ("yesterday", "last week") give nothing.
// chrono has no durations; results that carry no date (a clock time) are dropped.
'use strict';
const fs = require('fs');
const path = require('path');
const chrono = require(path.join(__dirname, 'node_modules', 'chrono-node'));

const pad = (n, w) => String(n).padStart(w, '0');

// The TIMEX3 value of one chrono result, or null when it names no date.
function timex(start, hasRef) {
  const c = new Set(start.getCertainComponents());
  const relative = start.tags().has('result/relativeDate') ||
    [...start.tags()].some((t) => t.startsWith('casualReference/'));
  const y = start.get('year'), m = start.get('month'), d = start.get('day');
  if (hasRef) {
    if (c.has('day') || c.has('weekday') || relative)
      return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
    if (c.has('month')) return `${pad(y, 4)}-${pad(m, 2)}`;
    if (c.has('year')) return pad(y, 4);
    return null;
  }
  if (relative) return null;
  const yy = c.has('year') ? pad(y, 4) : 'XXXX';
  if (c.has('day') && c.has('month')) return `${yy}-${pad(m, 2)}-${pad(d, 2)}`;
  if (c.has('weekday')) return `XXXX-WXX-${start.get('weekday') || 7}`;
  if (c.has('month')) return `${yy}-${pad(m, 2)}`;
  if (c.has('year')) return yy;
  return null;
}

for (const arg of process.argv.slice(2)) {
  const eq = arg.lastIndexOf('=');
  const file = eq > 0 ? arg.slice(0, eq) : arg;
  const pub = eq > 0 ? arg.slice(eq + 1) : '';
  const text = fs.readFileSync(file, 'utf8');
  let ref = new Date();
  if (pub) {
    const [y, m, d] = pub.split('-').map(Number);
    ref = new Date(y, m - 1, d, 12);
  }
  for (const r of chrono.parse(text, ref)) {
    const value = timex(r.start, pub !== '');
    if (value)
      process.stdout.write(JSON.stringify({ doc: file, type: 'date', value, text: r.text }) + '\n');
  }
}
