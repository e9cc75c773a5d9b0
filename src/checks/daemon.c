/*
 * daemon.c - the checks of Docker daemon settings (daemon.h): daemon.json,
 * dockerd flags, and later a live Engine's /info, judged alike.
 *
 * Every check reads the value in effect (cca_daemon_get: the item's own,
 * else its peer's) and reports it on the item that gave it; a default is
 * reported on the daemon.json half (cca_daemon_reports), so a daemon made
 * of a file and flags gets one verdict per setting.  A daemon dockerd would
 * refuse to start (a key given both as a flag and in the file) reports
 * `error` on every rule.  An input that holds no dockerd command line (a
 * drop-in that only sets Environment=) or whose ExecStart a later drop-in
 * replaced says nothing when another input holds the settings in effect
 * (the daemon is judged there), else is not applicable; the file
 * permission check judges every file.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ccaudit/checks.h"
#include "ccaudit/daemon.h"
#include "ccaudit/evidence.h"
#include "ccaudit/util.h"

#define CCA_CHECK(sym, id, kind, summary) void cca_check_##sym(struct cca_checkctx *ctx);
#include "checks.def"
#undef CCA_CHECK

/* ---- helpers ------------------------------------------------------------------ */

/*
 * Report at a setting: the unit file line of a flag read from a unit, else
 * its key (a JSON pointer gives FILE:LINE; a flag "dockerd flags: --icc"),
 * else fallback (for a default: where it would be set).
 */
