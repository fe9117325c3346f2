/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tmpfs directories: a hash table for lookups and a list in creation
 * order for getdents.  Each entry's cookie (its getdents offset) is
 * taken from a per-directory counter and never reused, so a reader can
 * resume at any offset even while entries come and go; the last resume
 * point is remembered so that reading a directory in chunks is linear.
 * All of this runs under the directory's lock (rk/vfs.h); the size and
 * times it changes, under the vnode's lock as well.
 */
#include <rk/types.h>
#include <rk/errno.h>
#include <rk/kmem.h>
#include <rk/lib.h>
#include <rk/vfs.h>

#include "tmpfs.h"

#define DIR_HASHMIN	8
#define COOKIE_DOT	0
#define COOKIE_DOTDOT	1
#define COOKIE_FIRST	2

/*
 * The locking rule (rk/vfs.h), checked where entries are read or
 * changed: the directory's lock (as writer to change), or nslock as
 * writer (rename), which excludes every other name-space operation.
 */
static void
dir_assert_locked(struct tmpfs_node *dnode, bool write)
{
	struct rk_rwlock *dl = &dnode->tn_vnode->v_dirlock;

	if (rk_rw_write_held(dl) || rk_rw_write_held(&rk_vfs_nslock))
		return;
	RK_ASSERT(!write && rk_rw_read_held(dl));
}

/* An entry came or went: the size and times getattr reports. */
static void
dir_touch(struct tmpfs_node *dnode)
{
	struct tmpfs_dir *d = &dnode->tn_u.tn_dir;

	rk_mutex_enter(&dnode->tn_vnode->v_lock);
	dnode->tn_size = (off_t)(d->tn_nentries + 2) * 32;
	rk_tmpfs_now(&dnode->tn_mtime);
	dnode->tn_ctime = dnode->tn_mtime;
	rk_mutex_exit(&dnode->tn_vnode->v_lock);
}

static uint32_t
namehash(const char *name, size_t len)
{
	uint32_t h = 2166136261u;	/* FNV-1a */
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (uint8_t)name[i];
		h *= 16777619u;
	}
	return h;
}

int
rk_tmpfs_dir_init(struct tmpfs_node *dnode)
{
	struct tmpfs_dir *d = &dnode->tn_u.tn_dir;

	d->tn_hash = rk_kmem_zalloc(DIR_HASHMIN * sizeof(*d->tn_hash),
	    RK_KM_NOSLEEP);
	if (d->tn_hash == NULL)
		return RK_ENOSPC;
	d->tn_hashsize = DIR_HASHMIN;
	d->tn_nextcookie = COOKIE_FIRST;
	return 0;
}

void
rk_tmpfs_dir_fini(struct tmpfs_node *dnode)
{
	struct tmpfs_dir *d = &dnode->tn_u.tn_dir;
	struct tmpfs_dirent *de, *next;

	/* Only at unmount can entries remain; their nodes go separately. */
	for (de = d->tn_head; de != NULL; de = next) {
		next = de->td_next;
		rk_tmpfs_dirent_free(de);
	}
	if (d->tn_hash != NULL)
		rk_kmem_free(d->tn_hash, d->tn_hashsize * sizeof(*d->tn_hash));
	d->tn_hash = NULL;
	d->tn_head = d->tn_tail = NULL;
}

struct tmpfs_dirent *
rk_tmpfs_dir_lookup(struct tmpfs_node *dnode, const char *name, size_t len)
{
	struct tmpfs_dir *d = &dnode->tn_u.tn_dir;
	struct tmpfs_dirent *de;
	uint32_t h = namehash(name, len);

	dir_assert_locked(dnode, false);
	for (de = d->tn_hash[h & (d->tn_hashsize - 1)]; de != NULL;
	    de = de->td_hnext)
		if (de->td_hash == h && de->td_namelen == len &&
		    rk_memcmp(de->td_name, name, len) == 0)
			return de;
	return NULL;
}

struct tmpfs_dirent *
rk_tmpfs_dirent_alloc(const char *name, size_t len)
{
	struct tmpfs_dirent *de;

	de = rk_kmem_alloc(sizeof(*de) + len, RK_KM_NOSLEEP);
	if (de == NULL)
		return NULL;
	rk_memset(de, 0, sizeof(*de));
	rk_memcpy(de->td_name, name, len);
	de->td_namelen = (uint16_t)len;
	de->td_hash = namehash(name, len);
	return de;
}

void
rk_tmpfs_dirent_free(struct tmpfs_dirent *de)
{
	rk_kmem_free(de, sizeof(*de) + de->td_namelen);
}

/* Double the table when chains get long; keep the old one on failure. */
static void
dir_grow(struct tmpfs_dir *d)
{
	struct tmpfs_dirent **nh, *de;
	uint32_t nsize = d->tn_hashsize * 2, i;

	nh = rk_kmem_zalloc(nsize * sizeof(*nh), RK_KM_NOSLEEP);
	if (nh == NULL)
		return;
	for (de = d->tn_head; de != NULL; de = de->td_next) {
		i = de->td_hash & (nsize - 1);
		de->td_hnext = nh[i];
		nh[i] = de;
	}
	rk_kmem_free(d->tn_hash, d->tn_hashsize * sizeof(*d->tn_hash));
	d->tn_hash = nh;
	d->tn_hashsize = nsize;
}

