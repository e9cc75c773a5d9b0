/* main.c - the ccaudit binary: everything else lives in libccaudit. */
#include "cli.h"

int main(int argc, char **argv)
{
	/* The shipped catalog was validated when this binary was built. */
	cca_cli_trust_catalog(cca_shipped_catalog_sha256);
	return cca_cli_main(argc, argv);
}
