// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vigild's command line: keepalived's flags where they exist, with the same
 * meaning, plus vigil's own long options. See vigild(8).
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "core/parent/children.h"
#include "core/parent/vigild.h"

enum {
	OPT_STRICT = 0x100,
	OPT_ALL_ERRORS,
	OPT_RUNTIME,
	OPT_SOCKET,
	OPT_DEBUG,
	OPT_NO_SYSLOG,
	OPT_CHILD,
	OPT_IPC_FD,
	OPT_LOG_IDENT,
	OPT_ROW, /* row i of the children table: OPT_ROW + 3i, + 3i + 1, + 2 */
};

/* The parent's own options; each child's row adds its own (row_opts). */
static const struct option base_opts[] = {
	{"use-file", required_argument, NULL, 'f'},
	{"dont-fork", no_argument, NULL, 'n'},
	{"log-console", no_argument, NULL, 'l'},
	{"log-detail", no_argument, NULL, 'D'},
	{"log-facility", required_argument, NULL, 'S'},
	{"config-test", optional_argument, NULL, 't'},
	{"config-id", required_argument, NULL, 'i'},
	{"pid", required_argument, NULL, 'p'},
	{"namespace", required_argument, NULL, 's'},
	{"version", no_argument, NULL, 'v'},
	{"help", no_argument, NULL, 'h'},
	{"strict", no_argument, NULL, OPT_STRICT},
	{"all-errors", no_argument, NULL, OPT_ALL_ERRORS},
	{"runtime-dir", required_argument, NULL, OPT_RUNTIME},
	{"control-socket", required_argument, NULL, OPT_SOCKET},
	{"debug", required_argument, NULL, OPT_DEBUG},
	{"no-syslog", no_argument, NULL, OPT_NO_SYSLOG},
	{"child", required_argument, NULL, OPT_CHILD},
	{"ipc-fd", required_argument, NULL, OPT_IPC_FD},
	{"log-ident", required_argument, NULL, OPT_LOG_IDENT},
};
#define BASE_SHORT ":f:nlDS:t::i:p:s:vh"
#define NBASE (sizeof(base_opts) / sizeof(base_opts[0]))
/* Every row has its own proc, so there are fewer than PROC_MAX rows. */
#define NOPTS (NBASE + 3 * PROC_MAX + 1)

/* A row's "only" and pid-file options: its short letter, or a code of its
 * own when it has none. */
static int
only_code(size_t i)
{
	return vigild_children[i].only_opt ? vigild_children[i].only_opt
					   : OPT_ROW + 3 * (int)i;
}

static int
pid_code(size_t i)
{
	return vigild_children[i].pid_opt ? vigild_children[i].pid_opt
					  : OPT_ROW + 3 * (int)i + 1;
}

static int
no_code(size_t i)
{
	return vigild_children[i].no_opt ? vigild_children[i].no_opt
					 : OPT_ROW + 3 * (int)i + 2;
}

/* getopt_long's tables: the rows' options, then the parent's. */
static void
row_opts(struct option *lo, char *so, size_t solen)
{
	size_t n = 0, k = strlen(BASE_SHORT);

	memcpy(so, BASE_SHORT, k + 1);
	for (size_t i = 0; i < vigild_nchildren; i++) {
		const struct vigild_child *row = &vigild_children[i];

		if (row->only_long)
			lo[n++] = (struct option){row->only_long, no_argument,
						  NULL, only_code(i)};
		if (row->pid_long)
			lo[n++] = (struct option){row->pid_long,
						  required_argument, NULL,
						  pid_code(i)};
		if (row->no_long)
			lo[n++] = (struct option){row->no_long, no_argument,
						  NULL, no_code(i)};
		if (row->only_opt && k + 1 < solen)
			so[k++] = row->only_opt;
		if (row->no_opt && k + 1 < solen)
			so[k++] = row->no_opt;
		if (row->pid_opt && k + 2 < solen) {
			so[k++] = row->pid_opt;
			so[k++] = ':';
		}
	}
	so[k] = '\0';
	memcpy(lo + n, base_opts, sizeof(base_opts));
	memset(lo + n + NBASE, 0, sizeof(*lo));
}

