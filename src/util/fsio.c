/* fsio.c - file reading, atomic writing, folder listing (see fsio.h). */
/* realpath() is an XSI interface */
#define _XOPEN_SOURCE 700
#include "fsio.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"

int ov_read_file(const char *path, char **out, size_t *len)
{
	*out = NULL;
	*len = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct stat st;
	if (fstat(fd, &st) != 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		errno = EISDIR;
		return -1;
	}
	if (st.st_size > (off_t)OV_MAX_FILE_SIZE) {
		close(fd);
		errno = EFBIG;
		return -1;
	}
	size_t cap = S_ISREG(st.st_mode) ? (size_t)st.st_size : 4096;
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

int ov_write_file_begin(const char *path, const void *data, size_t len, char **tmp_out)
{
	*tmp_out = NULL;
	size_t plen = strlen(path);
	char *tmp = ov_xmalloc(plen + 16);
	memcpy(tmp, path, plen);
	memcpy(tmp + plen, ".tmp.XXXXXX", 12);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		int e = errno;
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
	free(tmp);
	errno = e;
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

/* True when path, resolved through symbolic links, lies inside dir. */
static bool inside(const char *dir, const char *path)
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
	if (!inside(dir, full)) {
		free(full);
		return OV_PATH_OUTSIDE;
	}
	*out = full;
	return OV_PATH_OK;
}
