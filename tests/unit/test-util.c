/* test-util.c - buffers, files, strings, dates, masking, hashing, errors. */
#define _GNU_SOURCE   /* sched_getaffinity, CPU_SET */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdalign.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "ccaudit/error.h"
#include "ccaudit/engine.h"
#include "ccaudit/tasks.h"
#include "ccaudit/util.h"

/* ---- helpers -------------------------------------------------------------- */

/* A new empty temporary directory; the caller removes it. */
static char *temp_dir(void)
{
	const char *tmp = getenv("TMPDIR");
	char *dir = cca_xasprintf("%s/test-util-XXXXXX", tmp && *tmp ? tmp : "/tmp");

	assert_non_null(mkdtemp(dir));
	return dir;
}

/* Write len bytes to dir/name; returns the path (caller frees). */
static char *put_file(const char *dir, const char *name, const char *data,
		      size_t len)
{
	char *path = cca_xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	return path;
}

/* Remove dir and the plain files in it. */
static void remove_dir(char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		char *p;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		p = cca_xasprintf("%s/%s", dir, e->d_name);
		unlink(p);
		free(p);
	}
	closedir(d);
	assert_int_equal(rmdir(dir), 0);
	free(dir);
}

static size_t count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

/* ---- buffers -------------------------------------------------------------- */

