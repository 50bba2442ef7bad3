// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The control socket (control.h): accept, read one request line (bounded in
 * size and time), hand it to control_run() (control_req.c), write one
 * reply line, close. Commands that need a child answer later.
 */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <json-c/json.h>

#include "core/cli/ctl_cmd.h"
#include "core/conf/conf_model.h"
#include "core/parent/control_int.h"
#include "core/runtime/stream.h"

#define CLIENT_TIMEOUT EV_SEC(5)

static void client_free(struct control_client *cl);

/* ---- replies ---- */

static void client_io(struct ev_loop *loop, struct ev_io *io, unsigned revents,
		      void *arg);

void
control_reply(struct control_client *cl, struct json_object *o)
{
	const char *s = json_object_to_json_string_ext(
		o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
	size_t n = strlen(s);

	cl->busy = false;
	if (cl->dead) {
		json_object_put(o);
		client_free(cl);
		return;
	}
	free(cl->out);
	cl->out = malloc(n + 1);
	if (cl->out) {
		memcpy(cl->out, s, n);
		cl->out[n] = '\n';
		cl->outlen = n + 1;
		cl->outoff = 0;
	}
	json_object_put(o);
	if (!cl->out) {
		client_free(cl);
		return;
	}
	/* A client that does not read its reply is dropped in time too. */
	ev_timer_start(cl->ctl->d->loop, &cl->timer, CLIENT_TIMEOUT);
	ev_io_modify(cl->ctl->d->loop, &cl->io, EV_WRITE);
}

void
control_refuse(struct control_client *cl, enum vigil_proc by, const char *why)
{
	struct control *ctl = cl->ctl;
	struct json_object *o = json_object_new_object();
	unsigned skipped;

	ctl->bad++;
	if (log_ratelimit_ok(&ctl->rl, ev_now(ctl->d->loop), &skipped))
		log_warn("control request=bad error=\"%s\" by=%s "
			 "bad_total=%llu suppressed=%u",
			 why, proc_name(by), (unsigned long long)ctl->bad,
			 skipped);
	if (by != PROC_PARENT)
		json_object_object_add(o, "child",
				       json_object_new_string(proc_name(by)));
	json_object_object_add(o, "error", json_object_new_string(why));
	control_reply(cl, o);
}

/* ---- clients ---- */

static void
run_line(struct control_client *cl, size_t len)
{
	while (len > 0 && (cl->in[len - 1] == '\r' || cl->in[len - 1] == ' '))
		len--;
	control_run(cl, cl->in, len);
}

static void
client_read(struct control_client *cl)
{
	ssize_t n = read(cl->fd, cl->in + cl->inlen,
			 CTL_MAX_REQUEST + 1 - cl->inlen);
	char *nl;

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		client_free(cl);
		return;
	}
	nl = memchr(cl->in + cl->inlen, '\n', (size_t)n);
	cl->inlen += (size_t)n;
	if (nl) {
		cl->got_line = true;
		ev_io_modify(cl->ctl->d->loop, &cl->io, 0);
		run_line(cl, (size_t)(nl - cl->in));
	} else if (cl->inlen > CTL_MAX_REQUEST) {
		ev_io_modify(cl->ctl->d->loop, &cl->io, 0);
		control_refuse(cl, PROC_PARENT, "request too large");
	}
}

static void
client_write(struct control_client *cl)
{
	if (stream_send_rest(cl->fd, cl->out, cl->outlen, &cl->outoff) !=
	    STREAM_AGAIN)
		client_free(cl);
}

static void
client_io(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	struct control_client *cl = arg;

	if (cl->busy) {
		/* Gone while its answer is due: stop watching (a hang-up is
		 * reported again and again), free it when the answer comes. */
		if (revents & (EV_HANGUP | EV_ERROR)) {
			ev_io_stop(loop, io);
			cl->dead = true;
		}
		return;
	}
	if (cl->out && (revents & (EV_WRITE | EV_ERROR | EV_HANGUP)))
		client_write(cl);
	else if (!cl->out && !cl->busy)
		client_read(cl);
}

static void
client_timeout(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct control_client *cl = arg;

	(void)loop;
	(void)t;
	if (!cl->out && !cl->busy)
		control_refuse(cl, PROC_PARENT, "timeout");
	else if (cl->busy)
		cl->dead = true;
	else
		client_free(cl);
}

static void
client_free(struct control_client *cl)
{
	struct control *ctl = cl->ctl;

	if (cl->busy) { /* a child's answer is due: free it then */
		cl->dead = true;
		return;
	}
	for (struct control_client **pp = &ctl->clients; *pp; pp = &(*pp)->next)
		if (*pp == cl) {
			*pp = cl->next;
			break;
		}
	ev_io_stop(ctl->d->loop, &cl->io);
	ev_timer_stop(ctl->d->loop, &cl->timer);
	close(cl->fd);
	free(cl->in);
	free(cl->out);
	free(cl);
	ctl->nclients--;
}

