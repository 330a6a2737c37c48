/*
 * main.c - the octavo command: argument parsing, exit codes, and the wiring
 * of the stages: load (manifest, markdown) -> resolve (passes) -> typeset
 * (with the PDF writer's sink) -> the PDF writer's finish, and the EPUB
 * writer beside them once a core is free.
 *
 * Exit status: 0 success, 1 the book has errors (outputs not replaced),
 * 2 usage error.
 */
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "epub/epub.h"
#include "manifest/manifest.h"
#include "markdown/markdown.h"
#include "pdf/pdf.h"
#include "typeset/typeset.h"
#include "util/fsio.h"

#ifndef OV_VERSION
#define OV_VERSION "0.0.0"
#endif

static const char usage_text[] =
	"usage: octavo build [BOOK_DIR] [-o OUT_DIR] [--pdf] [--epub] [--page-size S]\n"
	"                    [--one-sided] [--report] [--timings] [-j N]\n"
	"       octavo check [BOOK_DIR] [options as for build]\n"
	"       octavo init [DIR]\n"
	"       octavo --help | --version\n"
	"\n"
	"Builds BOOK_DIR/book.yaml (default: the current folder) into OUT_DIR\n"
	"(default: BOOK_DIR/out) as NAME.pdf and NAME.epub, NAME being the\n"
	"manifest's 'output'. --pdf or --epub builds only that format.\n"
	"'check' runs every check of a build and writes nothing.\n"
	"'init' writes a commented DIR/book.yaml for the Markdown it finds there\n"
	"(SUMMARY.md, or README.md and the other .md files); it never overwrites one.\n"
	"Without book.yaml, build reads the folder the same way.\n"
	"\n"
	"options:\n"
	"  -o, --output DIR   write the outputs into DIR\n"
	"      --pdf          build the PDF\n"
	"      --epub         build the EPUB\n"
	"      --page-size S  set the PDF on 6x9in, a4 or letter pages (overrides book.yaml)\n"
	"      --one-sided    one-sided pages: no mirrored margins, chapters on any page\n"
	"      --report       print the layout report (overfull, loose and tight lines,\n"
	"                     hyphens, widows, orphans, stranded headings, split rows)\n"
	"      --timings      print the time each phase took, on stderr\n"
	"  -j, --jobs N       use up to N threads (default: the number of processors);\n"
	"                     the outputs are the same bytes whatever N is\n"
	"  -h, --help         show this help\n"
	"  -V, --version      show the version\n"
	"\n"
	"Environment: SOURCE_DATE_EPOCH fixes the dates written into the outputs.\n"
	"Exit status: 0 built, 1 the book has errors, 2 usage error.\n";

typedef struct {
	const char *book_dir;
	const char *out_dir;
	const char *page_size; /* NULL: as book.yaml says */
	bool check;            /* 'octavo check': every check, no output written */
	bool timings;          /* print the time of each phase */
	bool one_sided;
	bool report;
	bool pdf, epub;
	long jobs;             /* threads: 1 = everything on the calling thread */
} options;

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "octavo: error: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'octavo --help'.\n");
	return 2;
}

/* SOURCE_DATE_EPOCH (reproducible-builds.org/specs/source-date-epoch/):
 * a decimal count of seconds; anything else is an error. */
static int build_time(ov_diag *d, int64_t *out)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	if (!s || !*s) {
		*out = (int64_t)time(NULL);
		return 0;
	}
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || *end || v < 0 || v > 253402300799LL) {
		ov_diag_error(d, (ov_pos){0, 0, 0},
		              "SOURCE_DATE_EPOCH must be a number of seconds since 1970, not '%s'", s);
		return -1;
	}
	*out = v;
	return 0;
}

/* Signals. SIGINT, SIGTERM and SIGHUP end the build at once, as they
 * should, but first remove the run's temporary files; the outputs already
 * in place are the last good ones and stay. While both books are being put
 * in place (a few renames), a signal waits for them, so that it never
 * leaves one book new and the other old. The exit status is the
 * conventional one: the handler restores the default action and raises
 * the signal again. */
