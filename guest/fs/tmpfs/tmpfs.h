/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tmpfs: a file system in kernel memory.  Internal to guest/fs/tmpfs.
 *
 * Every node has its vnode for its whole life (allocated together), so
 * lookups never build vnodes; a node goes away when it has no links and
 * no references (vop_inactive/vop_reclaim) or at unmount.
 */
#ifndef RK_TMPFS_H
#define RK_TMPFS_H

#include <rk/types.h>
#include <rk/lock.h>
#include <rk/vfs.h>

#define TMPFS_PAGE	4096
#define TMPFS_FAN	(TMPFS_PAGE / sizeof(void *))	/* pointers per block */
#define TMPFS_MAXSIZE	((off_t)1 << 40)		/* EFBIG beyond */

struct tmpfs_node;

/* A directory entry: in the directory's hash chain and ordered list. */
struct tmpfs_dirent {
	struct tmpfs_dirent *td_hnext;
	struct tmpfs_dirent *td_next, *td_prev;
	struct tmpfs_node *td_node;
	off_t td_cookie;		/* getdents offset, never reused */
	uint32_t td_hash;
	uint16_t td_namelen;
	char td_name[];
};

struct tmpfs_dir {
	struct tmpfs_node *tn_parent;	/* NULL once removed */
	struct tmpfs_dirent **tn_hash;
	uint32_t tn_hashsize;		/* power of two */
	uint32_t tn_nentries;
	struct tmpfs_dirent *tn_head, *tn_tail;
	off_t tn_nextcookie;
	/* Resume point of the last getdents: the first entry with a
	 * cookie >= tn_hintcookie (NULL: the end). */
	bool tn_hintvalid;
	off_t tn_hintcookie;
	struct tmpfs_dirent *tn_hint;
};

/* File data: a radix tree of page pointers (tmpfs_pages.c); a NULL
 * block or page is a hole that reads as zeros. */
struct tmpfs_reg {
	void *tn_root;			/* block at level tn_height */
	unsigned tn_height;		/* 0: no pages */
	size_t tn_nblocks;		/* allocated tree blocks */
	int64_t tn_npages;		/* allocated pages */
};

struct tmpfs_lnk {
	char *tn_target;
	size_t tn_len;
};

/*
 * A node.  Its attributes (mode, link count, size, times) change under
 * its vnode's v_lock, which getattr holds; a directory's entries and
 * tn_parent under its directory lock (rk/vfs.h).
 */
struct tmpfs_node {
	struct vnode *tn_vnode;
	enum rk_vtype tn_type;
	mode_t tn_mode;
	nlink_t tn_nlink;
	ino_t tn_ino;
	off_t tn_size;
	uint32_t tn_gen;
	struct rk_timespec tn_atime, tn_mtime, tn_ctime, tn_birthtime;
	struct tmpfs_node *tn_next, *tn_prev;	/* tm_lock */
	union {
		struct tmpfs_dir tn_dir;
		struct tmpfs_reg tn_reg;
		struct tmpfs_lnk tn_lnk;
	} tn_u;
};

struct tmpfs_mount {
	struct rk_mutex tm_lock;	/* tm_nodes, tm_nextino */
	struct tmpfs_node *tm_nodes;
	ino_t tm_nextino;
	struct tmpfs_node *tm_root;
};

#define VP_TO_TN(vp)	((struct tmpfs_node *)(vp)->v_data)

extern const struct rk_vnodeops rk_tmpfs_vnodeops;

/* tmpfs_vfsops.c */
int rk_tmpfs_newnode(struct mount *mp, struct tmpfs_node *dnode,
    enum rk_vtype type, mode_t mode, const char *name, size_t len,
    const char *target, struct vnode **vpp);
void rk_tmpfs_freenode(struct tmpfs_node *node);
/* Now, for a node's times: the coarse wall clock (rk_time_coarse). */
void rk_tmpfs_now(struct rk_timespec *ts);
void rk_tmpfs_nlink_add(struct tmpfs_node *node, int delta, bool ctime);

/* tmpfs_dir.c */
int rk_tmpfs_dir_init(struct tmpfs_node *dnode);
void rk_tmpfs_dir_fini(struct tmpfs_node *dnode);
struct tmpfs_dirent *rk_tmpfs_dir_lookup(struct tmpfs_node *dnode,
    const char *name, size_t len);
struct tmpfs_dirent *rk_tmpfs_dirent_alloc(const char *name, size_t len);
void rk_tmpfs_dirent_free(struct tmpfs_dirent *de);
void rk_tmpfs_dir_attach(struct tmpfs_node *dnode, struct tmpfs_dirent *de,
    struct tmpfs_node *node);
void rk_tmpfs_dir_detach(struct tmpfs_node *dnode, struct tmpfs_dirent *de);
int rk_tmpfs_dir_readdir(struct tmpfs_node *dnode, struct rk_uio *uio);

/* tmpfs_file.c */
int rk_tmpfs_reg_read(struct tmpfs_node *node, struct rk_uio *uio);
int rk_tmpfs_reg_write(struct tmpfs_node *node, struct rk_uio *uio,
    int ioflag);
int rk_tmpfs_reg_truncate(struct tmpfs_node *node, off_t len);
void rk_tmpfs_reg_free(struct tmpfs_node *node);

/* tmpfs_pages.c */
void *rk_tmpfs_page_get(struct tmpfs_reg *r, uint64_t pg);
void *rk_tmpfs_page_alloc(struct tmpfs_reg *r, uint64_t pg, bool whole,
    bool *fresh);
void rk_tmpfs_page_drop(struct tmpfs_reg *r, uint64_t pg);
void rk_tmpfs_pages_free_from(struct tmpfs_reg *r, uint64_t first);

#endif /* RK_TMPFS_H */
