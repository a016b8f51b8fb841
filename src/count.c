/*
 * count.c: counts of drones, missiles, people killed and people injured.
 *
 * The extractor works one sentence at a time in two passes. The first finds
 * the mentions: a number with its noun phrase ("at least 26 people", "552
 * Shahed drones", "four fatalities"), a number standing alone before a verb
 * ("Fifteen were destroyed"), a singular noun that may be a count of one ("a
 * drone", "an elderly man") and negated casualty words ("no casualties"). The
 * second pass decides each mention's category and statuses from the words
 * around it: a verb before it that governs it as an object ("shot down 40
 * drones"), shared along a coordination ("40 missiles and 580 drones"), or a
 * verb after it of which it is the subject ("three drones were shot down").
 *
 * All the vocabulary (weapon names, status verbs, casualty words, qualifiers,
 * clause boundaries) comes from data/weapons.tsv and data/count_words.tsv; this
 * file holds only the grammar. All work is per sentence, except the short
 * look back over the two sentences before for an elliptic count's kind.
 *
 * Each fact names the rule that produced it (the "rule" field of --explain):
 *   weapon-verb-before     object of a status verb: "shot down 40 drones"
 *   weapon-verb-after      subject of a status verb: "40 drones were downed"
 *   weapon-participle      a participle after the noun: "drones launched at Kyiv"
 *   weapon-shared-verb     a verb shared along a coordination: "fired 40 missiles
 *                          and 580 drones"
 *   weapon-list-verb       a list sharing the verb after it: "four missiles and 35
 *                          drones were destroyed"
 *   weapon-with            only "with" gives the status: "attacked Kyiv with 40 drones"
 *   weapon-by-agent        "destroyed by a missile": the weapon hit
 *   weapon-status-noun     "90 missile launches", "56 drone hits"
 *   weapon-n-of-m          M in "33 of 39 drones", launched
 *   weapon-out-of          "out of 40 missiles, ...": the total, launched
 *   weapon-all             "all 25 drones were shot down": also launched
 *   weapon-no-verb         a weapon count with no verb: unspecified
 *   weapon-elliptic        a number without a noun whose kind an earlier noun
 *                          gave: "Fifteen were destroyed", "three of which ..."
 *   weapon-elliptic-object the same after a verb: "air defences shot down 552"
 *   weapon-elliptic-coord  "three drones were shot down over A and one over B"
 *   people-verb-after      "two civilians were killed", "a soldier who died"
 *   people-verb-before     "killing 16 people", "claimed the life of a man"
 *   people-sub-count       "including nine children"
 *   people-coordinated     a plural right after another people count
 *   people-named           a named victim: "Nina suffered cuts"
 *   casualty-noun          "four fatalities", "12 dead", "five wounded"
 *   casualty-noun-coordinated "dozens dead, injured": the second word
 *   casualty-of-group      "two of the wounded died": killed
 *   casualty-verb-after    a bare number before a casualty verb: "two died"
 *   casualty-verb-before   a bare number after one: "injuring 26"
 *   casualty-toll          "the death toll rose to 12"
 *   casualty-sub-count     a bare sub-count: "including nine"
 *   casualty-lives         "cost thousands of lives"
 *   casualty-zero          "no casualties", "nobody was hurt"
 *   range-low              the low end of "10 to 15 drones"
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "array.h"
#include "cache.h"
#include "extract.h"
#include "phrase.h"
#include "table.h"

enum word_class {
	WC_WEAPON, WC_STATUS, WC_WEAK, WC_CASUALTY, WC_TOLL, WC_CASUALTIES,
	WC_PERSON, WC_QUALIFIER, WC_MODIFIER, WC_LAUNCHNOUN, WC_ATTACK, WC_AUX,
	WC_BOUNDARY, WC_NEGATION, WC_SUB, WC_COORD, WC_DET, WC_NOTCASUALTY,
	WC_TOLLVERB, WC_LIVES, WC_LIFEVERB, WC_WEAPONREF, WC_PRONOUN
};

static const char *const class_names[] = {
	"weapon", "status", "weak", "casualty", "toll", "casualties", "person",
	"qualifier", "modifier", "launchnoun", "attack", "aux", "boundary",
	"negation", "sub", "coord", "det", "notcasualty", "tollverb", "lives",
	"lifeverb", "weaponref", "pronoun"
};

/* One vocabulary entry. value is the category, status, victims or qualifier. */
typedef struct lex_entry {
	enum word_class cls;
	const char *value;      /* NULL for "-" */
	const char *model;      /* weapons: model family or NULL */
	int plural;             /* weapons and people: 0 singular, 1 plural, 2 either */
	int noun;               /* casualty word that can head a count; negation "subject" */
	int victim;             /* casualty verb whose subject is the victim ("died") */
} lex_entry;

/*
 * FC_CASPAIR: the first word of a casualty phrase of two words or more
 * ("in" of "in hospital"), a casualty word only when the next token may
 * continue it (cas_pair).
 */
enum { FC_NEG = 1, FC_CAS = 2, FC_HEAD = 4, FC_DET = 8, FC_START = 16, FC_DIGIT = 32,
       FC_CASPAIR = 64 };
#define FC_SIZE 16384
#define ONE_SLOTS 2048          /* a power of two, over twice the entries */

/*
 * Built from the tables, or mapped from the tables cache (model.c): a member
 * added here is saved there too (count_model_save).
 */
struct count_model {
	table *weapons, *words;
	phrase_set *lex;
	lex_entry *entries;
	size_t nentries;
	/* First words of the determiners ("a", "his"; with "a", "an" also
	 * for "a dozen") and of the negations ("no", "nobody", and "any"):
	 * most tokens fail both at a bit test, and need no vocabulary match. */
	/* First words of the phrases of two words or more: a token that is
	 * none matches the same everywhere, and lex_fill caches it. */
	hash_filter multi_first;
	/* Last words of every phrase: lex_ending finds no phrase ending in
	 * another word (most words), without a look-up. */
	hash_filter last_word;
	/* FC_* bits of the first words of negations (and "any"), casualty
	 * phrases ("killed", "casualties"), the nouns a determiner needs
	 * (weapon, person) and determiners (FC_DET | FC_START; with "a", "an"
	 * also for "a dozen"), by hash & (FC_SIZE - 1): whether a sentence
	 * may hold a zero count, a named victim or "a drone" at all. The
	 * number words' FC_START bits are added once (class_table). */
	uint8_t first_class[FC_SIZE];
	/* FC_DIGIT for the bytes '0' to '9', by a token's first byte: one
	 * look-up, ORed with first_class's, tells the tokens that may start
	 * a number in digits (scan_sentence) */
	uint8_t digit_class[256];
	/* The phrases of one plain word ("killed", "drones") by hash: a
	 * token that is no multi_first word can match only one of these,
	 * found here without the phrase set (lex_fill). */
	struct one_word {
		uint32_t hash;
		uint16_t len;
		uint16_t idx1;      /* entry index + 1; 0: empty slot */
		const char *word;   /* in the tables */
	} one[ONE_SLOTS];
	nf_tokstore scratch;    /* while loading: first_word's tokens */
	/* first_class with FC_START for the number words of the numbers
	 * model merged_for too, made at load (count_model_bind_numbers) */
	const numbers_model *merged_for;
	uint8_t *merged;
};

/*
 * Note the first word of a vocabulary phrase in the filters: its class's,
 * and multi_first when the phrase has more words. A phrase of plain
 * lower-case words separated by single spaces is split here (its words are
 * its tokens); anything else goes through the tokenizer, as in phrase_add.
 */
static int first_word(struct count_model *m, const char *text, enum word_class cls)
{
	size_t n = 0, ntoks = 1, words;   /* words: its tokens */
	const char *p;
	uint32_t h;
	int fc = cls == WC_NEGATION ? FC_NEG :
		 cls == WC_CASUALTY || cls == WC_CASUALTIES ? FC_CAS :
		 cls == WC_WEAPON || cls == WC_PERSON ? FC_HEAD : 0;

	while (text[n] >= 'a' && text[n] <= 'z')
		n++;
	for (p = text + n; (*p >= 'a' && *p <= 'z') || (*p == ' ' && p[1] >= 'a' && p[1] <= 'z'); p++)
		ntoks += *p == ' ';
	words = ntoks;
	if (n > 0 && *p == '\0') {
		h = nf_hash(text, n);
		if (ntoks == 1) {
			hash_filter_add(&m->last_word, h);
		} else {
			const char *last = strrchr(text, ' ') + 1;

			hash_filter_add(&m->last_word, nf_hash(last, (size_t)(p - last)));
		}
		if (ntoks == 1 && n <= UINT16_MAX && m->nentries < ONE_SLOTS / 2) {
			size_t k = h & (ONE_SLOTS - 1);

			while (m->one[k].idx1)
				k = (k + 1) & (ONE_SLOTS - 1);
			m->one[k].hash = h;
			m->one[k].len = (uint16_t)n;
			m->one[k].idx1 = (uint16_t)(m->nentries + 1);
			m->one[k].word = text;
		} else if (ntoks == 1) {
			ntoks = 2;   /* (no room: lex_fill asks the phrase set) */
		}
	} else if (n > 0 && (text[n] == '-' || text[n] == '/')) {
		/* "shahed-136", "long-range", "and/or": the letters, then a
		 * punctuation token (the last word as the tokenizer gives it) */
		nf_doc d;

		memset(&d, 0, sizeof d);
		if (tokenize_reuse(&d, text, strlen(text), &m->scratch) < 0)
			return -1;
		if (d.ntoks > 0)
			hash_filter_add(&m->last_word, d.toks[d.ntoks - 1].hash);
		h = nf_hash(text, n);
		ntoks = 2;
		words = d.ntoks;
	} else {
		nf_doc d;

		memset(&d, 0, sizeof d);
		if (tokenize_reuse(&d, text, strlen(text), &m->scratch) < 0)
			return -1;
		if (d.ntoks == 0)
			return 0;
		h = d.toks[0].hash;
		hash_filter_add(&m->last_word, d.toks[d.ntoks - 1].hash);
		words = d.ntoks;
		/* (one token but not in m->one: lex_fill asks the phrase set,
		 * as for the first word of a longer phrase) */
		ntoks = d.ntoks == 1 ? 2 : d.ntoks;
	}
	if (ntoks > 1)
		hash_filter_add(&m->multi_first, h);
	if (cls == WC_DET)
		fc = FC_DET | FC_START;
	if (fc == FC_CAS && words > 1)
		fc = FC_CASPAIR;
	m->first_class[h & (FC_SIZE - 1)] |= (uint8_t)fc;
	return 0;
}

/* The canonical strings facts point to. */
static const char *const canon_names[] = {
	"drone", "missile", "mixed", "killed", "injured", "launched",
	"intercepted", "hit", "lost", "unspecified", "exact", "approx",
	"at_least", "more_than", "at_most", "less_than", "all", "people",
	"civilians", "children", "soldiers", "both",
};

/* The ones the rules compare with (canonical() at no cost). */
#define CANON_LAUNCHED (canon_names[5])
#define CANON_INTERCEPTED (canon_names[6])
#define CANON_ALL (canon_names[16])

static const char *canonical(const char *s)
{
	for (size_t i = 0; i < sizeof canon_names / sizeof canon_names[0]; i++)
		if (s[0] == canon_names[i][0] && strcmp(s, canon_names[i]) == 0)
			return canon_names[i];
	return NULL;
}

static int add_entry(struct count_model *m, const table *t, const table_row *row,
		     const lex_entry *e, char *err, size_t errlen)
{
	int got = phrase_add(m->lex, row->field[0], (int)m->nentries);

	if (got < 0) {
		snprintf(err, errlen, "%s:%d: cannot add '%s'", t->path, row->line,
			 row->field[0]);
		return -1;
	}
	if (got != (int)m->nentries) {
		snprintf(err, errlen, "%s:%d: '%s' is listed twice", t->path, row->line,
			 row->field[0]);
		return -1;
	}
	if (first_word(m, row->field[0], e->cls) < 0) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	m->entries[m->nentries++] = *e;
	return 0;
}

static int parse_number_field(const char *s, int *plural)
{
	if (!strcmp(s, "sg"))
		*plural = 0;
	else if (!strcmp(s, "pl"))
		*plural = 1;
	else if (!strcmp(s, "any") || !*s)
		*plural = 2;
	else
		return -1;
	return 0;
}

static int load_weapons(struct count_model *m, char *err, size_t errlen)
{
	const table *t = m->weapons;

	for (size_t r = 0; r < t->nrows; r++) {
		const table_row *row = &t->rows[r];
		lex_entry e = { .cls = WC_WEAPON };
		const char *cat = canonical(row->field[1]);

		if (!cat || (strcmp(cat, "drone") && strcmp(cat, "missile") &&
			     strcmp(cat, "mixed"))) {
			snprintf(err, errlen, "%s:%d: unknown category '%s'", t->path,
				 row->line, row->field[1]);
			return -1;
		}
		e.value = cat;
		e.model = strcmp(row->field[2], "-") ? row->field[2] : NULL;
		if (parse_number_field(table_get(row, 3), &e.plural) < 0) {
			snprintf(err, errlen, "%s:%d: number must be sg, pl or any",
				 t->path, row->line);
			return -1;
		}
		if (add_entry(m, t, row, &e, err, errlen) < 0)
			return -1;
	}
	return 0;
}

