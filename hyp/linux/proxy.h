/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The syscall proxy in rumpvisor.ko, per instance: the socket server
 * (the engine of hyp/common/sp_*.c over kernel sockets: sp.c, sp_host.c,
 * sp_sock.c) and the device /dev/rumpvisor/NAME (dev.c).  Both start
 * when the guest calls rumpuser_sp_init (its rump_init_server) and stop
 * at rumpuser_sp_fini (its halt); if the instance ends without a halt,
 * rv_sp_reclaim releases what is left once its last thread is gone.
 */
#ifndef RV_LINUX_PROXY_H
#define RV_LINUX_PROXY_H

#include "hyp.h"

#include <linux/fs.h>
#include <linux/kref.h>
#include <linux/net.h>
#include <linux/path.h>

#include "../common/sp.h"
#include "../common/sp_url.h"

struct rv_dev;

/* A connection's socket: every one is listed, so none outlives us. */
struct rv_sp_sock {
	struct list_head link;		/* sp->socks */
	struct socket *sock;
};

struct rv_sp {
	struct rv_instance *inst;
	struct mutex lock;		/* init, and fini's start */
	bool finished;			/* fini has begun (lock) */
	/* The socket server. */
	struct sp_server *srv;
	struct socket *lsock;		/* listening */
	struct rv_job *acceptor;	/* joinable; ours to put */
	struct path sockpath;		/* unix: the socket file we made */
	bool has_path;
	bool stopping;			/* no more accepts */
	char url[128];			/* serving (inst->lock), "": not */
	spinlock_t socks_lock;
	struct list_head socks;		/* struct rv_sp_sock */
	unsigned int nsocks;		/* ... how many (socks_lock) */
	long sndtimeo_s;		/* sends give up after this */
	/* The device. */
	struct rv_dev *dev;
};

/* sp_host.c: the engine's host operations. */
extern const struct sp_host_ops rv_sp_ops;
/* The copy timeout and connection limit (rumpvisor.ko parameters). */
void rv_sp_params(struct sp_params *p);

/* sp_sock.c: listening, accepting, connection sockets. */
int rv_sp_listen(struct rv_sp *sp, const struct sp_url *u);
int rv_sp_accept_start(struct rv_sp *sp);
void rv_sp_listen_stop(struct rv_sp *sp);
struct rv_sp_sock *rv_sp_sock_add(struct rv_sp *sp, struct socket *sock);
void rv_sp_sock_close(struct rv_sp *sp, struct rv_sp_sock *s);
void rv_sp_socks_release(struct rv_sp *sp);
void rv_sp_unlink(struct rv_sp *sp);

/* The device of an instance (dev.c); open files hold references. */
enum rv_dev_state { RV_DEV_RUNNING, RV_DEV_STOPPING, RV_DEV_GONE };

struct rv_dev {
	struct kref ref;
	struct rv_instance *inst;	/* referenced */
	spinlock_t lock;		/* everything below but active */
	enum rv_dev_state state;	/* written under lock, read without */
	atomic_t active;		/* calls inside the guest */
	wait_queue_head_t wq;		/* active reached 0 after RUNNING */
	struct list_head files;		/* struct rv_dev_file, open */
	struct device *device;		/* the node, until stop */
	int minor;
};

/* One open file: a process in the guest.  The client cookie. */
#define RV_DEV_MAGIC	0x7276646576ULL		/* "rvdev": not a pointer */
#define RV_DEV_LWPS	8		/* idle lwps kept per file */
struct rv_dev_file {
	u64 magic;			/* first: rv_dev_client() */
	struct rv_dev *dev;		/* referenced */
	struct list_head link;		/* dev->files (dev->lock) */
	struct lwp *mainlwp;		/* holds the process (NULL: none) */
	int pid;
	atomic_t active;		/* calls inside */
	/*
	 * lwps of the process between calls, so that a call costs no lwp
	 * made and freed.  An interruption marks every lwp of the process
	 * (gen changes): the ones kept before it are released, not reused.
	 */
	spinlock_t lwplock;
	struct lwp *idle[RV_DEV_LWPS];
	unsigned int nidle;
	unsigned int gen, idle_gen;
};

/* dev.c: the device and its life. */
int rv_dev_module_init(void);
void rv_dev_module_exit(void);
extern const struct file_operations rv_dev_fops;
struct rv_dev *rv_dev_lookup(unsigned int minor);
void rv_dev_put(struct rv_dev *dev);
bool rv_dev_allowed(const struct rv_dev *dev);
int rv_dev_run(struct rv_dev_file *f,
	       int (*fn)(struct rv_entry *e, void *arg), void *arg);
void rv_dev_interrupt(struct rv_instance *inst, int pid);
int rv_dev_create(struct rv_sp *sp);
void rv_dev_stop(struct rv_sp *sp);
void rv_dev_gone(struct rv_sp *sp);
int rv_dev_copyin(void *client, const void *uaddr, void *kaddr, size_t len);
int rv_dev_copyinstr(void *client, const void *uaddr, void *kaddr,
		     size_t *lenp);
int rv_dev_copyout(void *client, const void *kaddr, void *uaddr, size_t len);
int rv_dev_copyoutstr(void *client, const void *kaddr, void *uaddr,
		      size_t *lenp);
int rv_dev_anonmmap(void *client, size_t len, void **addr);
int rv_dev_raise(void *client, int sig);

/* A client cookie of the device (its first word is the magic)? */
static inline bool rv_dev_client(const void *client)
{
	return client && *(const u64 *)client == RV_DEV_MAGIC;
}

#endif /* RV_LINUX_PROXY_H */
