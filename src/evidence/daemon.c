/*
 * daemon.c - the Docker daemon's settings (daemon.h): daemon.json read and
 * validated as dockerd does, dockerd flags from a command line or from the
 * ExecStart of systemd units and drop-ins, and the merge of the two into
 * one daemon.
 */
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "ccaudit/daemon.h"
#include "ccaudit/evidence.h"
#include "ccaudit/secrets.h"
#include "ccaudit/util.h"
#include "ccaudit/yaml.h"

/* ---- the settings dockerd knows ------------------------------------------------ */

enum type {
	T_BOOL,     /* true / false */
	T_STR,      /* a string */
	T_INT,      /* an integer */
	T_SIZE,     /* bytes: a string ("64M") or a number */
	T_LIST,     /* an array of strings; a flag that repeats */
	T_MAP,      /* an object of strings; a flag of k=v */
	T_OBJ,      /* an object of anything (runtimes, builder ...) */
	T_BOOLMAP,  /* an object of booleans (features) */
	T_ULIMITS,  /* an object of {Name, Soft, Hard}; flag NAME=SOFT[:HARD] */
	T_POOLS,    /* an array of {base, size}; flag base=CIDR,size=N */
	T_PROXIES,  /* an object whose members are settings of their own */
	T_FLAG      /* a flag that is not a setting (--config-file, --validate) */
};

struct known {
	const char *name;     /* the daemon.json key */
	const char *flag;     /* the long flag, when it differs from name; "" none */
	char shortopt;        /* -D, -H ... or 0 */
	enum type type;
	int scalar;           /* enum cca_daemon_key, or -1 */
	int list;             /* enum cca_daemon_list_key, or -1 */
};

/*
 * Every key of the documented Linux and Windows daemon.json references and
 * every flag of `dockerd --help`, sorted by name.
 */
static const struct known known[] = {
	{ "allow-direct-routing", NULL, 0, T_BOOL, -1, -1 },
	{ "allow-nondistributable-artifacts", NULL, 0, T_LIST, -1, -1 },
	{ "api-cors-header", NULL, 0, T_STR, -1, -1 },
	{ "authorization-plugins", "authorization-plugin", 0, T_LIST, -1, CCA_DL_AUTHZ_PLUGINS },
	{ "bip", NULL, 0, T_STR, CCA_D_BIP, -1 },
	{ "bip6", NULL, 0, T_STR, -1, -1 },
	{ "bridge", NULL, 'b', T_STR, CCA_D_BRIDGE, -1 },
	{ "bridge-accept-fwmark", NULL, 0, T_STR, -1, -1 },
	{ "builder", NULL, 0, T_OBJ, -1, -1 },
	{ "cdi-spec-dirs", "cdi-spec-dir", 0, T_LIST, -1, -1 },
	{ "cgroup-parent", NULL, 0, T_STR, -1, -1 },
	{ "config-file", NULL, 0, T_FLAG, -1, -1 },
	{ "containerd", NULL, 0, T_STR, -1, -1 },
	{ "containerd-namespace", NULL, 0, T_STR, -1, -1 },
	{ "containerd-plugins-namespace", NULL, 0, T_STR, -1, -1 },
	{ "cpu-rt-period", NULL, 0, T_INT, -1, -1 },
	{ "cpu-rt-runtime", NULL, 0, T_INT, -1, -1 },
	{ "cri-containerd", NULL, 0, T_BOOL, -1, -1 },
	{ "data-root", NULL, 0, T_STR, -1, -1 },
	{ "debug", NULL, 'D', T_BOOL, CCA_D_DEBUG, -1 },
	{ "default-address-pools", "default-address-pool", 0, T_POOLS, -1, CCA_DL_ADDRESS_POOLS },
	{ "default-cgroupns-mode", NULL, 0, T_STR, -1, -1 },
	{ "default-gateway", NULL, 0, T_STR, -1, -1 },
	{ "default-gateway-v6", NULL, 0, T_STR, -1, -1 },
	{ "default-ipc-mode", NULL, 0, T_STR, -1, -1 },
	{ "default-network-opts", "default-network-opt", 0, T_OBJ, -1, -1 },
	{ "default-runtime", NULL, 0, T_STR, -1, -1 },
	{ "default-shm-size", NULL, 0, T_SIZE, -1, -1 },
	{ "default-ulimits", "default-ulimit", 0, T_ULIMITS, -1, CCA_DL_ULIMITS },
	{ "dns", NULL, 0, T_LIST, -1, -1 },
	{ "dns-opts", "dns-opt", 0, T_LIST, -1, -1 },
	{ "dns-search", NULL, 0, T_LIST, -1, -1 },
	{ "exec-opts", "exec-opt", 0, T_LIST, -1, -1 },
	{ "exec-root", NULL, 0, T_STR, -1, -1 },
	{ "experimental", NULL, 0, T_BOOL, CCA_D_EXPERIMENTAL, -1 },
	{ "features", NULL, 0, T_BOOLMAP, -1, -1 },
	{ "firewall-backend", NULL, 0, T_STR, -1, -1 },
	{ "fixed-cidr", NULL, 0, T_STR, CCA_D_FIXED_CIDR, -1 },
	{ "fixed-cidr-v6", NULL, 0, T_STR, -1, -1 },
	{ "group", NULL, 'G', T_STR, -1, -1 },
	{ "help", NULL, 0, T_FLAG, -1, -1 },
	{ "host-gateway-ip", NULL, 0, T_STR, -1, -1 },
	{ "host-gateway-ips", NULL, 0, T_LIST, -1, -1 },
	{ "hosts", "host", 'H', T_LIST, -1, CCA_DL_HOSTS },
	{ "http-proxy", NULL, 0, T_STR, -1, -1 },
	{ "https-proxy", NULL, 0, T_STR, -1, -1 },
	{ "icc", NULL, 0, T_BOOL, CCA_D_ICC, -1 },
	{ "init", NULL, 0, T_BOOL, -1, -1 },
	{ "init-path", NULL, 0, T_STR, -1, -1 },
	{ "insecure-registries", "insecure-registry", 0, T_LIST, -1, CCA_DL_INSECURE_REGISTRIES },
	{ "ip", NULL, 0, T_STR, CCA_D_IP, -1 },
	{ "ip-forward", NULL, 0, T_BOOL, -1, -1 },
	{ "ip-forward-no-drop", NULL, 0, T_BOOL, -1, -1 },
	{ "ip-masq", NULL, 0, T_BOOL, -1, -1 },
	{ "ip6tables", NULL, 0, T_BOOL, -1, -1 },
	{ "iptables", NULL, 0, T_BOOL, CCA_D_IPTABLES, -1 },
	{ "ipv6", NULL, 0, T_BOOL, -1, -1 },
	{ "labels", "label", 0, T_LIST, -1, -1 },
	{ "live-restore", NULL, 0, T_BOOL, CCA_D_LIVE_RESTORE, -1 },
	{ "log-driver", NULL, 0, T_STR, CCA_D_LOG_DRIVER, -1 },
	{ "log-format", NULL, 0, T_STR, -1, -1 },
	{ "log-level", NULL, 'l', T_STR, CCA_D_LOG_LEVEL, -1 },
	{ "log-opts", "log-opt", 0, T_MAP, -1, CCA_DL_LOG_OPTS },
	{ "max-concurrent-downloads", NULL, 0, T_INT, -1, -1 },
	{ "max-concurrent-uploads", NULL, 0, T_INT, -1, -1 },
	{ "max-download-attempts", NULL, 0, T_INT, -1, -1 },
	{ "metrics-addr", NULL, 0, T_STR, -1, -1 },
	{ "min-api-version", NULL, 0, T_STR, -1, -1 },
	{ "mtu", NULL, 0, T_INT, -1, -1 },
	{ "network-control-plane-mtu", NULL, 0, T_INT, -1, -1 },
	{ "network-diagnostic-port", NULL, 0, T_INT, -1, -1 },
	{ "no-new-privileges", NULL, 0, T_BOOL, CCA_D_NO_NEW_PRIVILEGES, -1 },
	{ "no-proxy", NULL, 0, T_STR, -1, -1 },
	{ "node-generic-resources", "node-generic-resource", 0, T_LIST, -1, -1 },
	{ "oom-score-adjust", NULL, 0, T_INT, -1, -1 },
	{ "pidfile", NULL, 'p', T_STR, -1, -1 },
	{ "proxies", "", 0, T_PROXIES, -1, -1 },
	{ "raw-logs", NULL, 0, T_BOOL, -1, -1 },
	{ "registry-mirrors", "registry-mirror", 0, T_LIST, -1, CCA_DL_REGISTRY_MIRRORS },
	{ "rootless", NULL, 0, T_BOOL, -1, -1 },
	{ "runtimes", "add-runtime", 0, T_OBJ, -1, -1 },
	{ "seccomp-profile", NULL, 0, T_STR, CCA_D_SECCOMP_PROFILE, -1 },
	{ "selinux-enabled", NULL, 0, T_BOOL, CCA_D_SELINUX_ENABLED, -1 },
	{ "shutdown-timeout", NULL, 0, T_INT, -1, -1 },
	{ "storage-driver", NULL, 's', T_STR, CCA_D_STORAGE_DRIVER, -1 },
	{ "storage-opts", "storage-opt", 0, T_LIST, -1, -1 },
	{ "swarm-default-advertise-addr", NULL, 0, T_STR, -1, -1 },
	{ "tls", NULL, 0, T_BOOL, CCA_D_TLS, -1 },
	{ "tlscacert", NULL, 0, T_STR, CCA_D_TLSCACERT, -1 },
	{ "tlscert", NULL, 0, T_STR, CCA_D_TLSCERT, -1 },
	{ "tlskey", NULL, 0, T_STR, CCA_D_TLSKEY, -1 },
	{ "tlsverify", NULL, 0, T_BOOL, CCA_D_TLSVERIFY, -1 },
	{ "userland-proxy", NULL, 0, T_BOOL, CCA_D_USERLAND_PROXY, -1 },
	{ "userland-proxy-path", NULL, 0, T_STR, -1, -1 },
	{ "userns-remap", NULL, 0, T_STR, CCA_D_USERNS_REMAP, -1 },
	{ "validate", NULL, 0, T_FLAG, -1, -1 },
	{ "version", NULL, 'v', T_FLAG, -1, -1 },
};

