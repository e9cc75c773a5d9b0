/*
 * catalog.h - the compliance catalog: frameworks, their controls, and the
 * rules that are evaluated against evidence; profiles and tailoring that
 * select rules.
 *
 * A catalog is loaded from one or more XML files (the shipped catalog, then
 * user catalogs on top), each validated against catalogs/catalog.xsd, then
 * finished: mappings are resolved, check ids are looked up in the check
 * table, and the reverse indexes (control -> rules) are built.  After
 * cca_catalog_finish() the catalog is immutable and every pointer it hands
 * out stays valid until cca_catalog_free().
 *
 * Records are exposed as read-only structs; iterate with the index
 * accessors.  All ordering is deterministic: frameworks, controls and rules
 * keep file order, and user catalogs follow the shipped one.
 */
#ifndef CCAUDIT_CATALOG_H
#define CCAUDIT_CATALOG_H

#include <stdbool.h>
#include <stddef.h>

#include "ccaudit/error.h"

enum cca_severity {
	CCA_SEV_INFO,
	CCA_SEV_LOW,
	CCA_SEV_MEDIUM,
	CCA_SEV_HIGH,
	CCA_SEV_CRITICAL
};
#define CCA_SEV_COUNT 5

/* DevSecOps roles, as a bit set. */
enum cca_role {
	CCA_ROLE_DEVELOPMENT = 1u << 0,
	CCA_ROLE_SECURITY = 1u << 1,
	CCA_ROLE_OPERATIONS = 1u << 2
};
#define CCA_ROLE_COUNT 3
#define CCA_ROLE_ALL 7u

/* CSVS levels, as a bit set: bit (1 << L) for level L in 1..3. */
#define CCA_LEVEL_BIT(l) (1u << (l))
#define CCA_LEVEL_MAX 3

/* Well-known framework ids of the shipped catalog. */
#define CCA_FW_CSVS "csvs"
#define CCA_FW_NIST "nist-800-190"
#define CCA_FW_USECASES "usecases"

struct cca_group {
	const char *id;     /* "V1", "image", "A" */
	const char *title;
};

struct cca_framework {
	const char *id;
	const char *title;
	const char *version;
	const struct cca_group *groups;
	size_t ngroups;
	const char *file;   /* catalog file that declared it */
	unsigned line;
};

struct cca_control {
	const char *id;          /* "csvs-3.11", "nist-4.1.3", "uc-B3" */
	const char *ref;         /* the standard's own number: "3.11", "4.1.3", "B3" */
	size_t framework;        /* index into the catalog's frameworks */
	size_t group;            /* index into that framework's groups */
	const char *title;
	const char *description;
	unsigned levels;         /* CCA_LEVEL_BIT set; 0 when the framework has no levels */
	unsigned roles;          /* enum cca_role bits: the default owners */
	const size_t *rules;     /* rules that map this control, ascending */
	size_t nrules;
	const size_t *related;   /* controls declared related (both directions), ascending */
	size_t nrelated;
	const char *file;
	unsigned line;
};

struct cca_param {
	const char *name;
	const char *value;
};

struct cca_rule {
	const char *id;          /* "manual.csvs-1.1", "dockerfile.add-instead-of-copy" */
	const char *check;       /* check-table id; NULL for a manual rule */
	bool manual;             /* answered by attestation */
	enum cca_severity severity;
	unsigned roles;
	const char *title;
	const char *description;
	const char *remediation;
	const size_t *controls;  /* mapped controls, ascending */
	size_t ncontrols;
	const struct cca_param *params;  /* defaults, in file order */
	size_t nparams;
	unsigned levels;         /* union of the levels of mapped CSVS controls */
	const char *file;
	unsigned line;
};

/* A file the catalog was loaded from, with the hash of the bytes read. */
struct cca_catalog_file {
	const char *path;
	size_t size;
	char sha256[65];
	const char *data;   /* the size bytes read (a stored run keeps them) */
};

struct cca_catalog;

/* An empty catalog; xsd_path is the schema every loaded file must match. */
struct cca_catalog *cca_catalog_new(const char *xsd_path);
void cca_catalog_free(struct cca_catalog *cat);

