# SPDX-License-Identifier: BSD-2-Clause
"""The mutations tests/mutation/mutate.py applies, one contract rule each.

Every entry:
  id      short unique name; _u / _k: which hypervisor (none: hyp/common)
  suites  the suite(s) that must fail with it: 'user' (ct-user), 'kernel'
          (rumpvisor_ct.ko in the VM)
  desc    the rule being broken, one line
  edits   [fn(path, function, text, replacement), ...] or
          decl(path, name, text, replacement) for a file-scope
          declaration: the text is replaced within that function's
          definition (head and body) or that declaration, where it must
          occur exactly once, and the function or declaration must exist
          exactly once in the file.  Anything else makes the mutation
          stale (`mutate.py --check` lists them): the code moved or was
          renamed, update the entry.

Keep the mutated code compiling without warnings (-Werror): silence a
now-unused variable with "(void)x;" rather than leaving it.
"""

from collections import namedtuple

Edit = namedtuple('Edit', 'path kind name old new')


def fn(path, function, old, new):
    """Replace old by new inside the definition of function in path."""
    return Edit(path, 'function', function, old, new)


def decl(path, name, old, new):
    """Replace old by new inside the file-scope declaration of name."""
    return Edit(path, 'declaration', name, old, new)


U, K = ('user',), ('kernel',)
BOTH = ('user', 'kernel')

UM, KM = 'hyp/user/mutex.c', 'hyp/linux/mutex.c'
UC, KC = 'hyp/user/condvar.c', 'hyp/linux/condvar.c'
UR, KR = 'hyp/user/rwlock.c', 'hyp/linux/rwlock.c'
UCL, KCL = 'hyp/user/clock.c', 'hyp/linux/clock.c'
UT, KT = 'hyp/user/threads.c', 'hyp/linux/threads.c'
UB, KB = 'hyp/user/bio.c', 'hyp/linux/bio.c'

