/*
 * test-checks-image.c - the image checks (src/checks/image.c) through the
 * whole pipeline: the shipped catalog, profile "all", one image per
 * behaviour read by the image collector (the public reader: docker-archive
 * and OCI layouts, inspect JSON), evaluated, then the rule's status, where
 * its findings are and what they say.
 *
 * The inputs: `docker image inspect` JSON and OCI config blobs committed in
 * tests/fixtures/image-checks/, and small images built here from the file
 * lists of the table below (libarchive writes the layers, plain, gzip or
 * zstd, into a Docker `docker save` archive or an OCI layout directory with
 * cosign signature tags and referrers where a fixture asks for them).
 *
 * Every check has at least two fixtures where it reports and two where it
 * must not (test_every_check_has_fixtures counts them in the table below).
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <ftw.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <jansson.h>
#include <cmocka.h>

#include "ccaudit/catalog.h"
#include "ccaudit/checks.h"
#include "ccaudit/engine.h"
#include "ccaudit/evidence.h"
#include "ccaudit/image.h"
#include "ccaudit/util.h"
#include "test-support.h"

#define TODAY 20454              /* 2026-01-01 */
#define TODAY_EPOCH "1767225600" /* the same, for the age check (SOURCE_DATE_EPOCH) */

static struct cca_catalog *cat;
static struct cca_profile *all;
static char *workdir;            /* the images built for this run */

/* ==== building images ============================================================ */

/* One tar entry: 'f' file, 'd' directory, 'l' symlink, 'h' hardlink, 'c' char device. */
struct tfile {
	char type;
	const char *path;           /* without the leading '/' */
	unsigned mode;
	const char *data;           /* file content, or NULL */
	const char *link;           /* link target */
	unsigned uid;
};

#define FILE_(p, m, d) { 'f', p, m, d, NULL, 0 }
#define DIR_(p, m) { 'd', p, m, NULL, NULL, 0 }
#define LINK_(p, t) { 'l', p, 0777, NULL, t, 0 }
#define WHITEOUT(p) { 'f', p, 0644, "", NULL, 0 }
#define END_ { 0, NULL, 0, NULL, NULL, 0 }

enum layout { DOCKER, OCI };
enum zip { PLAIN, GZIP, ZSTD };

/* Signature evidence beside the image (OCI layouts) or in --trust-data. */
enum sig {
	SIG_NONE,
	SIG_COSIGN,            /* a cosign "sha256-<digest>.sig" tag with a signature */
	SIG_COSIGN_UNSIGNED,   /* such a tag whose layer carries no signature */
	SIG_COSIGN_OTHER,      /* a signed tag for another digest */
	SIG_REFERRER,          /* a manifest whose subject is the image */
	SIG_TRUST,             /* docker trust inspect JSON naming signers of the digest */
	SIG_TRUST_OTHER,       /* ... naming signers of another digest only */
	SIG_TRUST_BROKEN,      /* ... truncated */
};

#define MAXLAYERS 3

struct image_fixture {
	const char *name;           /* named for the behaviour */
	enum layout layout;
	const char *config;         /* a config blob of tests/fixtures/image-checks/,
				       NULL: default.config.json */
	bool no_base;               /* without the common base layer */
	const struct tfile *layers[MAXLAYERS];   /* on top of the base layer */
	enum zip zip;               /* of every layer (OCI only; docker-archive: plain) */
	enum sig sig;
};

/* The base layer of every built image: a small, clean Debian-like root. */
static const struct tfile base[] = {
	DIR_("bin", 0755), DIR_("etc", 0755), DIR_("tmp", 01777), DIR_("usr", 0755),
	DIR_("usr/bin", 0755), DIR_("var", 0755), DIR_("var/tmp", 01777), DIR_("var/lib", 0755),
	DIR_("var/lib/dpkg", 0755), DIR_("srv", 0755), DIR_("srv/app", 0755), DIR_("dev", 0755),
	FILE_("bin/busybox", 0755, "not a real binary: the checks read names and modes\n"),
	LINK_("bin/sh", "busybox"),
	FILE_("etc/passwd", 0644, "root:x:0:0:root:/root:/sbin/nologin\n"
	      "app:x:1000:1000::/srv/app:/sbin/nologin\n"),
	FILE_("etc/group", 0644, "root:x:0:\nsudo:x:27:\napp:x:1000:\n"),
	FILE_("etc/shadow", 0640, "root:*:20000:0:99999:7:::\napp:!:20000::::::\n"),
	FILE_("etc/os-release", 0644, "ID=debian\nVERSION_ID=\"12\"\n"
	      "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"),
	FILE_("var/lib/dpkg/status", 0644,
	      "Package: libc6\nStatus: install ok installed\nArchitecture: amd64\n"
	      "Version: 2.36-9+deb12u9\n\n"
	      "Package: ca-certificates\nStatus: install ok installed\nArchitecture: all\n"
	      "Version: 20230311\n"),
	FILE_("srv/app/app.conf", 0644, "listen = 8080\n"),
	{ 'c', "dev/null", 0666, NULL, NULL, 0 },
	END_
};

/* ---- the layers of the fixtures ---- */

static const struct tfile l_setuid[] = {
	FILE_("usr/bin/passwd", 04755, "x\n"), FILE_("usr/bin/wall", 02755, "x\n"), END_ };
static const struct tfile l_setgid_only[] = { FILE_("usr/bin/chage", 02755, "x\n"), END_ };
static const struct tfile l_setuid_allowed[] = {
	DIR_("usr/lib", 0755), DIR_("usr/lib/dbus-1.0", 0755),
	FILE_("usr/lib/dbus-1.0/dbus-daemon-launch-helper", 04754, "x\n"),
	DIR_("srv/app/shared", 02775), END_ };
static const struct tfile l_setuid_set[] = { FILE_("usr/bin/newgrp", 04755, "x\n"), END_ };
static const struct tfile l_setuid_stripped[] = { FILE_("usr/bin/newgrp", 0755, "x\n"), END_ };

static const struct tfile l_world_dir[] = { DIR_("srv/shared", 0777),
	FILE_("srv/shared/upload.txt", 0644, "x\n"), END_ };
static const struct tfile l_world_file[] = { FILE_("srv/app/app.conf", 0666, "listen = 8080\n"),
	END_ };
static const struct tfile l_tmp_files[] = { FILE_("tmp/scratch", 0666, "x\n"),
	FILE_("var/tmp/cache.db", 0666, "x\n"), LINK_("srv/app/current", "/srv/app"), END_ };

static const struct tfile l_sudo_bin[] = { FILE_("usr/bin/sudo", 04755, "x\n"), END_ };
static const struct tfile l_sudo_group[] = {
	FILE_("etc/group", 0644, "root:x:0:\nsudo:x:27:app\nwheel:x:10:ops,app\napp:x:1000:\n"),
	END_ };
static const struct tfile l_sudo_pkg[] = { FILE_("var/lib/dpkg/status", 0644,
	"Package: libc6\nStatus: install ok installed\nArchitecture: amd64\nVersion: 2.36-9\n\n"
	"Package: sudo\nStatus: install ok installed\nArchitecture: amd64\n"
	"Version: 1.9.13p3-1+deb12u1\n"), END_ };
static const struct tfile l_sudo_removed[] = { DIR_("usr/bin", 0755),
	WHITEOUT("usr/bin/.wh.sudo"), END_ };

static const struct tfile l_shadow_root_empty[] = {
	FILE_("etc/shadow", 0640, "root::20000:0:99999:7:::\napp:!:20000::::::\n"), END_ };
static const struct tfile l_shadow_app_empty[] = {
	FILE_("etc/shadow", 0640, "# accounts\nroot:*:20000:0:99999:7:::\napp::20000::::::\n"), END_ };
static const struct tfile l_shadow_removed[] = { WHITEOUT("etc/.wh.shadow"), END_ };

