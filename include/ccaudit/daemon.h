/*
 * daemon.h - the settings a Docker daemon runs with: read from a
 * daemon.json file, from dockerd's command-line flags (given as a string
 * or found in the ExecStart of a systemd unit or drop-in), and later from
 * a live Engine's /info, into one model that one set of rules
 * (src/checks/daemon.c) judges.
 *
 * Evidence items of kind CCA_KIND_DAEMON carry a struct cca_daemon as
 * their model (cca_check_model).  Every setting keeps the key it was read
 * from: a JSON pointer into daemon.json ("/icc"), a flag ("--icc"), or a
 * field of the Engine's /info ("SecurityOptions"); findings about it are
 * reported there (cca_check_report_key).  A setting whose value is NULL was
 * not given: dockerd's default applies.
 *
 * dockerd reads one configuration file and one command line.  When an
 * audit holds exactly one daemon.json and dockerd flags (from
 * --dockerd-args or units), they are one daemon: each item then points at
 * the other (peer), and a key set in both makes dockerd refuse to start,
 * which is recorded as the error of both (their rules report `error`).
 */
#ifndef CCAUDIT_DAEMON_H
#define CCAUDIT_DAEMON_H

#include <stdbool.h>
#include <stddef.h>

#define CCA_KIND_DAEMON "daemon"

/* Size cap of daemon.json and unit files. */
#define CCA_DAEMON_MAX_BYTES (1u * 1024 * 1024)
/* At most this many words in one dockerd command line. */
#define CCA_DAEMON_MAX_ARGS 4096

/* The settings the checks read, by daemon.json key. */
enum cca_daemon_key {
	CCA_D_BIP,                  /* "bip" */
	CCA_D_BRIDGE,               /* "bridge" */
	CCA_D_DEBUG,                /* "debug" */
	CCA_D_EXPERIMENTAL,         /* "experimental" */
	CCA_D_FIXED_CIDR,           /* "fixed-cidr" */
	CCA_D_ICC,                  /* "icc" */
	CCA_D_IP,                   /* "ip" */
	CCA_D_IPTABLES,             /* "iptables" */
	CCA_D_LIVE_RESTORE,         /* "live-restore" */
	CCA_D_LOG_DRIVER,           /* "log-driver" */
	CCA_D_LOG_LEVEL,            /* "log-level" */
	CCA_D_NO_NEW_PRIVILEGES,    /* "no-new-privileges" */
	CCA_D_SECCOMP_PROFILE,      /* "seccomp-profile" */
	CCA_D_SELINUX_ENABLED,      /* "selinux-enabled" */
	CCA_D_STORAGE_DRIVER,       /* "storage-driver" */
	CCA_D_TLS,                  /* "tls" */
	CCA_D_TLSCACERT,            /* "tlscacert" */
	CCA_D_TLSCERT,              /* "tlscert" */
	CCA_D_TLSKEY,               /* "tlskey" */
	CCA_D_TLSVERIFY,            /* "tlsverify" */
	CCA_D_USERLAND_PROXY,       /* "userland-proxy" */
	CCA_D_USERNS_REMAP,         /* "userns-remap" */
	CCA_D_NSCALARS
};

/* The list settings the checks read. */
enum cca_daemon_list_key {
	CCA_DL_AUTHZ_PLUGINS,       /* "authorization-plugins" */
	CCA_DL_ADDRESS_POOLS,       /* "default-address-pools": "BASE/SIZE" ("172.30.0.0/16/24") */
	CCA_DL_ULIMITS,             /* "default-ulimits": "nofile=64000:64000" */
	CCA_DL_HOSTS,               /* "hosts" */
	CCA_DL_INSECURE_REGISTRIES, /* "insecure-registries" */
	CCA_DL_LOG_OPTS,            /* "log-opts": "max-size=10m" */
	CCA_DL_REGISTRY_MIRRORS,    /* "registry-mirrors" */
	CCA_DL_NLISTS
};

/* One value and where it was read. */
struct cca_daemon_value {
	const char *value;    /* as text ("true", "172.17.0.1/16"); NULL: not given */
	const char *key;      /* "/icc", "/hosts/1", "--icc", "SecurityOptions" */
	unsigned line;        /* in the input (unit files, daemon.json); 0: unknown */
	const struct cca_daemon *owner;  /* the model it belongs to */
};

struct cca_daemon_list {
	const struct cca_daemon_value *v;
	size_t n;
	const char *key;      /* where the list itself was given, or NULL */
	const struct cca_daemon *owner;  /* the model it belongs to */
};

struct cca_daemon {
	const char *source;   /* "daemon.json", "flags" or "engine" */
	const char *path;     /* the input, "dockerd flags" for --dockerd-args */
	/* The file's owner and mode, when it was read from a filesystem. */
	bool has_stat;
	unsigned uid, gid, mode;