static volatile sig_atomic_t committing, pending_signal;

static void on_signal(int sig)
{
	if (committing) {
		pending_signal = sig;
		return;
	}
	ov_stop_temp_files();
	ov_remove_temp_files();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void catch_signals(void)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
	for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
		struct sigaction sa, old;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_signal;
		sigemptyset(&sa.sa_mask);
		/* a signal ignored by whoever started us (nohup) stays ignored */
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
}

/* The output files. Each book goes to a temporary file as soon as it is
 * made (the EPUB on its own thread, while the PDF is still being made), and
 * at the end all are put in place together, or, after any error, none:
 * the previous outputs stay as they were. */
typedef struct {
	char *dir;
	char *path[2]; /* the PDF, the EPUB */
	char *tmp[2];  /* written, not yet in place */
	int err[2];    /* errno of a failed write */
	int dir_err[2];/* errno of a failed mkdir */
} outputs;

static void outputs_init(outputs *w, const options *o, const ov_doc *doc)
{
	memset(w, 0, sizeof *w);
	w->dir = o->out_dir ? ov_xstrdup(o->out_dir) : ov_path_join(o->book_dir, "out");
	char *base = ov_path_join(w->dir, doc->meta.output);
	size_t bl = strlen(base) + 8;
	static const char *const ext[2] = {"pdf", "epub"};
	for (int i = 0; i < 2; i++) {
		w->path[i] = ov_xmalloc(bl);
		snprintf(w->path[i], bl, "%s.%s", base, ext[i]);
	}
	free(base);
}

/* Writes book i (0 PDF, 1 EPUB) to its temporary file; any thread, one
 * book per thread (errors are kept for outputs_finish to report). */
static void outputs_write(outputs *w, int i, const unsigned char *data, size_t len)
{
	/* -o new/folder: the folders it names are made, all levels */
	if (ov_mkdir_p(w->dir) != 0) {
		w->dir_err[i] = errno;
		return;
	}
	if (ov_write_file_begin(w->path[i], data, len, &w->tmp[i]) != 0)
		w->err[i] = errno;
}

/* Puts the written files in place when commit is true and every write
 * succeeded, else removes them; reports what failed. */
static void outputs_finish(outputs *w, ov_diag *diag, bool commit)
{
	int dir_err = w->dir_err[0] ? w->dir_err[0] : w->dir_err[1];
	if (dir_err) {
		ov_diag_error(diag, (ov_pos){0, 0, 0}, "cannot create the output folder '%s': %s", w->dir,
		              strerror(dir_err));
		commit = false;
	}
	for (int i = 0; i < 2; i++)
		if (w->err[i]) {
			ov_diag_error(diag, (ov_pos){0, 0, 0}, "cannot write '%s': %s", w->path[i],
			              w->err[i] == ENOSPC ? "the disk is full" : strerror(w->err[i]));
			commit = false;
		}
	if (!commit) {
		for (int i = 0; i < 2; i++) {
			ov_write_file_abort(w->tmp[i]);
			w->tmp[i] = NULL;
		}
	} else {
		/* both in place, or neither; a signal that arrives meanwhile
		 * waits until they are (on_signal) */
		size_t failed;
		committing = 1;
		if (ov_write_files_commit(w->tmp, (const char *const *)w->path, 2, &failed) != 0)
			ov_diag_error(diag, (ov_pos){0, 0, 0}, "cannot write '%s': %s; no output was replaced",
			              w->path[failed], ov_file_error(errno));
		committing = 0;
		if (pending_signal)
			on_signal(pending_signal);
	}
	free(w->dir);
	free(w->path[0]);
	free(w->path[1]);
}

static double seconds_since(const struct timespec *t0);

/* Writes book i (outputs_write) when the build is writing and the sink
 * has no errors so far; returns the seconds it took. */
