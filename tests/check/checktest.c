// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * checktest: run the check engine on a config in the current network
 * namespace. A thin shell for tests and benchmarks:
 *
 *   checktest [-s STATUS] [-D] CONFIG
 *
 * CONFIG is keepalived syntax (vigil.conf(5)) read as vigild's check child
 * reads it: the config library parses and validates it (diagnostics on
 * stderr), chk_conf_from_model() translates it (check/xlate.h). A virtual
 * server goes by the name the child gives it ("tcp 10.0.0.1:80", "fwmark
 * 3", "fwmark 4 inet6").
 *
 * Transitions are logged to stderr (as vigild logs them); events are
 * printed on stdout, one line each:
 *   event=rs-down vs=web rs=10.0.0.11:80 reason=connect-timeout after=3/3
 *     check=TCP_CHECK weight=1 pool=out t=12.345
 * SIGUSR1 writes the status JSON to STATUS (atomically), SIGHUP reloads
 * CONFIG, SIGTERM/SIGINT exit. Lines on stdin: "master VS", "backup VS"
 * (ha_suspend input; VS is the rest of the line), "status", "reload".
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check/engine.h"
#include "check/xlate.h"
#include "core/runtime/log.h"
#include "tests/check/runner.h"
#include "tests/conf/driver_conf.h"

struct app {
	struct ev_loop *loop;
	struct chk_engine *eng;
	struct runner *runner;
	const char *config;
	const char *status;
	ev_time_t t0;
	struct ev_signal sig_term, sig_int, sig_usr1, sig_hup;
	struct ev_io in;
	char line[256];
	size_t len;
};

static const char *const event_names[] = {
	[CHK_EV_RS_UP] = "rs-up",
	[CHK_EV_RS_DOWN] = "rs-down",
	[CHK_EV_RS_WEIGHT] = "rs-weight",
	[CHK_EV_QUORUM_UP] = "quorum-up",
	[CHK_EV_QUORUM_DOWN] = "quorum-down",
	[CHK_EV_SORRY_IN] = "sorry-in",
	[CHK_EV_SORRY_OUT] = "sorry-out",
	[CHK_EV_CHECK_UP] = "check-up",
	[CHK_EV_CHECK_DOWN] = "check-down",
};

static void
print_rs(const struct chk_event *ev)
{
	char why[48];

	printf(" rs=%s", ev->rs);
	if (ev->type != CHK_EV_RS_WEIGHT)
		printf(" reason=%s",
		       chk_reason_fmt(&ev->reason, why, sizeof(why)));
	if (ev->type == CHK_EV_RS_DOWN && ev->tries)
		printf(" after=%u/%u", ev->tries, ev->of);
	if (ev->check)
		printf(" check=%s", ev->check);
	if (ev->type == CHK_EV_RS_WEIGHT)
		printf(" was=%lld", (long long)ev->old_weight);
	printf(" weight=%lld pool=%s pool_weight=%lld", (long long)ev->weight,
	       ev->in_pool ? "in" : "out", (long long)ev->pool_weight);
	if (ev->reason.detail[0])
		printf(" detail=\"%s\"", ev->reason.detail);
}

static void
on_event(const struct chk_event *ev, void *arg)
{
	struct app *a = arg;

	printf("event=%s vs=%s", event_names[ev->type], ev->vs);
	switch (ev->type) {
	case CHK_EV_RS_UP:
	case CHK_EV_RS_DOWN:
	case CHK_EV_RS_WEIGHT:
	case CHK_EV_CHECK_UP:
	case CHK_EV_CHECK_DOWN:
		print_rs(ev);
		break;
	case CHK_EV_QUORUM_UP:
	case CHK_EV_QUORUM_DOWN:
		printf(" weight_sum=%lld threshold=%lld",
		       (long long)ev->weight_sum, (long long)ev->threshold);
		break;
	default:
		printf(" sorry=%s", ev->rs);
		break;
	}
	printf(" t=%.3f\n", (double)(ev->when - a->t0) / 1e6);
	fflush(stdout);
}

static void
write_status(struct app *a)
{
	char tmp[4096];
	json_object *st = chk_engine_status(a->eng);
	const char *text =
		json_object_to_json_string_ext(st, JSON_C_TO_STRING_PRETTY);
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", a->status);
	f = fopen(tmp, "we");
	if (f && fputs(text, f) >= 0 && fclose(f) == 0)
		rename(tmp, a->status);
	else if (f)
		fclose(f);
	json_object_put(st);
	printf("status written\n");
	fflush(stdout);
}

/* Diagnostics on stderr; NULL with the first error in err. */
static struct chk_conf *
load(const char *path, char *err, size_t errlen)
{
	struct conf *c = driver_conf_load(path, err, errlen);
	struct chk_conf *cc = c ? chk_conf_from_model(c, err, errlen) : NULL;

	conf_free(c);
	return cc;
}

static void
reload(struct app *a)
{
	char err[512];
	struct chk_conf *c = load(a->config, err, sizeof(err));

	if (c && chk_engine_reload(a->eng, c, err, sizeof(err)) == 0) {
		printf("reload ok\n");
	} else {
		printf("reload failed: %s\n", err);
	}
	fflush(stdout);
}

static void
command(struct app *a, char *line)
{
	if (!strncmp(line, "master ", 7) || !strncmp(line, "backup ", 7)) {
		bool m = line[0] == 'm';
		const char *vs = line + 7;

		printf("%s %s: %s\n", m ? "master" : "backup", vs,
		       chk_engine_set_master(a->eng, vs, m) ? "no such vs"
							    : "ok");
		fflush(stdout);
	} else if (!strcmp(line, "status") && a->status) {
		write_status(a);
	} else if (!strcmp(line, "reload")) {
		reload(a);
	}
}

static void
on_stdin(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct app *a = arg;
	ssize_t n =
		read(io->fd, a->line + a->len, sizeof(a->line) - 1 - a->len);
	char *nl;

	(void)revents;
	if (n <= 0) {
		if (n == 0 || errno != EAGAIN)
			ev_io_stop(loop, io);
		return;
	}
	a->len += (size_t)n;
	a->line[a->len] = '\0';
	while ((nl = strchr(a->line, '\n'))) {
		*nl = '\0';
		command(a, a->line);
		a->len -= (size_t)(nl + 1 - a->line);
		memmove(a->line, nl + 1, a->len + 1);
	}
	if (a->len == sizeof(a->line) - 1)
		a->len = 0; /* an overlong line: dropped */
}

static void
on_signal(struct ev_loop *loop, struct ev_signal *s, void *arg)
{
	struct app *a = arg;

	if (s->signo == SIGUSR1 && a->status)
		write_status(a);
	else if (s->signo == SIGHUP)
		reload(a);
	else if (s->signo == SIGTERM || s->signo == SIGINT)
		ev_break(loop);
}

static int
setup(struct app *a)
{
	struct ev_signal *sigs[] = {&a->sig_term, &a->sig_int, &a->sig_usr1,
				    &a->sig_hup};
	int signos[] = {SIGTERM, SIGINT, SIGUSR1, SIGHUP};

	for (int i = 0; i < 4; i++) {
		ev_signal_init(sigs[i], on_signal, a);
		if (ev_signal_start(a->loop, sigs[i], signos[i]) < 0)
			return -1;
	}
	fcntl(0, F_SETFL, fcntl(0, F_GETFL) | O_NONBLOCK);
	ev_io_init(&a->in, on_stdin, a);
	/* stdin may be /dev/null or a file, which epoll refuses: fine. */
	ev_io_start(a->loop, &a->in, 0, EV_READ);
	return 0;
}

static int
run(struct app *a)
{
	char err[512];
	struct chk_conf *c = load(a->config, err, sizeof(err));
	struct chk_engine_opts o = {0};

	if (!c) {
		fprintf(stderr, "checktest: %s\n", err);
		return 2;
	}
	o.loop = a->loop;
	o.on_event = on_event;
	o.event_arg = a;
	o.script = &runner_ops;
	o.script_arg = a->runner;
	a->eng = chk_engine_new(&o, c, err, sizeof(err));
	if (!a->eng) {
		fprintf(stderr, "checktest: %s\n", err);
		return 2;
	}
	a->t0 = ev_now(a->loop);
	chk_engine_start(a->eng);
	printf("ready\n");
	fflush(stdout);
	return ev_run(a->loop) < 0 ? 1 : 0;
}

int
main(int argc, char **argv)
{
	struct app a = {0};
	int opt, rc;

	while ((opt = getopt(argc, argv, "s:D")) != -1) {
		if (opt == 's')
			a.status = optarg;
		else if (opt == 'D')
			log_set_debug("check");
		else
			goto usage;
	}
	if (optind != argc - 1)
		goto usage;
	a.config = argv[optind];
	log_init("checktest", LOG_DAEMON, LOG_F_STDERR);
	log_set_proc("check");
	a.loop = ev_loop_new();
	if (!a.loop || !(a.runner = runner_new(a.loop)) || setup(&a) < 0) {
		perror("checktest");
		return 1;
	}
	rc = run(&a);
	chk_engine_free(a.eng);
	runner_free(a.runner);
	ev_loop_free(a.loop);
	return rc;
usage:
	fprintf(stderr, "usage: checktest [-s STATUS] [-D] CONFIG\n");
	return 2;
}
