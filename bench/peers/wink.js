// The closest wink-nlp offers to newsfacts: the named entities of
// wink-eng-lite-web-model (DATE, CARDINAL, ...) per article. Reads the files
// named on the command line; writes one JSON line per entity.
'use strict';
const fs = require('fs');
const winkNLP = require('wink-nlp');
const model = require('wink-eng-lite-web-model');
const nlp = winkNLP(model);
const its = nlp.its;

const out = [];
for (const path of process.argv.slice(2)) {
  const doc = nlp.readDoc(fs.readFileSync(path, 'utf8'));
  doc.entities().each(e => out.push(JSON.stringify({ doc: path, type: e.out(its.type), text: e.out() })));
  if (out.length > 10000) { process.stdout.write(out.join('\n') + '\n'); out.length = 0; }
}
process.stdout.write(out.length ? out.join('\n') + '\n' : '');
