/*
 * image.h - the model of a container image: its configuration, its layers
 * applied in order with whiteouts into a file inventory, its packages and
 * its OS release.  Evidence kind "image" (src/evidence/image.c reads
 * docker-archive tarballs, OCI image layouts as a directory or tar, and
 * `docker image inspect` JSON).
 *
 * The configuration stands on its own (struct cca_image_config): a source
 * that knows only the configuration (inspect JSON, a live Docker Engine's
 * /images/{id}/json) fills it with cca_image_config_parse(), and the image
 * configuration checks judge it with the cca_image_check_* functions below,
 * whatever the evidence kind.
 */
#ifndef CCAUDIT_IMAGE_H
#define CCAUDIT_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ccaudit/error.h"

#define CCA_KIND_IMAGE "image"

/* Bounds of what an image may hold before its item becomes an error. */
#define CCA_IMAGE_MAX_JSON_BYTES (8u * 1024 * 1024)    /* a manifest, config, index */
#define CCA_IMAGE_MAX_ENTRIES 500000                    /* files over all layers */
#define CCA_IMAGE_MAX_LAYERS 500
#define CCA_IMAGE_MAX_LAYER_BYTES (64ull << 30)         /* uncompressed, per layer */
#define CCA_IMAGE_MAX_RATIO 200                         /* uncompressed : compressed */
#define CCA_IMAGE_MAX_PATH 4096
#define CCA_IMAGE_MAX_CONTENT (8u * 1024 * 1024)        /* read of one file of interest */
#define CCA_IMAGE_MAX_CONTENT_TOTAL (48u * 1024 * 1024) /* over all files read */

struct cca_image_label {
	char *key;
	char *value;
};

struct cca_image_history {
	char *created;      /* as written, or NULL */
	char *created_by;   /* the build step, or NULL */
	bool empty_layer;   /* the step made no layer */
};

/* The image configuration (OCI "config" / Docker "Config" plus history). */
struct cca_image_config {
	char *id;           /* "sha256:..." of the configuration, or NULL */
	char *user;         /* NULL or "": not set (the container runs as root) */
	char **env;         /* "KEY=VALUE" */
	size_t nenv;
	char **entrypoint;
	size_t nentrypoint;
	char **cmd;
	size_t ncmd;
	bool has_healthcheck;
	char **healthcheck; /* Test: ["NONE"], ["CMD", ...], ["CMD-SHELL", "..."] */
	size_t nhealthcheck;
	char **ports;       /* "8080/tcp", sorted */
	size_t nports;
	char **volumes;     /* sorted */
	size_t nvolumes;
	struct cca_image_label *labels;   /* sorted by key */
	size_t nlabels;
	char *workdir;
	char *created;      /* RFC 3339 as written, or NULL */
	int64_t created_days;  /* days since 1970-01-01, or INT64_MIN when unknown */
	char *os, *architecture, *variant;
	struct cca_image_history *history;
	size_t nhistory;
};

/*
 * Parse an image configuration: an OCI / Docker image config blob
 * ({"config": {...}, "history": [...]}) or `docker image inspect` / Engine
 * API JSON ({"Id": ..., "Config": {...}}, or an array of one such object).
 * name says where the text came from (messages read "NAME:LINE: ...").
 * Wrong types are errors; on error *c is released.
 */
int cca_image_config_parse(const char *text, size_t len, const char *name,
			   struct cca_image_config *c, struct cca_error *err);
void cca_image_config_release(struct cca_image_config *c);

enum cca_image_ftype {
	CCA_IMG_FILE, CCA_IMG_DIR, CCA_IMG_SYMLINK, CCA_IMG_HARDLINK,
	CCA_IMG_CHAR, CCA_IMG_BLOCK, CCA_IMG_FIFO, CCA_IMG_OTHER
};

/* One file of the final inventory (what a container of the image sees). */
struct cca_image_file {
	char *path;          /* "/etc/passwd" */
	enum cca_image_ftype type;
	unsigned mode;       /* permission bits with setuid/setgid/sticky (07777) */
	unsigned long uid, gid;
	uint64_t size;
	char *link;          /* symlink or hardlink target, or NULL */
	unsigned layer;      /* 1-based: the layer that wrote it last */
	char *data;          /* the content, for files the checks read; else NULL */
	size_t len;
	bool truncated;      /* data holds only the first CCA_IMAGE_MAX_CONTENT bytes */
	bool private_key;    /* starts with a PEM or OpenSSH private key block */
};

