/*
 * test_date.c: the temporal tagger (src/date.c). Each test sentence is written
 * for the test, in the phrasing of news reports; the expected values follow
 * FACTS.md and GUIDELINES.md (date rules and decided cases 32-36).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "testutil.h"

#define MAX_FACTS 32

struct collect {
	nf_fact *out;
	size_t max, n;
};

static int collect_date(const nf_fact *f, void *ud)
{
	struct collect *c = ud;

	if (c->n < c->max)
		c->out[c->n] = *f;      /* date facts own no strings; text is the input's */
	c->n++;
	return 0;
}

/*
 * The dates of text, with ref "YYYY-MM-DD", NULL, "auto" (--ref-date auto) or
 * "auto:YYYY-MM-DD" (auto, falling back to the date when the head has none).
 */
static size_t extract_dates_ref(const char *text, const char *ref, nf_fact *out, size_t max)
{
	nf_options opt = { .types = NF_DATE };
	struct collect c = { out, max, 0 };

	if (ref && strncmp(ref, "auto", 4) == 0) {
		opt.ref_auto = 1;
		ref = ref[4] == ':' ? ref + 5 : NULL;
	}
	if (ref && sscanf(ref, "%d-%d-%d", &opt.ref_year, &opt.ref_month, &opt.ref_day) == 3)
		opt.has_ref_date = 1;
	assert_int_equal(nf_extract(test_model(), text, strlen(text), &opt, collect_date, &c), 0);
	return c.n;
}

/*
 * Extract the dates of text against ref (see extract_dates_ref) and compare
 * them, in order, with want: "VALUE=TEXT" strings, NULL-terminated. Dumps the
 * facts when they differ.
 */
/* "VALUE=TEXT", flagged when resolved disagrees with the value's X's. */
static void describe_date(const nf_fact *f, char *buf, size_t size)
{
	int consistent = f->resolved == (strchr(f->timex, 'X') == NULL);

	snprintf(buf, size, "%s=%.*s%s", f->timex, (int)(f->end - f->start), f->text,
		 consistent ? "" : " (wrong resolved flag)");
}

static void expect_dates(const char *text, const char *ref, const char *const *want)
{
	nf_fact f[MAX_FACTS];
	size_t n = extract_dates_ref(text, ref, f, MAX_FACTS);

	assert_true(facts_match(text, f, n < MAX_FACTS ? n : MAX_FACTS, want, describe_date));
}

#define EXPECT(text, ref, ...) expect_dates(text, ref, (const char *const[]){ __VA_ARGS__, NULL })
#define EXPECT_NONE(text, ref) expect_dates(text, ref, (const char *const[]){ NULL })

/* A weekday is the latest such day on or before the reference date (case 32). */
static void test_weekday_resolved(void **state)
{
	(void)state;
	/* 2024-06-13 is a Thursday */
	EXPECT("Drones struck Sumy on Tuesday, and the governor spoke on Thursday.",
	       "2024-06-13", "2024-06-11=on Tuesday", "2024-06-13=on Thursday");
	EXPECT("The region came under fire late on Friday.", "2024-06-13",
	       "2024-06-07=late on Friday");
}

/* Without a reference date a weekday stays XXXX-WXX-N; a part of the day gives the day. */
static void test_weekday_underspecified(void **state)
{
	(void)state;
	EXPECT("Rescuers worked through Sunday night in Zaporizhzhia.", NULL,
	       "XXXX-WXX-7=Sunday night");
	EXPECT("The barrage began overnight on Saturday and eased by Monday afternoon.", NULL,
	       "XXXX-WXX-6=overnight on Saturday", "XXXX-WXX-1=Monday afternoon");
	EXPECT("Saturday's strike on the depot was the third this month.", NULL,
	       "XXXX-WXX-6=Saturday");
}

/* "last Friday" is strictly before the reference date, "next Monday" after it. */
static void test_weekday_relative(void **state)
{
	(void)state;
	EXPECT("Talks held last Thursday will resume next Monday.", "2024-06-13",
	       "2024-06-06=last Thursday", "2024-06-17=next Monday");
}

