/* fsio.c - file reading, atomic writing, folder listing (see fsio.h). */
/* realpath() is an XSI interface */
#define _XOPEN_SOURCE 700
#include "fsio.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "utf8.h"

int ov_read_file(const char *path, char **out, size_t *len)
{
	*out = NULL;
	*len = 0;
	/* O_NONBLOCK: opening a named pipe for reading waits for a writer,
	 * forever when there is none; non-blocking, the open returns at once
	 * and fstat below refuses it. It changes nothing for regular files
	 * (POSIX open(), "O_NONBLOCK"). O_NOCTTY: a terminal device named as a
	 * chapter must not become the controlling terminal. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return -1;
	struct stat st;
	if (fstat(fd, &st) != 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		/* checked on the open descriptor, not with stat() before open(),
		 * so that nothing can be swapped in between */
		close(fd);
		errno = S_ISDIR(st.st_mode) ? EISDIR : OV_ENOTREG;
		return -1;
	}
	if (st.st_size > (off_t)OV_MAX_FILE_SIZE) {
		close(fd);
		errno = EFBIG;
		return -1;
	}
	/* the size may change while the file is read: the loop grows the
	 * buffer, up to the same limit */
	size_t cap = (size_t)st.st_size;
	char *buf = ov_xmalloc(cap + 1);
	size_t n = 0;
	for (;;) {
		if (n == cap) {
			if (cap >= OV_MAX_FILE_SIZE) {
				free(buf);
				close(fd);
				errno = EFBIG;
				return -1;
			}
			cap = cap ? cap * 2 : 4096;
			buf = ov_xrealloc(buf, cap + 1);
		}
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			int e = errno;
			free(buf);
			close(fd);
			errno = e;
			return -1;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	buf[n] = '\0';
	*out = buf;
	*len = n;
	return 0;
}

const char *ov_file_error(int err)
{
	switch (err) {
	case EISDIR:
		return "it is a folder";
	case OV_ENOTREG:
		return "it is not a regular file (a named pipe, socket or device)";
	case EFBIG:
		return "it is larger than the limit of 64 MiB";
	case ENOENT:
		return "no such file";
	default:
		return strerror(err);
	}
}

/* The temporary files of the run, kept where a signal handler can remove
 * them (ov_remove_temp_files): fixed buffers and lock-free atomic states,
 * because a handler may call nothing else (POSIX.1-2017 §2.4.3, the
 * async-signal-safe functions: unlink is one; malloc and free are not). A
 * slot is claimed (1), named (2: live), and freed (0) only after its file
 * has been renamed or removed, so a signal in between finds a name that is
 * no longer there, which is harmless. */
enum { TEMP_SLOTS = 8, TEMP_NAME_MAX = 4096 };
static char temp_name[TEMP_SLOTS][TEMP_NAME_MAX];
static atomic_int temp_state[TEMP_SLOTS];
/* A file being made on one thread while a handler removes the files on
 * another (the PDF and the EPUB are written on two threads): temp_making
 * counts the threads inside mkstemp, which the removal waits for, and
 * after ov_stop_temp_files no file is made at all; the maker blocks the
 * signals meanwhile, so the handler never waits for its own thread. */
static atomic_int temp_making, temp_stopped;

/* Claims a slot and copies name into it; -1 when none is free or the
 * name is too long (the file is then simply not removed on a signal). */
static int temp_claim(const char *name)
{
	size_t l = strlen(name);
	if (l >= TEMP_NAME_MAX)
		return -1;
	for (int i = 0; i < TEMP_SLOTS; i++) {
		int free_state = 0;
		if (atomic_compare_exchange_strong(&temp_state[i], &free_state, 1)) {
			memcpy(temp_name[i], name, l + 1);
			return i;
		}
	}
	return -1;
}

static void temp_release(const char *name)
{
	for (int i = 0; i < TEMP_SLOTS; i++)
		if (atomic_load(&temp_state[i]) == 2 && strcmp(temp_name[i], name) == 0) {
			atomic_store(&temp_state[i], 0);
			return;
		}
}

void ov_stop_temp_files(void) { atomic_store(&temp_stopped, 1); }

void ov_remove_temp_files(void)
{
	while (atomic_load(&temp_making))
		; /* another thread is making its file: a moment */
	for (int i = 0; i < TEMP_SLOTS; i++)
		if (atomic_load(&temp_state[i]) == 2)
			unlink(temp_name[i]);
}