struct cca_image_layer {
	char *digest;        /* "sha256:..." of the blob as stored, or NULL */
	char *diff_id;       /* "sha256:..." of the uncompressed tar */
	char *media_type;
	char *created_by;    /* the history step that made it, or NULL */
	uint64_t size;       /* bytes as stored */
	uint64_t unpacked;   /* bytes of the uncompressed tar */
	uint64_t entries;
	uint64_t bytes;      /* sum of the sizes of its non-directory entries */
	uint64_t added;      /* bytes of files at new paths */
	uint64_t changed;    /* bytes of files replacing a file of a lower layer */
	uint64_t removed;    /* bytes of lower files it deletes (whiteouts) */
	uint64_t wasted;     /* bytes of its files a later layer replaces or deletes */
};

struct cca_image_package {
	char *type;          /* "deb" or "apk" */
	char *name;
	char *version;
	char *arch;          /* or NULL */
	char *source;        /* source package, or NULL */
	char *location;      /* the database it was read from */
};

struct cca_image {
	char *ref;           /* "image@sha256:<config digest>" */
	char *format;        /* "docker-archive", "oci", "inspect" */
	char *manifest_digest;  /* "sha256:...", or NULL (docker-archive, inspect) */
	char **tags;
	size_t ntags;
	char *platform;      /* "linux/amd64", or NULL */
	struct cca_image_config config;
	bool has_layers;     /* false when only the configuration is known */
	struct cca_image_layer *layers;
	size_t nlayers;
	struct cca_image_file *files;     /* sorted by path */
	size_t nfiles;
	struct cca_image_package *packages;   /* sorted by type, name */
	size_t npackages;
	char *os_id, *os_version, *os_name;   /* /etc/os-release, or NULL */
	uint64_t size;       /* bytes of all layers as stored */
	uint64_t content;    /* bytes of the final inventory's files */
	uint64_t wasted;     /* as dive: bytes of paths present in more than one layer */
	double efficiency;   /* as dive: sum of smallest / sum of all sizes per path */
	/* Signatures: evidence found for this digest (each "what: who"). */
	char **signatures;
	size_t nsignatures;
	char *trust_error;   /* --trust-data could not be read, or NULL */
	bool trust_given;
};

void cca_image_free(struct cca_image *img);
/* The file at path ("/etc/shadow") of the final inventory, or NULL. */
const struct cca_image_file *cca_image_find(const struct cca_image *img, const char *path);

/* What the image reader is told by the command line. */
struct cca_image_opts {
	const char *platform;     /* "os/arch[/variant]", or NULL: every platform */
	const char *trust_data;   /* `docker trust inspect` JSON, or NULL */
	/* Progress while layers are read (NULL: silent). */
	void (*progress)(void *arg, const char *line);
	void *progress_arg;
};

/*
 * Read the image(s) at path: a docker-archive or OCI tar, an OCI layout
 * directory, or inspect JSON.  Each image (each platform of an index)
 * becomes a new cca_image in *out (count *n); an image that cannot be read
 * is returned with *error set (a new string) and what was read so far.
 * Returns -1 only when path is none of these (err says why).
 */
struct cca_image_result {
	struct cca_image *image;
	char *error;
	char *name;          /* the reference to show (tag or platform) */
	char **warnings;     /* hostile but harmless content, to show the user */
	size_t nwarnings;
};
void cca_image_results_free(struct cca_image_result *v, size_t n);
int cca_image_read(const char *path, const struct cca_image_opts *o,
		   struct cca_image_result **out, size_t *n, struct cca_error *err);
/* Whether path holds an image by content (a tar with manifest.json or oci-layout,
 * a directory with oci-layout). */
bool cca_image_sniff(const char *path);

/* ---- checks of an image configuration, whatever the evidence kind ------- */

struct cca_checkctx;
void cca_image_check_user(struct cca_checkctx *ctx, const struct cca_image_config *c);
void cca_image_check_healthcheck(struct cca_checkctx *ctx, const struct cca_image_config *c);
void cca_image_check_secret_config(struct cca_checkctx *ctx, const struct cca_image_config *c);
void cca_image_check_add_url(struct cca_checkctx *ctx, const struct cca_image_config *c);
void cca_image_check_age(struct cca_checkctx *ctx, const struct cca_image_config *c);
/* Whether user (a config User) means root. */
bool cca_image_user_is_root(const char *user);

/* ---- SBOM ------------------------------------------------------------------ */

/* The package inventory as CycloneDX 1.5 JSON (a new string). */
char *cca_image_sbom(const struct cca_image *img, const char *name);

#endif