static void test_buf_growth(void **state)
{
	struct cca_buf b;

	(void)state;
	cca_buf_init(&b);
	assert_string_equal(cca_buf_str(&b), "");
	assert_int_equal(b.len, 0);
	for (int i = 0; i < 10000; i++)
		cca_buf_putc(&b, (char)('a' + i % 26));
	assert_int_equal(b.len, 10000);
	assert_true(b.cap > b.len);
	assert_int_equal(b.data[10000], '\0');
	assert_int_equal(b.data[0], 'a');
	assert_int_equal(b.data[9999], 'a' + 9999 % 26);
	cca_buf_add(&b, "\0x", 2);  /* bytes, not a C string */
	assert_int_equal(b.len, 10002);
	assert_int_equal(b.data[10000], '\0');
	assert_int_equal(b.data[10001], 'x');
	cca_buf_release(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	/* Adding nothing still yields a terminated string. */
	cca_buf_add(&b, "", 0);
	assert_non_null(b.data);
	assert_string_equal(cca_buf_str(&b), "");
	/* Room reserved is used without moving the bytes; a buffer that
	 * only reserved is the empty string. */
	{
		struct cca_buf r;
		char *at;

		cca_buf_init(&r);
		cca_buf_reserve(&r, 100);
		assert_string_equal(cca_buf_str(&r), "");
		at = cca_buf_detach(&r);
		assert_string_equal(at, "");
		free(at);

		cca_buf_putc(&b, 'a');
		cca_buf_reserve(&b, 100000);
		assert_true(b.cap > 100001);
		at = b.data;
		for (int i = 0; i < 100000; i++)
			cca_buf_putc(&b, 'b');
		assert_ptr_equal(b.data, at);
		assert_int_equal(b.len, 100001);
		assert_int_equal(b.data[0], 'a');
		cca_buf_reserve(&b, 0);
		assert_ptr_equal(b.data, at);
	}
	cca_buf_release(&b);
}

static void test_buf_printf(void **state)
{
	struct cca_buf b;
	char *big;

	(void)state;
	cca_buf_init(&b);
	cca_buf_puts(&b, "rule ");
	cca_buf_printf(&b, "%s=%d", "x", 42);
	cca_buf_printf(&b, "%s", "");
	assert_string_equal(cca_buf_str(&b), "rule x=42");
	assert_int_equal(b.len, 9);
	/* Output longer than the current capacity. */
	cca_buf_printf(&b, "[%0500d]", 7);
	assert_int_equal(b.len, 9 + 502);
	assert_int_equal(b.data[10], '0');
	assert_int_equal(b.data[9 + 500], '7');
	assert_int_equal(b.data[9 + 501], ']');
	assert_int_equal(b.data[b.len], '\0');
	cca_buf_release(&b);
	big = cca_xasprintf("%s-%05d-%c", "id", 42, 'z');
	assert_string_equal(big, "id-00042-z");
	free(big);
}

/* cca_buf_put_int writes what "%lld" does. */
static void test_buf_put_int(void **state)
{
	static const long long v[] = { 0, 9, 10, -1, -10, 4294967295LL, LLONG_MAX, LLONG_MIN };
	struct cca_buf b, want;

	(void)state;
	cca_buf_init(&b);
	cca_buf_init(&want);
	for (size_t i = 0; i < CCA_ARRAY_SIZE(v); i++) {
		cca_buf_putc(&b, '|');
		cca_buf_put_int(&b, v[i]);
		cca_buf_printf(&want, "|%lld", v[i]);
	}
	assert_string_equal(cca_buf_str(&b), cca_buf_str(&want));
	assert_int_equal(b.len, want.len);
	cca_buf_release(&b);
	cca_buf_release(&want);
}

static void test_buf_reset_detach(void **state)
{
	struct cca_buf b;
	char *data, *p;

	(void)state;
	cca_buf_init(&b);
	cca_buf_puts(&b, "hello");
	data = b.data;
	cca_buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(cca_buf_str(&b), "");
	assert_ptr_equal(b.data, data);  /* memory kept */
	cca_buf_puts(&b, "again");
	p = cca_buf_detach(&b);
	assert_string_equal(p, "again");
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	free(p);
	/* Detaching an empty buffer gives an empty string to free. */
	p = cca_buf_detach(&b);
	assert_non_null(p);
	assert_string_equal(p, "");
	free(p);
	/* Resetting a never-used buffer is harmless. */
	cca_buf_reset(&b);
	assert_string_equal(cca_buf_str(&b), "");
}

/* ---- memory --------------------------------------------------------------- */

static void test_mem(void **state)
{
	char *p;
	int *z;

	(void)state;
	assert_null(cca_xstrdup(NULL));
	assert_null(cca_xstrndup(NULL, 3));
	p = cca_xstrdup("abc");
	assert_string_equal(p, "abc");
	free(p);
	p = cca_xstrndup("abcdef", 3);
	assert_string_equal(p, "abc");
	free(p);
	p = cca_xstrndup("ab", 10);  /* stops at the NUL */
	assert_string_equal(p, "ab");
	free(p);
	z = cca_xcalloc(16, sizeof *z);
	for (int i = 0; i < 16; i++)
		assert_int_equal(z[i], 0);
	z = cca_xreallocarray(z, 1000, sizeof *z);
	z[999] = 5;
	free(z);
	p = cca_xreallocarray(NULL, 0, 8);  /* never NULL */
	assert_non_null(p);
	free(p);
	p = cca_xmalloc(0);
	assert_non_null(p);
	free(p);
}

/* ---- files ----------------------------------------------------------------- */

static void test_file_read(void **state)
{
	static const char data[] = "hello\0world";
	struct cca_error err;
	char *dir = temp_dir(), *path, *out;
	size_t len;

	(void)state;
	path = put_file(dir, "bin", data, sizeof data - 1);
	assert_int_equal(cca_file_read(path, 1024, &out, &len, &err), 0);
	assert_int_equal(len, 11);
	assert_memory_equal(out, data, 11);
	assert_int_equal(out[11], '\0');
	free(out);
	/* Exactly at the limit is fine. */
	assert_int_equal(cca_file_read(path, 11, &out, &len, &err), 0);
	assert_int_equal(len, 11);
	free(out);
	/* So is no limit at all. */
	assert_int_equal(cca_file_read(path, SIZE_MAX, &out, &len, &err), 0);
	assert_int_equal(len, 11);
	assert_memory_equal(out, data, 11);
	free(out);
	free(path);
	/* An empty file is an empty string. */
	path = put_file(dir, "empty", "", 0);
	assert_int_equal(cca_file_read(path, 10, &out, &len, &err), 0);
	assert_int_equal(len, 0);
	assert_string_equal(out, "");
	free(out);
	free(path);
	remove_dir(dir);
}

static void test_file_read_cap(void **state)
{
	struct cca_error err;
	char *dir = temp_dir(), *path, *want, *out = (char *)&err;
	size_t len = 99;
	char data[100];

	(void)state;
	memset(data, 'x', sizeof data);
	path = put_file(dir, "big", data, sizeof data);
	assert_int_equal(cca_file_read(path, 99, &out, &len, &err), -1);
	assert_null(out);
	assert_int_equal(len, 0);
	assert_int_equal(err.code, CCA_ETOOBIG);
	want = cca_xasprintf("'%s' is larger than the limit of 99 bytes", path);
	assert_string_equal(err.msg, want);
	free(want);
	free(path);
	remove_dir(dir);
	/* An endless device stops at the limit, too, growing its buffer as it
	 * goes (its size is not known up front). */
	assert_int_equal(cca_file_read("/dev/zero", 100000, &out, &len, &err), -1);
	assert_int_equal(err.code, CCA_ETOOBIG);
	assert_int_equal(cca_file_read("/dev/zero", 4096, &out, &len, &err), -1);
	assert_int_equal(err.code, CCA_ETOOBIG);
	assert_string_equal(err.msg,
			    "'/dev/zero' is larger than the limit of 4096 bytes");
	assert_int_equal(cca_error_exit(&err), CCA_EXIT_INPUT);
	/* A /proc file says it is regular and of size 0: all of it is read. */
	assert_int_equal(cca_file_read("/proc/self/status", 1 << 20, &out, &len, &err), 0);
	assert_non_null(strstr(out, "\nnonvoluntary_ctxt_switches:"));
	assert_int_equal(strlen(out), len);
	free(out);
}

static void test_file_read_errors(void **state)
{
	struct cca_error err;
	char *dir = temp_dir(), *want, *out;
	size_t len;

	(void)state;
	assert_int_equal(cca_file_read("/nonexistent/ccaudit/Dockerfile", 100,
				       &out, &len, &err), -1);
	assert_null(out);
	assert_int_equal(err.code, CCA_EIO);
	assert_string_equal(err.msg, "cannot read '/nonexistent/ccaudit/Dockerfile':"
				     " No such file or directory");
	assert_int_equal(cca_error_exit(&err), CCA_EXIT_RUNTIME);
	assert_int_equal(cca_file_read(dir, 100, &out, &len, &err), -1);
	assert_null(out);
	assert_int_equal(err.code, CCA_EIO);
	want = cca_xasprintf("cannot read '%s': Is a directory", dir);
	assert_string_equal(err.msg, want);
	free(want);
	remove_dir(dir);
}

static void test_file_read_stdin(void **state)
{
	struct cca_error err;
	char *dir = temp_dir(), *path, *out;
	size_t len;
	int saved = dup(STDIN_FILENO), fd;

	(void)state;
	path = put_file(dir, "in", "from stdin\n", 11);
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0 && saved >= 0);
	assert_int_equal(dup2(fd, STDIN_FILENO), STDIN_FILENO);
	close(fd);
	assert_int_equal(cca_file_read("-", 100, &out, &len, &err), 0);
	assert_string_equal(out, "from stdin\n");
	assert_int_equal(len, 11);
	free(out);
	/* Standard input stays open after the read. */
	assert_true(fcntl(STDIN_FILENO, F_GETFD) >= 0);
	assert_int_equal(dup2(saved, STDIN_FILENO), STDIN_FILENO);
	close(saved);
	free(path);
	remove_dir(dir);
}