static int load_words(struct count_model *m, char *err, size_t errlen)
{
	const table *t = m->words;

	for (size_t r = 0; r < t->nrows; r++) {
		const table_row *row = &t->rows[r];
		lex_entry e = { .plural = 2 };
		const char *val = table_get(row, 2), *num = table_get(row, 3);
		size_t c;

		for (c = 0; c < sizeof class_names / sizeof class_names[0]; c++)
			if (row->field[1][0] == class_names[c][0] &&
			    !strcmp(row->field[1], class_names[c]))
				break;
		if (c == sizeof class_names / sizeof class_names[0] || c == WC_WEAPON) {
			snprintf(err, errlen, "%s:%d: unknown class '%s'", t->path,
				 row->line, row->field[1]);
			return -1;
		}
		e.cls = (enum word_class)c;
		if (*val && strcmp(val, "-")) {
			e.value = canonical(val);
			if (!e.value) {
				snprintf(err, errlen, "%s:%d: unknown value '%s'", t->path,
					 row->line, val);
				return -1;
			}
		}
		if (e.cls == WC_PERSON && parse_number_field(num, &e.plural) < 0) {
			snprintf(err, errlen, "%s:%d: number must be sg or pl", t->path,
				 row->line);
			return -1;
		}
		/* (most rows have nothing here: one byte tells) */
		e.noun = *num && (!strcmp(num, "noun") || !strcmp(num, "subject"));
		e.victim = *num && !strcmp(num, "victim");
		if (add_entry(m, t, row, &e, err, errlen) < 0)
			return -1;
	}
	return 0;
}

struct count_model *count_model_load(const char *dir, char *err, size_t errlen)
{
	struct count_model *m = calloc(1, sizeof *m);

	if (!m) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (!(m->weapons = table_load(dir, "weapons.tsv", 4, err, errlen)) ||
	    !(m->words = table_load(dir, "count_words.tsv", 2, err, errlen)))
		goto fail;
	m->lex = phrase_new();
	m->entries = calloc(m->weapons->nrows + m->words->nrows + 1, sizeof *m->entries);
	if (!m->lex || !m->entries) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	/* scan.lex keeps an entry index + 2 in 16 bits */
	if (m->weapons->nrows + m->words->nrows > UINT16_MAX - 2) {
		snprintf(err, errlen, "%s and %s: more than %u words", m->weapons->path,
			 m->words->path, (unsigned)(UINT16_MAX - 2));
		goto fail;
	}
	if (load_weapons(m, err, errlen) < 0 || load_words(m, err, errlen) < 0)
		goto fail;
	m->first_class[nf_hash("any", 3) & (FC_SIZE - 1)] |= FC_NEG;
	m->first_class[nf_hash("a", 1) & (FC_SIZE - 1)] |= FC_START;
	m->first_class[nf_hash("an", 2) & (FC_SIZE - 1)] |= FC_START;
	for (int c = '0'; c <= '9'; c++)
		m->digit_class[c] = FC_DIGIT;
	tokstore_free(&m->scratch);
	return m;
fail:
	count_model_free(m);
	return NULL;
}

void count_model_free(struct count_model *m)
{
	if (!m)
		return;
	phrase_free(m->lex);
	tokstore_free(&m->scratch);
	free(m->entries);
	table_free(m->weapons);
	table_free(m->words);
	free(m->merged);
	free(m);
}

/*
 * The model in a model cache (cache.h's layout): a head, the entries, the
 * one-word slots, the filters, the strings the entries and slots point to,
 * and the phrase set. A mapped model needs no table.
 */
typedef struct count_saved_head {
	uint64_t nentries, strsize;
} count_saved_head;

typedef struct saved_entry {
	int32_t cls, value;     /* value: the canon_names index, -1 for NULL */
	uint32_t model;         /* offset in the strings, UINT32_MAX for NULL */
	int32_t plural, noun, victim;
} saved_entry;

typedef struct saved_slot {
	uint32_t hash, word;    /* word: offset in the strings */
	uint16_t len, idx1;
} saved_slot;

/* Append s[0..n) and a NUL to the strings; its offset, or UINT32_MAX when out of memory. */
static uint32_t pool_add(char **pool, size_t *len, size_t *cap, const char *s, size_t n)
{
	size_t off = *len;

	while (*cap - *len < n + 1) {
		size_t ncap = *cap ? *cap * 2 : 4096;
		char *np = ncap <= UINT32_MAX ? realloc(*pool, ncap) : NULL;

		if (!np)
			return UINT32_MAX;
		*pool = np;
		*cap = ncap;
	}
	memcpy(*pool + off, s, n);
	(*pool)[off + n] = '\0';
	*len += n + 1;
	return (uint32_t)off;
}

int count_model_save(const struct count_model *m, FILE *f)
{
	saved_entry *se = calloc(m->nentries ? m->nentries : 1, sizeof *se);
	saved_slot *ss = calloc(ONE_SLOTS, sizeof *ss);
	char *pool = NULL;
	size_t len = 0, cap = 0;
	int ok = se && ss && pool_add(&pool, &len, &cap, "", 0) != UINT32_MAX;

	for (size_t i = 0; ok && i < m->nentries; i++) {
		const lex_entry *e = &m->entries[i];
		int32_t value = -1;

		for (size_t c = 0; e->value && c < sizeof canon_names / sizeof *canon_names; c++)
			if (e->value == canon_names[c])
				value = (int32_t)c;
		se[i] = (saved_entry){ (int32_t)e->cls, value, UINT32_MAX, e->plural, e->noun,
				       e->victim };
		if (e->model)
			ok = (se[i].model = pool_add(&pool, &len, &cap, e->model,
						     strlen(e->model))) != UINT32_MAX;
		ok = ok && (!e->value || value >= 0);
	}
	for (size_t k = 0; ok && k < ONE_SLOTS; k++) {
		const struct one_word *o = &m->one[k];

		if (!o->idx1)
			continue;
		ss[k] = (saved_slot){ o->hash, pool_add(&pool, &len, &cap, o->word, o->len),
				      o->len, o->idx1 };
		ok = ss[k].word != UINT32_MAX;
	}
	count_saved_head h = { m->nentries, len };

	ok = ok && cache_write_padded(f, &h, sizeof h) &&
	     cache_write_padded(f, se, m->nentries * sizeof *se) &&
	     cache_write_padded(f, ss, ONE_SLOTS * sizeof *ss) &&
	     cache_write_padded(f, &m->multi_first, sizeof m->multi_first) &&
	     cache_write_padded(f, &m->last_word, sizeof m->last_word) &&
	     cache_write_padded(f, m->first_class, sizeof m->first_class) &&
	     cache_write_padded(f, pool, len) && phrase_save(m->lex, f) == 0;
	free(se);
	free(ss);
	free(pool);
	return ok ? 0 : -1;
}

struct count_model *count_model_map(const char **p, const char *end)
{
	const count_saved_head *h = cache_take(p, end, sizeof *h);

	if (!h || h->nentries > UINT16_MAX - 2 || h->strsize == 0 || h->strsize > UINT32_MAX)
		return NULL;
	const saved_entry *se = cache_take(p, end, h->nentries * sizeof *se);
	const saved_slot *ss = cache_take(p, end, ONE_SLOTS * sizeof *ss);
	const hash_filter *multi_first = cache_take(p, end, sizeof *multi_first);
	const hash_filter *last_word = cache_take(p, end, sizeof *last_word);
	const uint8_t *first_class = cache_take(p, end, FC_SIZE);
	const char *pool = cache_take(p, end, h->strsize);
	struct count_model *m;

	if ((h->nentries && !se) || !ss || !multi_first || !last_word || !first_class || !pool ||
	    pool[h->strsize - 1] != '\0' || !(m = calloc(1, sizeof *m)))
		return NULL;
	m->nentries = (size_t)h->nentries;
	if (!(m->entries = malloc((m->nentries ? m->nentries : 1) * sizeof *m->entries)))
		goto bad;
	for (size_t i = 0; i < m->nentries; i++)
		m->entries[i] = (lex_entry){ (enum word_class)se[i].cls,
					     se[i].value < 0 ? NULL : canon_names[se[i].value],
					     se[i].model == UINT32_MAX ? NULL : pool + se[i].model,
					     se[i].plural, se[i].noun, se[i].victim };
	for (size_t k = 0; k < ONE_SLOTS; k++)
		if (ss[k].idx1)
			m->one[k] = (struct one_word){ ss[k].hash, ss[k].len, ss[k].idx1,
						       pool + ss[k].word };
	m->multi_first = *multi_first;
	m->last_word = *last_word;
	memcpy(m->first_class, first_class, FC_SIZE);
	for (int c = '0'; c <= '9'; c++)
		m->digit_class[c] = FC_DIGIT;
	if (!(m->lex = phrase_map(p, end)))
		goto bad;
	return m;
bad:
	free(m->entries);
	free(m);
	return NULL;
}

/* ---- per-document analysis ---- */

enum mention_kind { MK_WEAPON, MK_PERSON, MK_CASUALTY, MK_BARE };

typedef struct mention {
	enum mention_kind kind;
	size_t first, last;      /* span [first, last): qualifier through noun */
	size_t num;              /* first token of the number */
	long long value;
	const char *qualifier;
	const char *category;    /* weapons: drone/missile/mixed; casualties: killed/injured */
	const char *weapon;
	const char *victims;
	const char *status_noun; /* "90 missile launches" */
	int all;                 /* "all 25 drones" */
	int singular;            /* a noun without a number: needs a fate */
	int launched_by_of;      /* M in "N of M": launched */
	int sub;                 /* introduced by "including" */
	int of_ref;              /* "N of them", "of which N": refers back */
	int range_of;            /* "N of M": index + 1 of M's mention, or 0 */
	int by_agent;            /* "destroyed by a missile": the weapon hit */
	int range_lo;            /* "10 to 15": the low end, decided with the next */
	int lives;               /* "thousands of lives": killed only after "cost", "claimed" */
	int named;               /* a person named without a number: "Nina suffered cuts" */
	int nemitted;
	const char *emitted[4][2]; /* (category, status) of the facts emitted: [0, nemitted) */
} mention;

/*
 * Every field of *mn zero (NULL), but emitted, of which none is read while
 * nemitted is 0: field by field, as a memset of the whole struct compiles
 * to a "rep stos", slow to start, and most mentions are cleared for a
 * number that comes to nothing.
 */
static inline void mention_clear(mention *mn)
{
	mn->kind = MK_WEAPON;
	mn->first = mn->last = mn->num = 0;
	mn->value = 0;
	mn->qualifier = mn->category = mn->weapon = mn->victims = mn->status_noun = NULL;
	mn->all = mn->singular = mn->launched_by_of = mn->sub = mn->of_ref = 0;
	mn->range_of = mn->by_agent = mn->range_lo = mn->lives = mn->named = 0;
	mn->nemitted = 0;
}

/* What the earlier extractors found at a token. */
enum token_mark {
	MARK_DATE = 1,           /* inside a date */
	MARK_THING = 4,          /* inside a place or an actor that is no person */
	/* (places and actors are marked only when those types were asked for) */
};

#define CAS_MAX 16

/*
 * A run of the earlier extractors' facts of one type, in the order they
 * were added, which is text order but for an extractor's second pass: in
 * a run starts and ends never go back. The rules ask for the marks of a
 * few tokens only (numbers, some capitalised words), in about text order,
 * so a cursor in each run answers them without marking every token of
 * every fact beforehand (marks_at).
 */
typedef struct fact_run {
	/* indexes in doc->facts, which the counts' facts may move: [first,
	 * last), and at, the first whose end is at or past the end of the
	 * token asked last */
	size_t first, last, at;
} fact_run;

/* Tokens of a block of sentences whose classed tokens are listed at once (extract_counts). */
#define CLASS_BLOCK 2048

/* More runs than this (facts out of order): every token is marked at once. */
#define FACT_RUNS_MAX 8