/* Newspapers and feasts named after a weekday are no dates. */
static void test_weekday_in_names(void **state)
{
	(void)state;
	EXPECT_NONE("The Sunday Times quoted an official in Lviv.", "2024-06-13");
	EXPECT_NONE("Churches in Odesa were full on Good Friday.", NULL);
}

/* A weekday that opens a full date takes the date's value, as one fact. */
static void test_weekday_with_date(void **state)
{
	(void)state;
	EXPECT("Firefighters at a burning warehouse in Dnipro, Ukraine, Tuesday, March 4, 2025.",
	       NULL, "2025-03-04=Tuesday, March 4, 2025");
	EXPECT("Friday, 21 February 2025, 09:40", NULL, "2025-02-21=Friday, 21 February 2025");
}

/* Day and month in either order, with or without a year and a full stop. */
static void test_calendar_dates(void **state)
{
	(void)state;
	EXPECT("The depot was hit on 14 November 2023 and again on Dec. 2, 2023.", NULL,
	       "2023-11-14=on 14 November 2023", "2023-12-02=on Dec. 2, 2023");
	EXPECT("A missile struck the port on the 5th of August.", NULL,
	       "XXXX-08-05=on the 5th of August");
	EXPECT("Kherson was shelled on Sept. 18.", NULL, "XXXX-09-18=on Sept. 18");
	/* words of digits and letters: days with a suffix and decades start a date, others not */
	EXPECT("The convoy left on 09th March and returned on the 31st of May.", NULL,
	       "XXXX-03-09=on 09th March", "XXXX-05-31=on the 31st of May");
	EXPECT("A 10km queue formed on the 2nd day, and in the 1990s a 3rd ring road took two years.",
	       NULL, "199=in the 1990s", "P2Y=two years");
}

/* A day without a year takes the year that puts it on or before the reference (case 33). */
static void test_day_year_from_reference(void **state)
{
	(void)state;
	EXPECT("The bridge was damaged on November 28.", "2024-01-05", "2023-11-28=on November 28");
	EXPECT("The bridge was damaged on January 3.", "2024-01-05", "2024-01-03=on January 3");
}

/* "the night of 7-8 March": both days. */
static void test_day_range(void **state)
{
	(void)state;
	EXPECT("Air defence was active on the night of 7-8 March.", NULL,
	       "XXXX-03-07=7", "XXXX-03-08=8 March");
	EXPECT("Attacks continued between October 10 and 12.", "2024-11-01",
	       "2024-10-10=October 10", "2024-10-12=12");
}

/* Numeric dates: ISO, and day/month order only when a part above 12 settles it. */
static void test_numeric_dates(void **state)
{
	(void)state;
	EXPECT("The order was signed on 2023-09-21 in Moscow.", NULL, "2023-09-21=on 2023-09-21");
	EXPECT("Report dated 27/02/2024.", NULL, "2024-02-27=27/02/2024");
	EXPECT_NONE("Report dated 04/03/2024.", NULL);
}

/* Bare months need a word before them: "May" and "March" are also a modal and a verb. */
static void test_months(void **state)
{
	(void)state;
	EXPECT("Shelling intensified in early April and again in mid-October.", NULL,
	       "XXXX-04=in early April", "XXXX-10=in mid-October");
	EXPECT("Officials said in May that the plant may close.", "2024-06-13",
	       "2024-05=in May");
	EXPECT("The offensive that began in August stalled.", "2024-06-13", "2023-08=in August");
	EXPECT_NONE("Veterans March Through Kharkiv As Sirens May Sound", NULL);
	EXPECT("The front has barely moved since November 2023.", NULL,
	       "2023-11=since November 2023");
}

/* A month or year joined to the date before it: "in June and July", "1994 and 1996". */
static void test_coordinated(void **state)
{
	(void)state;
	EXPECT("Blackouts were worst in January and February.", NULL,
	       "XXXX-01=in January", "XXXX-02=February");
	EXPECT("Treaties were signed in 1994 and 1997.", NULL, "1994=in 1994", "1997=1997");
}

/* Promo and link lines are not annotated (case 36). */
static void test_promo_lines(void **state)
{
	(void)state;
	EXPECT("Sirens sounded in Kyiv on Friday.\nRead more: Drones hit Poltava on Monday\n"
	       "Repairs began on Saturday.", NULL,
	       "XXXX-WXX-5=on Friday", "XXXX-WXX-6=on Saturday");
}