	struct cca_daemon_value s[CCA_D_NSCALARS];
	struct cca_daemon_list l[CCA_DL_NLISTS];
	/* Every setting given, in input order: value is "name=value", key where. */
	struct cca_daemon_list given;

	/*
	 * Whether this input holds a dockerd command line (flags given as a
	 * string, or a unit whose ExecStart runs dockerd); a drop-in that only
	 * sets Environment= does not, and describes no daemon settings.
	 */
	bool has_exec;
	/* A unit whose ExecStart a later drop-in replaced: it is not in effect. */
	const char *overridden_by;
	/*
	 * When this input holds no settings in effect (a unit replaced as
	 * above, a drop-in without ExecStart) but another daemon input does:
	 * that input's path.  The daemon is judged there, not here.
	 */
	const char *judged_at;
	/* The other half of this daemon (daemon.json <-> flags), or NULL. */
	const struct cca_daemon *peer;
	/* Why this daemon cannot start (a conflict between flags and file), or NULL. */
	const char *error;
};

/* The daemon.json name of key. */
const char *cca_daemon_key_name(enum cca_daemon_key key);
const char *cca_daemon_list_name(enum cca_daemon_list_key key);

/*
 * The value of key in effect for d: its own, else its peer's, or NULL
 * when neither gives it (dockerd's default applies).
 */
const struct cca_daemon_value *cca_daemon_get(const struct cca_daemon *d,
					      enum cca_daemon_key key);
const struct cca_daemon_list *cca_daemon_get_list(const struct cca_daemon *d,
						  enum cca_daemon_list_key key);
/*
 * Whether findings about a setting owned by owner (the owner of what
 * cca_daemon_get returned, NULL for a default) are reported on d's item:
 * d owns it, or it is a default and d is the primary half (the daemon.json
 * one, or the only one).  The peer reports what it owns itself.
 */
bool cca_daemon_reports(const struct cca_daemon *d, const struct cca_daemon *owner);
/* Whether d stands for the daemon as a whole (defaults are reported here). */
bool cca_daemon_primary(const struct cca_daemon *d);

struct cca_evidence;
struct cca_error;

/*
 * Parse daemon.json text (len bytes) read from name as dockerd does:
 * empty or whitespace-only is an empty configuration; invalid JSON,
 * unknown keys and values of the wrong type are errors worded like
 * dockerd's, with NAME:LINE.  On success *out is a new model (free with
 * cca_daemon_free).
 */
int cca_daemon_parse_json(const char *name, const char *data, size_t len,
			  struct cca_daemon **out, struct cca_error *err);

/*
 * Parse dockerd's command-line arguments (argv[0..argc), without the
 * program) as flags named in name.  lines[i] is the line of argv[i]
 * (NULL: unknown).  Unknown flags and bad values are errors.
 */
int cca_daemon_parse_flags(const char *name, char *const *argv, const unsigned *lines,
			   size_t argc, struct cca_daemon **out, struct cca_error *err);

/*
 * Split a dockerd command line the way a POSIX shell splits words
 * (quotes, backslashes; no expansion) and parse it as flags.  A leading
 * "dockerd" (or a path ending in /dockerd) is skipped.
 */
int cca_daemon_parse_args(const char *name, const char *args, struct cca_daemon **out,
			  struct cca_error *err);

/*
 * Parse a systemd unit or drop-in (text of len bytes read from name): the
 * last ExecStart= of [Service] (after resets by an empty ExecStart=) with
 * systemd's quoting, escapes, line continuations and $VAR / ${VAR} from
 * Environment= in the same file.  Odd quoting is an error at NAME:LINE.
 */
int cca_daemon_parse_unit(const char *name, const char *data, size_t len,
			  struct cca_daemon **out, struct cca_error *err);

void cca_daemon_free(struct cca_daemon *d);

/* Collectors: a daemon.json file, a systemd unit or drop-in, a command line. */
void cca_evidence_add_daemon_json(struct cca_evidence *ev, const char *path);
void cca_evidence_add_dockerd_unit(struct cca_evidence *ev, const char *path);
void cca_evidence_add_dockerd_args(struct cca_evidence *ev, const char *args);

/*
 * The settings a live Engine reports in /info, as a model of source
 * "engine" at where; keys are /info fields ("LiveRestoreEnabled",
 * "SecurityOptions").  /info shows only some settings (the daemon checks
 * know which rules it can decide).
 */
#include <jansson.h>
struct cca_daemon *cca_daemon_from_info(const char *where, const json_t *info);
/* Collector: the engine's settings as one daemon item named "engine settings". */
void cca_evidence_add_daemon_info(struct cca_evidence *ev, const char *where, const json_t *info);

/* Discovery: daemon.json; docker.service, *.conf in a docker.service.d directory. */
bool cca_daemon_json_name(const char *name);
bool cca_dockerd_unit_path(const char *rel);

#endif
