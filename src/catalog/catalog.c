/*
 * catalog.c - load catalog XML files, validate them against the XSD, and
 * resolve them into the immutable model of catalog.h.
 *
 * Loading never touches the network and never expands external entities:
 * files are read with a size cap and parsed from memory with XML_PARSE_NONET
 * and without XML_PARSE_NOENT or DTD loading.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ccaudit/xmllib.h"

#include "ccaudit/catalog.h"
#include "ccaudit/checks.h"
#include "ccaudit/util.h"

#define CATALOG_MAX_BYTES (32u * 1024 * 1024)
#define NS "urn:ccaudit:catalog:1"

/* A whitespace-separated id list waiting for cca_catalog_finish(). */
struct idlist {
	char **ids;
	size_t n;
};

struct cca_catalog {
	char *xsd_path;
	xmlSchemaPtr schema;          /* parsed on the first load that validates */
	const struct cca_catalog_image *image;  /* cca_catalog_use_image, or NULL */
	bool adopted;                 /* the records are image's (static strings) */
	char *version;                /* "id version" of the first file */
	struct cca_catalog_file *files;
	size_t nfiles;
	bool finished;

	struct cca_framework *fws;
	size_t nfws;
	struct cca_control *controls;
	struct idlist *related;       /* per control, until finish */
	size_t ncontrols;
	struct cca_rule *rules;
	struct idlist *maps;          /* per rule, until finish */
	size_t nrules;

	size_t *control_order;        /* indexes sorted by id, after finish */
	size_t *rule_order;
};

/* ---- small helpers ------------------------------------------------------ */

static void idlist_release(struct idlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->ids[i]);
	free(l->ids);
	l->ids = NULL;
	l->n = 0;
}

/* Split text on whitespace into l (appending). */
static void idlist_split(struct idlist *l, const char *text)
{
	const char *p = text;

	while (*p) {
		size_t n;

		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		n = strcspn(p, " \t\r\n");
		if (!n)
			break;
		l->ids = cca_xreallocarray(l->ids, l->n + 1, sizeof *l->ids);
		l->ids[l->n++] = cca_xstrndup(p, n);
		p += n;
	}
}

/* The value of attribute name of node, whitespace-trimmed, or NULL. */
static char *attr(xmlNodePtr node, const char *name)
{
	xmlChar *v = xmlGetProp(node, (const xmlChar *)name);
	char *s;

	if (!v)
		return NULL;
	s = cca_xstrdup_trim((const char *)v);
	xmlFree(v);
	return s;
}

/* Text content of node with runs of whitespace folded to one space. */
static char *text_of(xmlNodePtr node)
{
	xmlChar *v = xmlNodeGetContent(node);
	struct cca_buf b;
	bool space = false;

	cca_buf_init(&b);
	for (const char *p = v ? (const char *)v : ""; *p; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			space = b.len > 0;
			continue;
		}
		if (space)
			cca_buf_putc(&b, ' ');
		space = false;
		cca_buf_putc(&b, *p);
	}
	xmlFree(v);
	return cca_buf_detach(&b);
}

static bool is_elem(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->ns &&
	       strcmp((const char *)n->ns->href, NS) == 0 &&
	       strcmp((const char *)n->name, name) == 0;
}

static unsigned parse_roles(const char *s)
{
	struct idlist l = { 0 };
	unsigned roles = 0, bit;

	idlist_split(&l, s ? s : "");
	for (size_t i = 0; i < l.n; i++)
		if (cca_role_parse(l.ids[i], &bit) == 0)
			roles |= bit;
	idlist_release(&l);
	return roles;
}

static unsigned parse_levels(const char *s)
{
	unsigned levels = 0;

	for (const char *p = s ? s : ""; *p; p++)
		if (*p >= '1' && *p <= '0' + CCA_LEVEL_MAX)
			levels |= CCA_LEVEL_BIT(*p - '0');
	return levels;
}

/* ---- schema validation -------------------------------------------------- */

/* First error reported by libxml2 during one parse or validation. */
struct first_error {
	char msg[512];
	int line;
	bool set;
};