static void test_file_write(void **state)
{
	struct cca_error err;
	char *dir = temp_dir(), *path = cca_xasprintf("%s/report.json", dir);
	char *out, *bad;
	size_t len;
	struct stat st;

	(void)state;
	assert_int_equal(cca_file_write(path, "one", 3, &err), 0);
	assert_int_equal(cca_file_read(path, 100, &out, &len, &err), 0);
	assert_string_equal(out, "one");
	free(out);
	/* Replacing a longer file leaves nothing of the old one behind. */
	assert_int_equal(cca_file_write(path, "twenty-two", 10, &err), 0);
	assert_int_equal(cca_file_write(path, "3", 1, &err), 0);
	assert_int_equal(cca_file_read(path, 100, &out, &len, &err), 0);
	assert_string_equal(out, "3");
	assert_int_equal(len, 1);
	free(out);
	/* No temporary file is left next to it. */
	assert_int_equal(count_entries(dir), 1);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	/* An empty write makes an empty file. */
	assert_int_equal(cca_file_write(path, "", 0, &err), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 0);
	/* A directory that does not exist. */
	bad = cca_xasprintf("%s/missing/out.txt", dir);
	assert_int_equal(cca_file_write(bad, "x", 1, &err), -1);
	assert_int_equal(err.code, CCA_EIO);
	{
		char *want = cca_xasprintf("cannot write '%s': No such file or directory",
					   bad);

		assert_string_equal(err.msg, want);
		free(want);
	}
	free(bad);
	/* Replacing a directory fails and leaves no temporary file. */
	bad = cca_xasprintf("%s/sub", dir);
	assert_int_equal(mkdir(bad, 0755), 0);
	assert_int_equal(cca_file_write(bad, "x", 1, &err), -1);
	assert_int_equal(err.code, CCA_EIO);
	assert_int_equal(count_entries(dir), 2);
	assert_int_equal(rmdir(bad), 0);
	free(bad);
	free(path);
	remove_dir(dir);
}

/* ---- strings ---------------------------------------------------------------- */

static void test_streq(void **state)
{
	(void)state;
	assert_true(cca_streq("a", "a"));
	assert_false(cca_streq("a", "A"));
	assert_true(cca_streq(NULL, NULL));
	assert_false(cca_streq("a", NULL));
	assert_false(cca_streq(NULL, "a"));
	assert_true(cca_strcaseeq("Pass", "pASS"));
	assert_false(cca_strcaseeq("pass", "passed"));
	assert_true(cca_strcaseeq(NULL, NULL));
	assert_false(cca_strcaseeq(NULL, "x"));
}

static void test_edit_distance(void **state)
{
	(void)state;
	assert_int_equal(cca_edit_distance("", ""), 0);
	assert_int_equal(cca_edit_distance("abc", "abc"), 0);
	assert_int_equal(cca_edit_distance("", "abc"), 3);
	assert_int_equal(cca_edit_distance("abc", ""), 3);
	assert_int_equal(cca_edit_distance("kitten", "sitting"), 3);
	assert_int_equal(cca_edit_distance("chekclist", "checklist"), 2);
	assert_int_equal(cca_edit_distance("audit", "audits"), 1);
	assert_int_equal(cca_edit_distance("flaw", "lawn"), 2);
}