static const struct tfile l_sshd_pkg[] = { FILE_("var/lib/dpkg/status", 0644,
	"Package: openssh-server\nStatus: install ok installed\nArchitecture: amd64\n"
	"Source: openssh\nVersion: 1:9.2p1-2+deb12u3\n\n"
	"Package: libc6\nStatus: install ok installed\nArchitecture: amd64\nVersion: 2.36-9\n"), END_ };
static const struct tfile l_dropbear[] = { DIR_("usr/sbin", 0755),
	FILE_("usr/sbin/dropbear", 0755, "x\n"), END_ };
static const struct tfile l_ssh_client[] = { FILE_("usr/bin/ssh", 0755, "x\n"),
	FILE_("var/lib/dpkg/status", 0644,
	"Package: openssh-client\nStatus: install ok installed\nArchitecture: amd64\n"
	"Version: 1:9.2p1-2+deb12u3\n\n"
	"Package: openssh-server\nStatus: deinstall ok config-files\nArchitecture: amd64\n"
	"Version: 1:9.2p1-2+deb12u3\n"), END_ };

static const struct tfile l_private_key[] = { FILE_("srv/app/settings.bak", 0600,
	"-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUPLANTEDKEY\n"
	"-----END OPENSSH PRIVATE KEY-----\n"), END_ };
static const struct tfile l_env_file[] = { FILE_("srv/app/.env", 0644,
	"DATABASE_URL=postgres://shop:PLANTEDenvPASS@db/shop\n"), END_ };
static const struct tfile l_docker_auth[] = { DIR_("root", 0700), DIR_("root/.docker", 0700),
	FILE_("root/.docker/config.json", 0600,
	      "{\"auths\":{\"registry.example.com\":{\"auth\":\"ZGVwbG95OlBMQU5URURyZWc=\"}}}\n"),
	DIR_("root/.aws", 0700),
	FILE_("root/.aws/credentials", 0600, "[default]\naws_secret_access_key = PLANTEDawsKEY\n"),
	END_ };
static const struct tfile l_git_dir[] = { DIR_("srv/app/.git", 0755),
	FILE_("srv/app/.git/HEAD", 0644, "ref: refs/heads/main\n"), END_ };
static const struct tfile l_docker_no_auth[] = { DIR_("root", 0700), DIR_("root/.docker", 0700),
	FILE_("root/.docker/config.json", 0600, "{\"credsStore\":\"pass\"}\n"),
	FILE_("srv/app/.env.example", 0644, "DATABASE_URL=\n"),
	FILE_("srv/app/.bash_history", 0600, ""), END_ };
static const struct tfile l_key_in_docs[] = { DIR_("usr/share", 0755),
	DIR_("usr/share/doc", 0755), DIR_("usr/share/doc/openssl", 0755),
	FILE_("usr/share/doc/openssl/example.key", 0644,
	      "-----BEGIN PRIVATE KEY-----\nMIIEvAIBADANexample\n-----END PRIVATE KEY-----\n"), END_ };
static const struct tfile l_key_removed[] = { WHITEOUT("srv/app/.wh.settings.bak"), END_ };

static const struct tfile l_apt_lists[] = { DIR_("var/lib/apt", 0755),
	DIR_("var/lib/apt/lists", 0755),
	FILE_("var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease", 0644, "x\n"),
	FILE_("var/lib/apt/lists/lock", 0640, ""), END_ };
static const struct tfile l_apk_cache[] = { DIR_("var/cache", 0755), DIR_("var/cache/apk", 0755),
	FILE_("var/cache/apk/APKINDEX.5022a8a2.tar.gz", 0644, "x\n"), END_ };
static const struct tfile l_apt_lock_only[] = { DIR_("var/lib/apt", 0755),
	DIR_("var/lib/apt/lists", 0755), FILE_("var/lib/apt/lists/lock", 0640, ""),
	DIR_("var/lib/apt/lists/partial", 0700), END_ };
static const struct tfile l_apt_opaque[] = { DIR_("var/lib/apt/lists", 0755),
	WHITEOUT("var/lib/apt/lists/.wh..wh..opq"), END_ };

static const struct tfile l_gcc[] = { FILE_("usr/bin/gcc-12", 0755, "x\n"),
	LINK_("usr/bin/gcc", "gcc-12"), FILE_("usr/bin/make", 0755, "x\n"), END_ };
static const struct tfile l_pkg_managers[] = { FILE_("usr/bin/apt-get", 0755, "x\n"),
	FILE_("usr/bin/dpkg", 0755, "x\n"), FILE_("usr/bin/pip3", 0755, "x\n"), END_ };
static const struct tfile l_gcc_removed[] = { DIR_("usr/bin", 0755),
	WHITEOUT("usr/bin/.wh.gcc-12"), WHITEOUT("usr/bin/.wh.gcc"), WHITEOUT("usr/bin/.wh.make"),
	END_ };
static const struct tfile l_gcc_lib_dir[] = { DIR_("usr/lib", 0755), DIR_("usr/lib/gcc", 0755),
	FILE_("usr/lib/gcc/README", 0644, "x\n"), END_ };

/* 4 KB written, then the same path rewritten: half of it wasted */
#define BLOCK64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define BLOCK1K BLOCK64 BLOCK64 BLOCK64 BLOCK64 BLOCK64 BLOCK64 BLOCK64 BLOCK64 \
	BLOCK64 BLOCK64 BLOCK64 BLOCK64 BLOCK64 BLOCK64 BLOCK64 BLOCK64
#define BLOCK4K BLOCK1K BLOCK1K BLOCK1K BLOCK1K
static const struct tfile l_data[] = { FILE_("srv/app/data.bin", 0644, BLOCK4K), END_ };
static const struct tfile l_data_again[] = { FILE_("srv/app/data.bin", 0644, BLOCK4K "v2"),
	END_ };
static const struct tfile l_data_deleted[] = { WHITEOUT("srv/app/.wh.data.bin"), END_ };
static const struct tfile l_admin_uid0[] = { FILE_("etc/passwd", 0644,
	"root:x:0:0::/root:/bin/sh\nadmin:x:0:0:admin:/root:/bin/sh\n"), END_ };
static const struct tfile l_small_app[] = { FILE_("srv/app/index.html", 0644, "<p>hi</p>\n"),
	END_ };

