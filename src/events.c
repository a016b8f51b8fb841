/*
 * events.c: the facts of a document grouped into attacks (FACTS.md, "type =
 * event"), and the one-row summary of a document ("type = summary").
 *
 * An event is one party's strikes on one place on one day. The assembler reads
 * the counts in document order and gives each one a place, a day and a slot:
 *
 *  - place: the place the count is aimed at ("40 drones at Kyiv"), else the
 *    nearest place its sentence names as hit. Speakers' seats ("the Kharkiv
 *    region governor", "in Moscow, the ministry said"), datelines, origins
 *    ("from the Black Sea"), comparisons ("worse than Kyiv") and places inside
 *    a part phrase the count is not in ("across the country, including Kyiv")
 *    are not places hit; a city beats the oblast it lies in. Weapon figures
 *    are national (the country's event) when aimed at a country, spread over
 *    three or more places, or given with no place by a national source, for
 *    the whole country, or as a large total. "The city", "the region" and
 *    "the attack" refer back; a sentence naming no place goes on about the
 *    last attack; a toll told before any place goes to the first place named;
 *    a toll placed only in a country goes to the place hit named next.
 *  - day: a day that dates the attack ("Wednesday's barrage"), else the day
 *    named in the sentence (the later of a night span, not the day something
 *    was said), else the day of the place's earlier event, else "overnight"
 *    as the morning of the report, else the last day named, else the first.
 *  - figures: counts of one event and slot are merged: repeats (headline and
 *    body) are one figure, the largest stated wins unless a later one is an
 *    update ("rose to"), a number beats a word like "dozens", disjoint parts
 *    in one sentence are summed, and parts of a total already given
 *    ("including nine children", "23 died: 22 ... and one ...") are left out.
 *
 * Then the events are tidied: an oblast's figures fold into the city of it
 * that the article shows hit, an attack of another party or day with no figure
 * is added (GUIDELINES event rule 1), days are corrected by a sentence that
 * only dates the attack and resolved against calendar days the article names,
 * and events left with the same place and day merge.
 *
 * The attacker of each event comes last: a demonym on its weapons ("Ukrainian
 * drones"), the party before an attack verb or noun ("Russia launched", "RSF
 * drone strikes") or after "by" ("shelling by the RSF") in its sentences,
 * else the party the article shows attacking the place's country, else the
 * party other than the place's country the article names most.
 *
 * The cue words are data/event_cues.tsv; the parties' names by country code
 * come from data/demonyms.tsv.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "extract.h"
#include "phrase.h"
#include "table.h"

enum cue_role {
	CUE_NATIONAL, CUE_REFER_CITY, CUE_REFER_REGION, CUE_REFER_ANY, CUE_UPDATE,
	CUE_PART, CUE_PERIOD, CUE_ATTACK, CUE_SPEECH, CUE_WIDE, CUE_TARGET,
	CUE_SPEAKER, CUE_OVERNIGHT, CUE_RECORD, CUE_NONE, CUE_COMPARE, CUE_ATTACK_NOUN,
	CUE_WEAPON_NOUN, CUE_AGENT, CUE_ORIGIN, CUE_REFER_ATTACK, NCUES
};

static const char *const cue_names[NCUES] = {
	"national", "refer_city", "refer_region", "refer_any", "update", "part",
	"period", "attack", "speech", "wide", "target", "speaker", "overnight", "record", "none", "compare",
	"attack_noun", "weapon_noun", "agent", "origin", "refer_attack",
};

struct events_model {
	table *t_cues, *t_parties;
	phrase_set *cues;       /* phrase -> enum cue_role */
};

static const char *const slot_names[NF_EVENT_NSLOTS] = {
	"drones_launched", "drones_intercepted", "drones_lost", "drones_hit",
	"missiles_launched", "missiles_intercepted", "missiles_lost", "missiles_hit",
	"killed", "injured",
};

const char *nf_event_slot_name(nf_event_slot slot)
{
	return slot < NF_EVENT_NSLOTS ? slot_names[slot] : "?";
}

/* ---- the model ------------------------------------------------------------ */

struct events_model *events_model_load(const char *dir, char *err, size_t errlen)
{
	struct events_model *m = calloc(1, sizeof *m);

	if (!m) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (!(m->t_cues = table_load(dir, "event_cues.tsv", 2, err, errlen)) ||
	    !(m->t_parties = table_load(dir, "demonyms.tsv", 2, err, errlen)))
		goto fail;
	if (!(m->cues = phrase_new())) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	for (size_t i = 0; i < m->t_cues->nrows; i++) {
		const table_row *row = &m->t_cues->rows[i];
		int role = -1;

		for (int r = 0; r < NCUES && role < 0; r++)
			if (row->field[1][0] == cue_names[r][0] && strcmp(row->field[1], cue_names[r]) == 0)
				role = r;
		if (role < 0) {
			snprintf(err, errlen, "%s:%d: unknown role '%s'", m->t_cues->path,
				 row->line, row->field[1]);
			goto fail;
		}
		if (phrase_add(m->cues, row->field[0], role) < 0) {
			snprintf(err, errlen, "%s:%d: cannot add '%s'", m->t_cues->path,
				 row->line, row->field[0]);
			goto fail;
		}
	}
	return m;
fail:
	events_model_free(m);
	return NULL;
}

void events_model_free(struct events_model *m)
{
	if (!m)
		return;
	phrase_free(m->cues);
	table_free(m->t_cues);
	table_free(m->t_parties);
	free(m);
}

/* The model in a model cache: the parties' table and the cue phrases (the cue table is not kept). */
int events_model_save(const struct events_model *m, FILE *f)
{
	return table_save(m->t_parties, f) == 0 && phrase_save(m->cues, f) == 0 ? 0 : -1;
}

struct events_model *events_model_map(const char **p, const char *end)
{
	struct events_model *m = calloc(1, sizeof *m);

	if (!m || !(m->t_parties = table_map(p, end, 2)) ||
	    !(m->cues = phrase_map(p, end))) {
		events_model_free(m);
		return NULL;
	}
	return m;
}

/* The party (country) named by an ISO code: "RU" -> "Russia"; NULL if unknown. */
static const char *party_of_code(const struct events_model *m, const char *code)
{
	if (!code || !*code)
		return NULL;
	for (size_t i = 0; i < m->t_parties->nrows; i++)
		if (strcmp(m->t_parties->rows[i].field[1], code) == 0)
			return m->t_parties->rows[i].field[0];
	return NULL;
}

/* ---- the document as the assembler sees it -------------------------------- */

typedef struct evdoc {
	const nf_model *model;
	nf_doc doc;
	signed char *cue;       /* per token: enum cue_role of a cue covering it, or -1 */
	size_t *sent_fact;      /* per sentence: index of its first fact */
} evdoc;

static int tok_of(const nf_doc *d, size_t off)
{
	return (int)doc_token_at(d, off);
}

static size_t pt_of(const struct evdoc *e, const nf_fact *f);

/* Mark the tokens each cue phrase covers. */
static int mark_cues(evdoc *e)
{
	const nf_doc *d = &e->doc;

	e->cue = malloc(d->ntoks ? d->ntoks : 1);
	e->sent_fact = malloc((d->nsents + 1) * sizeof *e->sent_fact);
	if (!e->cue || !e->sent_fact)
		return -1;
	memset(e->cue, -1, d->ntoks);
	for (size_t s = 0; s < d->nsents; s++) {
		const nf_sentence *sn = &d->sents[s];

		for (size_t i = sn->first; i < sn->last; i++) {
			int role;
			size_t n = phrase_match(e->model->events->cues, d->toks, i, sn->last, &role);

			for (size_t k = 0; k < n; k++)
				e->cue[i + k] = (signed char)role;
			if (n)
				i += n - 1;
		}
	}
	/* facts are in order of start, so each sentence's facts are one run */
	size_t f = 0;

	for (size_t s = 0; s <= d->nsents; s++) {
		while (f < d->facts.len && d->facts.items[f].sentence < s)
			f++;
		e->sent_fact[s] = f;
	}
	return 0;
}

/* A cue of this role among tokens [from, to) of the document. */
static int cue_in(const evdoc *e, size_t from, size_t to, int role)
{
	for (size_t i = from; i < to && i < e->doc.ntoks; i++)
		if (e->cue[i] == role)
			return 1;
	return 0;
}