static const char *const scalar_names[CCA_D_NSCALARS] = {
	"bip", "bridge", "debug", "experimental", "fixed-cidr", "icc", "ip", "iptables",
	"live-restore", "log-driver", "log-level", "no-new-privileges", "seccomp-profile",
	"selinux-enabled", "storage-driver", "tls", "tlscacert", "tlscert", "tlskey",
	"tlsverify", "userland-proxy", "userns-remap",
};

static const char *const list_names[CCA_DL_NLISTS] = {
	"authorization-plugins", "default-address-pools", "default-ulimits", "hosts",
	"insecure-registries", "log-opts", "registry-mirrors",
};

const char *cca_daemon_key_name(enum cca_daemon_key key)
{
	return (unsigned)key < CCA_D_NSCALARS ? scalar_names[key] : "?";
}

const char *cca_daemon_list_name(enum cca_daemon_list_key key)
{
	return (unsigned)key < CCA_DL_NLISTS ? list_names[key] : "?";
}

static const struct known *find_key(const char *name)
{
	for (size_t i = 0; i < CCA_ARRAY_SIZE(known); i++)
		if (strcmp(known[i].name, name) == 0)
			return &known[i];
	return NULL;
}

static const struct known *find_flag(const char *flag, size_t len)
{
	for (size_t i = 0; i < CCA_ARRAY_SIZE(known); i++) {
		const char *f = known[i].flag ? known[i].flag : known[i].name;

		if (strlen(f) == len && strncmp(f, flag, len) == 0)
			return &known[i];
	}
	return NULL;
}

static const struct known *find_short(char c)
{
	for (size_t i = 0; i < CCA_ARRAY_SIZE(known); i++)
		if (known[i].shortopt == c)
			return &known[i];
	return NULL;
}

/* ---- the model ------------------------------------------------------------------ */

struct daemon {
	struct cca_daemon pub;    /* first: the model handed out */
	struct cca_daemon_value *lv[CCA_DL_NLISTS];
	size_t ln[CCA_DL_NLISTS];
	struct cca_daemon_value *gv;
	size_t gn;
	struct cca_strpool strs;  /* every string the model points at */
	char **warnings;
	size_t nwarnings;
	char *error;
};

static const char *keep(struct daemon *d, char *s)
{
	return cca_strpool_keep(&d->strs, s);
}

static struct daemon *daemon_new(const char *source, const char *path)
{
	struct daemon *d = cca_xcalloc(1, sizeof *d);

	d->pub.source = source;
	d->pub.path = keep(d, cca_xstrdup(path));
	return d;
}

void cca_daemon_free(struct cca_daemon *pub)
{
	struct daemon *d = (struct daemon *)pub;

	if (!d)
		return;
	cca_strpool_release(&d->strs);
	for (size_t i = 0; i < d->nwarnings; i++)
		free(d->warnings[i]);
	for (int k = 0; k < CCA_DL_NLISTS; k++)
		free(d->lv[k]);
	free(d->gv);
	free(d->warnings);
	free(d->error);
	free(d);
}

static void release(void *model)
{
	cca_daemon_free(model);
}

static void dwarn(struct daemon *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void dwarn(struct daemon *d, const char *fmt, ...)
{
	va_list ap;

	d->warnings = cca_xreallocarray(d->warnings, d->nwarnings + 1, sizeof *d->warnings);
	va_start(ap, fmt);
	d->warnings[d->nwarnings++] = cca_xvasprintf(fmt, ap);
	va_end(ap);
}

/*
 * A value fit for a listing: every secret the shared recogniser finds in
 * it (a password in a proxy URL, a token) masked, and the whole value when
 * the setting's name says it is a secret.
 */
static char *listable(const char *name, const char *v)
{
	if (cca_secret_name(name) && !cca_secret_placeholder(v))
		return cca_mask_secret(v);
	return cca_secret_mask_all(v);
}

static void add_given(struct daemon *d, const char *name, const char *value,
		      const char *key, unsigned line)
{
	char *shown = listable(name, value);

	d->gv = cca_xreallocarray(d->gv, d->gn + 1, sizeof *d->gv);
	d->gv[d->gn++] = (struct cca_daemon_value){
		keep(d, cca_xasprintf("%s=%s", name, shown)), keep(d, cca_xstrdup(key)), line,
		&d->pub };
	free(shown);
	d->pub.given.v = d->gv;
	d->pub.given.n = d->gn;
	d->pub.given.owner = &d->pub;
}

/* Values are kept with their secrets masked: no message can show them. */
static void set_scalar(struct daemon *d, int k, const char *value, const char *key,
		       unsigned line)
{
	d->pub.s[k] = (struct cca_daemon_value){ keep(d, listable(scalar_names[k], value)),
						 keep(d, cca_xstrdup(key)), line, &d->pub };
}

static void add_list(struct daemon *d, int k, const char *value, const char *key,
		     const char *list_key, unsigned line)
{
	d->lv[k] = cca_xreallocarray(d->lv[k], d->ln[k] + 1, sizeof *d->lv[k]);
	d->lv[k][d->ln[k]++] = (struct cca_daemon_value){ keep(d, listable(list_names[k], value)),
							  keep(d, cca_xstrdup(key)), line,
							  &d->pub };
	d->pub.l[k].v = d->lv[k];
	d->pub.l[k].n = d->ln[k];
	d->pub.l[k].owner = &d->pub;
	if (!d->pub.l[k].key)
		d->pub.l[k].key = keep(d, cca_xstrdup(list_key));
}

/* ---- merging: what is in effect ------------------------------------------------ */

const struct cca_daemon_value *cca_daemon_get(const struct cca_daemon *d,
					      enum cca_daemon_key key)
{
	if (d->s[key].value)
		return &d->s[key];
	if (d->peer && d->peer->s[key].value)
		return &d->peer->s[key];
	return NULL;
}

const struct cca_daemon_list *cca_daemon_get_list(const struct cca_daemon *d,
						  enum cca_daemon_list_key key)
{
	if (d->l[key].key)
		return &d->l[key];
	if (d->peer && d->peer->l[key].key)
		return &d->peer->l[key];
	return NULL;
}

bool cca_daemon_primary(const struct cca_daemon *d)
{
	return !d->peer || strcmp(d->source, "flags") != 0;
}

bool cca_daemon_reports(const struct cca_daemon *d, const struct cca_daemon *owner)
{
	return owner ? owner == d : cca_daemon_primary(d);
}

/* ---- JSON text helpers ---------------------------------------------------------- */

/* A scalar as text, or NULL when v is not a scalar. */
static char *scalar_text(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_STRING: return cca_xstrdup(json_string_value(v));
	case JSON_INTEGER: return cca_xasprintf("%" JSON_INTEGER_FORMAT, json_integer_value(v));
	case JSON_REAL: return cca_xasprintf("%.17g", json_real_value(v));
	case JSON_TRUE: return cca_xstrdup("true");
	case JSON_FALSE: return cca_xstrdup("false");
	default: return NULL;
	}
}