/* A year needs date context; a four-digit count is no year. */
static void test_years(void **state)
{
	(void)state;
	EXPECT("The city has been shelled since 2014, and the 2023 counteroffensive failed.",
	       NULL, "2014=since 2014", "2023=the 2023 counteroffensive");
	EXPECT_NONE("Russia launched 2024 drones and 1,999 missiles this spring.", NULL);
	EXPECT_NONE("A column of 2000 troops moved north.", NULL);
	EXPECT("Fighting raged from 2015 to 2017.", NULL, "2015=2015", "2017=2017");
	EXPECT_NONE("The curfew begins by 2300 GMT.", NULL);
}

/* Seasons: "the summer of 2023" -> 2023-SU (case 34). */
static void test_seasons(void **state)
{
	(void)state;
	EXPECT("Power cuts began in the winter of 2022 and ended in spring 2023.", NULL,
	       "2022-WI=in the winter of 2022", "2023-SP=in spring 2023");
	EXPECT_NONE("The fall of Avdiivka shocked Kyiv; the Arab Spring was long over.", NULL);
}

/* Holidays with a fixed date; with a reference, the nearest occurrence. */
static void test_holidays(void **state)
{
	(void)state;
	EXPECT("Strikes continued over Christmas and into the New Year.", NULL,
	       "XXXX-12-25=over Christmas", "XXXX-01-01=the New Year");
	EXPECT("The city was shelled on Christmas Day.", "2023-12-27", "2023-12-25=on Christmas Day");
}

/* Deictic words need a reference date and are left out without one (case 33). */
static void test_deictic(void **state)
{
	(void)state;
	EXPECT("Officials said today that repairs would start tomorrow morning, after "
	       "yesterday's strike.", "2024-03-01",
	       "2024-03-01=today", "2024-03-02=tomorrow morning", "2024-02-29=yesterday");
	EXPECT_NONE("Officials said today that repairs would start tomorrow.", NULL);
	EXPECT("Ukraine said last week that more air defence had arrived this year.",
	       "2024-06-13", "2024-W23=last week", "2024=this year");
	EXPECT("The shelling last month was heavier than last year.", "2024-01-10",
	       "2023-12=last month", "2023=last year");
}

/* "overnight", "tonight" and "last night" alone give nothing (case 32). */
static void test_night_words(void **state)
{
	(void)state;
	EXPECT_NONE("Drones attacked overnight and more are expected tonight.", "2024-06-13");
	EXPECT_NONE("Explosions shook the city last night.", "2024-06-13");
}

/* "N units ago" resolves against the reference; "N days earlier" against the last day named. */
static void test_ago_and_earlier(void **state)
{
	(void)state;
	EXPECT("The dam was breached three days ago.", "2024-06-13", "2024-06-10=three days ago");
	EXPECT("Almost three weeks ago, the plant lost power.", "2024-06-13",
	       "2024-W21=Almost three weeks ago");
	EXPECT("Six months ago, the front was quiet.", "2024-06-13", "2023-12=Six months ago");
	EXPECT_NONE("The dam was breached three days ago.", NULL);
	EXPECT("The hospital was hit on 10 May. Two days earlier, a school was struck.", NULL,
	       "XXXX-05-10=on 10 May");
	EXPECT("The hospital was hit on 10 May 2024. Two days earlier, a school was struck.", NULL,
	       "2024-05-10=on 10 May 2024", "2024-05-08=Two days earlier");
}

/* "the next day", "the day before": from the last day named; "the day after X" gives nothing. */
static void test_anchor_offsets(void **state)
{
	(void)state;
	EXPECT("Kherson was shelled on 2 May. The following day, power failed. The day after "
	       "the blast, crews arrived.", "2024-05-10",
	       "2024-05-02=on 2 May", "2024-05-03=The following day");
	EXPECT("The governor said the previous day that 12 drones were downed.", "2024-05-10",
	       "2024-05-09=the previous day");
	EXPECT_NONE("The governor said the previous day that 12 drones were downed.", NULL);
}

