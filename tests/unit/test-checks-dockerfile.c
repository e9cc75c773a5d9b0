/*
 * test-checks-dockerfile.c - the Dockerfile checks (src/checks/dockerfile.c)
 * through the whole pipeline: the shipped catalog, profile "all", one
 * fixture of tests/fixtures/dockerfile-checks/ per behaviour collected as
 * evidence, evaluated, then the rule's status, the lines of its findings
 * and their messages.
 *
 * Every check has at least two fixtures where it reports and two where it
 * must not (test_every_check_has_fixtures counts them in the table below).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "ccaudit/catalog.h"
#include "ccaudit/checks.h"
#include "ccaudit/engine.h"
#include "ccaudit/evidence.h"
#include "ccaudit/secrets.h"
#include "ccaudit/util.h"
#include "test-support.h"

/* ---- one audit of one fixture ------------------------------------------------ */

static void audit_open(struct ts_audit *a, const char *fixture, const char *stage,
		       const struct cca_profile *p)
{
	char *rel = cca_xasprintf("dockerfile-checks/%s", fixture);

	a->path = ts_path("CCA_FIXTURES", "tests/fixtures", rel);
	free(rel);
	a->evidence = cca_evidence_new();
	cca_evidence_add_dockerfile(a->evidence, a->path, stage);
	ts_audit_no_error(a, fixture, false);
	ts_audit_run(a, p);
}

/* ---- the table: fixture, rule, expected status, finding lines, message ---- */

#define P CCA_PASS
#define F CCA_FAIL
#define I CCA_INFORMATIONAL
#define U CCA_UNKNOWN
#define NA CCA_NOTAPPLICABLE