typedef struct scan {
	const struct count_model *cm;
	const nf_model *m;
	nf_doc *doc;
	uint16_t *lex;           /* per token: 2 + the entry index starting there,
				  * 1 for none, 0 until first asked (lex_idx) */
	uint8_t *lexlen;         /* per token: its length in tokens */
	uint8_t *mark;           /* per token: MARK_* bits, or NULL: ask runs (marks_at) */
	fact_run runs[FACT_RUNS_MAX];   /* the dates' runs, then the others' */
	/* per sentence: 1 when a date holds one of its tokens (see
	 * date_sentences), or NULL: ask marks_at of every number */
	uint8_t *date_sent;
	size_t nruns, ndateruns;
	mention *mentions;
	size_t nmentions, cap;
	/* the model's first_class, with FC_START for the number words too */
	const uint8_t *fclass;
	/* The sentence's tokens (up to two after it) that may start a
	 * casualty phrase, in order, for named_victim; ncas > CAS_MAX when
	 * there were too many to list. */
	size_t cas[CAS_MAX];
	size_t ncas, cas_next;
	size_t head_end;         /* 1 + the sentence's last FC_HEAD token, or 0 */
	/* The tokens of a block of sentences with FC_* bits (token_class), in
	 * order, and past them the block's end + 2 (at most ntoks); next: the
	 * first not yet passed (scan_sentence) */
	uint32_t *classed;
	size_t classed_next;
	uint32_t *cands;         /* the sentence's tokens that may start a mention */
	uint8_t *cstart;         /* per cands[]: may_start; else only a capitalised
				  * word (a named victim) */
	size_t ncands;
} scan;

/*
 * The thread's scratch, kept from document to document so that a short
 * one allocates and frees nothing: the per-token and per-sentence arrays of
 * a document of up to SCRATCH_TOKS tokens and sentences, and the first
 * room of its mentions (push_mention moves them to the heap past it). Its
 * size is fixed.
 */
enum { SCRATCH_TOKS = 4096, MENTION_ROOM = 64 };

static _Thread_local struct count_scratch {
	uint16_t lex[SCRATCH_TOKS];
	uint8_t lexlen[SCRATCH_TOKS];
	uint8_t mark[SCRATCH_TOKS];
	uint8_t cstart[SCRATCH_TOKS];
	uint8_t date_sent[SCRATCH_TOKS + 1];
	uint32_t cands[SCRATCH_TOKS];
	uint32_t classed[SCRATCH_TOKS + 1];
	mention mentions[MENTION_ROOM];
} count_scratch;

/* Free an array that may be in the thread's scratch. */
static void free_unless_scratch(void *p)
{
	const uintptr_t at = (uintptr_t)p, base = (uintptr_t)&count_scratch;

	if (at - base >= sizeof count_scratch)
		free(p);
}

/* The MARK_* bits of the tokens inside fact f. */
static uint8_t fact_marks(const nf_fact *f)
{
	if (f->type == NF_DATE)
		return MARK_DATE;
	if (f->type == NF_PLACE ||
	    (f->type == NF_ACTOR && !(f->kind && f->kind[0] == 'p' && !strcmp(f->kind, "person"))))
		return MARK_THING;
	return 0;
}

/*
 * Mark the tokens inside the earlier extractors' dates, places and actors.
 * Each extractor adds its facts in text order, so the first token of a fact
 * is usually a short walk from the previous fact's.
 */
static void mark_facts(scan *s)
{
	const nf_doc *doc = s->doc;
	size_t i = 0;

	for (size_t k = 0; k < doc->facts.len; k++) {
		const nf_fact *f = &doc->facts.items[k];
		uint8_t bits = fact_marks(f);

		if (!bits)
			continue;
		/* its first token is in its sentence: search there, from the
		 * previous fact's when that is further on */
		if (f->sentence < doc->nsents) {
			const nf_sentence *st = &doc->sents[f->sentence];
			size_t lo = st->first, hi = st->last;

			if (lo < i && i <= hi && doc->toks[i - 1].start < f->start)
				lo = i;
			if (lo < hi && doc->toks[hi - 1].start >= f->start &&
			    (lo == 0 || doc->toks[lo - 1].start < f->start)) {
				/* toks[lo - 1] starts before it, toks[hi - 1] not */
				while (lo < hi) {
					size_t mid = lo + (hi - lo) / 2;

					if (doc->toks[mid].start < f->start)
						lo = mid + 1;
					else
						hi = mid;
				}
				i = lo;
			} else {
				i = doc_token_from(doc, f->start, lo);
			}
		} else {
			i = doc_token_from(doc, f->start, 0);
		}
		for (size_t j = i; j < doc->ntoks && doc->toks[j].end <= f->end; j++)
			s->mark[j] |= bits;
	}
}

/*
 * Split the facts into runs of one type in text order for marks_at, the
 * dates' first. Returns 0, or -1 when they make too many runs: the caller
 * then marks every token (mark_facts).
 */
static int fact_runs(scan *s)
{
	const nf_fact *items = s->doc->facts.items;
	fact_run runs[2][FACT_RUNS_MAX];   /* the dates', the others' */
	size_t n[2] = { 0, 0 };

	for (size_t k = 0, len = s->doc->facts.len; k < len;) {
		int g = items[k].type != NF_DATE;
		fact_run *r;

		if (n[0] + n[1] == FACT_RUNS_MAX)
			return -1;
		r = &runs[g][n[g]++];
		r->first = r->at = k;
		/* a run goes on while its facts go forward (an extractor may
		 * add a second pass's facts after its first's) */
		for (k++; k < len && items[k].type == items[k - 1].type &&
			  items[k].start >= items[k - 1].start && items[k].end >= items[k - 1].end; k++)
			;
		r->last = k;
	}
	memcpy(s->runs, runs[0], n[0] * sizeof *s->runs);
	memcpy(s->runs + n[0], runs[1], n[1] * sizeof *s->runs);
	s->ndateruns = n[0];
	s->nruns = n[0] + n[1];
	return 0;
}

/*
 * s->date_sent: the sentences that a date's tokens are in, from the date
 * runs (fact_runs), so that a number elsewhere, most numbers, needs no
 * marks_at. A fact is in its first token's sentence and in those after it
 * that start before it ends. Left NULL when a fact's sentence is out of
 * range (then every number asks marks_at); -1 when memory runs out.
 */
static int date_sentences(scan *s)
{
	const nf_doc *doc = s->doc;
	uint8_t *ds = doc->nsents <= SCRATCH_TOKS ?
			      memset(count_scratch.date_sent, 0, doc->nsents + 1) :
			      calloc(doc->nsents + 1, 1);

	if (!ds)
		return -1;
	for (const fact_run *r = s->runs; r < s->runs + s->ndateruns; r++) {
		for (size_t k = r->first; k < r->last; k++) {
			const nf_fact *f = &doc->facts.items[k];
			size_t si = f->sentence;

			if (si >= doc->nsents) {
				free_unless_scratch(ds);
				return 0;
			}
			ds[si] = 1;
			while (si + 1 < doc->nsents && doc->sents[si + 1].start < f->end)
				ds[++si] = 1;
		}
	}
	s->date_sent = ds;
	return 0;
}

/*
 * Token i is inside a fact of the MARK_* bits want: a date (MARK_DATE) or
 * any (MARK_DATE | MARK_THING). A fact holds the token when it starts at
 * or before it and ends at or after it; in a run the facts that end at or
 * after it follow the cursor, and of these the ones that hold it come
 * first.
 */
static int marks_at(scan *s, size_t i, uint8_t want)
{
	const nf_token *t = &s->doc->toks[i];
	const nf_fact *items = s->doc->facts.items;
	size_t nruns = want == MARK_DATE ? s->ndateruns : s->nruns;

	if (s->mark)
		return (s->mark[i] & want) != 0;
	for (fact_run *r = s->runs; r < s->runs + nruns; r++) {
		const nf_fact *first = items + r->first, *last = items + r->last, *f = items + r->at;

		/* (the tokens asked go forward, or back a little; far forward
		 * in the runs asked rarely, which the walk gallops through) */
		if (f < last && f->end < t->end) {
			size_t step = 1;

			while (step < (size_t)(last - f) && f[step].end < t->end) {
				f += step;
				step *= 2;
			}
			/* f->end < t->end <= f[step].end (or f + step is past last) */
			const nf_fact *hi = step < (size_t)(last - f) ? f + step : last;

			for (f++; f < hi;) {
				const nf_fact *mid = f + (hi - f) / 2;

				if (mid->end < t->end)
					f = mid + 1;
				else
					hi = mid;
			}
		}
		while (f > first && f[-1].end >= t->end)
			f--;
		r->at = (size_t)(f - items);
		for (; f < last && f->start <= t->start; f++)
			if (fact_marks(f) & want)
				return 1;
	}
	return 0;
}

/* lex_fill for a multi_first word: the phrase set, longest match first.
 * (Apart, so that the usual one-word look-up saves fewer registers.) */
static __attribute__((noinline)) int lex_fill_phrase(const scan *s, size_t i)
{
	int v = -1;
	size_t n = phrase_match_from(s->cm->lex, s->doc->toks, i, sent_end(s->doc, i), &v);

	s->lex[i] = (uint16_t)(n > 0 ? v + 2 : 1);
	s->lexlen[i] = (uint8_t)(n > 255 ? 255 : n);
	return s->lex[i] - 2;
}

/* The entry index + 1 of the plain one-word phrase that token t is, or 0 (the model's one[]). */
static inline int one_word(const struct count_model *cm, const nf_token *t)
{
	for (size_t k = t->hash & (ONE_SLOTS - 1); cm->one[k].idx1; k = (k + 1) & (ONE_SLOTS - 1))
		if (cm->one[k].hash == t->hash && cm->one[k].len == t->norm_len &&
		    same_bytes(cm->one[k].word, t->norm, t->norm_len))
			return cm->one[k].idx1;
	return 0;
}

/*
 * Match the vocabulary at token i, which nobody asked about before. A word
 * that starts no phrase of two words or more matches alike wherever it
 * stands ("people", "said"): the model's one-word table answers for it,
 * without the phrase set.
 */
static int lex_fill(const scan *s, size_t i)
{
	const nf_token *t = &s->doc->toks[i];
	const struct count_model *cm = s->cm;
	int idx1;

	if (hash_filter_has(&cm->multi_first, t->hash)) {
		/* A longer phrase may start here only when the next token may
		 * continue one (the set's pair filter; past the sentence the
		 * phrase set finds none): "and", "more" without "/" or "than"
		 * after them are one word, looked up as such, unless the set
		 * holds a one-token phrase that is no plain word ('"'). */
		const phrase_filter *pf = phrase_first_filter(cm->lex);
		uint32_t pb, bit = t->hash & (uint32_t)(pf->nbits - 1);

		if (i + 1 >= s->doc->ntoks)
			return lex_fill_phrase(s, i);
		pb = phrase_pair_bit(t->hash, t[1].hash, pf->pairshift);
		if ((pf->pair[pb / 64] >> (pb % 64)) & 1)
			return lex_fill_phrase(s, i);
		idx1 = one_word(cm, t);
		if (!idx1 && ((pf->solo[bit / 64] >> (bit % 64)) & 1))
			return lex_fill_phrase(s, i);
	} else {
		idx1 = one_word(cm, t);
	}
	/* (phrase_match_from finds nothing past the sentence) */
	if (idx1 && i >= sent_end(s->doc, i))
		idx1 = 0;
	s->lex[i] = (uint16_t)(idx1 + 1);
	s->lexlen[i] = idx1 > 0;
	return idx1 - 1;
}

/*
 * The vocabulary entry index at token i (< ntoks), or -1. Tokens are matched
 * on first demand: the many that no rule looks at are never matched, and
 * the rules may look at any token without caring which were.
 */
static inline int lex_idx(const scan *s, size_t i)
{
	int v = s->lex[i];

	if (v)
		return v - 2;
	/* most words start no phrase at all: the set's filter says so,
	 * here, without a call */
	const phrase_filter *pf = (const phrase_filter *)(const void *)s->cm->lex;
	uint32_t bit = s->doc->toks[i].hash & (uint32_t)(pf->nbits - 1);

	if (!((pf->first[bit / 64] >> (bit % 64)) & 1)) {
		s->lex[i] = 1;
		s->lexlen[i] = 0;
		return -1;
	}
	return lex_fill(s, i);
}

static inline const lex_entry *lex_at(const scan *s, size_t i)
{
	int v;

	if (i >= s->doc->ntoks || (v = lex_idx(s, i)) < 0)
		return NULL;
	return &s->cm->entries[v];
}

static inline int lex_is(const scan *s, size_t i, enum word_class cls)
{
	const lex_entry *e = lex_at(s, i);

	return e && e->cls == cls;
}

static inline size_t lex_len(const scan *s, size_t i)
{
	return lex_idx(s, i) >= 0 ? s->lexlen[i] : 1;
}

/*
 * The vocabulary entry whose phrase ends right before token end (within
 * [lo, end)). (Inline in the left walks: called, it costs them more.)
 */
static inline __attribute__((always_inline)) const lex_entry *
lex_ending(const scan *s, size_t lo, size_t end, size_t *startp)
{
	const nf_token *toks = s->doc->toks;
	int v;

	if (end <= lo || !hash_filter_has(&s->cm->last_word, toks[end - 1].hash))
		return NULL;
	/* longest first, up to four tokens: "as well as" ends in "as", which
	 * alone is a boundary; only a multi_first word starts a phrase of two
	 * words or more */
	for (size_t p = end - lo > 4 ? end - 4 : lo; p + 1 < end; p++) {
		if (!hash_filter_has(&s->cm->multi_first, toks[p].hash))
			continue;
		v = lex_idx(s, p);
		if (v >= 0 && s->lexlen[p] == end - p) {
			*startp = p;
			return &s->cm->entries[v];
		}
	}
	v = lex_idx(s, end - 1);
	if (v >= 0 && s->lexlen[end - 1] == 1) {
		*startp = end - 1;
		return &s->cm->entries[v];
	}
	return NULL;
}

