/* archivelib.c - libarchive loaded on first use (archivelib.h). */
#include "ccaudit/archivelib.h"
#include "ccaudit/lazylib.h"

static struct cca_archive_fns fns;
static int state;             /* 0 not tried, 1 loaded, -1 failed */
static char why[256];

const struct cca_archive_fns *cca_archive(struct cca_error *err)
{
	const struct cca_lazysym syms[] = {
		{ "archive_read_new", &fns.read_new },
		{ "archive_read_free", &fns.read_free },
		{ "archive_read_support_filter_gzip", &fns.read_support_filter_gzip },
		{ "archive_read_support_filter_zstd", &fns.read_support_filter_zstd },
		{ "archive_read_support_format_tar", &fns.read_support_format_tar },
		{ "archive_read_support_format_raw", &fns.read_support_format_raw },
		{ "archive_read_open", &fns.read_open },
		{ "archive_read_open_filename", &fns.read_open_filename },
		{ "archive_read_next_header", &fns.read_next_header },
		{ "archive_read_data", &fns.read_data },
		{ "archive_read_data_skip", &fns.read_data_skip },
		{ "archive_error_string", &fns.error_string },
		{ "archive_set_error", &fns.set_error },
		{ "archive_entry_pathname", &fns.entry_pathname },
		{ "archive_entry_filetype", &fns.entry_filetype },
		{ "archive_entry_perm", &fns.entry_perm },
		{ "archive_entry_size", &fns.entry_size },
		{ "archive_entry_uid", &fns.entry_uid },
		{ "archive_entry_gid", &fns.entry_gid },
		{ "archive_entry_symlink", &fns.entry_symlink },
		{ "archive_entry_hardlink", &fns.entry_hardlink },
	};

	if (!state)
		state = cca_lazylib_open("libarchive.so.13", syms, sizeof syms / sizeof syms[0],
					 why, sizeof why) == 0 ? 1 : -1;
	if (state > 0)
		return &fns;
	cca_error_set(err, CCA_EIO, "cannot load libarchive (%s): install the Debian package "
		      "'libarchive13'", why);
	return NULL;
}