static void collect_error(void *ctx, xmlErrorPtr e)
{
	struct first_error *fe = ctx;
	size_t n;

	if (fe->set || !e || e->level < XML_ERR_ERROR)
		return;
	fe->set = true;
	fe->line = e->line;
	snprintf(fe->msg, sizeof fe->msg, "%s", e->message ? e->message : "invalid XML");
	n = strlen(fe->msg);
	while (n && (fe->msg[n - 1] == '\n' || fe->msg[n - 1] == ' '))
		fe->msg[--n] = '\0';
}

static int load_schema(struct cca_catalog *cat, struct cca_error *err)
{
	struct first_error fe = { .set = false };
	xmlSchemaParserCtxtPtr pctx;
	char *data;
	size_t len;

	if (cat->schema)
		return 0;
	if (cca_file_read(cat->xsd_path, CATALOG_MAX_BYTES, &data, &len, err) < 0)
		return cca_error_prefix(err, "cannot load the catalog schema: ");
	pctx = xmlSchemaNewMemParserCtxt(data, (int)len);
	if (!pctx) {
		free(data);
		return cca_error_set(err, CCA_ENOMEM, "cannot load '%s'", cat->xsd_path);
	}
	xmlSchemaSetParserStructuredErrors(pctx, collect_error, &fe);
	cat->schema = xmlSchemaParse(pctx);
	xmlSchemaFreeParserCtxt(pctx);
	free(data);
	if (!cat->schema)
		return cca_error_set(err, CCA_EINPUT, "%s:%d: invalid schema: %s",
				     cat->xsd_path, fe.line,
				     fe.set ? fe.msg : "cannot parse");
	return 0;
}

static int validate(struct cca_catalog *cat, xmlDocPtr doc, const char *path,
		    struct cca_error *err)
{
	struct first_error fe = { .set = false };
	xmlSchemaValidCtxtPtr vctx = xmlSchemaNewValidCtxt(cat->schema);
	int rc;

	if (!vctx)
		return cca_error_set(err, CCA_ENOMEM, "cannot validate '%s'", path);
	xmlSchemaSetValidStructuredErrors(vctx, collect_error, &fe);
	rc = xmlSchemaValidateDoc(vctx, doc);
	xmlSchemaFreeValidCtxt(vctx);
	if (rc != 0)
		return cca_error_set(err, CCA_EINPUT, "%s:%d: %s", path, fe.line,
				     fe.set ? fe.msg : "does not match the catalog schema");
	return 0;
}

/* ---- building the model ------------------------------------------------- */

struct cca_catalog *cca_catalog_new(const char *xsd_path)
{
	struct cca_catalog *cat = cca_xcalloc(1, sizeof *cat);

	cat->xsd_path = cca_xstrdup(xsd_path);
	return cat;
}

void cca_catalog_use_image(struct cca_catalog *cat, const struct cca_catalog_image *img)
{
	cat->image = img;
}

/* A heap copy of the n elements of size bytes at v (NULL when n is 0). */
static void *memdup(const void *v, size_t n, size_t size)
{
	void *r;

	if (!n)
		return NULL;
	r = cca_xreallocarray(NULL, n, size);
	memcpy(r, v, n * size);
	return r;
}

/*
 * Take the records of the image for the only file loaded: the arrays of
 * records are copied (their file is the path read), strings and index
 * arrays stay the image's.  The catalog is then finished.
 */
static void adopt(struct cca_catalog *cat)
{
	const struct cca_catalog_image *img = cat->image;
	const char *path = cat->files[0].path;

	cat->fws = memdup(img->fws, img->nfws, sizeof *img->fws);
	cat->nfws = img->nfws;
	cat->controls = memdup(img->controls, img->ncontrols, sizeof *img->controls);
	cat->ncontrols = img->ncontrols;
	cat->rules = memdup(img->rules, img->nrules, sizeof *img->rules);
	cat->nrules = img->nrules;
	for (size_t i = 0; i < cat->nfws; i++)
		cat->fws[i].file = path;
	for (size_t i = 0; i < cat->ncontrols; i++)
		cat->controls[i].file = path;
	for (size_t i = 0; i < cat->nrules; i++)
		cat->rules[i].file = path;
	cat->related = cca_xcalloc(cat->ncontrols ? cat->ncontrols : 1, sizeof *cat->related);
	cat->maps = cca_xcalloc(cat->nrules ? cat->nrules : 1, sizeof *cat->maps);
	cat->control_order = memdup(img->control_order, img->ncontrols, sizeof(size_t));
	cat->rule_order = memdup(img->rule_order, img->nrules, sizeof(size_t));
	cat->version = cca_xstrdup(img->version);
	cat->adopted = true;
	cat->finished = true;
}