static const struct ts_row rows[] = {
	/* A1: official or trusted base images */
	{ "from-untrusted-registry-fires.Dockerfile", "dockerfile.from-untrusted", F, "1",
	  "'quay.io/acme/app-base:1.4@sha256:" },
	{ "from-untrusted-hub-user-fires.Dockerfile", "dockerfile.from-untrusted", F, "4",
	  "'someuser/nginx:1.25@" },
	{ "from-untrusted-builder-stage-fires.Dockerfile", "dockerfile.from-untrusted", F, "1",
	  "stage 'build' builds on 'evilcorp/builder:2.0" },
	{ "from-arg-expanded-untrusted-fires.Dockerfile", "dockerfile.from-untrusted", F, "3",
	  "'registry.example.com:5000/team/app:1.0'" },
	{ "from-trusted-registry.Dockerfile", "dockerfile.from-untrusted", F, "1", "ghcr.io/acme" },
	{ "from-official-passes.Dockerfile", "dockerfile.from-untrusted", P, "", NULL },
	{ "from-scratch-and-stage-passes.Dockerfile", "dockerfile.from-untrusted", P, "", NULL },
	{ "from-arg-expanded-official.Dockerfile", "dockerfile.from-untrusted", P, "", NULL },
	{ "from-arg-without-default-unknown.Dockerfile", "dockerfile.from-untrusted", U, "2",
	  "'BASE_IMAGE'" },
	{ "from-empty-registry-arg-unknown.Dockerfile", "dockerfile.from-untrusted", U, "2",
	  "'/team/app:1.0' of stage 1 is not an image reference" },
	/* B1: digests */
	{ "from-tag-only-fires.Dockerfile", "dockerfile.from-not-pinned", F, "1", "'debian:12-slim'" },
	{ "from-arg-expanded-official.Dockerfile", "dockerfile.from-not-pinned", F, "2",
	  "'debian:12', which is not pinned" },
	{ "from-latest-fires.Dockerfile", "dockerfile.from-not-pinned", F, "4", NULL },
	{ "from-digest-passes.Dockerfile", "dockerfile.from-not-pinned", P, "", NULL },
	{ "from-scratch-and-stage-passes.Dockerfile", "dockerfile.from-not-pinned", P, "", NULL },
	{ "from-official-passes.Dockerfile", "dockerfile.from-not-pinned", P, "", NULL },
	{ "from-arg-without-default-unknown.Dockerfile", "dockerfile.from-not-pinned", U, "2", NULL },
	/* B1: tags */
	{ "from-latest-fires.Dockerfile", "dockerfile.from-latest", F, "4", "latest tag" },
	{ "from-untagged-fires.Dockerfile", "dockerfile.from-latest", F, "1", "without a tag" },
	{ "from-registry-port-untagged-fires.Dockerfile", "dockerfile.from-latest", F, "1",
	  "'localhost:5000/team/app' without a tag" },
	{ "from-arg-expanded-latest-fires.Dockerfile", "dockerfile.from-latest", F, "2",
	  "'ubuntu:latest'" },
	{ "from-digest-passes.Dockerfile", "dockerfile.from-latest", P, "", NULL },
	{ "from-registry-port-tag-passes.Dockerfile", "dockerfile.from-latest", P, "", NULL },
	{ "from-tag-only-fires.Dockerfile", "dockerfile.from-latest", P, "", NULL },
	{ "from-arg-expanded-official.Dockerfile", "dockerfile.from-latest", P, "", NULL },
	/* A4: .dockerignore */
	{ "dockerignore-missing-fires.Dockerfile", "dockerfile.dockerignore", F, "0",
	  "no .dockerignore" },
	{ "dockerignore-without-git-fires.Dockerfile", "dockerfile.dockerignore", F, "0",
	  "does not exclude .git, .env" },
	{ "dockerignore-reincludes-env-fires.Dockerfile", "dockerfile.dockerignore", F, "0",
	  "does not exclude .env" },
	{ "dockerignore-complete-passes.Dockerfile", "dockerfile.dockerignore", P, "", NULL },
	{ "dockerignore-allowlist-passes.Dockerfile", "dockerfile.dockerignore", P, "", NULL },
	{ "dockerignore-nothing-copied-notapplicable.Dockerfile", "dockerfile.dockerignore", NA,
	  "0", "copies nothing" },
	/* A4: recommended packages */
	{ "apt-recommends-missing-fires.Dockerfile", "dockerfile.apt-recommends", F, "2",
	  "apt-get install without --no-install-recommends" },
	{ "apt-y-install-env-prefix-fires.Dockerfile", "dockerfile.apt-recommends", F, "2 6", NULL },
	{ "apt-no-install-recommends-passes.Dockerfile", "dockerfile.apt-recommends", P, "", NULL },
	{ "apt-recommends-config-passes.Dockerfile", "dockerfile.apt-recommends", P, "", NULL },
	{ "apt-recommends-builder-only-passes.Dockerfile", "dockerfile.apt-recommends", P, "", NULL },
	/* A4: package caches */
	{ "apt-lists-left-fires.Dockerfile", "dockerfile.package-cache", F, "2",
	  "/var/lib/apt/lists" },
	{ "apk-without-no-cache-fires.Dockerfile", "dockerfile.package-cache", F, "2",
	  "apk add without --no-cache" },
	{ "dnf-without-clean-fires.Dockerfile", "dockerfile.package-cache", F, "2",
	  "dnf install without 'dnf clean all'" },
	{ "apt-lists-removed-passes.Dockerfile", "dockerfile.package-cache", P, "", NULL },
	{ "apk-no-cache-passes.Dockerfile", "dockerfile.package-cache", P, "", NULL },
	{ "apt-cache-mount-passes.Dockerfile", "dockerfile.package-cache", P, "", NULL },
	{ "apt-recommends-builder-only-passes.Dockerfile", "dockerfile.package-cache", P, "", NULL },
	/* A4: build tools in the final stage (informational) */
	{ "final-stage-compiler-informational.Dockerfile", "dockerfile.final-stage-tools", I, "5",
	  "the build tool 'gcc'" },
	{ "final-stage-sdk-base-informational.Dockerfile", "dockerfile.final-stage-tools", I, "4 6",
	  "toolchain image 'golang:1.22-alpine@" },
	{ "multistage-root-builder-clean-final.Dockerfile", "dockerfile.final-stage-tools", P, "",
	  NULL },
	{ "apt-recommends-builder-only-passes.Dockerfile", "dockerfile.final-stage-tools", P, "",
	  NULL },
	{ "from-tag-only-fires.Dockerfile", "dockerfile.final-stage-tools", NA, "0",
	  "not a multi-stage build" },
	/* B2: index refresh and install */
	{ "apt-update-alone-fires.Dockerfile", "dockerfile.update-without-install", F, "2",
	  "apt-get update without an install" },
	{ "apk-update-alone-fires.Dockerfile", "dockerfile.update-without-install", F, "2",
	  "apk update" },
	{ "heredoc-update-alone-fires.Dockerfile", "dockerfile.update-without-install", F, "3", NULL },
	{ "apt-update-install-same-run-passes.Dockerfile", "dockerfile.update-without-install", P,
	  "", NULL },
	{ "heredoc-update-install-passes.Dockerfile", "dockerfile.update-without-install", P, "",
	  NULL },
	{ "exec-form-sh-c-update-install-passes.Dockerfile", "dockerfile.update-without-install", P,
	  "", NULL },
	/* B3: ADD */
	{ "add-url-fires.Dockerfile", "dockerfile.add-url", F, "2",
	  "'https://example.com/releases/tool-1.2.tar.gz'" },
	{ "add-git-fires.Dockerfile", "dockerfile.add-url", F, "2 3",
	  "'https://***@artifacts.example.com/app.jar'" },
	{ "add-url-checksum-passes.Dockerfile", "dockerfile.add-url", P, "", NULL },
	{ "copy-instead-of-add-passes.Dockerfile", "dockerfile.add-url", P, "", NULL },
	{ "add-local-fires.Dockerfile", "dockerfile.add-local", F, "2 3", "COPY does the same" },
	{ "add-heredoc-fires.Dockerfile", "dockerfile.add-local", F, "3", NULL },
	{ "copy-instead-of-add-passes.Dockerfile", "dockerfile.add-local", P, "", NULL },
	{ "add-archive-informational.Dockerfile", "dockerfile.add-local", P, "", NULL },
	{ "add-url-fires.Dockerfile", "dockerfile.add-local", P, "", NULL },
	{ "add-archive-informational.Dockerfile", "dockerfile.add-archive", I, "2",
	  "'rootfs.tar.xz'" },
	{ "add-archive-arg-informational.Dockerfile", "dockerfile.add-archive", I, "3",
	  "'app-1.2.3.tgz'" },
	{ "add-local-fires.Dockerfile", "dockerfile.add-archive", P, "", NULL },
	{ "add-url-fires.Dockerfile", "dockerfile.add-archive", P, "", NULL },
	/* B4: HEALTHCHECK */
	{ "healthcheck-missing-fires.Dockerfile", "dockerfile.healthcheck", F, "1",
	  "declares no HEALTHCHECK" },
	{ "healthcheck-none-fires.Dockerfile", "dockerfile.healthcheck", F, "5", "HEALTHCHECK NONE" },
	{ "healthcheck-builder-only-fires.Dockerfile", "dockerfile.healthcheck", F, "5", NULL },
	{ "healthcheck-present-passes.Dockerfile", "dockerfile.healthcheck", P, "", NULL },
	{ "stage-inherits-user-passes.Dockerfile", "dockerfile.healthcheck", P, "", NULL },
	{ "multistage-root-builder-clean-final.Dockerfile", "dockerfile.healthcheck", P, "", NULL },
	/* B5: ENV, ARG, LABEL */
	{ "env-password-fires.Dockerfile", "dockerfile.secret-value", F, "2",
	  "ENV POSTGRES_PASSWORD holds a secret-like value 'Sup3***'" },
	{ "env-legacy-api-key-fires.Dockerfile", "dockerfile.secret-value", F, "2",
	  "ENV STRIPE_API_KEY" },
	{ "env-aws-key-id-fires.Dockerfile", "dockerfile.secret-value", F, "2",
	  "an AWS access key id: 'AKIA***'" },
	{ "arg-token-default-fires.Dockerfile", "dockerfile.secret-value", F, "2", "ARG NPM_TOKEN" },
	{ "arg-secret-without-default-fires.Dockerfile", "dockerfile.secret-value", F, "2",
	  "ARG GITHUB_TOKEN takes a secret as a build argument" },
	{ "label-url-credentials-fires.Dockerfile", "dockerfile.secret-value", F, "2",
	  "a password in a URL" },
	{ "env-private-key-fires.Dockerfile", "dockerfile.secret-value", F, "2", "a private key" },
	{ "env-password-file-passes.Dockerfile", "dockerfile.secret-value", P, "", NULL },
	{ "env-variable-reference-passes.Dockerfile", "dockerfile.secret-value", P, "", NULL },
	{ "user-app-passes.Dockerfile", "dockerfile.secret-value", P, "", NULL },
	/* B5: RUN */
	{ "run-curl-user-password-fires.Dockerfile", "dockerfile.secret-in-run", F, "2",
	  "passes a password to curl: 'depl***'" },
	{ "run-echo-password-pipe-fires.Dockerfile", "dockerfile.secret-in-run", F, "2 3",
	  "pipes a literal password" },
	{ "run-exported-token-fires.Dockerfile", "dockerfile.secret-in-run", F, "2 3",
	  "exports NPM_TOKEN with a literal secret" },
	{ "run-heredoc-private-key-fires.Dockerfile", "dockerfile.secret-in-run", F, "3",
	  "RUN contains a private key: '----***'" },
	{ "run-secret-mount-passes.Dockerfile", "dockerfile.secret-in-run", P, "", NULL },
	{ "run-credential-variables-passes.Dockerfile", "dockerfile.secret-in-run", P, "", NULL },
	{ "wget-gpg-verify-passes.Dockerfile", "dockerfile.secret-in-run", P, "", NULL },
	/* B5: COPY, ADD */
	{ "copy-ssh-key-fires.Dockerfile", "dockerfile.secret-file", F, "2", "'deploy/id_rsa'" },
	{ "copy-env-file-fires.Dockerfile", "dockerfile.secret-file", F, "3", "'.env'" },
	{ "copy-npmrc-destination-fires.Dockerfile", "dockerfile.secret-file", F, "2",
	  "'/root/.npmrc'" },
	{ "copy-env-example-passes.Dockerfile", "dockerfile.secret-file", P, "", NULL },
	{ "copy-app-files-passes.Dockerfile", "dockerfile.secret-file", P, "", NULL },
	{ "run-secret-mount-passes.Dockerfile", "dockerfile.secret-file", P, "", NULL },
	/* D1: USER */
	{ "user-missing-fires.Dockerfile", "dockerfile.user-root", F, "1", "sets no USER" },
	{ "user-root-uid-fires.Dockerfile", "dockerfile.user-root", F, "4", "USER 0:0" },
	{ "user-root-from-arg-fires.Dockerfile", "dockerfile.user-root", F, "3", "USER root" },
	{ "user-app-passes.Dockerfile", "dockerfile.user-root", P, "", NULL },
	{ "user-numeric-passes.Dockerfile", "dockerfile.user-root", P, "", NULL },
	{ "stage-inherits-user-passes.Dockerfile", "dockerfile.user-root", P, "", NULL },
	{ "multistage-root-builder-clean-final.Dockerfile", "dockerfile.user-root", P, "", NULL },
	{ "user-nobody-fires.Dockerfile", "dockerfile.user-dedicated", F, "2",
	  "USER nobody is a shared system account" },
	{ "user-missing-fires.Dockerfile", "dockerfile.user-dedicated", F, "1", NULL },
	{ "user-root-uid-fires.Dockerfile", "dockerfile.user-dedicated", F, "4", NULL },
	{ "user-app-passes.Dockerfile", "dockerfile.user-dedicated", P, "", NULL },
	{ "user-numeric-passes.Dockerfile", "dockerfile.user-dedicated", P, "", NULL },
	{ "stage-inherits-user-passes.Dockerfile", "dockerfile.user-dedicated", P, "", NULL },
	/* D2: privileges */
	{ "sudo-installed-fires.Dockerfile", "dockerfile.sudo", F, "2", "installs sudo" },
	{ "sudo-used-fires.Dockerfile", "dockerfile.sudo", F, "3", "runs sudo" },
	{ "sudoers-nopasswd-fires.Dockerfile", "dockerfile.sudo", F, "2 3", "/etc/sudoers" },
	{ "user-app-passes.Dockerfile", "dockerfile.sudo", P, "", NULL },
	{ "multistage-root-builder-clean-final.Dockerfile", "dockerfile.sudo", P, "", NULL },
	{ "wget-pipe-sudo-bash-fires.Dockerfile", "dockerfile.sudo", F, "2", NULL },
	{ "chmod-777-fires.Dockerfile", "dockerfile.world-writable", F, "2", "mode 777" },
	{ "chmod-other-write-fires.Dockerfile", "dockerfile.world-writable", F, "2 3", "--chmod=0777" },
	{ "chmod-sticky-and-private-passes.Dockerfile", "dockerfile.world-writable", P, "", NULL },
	{ "multistage-root-builder-clean-final.Dockerfile", "dockerfile.world-writable", P, "",
	  NULL },
	{ "setuid-stripped-passes.Dockerfile", "dockerfile.world-writable", P, "", NULL },
	{ "chmod-setuid-fires.Dockerfile", "dockerfile.setuid", F, "2", "mode u+s" },
	{ "chmod-4755-find-exec-fires.Dockerfile", "dockerfile.setuid", F, "2 3", "mode 4755" },
	{ "setuid-stripped-passes.Dockerfile", "dockerfile.setuid", P, "", NULL },
	{ "chmod-sticky-and-private-passes.Dockerfile", "dockerfile.setuid", P, "", NULL },
	{ "multistage-root-builder-clean-final.Dockerfile", "dockerfile.setuid", P, "", NULL },
	{ "user-back-to-root-fires.Dockerfile", "dockerfile.user-back-to-root", F, "5",
	  "USER root switches back to root after USER app" },
	{ "user-root-uid-fires.Dockerfile", "dockerfile.user-back-to-root", F, "4", NULL },
	{ "user-root-before-app-passes.Dockerfile", "dockerfile.user-back-to-root", P, "", NULL },
	{ "user-app-passes.Dockerfile", "dockerfile.user-back-to-root", P, "", NULL },
	/* CSVS 3.12: remote access */
	{ "sshd-installed-fires.Dockerfile", "dockerfile.remote-access", F, "2 3", "'openssh-server'" },
	{ "apk-openssh-fires.Dockerfile", "dockerfile.remote-access", F, "2", "'openssh'" },
	{ "expose-ssh-rdp-fires.Dockerfile", "dockerfile.remote-access", F, "2 3",
	  "EXPOSE 22/tcp publishes the remote login port 22" },
	{ "ssh-client-passes.Dockerfile", "dockerfile.remote-access", P, "", NULL },
	{ "sshd-in-builder-passes.Dockerfile", "dockerfile.remote-access", P, "", NULL },
	{ "multistage-root-builder-clean-final.Dockerfile", "dockerfile.remote-access", P, "",
	  NULL },
	/* CSVS 3.13: management ports */
	{ "expose-docker-api-fires.Dockerfile", "dockerfile.expose-management", F, "2",
	  "the Docker Engine API without TLS" },
	{ "expose-etcd-range-fires.Dockerfile", "dockerfile.expose-management", F, "2", "etcd" },
	{ "expose-web-ports.Dockerfile", "dockerfile.expose-management", P, "", NULL },
	{ "expose-arg-port.Dockerfile", "dockerfile.expose-management", P, "", NULL },
	/* CSVS 7.12: exposed ports (informational) */
	{ "expose-web-ports.Dockerfile", "dockerfile.exposed-ports", I, "2", "exposes 80 443/tcp" },
	{ "expose-arg-port.Dockerfile", "dockerfile.exposed-ports", I, "3", "exposes 8080" },
	{ "user-app-passes.Dockerfile", "dockerfile.exposed-ports", P, "", NULL },
	{ "sshd-in-builder-passes.Dockerfile", "dockerfile.exposed-ports", P, "", NULL },
	/* CSVS 4.7: OCI labels */
	{ "labels-missing-fires.Dockerfile", "dockerfile.oci-labels", F, "1",
	  "no org.opencontainers.image.* label" },
	{ "labels-builder-only-fires.Dockerfile", "dockerfile.oci-labels", F, "4", NULL },
	{ "labels-oci-passes.Dockerfile", "dockerfile.oci-labels", P, "", NULL },
	{ "labels-inherited-stage-passes.Dockerfile", "dockerfile.oci-labels", P, "", NULL },
	{ "multistage-root-builder-clean-final.Dockerfile", "dockerfile.oci-labels", P, "", NULL },
	/* NIST 4.1.5: downloads */
	{ "curl-pipe-sh-fires.Dockerfile", "dockerfile.pipe-to-shell", F, "2",
	  "the download from https://get.example.com/install.sh with sh" },
	{ "wget-pipe-sudo-bash-fires.Dockerfile", "dockerfile.pipe-to-shell", F, "2", "with bash" },
	{ "sh-c-curl-substitution-fires.Dockerfile", "dockerfile.pipe-to-shell", F, "2",
	  "a downloaded script with sh" },
	{ "curl-download-verify-passes.Dockerfile", "dockerfile.pipe-to-shell", P, "", NULL },
	{ "curl-pipe-tar-fires.Dockerfile", "dockerfile.pipe-to-shell", P, "", NULL },
	{ "curl-output-unverified-fires.Dockerfile", "dockerfile.download-unverified", F, "2",
	  "https://dl.k8s.io/release/v1.30.0/bin/linux/amd64/kubectl" },
	{ "curl-pipe-tar-fires.Dockerfile", "dockerfile.download-unverified", F, "2 3", NULL },
	{ "curl-download-verify-passes.Dockerfile", "dockerfile.download-unverified", P, "", NULL },
	{ "wget-gpg-verify-passes.Dockerfile", "dockerfile.download-unverified", P, "", NULL },
	{ "curl-pipe-sh-fires.Dockerfile", "dockerfile.download-unverified", P, "", NULL },
	/* RUN flags */
	{ "run-security-insecure-fires.Dockerfile", "dockerfile.run-insecure", F, "3", NULL },
	{ "run-insecure-builder-fires.Dockerfile", "dockerfile.run-insecure", F, "3", NULL },
	{ "run-network-none-passes.Dockerfile", "dockerfile.run-insecure", P, "", NULL },
	{ "run-network-host-fires.Dockerfile", "dockerfile.run-insecure", P, "", NULL },
	{ "run-network-host-fires.Dockerfile", "dockerfile.run-network-host", F, "2", NULL },
	{ "run-insecure-builder-fires.Dockerfile", "dockerfile.run-network-host", F, "3", NULL },
	{ "run-network-none-passes.Dockerfile", "dockerfile.run-network-host", P, "", NULL },
	{ "run-security-insecure-fires.Dockerfile", "dockerfile.run-network-host", P, "", NULL },
	/* MAINTAINER (informational) */
	{ "maintainer-informational.Dockerfile", "dockerfile.maintainer", I, "2", "deprecated" },
	{ "maintainer-in-builder-informational.Dockerfile", "dockerfile.maintainer", I, "2", NULL },
	{ "labels-oci-passes.Dockerfile", "dockerfile.maintainer", P, "", NULL },
	{ "user-app-passes.Dockerfile", "dockerfile.maintainer", P, "", NULL },
};