static void test_did_you_mean(void **state)
{
	static const char *const cmds[] = { "audit", "catalog", "checklist",
					    "report", "version", "help", NULL };
	static const char *const two[] = { "ab", NULL };
	static const char *const none[] = { NULL };

	(void)state;
	assert_string_equal(cca_did_you_mean("chekclist", cmds), "checklist");
	assert_string_equal(cca_did_you_mean("audti", cmds), "audit");
	assert_string_equal(cca_did_you_mean("hlep", cmds), "help");
	assert_string_equal(cca_did_you_mean("reprot", cmds), "report");
	assert_string_equal(cca_did_you_mean("report", cmds), "report");
	/* Unrelated words get no suggestion. */
	assert_null(cca_did_you_mean("xyzzy", cmds));
	assert_null(cca_did_you_mean("frobnicate", cmds));
	assert_null(cca_did_you_mean("", cmds));
	assert_null(cca_did_you_mean("audit", none));
	/* A short word is not "close" to everything of its length. */
	assert_null(cca_did_you_mean("xy", two));
	/* A unique prefix is a suggestion; an ambiguous one is not. */
	assert_string_equal(cca_did_you_mean("cat", cmds), "catalog");
	assert_string_equal(cca_did_you_mean("vers", cmds), "version");
	assert_null(cca_did_you_mean("c", cmds));
}

static void test_utf8_valid(void **state)
{
	static const struct {
		const char *s;
		bool ok;
	} cases[] = {
		{ "plain ascii", true },
		{ "caf\xc3\xa9", true },                 /* 2 bytes */
		{ "\xe2\x82\xac", true },                /* 3 bytes: euro */
		{ "\xf0\x9f\x98\x80", true },            /* 4 bytes: emoji */
		{ "\xf4\x8f\xbf\xbf", true },            /* U+10FFFF */
		{ "\xef\xbf\xbd", true },                /* U+FFFD */
		{ "\xc0\xaf", false },                   /* overlong '/' */
		{ "\xc1\xbf", false },                   /* overlong */
		{ "\xe0\x80\xaf", false },               /* overlong, 3 bytes */
		{ "\xe0\x9f\xbf", false },               /* overlong U+07FF */
		{ "\xf0\x80\x80\xaf", false },           /* overlong, 4 bytes */
		{ "\xf0\x8f\xbf\xbf", false },           /* overlong U+FFFF */
		{ "\xed\xa0\x80", false },               /* surrogate D800 */
		{ "\xed\xbf\xbf", false },               /* surrogate DFFF */
		{ "\xed\x9f\xbf", true },                /* U+D7FF */
		{ "\xf4\x90\x80\x80", false },           /* past U+10FFFF */
		{ "\xf5\x80\x80\x80", false },
		{ "\xc3", false },                       /* truncated */
		{ "abc\xe2\x82", false },
		{ "\xf0\x9f\x98", false },
		{ "\x80", false },                       /* lone continuation */
		{ "\xc3\x28", false },                   /* bad continuation */
		{ "\xfe\xff", false },
		{ "", true },
	};

	(void)state;
	for (size_t i = 0; i < CCA_ARRAY_SIZE(cases); i++) {
		bool got = cca_utf8_valid(cases[i].s, strlen(cases[i].s));

		if (got != cases[i].ok)
			fail_msg("case %zu: expected %s", i,
				 cases[i].ok ? "valid" : "invalid");
	}
	/* Only n bytes are looked at; NUL is a valid character. */
	assert_true(cca_utf8_valid("a\0b", 3));
	assert_true(cca_utf8_valid("\xc3\xa9\xc3", 2));
	assert_false(cca_utf8_valid("\xc3\xa9\xc3", 3));
	assert_true(cca_utf8_valid(NULL, 0));
}

static void test_utf8_repair(void **state)
{
	char *p;

	(void)state;
	p = cca_utf8_repair("caf\xc3\xa9");
	assert_string_equal(p, "caf\xc3\xa9");
	free(p);
	p = cca_utf8_repair("a\xff" "b\xc3");
	assert_string_equal(p, "a\xef\xbf\xbd" "b\xef\xbf\xbd");
	assert_true(cca_utf8_valid(p, strlen(p)));
	free(p);
}

static void test_line_of(void **state)
{
	static const char text[] = "one\ntwo\n\nfour";

	(void)state;
	assert_int_equal(cca_line_of(text, 0), 1);
	assert_int_equal(cca_line_of(text, 3), 1);  /* the '\n' itself */
	assert_int_equal(cca_line_of(text, 4), 2);
	assert_int_equal(cca_line_of(text, 8), 3);
	assert_int_equal(cca_line_of(text, 9), 4);
	assert_int_equal(cca_line_of(text, 1000), 4);  /* stops at the end */
}

/* ---- dates ------------------------------------------------------------------- */