/* Durations with a number or "the past <unit>" (case 35). */
static void test_durations(void **state)
{
	(void)state;
	EXPECT("In the past three days, Russia fired 90 missiles.", NULL,
	       "P3D=In the past three days");
	EXPECT("Over the last 12 hours, sirens sounded twice.", NULL,
	       "PT12H=Over the last 12 hours");
	EXPECT("Over the past month, strikes doubled, and the past year was the worst.", NULL,
	       "P1M=Over the past month", "P1Y=the past year");
	EXPECT("After a 10-day pause, the 20-month siege resumed.", NULL,
	       "P10D=10-day pause", "P20M=the 20-month siege");
	EXPECT("The city declared two days of mourning, nearly 18 months after the invasion.",
	       NULL, "P2D=two days", "P18M=nearly 18 months");
	EXPECT("the more than two-year war", NULL, "P2Y=the more than two-year war");
}

/* Ages, rates and lengths without a number are no durations (case 35). */
static void test_not_durations(void **state)
{
	(void)state;
	EXPECT_NONE("A 9-year-old boy and a five-month-old baby were hurt; a man aged 60 too.",
		    NULL);
	EXPECT_NONE("Residents get power only four hours a day.", NULL);
	EXPECT_NONE("For months, the town waited a day or two for aid, in its third year of war.",
		    NULL);
	EXPECT_NONE("Workers cleared debris for several hours over the past few days.", NULL);
}

/* The resolved flag follows the value: no X, resolved. */
static void test_resolved_flag(void **state)
{
	nf_fact f[4];

	(void)state;
	assert_int_equal(test_extract("It happened on Monday.", NULL, NF_DATE, f, 4), 1);
	assert_string_equal(f[0].timex, "XXXX-WXX-1");
	assert_false(f[0].resolved);
	assert_int_equal(test_extract("It happened on Monday.", "2024-01-01", NF_DATE, f, 4), 1);
	assert_string_equal(f[0].timex, "2024-01-01");
	assert_true(f[0].resolved);
}

/* An ISO week across a year boundary: 2021-01-03 is in week 53 of 2020. */
static void test_iso_week_boundary(void **state)
{
	(void)state;
	EXPECT("Kyiv was shelled last week.", "2021-01-10", "2020-W53=last week");
	EXPECT("Kyiv was shelled this week.", "2024-12-31", "2025-W01=this week");
}

/* Every absolute form the issue lists, on one reference date (2024-06-13, a Thursday). */
static void test_absolute_forms(void **state)
{
	(void)state;
	EXPECT("Ukraine said on 13 June 2024 that the grid held, and on June 11, 2024 that "
	       "it had not.", NULL, "2024-06-13=on 13 June 2024", "2024-06-11=on June 11, 2024");
	EXPECT("The full-scale invasion began on February 24, 2022, and each Feb. 24 since "
	       "has brought a barrage.", "2024-06-13",
	       "2022-02-24=on February 24, 2022", "2024-02-24=Feb. 24");
	EXPECT("The governor of Sumy said the bridge was hit on June 9.", "2024-06-13",
	       "2024-06-09=on June 9");
	EXPECT("The 2022 offensive around Izium forced a retreat, and in 2023 the lines froze.",
	       NULL, "2022=The 2022 offensive", "2023=in 2023");
	EXPECT("The prosecutor's file, dated 13/06/2024, lists 14 victims.", NULL,
	       "2024-06-13=13/06/2024");
	EXPECT_NONE("The prosecutor's file, dated 06/07/2024, lists 14 victims.", NULL);
	EXPECT("Artillery duels intensified in mid-June, and early March had been calm.",
	       "2024-07-02", "2024-06=in mid-June", "2024-03=early March");
}

/* Relative forms against the reference date 2024-06-13 (a Thursday). */
static void test_relative_forms(void **state)
{
	(void)state;
	EXPECT("Drones hit Poltava overnight on Tuesday, and shelling resumed Saturday evening.",
	       "2024-06-13", "2024-06-11=overnight on Tuesday", "2024-06-08=Saturday evening");
	EXPECT("The mayor said Thursday that a second convoy would leave next week.",
	       "2024-06-13", "2024-06-13=Thursday", "2024-W25=next week");
	EXPECT("Kyiv reported earlier this month that two substations had been repaired.",
	       "2024-06-13", "2024-06=earlier this month");
	EXPECT("A glide bomb struck a school in Kupiansk two days ago.", "2024-06-13",
	       "2024-06-11=two days ago");
	EXPECT("Over the past 24 hours the army repelled 31 assaults, and in the past five "
	       "days more than 200.", "2024-06-13",
	       "PT24H=Over the past 24 hours", "P5D=in the past five days");
	EXPECT("Grain exports have fallen by half since February 2022.", "2024-06-13",
	       "2022-02=since February 2022");
}