static const struct image_fixture images[] = {
	/* a clean image: the base layer and one application layer */
	{ "clean-docker-archive", DOCKER, NULL, false, { l_small_app }, PLAIN, SIG_NONE },
	{ "clean-oci-gzip", OCI, NULL, false, { l_small_app }, GZIP, SIG_NONE },
	{ "clean-oci-zstd", OCI, NULL, false, { l_small_app }, ZSTD, SIG_NONE },
	/* D1: the configured user */
	{ "user-unset-fires", OCI, "user-unset.config.json", false, { l_small_app }, GZIP, SIG_NONE },
	{ "user-name-maps-to-uid0-fires", DOCKER, "user-admin-uid0.config.json", false,
	  { l_admin_uid0 }, PLAIN, SIG_NONE },
	{ "user-uid-passes", DOCKER, "history-build-arg-token.config.json", false, { l_small_app },
	  PLAIN, SIG_NONE },
	/* D2 */
	{ "setuid-and-setgid-fires", OCI, NULL, false, { l_setuid }, ZSTD, SIG_NONE },
	{ "setgid-only-fires", DOCKER, NULL, false, { l_setgid_only }, PLAIN, SIG_NONE },
	{ "setuid-allow-listed-passes", OCI, NULL, false, { l_setuid_allowed }, GZIP, SIG_NONE },
	{ "setuid-stripped-later-passes", OCI, NULL, false, { l_setuid_set, l_setuid_stripped },
	  GZIP, SIG_NONE },
	{ "world-writable-dir-fires", DOCKER, NULL, false, { l_world_dir }, PLAIN, SIG_NONE },
	{ "world-writable-file-fires", OCI, NULL, false, { l_world_file }, ZSTD, SIG_NONE },
	{ "world-writable-tmp-passes", OCI, NULL, false, { l_tmp_files }, GZIP, SIG_NONE },
	{ "sudo-binary-fires", DOCKER, NULL, false, { l_sudo_bin }, PLAIN, SIG_NONE },
	{ "sudo-group-members-fires", OCI, NULL, false, { l_sudo_group }, GZIP, SIG_NONE },
	{ "sudo-package-fires", OCI, NULL, false, { l_sudo_pkg }, ZSTD, SIG_NONE },
	{ "sudo-removed-later-passes", DOCKER, NULL, false, { l_sudo_bin, l_sudo_removed }, PLAIN,
	  SIG_NONE },
	{ "shadow-root-empty-fires", DOCKER, NULL, false, { l_shadow_root_empty }, PLAIN, SIG_NONE },
	{ "shadow-app-empty-fires", OCI, NULL, false, { l_shadow_app_empty }, GZIP, SIG_NONE },
	{ "shadow-removed-passes", OCI, NULL, false, { l_shadow_app_empty, l_shadow_removed }, GZIP,
	  SIG_NONE },
	/* CSVS 3.12 */
	{ "sshd-package-fires", DOCKER, NULL, false, { l_sshd_pkg }, PLAIN, SIG_NONE },
	{ "dropbear-binary-fires", OCI, NULL, false, { l_dropbear }, ZSTD, SIG_NONE },
	{ "ssh-client-only-passes", OCI, NULL, false, { l_ssh_client }, GZIP, SIG_NONE },
	/* B5: files */
	{ "private-key-by-content-fires", DOCKER, NULL, false, { l_private_key }, PLAIN, SIG_NONE },
	{ "env-file-fires", OCI, NULL, false, { l_env_file }, GZIP, SIG_NONE },
	{ "registry-and-cloud-credentials-fires", OCI, NULL, false, { l_docker_auth }, ZSTD,
	  SIG_NONE },
	{ "git-directory-fires", DOCKER, NULL, false, { l_git_dir }, PLAIN, SIG_NONE },
	{ "credential-helpers-and-examples-pass", OCI, NULL, false, { l_docker_no_auth }, GZIP,
	  SIG_NONE },
	{ "key-in-docs-ignored-passes", DOCKER, NULL, false, { l_key_in_docs }, PLAIN, SIG_NONE },
	{ "key-removed-later-passes", OCI, NULL, false, { l_private_key, l_key_removed }, GZIP,
	  SIG_NONE },
	/* A4 */
	{ "apt-lists-left-fires", DOCKER, NULL, false, { l_apt_lists }, PLAIN, SIG_NONE },
	{ "apk-cache-left-fires", OCI, NULL, false, { l_apk_cache }, ZSTD, SIG_NONE },
	{ "apt-lock-only-passes", OCI, NULL, false, { l_apt_lock_only }, GZIP, SIG_NONE },
	{ "apt-lists-opaque-whiteout-passes", OCI, NULL, false, { l_apt_lists, l_apt_opaque }, GZIP,
	  SIG_NONE },
	{ "compiler-informational", DOCKER, NULL, false, { l_gcc }, PLAIN, SIG_NONE },
	{ "package-managers-informational", OCI, NULL, false, { l_pkg_managers }, ZSTD, SIG_NONE },
	{ "compiler-removed-later-passes", OCI, NULL, false, { l_gcc, l_gcc_removed }, GZIP,
	  SIG_NONE },
	{ "compiler-libdir-only-passes", DOCKER, NULL, false, { l_gcc_lib_dir }, PLAIN, SIG_NONE },
	/* A3: efficiency */
	{ "file-rewritten-inefficient-fires", DOCKER, NULL, false, { l_data, l_data_again }, PLAIN,
	  SIG_NONE },
	{ "file-deleted-later-inefficient-fires", OCI, NULL, false, { l_data, l_data_deleted }, GZIP,
	  SIG_NONE },
	/* B5, B3, NIST 4.2.2: configuration */
	{ "history-add-url-fires", OCI, "history-add-url.config.json", false, { l_small_app }, GZIP,
	  SIG_NONE },
	{ "built-1970-fires", DOCKER, "built-1970.config.json", true, { base }, PLAIN, SIG_NONE },
	/* C1: signatures */
	{ "cosign-signature-tag-passes", OCI, NULL, false, { l_small_app }, GZIP, SIG_COSIGN },
	{ "referrer-passes", OCI, NULL, false, { l_small_app }, ZSTD, SIG_REFERRER },
	{ "trust-data-signers-passes", OCI, NULL, false, { l_small_app }, GZIP, SIG_TRUST },
	{ "trust-data-docker-archive-passes", DOCKER, NULL, false, { l_small_app }, PLAIN,
	  SIG_TRUST },
	{ "cosign-tag-without-signature-fires", OCI, NULL, false, { l_small_app }, GZIP,
	  SIG_COSIGN_UNSIGNED },
	{ "cosign-tag-other-digest-fires", OCI, NULL, false, { l_small_app }, GZIP,
	  SIG_COSIGN_OTHER },
	{ "trust-data-other-digest-fires", OCI, NULL, false, { l_small_app }, GZIP,
	  SIG_TRUST_OTHER },
	{ "trust-data-broken-error", DOCKER, NULL, false, { l_small_app }, PLAIN, SIG_TRUST_BROKEN },
};

/* ---- writing ---- */

struct mem {
	unsigned char *p;
	size_t len;
};

static char *fixture_path(const char *name)
{
	char *rel = cca_xasprintf("image-checks/%s", name);
	char *p = ts_path("CCA_FIXTURES", "tests/fixtures", rel);

	free(rel);
	return p;
}

static void sha_of(const struct mem *m, char out[72])
{
	char hex[65];

	cca_sha256_hex(m->p, m->len, hex);
	snprintf(out, 72, "sha256:%s", hex);
}

static struct archive_entry *entry_of(const struct tfile *f)
{
	struct archive_entry *e = archive_entry_new();

	archive_entry_set_pathname(e, f->path);
	archive_entry_set_uid(e, f->uid);
	archive_entry_set_gid(e, f->uid);
	archive_entry_set_mtime(e, 1764583200, 0);
	switch (f->type) {
	case 'd':
		archive_entry_set_filetype(e, AE_IFDIR);
		break;
	case 'l':
		archive_entry_set_filetype(e, AE_IFLNK);
		archive_entry_set_symlink(e, f->link);
		break;
	case 'h':
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_hardlink(e, f->link);
		break;
	case 'c':
		archive_entry_set_filetype(e, AE_IFCHR);
		archive_entry_set_rdevmajor(e, 1);
		archive_entry_set_rdevminor(e, 3);
		break;
	default:
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_size(e, (la_int64_t)strlen(f->data ? f->data : ""));
	}
	archive_entry_set_perm(e, f->mode);
	return e;
}

static la_ssize_t mem_write(struct archive *a, void *arg, const void *buf, size_t n)
{
	struct mem *m = arg;

	(void)a;
	m->p = cca_xreallocarray(m->p, m->len + n, 1);
	memcpy(m->p + m->len, buf, n);
	m->len += n;
	return (la_ssize_t)n;
}

static void must(int rc, struct archive *a)
{
	if (rc != ARCHIVE_OK)
		fail_msg("libarchive: %s", archive_error_string(a));
}

/* A tar of files, into *out. */
static void tar_of(const struct tfile *files, struct mem *out)
{
	struct archive *a = archive_write_new();

	memset(out, 0, sizeof *out);
	must(archive_write_set_format_pax_restricted(a), a);
	must(archive_write_open(a, out, NULL, mem_write, NULL), a);
	for (const struct tfile *f = files; f->type; f++) {
		struct archive_entry *e = entry_of(f);

		must(archive_write_header(a, e), a);
		if (f->type == 'f' && f->data && *f->data)
			archive_write_data(a, f->data, strlen(f->data));
		archive_entry_free(e);
	}
	must(archive_write_close(a), a);
	archive_write_free(a);
}

