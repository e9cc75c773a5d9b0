/*
 * archivelib.h - libarchive, loaded the first time an image is read
 * (lazylib.h), so that runs without images do not load it and its
 * compression libraries.  Callers use the table as they would the
 * libarchive functions of the same names without the "archive_" prefix.
 */
#ifndef CCAUDIT_ARCHIVELIB_H
#define CCAUDIT_ARCHIVELIB_H

#include <archive.h>
#include <archive_entry.h>

#include "ccaudit/error.h"

struct cca_archive_fns {
	__typeof__(archive_read_new) *read_new;
	__typeof__(archive_read_free) *read_free;
	__typeof__(archive_read_support_filter_gzip) *read_support_filter_gzip;
	__typeof__(archive_read_support_filter_zstd) *read_support_filter_zstd;
	__typeof__(archive_read_support_format_tar) *read_support_format_tar;
	__typeof__(archive_read_support_format_raw) *read_support_format_raw;
	__typeof__(archive_read_open) *read_open;
	__typeof__(archive_read_open_filename) *read_open_filename;
	__typeof__(archive_read_next_header) *read_next_header;
	__typeof__(archive_read_data) *read_data;
	__typeof__(archive_read_data_skip) *read_data_skip;
	__typeof__(archive_error_string) *error_string;
	__typeof__(archive_set_error) *set_error;
	__typeof__(archive_entry_pathname) *entry_pathname;
	__typeof__(archive_entry_filetype) *entry_filetype;
	__typeof__(archive_entry_perm) *entry_perm;
	__typeof__(archive_entry_size) *entry_size;
	__typeof__(archive_entry_uid) *entry_uid;
	__typeof__(archive_entry_gid) *entry_gid;
	__typeof__(archive_entry_symlink) *entry_symlink;
	__typeof__(archive_entry_hardlink) *entry_hardlink;
};

/*
 * The libarchive functions, loading libarchive.so.13 on the first call
 * (not thread-safe).  NULL, with err (CCA_EIO) naming the Debian package,
 * when it cannot be loaded.
 */
const struct cca_archive_fns *cca_archive(struct cca_error *err);

#endif