static void test_date_parse(void **state)
{
	static const char *const bad[] = {
		"2023-02-29", "1900-02-29", "2026-13-01", "2026-00-10",
		"2026-01-00", "2026-04-31", "2026-01-32", "2026-1-01",
		"2026-01-1", "26-01-01", "", "2026-01-01x", "2026-01-01 ",
		" 2026-01-01", "2026/01/01", "2026-01-0a", "+206-01-01",
		"2026--1-01", "20260101", "2026-01-01T00:00:00Z",
	};
	int64_t days = 12345;

	(void)state;
	assert_int_equal(cca_date_parse("1970-01-01", &days), 0);
	assert_int_equal(days, 0);
	assert_int_equal(cca_date_parse("2024-02-29", &days), 0);
	assert_int_equal(days, 19782);
	assert_int_equal(cca_date_parse("2000-02-29", &days), 0);
	assert_int_equal(days, 11016);
	assert_int_equal(cca_date_parse("2026-11-20", &days), 0);
	assert_int_equal(days, 20777);
	assert_int_equal(cca_date_parse("2026-12-31", &days), 0);
	assert_int_equal(days, 20818);
	/* Real dates before 1970 are negative day numbers. */
	assert_int_equal(cca_date_parse("1969-12-31", &days), 0);
	assert_int_equal(days, -1);
	for (size_t i = 0; i < CCA_ARRAY_SIZE(bad); i++) {
		days = 777;
		if (cca_date_parse(bad[i], &days) != -1)
			fail_msg("'%s' accepted", bad[i]);
		assert_int_equal(days, 777);  /* untouched on failure */
	}
	assert_int_equal(cca_date_parse(NULL, &days), -1);
}

static void test_date_format(void **state)
{
	char out[11];
	int64_t back;

	(void)state;
	cca_date_format(0, out);
	assert_string_equal(out, "1970-01-01");
	cca_date_format(19782, out);
	assert_string_equal(out, "2024-02-29");
	cca_date_format(-1, out);
	assert_string_equal(out, "1969-12-31");
	cca_date_format(2932896, out);
	assert_string_equal(out, "9999-12-31");
	cca_date_format(-719528, out);
	assert_string_equal(out, "0000-01-01");
	cca_date_format(2932897, out);
	assert_string_equal(out, "never");
	cca_date_format(CCA_NEVER, out);      /* no overflow (UBSan) */
	assert_string_equal(out, "never");
	cca_date_format(CCA_NO_DATE, out);
	assert_string_equal(out, "none");
	/* Every day for a century and a half round-trips. */
	for (int64_t d = -3653; d < 50000; d++) {
		cca_date_format(d, out);
		if (cca_date_parse(out, &back) != 0 || back != d)
			fail_msg("day %lld formats as '%s'", (long long)d, out);
	}
}

static void test_now(void **state)
{
	static const char *const garbage[] = { "abc", "12x", "-5", " 12", "",
					       "1.5", "+12",
					       "99999999999999999999999" };
	time_t before, t;

	(void)state;
	setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
	assert_int_equal(cca_now(), 1700000000);
	setenv("SOURCE_DATE_EPOCH", "0", 1);
	assert_int_equal(cca_now(), 0);
	for (size_t i = 0; i < CCA_ARRAY_SIZE(garbage); i++) {
		setenv("SOURCE_DATE_EPOCH", garbage[i], 1);
		before = time(NULL);
		t = cca_now();
		if (t < before || t > time(NULL))
			fail_msg("SOURCE_DATE_EPOCH='%s' was not ignored", garbage[i]);
	}
	unsetenv("SOURCE_DATE_EPOCH");
	before = time(NULL);
	t = cca_now();
	assert_true(t >= before && t <= time(NULL));
}

static void test_days_and_timestamps(void **state)
{
	char out[21];

	(void)state;
	assert_int_equal(cca_days_of(0), 0);
	assert_int_equal(cca_days_of(86399), 0);
	assert_int_equal(cca_days_of(86400), 1);
	assert_int_equal(cca_days_of(-1), -1);
	assert_int_equal(cca_days_of(-86400), -1);
	assert_int_equal(cca_days_of(-86401), -2);
	cca_timestamp_format(0, out);
	assert_string_equal(out, "1970-01-01T00:00:00Z");
	cca_timestamp_format(1700000000, out);
	assert_string_equal(out, "2023-11-14T22:13:20Z");
	cca_timestamp_format(951868799, out);
	assert_string_equal(out, "2000-02-29T23:59:59Z");
	cca_timestamp_format(-1, out);
	assert_string_equal(out, "1969-12-31T23:59:59Z");
}

/* ---- secrets ------------------------------------------------------------------ */

static void expect_mask(const char *value, const char *want)
{
	char *got = cca_mask_secret(value);

	assert_string_equal(got, want);
	assert_true(cca_utf8_valid(got, strlen(got)));
	free(got);
}

static void test_mask_secret(void **state)
{
	(void)state;
	expect_mask("abcdefghijklmnopqrstuvwxyz", "abcd***");
	expect_mask("abcdefghijklmnop", "abcd***");
	expect_mask("abcdefgh", "ab***");
	expect_mask("abcd", "a***");
	expect_mask("abc", "***");
	expect_mask("", "***");
	expect_mask(NULL, "***");
	expect_mask("AKIAIOSFODNN7EXAMPLE", "AKIA***");
	/* Multibyte characters are never cut in two. */
	expect_mask("a\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac",
		    "a\xe2\x82\xac***");
	expect_mask("ab\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac",
		    "ab***");
	expect_mask("\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80",
		    "\xf0\x9f\x98\x80***");
	expect_mask("\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80", "***");
	/* Never more than 4 characters, never more than a quarter. */
	for (size_t n = 0; n < 64; n++) {
		char value[64], *got;
		size_t shown;

		memset(value, 's', n);
		value[n] = '\0';
		got = cca_mask_secret(value);
		shown = strlen(got) - 3;
		assert_string_equal(got + shown, "***");
		assert_true(shown <= 4 && shown * 4 <= n);
		free(got);
	}
}

