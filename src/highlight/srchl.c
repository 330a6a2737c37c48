/*
 * srchl.c - the C side of srchl.h: opens the highlighting module
 * (octavo-srchl.so, from srchl.cpp) once, on the first ov_srchl_new, and
 * forwards every call to its table (srchlmod.h).
 *
 * The module is found like the fonts: the build tree's for a build-tree
 * binary (the path CMake gave, when that file exists), else the installed
 * one under LIBDIR/octavo. It is opened RTLD_LOCAL, so the C++ symbols of
 * source-highlight, Boost and libstdc++ stay out of the process's
 * namespace, and never closed (the C++ runtime's static objects must live
 * until exit).
 */
#include "highlight/srchlmod.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static const ov_srchl_table *table;
static char why[512];

static const char *module_path(void)
{
	if (access(OV_SRCHL_MODULE_BUILD, R_OK) == 0)
		return OV_SRCHL_MODULE_BUILD;
	return OV_SRCHL_MODULE_INSTALL;
}

static void load(void)
{
	const char *path = module_path();
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		const char *e = dlerror();
		/* dlerror names the file */
		snprintf(why, sizeof why, "%s", e ? e : path);
		return;
	}
	const ov_srchl_table *t = dlsym(h, OV_SRCHL_ENTRY);
	if (!t) {
		snprintf(why, sizeof why, "%s has no %s", path, OV_SRCHL_ENTRY);
		return;
	}
	if (t->abi != OV_SRCHL_ABI) {
		snprintf(why, sizeof why, "%s is of another version (table %d, octavo wants %d)", path, t->abi,
		         OV_SRCHL_ABI);
		return;
	}
	table = t;
}

ov_srchl *ov_srchl_new(void)
{
	pthread_once(&once, load);
	return table ? table->create() : NULL;
}

void ov_srchl_free(ov_srchl *h)
{
	if (h && table)
		table->destroy(h);
}

const char *ov_srchl_why(void)
{
	return why[0] ? why : NULL;
}

const char *ov_srchl_data_dir(ov_srchl *h)
{
	return table->data_dir(h);
}

int ov_srchl_run(ov_srchl *h, const char *dir, const char *file, const char *text, size_t len, ov_srchl_emit emit,
                 void *ctx, char *err, size_t errlen)
{
	return table->run(h, dir, file, text, len, emit, ctx, err, errlen);
}