int ov_write_file_begin(const char *path, const void *data, size_t len, char **tmp_out)
{
	*tmp_out = NULL;
	size_t plen = strlen(path);
	char *tmp = ov_xmalloc(plen + 16);
	memcpy(tmp, path, plen);
	memcpy(tmp + plen, ".tmp.XXXXXX", 12);
	/* the slot is live before the file exists: mkstemp fills in the
	 * name in the slot's own buffer, so no moment passes in which the file
	 * exists and a signal would not remove it */
	sigset_t stop, old;
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &stop, &old);
	atomic_fetch_add(&temp_making, 1);
	int slot = -1, fd = -1;
	if (atomic_load(&temp_stopped)) {
		errno = EINTR; /* the build is ending on a signal */
	} else {
		slot = temp_claim(tmp);
		if (slot >= 0)
			atomic_store(&temp_state[slot], 2);
		fd = mkstemp(slot >= 0 ? temp_name[slot] : tmp);
		if (slot >= 0)
			memcpy(tmp, temp_name[slot], plen + 12);
	}
	int made_errno = errno;
	atomic_fetch_sub(&temp_making, 1);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	errno = made_errno;
	if (fd < 0) {
		int e = errno;
		if (slot >= 0)
			atomic_store(&temp_state[slot], 0);
		free(tmp);
		errno = e;
		return -1;
	}
	const char *p = data;
	size_t left = len;
	int e = 0;
	while (left) {
		ssize_t w = write(fd, p, left);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			e = errno;
			break;
		}
		p += w;
		left -= (size_t)w;
	}
	/* mkstemp makes the file 0600; outputs are ordinary readable files */
	if (!e && fchmod(fd, 0644) != 0)
		e = errno;
	if (!e && fsync(fd) != 0)
		e = errno;
	if (close(fd) != 0 && !e)
		e = errno;
	if (e) {
		unlink(tmp);
		temp_release(tmp);
		free(tmp);
		errno = e;
		return -1;
	}
	*tmp_out = tmp;
	return 0;
}

int ov_write_file_commit(char *tmp, const char *path)
{
	int rc = rename(tmp, path);
	int e = errno;
	if (rc != 0)
		unlink(tmp);
	temp_release(tmp);
	free(tmp);
	errno = e;
	return rc == 0 ? 0 : -1;
}

void ov_write_file_abort(char *tmp)
{
	if (!tmp)
		return;
	int e = errno;
	unlink(tmp);
	temp_release(tmp);
	free(tmp);
	errno = e;
}

