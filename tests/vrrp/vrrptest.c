// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * vrrptest: run the VRRP engine on a config in the current network
 * namespace, for the namespace scenarios and the benchmark.
 *
 *   vrrptest [-d] [-s STATUS] [-c COMMANDS] [-l LEDGER] CONFIG
 *
 * CONFIG is keepalived syntax (vigil.conf(5)) read as vigild's vrrp child
 * reads it: the config library parses and validates it (diagnostics on
 * stderr), vrrp_config_from_model() translates it. -d: debug logs of the
 * vrrp subsystem. -l: the ledger of owned addresses (vigild derives its
 * path from the runtime directory; none without -l).
 *
 * Logs go to stderr. SIGTERM/SIGINT: graceful stop (priority 0), waiting up
 * to 2 s for notify scripts, exit 0. SIGUSR1: status JSON to STATUS (also
 * written once at start-up, when the signals are ready). SIGHUP: reload
 * CONFIG. SIGUSR2: run the admin commands in COMMANDS
 * ("force NAME MASTER|BACKUP|FAULT|NONE").
 *
 * Scripts (notify, vrrp_script) run here with fork/exec and a timeout; in
 * vigild the parent runs them.
 */
#include "config.h"

#include <errno.h>
#include <json-c/json.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/runtime/cmd_split.h"
#include "core/runtime/log.h"
#include "tests/conf/driver_conf.h"
#include "vrrp/vrrp.h"
#include "vrrp/vrrp_conf_model.h"
#include "vrrp/vrrp_notify.h"

/* What the command line gives; the config file has no place for these. */
struct vrrptest_opts {
	const char *status_file;
	const char *command_file;
	const char *ledger;
};

struct run {
	uint64_t id;
	struct ev_child child;
	struct ev_timer timeout;
	bool timed_out;
	struct vt *vt;
	struct run *next;
};

struct vt {
	struct ev_loop *loop;
	struct vrrp_engine *eng;
	const char *conf_path;
	struct vrrptest_opts o;
	struct ev_signal sig[5];
	struct run *runs;
	bool stopping;
};

static void
run_free(struct vt *vt, struct run *r)
{
	for (struct run **pp = &vt->runs; *pp; pp = &(*pp)->next)
		if (*pp == r) {
			*pp = r->next;
			break;
		}
	ev_timer_stop(vt->loop, &r->timeout);
	ev_child_stop(vt->loop, &r->child);
	free(r);
}

static void
child_done(struct ev_loop *loop, struct ev_child *c, int status, void *arg)
{
	struct run *r = arg;
	struct vt *vt = r->vt;
	uint64_t id = r->id;
	bool to = r->timed_out;

	(void)loop;
	(void)c;
	run_free(vt, r);
	vrrp_engine_script_done(vt->eng, id,
				to ? VRRP_SCRIPT_TIMEOUT : VRRP_SCRIPT_EXITED,
				status);
}

static void
child_timeout(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct run *r = arg;

	(void)loop;
	(void)t;
	r->timed_out = true;
	kill(r->child.pid, SIGKILL);
}

static void
exec_child(const char *cmd)
{
	char **argv;
	sigset_t none;
	int argc;

	/* The loop blocked signals for its signalfd: undo that for exec. */
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	argv = cmd_split(cmd, &argc);
	if (argv)
		execvp(argv[0], argv);
	_exit(127);
}

static int
run_script(void *arg, uint64_t id, const char *cmd, uint32_t timeout_ms)
{
	struct vt *vt = arg;
	struct run *r = calloc(1, sizeof(*r));
	pid_t pid;

	if (!r)
		return -1;
	pid = fork();
	if (pid < 0) {
		free(r);
		return -1;
	}
	if (pid == 0)
		exec_child(cmd);
	r->id = id;
	r->vt = vt;
	ev_child_init(&r->child, child_done, r);
	ev_timer_init(&r->timeout, child_timeout, r);
	if (ev_child_start(vt->loop, &r->child, pid) < 0) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		free(r);
		return -1;
	}
	ev_timer_start(vt->loop, &r->timeout, EV_MSEC(timeout_ms));
	r->next = vt->runs;
	vt->runs = r;
	return 0;
}

static void
transition(void *arg, const struct vrrp_transition *ev)
{
	(void)arg;
	log_debug(LOG_SUB_VRRP, "vrrptest %s=%s state=%s from=%s",
		  ev->group ? "group" : "instance", ev->name,
		  vrrp_state_str(ev->state), vrrp_state_str(ev->from));
}

static void
write_status(struct vt *vt)
{
	char tmp[PATH_MAX];
	json_object *o;

	if (!vt->o.status_file)
		return;
	o = vrrp_engine_status(vt->eng);
	snprintf(tmp, sizeof(tmp), "%s.tmp", vt->o.status_file);
	if (json_object_to_file_ext(tmp, o, JSON_C_TO_STRING_PRETTY) < 0 ||
	    rename(tmp, vt->o.status_file) < 0)
		log_err("vrrptest status=%s error=%s", vt->o.status_file,
			strerror(errno));
	json_object_put(o);
}

static void
admin(struct vt *vt)
{
	char line[256], name[VRRP_NAME_MAX], st[16];
	FILE *f = vt->o.command_file ? fopen(vt->o.command_file, "r") : NULL;
	enum vrrp_state s;

	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "force %63s %15s", name, st) == 2) {
			if (vrrp_state_parse(st, VRRP_INIT_AS_NONE, &s) < 0)
				s = VRRP_STATE_INIT; /* lift the override */
			if (vrrp_engine_force(vt->eng, name, s) < 0)
				log_err("vrrptest admin=%s error=no-instance",
					name);
		}
	fclose(f);
}

