// SPDX-License-Identifier: BSD-2-Clause
/*
 * The syscall proxy's kernel sockets: the listening socket (a unix
 * socket file owned by root, mode 0600, or 0660 for the instance's
 * server group; TCP on the address of the URL, loopback by default),
 * the accept loop (a job of the instance), and every connection's
 * socket on one list so that none outlives the instance.
 */
#include "proxy.h"

#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/in.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/slab.h>
#include <linux/tcp.h>
#include <linux/un.h>
#include <net/af_unix.h>
#include <linux/error-injection.h>
#include <net/net_namespace.h>
#include <net/sock.h>
#include <net/tcp.h>

#define SP_BACKLOG	256

/* ---- connection sockets ---- */

struct rv_sp_sock *rv_sp_sock_add(struct rv_sp *sp, struct socket *sock)
{
	struct rv_sp_sock *s = kzalloc(sizeof(*s), GFP_KERNEL | __GFP_NOWARN);

	if (!s)
		return NULL;
	s->sock = sock;
	spin_lock(&sp->socks_lock);
	list_add_tail(&s->link, &sp->socks);
	sp->nsocks++;
	spin_unlock(&sp->socks_lock);
	return s;
}

void rv_sp_sock_close(struct rv_sp *sp, struct rv_sp_sock *s)
{
	spin_lock(&sp->socks_lock);
	list_del(&s->link);
	sp->nsocks--;
	spin_unlock(&sp->socks_lock);
	sock_release(s->sock);
	kfree(s);
}

/* The instance is gone: close what the engine never closed. */
void rv_sp_socks_release(struct rv_sp *sp)
{
	struct rv_sp_sock *s, *tmp;
	LIST_HEAD(left);

	spin_lock(&sp->socks_lock);
	list_splice_init(&sp->socks, &left);
	sp->nsocks = 0;
	spin_unlock(&sp->socks_lock);
	list_for_each_entry_safe(s, tmp, &left, link) {
		sock_release(s->sock);
		kfree(s);
	}
}

/* ---- the unix socket file ---- */

/* Owner root, mode 0600; with a server group, that group and 0660. */
static int unix_attrs(struct rv_sp *sp)
{
	struct rv_params *p = &sp->inst->p;
	struct dentry *d = sp->sockpath.dentry;
	struct iattr ia = {
		.ia_valid = ATTR_MODE | ATTR_UID | ATTR_GID | ATTR_CTIME,
		.ia_mode = S_IFSOCK | (p->has_group ? 0660 : 0600),
		.ia_uid = GLOBAL_ROOT_UID,
		.ia_gid = p->has_group ? p->group : GLOBAL_ROOT_GID,
	};
	int err;

	inode_lock(d_inode(d));
	err = notify_change(&init_user_ns, d, &ia, NULL);
	inode_unlock(d_inode(d));
	return err;
}

static int bind_unix(struct rv_sp *sp, struct socket *sock,
		     const struct sp_url *u)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int err;

	/* bind makes the file with the socket inode's mode (less umask). */
	SOCK_INODE(sock)->i_mode = S_IFSOCK | 0600;
	strscpy(sun.sun_path, u->path, sizeof(sun.sun_path));
	err = kernel_bind(sock, (struct sockaddr *)&sun, sizeof(sun));
	if (err)
		return err;
	sp->sockpath = unix_sk(sock->sk)->path;
	path_get(&sp->sockpath);
	sp->has_path = true;
	return unix_attrs(sp);
}

/*
 * Remove the socket file we made, if it is still there under its name
 * (never a file that replaced it).
 */
void rv_sp_unlink(struct rv_sp *sp)
{
	struct dentry *d = sp->sockpath.dentry, *parent;
	struct inode *dir;

	if (!sp->has_path)
		return;
	sp->has_path = false;
	if (!mnt_want_write(sp->sockpath.mnt)) {
		parent = dget_parent(d);
		dir = d_inode(parent);
		inode_lock_nested(dir, I_MUTEX_PARENT);
		if (d->d_parent == parent && !d_unhashed(d) &&
		    d_really_is_positive(d) && S_ISSOCK(d_inode(d)->i_mode))
			vfs_unlink(&init_user_ns, dir, d, NULL);
		inode_unlock(dir);
		dput(parent);
		mnt_drop_write(sp->sockpath.mnt);
	}
	path_put(&sp->sockpath);
}

/* ---- TCP ---- */