/* Without a reference date: underspecified weekdays and months, no deictic words. */
static void test_no_reference_date(void **state)
{
	(void)state;
	EXPECT("Drones struck a depot in Sumy on Thursday, officials said in March.", NULL,
	       "XXXX-WXX-4=on Thursday", "XXXX-03=in March");
	EXPECT("The barrage on Thursday was the worst since June 2, the ministry said.", NULL,
	       "XXXX-WXX-4=on Thursday", "XXXX-06-02=since June 2");
	EXPECT_NONE("Power returned yesterday, and more repairs are planned next week.", NULL);
	EXPECT("Repairs finished over the weekend.", NULL, "XXXX-WXX-WE=over the weekend");
}

/* "May" as a modal, "March" as a verb, a weekday in a paper's name: no dates. */
static void test_date_words_that_are_not_dates(void **state)
{
	(void)state;
	EXPECT_NONE("May the rescuers find everyone alive, a priest in Dnipro said.", "2024-06-13");
	EXPECT_NONE("Thousands of Protesters March on the Parliament in Tbilisi", NULL);
	EXPECT_NONE("The Mail on Sunday and the Sunday Telegraph both ran the photographs.",
		    "2024-06-13");
	EXPECT("Officials may decide in May whether the schools reopen.", "2024-06-13",
	       "2024-05=in May");
}

/* Dotted dates ("12.06.2024") and ISO timestamps; a decimal stays a number. */
static void test_dotted_and_timestamps(void **state)
{
	(void)state;
	EXPECT("The decree of 12.06.2024 was annulled on 3.7.2024.", NULL,
	       "2024-06-12=12.06.2024", "2024-07-03=on 3.7.2024");
	EXPECT("Alert issued 2024-06-13T10:00 and lifted 2024-06-14T02:45:00Z.", NULL,
	       "2024-06-13=2024-06-13T10:00", "2024-06-14=2024-06-14T02:45:00Z");
	EXPECT_NONE("Inflation reached 12.5 percent, and 31.12 hryvnias bought a dollar.", NULL);
	EXPECT_NONE("The map shows 45.06.2024 as a grid reference.", NULL);
}

/* The weekend: the latest one begun on or before the reference date, or last/this/next. */
static void test_weekend(void **state)
{
	(void)state;
	/* 2024-06-13 is a Thursday: the weekend before is 8-9 June, ISO week 23 */
	EXPECT("Crews restored power in Kherson over the weekend.", "2024-06-13",
	       "2024-W23-WE=over the weekend");
	EXPECT("Crews restored power in Kherson over the weekend.", "2024-06-16",
	       "2024-W24-WE=over the weekend");
	EXPECT("Talks planned for this weekend were moved from last weekend.", "2024-06-13",
	       "2024-W24-WE=for this weekend", "2024-W23-WE=last weekend");
	EXPECT_NONE("Shelling rarely stops on weekends, a weekend of calm is rare.", "2024-06-13");
}

/* Decades ("199") and a year opening a clause ("2023 saw"). */
static void test_decades_and_year_subjects(void **state)
{
	(void)state;
	EXPECT("The base was built in the 1980s and rebuilt in the early 2000s.", NULL,
	       "198=in the 1980s", "200=in the early 2000s");
	EXPECT("2023 saw few gains, and 2024 was costlier still.", NULL, "2023=2023", "2024=2024");
	EXPECT_NONE("2300 residents left, and 1500 soldiers arrived.", NULL);
}

