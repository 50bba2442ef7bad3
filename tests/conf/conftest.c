// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * conftest: check a keepalived/vigil config as `vigild -t` does.
 *
 *   conftest [-i ID] [--strict] [--no-iface] [-f] FILE   diagnostics, 0/5/4
 *   conftest --dump [-i ID] FILE                     the validated model
 *   conftest --snapshot [-i ID] FILE                 the preprocessed text
 *   conftest --keywords                              every keyword, status
 *
 * Exit: 0 the config is usable, 1 it is not, 2 usage.
 */
#include "config.h"

#include <getopt.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/conf/conf.h"

static bool
iface_exists(const char *name, void *arg)
{
	(void)arg;
	return if_nametoindex(name) != 0;
}

static void
print_kw(const char *block, const char *kw, enum conf_kw_status st,
	 bool deprecated, const char *replacement, void *arg)
{
	static const char *const names[] = {"active", "pending", "kept"};

	(void)arg;
	if (deprecated)
		printf("%s\t%s\tdeprecated\t%s\n", block[0] ? block : "(top)",
		       kw, replacement);
	else
		printf("%s\t%s\t%s\n", block[0] ? block : "(top)", kw,
		       names[st]);
}

static int
usage(void)
{
	fprintf(stderr,
		"usage: conftest [-i ID] [--strict] [--no-iface] "
		"[--dump|--snapshot] FILE\n       conftest --keywords\n");
	return 2;
}

static int
show(const char *path, const struct conf_opts *o, bool dump)
{
	struct conf_diags d;
	char *snap = NULL;
	size_t len = 0;
	struct conf *c;

	conf_diags_init(&d);
	c = conf_load(path, o, &d, &snap, &len);
	conf_diags_print(&d, stderr);
	if (c && dump)
		conf_dump(c, stdout);
	else if (snap)
		fwrite(snap, 1, len, stdout);
	free(snap);
	conf_free(c);
	conf_diags_free(&d);
	return c ? 0 : 1;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"config-id", required_argument, NULL, 'i'},
		{"strict", no_argument, NULL, 's'},
		{"no-iface", no_argument, NULL, 'n'},
		{"dump", no_argument, NULL, 'd'},
		{"snapshot", no_argument, NULL, 'S'},
		{"keywords", no_argument, NULL, 'k'},
		{NULL, 0, NULL, 0}};
	char id[256];
	struct conf_opts o = {.iface_exists = iface_exists};
	bool strict = false, dump = false, snapshot = false;
	const char *file = NULL;
	int ch;

	conf_default_config_id(id, sizeof(id));
	o.config_id = id;
	while ((ch = getopt_long(argc, argv, "i:f:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'i':
			o.config_id = optarg;
			break;
		case 'f':
			file = optarg;
			break;
		case 's':
			strict = true;
			break;
		case 'n':
			o.iface_exists = NULL;
			break;
		case 'd':
			dump = true;
			break;
		case 'S':
			snapshot = true;
			break;
		case 'k':
			conf_for_each_keyword(print_kw, NULL);
			return 0;
		default:
			return usage();
		}
	}
	if (!file && optind == argc - 1)
		file = argv[optind++];
	if (!file || optind != argc)
		return usage();
	if (dump || snapshot)
		return show(file, &o, dump);
	return (int)conf_test_file(file, &o, strict, stdout);
}