/* One line of the help: "  -X, --long VAL", then what it does. */
static void
usage_line(FILE *out, char s, const char *l, const char *val, const char *desc)
{
	char left[64];

	if (s)
		snprintf(left, sizeof(left), "  -%c, --%s%s", s, l, val);
	else
		snprintf(left, sizeof(left), "      --%s%s", l, val);
	fprintf(out, "%-28s %s\n", left, desc);
}

/* The rows' lines: "only" flags (pid = false) or pid files. */
static void
usage_rows(FILE *out, bool pid)
{
	for (size_t i = 0; i < vigild_nchildren; i++) {
		const struct vigild_child *row = &vigild_children[i];
		char desc[64];

		if (pid && row->pid_long) {
			snprintf(desc, sizeof(desc), "%s child pid file",
				 row->name);
			usage_line(out, row->pid_opt, row->pid_long, " FILE",
				   desc);
		} else if (!pid && row->only_long) {
			snprintf(desc, sizeof(desc), "run only the %s child",
				 row->name);
			usage_line(out, row->only_opt, row->only_long, "",
				   desc);
		}
		if (!pid && row->no_long) {
			snprintf(desc, sizeof(desc), "do not run the %s child",
				 row->name);
			usage_line(out, row->no_opt, row->no_long, "", desc);
		}
	}
}

void
vigild_usage(FILE *out)
{
	fprintf(out,
		"usage: vigild [options]\n"
		"  -f, --use-file FILE        config file\n"
		"  -n, --dont-fork            stay in the foreground\n"
		"  -l, --log-console          log to stderr too\n"
		"  -D, --log-detail           debug output for everything\n"
		"  -S, --log-facility N       syslog facility local0..local7\n"
		"  -t, --config-test[=FILE]   check the config and exit\n"
		"  -i, --config-id ID         select @ID lines\n");
	usage_rows(out, false);
	fprintf(out, "  -p, --pid FILE             parent pid file\n"
		     "  -s, --namespace NAME       run in network namespace "
		     "NAME\n");
	usage_rows(out, true);
	fprintf(out,
		"      --strict               every warning is an error\n"
		"      --all-errors           -t prints every diagnostic\n"
		"      --runtime-dir DIR      default " VIGIL_RUNTIME_DIR "\n"
		"      --control-socket PATH  default "
		"RUNTIME/vigil[_INSTANCE].sock\n"
		"      --debug LIST           core,conf,ipc,check,vrrp,ipvs,"
		"sync,control,all\n"
		"      --no-syslog            do not log to syslog\n"
		"  -v, --version              print the version\n"
		"  -h, --help                 this help\n");
}

