/*
 * epub.c - the EPUB container and package (EPUB 3.3 §4 "Open Container
 * Format" and §5 "Package document"), assembled in memory with libzip.
 *
 * Layout of the container:
 *   mimetype                   first, stored, no extra field (§4.3)
 *   META-INF/container.xml     points at the package document (§4.2)
 *   EPUB/package.opf           metadata, manifest, spine
 *   EPUB/nav.xhtml, toc.ncx    navigation (EPUB 3 and EPUB 2 readers)
 *   EPUB/css/book.css
 *   EPUB/cover.xhtml, titlepage.xhtml, copyright.xhtml, <chapters>.xhtml
 *   EPUB/images/...
 *   EPUB/fonts/...             subsets of the faces, then of the fallback fonts
 *                              used (fonts.c)
 *
 * Reproducibility: entries are added in a fixed order, every entry gets the
 * DOS time of doc->build_time in UTC (zip_file_set_dostime, which unlike
 * zip_file_set_mtime does not depend on TZ: docs/libraries.md §2) and the
 * same permissions, so equal inputs and SOURCE_DATE_EPOCH give equal bytes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <zip.h>

#include "doc/imprint.h"

#include "internal.h"
#include "util/image.h"

static const ov_pos no_pos = {0, 0, 0};

/* ---- time ---- */

static struct tm utc_time(int64_t t)
{
	struct tm tm;
	time_t tt = (time_t)(t < 0 ? 0 : t);
	if (!gmtime_r(&tt, &tm)) {
		memset(&tm, 0, sizeof tm);
		tm.tm_year = 70;
		tm.tm_mday = 1;
	}
	return tm;
}

/* MS-DOS date and time (the ZIP "last mod file time/date" fields, APPNOTE
 * §4.4.6), clamped to the range they can express: 1980..2107. */
static void dos_time(int64_t t, zip_uint16_t *dtime, zip_uint16_t *ddate)
{
	struct tm tm = utc_time(t);
	int year = tm.tm_year + 1900;
	if (year < 1980) {
		*dtime = 0;
		*ddate = (zip_uint16_t)((0 << 9) | (1 << 5) | 1);
		return;
	}
	if (year > 2107) {
		*dtime = (zip_uint16_t)((23 << 11) | (59 << 5) | 29);
		*ddate = (zip_uint16_t)((127 << 9) | (12 << 5) | 31);
		return;
	}
	*dtime = (zip_uint16_t)((tm.tm_hour << 11) | (tm.tm_min << 5) | (tm.tm_sec / 2));
	*ddate = (zip_uint16_t)(((year - 1980) << 9) | ((tm.tm_mon + 1) << 5) | tm.tm_mday);
}

/* True for the W3CDTF forms YYYY, YYYY-MM and YYYY-MM-DD that dc:date
 * should use (EPUB 3.3 §5, the dc:date element; EPUBCheck OPF-053
 * otherwise). */