static void check_row(const struct ts_row *w)
{
	struct ts_audit a;

	audit_open(&a, w->fixture, NULL, NULL);
	ts_expect_lines(&a, w);
	ts_audit_close(&a);
}

/* One test per rule: every row of that rule. */
static void run_rule_rows(const char *rule)
{
	assert_true(ts_run_rule_rows(rows, CCA_ARRAY_SIZE(rows), rule, check_row) > 0);
}

#define RULE_TEST(name, id) \
	static void test_##name(void **state) { (void)state; run_rule_rows(id); }

RULE_TEST(from_untrusted, "dockerfile.from-untrusted")
RULE_TEST(from_not_pinned, "dockerfile.from-not-pinned")
RULE_TEST(from_latest, "dockerfile.from-latest")
RULE_TEST(dockerignore, "dockerfile.dockerignore")
RULE_TEST(apt_recommends, "dockerfile.apt-recommends")
RULE_TEST(package_cache, "dockerfile.package-cache")
RULE_TEST(final_stage_tools, "dockerfile.final-stage-tools")
RULE_TEST(update_without_install, "dockerfile.update-without-install")
RULE_TEST(add_url, "dockerfile.add-url")
RULE_TEST(add_local, "dockerfile.add-local")
RULE_TEST(add_archive, "dockerfile.add-archive")
RULE_TEST(healthcheck, "dockerfile.healthcheck")
RULE_TEST(secret_value, "dockerfile.secret-value")
RULE_TEST(secret_in_run, "dockerfile.secret-in-run")
RULE_TEST(secret_file, "dockerfile.secret-file")
RULE_TEST(user_root, "dockerfile.user-root")
RULE_TEST(user_dedicated, "dockerfile.user-dedicated")
RULE_TEST(sudo, "dockerfile.sudo")
RULE_TEST(world_writable, "dockerfile.world-writable")
RULE_TEST(setuid, "dockerfile.setuid")
RULE_TEST(user_back_to_root, "dockerfile.user-back-to-root")
RULE_TEST(remote_access, "dockerfile.remote-access")
RULE_TEST(expose_management, "dockerfile.expose-management")
RULE_TEST(exposed_ports, "dockerfile.exposed-ports")
RULE_TEST(oci_labels, "dockerfile.oci-labels")
RULE_TEST(pipe_to_shell, "dockerfile.pipe-to-shell")
RULE_TEST(download_unverified, "dockerfile.download-unverified")
RULE_TEST(run_insecure, "dockerfile.run-insecure")
RULE_TEST(run_network_host, "dockerfile.run-network-host")
RULE_TEST(maintainer, "dockerfile.maintainer")

