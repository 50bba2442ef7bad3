// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * check_bench: the checker at scale, in the current network namespace.
 *
 *   check_bench [-n N] [-t tcp|http|ssl] [-d DELAY] [-s SECONDS]
 *               [-a A.B] [-f graceful|reset]
 *
 * Builds one virtual server with N real servers A.B.x.y:80 (:443 for ssl),
 * each with one checker, runs the engine, and after a warm-up of two
 * intervals measures for SECONDS: checks run and failed, CPU (user +
 * system) per 1,000 checks, the lateness of run starts against their due
 * time, and resident memory per real server. With -f it runs the floor
 * instead: the same schedule of plain non-blocking connects closed
 * normally (graceful) or with a reset, no engine. Prints one JSON object.
 */
#include "config.h"

#include <errno.h>
#include <json-c/json.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check/engine.h"
#include "check/net.h"
#include "check/sched.h"
#include "core/runtime/log.h"

struct opts {
	size_t n;
	enum chk_type type;
	double delay;
	double seconds;
	const char *prefix;
	const char *floor; /* NULL: the engine */
};

struct snap {
	double cpu; /* seconds */
	uint64_t runs, failed;
	uint64_t hist[CHK_LATE_BUCKETS];
	long rss_kb;
	size_t heap; /* bytes allocated and not freed */
};

/* Heap in use: what the engine holds, not the high-water mark that RSS
 * keeps after a burst of connections in flight. */
static size_t
heap_used(void)
{
	return mallinfo2().uordblks;
}

static long
rss_kb(void)
{
	FILE *f = fopen("/proc/self/status", "re");
	char line[256];
	long kb = -1;

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "VmRSS: %ld", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb;
}

