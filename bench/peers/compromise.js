// The closest compromise offers to newsfacts: dates (compromise-dates), numbers
// with their units (compromise-numbers), places, people and organisations, per
// article. Reads the files named on the command line; writes one JSON line per
// fact, like newsfacts, so the work includes producing the output.
'use strict';
const fs = require('fs');
const nlp = require('compromise');
nlp.plugin(require('compromise-dates'));
nlp.plugin(require('compromise-numbers'));

const out = [];
for (const path of process.argv.slice(2)) {
  const doc = nlp(fs.readFileSync(path, 'utf8'));
  const put = (type, list) => list.forEach(m => out.push(JSON.stringify({ doc: path, type, text: m.text, value: m.value })));
  put('date', doc.dates().json().map(d => ({ text: d.text, value: d.dates && d.dates.start })));
  put('count', doc.numbers().json().map(n => ({ text: n.text, value: n.number && n.number.num })));
  put('place', doc.places().json());
  put('actor', doc.people().json().concat(doc.organizations().json()));
  if (out.length > 10000) { process.stdout.write(out.join('\n') + '\n'); out.length = 0; }
}
process.stdout.write(out.length ? out.join('\n') + '\n' : '');