/* A copy of v whose strings under secret names ("splunk-token") are masked. */
static json_t *masked_copy(const json_t *v, const char *name)
{
	const char *k;
	json_t *m, *out;
	size_t i;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		out = json_object();
		json_object_foreach((json_t *)v, k, m)
			json_object_set_new(out, k, masked_copy(m, k));
		return out;
	case JSON_ARRAY:
		out = json_array();
		json_array_foreach(v, i, m)
			json_array_append_new(out, masked_copy(m, name));
		return out;
	case JSON_STRING: {
		char *shown = listable(name, json_string_value(v));

		out = json_string(shown);
		free(shown);
		return out ? out : json_string("?");
	}
	default:
		return json_deep_copy(v);
	}
}

static char *compact(const json_t *v, const char *name)
{
	json_t *m = masked_copy(v, name);
	char *s = json_dumps(m, JSON_COMPACT | JSON_ENCODE_ANY | JSON_SORT_KEYS);
	char *r = cca_xstrdup(s ? s : "?");

	free(s);
	json_decref(m);
	return r;
}

/* ---- daemon.json ------------------------------------------------------------------ */

struct jctx {
	struct daemon *d;
	const char *name;
	const struct cca_linemap *lines;
	struct cca_error *err;
};

static int type_error(struct jctx *j, const char *ptr, const json_t *v, const char *field,
		      const char *gotype)
{
	return cca_error_set(j->err, CCA_EINPUT,
			     "%s:%u: json: cannot unmarshal %s into Go struct field "
			     "Config.%s of type %s; dockerd refuses to start with this file",
			     j->name, cca_linemap_line(j->lines, ptr), cca_json_go_kind(v), field, gotype);
}

/* Check the value v of key k (at ptr) and record it. */
static int take(struct jctx *j, const struct known *k, const json_t *v, const char *ptr)
{
	unsigned line = cca_linemap_line(j->lines, ptr);
	struct daemon *d = j->d;
	char *text;
	size_t i;
	const char *mk;
	json_t *mv;

	if (json_is_null(v))
		return 0;       /* Go leaves the field as it was */
	switch (k->type) {
	case T_BOOL:
		if (!json_is_boolean(v))
			return type_error(j, ptr, v, k->name, "bool");
		break;
	case T_STR:
		if (!json_is_string(v))
			return type_error(j, ptr, v, k->name, "string");
		break;
	case T_INT:
		if (!json_is_integer(v))
			return type_error(j, ptr, v, k->name, "int");
		break;
	case T_SIZE:
		if (!json_is_string(v) && !json_is_integer(v))
			return type_error(j, ptr, v, k->name, "opts.MemBytes");
		break;
	case T_LIST:
		if (!json_is_array(v))
			return type_error(j, ptr, v, k->name, "[]string");
		json_array_foreach(v, i, mv) {
			char *p = cca_xasprintf("%s/%zu", ptr, i);
			int rc = json_is_string(mv) ? 0
				 : type_error(j, p, mv, k->name, "string");

			if (rc == 0 && k->list >= 0)
				add_list(d, k->list, json_string_value(mv), p, ptr,
					 cca_linemap_line(j->lines, p));
			free(p);
			if (rc < 0)
				return -1;
		}
		break;
	case T_MAP:
		if (!json_is_object(v))
			return type_error(j, ptr, v, k->name, "map[string]string");
		json_object_foreach((json_t *)v, mk, mv) {
			char *p = cca_pointer_join(ptr, mk);
			int rc = json_is_string(mv) ? 0
				 : type_error(j, p, mv, k->name, "string");

			if (rc == 0 && k->list >= 0) {
				char *shown = listable(mk, json_string_value(mv));
				char *kv = cca_xasprintf("%s=%s", mk, shown);

				free(shown);

				add_list(d, k->list, kv, p, ptr, cca_linemap_line(j->lines, p));
				free(kv);
			}
			free(p);
			if (rc < 0)
				return -1;
		}
		break;
	case T_OBJ:
		if (!json_is_object(v))
			return type_error(j, ptr, v, k->name, "map[string]interface {}");
		break;
	case T_BOOLMAP:
		if (!json_is_object(v))
			return type_error(j, ptr, v, k->name, "map[string]bool");
		json_object_foreach((json_t *)v, mk, mv)
			if (!json_is_boolean(mv) && !json_is_null(mv)) {
				char *p = cca_pointer_join(ptr, mk);
				int rc = type_error(j, p, mv, k->name, "bool");

				free(p);
				return rc;
			}
		break;
	case T_ULIMITS:
		if (!json_is_object(v))
			return type_error(j, ptr, v, k->name, "map[string]*units.Ulimit");
		json_object_foreach((json_t *)v, mk, mv) {
			char *p = cca_pointer_join(ptr, mk);
			json_t *soft = json_object_get(mv, "Soft"), *hard = json_object_get(mv, "Hard");
			int rc = 0;

			if (!json_is_object(mv))
				rc = type_error(j, p, mv, k->name, "units.Ulimit");
			else if ((soft && !json_is_integer(soft)) || (hard && !json_is_integer(hard)))
				rc = type_error(j, p, soft && !json_is_integer(soft) ? soft : hard,
						"default-ulimits.Soft", "int64");
			if (rc == 0) {
				char *u = cca_xasprintf("%s=%" JSON_INTEGER_FORMAT ":%" JSON_INTEGER_FORMAT,
							mk, soft ? json_integer_value(soft) : 0,
							hard ? json_integer_value(hard) : 0);

				add_list(d, k->list, u, p, ptr, cca_linemap_line(j->lines, p));
				free(u);
			}
			free(p);
			if (rc < 0)
				return -1;
		}
		break;
	case T_POOLS:
		if (!json_is_array(v))
			return type_error(j, ptr, v, k->name, "[]*address.NetworkToSplit");
		json_array_foreach(v, i, mv) {
			char *p = cca_xasprintf("%s/%zu", ptr, i);
			json_t *base = json_object_get(mv, "base"), *size = json_object_get(mv, "size");
			int rc = 0;

			if (!json_is_object(mv))
				rc = type_error(j, p, mv, k->name, "address.NetworkToSplit");
			else if (base && !json_is_string(base))
				rc = type_error(j, p, base, "default-address-pools.base", "netip.Prefix");
			else if (size && !json_is_integer(size))
				rc = type_error(j, p, size, "default-address-pools.size", "int");
			if (rc == 0) {
				char *pool = cca_xasprintf("base=%s,size=%" JSON_INTEGER_FORMAT,
							   base ? json_string_value(base) : "",
							   size ? json_integer_value(size) : 0);

				add_list(d, k->list, pool, p, ptr, cca_linemap_line(j->lines, p));
				free(pool);
			}
			free(p);
			if (rc < 0)
				return -1;
		}
		break;
	case T_PROXIES:
	case T_FLAG:
		break;
	}
	text = scalar_text(v);
	if (!text)
		text = compact(v, k->name);
	if (k->scalar >= 0)
		set_scalar(d, k->scalar, text, ptr, line);
	add_given(d, k->name, text, ptr, line);
	free(text);
	return 0;
}

