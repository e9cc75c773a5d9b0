/* tasks.c - a batch of independent tasks on POSIX threads; see tasks.h. */
#define _GNU_SOURCE   /* sched_getaffinity, CPU_COUNT */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include "ccaudit/tasks.h"
#include "ccaudit/util.h"

struct cca_tasks {
	size_t n;
	atomic_size_t next;       /* the first index no thread has taken */
	void (*fn)(void *arg, size_t i);
	void *arg;
	pthread_t threads[CCA_TASKS_MAX_JOBS];
	unsigned nthreads;
};

/* Take and run tasks until none is left. */
static void drain(struct cca_tasks *t)
{
	size_t i;

	while ((i = atomic_fetch_add(&t->next, 1)) < t->n)
		t->fn(t->arg, i);
}

static void *worker(void *p)
{
	drain(p);
	return NULL;
}

struct cca_tasks *cca_tasks_start(size_t n, unsigned jobs,
				  void (*fn)(void *arg, size_t i), void *arg)
{
	struct cca_tasks *t = cca_xcalloc(1, sizeof *t);

	t->n = n;
	atomic_init(&t->next, 0);
	t->fn = fn;
	t->arg = arg;
	if (jobs > CCA_TASKS_MAX_JOBS)
		jobs = CCA_TASKS_MAX_JOBS;
	if (n < jobs)
		jobs = (unsigned)n;
	for (unsigned k = 1; k < jobs; k++) {
		if (pthread_create(&t->threads[t->nthreads], NULL, worker, t) != 0)
			break;
		t->nthreads++;
	}
	return t;
}

void cca_tasks_wait(struct cca_tasks *t)
{
	if (!t)
		return;
	drain(t);
	for (unsigned k = 0; k < t->nthreads; k++)
		pthread_join(t->threads[k], NULL);
	free(t);
}

void cca_tasks_run(size_t n, unsigned jobs, void (*fn)(void *arg, size_t i), void *arg)
{
	cca_tasks_wait(cca_tasks_start(n, jobs, fn, arg));
}

unsigned cca_tasks_cpus(void)
{
	cpu_set_t set;
	long n;

	if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
		return (unsigned)CPU_COUNT(&set);
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (unsigned)n : 1;
}

unsigned cca_tasks_default_jobs(void)
{
	unsigned cpus = cca_tasks_cpus();

	if (cpus < 2)
		return 1;
	return cpus < CCA_TASKS_MAX_JOBS ? cpus + 1 : CCA_TASKS_MAX_JOBS;
}
