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
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <json-c/json.h>

#include "core/cli/ctl_cmd.h"
#include "core/conf/conf_model.h"
#include "core/parent/control_int.h"

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
	ssize_t n = send(cl->fd, cl->out + cl->outoff, cl->outlen - cl->outoff,
			 MSG_NOSIGNAL | MSG_DONTWAIT);

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		client_free(cl);
		return;
	}
	cl->outoff += (size_t)n;
	if (cl->outoff == cl->outlen)
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

static void
accept_one(struct control *ctl)
{
	struct control_client *cl;
	int fd = accept4(ctl->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);

	if (fd < 0)
		return;
	if (ctl->nclients >= CONTROL_MAX_CLIENTS) {
		static const char busy[] = "{\"error\":\"too many clients\"}\n";

		ctl->bad++;
		send(fd, busy, sizeof(busy) - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
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

/* Only root (or vigil_control_group) may connect: the socket's mode says
 * so, set before anyone can reach it. */
static int
listen_at(struct control *ctl, const char *group)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	struct group *gr = group ? getgrnam(group) : NULL;
	struct stat st;
	mode_t old;
	int r;

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", ctl->path);
	if (lstat(ctl->path, &st) == 0 && S_ISSOCK(st.st_mode))
		unlink(ctl->path);
	ctl->fd =
		socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (ctl->fd < 0)
		return -1;
	old = umask(0177);
	r = bind(ctl->fd, (struct sockaddr *)&sa, sizeof(sa));
	umask(old);
	if (r < 0)
		return -1;
	if (gr &&
	    (chown(ctl->path, 0, gr->gr_gid) < 0 || chmod(ctl->path, 0660) < 0))
		return -1;
	return listen(ctl->fd, 64);
}

static const char *
socket_path(struct vigild *d, char *buf, size_t n)
{
	bool own_dir = strcmp(d->o->runtime_dir, VIGIL_RUNTIME_DIR) != 0;

	/* --control-socket, else --runtime-dir if one was given, else the
	 * config's vigil_control_socket (RUNTIME/vigil.sock by default). */
	if (d->o->control_socket)
		return d->o->control_socket;
	if (!own_dir && d->conf && d->conf->global.vigil_control_socket)
		return d->conf->global.vigil_control_socket;
	snprintf(buf, n, "%s/vigil.sock", d->o->runtime_dir);
	return buf;
}

struct control *
control_new(struct vigild *d)
{
	struct control *ctl = calloc(1, sizeof(*ctl));
	char buf[256];
	const char *path = socket_path(d, buf, sizeof(buf));

	if (!ctl)
		return NULL;
	ctl->d = d;
	ctl->fd = -1;
	ctl->rl = (struct log_ratelimit)LOG_RATELIMIT_INIT(EV_SEC(10), 5);
	if (strlen(path) >= sizeof(ctl->path)) {
		errno = ENAMETOOLONG;
		goto fail;
	}
	strcpy(ctl->path, path);
	ev_io_init(&ctl->io, on_accept, ctl);
	if (listen_at(ctl, d->conf ? d->conf->global.vigil_control_group
				   : NULL) < 0 ||
	    ev_io_start(d->loop, &ctl->io, ctl->fd, EV_READ) < 0)
		goto fail;
	log_info("control socket=%s state=listening", ctl->path);
	return ctl;
fail:
	log_err("control socket=%s state=failed error=\"%s\"", path,
		strerror(errno));
	if (ctl->fd >= 0)
		close(ctl->fd);
	free(ctl);
	return NULL;
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
	ev_io_stop(ctl->d->loop, &ctl->io);
	close(ctl->fd);
	unlink(ctl->path);
	free(ctl);
}

uint64_t
control_bad_requests(const struct control *ctl)
{
	return ctl ? ctl->bad : 0;
}
