// SPDX-License-Identifier: BSD-2-Clause
/*
 * Deterministic link impairment for tests, user-space side: the rules
 * (../common/vif_impair.c: drop, duplicate, or hold back and send after
 * the next frame) applied to what this side sends.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "virtif_user.h"

int viu_impair_parse(struct viu_impair *imp, const char *opts)
{
	pthread_mutex_init(&imp->lock, NULL);
	imp->inited = true;
	return vif_impair_parse(&imp->rules, opts) ? EINVAL : 0;
}

void viu_impair_fini(struct viu_impair *imp)
{
	free(imp->held);
	imp->held = NULL;
	if (imp->inited)
		pthread_mutex_destroy(&imp->lock);
	imp->inited = false;
}

/* Take the held frame out (under the impairment's lock). */
static unsigned char *take_held(struct viu_impair *imp, size_t *lenp)
{
	unsigned char *p;

	pthread_mutex_lock(&imp->lock);
	p = imp->held;
	*lenp = imp->heldlen;
	imp->held = NULL;
	pthread_mutex_unlock(&imp->lock);
	return p;
}

static void send_held(struct virtif_user *viu)
{
	struct iovec iov;
	size_t len;
	unsigned char *p = take_held(&viu->viu_imp, &len);

	if (!p)
		return;
	iov.iov_base = p;
	iov.iov_len = len;
	viu->viu_be->send(viu, &iov, 1);
	free(p);
}

/* Copy a frame so that it can be sent later. */
static unsigned char *flatten(const struct iovec *iov, int iovcnt,
			      size_t *lenp)
{
	size_t len = 0, off = 0;
	unsigned char *p;
	int i;

	for (i = 0; i < iovcnt; i++)
		len += iov[i].iov_len;
	p = malloc(len ? len : 1);
	if (!p)
		return NULL;
	for (i = 0; i < iovcnt; i++) {
		memcpy(p + off, iov[i].iov_base, iov[i].iov_len);
		off += iov[i].iov_len;
	}
	*lenp = len;
	return p;
}

/* Keep this frame back; false if one is held already. */
static bool hold(struct viu_impair *imp, const struct iovec *iov, int iovcnt)
{
	bool held = false;

	pthread_mutex_lock(&imp->lock);
	if (!imp->held) {
		imp->held = flatten(iov, iovcnt, &imp->heldlen);
		held = imp->held != NULL;
		imp->nheld += held;
	}
	pthread_mutex_unlock(&imp->lock);
	return held;
}

void viu_tx(struct virtif_user *viu, const struct iovec *iov, int iovcnt)
{
	struct viu_impair *imp = &viu->viu_imp;
	struct vif_impair_verdict v;

	pthread_mutex_lock(&imp->lock);
	vif_impair_next(&imp->rules, &v);
	pthread_mutex_unlock(&imp->lock);
	if (v.drop) {
		imp->ndropped++;
		return;
	}
	if (v.hold && hold(imp, iov, iovcnt))
		return;
	viu->viu_be->send(viu, iov, iovcnt);
	if (v.dup) {
		imp->nduped++;
		viu->viu_be->send(viu, iov, iovcnt);
	}
	send_held(viu);
}

/* The receive thread's tick: a held frame does not wait for ever. */
void viu_impair_flush(struct virtif_user *viu)
{
	send_held(viu);
}