void
rk_tmpfs_dir_attach(struct tmpfs_node *dnode, struct tmpfs_dirent *de,
    struct tmpfs_node *node)
{
	struct tmpfs_dir *d = &dnode->tn_u.tn_dir;
	uint32_t i;

	dir_assert_locked(dnode, true);
	if (d->tn_nentries >= 2 * d->tn_hashsize)
		dir_grow(d);
	de->td_node = node;
	de->td_cookie = d->tn_nextcookie++;
	i = de->td_hash & (d->tn_hashsize - 1);
	de->td_hnext = d->tn_hash[i];
	d->tn_hash[i] = de;
	de->td_next = NULL;
	de->td_prev = d->tn_tail;
	if (d->tn_tail != NULL)
		d->tn_tail->td_next = de;
	else
		d->tn_head = de;
	d->tn_tail = de;
	/* A hint at the end ("nothing from here on") now has this entry
	 * if its cookie, the newest, is at or past the hint's; a hint from
	 * an offset past every cookie (lseek) stays at the end. */
	if (d->tn_hintvalid && d->tn_hint == NULL &&
	    de->td_cookie >= d->tn_hintcookie)
		d->tn_hint = de;
	d->tn_nentries++;
	dir_touch(dnode);
}

void
rk_tmpfs_dir_detach(struct tmpfs_node *dnode, struct tmpfs_dirent *de)
{
	struct tmpfs_dir *d = &dnode->tn_u.tn_dir;
	struct tmpfs_dirent **pp;

	dir_assert_locked(dnode, true);
	for (pp = &d->tn_hash[de->td_hash & (d->tn_hashsize - 1)]; *pp != de;
	    pp = &(*pp)->td_hnext)
		RK_ASSERT(*pp != NULL);
	*pp = de->td_hnext;
	if (d->tn_hintvalid && d->tn_hint == de)
		d->tn_hint = de->td_next;	/* still the first >= cookie */
	if (de->td_prev != NULL)
		de->td_prev->td_next = de->td_next;
	else
		d->tn_head = de->td_next;
	if (de->td_next != NULL)
		de->td_next->td_prev = de->td_prev;
	else
		d->tn_tail = de->td_prev;
	d->tn_nentries--;
	dir_touch(dnode);
}

int
rk_tmpfs_dir_readdir(struct tmpfs_node *dnode, struct rk_uio *uio)
{
	struct tmpfs_dir *d = &dnode->tn_u.tn_dir;
	struct tmpfs_dirent *de;
	struct tmpfs_node *parent;
	off_t off = uio->uio_offset;
	bool any = false;
	int error = 0;

	dir_assert_locked(dnode, false);
	if (off < 0)
		return RK_EINVAL;
	if (off == COOKIE_DOT) {
		error = rk_dirent_emit(uio, dnode->tn_ino, ".", 1, RK_DT_DIR);
		if (error != 0)
			goto out;
		any = true;
		off = uio->uio_offset = COOKIE_DOTDOT;
	}
	if (off == COOKIE_DOTDOT) {
		/* A removed directory has no parent; show itself. */
		parent = d->tn_parent != NULL ? d->tn_parent : dnode;
		error = rk_dirent_emit(uio, parent->tn_ino, "..", 2,
		    RK_DT_DIR);
		if (error != 0)
			goto out;
		any = true;
		off = uio->uio_offset = COOKIE_FIRST;
	}

	/* Concurrent readers (the directory lock is shared) serialise on
	 * the hint with the vnode lock; the entries cannot change. */
	rk_mutex_enter(&dnode->tn_vnode->v_lock);
	if (d->tn_hintvalid && d->tn_hintcookie == off) {
		de = d->tn_hint;
		rk_mutex_exit(&dnode->tn_vnode->v_lock);
	} else {
		rk_mutex_exit(&dnode->tn_vnode->v_lock);
		for (de = d->tn_head; de != NULL && de->td_cookie < off;
		    de = de->td_next)
			continue;
	}
	for (; de != NULL; de = de->td_next) {
		error = rk_dirent_emit(uio, de->td_node->tn_ino, de->td_name,
		    de->td_namelen, rk_vtype_to_dt(de->td_node->tn_type));
		if (error != 0)
			break;
		any = true;
		uio->uio_offset = de->td_next != NULL ?
		    de->td_next->td_cookie : d->tn_nextcookie;
	}
	rk_mutex_enter(&dnode->tn_vnode->v_lock);
	d->tn_hintvalid = true;
	d->tn_hintcookie = uio->uio_offset;
	d->tn_hint = de;
	rk_mutex_exit(&dnode->tn_vnode->v_lock);
out:
	/* A buffer too small for the next record is EINVAL (NetBSD); a
	 * full buffer after some records is a normal short read. */
	if (error == RK_ENOSPC)
		error = any ? 0 : RK_EINVAL;
	if (error == 0) {
		rk_mutex_enter(&dnode->tn_vnode->v_lock);
		rk_tmpfs_now(&dnode->tn_atime);
		rk_mutex_exit(&dnode->tn_vnode->v_lock);
	}
	return error;
}
