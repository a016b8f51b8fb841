/*
 * place.c: the named geographic places of a report (GUIDELINES.md, "place" and
 * decided cases 18-25).
 *
 * The gazetteer data/places.tsv gives each place its canonical name, kind,
 * country, first-level region and coordinates; every spelling of it (name and
 * aliases) goes into one phrase set, matched longest first. Around that match,
 * the words of data/place_context.tsv decide what a bare name stands for:
 *
 *  - a region's stem (derived from its "<stem> region/Oblast/Krai" aliases)
 *    is the region before "regional" or "OVA", after "governor of" or
 *    "the region of", and across a list that ends in a plural region word
 *    ("the Sumy, Poltava and Kharkiv regions"); otherwise a bare name is the
 *    city of that name (case 22);
 *  - "<name> district" is the district "<Name> District" (case 23), of the
 *    known place or, for an unknown name, of the text itself;
 *  - after "the village of", "the town of" a name missing from the gazetteer
 *    is still a place, with the kind the article gives it.
 *
 * Matches need a capitalised first word; data/place_stopwords.tsv holds the
 * names that are also ordinary words, first names or abbreviations, and the
 * media and fleets whose names hold a place (case 21). Names inside a person
 * found by the actor extractor are skipped.
 *
 * Places found by context only are in no table: the document keeps copies of
 * their names (doc_strdup), so the model stays read-only and shared.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "extract.h"
#include "phrase.h"
#include "table.h"

typedef struct place_entry {
	const char *name, *kind, *country;
	const char *admin1;     /* NULL when unknown */
	double lat, lon;
	int has_coords;
} place_entry;

/* Classes of data/place_stopwords.tsv. */
enum stop_class { STOP_BLOCK, STOP_COMMON, STOP_FORENAME, STOP_NOTNAME, STOP_UPPER };

/* Roles of data/place_context.tsv. */
enum ctx_role {
	CTX_REGION_SUFFIX, CTX_REGION_BEFORE, CTX_REGION_ADJ, CTX_DISTRICT_SUFFIX,
	CTX_DISTRICT_KEEP, CTX_VILLAGE_BEFORE, CTX_TOWN_BEFORE, CTX_CITY_BEFORE,
	CTX_VILLAGE_AFTER, CTX_DISTRICT_PLAIN, CTX_NROLES
};

static const char *const role_names[CTX_NROLES] = {
	"region_suffix", "region_before", "region_adjective", "district_suffix",
	"district_keep", "village_before", "town_before", "city_before", "village_after",
	"district_plain",
};

static const char *const stop_names[] = { "block", "common", "forename", "notname", "upper" };

struct place_model {
	table *t_places, *t_stop, *t_ctx;
	place_entry *entries;
	size_t nentries;
	phrase_set *names;      /* every spelling -> entry */
	phrase_set *stems;      /* region stem ("Kharkiv", "Rostov-on-Don") -> entry */
	phrase_set *stop;       /* -> enum stop_class */
	phrase_set *ctx;        /* -> enum ctx_role */

};

/* ---- loading ------------------------------------------------------------ */