/*
 * Make the adopted records what loading their file would have made: every
 * string a copy of its own, mappings and relations back in the id lists
 * that cca_catalog_finish() resolves, the catalog unfinished.
 */
static void thaw(struct cca_catalog *cat)
{
	for (size_t i = 0; i < cat->nfws; i++) {
		struct cca_framework *f = &cat->fws[i];
		struct cca_group *g = memdup(f->groups, f->ngroups, sizeof *f->groups);

		for (size_t k = 0; k < f->ngroups; k++) {
			g[k].id = cca_xstrdup(g[k].id);
			g[k].title = cca_xstrdup(g[k].title);
		}
		f->groups = g;
		f->id = cca_xstrdup(f->id);
		f->title = cca_xstrdup(f->title);
		f->version = cca_xstrdup(f->version);
		f->file = cca_xstrdup(f->file);
	}
	for (size_t i = 0; i < cat->ncontrols; i++) {
		struct cca_control *c = &cat->controls[i];
		struct idlist *l = &cat->related[i];

		for (size_t k = 0; k < c->nrelated; k++) {
			l->ids = cca_xreallocarray(l->ids, l->n + 1, sizeof *l->ids);
			l->ids[l->n++] = cca_xstrdup(cat->controls[c->related[k]].id);
		}
		c->rules = c->related = NULL;
		c->nrules = c->nrelated = 0;
		c->id = cca_xstrdup(c->id);
		c->ref = cca_xstrdup(c->ref);
		c->title = cca_xstrdup(c->title);
		c->description = cca_xstrdup(c->description);
		c->file = cca_xstrdup(c->file);
	}
	for (size_t i = 0; i < cat->nrules; i++) {
		struct cca_rule *r = &cat->rules[i];
		struct idlist *l = &cat->maps[i];
		struct cca_param *p = memdup(r->params, r->nparams, sizeof *r->params);

		for (size_t k = 0; k < r->ncontrols; k++) {
			l->ids = cca_xreallocarray(l->ids, l->n + 1, sizeof *l->ids);
			l->ids[l->n++] = cca_xstrdup(cat->image->controls[r->controls[k]].id);
		}
		for (size_t k = 0; k < r->nparams; k++) {
			p[k].name = cca_xstrdup(p[k].name);
			p[k].value = cca_xstrdup(p[k].value);
		}
		r->params = p;
		r->controls = NULL;
		r->ncontrols = 0;
		r->levels = 0;
		r->id = cca_xstrdup(r->id);
		r->check = cca_xstrdup(r->check);
		r->title = cca_xstrdup(r->title);
		r->description = cca_xstrdup(r->description);
		r->remediation = cca_xstrdup(r->remediation);
		r->file = cca_xstrdup(r->file);
	}
	free(cat->control_order);
	free(cat->rule_order);
	cat->control_order = cat->rule_order = NULL;
	cat->adopted = false;
	cat->finished = false;
}

static int dup_error(struct cca_error *err, const char *path, unsigned line,
		     const char *kind, const char *id, const char *ofile,
		     unsigned oline)
{
	return cca_error_set(err, CCA_EINPUT,
			     "%s:%u: duplicate %s id '%s' (first defined at %s:%u)",
			     path, line, kind, id, ofile, oline);
}