/* ---- the catalog and the table agree ----------------------------------------- */

/*
 * cca_secret_find finds each format it knows wherever it stands in a text
 * (alone, after other words, after '_' or '-' of other words), and says
 * where; too short or malformed lookalikes are no secret.
 */
static void test_secret_formats(void **state)
{
	static const struct {
		const char *secret, *kind;
	} v[] = {
		{ "ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z", "a GitHub token" },
		{ "gho_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z", "a GitHub token" },
		{ "ghu_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z", "a GitHub token" },
		{ "ghs_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z", "a GitHub token" },
		{ "ghr_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z", "a GitHub token" },
		{ "github_pat_11AB3dE5fG7hJ9kL1mN3pQ5", "a GitHub token" },
		{ "glpat-aB3dE5fG7hJ9kL1mN3pQ5", "a GitLab token" },
		{ "xoxb-1234567890-abcdef", "a Slack token" },
		{ "xoxp-1234567890-abcdef", "a Slack token" },
		{ "sk_live_4eC39HqLyjWDarjtT1zdp7dc", "a Stripe key" },
		{ "rk_live_4eC39HqLyjWDarjtT1zdp7dc", "a Stripe key" },
		{ "AIzaSyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q", "a Google API key" },
		{ "npm_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5b", "an npm token" },
		{ "AKIAIOSFODNN7EXAMPLE", "an AWS access key id" },
		{ "ASIAIOSFODNN7EXAMPLE", "an AWS access key id" },
	};
	static const char *const before[] = { "", "token ", "x_", "a-", "--token=", "A" };
	static const char *const none[] = {
		"ghp_short", "glpat-short", "xoxb-1", "sk_live_short", "npm_short",
		"AKIAIOSFODNN7EXAMPL", "XAKIAIOSFODNN7EXAMPLE", "AKIAIOSFODNN7EXAMPLEX",
		"apt-get install -y --no-install-recommends ca-certificates",
		"https://example.com/path", "-----BEGIN PUBLIC KEY-----", "",
	};
	struct cca_secret_hit h;

	(void)state;
	for (size_t i = 0; i < CCA_ARRAY_SIZE(v); i++)
		for (size_t b = 0; b < CCA_ARRAY_SIZE(before); b++) {
			char *text = cca_xasprintf("%s%s end", before[b], v[i].secret);

			if (b == 5) {   /* "A": inside a word, it is no token */
				if (cca_secret_find(text, &h))
					fail_msg("'%s' taken for %s", text, h.kind);
			} else {
				if (!cca_secret_find(text, &h))
					fail_msg("no secret found in '%s'", text);
				assert_string_equal(h.kind, v[i].kind);
				assert_int_equal(h.off, strlen(before[b]));
				assert_true(h.len >= 10 && h.len <= strlen(v[i].secret));
			}
			free(text);
		}
	assert_true(cca_secret_find("git clone https://bob:s3cr3t@git.example.com/x", &h));
	assert_string_equal(h.kind, "a password in a URL");
	/* The shortest secret there is, and nothing shorter (every proper
	 * prefix and suffix of it, and of each format above, is no secret). */
	assert_int_equal(strlen("://u:p@"), CCA_SECRET_MIN_LEN);
	assert_true(cca_secret_find("://u:p@", &h));
	for (size_t i = 0; i < CCA_ARRAY_SIZE(v); i++)
		for (size_t n = 0; n < CCA_SECRET_MIN_LEN && n <= strlen(v[i].secret); n++) {
			char *head = cca_xstrndup(v[i].secret, n);

			assert_false(cca_secret_find(head, &h));
			assert_false(cca_secret_find(v[i].secret + strlen(v[i].secret) - n, &h));
			free(head);
		}
	for (size_t n = 0; n < CCA_SECRET_MIN_LEN; n++) {
		char *head = cca_xstrndup("://u:p@", n);

		assert_false(cca_secret_find(head, &h));
		assert_false(cca_secret_find("://u:p@" + CCA_SECRET_MIN_LEN - n, &h));
		free(head);
	}
	assert_true(cca_secret_find("k=-----BEGIN RSA PRIVATE KEY-----\nMIIE\n", &h));
	assert_string_equal(h.kind, "a private key");
	assert_int_equal(h.off, 2);
	for (size_t i = 0; i < CCA_ARRAY_SIZE(none); i++)
		if (cca_secret_find(none[i], &h))
			fail_msg("'%s' taken for %s", none[i], h.kind);
}

