// SPDX-License-Identifier: BSD-2-Clause
/*
 * rumpvisor_nethostile.ko: a guest that lies to the native network
 * device about the frames it sends.  A guest of no kernel
 * (tests/noguest) makes the native interface INSTANCE0 (nethostile0),
 * takes the transmit offloads (checksum and TSO), and on each write of
 * Linux's MAC address to its send parameter sends, from a guest thread,
 * to dst= from src=:
 *
 *   - two good frames: one checksum-only TCP segment and one TSO segment
 *     of ten (tests/net/txlies.h), each once;
 *   - every lie of txlies.h whose claim rumpvisor.ko checks against the
 *     frame (each must be refused and counted, never reach Linux);
 *   - metadata with frames that rumpvisor.ko drops before the check (no
 *     metadata, an empty frame, too many pieces).
 *
 * Reading send gives "good=G lies=L early=E" for the last round.
 * tests/vm/check-net.sh compares them with the interface's counters
 * and, after rmmod, with the count of refused frames the interface
 * reports when it goes.  rmmod halts the guest: the interface is
 * destroyed on a guest thread and the guest exits.
 */
#include <linux/etherdevice.h>
#include <linux/inet.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <linux/uio.h>
#include <net/checksum.h>
#include <net/ip.h>
#include <rumpvisor/carrier.h>
#include <rump/rumpuser.h>

#include "../../../components/virtif/virtif.h"
#include "../../noguest/noguest.h"
#include "../txlies.h"

static char *src = "10.0.9.17";
module_param(src, charp, 0444);
MODULE_PARM_DESC(src, "the guest's IPv4 source address");
static char *dst = "10.0.9.1";
module_param(dst, charp, 0444);
MODULE_PARM_DESC(dst, "the IPv4 destination (Linux's address on the interface)");

/* More pieces than rumpvisor.ko takes for one frame (64). */
#define HOSTILE_IOV	65

static struct virtif_user *viu;
static int granted;
static int good_sent, lies_sent, early_sent;

/* The upcalls of virtif: what Linux sends us (ARP, RSTs) is counted. */
static atomic_t received = ATOMIC_INIT(0);

void rump_virtif_virt_deliverpkt(struct virtif_sc *sc, struct iovec *iov,
				 size_t iovcnt)
{
	atomic_inc(&received);
}

void rump_virtif_virt_deliverpkt_meta(struct virtif_sc *sc,
				      struct iovec *iov, size_t iovcnt,
				      const struct rumpcomp_virt_meta *meta)
{
	atomic_inc(&received);
}

/* The frame buffer is guest memory, as a real guest's would be. */
static unsigned char *frame;

/* A good frame of len bytes from the guest's MAC to lladdr. */
static void build(const u8 *lladdr, size_t len,
		  struct rumpcomp_virt_meta *mt)
{
	struct iphdr *ip = (struct iphdr *)(frame + 14);

	memset(frame, 0, len);
	txl_good(frame, len, mt);
	memcpy(frame, lladdr, ETH_ALEN);
	frame[6] = 0x02;
	frame[11] = 0x17;
	ip->saddr = in_aton(src);
	ip->daddr = in_aton(dst);
	ip->check = ip_fast_csum(ip, ip->ihl);
	put_unaligned_be16(40000, frame + 34);
	put_unaligned_be16(9, frame + 36);	/* discard: Linux answers RST */
	put_unaligned_be16(~csum_tcpudp_magic(ip->saddr, ip->daddr,
					      len - 34, IPPROTO_TCP, 0),
			   frame + 34 + 16);
}

static void send(size_t len, size_t n, const struct rumpcomp_virt_meta *mt)
{
	struct iovec iov[HOSTILE_IOV];
	size_t i;

	for (i = 0; i < n; i++) {
		iov[i].iov_base = frame + i * (len / n);
		iov[i].iov_len = i + 1 < n ? len / n : len - i * (len / n);
	}
	rumpcomp_virt_send_meta(viu, iov, n, mt);
}

static void send_good(const u8 *lladdr)
{
	struct rumpcomp_virt_meta mt;

	build(lladdr, TXL_HDRS + 100, &mt);
	mt.gso_type = RUMPCOMP_VIRT_GSO_NONE;
	mt.gso_size = 0;
	send(TXL_HDRS + 100, 1, &mt);
	build(lladdr, TXL_LEN, &mt);
	send(TXL_LEN, 3, &mt);
	good_sent = 2;
}