static int add_control(struct cca_catalog *cat, xmlNodePtr node, size_t fw,
		       const char *path, struct cca_error *err)
{
	struct cca_framework *f = &cat->fws[fw];
	struct cca_control *c;
	char *id = attr(node, "id"), *group = attr(node, "group");
	char *roles = attr(node, "roles"), *levels = attr(node, "levels");
	unsigned line = (unsigned)xmlGetLineNo(node);
	long g = -1;
	int rc = 0;

	for (size_t i = 0; i < cat->ncontrols; i++)
		if (strcmp(cat->controls[i].id, id) == 0) {
			rc = dup_error(err, path, line, "control", id,
				       cat->controls[i].file, cat->controls[i].line);
			goto out;
		}
	for (size_t i = 0; i < f->ngroups; i++)
		if (strcmp(f->groups[i].id, group) == 0)
			g = (long)i;
	if (g < 0) {
		rc = cca_error_set(err, CCA_EINPUT,
				   "%s:%u: control '%s' names unknown group '%s' of framework '%s'",
				   path, line, id, group, f->id);
		goto out;
	}
	cat->controls = cca_xreallocarray(cat->controls, cat->ncontrols + 1,
					  sizeof *cat->controls);
	cat->related = cca_xreallocarray(cat->related, cat->ncontrols + 1,
					 sizeof *cat->related);
	c = &cat->controls[cat->ncontrols];
	memset(c, 0, sizeof *c);
	memset(&cat->related[cat->ncontrols], 0, sizeof *cat->related);
	c->id = id;
	id = NULL;
	c->ref = attr(node, "ref");
	c->framework = fw;
	c->group = (size_t)g;
	c->levels = parse_levels(levels);
	c->roles = parse_roles(roles);
	c->file = cca_xstrdup(path);
	c->line = line;
	for (xmlNodePtr k = node->children; k; k = k->next) {
		if (is_elem(k, "title"))
			c->title = text_of(k);
		else if (is_elem(k, "description"))
			c->description = text_of(k);
		else if (is_elem(k, "related")) {
			char *t = text_of(k);

			idlist_split(&cat->related[cat->ncontrols], t);
			free(t);
		}
	}
	cat->ncontrols++;
out:
	free(id);
	free(group);
	free(roles);
	free(levels);
	return rc;
}

static int add_framework(struct cca_catalog *cat, xmlNodePtr node,
			 const char *path, struct cca_error *err)
{
	struct cca_framework *f;
	struct cca_group *groups = NULL;
	size_t ngroups = 0, fw;
	char *id = attr(node, "id");
	unsigned line = (unsigned)xmlGetLineNo(node);

	for (size_t i = 0; i < cat->nfws; i++)
		if (strcmp(cat->fws[i].id, id) == 0) {
			int rc = dup_error(err, path, line, "framework", id,
					   cat->fws[i].file, cat->fws[i].line);
			free(id);
			return rc;
		}
	for (xmlNodePtr k = node->children; k; k = k->next)
		if (is_elem(k, "group")) {
			groups = cca_xreallocarray(groups, ngroups + 1, sizeof *groups);
			groups[ngroups].id = attr(k, "id");
			groups[ngroups].title = attr(k, "title");
			ngroups++;
		}
	cat->fws = cca_xreallocarray(cat->fws, cat->nfws + 1, sizeof *cat->fws);
	fw = cat->nfws++;
	f = &cat->fws[fw];
	f->id = id;
	f->title = attr(node, "title");
	f->version = attr(node, "version");
	f->groups = groups;
	f->ngroups = ngroups;
	f->file = cca_xstrdup(path);
	f->line = line;
	for (xmlNodePtr k = node->children; k; k = k->next)
		if (is_elem(k, "control") && add_control(cat, k, fw, path, err) < 0)
			return -1;
	return 0;
}

static int add_rule(struct cca_catalog *cat, xmlNodePtr node, const char *path,
		    struct cca_error *err)
{
	struct cca_rule *r;
	struct cca_param *params = NULL;
	size_t nparams = 0;
	char *id = attr(node, "id"), *manual = attr(node, "manual");
	char *sev = attr(node, "severity"), *roles = attr(node, "roles");
	char *check = attr(node, "check");
	unsigned line = (unsigned)xmlGetLineNo(node);
	bool is_manual = manual && (strcmp(manual, "true") == 0 || strcmp(manual, "1") == 0);
	int rc = 0;