static int push_mention(scan *s, const mention *mn)
{
	/* first room for about one mention in 32 tokens, the most news has:
	 * a long document is not copied over and over as it grows */
	if (array_grow_from((void **)&s->mentions, &s->cap, s->nmentions, sizeof *s->mentions,
			    16 + s->doc->ntoks / 32, count_scratch.mentions) < 0)
		return -1;
	s->mentions[s->nmentions++] = *mn;
	return 0;
}

/* The character of token i when it is a one-byte punctuation mark, else 0 (i may be out of range). */
static inline char punct_at(const nf_doc *doc, size_t i)
{
	/* (norms hold no NUL byte: a norm of length 1 is one byte) */
	if (i >= doc->ntoks || doc->toks[i].kind != TK_PUNCT || doc->toks[i].norm_len != 1)
		return 0;
	return doc->toks[i].norm[0];
}

static inline int is_punct(const nf_doc *doc, size_t i, char c)
{
	return i < doc->ntoks && doc->toks[i].kind == TK_PUNCT &&
	       doc->toks[i].norm[0] == c && doc->toks[i].norm[1] == '\0';
}

/*
 * A number that is part of something else: a date, a clock time, a model
 * name ("S-300"), an age or size ("14-year-old"), a percentage, a sum of
 * money, or a year.
 */
static int number_excluded(scan *s, size_t i, const number_match *nm)
{
	const nf_doc *doc = s->doc;
	size_t j = i + nm->ntoks;

	/* the marks right before and after it (0: none) */
	char before = i > 0 ? punct_at(doc, i - 1) : 0, after = punct_at(doc, j);

	/* (the tests in order of cost; the date, asked of the runs, last) */
	if (before && !(doc->toks[i].flags & TF_SPACE) &&
	    (before == '-' || before == ':' || before == '$' || before == '#' || before == '/'))
		return 1;
	/* "€", "£" (several bytes: first byte first) */
	if (i > 0 && doc->toks[i - 1].kind == TK_PUNCT &&
	    ((doc->toks[i - 1].norm[0] == '\xE2' && !strcmp(doc->toks[i - 1].norm, "\xE2\x82\xAC")) ||
	     (doc->toks[i - 1].norm[0] == '\xC2' && !strcmp(doc->toks[i - 1].norm, "\xC2\xA3"))))
		return 1;
	if (after && !(doc->toks[j].flags & TF_SPACE) &&
	    (after == '-' || after == ':' || after == '%' || after == '/') &&
	    !(after == '-' && j + 1 < doc->ntoks && doc->toks[j + 1].kind == TK_NUM))
		return 1;
	if (tok_is(doc, j, "percent") || tok_is(doc, j, "per") || tok_is(doc, j, "%"))
		return 1;
	if (!nm->words && doc->toks[i].norm_len == 4 && nm->value >= 1900 &&
	    nm->value <= 2100)
		return 1;
	if (tok_is(doc, i - 1, "no.") || tok_is(doc, i - 1, "number"))
		return 1;
	if (s->date_sent && !s->date_sent[doc->toks[i].sentence])
		return 0;
	return marks_at(s, i, MARK_DATE);
}

/* A word that may stand between a number and its noun; e: its entry (lex_at). */
static int np_modifier(const scan *s, size_t i, const lex_entry *e)
{
	const nf_doc *doc = s->doc;

	if (i >= doc->ntoks)
		return 0;
	if (e && e->cls == WC_MODIFIER)
		return 1;
	if (is_punct(doc, i, '-') && !(doc->toks[i].flags & TF_SPACE))
		return 1;
	/*
	 * A capitalised word the tables do not know: a party ("two Hezbollah
	 * members", "Russia-launched") or a model name ("12 Batyar drones"). In
	 * a headline every word is capitalised ("3 Waves Of Drones"), so there
	 * it must come right before the noun or a hyphen.
	 */
	if (doc->toks[i].kind == TK_WORD && (doc->toks[i].flags & TF_CAP) && !e) {
		if (!doc->sents[doc->toks[i].sentence].headline)
			return 1;
		return lex_is(s, i + 1, WC_WEAPON) || lex_is(s, i + 1, WC_PERSON) ||
		       (is_punct(doc, i + 1, '-') && !(doc->toks[i + 1].flags & TF_SPACE));
	}
	if (doc->toks[i].kind == TK_WORD && i > 0 && is_punct(doc, i - 1, '-') &&
	    !(doc->toks[i].flags & TF_SPACE) && (!e || e->cls == WC_STATUS))
		return 1;
	/* "attack drones", "strike UAVs": an attack noun before the weapon noun */
	if (e && e->cls == WC_ATTACK)
		return 2;
	return 0;
}

/*
 * An age or a duration used as an adjective at token i: "three-year-old",
 * "15-year-old", "six-month-old". Returns its length in tokens, or 0.
 */
static size_t age_at(const scan *s, size_t i, size_t end)
{
	const nf_doc *doc = s->doc;
	number_match nm;
	size_t j;

	if (!number_at(s->m->numbers, doc, i, &nm))
		return 0;
	j = i + nm.ntoks;
	if (j + 3 < end && is_punct(doc, j, '-') && is_punct(doc, j + 2, '-') &&
	    (tok_is(doc, j + 1, "year") || tok_is(doc, j + 1, "month") ||
	     tok_is(doc, j + 1, "week") || tok_is(doc, j + 1, "day")) &&
	    tok_is(doc, j + 3, "old"))
		return j + 4 - i;
	return 0;
}

/*
 * Read the noun phrase after a number or determiner at token i: modifiers,
 * weapon models and the head noun. Fills the mention's kind, category, weapon,
 * victims and span end. Returns 1 when a head was found, 0 when none, -1 when
 * the phrase is not a count ("four missile strikes", "glide bombs").
 */
static int read_noun_phrase(scan *s, size_t i, size_t end, mention *mn)
{
	const nf_doc *doc = s->doc;
	size_t j = i, nmods = 0;
	int attack_mod = 0;
	const lex_entry *e;

	mn->category = NULL;
	mn->weapon = NULL;
	mn->victims = NULL;
	while (j < end && nmods <= 5) {
		e = lex_at(s, j);
		if (e && e->cls == WC_WEAPON) {
			if (mn->category && strcmp(mn->category, e->value) &&
			    strcmp(e->value, "mixed") && strcmp(mn->category, "mixed"))
				break;
			mn->kind = MK_WEAPON;
			if (!mn->category || strcmp(mn->category, "mixed"))
				mn->category = e->value;
			if (e->model && !mn->weapon)
				mn->weapon = e->model;
			mn->singular = e->plural == 0;
			j += lex_len(s, j);
			mn->last = j;
			/* the word after the weapon word, asked once */
			const lex_entry *next = j < end ? lex_at(s, j) : NULL;
			int next_cls = next ? (int)next->cls : -1;

			/* "Shahed drones", "Kh-101 cruise missiles": go on to the noun */
			if (next_cls == WC_WEAPON || next_cls == WC_MODIFIER ||
			    (next_cls == WC_COORD && !is_punct(doc, j, ','))) {
				size_t k = j;
				const lex_entry *w;

				if (next_cls == WC_COORD)
					k += s->lexlen[k];
				while (k < end && (w = lex_at(s, k)) && w->cls == WC_MODIFIER)
					k += s->lexlen[k];
				w = k < end ? lex_at(s, k) : NULL;
				if (w && w->cls == WC_WEAPON) {
					if (strcmp(w->value, mn->category) && strcmp(mn->category, "mixed")) {
						/* "missiles and drones": one number for both */
						if (next_cls == WC_COORD)
							mn->category = "mixed";
						else
							break;
					}
					j = k;
					nmods++;
					continue;
				}
				if (w && w->cls == WC_LAUNCHNOUN) {
					mn->status_noun = w->value;
					mn->last = k + s->lexlen[k];
					return 1;
				}
				if (w && w->cls == WC_ATTACK)
					return -1;
			}
			if (next_cls == WC_LAUNCHNOUN) {
				mn->status_noun = next->value;
				mn->last = j + s->lexlen[j];
				return 1;
			}
			if (next_cls == WC_ATTACK)
				return -1;
			/* "40 missiles, drones": a comma list of both kinds */
			if (j + 1 < end && is_punct(doc, j, ',') && lex_is(s, j + 1, WC_WEAPON) &&
			    strcmp(lex_at(s, j + 1)->value, mn->category)) {
				mn->category = "mixed";
				mn->last = j + 1 + lex_len(s, j + 1);
			}
			return 1;
		}
		if (attack_mod && !(e && e->cls == WC_WEAPON))
			break;
		if (e && e->cls == WC_PERSON) {
			if (mn->category)
				break;
			mn->kind = MK_PERSON;
			mn->victims = e->value;
			mn->singular = e->plural == 0;
			mn->last = j + lex_len(s, j);
			return 1;
		}
		if (e && e->cls == WC_CASUALTY && e->noun && !mn->category) {
			mn->kind = MK_CASUALTY;
			mn->category = e->value;
			mn->last = j + lex_len(s, j);
			return 1;
		}
		if (e && e->cls == WC_TOLL)
			return 0;
		/* "thousands of lives": a death toll only after "cost", "claimed" */
		if (e && e->cls == WC_LIVES && !mn->category) {
			mn->kind = MK_PERSON;
			mn->lives = 1;
			mn->last = j + lex_len(s, j);
			return 1;
		}
		/* "20 devices": a weapon count whose kind an earlier sentence gave */
		if (e && e->cls == WC_WEAPONREF && !mn->category) {
			mn->kind = MK_BARE;
			mn->last = j + lex_len(s, j);
			return 1;
		}
		/* "her three-year-old daughter" */
		size_t age = j == i ? age_at(s, j, end) : 0;

		if (age) {
			j += age;
			nmods++;
			continue;
		}
		int mod = np_modifier(s, j, e);

		if (!mod)
			break;
		if (mod == 2)
			attack_mod = 1;
		else if (e && e->cls == WC_STATUS && is_punct(doc, j - 1, '-'))
			mn->status_noun = e->value;   /* "Russia-launched" */
		j += e ? s->lexlen[j] : 1;
		nmods++;
	}
	return 0;
}

/*
 * A noun phrase may start at token j (< end or not): a word of the
 * vocabulary, a capitalised word, a hyphen or a number ("a three-year-old
 * boy"). Elsewhere ("a statement") read_noun_phrase would stop at its
 * first token, and a determiner before it needs no call.
 */
static int np_may_start(scan *s, size_t j, size_t end)
{
	const nf_token *t;
	number_match nm;

	if (j >= end)
		return 0;
	if (lex_idx(s, j) >= 0)
		return 1;
	t = &s->doc->toks[j];
	return (t->kind == TK_WORD && (t->flags & TF_CAP)) || is_punct(s->doc, j, '-') ||
	       number_at(s->m->numbers, s->doc, j, &nm);
}

/* Read a qualifier ending right before token i; returns its first token. */
static inline __attribute__((always_inline)) size_t read_qualifier(const scan *s, size_t lo, size_t i,
							       mention *mn)
{
	size_t start;
	const lex_entry *e;

	mn->qualifier = "exact";
	mn->all = 0;
	e = lex_ending(s, lo, i, &start);
	/* "a record 728", "a total of 40", "another 12" */
	if (!e && i >= lo + 2 && tok_is(s->doc, i - 1, "record") && tok_is(s->doc, i - 2, "a"))
		return i - 2;
	if (!e && i >= lo + 3 && tok_is(s->doc, i - 1, "of") && tok_is(s->doc, i - 2, "total"))
		return i - 3 >= lo && tok_is(s->doc, i - 3, "a") ? i - 3 : i - 2;
	if (!e || e->cls != WC_QUALIFIER)
		return i;
	if (e->value == CANON_ALL) {
		mn->all = 1;
		return start;
	}
	mn->qualifier = e->value;
	return start;
}

/* The bare number is followed by what makes it a subject or a casualty. */
static int bare_context(const scan *s, size_t j, size_t end)
{
	const nf_doc *doc = s->doc;

	if (j >= end)
		return 1;
	if (doc->toks[j].kind == TK_PUNCT)
		return !is_punct(doc, j, '-');
	const lex_entry *e = lex_at(s, j);

	/* "15 destroyed", but not "two fires": a participle, not a noun */
	if (e && e->cls == WC_STATUS)
		return doc->toks[j].norm[doc->toks[j].norm_len - 1] != 's';
	if (e && (e->cls == WC_AUX || e->cls == WC_CASUALTY || e->cls == WC_COORD ||
		  e->cls == WC_BOUNDARY))
		return 1;
	return tok_is(doc, j, "in") || tok_is(doc, j, "on") || tok_is(doc, j, "over") ||
	       tok_is(doc, j, "overnight") ||
	       tok_is(doc, j, "across") || tok_is(doc, j, "near") || tok_is(doc, j, "by") ||
	       tok_is(doc, j, "at");
}