static int bind_tcp(struct socket *sock, const struct sp_url *u)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };

	sin.sin_port = htons(u->port);
	if (u->wildcard)
		sin.sin_addr.s_addr = htonl(INADDR_ANY);
	else
		memcpy(&sin.sin_addr, u->addr, 4);
	sock_set_reuseaddr(sock->sk);
	return kernel_bind(sock, (struct sockaddr *)&sin, sizeof(sin));
}

/* A kernel socket of the proxy: a point of fault injection (fault.c). */
noinline int rv_sp_sock_create(int family, int proto, struct socket **sock)
{
	if (rv_fault(RV_FAULT_SP_SOCK_CREATE))
		return -ENOMEM;
	return sock_create_kern(&init_net, family, SOCK_STREAM, proto, sock);
}
ALLOW_ERROR_INJECTION(rv_sp_sock_create, ERRNO);

/* Listen on u; 0 or a negative errno (the reason is logged). */
int rv_sp_listen(struct rv_sp *sp, const struct sp_url *u)
{
	bool is_unix = u->kind == SP_URL_UNIX;
	struct socket *sock;
	int err;

	err = rv_sp_sock_create(is_unix ? AF_UNIX : AF_INET,
				is_unix ? 0 : IPPROTO_TCP, &sock);
	if (err)
		return err;
	err = is_unix ? bind_unix(sp, sock, u) : bind_tcp(sock, u);
	if (!err)
		err = kernel_listen(sock, SP_BACKLOG);
	if (err) {
		if (is_unix)
			pr_err("%s: cannot listen on unix://%s: error %d%s\n",
			       sp->inst->p.name, u->path, err,
			       err == -EADDRINUSE ?
			       " (in use; a stale socket file must be removed first)" :
			       "");
		else
			pr_err("%s: cannot listen on tcp://%pI4:%u: error %d\n",
			       sp->inst->p.name, u->addr, u->port, err);
		rv_sp_unlink(sp);	/* ours only: a bound file */
		sock_release(sock);
		return err;
	}
	sp->lsock = sock;
	return 0;
}

/* ---- accepting ---- */

static void accepted(struct rv_sp *sp, struct socket *ns)
{
	struct rv_sp_sock *s;

	if (ns->sk->sk_family == AF_INET)
		tcp_sock_set_nodelay(ns->sk);
	sock_set_sndtimeo(ns->sk, sp->sndtimeo_s);
	s = rv_sp_sock_add(sp, ns);
	if (!s) {
		sock_release(ns);
		return;
	}
	/* The engine closes it when it refuses it. */
	(void)sp_server_accept(sp->srv, s);
}

/* A temporary shortage: let clients leave, then go on. */
static bool accept_retry(int err)
{
	return err == -ENOMEM || err == -ENOBUFS || err == -EMFILE ||
	       err == -ENFILE || err == -ECONNABORTED;
}

static int accept_main(void *arg)
{
	struct rv_sp *sp = arg;
	struct socket *ns;
	int err;

	for (;;) {
		err = kernel_accept(sp->lsock, &ns, 0);
		if (!err) {
			accepted(sp, ns);
			continue;
		}
		if (READ_ONCE(sp->stopping) || rv_dying(sp->inst))
			break;
		if (err == -ERESTARTSYS || err == -EINTR) {
			/* Not the instance ending: someone's kill. */
			flush_signals(current);
			continue;
		}
		if (!accept_retry(err)) {
			pr_err("%s: accept failed (%d); no more clients\n",
			       sp->inst->p.name, err);
			break;
		}
		msleep(10);
	}
	return 0;
}

/* The accept loop, a job of the instance that fini waits for. */
int rv_sp_accept_start(struct rv_sp *sp)
{
	struct rv_job *job = rv_job_new(sp->inst, "rumpsp-accept");
	int err;

	if (!job)
		return -ENOMEM;
	job->run = accept_main;
	job->arg = sp;
	job->joinable = true;
	job->external = true;
	err = rv_job_start(job);
	if (err) {
		rv_job_put(job);
		return err;
	}
	sp->acceptor = job;
	return 0;
}

/* No more clients: end the accept loop, close the listening socket. */
void rv_sp_listen_stop(struct rv_sp *sp)
{
	if (!sp->lsock)
		return;
	WRITE_ONCE(sp->stopping, true);
	kernel_sock_shutdown(sp->lsock, SHUT_RDWR);
	if (sp->acceptor) {
		wait_for_completion(&sp->acceptor->done);
		rv_job_put(sp->acceptor);
		sp->acceptor = NULL;
	}
	sock_release(sp->lsock);
	sp->lsock = NULL;
	rv_sp_unlink(sp);
}
