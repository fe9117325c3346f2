// SPDX-License-Identifier: BSD-2-Clause
/*
 * Deterministic link impairment for tests: from a seed, decide for each
 * frame sent whether it is dropped, sent twice, or held back and sent
 * after the next one (reordering).  The same seed and the same traffic
 * give the same decisions.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "virtif_user.h"

static unsigned next(struct viu_impair *imp)
{
	/* splitmix64 */
	uint64_t z = (imp->rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (unsigned)((z ^ (z >> 31)) % 1000);
}

static int parse_one(struct viu_impair *imp, const char *key,
		     unsigned long long v)
{
	if (strcmp(key, "seed") == 0) {
		imp->rng = v;
		return 0;
	}
	if (v > 1000)
		return EINVAL;
	if (strcmp(key, "drop") == 0)
		imp->drop = (unsigned)v;
	else if (strcmp(key, "dup") == 0)
		imp->dup = (unsigned)v;
	else if (strcmp(key, "reorder") == 0)
		imp->reorder = (unsigned)v;
	else
		return EINVAL;
	return 0;
}

int viu_impair_parse(struct viu_impair *imp, const char *opts)
{
	char key[16], *end;
	unsigned long long v;
	size_t n;

	imp->rng = 1;
	pthread_mutex_init(&imp->lock, NULL);
	imp->inited = true;
	while (*opts) {
		n = strcspn(opts, "=");
		if (n == 0 || n >= sizeof(key) || opts[n] != '=')
			return EINVAL;
		memcpy(key, opts, n);
		key[n] = '\0';
		errno = 0;
		v = strtoull(opts + n + 1, &end, 0);
		if (errno || end == opts + n + 1 || (*end && *end != ','))
			return EINVAL;
		if (parse_one(imp, key, v))
			return EINVAL;
		opts = *end ? end + 1 : end;
	}
	return 0;
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
	unsigned r;

	pthread_mutex_lock(&imp->lock);
	r = next(imp);
	pthread_mutex_unlock(&imp->lock);
	if (r < imp->drop) {
		imp->ndropped++;
		return;
	}
	if (r < imp->drop + imp->reorder && hold(imp, iov, iovcnt))
		return;
	viu->viu_be->send(viu, iov, iovcnt);
	if (r >= 1000 - imp->dup) {
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
