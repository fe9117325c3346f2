// SPDX-License-Identifier: BSD-2-Clause
/*
 * The syscall proxy in the kernel: rumpuser_sp_init/fini and the copy
 * hypercalls.  The guest's rump_init_server(url) lands here on one of its
 * threads: a unix:// or tcp:// URL starts the socket server (the engine
 * of hyp/common over kernel sockets), dev://NAME the device
 * /dev/rumpvisor/NAME (dev.c); an instance created with device=1 gets
 * the device with its socket server too.  The guest's halt calls
 * rumpuser_sp_fini, which stops both before the guest frees anything;
 * an instance that ends otherwise is cleaned up by rv_sp_reclaim.
 *
 * The copy hypercalls serve both kinds of client: a device client's
 * cookie starts with RV_DEV_MAGIC (its process's calls run on the
 * caller's own thread, whose memory is reached directly); any other
 * cookie is the engine's connection.
 */
#include "proxy.h"

#include <linux/error-injection.h>
#include <linux/slab.h>

#define SP_STOP_NS	(10 * NSEC_PER_SEC)

/* The proxy state's memory: a point of fault injection (fault.c). */
noinline struct rv_sp *rv_sp_new(void)
{
	if (rv_fault(RV_FAULT_SP_NEW))
		return NULL;
	return kzalloc(sizeof(struct rv_sp), GFP_KERNEL | __GFP_NOWARN);
}
ALLOW_ERROR_INJECTION(rv_sp_new, NULL);

/* The instance's proxy state, made on first use. */
static struct rv_sp *sp_get(struct rv_instance *inst)
{
	struct rv_sp *sp = READ_ONCE(inst->sp), *old;

	if (sp)
		return sp;
	sp = rv_sp_new();
	if (!sp)
		return NULL;
	sp->inst = inst;
	mutex_init(&sp->lock);
	spin_lock_init(&sp->socks_lock);
	INIT_LIST_HEAD(&sp->socks);
	old = cmpxchg(&inst->sp, NULL, sp);
	if (old) {
		kfree(sp);
		return old;
	}
	return sp;
}

static int start_server(struct rv_sp *sp, const struct sp_url *u,
			const char *banner)
{
	struct sp_params params;
	int err;

	if (sp->srv || sp->lsock)
		return -EBUSY;
	rv_sp_params(&params);
	sp->sndtimeo_s = max_t(long, 1, div_u64(params.copy_timeout_ns,
						NSEC_PER_SEC));
	sp->stopping = false;
	err = rv_sp_listen(sp, u);
	if (err)
		return err;
	err = sp_server_new(&rv_sp_ops, sp, &sp->inst->hyp, &params, banner,
			    &sp->srv);
	if (err) {
		err = -ENOMEM;
		goto unlisten;
	}
	err = rv_sp_accept_start(sp);
	if (err)
		goto free;
	return 0;
free:
	sp_server_free(sp->srv);
	sp->srv = NULL;
unlisten:
	rv_sp_listen_stop(sp);
	return err;
}

static int sp_start(struct rv_sp *sp, const char *url, const struct sp_url *u,
		    const char *banner)
{
	struct rv_params *p = &sp->inst->p;
	int err;

	if (u->kind == SP_URL_DEV) {
		if (strcmp(u->path, p->name)) {
			pr_err("%s: %s: this instance's device is dev://%s\n",
			       p->name, url, p->name);
			return -EINVAL;
		}
		return sp->dev ? -EBUSY : rv_dev_create(sp);
	}
	if (u->kind == SP_URL_UNIX && u->path[0] != '/') {
		pr_err("%s: %s: the kernel needs an absolute path (unix:///PATH)\n",
		       p->name, url);
		return -EINVAL;
	}
	err = start_server(sp, u, banner);
	if (!err && p->device && !sp->dev) {
		err = rv_dev_create(sp);
		if (err) {
			rv_sp_listen_stop(sp);
			sp_server_stop(sp->srv, NULL, SP_STOP_NS);
			sp_server_free(sp->srv);
			sp->srv = NULL;
		}
	}
	if (!err) {
		spin_lock(&sp->inst->lock);
		strscpy(sp->url, url, sizeof(sp->url));
		spin_unlock(&sp->inst->lock);
	}
	if (!err)
		pr_info("%s: serving %s%s%s\n", p->name, url,
			sp->dev && u->kind != SP_URL_DEV ? " and /dev/rumpvisor/" : "",
			sp->dev && u->kind != SP_URL_DEV ? p->name : "");
	return err;
}

/*
 * rump_init_server(url): a NULL or empty url serves what the instance
 * was created with (its server parameter, or its device).
 */