/* --ref-date auto: a publication line at the head of the article is the reference. */
static void test_ref_auto_publication_line(void **state)
{
	(void)state;
	EXPECT("Drones target Odesa port\n\nPublished: 13 June 2024\n\n"
	       "Drones hit the port on Tuesday, the governor said yesterday.", "auto",
	       "2024-06-13=13 June 2024", "2024-06-11=on Tuesday", "2024-06-12=yesterday");
	EXPECT("Drones target Odesa port\nUpdated 14:05 GMT, 13 Jun 2024\n"
	       "Drones hit the port on Tuesday.", "auto",
	       "2024-06-13=13 Jun 2024", "2024-06-11=on Tuesday");
	EXPECT("Missiles hit Lviv\nFriday, 5 April 2024, 08:10\nSirens sounded on Wednesday.",
	       "auto", "2024-04-05=Friday, 5 April 2024", "2024-04-03=on Wednesday");
	/* the publication line outranks an update line and a date in the text */
	EXPECT("Updated: 20 May 2024\nPublished on 18 May 2024\nStrikes resumed on Friday.",
	       "auto", "2024-05-20=20 May 2024", "2024-05-18=on 18 May 2024",
	       "2024-05-17=on Friday");
}

/* --ref-date auto: a dateline; its year is the latest the article writes. */
static void test_ref_auto_dateline(void **state)
{
	(void)state;
	EXPECT("ZAPORIZHZHIA, Ukraine, Oct 4 (Reuters) - Shelling killed two people on "
	       "Monday, the worst day since August 2023.", "auto",
	       "2023-10-04=Oct 4", "2023-10-02=on Monday", "2023-08=since August 2023");
	EXPECT("KHARKIV, March 2 (AP) - Guided bombs hit the city on Friday, as in "
	       "2023 and 2024.", "auto",
	       "2024-03-02=March 2", "2024-03-01=on Friday", "2023=in 2023", "2024=2024");
	/* no year anywhere: nothing can be resolved */
	EXPECT("KHARKIV, March 2 (AP) - Guided bombs hit the city on Friday.", "auto",
	       "XXXX-03-02=March 2", "XXXX-WXX-5=on Friday");
}

/* --ref-date auto without a dateline resolves nothing, or falls back to a given date. */
static void test_ref_auto_none(void **state)
{
	(void)state;
	EXPECT("Drones hit the port of Izmail on Tuesday, officials said yesterday.", "auto",
	       "XXXX-WXX-2=on Tuesday");
	EXPECT("Drones hit the port of Izmail on Tuesday, officials said yesterday.",
	       "auto:2024-06-13", "2024-06-11=on Tuesday", "2024-06-12=yesterday");
	/* a full date in the body is no dateline */
	EXPECT("Port officials in Izmail said the strike on Tuesday followed one on "
	       "2 June 2024.", "auto", "XXXX-WXX-2=on Tuesday", "2024-06-02=on 2 June 2024");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_weekday_resolved),
		cmocka_unit_test(test_weekday_underspecified),
		cmocka_unit_test(test_weekday_relative),
		cmocka_unit_test(test_weekday_in_names),
		cmocka_unit_test(test_weekday_with_date),
		cmocka_unit_test(test_calendar_dates),
		cmocka_unit_test(test_day_year_from_reference),
		cmocka_unit_test(test_day_range),
		cmocka_unit_test(test_numeric_dates),
		cmocka_unit_test(test_months),
		cmocka_unit_test(test_years),
		cmocka_unit_test(test_coordinated),
		cmocka_unit_test(test_promo_lines),
		cmocka_unit_test(test_seasons),
		cmocka_unit_test(test_holidays),
		cmocka_unit_test(test_deictic),
		cmocka_unit_test(test_night_words),
		cmocka_unit_test(test_ago_and_earlier),
		cmocka_unit_test(test_anchor_offsets),
		cmocka_unit_test(test_durations),
		cmocka_unit_test(test_not_durations),
		cmocka_unit_test(test_resolved_flag),
		cmocka_unit_test(test_iso_week_boundary),
		cmocka_unit_test(test_absolute_forms),
		cmocka_unit_test(test_relative_forms),
		cmocka_unit_test(test_no_reference_date),
		cmocka_unit_test(test_date_words_that_are_not_dates),
		cmocka_unit_test(test_dotted_and_timestamps),
		cmocka_unit_test(test_weekend),
		cmocka_unit_test(test_decades_and_year_subjects),
		cmocka_unit_test(test_ref_auto_publication_line),
		cmocka_unit_test(test_ref_auto_dateline),
		cmocka_unit_test(test_ref_auto_none),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