/*
 * A finished catalog of one file compiled into the program: catalog-stamp
 * writes it for the shipped catalog when ccaudit is built, from the records
 * the loader made of that file.  Every string and array is static; the
 * records' file is NULL (the loader sets the path it read).
 */
struct cca_catalog_image {
	const char *sha256;           /* of the file's bytes */
	const char *data;             /* the file's bytes */
	size_t size;
	const char *version;          /* "id version" */
	const struct cca_framework *fws;
	size_t nfws;
	const struct cca_control *controls;
	size_t ncontrols;
	const struct cca_rule *rules;
	size_t nrules;
	const size_t *control_order;  /* control indexes sorted by id */
	const size_t *rule_order;     /* rule indexes sorted by id */
};

/*
 * Take the records of img (borrowed: it must outlive cat) instead of
 * parsing the file when the first file cca_catalog_load() reads has the
 * bytes of img: that file is still compared, and its cca_catalog_file has
 * img's bytes and digest, but it is not parsed, validated or resolved
 * again (the schema is then not even parsed).  A file
 * loaded after it is added as always (the records of img are then copied).
 * NULL, the default, parses every file.
 */
void cca_catalog_use_image(struct cca_catalog *cat, const struct cca_catalog_image *img);

/*
 * Parse and validate the catalog file at path (unless it has the bytes
 * of the image, see cca_catalog_use_image) and add its frameworks, controls and rules.
 * Fails (CCA_EINPUT, message "FILE:LINE: ...") on a schema violation or a
 * duplicate id; the catalog is then unusable.  A schema that cannot be
 * loaded is reported before a catalog file that cannot be read.
 * No network access and no external entities are ever loaded.
 */
int cca_catalog_load(struct cca_catalog *cat, const char *path,
		     struct cca_error *err);
/* The same for len bytes already read (a stored run's catalog); path names them. */
int cca_catalog_load_data(struct cca_catalog *cat, const char *path,
			  const char *data, size_t len, struct cca_error *err);

/*
 * Resolve every mapping and check id, build reverse indexes, derive rule
 * levels, and verify that every control is reached by at least one rule.
 * Fails with FILE:LINE of the first dangling mapping, unknown check id or
 * unreached control.
 */
int cca_catalog_finish(struct cca_catalog *cat, struct cca_error *err);

const char *cca_catalog_version(const struct cca_catalog *cat);
/* The files loaded, in load order. */
size_t cca_catalog_nfiles(const struct cca_catalog *cat);
const struct cca_catalog_file *cca_catalog_file(const struct cca_catalog *cat, size_t i);

size_t cca_catalog_nframeworks(const struct cca_catalog *cat);
const struct cca_framework *cca_catalog_framework(const struct cca_catalog *cat, size_t i);
size_t cca_catalog_ncontrols(const struct cca_catalog *cat);
const struct cca_control *cca_catalog_control(const struct cca_catalog *cat, size_t i);
size_t cca_catalog_nrules(const struct cca_catalog *cat);
const struct cca_rule *cca_catalog_rule(const struct cca_catalog *cat, size_t i);
/*
 * The control (rule) indexes sorted by id, as the lookups below search
 * them; NULL before cca_catalog_finish().  catalog-stamp compiles them in.
 */
const size_t *cca_catalog_control_order(const struct cca_catalog *cat);
const size_t *cca_catalog_rule_order(const struct cca_catalog *cat);

/* Index of the item with that id, or -1. */
long cca_catalog_find_framework(const struct cca_catalog *cat, const char *id);
long cca_catalog_find_control(const struct cca_catalog *cat, const char *id);
long cca_catalog_find_rule(const struct cca_catalog *cat, const char *id);

/* The framework a control belongs to. */
const struct cca_framework *cca_control_framework(const struct cca_catalog *cat,
						  const struct cca_control *c);
/* The default value of a rule parameter, or NULL. */
const char *cca_rule_param(const struct cca_rule *r, const char *name);

/* ---- names of enums ---------------------------------------------------- */