	for (size_t i = 0; i < cat->nrules; i++)
		if (strcmp(cat->rules[i].id, id) == 0) {
			rc = dup_error(err, path, line, "rule", id,
				       cat->rules[i].file, cat->rules[i].line);
			goto out;
		}
	if (is_manual == (check != NULL)) {
		rc = cca_error_set(err, CCA_EINPUT,
				   "%s:%u: rule '%s' must have either a check or manual=\"true\", not %s",
				   path, line, id, is_manual ? "both" : "neither");
		goto out;
	}
	cat->rules = cca_xreallocarray(cat->rules, cat->nrules + 1, sizeof *cat->rules);
	cat->maps = cca_xreallocarray(cat->maps, cat->nrules + 1, sizeof *cat->maps);
	r = &cat->rules[cat->nrules];
	memset(r, 0, sizeof *r);
	memset(&cat->maps[cat->nrules], 0, sizeof *cat->maps);
	r->id = id;
	id = NULL;
	r->check = check;
	check = NULL;
	r->manual = is_manual;
	if (cca_severity_parse(sev, &r->severity) < 0)
		r->severity = CCA_SEV_MEDIUM;  /* unreachable: the XSD restricts it */
	r->roles = parse_roles(roles);
	r->file = cca_xstrdup(path);
	r->line = line;
	for (xmlNodePtr k = node->children; k; k = k->next) {
		if (is_elem(k, "title"))
			r->title = text_of(k);
		else if (is_elem(k, "description"))
			r->description = text_of(k);
		else if (is_elem(k, "remediation"))
			r->remediation = text_of(k);
		else if (is_elem(k, "maps")) {
			char *t = text_of(k);

			idlist_split(&cat->maps[cat->nrules], t);
			free(t);
		} else if (is_elem(k, "param")) {
			params = cca_xreallocarray(params, nparams + 1, sizeof *params);
			params[nparams].name = attr(k, "name");
			params[nparams].value = text_of(k);
			nparams++;
		}
	}
	r->params = params;
	r->nparams = nparams;
	cat->nrules++;
out:
	free(id);
	free(manual);
	free(sev);
	free(roles);
	free(check);
	return rc;
}

/* The first "<!DOCTYPE" in the len bytes at data, or NULL. */
static const char *find_doctype(const char *data, size_t len)
{
	static const char word[] = "<!DOCTYPE";
	const char *p = data, *end = data + len;

	while ((p = memchr(p, '<', (size_t)(end - p))) && (size_t)(end - p) >= sizeof word - 1) {
		if (memcmp(p, word, sizeof word - 1) == 0)
			return p;
		p++;
	}
	return NULL;
}

/*
 * Whether the file at path, about to be cat's first, has the bytes of its
 * image: compared in place (mapped, not read into memory of our own), so
 * that the shipped catalog costs a comparison at every start.  False for
 * anything else, which is then read as always.
 */