/* The bytes of in compressed with gzip or zstd. */
static void compress(const struct mem *in, enum zip z, struct mem *out)
{
	struct archive *a = archive_write_new();
	struct archive_entry *e = archive_entry_new();

	memset(out, 0, sizeof *out);
	must(z == ZSTD ? archive_write_add_filter_zstd(a) : archive_write_add_filter_gzip(a), a);
	must(archive_write_set_format_raw(a), a);
	must(archive_write_set_bytes_in_last_block(a, 1), a);
	must(archive_write_open(a, out, NULL, mem_write, NULL), a);
	archive_entry_set_pathname(e, "layer");
	archive_entry_set_filetype(e, AE_IFREG);
	archive_entry_set_size(e, (la_int64_t)in->len);
	must(archive_write_header(a, e), a);
	archive_write_data(a, in->p, in->len);
	archive_entry_free(e);
	must(archive_write_close(a), a);
	archive_write_free(a);
}

static void write_file(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(p, 1, n, f) != n || fclose(f) != 0)
		fail_msg("cannot write '%s'", path);
}

/* Write blob m into the OCI layout dir; its digest into d. */
static void put_blob(const char *dir, const struct mem *m, char d[72])
{
	char *p;

	sha_of(m, d);
	p = cca_xasprintf("%s/blobs/sha256/%s", dir, d + 7);
	write_file(p, m->p, m->len);
	free(p);
}

static void mem_json(json_t *j, struct mem *m)
{
	m->p = (unsigned char *)json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);
	m->len = strlen((char *)m->p);
}

static json_t *descriptor(const char *mt, const char *d, size_t size)
{
	return json_pack("{s:s, s:s, s:I}", "mediaType", mt, "digest", d, "size", (json_int_t)size);
}

#define OCI_MANIFEST "application/vnd.oci.image.manifest.v1+json"

/* The manifest of a cosign signature for digest target (signed or not). */
static void cosign_manifest(const char *dir, const char *target, bool signed_, json_t *index)
{
	struct mem payload, cfg, man;
	char pd[72], cd[72], md[72];
	json_t *layer, *m;
	char *tag;

	payload.p = (unsigned char *)cca_xasprintf(
		"{\"critical\":{\"identity\":{\"docker-reference\":\"registry.example.com/app\"},"
		"\"image\":{\"docker-manifest-digest\":\"%s\"},\"type\":\"cosign container image "
		"signature\"},\"optional\":null}", target);
	payload.len = strlen((char *)payload.p);
	put_blob(dir, &payload, pd);
	cfg.p = (unsigned char *)cca_xstrdup("{}");
	cfg.len = 2;
	put_blob(dir, &cfg, cd);
	layer = descriptor("application/vnd.dev.cosign.simplesigning.v1+json", pd, payload.len);
	if (signed_)
		json_object_set_new(layer, "annotations", json_pack("{s:s}",
			"dev.cosignproject.cosign/signature",
			"MEUCIQDfq3Y1b2V0aGlzaXNhdGVzdHNpZ25hdHVyZQIgQm9ndXNCdXROb25FbXB0eQ=="));
	m = json_pack("{s:i, s:s, s:o, s:[o]}", "schemaVersion", 2, "mediaType", OCI_MANIFEST,
		      "config", descriptor("application/vnd.oci.image.config.v1+json", cd, cfg.len),
		      "layers", layer);
	mem_json(m, &man);
	put_blob(dir, &man, md);
	tag = cca_xasprintf("sha256-%s.sig", target + 7);
	json_array_append_new(json_object_get(index, "manifests"),
			      json_pack("{s:s, s:s, s:I, s:{s:s}}", "mediaType", OCI_MANIFEST,
					"digest", md, "size", (json_int_t)man.len, "annotations",
					"org.opencontainers.image.ref.name", tag));
	free(tag);
	json_decref(m);
	free(payload.p);
	free(cfg.p);
	free(man.p);
}

/* A referrer: an artifact manifest whose subject is the image manifest. */
static void referrer_manifest(const char *dir, const char *target, size_t tsize, json_t *index)
{
	struct mem empty = { (unsigned char *)"{}", 2 }, bundle, man;
	char ed[72], bd[72], md[72];
	json_t *m;

	put_blob(dir, &empty, ed);
	bundle.p = (unsigned char *)cca_xstrdup("{\"mediaType\":\"application/vnd.dev.sigstore."
						"bundle.v0.3+json\",\"messageSignature\":{}}");
	bundle.len = strlen((char *)bundle.p);
	put_blob(dir, &bundle, bd);
	m = json_pack("{s:i, s:s, s:s, s:o, s:[o], s:o}", "schemaVersion", 2, "mediaType",
		      OCI_MANIFEST, "artifactType", "application/vnd.dev.sigstore.bundle.v0.3+json",
		      "config", descriptor("application/vnd.oci.empty.v1+json", ed, 2),
		      "layers", descriptor("application/vnd.dev.sigstore.bundle.v0.3+json", bd,
					   bundle.len),
		      "subject", descriptor(OCI_MANIFEST, target, tsize));
	mem_json(m, &man);
	put_blob(dir, &man, md);
	json_array_append_new(json_object_get(index, "manifests"),
			      descriptor(OCI_MANIFEST, md, man.len));
	json_decref(m);
	free(bundle.p);
	free(man.p);
}

/* Write `docker trust inspect` JSON for digest d at path. */
static void write_trust(const char *path, const char *d, enum sig s)
{
	char *t;

	if (s == SIG_TRUST_BROKEN)
		t = cca_xstrdup("[{\"Name\":\"registry.example.com/app\",\"SignedTags\":[{\"Signed");
	else
		t = cca_xasprintf("[{\"Name\":\"registry.example.com/app\",\"SignedTags\":"
				  "[{\"SignedTag\":\"1.0\",\"Digest\":\"%s\",\"Signers\":"
				  "[\"alice\",\"release-bot\"]}],\"Signers\":[{\"Name\":\"alice\","
				  "\"Keys\":[{\"ID\":\"7a9b\"}]},{\"Name\":\"release-bot\",\"Keys\":"
				  "[{\"ID\":\"c3d4\"}]}],\"AdministrativeKeys\":[]}]",
				  s == SIG_TRUST_OTHER ? "4d3c2b1a4d3c2b1a4d3c2b1a4d3c2b1a4d3c2b1a"
				  "4d3c2b1a4d3c2b1a4d3c2b1a" : d + 7);
	write_file(path, t, strlen(t));
	free(t);
}

/* Build the image of fixture x under workdir; the path to audit into *path
 * and the trust data (or NULL) into *trust. */
