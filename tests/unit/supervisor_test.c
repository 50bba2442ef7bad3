// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The parent's handling of child messages: an EVENT becomes one key=value
 * log line; VRRP_STATE is logged and forwarded to the check child (only to
 * a ready one), and the last state of each instance is replayed to a child
 * that becomes ready (not to the vrrp child); RELOAD_DONE and READY update what `vigilctl status` shows;
 * a type the sender's row in the children table does not allow is dropped,
 * counted and logged once.
 */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <json-c/json.h>

#include "core/parent/children.h"
#include "core/parent/vigild.h"

struct rig {
	struct vigild d;
	struct vigild_opts o;
	struct ipc_conn *peer[PROC_MAX];
	struct ipc_vrrp_state_msg got;
	int ngot;
	struct ipc_bfd_state_msg gotb[PROC_MAX]; /* by receiver */
	int ngotb[PROC_MAX];
	char logpath[64];
	int saved_stderr;
};

static void
peer_msg(struct ipc_conn *c, const struct ipc_msg *m, void *arg)
{
	struct rig *r = arg;

	if (m->type == IPC_VRRP_STATE) {
		memcpy(&r->got, m->payload, sizeof(r->got));
		r->ngot++;
	}
	for (int p = PROC_CHECK; m->type == IPC_BFD_STATE && p < PROC_MAX; p++)
		if (c == r->peer[p]) {
			memcpy(&r->gotb[p], m->payload, sizeof(r->gotb[p]));
			r->ngotb[p]++;
		}
}

static void
nop_msg(struct ipc_conn *c, const struct ipc_msg *m, void *arg)
{
	(void)c;
	(void)m;
	(void)arg;
}

static void
nop_close(struct ipc_conn *c, int err, void *arg)
{
	(void)c;
	(void)err;
	(void)arg;
}

static int
setup(void **state)
{
	struct rig *r = calloc(1, sizeof(*r));
	int fd;

	r->d.loop = ev_loop_new();
	r->d.o = &r->o;
	for (int p = PROC_CHECK; p < PROC_MAX; p++) {
		struct vchild *ch = &r->d.ch[p];
		int sv[2];

		assert_int_equal(ipc_socketpair(sv), 0);
		ch->d = &r->d;
		ch->proc = (enum vigil_proc)p;
		ch->row = children_by_proc(ch->proc);
		ch->pid = 1000 + p;
		ch->ipc = ipc_conn_new(r->d.loop, sv[0], nop_msg, nop_close, r);
		r->peer[p] =
			ipc_conn_new(r->d.loop, sv[1], peer_msg, nop_close, r);
	}
	/* The log goes to stderr, which goes to a file we read back. */
	strcpy(r->logpath, "/tmp/vigil-suptest.XXXXXX");
	fd = mkstemp(r->logpath);
	assert_true(fd >= 0);
	fflush(stderr);
	r->saved_stderr = dup(2);
	dup2(fd, 2);
	close(fd);
	log_init("vigild", LOG_DAEMON, LOG_F_STDERR);
	*state = r;
	return 0;
}

static int
teardown(void **state)
{
	struct rig *r = *state;

	fflush(stderr);
	dup2(r->saved_stderr, 2);
	close(r->saved_stderr);
	unlink(r->logpath);
	for (int p = PROC_CHECK; p < PROC_MAX; p++) {
		ipc_conn_free(r->d.ch[p].ipc);
		ipc_conn_free(r->peer[p]);
	}
	ev_loop_free(r->d.loop);
	free(r);
	return 0;
}