/*
 * The members of obj (at ptr): each must be a setting dockerd knows.
 * dockerd treats the members of an object it does not keep whole
 * ("proxies") as settings of their own.
 */
static int take_object(struct jctx *j, const json_t *obj, const char *ptr, struct cca_buf *unknown)
{
	const char *name;
	json_t *v;

	json_object_foreach((json_t *)obj, name, v) {
		const struct known *k = find_key(name);
		char *p = cca_pointer_join(ptr, name);
		int rc = 0;

		if (!k || k->type == T_FLAG) {
			if (json_is_object(v) && !*ptr) {
				rc = take_object(j, v, p, unknown);
			} else {
				if (unknown->len)
					cca_buf_puts(unknown, ", ");
				cca_buf_puts(unknown, name);
			}
		} else if (k->type == T_PROXIES) {
			if (!json_is_object(v) && !json_is_null(v))
				rc = type_error(j, p, v, name, "proxies");
			else if (json_is_object(v))
				rc = take_object(j, v, p, unknown);
		} else {
			rc = take(j, k, v, p);
		}
		free(p);
		if (rc < 0)
			return -1;
	}
	return 0;
}

int cca_daemon_parse_json(const char *name, const char *data, size_t len,
			  struct cca_daemon **out, struct cca_error *err)
{
	struct cca_linemap *lines = NULL;
	struct cca_buf unknown;
	struct daemon *d;
	json_error_t jerr;
	json_t *root;
	size_t i = 0;
	int rc;

	*out = NULL;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
		data += 3;      /* dockerd reads a UTF-8 byte order mark as nothing */
		len -= 3;
	}
	while (i < len && isspace((unsigned char)data[i]))
		i++;
	d = daemon_new("daemon.json", name);
	if (i == len) {         /* dockerd: an empty file is an empty configuration */
		*out = &d->pub;
		return 0;
	}
	if (memchr(data, '\0', len)) {
		cca_daemon_free(&d->pub);
		return cca_error_set(err, CCA_EINPUT, "%s:%u: invalid JSON: a NUL byte; "
				     "dockerd refuses to start with this file", name,
				     cca_line_of(data, (size_t)((const char *)memchr(data, '\0', len) - data)));
	}
	root = json_loadb(data, len, JSON_DECODE_ANY, &jerr);
	if (!root) {
		char *why = listable("", jerr.text);   /* it may quote a token */

		cca_daemon_free(&d->pub);
		cca_error_set(err, CCA_EINPUT, "%s:%d: invalid JSON: %s (column %d); dockerd "
			      "refuses to start with this file", name, jerr.line, why,
			      jerr.column);
		free(why);
		return -1;
	}
	if (json_is_null(root)) {
		json_decref(root);
		*out = &d->pub;
		return 0;
	}
	if (!json_is_object(root)) {
		cca_error_set(err, CCA_EINPUT, "%s:1: json: cannot unmarshal %s into Go value of "
			      "type map[string]interface {}; dockerd refuses to start with this file",
			      name, cca_json_go_kind(root));
		json_decref(root);
		cca_daemon_free(&d->pub);
		return -1;
	}
	/* Lines only: JSON is YAML, and the YAML reader knows where each key stood. */
	if (cca_yaml_parse(name, data, len, NULL, &lines, NULL) < 0)
		lines = NULL;
	cca_buf_init(&unknown);
	{
		struct jctx j = { d, name, lines, err };

		rc = take_object(&j, root, "", &unknown);
	}
	if (rc == 0 && unknown.len)
		rc = cca_error_set(err, CCA_EINPUT, "%s: the following directives don't match "
				   "any configuration option: %s; dockerd refuses to start with "
				   "this file", name, cca_buf_str(&unknown));
	cca_buf_release(&unknown);
	cca_linemap_free(lines);
	json_decref(root);
	if (rc < 0) {
		cca_daemon_free(&d->pub);
		return -1;
	}
	*out = &d->pub;
	return 0;
}

/* ---- flags ---------------------------------------------------------------------- */

/* pflag's boolean spellings, as "true" / "false"; NULL when v is none. */
static const char *parse_bool(const char *v)
{
	static const char *const t[] = { "1", "t", "T", "TRUE", "true", "True" };
	static const char *const f[] = { "0", "f", "F", "FALSE", "false", "False" };

	for (size_t i = 0; i < 6; i++) {
		if (strcmp(v, t[i]) == 0)
			return "true";
		if (strcmp(v, f[i]) == 0)
			return "false";
	}
	return NULL;
}

static bool all_digits(const char *s)
{
	if (*s == '-')
		s++;
	if (!*s)
		return false;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return false;
	return true;
}

/* Record flag k = value (text) given as spelled (--icc, -H) at line. */
static int take_flag(struct daemon *d, const char *name, const struct known *k,
		     const char *spelled, const char *value, unsigned line,
		     struct cca_error *err)
{
	const char *v = value;
	char *where = line ? cca_xasprintf("%s:%u", name, line) : cca_xstrdup(name);
	char *shown = listable(k->name, value);     /* for messages */
	int rc = 0;

	switch (k->type) {
	case T_BOOL:
		if (!(v = parse_bool(value)))
			rc = cca_error_set(err, CCA_EINPUT, "%s: invalid argument \"%s\" for "
					   "\"%s\" flag: strconv.ParseBool: parsing \"%s\": "
					   "invalid syntax", where, shown, spelled, shown);
		break;
	case T_INT:
		if (!all_digits(value))
			rc = cca_error_set(err, CCA_EINPUT, "%s: invalid argument \"%s\" for "
					   "\"%s\" flag: not an integer", where, shown, spelled);
		break;
	case T_MAP:
	case T_ULIMITS:
		if (!strchr(value, '='))
			rc = cca_error_set(err, CCA_EINPUT, "%s: invalid argument \"%s\" for "
					   "\"%s\" flag: expected NAME=VALUE", where, shown, spelled);
		break;
	case T_POOLS:
		if (!strstr(value, "base="))
			rc = cca_error_set(err, CCA_EINPUT, "%s: invalid argument \"%s\" for "
					   "\"%s\" flag: expected base=CIDR,size=N", where, shown,
					   spelled);
		break;
	default:
		break;
	}
	free(where);
	free(shown);
	if (rc < 0 || k->type == T_FLAG)
		return rc;
	if (k->type == T_MAP) {     /* NAME=VALUE: masked by the option's name */
		char *name_of = cca_xstrndup(v, strcspn(v, "="));
		char *masked = listable(name_of, strchr(v, '=') + 1);

		v = keep(d, cca_xasprintf("%s=%s", name_of, masked));
		free(masked);
		free(name_of);
	}
	if (k->scalar >= 0)
		set_scalar(d, k->scalar, v, spelled, line);
	if (k->list >= 0)
		add_list(d, k->list, v, spelled, spelled, line);
	add_given(d, k->name, v, spelled, line);
	return 0;
}

