// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vigild's command line: keepalived's flags where they exist, with the same
 * meaning, plus vigil's own long options. See vigild(8).
 */
#include "config.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <unistd.h>

#include "core/parent/vigild.h"

enum {
	OPT_STRICT = 0x100,
	OPT_RUNTIME,
	OPT_SOCKET,
	OPT_DEBUG,
	OPT_NO_SYSLOG,
	OPT_SYNC_PID,
	OPT_CHILD,
	OPT_IPC_FD,
};

static const struct option longopts[] = {
	{"use-file", required_argument, NULL, 'f'},
	{"dont-fork", no_argument, NULL, 'n'},
	{"log-console", no_argument, NULL, 'l'},
	{"log-detail", no_argument, NULL, 'D'},
	{"log-facility", required_argument, NULL, 'S'},
	{"config-test", optional_argument, NULL, 't'},
	{"config-id", required_argument, NULL, 'i'},
	{"vrrp", no_argument, NULL, 'P'},
	{"check", no_argument, NULL, 'C'},
	{"pid", required_argument, NULL, 'p'},
	{"vrrp_pid", required_argument, NULL, 'r'},
	{"checkers_pid", required_argument, NULL, 'c'},
	{"sync_pid", required_argument, NULL, OPT_SYNC_PID},
	{"version", no_argument, NULL, 'v'},
	{"help", no_argument, NULL, 'h'},
	{"strict", no_argument, NULL, OPT_STRICT},
	{"runtime-dir", required_argument, NULL, OPT_RUNTIME},
	{"control-socket", required_argument, NULL, OPT_SOCKET},
	{"debug", required_argument, NULL, OPT_DEBUG},
	{"no-syslog", no_argument, NULL, OPT_NO_SYSLOG},
	{"child", required_argument, NULL, OPT_CHILD},
	{"ipc-fd", required_argument, NULL, OPT_IPC_FD},
	{NULL, 0, NULL, 0},
};

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
		"  -i, --config-id ID         select @ID lines\n"
		"  -P, --vrrp                 run only the vrrp child\n"
		"  -C, --check                run only the check child\n"
		"  -p, --pid FILE             parent pid file\n"
		"  -r, --vrrp_pid FILE        vrrp child pid file\n"
		"  -c, --checkers_pid FILE    check child pid file\n"
		"      --sync_pid FILE        accepted, no sync child yet\n"
		"      --strict               unsupported keywords are errors\n"
		"      --runtime-dir DIR      default " VIGIL_RUNTIME_DIR "\n"
		"      --control-socket PATH  default RUNTIME/vigil.sock\n"
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
	if (!strcmp(s, "check"))
		*p = PROC_CHECK;
	else if (!strcmp(s, "vrrp"))
		*p = PROC_VRRP;
	else
		return -1;
	return 0;
}

static void
defaults(struct vigild_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->log_flags = LOG_F_SYSLOG;
	o->log_facility = LOG_DAEMON;
	o->runtime_dir = VIGIL_RUNTIME_DIR;
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
	case 'P':
		o->only_vrrp = true;
		break;
	case 'C':
		o->only_check = true;
		break;
	case 'p':
		o->pid_file = arg;
		break;
	case 'r':
		o->vrrp_pid_file = arg;
		break;
	case 'c':
		o->check_pid_file = arg;
		break;
	case OPT_SYNC_PID:
		break;
	case OPT_STRICT:
		o->strict = true;
		break;
	case OPT_RUNTIME:
		o->runtime_dir = arg;
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
	default:
		snprintf(err, n, "unknown option");
		return -1;
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
	int ch;

	defaults(o);
	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":f:nlDS:t::i:PCp:r:c:vh",
				 longopts, NULL)) != -1) {
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
	if (o->only_vrrp && o->only_check) {
		snprintf(err, errlen, "-P and -C exclude each other");
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
