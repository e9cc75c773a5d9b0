/*
 * fake-check.h - a check that only the unit tests know.
 *
 * The check table has no checks yet, and a catalog rule may only name a
 * check of the table.  Tests linked with fake-check.c and
 * -Wl,--wrap=cca_check_find see one more check, FAKE_CHECK_ID, so their
 * fixtures can hold automated rules.
 */
#ifndef CCAUDIT_TESTS_FAKE_CHECK_H
#define CCAUDIT_TESTS_FAKE_CHECK_H

#include "ccaudit/checks.h"

#define FAKE_CHECK_ID "test.check"

extern const struct cca_check fake_check;

const struct cca_check *__wrap_cca_check_find(const char *id);

#endif
