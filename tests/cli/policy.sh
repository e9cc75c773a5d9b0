#!/bin/sh
# policy.sh - the containers signature policy as evidence: --policy FILE
# and discovery of containers/policy.json; policy.default on each fixture;
# policy.images-signed judging the images the audit saw (Dockerfile bases,
# compose services) through the scope that applies to each; registries.d
# sigstore attachments; files the containers library refuses.
. "$(dirname "$0")/lib.sh"

fx=$CCA_FIXTURES/policy

# status FILE RULE: the status of RULE in a JSON report.
status() {
	sed -n "/\"id\": \"$2\",/,/\"status\"/s/.*\"status\": \"\\([a-z]*\\)\".*/\\1/p" "$1" | head -n 1
}

for f in default-insecure-fires default-accept-twice-fires; do
	run ccaudit audit --policy "$fx/$f.json" --no-store -f json -o "$tmp/$f.json"
	expect_eq fail "$(status "$tmp/$f.json" policy.default)" "$f: policy.default fails"
done
for f in default-reject-passes default-signed-passes; do
	run ccaudit audit --policy "$fx/$f.json" --no-store -f json -o "$tmp/$f.json"
	expect_eq pass "$(status "$tmp/$f.json" policy.default)" "$f: policy.default passes"
done
expect_true "the failing default is located at its requirement" \
	grep -q -F "default-insecure-fires.json:2" "$tmp/default-insecure-fires.json"

# With no image in the audit, every docker scope is judged.
run ccaudit audit --policy "$fx/scope-accepts-anything.json" --no-store -f json -o "$tmp/scopes.json"
expect_eq fail "$(status "$tmp/scopes.json" policy.images-signed)" "a docker scope that accepts anything fails"
expect_true "the scope is named" grep -q -F "images from '*.example.net' are pulled unsigned" "$tmp/scopes.json"

# Discovery in a project: the policy judges the images the project uses.
run ccaudit audit "$fx/project" --no-store -f json -o "$tmp/project.json"
expect_eq 0 "$rc" "a project with etc/containers/policy.json is audited"
expect_true "containers/policy.json is discovered" grep -q -F '"kind": "signature-policy"' "$tmp/project.json"
expect_eq fail "$(status "$tmp/project.json" policy.images-signed)" "an image from a scope that accepts anything fails"
for m in "image 'python:3.12-slim' is pulled unsigned: docker.io accepts anything" \
	 "image 'registry.example.com/team/base:1.4' must be signed (registry.example.com/team)" \
	 "image 'mirror.example.net/redis:7' is pulled unsigned: *.example.net accepts anything"; do
	expect_true "finding: $m" grep -q -F "$m" "$tmp/project.json"
done

# registries.d: attachments are listed.
run ccaudit audit --policy "$fx/default-reject-passes.json" --registries-d "$fx/registries.d" \
	--no-store -f json -o "$tmp/att.json"
expect_eq informational "$(status "$tmp/att.json" policy.sigstore-attachments)" "sigstore attachments are listed"
expect_true "the registry using attachments is named" \
	grep -q -F "registry.example.com reads sigstore signatures attached in the registry" "$tmp/att.json"
mkdir -p "$tmp/beside"
cp "$fx/default-reject-passes.json" "$tmp/beside/policy.json"
cp -r "$fx/registries.d" "$tmp/beside/"
run ccaudit audit --policy "$tmp/beside/policy.json" --no-store -f json -o "$tmp/beside.json"
expect_true "the registries.d beside the policy is read by default" \
	grep -q -F "registry.example.com reads sigstore signatures" "$tmp/beside.json"
run ccaudit audit --policy "$fx/default-reject-passes.json" --registries-d "$tmp/none" --no-store
expect_stderr_contains "cannot read the registries.d directory"

# Files the containers library refuses: an error at their line; the audit goes on.
for f in no-default-rejected:1 unknown-type-rejected:5 signedby-two-keys-rejected:3 \
	 empty-requirements-rejected:2 truncated-rejected:2 invalid-utf8-rejected:1; do
	name=${f%%:*}
	line=${f##*:}
	run ccaudit audit --policy "$fx/$name.json" --dockerfile "$fx/project/Dockerfile" --no-store \
		-f json -o "$tmp/$name.json"
	expect_eq 0 "$rc" "$name: the audit completes"
	expect_stderr_contains "$name.json:$line"
	expect_eq error "$(status "$tmp/$name.json" policy.default)" "$name: the policy rules report error"
	expect_eq fail "$(status "$tmp/$name.json" dockerfile.from-not-pinned)" "$name: the Dockerfile is still judged"
done
head -c 2000000 /dev/zero | tr '\0' ' ' >"$tmp/huge.json"
run ccaudit audit --policy "$tmp/huge.json" --no-store
expect_stderr_contains "huge.json"
head -c 4096 /dev/urandom >"$tmp/binary.json"
run ccaudit audit --policy "$tmp/binary.json" --no-store
expect_eq 0 "$rc" "a binary file as the policy: the audit completes"
expect_stderr_contains "binary.json"

finish
