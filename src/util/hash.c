/* hash.c - SHA-256 through OpenSSL's libcrypto; see util.h. */
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>

#include "ccaudit/util.h"

void cca_sha256_hex(const void *data, size_t len, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	/* Fetched and allocated once: per call they cost more than hashing
	 * the short strings most callers pass (finding fingerprints). */
	static EVP_MD *sha256;
	static EVP_MD_CTX *ctx;
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;

	if (!sha256)
		sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
	if (!ctx)
		ctx = EVP_MD_CTX_new();
	if (!sha256 || !ctx || !EVP_DigestInit_ex2(ctx, sha256, NULL) ||
	    !EVP_DigestUpdate(ctx, data, len) ||
	    !EVP_DigestFinal_ex(ctx, md, &mdlen) || mdlen != 32) {
		fputs("ccaudit: internal error: SHA-256 failed\n", stderr);
		exit(CCA_EXIT_INTERNAL);
	}
	for (unsigned i = 0; i < 32; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[64] = '\0';
}
