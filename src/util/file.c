/* file.c - bounded whole-file reads and atomic writes; see util.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ccaudit/util.h"

/* What cca_file_read() allocates first when the size is not known. */
#define READ_FIRST_CAP 4096

/* The error of a file larger than max bytes. */
static int too_big(const char *path, size_t max, struct cca_error *err)
{
	return cca_error_set(err, CCA_ETOOBIG, "'%s' is larger than the limit of %zu bytes",
			     path, max);
}

/*
 * Read fd to its end into a new NUL-terminated buffer, starting with room
 * for cap bytes (a regular file's size + 1, so its end is seen without
 * growing).  A regular file of known size ends at a read that returns
 * less than asked (no second read to see 0); anything else ends at a read
 * that returns 0.  Never reads more than one byte past max (any max,
 * SIZE_MAX included).  Returns 0, or -1 with err set (CCA_ETOOBIG past
 * max, CCA_EIO when read fails).
 */
static int read_all(int fd, const char *path, size_t max, size_t cap, bool regular,
		    char **out, size_t *len, struct cca_error *err)
{
	/* The most room ever needed: max bytes and the one that is too many. */
	size_t lim = max < SIZE_MAX - 1 ? max + 1 : SIZE_MAX - 1;
	char *data;
	size_t n = 0;

	if (cap > lim)
		cap = lim;
	data = cca_xmalloc(cap + 1);
	for (;;) {
		ssize_t r;

		if (n == cap) {
			if (cap == lim) {
				free(data);
				return too_big(path, max, err);
			}
			cap = cap > lim / 2 ? lim : 2 * cap;
			data = cca_xreallocarray(data, cap + 1, 1);
		}
		r = read(fd, data + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;

			free(data);
			return cca_error_set(err, CCA_EIO, "cannot read '%s': %s", path,
					     strerror(e));
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > max) {
			free(data);
			return too_big(path, max, err);
		}
		if (regular && n < cap)
			break;
	}
	data[n] = '\0';
	*out = data;
	*len = n;
	return 0;
}

int cca_file_read(const char *path, size_t max, char **out, size_t *len,
		  struct cca_error *err)
{
	struct stat st;
	size_t cap = READ_FIRST_CAP;
	bool regular = false;
	int fd, rc;
	bool is_stdin = strcmp(path, "-") == 0;

	*out = NULL;
	*len = 0;
	fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return cca_error_set(err, CCA_EIO, "cannot read '%s': %s", path,
				     strerror(errno));
	if (fstat(fd, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			if (!is_stdin)
				close(fd);
			return cca_error_set(err, CCA_EIO, "cannot read '%s': %s", path,
					     strerror(EISDIR));
		}
		/* A regular file's size says at once whether it is too big,
		 * and how much room its bytes need (not for /proc's files:
		 * regular, but of size 0 and read in pieces). */
		regular = S_ISREG(st.st_mode) && st.st_size > 0;
		if (regular) {
			if ((unsigned long long)st.st_size > (unsigned long long)max) {
				if (!is_stdin)
					close(fd);
				return too_big(path, max, err);
			}
			cap = (unsigned long long)st.st_size < SIZE_MAX - 1 ?
			      (size_t)st.st_size + 1 : SIZE_MAX - 1;
		}
	}
	rc = read_all(fd, path, max, cap, regular, out, len, err);
	if (!is_stdin)
		close(fd);
	return rc;
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* The error of a failed write to out (errno e). */
static int write_error(const struct cca_file_out *out, int e, struct cca_error *err)
{
	if (!strcmp(out->path, "-"))
		return cca_error_set(err, CCA_EIO, "cannot write standard output: %s",
				     strerror(e));
	return cca_error_set(err, CCA_EIO, "cannot write '%s': %s", out->path, strerror(e));
}

int cca_file_out_open(struct cca_file_out *out, const char *path, struct cca_error *err)
{
	struct stat st;
	int e;

	out->path = path;
	out->tmp = NULL;
	out->fd = -1;
	if (strcmp(path, "-") == 0) {
		out->fd = STDOUT_FILENO;
		return 0;
	}
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		/* A device or pipe (/dev/null, /dev/stdout): written in place. */
		if ((out->fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC)) < 0)
			return write_error(out, errno, err);
		return 0;
	}
	out->tmp = cca_xasprintf("%s.tmpXXXXXX", path);
	if ((out->fd = mkstemp(out->tmp)) < 0) {
		e = errno;
		free(out->tmp);
		out->tmp = NULL;
		return write_error(out, e, err);
	}
	return 0;
}

int cca_file_out_write(struct cca_file_out *out, const char *data, size_t len,
		       struct cca_error *err)
{
	int e;

	if (write_all(out->fd, data, len) < 0) {
		e = errno;
		cca_file_out_abort(out);
		return write_error(out, e, err);
	}
	return 0;
}

int cca_file_out_commit(struct cca_file_out *out, struct cca_error *err)
{
	int e = 0;

	if (strcmp(out->path, "-") == 0)
		return 0;
	if (out->tmp && fchmod(out->fd, 0644) < 0)
		e = errno;
	if (close(out->fd) < 0 && !e)
		e = errno;
	out->fd = -1;
	if (!e && out->tmp && rename(out->tmp, out->path) < 0)
		e = errno;
	if (e) {
		cca_file_out_abort(out);
		return write_error(out, e, err);
	}
	free(out->tmp);
	out->tmp = NULL;
	return 0;
}

void cca_file_out_abort(struct cca_file_out *out)
{
	if (out->fd >= 0 && strcmp(out->path, "-") != 0)
		close(out->fd);
	out->fd = -1;
	if (out->tmp) {
		unlink(out->tmp);
		free(out->tmp);
		out->tmp = NULL;
	}
}

int cca_file_write(const char *path, const char *data, size_t len,
		   struct cca_error *err)
{
	struct cca_file_out out;

	if (cca_file_out_open(&out, path, err) < 0)
		return -1;
	if (cca_file_out_write(&out, data, len, err) < 0)
		return -1;
	return cca_file_out_commit(&out, err);
}
