/*
 * info.c - what the PDF says about itself: page labels that match the
 * printed page numbers (PDF 1.7 §12.4.2) and the document information
 * dictionary (§14.3.3), whose strings go through libharu's current
 * (UTF-8) encoder and whose dates come from doc->build_time, so that a
 * build with SOURCE_DATE_EPOCH is reproducible.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harufix.h"
#include "internal.h"

static void set_date(HPDF_Doc pdf, HPDF_InfoType which, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	HPDF_Date d = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, 'Z', 0, 0};
	HPDF_SetInfoDateAttr(pdf, which, d);
}

static char *join(const char *const *v, size_t n, const char *sep)
{
	ov_buf b = OV_BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (i)
			ov_buf_puts(&b, sep);
		ov_buf_puts(&b, v[i]);
	}
	return ov_buf_detach(&b);
}

const char *ov_pdf_clipped(const char *s, size_t max, char **copy)
{
	*copy = NULL;
	size_t len = strlen(s);
	if (len <= max)
		return s;
	size_t n = max - 3;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	*copy = ov_xmalloc(n + 4);
	memcpy(*copy, s, n);
	memcpy(*copy + n, "\xE2\x80\xA6", 4);
	return *copy;
}

/* Longest document information string, bytes. */
#define INFO_MAX 8191

static void set_info(HPDF_Doc pdf, HPDF_InfoType which, const char *s)
{
	char *copy;
	const char *t = ov_pdf_clipped(s, INFO_MAX, &copy);
	HPDF_SetInfoAttr(pdf, which, t);
	/* characters above U+FFFF (math letters, 𝔼) as UTF-16 surrogates:
	 * libharu's encoder writes them as spaces */
	static const char *const keys[] = {[HPDF_INFO_TITLE] = "Title", [HPDF_INFO_AUTHOR] = "Author",
	                                   [HPDF_INFO_SUBJECT] = "Subject", [HPDF_INFO_KEYWORDS] = "Keywords"};
	bool astral = false;
	for (const char *p = t; *p && !astral; p++)
		astral = (unsigned char)*p >= 0xF0;
	if (astral && pdf->info && (size_t)which < sizeof keys / sizeof *keys && keys[which])
		ov_haru_set_text(pdf->info, keys[which], t, strlen(t));
	free(copy);
}

void ov_pdf_add_info(HPDF_Doc pdf, const ov_doc *doc, const ov_layout *L)
{
	/* page labels match the printed numbers (PDF 1.7 §12.4.2) */
	if (L->front_count)
		HPDF_AddPageLabel(pdf, 0, HPDF_PAGE_NUM_STYLE_LOWER_ROMAN, 1, "");
	if (L->page_count > L->front_count)
		HPDF_AddPageLabel(pdf, (HPDF_UINT)L->front_count, HPDF_PAGE_NUM_STYLE_DECIMAL, 1, "");

	/* document information; strings go through the current (UTF-8) encoder */
	const ov_meta *meta = &doc->meta;
	set_info(pdf, HPDF_INFO_TITLE, meta->title);
	if (meta->author_count) {
		char *a = join(meta->authors, meta->author_count, ", ");
		set_info(pdf, HPDF_INFO_AUTHOR, a);
		free(a);
	}
	if (meta->description)
		set_info(pdf, HPDF_INFO_SUBJECT, meta->description);
	if (meta->subject_count) {
		char *k = join(meta->subjects, meta->subject_count, "; ");
		set_info(pdf, HPDF_INFO_KEYWORDS, k);
		free(k);
	}
	HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, OV_PDF_CREATOR);
	HPDF_SetInfoAttr(pdf, HPDF_INFO_PRODUCER, OV_PDF_PRODUCER);
	set_date(pdf, HPDF_INFO_CREATION_DATE, doc->build_time);
	set_date(pdf, HPDF_INFO_MOD_DATE, doc->build_time);
}
