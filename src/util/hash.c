/* hash.c - SHA-256 through OpenSSL's libcrypto; see util.h. */
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>

#include "ccaudit/util.h"

void cca_sha256_hex(const void *data, size_t len, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	static EVP_MD *sha256;  /* fetched once: a fetch per call costs more than the hash */
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;

	if (!sha256)
		sha256 = EVP_MD_fetch(NULL, "SHA256", NULL);
	if (!sha256 || !EVP_Digest(data, len, md, &mdlen, sha256, NULL) ||
	    mdlen != 32) {
		fputs("ccaudit: internal error: SHA-256 failed\n", stderr);
		exit(CCA_EXIT_INTERNAL);
	}
	for (unsigned i = 0; i < 32; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[64] = '\0';
}