static int sentence_has_cue(const evdoc *e, size_t s, int role)
{
	return cue_in(e, e->doc.sents[s].first, e->doc.sents[s].last, role);
}

/* A day-level TIMEX3 value: a calendar day or a weekday, not a month or span. */
static int is_day(const char *timex)
{
	size_t n = strlen(timex);

	if (n == 10 && timex[4] == '-' && timex[7] == '-')
		return 1;
	return n == 10 && strncmp(timex, "XXXX-WXX-", 9) == 0;
}

/* A date right after a verb of saying ("said Friday") tells when it was said. */
static int is_speech_date(const evdoc *e, const nf_fact *f)
{
	int t = tok_of(&e->doc, f->start);
	size_t from = (size_t)(t >= 3 ? t - 3 : 0);

	return cue_in(e, from, (size_t)t, CUE_SPEECH);
}

/* The place comes right after a word introducing what was hit ("at Kyiv", "on the city of Sumy"). */
static int is_target(const evdoc *e, const nf_fact *p)
{
	size_t t = (size_t)tok_of(&e->doc, p->start), first = e->doc.sents[p->sentence].first;

	/* skip "the", "the city of", "the town of" between the word and the name */
	for (size_t k = 1; k <= 4 && t >= first + k; k++) {
		if (e->cue[t - k] == CUE_TARGET)
			return 1;
		if (e->doc.toks[t - k].kind == TK_PUNCT)
			return 0;
	}
	return 0;
}

/* A dateline: "KYIV (Reuters) -", "ODESA, May 3 -" at the start of a line. */
static int is_dateline(const evdoc *e, const nf_fact *p)
{
	const nf_doc *d = &e->doc;
	size_t t = (size_t)tok_of(d, p->start), te = (size_t)tok_of(d, p->end);

	size_t last = d->sents[p->sentence].last;

	if (!(d->toks[t].flags & TF_NL) || te >= last)
		return 0;
	if (tok_is(d, te, "(") || tok_is(d, te, "-") || tok_is(d, te, ":"))
		return 1;
	if (!tok_is(d, te, ","))
		return 0;
	/* "KYIV, June 13", or "Hroza, Ukraine:"; not "Sumy, on the border, ..." */
	if (d->toks[t].flags & TF_UPPER)
		return 1;
	return te + 2 < last && (d->toks[te + 1].flags & TF_CAP) &&
	       (tok_is(d, te + 2, ":") || tok_is(d, te + 2, "(") || tok_is(d, te + 2, "-"));
}

/*
 * A place that only names who speaks: "Kharkiv region governor", "the mayor
 * of Odesa", "in Moscow, the defence ministry said". Such a place is not the
 * place hit.
 */
static int place_is_speaker(const evdoc *e, const nf_fact *p)
{
	const nf_doc *d = &e->doc;
	size_t t = (size_t)tok_of(d, p->start), te = (size_t)tok_of(d, p->end);
	size_t first = d->sents[p->sentence].first, last = d->sents[p->sentence].last;

	for (size_t i = te; i < te + 2 && i < last; i++) {
		if (e->cue[i] == CUE_SPEAKER)
			return 1;
		if (d->toks[i].kind == TK_PUNCT)
			break;
	}
	/* "the governor of the Kharkiv region" */
	if (t >= first + 2 && tok_is(d, t - 1, "of") && e->cue[t - 2] == CUE_SPEAKER)
		return 1;
	if (t >= first + 3 && tok_is(d, t - 1, "the") && tok_is(d, t - 2, "of") &&
	    e->cue[t - 3] == CUE_SPEAKER)
		return 1;
	/* "in Moscow, the defence ministry said" */
	if (t > first && tok_is(d, t - 1, "in") && te < last && tok_is(d, te, ",")) {
		for (size_t i = te + 1; i < te + 7 && i < last; i++) {
			if (e->cue[i] == CUE_SPEECH)
				return 1;
			if (d->toks[i].kind == TK_NUM || tok_is(d, i, ","))
				return 0;
		}
	}
	return 0;
}

/*
 * The token where a part phrase ("including the capital") that covers token
 * t begins, or (size_t)-1: a part cue at most six tokens before t with no
 * clause break in between.
 */
static size_t part_start(const evdoc *e, size_t t)
{
	size_t first = e->doc.sents[e->doc.toks[t].sentence].first;

	for (size_t k = 1; k <= 6 && t >= first + k; k++) {
		if (e->cue[t - k] == CUE_PART)
			return t - k;
		if (tok_is(&e->doc, t - k, ".") || tok_is(&e->doc, t - k, ";"))
			break;
	}
	return (size_t)-1;
}

/* A place fact that is the acting party rather than a place hit ("Russia launched"). */
static int place_is_party(const evdoc *e, const nf_fact *p)
{
	const nf_fact_list *fl = &e->doc.facts;

	if (!p->kind || strcmp(p->kind, "country") != 0)
		return 0;
	/* "attacks on Ukraine": the country named as the target is hit */
	if (is_target(e, p))
		return 0;
	for (size_t i = e->sent_fact[p->sentence]; i < e->sent_fact[p->sentence + 1]; i++) {
		const nf_fact *a = &fl->items[i];

		if (a->type == NF_ACTOR && a->start <= p->start && a->end >= p->end)
			return 1;
	}
	return 0;
}

static int is_weapon(const nf_fact *c)
{
	return strcmp(c->category, "drone") == 0 || strcmp(c->category, "missile") == 0;
}

/* The slot a count fills, or -1 (mixed counts, weapons with no status). */
static int slot_of(const nf_fact *c)
{
	static const char *const statuses[] = { "launched", "intercepted", "lost", "hit" };
	int base;

	if (strcmp(c->category, "killed") == 0)
		return NF_KILLED;
	if (strcmp(c->category, "injured") == 0)
		return NF_INJURED;
	if (strcmp(c->category, "drone") == 0)
		base = NF_DRONES_LAUNCHED;
	else if (strcmp(c->category, "missile") == 0)
		base = NF_MISSILES_LAUNCHED;
	else
		return -1;
	for (int i = 0; i < 4; i++)
		if (strcmp(c->status, statuses[i]) == 0)
			return base + i;
	return -1;
}

/* ---- events under construction -------------------------------------------- */

#define MAX_WEAPONS 8

typedef struct event_acc {
	const char *place, *country, *kind, *admin1;
	char date[32];
	int has[NF_EVENT_NSLOTS];
	long long val[NF_EVENT_NSLOTS];
	size_t val_sent[NF_EVENT_NSLOTS];   /* sentence of the value's last part */
	size_t val_end[NF_EVENT_NSLOTS];    /* end offset of that part */
	int vague[NF_EVENT_NSLOTS];         /* the value is a word like "dozens" */
	const char *weapons[MAX_WEAPONS];
	size_t nweapons;
	size_t *sents;
	size_t nsents, capsents;
	size_t first_count_tok;             /* for the attacker: tokens of its counts */
	const char *attacker;
} event_acc;

typedef struct event_list {
	event_acc *items;
	size_t len, cap;
} event_list;

static void events_free(event_list *el)
{
	for (size_t i = 0; i < el->len; i++)
		free(el->items[i].sents);
	free(el->items);
}

static event_acc *find_event(event_list *el, const char *place, const char *date)
{
	for (size_t i = el->len; i-- > 0;)
		if (strcmp(el->items[i].place, place) == 0 && strcmp(el->items[i].date, date) == 0)
			return &el->items[i];
	return NULL;
}

/* The latest event at this place, whatever its day. */
static event_acc *find_event_at(event_list *el, const char *place)
{
	for (size_t i = el->len; i-- > 0;)
		if (strcmp(el->items[i].place, place) == 0)
			return &el->items[i];
	return NULL;
}

static event_acc *new_event(event_list *el, const nf_fact *place, const char *date)
{
	if (array_grow((void **)&el->items, &el->cap, el->len, sizeof *el->items, 8) < 0)
		return NULL;
	event_acc *ev = &el->items[el->len++];

	memset(ev, 0, sizeof *ev);
	ev->place = place->name;
	ev->country = place->country ? place->country : "";
	ev->kind = place->kind ? place->kind : "";
	ev->admin1 = place->admin1 ? place->admin1 : "";
	snprintf(ev->date, sizeof ev->date, "%s", date);
	return ev;
}

