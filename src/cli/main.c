/* main.c - the ccaudit binary: everything else lives in libccaudit. */
#include "cli.h"

int main(int argc, char **argv)
{
	return cca_cli_main(argc, argv);
}
