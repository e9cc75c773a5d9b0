/* file.c - bounded whole-file reads and atomic writes; see util.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ccaudit/util.h"

int cca_file_read(const char *path, size_t max, char **out, size_t *len,
		  struct cca_error *err)
{
	struct cca_buf b;
	char chunk[65536];
	struct stat st;
	int fd;
	bool is_stdin = strcmp(path, "-") == 0;

	*out = NULL;
	*len = 0;
	fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return cca_error_set(err, CCA_EIO, "cannot read '%s': %s", path,
				     strerror(errno));
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		if (!is_stdin)
			close(fd);
		return cca_error_set(err, CCA_EIO, "cannot read '%s': %s", path,
				     strerror(EISDIR));
	}
	/* A regular file's size says at once whether it is too big. */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    (unsigned long long)st.st_size > (unsigned long long)max) {
		if (!is_stdin)
			close(fd);
		return cca_error_set(err, CCA_ETOOBIG,
				     "'%s' is larger than the limit of %zu bytes",
				     path, max);
	}
	cca_buf_init(&b);
	for (;;) {
		/* Never read more than one byte past the limit. */
		size_t room = max - b.len;
		size_t want = room < sizeof chunk - 1 ? room + 1 : sizeof chunk;
		ssize_t n = read(fd, chunk, want);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;

			if (!is_stdin)
				close(fd);
			cca_buf_release(&b);
			return cca_error_set(err, CCA_EIO, "cannot read '%s': %s",
					     path, strerror(e));
		}
		if (n == 0)
			break;
		if (b.len + (size_t)n > max) {
			if (!is_stdin)
				close(fd);
			cca_buf_release(&b);
			return cca_error_set(err, CCA_ETOOBIG,
					     "'%s' is larger than the limit of %zu bytes",
					     path, max);
		}
		cca_buf_add(&b, chunk, (size_t)n);
	}
	if (!is_stdin)
		close(fd);
	*len = b.len;
	*out = cca_buf_detach(&b);
	return 0;
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

int cca_file_write(const char *path, const char *data, size_t len,
		   struct cca_error *err)
{
	struct stat st;
	char *tmp;
	int fd, e;

	if (strcmp(path, "-") == 0) {
		if (write_all(STDOUT_FILENO, data, len) < 0)
			return cca_error_set(err, CCA_EIO,
					     "cannot write standard output: %s",
					     strerror(errno));
		return 0;
	}
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		/* A device or pipe (/dev/null, /dev/stdout): write in place. */
		fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
		if (fd < 0 || write_all(fd, data, len) < 0) {
			e = errno;
			if (fd >= 0)
				close(fd);
			return cca_error_set(err, CCA_EIO, "cannot write '%s': %s", path,
					     strerror(e));
		}
		close(fd);
		return 0;
	}
	tmp = cca_xasprintf("%s.tmpXXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		e = errno;
		free(tmp);
		return cca_error_set(err, CCA_EIO, "cannot write '%s': %s", path,
				     strerror(e));
	}
	e = 0;
	if (write_all(fd, data, len) < 0 || fchmod(fd, 0644) < 0)
		e = errno;
	if (close(fd) < 0 && !e)
		e = errno;
	if (e) {
		unlink(tmp);
		free(tmp);
		return cca_error_set(err, CCA_EIO, "cannot write '%s': %s", path,
				     strerror(e));
	}
	if (rename(tmp, path) < 0) {
		e = errno;
		unlink(tmp);
		free(tmp);
		return cca_error_set(err, CCA_EIO, "cannot write '%s': %s", path,
				     strerror(e));
	}
	free(tmp);
	return 0;
}
