/* arena.c - memory handed out in pieces and freed at once; see util.h. */
#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ccaudit/util.h"

/* Ordinary chunks double from the first size to the last (an arena that
 * holds little stays small); a piece of a quarter of the last size or more
 * gets a chunk of its own. */
#define ARENA_FIRST_CHUNK 4096u
#define ARENA_CHUNK (32u * 1024)

struct cca_arena_chunk {
	struct cca_arena_chunk *next;
	size_t cap;
	alignas(max_align_t) unsigned char mem[];
};

void *cca_arena_alloc_slow(struct cca_arena *a, size_t n)
{
	struct cca_arena_chunk *c = a->head;
	size_t cap;

	if (n >= ARENA_CHUNK / 4 && c) {
		/* A big piece gets a chunk of its own, behind the current one. */
		struct cca_arena_chunk *big = cca_xmalloc(sizeof *big + n);

		big->cap = n;
		big->next = c->next;
		c->next = big;
		return big->mem;
	}
	cap = !c ? ARENA_FIRST_CHUNK : c->cap < ARENA_CHUNK / 2 ? 2 * c->cap : ARENA_CHUNK;
	if (cap < n)
		cap = n;
	c = cca_xmalloc(sizeof *c + cap);
	c->cap = cap;
	c->next = a->head;
	a->head = c;
	a->next = c->mem + n;
	a->end = c->mem + cap;
	return c->mem;
}

char *cca_arena_strdup(struct cca_arena *a, const char *s)
{
	return cca_arena_strndup(a, s, strlen(s));
}

void cca_arena_adopt(struct cca_arena *a, struct cca_arena *from)
{
	struct cca_arena_chunk *last = from->head;

	if (!last)
		return;
	if (!a->head) {
		*a = *from;
	} else {
		/* from's chunks go behind a's current one, which keeps filling. */
		while (last->next)
			last = last->next;
		last->next = a->head->next;
		a->head->next = from->head;
	}
	memset(from, 0, sizeof *from);
}

void cca_arena_release(struct cca_arena *a)
{
	while (a->head) {
		struct cca_arena_chunk *next = a->head->next;

		free(a->head);
		a->head = next;
	}
	memset(a, 0, sizeof *a);
}