int cca_daemon_parse_flags(const char *name, char *const *argv, const unsigned *lines,
			   size_t argc, struct cca_daemon **out, struct cca_error *err)
{
	struct daemon *d = daemon_new("flags", name);

	*out = NULL;
	for (size_t i = 0; i < argc; i++) {
		const char *a = argv[i], *value = NULL, *eq;
		unsigned line = lines ? lines[i] : 0;
		const struct known *k;
		char spelled[128];

		if (strcmp(a, "--") == 0 || a[0] != '-' || a[1] == '\0') {
			char *shown = listable("", a);

			cca_error_set(err, CCA_EINPUT, "%s%s%.0u: dockerd takes no argument "
				      "'%s'; it refuses to start", name, line ? ":" : "", line, shown);
			free(shown);
			goto bad;
		}
		if (a[1] == '-') {
			eq = strchr(a + 2, '=');
			k = find_flag(a + 2, eq ? (size_t)(eq - a - 2) : strlen(a + 2));
			snprintf(spelled, sizeof spelled, "--%.*s",
				 (int)(eq ? (size_t)(eq - a - 2) : strlen(a + 2)), a + 2);
			if (eq)
				value = eq + 1;
		} else {
			k = find_short(a[1]);
			snprintf(spelled, sizeof spelled, "-%c", a[1]);
			if (a[2])
				value = a[2] == '=' ? a + 3 : a + 2;
		}
		if (!k || k->type == T_PROXIES) {
			cca_error_set(err, CCA_EINPUT, "%s%s%.0u: unknown flag: %s; dockerd "
				      "refuses to start", name, line ? ":" : "", line, spelled);
			goto bad;
		}
		if (!value && k->type == T_BOOL)
			value = "true";
		if (!value && k->type == T_FLAG && k->shortopt != 'v' &&
		    strcmp(k->name, "config-file") != 0)
			value = "true";
		if (!value) {
			if (i + 1 >= argc) {
				cca_error_set(err, CCA_EINPUT, "%s%s%.0u: flag needs an argument: "
					      "%s", name, line ? ":" : "", line, spelled);
				goto bad;
			}
			value = argv[++i];
		}
		if (take_flag(d, name, k, spelled, value, line, err) < 0)
			goto bad;
	}
	*out = &d->pub;
	return 0;
bad:
	cca_daemon_free(&d->pub);
	return -1;
}

/* ---- words ------------------------------------------------------------------------- */

struct words {
	char **v;
	unsigned *lines;
	size_t n;
};

static void words_push(struct words *w, char *s, unsigned line)
{
	w->v = cca_xreallocarray(w->v, w->n + 1, sizeof *w->v);
	w->lines = cca_xreallocarray(w->lines, w->n + 1, sizeof *w->lines);
	w->v[w->n] = s;
	w->lines[w->n++] = line;
}

static void words_release(struct words *w)
{
	for (size_t i = 0; i < w->n; i++)
		free(w->v[i]);
	free(w->v);
	free(w->lines);
}

/* Whether the program word names dockerd. */
static bool is_dockerd(const char *w)
{
	const char *base = strrchr(w, '/');

	base = base ? base + 1 : w;
	return strcmp(base, "dockerd") == 0;
}

int cca_daemon_parse_args(const char *name, const char *args, struct cca_daemon **out,
			  struct cca_error *err)
{
	struct words w = { 0 };
	const char *p = args;
	int rc;