static int add_sentence(event_acc *ev, size_t s)
{
	if (ev->nsents && ev->sents[ev->nsents - 1] == s)
		return 0;
	for (size_t i = 0; i < ev->nsents; i++)
		if (ev->sents[i] == s)
			return 0;
	if (array_grow((void **)&ev->sents, &ev->capsents, ev->nsents, sizeof *ev->sents, 4) < 0)
		return -1;
	ev->sents[ev->nsents++] = s;
	return 0;
}

static void add_weapon(event_acc *ev, const char *w)
{
	if (!w || !*w)
		return;
	for (size_t i = 0; i < ev->nweapons; i++)
		if (strcmp(ev->weapons[i], w) == 0)
			return;
	if (ev->nweapons < MAX_WEAPONS)
		ev->weapons[ev->nweapons++] = w;
}

/*
 * Merge one count into its event's slot. In one sentence, two different
 * counts of a slot are disjoint parts ("a woman and three children") and add
 * up; across sentences the larger figure stands (a headline and its body, a
 * toll restated), except that an update ("rose to 12") replaces what came
 * before. A part of a total ("including nine children") changes nothing.
 */
/* A count stated as an update of an earlier figure ("rose to 12"). */
static int is_update(const evdoc *e, const nf_fact *c)
{
	int t = tok_of(&e->doc, c->start);
	size_t from = (size_t)(t >= 4 ? t - 4 : 0);

	if (from < e->doc.sents[c->sentence].first)
		from = e->doc.sents[c->sentence].first;
	return cue_in(e, from, (size_t)t, CUE_UPDATE);
}

/* A figure given as a word of rough size ("dozens dead"), not a number. */
static int is_vague(const nf_fact *c)
{
	if (!c->qualifier || strcmp(c->qualifier, "approx") != 0)
		return 0;
	for (size_t i = 0; i < c->end - c->start; i++)
		if (c->text[i] >= '0' && c->text[i] <= '9')
			return 0;
	return 1;
}

/* A colon between two offsets: what follows it details what came before. */
static int colon_between(const evdoc *e, size_t from, size_t to)
{
	for (size_t i = doc_token_at(&e->doc, from); i < e->doc.ntoks && e->doc.toks[i].start < to; i++)
		if (tok_is(&e->doc, i, ":"))
			return 1;
	return 0;
}

static void merge_count(const evdoc *e, event_acc *ev, const nf_fact *c, int slot)
{
	int t = tok_of(&e->doc, c->start);
	size_t from = (size_t)(t >= 4 ? t - 4 : 0);
	size_t sbeg = e->doc.sents[c->sentence].first;

	if (from < sbeg)
		from = sbeg;
	add_weapon(ev, c->weapon);
	/* "including nine children", "two of the wounded": within a total
	 * already given; a weapon part with no total ("including 91 over
	 * Moscow") is the figure of its own place */
	if ((ev->has[slot] || !is_weapon(c)) && cue_in(e, from, (size_t)tok_of(&e->doc, c->end), CUE_PART))
		return;
	int vague = is_vague(c);

	if (!ev->has[slot] || (ev->vague[slot] && !vague)) {
		ev->val[slot] = c->value;     /* a number beats "dozens" */
	} else if (vague && !ev->vague[slot]) {
		return;
	} else if (ev->val_sent[slot] == c->sentence) {
		/* "23 were killed: 22 under the rubble and one in hospital" */
		if (c->start >= ev->val_end[slot] && !colon_between(e, ev->val_end[slot], c->start))
			ev->val[slot] += c->value;
	} else if (is_update(e, c)) {
		ev->val[slot] = c->value;
	} else if (c->value > ev->val[slot]) {
		ev->val[slot] = c->value;
	}
	ev->has[slot] = 1;
	ev->vague[slot] = vague;
	ev->val_sent[slot] = c->sentence;
	ev->val_end[slot] = c->end;
}

/* ---- place and day of a count --------------------------------------------- */

typedef struct context {
	const nf_fact *last_place;      /* any place named so far */
	size_t last_place_sent;
	const nf_fact *focus;           /* the place of the last figure */
	size_t focus_sent;
	const nf_fact *last_city;       /* city, town, village or district */
	const nf_fact *last_region;
	char last_day[32];              /* last day named, "" for none */
	char first_day[32];             /* first day the article names */
	char country_code[8];           /* the country most places lie in */
	nf_fact country_place;          /* a synthetic place for national figures */
	nf_fact country_copy;           /* the focus, when it is national */
	const char *country_name;
	const nf_fact *first_place;     /* the first place hit the article names */
	int last_place_several;         /* the last sentence naming places named several */
} context;

static int is_local_kind(const char *kind)
{
	return kind && (!strcmp(kind, "city") || !strcmp(kind, "town") ||
			!strcmp(kind, "village") || !strcmp(kind, "district"));
}

/* Distance in bytes between a count and a place, 0 when they overlap. */
static size_t distance(const nf_fact *a, const nf_fact *b)
{
	if (a->end <= b->start)
		return b->start - a->end;
	if (b->end <= a->start)
		return a->start - b->end;
	return 0;
}

/* The country of a national source named in the sentence ("Ukraine's air force"). */
static const char *national_source_country(const evdoc *e, size_t s)
{
	const nf_fact_list *fl = &e->doc.facts;

	for (size_t i = e->sent_fact[s]; i < e->sent_fact[s + 1]; i++) {
		const nf_fact *a = &fl->items[i];
		int t = tok_of(&e->doc, a->start), te = tok_of(&e->doc, a->end);

		if (a->type == NF_ACTOR && a->country && *a->country &&
		    (cue_in(e, (size_t)t, (size_t)te, CUE_NATIONAL) ||
		     (a->kind && !strcmp(a->kind, "military") && strstr(a->name, "Air"))))
			return a->country;
	}
	return NULL;
}

/* The first place below country level named in the three sentences after s, or NULL. */
static const nf_fact *next_local_place(const evdoc *e, size_t s)
{
	const nf_fact_list *fl = &e->doc.facts;

	for (size_t k = s + 1; k <= s + 3 && k < e->doc.nsents; k++)
		for (size_t i = e->sent_fact[k]; i < e->sent_fact[k + 1]; i++) {
			const nf_fact *p = &fl->items[i];

			if (p->type == NF_PLACE && p->kind && strcmp(p->kind, "country") != 0 &&
			    !place_is_speaker(e, p) && !is_dateline(e, p))
				return p;
		}
	return NULL;
}

/* The synthetic country place for a national figure, NULL when the country is unknown. */
static const nf_fact *national_place(const evdoc *e, context *cx, const char *code)
{
	const table *t = e->model->events->t_parties;
	size_t i = 0;

	/* the table's own strings: events outlive the context */
	while (code && i < t->nrows && strcmp(t->rows[i].field[1], code) != 0)
		i++;
	if (!code || i == t->nrows)
		return NULL;
	cx->country_place.name = t->rows[i].field[0];
	cx->country_place.kind = "country";
	cx->country_place.country = t->rows[i].field[1];
	cx->country_place.admin1 = NULL;
	return &cx->country_place;
}

/* One place the count's sentence names, or a word that refers back to one. */
typedef struct candidate {
	const nf_fact *place;
	size_t start, end;      /* where the mention is */
	int target;             /* introduced by "at", "on", "against" ... */
} candidate;

#define MAX_CANDIDATES 24

static size_t pt_of(const evdoc *e, const nf_fact *f)
{
	return (size_t)tok_of(&e->doc, f->start);
}

/* The place comes right after a cue of this role, "the" allowed between ("from the Black Sea"). */
static int is_after_cue(const evdoc *e, const nf_fact *p, int role)
{
	size_t t = pt_of(e, p), first = e->doc.sents[p->sentence].first;

	if (t > first && e->cue[t - 1] == role)
		return 1;
	return t > first + 1 && tok_is(&e->doc, t - 1, "the") && e->cue[t - 2] == role;
}