int rumpuser_sp_init(const char *url, const char *ostype,
		     const char *osrelease, const char *machine)
{
	struct rv_instance *inst = rv_current();
	char banner[SP_BANNER_MAX + 1];
	const char *why = "";
	struct sp_url u;
	struct rv_sp *sp;
	int err;

	if (!inst)
		return RV_EINVAL;
	if (!url || !*url)
		url = rumpvisor_server_url();
	if (sp_url_parse(url, &u, &why)) {
		pr_err("%s: bad server URL \"%s\": %s\n", inst->p.name,
		       url ?: "", why);
		return RV_EINVAL;
	}
	sp_banner(banner, ostype, osrelease, machine);
	/*
	 * The caller is not scheduled in the guest (rump_init_server runs
	 * outside it, in NetBSD as in the reference guest): no virtual CPU
	 * to give back around the waits below.
	 */
	sp = sp_get(inst);
	err = -ENOMEM;
	if (sp) {
		mutex_lock(&sp->lock);
		err = sp->finished ? -ESHUTDOWN : sp_start(sp, url, &u, banner);
		mutex_unlock(&sp->lock);
	}
	return rv_nb(err);
}
EXPORT_SYMBOL(rumpuser_sp_init);

/* Stop the socket server: no new client, every connection ended. */
static void server_stop(struct rv_sp *sp, void *client)
{
	if (!sp->srv)
		return;
	spin_lock(&sp->inst->lock);
	sp->url[0] = '\0';
	spin_unlock(&sp->inst->lock);
	rv_sp_listen_stop(sp);
	if (sp_server_stop(sp->srv, client, SP_STOP_NS) == 0)
		sp_server_free(sp->srv);
	/* Else threads may still use it: the instance's memory, reclaimed. */
	sp->srv = NULL;
}

/*
 * The guest halts: its remote clients and device users go first, while
 * the guest still stands.  client: the remote client whose call halts
 * us, if one does.
 */
void rumpuser_sp_fini(void *client)
{
	struct rv_instance *inst = rv_current();
	struct rv_sp *sp = inst ? READ_ONCE(inst->sp) : NULL;
	bool first;
	int nlocks;

	if (!sp)
		return;
	rv_up_backend_unschedule(&nlocks, NULL);
	/*
	 * Once; no lock is held while we wait (the instance ending would
	 * end this thread in the wait, with the lock left held).
	 */
	mutex_lock(&sp->lock);
	first = !sp->finished;
	sp->finished = true;
	mutex_unlock(&sp->lock);
	if (first) {
		server_stop(sp, rv_dev_client(client) ? NULL : client);
		rv_dev_stop(sp);
	}
	rv_up_backend_schedule(nlocks, NULL);
}
EXPORT_SYMBOL(rumpuser_sp_fini);

/*
 * The instance has ended and no thread of it is left: close what is
 * still open, remove the socket file and the device.
 */
void rv_sp_reclaim(struct rv_instance *inst)
{
	struct rv_sp *sp;

	spin_lock(&inst->lock);	/* sysfs reads it under the lock */
	sp = inst->sp;
	inst->sp = NULL;
	spin_unlock(&inst->lock);
	if (!sp)
		return;
	if (sp->acceptor)
		rv_job_put(sp->acceptor);
	if (sp->lsock)
		sock_release(sp->lsock);
	rv_sp_socks_release(sp);
	rv_sp_unlink(sp);
	rv_dev_gone(sp);
	kfree(sp);
}

int rumpuser_sp_copyin(void *client, const void *uaddr, void *kaddr,
		       size_t len)
{
	if (rv_dev_client(client))
		return rv_dev_copyin(client, uaddr, kaddr, len);
	return sp_copyin(client, uaddr, kaddr, len);
}
EXPORT_SYMBOL(rumpuser_sp_copyin);

int rumpuser_sp_copyinstr(void *client, const void *uaddr, void *kaddr,
			  size_t *lenp)
{
	if (rv_dev_client(client))
		return rv_dev_copyinstr(client, uaddr, kaddr, lenp);
	return sp_copyinstr(client, uaddr, kaddr, lenp);
}
EXPORT_SYMBOL(rumpuser_sp_copyinstr);

int rumpuser_sp_copyout(void *client, const void *kaddr, void *uaddr,
			size_t len)
{
	if (rv_dev_client(client))
		return rv_dev_copyout(client, kaddr, uaddr, len);
	return sp_copyout(client, kaddr, uaddr, len);
}
EXPORT_SYMBOL(rumpuser_sp_copyout);

int rumpuser_sp_copyoutstr(void *client, const void *kaddr, void *uaddr,
			   size_t *lenp)
{
	if (rv_dev_client(client))
		return rv_dev_copyoutstr(client, kaddr, uaddr, lenp);
	return sp_copyoutstr(client, kaddr, uaddr, lenp);
}
EXPORT_SYMBOL(rumpuser_sp_copyoutstr);

int rumpuser_sp_anonmmap(void *client, size_t len, void **addr)
{
	if (rv_dev_client(client))
		return rv_dev_anonmmap(client, len, addr);
	return sp_anonmmap(client, len, addr);
}
EXPORT_SYMBOL(rumpuser_sp_anonmmap);

int rumpuser_sp_raise(void *client, int sig)
{
	if (rv_dev_client(client))
		return rv_dev_raise(client, sig);
	return sp_raise(client, sig);
}
EXPORT_SYMBOL(rumpuser_sp_raise);