/* Every check is found by its id, and nothing else is: ids before the
 * first, after the last, between two and prefixes of one. */
static void test_check_find(void **state)
{
	(void)state;
	for (size_t i = 0; i < cca_check_count(); i++) {
		const struct cca_check *c = cca_check_at(i), *f;
		char *shorter = cca_xstrndup(c->id, strlen(c->id) - 1);
		char *longer = cca_xasprintf("%s~", c->id);

		assert_ptr_equal(cca_check_find(c->id), c);
		f = cca_check_find(shorter);   /* another check's id, or none */
		assert_true(!f || strcmp(f->id, shorter) == 0);
		assert_null(cca_check_find(longer));
		free(shorter);
		free(longer);
	}
	assert_null(cca_check_find(""));
	assert_null(cca_check_find("!"));
	assert_null(cca_check_find("~"));
}

/*
 * Every dockerfile check has a rule of the same id that binds it, and at
 * least two fixtures where it reports and two where it passes (pass or
 * notapplicable); every fixture file is used.
 */
static void test_every_check_has_fixtures(void **state)
{
	static const char *const kinds[] = { CCA_KIND_DOCKERFILE, NULL };

	(void)state;
	assert_int_equal(ts_check_fixture_counts(kinds, rows, CCA_ARRAY_SIZE(rows), NULL),
			 30);
}

/* Informational rules are severity info; the others are not. */
static void test_informational_rules_are_info(void **state)
{
	(void)state;
	ts_check_severities(rows, CCA_ARRAY_SIZE(rows));
}

/* The manual rules these checks decide are retired, and their controls
 * are still reached. */
static void test_retired_manual_rules(void **state)
{
	static const char *const retired[] = { "manual.uc-B1", "manual.uc-B2", "manual.uc-B3",
					       "manual.csvs-3.6", "manual.csvs-3.11" };
	static const char *const controls[] = { "uc-B1", "uc-B2", "uc-B3", "csvs-3.6", "csvs-3.11" };

	(void)state;
	for (size_t k = 0; k < CCA_ARRAY_SIZE(retired); k++) {
		long c = cca_catalog_find_control(ts_cat, controls[k]);

		assert_int_equal(cca_catalog_find_rule(ts_cat, retired[k]), -1);
		assert_true(c >= 0);
		assert_true(cca_catalog_control(ts_cat, (size_t)c)->nrules > 0);
	}
	assert_true(cca_catalog_find_rule(ts_cat, "manual.uc-B5") >= 0);
	assert_true(cca_catalog_find_rule(ts_cat, "manual.csvs-3.1") >= 0);
}