static int
parse_int(const char *s, long lo, long hi, int *out)
{
	char *end;
	long v;

	v = strtol(s, &end, 10);
	if (!*s || *end || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

static int
parse_child(const char *s, enum vigil_proc *p)
{
	const struct vigild_child *row = children_by_name(s);

	if (!row)
		return -1;
	*p = row->proc;
	return 0;
}

/* A row's option: "only this child", "not this child" or its pid file. */
static int
row_opt(struct vigild_opts *o, int ch, const char *arg, char *err, size_t n)
{
	for (size_t i = 0; i < vigild_nchildren; i++) {
		const struct vigild_child *row = &vigild_children[i];

		if (ch == pid_code(i)) {
			o->child_pid_file[row->proc] = arg;
			return 0;
		}
		if (ch == no_code(i)) {
			o->skip |= 1u << row->proc;
			return 0;
		}
		if (ch != only_code(i))
			continue;
		if (o->only != PROC_PARENT && o->only != row->proc) {
			snprintf(err, n,
				 "only %s and only %s exclude each other",
				 proc_name(o->only), row->name);
			return -1;
		}
		o->only = row->proc;
		return 0;
	}
	snprintf(err, n, "unknown option");
	return -1;
}

static void
defaults(struct vigild_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->log_flags = LOG_F_SYSLOG;
	o->log_facility = LOG_DAEMON;
	o->runtime_dir = VIGIL_RUNTIME_DIR;
	o->only = PROC_PARENT;
	o->child = PROC_PARENT;
	o->ipc_fd = -1;
}

/* One option; 0, or -1 with err set. */
static int
one_opt(struct vigild_opts *o, int ch, const char *arg, char *err, size_t n)
{
	int v;

	switch (ch) {
	case 'f':
		o->conf_file = arg;
		break;
	case 'n':
		o->dont_fork = true;
		break;
	case 'l':
		o->log_flags |= LOG_F_STDERR;
		break;
	case 'D':
		o->log_flags |= LOG_F_DETAIL;
		break;
	case 'S':
		if (parse_int(arg, 0, 7, &v) < 0)
			goto bad;
		o->log_facility = LOG_LOCAL0 + (v << 3);
		break;
	case 't':
		o->test = true;
		if (arg)
			o->conf_file = arg;
		break;
	case 'i':
		o->config_id = arg;
		break;
	case 'p':
		o->pid_file = arg;
		break;
	case OPT_STRICT:
		o->strict = true;
		break;
	case OPT_ALL_ERRORS:
		o->all_errors = true;
		break;
	case OPT_RUNTIME:
		o->runtime_dir = arg;
		o->runtime_dir_given = true;
		break;
	case 's':
		o->netns = arg;
		o->netns_given = true;
		break;
	case OPT_SOCKET:
		o->control_socket = arg;
		break;
	case OPT_DEBUG:
		if (log_set_debug(arg) < 0)
			goto bad;
		o->debug = arg;
		break;
	case OPT_NO_SYSLOG:
		o->log_flags &= ~LOG_F_SYSLOG;
		break;
	case OPT_CHILD:
		if (parse_child(arg, &o->child) < 0)
			goto bad;
		break;
	case OPT_IPC_FD:
		if (parse_int(arg, 0, 1 << 20, &o->ipc_fd) < 0)
			goto bad;
		break;
	case OPT_LOG_IDENT: /* a child's: the parent's (instance.c) */
		o->ident = arg;
		break;
	default:
		return row_opt(o, ch, arg, err, n);
	}
	return 0;
bad:
	snprintf(err, n, "bad value '%s'", arg);
	return -1;
}

enum vigild_args_result
vigild_parse_args(int argc, char **argv, struct vigild_opts *o, char *err,
		  size_t errlen)
{
	struct option longopts[NOPTS];
	char shortopts[64];
	int ch;

	defaults(o);
	row_opts(longopts, shortopts, sizeof(shortopts));
	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, shortopts, longopts, NULL)) !=
	       -1) {
		if (ch == 'v')
			return ARGS_VERSION;
		if (ch == 'h')
			return ARGS_HELP;
		if (ch == ':') {
			snprintf(err, errlen, "option needs a value");
			return ARGS_ERROR;
		}
		if (one_opt(o, ch, optarg, err, errlen) < 0)
			return ARGS_ERROR;
	}
	if (optind < argc) {
		snprintf(err, errlen, "unexpected argument '%s'", argv[optind]);
		return ARGS_ERROR;
	}
	if (o->child != PROC_PARENT && o->ipc_fd < 0) {
		snprintf(err, errlen, "--child needs --ipc-fd");
		return ARGS_ERROR;
	}
	return ARGS_RUN;
}

const char *
vigild_default_conf(int (*exists)(const char *path))
{
	if (!exists(VIGIL_DEFAULT_CONF) && exists(VIGIL_KEEPALIVED_CONF))
		return VIGIL_KEEPALIVED_CONF;
	return VIGIL_DEFAULT_CONF;
}
