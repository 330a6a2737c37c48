/*
 * fsio.h - every file the build reads or writes goes through here, so that
 * tests can see one place for I/O and outputs are always atomic.
 */
#ifndef OV_FSIO_H
#define OV_FSIO_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>

/* Largest input file read into memory (chapters, images, fonts): 64 MiB. */
#define OV_MAX_FILE_SIZE (64u * 1024u * 1024u)

/* errno of ov_read_file for a path that is neither a regular file nor a
 * folder: a named pipe, socket or device. */
#define OV_ENOTREG ENODEV

/* Reads the regular file at path into a malloc'ed, NUL-terminated buffer
 * (*out, *len excludes the NUL). Anything else is refused without
 * blocking: the file is opened non-blocking and checked with fstat on the
 * open descriptor. Returns 0, or -1 with errno set (EFBIG when the file
 * exceeds OV_MAX_FILE_SIZE, EISDIR for a folder, OV_ENOTREG for a named
 * pipe, socket or device). The caller frees *out. */
int ov_read_file(const char *path, char **out, size_t *len);

/* What an errno of ov_read_file means, for a message ("it is a folder",
 * "it is not a regular file (...)", else strerror's text). Static. */
const char *ov_file_error(int err);

/* Writes data to path atomically: a temporary file in the same folder is
 * written, flushed and renamed over path. On failure nothing at path
 * changes, no temporary file remains, and -1 is returned with errno set. */
int ov_write_file_atomic(const char *path, const void *data, size_t len);

/* The two halves of ov_write_file_atomic, so that several files can be
 * written while other work goes on and then all be put in place, or none:
 * ov_write_file_begin writes data to a new temporary file next to path,
 * flushed to disk, and returns its malloc'ed name in *tmp (0), or -1 with
 * errno set and nothing left behind. ov_write_file_commit renames *tmp to
 * path (0, or -1 with errno, the temporary file removed);
 * ov_write_file_abort removes it (NULL: nothing to do). Both free tmp. */
int ov_write_file_begin(const char *path, const void *data, size_t len, char **tmp);
int ov_write_file_commit(char *tmp, const char *path);
void ov_write_file_abort(char *tmp);

/* Puts n written files in place together, or none: tmp[i] (from
 * ov_write_file_begin; NULL entries are skipped) is renamed to path[i].
 * First every destination is checked (a folder cannot be replaced), then
 * each file about to be replaced gets a hard link so that it can be put
 * back, then the renames run in order; when one fails, the files already
 * renamed are taken back (the previous file restored, or a new one
 * removed). A destination that is a symbolic link is replaced by the file,
 * never written through. Returns 0, or -1 with errno set and *failed the
 * index of the file that could not go in place; either way every tmp[i]
 * is consumed (freed, set to NULL) and no temporary file remains. */
int ov_write_files_commit(char **tmp, const char *const *path, size_t n, size_t *failed);

/* Removes every temporary file that ov_write_file_begin made and that is
 * not yet renamed or removed (and the links kept while files are put in
 * place). Async-signal-safe: for a handler of SIGINT, SIGTERM or SIGHUP.
 * Up to 8 files at once with names shorter than 4096 bytes are known. */
void ov_remove_temp_files(void);

/* From now on ov_write_file_begin makes no temporary file (it fails with
 * EINTR): for a handler that ends the process, before
 * ov_remove_temp_files, so that no thread makes a file after the removal.
 * Async-signal-safe. */
void ov_stop_temp_files(void);

/* True when path, resolved through symbolic links, lies inside dir (or
 * is dir); false when either cannot be resolved. */
bool ov_path_inside(const char *dir, const char *path);

bool ov_is_file(const char *path);
bool ov_is_dir(const char *path);

/* Makes folder path and every missing folder above it ("mkdir -p"), each
 * with mode 0777 less the umask. Returns 0 when path is a folder at the
 * end (made now, by another thread meanwhile, or there before), else -1
 * with errno set (ENOTDIR: a file stands where a folder must be). */
int ov_mkdir_p(const char *path);

/* "dir/name" (or name alone when dir is "" or name is absolute); malloc'ed. */
char *ov_path_join(const char *dir, const char *name);

/* Percent-decodes s[0..len) (RFC 3986 §2.1), as links and image paths
 * written for the web are, into a malloc'ed string; NULL when it decodes
 * to a NUL byte (no path may hold one). A '%' not followed by two
 * hexadecimal digits stays as it is. */
char *ov_percent_decode(const char *s, size_t len);

/* The names in dir that end in suffix, sorted bytewise (strcmp), as a
 * malloc'ed array of malloc'ed strings; *count receives the length.
 * Returns -1 with errno set when dir cannot be read. Free with
 * ov_free_names. */
int ov_list_dir(const char *dir, const char *suffix, char ***out, size_t *count);
void ov_free_names(char **names, size_t count);

/* Normalises a relative path in place ("a/./b/../c" -> "a/c"). Returns
 * false when it is absolute or climbs above its start. */
bool ov_path_normalize(char *path);

enum { OV_PATH_OK = 0, OV_PATH_OUTSIDE = -1, OV_PATH_MISSING = -2 };

/* Resolves rel (as written in the book) against dir, refusing any path
 * that leaves dir: absolute, climbing with "..", or through a symbolic
 * link that points outside. Returns OV_PATH_OK with the path in *out,
 * OV_PATH_MISSING (with *out set, for the message) when nothing is there,
 * or OV_PATH_OUTSIDE. The caller frees *out. */
int ov_path_confine(const char *dir, const char *rel, char **out);

#endif