/*
 * The verb after a name [i, j) that makes it a victim (named_victim):
 * "was killed", "suffered cuts", "died"; not "Russia killed 12".
 */
static int victim_verb_at(scan *s, size_t i, size_t j, size_t end)
{
	const nf_doc *doc = s->doc;
	size_t v = j;
	const lex_entry *e;

	if (j == i || j >= end)
		return 0;
	if (tok_is(doc, v, "was") || tok_is(doc, v, "had"))
		v += 1 + tok_is(doc, v + 1, "been");
	e = lex_at(s, v);
	if (!e || e->cls != WC_CASUALTY)
		return 0;
	return v != j || e->victim;
}

/*
 * A person named without a number, as the subject of a casualty verb: "Nina
 * suffered cuts", "Olena Ivanova was killed". The name is a run of
 * capitalised words the tables do not know, none of them a place or an
 * organisation, starting the clause; the verb follows it directly (after
 * "was"), so "Kyiv was hit" and "He was injured" give nothing. Fills *mn with
 * a count of one and returns 1, or returns 0.
 */
static int named_victim(scan *s, size_t i, size_t lo, size_t end, mention *mn)
{
	const nf_doc *doc = s->doc;
	size_t j = i, k;

	/* (the tests in order of cost: most capitalised words are no victim)
	 * the casualty word below starts at most five tokens on */
	if (s->ncas <= CAS_MAX) {
		/* i only grows within a sentence: pass the listed ones before it */
		while (s->cas_next < s->ncas && s->cas[s->cas_next] <= i)
			s->cas_next++;
		if (s->cas_next == s->ncas || s->cas[s->cas_next] >= i + 6)
			return 0;
	} else {
		for (k = i + 1; k < i + 6 && k < doc->ntoks; k++)
			if (s->cm->first_class[doc->toks[k].hash & (FC_SIZE - 1)] &
			    (FC_CAS | FC_CASPAIR))
				break;
		if (k == i + 6 || k >= doc->ntoks)
			return 0;
	}
	/* the name starts a clause */
	if (i > lo && !is_punct(doc, i - 1, ',') && !lex_is(s, i - 1, WC_COORD) &&
	    !lex_is(s, i - 1, WC_BOUNDARY))
		return 0;
	/* The verb first, after the run the marks would leave whole: the
	 * marks (dates, places, actors) are asked only when it is there. A
	 * run the marks cut short ends at an unknown word, before which no
	 * verb stands, unless that word is "was" or "had" (not so when the
	 * vocabulary has them): then the run is read with the marks at once. */
	int cut_may_pass = 0;

	while (j < end && j < i + 3 && doc->toks[j].kind == TK_WORD &&
	       (doc->toks[j].flags & TF_CAP) && lex_idx(s, j) < 0) {
		cut_may_pass |= j > i && (tok_is(doc, j, "was") || tok_is(doc, j, "had"));
		j++;
	}
	if (!cut_may_pass && !victim_verb_at(s, i, j, end))
		return 0;
	for (k = i; k < j; k++)
		if (marks_at(s, k, MARK_THING | MARK_DATE))
			break;
	j = k;
	if (!victim_verb_at(s, i, j, end))
		return 0;
	mention_clear(mn);
	mn->kind = MK_PERSON;
	mn->first = mn->num = i;
	mn->last = j;
	mn->value = 1;
	mn->qualifier = "exact";
	mn->singular = 1;
	mn->named = 1;
	return 1;
}

/* Token t may stand between a victim's name and the casualty word (named_victim). */
static inline int may_lead_to_verb(const nf_token *t)
{
	if (t->flags & TF_CAP)
		return 1;
	/* (memcmp of a known length: a compare or two, no call) */
	if (t->norm_len == 3)
		return !memcmp(t->norm, "was", 3) || !memcmp(t->norm, "had", 3);
	return t->norm_len == 4 && !memcmp(t->norm, "been", 4);
}

/*
 * The capitalised words of [lo, end) that may name a victim, merged into
 * the sentence's list of mention starts (scan_sentence): named_victim
 * wants a casualty word one to five tokens after the name, with only the
 * name, "was", "had" or "been" between, so only such words up to five
 * before a listed casualty word are worth a look. With
 * too many casualty words to list, every capitalised word is.
 */
static void add_name_starts(scan *s, size_t lo, size_t end)
{
	const nf_token *toks = s->doc->toks;
	uint32_t names[CAS_MAX * 5];
	size_t nnames = 0, from = lo;

	if (s->ncas > CAS_MAX) {
		size_t n = 0;

		for (size_t k = lo, ci = 0; k < end; k++) {
			int start = ci < s->ncands && s->cands[ci] == k;

			if (start || (toks[k].flags & TF_CAP)) {
				s->cstart[n] = (uint8_t)start;
				s->cands[n++] = (uint32_t)k;
			}
			ci += start;
		}
		s->ncands = n;
		return;
	}
	for (size_t q = 0; q < s->ncas; q++) {
		size_t c = s->cas[q], k = c;

		/* Between a victim's name and its verb stand only capitalised
		 * words (the name) and "was", "had", "been": the names are in
		 * the run of such tokens right before c ("Russia killed" is
		 * one, "people were killed" none). */
		while (k > from && k + 5 > c && may_lead_to_verb(&toks[k - 1]))
			k--;
		for (; k < c && k < end; k++)
			if (toks[k].flags & TF_CAP)
				names[nnames++] = (uint32_t)k;
		if (from < c)
			from = c;
	}
	if (!nnames)
		return;
	/* merge from the back, where the list has room; a start stays one */
	size_t ci = s->ncands, ni = nnames, out = s->ncands + nnames;

	while (ni > 0) {
		if (ci > 0 && s->cands[ci - 1] >= names[ni - 1]) {
			if (s->cands[ci - 1] == names[ni - 1])
				ni--;
			out--;
			s->cands[out] = s->cands[--ci];
			s->cstart[out] = s->cstart[ci];
		} else {
			out--;
			s->cands[out] = names[--ni];
			s->cstart[out] = 0;
		}
	}
	/* (out > ci when some names were starts already: close the gap) */
	if (out > ci) {
		memmove(s->cands + ci, s->cands + out, (s->ncands + nnames - out) * sizeof *s->cands);
		memmove(s->cstart + ci, s->cstart + out, s->ncands + nnames - out);
	}
	s->ncands += nnames - (out - ci);
}

/* The FC_* bits of token t: its word's, and FC_DIGIT when it begins with a digit. */
static inline int token_class(const uint8_t *first_class, const uint8_t *digit_class,
			      const nf_token *t)
{
	return first_class[t->hash & (FC_SIZE - 1)] | digit_class[(unsigned char)t->norm[0]];
}

/*
 * List the tokens of toks[lo, hi) that have a class into out (room for
 * hi - lo + 1), and hi after them; returns how many have one. Most tokens
 * have none: each is stored and the count moves on only for those that
 * have, so that the pass takes no branch a token.
 */
static size_t list_classed(const uint8_t *first_class, const uint8_t *digit_class,
			   const nf_token *toks, size_t lo, size_t hi, uint32_t *out)
{
	size_t m = 0, k = lo;

	for (; k + 4 <= hi; k += 4) {
		out[m] = (uint32_t)k;
		m += token_class(first_class, digit_class, &toks[k]) != 0;
		out[m] = (uint32_t)k + 1;
		m += token_class(first_class, digit_class, &toks[k + 1]) != 0;
		out[m] = (uint32_t)k + 2;
		m += token_class(first_class, digit_class, &toks[k + 2]) != 0;
		out[m] = (uint32_t)k + 3;
		m += token_class(first_class, digit_class, &toks[k + 3]) != 0;
	}
	for (; k < hi; k++) {
		out[m] = (uint32_t)k;
		m += token_class(first_class, digit_class, &toks[k]) != 0;
	}
	out[m] = (uint32_t)hi;
	return m;
}

/*
 * FC_CAS when the first word of a longer casualty phrase at token t is
 * followed by a token that may continue it: the two are the first two of
 * some phrase (the set's pair filter). "in" is mostly no casualty word.
 */
static inline int cas_pair(const scan *s, const nf_token *t)
{
	const phrase_filter *pf = phrase_first_filter(s->cm->lex);
	uint32_t pb;

	if ((size_t)(t - s->doc->toks) + 1 >= s->doc->ntoks)
		return 0;
	pb = phrase_pair_bit(t->hash, t[1].hash, pf->pairshift);
	return (pf->pair[pb / 64] >> (pb % 64)) & 1 ? FC_CAS : 0;
}

/*
 * A first look at sentence [lo, end) and the two tokens after it, from
 * the list of classed tokens, s->classed_next on the sentence's first and
 * left past its last: the FC_* bits of its words (returned), the
 * casualty words (s->cas) and the last weapon or person word (s->head_end)
 * for the tests that pass over most tokens, and the tokens where a mention
 * may start (s->cands): a number, a determiner (s->cstart) or a
 * capitalised word before a casualty word (a named victim). Most tokens
 * are none of them.
 */
static int scan_sentence(scan *s, size_t lo, size_t end)
{
	const nf_token *toks = s->doc->toks;
	const uint8_t *first_class = s->fclass, *digit_class = s->cm->digit_class;
	uint32_t *cands = s->cands;
	uint8_t *cstart = s->cstart;
	/* the sentence's first classed token: none before it is in the
	 * sentence (and the list ends past every bound below) */
	const uint32_t *q = s->classed + s->classed_next;
	size_t stop = end + 2 < s->doc->ntoks ? end + 2 : s->doc->ntoks;
	size_t k, n = 0, ncas = 0, head_end = 0;
	int fc = 0;

	/* (locals, so that the stores do not make the compiler reload) */
	for (; (k = *q) < end; q++) {
		const nf_token *t = &toks[k];
		int c = token_class(first_class, digit_class, t);

		if ((c & (FC_CAS | FC_CASPAIR)) == FC_CASPAIR)
			c |= cas_pair(s, t);
		if ((c & FC_CAS) && ncas++ < CAS_MAX)
			s->cas[ncas - 1] = k;
		if (c & FC_HEAD)
			head_end = k + 1;
		fc |= c;
		/* (a punctuation mark may pass too: find_mentions skips it) */
		if (c & (FC_START | FC_DIGIT)) {
			cstart[n] = 1;
			cands[n++] = (uint32_t)k;
		}
	}
	s->classed_next = (size_t)(q - s->classed);
	/* the two tokens after it (the next sentence's, which it lists again) */
	for (; (k = *q) < stop; q++) {
		int c = first_class[toks[k].hash & (FC_SIZE - 1)];

		if ((c & (FC_CAS | FC_CASPAIR)) == FC_CASPAIR)
			c |= cas_pair(s, &toks[k]);
		if ((c & FC_CAS) && ncas++ < CAS_MAX)
			s->cas[ncas - 1] = k;
		fc |= c & (FC_NEG | FC_CAS);
	}
	s->ncas = ncas;
	s->cas_next = 0;
	s->head_end = head_end;
	s->ncands = n;
	if (ncas)
		add_name_starts(s, lo, end);
	return fc;
}

/*
 * Find the mentions of one sentence [lo, end) and append them to s->mentions.
 * fc: the FC_* bits of the sentence's words (named victims need FC_CAS).
 */