const char *cca_severity_name(enum cca_severity s);
/* Parse "info|low|medium|high|critical" (case-insensitive). */
int cca_severity_parse(const char *s, enum cca_severity *out);
const char *cca_role_name(unsigned role_bit);      /* "development" ... */
const char *cca_role_title(unsigned role_bit);     /* "Development" ... */
/* Parse a role name, case-insensitive, unique prefixes allowed. */
int cca_role_parse(const char *s, unsigned *role_bit);
/* Append the names of the roles in bits, ", "-separated, or none when empty. */
struct cca_buf;
void cca_roles_join(struct cca_buf *b, unsigned bits, const char *none);
/* The role bit of index i in 0..CCA_ROLE_COUNT-1. */
unsigned cca_role_at(size_t i);

/* ---- profiles and tailoring -------------------------------------------- */

/*
 * A profile is the set of selected rules with their effective severity and
 * parameters.  Built-in profiles: "all" (every rule), "csvs-l1",
 * "csvs-l2", "csvs-l3" (rules mapping a CSVS requirement of that level, or
 * no CSVS requirement at all).  A role filter and tailoring apply on top.
 */
struct cca_profile;

/* A built-in profile by name; CCA_EUSAGE naming the choices when unknown. */
struct cca_profile *cca_profile_new(const struct cca_catalog *cat,
				    const char *name, struct cca_error *err);
void cca_profile_free(struct cca_profile *p);

const char *cca_profile_name(const struct cca_profile *p);
/* The catalog p was built from (borrowed). */
const struct cca_catalog *cca_profile_catalog(const struct cca_profile *p);
/* The CSVS level the profile targets (1..3), or 0 for "all". */
unsigned cca_profile_level(const struct cca_profile *p);
/* Keep only rules owned by at least one of roles. */
void cca_profile_filter_roles(struct cca_profile *p, unsigned roles);
/* The role filter in force (CCA_ROLE_ALL when none). */
unsigned cca_profile_roles(const struct cca_profile *p);

bool cca_profile_selected(const struct cca_profile *p, size_t rule);
enum cca_severity cca_profile_severity(const struct cca_profile *p, size_t rule);
/* The effective parameter value (tailored, else the rule default), or NULL. */
const char *cca_profile_param(const struct cca_profile *p, size_t rule,
			      const char *name);
size_t cca_profile_nselected(const struct cca_profile *p);

/* Programmatic tailoring, used by both tailoring readers. */
int cca_profile_select(struct cca_profile *p, const char *rule_id, bool on,
		       struct cca_error *err);
int cca_profile_set_severity(struct cca_profile *p, const char *rule_id,
			     enum cca_severity sev, struct cca_error *err);
int cca_profile_set_param(struct cca_profile *p, const char *rule_id,
			  const char *name, const char *value,
			  struct cca_error *err);

/* Tailoring files larger than this are refused. */
#define CCA_TAILORING_MAX_BYTES (8u * 1024 * 1024)

/* A label of the tailoring applied ("custom-l2 from tailor.xml"), or NULL. */
const char *cca_profile_tailoring(const struct cca_profile *p);
void cca_profile_set_tailoring(struct cca_profile *p, const char *label);

/*
 * Apply a tailoring file: ccaudit's own YAML format ("ccaudit-tailoring: 1")
 * or an XCCDF 1.2 <Tailoring> document (recognised by its root element).
 * Unknown rule ids, parameters or values fail with FILE:LINE (CCA_EINPUT).
 * When the file names a base profile it must match p's name or be
 * compatible ("extends"); see ccaudit(1).
 */
int cca_profile_tailor(struct cca_profile *p, const char *path,
		       struct cca_error *err);
/* The same for len bytes already read from path (named in messages). */
int cca_profile_tailor_data(struct cca_profile *p, const char *path,
			    const char *data, size_t len, struct cca_error *err);

/*
 * XCCDF ids: "xccdf_org.ccaudit_rule_<rule id>", "..._profile_<profile>",
 * and "..._value_<rule id>.<param>" for a rule parameter.
 */
#define CCA_XCCDF_NS "org.ccaudit"

#endif