static double write_book(outputs *w, int i, bool writing, const ov_diag *diag, const unsigned char *data,
                         size_t len)
{
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (writing && data && !ov_diag_errors(diag))
		outputs_write(w, i, data, len);
	return seconds_since(&t0);
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* The EPUB is written on its own thread while the PDF is laid out: both
 * only read the document. The thread reports to a sink of its own (the
 * main one is not thread-safe), appended to the build's after the PDF's
 * messages, so the order is the same as in a one-thread run. */
typedef struct {
	ov_doc doc; /* a shallow copy of the build's document, reporting to diag */
	ov_diag diag;
	unsigned char *epub;
	size_t len;
	double seconds;
	pthread_t thread;
	bool running; /* the thread was started (else the EPUB is made after the PDF) */
	outputs *out; /* when not NULL, the EPUB is written there if it has no errors */
	/* started early (see cmd_build), the thread makes the documents and
	 * font subsets, then waits for may_zip before compressing */
	pthread_mutex_t lock;
	pthread_cond_t free_core;
	bool may_zip;
	/* the PDF's page list (doc/printpages.h), for the EPUB's page-break
	 * markers: ready once the layout has ended (make_pdf), which the
	 * EPUB waits for when its documents are made */
	ov_print_pages pages;
	pthread_cond_t pages_cond;
	bool pages_ready;
} epub_job;

static const ov_print_pages *wait_pages(void *arg)
{
	epub_job *j = arg;
	pthread_mutex_lock(&j->lock);
	while (!j->pages_ready)
		pthread_cond_wait(&j->pages_cond, &j->lock);
	pthread_mutex_unlock(&j->lock);
	return &j->pages;
}

static void pages_ready(void *arg)
{
	epub_job *j = arg;
	pthread_mutex_lock(&j->lock);
	j->pages_ready = true;
	pthread_cond_signal(&j->pages_cond);
	pthread_mutex_unlock(&j->lock);
}

static const ov_print_pages *given_pages(void *arg) { return arg; }

static void wait_for_core(void *arg)
{
	epub_job *j = arg;
	pthread_mutex_lock(&j->lock);
	while (!j->may_zip)
		pthread_cond_wait(&j->free_core, &j->lock);
	pthread_mutex_unlock(&j->lock);
}

static void *epub_thread(void *arg)
{
	epub_job *j = arg;
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ov_epub_build_paged(&j->doc, &j->epub, &j->len, wait_for_core, j, wait_pages, j);
	if (j->out)
		write_book(j->out, 1, true, &j->diag, j->epub, j->len);
	j->seconds = seconds_since(&t0);
	return NULL;
}

/* Once book.yaml is read, the typesetting stage starts loading the fonts
 * and hyphenation patterns on threads of their own while the chapters are
 * parsed. */
typedef struct {
	const options *o;
	ov_typeset *ts;
} prep_ctx;

static void start_prepare(void *ctx, ov_doc *doc)
{
	prep_ctx *pc = ctx;
	if (pc->o->pdf)
		pc->ts = ov_typeset_load(&doc->meta, ov_diag_file(doc->diag, "book.yaml"), pc->o->jobs > 1);
}

/* What making the PDF gives. */
typedef struct {
	unsigned char *pdf;      /* malloc'ed, NULL after errors */
	size_t len;
	char *report;            /* the layout report with --report (malloc'ed), else NULL */
	double layout_s;         /* loading the fonts (or waiting for them), laying out, and
	                            drawing and compressing the chapters' pages (done as each
	                            chapter is laid out) */
	double render_s;         /* the rest: fonts, front matter, folios, links, outline and
	                            saving with libharu */
	ov_pdf_cleanup *cleanup; /* the thread that frees the writer, or NULL */
} pdf_result;

/* Typesets the book with the PDF writer's sink, then finishes the PDF.
 * idle(idle_ctx) is called once, as soon as a core is free (typeset.h).
 * With pages (NULL: none), where the pages begin is put there as soon as
 * the layout ends (empty when it failed), and then ready(ready_ctx) is
 * called when it is not NULL.
 * With several jobs the writer is freed on a thread of its own, while the
 * files are written (r->cleanup). */
static void make_pdf(ov_doc *doc, ov_typeset *ts, const options *o, ov_idle_fn idle, void *idle_ctx,
                     pdf_result *r, ov_print_pages *pages, void (*ready)(void *), void *ready_ctx)
{
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ov_pdf_writer *w = ov_pdf_writer_new(doc, ts);
	ov_page_sink sink = {0};
	ov_pdf_writer_sink(w, &sink);
	sink.idle = idle;
	sink.idle_ctx = idle_ctx;
	ov_layout *L = ov_typeset_run(ts, doc, (int)o->jobs, &sink);
	if (pages)
		ov_layout_print_pages(L, doc, pages);
	if (ready)
		ready(ready_ctx);
	r->layout_s = seconds_since(&t0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (L && o->report)
		r->report = ov_layout_report(L);
	ov_pdf_writer_finish(w, L, &r->pdf, &r->len);
	r->render_s = seconds_since(&t0);
	if (o->jobs > 1)
		r->cleanup = ov_pdf_writer_free_later(w);
	else
		ov_pdf_writer_free(w);
}

/* Called when a core is free for the EPUB: when the first of the PDF's
 * layout threads runs out of chapters, so that the EPUB runs beside the
 * last chapters and the PDF's serial rest instead of taking a core from the
 * layout. Starts the EPUB thread, or lets one started early compress. */
static void start_epub(void *ctx)
{
	epub_job *j = ctx;
	pthread_mutex_lock(&j->lock);
	j->may_zip = true;
	pthread_cond_signal(&j->free_core);
	pthread_mutex_unlock(&j->lock);
	if (!j->running)
		j->running = pthread_create(&j->thread, NULL, epub_thread, j) == 0;
}

/* The default output folder, BOOK_DIR/out, must lie inside the book
 * folder once links are followed: a book from elsewhere may hold an 'out'
 * that is a symbolic link to a folder of its author's choosing, and a
 * build would then replace files there. Written elsewhere only when asked
 * with -o. A folder not made yet is made inside the book. */
static void check_default_output(const char *book_dir, ov_diag *diag)
{
	char *out = ov_path_join(book_dir, "out");
	struct stat st;
	if (lstat(out, &st) == 0 && !ov_path_inside(book_dir, out))
		ov_diag_error(diag, (ov_pos){0, 0, 0},
		              "the output folder '%s' leads outside the book folder (a symbolic link); "
		              "to write there, pass it with -o",
		              out);
	free(out);
}

static int cmd_build(const options *o)
{
	/* the time zone is read once here, before any thread: libzip's
	 * mktime on the EPUB thread and libharu's date on this one would
	 * otherwise both make glibc read it first */
	tzset();
#ifdef M_ARENA_MAX
	/* a malloc arena per layout thread and two more, for the threads
	 * that load the fonts and the hyphenation patterns while the chapters
	 * are parsed (and later the EPUB's): glibc's default (eight per core)
	 * keeps memory one thread freed from the others (a 1,000-page book
	 * peaked at 61 MB instead of 58 MB), fewer arenas make threads wait
	 * for each other's malloc (one arena for all: the layout threads;
	 * -j arenas: the patterns loaded at 28 ms instead of 20 on 10
	 * chapters; bench/README.md) */
	mallopt(M_ARENA_MAX, (int)o->jobs + 2);
#endif
	if (!o->check)
		catch_signals();
	struct timespec start, phase;
	clock_gettime(CLOCK_MONOTONIC, &start);
	double t_load = 0, t_passes = 0, t_epub = 0, t_write = 0;
	pdf_result pr;
	memset(&pr, 0, sizeof pr);
	prep_ctx pc = {o, NULL};
	ov_diag diag;
	ov_diag_init(&diag);
	ov_doc doc;
	ov_doc_init(&doc, &diag);
	int rc = 1;

	if (!ov_is_dir(o->book_dir)) {
		ov_diag_error(&diag, (ov_pos){0, 0, 0}, "book folder '%s' not found", o->book_dir);
		goto out;
	}
	if (!o->out_dir)
		check_default_output(o->book_dir, &diag);
	if (build_time(&diag, &doc.build_time) != 0)
		goto out;
	phase = start;
	if (ov_book_load_with(&doc, o->book_dir, start_prepare, &pc, (int)o->jobs) != 0)
		goto out;
	t_load = seconds_since(&phase);
	/* the size's margins, body size and leading as the book's theme has them */
	if (o->page_size && ov_theme_page(&doc.meta.theme, o->page_size, &doc.meta.page) != 0)
		ov_diag_error(&diag, (ov_pos){0, 0, 0}, "unknown page size '%s' (use 6x9in, a4 or letter)",
		              o->page_size);
	if (o->one_sided)
		doc.meta.page.two_sided = false;
	clock_gettime(CLOCK_MONOTONIC, &phase);
	doc.jobs = (int)o->jobs;
	ov_doc_resolve(&doc, o->book_dir);
	t_passes = seconds_since(&phase);

	/* Both books are made in memory first, even after errors, so that the
	 * writers' own checks (image decoding, fonts) report in the same run;
	 * an error anywhere leaves every previous output as it was, and
	 * 'check' stops here. */
	unsigned char *epub = NULL;
	size_t epub_len = 0;
	if (o->pdf && !pc.ts) /* start_prepare made it, unless it never ran */
		pc.ts = ov_typeset_load(&doc.meta, ov_diag_file(&diag, "book.yaml"), false);
	outputs w;
	outputs_init(&w, o, &doc);
	/* a book with errors already is not written at all */
	bool writing = !o->check && !ov_diag_errors(&diag);
	epub_job job;
	memset(&job, 0, sizeof job);
	ov_print_pages pages; /* the page list when the EPUB is made after the PDF */
	memset(&pages, 0, sizeof pages);
	bool epub_threaded = false;
	if (o->epub && o->pdf && o->jobs > 1) {
		job.doc = doc;
		ov_diag_init(&job.diag);
		job.doc.diag = &job.diag;
		job.out = writing ? &w : NULL;
		pthread_mutex_init(&job.lock, NULL);
		pthread_cond_init(&job.free_core, NULL);
		pthread_cond_init(&job.pages_cond, NULL);
		/* while the layout would wait for the fonts and patterns (a short
		 * book: the patterns take longer than the parsing), a core is idle:
		 * the EPUB makes its documents and font subsets there and keeps
		 * its compressing for when a layout thread is done (10 chapters:
		 * median 101 -> 96 ms) */
		if (!ov_typeset_ready(pc.ts))
			job.running = pthread_create(&job.thread, NULL, epub_thread, &job) == 0;
		/* calls start_epub once, pages_ready once */
		make_pdf(&doc, pc.ts, o, start_epub, &job, &pr, &job.pages, pages_ready, &job);
		t_write = write_book(&w, 0, writing, &diag, pr.pdf, pr.len);
		epub_threaded = job.running;
		if (epub_threaded) {
			pthread_join(job.thread, NULL);
			epub = job.epub;
			epub_len = job.len;
			t_epub = job.seconds;
		}
		ov_diag_append(&diag, &job.diag);
		ov_diag_dispose(&job.diag);
		pthread_mutex_destroy(&job.lock);
		pthread_cond_destroy(&job.free_core);
		pthread_cond_destroy(&job.pages_cond);
		pages = job.pages; /* for the EPUB made below when its thread did not start */
	} else if (o->pdf) {
		make_pdf(&doc, pc.ts, o, NULL, NULL, &pr, o->epub ? &pages : NULL, NULL, NULL);
		t_write = write_book(&w, 0, writing, &diag, pr.pdf, pr.len);
	}
	if (o->epub && !epub_threaded) {
		clock_gettime(CLOCK_MONOTONIC, &phase);
		ov_epub_build_paged(&doc, &epub, &epub_len, NULL, NULL, o->pdf ? given_pages : NULL, &pages);
		t_epub = seconds_since(&phase) + write_book(&w, 1, writing, &diag, epub, epub_len);
	}
	if (pr.report)
		fputs(pr.report, stdout);
	free(pr.report);
	clock_gettime(CLOCK_MONOTONIC, &phase);
	outputs_finish(&w, &diag, writing && !ov_diag_errors(&diag));
	t_write += seconds_since(&phase);
	free(pr.pdf);
	free(epub);
	free(pages.v);
	rc = ov_diag_errors(&diag) ? 1 : 0;
out:
	ov_typeset_free(pc.ts); /* waits for loading still running when the build stopped early */
	ov_diag_print(&diag, stderr);
	if (o->timings)
		fprintf(stderr,
		        "timings: read and parse %.3f s, passes %.3f s, layout %.3f s, PDF write %.3f s, "
		        "EPUB write %.3f s, files %.3f s, total %.3f s\n",
		        t_load, t_passes, pr.layout_s, pr.render_s, t_epub, t_write, seconds_since(&start));
	ov_pdf_cleanup_wait(pr.cleanup);
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);
	return rc;
}

/* 'octavo init [DIR]': the folder read as a build without book.yaml
 * reads it, written down as a commented book.yaml (ov_manifest_init_text).
 * An existing book.yaml is never replaced. Exit status 0, or 1. */
static int cmd_init(const char *dir)
{
	if (!ov_is_dir(dir)) {
		fprintf(stderr, "octavo: error: folder '%s' not found\n", dir);
		return 1;
	}
	char *path = ov_path_join(dir, "book.yaml");
	struct stat st;
	if (lstat(path, &st) == 0) {
		fprintf(stderr, "octavo: error: '%s' exists already; init never overwrites it\n", path);
		free(path);
		return 1;
	}
	ov_diag diag;
	ov_diag_init(&diag);
	ov_doc doc;
	ov_doc_init(&doc, &diag);
	int rc = 1;
	if (ov_book_load(&doc, dir) == 0 && doc.root->first) {
		ov_buf b = OV_BUF_INIT;
		ov_manifest_init_text(&doc, &b);
		size_t n = 0;
		for (const ov_node *ch = doc.root->first; ch; ch = ch->next)
			n++;
		if (ov_write_file_atomic(path, b.ptr, b.len) != 0) {
			fprintf(stderr, "octavo: error: cannot write '%s': %s\n", path, ov_file_error(errno));
		} else {
			printf("wrote %s: '%s', %zu %s%s\n", path, doc.meta.title, n, n == 1 ? "chapter" : "chapters",
			       strncmp(doc.meta.assumed ? doc.meta.assumed : "", "the chapters of ", 16) == 0
			           ? " from its summary"
			           : "");
			rc = 0;
		}
		ov_buf_dispose(&b);
	} else {
		/* why there is no book to describe */
		ov_diag_print(&diag, stderr);
	}
	ov_doc_dispose(&doc);
	ov_diag_dispose(&diag);
	free(path);
	return rc;
}

/* glibc's malloc settings for a build, which can only be given in the
 * environment before the program starts (GLIBC_TUNABLES): so a build sets
 * them and runs itself again, once. A build touches some 90 MB that were
 * never touched before, and in a virtual machine each of its 4 KB pages
 * costs a fault that leaves the guest; with transparent huge pages for
 * malloc's heaps (glibc.malloc.hugetlb=1, "madvise" mode: the kernel's
 * default) and freed memory kept for reuse rather than given back and
 * faulted in again (trim and mmap thresholds), the 100-chapter book took
 * 7,200 faults instead of 22,300 and 0.33 s instead of 0.50 s, at 75 MB
 * instead of 64 MB (bench/README.md). Not done when the variable names
 * hugetlb already (the run after the new start, or a user's own choice),
 * under Valgrind (which would not follow the new start) nor in a
 * sanitizer build (its own allocator); when the new start fails the
 * build goes on as it is. */
static void tune_malloc(char **argv)
{
#if defined(__GLIBC__) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
	const char *have = getenv("GLIBC_TUNABLES");
	const char *preload = getenv("LD_PRELOAD");
	/* OCTAVO_MALLOC_TUNED: started again already, even if glibc dropped
	 * the tunables (a secure-mode start), so that it happens only once */
	if (getenv("OCTAVO_MALLOC_TUNED") || (have && strstr(have, "glibc.malloc.hugetlb")) ||
	    (preload && strstr(preload, "vgpreload")))
		return;
	static const char ours[] =
		"glibc.malloc.hugetlb=1:glibc.malloc.trim_threshold=268435456:glibc.malloc.mmap_threshold=33554432";
	char *v = ov_xmalloc((have ? strlen(have) + 1 : 0) + sizeof ours);
	sprintf(v, "%s%s%s", have ? have : "", have ? ":" : "", ours);
	if (setenv("OCTAVO_MALLOC_TUNED", "1", 1) == 0 && setenv("GLIBC_TUNABLES", v, 1) == 0)
		execv("/proc/self/exe", argv);
	free(v);
#else
	(void)argv;
#endif
}

int main(int argc, char **argv)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	options o = {".", NULL, NULL, false, false, false, false, false, false, ncpu > 0 ? ncpu : 1};
	if (argc < 2)
		return usage_error("%s", "no command given");
	const char *cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0) {
		fputs(usage_text, stdout);
		return 0;
	}
	if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
		printf("octavo %s\n", OV_VERSION);
		return 0;
	}
	if (strcmp(cmd, "init") == 0) {
		if (argc > 3)
			return usage_error("unexpected argument '%s' (init takes one folder)", argv[3]);
		if (argc == 3 && argv[2][0] == '-')
			return usage_error("unknown option '%s'", argv[2]);
		return cmd_init(argc == 3 ? argv[2] : ".");
	}
	if (strcmp(cmd, "check") == 0)
		o.check = true;
	else if (strcmp(cmd, "build") != 0)
		return usage_error("unknown command '%s'", cmd);
	tune_malloc(argv);
	bool have_dir = false;
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
			if (++i >= argc)
				return usage_error("'%s' needs a folder", a);
			o.out_dir = argv[i];
		} else if (strncmp(a, "--output=", 9) == 0) {
			o.out_dir = a + 9;
		} else if (strcmp(a, "--page-size") == 0) {
			if (++i >= argc)
				return usage_error("'%s' needs a size: 6x9in, a4 or letter", a);
			o.page_size = argv[i];
		} else if (strncmp(a, "--page-size=", 12) == 0) {
			o.page_size = a + 12;
		} else if (strcmp(a, "--one-sided") == 0) {
			o.one_sided = true;
		} else if (strcmp(a, "--report") == 0) {
			o.report = true;
		} else if (strcmp(a, "--timings") == 0) {
			o.timings = true;
		} else if (strncmp(a, "-j", 2) == 0 || strcmp(a, "--jobs") == 0 || strncmp(a, "--jobs=", 7) == 0) {
			/* -j N, -jN, --jobs N, --jobs=N */
			const char *v = a[1] == 'j' && a[2] ? a + 2 : a[1] == '-' && a[6] == '=' ? a + 7 : NULL;
			if (!v && ++i < argc)
				v = argv[i];
			if (!v)
				return usage_error("'%s' needs a number of threads", a);
			char *end;
			errno = 0;
			long n = strtol(v, &end, 10);
			if (errno || *end || end == v || n < 1 || n > 1024)
				return usage_error("the number of threads must be 1 to 1024, not '%s'", v);
			o.jobs = n;
		} else if (strcmp(a, "--pdf") == 0) {
			o.pdf = true;
		} else if (strcmp(a, "--epub") == 0) {
			o.epub = true;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			fputs(usage_text, stdout);
			return 0;
		} else if (a[0] == '-' && a[1]) {
			return usage_error("unknown option '%s'", a);
		} else if (!have_dir) {
			o.book_dir = a;
			have_dir = true;
		} else {
			return usage_error("unexpected argument '%s' (one book folder at a time)", a);
		}
	}
	if (!o.pdf && !o.epub)
		o.pdf = o.epub = true;
	return cmd_build(&o);
}