/* The official-image list of the catalog has the 144 names. */
static void test_official_list(void **state)
{
	const struct cca_rule *r = cca_catalog_rule(ts_cat, ts_rule_index("dockerfile.from-untrusted"));
	const char *v = cca_rule_param(r, "official");
	unsigned n = 0;

	(void)state;
	assert_non_null(v);
	for (const char *p = v; *p;) {
		while (*p == ' ')
			p++;
		if (*p)
			n++;
		while (*p && *p != ' ')
			p++;
	}
	assert_int_equal(n, 144);
	assert_non_null(strstr(v, "debian"));
	assert_non_null(strstr(v, "hello-world"));
}

/* ---- secrets are masked ------------------------------------------------------ */

static void test_secrets_masked(void **state)
{
	static const struct {
		const char *fixture, *rule;
		const char *secrets[3];
	} cases[] = {
		{ "env-password-fires.Dockerfile", "dockerfile.secret-value",
		  { "Sup3rS3cretPassw0rd", "S3cret", NULL } },
		{ "env-legacy-api-key-fires.Dockerfile", "dockerfile.secret-value",
		  { "4eC39HqLyjWDarjtT1zdp7dc", "sk_test_4", NULL } },
		{ "env-aws-key-id-fires.Dockerfile", "dockerfile.secret-value",
		  { "AKIAIOSFODNN7EXAMPLE", "IOSFODNN", NULL } },
		{ "arg-token-default-fires.Dockerfile", "dockerfile.secret-value",
		  { "Xy7Qw2Er9Ty4Ui8Op1As5Df3Gh6Jk0Lz2Xc4V", NULL, NULL } },
		{ "label-url-credentials-fires.Dockerfile", "dockerfile.secret-value",
		  { "hunter2", NULL, NULL } },
		{ "env-private-key-fires.Dockerfile", "dockerfile.secret-value",
		  { "MIIEowIBAAKCAQEA7bq98nH2wLs0aK", "PRIVATE KEY", NULL } },
		{ "run-curl-user-password-fires.Dockerfile", "dockerfile.secret-in-run",
		  { "Tr0ub4dor3xyz", NULL, NULL } },
		{ "run-echo-password-pipe-fires.Dockerfile", "dockerfile.secret-in-run",
		  { "hunter2", "Very5ecretT0ken", NULL } },
		{ "run-exported-token-fires.Dockerfile", "dockerfile.secret-in-run",
		  { "f3a9c2e1b7d84e6a9c0b", "aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789", NULL } },
		{ "run-heredoc-private-key-fires.Dockerfile", "dockerfile.secret-in-run",
		  { "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ", "PRIVATE KEY", NULL } },
		{ "add-git-fires.Dockerfile", "dockerfile.add-url", { "s3cretPassw0rd", NULL, NULL } },
	};

	(void)state;
	for (size_t k = 0; k < CCA_ARRAY_SIZE(cases); k++) {
		struct ts_audit a;
		const struct cca_rule_result *r;

		audit_open(&a, cases[k].fixture, NULL, NULL);
		r = ts_result_of(&a, cases[k].rule);
		assert_int_equal(r->status, CCA_FAIL);
		for (size_t s = 0; s < 3 && cases[k].secrets[s]; s++)
			ts_assert_never_shown(&a, cases[k].fixture, cases[k].secrets[s]);
		if (strcmp(cases[k].rule, "dockerfile.add-url") != 0 &&
		    !ts_finding_says(&a, cases[k].rule, "***"))
			fail_msg("%s: the message shows no masked value: %s", cases[k].fixture,
				 r->message);
		ts_audit_close(&a);
	}
}

/* ---- stages -------------------------------------------------------------------- */

/* The builder runs as root with compilers, sudo, chmod 777 and sshd; the
 * final stage is clean: no runtime rule fails. */
static void test_multistage_judges_final_stage(void **state)
{
	static const char *const clean[] = {
		"dockerfile.user-root", "dockerfile.user-dedicated", "dockerfile.healthcheck",
		"dockerfile.sudo", "dockerfile.world-writable", "dockerfile.setuid",
		"dockerfile.remote-access", "dockerfile.oci-labels", "dockerfile.package-cache",
		"dockerfile.apt-recommends", "dockerfile.final-stage-tools",
		"dockerfile.user-back-to-root",
	};
	struct ts_audit a;

	(void)state;
	audit_open(&a, "multistage-root-builder-clean-final.Dockerfile", NULL, NULL);
	for (size_t k = 0; k < CCA_ARRAY_SIZE(clean); k++) {
		const struct cca_rule_result *r = ts_result_of(&a, clean[k]);

		if (r->status != CCA_PASS)
			fail_msg("%s is %s: %s", clean[k], cca_status_name(r->status), r->message);
	}
	/* build-time checks still see the builder */
	assert_int_equal(ts_result_of(&a, "dockerfile.update-without-install")->status, CCA_PASS);
	assert_int_equal(ts_result_of(&a, "dockerfile.from-untrusted")->status, CCA_FAIL);
	ts_audit_close(&a);
}

/* The same file audited with --target build: the builder is the image. */
static void test_target_stage_is_judged(void **state)
{
	struct ts_audit a;
	char lines[64];

	(void)state;
	audit_open(&a, "multistage-root-builder-clean-final.Dockerfile", "build", NULL);
	assert_int_equal(ts_result_of(&a, "dockerfile.user-root")->status, CCA_FAIL);
	assert_string_equal(ts_finding_lines(&a, "dockerfile.user-root", lines, sizeof lines), "2");
	assert_int_equal(ts_result_of(&a, "dockerfile.sudo")->status, CCA_FAIL);
	assert_string_equal(ts_finding_lines(&a, "dockerfile.sudo", lines, sizeof lines), "3 4");
	assert_int_equal(ts_result_of(&a, "dockerfile.world-writable")->status, CCA_FAIL);
	assert_int_equal(ts_result_of(&a, "dockerfile.setuid")->status, CCA_FAIL);
	assert_int_equal(ts_result_of(&a, "dockerfile.remote-access")->status, CCA_FAIL);
	assert_int_equal(ts_result_of(&a, "dockerfile.healthcheck")->status, CCA_FAIL);
	assert_int_equal(ts_result_of(&a, "dockerfile.package-cache")->status, CCA_FAIL);
	/* a single stage in the image: nothing to move tools out of */
	assert_int_equal(ts_result_of(&a, "dockerfile.final-stage-tools")->status,
			 CCA_NOTAPPLICABLE);
	ts_audit_close(&a);
}

/* The target stage builds FROM an earlier stage that set USER, HEALTHCHECK
 * and LABEL: all inherited. */