static int lookup_name(const char *const *names, int n, const char *s)
{
	for (int i = 0; i < n; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

/* Is the last word of text a one-word region suffix ("region", "Oblast", "Krai")? */
static size_t region_stem_len(const struct place_model *m, const char *text)
{
	const char *sp = strrchr(text, ' ');

	if (strncasecmp(text, "republic of ", 12) == 0)
		return 0;
	if (!sp || sp == text)
		return 0;
	for (size_t r = 0; r < m->t_ctx->nrows; r++) {
		const table_row *row = &m->t_ctx->rows[r];

		if (strcmp(table_get(row, 1), "region_suffix") == 0 &&
		    !strchr(table_get(row, 0), ' ') && strcasecmp(sp + 1, table_get(row, 0)) == 0)
			return (size_t)(sp - text);
	}
	return 0;
}

/*
 * Add one spelling of entry e: to the names, and, for a region spelt
 * "<stem> <suffix>" or "Republic of <stem>", its stem to the stems.
 */
static int add_spelling(struct place_model *m, const char *text, int e)
{
	if (!*text)
		return 0;
	if (phrase_add(m->names, text, e) < 0)
		return -1;
	if (strcmp(m->entries[e].kind, "region") != 0)
		return 0;
	size_t n = region_stem_len(m, text);
	char stem[256];

	if (n > 0 && n < sizeof stem) {
		memcpy(stem, text, n);
		stem[n] = '\0';
		return phrase_add(m->stems, stem, e) < 0 ? -1 : 0;
	}
	if (strncasecmp(text, "republic of ", 12) == 0)
		return phrase_add(m->stems, text + 12, e) < 0 ? -1 : 0;
	return 0;
}

static int load_entries(struct place_model *m, char *err, size_t errlen)
{
	table *t = m->t_places;

	if (!(m->entries = calloc(t->nrows ? t->nrows : 1, sizeof *m->entries)))
		goto oom;
	for (size_t r = 0; r < t->nrows; r++) {
		table_row *row = &t->rows[r];
		place_entry *pe = &m->entries[r];
		const char *lat = table_get(row, 4), *lon = table_get(row, 5);

		pe->name = row->field[0];
		pe->kind = table_get(row, 1);
		pe->country = table_get(row, 2);
		pe->admin1 = *table_get(row, 3) ? table_get(row, 3) : NULL;
		if (*lat && *lon) {
			pe->lat = strtod(lat, NULL);
			pe->lon = strtod(lon, NULL);
			pe->has_coords = 1;
		}
		m->nentries++;
		if (add_spelling(m, pe->name, (int)r) < 0)
			goto oom;
		/* aliases: '|'-separated, split in place (the table owns the bytes) */
		if (row->nfields > 8) {
			char *p = row->field[8];

			while (p && *p) {
				char *bar = strchr(p, '|');

				if (bar)
					*bar = '\0';
				if (add_spelling(m, p, (int)r) < 0)
					goto oom;
				p = bar ? bar + 1 : NULL;
			}
		}
	}
	return 0;
oom:
	snprintf(err, errlen, "%s: out of memory", t->path);
	return -1;
}

/* Load a two-column table of phrase -> one of the given names into set. */
static int load_classes(table *t, phrase_set *set, const char *const *names, int n,
			char *err, size_t errlen)
{
	for (size_t r = 0; r < t->nrows; r++) {
		const table_row *row = &t->rows[r];
		int c = lookup_name(names, n, table_get(row, 1));

		if (c < 0) {
			snprintf(err, errlen, "%s:%d: unknown class '%s'", t->path, row->line,
				 table_get(row, 1));
			return -1;
		}
		if (phrase_add(set, row->field[0], c) < 0) {
			snprintf(err, errlen, "%s:%d: out of memory or empty phrase", t->path,
				 row->line);
			return -1;
		}
	}
	return 0;
}

struct place_model *place_model_load(const char *dir, char *err, size_t errlen)
{
	struct place_model *m = calloc(1, sizeof *m);

	if (!m) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (!(m->t_places = table_load(dir, "places.tsv", 3, err, errlen)) ||
	    !(m->t_stop = table_load(dir, "place_stopwords.tsv", 2, err, errlen)) ||
	    !(m->t_ctx = table_load(dir, "place_context.tsv", 2, err, errlen)))
		goto fail;
	if (!(m->names = phrase_new()) || !(m->stems = phrase_new()) ||
	    !(m->stop = phrase_new()) || !(m->ctx = phrase_new())) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	if (load_classes(m->t_ctx, m->ctx, role_names, CTX_NROLES, err, errlen) < 0 ||
	    load_classes(m->t_stop, m->stop, stop_names,
			 (int)(sizeof stop_names / sizeof *stop_names), err, errlen) < 0 ||
	    load_entries(m, err, errlen) < 0)
		goto fail;
	return m;
fail:
	place_model_free(m);
	return NULL;
}

void place_model_free(struct place_model *m)
{
	if (!m)
		return;
	phrase_free(m->names);
	phrase_free(m->stems);
	phrase_free(m->stop);
	phrase_free(m->ctx);
	free(m->entries);
	table_free(m->t_places);
	table_free(m->t_stop);
	table_free(m->t_ctx);
	free(m);
}

/* ---- extraction --------------------------------------------------------- */

typedef struct scan {
	struct place_model *m;
	nf_doc *doc;
	uint8_t *skip;          /* per token: inside a person or a blocked phrase */
} scan;

/* What a place found by context stands in: country and first-level region. */
typedef struct where {
	const char *country, *admin1;
} where;

static size_t match_in_sentence(const phrase_set *set, const nf_doc *doc, size_t i,
				int *value)
{
	if (i >= doc->ntoks)
		return 0;
	return phrase_match(set, doc->toks, i, sent_end(doc, i), value);
}

/* The context role of the phrase at token i, or -1; *len gets its length. */
static int ctx_at(const scan *s, size_t i, size_t *len)
{
	int role = -1;

	*len = match_in_sentence(s->m->ctx, s->doc, i, &role);
	return *len ? role : -1;
}

static int is_cap_word(const nf_doc *doc, size_t i)
{
	return i < doc->ntoks && doc->toks[i].kind == TK_WORD && (doc->toks[i].flags & TF_CAP);
}

/* Token i is the first word of its sentence (leading quotes and marks aside). */
static int sentence_initial(const nf_doc *doc, size_t i)
{
	for (size_t k = sent_begin(doc, i); k < i; k++)
		if (doc->toks[k].kind != TK_PUNCT)
			return 0;
	return 1;
}

/*
 * May the gazetteer match [i, i+len) stand as a place? Checks the capital,
 * and the stop classes of a match that is exactly a stop phrase.
 */
static int acceptable(const scan *s, size_t i, size_t len)
{
	const nf_doc *doc = s->doc;
	const nf_token *t = &doc->toks[i];
	int cls = -1;

	if (!(t->flags & TF_CAP))
		return 0;
	if (match_in_sentence(s->m->stop, doc, i, &cls) != len)
		return 1;
	switch (cls) {
	case STOP_COMMON:
		return !sentence_initial(doc, i) && !doc->sents[t->sentence].headline;
	case STOP_FORENAME:
		return !is_cap_word(doc, i + len) || (doc->toks[i + len].flags & TF_NL);
	case STOP_UPPER:
		return (t->flags & TF_UPPER) != 0;
	case STOP_NOTNAME:
	case STOP_BLOCK:
		return 0;
	}
	return 1;
}

static int is_settlement(const char *kind)
{
	return !strcmp(kind, "city") || !strcmp(kind, "town") || !strcmp(kind, "village");
}

static int emit(scan *s, size_t a, size_t b, const char *name, const char *kind,
		const char *country, const char *admin1, const place_entry *coords,
		const char *rule)
{
	nf_fact *f = doc_add_fact(s->doc, NF_PLACE, a, b, rule);

	if (!f)
		return -1;
	f->name = name;
	f->kind = kind;
	f->country = country;
	f->admin1 = admin1;
	if (coords && coords->has_coords) {
		f->has_coords = 1;
		f->lat = coords->lat;
		f->lon = coords->lon;
	}
	return 0;
}

static int emit_entry(scan *s, size_t a, size_t b, int e, const char *rule)
{
	const place_entry *pe = &s->m->entries[e];

	return emit(s, a, b, pe->name, pe->kind, pe->country, pe->admin1, pe, rule);
}

/* The gazetteer place at token i (its length, 0 for none, *e its entry). */
static size_t known_at(const scan *s, size_t i, int *e)
{
	if (i >= s->doc->ntoks || s->skip[i])
		return 0;
	size_t n = match_in_sentence(s->m->names, s->doc, i, e);

	return n && acceptable(s, i, n) ? n : 0;
}

/* A region stem at token i, capitalised (its length, *e the region). */
static size_t stem_at(const scan *s, size_t i, int *e)
{
	if (!is_cap_word(s->doc, i) || s->skip[i])
		return 0;
	size_t n = match_in_sentence(s->m->stems, s->doc, i, e);

	return n && acceptable(s, i, n) ? n : 0;
}

/* Token i is an Arabic article followed by "-" and a capitalised word: "al-Daraj". */
static int is_article(const nf_doc *doc, size_t i)
{
	static const char *const articles[] = { "al", "el", "as", "ash", "ad", "an", "ar", "at", "az" };

	if (i + 2 >= doc->ntoks || !tok_is(doc, i + 1, "-") ||
	    (doc->toks[i + 1].flags & TF_SPACE) || (doc->toks[i + 2].flags & TF_SPACE) ||
	    !is_cap_word(doc, i + 2))
		return 0;
	for (size_t a = 0; a < sizeof articles / sizeof *articles; a++)
		if (tok_is(doc, i, articles[a]))
			return 1;
	return 0;
}

/*
 * An unknown name at token i: up to four capitalised words, hyphenated pieces
 * joined ("Ayta ash-Shab"), none of them a stop word. Returns its length.
 */
static size_t unknown_name_at(const scan *s, size_t i)
{
	const nf_doc *doc = s->doc;
	size_t end = i < doc->ntoks ? sent_end(doc, i) : i, k = i, words = 0;
	int cls;

	/* an Arabic article glued to a capitalised name: "al-Daraj" */
	if (is_article(doc, i) && !s->skip[i])
		k = i + 2;
	while (k < end && words < 4 && is_cap_word(doc, k) && !s->skip[k]) {
		if (match_in_sentence(s->m->stop, doc, k, &cls) == 1 && cls == STOP_NOTNAME)
			break;
		k++;
		words++;
		/* "-" glued on both sides continues the name, whatever the case */
		while (k + 1 < end && tok_is(doc, k, "-") && !(doc->toks[k].flags & TF_SPACE) &&
		       doc->toks[k + 1].kind == TK_WORD && !(doc->toks[k + 1].flags & TF_SPACE))
			k += 2;
	}
	return k - i;
}

/*
 * Where a place found by context lies: the gazetteer place that follows it
 * closely in the sentence ("Moshenoye, Belgorod region"), else the latest
 * place found before it in the document.
 */
static where locate(const scan *s, size_t after)
{
	const nf_doc *doc = s->doc;
	where w = { "", NULL };

	/* only a place in apposition or containment: ", Belgorod region", "in the Sumy region" */
	size_t k = after;
	int e;

	if (tok_is(doc, k, ","))
		k++;
	if (tok_is(doc, k, "in"))
		k++;
	if (tok_is(doc, k, "the"))
		k++;
	if (k < doc->ntoks && doc->toks[k].kind == TK_WORD && !(doc->toks[k].flags & TF_CAP))
		k++;        /* an adjective: "in southern Lebanon" */
	if (k > after && known_at(s, k, &e)) {
		const place_entry *pe = &s->m->entries[e];

		if (*pe->country) {
			w.country = pe->country;
			w.admin1 = strcmp(pe->kind, "region") == 0 ? pe->name : pe->admin1;
			return w;
		}
	}
	for (size_t f = doc->facts.len; f-- > 0;) {
		const nf_fact *pf = &doc->facts.items[f];

		if (pf->type != NF_PLACE || !pf->country || !*pf->country)
			continue;
		w.country = pf->country;
		w.admin1 = strcmp(pf->kind, "region") == 0 ? pf->name : pf->admin1;
		return w;
	}
	return w;
}

/*
 * A copy of the text of tokens [a, b) as it stands; a lower-case article
 * starting it is capitalised ("al-Daraj" -> "Al-Daraj").
 */
static const char *copy_span(scan *s, size_t a, size_t b)
{
	nf_doc *doc = s->doc;
	const char *text = doc->text + doc->toks[a].start;
	size_t len = doc->toks[b - 1].end - doc->toks[a].start;
	char buf[256];

	if (text[0] >= 'a' && text[0] <= 'z' && len < sizeof buf) {
		memcpy(buf, text, len);
		buf[0] = (char)(buf[0] - 'a' + 'A');
		return doc_strdup(doc, buf, len);
	}
	return doc_strdup(doc, text, len);
}

/*
 * "<name> District" for the name at [a, b) (entry e, or -1 for the text), or
 * "<name> <Word>" for the district words that stay ("Katha Township").
 */
static int emit_district(scan *s, size_t a, size_t b, int e, size_t word, int keep)
{
	const nf_doc *doc = s->doc;
	char buf[256];
	const char *base;
	size_t blen;
	where w;

	if (e >= 0) {
		base = s->m->entries[e].name;
		blen = strlen(base);
		w.country = s->m->entries[e].country;
		w.admin1 = s->m->entries[e].admin1;
	} else {
		base = doc->text + doc->toks[a].start;
		blen = doc->toks[b - 1].end - doc->toks[a].start;
		w = locate(s, word + 1);
	}
	int n;

	if (keep) {
		const char *wn = doc->toks[word].norm;

		n = snprintf(buf, sizeof buf, "%.*s %c%s", (int)blen, base,
			     wn[0] >= 'a' && wn[0] <= 'z' ? wn[0] - 'a' + 'A' : wn[0], wn + 1);
	} else {
		n = snprintf(buf, sizeof buf, "%.*s District", (int)blen, base);
	}
	if (n < 0 || (size_t)n >= sizeof buf)
		return 0;
	const char *name = doc_strdup(s->doc, buf, (size_t)n);

	if (!name)
		return -1;
	return emit(s, a, word + 1, name, "district", w.country, w.admin1, NULL,
		    e >= 0 ? "place-known-district" : "place-district");
}

/*
 * A list of region stems from token i: "Sumy", "Sumy and Kharkiv", "Kirovohrad,
 * Odesa and Kherson". Fills items (start, length, entry) and returns how many,
 * *end gets the token after the list.
 */
typedef struct list_item {
	size_t at, len;
	int e;
} list_item;

#define MAX_LIST 12

static size_t stem_list(const scan *s, size_t i, list_item *items, size_t *end)
{
	size_t n = 0, k = i;

	for (;;) {
		int e;
		size_t len = stem_at(s, k, &e);

		if (!len)
			break;
		items[n++] = (list_item){ k, len, e };
		*end = k + len;
		k += len;
		if (n == MAX_LIST)
			break;
		size_t j = k;

		if (tok_is(s->doc, j, ","))
			j++;
		if (tok_is(s->doc, j, "and") || tok_is(s->doc, j, "or") || tok_is(s->doc, j, "&"))
			j++;
		if (j == k)
			break;
		k = j;
	}
	if (!n)
		*end = i;
	return n;
}

static int emit_list(scan *s, const list_item *items, size_t n, const char *rule)
{
	for (size_t k = 0; k < n; k++)
		if (emit_entry(s, items[k].at, items[k].at + items[k].len, items[k].e, rule) < 0)
			return -1;
	return 0;
}

/*
 * Region forms that start with a stem at token i: "Sumy regional governor",
 * "Sumy's regional head", "Sumy OVA", "Sumy province", and lists that end in a
 * plural region word. Returns the tokens consumed (0: none of these), -1 on OOM.
 */
static long region_forms(scan *s, size_t i)
{
	list_item items[MAX_LIST];
	size_t end, len;
	size_t n = stem_list(s, i, items, &end);

	if (!n)
		return 0;
	if (n == 1) {
		size_t j = end + (tok_is(s->doc, end, "'s") ? 1 : 0);

		if (ctx_at(s, j, &len) == CTX_REGION_ADJ) {
			if (emit_list(s, items, 1, "place-region-adjective") < 0)
				return -1;
			return (long)(end - i);
		}
	}
	if (ctx_at(s, end, &len) != CTX_REGION_SUFFIX)
		return 0;
	/* a singular word after a list names only the last: "Kyiv and Sumy region" */
	const char *w = s->doc->toks[end + len - 1].norm;
	size_t wl = strlen(w);

	if (n > 1 && !(wl > 1 && w[wl - 1] == 's'))
		return 0;
	if (n == 1 ? emit_entry(s, i, end + len, items[0].e, "place-region-suffix") < 0
		   : emit_list(s, items, n, "place-region-list") < 0)
		return -1;
	return (long)(end + len - i);
}

/*
 * Places named after a context phrase at token i ("the region of", "governor
 * of", "the village of"). Returns the tokens consumed, 0 for none, -1 on OOM.
 */
static long after_context(scan *s, size_t i)
{
	nf_doc *doc = s->doc;
	size_t len;
	int role = ctx_at(s, i, &len);
	size_t j = i + len;

	if (role < 0)
		return 0;
	if (tok_is(doc, j, "the"))
		j++;
	if (role == CTX_REGION_BEFORE) {
		list_item items[MAX_LIST];
		size_t end, sl;
		size_t n = stem_list(s, j, items, &end);

		if (!n)
			return 0;
		if (emit_list(s, items, n, "place-region-of") < 0)
			return -1;
		if (ctx_at(s, end, &sl) == CTX_REGION_SUFFIX)
			end += sl;
		return (long)(end - i);
	}
	if (role != CTX_VILLAGE_BEFORE && role != CTX_TOWN_BEFORE && role != CTX_CITY_BEFORE)
		return 0;
	const char *kind = role == CTX_VILLAGE_BEFORE ? "village" :
			   role == CTX_TOWN_BEFORE ? "town" : "city";
	list_item items[MAX_LIST];
	size_t k = j, done = 0, n_items = 0;

	/* a list of settlements: "the villages of A, B and C", known (e >= 0) or not */
	while (n_items < MAX_LIST) {
		int e;
		size_t n = known_at(s, k, &e);

		if (!n) {
			e = -1;
			n = unknown_name_at(s, k);
		}
		if (!n)
			break;
		/* "Zarichne, Donetsk Oblast": a region after a comma says where, it is no item */
		if (n_items > 0 && e >= 0 && !is_settlement(s->m->entries[e].kind))
			break;
		items[n_items++] = (list_item){ k, n, e };
		k += n;
		done = k;
		size_t m = k;

		if (tok_is(doc, m, ","))
			m++;
		if (tok_is(doc, m, "and") || tok_is(doc, m, "or"))
			m++;
		if (m == k)
			break;
		k = m;
	}
	if (!n_items)
		return 0;
	/* the unknown ones lie where the place after the whole list says */
	where w = locate(s, done);

	for (size_t t = 0; t < n_items; t++) {
		const list_item *it = &items[t];
		const char *name;

		if (it->e >= 0) {
			if (emit_entry(s, it->at, it->at + it->len, it->e, "place-settlement") < 0)
				return -1;
		} else if (!(name = copy_span(s, it->at, it->at + it->len)) ||
			   emit(s, it->at, it->at + it->len, name, kind, w.country, w.admin1,
				NULL, "place-settlement-unknown") < 0) {
			return -1;
		}
	}
	return (long)(done - i);
}

/* Mark the tokens of persons (actor extractor) and of blocked phrases. */
static void mark_skipped(scan *s)
{
	nf_doc *doc = s->doc;

	for (size_t f = 0; f < doc->facts.len; f++) {
		const nf_fact *af = &doc->facts.items[f];

		if (af->type != NF_ACTOR || !af->kind || strcmp(af->kind, "person") != 0)
			continue;
		for (size_t t = doc_token_at(doc, af->start);
		     t < doc->ntoks && doc->toks[t].end <= af->end; t++)
			s->skip[t] = 1;
	}
	for (size_t t = 0; t < doc->ntoks; t++) {
		int cls;
		size_t n = match_in_sentence(s->m->stop, doc, t, &cls);

		if (n && cls == STOP_BLOCK)
			for (size_t k = t; k < t + n; k++)
				s->skip[k] = 1;
	}
}

static int same_str(const char *a, const char *b)
{
	return a && b ? strcmp(a, b) == 0 : a == b;
}

/* The city whose possessive stands right before token i ("Kherson's"), or NULL. */
static const nf_fact *owner_city(const scan *s, size_t i)
{
	const nf_doc *doc = s->doc;

	if (i < 2 || !tok_is(doc, i - 1, "'s") || !doc->facts.len)
		return NULL;
	const nf_fact *f = &doc->facts.items[doc->facts.len - 1];

	if (f->type != NF_PLACE || f->end != doc->toks[i - 2].end || strcmp(f->kind, "city"))
		return NULL;
	return f;
}

/*
 * One token position: the longest reading that starts there. Returns the
 * tokens consumed (at least 1), or -1 when memory runs out.
 */
static long place_at(scan *s, size_t i)
{
	nf_doc *doc = s->doc;
	long used;
	size_t len, n;
	int e, role;

	if ((used = after_context(s, i)) != 0)
		return used;
	if (!is_cap_word(doc, i) && !is_article(doc, i))
		return 1;
	if ((used = region_forms(s, i)) != 0)
		return used;
	if ((n = known_at(s, i, &e)) > 0) {
		const char *kind = s->m->entries[e].kind;

		role = ctx_at(s, i + n, &len);
		if ((role == CTX_DISTRICT_SUFFIX || role == CTX_DISTRICT_KEEP) && len == 1 &&
		    is_settlement(kind)) {
			if (emit_district(s, i, i + n, e, i + n, role == CTX_DISTRICT_KEEP) < 0)
				return -1;
			return (long)n + 1;
		}
		const nf_fact *city = owner_city(s, i);

		if (!strcmp(kind, "district") && city && !same_str(city->admin1, s->m->entries[e].admin1)) {
			/* the same district name in another city: "Kherson's Dniprovskyi district" */
			if (emit(s, i, i + n, s->m->entries[e].name, kind, city->country, city->admin1,
				 NULL, "place-district-of-city") < 0)
				return -1;
			return (long)n;
		}
		if (emit_entry(s, i, i + n, e, "place-gazetteer") < 0)
			return -1;
		return (long)n;
	}
	/* an unknown name before a district or village word */
	if (sentence_initial(doc, i) || !(n = unknown_name_at(s, i)))
		return 1;
	if (tok_is(doc, i + n, "village"))      /* "Moe Tarr Lay village of Katha township" */
		role = CTX_VILLAGE_AFTER;
	else
		role = ctx_at(s, i + n, &len);
	if ((role == CTX_DISTRICT_SUFFIX || role == CTX_DISTRICT_KEEP) && len == 1) {
		if (emit_district(s, i, i + n, -1, i + n, role == CTX_DISTRICT_KEEP) < 0)
			return -1;
		return (long)n + 1;
	}
	if (role == CTX_DISTRICT_PLAIN || role == CTX_VILLAGE_AFTER) {
		where w = locate(s, i + n + 1);
		const char *name = copy_span(s, i, i + n);

		if (!name || emit(s, i, i + n, name,
				  role == CTX_VILLAGE_AFTER ? "village" : "district", w.country,
				  w.admin1, NULL, "place-named-before-kind") < 0)
			return -1;
		return (long)n + 1;
	}
	return (long)n;
}

int extract_places(const nf_model *model, nf_doc *doc)
{
	scan s = { model->place, doc, NULL };

	if (!doc->ntoks)
		return 0;
	if (!(s.skip = calloc(doc->ntoks, 1)))
		return -1;
	mark_skipped(&s);
	for (size_t i = 0; i < doc->ntoks;) {
		long used = s.skip[i] ? 1 : place_at(&s, i);

		if (used < 0) {
			free(s.skip);
			return -1;
		}
		i += (size_t)used;
	}
	free(s.skip);
	return 0;
}
