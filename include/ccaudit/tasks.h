/*
 * tasks.h - a batch of independent tasks run on several threads.
 *
 * A batch runs fn(arg, i) once for every i in [0, n).  Tasks are handed out
 * one at a time in increasing order to whichever thread is free, so a batch
 * of uneven tasks stays balanced.  Tasks must be independent: a task may
 * write only what belongs to its own index, and read what no task writes.
 */
#ifndef CCAUDIT_TASKS_H
#define CCAUDIT_TASKS_H

#include <stddef.h>

/* The most threads a batch uses, whatever the caller asks. */
#define CCA_TASKS_MAX_JOBS 64

struct cca_tasks;

/*
 * Start the batch on up to jobs - 1 new threads, and return at once; the
 * calling thread joins in at cca_tasks_wait, so at most jobs threads run
 * tasks.  With jobs <= 1 or n <= 1 no thread starts and every task runs in
 * cca_tasks_wait.  Never fails: a thread that cannot be created leaves its
 * share to the others.
 */
struct cca_tasks *cca_tasks_start(size_t n, unsigned jobs,
				  void (*fn)(void *arg, size_t i), void *arg);

/*
 * Run the tasks not yet taken on the calling thread, wait until every task
 * has returned, and free t.  Everything the tasks wrote is then visible to
 * the caller.  A NULL t is ignored.
 */
void cca_tasks_wait(struct cca_tasks *t);

/* Run the batch and return when it is done: start, then wait. */
void cca_tasks_run(size_t n, unsigned jobs, void (*fn)(void *arg, size_t i), void *arg);

/* The number of processors this process may run on (at least 1). */
unsigned cca_tasks_cpus(void);

/*
 * The jobs of a batch whose caller names none: one more than the
 * processors (at most CCA_TASKS_MAX_JOBS), or 1 on a single processor.  A
 * new thread may wait milliseconds before it first runs, queued behind a
 * running one; the spare thread keeps every processor at work meanwhile,
 * and costs a few switches when none waits.
 */
unsigned cca_tasks_default_jobs(void);

#endif