static void test_stage_inherits_configuration(void **state)
{
	struct ts_audit a;

	(void)state;
	audit_open(&a, "stage-inherits-user-passes.Dockerfile", NULL, NULL);
	assert_int_equal(ts_result_of(&a, "dockerfile.user-root")->status, CCA_PASS);
	assert_int_equal(ts_result_of(&a, "dockerfile.user-dedicated")->status, CCA_PASS);
	assert_int_equal(ts_result_of(&a, "dockerfile.healthcheck")->status, CCA_PASS);
	assert_int_equal(ts_result_of(&a, "dockerfile.oci-labels")->status, CCA_PASS);
	/* every stage is part of the image: not a build/runtime split */
	assert_int_equal(ts_result_of(&a, "dockerfile.final-stage-tools")->status,
			 CCA_NOTAPPLICABLE);
	ts_audit_close(&a);
}

/* A well-built image: every Dockerfile rule passes (final-stage-tools too:
 * the final stage runs no compiler and no package manager). */
static void test_clean_image_passes_everything(void **state)
{
	struct ts_audit a;
	size_t n = 0;

	(void)state;
	audit_open(&a, "clean-image-passes.Dockerfile", NULL, NULL);
	for (size_t r = 0; r < cca_catalog_nrules(ts_cat); r++) {
		const struct cca_rule *rule = cca_catalog_rule(ts_cat, r);
		const struct cca_rule_result *res = cca_eval_rule(a.ev, r);

		if (rule->manual || strncmp(rule->id, "dockerfile.", 11) != 0)
			continue;
		n++;
		if (res->status != CCA_PASS)
			fail_msg("%s is %s: %s", rule->id, cca_status_name(res->status), res->message);
	}
	assert_int_equal(n, 30);
	ts_audit_close(&a);
}

/* ---- parameters ------------------------------------------------------------------ */

static void test_trusted_list_parameter(void **state)
{
	struct cca_profile *p;
	struct cca_error err;
	struct ts_audit a;

	(void)state;
	/* default: ghcr.io/acme is not trusted (a row of the table) */
	p = cca_profile_new(ts_cat, "all", &err);
	assert_non_null(p);
	assert_int_equal(cca_profile_set_param(p, "dockerfile.from-untrusted", "trusted",
					       "bitnami ghcr.io/acme/", &err), 0);
	audit_open(&a, "from-trusted-registry.Dockerfile", NULL, p);
	assert_int_equal(ts_result_of(&a, "dockerfile.from-untrusted")->status, CCA_PASS);
	ts_audit_close(&a);
	/* a namespace prefix is not a prefix of another namespace */
	assert_int_equal(cca_profile_set_param(p, "dockerfile.from-untrusted", "trusted",
					       "ghcr.io/ac quay.io", &err), 0);
	audit_open(&a, "from-trusted-registry.Dockerfile", NULL, p);
	assert_int_equal(ts_result_of(&a, "dockerfile.from-untrusted")->status, CCA_FAIL);
	ts_audit_close(&a);
	/* an image name as written in FROM, and a Hub namespace */
	assert_int_equal(cca_profile_set_param(p, "dockerfile.from-untrusted", "trusted",
					       "someuser quay.io/acme/app-base", &err), 0);
	audit_open(&a, "from-untrusted-hub-user-fires.Dockerfile", NULL, p);
	assert_int_equal(ts_result_of(&a, "dockerfile.from-untrusted")->status, CCA_PASS);
	ts_audit_close(&a);
	audit_open(&a, "from-untrusted-registry-fires.Dockerfile", NULL, p);
	assert_int_equal(ts_result_of(&a, "dockerfile.from-untrusted")->status, CCA_PASS);
	ts_audit_close(&a);
	cca_profile_free(p);
}

static void test_management_ports_parameter(void **state)
{
	struct cca_profile *p;
	struct cca_error err;
	struct ts_audit a;

	(void)state;
	p = cca_profile_new(ts_cat, "all", &err);
	assert_non_null(p);
	assert_int_equal(cca_profile_set_param(p, "dockerfile.expose-management", "ports", "443",
					       &err), 0);
	audit_open(&a, "expose-web-ports.Dockerfile", NULL, p);
	assert_int_equal(ts_result_of(&a, "dockerfile.expose-management")->status, CCA_FAIL);
	assert_true(ts_finding_says(&a, "dockerfile.expose-management", "port 443"));
	ts_audit_close(&a);
	cca_profile_free(p);
}

/* ---- suppressions apply to the instruction's line ----------------------------- */

static void test_suppression_on_reported_line(void **state)
{
	struct ts_audit a;
	const struct cca_rule_result *r;

	(void)state;
	audit_open(&a, "suppressed-user-root.Dockerfile", NULL, NULL);
	r = ts_result_of(&a, "dockerfile.user-root");
	assert_int_equal(r->status, CCA_PASS);
	assert_int_equal(r->observed, CCA_FAIL);
	assert_true(r->waived);
	/* the other finding of the same file is not suppressed */
	assert_int_equal(ts_result_of(&a, "dockerfile.healthcheck")->status, CCA_FAIL);
	ts_audit_close(&a);
}

/* ---- robustness ------------------------------------------------------------------- */

/*
 * Each Dockerfile is read just before its checks and its parse let go just
 * after them, on one thread or three; what the report and the signature
 * policy use stays (hash, stage, base images), and the findings are the
 * same.
 */