static double
cpu_seconds(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static void
target(const struct opts *o, size_t i, struct chk_addr *a)
{
	char ip[32];

	snprintf(ip, sizeof(ip), "%s.%zu.%zu", o->prefix, i / 250 + 1,
		 i % 250 + 1);
	chk_addr_parse(a, ip, o->type == CHK_SSL ? 443 : 80);
}

static struct chk_conf *
make_conf(const struct opts *o)
{
	struct chk_conf *c = chk_conf_new();
	struct chk_vs_conf *vs = chk_conf_add_vs(c, "bench");

	vs->knobs.delay_loop = (ev_time_t)(o->delay * 1e6);
	vs->knobs.connect_timeout = EV_SEC(2);
	vs->knobs.retry = 1;
	for (size_t i = 0; i < o->n; i++) {
		struct chk_addr a;
		struct chk_probe_conf *pc;

		target(o, i, &a);
		pc = chk_rs_add_check(chk_vs_add_rs(vs, &a), o->type);
		if (o->type == CHK_HTTP || o->type == CHK_SSL) {
			pc->u.http.max_body = CHK_DEFAULT_MAX_BODY;
			chk_url_add_status(chk_http_add_url(&pc->u.http, "/"),
					   200, 299);
		}
	}
	return c;
}

static void
run_for(struct ev_loop *loop, double seconds)
{
	ev_time_t end = ev_now_update(loop) + (ev_time_t)(seconds * 1e6);

	while (ev_now_update(loop) < end)
		ev_run_once(loop, end - ev_now(loop));
}

/* ---- the floor: plain connects on the same schedule ---- */

struct raw {
	const struct opts *o;
	struct ev_loop *loop;
	struct chk_target t;
	struct ev_timer timer;
	struct ev_io io;
	int fd;
	uint64_t *runs, *failed;
};

static void
raw_close(struct raw *r)
{
	ev_io_stop(r->loop, &r->io);
	if (!strcmp(r->o->floor, "reset"))
		chk_net_close_reset(r->fd);
	else
		close(r->fd);
	r->fd = -1;
}

static void
raw_ready(struct ev_loop *loop, struct ev_io *io, unsigned ev, void *arg)
{
	struct raw *r = arg;
	struct chk_result res;

	(void)loop;
	(void)io;
	(void)ev;
	(*r->runs)++;
	if (chk_net_connect_done(r->fd, &res) < 0)
		(*r->failed)++;
	raw_close(r);
}

static void
raw_fire(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct raw *r = arg;
	struct chk_result res;

	if (r->fd >= 0) { /* still connecting after a whole interval */
		(*r->runs)++;
		(*r->failed)++;
		raw_close(r);
	}
	r->fd = chk_net_socket(&r->t, SOCK_STREAM, 0, &res);
	if (r->fd >= 0 && chk_net_connect(r->fd, &r->t, &res) >= 0)
		ev_io_start(loop, &r->io, r->fd, EV_WRITE);
	else if (r->fd >= 0)
		raw_close(r);
	ev_timer_start(loop, t, (ev_time_t)(r->o->delay * 1e6));
}

static int
floor_run(const struct opts *o, struct ev_loop *loop, struct snap *a,
	  struct snap *b)
{
	struct raw *raws = calloc(o->n, sizeof(*raws));
	uint64_t runs = 0, failed = 0;

	if (!raws)
		return -1;
	for (size_t i = 0; i < o->n; i++) {
		struct raw *r = &raws[i];

		r->o = o;
		r->loop = loop;
		r->fd = -1;
		r->runs = &runs;
		r->failed = &failed;
		target(o, i, &r->t.connect_ip);
		ev_io_init(&r->io, raw_ready, r);
		ev_timer_init(&r->timer, raw_fire, r);
		ev_timer_start(
			loop, &r->timer,
			(ev_time_t)(o->delay * 1e6 * chk_spread_fraction(i)));
	}
	run_for(loop, 2 * o->delay);
	*a = (struct snap){.cpu = cpu_seconds(),
			   .runs = runs,
			   .failed = failed,
			   .rss_kb = rss_kb()};
	run_for(loop, o->seconds);
	*b = (struct snap){.cpu = cpu_seconds(),
			   .runs = runs,
			   .failed = failed,
			   .rss_kb = rss_kb()};
	for (size_t i = 0; i < o->n; i++) {
		ev_timer_stop(loop, &raws[i].timer);
		if (raws[i].fd >= 0)
			raw_close(&raws[i]);
	}
	free(raws);
	return 0;
}

/* ---- the engine ---- */

static void
engine_snap(struct chk_engine *e, struct snap *s)
{
	struct chk_engine_stats st;

	chk_engine_stats(e, &st);
	s->cpu = cpu_seconds();
	s->runs = st.runs;
	s->failed = st.failed;
	memcpy(s->hist, st.late_hist, sizeof(s->hist));
	s->rss_kb = rss_kb();
	s->heap = heap_used();
}

static int
engine_run(const struct opts *o, struct ev_loop *loop, struct snap *a,
	   struct snap *b, long *rss_base, size_t *heap_base)
{
	struct chk_engine_opts eo = {.loop = loop, .quiet = true};
	char err[256];
	struct chk_engine *e;

	*rss_base = rss_kb();
	*heap_base = heap_used();
	e = chk_engine_new(&eo, make_conf(o), err, sizeof(err));
	if (!e) {
		fprintf(stderr, "check_bench: %s\n", err);
		return -1;
	}
	chk_engine_start(e);
	run_for(loop, 2 * o->delay);
	engine_snap(e, a);
	run_for(loop, o->seconds);
	engine_snap(e, b);
	chk_engine_free(e);
	return 0;
}

static void
report(const struct opts *o, const struct snap *a, const struct snap *b,
       long rss_base, size_t heap_base)
{
	json_object *j = json_object_new_object(),
		    *h = json_object_new_object();
	uint64_t runs = b->runs - a->runs;
	double cpu = b->cpu - a->cpu;

	json_object_object_add(
		j, "mode",
		json_object_new_string(o->floor ? o->floor
						: chk_type_name(o->type)));
	json_object_object_add(j, "real_servers",
			       json_object_new_int64((int64_t)o->n));
	json_object_object_add(j, "delay_loop_s",
			       json_object_new_double(o->delay));
	json_object_object_add(j, "seconds",
			       json_object_new_double(o->seconds));
	json_object_object_add(j, "checks",
			       json_object_new_int64((int64_t)runs));
	json_object_object_add(j, "checks_per_s",
			       json_object_new_double(runs / o->seconds));
	json_object_object_add(j, "expected_per_s",
			       json_object_new_double(o->n / o->delay));
	json_object_object_add(
		j, "failed",
		json_object_new_int64((int64_t)(b->failed - a->failed)));
	json_object_object_add(j, "cpu_s", json_object_new_double(cpu));
	json_object_object_add(
		j, "cpu_ms_per_1000_checks",
		json_object_new_double(runs ? cpu * 1e6 / runs : 0));
	json_object_object_add(j, "rss_kb", json_object_new_int64(b->rss_kb));
	if (!o->floor) {
		json_object_object_add(
			j, "rss_bytes_per_rs",
			json_object_new_double((double)(b->rss_kb - rss_base) *
					       1024 / (double)o->n));
		json_object_object_add(
			j, "heap_bytes_per_rs",
			json_object_new_double((double)(b->heap - heap_base) /
					       (double)o->n));
		for (int i = 0; i < CHK_LATE_BUCKETS; i++) {
			char k[32];
			uint64_t n = b->hist[i] - a->hist[i];

			if (chk_late_bucket_us[i] == UINT64_MAX)
				snprintf(k, sizeof(k), "more");
			else
				snprintf(k, sizeof(k), "le_%lluus",
					 (unsigned long long)
						 chk_late_bucket_us[i]);
			json_object_object_add(
				h, k, json_object_new_int64((int64_t)n));
		}
		json_object_object_add(j, "lateness", h);
	} else {
		json_object_put(h);
	}
	printf("%s\n",
	       json_object_to_json_string_ext(j, JSON_C_TO_STRING_PLAIN));
	json_object_put(j);
}

int
main(int argc, char **argv)
{
	struct opts o = {.n = 5000,
			 .type = CHK_TCP,
			 .delay = 1,
			 .seconds = 20,
			 .prefix = "10.80"};
	struct snap a = {0}, b = {0};
	struct ev_loop *loop;
	struct rlimit nofile = {65536, 65536};
	long base = 0;
	size_t heap = 0;
	int opt, rc;

	while ((opt = getopt(argc, argv, "n:t:d:s:a:f:")) != -1) {
		switch (opt) {
		case 'n':
			o.n = strtoul(optarg, NULL, 10);
			break;
		case 't':
			o.type = !strcmp(optarg, "http")  ? CHK_HTTP
				 : !strcmp(optarg, "ssl") ? CHK_SSL
							  : CHK_TCP;
			break;
		case 'd':
			o.delay = atof(optarg);
			break;
		case 's':
			o.seconds = atof(optarg);
			break;
		case 'a':
			o.prefix = optarg;
			break;
		case 'f':
			o.floor = optarg;
			break;
		default:
			fprintf(stderr,
				"usage: check_bench [-n N] [-t tcp|http|ssl]"
				" [-d DELAY] [-s SECONDS] [-a A.B] [-f "
				"graceful|reset]\n");
			return 2;
		}
	}
	if (o.n == 0 || o.n > 60000 || !(o.delay > 0) || !(o.seconds > 0))
		return 2;
	setrlimit(RLIMIT_NOFILE, &nofile);
	log_init("check_bench", LOG_DAEMON, LOG_F_STDERR);
	loop = ev_loop_new();
	if (!loop)
		return 1;
	rc = o.floor ? floor_run(&o, loop, &a, &b)
		     : engine_run(&o, loop, &a, &b, &base, &heap);
	if (rc == 0)
		report(&o, &a, &b, base, heap);
	ev_loop_free(loop);
	return rc ? 1 : 0;
}