/* ---- admission: no uid can lock another out ---- */

static void
turn_away(struct control *ctl, int fd, uid_t uid, const char *state)
{
	static const char busy[] = "{\"error\":\"too many clients\"}\n";
	unsigned skipped;

	ctl->bad++;
	if (log_ratelimit_ok(&ctl->rl, ev_now(ctl->d->loop), &skipped))
		log_warn("control client uid=%u state=%s "
			 "reason=too-many-clients "
			 "bad_total=%llu suppressed=%u",
			 (unsigned)uid, state, (unsigned long long)ctl->bad,
			 skipped);
	send(fd, busy, sizeof(busy) - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
}

static unsigned
uid_count(const struct control *ctl, uid_t uid)
{
	unsigned n = 0;

	for (const struct control_client *cl = ctl->clients; cl; cl = cl->next)
		n += cl->uid == uid;
	return n;
}

/* The uid that must give way to a new connection from uid: uid itself at
 * its quota; when the socket is full, the uid holding the most (uid itself
 * on a tie). false: there is room. */
static bool
crowded_uid(const struct control *ctl, uid_t uid, uid_t *who)
{
	unsigned mine = uid_count(ctl, uid), most = 0;

	*who = uid;
	if (mine >= CONTROL_MAX_PER_UID)
		return true;
	if (ctl->nclients < CONTROL_MAX_CLIENTS)
		return false;
	for (const struct control_client *cl = ctl->clients; cl; cl = cl->next)
		if (uid_count(ctl, cl->uid) > most) {
			most = uid_count(ctl, cl->uid);
			*who = cl->uid;
		}
	if (mine >= most)
		*who = uid;
	return true;
}

/* A whole request line has arrived, read or not: looked at in place
 * (MSG_PEEK), so that a client that sent its request at once is served. */
static bool
has_line(struct control_client *cl)
{
	ssize_t n;

	if (cl->got_line || cl->out || cl->busy || cl->dead)
		return true;
	n = recv(cl->fd, cl->in + cl->inlen, CTL_MAX_REQUEST + 1 - cl->inlen,
		 MSG_PEEK | MSG_DONTWAIT);
	return n > 0 && memchr(cl->in + cl->inlen, '\n', (size_t)n);
}

/* uid's oldest connection that has not sent a whole request line (the
 * list is newest first). */
static struct control_client *
oldest_idle(const struct control *ctl, uid_t uid)
{
	struct control_client *old = NULL;

	for (struct control_client *cl = ctl->clients; cl; cl = cl->next)
		if (cl->uid == uid && !has_line(cl))
			old = cl;
	return old;
}

/* Room for a connection from uid, made by displacing a connection that
 * has not sent a whole request. false: the crowded uid's connections are
 * all requests being answered. */
static bool
make_room(struct control *ctl, uid_t uid)
{
	struct control_client *v;
	uid_t who;

	if (!crowded_uid(ctl, uid, &who))
		return true;
	if (!(v = oldest_idle(ctl, who)))
		return false;
	turn_away(ctl, v->fd, v->uid, "displaced");
	client_free(v);
	return true;
}

static int
peer_uid(int fd, uid_t *uid)
{
	struct ucred cr;
	socklen_t n = sizeof(cr);

	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &n) < 0)
		return -1;
	*uid = cr.uid;
	return 0;
}