static void build(const struct image_fixture *x, char **path, char **trust)
{
	const struct tfile *layers[MAXLAYERS + 1];
	size_t nl = 0;
	char *cpath = fixture_path(x->config ? x->config : "default.config.json");
	char *text;
	size_t len;
	struct cca_error err;
	json_error_t je;
	json_t *cfg, *ids, *lds = json_array();
	struct mem cm, lm[MAXLAYERS + 1], zm[MAXLAYERS + 1];
	char cd[72], ld[MAXLAYERS + 1][72], md[72];

	if (!x->no_base)
		layers[nl++] = base;
	for (size_t i = 0; i < MAXLAYERS && x->layers[i]; i++)
		layers[nl++] = x->layers[i];
	if (cca_file_read(cpath, 1 << 20, &text, &len, &err) < 0)
		fail_msg("%s", err.msg);
	cfg = json_loadb(text, len, 0, &je);
	if (!cfg)
		fail_msg("%s:%d: %s", cpath, je.line, je.text);
	free(text);
	free(cpath);
	ids = json_array();
	for (size_t i = 0; i < nl; i++) {
		char diff[72];

		tar_of(layers[i], &lm[i]);
		sha_of(&lm[i], diff);
		json_array_append_new(ids, json_string(diff));
		if (x->layout == OCI && x->zip != PLAIN)
			compress(&lm[i], x->zip, &zm[i]);
		else
			zm[i] = (struct mem){ NULL, 0 };
	}
	json_object_set_new(cfg, "rootfs", json_pack("{s:s, s:o}", "type", "layers",
						     "diff_ids", ids));
	mem_json(cfg, &cm);
	sha_of(&cm, cd);
	*trust = NULL;

	if (x->layout == DOCKER) {
		struct archive *a = archive_write_new();
		json_t *man = json_pack("[{s:s, s:[s], s:[]}]", "Config", "", "RepoTags",
					"registry.example.com/app:1.0", "Layers");
		char *cname = cca_xasprintf("%s.json", cd + 7);
		struct mem mm;

		*path = cca_xasprintf("%s/%s.tar", workdir, x->name);
		json_object_set_new(json_array_get(man, 0), "Config", json_string(cname));
		must(archive_write_set_format_pax_restricted(a), a);
		must(archive_write_open_filename(a, *path), a);
		for (size_t i = 0; i < nl; i++) {
			/* Docker's layout: <id>/layer.tar, the id a hash of its own */
			char id[65], *name, *seed = cca_xasprintf("%s layer %zu", x->name, i);
			struct tfile df = { 'd', NULL, 0755, NULL, NULL, 0 };
			struct tfile ff = { 'f', NULL, 0644, NULL, NULL, 0 };
			struct archive_entry *e;

			cca_sha256_hex(seed, strlen(seed), id);
			free(seed);
			df.path = id;
			e = entry_of(&df);
			must(archive_write_header(a, e), a);
			archive_entry_free(e);
			name = cca_xasprintf("%s/layer.tar", id);
			ff.path = name;
			e = entry_of(&ff);
			archive_entry_set_size(e, (la_int64_t)lm[i].len);
			must(archive_write_header(a, e), a);
			archive_write_data(a, lm[i].p, lm[i].len);
			archive_entry_free(e);
			json_array_append_new(json_object_get(json_array_get(man, 0), "Layers"),
					      json_string(name));
			free(name);
		}
		{
			struct tfile cf = { 'f', cname, 0644, NULL, NULL, 0 };
			struct archive_entry *e = entry_of(&cf);

			archive_entry_set_size(e, (la_int64_t)cm.len);
			must(archive_write_header(a, e), a);
			archive_write_data(a, cm.p, cm.len);
			archive_entry_free(e);
		}
		mem_json(man, &mm);
		{
			struct tfile mf = { 'f', "manifest.json", 0644, NULL, NULL, 0 };
			struct archive_entry *e = entry_of(&mf);

			archive_entry_set_size(e, (la_int64_t)mm.len);
			must(archive_write_header(a, e), a);
			archive_write_data(a, mm.p, mm.len);
			archive_entry_free(e);
		}
		must(archive_write_close(a), a);
		archive_write_free(a);
		free(mm.p);
		free(cname);
		json_decref(man);
		strcpy(md, cd);        /* docker-archive: the image is known by its config */
	} else {
		json_t *man, *index;
		struct mem mm, im;
		char *p;

		char *dir = cca_xasprintf("%s/%s", workdir, x->name);

		*path = dir;
		if (mkdir(dir, 0755) < 0)
			fail_msg("cannot make '%s'", dir);
		p = cca_xasprintf("%s/blobs", dir);
		if (mkdir(p, 0755) < 0)
			fail_msg("cannot make '%s'", p);
		free(p);
		p = cca_xasprintf("%s/blobs/sha256", dir);
		if (mkdir(p, 0755) < 0)
			fail_msg("cannot make '%s'", p);
		free(p);
		p = cca_xasprintf("%s/oci-layout", dir);
		write_file(p, "{\"imageLayoutVersion\":\"1.0.0\"}", 30);
		free(p);
		put_blob(dir, &cm, cd);
		for (size_t i = 0; i < nl; i++) {
			const struct mem *stored = zm[i].p ? &zm[i] : &lm[i];

			put_blob(dir, stored, ld[i]);
			json_array_append_new(lds, descriptor(
				x->zip == GZIP ? "application/vnd.oci.image.layer.v1.tar+gzip"
				: x->zip == ZSTD ? "application/vnd.oci.image.layer.v1.tar+zstd"
				: "application/vnd.oci.image.layer.v1.tar", ld[i], stored->len));
		}
		man = json_pack("{s:i, s:s, s:o, s:O}", "schemaVersion", 2, "mediaType", OCI_MANIFEST,
				"config", descriptor("application/vnd.oci.image.config.v1+json", cd,
						     cm.len), "layers", lds);
		mem_json(man, &mm);
		put_blob(dir, &mm, md);
		index = json_pack("{s:i, s:[{s:s, s:s, s:I, s:{s:s}, s:{s:s, s:s}}]}",
				  "schemaVersion", 2, "manifests", "mediaType", OCI_MANIFEST,
				  "digest", md, "size", (json_int_t)mm.len, "annotations",
				  "org.opencontainers.image.ref.name", "1.0", "platform", "os",
				  "linux", "architecture", "amd64");
		if (x->sig == SIG_COSIGN || x->sig == SIG_COSIGN_UNSIGNED)
			cosign_manifest(dir, md, x->sig == SIG_COSIGN, index);
		else if (x->sig == SIG_COSIGN_OTHER)
			cosign_manifest(dir, "sha256:5e1f2a3b4c5d6e7f5e1f2a3b4c5d6e7f5e1f2a3b4c5d6e7f"
					"5e1f2a3b4c5d6e7f", true, index);
		else if (x->sig == SIG_REFERRER)
			referrer_manifest(dir, md, mm.len, index);
		mem_json(index, &im);
		p = cca_xasprintf("%s/index.json", dir);
		write_file(p, im.p, im.len);
		free(p);
		free(im.p);
		free(mm.p);
		json_decref(man);
		json_decref(index);
	}
	if (x->sig == SIG_TRUST || x->sig == SIG_TRUST_OTHER || x->sig == SIG_TRUST_BROKEN) {
		*trust = cca_xasprintf("%s/%s.trust.json", workdir, x->name);
		write_trust(*trust, md, x->sig);
	}
	for (size_t i = 0; i < nl; i++) {
		free(lm[i].p);
		free(zm[i].p);
	}
	free(cm.p);
	json_decref(lds);
	json_decref(cfg);
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static int setup(void **state)
{
	struct cca_error err;
	char tmpl[] = "/tmp/test-checks-image.XXXXXX";

	(void)state;
	setenv("SOURCE_DATE_EPOCH", TODAY_EPOCH, 1);
	cat = ts_shipped_catalog();
	all = cca_profile_new(cat, "all", &err);
	if (!all)
		fail_msg("%s", err.msg);
	if (!mkdtemp(tmpl))
		fail_msg("cannot make a temporary directory");
	workdir = cca_xstrdup(tmpl);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	cca_profile_free(all);
	cca_catalog_free(cat);
	nftw(workdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(workdir);
	return 0;
}

/* ==== one audit of one fixture ==================================================== */

struct audit {
	char *path;
	char *trust;
	struct cca_evidence *evidence;
	struct cca_eval *ev;
};

static const struct image_fixture *image_named(const char *name)
{
	for (size_t i = 0; i < CCA_ARRAY_SIZE(images); i++)
		if (strcmp(images[i].name, name) == 0)
			return &images[i];
	return NULL;
}

/* The fixture: an inspect JSON file of tests/fixtures/image-checks/ (name
 * ending in .json) or an image of the table, built once per run. */
static void audit_open(struct audit *a, const char *fixture)
{
	const struct cca_collector *c = cca_collector_by_option("image");
	struct cca_collect_opts o;
	const struct image_fixture *x = image_named(fixture);
	const struct cca_evidence_item *it;
	struct stat st;

	memset(a, 0, sizeof *a);
	memset(&o, 0, sizeof o);
	assert_non_null(c);
	if (x) {
		char *p = cca_xasprintf("%s/%s%s", workdir, x->name, x->layout == DOCKER ? ".tar" : "");

		if (stat(p, &st) == 0) {     /* built by an earlier test */
			a->path = p;
			if (x->sig >= SIG_TRUST)
				a->trust = cca_xasprintf("%s/%s.trust.json", workdir, x->name);
		} else {
			free(p);
			build(x, &a->path, &a->trust);
		}
	} else if (strstr(fixture, ".json")) {
		a->path = fixture_path(fixture);
	} else {
		fail_msg("no fixture '%s'", fixture);
	}
	o.trust_data = a->trust;
	a->evidence = cca_evidence_new();
	c->collect(a->evidence, a->path, &o);
	assert_int_equal(cca_evidence_count(a->evidence), 1);
	it = cca_evidence_item(a->evidence, 0);
	if (it->error)
		fail_msg("%s: %s", fixture, it->error);
	assert_string_equal(it->kind, CCA_KIND_IMAGE);
	a->ev = cca_eval_new(cat, all);
	cca_eval_run_checks(a->ev, a->evidence, "t");
	cca_eval_finish(a->ev, TODAY);
}

static void audit_close(struct audit *a)
{
	cca_eval_free(a->ev);
	cca_evidence_free(a->evidence);
	free(a->path);
	free(a->trust);
}

static size_t rule_index(const char *id)
{
	long r = cca_catalog_find_rule(cat, id);

	if (r < 0)
		fail_msg("no rule '%s' in the shipped catalog", id);
	return (size_t)r;
}

static const struct cca_rule_result *result_of(const struct audit *a, const char *id)
{
	return cca_eval_rule(a->ev, rule_index(id));
}

/* Whether some finding of rule id (not pass unless pass_too) has a message
 * and a location containing text and where (either may be NULL). */
static bool finding_has(const struct audit *a, const char *id, const char *text,
			const char *where, bool pass_too)
{
	const struct cca_rule_result *r = result_of(a, id);

	for (size_t k = r->first_finding; k < r->first_finding + r->nfindings; k++) {
		const struct cca_finding *f = cca_eval_finding(a->ev, k);

		if ((pass_too || f->status != CCA_PASS) && (!text || strstr(f->message, text)) &&
		    (!where || strstr(f->location, where)))
			return true;
	}
	return false;
}

static void dump_findings(const struct audit *a, const char *id)
{
	const struct cca_rule_result *r = result_of(a, id);

	for (size_t k = r->first_finding; k < r->first_finding + r->nfindings; k++) {
		const struct cca_finding *f = cca_eval_finding(a->ev, k);

		print_message("  %s %s | %s\n", cca_status_name(f->status), f->location, f->message);
	}
}

/* ==== the table: fixture, rule, expected status, message, location ============== */

struct row {
	const char *fixture;
	const char *rule;
	enum cca_status status;
	const char *says;     /* a part of one finding's message, or NULL */
	const char *where;    /* a part of that finding's location, or NULL */
};

#define P CCA_PASS
#define F CCA_FAIL
#define I CCA_INFORMATIONAL
#define U CCA_UNKNOWN
#define E CCA_ERROR
#define NC CCA_NOTCHECKED

static const struct row rows[] = {
	/* D1 / CSVS 3.1, 3.3: the configured user */
	{ "user-unset-fires", "image.user-root", F, "sets no user", "/config/User" },
	{ "root-healthcheck-none-2020.inspect.json", "image.user-root", F, "runs as 'root'", NULL },
	{ "root-uid0-no-date.inspect.json", "image.user-root", F, "runs as '0:0', which is root",
	  "/config/User" },
	{ "user-name-maps-to-uid0-fires", "image.user-root", F,
	  "'admin', which /etc/passwd maps to uid 0", NULL },
	{ "clean-docker-archive", "image.user-root", P, NULL, NULL },
	{ "user-uid-passes", "image.user-root", P, NULL, NULL },
	{ "uid-healthcheck-shell.inspect.json", "image.user-root", P, NULL, NULL },
	{ "named-user-healthcheck-cmd.inspect.json", "image.user-root", P, NULL, NULL },
	/* B4 / CSVS 9.4: health check */
	{ "root-healthcheck-none-2020.inspect.json", "image.healthcheck", F, "disables its health "
	  "check (NONE)", "/config/Healthcheck" },
	{ "root-uid0-no-date.inspect.json", "image.healthcheck", F, "declares no health check", NULL },
	{ "clean-oci-gzip", "image.healthcheck", P, NULL, NULL },
	{ "user-uid-passes", "image.healthcheck", F, "declares no health check", NULL },
	{ "uid-healthcheck-shell.inspect.json", "image.healthcheck", P, NULL, NULL },
	{ "named-user-healthcheck-cmd.inspect.json", "image.healthcheck", P, NULL, NULL },
	{ "user-unset-fires", "image.healthcheck", P, NULL, NULL },
	/* B5: configuration */
	{ "root-healthcheck-none-2020.inspect.json", "image.secret-config", F,
	  "environment variable API_TOKEN holds a secret ('ghp_***')", "/config/Env/API_TOKEN" },
	{ "root-uid0-no-date.inspect.json", "image.secret-config", F, "AWS_SECRET_ACCESS_KEY",
	  NULL },
	{ "user-uid-passes", "image.secret-config", F, "build step: variable NPM_TOKEN holds a "
	  "secret", "/history/2" },
	{ "uid-healthcheck-shell.inspect.json", "image.secret-config", P, NULL, NULL },
	{ "built-1970-fires", "image.secret-config", P, NULL, NULL },
	{ "clean-oci-zstd", "image.secret-config", P, NULL, NULL },
	/* B3: ADD of URLs in the history */
	{ "history-add-url-fires", "image.add-url", F,
	  "build step 2 adds the remote URL 'https://depl***@artifacts.example.com/app.tgz'",
	  "/history/2" },
	{ "history-add-url-fires", "image.add-url", F, "'git@github.com:acme/tools.git'",
	  "/history/3" },
	{ "user-uid-passes", "image.add-url", P, NULL, NULL },   /* ADD --checksum */
	{ "clean-docker-archive", "image.add-url", P, NULL, NULL },
	/* NIST 4.2.2: age */
	{ "root-healthcheck-none-2020.inspect.json", "image.age", F, "created on 2020-03-14", NULL },
	{ "built-1970-fires", "image.age", F, "created on 1970-01-01", "/created" },
	{ "root-uid0-no-date.inspect.json", "image.age", U, "does not say when", NULL },
	{ "clean-docker-archive", "image.age", P, NULL, NULL },
	{ "uid-healthcheck-shell.inspect.json", "image.age", P, NULL, NULL },
	/* D2: setuid and setgid */
	{ "setuid-and-setgid-fires", "image.setuid", F, "'/usr/bin/passwd' is setuid",
	  "layer 2: /usr/bin/passwd" },
	{ "setuid-and-setgid-fires", "image.setuid", F, "'/usr/bin/wall' is setgid", NULL },
	{ "setgid-only-fires", "image.setuid", F, "'/usr/bin/chage' is setgid", "layer 2:" },
	{ "setuid-allow-listed-passes", "image.setuid", P, NULL, NULL },
	{ "setuid-stripped-later-passes", "image.setuid", P, NULL, NULL },
	{ "clean-oci-zstd", "image.setuid", P, NULL, NULL },
	{ "uid-healthcheck-shell.inspect.json", "image.setuid", NC, NULL, NULL },
	/* D2: world-writable */
	{ "world-writable-dir-fires", "image.world-writable", F, "'/srv/shared' is writable by every "
	  "user (directory, 0777)", "layer 2: /srv/shared" },
	{ "world-writable-file-fires", "image.world-writable", F, "'/srv/app/app.conf' is writable "
	  "by every user (0666)", NULL },
	{ "world-writable-tmp-passes", "image.world-writable", P, NULL, NULL },
	{ "clean-docker-archive", "image.world-writable", P, NULL, NULL },
	/* D2: sudo */
	{ "sudo-binary-fires", "image.sudo", F, "'/usr/bin/sudo' is in the image", NULL },
	{ "sudo-group-members-fires", "image.sudo", F, "group 'sudo' has members (app)",
	  "layer 2: /etc/group: sudo" },
	{ "sudo-group-members-fires", "image.sudo", F, "group 'wheel' has members (ops,app)", NULL },
	{ "sudo-package-fires", "image.sudo", F, "the sudo package is installed", "/packages/sudo" },
	{ "sudo-removed-later-passes", "image.sudo", P, NULL, NULL },
	{ "clean-oci-gzip", "image.sudo", P, NULL, NULL },
	/* D2: empty passwords */
	{ "shadow-root-empty-fires", "image.empty-password", F, "account 'root' has an empty "
	  "password", "layer 2: /etc/shadow: root" },
	{ "shadow-app-empty-fires", "image.empty-password", F, "account 'app'", NULL },
	{ "shadow-removed-passes", "image.empty-password", P, NULL, NULL },
	{ "clean-docker-archive", "image.empty-password", P, NULL, NULL },
	/* CSVS 3.12: remote access */
	{ "sshd-package-fires", "image.remote-access", F, "'openssh-server' 1:9.2p1-2+deb12u3",
	  "/packages/openssh-server" },
	{ "dropbear-binary-fires", "image.remote-access", F, "'/usr/sbin/dropbear' is a remote "
	  "access server", NULL },
	{ "ssh-client-only-passes", "image.remote-access", P, NULL, NULL },
	{ "clean-oci-zstd", "image.remote-access", P, NULL, NULL },
	/* B5: files */
	{ "private-key-by-content-fires", "image.secret-file", F, "'/srv/app/settings.bak' holds a "
	  "private key", "layer 2: /srv/app/settings.bak" },
	{ "env-file-fires", "image.secret-file", F, "'/srv/app/.env' is a credential or history "
	  "file", NULL },
	{ "registry-and-cloud-credentials-fires", "image.secret-file", F, "holds registry "
	  "credentials", "/root/.docker/config.json" },
	{ "registry-and-cloud-credentials-fires", "image.secret-file", F, "holds cloud credentials",
	  "/root/.aws/credentials" },
	{ "git-directory-fires", "image.secret-file", F, "is a Git repository", "/srv/app/.git" },
	{ "credential-helpers-and-examples-pass", "image.secret-file", P, NULL, NULL },
	{ "key-in-docs-ignored-passes", "image.secret-file", P, NULL, NULL },
	{ "key-removed-later-passes", "image.secret-file", P, NULL, NULL },
	{ "clean-oci-gzip", "image.secret-file", P, NULL, NULL },
	/* A4: package caches */
	{ "apt-lists-left-fires", "image.package-cache", F, "1 files (0.0 MB) match "
	  "'/var/lib/apt/lists/*'", "layer 2: /var/lib/apt/lists/*" },
	{ "apk-cache-left-fires", "image.package-cache", F, "'/var/cache/apk/*'", NULL },
	{ "apt-lock-only-passes", "image.package-cache", P, NULL, NULL },
	{ "apt-lists-opaque-whiteout-passes", "image.package-cache", P, NULL, NULL },
	/* A4: build tools (informational) */
	{ "compiler-informational", "image.build-tools", I, "'/usr/bin/gcc-12' is a compiler, build "
	  "tool or package manager", "layer 2: /usr/bin/gcc-12" },
	{ "compiler-informational", "image.build-tools", I, "'/usr/bin/make'", NULL },
	{ "package-managers-informational", "image.build-tools", I, "'/usr/bin/apt-get'", NULL },
	{ "package-managers-informational", "image.build-tools", I, "'/usr/bin/pip3'", NULL },
	{ "compiler-removed-later-passes", "image.build-tools", P, NULL, NULL },
	{ "compiler-libdir-only-passes", "image.build-tools", P, NULL, NULL },
	{ "clean-oci-zstd", "image.build-tools", P, NULL, NULL },
	{ "root-healthcheck-none-2020.inspect.json", "image.build-tools", NC, NULL, NULL },
	/* A3: the inspection summary */
	{ "file-rewritten-inefficient-fires", "image.inspection", F, "3 layers", "/summary" },
	{ "file-rewritten-inefficient-fires", "image.inspection", F, "(below the minimum)", NULL },
	{ "file-deleted-later-inefficient-fires", "image.inspection", F, "(below the minimum)",
	  NULL },
	{ "clean-oci-zstd", "image.inspection", P, NULL, NULL },
	{ "clean-docker-archive", "image.inspection", P, NULL, NULL },
	/* C1 / CSVS 3.7: signatures */
	{ "cosign-signature-tag-passes", "image.signature", P, NULL, NULL },
	{ "referrer-passes", "image.signature", P, NULL, NULL },
	{ "trust-data-signers-passes", "image.signature", P, NULL, NULL },
	{ "trust-data-docker-archive-passes", "image.signature", P, NULL, NULL },
	{ "clean-oci-gzip", "image.signature", F, "no cosign signature tag or signature referrer",
	  "/signatures" },
	{ "cosign-tag-without-signature-fires", "image.signature", F, "no trust data given", NULL },
	{ "cosign-tag-other-digest-fires", "image.signature", F, "no signature names sha256:", NULL },
	{ "trust-data-other-digest-fires", "image.signature", F, "the trust data names no signer",
	  NULL },
	{ "trust-data-broken-error", "image.signature", E, "invalid JSON", NULL },
};

static void check_row(const struct row *w)
{
	struct audit a;
	const struct cca_rule_result *r;

	audit_open(&a, w->fixture);
	r = result_of(&a, w->rule);
	if (r->status != w->status) {
		dump_findings(&a, w->rule);
		fail_msg("%s: %s is %s, expected %s (%s)", w->fixture, w->rule,
			 cca_status_name(r->status), cca_status_name(w->status), r->message);
	}
	if ((w->says || w->where) &&
	    !finding_has(&a, w->rule, w->says, w->where, w->status == CCA_PASS)) {
		dump_findings(&a, w->rule);
		fail_msg("%s: no finding of %s says \"%s\" at \"%s\"", w->fixture, w->rule,
			 w->says ? w->says : "", w->where ? w->where : "");
	}
	audit_close(&a);
}

/* One test per rule: every row of that rule. */
static void run_rule_rows(const char *rule)
{
	size_t n = 0;

	for (size_t i = 0; i < CCA_ARRAY_SIZE(rows); i++)
		if (!strcmp(rows[i].rule, rule)) {
			check_row(&rows[i]);
			n++;
		}
	assert_true(n > 0);
}

#define RULE_TEST(name, id) \
	static void test_##name(void **state) { (void)state; run_rule_rows(id); }

RULE_TEST(user_root, "image.user-root")
RULE_TEST(healthcheck, "image.healthcheck")
RULE_TEST(secret_config, "image.secret-config")
RULE_TEST(add_url, "image.add-url")
RULE_TEST(age, "image.age")
RULE_TEST(setuid, "image.setuid")
RULE_TEST(world_writable, "image.world-writable")
RULE_TEST(sudo, "image.sudo")
RULE_TEST(empty_password, "image.empty-password")
RULE_TEST(remote_access, "image.remote-access")
RULE_TEST(secret_file, "image.secret-file")
RULE_TEST(package_cache, "image.package-cache")
RULE_TEST(build_tools, "image.build-tools")
RULE_TEST(inspection, "image.inspection")
RULE_TEST(signature, "image.signature")

/* ==== the catalog and the table agree ============================================= */

/*
 * Every image check has a rule of the same id that binds it, and at least
 * two fixtures where it reports (fail or informational) and two where it
 * passes; every image and every committed fixture is used.
 */
static void test_every_check_has_fixtures(void **state)
{
	size_t nchecks = 0;

	(void)state;
	for (size_t i = 0; i < cca_check_count(); i++) {
		const struct cca_check *c = cca_check_at(i);
		const struct cca_rule *r;
		unsigned fires = 0, quiet = 0;

		if (strcmp(c->evidence, CCA_KIND_IMAGE) != 0)
			continue;
		nchecks++;
		r = cca_catalog_rule(cat, rule_index(c->id));
		assert_false(r->manual);
		assert_string_equal(r->check, c->id);
		for (size_t k = 0; k < CCA_ARRAY_SIZE(rows); k++) {
			if (strcmp(rows[k].rule, c->id) != 0)
				continue;
			if (rows[k].status == CCA_PASS || rows[k].status == CCA_NOTAPPLICABLE)
				quiet++;
			else if (rows[k].status == CCA_FAIL || rows[k].status == CCA_INFORMATIONAL)
				fires++;
		}
		if (fires < 2 || quiet < 2)
			fail_msg("%s has %u firing and %u quiet fixtures; at least 2 each", c->id,
				 fires, quiet);
	}
	assert_int_equal(nchecks, 15);
	for (size_t i = 0; i < CCA_ARRAY_SIZE(images); i++) {
		bool used = false;

		for (size_t k = 0; k < CCA_ARRAY_SIZE(rows) && !used; k++)
			used = strcmp(rows[k].fixture, images[i].name) == 0;
		if (!used)
			fail_msg("image '%s' is in no row", images[i].name);
	}
}

/* Informational rows belong to info rules; failing rows do not. */
static void test_informational_rules_are_info(void **state)
{
	(void)state;
	for (size_t k = 0; k < CCA_ARRAY_SIZE(rows); k++) {
		const struct cca_rule *r = cca_catalog_rule(cat, rule_index(rows[k].rule));

		if (rows[k].status == CCA_INFORMATIONAL)
			assert_int_equal(r->severity, CCA_SEV_INFO);
		if (rows[k].status == CCA_FAIL)
			assert_int_not_equal(r->severity, CCA_SEV_INFO);
	}
}

/* ==== the reader paths the rows rely on ============================================ */

/* The same image in three stores (Docker's archive, OCI gzip, OCI zstd):
 * the same files, packages, OS and configuration; every image rule that
 * judges the clean image passes. */
static void test_layouts_and_compressions_agree(void **state)
{
	static const char *const names[] = { "clean-docker-archive", "clean-oci-gzip",
					     "clean-oci-zstd" };
	static const char *const pass[] = { "image.user-root", "image.healthcheck",
		"image.secret-config", "image.add-url", "image.age", "image.setuid",
		"image.world-writable", "image.sudo", "image.empty-password", "image.remote-access",
		"image.secret-file", "image.package-cache", "image.build-tools", "image.inspection" };
	char *first = NULL;

	(void)state;
	for (size_t i = 0; i < CCA_ARRAY_SIZE(names); i++) {
		struct audit a;
		const struct cca_image *img;
		char *sum;

		audit_open(&a, names[i]);
		img = cca_evidence_item(a.evidence, 0)->model;
		assert_non_null(img);
		assert_true(img->has_layers);
		assert_string_equal(img->format, i == 0 ? "docker-archive" : "oci");
		assert_int_equal(img->nlayers, 2);
		assert_int_equal(img->npackages, 2);
		assert_string_equal(img->os_id, "debian");
		assert_string_equal(img->config.user, "app");
		assert_non_null(cca_image_find(img, "/srv/app/index.html"));
		assert_int_equal(cca_image_find(img, "/srv/app/index.html")->layer, 2);
		if (i == 2)
			assert_non_null(strstr(img->layers[0].media_type, "zstd"));
		/* the same content whatever the store and compression */
		sum = cca_xasprintf("%zu %llu %s", img->nfiles, (unsigned long long)img->content,
				    img->config.id);
		if (!first)
			first = sum;
		else {
			assert_string_equal(sum, first);
			free(sum);
		}
		for (size_t k = 0; k < CCA_ARRAY_SIZE(pass); k++) {
			const struct cca_rule_result *r = result_of(&a, pass[k]);

			if (r->status != CCA_PASS)
				fail_msg("%s: %s is %s: %s", names[i], pass[k],
					 cca_status_name(r->status), r->message);
		}
		audit_close(&a);
	}
	free(first);
}

/* Signature evidence says where it came from and, for trust data, who signed. */
static void test_signature_evidence_named(void **state)
{
	static const struct {
		const char *fixture, *says;
	} cases[] = {
		{ "cosign-signature-tag-passes", "cosign signature tag 'sha256-" },
		{ "referrer-passes", "OCI referrer of type application/vnd.dev.sigstore.bundle" },
		{ "trust-data-signers-passes", "tag '1.0' signed by alice, release-bot" },
		{ "trust-data-docker-archive-passes", "signed by alice, release-bot" },
	};

	(void)state;
	for (size_t k = 0; k < CCA_ARRAY_SIZE(cases); k++) {
		struct audit a;

		audit_open(&a, cases[k].fixture);
		if (!finding_has(&a, "image.signature", cases[k].says, "/signatures", true)) {
			dump_findings(&a, "image.signature");
			fail_msg("%s: no signature finding says \"%s\"", cases[k].fixture,
				 cases[k].says);
		}
		audit_close(&a);
	}
}

/* Locations name the image by its digest; the referrer and the signature
 * tag are not audited as images of their own. */
static void test_locations_and_signature_manifests(void **state)
{
	struct audit a;
	const struct cca_rule_result *r;

	(void)state;
	audit_open(&a, "cosign-signature-tag-passes");   /* one item: asserted by audit_open */
	r = result_of(&a, "image.signature");
	assert_true(r->nfindings > 0);
	assert_non_null(strstr(cca_eval_finding(a.ev, r->first_finding)->location,
			       "image@sha256:"));
	audit_close(&a);
	audit_open(&a, "referrer-passes");
	audit_close(&a);
}

/* Planted secrets (Env, history, files) never show in a message or location. */
static void test_secrets_masked(void **state)
{
	static const struct {
		const char *fixture;
		const char *secrets[3];
	} cases[] = {
		{ "root-healthcheck-none-2020.inspect.json",
		  { "R4nd0mT0kenV4lue", "ghp_R4nd0m", NULL } },
		{ "root-uid0-no-date.inspect.json", { "wJalrXUtnFEMI", "EXAMPLEKEY", NULL } },
		{ "user-uid-passes", { "Q9x2Lk7Vb4Nm8Pz1Rt6Yw3Cs5Df0Gh2Jk4Lq", "npm_Q9x2", NULL } },
		{ "history-add-url-fires", { "Gh7Kp2Wq9Zx4", "deploy:", NULL } },
		{ "private-key-by-content-fires", { "PLANTEDKEY", NULL, NULL } },
		{ "env-file-fires", { "PLANTEDenvPASS", NULL, NULL } },
		{ "registry-and-cloud-credentials-fires",
		  { "PLANTEDawsKEY", "ZGVwbG95OlBMQU5URURyZWc", NULL } },
	};

	(void)state;
	for (size_t k = 0; k < CCA_ARRAY_SIZE(cases); k++) {
		struct audit a;

		audit_open(&a, cases[k].fixture);
		for (size_t n = 0; n < cca_eval_nfindings(a.ev); n++) {
			const struct cca_finding *f = cca_eval_finding(a.ev, n);

			for (size_t s = 0; s < 3 && cases[k].secrets[s]; s++)
				if (strstr(f->message, cases[k].secrets[s]) ||
				    strstr(f->location, cases[k].secrets[s]))
					fail_msg("%s: '%s' at '%s' shows '%s'", cases[k].fixture,
						 f->message, f->location, cases[k].secrets[s]);
		}
		audit_close(&a);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_user_root),
		cmocka_unit_test(test_healthcheck),
		cmocka_unit_test(test_secret_config),
		cmocka_unit_test(test_add_url),
		cmocka_unit_test(test_age),
		cmocka_unit_test(test_setuid),
		cmocka_unit_test(test_world_writable),
		cmocka_unit_test(test_sudo),
		cmocka_unit_test(test_empty_password),
		cmocka_unit_test(test_remote_access),
		cmocka_unit_test(test_secret_file),
		cmocka_unit_test(test_package_cache),
		cmocka_unit_test(test_build_tools),
		cmocka_unit_test(test_inspection),
		cmocka_unit_test(test_signature),
		cmocka_unit_test(test_every_check_has_fixtures),
		cmocka_unit_test(test_informational_rules_are_info),
		cmocka_unit_test(test_layouts_and_compressions_agree),
		cmocka_unit_test(test_signature_evidence_named),
		cmocka_unit_test(test_locations_and_signature_manifests),
		cmocka_unit_test(test_secrets_masked),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