static bool w3c_date(const char *s)
{
	size_t n = strlen(s);
	if (n != 4 && n != 7 && n != 10)
		return false;
	for (size_t i = 0; i < n; i++) {
		bool dash = i == 4 || i == 7;
		if (dash ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return false;
	}
	if (n >= 7) {
		int mon = (s[5] - '0') * 10 + (s[6] - '0');
		if (mon < 1 || mon > 12)
			return false;
	}
	if (n == 10) {
		int day = (s[8] - '0') * 10 + (s[9] - '0');
		if (day < 1 || day > 31)
			return false;
	}
	return true;
}

/* ---- the package document ---- */

static void dc(ov_buf *b, const char *element, const char *id, const char *value)
{
	ov_buf_printf(b, "    <dc:%s", element);
	if (id)
		ov_buf_printf(b, " id=\"%s\"", id);
	ov_buf_puts(b, ">");
	ov_epub_esc(b, value);
	ov_buf_printf(b, "</dc:%s>\n", element);
}

static void meta_prop(ov_buf *b, const char *property, const char *value)
{
	ov_buf_printf(b, "    <meta property=\"%s\">", property);
	ov_epub_esc(b, value);
	ov_buf_puts(b, "</meta>\n");
}

static void item(ov_buf *b, const char *id, const char *href, const char *type, const char *props)
{
	ov_buf_printf(b, "    <item id=\"%s\" href=\"", id);
	ov_epub_href(b, href);
	ov_buf_printf(b, "\" media-type=\"%s\"", type);
	if (props)
		ov_buf_printf(b, " properties=\"%s\"", props);
	ov_buf_puts(b, "/>\n");
}

static bool has(const char *s) { return s && *s; }

static void package_doc(ov_buf *b, const ov_doc *doc, const ov_epub_fonts *fs, const ov_epub_images *im,
                        const ov_epub_image *gen, bool page_list)
{
	const ov_meta *m = &doc->meta;
	const char *lang = has(m->language) ? m->language : "en";
	const ov_epub_image *cover = ov_epub_image_of(im, doc->cover);

	/* §5, the package element: version, unique-identifier, xml:lang */
	ov_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	               "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" "
	               "unique-identifier=\"pub-id\" xml:lang=\"");
	ov_epub_esc(b, lang);
	ov_buf_puts(b, "\">\n  <metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n");

	/* §5, metadata: the DCMES elements */
	dc(b, "identifier", "pub-id", m->identifier);
	if (has(m->isbn) && ov_isbn_parse(m->identifier, NULL, NULL) != OV_ISBN_OK) {
		/* the ISBN besides another unique identifier, as "urn:isbn:"
		 * and its digits */
		ov_buf u = OV_BUF_INIT;
		ov_buf_puts(&u, "urn:isbn:");
		for (const char *p = m->isbn; *p; p++)
			if (*p != '-' && *p != ' ')
				ov_buf_putc(&u, *p);
		dc(b, "identifier", "isbn", ov_buf_cstr(&u));
		ov_buf_dispose(&u);
	}
	dc(b, "title", "title", m->title);
	ov_buf_puts(b, "    <meta refines=\"#title\" property=\"title-type\">main</meta>\n");
	if (has(m->subtitle)) {
		dc(b, "title", "subtitle", m->subtitle);
		ov_buf_puts(b, "    <meta refines=\"#subtitle\" property=\"title-type\">subtitle</meta>\n");
	}
	dc(b, "language", NULL, lang);
	for (size_t i = 0; i < m->author_count; i++) {
		char id[32];
		snprintf(id, sizeof id, "creator-%zu", i + 1);
		dc(b, "creator", id, m->authors[i]);
		/* §5, meta with refines; MARC relator "aut" */
		ov_buf_printf(b,
		              "    <meta refines=\"#%s\" property=\"role\" scheme=\"marc:relators\">aut</meta>\n",
		              id);
	}
	if (has(m->publisher))
		dc(b, "publisher", NULL, m->publisher);
	/* dc:rights: the copyright page's notice, rights and licence
	 * (doc/imprint.h) in one statement */
	ov_buf rights = OV_BUF_INIT;
	ov_arena ra;
	ov_arena_init(&ra);
	const char *notice = ov_imprint_notice(doc, &ra);
	if (notice)
		ov_buf_printf(&rights, "%s.", notice);
	if (has(m->rights))
		ov_buf_printf(&rights, "%s%s", rights.len ? " " : "", m->rights);
	if (has(m->license))
		ov_buf_printf(&rights, "%sLicensed under %s%s%s.", rights.len ? " " : "", m->license,
		              has(m->license_url) ? ": " : "", has(m->license_url) ? m->license_url : "");
	if (rights.len)
		dc(b, "rights", NULL, ov_buf_cstr(&rights));
	ov_buf_dispose(&rights);
	ov_arena_dispose(&ra);
	if (has(m->description))
		dc(b, "description", NULL, m->description);
	for (size_t i = 0; i < m->subject_count; i++)
		if (has(m->subjects[i]))
			dc(b, "subject", NULL, m->subjects[i]);
	if (has(m->date)) {
		if (w3c_date(m->date))
			dc(b, "date", NULL, m->date);
		else
			ov_diag_warning(doc->diag, no_pos,
			                "date '%s' is not YYYY, YYYY-MM or YYYY-MM-DD; it is left out of the "
			                "EPUB metadata",
			                m->date);
	}

	/* §5, last modified date: exactly one dcterms:modified, in UTC */
	struct tm tm = utc_time(doc->build_time);
	char modified[40];
	snprintf(modified, sizeof modified, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
	         tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	meta_prop(b, "dcterms:modified", modified);

	/* EPUB Accessibility 1.1: discovery metadata, summary and claim,
	 * from what the book holds (a11y.c) */
	ov_epub_a11y a11y;
	ov_epub_a11y_scan(doc, &a11y);
	ov_epub_a11y_warn(doc, &a11y);
	ov_epub_a11y_metadata(b, doc, &a11y, page_list);
	if (cover || gen) /* the EPUB 2 way of naming the cover, still read by many readers */
		ov_buf_puts(b, "    <meta name=\"cover\" content=\"cover-image\"/>\n");
	ov_buf_puts(b, "  </metadata>\n");

	/* §5, manifest: every file of the publication with its media type */
	ov_buf_puts(b, "  <manifest>\n");
	item(b, "nav", OV_EPUB_NAV, "application/xhtml+xml", "nav");
	item(b, "ncx", OV_EPUB_NCX, "application/x-dtbncx+xml", NULL);
	item(b, "css", OV_EPUB_CSS, "text/css", NULL);
	item(b, "cover", OV_EPUB_COVER, "application/xhtml+xml", NULL);
	item(b, "titlepage", OV_EPUB_TITLEPAGE, "application/xhtml+xml", NULL);
	item(b, "copyright", OV_EPUB_COPYRIGHT, "application/xhtml+xml", NULL);
	size_t k = 0;
	for (const ov_node *ch = doc->root ? doc->root->first : NULL; ch; ch = ch->next) {
		char id[32];
		snprintf(id, sizeof id, "chapter-%zu", ++k);
		/* §5.6.2.4: a content document with MathML says so */
		item(b, id, ch->as.chapter.file, "application/xhtml+xml", ov_epub_has_math(doc, ch) ? "mathml" : NULL);
	}
	for (size_t i = 0; i < doc->asset_count; i++) {
		const ov_epub_image *a = ov_epub_image_of(im, doc->assets[i]);
		if (!a)
			continue;
		char id[32];
		if (a == cover)
			snprintf(id, sizeof id, "cover-image");
		else
			snprintf(id, sizeof id, "image-%zu", i + 1);
		item(b, id, a->name, a->type, a == cover ? "cover-image" : NULL);
	}
	if (gen) /* the typographic cover (cover.c) */
		item(b, "cover-image", gen->name, gen->type, "cover-image");
	size_t nfonts;
	const ov_epub_font *fonts = ov_epub_fonts_embedded(fs, &nfonts);
	for (size_t i = 0; i < nfonts; i++) {
		char id[32];
		snprintf(id, sizeof id, "font-%zu", i + 1);
		/* EPUB 3.3 §3.2 core media types: application/vnd.ms-opentype
		 * is one, for TrueType and CFF outlines alike, and the one
		 * Calibre's checker expects of .ttf and .otf files (it reports
		 * font/ttf and font/otf, RFC 8081's, as mismatched); EPUBCheck
		 * 4.2.6 and 5 accept it, EPUBCheck 5 with -u (usage) notes that
		 * font/ttf is now preferred (OPF-090). The two checkers cannot
		 * both be satisfied with .ttf files: WOFF2 (font/woff2) would */
		item(b, id, fonts[i].name, "application/vnd.ms-opentype", NULL);
	}
	ov_buf_puts(b, "  </manifest>\n");

	/* §5, spine: the reading order; toc="ncx" for EPUB 2 readers */
	ov_buf_puts(b, "  <spine toc=\"ncx\">\n"
	               "    <itemref idref=\"cover\"/>\n"
	               "    <itemref idref=\"titlepage\"/>\n"
	               "    <itemref idref=\"copyright\"/>\n"
	               "    <itemref idref=\"nav\"/>\n");
	k = 0;
	for (const ov_node *ch = doc->root ? doc->root->first : NULL; ch; ch = ch->next)
		ov_buf_printf(b, "    <itemref idref=\"chapter-%zu\"/>\n", ++k);
	ov_buf_puts(b, "  </spine>\n</package>\n");
}

static const char container_xml[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
	"  <rootfiles>\n"
	"    <rootfile full-path=\"" OV_EPUB_DIR OV_EPUB_OPF "\" media-type=\"application/oebps-package+xml\"/>\n"
	"  </rootfiles>\n"
	"</container>\n";

static const char mimetype[] = "application/epub+zip";

/* ---- the zip ---- */

typedef struct {
	zip_t *za;
	zip_uint16_t dtime, ddate;
	char **owned; /* buffers that must live until zip_close */
	size_t nowned, capowned;
	bool failed;
	char reason[256];
} pkg;

static void pkg_fail(pkg *p, const char *why)
{
	if (!p->failed)
		snprintf(p->reason, sizeof p->reason, "%s", why);
	p->failed = true;
}

/* Adds data[0..len) as name; data must stay valid until zip_close (libzip
 * reads buffer sources then: docs/libraries.md §2). */
static void pkg_add(pkg *p, const char *name, const void *data, size_t len, bool store)
{
	if (p->failed)
		return;
	zip_source_t *src = zip_source_buffer(p->za, data, len, 0);
	if (!src) {
		pkg_fail(p, zip_strerror(p->za));
		return;
	}
	zip_int64_t idx = zip_file_add(p->za, name, src, ZIP_FL_ENC_UTF_8);
	if (idx < 0) {
		pkg_fail(p, zip_strerror(p->za));
		zip_source_free(src);
		return;
	}
	zip_uint64_t i = (zip_uint64_t)idx;
	/* §4.3: mimetype uncompressed; deflate for the rest at level 3,
	 * measured on the 100-chapter benchmark book (bench/README.md): 7.6%
	 * larger than zlib's default level 6 (818 against 760 KB; level 4:
	 * 787 KB, level 5: 768 KB, level 1: 857 KB), the fastest level within
	 * 10% of the default's size (1 and 2 use the same fast matcher); on the
	 * handbook, whose figures and fonts are compressed already, the levels
	 * differ by under 1% */
	if (zip_set_file_compression(p->za, i, store ? ZIP_CM_STORE : ZIP_CM_DEFLATE, store ? 0 : 3) < 0 ||
	    zip_file_set_dostime(p->za, i, p->dtime, p->ddate, 0) < 0 ||
	    zip_file_set_external_attributes(p->za, i, 0, ZIP_OPSYS_UNIX, (zip_uint32_t)0100644 << 16) < 0)
		pkg_fail(p, zip_strerror(p->za));
}

/* Adds the contents of buf (which is emptied; the package owns the bytes). */
static void pkg_add_buf(pkg *p, const char *name, ov_buf *buf)
{
	size_t len = buf->len;
	char *data = ov_buf_detach(buf);
	if (p->nowned == p->capowned) {
		p->capowned = p->capowned ? p->capowned * 2 : 16;
		p->owned = ov_xrealloc(p->owned, p->capowned * sizeof *p->owned);
	}
	p->owned[p->nowned++] = data;
	pkg_add(p, name, data, len, false);
}

/* A generated document, kept until the fonts are known. */
typedef struct {
	const char *file; /* inside the publication folder */
	char *data;       /* owned by the package (pkg_keep) */
	size_t len;
} doc_entry;

/* Takes buf's bytes (buf is emptied) for the package, to be added later,
 * and notes their characters for the fonts. */
static doc_entry pkg_keep(pkg *p, ov_epub_chars *chars, const char *file, ov_buf *buf)
{
	size_t n = strlen(file);
	ov_epub_chars_note(chars, buf->ptr ? buf->ptr : "", buf->len, n > 6 && strcmp(file + n - 6, ".xhtml") == 0);
	doc_entry e = {file, NULL, buf->len};
	e.data = ov_buf_detach(buf);
	if (p->nowned == p->capowned) {
		p->capowned = p->capowned ? p->capowned * 2 : 16;
		p->owned = ov_xrealloc(p->owned, p->capowned * sizeof *p->owned);
	}
	p->owned[p->nowned++] = e.data;
	return e;
}

static void pkg_add_entry(pkg *p, const doc_entry *e)
{
	char name[512];
	snprintf(name, sizeof name, OV_EPUB_DIR "%s", e->file);
	pkg_add(p, name, e->data, e->len, false);
}

/* The documents first, since the fonts depend on their characters (the
 * writer's own included: note back-links, task boxes), and the package
 * document and stylesheet on the fonts; then everything goes into the
 * zip in a fixed order. Returns -1 after reporting a damaged font. */
/* Replaces entry e's bytes with data (len bytes, malloc'ed, owned by the
 * package from now on); NULL leaves e as it is. */
static void pkg_replace(pkg *p, doc_entry *e, char *data, size_t len)
{
	if (!data)
		return;
	if (p->nowned == p->capowned) {
		p->capowned = p->capowned ? p->capowned * 2 : 16;
		p->owned = ov_xrealloc(p->owned, p->capowned * sizeof *p->owned);
	}
	p->owned[p->nowned++] = data;
	e->data = data;
	e->len = len;
}

/* The print edition's pages (pagebreak.c): markers spliced into the
 * documents made (docs: nav, ncx, cover, title page, copyright page, then
 * the chapters, marks[k] where chapter k's nodes begin) and the page
 * lists added to the navigation document and the NCX. */
static void add_page_list(pkg *p, const ov_doc *doc, doc_entry *docs, ov_epub_marks **marks,
                          const ov_print_pages *pp)
{
	size_t l = 0;
	char *d;
	static const ov_front_doc kinds[3] = {OV_FRONT_TITLE, OV_FRONT_COPYRIGHT, OV_FRONT_CONTENTS};
	static const size_t at[3] = {3, 4, 0};
	for (size_t i = 0; i < 3; i++) {
		d = ov_epub_pagebreaks_front(docs[at[i]].data, docs[at[i]].len, kinds[i], pp, &l);
		pkg_replace(p, &docs[at[i]], d, l);
	}
	size_t k = 0;
	for (const ov_node *ch = doc->root ? doc->root->first : NULL; ch; ch = ch->next, k++) {
		d = ov_epub_pagebreaks_chapter(docs[5 + k].data, docs[5 + k].len, marks[k], ch, pp, &l);
		pkg_replace(p, &docs[5 + k], d, l);
	}
	d = ov_epub_page_list_nav(docs[0].data, docs[0].len, pp, &l);
	pkg_replace(p, &docs[0], d, l);
	d = ov_epub_page_list_ncx(docs[1].data, docs[1].len, pp, &l);
	pkg_replace(p, &docs[1], d, l);
}

static int add_contents(pkg *p, const ov_doc *doc, ov_epub_fonts *fs, const ov_epub_images *im,
                        const ov_epub_image *gen, ov_epub_pages_fn pages, void *pages_ctx)
{
	ov_buf b = OV_BUF_INIT;
	ov_epub_chars *chars = ov_epub_chars_new();
	size_t nchapters = 0;
	for (const ov_node *ch = doc->root ? doc->root->first : NULL; ch; ch = ch->next)
		nchapters++;
	doc_entry *docs = ov_xmalloc((nchapters + 5) * sizeof *docs);
	size_t ndocs = 0;
	ov_epub_nav(&b, doc);
	docs[ndocs++] = pkg_keep(p, chars, OV_EPUB_NAV, &b);
	ov_epub_ncx(&b, doc);
	docs[ndocs++] = pkg_keep(p, chars, OV_EPUB_NCX, &b);
	ov_epub_cover_page(&b, doc, im, gen ? gen->name : NULL);
	docs[ndocs++] = pkg_keep(p, chars, OV_EPUB_COVER, &b);
	ov_epub_title_page(&b, doc);
	docs[ndocs++] = pkg_keep(p, chars, OV_EPUB_TITLEPAGE, &b);
	ov_epub_copyright_page(&b, doc);
	docs[ndocs++] = pkg_keep(p, chars, OV_EPUB_COPYRIGHT, &b);
	/* with a page list to come, where each chapter's nodes begin */
	ov_epub_marks **marks = pages ? ov_xcalloc(nchapters ? nchapters : 1, sizeof *marks) : NULL;
	size_t k = 0;
	for (const ov_node *ch = doc->root ? doc->root->first : NULL; ch; ch = ch->next, k++) {
		if (marks)
			marks[k] = ov_epub_marks_new();
		ov_epub_chapter(&b, doc, im, ch, marks ? marks[k] : NULL);
		docs[ndocs++] = pkg_keep(p, chars, ch->as.chapter.file, &b);
	}
	int rc = ov_epub_fonts_prepare(fs, doc, chars);
	ov_epub_chars_free(chars);
	/* the page list comes when the PDF's layout ends (cli/main.c) */
	const ov_print_pages *pp = rc == 0 && pages ? pages(pages_ctx) : NULL;
	if (pp && pp->count)
		add_page_list(p, doc, docs, marks, pp);
	else
		pp = NULL;
	for (size_t i = 0; marks && i < nchapters; i++)
		ov_epub_marks_free(marks[i]);
	free(marks);
	if (rc != 0) {
		free(docs);
		ov_buf_dispose(&b);
		return -1;
	}

	pkg_add(p, "mimetype", mimetype, sizeof mimetype - 1, true);
	pkg_add(p, "META-INF/container.xml", container_xml, sizeof container_xml - 1, false);
	package_doc(&b, doc, fs, im, gen, pp != NULL);
	if (pp) {
		size_t l = 0;
		char *d = ov_epub_page_list_meta(b.ptr, b.len, pp, &l);
		if (d) {
			ov_buf_clear(&b);
			ov_buf_put(&b, d, l);
			free(d);
		}
	}
	pkg_add_buf(p, OV_EPUB_DIR OV_EPUB_OPF, &b);
	pkg_add_entry(p, &docs[0]); /* nav */
	pkg_add_entry(p, &docs[1]); /* ncx */
	ov_epub_css(&b, fs, doc);
	pkg_add_buf(p, OV_EPUB_DIR OV_EPUB_CSS, &b);
	for (size_t i = 2; i < ndocs; i++) /* cover, title page, copyright page, chapters */
		pkg_add_entry(p, &docs[i]);
	free(docs);
	if (gen) {
		char name[64];
		snprintf(name, sizeof name, OV_EPUB_DIR "%s", gen->name);
		pkg_add(p, name, gen->data, gen->len, false);
	}
	for (size_t i = 0; i < doc->asset_count; i++) {
		const ov_epub_image *a = ov_epub_image_of(im, doc->assets[i]);
		if (!a)
			continue;
		char name[512];
		snprintf(name, sizeof name, OV_EPUB_DIR "%s", a->name);
		pkg_add(p, name, a->data, a->len, false);
	}
	size_t nfonts;
	const ov_epub_font *fonts = ov_epub_fonts_embedded(fs, &nfonts);
	for (size_t i = 0; i < nfonts; i++) {
		char name[512];
		snprintf(name, sizeof name, OV_EPUB_DIR "%s", fonts[i].name);
		pkg_add(p, name, fonts[i].data, fonts[i].len, false);
	}
	ov_buf_dispose(&b);
	return 0;
}

/* Builds the container into *out. On failure returns -1 with reason set,
 * or with reason empty when the problem was reported already. */
static int build(const ov_doc *doc, unsigned char **out, size_t *len, char *reason, size_t rsize,
                 void (*before_zip)(void *ctx), void *ctx, ov_epub_pages_fn pages, void *pages_ctx)
{
	*out = NULL;
	*len = 0;
	reason[0] = '\0';
	ov_epub_fonts *fs;
	if (ov_epub_fonts_load(doc, &fs) != 0) {
		ov_epub_fonts_free(fs);
		return -1;
	}

	int rc = -1;
	pkg p = {0};
	ov_epub_image gen = {0};
	bool have_gen = false;
	/* the images first: the documents name their copies */
	ov_epub_images im;
	ov_epub_images_prepare(&im, doc);
	dos_time(doc->build_time, &p.dtime, &p.ddate);
	zip_error_t zerr;
	zip_error_init(&zerr);
	zip_source_t *mem = zip_source_buffer_create(NULL, 0, 0, &zerr);
	if (!mem) {
		snprintf(reason, rsize, "%s", zip_error_strerror(&zerr));
		goto done;
	}
	p.za = zip_open_from_source(mem, ZIP_TRUNCATE, &zerr);
	if (!p.za) {
		snprintf(reason, rsize, "%s", zip_error_strerror(&zerr));
		zip_source_free(mem);
		goto done;
	}
	/* the archive's bytes are read back from mem after zip_close */
	zip_source_keep(mem);

	/* a book without a usable 'cover:' gets a typographic cover image */
	have_gen = !ov_epub_image_of(&im, doc->cover) && ov_epub_cover_make(doc, fs, &gen);
	if (add_contents(&p, doc, fs, &im, have_gen ? &gen : NULL, pages, pages_ctx) != 0) {
		zip_discard(p.za);
		zip_source_free(mem);
		goto done;
	}
	if (before_zip)
		before_zip(ctx);
	if (p.failed) {
		snprintf(reason, rsize, "%s", p.reason);
		zip_discard(p.za);
		zip_source_free(mem);
		goto done;
	}
	if (zip_close(p.za) < 0) {
		snprintf(reason, rsize, "%s", zip_strerror(p.za));
		zip_discard(p.za);
		zip_source_free(mem);
		goto done;
	}

	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_source_stat(mem, &st) < 0 || !(st.valid & ZIP_STAT_SIZE) || zip_source_open(mem) < 0) {
		snprintf(reason, rsize, "%s", zip_error_strerror(zip_source_error(mem)));
		zip_source_free(mem);
		goto done;
	}
	unsigned char *data = ov_xmalloc(st.size ? (size_t)st.size : 1);
	zip_int64_t got = zip_source_read(mem, data, st.size);
	zip_source_close(mem);
	if (got < 0 || (zip_uint64_t)got != st.size) {
		snprintf(reason, rsize, "%s", got < 0 ? zip_error_strerror(zip_source_error(mem)) : "short read");
		free(data);
		zip_source_free(mem);
		goto done;
	}
	zip_source_free(mem);
	*out = data;
	*len = (size_t)st.size;
	rc = 0;

done:
	free(gen.owned);
	for (size_t i = 0; i < p.nowned; i++)
		free(p.owned[i]);
	free(p.owned);
	ov_epub_images_dispose(&im);
	ov_epub_fonts_free(fs);
	return rc;
}

int ov_epub_build(const ov_doc *doc, unsigned char **out, size_t *len)
{
	return ov_epub_build_with(doc, out, len, NULL, NULL);
}

int ov_epub_build_with(const ov_doc *doc, unsigned char **out, size_t *len, void (*before_zip)(void *ctx),
                       void *ctx)
{
	return ov_epub_build_paged(doc, out, len, before_zip, ctx, NULL, NULL);
}

int ov_epub_build_paged(const ov_doc *doc, unsigned char **out, size_t *len, void (*before_zip)(void *ctx),
                        void *ctx, ov_epub_pages_fn pages, void *pages_ctx)
{
	char reason[256];
	if (build(doc, out, len, reason, sizeof reason, before_zip, ctx, pages, pages_ctx) == 0)
		return 0;
	if (reason[0])
		ov_diag_error(doc->diag, no_pos, "cannot build the EPUB: %s", reason);
	return -1;
}
