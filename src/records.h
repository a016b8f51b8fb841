/*
 * records.h: article collections as records: JSON Lines (one JSON object per
 * line) and CSV with a header row. Each record is one document: its id names
 * the document ("doc" in the output), its date is the reference date of its
 * relative dates, and its text is what the extractors read.
 */
#ifndef NF_RECORDS_H
#define NF_RECORDS_H

#include "batch.h"

enum record_format { RECORDS_NONE, RECORDS_JSONL, RECORDS_CSV };

typedef struct records_config {
	enum record_format format;
	const char *id_field;       /* default "id" */
	const char *date_field;     /* default "date" */
	const char *text_field;     /* default "text" */
} records_config;

/*
 * Queue every record of path ("-" for standard input) on the batch. A record
 * without a usable date keeps the run's options (base). Records that cannot be
 * used are reported through the batch, in order, as "path:N" (N the line of a
 * JSONL record, the row of a CSV record after the header). Returns non-zero
 * when the output failed.
 */
int records_read(const char *path, const records_config *cfg, batch *b,
		 const nf_options *base);

#endif