/* ---- word lists ---------------------------------------------------------------- */

static void test_word_lists(void **state)
{
	const char *list = "  2375\t2376\n 6443  ", *p = list, *w;
	const char *none = NULL;
	size_t n;

	(void)state;
	assert_non_null(w = cca_list_next(&p, &n));
	assert_int_equal(n, 4);
	assert_memory_equal(w, "2375", 4);
	assert_non_null(w = cca_list_next(&p, &n));
	assert_memory_equal(w, "2376", 4);
	assert_non_null(w = cca_list_next(&p, &n));
	assert_memory_equal(w, "6443", 4);
	assert_null(cca_list_next(&p, &n));
	assert_null(cca_list_next(&none, &n));
	assert_true(cca_word_in_list("2376", list, false));
	assert_false(cca_word_in_list("237", list, false));
	assert_false(cca_word_in_list("", list, false));
	assert_false(cca_word_in_list("x", NULL, false));
	assert_true(cca_word_in_list("ROOT", "admin root", true));
	assert_false(cca_word_in_list("ROOT", "admin root", false));
	/* Whole words only, wherever the word also occurs inside another. */
	assert_true(cca_word_in_list("ssh", "openssh-server sshd ssh", false));
	assert_false(cca_word_in_list("ssh", "openssh-server sshd ssh-client", false));
	assert_true(cca_word_in_list("2375", "2375", false));
	assert_true(cca_word_in_list("6443", list, false));
	assert_false(cca_word_in_list("2376\n 6443", list, false));
	assert_false(cca_word_in_list("2376 6443", "2376 6443", false));
}

/* Pieces are aligned, keep their bytes, outlive chunk changes, move with
 * cca_arena_adopt and go with cca_arena_release (ASan sees any misuse). */
static void test_arena(void **state)
{
	struct cca_arena a = { NULL }, b = { NULL };
	char *s[2000];
	char *big;

	(void)state;
	for (size_t i = 0; i < CCA_ARRAY_SIZE(s); i++) {
		char want[32];
		long double *x = cca_arena_alloc(&a, sizeof *x, alignof(long double));

		assert_int_equal((uintptr_t)x % alignof(long double), 0);
		*x = (long double)i;
		snprintf(want, sizeof want, "piece %zu", i);
		s[i] = cca_arena_strdup(i % 2 ? &a : &b, want);
	}
	big = cca_arena_alloc(&a, 100000, 1);   /* a chunk of its own */
	memset(big, 'x', 100000);
	assert_string_equal(cca_arena_strndup(&b, "abcdef", 3), "abc");
	cca_arena_adopt(&a, &b);
	assert_null(b.head);
	cca_arena_adopt(&a, &b);   /* nothing to move */
	for (size_t i = 0; i < CCA_ARRAY_SIZE(s); i++) {
		char want[32];

		snprintf(want, sizeof want, "piece %zu", i);
		assert_string_equal(s[i], want);
	}
	assert_int_equal(big[99999], 'x');
	cca_arena_release(&a);
	assert_null(a.head);
	cca_arena_release(&a);
	cca_arena_adopt(&b, &a);
	assert_null(b.head);
}

static void test_str_in(void **state)
{
	static const char *const v[] = { "-o", "--option", "x", "", "install" };

	(void)state;
	for (size_t k = 0; k < CCA_ARRAY_SIZE(v); k++)
		assert_true(cca_str_in(v[k], v, CCA_ARRAY_SIZE(v)));
	assert_false(cca_str_in("-", v, CCA_ARRAY_SIZE(v)));
	assert_false(cca_str_in("-oo", v, CCA_ARRAY_SIZE(v)));
	assert_false(cca_str_in("--optio", v, CCA_ARRAY_SIZE(v)));
	assert_false(cca_str_in("xx", v, CCA_ARRAY_SIZE(v)));
	assert_false(cca_str_in("installs", v, CCA_ARRAY_SIZE(v)));
	assert_false(cca_str_in("", v, 3));
	assert_false(cca_str_in("x", v, 0));
}

/* ---- hashing ------------------------------------------------------------------ */

static void test_sha256(void **state)
{
	char out[65];

	(void)state;
	cca_sha256_hex("abc", 3, out);
	assert_string_equal(out, "ba7816bf8f01cfea414140de5dae2223"
				 "b00361a396177a9cb410ff61f20015ad");
	cca_sha256_hex("", 0, out);
	assert_string_equal(out, "e3b0c44298fc1c149afbf4c8996fb924"
				 "27ae41e4649b934ca495991b7852b855");
	cca_sha256_hex("a\0b", 3, out);  /* bytes, not a C string */
	assert_int_equal(strlen(out), 64);
	assert_string_not_equal(out, "ca978112ca1bbdcafac231b39a23dc4d"
				     "a786eff8147c4e72b9807785afee48bb");
}

