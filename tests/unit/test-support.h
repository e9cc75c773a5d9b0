/*
 * test-support.h - what several unit tests share: paths into the source
 * tree and fixtures, and loading a catalog (failing the test when it
 * cannot load).
 */
#ifndef CCAUDIT_TESTS_SUPPORT_H
#define CCAUDIT_TESTS_SUPPORT_H

#include "ccaudit/catalog.h"

/* "$env/rel", or "fallback/rel" when env is not set; the caller frees it. */
char *ts_path(const char *env, const char *fallback, const char *rel);

/* The catalog file at path, validated with the shipped XSD and finished;
 * fails the running test when it cannot load. */
struct cca_catalog *ts_catalog(const char *path);

/* The shipped catalog ($top_srcdir/catalogs/ccaudit.xml), finished. */
struct cca_catalog *ts_shipped_catalog(void);

#endif