	*out = NULL;
	while (*p) {
		struct cca_buf b;
		bool any = false;

		while (*p && isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		cca_buf_init(&b);
		while (*p && !isspace((unsigned char)*p)) {
			any = true;
			if (*p == '\'') {
				const char *end = strchr(p + 1, '\'');

				if (!end)
					goto unterminated;
				cca_buf_add(&b, p + 1, (size_t)(end - p - 1));
				p = end + 1;
			} else if (*p == '"') {
				for (p++; *p && *p != '"'; p++) {
					if (*p == '\\' && p[1] && strchr("\"\\$`", p[1]))
						p++;
					cca_buf_putc(&b, *p);
				}
				if (*p != '"')
					goto unterminated;
				p++;
			} else if (*p == '\\') {
				if (!p[1]) {
					cca_buf_release(&b);
					words_release(&w);
					return cca_error_set(err, CCA_EINPUT, "%s: a backslash ends "
							     "the command line", name);
				}
				cca_buf_putc(&b, p[1]);
				p += 2;
			} else {
				cca_buf_putc(&b, *p++);
			}
			continue;
unterminated:
			cca_buf_release(&b);
			words_release(&w);
			return cca_error_set(err, CCA_EINPUT, "%s: unterminated %s quote", name,
					     *p == '\'' ? "single" : "double");
		}
		if (any) {
			if (w.n >= CCA_DAEMON_MAX_ARGS) {
				cca_buf_release(&b);
				words_release(&w);
				return cca_error_set(err, CCA_ETOOBIG, "%s: more than %d words",
						     name, CCA_DAEMON_MAX_ARGS);
			}
			words_push(&w, cca_buf_detach(&b), 0);
		} else {
			cca_buf_release(&b);
		}
	}
	{
		size_t skip = w.n && is_dockerd(w.v[0]) ? 1 : 0;

		rc = cca_daemon_parse_flags(name, w.v + skip, NULL, w.n - skip, out, err);
		if (rc == 0)
			(*out)->has_exec = true;
	}
	words_release(&w);
	return rc;
}

/* ---- systemd units --------------------------------------------------------------- */

struct env {
	char **names, **values;
	size_t n;
};

static void env_set(struct env *e, const char *name, size_t nlen, const char *value)
{
	for (size_t i = 0; i < e->n; i++)
		if (strlen(e->names[i]) == nlen && strncmp(e->names[i], name, nlen) == 0) {
			free(e->values[i]);
			e->values[i] = cca_xstrdup(value);
			return;
		}
	e->names = cca_xreallocarray(e->names, e->n + 1, sizeof *e->names);
	e->values = cca_xreallocarray(e->values, e->n + 1, sizeof *e->values);
	e->names[e->n] = cca_xstrndup(name, nlen);
	e->values[e->n++] = cca_xstrdup(value);
}

static const char *env_get(const struct env *e, const char *name, size_t nlen)
{
	for (size_t i = 0; i < e->n; i++)
		if (strlen(e->names[i]) == nlen && strncmp(e->names[i], name, nlen) == 0)
			return e->values[i];
	return NULL;
}

static void env_release(struct env *e)
{
	for (size_t i = 0; i < e->n; i++) {
		free(e->names[i]);
		free(e->values[i]);
	}
	free(e->names);
	free(e->values);
}

/* A logical line of a unit: text (continuations joined) and its first line. */
struct uline {
	char *text;
	unsigned line;
};

static int hexval(int c)
{
	return isdigit(c) ? c - '0' : isxdigit(c) ? tolower(c) - 'a' + 10 : -1;
}

/*
 * Split a unit's command line as systemd does: words separated by
 * whitespace, "..." and '...' quotes, C escapes (\n \t \\ \" \' \s \xNN
 * \NNN), "%%" for "%", $NAME as a word of its own split at whitespace and
 * ${NAME} substituted.  Undefined variables expand to nothing (warned).
 */
static int split_unit(struct daemon *d, const char *name, const char *s, unsigned line,
		      const struct env *env, struct words *w, struct cca_error *err)
{
	const char *p = s;

	while (*p) {
		struct cca_buf b;
		bool any = false, split_var = false;
		char quote = 0;

		while (*p && isspace((unsigned char)*p))
			p++;
		if (!*p)
			break;
		cca_buf_init(&b);
		/* $NAME alone as a word: its value is split into words */
		if (p[0] == '$' && (isalpha((unsigned char)p[1]) || p[1] == '_')) {
			const char *q = p + 1;

			while (isalnum((unsigned char)*q) || *q == '_')
				q++;
			if (!*q || isspace((unsigned char)*q)) {
				const char *val = env_get(env, p + 1, (size_t)(q - p - 1));

				if (!val)
					dwarn(d, "%s:%u: $%.*s is not set in this file (Environment= "
					      "of other files and EnvironmentFile= are not read): "
					      "the flags it holds are not known", name, line,
					      (int)(q - p - 1), p + 1);
				else {
					char *copy = cca_xstrdup(val), *save = NULL;

					for (char *t = strtok_r(copy, " \t\n", &save); t;
					     t = strtok_r(NULL, " \t\n", &save))
						words_push(w, cca_xstrdup(t), line);
					free(copy);
				}
				split_var = true;
				p = q;
			}
		}
		if (split_var) {
			cca_buf_release(&b);
			continue;
		}
		while (*p && (quote || !isspace((unsigned char)*p))) {
			any = true;
			if (!quote && (*p == '"' || *p == '\'')) {
				quote = *p++;
				continue;
			}
			if (quote && *p == quote) {
				quote = 0;
				p++;
				continue;
			}
			if (*p == '\\') {
				int c = (unsigned char)p[1], h1, h2;

				switch (c) {
				case 'a': cca_buf_putc(&b, '\a'); p += 2; continue;
				case 'b': cca_buf_putc(&b, '\b'); p += 2; continue;
				case 'f': cca_buf_putc(&b, '\f'); p += 2; continue;
				case 'n': cca_buf_putc(&b, '\n'); p += 2; continue;
				case 'r': cca_buf_putc(&b, '\r'); p += 2; continue;
				case 't': cca_buf_putc(&b, '\t'); p += 2; continue;
				case 'v': cca_buf_putc(&b, '\v'); p += 2; continue;
				case 's': cca_buf_putc(&b, ' '); p += 2; continue;
				case '\\': case '"': case '\'': case ' ': case '$': case ';':
					cca_buf_putc(&b, (char)c); p += 2; continue;
				case 'x':
					h1 = hexval((unsigned char)p[2]);
					h2 = h1 >= 0 ? hexval((unsigned char)p[3]) : -1;
					if (h1 < 0 || h2 < 0 || (h1 == 0 && h2 == 0))
						break;
					cca_buf_putc(&b, (char)(h1 * 16 + h2));
					p += 4;
					continue;
				default:
					if (c >= '0' && c <= '3' && p[2] >= '0' && p[2] <= '7' &&
					    p[3] >= '0' && p[3] <= '7') {
						int o = (c - '0') * 64 + (p[2] - '0') * 8 + (p[3] - '0');

						if (o) {
							cca_buf_putc(&b, (char)o);
							p += 4;
							continue;
						}
					}
					break;
				}
				cca_buf_release(&b);
				return cca_error_set(err, CCA_EINPUT, "%s:%u: bad escape '\\%s' in "
						     "ExecStart; systemd rejects the line", name, line,
						     c ? (char[2]){ (char)c, 0 } : "");
			}
			if (*p == '%' && p[1] == '%') {
				cca_buf_putc(&b, '%');
				p += 2;
				continue;
			}
			if (*p == '$' && p[1] == '{') {
				const char *end = strchr(p + 2, '}');
				const char *val;

				if (!end) {
					cca_buf_release(&b);
					return cca_error_set(err, CCA_EINPUT, "%s:%u: unterminated "
							     "'${' in ExecStart", name, line);
				}
				val = env_get(env, p + 2, (size_t)(end - p - 2));
				if (!val)
					dwarn(d, "%s:%u: ${%.*s} is not set in this file: it "
					      "expands to nothing here", name, line,
					      (int)(end - p - 2), p + 2);
				else
					cca_buf_puts(&b, val);
				p = end + 1;
				continue;
			}
			cca_buf_putc(&b, *p++);
		}
		if (quote) {
			cca_buf_release(&b);
			return cca_error_set(err, CCA_EINPUT, "%s:%u: unterminated %s quote in "
					     "ExecStart; systemd rejects the line", name, line,
					     quote == '\'' ? "single" : "double");
		}
		if (w->n >= CCA_DAEMON_MAX_ARGS) {
			cca_buf_release(&b);
			return cca_error_set(err, CCA_ETOOBIG, "%s:%u: more than %d words", name,
					     line, CCA_DAEMON_MAX_ARGS);
		}
		if (any)
			words_push(w, cca_buf_detach(&b), line);
		else
			cca_buf_release(&b);
	}
	return 0;
}

/* The logical lines of a unit file: comments dropped, continuations joined. */
static int unit_lines(const char *name, const char *data, size_t len, struct uline **out,
		      size_t *nout, struct cca_error *err)
{
	struct uline *v = NULL;
	size_t n = 0, pos = 0;
	unsigned lineno = 0;
	struct cca_buf cur;
	unsigned first = 0;
	bool cont = false;

	cca_buf_init(&cur);
	while (pos < len) {
		const char *s = data + pos, *nl = memchr(s, '\n', len - pos);
		size_t l = nl ? (size_t)(nl - s) : len - pos;
		const char *t = s;
		size_t tl = l;

		pos += l + (nl ? 1 : 0);
		lineno++;
		while (tl && (t[tl - 1] == '\r' || t[tl - 1] == ' ' || t[tl - 1] == '\t'))
			tl--;
		while (tl && (*t == ' ' || *t == '\t')) {
			t++;
			tl--;
		}
		if (tl && (*t == '#' || *t == ';'))
			continue;   /* a comment, also inside a continuation */
		if (!cont) {
			first = lineno;
			cca_buf_reset(&cur);
		}
		if (tl && t[tl - 1] == '\\' && !(tl >= 2 && t[tl - 2] == '\\')) {
			cca_buf_add(&cur, t, tl - 1);
			cca_buf_putc(&cur, ' ');
			cont = true;
			continue;
		}
		cca_buf_add(&cur, t, tl);
		cont = false;
		v = cca_xreallocarray(v, n + 1, sizeof *v);
		v[n].text = cca_xstrdup(cca_buf_str(&cur));
		v[n++].line = first;
	}
	if (cont) {
		cca_buf_release(&cur);
		for (size_t i = 0; i < n; i++)
			free(v[i].text);
		free(v);
		return cca_error_set(err, CCA_EINPUT, "%s:%u: the file ends in a line "
				     "continuation (a trailing backslash)", name, first);
	}
	cca_buf_release(&cur);
	*out = v;
	*nout = n;
	return 0;
}

int cca_daemon_parse_unit(const char *name, const char *data, size_t len,
			  struct cca_daemon **out, struct cca_error *err)
{
	struct daemon *d = daemon_new("flags", name);
	struct uline *lines = NULL;
	struct env env = { 0 };
	struct words w = { 0 };
	size_t n = 0;
	bool service = false;
	long exec = -1;   /* the logical line of the ExecStart in effect */
	int rc = -1;