static char *
log_text(struct rig *r)
{
	static char buf[8192];
	FILE *f;
	size_t n;

	fflush(stderr);
	f = fopen(r->logpath, "r");
	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void
deliver(struct rig *r, enum vigil_proc from, enum ipc_type t,
	const void *payload, size_t len, const char *json)
{
	struct ipc_msg m = {.type = t,
			    .payload = payload,
			    .len = len,
			    .json = json,
			    .fd = -1};

	super_child_msg(&r->d.ch[from], &m);
	for (int i = 0; i < 5; i++)
		ev_run_once(r->d.loop, EV_MSEC(10));
}

static void
test_event_logged(void **state)
{
	struct rig *r = *state;
	static const char ev[] =
		"{\"event\":\"rs_down\",\"vs\":\"10.0.0.1:80\","
		"\"reason\":\"connect timeout\",\"n\":3}";
	struct ipc_json h = {0};

	deliver(r, PROC_CHECK, IPC_EVENT, &h, sizeof(h), ev);
	assert_non_null(
		strstr(log_text(r),
		       "parent: child=check event=rs_down "
		       "vs=10.0.0.1:80 reason=\"connect timeout\" n=3\n"));
	/* A value cannot forge a field, nor a key a line. */
	deliver(r, PROC_CHECK, IPC_EVENT, &h, sizeof(h),
		"{\"event\":\"x\",\"a b=c\":\"1\\\" state=up\"}");
	assert_non_null(strstr(log_text(r),
			       "child=check event=x a_b_c=\"1' state=up\"\n"));
	deliver(r, PROC_CHECK, IPC_EVENT, &h, sizeof(h), "[1]");
	assert_non_null(strstr(log_text(r), "child=check event=bad-json"));
}

static void
test_vrrp_state_forwarded(void **state)
{
	struct rig *r = *state;
	struct ipc_vrrp_state_msg v = {.instance = "VI_1",
				       .group = "G1",
				       .state = IPC_VRRP_MASTER,
				       .prev = IPC_VRRP_BACKUP,
				       .priority = 150,
				       .vrid = 51};

	/* The check child is not ready yet: nothing is forwarded. */
	deliver(r, PROC_VRRP, IPC_VRRP_STATE, &v, sizeof(v), NULL);
	assert_int_equal(r->ngot, 0);
	r->d.ch[PROC_CHECK].ready = true;
	r->d.ch[PROC_VRRP].ready = true;
	deliver(r, PROC_VRRP, IPC_VRRP_STATE, &v, sizeof(v), NULL);
	assert_int_equal(r->ngot, 1);
	assert_string_equal(r->got.instance, "VI_1");
	assert_int_equal(r->got.state, IPC_VRRP_MASTER);
	assert_non_null(strstr(log_text(r),
			       "vrrp_instance=VI_1 group=G1 state=MASTER "
			       "prev=BACKUP priority=150"));
}

/* A child that becomes ready (a respawned one) hears the last state of
 * each instance it missed, once each; the vrrp child, which sends them,
 * does not. */
static void
test_vrrp_state_replayed(void **state)
{
	struct rig *r = *state;
	struct ipc_vrrp_state_msg v = {.instance = "VI_1",
				       .state = IPC_VRRP_BACKUP};
	struct ipc_ready rd = {IPC_VERSION, 1001, 1};

	r->d.ch[PROC_VRRP].ready = true;
	deliver(r, PROC_VRRP, IPC_VRRP_STATE, &v, sizeof(v), NULL);
	v.state = IPC_VRRP_MASTER;
	deliver(r, PROC_VRRP, IPC_VRRP_STATE, &v, sizeof(v), NULL);
	strcpy(v.instance, "VI_2");
	v.state = IPC_VRRP_FAULT;
	deliver(r, PROC_VRRP, IPC_VRRP_STATE, &v, sizeof(v), NULL);
	assert_int_equal(r->ngot, 0); /* the check child was not ready */
	assert_int_equal(r->d.nvrrp_last, 2);
	deliver(r, PROC_CHECK, IPC_READY, &rd, sizeof(rd), NULL);
	assert_int_equal(r->ngot, 2);
	assert_string_equal(r->got.instance, "VI_2");
	assert_int_equal(r->got.state, IPC_VRRP_FAULT);
	assert_int_equal(r->d.vrrp_last[0].state, IPC_VRRP_MASTER);
	/* the vrrp child's own READY replays nothing to it */
	r->ngot = 0;
	rd.pid = 1002;
	deliver(r, PROC_VRRP, IPC_READY, &rd, sizeof(rd), NULL);
	assert_int_equal(r->ngot, 0);
}

/* The bfd child's session states reach the other ready children (the
 * vrrp child's track_bfd), not the bfd child; the last one of each
 * session is replayed to a child that becomes ready. */
static void
test_bfd_state_relayed(void **state)
{
	struct rig *r = *state;
	struct ipc_bfd_state_msg b = {
		.name = "B1", .state = 3, .prev = 1, .to = IPC_BFD_TO_VRRP};
	struct ipc_ready rd = {IPC_VERSION, 1003, 1};

	r->d.ch[PROC_BFD].ready = true;
	r->d.ch[PROC_CHECK].ready = true;
	deliver(r, PROC_BFD, IPC_BFD_STATE, &b, sizeof(b), NULL);
	assert_int_equal(r->ngotb[PROC_CHECK], 1);
	assert_int_equal(r->ngotb[PROC_VRRP], 0); /* not ready */
	assert_int_equal(r->ngotb[PROC_BFD], 0);
	b.state = 1;
	b.prev = 3;
	deliver(r, PROC_BFD, IPC_BFD_STATE, &b, sizeof(b), NULL);
	strcpy(b.name, "B2");
	deliver(r, PROC_BFD, IPC_BFD_STATE, &b, sizeof(b), NULL);
	assert_int_equal(r->d.nbfd_last, 2);
	/* the vrrp child becomes ready: B1's last state (Down) and B2's */
	deliver(r, PROC_VRRP, IPC_READY, &rd, sizeof(rd), NULL);
	assert_int_equal(r->ngotb[PROC_VRRP], 2);
	assert_int_equal(r->d.bfd_last[0].state, 1);
	assert_string_equal(r->gotb[PROC_VRRP].name, "B2");
	/* the bfd child's own READY replays nothing to it */
	deliver(r, PROC_BFD, IPC_READY, &rd, sizeof(rd), NULL);
	assert_int_equal(r->ngotb[PROC_BFD], 0);
	/* a child that may not send it is refused */
	deliver(r, PROC_CHECK, IPC_BFD_STATE, &b, sizeof(b), NULL);
	assert_int_equal(r->d.ch[PROC_CHECK].rejected[IPC_BFD_STATE], 1);
}

static void
test_ready_and_reload_done(void **state)
{
	struct rig *r = *state;
	struct ipc_ready rd = {IPC_VERSION, 1002, 4};
	struct ipc_reload_done ok = {.config_gen = 5, .ok = 1, .changes = 2};
	struct ipc_reload_done no = {
		.config_gen = 6, .ok = 0, .error = "no such interface"};

	deliver(r, PROC_VRRP, IPC_READY, &rd, sizeof(rd), NULL);
	assert_true(r->d.ch[PROC_VRRP].ready);
	assert_int_equal(r->d.ch[PROC_VRRP].gen, 4);
	deliver(r, PROC_VRRP, IPC_RELOAD_DONE, &ok, sizeof(ok), NULL);
	assert_int_equal(r->d.ch[PROC_VRRP].gen, 5);
	deliver(r, PROC_VRRP, IPC_RELOAD_DONE, &no, sizeof(no), NULL);
	assert_int_equal(r->d.ch[PROC_VRRP].gen, 5);
	assert_non_null(strstr(log_text(r), "child=vrrp reload=refused gen=6 "
					    "error=\"no such interface\""));
}

static int
count(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

/* The check child's row does not allow VRRP_STATE: the parent neither
 * logs it as a transition nor forwards it, counts it, and says so once. */
static void
test_vrrp_state_from_check_rejected(void **state)
{
	struct rig *r = *state;
	struct ipc_vrrp_state_msg v = {.instance = "VI_X",
				       .state = IPC_VRRP_MASTER,
				       .prev = IPC_VRRP_BACKUP,
				       .priority = 200};
	struct vchild *ck = &r->d.ch[PROC_CHECK];
	struct json_object *st, *c, *n;

	r->d.ch[PROC_CHECK].ready = true;
	r->d.ch[PROC_VRRP].ready = true;
	deliver(r, PROC_CHECK, IPC_VRRP_STATE, &v, sizeof(v), NULL);
	deliver(r, PROC_CHECK, IPC_VRRP_STATE, &v, sizeof(v), NULL);
	assert_int_equal(r->ngot, 0); /* not forwarded to anyone */
	assert_null(strstr(log_text(r), "vrrp_instance=VI_X"));
	assert_int_equal(ck->rejected[IPC_VRRP_STATE], 2);
	assert_int_equal(count(log_text(r), "child=check type=VRRP_STATE "
					    "state=rejected "
					    "reason=not-allowed\n"),
			 1);
	/* what `vigilctl status` shows */
	ck->wanted = true;
	r->o.conf_file = "/etc/vigil/vigil.conf";
	r->d.alerts = alerts_new(r->d.loop);
	st = vigild_status_json(&r->d);
	alerts_free(r->d.alerts);
	assert_true(json_object_object_get_ex(st, "children", &c));
	assert_true(json_object_object_get_ex(c, "check", &c));
	assert_true(json_object_object_get_ex(c, "ipc_rejected", &n));
	assert_int_equal(json_object_get_uint64(n), 2);
	assert_true(json_object_object_get_ex(c, "ipc_rejected_by_type", &n));
	assert_true(json_object_object_get_ex(n, "VRRP_STATE", &n));
	assert_int_equal(json_object_get_uint64(n), 2);
	json_object_put(st);
	/* the same message from the vrrp child is a transition */
	deliver(r, PROC_VRRP, IPC_VRRP_STATE, &v, sizeof(v), NULL);
	assert_int_equal(r->ngot, 1);
	assert_int_equal(r->d.ch[PROC_VRRP].rejected[IPC_VRRP_STATE], 0);
}

/* ---- the watchdog (watchdog.c) and what a child holds (owned.c) ---- */

static ev_time_t fake_now;

static ev_time_t
fake_clock(void *arg)
{
	(void)arg;
	return fake_now;
}

/* The vrrp child as the watchdog sees it: a real process (a SIGKILL must
 * hit something we own), ready, pinged every 200 ms, hung after 1 s. */
static struct vchild *
watched(struct rig *r)
{
	struct vchild *ch = &r->d.ch[PROC_VRRP];
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		pause();
		_exit(0);
	}
	r->d.ch[PROC_CHECK].pid = 0;
	ch->pid = pid;
	ch->ready = true;
	ch->wd_interval = EV_MSEC(200);
	ch->wd_timeout = EV_SEC(1);
	r->d.wd_interval = EV_SEC(2);
	r->d.wd_timeout = EV_SEC(10);
	ev_loop_set_clock(r->d.loop, fake_clock, NULL);
	return ch;
}

static void
tick_at(struct rig *r, ev_time_t t)
{
	fake_now = t;
	ev_now_update(r->d.loop);
	watchdog_tick(r->d.loop, &r->d.watchdog, &r->d);
}

/* Whether it died of SIGKILL within 1 s; reaped either way. */
static bool
killed(pid_t pid)
{
	int st = 0;

	for (int i = 0; i < 100; i++) {
		if (waitpid(pid, &st, WNOHANG) == pid)
			return WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL;
		usleep(10000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	return false;
}

/* A ping unanswered for the timeout: hung, SIGKILLed, logged, counted. */
static void
test_watchdog_hung(void **state)
{
	struct rig *r = *state;
	struct vchild *ch = watched(r);
	pid_t pid = ch->pid;

	tick_at(r, EV_SEC(100));
	assert_int_equal(ch->ping_out, EV_SEC(100));
	for (ev_time_t t = EV_SEC(100); t < EV_SEC(101); t += EV_MSEC(200))
		tick_at(r, t);
	assert_false(ch->hung);
	tick_at(r, EV_SEC(101));
	assert_true(ch->hung);
	assert_int_equal(ch->hangs, 1);
	assert_non_null(strstr(log_text(r), "state=hung last_pong_ms="));
	assert_non_null(strstr(log_text(r), "unanswered_ms=1000 "
					    "timeout_ms=1000\n"));
	assert_true(killed(pid));
	ch->pid = 0;
}

/* Any message answers: the clock of the unanswered ping stops. A tick a
 * few milliseconds late is not counted as a stall. */
static void
test_watchdog_answered(void **state)
{
	struct rig *r = *state;
	struct vchild *ch = watched(r);
	struct ipc_ping p = {.seq = 1};
	pid_t pid = ch->pid;

	for (ev_time_t t = EV_SEC(100); t < EV_SEC(105); t += EV_MSEC(200)) {
		tick_at(r, t);
		deliver(r, PROC_VRRP, IPC_PONG, &p, sizeof(p), NULL);
		assert_int_equal(ch->ping_out, 0);
	}
	/* the loop's usual lateness is no stall */
	tick_at(r, EV_SEC(105) + EV_MSEC(5));
	assert_int_equal(r->d.wd_stalls, 0);
	assert_false(ch->hung);
	assert_false(killed(pid));
	ch->pid = 0;
}

/* The parent stopped for 12 s with a ping in flight: the child is not
 * blamed for the time nobody listened; the stall is logged and counted.
 * It is still found when it does not answer afterwards. */
static void
test_watchdog_parent_stall(void **state)
{
	struct rig *r = *state;
	struct vchild *ch = watched(r);
	pid_t pid = ch->pid;

	tick_at(r, EV_SEC(100));
	tick_at(r, EV_SEC(112) + EV_MSEC(200));
	assert_false(ch->hung);
	assert_int_equal(r->d.wd_stalls, 1);
	assert_int_equal(r->d.wd_stalled, EV_SEC(12));
	assert_non_null(strstr(log_text(r), "vigild state=stalled "
					    "stalled_ms=12000 "
					    "action=children-not-blamed\n"));
	assert_int_equal(ch->ping_out, EV_SEC(112));
	for (ev_time_t t = EV_SEC(112) + EV_MSEC(400); t < EV_SEC(113);
	     t += EV_MSEC(200))
		tick_at(r, t);
	assert_false(ch->hung);
	tick_at(r, EV_SEC(113));
	assert_true(ch->hung);
	assert_true(killed(pid));
	ch->pid = 0;
}

static void
owned_chunk(struct rig *r, uint32_t flags, uint32_t from, uint32_t n)
{
	struct ipc_owned m = {.flags = flags, .n = n};

	for (uint32_t i = 0; i < n; i++) {
		m.a[i].ifindex = 2;
		m.a[i].family = AF_INET;
		m.a[i].plen = 24;
		m.a[i].addr[0] = 10;
		m.a[i].addr[3] = (uint8_t)(from + i);
	}
	deliver(r, PROC_VRRP, IPC_OWNED, &m, sizeof(m), NULL);
}

/* The set a child holds is replaced only when its last chunk comes; a
 * bad entry drops the set being told (counted, logged once); a chunk
 * that starts no set is dropped; the check child may not tell one. */
static void
test_owned_set(void **state)
{
	struct rig *r = *state;
	struct vchild *ch = &r->d.ch[PROC_VRRP];
	struct ipc_owned bad = {.flags = IPC_OWNED_FIRST | IPC_OWNED_LAST,
				.n = 1};

	owned_chunk(r, IPC_OWNED_FIRST, 0, IPC_OWNED_CHUNK);
	owned_chunk(r, 0, IPC_OWNED_CHUNK, IPC_OWNED_CHUNK);
	assert_int_equal(ch->owned.n, 0);
	owned_chunk(r, IPC_OWNED_LAST, 2 * IPC_OWNED_CHUNK, 6);
	assert_int_equal(ch->owned.n, 2 * IPC_OWNED_CHUNK + 6);
	assert_int_equal(ch->owned.v[69].addr[3], 69);
	bad.a[0].family = 7;
	deliver(r, PROC_VRRP, IPC_OWNED, &bad, sizeof(bad), NULL);
	bad.a[0] = (struct ipc_owned_addr){
		.ifindex = 2, .family = AF_INET, .plen = 33};
	deliver(r, PROC_VRRP, IPC_OWNED, &bad, sizeof(bad), NULL);
	bad.n = IPC_OWNED_CHUNK + 1;
	deliver(r, PROC_VRRP, IPC_OWNED, &bad, sizeof(bad), NULL);
	owned_chunk(r, IPC_OWNED_LAST, 0, 1); /* no FIRST */
	assert_int_equal(ch->owned.n, 70);
	assert_int_equal(ch->owned_bad, 4);
	assert_int_equal(count(log_text(r), "child=vrrp type=OWNED "
					    "state=rejected reason=invalid"),
			 1);
	owned_chunk(r, IPC_OWNED_FIRST | IPC_OWNED_LAST, 0, 0);
	assert_int_equal(ch->owned.n, 0);
	owned_chunk(r, IPC_OWNED_FIRST | IPC_OWNED_LAST, 0, 3);
	assert_int_equal(ch->owned.n, 3);
	r->d.ch[PROC_CHECK].owned.n = 0;
	deliver(r, PROC_CHECK, IPC_OWNED, &bad, sizeof(bad), NULL);
	assert_int_equal(r->d.ch[PROC_CHECK].rejected[IPC_OWNED], 1);
	owned_free(ch);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_event_logged, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_vrrp_state_forwarded,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_vrrp_state_replayed, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_bfd_state_relayed, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_ready_and_reload_done,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_vrrp_state_from_check_rejected, setup, teardown),
		cmocka_unit_test_setup_teardown(test_watchdog_hung, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_watchdog_answered, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_watchdog_parent_stall,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_owned_set, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