static int find_mentions(scan *s, size_t lo, size_t end, int fc)
{
	const nf_doc *doc = s->doc;
	const numbers_model *nums = s->m->numbers;
	number_match nm, nm2;

	/* Only the tokens scan_sentence listed can start a mention: the
	 * others are passed over as if the loop had tried them. */
	for (size_t ci = 0, i = lo;; i++) {
		while (ci < s->ncands && s->cands[ci] < i)
			ci++;           /* inside the last mention */
		if (ci == s->ncands)
			break;
		i = s->cands[ci++];

		const nf_token *t = &doc->toks[i];
		mention mn;

		/* a number (digits, "2m", a number word, "a dozen") or a
		 * determiner may start here (scan_sentence) */
		int cand = s->cstart[ci - 1];

		if (cand && t->kind == TK_PUNCT)
			continue;
		int num = cand && number_at(nums, doc, i, &nm);

		/* A determiner and a singular noun: "a drone", "an elderly man";
		 * but "a dozen", "a hundred" are numbers. (Without a weapon or
		 * person word after it in the sentence, no noun phrase can be
		 * read: the named victim below then finds nothing either.) */
		if (!num && cand && (s->fclass[t->hash & (FC_SIZE - 1)] & FC_DET) && s->head_end > i + 1 &&
		    lex_is(s, i, WC_DET)) {
			mention_clear(&mn);
			mn.first = mn.num = i;
			mn.value = 1;
			mn.qualifier = "exact";
			if (np_may_start(s, i + 1, end) &&
			    read_noun_phrase(s, i + 1, end, &mn) == 1 && mn.singular &&
			    !mn.status_noun) {
				mn.by_agent = i > lo && tok_is(doc, i - 1, "by");
				mn.sub = i > lo && lex_is(s, i - 1, WC_SUB);
				/* "a man and his son": coordinated singulars are one count */
				size_t k = mn.last;

				while (mn.kind == MK_PERSON && k + 1 < end && tok_is(doc, k, "and") &&
				       lex_is(s, k + 1, WC_DET)) {
					mention more;

					mention_clear(&more);
					if (read_noun_phrase(s, k + 2, end, &more) != 1 ||
					    more.kind != MK_PERSON || !more.singular)
						break;
					mn.value++;
					mn.last = more.last;
					if (!more.victims || (mn.victims && strcmp(mn.victims, more.victims)))
						mn.victims = NULL;
					k = more.last;
				}
				if (push_mention(s, &mn) < 0)
					return -1;
				i = mn.last - 1;
			}
			continue;
		}
		if (!num) {
			if ((fc & FC_CAS) && named_victim(s, i, lo, end, &mn)) {
				if (push_mention(s, &mn) < 0)
					return -1;
				i = mn.last - 1;
			}
			continue;
		}
		if (number_excluded(s, i, &nm))
			continue;
		size_t j = i + nm.ntoks;

		mention_clear(&mn);
		mn.num = i;
		mn.value = nm.value;
		mn.first = read_qualifier(s, lo, i, &mn);
		if (nm.vague)
			mn.qualifier = "approx";
		if (mn.first > lo && lex_is(s, mn.first - 1, WC_SUB))
			mn.sub = 1;
		if (i >= lo + 2 && tok_is(doc, i - 1, "which") && tok_is(doc, i - 2, "of"))
			mn.of_ref = 1;
		/* "vague" plurals take "of": "dozens of drones" */
		if (nm.vague && tok_is(doc, j, "of"))
			j++;
		/* Ranges: "10 to 15 drones", "between 10 and 15", "20-30 missiles". */
		if ((tok_is(doc, j, "to") || is_punct(doc, j, '-') ||
		     (tok_is(doc, j, "and") && mn.first > lo && tok_is(doc, mn.first - 1, "between"))) &&
		    number_at(s->m->numbers, doc, j + 1, &nm2)) {
			mention hi = mn;
			size_t k = j + 1 + nm2.ntoks;

			if (read_noun_phrase(s, k, end, &hi) == 1) {
				mn.kind = hi.kind;
				mn.category = hi.category;
				mn.weapon = hi.weapon;
				mn.victims = hi.victims;
				mn.qualifier = "at_least";
				mn.last = j;
				mn.range_lo = 1;
				hi.first = j + 1;
				hi.num = j + 1;
				hi.value = nm2.value;
				hi.qualifier = "at_most";
				if (push_mention(s, &mn) < 0 || push_mention(s, &hi) < 0)
					return -1;
				i = hi.last - 1;
				continue;
			}
		}
		/* "N of M drones": M launched, N takes the verb. */
		if (tok_is(doc, j, "of")) {
			size_t k = j + 1;

			if (tok_is(doc, k, "the"))
				k++;
			mention whole;

			mention_clear(&whole);
			whole.first = read_qualifier(s, lo, k, &whole);
			if (number_at(s->m->numbers, doc, k, &nm2) &&
			    !number_excluded(s, k, &nm2)) {
				whole.num = k;
				whole.value = nm2.value;
				if (read_noun_phrase(s, k + nm2.ntoks, end, &whole) == 1 &&
				    whole.kind == MK_WEAPON) {
					whole.first = k;
					whole.launched_by_of = 1;
					mn.kind = MK_WEAPON;
					mn.category = whole.category;
					mn.weapon = whole.weapon;
					mn.last = j;
					mn.range_of = 1;
					if (push_mention(s, &mn) < 0 || push_mention(s, &whole) < 0)
						return -1;
					i = whole.last - 1;
					continue;
				}
			} else if (tok_is(doc, k, "them") || tok_is(doc, k, "which") ||
				   tok_is(doc, k, "whom") || tok_is(doc, k, "these") ||
				   tok_is(doc, k, "those")) {
				/* "three of which were intercepted", "one of whom died" */
				mn.kind = MK_BARE;
				mn.of_ref = 1;
				mn.last = k + 1;
				if (push_mention(s, &mn) < 0)
					return -1;
				i = k;
				continue;
			} else {
				mention whole2;

				mention_clear(&whole2);
				/* "two of the wounded", "three of the drones", "five of
				 * the children" (a plural: not "one of the man") */
				if (read_noun_phrase(s, k, end, &whole2) == 1 &&
				    !(whole2.kind == MK_PERSON && (whole2.singular || whole2.lives))) {
					/* "two of the wounded died": the verb decides */
					mn.of_ref = whole2.kind == MK_CASUALTY;
					mn.kind = whole2.kind;
					mn.category = whole2.category;
					mn.weapon = whole2.weapon;
					mn.victims = whole2.victims;
					mn.last = whole2.last;
					if (push_mention(s, &mn) < 0)
						return -1;
					i = mn.last - 1;
					continue;
				}
			}
		}
		int r = read_noun_phrase(s, j, end, &mn);

		if (r < 0) {
			i = j - 1;
			continue;
		}
		if (r == 0) {
			/* "three more were lost", "two others died" */
			while (j < end && lex_is(s, j, WC_MODIFIER) && !(doc->toks[j].flags & TF_CAP))
				j += lex_len(s, j);
			if (!bare_context(s, j, end))
				continue;
			mn.kind = MK_BARE;
			mn.last = j;
		}
		mn.singular = 0;
		if (push_mention(s, &mn) < 0)
			return -1;
		i = mn.last - 1;
	}
	return 0;
}

/* ---- deciding category and status ---- */

/*
 * The fates of a mention: the statuses the words around it give, each with
 * the name of the rule that found it (the "rule" field of --explain).
 */
typedef struct fate {
	const char *status[4];
	const char *rule[4];
	int n;
	int subject;            /* the mention is the subject of its own verb */
	int blocked;            /* "35 others are missing": not a casualty */
	int among;              /* "... were among the dead": part of a total */
	int relative;           /* the verb is in a relative clause ("that were fired") */
	const char *casualty;   /* a casualty word after it */
} fate;

/* A fate with no status (status and rule unread up to n: see mention_clear). */
static inline void fate_clear(fate *f)
{
	f->n = f->subject = f->blocked = f->among = f->relative = 0;
	f->casualty = NULL;
}

static void fate_add(fate *f, const char *status, const char *rule)
{
	for (int i = 0; i < f->n; i++)
		if (!strcmp(f->status[i], status))
			return;
	if (f->n < 4) {
		f->status[f->n] = status;
		f->rule[f->n++] = rule;
	}
}

static int mention_starts_at(const scan *s, size_t from, size_t i)
{
	for (size_t k = from; k < s->nmentions; k++)
		if (s->mentions[k].first == i)
			return 1;
	return 0;
}

/*
 * An aside between a mention and its verb: a bracketed acronym ("an anti-ship
 * missile (ASBM) was fired"), and right after the mention a part between
 * dashes ("six people – guards and residents – were injured") or, after
 * people, a short prepositional phrase ("three employees of a warehouse were
 * killed"). Returns the token after the aside, or j when there is none.
 * pc: punct_at(j).
 */
static size_t skip_aside(const scan *s, size_t j, size_t end, int first, int people, char pc)
{
	const nf_doc *doc = s->doc;

	if (pc == '(') {
		for (size_t k = j + 1; k < end && k < j + 6; k++) {
			if (is_punct(doc, k, ')'))
				return k + 1;
			/* "(hospitalised)": the word inside is the verb */
			if (lex_idx(s, k) >= 0 || doc->toks[k].kind != TK_WORD)
				return j;
		}
		return j;
	}
	if (!first)
		return j;
	if (pc == '-' && (doc->toks[j].flags & TF_SPACE)) {
		for (size_t k = j + 1; k < end && k < j + 16; k++)
			if (is_punct(doc, k, '-') && (doc->toks[k].flags & TF_SPACE))
				return k + 1;
		return j;
	}
	if (people && lex_idx(s, j) < 0 &&
	    (tok_is(doc, j, "of") || tok_is(doc, j, "from") || tok_is(doc, j, "in"))) {
		size_t k = j + 1;

		while (k < end && k < j + 6 && doc->toks[k].kind == TK_WORD &&
		       (lex_idx(s, k) < 0 || lex_is(s, k, WC_DET) || lex_is(s, k, WC_MODIFIER) ||
			lex_is(s, k, WC_ATTACK) || lex_is(s, k, WC_WEAPON)))
			k += lex_len(s, k);
		if (k > j + 1 && (lex_is(s, k, WC_AUX) || lex_is(s, k, WC_CASUALTY)))
			return k;
	}
	return j;
}

/*
 * The words after a mention: auxiliaries, then a status or casualty word
 * ("were shot down", "lost their lives", "are being treated"). Stops at a
 * clause boundary or the next mention. A status after "or" adds nothing
 * ("shot down or suppressed" is one fate).
 */
static void right_fate(const scan *s, size_t mi, size_t end, fate *f)
{
	const nf_doc *doc = s->doc;
	const mention *mn = &s->mentions[mi];
	size_t j = mn->last, steps = 0;
	int aux = 0, after_or = 0, relative = 0;

	while (j < end && steps < 10) {
		const lex_entry *e = lex_at(s, j);
		const char pc = punct_at(doc, j);
		size_t k;

		/* "25 people, including three children, were killed": skip the aside */
		if (pc == ',' && lex_is(s, j + 1, WC_SUB)) {
			k = j + 1;
			while (k < end && !is_punct(doc, k, ',') && k < j + 10)
				k++;
			if (k < end && is_punct(doc, k, ',')) {
				j = k + 1;
				steps++;
				continue;
			}
		}
		k = skip_aside(s, j, end, steps == 0, mn->kind == MK_PERSON, pc);
		if (k != j) {
			j = k;
			steps++;
			continue;
		}
		/* brackets around the verb; a closing quote glued to the noun */
		if (pc == '(' || pc == ')' ||
		    (steps == 0 && !(doc->toks[j].flags & TF_SPACE) && (pc == '"' || pc == '\''))) {
			j++;
			steps++;
			continue;
		}
		if (mention_starts_at(s, mi + 1, j))
			break;
		/* a relative clause: "a soldier who was killed" */
		if (steps == 0 && pc == ',' && tok_is(doc, j + 1, "who"))
			j++;
		if (steps == 0 && (tok_is(doc, j, "who") || tok_is(doc, j, "that"))) {
			f->relative = 1;
			j++;
			steps++;
			continue;
		}
		/* "three children were among the (66) killed" */
		if (tok_is(doc, j, "among")) {
			number_match nm;

			k = j + 1 + tok_is(doc, j + 1, "the");
			if (number_at(s->m->numbers, doc, k, &nm))
				k += nm.ntoks;
			const lex_entry *c = lex_at(s, k);

			if (c && c->cls == WC_CASUALTY && c->noun && !f->casualty) {
				f->casualty = c->value;
				f->subject = 1;
				f->among = 1;
			}
			break;
		}
		if (e && e->cls == WC_STATUS) {
			if (!after_or) {
				/* a participle after the noun: "drones launched by Russia",
				 * "a drone intercepted by air defences crashed" */
				if (!aux && steps == 0 &&
				    (e->value == CANON_LAUNCHED ||
				     tok_is(doc, j + lex_len(s, j), "by"))) {
					relative = 1;
					fate_add(f, e->value, "weapon-participle");
				} else {
					f->subject = 1;
					fate_add(f, e->value, "weapon-verb-after");
				}
			}
			after_or = 0;
			j += lex_len(s, j);
			steps++;
			continue;
		}
		if (e && e->cls == WC_CASUALTY) {
			if (!f->casualty)
				f->casualty = e->value;
			f->subject = 1;
			break;
		}
		if (e && e->cls == WC_NOTCASUALTY) {
			f->blocked = 1;
			break;
		}
		if (e && (e->cls == WC_AUX || (e->cls == WC_QUALIFIER && e->value == CANON_ALL))) {
			aux = 1;
		} else if (aux && tok_is(doc, j, "since")) {
			/* "have since been killed" */
		} else if (tok_is(doc, j, "or")) {
			after_or = 1;
		} else if (f->n > 0 && (tok_is(doc, j, "after") || tok_is(doc, j, "before"))) {
			/* "crashed after being intercepted" */
		} else if (doc->toks[j].kind == TK_WORD && doc->toks[j].norm_len > 3 &&
			   !strcmp(doc->toks[j].norm + doc->toks[j].norm_len - 2, "ly")) {
			/* an adverb: "were later shot down" */
		} else if (tok_is(doc, j, "overnight") || tok_is(doc, j, "today") ||
			   tok_is(doc, j, "yesterday")) {
		} else if (relative && f->n > 0 && steps < 7 && doc->toks[j].kind == TK_WORD &&
			   !(e && (e->cls == WC_BOUNDARY || e->cls == WC_COORD))) {
			/* "a missile fired by Iran hit ...": the agent phrase */
		} else {
			break;
		}
		j += lex_len(s, j);
		steps++;
	}
}