	*out = NULL;
	if (memchr(data, '\0', len) || !cca_utf8_valid(data, len)) {
		cca_daemon_free(&d->pub);
		return cca_error_set(err, CCA_EINPUT, "%s: not a text file (NUL bytes or invalid "
				     "UTF-8)", name);
	}
	if (unit_lines(name, data, len, &lines, &n, err) < 0) {
		cca_daemon_free(&d->pub);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		const char *t = lines[i].text, *eq;

		if (!*t)
			continue;
		if (*t == '[') {
			if (!strchr(t, ']')) {
				cca_error_set(err, CCA_EINPUT, "%s:%u: unterminated section header "
					      "'%s'", name, lines[i].line, t);
				goto out;
			}
			service = strncmp(t, "[Service]", 9) == 0;
			continue;
		}
		if (!(eq = strchr(t, '='))) {
			cca_error_set(err, CCA_EINPUT, "%s:%u: not an assignment (KEY=VALUE): "
				      "'%.60s'", name, lines[i].line, t);
			goto out;
		}
		if (!service)
			continue;
		{
			size_t kl = (size_t)(eq - t);
			const char *val = eq + 1;

			while (kl && isspace((unsigned char)t[kl - 1]))
				kl--;
			while (isspace((unsigned char)*val))
				val++;
			if (kl == 9 && strncmp(t, "ExecStart", 9) == 0) {
				exec = *val ? (long)i : -1;   /* empty: a reset */
			} else if (kl == 11 && strncmp(t, "Environment", 11) == 0) {
				struct words ew = { 0 };

				if (split_unit(d, name, val, lines[i].line, &env, &ew, err) < 0) {
					words_release(&ew);
					goto out;
				}
				for (size_t k = 0; k < ew.n; k++) {
					const char *e = strchr(ew.v[k], '=');

					if (e && e != ew.v[k])
						env_set(&env, ew.v[k], (size_t)(e - ew.v[k]), e + 1);
				}
				words_release(&ew);
			}
		}
	}
	if (exec >= 0) {
		const char *val = strchr(lines[exec].text, '=') + 1;
		size_t skip = 0;
		struct daemon *flags;
		struct cca_daemon *pub;

		while (isspace((unsigned char)*val))
			val++;
		while (*val && strchr("-@:+!", *val))
			val++;   /* systemd's prefixes of the program */
		if (split_unit(d, name, val, (unsigned)lines[exec].line, &env, &w, err) < 0)
			goto out;
		if (!w.n || !is_dockerd(w.v[0])) {
			cca_error_set(err, CCA_EINPUT, "%s:%u: ExecStart runs '%s', not dockerd",
				      name, lines[exec].line, w.n ? w.v[0] : "");
			goto out;
		}
		skip = 1;
		if (cca_daemon_parse_flags(name, w.v + skip, w.lines + skip, w.n - skip, &pub,
					   err) < 0)
			goto out;
		/* keep this model (with its warnings), take the flags' settings */
		flags = (struct daemon *)pub;
		flags->pub.has_exec = true;
		flags->warnings = d->warnings;
		flags->nwarnings = d->nwarnings;
		d->warnings = NULL;
		d->nwarnings = 0;
		cca_daemon_free(&d->pub);
		d = flags;
	}
	rc = 0;
out:
	for (size_t i = 0; i < n; i++)
		free(lines[i].text);
	free(lines);
	env_release(&env);
	words_release(&w);
	if (rc < 0) {
		cca_daemon_free(&d->pub);
		return -1;
	}
	*out = &d->pub;
	return 0;
}

/* ---- evidence -------------------------------------------------------------------- */

bool cca_daemon_json_name(const char *name)
{
	return strcmp(name, "daemon.json") == 0;
}

bool cca_dockerd_unit_path(const char *rel)
{
	const char *base = strrchr(rel, '/');

	base = base ? base + 1 : rel;
	if (strcmp(base, "docker.service") == 0)
		return true;
	return fnmatch("*.conf", base, 0) == 0 && base - rel >= 17 &&
	       strncmp(base - 17, "docker.service.d/", 17) == 0;
}

/* The items' models of kind daemon, as the merge changes them. */
static struct daemon *model_of(const struct cca_evidence_item *it)
{
	return strcmp(it->kind, CCA_KIND_DAEMON) == 0 && !it->error
	       ? (struct daemon *)(uintptr_t)it->model : NULL;
}

static bool is_dropin(const char *path)
{
	return strstr(path, "docker.service.d/") != NULL;
}

/* The order systemd reads units in: the unit, then its drop-ins by name. */
static int unit_order(const struct daemon *a, const struct daemon *b)
{
	bool da = is_dropin(a->pub.path), db = is_dropin(b->pub.path);

	if (da != db)
		return da ? 1 : -1;
	return strcmp(strrchr(a->pub.path, '/') ? strrchr(a->pub.path, '/') : a->pub.path,
		      strrchr(b->pub.path, '/') ? strrchr(b->pub.path, '/') : b->pub.path);
}

/* Whether value lists a and b name the same settings (the given names). */
static void conflicts(const struct daemon *file, const struct daemon *flags,
		      struct cca_buf *out)
{
	for (size_t i = 0; i < file->gn; i++) {
		const char *a = file->gv[i].value, *ea = strchr(a, '=');

		for (size_t k = 0; k < flags->gn; k++) {
			const char *b = flags->gv[k].value, *eb = strchr(b, '=');

			if (ea - a == eb - b && strncmp(a, b, (size_t)(ea - a)) == 0) {
				if (out->len)
					cca_buf_puts(out, ", ");
				cca_buf_printf(out, "%.*s: (from flag: %s, from file: %s)",
					       (int)(ea - a), a, eb + 1, ea + 1);
				break;
			}
		}
	}
}

/*
 * Work out again which daemon items are one daemon: the flags in effect
 * are those of --dockerd-args, else of the last unit or drop-in (in the
 * order systemd reads them: the unit, then drop-ins by name) whose
 * ExecStart runs dockerd; the others are overridden.  With exactly one
 * daemon.json, that file and the flags in effect are one daemon.
 */
static void merge(struct cca_evidence *ev)
{
	struct daemon *file = NULL, *flags = NULL, *args = NULL;
	size_t nfiles = 0;

	for (size_t i = 0; i < cca_evidence_count(ev); i++) {
		struct daemon *d = model_of(cca_evidence_item(ev, i));

		if (!d)
			continue;
		d->pub.peer = NULL;
		d->pub.overridden_by = NULL;
		d->pub.judged_at = NULL;
		free(d->error);
		d->error = NULL;
		d->pub.error = NULL;
		if (strcmp(d->pub.source, "daemon.json") == 0) {
			file = d;
			nfiles++;
		} else if (d->pub.has_exec && strcmp(d->pub.path, "dockerd flags") == 0) {
			args = d;
		} else if (d->pub.has_exec && (!flags || unit_order(flags, d) <= 0)) {
			flags = d;
		}
	}
	if (args)
		flags = args;
	for (size_t i = 0; i < cca_evidence_count(ev); i++) {
		struct daemon *d = model_of(cca_evidence_item(ev, i));

		if (d && d != flags && d->pub.has_exec && flags)
			d->pub.overridden_by = flags->pub.path;
		if (d && d != flags && d != file && (flags || file) &&
		    strcmp(d->pub.source, "flags") == 0)
			d->pub.judged_at = flags ? flags->pub.path : file->pub.path;
	}
	if (nfiles == 1 && flags) {
		struct cca_buf b;

		file->pub.peer = &flags->pub;
		flags->pub.peer = &file->pub;
		cca_buf_init(&b);
		conflicts(file, flags, &b);
		if (b.len) {
			file->error = cca_xasprintf("the following directives are specified both as "
						    "a flag (%s) and in the configuration file (%s): "
						    "%s; dockerd refuses to start", flags->pub.path,
						    file->pub.path, cca_buf_str(&b));
			flags->error = cca_xstrdup(file->error);
			file->pub.error = file->error;
			flags->pub.error = flags->error;
		}
		cca_buf_release(&b);
	}
}

static void add_item(struct cca_evidence *ev, const char *path, const char *data, size_t len,
		     struct daemon *d, const char *error)
{
	struct cca_linemap *lines = NULL;
	struct cca_evidence_new_item in = {
		CCA_KIND_DAEMON, path, NULL, data, len, error, d, release, NULL
	};