static void test_parse_released_after_checks(void **state)
{
	static const struct {
		const char *fixture;
		const char *bases;
	} files[] = {
		{ "from-arg-expanded-official.Dockerfile", "debian:12" },
		{ "from-scratch-and-stage-passes.Dockerfile",
		  "golang:1.22.5@sha256:2f1d0ab4e4b1b3e9c5a7f2a7d9c0b8e6a5f4e3d2c1b0a9f8e7d6c5b4a3928170" },
		{ "from-untrusted-builder-stage-fires.Dockerfile",
		  "evilcorp/builder:2.0@sha256:2f1d0ab4e4b1b3e9c5a7f2a7d9c0b8e6a5f4e3d2c1b0a9f8e7d6c5b4a3928170 "
		  "debian:12-slim@sha256:2f1d0ab4e4b1b3e9c5a7f2a7d9c0b8e6a5f4e3d2c1b0a9f8e7d6c5b4a3928170" },
	};
	static const unsigned jobs[] = { 1, 3 };
	char *fingerprints[2] = { NULL, NULL };

	(void)state;
	for (size_t j = 0; j < CCA_ARRAY_SIZE(jobs); j++) {
		struct cca_evidence *evidence = cca_evidence_new();
		struct cca_eval *ev = cca_eval_new(ts_cat, ts_all);
		struct cca_buf fp;

		for (size_t i = 0; i < CCA_ARRAY_SIZE(files); i++) {
			char *rel = cca_xasprintf("dockerfile-checks/%s", files[i].fixture);
			char *path = ts_path("CCA_FIXTURES", "tests/fixtures", rel);

			cca_evidence_add_dockerfile(evidence, path, NULL);
			/* Not read yet: a kind and a path, nothing else. */
			assert_null(cca_evidence_peek(evidence, i)->dockerfile);
			assert_string_equal(cca_evidence_peek(evidence, i)->sha256, "");
			free(rel);
			free(path);
		}
		cca_eval_set_jobs(ev, jobs[j]);
		cca_eval_run_checks(ev, evidence, "t");
		for (size_t i = 0; i < CCA_ARRAY_SIZE(files); i++) {
			const struct cca_evidence_item *it = cca_evidence_peek(evidence, i);
			struct cca_buf b;

			assert_null(it->dockerfile);
			assert_null(it->error);
			assert_int_equal(strlen(it->sha256), 64);
			assert_true(it->stage >= 0);
			cca_buf_init(&b);
			for (size_t k = 0; k < it->nbase_images; k++)
				cca_buf_printf(&b, "%s%s", k ? " " : "", it->base_images[k]);
			assert_string_equal(b.data ? b.data : "", files[i].bases);
			cca_buf_release(&b);
		}
		cca_eval_finish(ev, 20000);
		assert_true(cca_eval_nfindings(ev) > 0);
		cca_buf_init(&fp);
		for (size_t f = 0; f < cca_eval_nfindings(ev); f++)
			cca_buf_printf(&fp, "%s\n", cca_eval_finding(ev, f)->fingerprint);
		fingerprints[j] = cca_buf_detach(&fp);
		cca_eval_free(ev);
		cca_evidence_free(evidence);
	}
	assert_string_equal(fingerprints[0], fingerprints[1]);
	free(fingerprints[0]);
	free(fingerprints[1]);
}

/* A large, hostile Dockerfile: long RUN chains, deep substitutions,
 * unterminated quotes, many stages and EXPOSE ranges.  Every check runs to
 * the end (and ASan/UBSan stay quiet in the sanitizer build). */
static void test_large_and_odd_input(void **state)
{
	char path[] = "/tmp/cca-test-checks-XXXXXX";
	int fd = mkstemp(path);
	FILE *f;
	struct cca_evidence *evidence;
	struct cca_eval *ev;

	(void)state;
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fprintf(f, "ARG B=debian:12\nFROM ${B} AS s0\nRUN ");
	for (int i = 0; i < 15000; i++)
		fprintf(f, "apt-get update && curl -u a:b%d https://x/%d | sh || ", i, i);
	fprintf(f, "true\nRUN echo \"unterminated $(echo `echo $(( 1 + 2 ))` \nRUN ");
	for (int i = 0; i < 2000; i++)
		fprintf(f, "a=b=c=d=");
	fprintf(f, "\nRUN echo -----BEGIN -----BEGIN -----BEGIN ghp_ghp_ghp_ghp_\n");
	for (int i = 1; i < 200; i++)
		fprintf(f, "FROM s%d AS s%d\nUSER root\nEXPOSE 1-65535 $P %d\nRUN chmod 4777 /x\n",
			i - 1, i, i);
	fprintf(f, "RUN bash -c 'sh -c \"sh -c \\\"sh -c x\\\"\"'\n");
	fclose(f);
	evidence = cca_evidence_new();
	cca_evidence_add_dockerfile(evidence, path, NULL);
	assert_null(cca_evidence_item(evidence, 0)->error);
	ev = cca_eval_new(ts_cat, ts_all);
	cca_eval_run_checks(ev, evidence, "t");
	cca_eval_finish(ev, TS_TODAY);
	assert_int_equal(cca_eval_rule(ev, ts_rule_index("dockerfile.pipe-to-shell"))->status,
			 CCA_FAIL);
	assert_int_equal(cca_eval_rule(ev, ts_rule_index("dockerfile.expose-management"))->status,
			 CCA_FAIL);
	cca_eval_free(ev);
	cca_evidence_free(evidence);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_from_untrusted),
		cmocka_unit_test(test_from_not_pinned),
		cmocka_unit_test(test_from_latest),
		cmocka_unit_test(test_dockerignore),
		cmocka_unit_test(test_apt_recommends),
		cmocka_unit_test(test_package_cache),
		cmocka_unit_test(test_final_stage_tools),
		cmocka_unit_test(test_update_without_install),
		cmocka_unit_test(test_add_url),
		cmocka_unit_test(test_add_local),
		cmocka_unit_test(test_add_archive),
		cmocka_unit_test(test_healthcheck),
		cmocka_unit_test(test_secret_value),
		cmocka_unit_test(test_secret_in_run),
		cmocka_unit_test(test_secret_file),
		cmocka_unit_test(test_user_root),
		cmocka_unit_test(test_user_dedicated),
		cmocka_unit_test(test_sudo),
		cmocka_unit_test(test_world_writable),
		cmocka_unit_test(test_setuid),
		cmocka_unit_test(test_user_back_to_root),
		cmocka_unit_test(test_remote_access),
		cmocka_unit_test(test_expose_management),
		cmocka_unit_test(test_exposed_ports),
		cmocka_unit_test(test_oci_labels),
		cmocka_unit_test(test_pipe_to_shell),
		cmocka_unit_test(test_download_unverified),
		cmocka_unit_test(test_run_insecure),
		cmocka_unit_test(test_run_network_host),
		cmocka_unit_test(test_maintainer),
		cmocka_unit_test(test_every_check_has_fixtures),
		cmocka_unit_test(test_informational_rules_are_info),
		cmocka_unit_test(test_retired_manual_rules),
		cmocka_unit_test(test_official_list),
		cmocka_unit_test(test_secrets_masked),
		cmocka_unit_test(test_multistage_judges_final_stage),
		cmocka_unit_test(test_target_stage_is_judged),
		cmocka_unit_test(test_stage_inherits_configuration),
		cmocka_unit_test(test_clean_image_passes_everything),
		cmocka_unit_test(test_trusted_list_parameter),
		cmocka_unit_test(test_management_ports_parameter),
		cmocka_unit_test(test_suppression_on_reported_line),
		cmocka_unit_test(test_large_and_odd_input),
		cmocka_unit_test(test_parse_released_after_checks),
		cmocka_unit_test(test_check_find),
		cmocka_unit_test(test_secret_formats),
	};

	return cmocka_run_group_tests_name("checks-dockerfile", tests, ts_load_shipped,
					   ts_free_shipped);
}