/*
 * The verb before a mention that governs it as an object: the nearest status
 * word to the left in the clause. A weak word ("with") counts only when no verb
 * is found. Across a coordination the previous weapon mention's verb is
 * shared ("launched 40 missiles and 580 drones"). *rule names which it was.
 */
static const char *left_status(const scan *s, size_t mi, size_t lo, const char **rule)
{
	const nf_doc *doc = s->doc;
	const mention *mn = &s->mentions[mi];
	const char *weak = NULL;
	size_t p = mn->first, steps = 0;

	*rule = "weapon-with";
	while (p > lo && steps < 14) {
		size_t start;
		const lex_entry *e = lex_ending(s, lo, p, &start);

		for (size_t k = mi; k-- > 0;) {
			const mention *prev = &s->mentions[k];

			if (prev->first < lo)
				break;     /* mentions are in text order: the rest are earlier */
			if (prev->last == p) {
				if (prev->kind == MK_WEAPON && !prev->launched_by_of) {
					const char *st = left_status(s, k, lo, rule);

					if (st)
						*rule = "weapon-shared-verb";
					return st;
				}
				return weak;
			}
		}
		if (!e) {
			start = p - 1;
			if (doc->toks[start].kind == TK_PUNCT && !is_punct(doc, start, ',') &&
			    !is_punct(doc, start, '-'))
				return weak;
		} else if (e->cls == WC_STATUS) {
			*rule = "weapon-verb-before";
			return e->value;
		} else if (e->cls == WC_WEAK) {
			if (!weak)
				weak = e->value;
		} else if (e->cls == WC_BOUNDARY || e->cls == WC_CASUALTY) {
			return weak;
		}
		p = start;
		steps++;
	}
	return weak;
}

/*
 * A toll stated far from its number: "the death toll from the strike on the
 * city has risen to 35", "raising the death toll from the attack to 28". The
 * number follows "to" or "at"; a toll verb stands right before it or right
 * before the toll.
 */
static const char *toll_before(const scan *s, const mention *mn, size_t lo)
{
	const nf_doc *doc = s->doc;
	size_t p = mn->first;
	int verb;

	if (p < lo + 3 || !(tok_is(doc, p - 1, "to") || tok_is(doc, p - 1, "at")))
		return NULL;
	verb = lex_is(s, p - 2, WC_TOLLVERB) || tok_is(doc, p - 2, "reached");
	for (size_t k = p - 2; k-- > lo && k + 25 > p;) {
		const lex_entry *e = lex_at(s, k);

		if (e && e->cls == WC_TOLL) {
			/* back to the start of "death toll", then past "the" */
			while (k > lo && lex_is(s, k - 1, WC_TOLL) && s->lexlen[k - 1] > 1)
				e = lex_at(s, --k);
			if (k > lo && tok_is(doc, k - 1, "the"))
				k--;
			if (verb || (k > lo && lex_is(s, k - 1, WC_TOLLVERB)))
				return e->value;
			return NULL;
		}
		if (e && e->cls == WC_BOUNDARY)
			return NULL;
	}
	return NULL;
}

/*
 * The casualty word before a mention ("killing at least 16 people", "injured
 * seven", "the death toll rose to 12"): the nearest one in the clause.
 */
static const char *left_casualty(const scan *s, const mention *mn, size_t lo, int near)
{
	size_t p = mn->first, steps = 0;

	while (p > lo && steps < (near ? 5u : 10u)) {
		size_t start;
		const lex_entry *e = lex_ending(s, lo, p, &start);

		if (!e) {
			start = p - 1;
			if (s->doc->toks[start].kind == TK_PUNCT && !is_punct(s->doc, start, ','))
				return NULL;
		} else if (e->cls == WC_CASUALTY || e->cls == WC_TOLL) {
			return e->value;
		} else if (e->cls == WC_BOUNDARY || e->cls == WC_STATUS) {
			return NULL;
		}
		p = start;
		steps++;
	}
	return NULL;
}

/* "among" shortly before a mention: "among the injured were a baby". */
static int among_before(const scan *s, const mention *mn, size_t lo)
{
	for (size_t p = mn->first; p > lo && p + 6 > mn->first; p--) {
		if (tok_is(s->doc, p - 1, "among"))
			return 1;
		if (lex_is(s, p - 1, WC_BOUNDARY))
			return 0;
	}
	return 0;
}

static int emit(scan *s, mention *mn, const char *category, const char *status,
		const char *rule)
{
	nf_fact *f = doc_add_fact(s->doc, NF_COUNT, mn->first, mn->last, rule);

	if (!f)
		return -1;
	f->category = category;
	f->status = status;
	f->value = mn->value;
	f->qualifier = mn->qualifier;
	f->weapon = mn->weapon;
	f->victims = mn->victims;
	if (mn->nemitted < 4) {
		mn->emitted[mn->nemitted][0] = category;
		mn->emitted[mn->nemitted][1] = status;
		mn->nemitted++;
	}
	return 0;
}

/* Mentions k and k + 1 are weapon counts joined by a comma or a conjunction. */
static int coordinated(const scan *s, size_t k, size_t end)
{
	const mention *a = &s->mentions[k], *b = &s->mentions[k + 1];

	if (a->kind != MK_WEAPON || b->kind != MK_WEAPON || b->first <= a->last ||
	    b->first >= end || b->first - a->last > 3)
		return 0;
	for (size_t j = a->last; j < b->first; j++)
		if (!is_punct(s->doc, j, ',') && !lex_is(s, j, WC_COORD))
			return 0;
	return 1;
}

/*
 * Emit the facts of a weapon count: one per status its verbs give. rule, when
 * not NULL, replaces the status rules (an elliptic count, whose category
 * came from an earlier noun).
 */
static int emit_weapon(scan *s, size_t mi, size_t lo, size_t end, const char *category,
		       const char *rule)
{
	mention *mn = &s->mentions[mi];
	fate f;
	const char *left, *why;
	/* "an attack with a missile damaged ...": the attack did the damage */
	int in_attack = mn->first >= lo + 2 && lex_is(s, mn->first - 1, WC_WEAK) &&
			lex_is(s, mn->first - 2, WC_ATTACK);

	fate_clear(&f);

	if (mn->status_noun)
		fate_add(&f, mn->status_noun, "weapon-status-noun");
	if (!in_attack)
		right_fate(s, mi, end, &f);
	if (f.casualty && mn->kind == MK_BARE)
		return 0;
	if ((!f.subject || mn->all) && !mn->launched_by_of) {
		if (mn->by_agent) {
			left = "hit";
			why = "weapon-by-agent";
		} else {
			left = left_status(s, mi, lo, &why);
		}
		if (left)
			fate_add(&f, left, why);
	}
	if (mn->launched_by_of)
		fate_add(&f, "launched", "weapon-n-of-m");
	/* "N of M": N takes the verb of the whole phrase */
	if (mn->range_of && mi + 1 < s->nmentions) {
		fate g;
		const char *l;

		fate_clear(&g);
		right_fate(s, mi + 1, end, &g);
		/* "74 of 75 drones that were launched": the clause is M's alone */
		for (int k = 0; k < g.n && !g.relative; k++)
			fate_add(&f, g.status[k], g.rule[k]);
		if (!g.subject && (l = left_status(s, mi, lo, &why)))
			fate_add(&f, l, why);
	}
	/* "four ballistic missiles, 11 cruise missiles and 35 drones were
	 * destroyed": a list shares the verb after its last member */
	for (size_t k = mi; f.n == 0 && k + 1 < s->nmentions && coordinated(s, k, end); k++) {
		fate g;

		fate_clear(&g);
		right_fate(s, k + 1, end, &g);
		if (g.subject)
			for (int q = 0; q < g.n; q++)
				fate_add(&f, g.status[q], "weapon-list-verb");
	}
	if (mn->all && f.n > 0)
		fate_add(&f, "launched", "weapon-all");
	/* "out of 40 missiles, 31 were shot down": the total was launched */
	if (f.n == 0 && mn->first >= lo + 2 && tok_is(s->doc, mn->first - 1, "of") &&
	    tok_is(s->doc, mn->first - 2, "out"))
		fate_add(&f, "launched", "weapon-out-of");
	if (f.n == 0) {
		if (mn->singular)
			return 0;   /* "a drone" with no fate is no count */
		fate_add(&f, "unspecified", "weapon-no-verb");
	}
	if (mn->all)
		mn->qualifier = "exact";
	for (int k = 0; k < f.n; k++)
		if (emit(s, mn, category, f.status[k], rule ? rule : f.rule[k]) < 0)
			return -1;
	return 0;
}

/* The category of the casualty count before mention mi in the sentence. */
static const char *previous_casualty(const scan *s, size_t mi, size_t lo)
{
	for (size_t k = mi; k-- > 0;) {
		const mention *p = &s->mentions[k];

		if (p->first < lo)
			break;
		if (p->kind != MK_WEAPON && p->category)
			return p->category;
	}
	return NULL;
}

static int decide_one(scan *s, size_t mi, size_t lo, size_t end);

/*
 * The category of the weapon words before token i, in its sentence or the
 * two before it: what an elliptic count ("Fifteen were destroyed") counts.
 * When the sentence of the last weapon word names both kinds ("Kh-22
 * missiles, Kalibr missiles and Shahed drones. Nine were shot down") it is
 * mixed. Weapon words before an attack noun ("drone strikes") do not count.
 */
static const char *weapon_before(const scan *s, size_t i)
{
	const nf_doc *doc = s->doc;
	uint32_t sent = doc->toks[i].sentence;
	const char *cat = NULL;
	size_t from = 0;

	while (i-- > 0 && doc->toks[i].sentence + 2 >= sent) {
		if (cat && i < from)
			break;
		/* (a weapon phrase's first word has FC_HEAD: most words have not,
		 * and are passed without a vocabulary match) */
		if (!(s->cm->first_class[doc->toks[i].hash & (FC_SIZE - 1)] & FC_HEAD))
			continue;
		const lex_entry *e = lex_at(s, i);

		if (!e || e->cls != WC_WEAPON || lex_is(s, i + lex_len(s, i), WC_ATTACK))
			continue;
		if (!cat) {
			cat = e->value;
			from = sent_begin(doc, i);
		} else if (strcmp(cat, e->value)) {
			return "mixed";
		}
	}
	return cat;
}

static int decide(scan *s, size_t first_mention, size_t lo, size_t end)
{
	for (size_t mi = first_mention; mi < s->nmentions; mi++) {
		if (s->mentions[mi].range_lo)
			continue;
		if (decide_one(s, mi, lo, end) < 0)
			return -1;
		/* the low end of a range shares the high end's category and statuses */
		if (mi > first_mention && s->mentions[mi - 1].range_lo) {
			mention *hi = &s->mentions[mi], *low = &s->mentions[mi - 1];

			for (int k = 0; k < hi->nemitted; k++)
				if (emit(s, low, hi->emitted[k][0], hi->emitted[k][1],
					 "range-low") < 0)
					return -1;
		}
	}
	return 0;
}

/*
 * "dozens dead, injured", "12 killed and wounded": one number and two
 * casualty words give a count of each. Not when a number follows the second
 * word ("three killed and injured five others").
 */
static int coordinated_casualty(scan *s, mention *mn, size_t end)
{
	const nf_doc *doc = s->doc;
	size_t j = mn->last;
	const lex_entry *c;
	number_match nm;

	if (!(is_punct(doc, j, ',') || tok_is(doc, j, "and") || tok_is(doc, j, "or")))
		return 0;
	c = lex_at(s, j + 1);
	if (!c || c->cls != WC_CASUALTY || !c->noun || !strcmp(c->value, mn->category))
		return 0;
	if (j + 1 + lex_len(s, j + 1) < end &&
	    number_at(s->m->numbers, doc, j + 1 + lex_len(s, j + 1), &nm))
		return 0;
	return emit(s, mn, c->value, "unspecified", "casualty-noun-coordinated");
}

/*
 * A count of people: a casualty by the verb after it ("were killed"), the
 * total it belongs to ("including nine children"), the verb before it
 * ("killing 16 people"), or the plural before it in a coordination.
 */
