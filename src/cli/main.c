/* main.c - the ccaudit binary: everything else lives in libccaudit. */
#include "cli.h"

int main(int argc, char **argv)
{
	/* The shipped catalog was validated and resolved when this binary was built. */
	cca_cli_use_catalog_image(&cca_shipped_catalog);
	return cca_cli_main(argc, argv);
}