/* Each lie of txlies.h that applies here (TSO was granted). */
static void send_lies(const u8 *lladdr)
{
	struct rumpcomp_virt_meta mt;
	size_t i;

	lies_sent = 0;
	for (i = 0; i < TXL_N(txl_fields); i++) {
		build(lladdr, TXL_LEN, &mt);
		frame[txl_fields[i].off] = txl_fields[i].v;
		send(TXL_LEN, 2, &mt);
		lies_sent++;
	}
	for (i = 0; i < TXL_N(txl_metas); i++) {
		if (!txl_metas[i].tso)
			continue;
		build(lladdr, TXL_LEN, &mt);
		txl_apply(&txl_metas[i], &mt);
		send(TXL_LEN, 1, &mt);
		lies_sent++;
	}
}

/* Dropped before the check: no metadata, nothing, too many pieces. */
static void send_early(const u8 *lladdr)
{
	struct rumpcomp_virt_meta mt;
	struct iovec iov[1] = { { frame, 0 } };

	build(lladdr, TXL_HDRS + 100, &mt);
	send(TXL_HDRS + 100, 1, NULL);
	rumpcomp_virt_send_meta(viu, iov, 1, &mt);
	send(TXL_HDRS + 100, HOSTILE_IOV, &mt);
	early_sent = 3;
}

static int lie(void *arg)
{
	const u8 *lladdr = arg;

	send_good(lladdr);
	send_lies(lladdr);
	send_early(lladdr);
	pr_info("nethostile: sent %d good frames, %d lies, %d dropped early; received %d\n",
		good_sent, lies_sent, early_sent, atomic_read(&received));
	return 0;
}

static struct rumpvisor_carrier carrier;

static int send_set(const char *val, const struct kernel_param *kp)
{
	char text[3 * ETH_ALEN + 1];
	u8 lladdr[ETH_ALEN];
	int err, rc;

	if (!carrier.rv || !viu)
		return -ENODEV;
	strscpy(text, val, sizeof(text));
	if (!mac_pton(strim(text), lladdr))
		return -EINVAL;
	err = rumpvisor_carrier_call(&carrier, "lie", lie, lladdr, &rc);
	return err ? err : rc ? -EIO : 0;
}

static int send_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "good=%d lies=%d early=%d\n", good_sent,
			  lies_sent, early_sent);
}

static const struct kernel_param_ops send_ops = {
	.set = send_set,
	.get = send_get,
};
module_param_cb(send, &send_ops, NULL, 0600);
MODULE_PARM_DESC(send, "write Linux's MAC address on the interface: send one round; read: what the last round sent");

static int hostile_boot(void *arg)
{
	unsigned char mac[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x17 };
	int rc;

	rc = rumpuser_init(RUMPUSER_VERSION, &rv_noguest_upcalls);
	if (!rc)
		rc = rumpuser_malloc(TXL_LEN, 0, (void **)&frame);
	if (!rc)
		rc = rumpcomp_virt_create("0", NULL, mac, &viu);
	if (rc)
		return rc;
	granted = rumpcomp_virt_offload(viu, RUMPCOMP_VIRT_OFL_TXCSUM |
					RUMPCOMP_VIRT_OFL_TXTSO4);
	rumpcomp_virt_linkstate(viu, 1);
	pr_info("nethostile: transmit offloads granted: %#x\n", granted);
	return 0;
}

/* Called through a pointer: objtool cannot see that it does not return
 * (it is another module's), the compiler could. */
static void (*volatile exit_fn)(int) = rumpuser_exit;

static int hostile_halt(void *arg)
{
	if (viu) {
		rumpcomp_virt_dying(viu);
		rumpcomp_virt_destroy(viu);
		viu = NULL;
	}
	if (frame)
		rumpuser_free(frame, TXL_LEN);
	frame = NULL;
	exit_fn(0);
	return 0;
}

static struct rumpvisor_carrier carrier = {
	RUMPVISOR_CARRIER_INIT("nethostile"),
	.boot = hostile_boot,
	.halt = hostile_halt,
};
RUMPVISOR_CARRIER_PARAMS(carrier);

static int __init hostile_init(void)
{
	return rumpvisor_carrier_start(&carrier, THIS_MODULE);
}

static void __exit hostile_exit(void)
{
	rumpvisor_carrier_stop(&carrier, NULL);
}

module_init(hostile_init);
module_exit(hostile_exit);
MODULE_LICENSE("Dual BSD/GPL");
MODULE_DESCRIPTION("rumpvisor network tests: a guest that lies in its "
		   "transmit offload metadata");