	if (d && strcmp(d->pub.source, "daemon.json") == 0 &&
	    cca_yaml_parse(path, data, len, NULL, &lines, NULL) == 0)
		in.lines = lines;
	cca_evidence_add(ev, &in);
	for (size_t i = 0; d && i < d->nwarnings; i++)
		cca_evidence_warn(ev, "%s", d->warnings[i]);
	merge(ev);
}

static void stat_into(struct daemon *d, const char *path)
{
	struct stat st;

	if (d && stat(path, &st) == 0) {
		d->pub.has_stat = true;
		d->pub.uid = st.st_uid;
		d->pub.gid = st.st_gid;
		d->pub.mode = st.st_mode & 07777;
	}
}

typedef int (*parse_fn)(const char *, const char *, size_t, struct cca_daemon **,
			struct cca_error *);

static void add_file(struct cca_evidence *ev, const char *path, parse_fn parse)
{
	struct cca_daemon *pub = NULL;
	struct cca_error err;
	char *data;
	size_t len;

	if (cca_file_read(path, CCA_DAEMON_MAX_BYTES, &data, &len, &err) < 0) {
		add_item(ev, path, NULL, 0, NULL, err.msg);
		return;
	}
	if (parse(path, data, len, &pub, &err) < 0) {
		add_item(ev, path, data, len, NULL, err.msg);
	} else {
		stat_into((struct daemon *)pub, path);
		add_item(ev, path, data, len, (struct daemon *)pub, NULL);
	}
	free(data);
}

void cca_evidence_add_daemon_json(struct cca_evidence *ev, const char *path)
{
	add_file(ev, path, cca_daemon_parse_json);
}

void cca_evidence_add_dockerd_unit(struct cca_evidence *ev, const char *path)
{
	add_file(ev, path, cca_daemon_parse_unit);
}

void cca_evidence_add_dockerd_args(struct cca_evidence *ev, const char *args)
{
	struct cca_daemon *pub = NULL;
	struct cca_error err;
	size_t len = strlen(args);

	if (len > CCA_DAEMON_MAX_BYTES) {
		add_item(ev, "dockerd flags", NULL, 0, NULL,
			 "dockerd flags: longer than 1 MiB");
		return;
	}
	if (cca_daemon_parse_args("dockerd flags", args, &pub, &err) < 0)
		add_item(ev, "dockerd flags", args, len, NULL, err.msg);
	else
		add_item(ev, "dockerd flags", args, len, (struct daemon *)pub, NULL);
}

/* ---- a live Engine's settings ---------------------------------------------------- */

/* The value of "name=X" options in a /info SecurityOptions entry, or NULL. */
static const char *security_option(const json_t *opts, const char *name, const char *field,
				   char *buf, size_t size)
{
	const json_t *o;
	size_t i;

	json_array_foreach(opts, i, o) {
		const char *s = json_string_value(o), *f;
		char want[64];

		snprintf(want, sizeof want, "name=%s", name);
		if (!s || strncmp(s, want, strlen(want)) != 0 ||
		    (s[strlen(want)] && s[strlen(want)] != ','))
			continue;
		if (!field)
			return "true";
		snprintf(want, sizeof want, ",%s=", field);
		if (!(f = strstr(s, want)))
			return "";
		snprintf(buf, size, "%.*s", (int)strcspn(f + strlen(want), ","), f + strlen(want));
		return buf;
	}
	return NULL;
}

static void set_bool(struct daemon *d, int k, const json_t *v, const char *key)
{
	if (json_is_boolean(v))
		set_scalar(d, k, json_is_true(v) ? "true" : "false", key, 0);
}

static void set_string(struct daemon *d, int k, const json_t *v, const char *key)
{
	if (json_is_string(v) && *json_string_value(v))
		set_scalar(d, k, json_string_value(v), key, 0);
}

/* Insecure registries: the CIDRs beyond dockerd's own 127.0.0.0/8, and insecure indexes. */
static void set_insecure(struct daemon *d, const json_t *reg)
{
	const json_t *cidrs = json_object_get(reg, "InsecureRegistryCIDRs"), *v;
	const json_t *idx = json_object_get(reg, "IndexConfigs");
	const char *name;
	size_t i;

	json_array_foreach(cidrs, i, v) {
		const char *c = json_string_value(v);

		if (c && strcmp(c, "127.0.0.0/8") != 0 && strcmp(c, "::1/128") != 0)
			add_list(d, CCA_DL_INSECURE_REGISTRIES, c, "RegistryConfig.InsecureRegistryCIDRs",
				 "RegistryConfig.InsecureRegistryCIDRs", 0);
	}
	json_object_foreach((json_t *)idx, name, v)
		if (json_is_false(json_object_get(v, "Secure")))
			add_list(d, CCA_DL_INSECURE_REGISTRIES, name, "RegistryConfig.IndexConfigs",
				 "RegistryConfig.IndexConfigs", 0);
}

struct cca_daemon *cca_daemon_from_info(const char *where, const json_t *info)
{
	struct daemon *d = daemon_new("engine", where);
	const json_t *sec = json_object_get(info, "SecurityOptions");
	const json_t *reg = json_object_get(info, "RegistryConfig"), *v;
	const char *seccomp;
	char buf[256];
	size_t i;

	set_bool(d, CCA_D_LIVE_RESTORE, json_object_get(info, "LiveRestoreEnabled"),
		 "LiveRestoreEnabled");
	set_string(d, CCA_D_LOG_DRIVER, json_object_get(info, "LoggingDriver"), "LoggingDriver");
	set_string(d, CCA_D_STORAGE_DRIVER, json_object_get(info, "Driver"), "Driver");
	set_bool(d, CCA_D_DEBUG, json_object_get(info, "Debug"), "Debug");
	set_bool(d, CCA_D_EXPERIMENTAL, json_object_get(info, "ExperimentalBuild"),
		 "ExperimentalBuild");
	if (json_is_array(sec)) {
		/* seccomp "default" is dockerd's own profile: as if none was set. */
		seccomp = security_option(sec, "seccomp", "profile", buf, sizeof buf);
		if (seccomp && *seccomp && strcmp(seccomp, "default") != 0 &&
		    strcmp(seccomp, "builtin") != 0)
			set_scalar(d, CCA_D_SECCOMP_PROFILE, seccomp, "SecurityOptions", 0);
		else if (!seccomp)
			set_scalar(d, CCA_D_SECCOMP_PROFILE, "unconfined", "SecurityOptions", 0);
		set_scalar(d, CCA_D_SELINUX_ENABLED,
			   security_option(sec, "selinux", NULL, buf, sizeof buf) ? "true" : "false",
			   "SecurityOptions", 0);
		if (security_option(sec, "userns", NULL, buf, sizeof buf))
			set_scalar(d, CCA_D_USERNS_REMAP, "default", "SecurityOptions", 0);
	}
	json_array_foreach(json_object_get(json_object_get(info, "Plugins"), "Authorization"), i, v)
		if (json_is_string(v))
			add_list(d, CCA_DL_AUTHZ_PLUGINS, json_string_value(v), "Plugins.Authorization",
				 "Plugins.Authorization", 0);
	if (json_is_object(reg)) {
		set_insecure(d, reg);
		json_array_foreach(json_object_get(reg, "Mirrors"), i, v)
			if (json_is_string(v))
				add_list(d, CCA_DL_REGISTRY_MIRRORS, json_string_value(v),
					 "RegistryConfig.Mirrors", "RegistryConfig.Mirrors", 0);
	}
	return &d->pub;
}

void cca_evidence_add_daemon_info(struct cca_evidence *ev, const char *where, const json_t *info)
{
	struct cca_evidence_new_item in = { .kind = CCA_KIND_DAEMON, .path = where,
					    .name = "engine settings", .release = release };
	char *dump = json_dumps(info, JSON_SORT_KEYS | JSON_COMPACT);

	in.model = cca_daemon_from_info(where, info);
	in.data = dump;
	in.len = dump ? strlen(dump) : 0;
	cca_evidence_add(ev, &in);
	free(dump);
}