int ov_write_files_commit(char **tmp, const char *const *path, size_t n, size_t *failed)
{
	*failed = 0;
	int e = 0;
	/* 1. every destination must take a rename: a folder never does
	 * (rename(2): EISDIR); anything else, a symbolic link included, is
	 * replaced itself, never written through */
	for (size_t i = 0; i < n && !e; i++) {
		struct stat st;
		if (tmp[i] && lstat(path[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			e = EISDIR;
			*failed = i;
		}
	}
	/* 2. a hard link to each file about to be replaced, so that it can be
	 * put back if a later rename fails; where the file system has no hard
	 * links, there is no way back, and the files go in place anyway */
	char **old = ov_xcalloc(n + 1, sizeof *old);
	for (size_t i = 0; i < n && !e; i++) {
		struct stat st;
		if (!tmp[i] || lstat(path[i], &st) != 0)
			continue;
		size_t tl = strlen(tmp[i]);
		old[i] = ov_xmalloc(tl + 5);
		memcpy(old[i], tmp[i], tl);
		memcpy(old[i] + tl, ".old", 5);
		int slot = temp_claim(old[i]);
		if (link(path[i], old[i]) != 0) {
			if (slot >= 0)
				atomic_store(&temp_state[slot], 0);
			free(old[i]);
			old[i] = NULL;
		} else if (slot >= 0) {
			atomic_store(&temp_state[slot], 2);
		}
	}
	/* 3. in place, one after the other; on a failure, the ones already in
	 * place are taken back */
	size_t done = 0;
	for (; done < n && !e; done++) {
		if (tmp[done] && rename(tmp[done], path[done]) != 0) {
			e = errno;
			*failed = done;
			break;
		}
	}
	if (e) {
		for (size_t j = 0; j < done; j++) {
			if (!tmp[j])
				continue;
			if (old[j])
				rename(old[j], path[j]);
			else
				unlink(path[j]);
		}
		for (size_t j = done; j < n; j++)
			if (tmp[j])
				unlink(tmp[j]);
	}
	for (size_t i = 0; i < n; i++) {
		if (old[i]) {
			unlink(old[i]); /* gone already when it was put back */
			temp_release(old[i]);
			free(old[i]);
		}
		if (tmp[i]) {
			temp_release(tmp[i]);
			free(tmp[i]);
			tmp[i] = NULL;
		}
	}
	free(old);
	errno = e;
	return e ? -1 : 0;
}

int ov_write_file_atomic(const char *path, const void *data, size_t len)
{
	char *tmp;
	if (ov_write_file_begin(path, data, len, &tmp) != 0)
		return -1;
	return ov_write_file_commit(tmp, path);
}

bool ov_is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

bool ov_is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int ov_mkdir_p(const char *path)
{
	if (ov_is_dir(path))
		return 0;
	char *p = ov_xstrdup(path);
	/* each folder above, from the top; a leading '/' is the root */
	for (char *s = p + 1; *s; s++) {
		if (*s != '/' || s[-1] == '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			int e = errno;
			free(p);
			errno = e;
			return -1;
		}
		*s = '/';
	}
	int rc = mkdir(p, 0777) != 0 && errno != EEXIST ? -1 : 0;
	int e = errno;
	free(p);
	if (rc == 0 && !ov_is_dir(path)) {
		e = ENOTDIR;
		rc = -1;
	}
	errno = e;
	return rc;
}

char *ov_percent_decode(const char *s, size_t len)
{
	char *out = ov_xmalloc(len + 1);
	size_t o = 0;
	for (size_t i = 0; i < len; i++) {
		int hi, lo;
		if (s[i] == '%' && i + 2 < len && (hi = ov_hex_value(s[i + 1])) >= 0 && (lo = ov_hex_value(s[i + 2])) >= 0) {
			out[o] = (char)(hi * 16 + lo);
			if (!out[o]) {
				free(out);
				return NULL;
			}
			o++;
			i += 2;
		} else {
			out[o++] = s[i];
		}
	}
	out[o] = '\0';
	return out;
}

char *ov_path_join(const char *dir, const char *name)
{
	if (!dir || !*dir || name[0] == '/')
		return ov_xstrdup(name);
	size_t dl = strlen(dir), nl = strlen(name);
	bool slash = dir[dl - 1] == '/';
	char *p = ov_xmalloc(dl + nl + 2);
	memcpy(p, dir, dl);
	if (!slash)
		p[dl++] = '/';
	memcpy(p + dl, name, nl + 1);
	return p;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int ov_list_dir(const char *dir, const char *suffix, char ***out, size_t *count)
{
	*out = NULL;
	*count = 0;
	DIR *dp = opendir(dir);
	if (!dp)
		return -1;
	size_t slen = strlen(suffix), n = 0, cap = 0;
	char **names = NULL;
	struct dirent *de;
	while ((de = readdir(dp)) != NULL) {
		size_t l = strlen(de->d_name);
		if (de->d_name[0] == '.' || l <= slen || strcmp(de->d_name + l - slen, suffix) != 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			names = ov_xrealloc(names, cap * sizeof *names);
		}
		names[n++] = ov_xstrdup(de->d_name);
	}
	closedir(dp);
	if (n)
		qsort(names, n, sizeof *names, cmp_names);
	*out = names;
	*count = n;
	return 0;
}

void ov_free_names(char **names, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(names[i]);
	free(names);
}

/* Normalises a relative path in place ("a/./b/../c" -> "a/c"). Returns
 * false when it is absolute or climbs above its start. */
bool ov_path_normalize(char *p)
{
	if (p[0] == '/')
		return false;
	size_t n = strlen(p);
	char *out = ov_xmalloc(n + 1);
	size_t o = 0;
	const char *s = p;
	bool ok = true;
	while (*s) {
		const char *e = strchr(s, '/');
		size_t l = e ? (size_t)(e - s) : strlen(s);
		if (l == 0 || (l == 1 && s[0] == '.')) {
			/* an empty or "." segment adds nothing */
		} else if (l == 2 && s[0] == '.' && s[1] == '.') {
			if (o == 0) {
				ok = false;
				break;
			}
			/* drop the last segment and its slash */
			o--;
			while (o > 0 && out[o - 1] != '/')
				o--;
		} else {
			memcpy(out + o, s, l);
			o += l;
			out[o++] = '/';
		}
		s += l;
		if (*s == '/')
			s++;
	}
	if (o > 0)
		o--; /* the trailing slash */
	out[o] = '\0';
	if (ok)
		memcpy(p, out, o + 1);
	free(out);
	return ok;
}

bool ov_path_inside(const char *dir, const char *path)
{
	char *rd = realpath(dir, NULL), *rp = realpath(path, NULL);
	bool ok = false;
	if (rd && rp) {
		size_t l = strlen(rd);
		ok = strncmp(rd, rp, l) == 0 && (rp[l] == '/' || rp[l] == '\0' || (l == 1 && rd[0] == '/'));
	}
	free(rd);
	free(rp);
	return ok;
}

int ov_path_confine(const char *dir, const char *rel, char **out)
{
	*out = NULL;
	if (!*rel || rel[0] == '/')
		return OV_PATH_OUTSIDE;
	char *norm = ov_xstrdup(rel);
	if (!ov_path_normalize(norm) || !*norm) {
		free(norm);
		return OV_PATH_OUTSIDE;
	}
	char *full = ov_path_join(dir, norm);
	free(norm);
	struct stat st;
	if (lstat(full, &st) != 0 && stat(full, &st) != 0) {
		*out = full;
		return OV_PATH_MISSING;
	}
	if (access(full, F_OK) != 0) {
		/* a dangling symbolic link */
		*out = full;
		return OV_PATH_MISSING;
	}
	if (!ov_path_inside(dir, full)) {
		free(full);
		return OV_PATH_OUTSIDE;
	}
	*out = full;
	return OV_PATH_OK;
}