static void
accept_one(struct control *ctl)
{
	struct control_client *cl;
	int fd = accept4(ctl->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	uid_t uid;

	if (fd < 0)
		return;
	if (peer_uid(fd, &uid) < 0) {
		close(fd);
		return;
	}
	if (!make_room(ctl, uid)) {
		turn_away(ctl, fd, uid, "refused");
		close(fd);
		return;
	}
	cl = calloc(1, sizeof(*cl));
	if (!cl || !(cl->in = malloc(CTL_MAX_REQUEST + 1))) {
		free(cl);
		close(fd);
		return;
	}
	cl->ctl = ctl;
	cl->fd = fd;
	cl->uid = uid;
	ev_io_init(&cl->io, client_io, cl);
	ev_timer_init(&cl->timer, client_timeout, cl);
	if (ev_io_start(ctl->d->loop, &cl->io, fd, EV_READ) < 0) {
		free(cl->in);
		free(cl);
		close(fd);
		return;
	}
	ev_timer_start(ctl->d->loop, &cl->timer, CLIENT_TIMEOUT);
	cl->next = ctl->clients;
	ctl->clients = cl;
	ctl->nclients++;
}

static void
on_accept(struct ev_loop *loop, struct ev_io *io, unsigned revents, void *arg)
{
	(void)loop;
	(void)io;
	(void)revents;
	for (int i = 0; i < CONTROL_MAX_CLIENTS; i++)
		accept_one(arg);
}

/* ---- the listening socket ---- */

/* Who besides root may connect: vigil_control_group, or nobody (also when
 * that group does not exist: closed, and said). */
static gid_t
config_gid(const struct control *ctl, const struct conf *c)
{
	const char *name = c ? c->global.vigil_control_group : NULL;
	struct group *gr = name ? getgrnam(name) : NULL;

	if (gr)
		return gr->gr_gid;
	if (name)
		log_err("control socket=%s group=%s state=unknown-group "
			"mode=0600",
			ctl->path, name);
	return CONTROL_NO_GROUP;
}

static void
log_listening(const struct control *ctl, const struct conf *c)
{
	if (ctl->gid == CONTROL_NO_GROUP)
		log_info("control socket=%s state=listening mode=0600",
			 ctl->path);
	else
		log_info("control socket=%s state=listening group=%s "
			 "mode=0660",
			 ctl->path, c->global.vigil_control_group);
}

/* The path a config asks for: --control-socket, else with --runtime-dir
 * RUNTIME/vigil[_NAME].sock, else the config's vigil_control_socket, else
 * the instance's default (instance.h). */
static const char *
socket_path(const struct vigild *d, const struct conf *c)
{
	const struct vigild_opts *o = d->o;

	if (o->control_socket)
		return o->control_socket;
	if (!o->runtime_dir_given && c && c->global.vigil_control_socket)
		return c->global.vigil_control_socket;
	return o->default_socket ? o->default_socket
				 : VIGIL_RUNTIME_DIR "/vigil.sock";
}

/* Listen on path with gid; the old socket (if any) stays until the new
 * one is bound, then those waiting on it are served and its file goes if
 * the path changed. A failure keeps what there was, said once per cause
 * (the daemon runs on without a control socket if it never had one). */
static void
relisten(struct control *ctl, const struct conf *c, const char *path, gid_t gid)
{
	bool moved = strcmp(path, ctl->path) != 0;
	int fd;

	if (strlen(path) >= sizeof(ctl->path)) {
		errno = ENAMETOOLONG;
		fd = -1;
	} else {
		/* Our own socket may be replaced (a new group); another
		 * vigild's that answers may not. */
		fd = control_listen(path, gid, ctl->fd >= 0 && !moved);
	}
	if (fd < 0) {
		if (ctl->failed_errno != errno || moved)
			log_err("control socket=%s state=%s error=\"%s\"", path,
				ctl->fd >= 0 ? "unchanged" : "unavailable",
				strerror(errno));
		ctl->failed_errno = errno;
		return;
	}
	ctl->failed_errno = 0;
	if (ctl->fd >= 0) {
		/* Those waiting on the old socket are served, not reset. */
		on_accept(ctl->d->loop, &ctl->io, EV_READ, ctl);
		ev_io_stop(ctl->d->loop, &ctl->io);
		close(ctl->fd);
		if (moved)
			unlink(ctl->path);
	}
	ctl->fd = fd;
	ctl->gid = gid;
	strcpy(ctl->path, path);
	if (ev_io_start(ctl->d->loop, &ctl->io, fd, EV_READ) < 0)
		log_err("control socket=%s state=failed error=\"%s\"",
			ctl->path, strerror(errno));
	else
		log_listening(ctl, c);
}

void
control_configure(struct control *ctl, const struct conf *c)
{
	const char *path;
	gid_t gid;

	if (!ctl)
		return;
	path = socket_path(ctl->d, c);
	gid = config_gid(ctl, c);
	if (ctl->fd >= 0 && gid == ctl->gid && !strcmp(path, ctl->path))
		return;
	relisten(ctl, c, path, gid);
}

/* Never fatal: a vigild whose socket cannot be bound (another vigild
 * answers there, a path too long, a directory missing) runs its children
 * without it; a reload tries again. */
struct control *
control_new(struct vigild *d)
{
	struct control *ctl = calloc(1, sizeof(*ctl));

	if (!ctl)
		return NULL;
	ctl->d = d;
	ctl->fd = -1;
	ctl->gid = CONTROL_NO_GROUP;
	ctl->rl = (struct log_ratelimit)LOG_RATELIMIT_INIT(EV_SEC(10), 5);
	ev_io_init(&ctl->io, on_accept, ctl);
	control_configure(ctl, d->conf);
	return ctl;
}

void
control_free(struct control *ctl)
{
	if (!ctl)
		return;
	while (ctl->clients) {
		ctl->clients->busy = false;
		client_free(ctl->clients);
	}
	if (ctl->fd >= 0) {
		ev_io_stop(ctl->d->loop, &ctl->io);
		close(ctl->fd);
		unlink(ctl->path);
	}
	free(ctl);
}

uint64_t
control_bad_requests(const struct control *ctl)
{
	return ctl ? ctl->bad : 0;
}

uint64_t
control_served(const struct control *ctl)
{
	return ctl ? ctl->served : 0;
}