static bool file_is_image(const struct cca_catalog *cat, const char *path)
{
	const struct cca_catalog_image *img = cat->image;
	struct stat st;
	bool same = false;
	void *map;
	int fd;

	if (!img || !img->size || cat->nfiles ||
	    (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return false;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size == img->size &&
	    (map = mmap(NULL, img->size, PROT_READ, MAP_PRIVATE, fd, 0)) != MAP_FAILED) {
		same = memcmp(map, img->data, img->size) == 0;
		munmap(map, img->size);
	}
	close(fd);
	return same;
}

int cca_catalog_load(struct cca_catalog *cat, const char *path,
		     struct cca_error *err)
{
	char *data;
	size_t len;
	int rc;

	if (file_is_image(cat, path))
		return cca_catalog_load_data(cat, path, cat->image->data, cat->image->size, err);
	if (cca_file_read(path, CATALOG_MAX_BYTES, &data, &len, err) < 0) {
		struct cca_error schema_err;

		/* The schema's own failure, if any, is the one to report. */
		if (load_schema(cat, &schema_err) < 0)
			*err = schema_err;
		return -1;
	}
	rc = cca_catalog_load_data(cat, path, data, len, err);
	free(data);
	return rc;
}

/* Whether the len bytes at data, about to be cat's first file, are those
 * of its image (kept in the image). */
static bool is_image(const struct cca_catalog *cat, const char *data, size_t len)
{
	const struct cca_catalog_image *img = cat->image;

	return img && cat->nfiles == 1 && len == img->size &&
	       (data == img->data || memcmp(data, img->data, len) == 0);
}

int cca_catalog_load_data(struct cca_catalog *cat, const char *path,
			  const char *data, size_t len, struct cca_error *err)
{
	struct first_error fe = { .set = false };
	struct cca_catalog_file *file;
	xmlParserCtxtPtr pctx;
	xmlDocPtr doc;
	xmlNodePtr root;
	const char *doctype;
	unsigned doctype_line;
	int rc = -1;

	if (cat->adopted)
		thaw(cat);
	if (cat->finished)
		return cca_error_set(err, CCA_EINTERNAL,
				     "catalog '%s' loaded after the catalog was finished", path);
	if (len > CATALOG_MAX_BYTES || len > INT_MAX)
		return cca_error_set(err, CCA_ETOOBIG, "catalog '%s' is over %u bytes", path,
				     (unsigned)CATALOG_MAX_BYTES);
	cat->files = cca_xreallocarray(cat->files, cat->nfiles + 1, sizeof *cat->files);
	file = &cat->files[cat->nfiles++];
	file->path = cca_xstrdup(path);
	file->size = len;
	if (is_image(cat, data, len)) {
		/* The image's bytes, compared rather than hashed: its digest holds. */
		file->data = cat->image->data;
		memcpy(file->sha256, cat->image->sha256, sizeof file->sha256);
		adopt(cat);
		return 0;
	}
	file->data = cca_xstrndup(data, len);
	cca_sha256_hex(data, len, file->sha256);
	if (load_schema(cat, err) < 0)
		return -1;
	doctype = find_doctype(data, len);
	doctype_line = doctype ? cca_line_of(data, (size_t)(doctype - data)) : 1;
	pctx = xmlNewParserCtxt();
	if (!pctx)
		return cca_error_set(err, CCA_ENOMEM, "cannot parse '%s'", path);
	doc = xmlCtxtReadMemory(pctx, data, (int)len, path, NULL,
				XML_PARSE_NONET | XML_PARSE_NOERROR |
				XML_PARSE_NOWARNING);
	if (!doc) {
		collect_error(&fe, xmlCtxtGetLastError(pctx));
		cca_error_set(err, CCA_EINPUT, "%s:%d: %s", path, fe.line,
			      fe.set ? fe.msg : "not a well-formed XML document");
		goto out;
	}
	root = xmlDocGetRootElement(doc);
	if (doc->intSubset || doc->extSubset) {
		/* Catalogs never need a DTD; refusing one keeps entity tricks out. */
		cca_error_set(err, CCA_EINPUT,
			      "%s:%u: a catalog must not have a document type declaration",
			      path, doctype_line);
		goto out;
	}
	if (validate(cat, doc, path, err) < 0)
		goto out;
	if (!cat->version) {
		char *id = attr(root, "id"), *v = attr(root, "version");

		cat->version = cca_xasprintf("%s %s", id, v);
		free(id);
		free(v);
	}
	for (xmlNodePtr k = root->children; k; k = k->next) {
		if (is_elem(k, "framework") && add_framework(cat, k, path, err) < 0)
			goto out;
		if (is_elem(k, "rule") && add_rule(cat, k, path, err) < 0)
			goto out;
	}
	rc = 0;
out:
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(pctx);
	return rc;
}

/* ---- finishing: resolve, index, verify ---------------------------------- */

static const struct cca_catalog *sort_cat;  /* qsort has no context argument */

static int cmp_control_id(const void *a, const void *b)
{
	return strcmp(sort_cat->controls[*(const size_t *)a].id,
		      sort_cat->controls[*(const size_t *)b].id);
}

static int cmp_rule_id(const void *a, const void *b)
{
	return strcmp(sort_cat->rules[*(const size_t *)a].id,
		      sort_cat->rules[*(const size_t *)b].id);
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/* Sort v[0..*n) ascending and drop repeats. */
static void sort_unique(size_t *v, size_t *n)
{
	size_t k = 0;

	if (!*n)
		return;
	qsort(v, *n, sizeof *v, cmp_size);
	for (size_t i = 1; i < *n; i++)
		if (v[i] != v[k])
			v[++k] = v[i];
	*n = k + 1;
}

/* Append x to the size_t array behind *v (cast away the public const). */
static void push_index(const size_t **v, size_t *n, size_t x)
{
	size_t *a = (size_t *)*v;

	a = cca_xreallocarray(a, *n + 1, sizeof *a);
	a[(*n)++] = x;
	*v = a;
}

int cca_catalog_finish(struct cca_catalog *cat, struct cca_error *err)
{
	long csvs = cca_catalog_find_framework(cat, CCA_FW_CSVS);

	if (cat->adopted)
		return 0;   /* the image was finished when it was made */
	/* Build the id indexes first so lookups below are logarithmic. */
	cat->control_order = cca_xcalloc(cat->ncontrols, sizeof(size_t));
	cat->rule_order = cca_xcalloc(cat->nrules, sizeof(size_t));
	for (size_t i = 0; i < cat->ncontrols; i++)
		cat->control_order[i] = i;
	for (size_t i = 0; i < cat->nrules; i++)
		cat->rule_order[i] = i;
	sort_cat = cat;
	qsort(cat->control_order, cat->ncontrols, sizeof(size_t), cmp_control_id);
	qsort(cat->rule_order, cat->nrules, sizeof(size_t), cmp_rule_id);
	cat->finished = true;

	for (size_t i = 0; i < cat->ncontrols; i++) {
		struct cca_control *c = &cat->controls[i];
		struct idlist *l = &cat->related[i];

		for (size_t k = 0; k < l->n; k++) {
			long j = cca_catalog_find_control(cat, l->ids[k]);

			if (j < 0)
				return cca_error_set(err, CCA_EINPUT,
						     "%s:%u: control '%s' is related to unknown control '%s'",
						     c->file, c->line, c->id, l->ids[k]);
			if ((size_t)j == i)
				continue;
			push_index(&c->related, &c->nrelated, (size_t)j);
			push_index(&cat->controls[j].related,
				   &cat->controls[j].nrelated, i);
		}
	}
	for (size_t i = 0; i < cat->nrules; i++) {
		struct cca_rule *r = &cat->rules[i];
		struct idlist *l = &cat->maps[i];

		if (r->check && !cca_check_find(r->check))
			return cca_error_set(err, CCA_EINPUT,
					     "%s:%u: rule '%s' names unknown check '%s'",
					     r->file, r->line, r->id, r->check);
		for (size_t k = 0; k < l->n; k++) {
			long j = cca_catalog_find_control(cat, l->ids[k]);

			if (j < 0)
				return cca_error_set(err, CCA_EINPUT,
						     "%s:%u: rule '%s' maps unknown control '%s'",
						     r->file, r->line, r->id, l->ids[k]);
			push_index(&r->controls, &r->ncontrols, (size_t)j);
			push_index(&cat->controls[j].rules,
				   &cat->controls[j].nrules, i);
		}
		sort_unique((size_t *)r->controls, &r->ncontrols);
		for (size_t k = 0; k < r->ncontrols; k++) {
			const struct cca_control *c = &cat->controls[r->controls[k]];

			if (csvs >= 0 && c->framework == (size_t)csvs)
				r->levels |= c->levels;
		}
	}
	for (size_t i = 0; i < cat->ncontrols; i++) {
		struct cca_control *c = &cat->controls[i];

		sort_unique((size_t *)c->related, &c->nrelated);
		sort_unique((size_t *)c->rules, &c->nrules);
		if (!c->nrules)
			return cca_error_set(err, CCA_EINPUT,
					     "%s:%u: control '%s' is not reached by any rule "
					     "(add a manual rule that maps it)",
					     c->file, c->line, c->id);
	}
	return 0;
}

/* ---- access ------------------------------------------------------------- */

const char *cca_catalog_version(const struct cca_catalog *cat)
{
	return cat->version ? cat->version : "";
}

size_t cca_catalog_nfiles(const struct cca_catalog *cat) { return cat->nfiles; }

const struct cca_catalog_file *cca_catalog_file(const struct cca_catalog *cat, size_t i)
{
	return i < cat->nfiles ? &cat->files[i] : NULL;
}

size_t cca_catalog_nframeworks(const struct cca_catalog *cat) { return cat->nfws; }
size_t cca_catalog_ncontrols(const struct cca_catalog *cat) { return cat->ncontrols; }
size_t cca_catalog_nrules(const struct cca_catalog *cat) { return cat->nrules; }

const size_t *cca_catalog_control_order(const struct cca_catalog *cat)
{
	return cat->control_order;
}

const size_t *cca_catalog_rule_order(const struct cca_catalog *cat)
{
	return cat->rule_order;
}

const struct cca_framework *cca_catalog_framework(const struct cca_catalog *cat, size_t i)
{
	return i < cat->nfws ? &cat->fws[i] : NULL;
}

const struct cca_control *cca_catalog_control(const struct cca_catalog *cat, size_t i)
{
	return i < cat->ncontrols ? &cat->controls[i] : NULL;
}

const struct cca_rule *cca_catalog_rule(const struct cca_catalog *cat, size_t i)
{
	return i < cat->nrules ? &cat->rules[i] : NULL;
}

long cca_catalog_find_framework(const struct cca_catalog *cat, const char *id)
{
	for (size_t i = 0; i < cat->nfws; i++)
		if (strcmp(cat->fws[i].id, id) == 0)
			return (long)i;
	return -1;
}

/*
 * Index of the record whose id is id, among n records of stride bytes at
 * arr (each begins with its "const char *id").  order lists them sorted by
 * id once the catalog is finished; before that the search is linear.
 */
static long find_id(const struct cca_catalog *cat, const void *arr,
		    size_t stride, const size_t *order, size_t n, const char *id)
{
	size_t lo = 0, hi = n;

#define ID_AT(i) (*(const char *const *)((const char *)arr + (i) * stride))
	if (!cat->finished) {
		for (size_t i = 0; i < n; i++)
			if (strcmp(ID_AT(i), id) == 0)
				return (long)i;
		return -1;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(ID_AT(order[mid]), id);

		if (c == 0)
			return (long)order[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
#undef ID_AT
	return -1;
}

long cca_catalog_find_control(const struct cca_catalog *cat, const char *id)
{
	return find_id(cat, cat->controls, sizeof *cat->controls,
		       cat->control_order, cat->ncontrols, id);
}

long cca_catalog_find_rule(const struct cca_catalog *cat, const char *id)
{
	return find_id(cat, cat->rules, sizeof *cat->rules, cat->rule_order,
		       cat->nrules, id);
}

const struct cca_framework *cca_control_framework(const struct cca_catalog *cat,
						  const struct cca_control *c)
{
	return &cat->fws[c->framework];
}

const char *cca_rule_param(const struct cca_rule *r, const char *name)
{
	for (size_t i = 0; i < r->nparams; i++)
		if (strcmp(r->params[i].name, name) == 0)
			return r->params[i].value;
	return NULL;
}

/* ---- teardown ----------------------------------------------------------- */

#define FREE_CONST(p) free((void *)(p))

void cca_catalog_free(struct cca_catalog *cat)
{
	if (!cat)
		return;
	/* Adopted records own nothing but the arrays that hold them. */
	for (size_t i = 0; !cat->adopted && i < cat->nfws; i++) {
		struct cca_framework *f = &cat->fws[i];

		for (size_t g = 0; g < f->ngroups; g++) {
			FREE_CONST(f->groups[g].id);
			FREE_CONST(f->groups[g].title);
		}
		FREE_CONST(f->groups);
		FREE_CONST(f->id);
		FREE_CONST(f->title);
		FREE_CONST(f->version);
		FREE_CONST(f->file);
	}
	for (size_t i = 0; !cat->adopted && i < cat->ncontrols; i++) {
		struct cca_control *c = &cat->controls[i];

		FREE_CONST(c->id);
		FREE_CONST(c->ref);
		FREE_CONST(c->title);
		FREE_CONST(c->description);
		FREE_CONST(c->rules);
		FREE_CONST(c->related);
		FREE_CONST(c->file);
		idlist_release(&cat->related[i]);
	}
	for (size_t i = 0; !cat->adopted && i < cat->nrules; i++) {
		struct cca_rule *r = &cat->rules[i];

		FREE_CONST(r->id);
		FREE_CONST(r->check);
		FREE_CONST(r->title);
		FREE_CONST(r->description);
		FREE_CONST(r->remediation);
		FREE_CONST(r->controls);
		for (size_t k = 0; k < r->nparams; k++) {
			FREE_CONST(r->params[k].name);
			FREE_CONST(r->params[k].value);
		}
		FREE_CONST(r->params);
		FREE_CONST(r->file);
		idlist_release(&cat->maps[i]);
	}
	for (size_t i = 0; i < cat->nfiles; i++) {
		FREE_CONST(cat->files[i].path);
		if (!cat->image || cat->files[i].data != cat->image->data)
			FREE_CONST(cat->files[i].data);
	}
	free(cat->files);
	free(cat->fws);
	free(cat->controls);
	free(cat->related);
	free(cat->rules);
	free(cat->maps);
	free(cat->control_order);
	free(cat->rule_order);
	free(cat->version);
	free(cat->xsd_path);
	if (cat->schema)
		xmlSchemaFree(cat->schema);
	free(cat);
}