static void test_hex(void **state)
{
	unsigned char bytes[] = { 0x00, 0x0f, 0xa5, 0xff };
	char out[9];

	(void)state;
	cca_hex(bytes, sizeof bytes, out);
	assert_string_equal(out, "000fa5ff");
	cca_hex(bytes, 0, out);
	assert_string_equal(out, "");
}

/* ---- parallel tasks ----------------------------------------------------------- */

struct count_tasks {
	unsigned *runs;        /* per index: how many times it ran */
	char (*hash)[65];      /* per index: SHA-256 of its index, hashed in the task */
};

static void count_task(void *arg, size_t i)
{
	struct count_tasks *c = arg;
	char text[32];

	c->runs[i]++;
	snprintf(text, sizeof text, "task %zu", i);
	cca_sha256_hex(text, strlen(text), c->hash[i]);
}

/* The default jobs follow the processors the process may run on: one on a
 * single processor, one more than the processors otherwise. */
static void test_tasks_default_jobs(void **state)
{
	cpu_set_t all, one;
	unsigned cpus;
	int first = -1;

	(void)state;
	assert_int_equal(sched_getaffinity(0, sizeof all, &all), 0);
	cpus = (unsigned)CPU_COUNT(&all);
	assert_int_equal(cca_tasks_cpus(), cpus);
	if (cpus > 1)
		assert_int_equal(cca_tasks_default_jobs(),
				 cpus < CCA_TASKS_MAX_JOBS ? cpus + 1 : CCA_TASKS_MAX_JOBS);
	else
		assert_int_equal(cca_tasks_default_jobs(), 1);
	for (int c = 0; c < CPU_SETSIZE && first < 0; c++)
		if (CPU_ISSET(c, &all))
			first = c;
	CPU_ZERO(&one);
	CPU_SET(first, &one);
	assert_int_equal(sched_setaffinity(0, sizeof one, &one), 0);
	assert_int_equal(cca_tasks_cpus(), 1);
	assert_int_equal(cca_tasks_default_jobs(), 1);
	assert_int_equal(sched_setaffinity(0, sizeof all, &all), 0);
}

/* Every index runs exactly once, whatever the number of threads; hashes
 * made on several threads at once equal those made on one. */
static void test_tasks_each_once(void **state)
{
	static const unsigned jobs[] = { 0, 1, 2, 3, 8, CCA_TASKS_MAX_JOBS, 1000 };
	static const size_t sizes[] = { 0, 1, 2, 7, 1000 };

	(void)state;
	assert_true(cca_tasks_cpus() >= 1);
	for (size_t j = 0; j < CCA_ARRAY_SIZE(jobs); j++)
		for (size_t k = 0; k < CCA_ARRAY_SIZE(sizes); k++) {
			size_t n = sizes[k];
			struct count_tasks c = { cca_xcalloc(n + 1, sizeof *c.runs),
						 cca_xcalloc(n + 1, sizeof *c.hash) };

			cca_tasks_run(n, jobs[j], count_task, &c);
			for (size_t i = 0; i < n; i++) {
				char text[32], want[65];

				assert_int_equal(c.runs[i], 1);
				snprintf(text, sizeof text, "task %zu", i);
				cca_sha256_hex(text, strlen(text), want);
				assert_string_equal(c.hash[i], want);
			}
			assert_int_equal(c.runs[n], 0);   /* nothing past the end */
			free(c.runs);
			free(c.hash);
		}
}

/* Started tasks run while the caller works; wait returns when all are done. */
static void test_tasks_start_wait(void **state)
{
	struct count_tasks c = { cca_xcalloc(500, sizeof *c.runs),
				 cca_xcalloc(500, sizeof *c.hash) };
	struct cca_tasks *t = cca_tasks_start(500, 4, count_task, &c);
	unsigned total = 0;

	(void)state;
	cca_tasks_wait(t);
	cca_tasks_wait(NULL);
	for (size_t i = 0; i < 500; i++)
		total += c.runs[i];
	assert_int_equal(total, 500);
	free(c.runs);
	free(c.hash);
}

/* ---- errors -------------------------------------------------------------------- */

static void test_error_set(void **state)
{
	struct cca_error err;

	(void)state;
	cca_error_clear(&err);
	assert_int_equal(err.code, CCA_OK);
	assert_string_equal(err.msg, "");
	assert_int_equal(cca_error_set(&err, CCA_EINPUT, "unknown rule '%s'",
				       "x.y"), -1);
	assert_int_equal(err.code, CCA_EINPUT);
	assert_string_equal(err.msg, "unknown rule 'x.y'");
	/* The message may be built from the old one. */
	cca_error_set(&err, CCA_EIO, "wrapped: %s", err.msg);
	assert_int_equal(err.code, CCA_EIO);
	assert_string_equal(err.msg, "wrapped: unknown rule 'x.y'");
	/* A NULL error is dropped, still returning -1. */
	assert_int_equal(cca_error_set(NULL, CCA_EIO, "x"), -1);
	assert_int_equal(cca_error_prefix(NULL, "x: "), -1);
	cca_error_clear(NULL);
}