static void report(struct cca_checkctx *ctx, enum cca_status st,
		   const struct cca_daemon_value *v, const char *fallback,
		   const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void report(struct cca_checkctx *ctx, enum cca_status st,
		   const struct cca_daemon_value *v, const char *fallback,
		   const char *fmt, ...)
{
	struct cca_buf b;
	va_list ap;

	cca_buf_init(&b);
	va_start(ap, fmt);
	cca_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (v && v->key && v->key[0] == '-' && v->line)
		cca_check_report(ctx, st, v->line, "%s", cca_buf_str(&b));
	else
		cca_check_report_key(ctx, st, v && v->key ? v->key : fallback, "%s",
				     cca_buf_str(&b));
	cca_buf_release(&b);
}

/* Where a default would be set in this item: "/icc", "--icc" ("icc" for an engine). */
static char *where(const struct cca_daemon *d, const char *name)
{
	if (strcmp(d->source, "engine") == 0)
		return cca_xstrdup(name);
	return strcmp(d->source, "flags") == 0 ? cca_xasprintf("--%s", name)
					       : cca_xasprintf("/%s", name);
}

/* Whether /info shows what rule_id judges (a live engine's settings). */
static bool engine_reports(const char *rule_id)
{
	static const char *const reported[] = {
		"daemon.authorization-plugins", "daemon.debug-experimental",
		"daemon.insecure-registries", "daemon.live-restore", "daemon.log-driver",
		"daemon.registry-mirrors", "daemon.seccomp-profile", "daemon.selinux-enabled",
		"daemon.storage-driver", "daemon.userns-remap",
	};

	for (size_t i = 0; i < CCA_ARRAY_SIZE(reported); i++)
		if (strcmp(rule_id, reported[i]) == 0)
			return true;
	return false;
}

/*
 * The daemon of the item, or NULL when the check has nothing to judge
 * there (after reporting error or notapplicable as fits).
 */
static const struct cca_daemon *daemon_of(struct cca_checkctx *ctx)
{
	const struct cca_daemon *d = cca_check_model(ctx);

	if (d->error) {
		cca_check_report(ctx, CCA_ERROR, 0, "%s", d->error);
		return NULL;
	}
	if (d->judged_at)
		return NULL;    /* the daemon's settings are judged on that input */
	if (strcmp(d->source, "engine") == 0 && !engine_reports(cca_check_rule_id(ctx))) {
		cca_check_report(ctx, CCA_UNKNOWN, 0, "the Engine API does not report this "
				 "setting: audit the daemon.json or dockerd flags in effect");
		return NULL;
	}
	if (strcmp(d->source, "flags") == 0 && !d->has_exec) {
		cca_check_report(ctx, CCA_NOTAPPLICABLE, 0, "no ExecStart runs dockerd here");
		return NULL;
	}
	return d;
}

static bool is_true(const struct cca_daemon_value *v)
{
	return v && strcmp(v->value, "true") == 0;
}

static bool is_false(const struct cca_daemon_value *v)
{
	return v && strcmp(v->value, "false") == 0;
}

/*
 * A boolean that should be want ("true"/"false"); dflt is dockerd's
 * default.  Fails with why when the value in effect differs.
 */
static void want_bool(struct cca_checkctx *ctx, enum cca_daemon_key key, bool want,
		      bool dflt, const char *why)
{
	const struct cca_daemon *d = daemon_of(ctx);
	const struct cca_daemon_value *v;
	const char *name = cca_daemon_key_name(key);
	bool value;
	char *w;

	if (!d)
		return;
	v = cca_daemon_get(d, key);
	if (!cca_daemon_reports(d, v ? v->owner : NULL))
		return;
	value = v ? is_true(v) : dflt;
	if (value == want)
		return;
	w = where(d, name);
	report(ctx, CCA_FAIL, v, w, "%s is %s%s: %s", name, value ? "true" : "false",
	       v ? "" : " (dockerd's default)", why);
	free(w);
}

/* ---- 2.5 default ulimits -------------------------------------------------------------- */

void cca_check_daemon_default_ulimits(struct cca_checkctx *ctx)
{
	const struct cca_daemon *d = daemon_of(ctx);
	const struct cca_daemon_list *l;
	char *w;

	if (!d)
		return;
	l = cca_daemon_get_list(d, CCA_DL_ULIMITS);
	if (!cca_daemon_reports(d, l ? l->owner : NULL))
		return;
	if (!l || !l->n) {
		w = where(d, "default-ulimits");
		report(ctx, CCA_FAIL, NULL, w, "default-ulimits is not set: containers inherit "
		       "the daemon's limits (open files, processes)");
		free(w);
		return;
	}
	for (size_t i = 0; i < l->n; i++) {
		const char *u = l->v[i].value, *eq = strchr(u, '=');

		if (eq && (strstr(eq, "-1") || strstr(eq, "unlimited")))
			report(ctx, CCA_FAIL, &l->v[i], NULL, "default ulimit '%s' is unlimited", u);
	}
}

/* ---- 2.6 SELinux --------------------------------------------------------------------- */

void cca_check_daemon_selinux(struct cca_checkctx *ctx)
{
	want_bool(ctx, CCA_D_SELINUX_ENABLED, true, false,
		  "containers get no SELinux labels (on AppArmor hosts, answer "
		  "manual.csvs-2.6 and tailor this rule out)");
}

/* ---- 2.9 live restore ------------------------------------------------------------------ */

void cca_check_daemon_live_restore(struct cca_checkctx *ctx)
{
	want_bool(ctx, CCA_D_LIVE_RESTORE, true, false,
		  "containers stop whenever the daemon restarts or is upgraded");
}

/* ---- 2.10 owner and mode ---------------------------------------------------------------- */

void cca_check_daemon_file_permissions(struct cca_checkctx *ctx)
{
	const struct cca_daemon *d = cca_check_model(ctx);
	const char *places = cca_check_param(ctx, "installed-paths");
	const struct cca_evidence_item *it = cca_check_item(ctx);
	bool installed = false;

	if (!d->has_stat) {
		cca_check_report(ctx, CCA_NOTAPPLICABLE, 0, "not read from a filesystem");
		return;
	}
	for (const char *p = places ? places : ""; *p;) {
		size_t l;

		while (*p == ' ')
			p++;
		l = strcspn(p, " ");
		if (l && strncmp(it->path, p, l) == 0)
			installed = true;
		p += l;
	}
	if (!installed) {
		cca_check_report(ctx, CCA_NOTAPPLICABLE, 0, "a copy outside the places the "
				 "host reads it from (parameter installed-paths): its owner and "
				 "mode are those of the copy");
		return;
	}
	if (d->uid != 0)
		cca_check_report(ctx, CCA_FAIL, 0, "owned by uid %u, not root: that user can "
				 "change how the daemon runs", d->uid);
	if (d->mode & 022)
		cca_check_report(ctx, CCA_FAIL, 0, "mode %04o: writable by %s", d->mode,
				 (d->mode & 002) ? "every user" : "its group");
}

/* ---- 2.14 non-default settings ------------------------------------------------------ */

/* dockerd's defaults of the settings that commonly appear with them. */
static const char *const defaults[] = {
	"debug=false", "experimental=false", "icc=true", "iptables=true", "ip6tables=false",
	"ip=0.0.0.0", "ip-forward=true", "ip-masq=true", "ipv6=false", "init=false",
	"live-restore=false", "log-driver=json-file", "log-level=info", "log-format=text",
	"userland-proxy=true", "selinux-enabled=false", "no-new-privileges=false",
	"raw-logs=false", "tls=false", "tlsverify=false", "max-concurrent-downloads=3",
	"max-concurrent-uploads=5", "max-download-attempts=5", "shutdown-timeout=15",
	"mtu=0", "mtu=1500", "default-cgroupns-mode=private", "default-ipc-mode=private",
	"default-runtime=runc", "data-root=/var/lib/docker", "exec-root=/var/run/docker",
	"pidfile=/var/run/docker.pid", "group=docker", "default-shm-size=64M",
	"seccomp-profile=builtin", "rootless=false", "allow-direct-routing=false",
};

static bool is_default(const char *given)
{
	const char *eq = strchr(given, '=');

	if (!eq || !eq[1] || strcmp(eq + 1, "[]") == 0 || strcmp(eq + 1, "{}") == 0)
		return true;    /* "", [], {}: nothing set */
	for (size_t i = 0; i < CCA_ARRAY_SIZE(defaults); i++)
		if (strcmp(defaults[i], given) == 0)
			return true;
	return false;
}

void cca_check_daemon_non_default(struct cca_checkctx *ctx)
{
	const struct cca_daemon *d = daemon_of(ctx);

	if (!d)
		return;
	for (size_t i = 0; i < d->given.n; i++)
		if (!is_default(d->given.v[i].value))
			report(ctx, CCA_INFORMATIONAL, &d->given.v[i], NULL,
			       "not dockerd's default: %s", d->given.v[i].value);
}

/* ---- 3.2 user namespaces ----------------------------------------------------------- */

void cca_check_daemon_userns_remap(struct cca_checkctx *ctx)
{
	const struct cca_daemon *d = daemon_of(ctx);
	const struct cca_daemon_value *v;
	char *w;

	if (!d)
		return;
	v = cca_daemon_get(d, CCA_D_USERNS_REMAP);
	if (!cca_daemon_reports(d, v ? v->owner : NULL) || (v && *v->value))
		return;
	w = where(d, "userns-remap");
	report(ctx, CCA_FAIL, v, w, "userns-remap is not set: root in a container is root "
	       "on the host");
	free(w);
}

/* ---- 3.4 seccomp ------------------------------------------------------------------------- */

void cca_check_daemon_seccomp(struct cca_checkctx *ctx)
{
	const struct cca_daemon *d = daemon_of(ctx);
	const struct cca_daemon_value *v;

	if (!d)
		return;
	v = cca_daemon_get(d, CCA_D_SECCOMP_PROFILE);
	if (v && cca_daemon_reports(d, v->owner) && strcasecmp(v->value, "unconfined") == 0)
		report(ctx, CCA_FAIL, v, NULL, "seccomp-profile is 'unconfined': containers run "
		       "without a seccomp filter unless they set one");
}

/* ---- 3.5 no-new-privileges ------------------------------------------------------------- */

void cca_check_daemon_no_new_privileges(struct cca_checkctx *ctx)
{
	want_bool(ctx, CCA_D_NO_NEW_PRIVILEGES, true, false,
		  "processes in containers can gain privileges through setuid binaries");
}

/* ---- 6.9 TLS and registries ------------------------------------------------------------- */

void cca_check_daemon_insecure_registries(struct cca_checkctx *ctx)
{
	const struct cca_daemon *d = daemon_of(ctx);
	const struct cca_daemon_list *l;

	if (!d)
		return;
	l = cca_daemon_get_list(d, CCA_DL_INSECURE_REGISTRIES);
	if (!l || !cca_daemon_reports(d, l->owner))
		return;
	for (size_t i = 0; i < l->n; i++)
		report(ctx, CCA_FAIL, &l->v[i], NULL, "insecure registry '%s': images are pulled "
		       "without TLS verification", l->v[i].value);
}

void cca_check_daemon_registry_mirrors(struct cca_checkctx *ctx)
{
	const struct cca_daemon *d = daemon_of(ctx);
	const struct cca_daemon_list *l;

	if (!d)
		return;
	l = cca_daemon_get_list(d, CCA_DL_REGISTRY_MIRRORS);
	if (!l || !cca_daemon_reports(d, l->owner))
		return;
	for (size_t i = 0; i < l->n; i++)
		if (strncasecmp(l->v[i].value, "http://", 7) == 0)
			report(ctx, CCA_FAIL, &l->v[i], NULL, "registry mirror '%s' is plain HTTP",
			       l->v[i].value);
}

void cca_check_daemon_tcp_tls(struct cca_checkctx *ctx)
{
	const struct cca_daemon *d = daemon_of(ctx);
	const struct cca_daemon_list *l;
	const struct cca_daemon_value *verify, *ca, *cert, *key;
	char missing[96] = "";

	if (!d)
		return;
	l = cca_daemon_get_list(d, CCA_DL_HOSTS);
	if (!l || !cca_daemon_reports(d, l->owner))
		return;
	verify = cca_daemon_get(d, CCA_D_TLSVERIFY);
	ca = cca_daemon_get(d, CCA_D_TLSCACERT);
	cert = cca_daemon_get(d, CCA_D_TLSCERT);
	key = cca_daemon_get(d, CCA_D_TLSKEY);
	if (!is_true(verify))
		strcat(missing, " tlsverify");
	if (!ca || !*ca->value)
		strcat(missing, " tlscacert");
	if (!cert || !*cert->value)
		strcat(missing, " tlscert");
	if (!key || !*key->value)
		strcat(missing, " tlskey");
	for (size_t i = 0; i < l->n; i++) {
		const char *h = l->v[i].value;

		if (strncasecmp(h, "tcp://", 6) != 0 && strncmp(h, ":", 1) != 0 &&
		    !(strstr(h, "://") == NULL && strchr(h, ':')))
			continue;
		if (*missing)
			report(ctx, CCA_FAIL, &l->v[i], NULL, "the API listens on '%s' without "
			       "mutual TLS (missing:%s): whoever reaches it controls the host",
			       h, missing);
	}
}

/* ---- 7.x networking ------------------------------------------------------------------- */

void cca_check_daemon_userland_proxy(struct cca_checkctx *ctx)
{
	want_bool(ctx, CCA_D_USERLAND_PROXY, false, true,
		  "published ports are forwarded by a docker-proxy process per port "
		  "instead of the kernel");
}

void cca_check_daemon_default_bridge(struct cca_checkctx *ctx)
{
	const struct cca_daemon *d = daemon_of(ctx);
	const struct cca_daemon_value *v;
	char *w;

	if (!d)
		return;
	v = cca_daemon_get(d, CCA_D_BRIDGE);
	if (!cca_daemon_reports(d, v ? v->owner : NULL) ||
	    (v && strcasecmp(v->value, "none") == 0))
		return;
	w = where(d, "bridge");
	report(ctx, CCA_INFORMATIONAL, v, w, "the default bridge%s%s%s is on: containers "
	       "started without a network of their own join it", v && *v->value ? " '" : "",
	       v && *v->value ? v->value : " docker0", v && *v->value ? "'" : "");
	free(w);
}

void cca_check_daemon_icc(struct cca_checkctx *ctx)
{
	const struct cca_daemon *d = daemon_of(ctx);
	const struct cca_daemon_value *v, *bridge;
	char *w;

	if (!d)
		return;
	v = cca_daemon_get(d, CCA_D_ICC);
	bridge = cca_daemon_get(d, CCA_D_BRIDGE);
	if (!cca_daemon_reports(d, v ? v->owner : NULL) || is_false(v) ||
	    (bridge && strcasecmp(bridge->value, "none") == 0))
		return;
	w = where(d, "icc");
	report(ctx, CCA_FAIL, v, w, "icc is %s: every container on the default bridge can "
	       "reach every other", v ? v->value : "true (dockerd's default)");
	free(w);
}

void cca_check_daemon_iptables(struct cca_checkctx *ctx)
{
	want_bool(ctx, CCA_D_IPTABLES, true, true,
		  "the daemon leaves the firewall rules that isolate container networks "
		  "to hand-made rules");
}

static bool binds_everywhere(const char *ip)
{
	return !*ip || strcmp(ip, "0.0.0.0") == 0 || strcmp(ip, "::") == 0 ||
	       strcmp(ip, "[::]") == 0;
}

void cca_check_daemon_ip_binding(struct cca_checkctx *ctx)
{
	const struct cca_daemon *d = daemon_of(ctx);
	const struct cca_daemon_value *v;
	char *w;

	if (!d)
		return;
	v = cca_daemon_get(d, CCA_D_IP);
	if (!cca_daemon_reports(d, v ? v->owner : NULL) || (v && !binds_everywhere(v->value)))
		return;
	w = where(d, "ip");
	report(ctx, CCA_FAIL, v, w, "ports published without a host address bind %s",
	       v ? "every interface ('ip' is a wildcard)" : "every interface ('ip' is not set)");
	free(w);
}

/* ---- 7.11 address ranges ---------------------------------------------------------------- */

struct net {
	uint32_t addr, mask;
	const struct cca_daemon_value *v;
	const char *what;
};

/* An IPv4 CIDR ("172.17.0.1/16") as network and mask; false when it is not one. */
static bool parse_cidr(const char *s, uint32_t *addr, uint32_t *mask)
{
	char buf[64];
	const char *slash = strchr(s, '/');
	struct in_addr in;
	char *end;
	long bits;

	if (!slash || (size_t)(slash - s) >= sizeof buf)
		return false;
	memcpy(buf, s, (size_t)(slash - s));
	buf[slash - s] = '\0';
	bits = strtol(slash + 1, &end, 10);
	if (*end || end == slash + 1 || bits < 0 || bits > 32 || inet_pton(AF_INET, buf, &in) != 1)
		return false;
	*mask = bits ? (uint32_t)(0xFFFFFFFFu << (32 - bits)) : 0;
	*addr = ntohl(in.s_addr) & *mask;
	return true;
}

static bool overlap(const struct net *a, const struct net *b)
{
	uint32_t m = a->mask & b->mask;

	return (a->addr & m) == (b->addr & m);
}

void cca_check_daemon_address_overlap(struct cca_checkctx *ctx)
{
	const struct cca_daemon *d = daemon_of(ctx);
	const struct cca_daemon_value *bip, *fixed;
	const struct cca_daemon_list *pools;
	struct net nets[66];
	size_t n = 0;

	if (!d)
		return;
	bip = cca_daemon_get(d, CCA_D_BIP);
	fixed = cca_daemon_get(d, CCA_D_FIXED_CIDR);
	pools = cca_daemon_get_list(d, CCA_DL_ADDRESS_POOLS);
	if (bip && *bip->value) {
		if (parse_cidr(bip->value, &nets[n].addr, &nets[n].mask)) {
			nets[n].v = bip;
			nets[n++].what = "bip";
		} else if (cca_daemon_reports(d, bip->owner)) {
			report(ctx, CCA_FAIL, bip, NULL, "bip '%s' is not an IPv4 CIDR", bip->value);
		}
	}
	for (size_t i = 0; pools && i < pools->n && n < 64; i++) {
		const char *b = strstr(pools->v[i].value, "base="), *comma;
		char base[64];

		if (!b)
			continue;
		b += 5;
		comma = strchr(b, ',');
		snprintf(base, sizeof base, "%.*s", (int)(comma ? (size_t)(comma - b) : strlen(b)), b);
		if (parse_cidr(base, &nets[n].addr, &nets[n].mask)) {
			nets[n].v = &pools->v[i];
			nets[n++].what = "default address pool";
		} else if (cca_daemon_reports(d, pools->owner)) {
			report(ctx, CCA_FAIL, &pools->v[i], NULL, "default address pool base '%s' is "
			       "not an IPv4 CIDR", base);
		}
	}
	for (size_t i = 0; i < n; i++)
		for (size_t k = i + 1; k < n; k++)
			if (overlap(&nets[i], &nets[k]) && cca_daemon_reports(d, nets[k].v->owner))
				report(ctx, CCA_FAIL, nets[k].v, NULL, "%s '%s' overlaps %s '%s'",
				       nets[k].what, nets[k].v->value, nets[i].what,
				       nets[i].v->value);
	if (fixed && *fixed->value && cca_daemon_reports(d, fixed->owner)) {
		struct net f;

		if (!parse_cidr(fixed->value, &f.addr, &f.mask))
			report(ctx, CCA_FAIL, fixed, NULL, "fixed-cidr '%s' is not an IPv4 CIDR",
			       fixed->value);
		else if (bip && *bip->value && n && nets[0].v == bip &&
			 ((f.addr & nets[0].mask) != nets[0].addr || f.mask < nets[0].mask))
			report(ctx, CCA_FAIL, fixed, NULL, "fixed-cidr '%s' is not inside bip '%s'",
			       fixed->value, bip->value);
		else
			for (size_t i = 0; i < n; i++) {
				f.v = fixed;
				if (nets[i].v != bip && overlap(&f, &nets[i]))
					report(ctx, CCA_FAIL, fixed, NULL, "fixed-cidr '%s' overlaps "
					       "%s '%s'", fixed->value, nets[i].what,
					       nets[i].v->value);
			}
	}
}

/* ---- 8.1 storage driver ----------------------------------------------------------------- */

void cca_check_daemon_storage_driver(struct cca_checkctx *ctx)
{
	const struct cca_daemon *d = daemon_of(ctx);
	const struct cca_daemon_value *v;

	if (!d)
		return;
	v = cca_daemon_get(d, CCA_D_STORAGE_DRIVER);
	if (!v || !*v->value || !cca_daemon_reports(d, v->owner))
		return;
	if (!cca_word_in_list(v->value, cca_check_param(ctx, "drivers"), true))
		report(ctx, CCA_FAIL, v, NULL, "storage driver '%s' is not one meant for "
		       "production (parameter drivers: %s)", v->value,
		       cca_check_param(ctx, "drivers"));
}

/* ---- 9.x logging ------------------------------------------------------------------------ */

void cca_check_daemon_log_driver(struct cca_checkctx *ctx)
{
	const struct cca_daemon *d = daemon_of(ctx);
	const struct cca_daemon_value *v;
	const char *drv;
	char *w;

	if (!d)
		return;
	v = cca_daemon_get(d, CCA_D_LOG_DRIVER);
	if (!cca_daemon_reports(d, v ? v->owner : NULL))
		return;
	drv = v && *v->value ? v->value : "json-file";
	if (cca_word_in_list(drv, cca_check_param(ctx, "central-drivers"), true))
		return;
	w = where(d, "log-driver");
	if (strcmp(drv, "none") == 0)
		report(ctx, CCA_FAIL, v, w, "log-driver is 'none': containers' output is thrown "
		       "away");
	else
		report(ctx, CCA_FAIL, v, w, "log-driver is '%s'%s: container logs stay on the "
		       "host instead of reaching a central store", drv,
		       v && *v->value ? "" : " (dockerd's default)");
	free(w);
}

void cca_check_daemon_log_level(struct cca_checkctx *ctx)
{
	const struct cca_daemon *d = daemon_of(ctx);
	const struct cca_daemon_value *v;

	if (!d)
		return;
	v = cca_daemon_get(d, CCA_D_LOG_LEVEL);
	if (v && *v->value && cca_daemon_reports(d, v->owner) &&
	    strcasecmp(v->value, "info") != 0)
		report(ctx, CCA_FAIL, v, NULL, "log-level is '%s', not info: %s", v->value,
		       strcasecmp(v->value, "debug") == 0 || strcasecmp(v->value, "trace") == 0
		       ? "the log fills with detail and may hold request contents"
		       : "events an audit needs are not logged");
}

/* ---- informational ----------------------------------------------------------------------- */

void cca_check_daemon_debug_experimental(struct cca_checkctx *ctx)
{
	const struct cca_daemon *d = daemon_of(ctx);
	const struct cca_daemon_value *dbg, *exp;

	if (!d)
		return;
	dbg = cca_daemon_get(d, CCA_D_DEBUG);
	exp = cca_daemon_get(d, CCA_D_EXPERIMENTAL);
	if (is_true(dbg) && cca_daemon_reports(d, dbg->owner))
		report(ctx, CCA_INFORMATIONAL, dbg, NULL, "debug is on: not for production");
	if (is_true(exp) && cca_daemon_reports(d, exp->owner))
		report(ctx, CCA_INFORMATIONAL, exp, NULL, "experimental features are on: not "
		       "for production");
}

void cca_check_daemon_authorization_plugins(struct cca_checkctx *ctx)
{
	const struct cca_daemon *d = daemon_of(ctx);
	const struct cca_daemon_list *l;
	char *w;

	if (!d)
		return;
	l = cca_daemon_get_list(d, CCA_DL_AUTHZ_PLUGINS);
	if (!cca_daemon_reports(d, l ? l->owner : NULL))
		return;
	if (l && l->n) {
		for (size_t i = 0; i < l->n; i++)
			report(ctx, CCA_INFORMATIONAL, &l->v[i], NULL, "authorization plugin '%s' "
			       "decides each API request", l->v[i].value);
		return;
	}
	w = where(d, "authorization-plugins");
	report(ctx, CCA_INFORMATIONAL, NULL, w, "no authorization plugin: whoever can reach "
	       "the API may do anything");
	free(w);
}