MUTATIONS = [
    # ------------------------------------------------------------ mutexes
    dict(id='mtx_enter_nounsched_u', suites=U,
         desc='mutex_enter blocks on contention without unscheduling',
         edits=[fn(UM, 'rumpuser_mutex_enter',
                   '\t\t\thyp_unsched(&nlocks, NULL);\n'
                   '\t\t\tpthread_mutex_lock(&mtx->pthmtx);\n'
                   '\t\t\thyp_sched(nlocks, NULL);\n',
                   '\t\t\t(void)nlocks;\n'
                   '\t\t\tpthread_mutex_lock(&mtx->pthmtx);\n')]),
    dict(id='mtx_enter_nounsched_k', suites=K,
         desc='mutex_enter blocks on contention without unscheduling',
         edits=[fn(KM, 'rumpuser_mutex_enter',
                   '\t\thyp_unschedule(&nlocks, NULL);\n'
                   '\t\tmtx_lock_slow(mtx);\n'
                   '\t\thyp_schedule(nlocks, NULL);\n',
                   '\t\t(void)nlocks;\n'
                   '\t\tmtx_lock_slow(mtx);\n')]),
    dict(id='mtx_spin_unsched_u', suites=U,
         desc='a SPIN mutex_enter gives up the CPU when contended',
         edits=[fn(UM, 'rumpuser_mutex_enter',
                   '\t\tif (mtx->flags & RUMPUSER_MTX_SPIN) {\n'
                   '\t\t\tpthread_mutex_lock',
                   '\t\tif (0) {\n\t\t\tpthread_mutex_lock')]),
    dict(id='mtx_spin_unsched_k', suites=K,
         desc='a SPIN mutex_enter gives up the CPU when contended',
         edits=[fn(KM, 'rumpuser_mutex_enter',
                   '\tif (mtx->flags & RUMPUSER_MTX_SPIN) {\n'
                   '\t\trumpuser_mutex_enter_nowrap(mtx);',
                   '\tif (0) {\n\t\trumpuser_mutex_enter_nowrap(mtx);')]),
    dict(id='mtx_owner_unset_u', suites=U,
         desc='a KMUTEX taken by mutex_enter does not record its owner',
         edits=[fn(UM, 'rumpuser_mutex_enter',
                   '\t\t}\n\t}\n\tif (mtx->flags & RUMPUSER_MTX_KMUTEX)\n'
                   '\t\thyp_mtx_set_owner(mtx, hyp_curlwp());',
                   '\t\t}\n\t}\n\tif (mtx->flags & RUMPUSER_MTX_KMUTEX)\n'
                   '\t\thyp_mtx_set_owner(mtx, NULL);')]),
    dict(id='mtx_owner_unset_k', suites=K,
         desc='a KMUTEX does not record its owner',
         edits=[fn(KM, 'mtx_set_owner', 'mtx->owner = rumpuser_curlwp();',
                   'mtx->owner = NULL;')]),
    dict(id='mtx_no_tryfirst_u', suites=U,
         desc='mutex_enter does not try first: unschedules even uncontended',
         edits=[fn(UM, 'rumpuser_mutex_enter',
                   '\tif (pthread_mutex_trylock(&mtx->pthmtx) != 0) {\n'
                   '\t\tif (mtx->flags',
                   '\tif (1) {\n\t\tif (mtx->flags')]),
    dict(id='mtx_no_tryfirst_k', suites=K,
         desc='mutex_enter does not try first: unschedules even uncontended',
         edits=[fn(KM, 'rumpuser_mutex_enter',
                   '\t\trumpuser_mutex_enter_nowrap(mtx);\n'
                   '\t\treturn;\n\t}\n',
                   '\t\trumpuser_mutex_enter_nowrap(mtx);\n'
                   '\t\treturn;\n\t}\n'
                   '\thyp_unschedule(&nlocks, NULL);\n'
                   '\thyp_schedule(nlocks, NULL);\n')]),
    dict(id='mtx_tryenter_busy0_u', suites=U,
         desc='mutex_tryenter returns 0 on a held mutex',
         edits=[fn(UM, 'rumpuser_mutex_tryenter',
                   '\t\treturn RV_EBUSY;', '\t\treturn 0;')]),
    dict(id='mtx_tryenter_busy0_k', suites=K,
         desc='mutex_tryenter returns 0 on a held mutex',
         edits=[fn(KM, 'rumpuser_mutex_tryenter',
                   '\tif (!mtx_trylock(mtx))\n\t\treturn RV_EBUSY;',
                   '\tif (!mtx_trylock(mtx))\n\t\treturn 0;')]),

    # ------------------------------------------------------------ condvars
    dict(id='cv_wait_nounsched_u', suites=U,
         desc='cv_wait sleeps without unscheduling',
         edits=[fn(UC, 'rumpuser_cv_wait',
                   '\tcv_enter(cv, mtx);\n\thyp_unsched(&nlocks, mtx);\n'
                   '\tpthread_cond_wait(&cv->pthcv, &mtx->pthmtx);\n'
                   '\tcv_resched(mtx, nlocks);\n',
                   '\tcv_enter(cv, mtx);\n\t(void)nlocks;\n'
                   '\tpthread_cond_wait(&cv->pthcv, &mtx->pthmtx);\n')]),
    dict(id='cv_wait_nounsched_k', suites=K,
         desc='cv_wait sleeps without unscheduling',
         edits=[fn(KC, 'rumpuser_cv_wait', '\thyp_unschedule(&nlocks, mtx);\n'
                   '\trv_mutex_release(mtx);\n'
                   '\tcv_sleep(cv, &w, NULL);\n'
                   '\tcv_reenter(mtx, nlocks);\n',
                   '\t(void)nlocks;\n'
                   '\trv_mutex_release(mtx);\n'
                   '\tcv_sleep(cv, &w, NULL);\n'
                   '\trumpuser_mutex_enter_nowrap(mtx);\n')]),
    dict(id='cv_wait_nullinterlock_u', suites=U,
         desc='cv_wait unschedules with NULL, not the mutex, as interlock',
         edits=[fn(UC, 'rumpuser_cv_wait',
                   '\tcv_enter(cv, mtx);\n\thyp_unsched(&nlocks, mtx);\n'
                   '\tpthread_cond_wait(',
                   '\tcv_enter(cv, mtx);\n\thyp_unsched(&nlocks, NULL);\n'
                   '\tpthread_cond_wait(')]),
    dict(id='cv_wait_nullinterlock_k', suites=K,
         desc='cv_wait unschedules with NULL, not the mutex, as interlock',
         edits=[fn(KC, 'rumpuser_cv_wait', '\thyp_unschedule(&nlocks, mtx);\n'
                   '\trv_mutex_release(mtx);\n'
                   '\tcv_sleep(cv, &w, NULL);',
                   '\thyp_unschedule(&nlocks, NULL);\n'
                   '\trv_mutex_release(mtx);\n'
                   '\tcv_sleep(cv, &w, NULL);')]),
    dict(id='cv_spinkmutex_order_u', suites=U,
         desc='cv wake-up takes a SPIN|KMUTEX mutex before the CPU',
         edits=[fn(UC, 'cv_resched',
                   '\t\tpthread_mutex_unlock(&mtx->pthmtx);\n'
                   '\t\thyp_sched(nlocks, mtx);\n'
                   '\t\tpthread_mutex_lock(&mtx->pthmtx);\n',
                   '\t\thyp_sched(nlocks, mtx);\n')]),
    dict(id='cv_spinkmutex_order_k', suites=K,
         desc='cv wake-up takes a SPIN|KMUTEX mutex before the CPU',
         edits=[fn(KC, 'cv_reenter', '\t\thyp_schedule(nlocks, mtx);\n'
                   '\t\trumpuser_mutex_enter_nowrap(mtx);\n',
                   '\t\trumpuser_mutex_enter_nowrap(mtx);\n'
                   '\t\thyp_schedule(nlocks, mtx);\n')]),
    dict(id='cv_signal_all_u', suites=U,
         desc='cv_signal wakes every waiter',
         edits=[fn(UC, 'rumpuser_cv_signal',
                   'pthread_cond_signal(&cv->pthcv);',
                   'pthread_cond_broadcast(&cv->pthcv);')]),
    dict(id='cv_signal_all_k', suites=K,
         desc='cv_signal wakes every waiter',
         edits=[fn(KC, 'rumpuser_cv_signal',
                   '\tif (!list_empty(&cv->waiters))\n'
                   '\t\tcv_wake(list_first_entry(&cv->waiters, '
                   'struct cv_waiter, link));',
                   '\twhile (!list_empty(&cv->waiters))\n'
                   '\t\tcv_wake(list_first_entry(&cv->waiters, '
                   'struct cv_waiter, link));')]),
    dict(id='cv_signal_lifo_k', suites=K,
         desc='cv_signal wakes the newest waiter, not the oldest',
         edits=[fn(KC, 'rumpuser_cv_signal',
                   'cv_wake(list_first_entry(&cv->waiters, '
                   'struct cv_waiter, link));',
                   'cv_wake(list_last_entry(&cv->waiters, '
                   'struct cv_waiter, link));')]),
    dict(id='cv_timedwait_0_u', suites=U,
         desc='cv_timedwait returns 0 when the time ran out',
         edits=[fn(UC, 'rumpuser_cv_timedwait',
                   'return rc == ETIMEDOUT ? RV_ETIMEDOUT : 0;',
                   'return 0;')]),
    dict(id='cv_timedwait_0_k', suites=K,
         desc='cv_timedwait returns 0 when the time ran out',
         edits=[fn(KC, 'cv_sleep',
                   '\t\t\tret = RV_ETIMEDOUT;', '\t\t\tret = 0;')]),
    dict(id='cv_has_waiters_0_u', suites=U,
         desc='cv_has_waiters always says none',
         edits=[fn(UC, 'rumpuser_cv_has_waiters',
                   '*waiters = __atomic_load_n(&cv->nwaiters, '
                   '__ATOMIC_RELAXED);', '*waiters = ((void)cv, 0);')]),
    dict(id='cv_has_waiters_0_k', suites=K,
         desc='cv_has_waiters always says none',
         edits=[fn(KC, 'rumpuser_cv_has_waiters',
                   '*waiters = !list_empty(&cv->waiters);',
                   '*waiters = 0;')]),

    # ------------------------------------------------------------ rwlocks
    dict(id='rw_upgrade_2readers_u', suites=U,
         desc='rw_tryupgrade succeeds while another reader holds the lock',
         edits=[fn(UR, 'rumpuser_rw_tryupgrade',
                   'if (rw->readers == 1 && !rw->writer) {',
                   'if (rw->readers >= 1 && !rw->writer) {')]),
    dict(id='rw_upgrade_2readers_k', suites=K,
         desc='rw_tryupgrade succeeds while another reader holds the lock',
         edits=[fn(KR, 'rumpuser_rw_tryupgrade', '\tif (rw->readers == 1) {',
                   '\tif (rw->readers >= 1) {')]),
    dict(id='rw_held_anywriter_u', suites=U,
         desc='rw_held(WRITER) is true for any thread, not just the writer',
         edits=[fn(UR, 'rumpuser_rw_held',
                   '*held = __atomic_load_n(&rw->writer, '
                   '__ATOMIC_RELAXED) &&\n'
                   '\t\t\t__atomic_load_n(&rw->wowner, __ATOMIC_RELAXED) ==\n'
                   '\t\t\thyp_curlwp();',
                   '*held = __atomic_load_n(&rw->writer, '
                   '__ATOMIC_RELAXED);')]),
    dict(id='rw_held_anywriter_k', suites=K,
         desc='rw_held(WRITER) is true for any thread, not just the writer',
         edits=[fn(KR, 'rumpuser_rw_held', '*held = readers < 0 &&\n'
                   '\t\t\tREAD_ONCE(rw->writer) == rumpuser_curlwp();',
                   '*held = readers < 0;')]),
    dict(id='rw_enter_nounsched_u', suites=U,
         desc='rw_enter blocks without unscheduling',
         edits=[fn(UR, 'rumpuser_rw_enter',
                   '\t\t\thyp_unsched(&nlocks, NULL);\n'
                   '\t\t\tunscheduled = 1;', '\t\t\tunscheduled = 1;'),
                fn(UR, 'rumpuser_rw_enter',
                   '\tif (unscheduled)\n\t\thyp_sched(nlocks, NULL);',
                   '\t(void)nlocks;')]),
    dict(id='rw_enter_nounsched_k', suites=K,
         desc='rw_enter blocks without unscheduling',
         edits=[fn(KR, 'rumpuser_rw_enter',
                   '\thyp_unschedule(&nlocks, NULL);\n'
                   '\trw_enter_slow(lk, rw);\n'
                   '\thyp_schedule(nlocks, NULL);',
                   '\t(void)nlocks;\n\trw_enter_slow(lk, rw);')]),

    # ------------------------------------------------------------ clocks
    dict(id='clock_sleep_nounsched_u', suites=U,
         desc='clock_sleep sleeps without unscheduling',
         edits=[fn(UCL, 'rumpuser_clock_sleep',
                   '\thyp_unsched(&nlocks, NULL);\n\t/* A relative',
                   '\tnlocks = 0;\n\t/* A relative'),
                fn(UCL, 'rumpuser_clock_sleep', '\thyp_sched(nlocks, NULL);\n',
                   '\t(void)nlocks;\n')]),
    dict(id='clock_sleep_nounsched_k', suites=K,
         desc='clock_sleep sleeps without unscheduling',
         edits=[fn(KCL, 'rumpuser_clock_sleep',
                   '\thyp_unschedule(&nlocks, NULL);\n',
                   '\tnlocks = 0;\n'),
                fn(KCL, 'rumpuser_clock_sleep',
                   '\thyp_schedule(nlocks, NULL);\n',
                   '\t(void)nlocks;\n')]),
    dict(id='clock_absmono_rel_u', suites=U,
         desc='clock_sleep treats an ABSMONO deadline as a duration',
         edits=[fn(UCL, 'rumpuser_clock_sleep',
                   '\t\tflags = TIMER_ABSTIME;', '\t\tflags = 0;')]),
    dict(id='clock_absmono_rel_k', suites=K,
         desc='clock_sleep treats an ABSMONO deadline as a duration',
         edits=[fn(KCL, 'rumpuser_clock_sleep',
                   'deadline = sec < 0 ? 0 : ktime_set(sec, nsec);',
                   'deadline = ktime_add_safe(ktime_get(), '
                   'ktime_set(sec < 0 ? 0 : sec, nsec));')]),
    dict(id='clock_jiffies_k', suites=K,
         desc='clock_sleep rounds a relative sleep up to jiffies plus one '
         '(msleep-like)',
         edits=[fn(KCL, 'rumpuser_clock_sleep',
                   'deadline = ktime_add_safe(ktime_get(), '
                   'ktime_set(sec, nsec));',
                   'deadline = ktime_add_safe(ktime_get(), ns_to_ktime('
                   'jiffies_to_nsecs(nsecs_to_jiffies(ktime_to_ns('
                   'ktime_set(sec, nsec))) + 1)));')]),

    # ------------------------------------------------------------ threads
    dict(id='thread_join_nounsched_u', suites=U,
         desc='thread_join waits without unscheduling',
         edits=[fn(UT, 'rumpuser_thread_join',
                   '\thyp_unsched(&nlocks, NULL);\n\trc = pthread_join',
                   '\tnlocks = 0;\n\trc = pthread_join'),
                fn(UT, 'rumpuser_thread_join', '\thyp_sched(nlocks, NULL);\n',
                   '\t(void)nlocks;\n')]),
    dict(id='thread_join_nounsched_k', suites=K,
         desc='thread_join waits without unscheduling',
         edits=[fn(KT, 'rumpuser_thread_join',
                   '\thyp_unschedule(&nlocks, NULL);\n'
                   '\twhile (wait_for_completion_state',
                   '\tnlocks = 0;\n\twhile (wait_for_completion_state'),
                fn(KT, 'rumpuser_thread_join',
                   '\thyp_schedule(nlocks, NULL);\n\trv_thread_put(t);',
                   '\t(void)nlocks;\n\trv_thread_put(t);')]),
    dict(id='curlwp_global_u', suites=U,
         desc='curlwp is one global, not per host thread',
         edits=[decl('hyp/user/hyp.h', 'hyp_u_curlwp',
                     'extern __thread struct lwp *hyp_u_curlwp'
                     '\n\t__attribute__((__tls_model__("initial-exec"))) '
                     'HYP_HIDDEN;',
                     'extern struct lwp *hyp_u_curlwp HYP_HIDDEN;'),
                decl('hyp/user/curlwp.c', 'hyp_u_curlwp',
                     '__thread struct lwp *hyp_u_curlwp;',
                     'struct lwp *hyp_u_curlwp;')]),
    dict(id='curlwp_global_k', suites=K,
         desc='curlwp is one global, not per host thread',
         edits=[decl('hyp/linux/curlwp.c', 'lwp_noverflow',
                     'static atomic_t lwp_noverflow = ATOMIC_INIT(0);',
                     'static atomic_t lwp_noverflow = ATOMIC_INIT(0);\n'
                     'static struct lwp *mut_lwp;'),
                # The real lookup stays, renamed and unused.
                fn('hyp/linux/curlwp.c', 'rumpuser_curlwp',
                   'struct lwp *rumpuser_curlwp(void)\n{\n',
                   'struct lwp *rumpuser_curlwp(void)\n{\n'
                   '\treturn READ_ONCE(mut_lwp);\n}\n\n'
                   'static __maybe_unused struct lwp *mut_curlwp(void)\n{\n'),
                fn('hyp/linux/curlwp.c', 'rumpuser_curlwpop',
                   '\t\ts->lwp = l;\n\t\treturn;',
                   '\t\ts->lwp = l;\n\t\tWRITE_ONCE(mut_lwp, l);\n'
                   '\t\treturn;')]),

    # ------------------------------------------------------------ params, init
    dict(id='param_no_e2big', suites=BOTH,
         desc='getparam truncates a value that does not fit instead of '
         'E2BIG',
         edits=[fn('hyp/common/param.c', 'rv_param_copy',
                   '\tif (n + 1 > buflen)\n\t\treturn RV_E2BIG;',
                   '\tif (n + 1 > buflen) {\n\t\tif (!buflen)\n'
                   '\t\t\treturn 0;\n\t\tn = buflen - 1;\n'
                   '\t\tout[n] = 0;\n\t}')]),
    dict(id='param_unknown_0', suites=BOTH,
         desc='getparam of an unknown name returns 0',
         edits=[fn('hyp/common/param.c', 'rv_param_unknown',
                   'return name[0] == \'_\' ? RV_EINVAL : RV_ENOENT;',
                   '(void)name;\n\treturn 0;')]),
    dict(id='init_any_version_u', suites=U,
         desc='rumpuser_init accepts any interface version',
         edits=[fn('hyp/user/init.c', 'rumpuser_init',
                   'if (version != RUMPUSER_VERSION || hyp == NULL)',
                   'if (hyp == NULL || version < 0)')]),
    dict(id='init_any_version_k', suites=K,
         desc='rumpuser_init accepts any interface version',
         edits=[fn('hyp/linux/module.c', 'rumpuser_init',
                   '\tif (version != RUMPUSER_VERSION) {\n\t\tpr_err',
                   '\tif (0) {\n\t\tpr_err')]),

    # ------------------------------------------------------------ memory
    dict(id='malloc_noalign_u', suites=U,
         desc='malloc ignores the alignment argument',
         edits=[fn('hyp/user/memory.c', 'rumpuser_malloc',
                   '\tif (alignment > HEAP_ALIGN) {',
                   '\tif (0) {')]),
    dict(id='malloc_noalign_k', suites=K,
         desc='malloc ignores the alignment argument',
         edits=[fn('hyp/linux/memory.c', 'rumpuser_malloc',
                   'p = mem_get(len, alignment, RV_GFP);',
                   'p = mem_get(len, 0, RV_GFP);')]),
    dict(id='anonmmap_nozero_u', suites=U,
         desc='anonmmap returns memory that is not zeroed',
         edits=[fn('hyp/user/memory.c', 'rumpuser_anonmmap',
                   '\t\t*memp = p;\n\t\treturn 0;',
                   '\t\t__builtin_memset(p, 0xa5, size);\n'
                   '\t\t*memp = p;\n\t\treturn 0;'),
                fn('hyp/user/memory.c', 'rumpuser_anonmmap',
                   '\t*memp = (void *)start;',
                   '\t__builtin_memset((void *)start, 0xa5, size);\n'
                   '\t*memp = (void *)start;')]),
    dict(id='anonmmap_nozero_k', suites=K,
         desc='anonmmap returns memory that is not zeroed',
         edits=[fn('hyp/linux/memory.c', 'rumpuser_anonmmap',
                   '\t\treturn RV_ENOMEM;\n\tmem_count(1, size);',
                   '\t\treturn RV_ENOMEM;\n\tmemset(p, 0xa5, size);\n'
                   '\tmem_count(1, size);')]),

    # ------------------------------------------------------------ block I/O
    dict(id='bio_nosched_u', suites=U,
         desc='bio calls biodone without taking a virtual CPU',
         edits=[fn(UB, 'bio_complete', '\thyp_sched(0, NULL);\n'
                   '\tr->biodone(r->arg, done, error);\n'
                   '\thyp_unsched(&nlocks, NULL);',
                   '\t(void)nlocks;\n\tr->biodone(r->arg, done, error);')]),
    dict(id='bio_nosched_k', suites=K,
         desc='bio calls biodone without taking a virtual CPU',
         edits=[fn(KB, 'bio_main', '\t\thyp_schedule(0, NULL);\n'
                   '\t\tr->biodone(r->arg, done, rv_errno_to_netbsd(err));\n'
                   '\t\thyp_unschedule(&nlocks, NULL);',
                   '\t\t(void)nlocks;\n'
                   '\t\tr->biodone(r->arg, done, rv_errno_to_netbsd(err));')]),
    dict(id='bio_count_u', suites=U,
         desc='biodone reports the bytes asked for, not the bytes moved',
         edits=[fn(UB, 'bio_thread', 'bio_complete(r, done, error);',
                   'bio_complete(r, r->dlen, error);')]),
    dict(id='bio_count_k', suites=K,
         desc='biodone reports the bytes asked for, not the bytes moved',
         edits=[fn(KB, 'bio_main',
                   'r->biodone(r->arg, done, rv_errno_to_netbsd(err));',
                   'r->biodone(r->arg, r->dlen, rv_errno_to_netbsd(err));')]),

    # ------------------------------------------------------------ files
    dict(id='iovread_nooff_u', suites=U,
         desc='iovread ignores the offset (reads at the file position)',
         edits=[fn('hyp/user/file.c', 'iov_transfer',
                   'preadv(fd, v, (int)iovcnt, (off_t)off);',
                   'readv(fd, v, (int)iovcnt);')]),
    dict(id='iovread_nooff_k', suites=K,
         desc='iovread ignores the offset (reads at the file position)',
         edits=[fn('hyp/linux/file.c', 'rumpuser_iovread',
                   'return file_iov(fd, iov, iovcnt, off, done, false);',
                   'return file_iov(fd, iov, iovcnt, RUMPUSER_IOV_NOSEEK, '
                   'done, false);')]),
    dict(id='open_unconfined_k', suites=K,
         desc='open of a name outside the files directory opens the host '
         'path',
         edits=[fn('hyp/linux/file.c', 'file_open_confined',
                   '\tif (!rel)\n\t\treturn ERR_PTR(-ENOENT);',
                   '\tif (!rel)\n\t\treturn filp_open(name, flags, mode);')]),

    # ------------------------------------------------------------ errno, random
    dict(id='seterrno_lost_u', suites=U,
         desc='seterrno does not set the calling thread\'s errno',
         edits=[fn('hyp/user/exit.c', 'rumpuser_seterrno',
                   '\terrno = error;', '\t(void)error;')]),
    dict(id='seterrno_global_k', suites=K,
         desc='seterrno keeps one global errno, not one per thread',
         edits=[decl('hyp/linux/exit.c', 'rv_self_signals',
                     'static int rv_self_signals;',
                     'static int rv_self_signals;\nstatic int mut_errno;'),
                fn('hyp/linux/exit.c', 'rumpuser_seterrno',
                   '\trv_lwp_set_errno(error);',
                   '\tWRITE_ONCE(mut_errno, error);'),
                fn('hyp/linux/exit.c', 'rumpvisor_errno',
                   '\treturn rv_lwp_get_errno();',
                   '\treturn READ_ONCE(mut_errno);')]),
    dict(id='getrandom_short_u', suites=U,
         desc='getrandom fills half the buffer but reports all of it',
         edits=[fn('hyp/user/random.c', 'rumpuser_getrandom',
                   'buflen - done, gflags);',
                   '(buflen - done) / 2 + 1, gflags);'),
                fn('hyp/user/random.c', 'rumpuser_getrandom',
                   '\twhile (done < buflen) {',
                   '\twhile (done < buflen / 2) {'),
                fn('hyp/user/random.c', 'rumpuser_getrandom', '\t*got = done;',
                   '\t*got = rv ? done : buflen;')]),
    dict(id='getrandom_short_k', suites=K,
         desc='getrandom fills half the buffer but reports all of it',
         edits=[fn('hyp/linux/random.c', 'rumpuser_getrandom',
                   'get_random_bytes(buf, buflen);',
                   'get_random_bytes(buf, buflen / 2);')]),
]
