/* SPDX-License-Identifier: BSD-2-Clause */
/* The tap files handed over to rumpvisor (tapfiles.c), for tap.c. */
#ifndef RV_VIRTIF_TAP_H
#define RV_VIRTIF_TAP_H

#include <linux/fs.h>
#include <linux/if.h>
#include <linux/net.h>

struct rvif_tapfile {
	struct list_head link;		/* tapfiles.c's list */
	char name[IFNAMSIZ];
	struct file *file;		/* attached to the tap device */
	struct socket *sock;		/* its tun socket */
	struct rvif *user;		/* the interface using it, or NULL */
};

/* The file called name, now used by vif; ERR_PTR(-ENODEV/-EBUSY). */
struct rvif_tapfile *rvif_tapfile_claim(const char *name, struct rvif *vif);
/* vif is done with it: free for the next. */
void rvif_tapfile_unclaim(struct rvif_tapfile *t);

#endif /* RV_VIRTIF_TAP_H */