/* "the capital Kyiv", "the city of Sumy": the phrase at token i names its place. */
static int names_follow(const evdoc *e, size_t s, size_t i)
{
	size_t end = i;

	while (end < e->doc.sents[s].last && e->cue[end] == e->cue[i])
		end++;
	for (size_t k = e->sent_fact[s]; k < e->sent_fact[s + 1]; k++) {
		const nf_fact *p = &e->doc.facts.items[k];
		size_t pt = pt_of(e, p);

		if (p->type == NF_PLACE && pt >= end && pt <= end + 1)
			return 1;
	}
	return 0;
}

/*
 * The places of sentence s a count could belong to: places named (leaving out
 * acting parties, speakers' seats, and places inside a part phrase the count
 * is not in: "across the country, including Kyiv"), and "the city", "the
 * region" standing for the last ones named. An oblast is dropped when a city
 * in it is named too (GUIDELINES event rule 2). Countries go to *country.
 */
static size_t sentence_candidates(const evdoc *e, const context *cx, const nf_fact *c,
				  candidate *out, const nf_fact **country)
{
	const nf_doc *d = &e->doc;
	size_t s = c->sentence, n = 0, ct = (size_t)tok_of(d, c->start);
	size_t cpart = part_start(e, ct);

	*country = NULL;
	for (size_t i = e->sent_fact[s]; i < e->sent_fact[s + 1]; i++) {
		const nf_fact *p = &d->facts.items[i];

		if (p->type != NF_PLACE || place_is_party(e, p) || place_is_speaker(e, p))
			continue;
		/* where the news agency writes from; "worse than Kyiv" */
		if (is_dateline(e, p) || is_after_cue(e, p, CUE_COMPARE) || is_after_cue(e, p, CUE_ORIGIN))
			continue;
		size_t pt = (size_t)tok_of(d, p->start), ppart = part_start(e, pt);

		if (ppart != (size_t)-1 && ppart != cpart && !(ct > ppart && ct < pt))
			continue;
		if (p->kind && !strcmp(p->kind, "country")) {
			if (!*country || is_target(e, p) > is_target(e, *country) ||
			    (is_target(e, p) == is_target(e, *country) &&
			     distance(c, p) < distance(c, *country)))
				*country = p;
			continue;
		}
		if (n < MAX_CANDIDATES)
			out[n++] = (candidate){ p, p->start, p->end, is_target(e, p) };
	}
	/* "the city", "the region": the last ones named before this sentence */
	for (size_t i = d->sents[s].first; i < d->sents[s].last && n < MAX_CANDIDATES; i++) {
		const nf_fact *ref = e->cue[i] == CUE_REFER_CITY ? cx->last_city :
				     e->cue[i] == CUE_REFER_REGION ? cx->last_region : NULL;

		if (ref && (i == d->sents[s].first || e->cue[i - 1] != e->cue[i]) &&
		    !names_follow(e, s, i))
			out[n++] = (candidate){ ref, d->toks[i].start, d->toks[i].end, 0 };
	}
	/* city over oblast */
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		int covered = 0;

		for (size_t j = 0; j < n && out[i].place->kind && !strcmp(out[i].place->kind, "region"); j++)
			covered |= is_local_kind(out[j].place->kind) && out[j].place->admin1 &&
				   !strcmp(out[j].place->admin1, out[i].place->name);
		if (!covered)
			out[k++] = out[i];
	}
	return k;
}

static size_t span_distance(const nf_fact *c, size_t start, size_t end)
{
	if (c->end <= start)
		return start - c->end;
	if (end <= c->start)
		return c->start - end;
	return 0;
}

/*
 * The place a count belongs to (see the file comment), or NULL when the
 * article has named none yet. Weapon figures are national when the sentence
 * aims them at a country, lists three or more places, quotes a national
 * source or speaks of the whole country with no place of its own, or gives
 * a large total with no place at all; casualties are national when the
 * sentence speaks of the whole country and names no place of its own.
 */