static void test_error_prefix(void **state)
{
	struct cca_error err;
	char root[900];

	(void)state;
	cca_error_set(&err, CCA_EIO, "cannot read 'Dockerfile': Permission denied");
	assert_int_equal(cca_error_prefix(&err, "loading '%s': ", "ci.yaml"), -1);
	cca_error_prefix(&err, "audit: ");
	assert_int_equal(err.code, CCA_EIO);  /* code kept */
	/* Context first, the root cause stays at the end. */
	assert_string_equal(err.msg, "audit: loading 'ci.yaml': cannot read"
				     " 'Dockerfile': Permission denied");
	/* Overflow is cut to fit, never past the buffer. */
	memset(root, 'r', sizeof root - 1);
	root[sizeof root - 1] = '\0';
	cca_error_set(&err, CCA_EINPUT, "%s", root);
	for (int i = 0; i < 10; i++)
		cca_error_prefix(&err, "context %d with some words: ", i);
	assert_int_equal(strlen(err.msg), CCA_ERROR_MAX - 1);
	assert_int_equal(err.code, CCA_EINPUT);
	/* the context is shortened; the whole root cause ends the message */
	assert_string_equal(err.msg + strlen(err.msg) - strlen(root), root);
}

static void test_error_exit(void **state)
{
	static const struct {
		enum cca_errcode code;
		enum cca_exit exit;
		const char *name;
	} map[] = {
		{ CCA_OK, CCA_EXIT_OK, "ok" },
		{ CCA_EUSAGE, CCA_EXIT_USAGE, "usage" },
		{ CCA_EINPUT, CCA_EXIT_INPUT, "input" },
		{ CCA_ETOOBIG, CCA_EXIT_INPUT, "too-big" },
		{ CCA_EIO, CCA_EXIT_RUNTIME, "io" },
		{ CCA_ENOMEM, CCA_EXIT_RUNTIME, "nomem" },
		{ CCA_EINTERNAL, CCA_EXIT_INTERNAL, "internal" },
	};
	struct cca_error err;

	(void)state;
	for (size_t i = 0; i < CCA_ARRAY_SIZE(map); i++) {
		cca_error_set(&err, map[i].code, "x");
		assert_int_equal(cca_error_exit(&err), map[i].exit);
		assert_string_equal(cca_errcode_name(map[i].code), map[i].name);
	}
	/* The documented exit statuses. */
	assert_int_equal(CCA_EXIT_OK, 0);
	assert_int_equal(CCA_EXIT_GATE, 1);
	assert_int_equal(CCA_EXIT_USAGE, 2);
	assert_int_equal(CCA_EXIT_INPUT, 3);
	assert_int_equal(CCA_EXIT_RUNTIME, 4);
	assert_int_equal(CCA_EXIT_INTERNAL, 5);
	assert_int_equal(cca_error_exit(NULL), CCA_EXIT_INTERNAL);
	assert_string_equal(cca_errcode_name((enum cca_errcode)99), "unknown");
}

static void test_xml_text(void **state)
{
	char *s;

	(void)state;
	s = cca_xml_text("a\x01" "b\tc\n<&>");
	assert_string_equal(s, "a\xef\xbf\xbd" "b\tc\n<&>");
	free(s);
	s = cca_xml_text("x\xef\xbf\xbey\xff");
	assert_string_equal(s, "x\xef\xbf\xbdy\xef\xbf\xbd");
	free(s);
	s = cca_xml_text(NULL);
	assert_string_equal(s, "");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_growth),
		cmocka_unit_test(test_buf_printf),
		cmocka_unit_test(test_buf_put_int),
		cmocka_unit_test(test_buf_reset_detach),
		cmocka_unit_test(test_mem),
		cmocka_unit_test(test_file_read),
		cmocka_unit_test(test_file_read_cap),
		cmocka_unit_test(test_file_read_errors),
		cmocka_unit_test(test_file_read_stdin),
		cmocka_unit_test(test_file_write),
		cmocka_unit_test(test_streq),
		cmocka_unit_test(test_edit_distance),
		cmocka_unit_test(test_did_you_mean),
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_utf8_repair),
		cmocka_unit_test(test_line_of),
		cmocka_unit_test(test_date_parse),
		cmocka_unit_test(test_date_format),
		cmocka_unit_test(test_now),
		cmocka_unit_test(test_days_and_timestamps),
		cmocka_unit_test(test_mask_secret),
		cmocka_unit_test(test_word_lists),
		cmocka_unit_test(test_str_in),
		cmocka_unit_test(test_arena),
		cmocka_unit_test(test_sha256),
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_tasks_default_jobs),
		cmocka_unit_test(test_tasks_each_once),
		cmocka_unit_test(test_tasks_start_wait),
		cmocka_unit_test(test_error_set),
		cmocka_unit_test(test_error_prefix),
		cmocka_unit_test(test_xml_text),
		cmocka_unit_test(test_error_exit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
