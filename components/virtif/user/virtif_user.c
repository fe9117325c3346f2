// SPDX-License-Identifier: BSD-2-Clause
/*
 * virtif's hypercalls in user space (rumpcomp_virt_*).  devstr selects
 * the backend and its peer:
 *   tap:NAME[,opts]   a Linux tap device (/dev/net/tun, needs root)
 *   pair:NAME[,opts]  a point-to-point link with the other guest process
 *                     that uses the same NAME (no root needed)
 *   N                 (the unit number NetBSD's driver passes when no
 *                     link string was set) the tap device "tapN"
 * opts: drop=P,dup=P,reorder=P,seed=S (P per mille): deterministic
 * impairment of what this side sends (tests).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <rump/rumpuser_component.h>

#include "virtif_user.h"

/*
 * The upcall lives in the guest (librump), which librumpuser does not
 * link against: a weak reference, resolved when the guest is loaded.
 */
#pragma weak rump_virtif_virt_deliverpkt

#define BATCH_BYTES	(256 * 1024)
#define BATCH_MAX	64

static const char *const user_kinds[] = { "tap", "pair", NULL };

static int parse_devstr(const char *devstr, const struct viu_backend **bep,
			char *arg, size_t argsize, const char **optsp)
{
	struct vif_link link;

	if (vif_link_parse(devstr, user_kinds, user_kinds, &link))
		return EINVAL;
	*optsp = link.opts;
	if (link.unit >= 0) {
		*bep = &viu_backend_tap;
		snprintf(arg, argsize, "tap%d", link.unit);
		return 0;
	}
	*bep = strcmp(link.kind, "tap") == 0 ? &viu_backend_tap :
					       &viu_backend_pair;
	snprintf(arg, argsize, "%s", link.arg);
	return 0;
}

void viu_rx_frame(struct virtif_user *viu, const void *frame, size_t len)
{
	if (len > VIU_MAXFRAME)
		return;
	if (viu->viu_nbatch == BATCH_MAX ||
	    viu->viu_batchused + len > BATCH_BYTES)
		viu_rx_flush(viu);
	memcpy(viu->viu_batch + viu->viu_batchused, frame, len);
	viu->viu_batchoff[viu->viu_nbatch] = viu->viu_batchused;
	viu->viu_batchlen[viu->viu_nbatch] = len;
	viu->viu_nbatch++;
	viu->viu_batchused += len;
}

/* One scheduling in the guest for the whole batch. */
void viu_rx_flush(struct virtif_user *viu)
{
	struct iovec iov;
	int i;

	if (viu->viu_nbatch == 0)
		return;
	rumpuser_component_schedule(NULL);
	for (i = 0; i < viu->viu_nbatch && !viu->viu_dying; i++) {
		iov.iov_base = viu->viu_batch + viu->viu_batchoff[i];
		iov.iov_len = viu->viu_batchlen[i];
		rump_virtif_virt_deliverpkt(viu->viu_sc, &iov, 1);
	}
	rumpuser_component_unschedule();
	viu->viu_nbatch = 0;
	viu->viu_batchused = 0;
}

static void *rx_thread(void *arg)
{
	struct virtif_user *viu = arg;
	int timeout;

	rumpuser_component_kthread();
	while (!viu->viu_dying) {
		timeout = viu->viu_imp.held ? 2 : 200;
		if (viu->viu_be->poll(viu, timeout) < 0)
			break;
		viu_rx_flush(viu);
		if (viu->viu_impaired)
			viu_impair_flush(viu);
	}
	rumpuser_component_kthread_release();
	return NULL;
}

static void viu_free(struct virtif_user *viu)
{
	if (viu->viu_wake[0] >= 0) {
		close(viu->viu_wake[0]);
		close(viu->viu_wake[1]);
	}
	viu_impair_fini(&viu->viu_imp);
	pthread_mutex_destroy(&viu->viu_lock);
	free(viu->viu_batch);
	free(viu);
}

static int viu_start(struct virtif_user *viu, const char *arg,
		     const char *opts, unsigned char *enaddr)
{
	int error;

	if (opts && *opts) {
		error = viu_impair_parse(&viu->viu_imp, opts);
		if (error)
			return error;
		viu->viu_impaired = true;
	}
	if (pipe2(viu->viu_wake, O_CLOEXEC | O_NONBLOCK) != 0)
		return errno;
	error = viu->viu_be->open(viu, arg, enaddr);
	if (error)
		return error;
	error = pthread_create(&viu->viu_thread, NULL, rx_thread, viu);
	if (error) {
		viu->viu_be->close(viu);
		return error;
	}
	viu->viu_thread_started = true;
	return 0;
}

int rumpcomp_virt_create(const char *devstr, struct virtif_sc *sc,
			 unsigned char *enaddr, struct virtif_user **viup)
{
	struct virtif_user *viu;
	const char *opts;
	char arg[128];
	int error;

	if (!rump_virtif_virt_deliverpkt)
		return rumpuser_component_errtrans(ENXIO);
	viu = calloc(1, sizeof(*viu));
	if (!viu)
		return rumpuser_component_errtrans(ENOMEM);
	viu->viu_sc = sc;
	viu->viu_wake[0] = viu->viu_wake[1] = -1;
	pthread_mutex_init(&viu->viu_lock, NULL);
	viu->viu_batch = malloc(BATCH_BYTES);
	error = viu->viu_batch ? parse_devstr(devstr, &viu->viu_be, arg,
					      sizeof(arg), &opts) : ENOMEM;
	if (error == 0)
		error = viu_start(viu, arg, opts, enaddr);
	if (error) {
		viu_free(viu);
		return rumpuser_component_errtrans(error);
	}
	*viup = viu;
	return 0;
}

void rumpcomp_virt_send(struct virtif_user *viu, struct iovec *iov,
			size_t iovcnt)
{
	if (viu->viu_dying || iovcnt == 0 || iovcnt > 1024)
		return;
	if (viu->viu_impaired)
		viu_tx(viu, iov, (int)iovcnt);
	else
		viu->viu_be->send(viu, iov, (int)iovcnt);
}

int rumpcomp_virt_dying(struct virtif_user *viu)
{
	ssize_t rv;

	viu->viu_dying = 1;
	rv = write(viu->viu_wake[1], "x", 1);
	(void)rv;
	return 0;
}

void rumpcomp_virt_destroy(struct virtif_user *viu)
{
	void *cookie;

	if (viu->viu_thread_started) {
		/* The thread may need a virtual CPU to finish: give ours
		 * back while waiting. */
		cookie = rumpuser_component_unschedule();
		pthread_join(viu->viu_thread, NULL);
		rumpuser_component_schedule(cookie);
	}
	viu->viu_be->close(viu);
	viu_free(viu);
}