static const nf_fact *place_of_count(const evdoc *e, context *cx, const nf_fact *c)
{
	size_t s = c->sentence;
	candidate cand[MAX_CANDIDATES];
	const nf_fact *country = NULL;
	size_t n = sentence_candidates(e, cx, c, cand, &country);
	size_t nlocal = 0, best = (size_t)-1;
	const candidate *nearest = NULL, *aimed = NULL;

	for (size_t i = 0; i < n; i++) {
		int dup = 0;

		for (size_t j = 0; j < i; j++)
			dup |= cand[j].place->name == cand[i].place->name ||
			       !strcmp(cand[j].place->name, cand[i].place->name);
		nlocal += !dup;
		if (span_distance(c, cand[i].start, cand[i].end) < best) {
			best = span_distance(c, cand[i].start, cand[i].end);
			nearest = &cand[i];
		}
		/* the first place aimed at after the count: "40 drones at Kyiv" */
		if (cand[i].target && cand[i].start >= c->end && !aimed &&
		    tok_of(&e->doc, cand[i].start) <= tok_of(&e->doc, c->end) + 6)
			aimed = &cand[i];
	}
	int aimed_country = country && is_target(e, country) && country->start >= c->end &&
			    tok_of(&e->doc, country->start) <= tok_of(&e->doc, c->end) + 6;
	int wide = sentence_has_cue(e, s, CUE_WIDE);
	int national = 0;

	if (is_weapon(c)) {
		int big = c->value >= 10 && (!strcmp(c->status, "launched") ||
					     !strcmp(c->status, "intercepted"));

		if (aimed)
			return aimed->place;
		/* "The attack involved four missiles": the attack just told */
		if (nlocal == 0 && !aimed_country && sentence_has_cue(e, s, CUE_REFER_ATTACK)) {
			if (cx->focus)
				return cx->focus;
			if (cx->last_place && strcmp(cx->last_place->kind, "country") != 0)
				return cx->last_place;
		}
		national = aimed_country || nlocal >= 3 ||
			   (nlocal == 0 && (wide || big || sentence_has_cue(e, s, CUE_NATIONAL)));
	} else {
		national = wide && nlocal == 0;
	}
	if (national) {
		const char *code = national_source_country(e, s);

		if (aimed_country)
			code = country->country;
		else if (!code && country)
			return country;
		else if (!code && nlocal)
			code = cand[0].place->country;
		else if (!code && cx->focus && cx->focus->kind && !strcmp(cx->focus->kind, "country"))
			code = cx->focus->country;      /* "It said 100 were destroyed" */
		if (!code || !*code)
			code = cx->country_code;
		const nf_fact *np = national_place(e, cx, code);

		if (np)
			return np;
	}
	if (nearest)
		return nearest->place;
	const nf_fact *p = country;

	/* a sentence naming no place goes on about the last attack, unless a
	 * place was named after it (a sentence listing several places only
	 * describes where things are) */
	if (!p && cx->focus && (!cx->last_place || cx->focus_sent >= cx->last_place_sent ||
				cx->last_place_several))
		p = cx->focus;
	if (!p)
		p = cx->last_place ? cx->last_place : cx->first_place;
	/* "a missile hit a hospital in Ukraine": a toll that is no national
	 * figure lands on the place hit, usually named in the next sentences */
	if (p && p->kind && !strcmp(p->kind, "country") && p != &cx->country_copy) {
		const nf_fact *next = next_local_place(e, s);

		if (next)
			return next;
	}
	return p;
}

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
static long days_from_civil(int y, int m, int d)
{
	y -= m <= 2;
	long era = (y >= 0 ? y : y - 399) / 400;
	long yoe = y - era * 400;
	long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

/*
 * No day named yet, or the last one is the report's day or the day before:
 * the article is still on the latest night, so "overnight" means it.
 */
static int recent_or_none(const char *last_day, const nf_options *opt)
{
	int y, m, d;

	if (!last_day[0])
		return 1;
	if (sscanf(last_day, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return 0;
	long diff = days_from_civil(opt->ref_year, opt->ref_month, opt->ref_day) -
		    days_from_civil(y, m, d);

	return diff >= 0 && diff <= 1;
}

/* The day named in sentence s nearest to fact f, days of saying last; "" for none. */
static void nearest_day(const evdoc *e, const nf_fact *f, size_t s, char *out, size_t size)
{
	const nf_fact_list *fl = &e->doc.facts;
	const nf_fact *best = NULL;

	for (size_t i = e->sent_fact[s]; i < e->sent_fact[s + 1]; i++) {
		const nf_fact *d = &fl->items[i];

		if (d->type != NF_DATE || !is_day(d->timex))
			continue;
		int speech = is_speech_date(e, d), best_speech = best && is_speech_date(e, best);

		if (!best || (best_speech && !speech) ||
		    (best_speech == speech && distance(f, d) < distance(f, best)))
			best = d;
	}
	snprintf(out, size, "%s", best ? best->timex : "");
}

/* Days from day a to day b (calendar days, or weekdays of one week), or -99. */
static long days_between(const char *a, const char *b)
{
	int y1, m1, d1, y2, m2, d2, w1, w2;

	if (sscanf(a, "%4d-%2d-%2d", &y1, &m1, &d1) == 3 && sscanf(b, "%4d-%2d-%2d", &y2, &m2, &d2) == 3)
		return days_from_civil(y2, m2, d2) - days_from_civil(y1, m1, d1);
	if (!strncmp(a, "XXXX-WXX-", 9) && !strncmp(b, "XXXX-WXX-", 9) &&
	    sscanf(a + 9, "%d", &w1) == 1 && sscanf(b + 9, "%d", &w2) == 1)
		return ((w2 - w1) % 7 + 7) % 7;
	return -99;
}

/*
 * A day that dates an attack in sentence s: one right after an attack noun
 * ("the strikes carried out on Thursday", "the strike overnight on Saturday
 * into Sunday": the morning it ended) or owning one ("Wednesday's
 * barrage"). NULL when there is none.
 */
static const nf_fact *attack_day(const evdoc *e, size_t s)
{
	const nf_doc *d = &e->doc;
	const nf_fact_list *fl = &d->facts;

	for (size_t i = e->sent_fact[s]; i < e->sent_fact[s + 1]; i++) {
		const nf_fact *f = &fl->items[i];

		if (f->type != NF_DATE || !is_day(f->timex))
			continue;
		size_t t = (size_t)tok_of(d, f->start), te = (size_t)tok_of(d, f->end);
		size_t first = d->sents[s].first, last = d->sents[s].last;
		size_t from = t >= first + 3 ? t - 3 : first;
		int dated = cue_in(e, from, t, CUE_ATTACK_NOUN) || cue_in(e, from, t, CUE_REFER_ATTACK) ||
			    (te + 1 < last && tok_is(d, te, "'s") && e->cue[te + 1] == CUE_ATTACK_NOUN) ||
			    (te < last && e->cue[te] == CUE_ATTACK_NOUN);

		if (!dated)
			continue;
		/* "overnight on Saturday into Sunday" */
		if (te < last && tok_is(d, te, "into") && i + 1 < e->sent_fact[s + 1] &&
		    fl->items[i + 1].type == NF_DATE && is_day(fl->items[i + 1].timex))
			return &fl->items[i + 1];
		return f;
	}
	return NULL;
}

/*
 * The day of a count: a day named in its sentence (the nearest, leaving out
 * the day something was said), else the day of the place's earlier event,
 * else the last day named, else the first day the article names, else the
 * publication date, else "".
 */
static void day_of_count(const evdoc *e, const context *cx, event_list *el,
			 const nf_fact *c, const nf_fact *place, char *out, size_t size)
{
	const nf_fact_list *fl = &e->doc.facts;
	const nf_fact *best = NULL;
	const nf_options *opt = e->doc.opt;

	for (size_t i = e->sent_fact[c->sentence]; i < e->sent_fact[c->sentence + 1]; i++) {
		const nf_fact *d = &fl->items[i];

		if (d->type != NF_DATE || !is_day(d->timex))
			continue;
		/* a day an attack happened beats the day it was reported */
		int speech = is_speech_date(e, d), best_speech = best && is_speech_date(e, best);

		if (!best || (best_speech && !speech) ||
		    (best_speech == speech && distance(c, d) < distance(c, best)))
			best = d;
	}
	char place_day[32] = "";
	const nf_fact *dated = attack_day(e, c->sentence);

	if (dated) {
		snprintf(out, size, "%s", dated->timex);
		return;
	}
	/* a toll told before the place is named: the day of the place's sentence */
	if (place && place->type == NF_PLACE && place->sentence != c->sentence)
		nearest_day(e, place, place->sentence, place_day, sizeof place_day);
	/* "ten were killed, reports said on Wednesday": the day the place was hit */
	if (best && is_speech_date(e, best) && place_day[0] && place->sentence > c->sentence)
		best = NULL;
	if (best) {
		/* "between Thursday night and Friday morning": the morning it ended */
		const nf_fact *next = best + 1;

		if (next < fl->items + e->sent_fact[c->sentence + 1] && next->type == NF_DATE &&
		    tok_of(&e->doc, next->start) <= tok_of(&e->doc, best->end) + 2 &&
		    days_between(best->timex, next->timex) == 1)
			best = next;
		snprintf(out, size, "%s", best->timex);
		return;
	}
	event_acc *prev = place ? find_event_at(el, place->name) : NULL;

	if (prev)
		snprintf(out, size, "%s", prev->date);
	else if (place_day[0] && place->sentence > c->sentence)
		snprintf(out, size, "%s", place_day);
	else if (sentence_has_cue(e, c->sentence, CUE_OVERNIGHT) && opt && opt->has_ref_date &&
		 recent_or_none(cx->last_day, opt))
		/* "overnight" with no day: the night that ended the morning of the report */
		snprintf(out, size, "%04d-%02d-%02d", opt->ref_year, opt->ref_month, opt->ref_day);
	else if (cx->last_day[0])
		snprintf(out, size, "%s", cx->last_day);
	else if (cx->first_day[0])
		snprintf(out, size, "%s", cx->first_day);
	else if (opt && opt->has_ref_date)
		snprintf(out, size, "%04d-%02d-%02d", opt->ref_year, opt->ref_month, opt->ref_day);
	else
		out[0] = '\0';
}

/* Bring the context up to the end of sentence s: the places and days it names. */
static void update_context(const evdoc *e, context *cx, size_t s)
{
	const nf_fact_list *fl = &e->doc.facts;
	int day_named = 0;

	for (size_t i = e->sent_fact[s]; i < e->sent_fact[s + 1]; i++) {
		const nf_fact *f = &fl->items[i];

		/* the day something was said counts only when no other day is named */
		if (f->type == NF_DATE && is_day(f->timex) && (!is_speech_date(e, f) || !day_named))
			snprintf(cx->last_day, sizeof cx->last_day, "%s", f->timex);
		if (f->type == NF_DATE && is_day(f->timex) && !is_speech_date(e, f))
			day_named = 1;
		if (f->type != NF_PLACE || place_is_party(e, f) || place_is_speaker(e, f))
			continue;
		if (f->kind && !strcmp(f->kind, "country"))
			continue;
		if (cx->last_place_sent != s || !cx->last_place)
			cx->last_place_several = 0;
		else if (strcmp(cx->last_place->name, f->name) != 0 &&
			 !(cx->last_place->admin1 && !strcmp(cx->last_place->admin1, f->name)))
			cx->last_place_several = 1;
		else
			continue;       /* "Hroza, in the Kharkiv region": Hroza stays */
		cx->last_place = f;
		cx->last_place_sent = s;
		if (is_local_kind(f->kind))
			cx->last_city = f;
		else if (f->kind && !strcmp(f->kind, "region"))
			cx->last_region = f;
	}
}

/* Document-wide starting points: the first day named and the main country. */
static void init_context(const evdoc *e, context *cx)
{
	const nf_fact_list *fl = &e->doc.facts;
	const char *codes[16];
	int votes[16] = { 0 };
	size_t ncodes = 0;

	memset(cx, 0, sizeof *cx);
	/* the day the article gives its attack, if it says so, else its first day */
	for (size_t s = 0; s < e->doc.nsents && !cx->first_day[0]; s++) {
		const nf_fact *day = attack_day(e, s);

		if (day)
			snprintf(cx->first_day, sizeof cx->first_day, "%s", day->timex);
	}
	for (size_t i = 0; i < fl->len; i++) {
		const nf_fact *f = &fl->items[i];

		if (f->type == NF_DATE && !cx->first_day[0] && is_day(f->timex))
			snprintf(cx->first_day, sizeof cx->first_day, "%s", f->timex);
		if (f->type != NF_PLACE || !f->country || !*f->country || place_is_party(e, f))
			continue;
		/* the first place hit: below country level if there is one */
		if (!place_is_speaker(e, f) && !is_dateline(e, f) &&
		    (!cx->first_place || (!strcmp(cx->first_place->kind, "country") &&
					  strcmp(f->kind, "country") != 0)))
			cx->first_place = f;
		size_t k = 0;

		while (k < ncodes && strcmp(codes[k], f->country) != 0)
			k++;
		if (k == ncodes && ncodes < 16)
			codes[ncodes++] = f->country;
		if (k < 16)
			votes[k]++;
	}
	size_t best = 0;

	for (size_t k = 1; k < ncodes; k++)
		if (votes[k] > votes[best])
			best = k;
	snprintf(cx->country_code, sizeof cx->country_code, "%s", ncodes ? codes[best] : "UA");
}

/* ---- the attacker ---------------------------------------------------------- */

/*
 * The party an actor fact stands for: a country or an armed group by its own
 * name, armed forces and ministries by their country; defenders (air force,
 * air defence) and people are no party. NULL when none.
 */
static const char *party_of_actor(const evdoc *e, const nf_fact *a)
{
	if (a->type != NF_ACTOR || !a->kind || !a->name)
		return NULL;
	if (strstr(a->name, "Air Force") || strstr(a->name, "Air Defence") ||
	    strstr(a->name, "Air Defense"))
		return NULL;
	if (!strcmp(a->kind, "country"))
		return a->name;
	if (!strcmp(a->kind, "organization"))
		return a->country && *a->country ? a->name : NULL;
	if (!strcmp(a->kind, "military") || !strcmp(a->kind, "government"))
		return party_of_code(e->model->events, a->country);
	return NULL;
}

/*
 * Evidence that an actor attacks: it stands right before an attack verb or
 * noun ("Russia launched", "Russian strikes"), after "by" that follows one
 * ("shelling by the RSF"), or on a weapon ("Ukrainian drones": the actor
 * names a weapon, or lies inside or just before a weapon count). Returns 2
 * for a weapon, which names its side even over that side's own land
 * (Ukrainian drones over Crimea), 1 for the other evidence, 0 for none.
 */
static int actor_attacks(const evdoc *e, const nf_fact *a)
{
	const nf_doc *d = &e->doc;
	size_t t = (size_t)tok_of(d, a->start), te = (size_t)tok_of(d, a->end);
	size_t begin = sent_begin(d, t), end = sent_end(d, t);

	if (te > t && e->cue[te - 1] == CUE_WEAPON_NOUN)
		return 2;
	for (size_t i = e->sent_fact[a->sentence]; i < e->sent_fact[a->sentence + 1]; i++) {
		const nf_fact *c = &d->facts.items[i];

		if (c->type == NF_COUNT && is_weapon(c) && a->start >= c->start && a->end <= c->end)
			return 2;
		if (c->type == NF_COUNT && is_weapon(c) && a->end <= c->start &&
		    (size_t)tok_of(d, c->start) <= te + 1)
			return 2;
	}
	for (size_t i = te; i < te + 3 && i < end; i++) {
		if (e->cue[i] == CUE_ATTACK || e->cue[i] == CUE_ATTACK_NOUN)
			return 1;
		if (e->cue[i] == CUE_WEAPON_NOUN)
			return 2;
	}
	for (size_t k = 1; k <= 3 && t >= begin + k + 1; k++)
		if (e->cue[t - k] == CUE_AGENT &&
		    (e->cue[t - k - 1] == CUE_ATTACK || e->cue[t - k - 1] == CUE_ATTACK_NOUN))
			return 1;
	return 0;
}

/* Code of a party's country ("Russia" -> "RU"), "" when not a known country. */
static const char *code_of_party(const evdoc *e, const char *party)
{
	const table *t = e->model->events->t_parties;

	for (size_t i = 0; i < t->nrows; i++)
		if (strcmp(t->rows[i].field[0], party) == 0)
			return t->rows[i].field[1];
	return "";
}

/*
 * Choose the attacker of each event: attack evidence in its own sentences,
 * else attack evidence anywhere against a place of the same country, else the
 * party other than the place's country named most in the article.
 */
static void choose_attackers(const evdoc *e, event_list *el)
{
	const nf_fact_list *fl = &e->doc.facts;

	for (size_t k = 0; k < el->len; k++) {
		event_acc *ev = &el->items[k];
		const char *strong = NULL, *doc_strong = NULL, *frequent = NULL;
		int best_votes = 0;

		for (size_t j = 0; j < ev->nsents && !strong; j++) {
			size_t s = ev->sents[j];

			for (size_t i = e->sent_fact[s]; i < e->sent_fact[s + 1]; i++) {
				const char *p = party_of_actor(e, &fl->items[i]);

				int how = p ? actor_attacks(e, &fl->items[i]) : 0;

				if (how == 2 || (how == 1 &&
				    (strcmp(code_of_party(e, p), ev->country) != 0 ||
				     strcmp(fl->items[i].kind, "country") != 0))) {
					strong = p;
					break;
				}
			}
		}
		for (size_t i = 0; i < fl->len && !strong; i++) {
			const nf_fact *a = &fl->items[i];
			const char *p = party_of_actor(e, a);

			if (!p || strcmp(a->country ? a->country : "", ev->country) == 0)
				continue;
			if (!doc_strong && actor_attacks(e, a))
				doc_strong = p;
			int votes = 0;

			for (size_t j = 0; j < fl->len; j++) {
				const char *q = party_of_actor(e, &fl->items[j]);

				votes += q && strcmp(q, p) == 0;
			}
			if (votes > best_votes) {
				best_votes = votes;
				frequent = p;
			}
		}
		ev->attacker = strong ? strong : doc_strong ? doc_strong : frequent ? frequent : "";
	}
}

/* ---- assembly --------------------------------------------------------------- */

/*
 * A period phrase ("since March", "this year") in sentence s before token
 * upto, unless it only dates a record ("the largest attack since 2022").
 */
static int period_before(const evdoc *e, size_t s, size_t upto)
{
	size_t first = e->doc.sents[s].first;

	for (size_t i = first; i < upto && i < e->doc.ntoks; i++) {
		if (e->cue[i] != CUE_PERIOD || (i > first && e->cue[i - 1] == CUE_PERIOD))
			continue;
		if (!cue_in(e, i >= first + 8 ? i - 8 : first, i, CUE_RECORD))
			return 1;
	}
	return 0;
}

/* A count that is no figure of a single attack: a span of days, a mixed total. */
static int count_is_event_figure(const evdoc *e, const nf_fact *c)
{
	const nf_fact_list *fl = &e->doc.facts;
	size_t s = c->sentence;

	if (slot_of(c) < 0)
		return 0;
	size_t ce = (size_t)tok_of(&e->doc, c->end);

	/* "since March", or right after the count: "38,000 have since been killed" */
	if (period_before(e, s, (size_t)tok_of(&e->doc, c->start)) ||
	    cue_in(e, ce, ce + 3 < e->doc.sents[s].last ? ce + 3 : e->doc.sents[s].last, CUE_PERIOD))
		return 0;
	for (size_t i = e->sent_fact[s]; i < e->sent_fact[s + 1]; i++)
		if (fl->items[i].type == NF_DATE && fl->items[i].timex[0] == 'P' &&
		    strcmp(fl->items[i].timex, "P1D") != 0 && strcmp(fl->items[i].timex, "PT24H") != 0)
			return 0;     /* "the past day" is still one attack */
	return 1;
}

/* The one city, town or village of region the article names (not a speaker's seat), or NULL. */
static const nf_fact *only_city_in(const evdoc *e, const char *region)
{
	const nf_fact_list *fl = &e->doc.facts;
	const nf_fact *only = NULL;

	for (size_t i = 0; i < fl->len; i++) {
		const nf_fact *p = &fl->items[i];

		if (p->type != NF_PLACE || !p->kind || !p->admin1 || strcmp(p->admin1, region) != 0 ||
		    (strcmp(p->kind, "city") && strcmp(p->kind, "town") && strcmp(p->kind, "village")) ||
		    place_is_speaker(e, p) || is_dateline(e, p))
			continue;
		if (only && strcmp(only->name, p->name) != 0)
			return NULL;
		only = p;
	}
	return only;
}

/* How two events' figures compare: *agree slots equal, *conflict slots different. */
static void compare_slots(const event_acc *a, const event_acc *b, int *agree, int *conflict)
{
	*agree = *conflict = 0;
	for (int k = 0; k < NF_EVENT_NSLOTS; k++)
		if (a->has[k] && b->has[k]) {
			*agree += a->val[k] == b->val[k];
			*conflict += a->val[k] != b->val[k];
		}
}

/*
 * An oblast's figures belong to the city in it that the article shows hit
 * (GUIDELINES event rule 2: the most specific place): a region event is
 * folded into a city event of that region that states one of its figures,
 * or into the only city event of the region when their figures do not
 * clash. The city keeps its own day; the region's sentences and missing
 * figures join it.
 */
static int merge_oblasts(const evdoc *e, event_list *el)
{
	for (size_t r = 0; r < el->len; r++) {
		event_acc *reg = &el->items[r];
		event_acc *into = NULL;
		size_t ncities = 0;

		if (strcmp(reg->kind, "region") != 0)
			continue;
		for (size_t k = 0; k < el->len; k++) {
			event_acc *c = &el->items[k];
			int agree, conflict;

			if (k == r || !is_local_kind(c->kind) || strcmp(c->admin1, reg->place) != 0)
				continue;
			ncities++;
			compare_slots(reg, c, &agree, &conflict);
			if (agree && !conflict && !into)
				into = c;
		}
		if (!into && ncities == 1) {
			for (size_t k = 0; k < el->len; k++) {
				event_acc *c = &el->items[k];
				int agree, conflict;

				if (k != r && is_local_kind(c->kind) && !strcmp(c->admin1, reg->place)) {
					compare_slots(reg, c, &agree, &conflict);
					if (!conflict)
						into = c;
				}
			}
		}
		if (!into && ncities == 0) {
			/* no city of the region has figures: the one city, town or
			 * village of it that the article names is the place hit */
			const nf_fact *only = only_city_in(e, reg->place);

			if (only) {
				reg->place = only->name;
				reg->kind = only->kind;
				reg->admin1 = only->admin1;
			}
			continue;
		}
		if (!into)
			continue;
		for (int k = 0; k < NF_EVENT_NSLOTS; k++)
			if (reg->has[k] && !into->has[k]) {
				into->has[k] = 1;
				into->val[k] = reg->val[k];
			}
		for (size_t i = 0; i < reg->nsents; i++)
			if (add_sentence(into, reg->sents[i]) < 0)
				return -1;
		for (size_t i = 0; i < reg->nweapons; i++)
			add_weapon(into, reg->weapons[i]);
		free(reg->sents);
		memmove(reg, reg + 1, (el->len - r - 1) * sizeof *reg);
		el->len--;
		r--;
	}
	return 0;
}

/*
 * A sentence that only dates the attack ("Tuesday's barrage was the worst
 * in weeks", naming no place and no figure)
 * corrects events dated one to three days later: those carry the day the
 * toll was reported, not the day of the attack.
 */
static void redate_to_attack_day(const evdoc *e, event_list *el)
{
	const nf_fact_list *fl = &e->doc.facts;

	for (size_t s = 0; s < e->doc.nsents; s++) {
		const nf_fact *day = attack_day(e, s);
		int other = 0;

		if (!day)
			continue;
		for (size_t i = e->sent_fact[s]; i < e->sent_fact[s + 1]; i++)
			other |= fl->items[i].type == NF_COUNT ||
				 (fl->items[i].type == NF_PLACE && fl->items[i].kind &&
				  strcmp(fl->items[i].kind, "country") != 0);
		if (other)
			continue;
		for (size_t k = 0; k < el->len; k++) {
			long gap = days_between(day->timex, el->items[k].date);

			if (gap >= 1 && gap <= 3)
				snprintf(el->items[k].date, sizeof el->items[k].date, "%s", day->timex);
		}
		return;
	}
}

/*
 * Events that ended up with the same place and day (after a correction of
 * the day) are one attack: figures missing from the first come from the
 * second, and a clash keeps the larger figure.
 */
static int merge_same(event_list *el)
{
	for (size_t a = 0; a < el->len; a++)
		for (size_t b = a + 1; b < el->len; b++) {
			event_acc *x = &el->items[a], *y = &el->items[b];

			if (strcmp(x->place, y->place) != 0 || strcmp(x->date, y->date) != 0)
				continue;
			for (int k = 0; k < NF_EVENT_NSLOTS; k++)
				if (y->has[k] && (!x->has[k] || y->val[k] > x->val[k])) {
					x->has[k] = 1;
					x->val[k] = y->val[k];
				}
			for (size_t i = 0; i < y->nsents; i++)
				if (add_sentence(x, y->sents[i]) < 0)
					return -1;
			for (size_t i = 0; i < y->nweapons; i++)
				add_weapon(x, y->weapons[i]);
			free(y->sents);
			memmove(y, y + 1, (el->len - b - 1) * sizeof *y);
			el->len--;
			b--;
		}
	return 0;
}

/*
 * With no publication date, "Thursday" stays XXXX-WXX-4; when the article
 * itself names a calendar day that is a Thursday ("July 4, 2024", in a
 * caption or dateline), the event's Thursday is that day.
 */
static void resolve_weekdays(const evdoc *e, event_list *el)
{
	const nf_fact_list *fl = &e->doc.facts;

	for (size_t k = 0; k < el->len; k++) {
		event_acc *ev = &el->items[k];
		int wd = 0;

		if (strncmp(ev->date, "XXXX-WXX-", 9) != 0 || sscanf(ev->date + 9, "%d", &wd) != 1)
			continue;
		for (size_t i = 0; i < fl->len; i++) {
			int y, m, d;

			if (fl->items[i].type != NF_DATE || strlen(fl->items[i].timex) != 10 ||
			    sscanf(fl->items[i].timex, "%4d-%2d-%2d", &y, &m, &d) != 3)
				continue;
			/* 1970-01-01 was a Thursday (ISO weekday 4) */
			long days = days_from_civil(y, m, d);
			int iso = (int)(((days % 7) + 7 + 3) % 7) + 1;

			if (iso == wd) {
				snprintf(ev->date, sizeof ev->date, "%s", fl->items[i].timex);
				break;
			}
		}
	}
}

/* Is there an event at place p, or at a place that holds it or lies in it? */
static int event_near(const event_list *el, const nf_fact *p)
{
	for (size_t k = 0; k < el->len; k++) {
		const event_acc *ev = &el->items[k];

		if (!strcmp(ev->place, p->name) || (p->admin1 && !strcmp(ev->place, p->admin1)) ||
		    !strcmp(ev->admin1, p->name))
			return 1;
	}
	return 0;
}

/*
 * The place an attack verb at token v names as hit: the first place after it
 * in its clause ("Ukraine targeted the pipeline in the Bryansk region"), or
 * the place right before a passive ("the city of Kherson was attacked").
 * Countries, speakers' seats and datelines are no such place.
 */
static const nf_fact *attacked_place(const evdoc *e, size_t s, size_t v)
{
	const nf_doc *d = &e->doc;
	const nf_fact_list *fl = &d->facts;
	int passive = v > d->sents[s].first && (tok_is(d, v - 1, "was") || tok_is(d, v - 1, "were") ||
						 tok_is(d, v - 1, "been"));
	size_t stop = v + 1;

	while (stop < d->sents[s].last && stop < v + 10 && !tok_is(d, stop, ",") &&
	       !tok_is(d, stop, ";"))
		stop++;
	for (size_t i = e->sent_fact[s]; i < e->sent_fact[s + 1]; i++) {
		const nf_fact *p = &fl->items[i];
		size_t pt = (size_t)tok_of(d, p->start), pe = (size_t)tok_of(d, p->end);

		if (p->type != NF_PLACE || !p->kind || !strcmp(p->kind, "country") ||
		    place_is_speaker(e, p) || is_dateline(e, p) || is_after_cue(e, p, CUE_ORIGIN))
			continue;
		if ((pt > v && pt < stop) || (passive && pe + 1 == v))
			return p;
	}
	return NULL;
}

/*
 * GUIDELINES event rule 1 counts a strike with no figure when it is an
 * attack of its own: another party's ("Ukraine struck back at a pipeline in
 * the Bryansk region") or another day's ("Kherson was attacked on Sunday").
 * In an article that already reports an attack with figures, a sentence
 * whose attack verb names a place hit that no event covers adds such an
 * event, with no figures, when its attacker or its day is new.
 */
static int add_figureless(const evdoc *e, event_list *el)
{
	const nf_doc *d = &e->doc;
	const nf_fact_list *fl = &d->facts;
	size_t nfigures = el->len;
	const nf_options *opt = d->opt;

	if (nfigures == 0)
		return 0;
	for (size_t s = 0; s < d->nsents; s++) {
		if (period_before(e, s, d->sents[s].last))
			continue;
		for (size_t v = d->sents[s].first; v < d->sents[s].last; v++) {
			if (e->cue[v] != CUE_ATTACK)
				continue;
			const nf_fact *p = attacked_place(e, s, v);

			if (!p || event_near(el, p))
				continue;
			const char *party = NULL;

			for (size_t i = e->sent_fact[s]; i < e->sent_fact[s + 1] && !party; i++)
				if (fl->items[i].end <= d->toks[v].start && actor_attacks(e, &fl->items[i]))
					party = party_of_actor(e, &fl->items[i]);
			char day[32];
			int new_party = party != NULL, new_day = 1;

			nearest_day(e, p, s, day, sizeof day);
			/* "hours later": the day of the last attack told before */
			for (size_t k = nfigures; !day[0] && k-- > 0;)
				if (el->items[k].nsents && el->items[k].sents[0] < s)
					snprintf(day, sizeof day, "%s", el->items[k].date);
			if (!day[0] && opt && opt->has_ref_date)
				snprintf(day, sizeof day, "%04d-%02d-%02d", opt->ref_year,
					 opt->ref_month, opt->ref_day);
			for (size_t k = 0; k < nfigures; k++) {
				const event_acc *ev = &el->items[k];

				if (party && ev->attacker && !strcmp(ev->attacker, party))
					new_party = 0;
				if (!strcmp(ev->date, day))
					new_day = 0;
			}
			if (!new_party && !new_day)
				continue;
			event_acc *ev = new_event(el, p, day);

			if (!ev || add_sentence(ev, s) < 0)
				return -1;
			break;
		}
	}
	return 0;
}

/*
 * A headline figure the body states again ("... kill at least 29" above
 * "killing at least 29 people"): the body's sentence, which says where, is
 * the one to use.
 */
static int restated_below(const evdoc *e, const nf_fact *c)
{
	const nf_fact_list *fl = &e->doc.facts;

	if (!e->doc.sents[c->sentence].headline)
		return 0;
	for (size_t i = e->sent_fact[c->sentence + 1]; i < fl->len; i++) {
		const nf_fact *o = &fl->items[i];

		if (o->type == NF_COUNT && !e->doc.sents[o->sentence].headline &&
		    o->value == c->value && slot_of(o) == slot_of(c) && count_is_event_figure(e, o))
			return 1;
	}
	return 0;
}

static int assemble(evdoc *e, event_list *el)
{
	const nf_fact_list *fl = &e->doc.facts;
	context cx;

	init_context(e, &cx);
	for (size_t s = 0; s < e->doc.nsents; s++) {
		for (size_t i = e->sent_fact[s]; i < e->sent_fact[s + 1]; i++) {
			const nf_fact *c = &fl->items[i];

			if (c->type != NF_COUNT || !count_is_event_figure(e, c) ||
			    restated_below(e, c))
				continue;
			const nf_fact *place = place_of_count(e, &cx, c);
			char day[32];

			if (!place || !place->name)
				continue;
			if (place == &cx.country_place) {
				/* keep a copy: the next national figure reuses the slot */
				cx.country_copy = cx.country_place;
				place = &cx.country_copy;
			}
			/* a part ("including 13 at Kyiv") leaves the story with the whole */
			if (part_start(e, (size_t)tok_of(&e->doc, c->start)) == (size_t)-1 || !cx.focus) {
				cx.focus = place;
				cx.focus_sent = s;
			}
			day_of_count(e, &cx, el, c, place, day, sizeof day);
			event_acc *ev = find_event(el, place->name, day);

			/* "the toll rose to 12" the next day still counts that attack */
			if (!ev && is_update(e, c))
				ev = find_event_at(el, place->name);
			if (!ev && !(ev = new_event(el, place, day)))
				return -1;
			if (add_sentence(ev, s) < 0)
				return -1;
			merge_count(e, ev, c, slot_of(c));
		}
		update_context(e, &cx, s);
	}
	if (merge_oblasts(e, el) < 0)
		return -1;
	choose_attackers(e, el);        /* add_figureless compares attackers */
	if (add_figureless(e, el) < 0)
		return -1;
	redate_to_attack_day(e, el);
	if (merge_same(el) < 0)
		return -1;
	resolve_weekdays(e, el);
	choose_attackers(e, el);
	return 0;
}

/* Analyse the document and mark its cues; the caller frees with evdoc_release. */
static int evdoc_init(evdoc *e, const nf_model *m, const char *text, size_t len,
		      const nf_options *options)
{
	static const nf_options defaults = { 0 };

	memset(e, 0, sizeof *e);
	e->model = m;
	if (doc_analyse(m, &e->doc, text, len, options ? options : &defaults, NF_ALL_TYPES) < 0)
		return -1;
	return mark_cues(e);
}

static void evdoc_release(evdoc *e)
{
	free(e->cue);
	free(e->sent_fact);
	doc_release(&e->doc);
}

/* The event record of an accumulated event; weapons joined into buf. */
static void to_event(const event_acc *ev, nf_event *out, char *buf, size_t size)
{
	size_t n = 0;

	memset(out, 0, sizeof *out);
	snprintf(out->date, sizeof out->date, "%s", ev->date);
	out->place = ev->place;
	out->country = ev->country;
	out->attacker = ev->attacker ? ev->attacker : "";
	for (int s = 0; s < NF_EVENT_NSLOTS; s++) {
		out->has[s] = ev->has[s];
		out->slot[s] = ev->val[s];
	}
	buf[0] = '\0';
	for (size_t i = 0; i < ev->nweapons && n < size; i++)
		n += (size_t)snprintf(buf + n, size - n, "%s%s", i ? ";" : "", ev->weapons[i]);
	out->weapons = buf;
	out->sentences = ev->sents;
	out->nsentences = ev->nsents;
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

int nf_extract_events(const nf_model *m, const char *text, size_t len,
		      const nf_options *options, nf_event_fn fn, void *userdata)
{
	evdoc e;
	event_list el = { 0 };
	int rc = -1;

	if (evdoc_init(&e, m, text, len, options) == 0 && assemble(&e, &el) == 0) {
		char weapons[256];

		rc = 0;
		for (size_t i = 0; i < el.len && rc == 0; i++) {
			nf_event ev;

			/* merged events gathered their sentences out of order */
			qsort(el.items[i].sents, el.items[i].nsents, sizeof *el.items[i].sents, cmp_size);
			to_event(&el.items[i], &ev, weapons, sizeof weapons);
			rc = fn(&ev, userdata);
		}
	}
	events_free(&el);
	evdoc_release(&e);
	return rc;
}

int nf_extract_summary(const nf_model *m, const char *text, size_t len,
		       const nf_options *options, nf_event *summary)
{
	static const nf_options defaults = { 0 };
	nf_doc doc = { 0 };
	int rc = -1;

	memset(summary, 0, sizeof *summary);
	summary->place = summary->country = summary->attacker = summary->weapons = "";
	if (doc_analyse(m, &doc, text, len, options ? options : &defaults, NF_COUNT) == 0) {
		rc = 0;
		for (size_t i = 0; i < doc.facts.len; i++) {
			const nf_fact *c = &doc.facts.items[i];
			int s = c->type == NF_COUNT ? slot_of(c) : -1;

			if (s < 0)
				continue;
			if (!summary->has[s] || c->value > summary->slot[s])
				summary->slot[s] = c->value;
			summary->has[s] = 1;
		}
	}
	doc_release(&doc);
	return rc;
}