/* The config as vigild's vrrp child gets it. NULL with the first error. */
static struct vrrp_config *
load(const char *path, const char *ledger, char *err, size_t errlen)
{
	struct conf *c = driver_conf_load(path, err, errlen);
	struct vrrp_config *vc =
		c ? vrrp_config_from_model(c, ledger, err, errlen) : NULL;

	conf_free(c);
	return vc;
}

static void
reload(struct vt *vt)
{
	char err[512];
	struct vrrp_config *c =
		load(vt->conf_path, vt->o.ledger, err, sizeof(err));

	if (!c || vrrp_engine_reload(vt->eng, c, err, sizeof(err)) < 0)
		log_err("vrrptest reload=refused error=%s", err);
	vrrp_config_free(c);
}

static void
on_signal(struct ev_loop *loop, struct ev_signal *s, void *arg)
{
	struct vt *vt = arg;

	switch (s->signo) {
	case SIGUSR1:
		write_status(vt);
		break;
	case SIGUSR2:
		admin(vt);
		break;
	case SIGHUP:
		reload(vt);
		break;
	default:
		if (!vt->stopping) {
			vt->stopping = true;
			vrrp_engine_stop(vt->eng);
		}
		ev_break(loop);
		break;
	}
}

/* After the stop: let notify scripts (STOP) finish, for at most 2 s. */
static void
drain(struct vt *vt)
{
	ev_time_t until = ev_now_update(vt->loop) + EV_SEC(2);

	while ((!vrrp_engine_idle(vt->eng) || vt->runs) &&
	       ev_now_update(vt->loop) < until)
		ev_run_once(vt->loop, EV_MSEC(50));
	while (vt->runs) {
		kill(vt->runs->child.pid, SIGKILL);
		waitpid(vt->runs->child.pid, NULL, 0);
		run_free(vt, vt->runs);
	}
}

static int
setup(struct vt *vt, struct vrrp_config *c)
{
	static const int sigs[5] = {SIGTERM, SIGINT, SIGUSR1, SIGUSR2, SIGHUP};
	struct vrrp_engine_hooks hooks = {
		.transition = transition, .run_script = run_script, .arg = vt};
	char err[256];

	vt->loop = ev_loop_new();
	if (!vt->loop)
		return -1;
	for (int i = 0; i < 5; i++) {
		ev_signal_init(&vt->sig[i], on_signal, vt);
		ev_signal_start(vt->loop, &vt->sig[i], sigs[i]);
	}
	vt->eng = vrrp_engine_new(vt->loop, c, &hooks, err, sizeof(err));
	if (!vt->eng) {
		log_err("vrrptest config=%s error=%s", vt->conf_path, err);
		return -1;
	}
	if ((c->global.rt_priority || c->global.no_swap) &&
	    vrrp_realtime(c->global.rt_priority, c->global.rlimit_rttime,
			  c->global.no_swap) < 0)
		log_warn("vrrptest realtime=fail error=%s", strerror(errno));
	return vrrp_engine_start(vt->eng);
}

static int
usage(void)
{
	fprintf(stderr, "usage: vrrptest [-d] [-s STATUS] [-c COMMANDS] "
			"[-l LEDGER] CONFIG\n");
	return 2;
}

/* -d and the options; 0, or -1 on a bad command line. */
static int
options(struct vt *vt, int argc, char **argv)
{
	int ch;

	while ((ch = getopt(argc, argv, "ds:c:l:")) != -1)
		switch (ch) {
		case 'd':
			log_set_debug("vrrp");
			break;
		case 's':
			vt->o.status_file = optarg;
			break;
		case 'c':
			vt->o.command_file = optarg;
			break;
		case 'l':
			vt->o.ledger = optarg;
			break;
		default:
			return -1;
		}
	if (optind != argc - 1)
		return -1;
	vt->conf_path = argv[optind];
	return 0;
}

int
main(int argc, char **argv)
{
	struct vt vt = {0};
	struct vrrp_config *c;
	char err[512];
	sigset_t early;
	int ret;

	/* Until the loop's signalfd takes them, a SIGUSR1 from an eager test
	 * must wait, not kill us. */
	sigemptyset(&early);
	for (int i = 0; i < 5; i++)
		sigaddset(&early, (int[]){SIGTERM, SIGINT, SIGUSR1, SIGUSR2,
					  SIGHUP}[i]);
	sigprocmask(SIG_BLOCK, &early, NULL);
	log_init("vrrptest", LOG_DAEMON, LOG_F_STDERR);
	log_set_proc("vrrp");
	if (options(&vt, argc, argv) < 0)
		return usage();
	c = load(vt.conf_path, vt.o.ledger, err, sizeof(err));
	if (!c) {
		log_err("vrrptest config=%s error=%s", vt.conf_path, err);
		return 1;
	}
	ret = setup(&vt, c);
	vrrp_config_free(c);
	/* The first status file also tells a test we are up. */
	if (ret == 0)
		write_status(&vt);
	if (ret == 0)
		ret = ev_run(vt.loop);
	if (!vt.stopping && vt.eng)
		vrrp_engine_stop(vt.eng);
	if (vt.eng)
		drain(&vt);
	vrrp_engine_free(vt.eng);
	ev_loop_free(vt.loop);
	return ret == 0 ? 0 : 1;
}