static int decide_person(scan *s, size_t mi, size_t lo, const fate *f)
{
	mention *mn = &s->mentions[mi];
	const nf_doc *doc = s->doc;
	const char *cat = f->casualty, *rule = "people-verb-after";

	if (mn->lives) {
		/* "cost tens of thousands of lives", "12 lives were lost" */
		int taken = mn->first > lo && (lex_is(s, mn->first - 1, WC_LIFEVERB) ||
					      tok_is(doc, mn->first - 1, "lost"));

		for (int k = 0; k < f->n; k++)
			taken |= !strcmp(f->status[k], "lost");
		if (!taken)
			return 0;
		mn->category = "killed";
		return emit(s, mn, "killed", "unspecified", "casualty-lives");
	}
	/* "including a teenager", "among the dead was a nurse": part of a total */
	if (mn->singular && (mn->sub || f->among || among_before(s, mn, lo)))
		return 0;
	if (mn->named) {
		rule = "people-named";
	} else {
		if (!cat && mn->sub) {
			cat = previous_casualty(s, mi, lo);
			rule = "people-sub-count";
		}
		if (!cat) {
			cat = left_casualty(s, mn, lo, 0);
			rule = "people-verb-before";
		}
		if (!cat && !mn->singular && mi > 0 && s->mentions[mi - 1].first >= lo &&
		    s->mentions[mi - 1].kind == MK_PERSON && s->mentions[mi - 1].category &&
		    s->mentions[mi - 1].last + 1 == mn->first) {
			cat = s->mentions[mi - 1].category;
			rule = "people-coordinated";
		}
	}
	if (!cat)
		return 0;
	mn->category = cat;
	return emit(s, mn, cat, "unspecified", rule);
}

/*
 * A number without a noun: a casualty ("left five wounded", "the death toll
 * rose to 12"), an elliptic weapon count whose kind an earlier noun gave
 * ("Fifteen were destroyed", "three of which were intercepted"), or the
 * second half of a coordination ("three drones were shot down over Kursk
 * and one over Oryol").
 */
static int decide_bare(scan *s, size_t mi, size_t lo, size_t end, const fate *f)
{
	mention *mn = &s->mentions[mi];
	const char *cat = f->casualty, *rule = "casualty-verb-after";

	if (!cat) {
		cat = toll_before(s, mn, lo);
		rule = "casualty-toll";
	}
	if (!cat) {
		cat = left_casualty(s, mn, lo, 1);
		rule = "casualty-verb-before";
	}
	if (!cat && mn->sub) {
		cat = previous_casualty(s, mi, lo);
		rule = "casualty-sub-count";
	}
	if (cat) {
		mn->category = cat;
		return emit(s, mn, cat, "unspecified", rule);
	}
	/* "air defences shot down 552 overnight": the verb's object */
	size_t vstart;
	const lex_entry *verb = mn->first > lo ? lex_ending(s, lo, mn->first, &vstart) : NULL;

	if (f->n == 0 && verb && verb->cls == WC_STATUS &&
	    (verb->value == CANON_INTERCEPTED || verb->value == CANON_LAUNCHED)) {
		const char *wcat = weapon_before(s, mn->first);

		if (!wcat)
			return 0;
		mn->category = wcat;
		return emit(s, mn, wcat, verb->value, "weapon-elliptic-object");
	}
	if (f->n > 0 || mn->of_ref) {
		const char *wcat = NULL, *weapon = NULL;
		uint32_t sent = s->doc->toks[mn->first].sentence;

		/* the last weapon count in the sentence, or for "of which" in
		 * the two before it */
		for (size_t k = mi; k-- > 0;) {
			const mention *p = &s->mentions[k];

			if (p->first < lo &&
			    (!mn->of_ref || s->doc->toks[p->first].sentence + 2 < sent))
				break;
			if (p->kind == MK_WEAPON) {
				wcat = p->category;
				weapon = p->weapon;
				break;
			}
		}
		if (!wcat)
			wcat = weapon_before(s, mn->first);
		if (!wcat || f->n == 0)
			return 0;
		mn->category = wcat;
		mn->weapon = weapon;
		return emit_weapon(s, mi, lo, end, wcat, "weapon-elliptic");
	}
	/* "three drones were shot down over Kursk and one over Oryol" */
	if (!mn->of_ref && mi > 0 && mn->first > lo && lex_is(s, mn->first - 1, WC_COORD)) {
		const mention *p = &s->mentions[mi - 1];

		if (p->first < lo || p->kind != MK_WEAPON || p->nemitted == 0)
			return 0;
		mn->category = p->category;
		mn->weapon = p->weapon;
		for (int k = 0; k < p->nemitted; k++)
			if (emit(s, mn, p->emitted[k][0], p->emitted[k][1],
				 "weapon-elliptic-coord") < 0)
				return -1;
	}
	return 0;
}

/* Decide the category and statuses of mention mi and emit its facts. */
static int decide_one(scan *s, size_t mi, size_t lo, size_t end)
{
	mention *mn = &s->mentions[mi];
	fate f;

	fate_clear(&f);
	if (mn->kind == MK_WEAPON)
		return emit_weapon(s, mi, lo, end, mn->category, NULL);
	if (mn->kind == MK_CASUALTY && mn->of_ref) {
		/* "two of the wounded died": part of a group, counted by its fate */
		right_fate(s, mi, end, &f);
		if (f.casualty && strcmp(f.casualty, mn->category)) {
			mn->category = f.casualty;
			return emit(s, mn, f.casualty, "unspecified", "casualty-of-group");
		}
	}
	if (mn->kind == MK_CASUALTY) {
		if (emit(s, mn, mn->category, "unspecified", "casualty-noun") < 0)
			return -1;
		return coordinated_casualty(s, mn, end);
	}
	right_fate(s, mi, end, &f);
	if (f.blocked)
		return 0;
	if (mn->kind == MK_PERSON)
		return decide_person(s, mi, lo, &f);
	return decide_bare(s, mi, lo, end, &f);
}

/*
 * Zero counts: "no casualties" (killed 0 and injured 0), "no injuries",
 * "nobody was hurt", "did not report any fatalities", in sentence [lo, end)
 * whose first classed token q is (s->classed).
 */
static int find_zero_counts(scan *s, const uint32_t *q, size_t lo, size_t end)
{
	const nf_doc *doc = s->doc;

	/* (q: the sentence's classed tokens, which a negation or "any" is) */
	for (size_t i; (i = *q) < end; q++) {
		/* a negation or "any" starts here, or this is no zero count */
		if (!(s->cm->first_class[doc->toks[i].hash & (FC_SIZE - 1)] & FC_NEG))
			continue;
		const lex_entry *e = lex_at(s, i);
		int negated = e && e->cls == WC_NEGATION;
		size_t j = i + (e ? lex_len(s, i) : 1);

		if (!negated && tok_is(doc, i, "any")) {
			for (size_t k = i; k > lo && k + 6 > i; k--)
				if (tok_is(doc, k - 1, "not") || tok_is(doc, k - 1, "n't") ||
				    tok_is(doc, k - 1, "no") || tok_is(doc, k - 1, "without"))
					negated = 1;
		}
		if (!negated)
			continue;
		/* "no one was injured": skip auxiliaries to the casualty word */
		size_t k = j, steps = 0;

		while (k < end && steps < 3 && (lex_is(s, k, WC_AUX) || lex_is(s, k, WC_MODIFIER) ||
						tok_is(doc, k, "immediate") || tok_is(doc, k, "serious")))
			k += lex_len(s, k), steps++;
		const lex_entry *c = lex_at(s, k);

		if (!c)
			continue;
		if (e && e->noun) {
			if (c->cls != WC_CASUALTY)
				continue;
		} else if (!(c->cls == WC_CASUALTIES || (c->cls == WC_CASUALTY && c->noun))) {
			continue;
		}
		mention mn;

		mention_clear(&mn);
		mn.first = i;
		mn.last = k + lex_len(s, k);
		mn.value = 0;
		mn.qualifier = "exact";
		if (c->cls == WC_CASUALTIES) {
			if (emit(s, &mn, "killed", "unspecified", "casualty-zero") < 0 ||
			    emit(s, &mn, "injured", "unspecified", "casualty-zero") < 0)
				return -1;
		} else if (emit(s, &mn, c->value, "unspecified", "casualty-zero") < 0) {
			return -1;
		}
		/* on after it (the list goes on past end) */
		while (q[1] < mn.last && q[1] < end)
			q++;
	}
	return 0;
}

/* dst: first_class, with FC_START for the first words of the number words too. */
static void add_number_starts(uint8_t *dst, const uint8_t *first_class,
			      const numbers_model *nums)
{
	/* bit b of the numbers' filter: a word whose hash & (FC_SIZE - 1)
	 * is b & (FC_SIZE - 1), FC_SIZE dividing HASHF_BITS */
	const hash_filter *nf = &((const numbers_head *)(const void *)nums)->first;

	memcpy(dst, first_class, FC_SIZE);
	for (size_t k = 0; k < HASHF_BITS / 64; k++)
		for (uint64_t w = nf->w[k]; w; w &= w - 1)
			dst[(k * 64 + (size_t)__builtin_ctzll(w)) & (FC_SIZE - 1)] |= FC_START;
}

int count_model_bind_numbers(struct count_model *cm, const numbers_model *nums)
{
	if (!(cm->merged = malloc(FC_SIZE)))
		return -1;
	add_number_starts(cm->merged, cm->first_class, nums);
	cm->merged_for = nums;
	return 0;
}

/*
 * One table look-up tells the words that may start a mention: a
 * determiner or a number word. The table is made at load for the model's
 * numbers; local is the room for one made for other numbers.
 */
static const uint8_t *class_table(const struct count_model *cm, const numbers_model *nums,
				  uint8_t *local)
{
	if (!nums)
		return cm->first_class;
	if (cm->merged_for == nums)
		return cm->merged;
	add_number_starts(local, cm->first_class, nums);
	return local;
}

int extract_counts(const nf_model *m, nf_doc *doc)
{
	scan s;
	uint8_t fclass[FC_SIZE];   /* (see class_table) */
	int rc = -1;

	memset(&s, 0, sizeof s);
	if (!m->count || doc->ntoks == 0)
		return 0;
	s.cm = m->count;
	s.m = m;
	s.doc = doc;
	if (doc->ntoks <= SCRATCH_TOKS) {
		struct count_scratch *cs = &count_scratch;

		s.lex = memset(cs->lex, 0, doc->ntoks * sizeof *s.lex);   /* all unknown */
		s.lexlen = cs->lexlen;
		s.cands = cs->cands;
		s.cstart = cs->cstart;
		s.classed = cs->classed;
		s.mentions = cs->mentions;
		s.cap = MENTION_ROOM;
	} else {
		s.lex = calloc(doc->ntoks, sizeof *s.lex);
		s.lexlen = malloc(doc->ntoks);
		s.cands = malloc(doc->ntoks * sizeof *s.cands);
		s.cstart = malloc(doc->ntoks);
		s.classed = malloc((doc->ntoks + 1) * sizeof *s.classed);   /* (a block may be all) */
	}
	if (!s.lex || !s.lexlen || !s.cands || !s.cstart || !s.classed)
		goto out;
	s.fclass = class_table(m->count, m->numbers, fclass);
	if (fact_runs(&s) < 0) {
		s.mark = doc->ntoks <= SCRATCH_TOKS ? memset(count_scratch.mark, 0, doc->ntoks) :
						      calloc(doc->ntoks, 1);
		if (!s.mark)
			goto out;
		mark_facts(&s);
	} else if (date_sentences(&s) < 0) {
		goto out;
	}
	/*
	 * The sentences are taken in blocks of about CLASS_BLOCK tokens: the
	 * block's classed tokens are listed (and the two after it, for its
	 * last sentence), then its sentences are read while its tokens are
	 * still in the cache. Only the sentences with a classed token can
	 * hold a count (a mention starts at one, a zero count's negation is
	 * one): the walk goes from one such sentence to the next.
	 */
	for (size_t lo = 0; lo < doc->ntoks;) {
		size_t last = lo + CLASS_BLOCK < doc->ntoks ? lo + CLASS_BLOCK : doc->ntoks - 1;
		size_t hi = doc->sents[doc->toks[last].sentence].last;
		size_t stop = hi + 2 < doc->ntoks ? hi + 2 : doc->ntoks;
		size_t nclassed = list_classed(s.fclass, m->count->digit_class, doc->toks, lo,
					       stop, s.classed);

		s.classed_next = 0;
		while (s.classed_next < nclassed && s.classed[s.classed_next] < hi) {
			const uint32_t *q = s.classed + s.classed_next;
			const nf_sentence *st = &doc->sents[doc->toks[*q].sentence];
			size_t first_mention = s.nmentions;
			/* (a named victim's verb or a zero count's noun may come
			 * up to two tokens after the end) */
			int fc = scan_sentence(&s, st->first, st->last);

			if ((s.ncands && (find_mentions(&s, st->first, st->last, fc) < 0 ||
					  decide(&s, first_mention, st->first, st->last) < 0)) ||
			    ((fc & (FC_NEG | FC_CAS)) == (FC_NEG | FC_CAS) &&
			     find_zero_counts(&s, q, st->first, st->last) < 0))
				goto out;
		}
		lo = hi;
	}
	rc = 0;
out:
	if (doc->ntoks > SCRATCH_TOKS) {
		free(s.lex);
		free(s.lexlen);
		free(s.cands);
		free(s.cstart);
		free(s.classed);
	}
	free_unless_scratch(s.mark);
	free_unless_scratch(s.date_sent);
	array_free_from(s.mentions, count_scratch.mentions);
	return rc;
}
