# SPDX-License-Identifier: BSD-2-Clause
"""The mutations tests/mutation/mutate.py applies, one broken rule each.

Every entry:
  id      short unique name; _u / _k: which hypervisor (none: shared code
          in hyp/common, or the guest)
  suites  the check(s) that must fail with it (mutate.py SUITES):
            'user'              the conformance suite natively (ct-user)
            'kernel'            the conformance suite in the kernel
                                (rumpvisor_ct.ko quick=1 in the VM)
            'kernel-instances'  the instance tests in the VM
                                (tests/vm/check-instances.sh, as `make
                                check-instances` runs them)
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

Breaks that have no mutation because they are not breaks (the mutant
behaves the same under every test and by construction):
- confinement without LOOKUP_NO_MAGICLINKS: a scoped lookup
  (LOOKUP_BENEATH) refuses every magic link by itself in Linux 6.1
  (fs/namei.c nd_jump_link: "not currently safe for scoped lookups"), so
  the escape is still refused (EXDEV, reported as ENOENT, instead of
  ELOOP).  The flag stays as defence should a later kernel allow magic
  links in scoped lookups; confine_no_beneath_k drops the scope itself.
- a pool worker that keeps its binding while idle, when its next job
  binds it afresh anyway: nothing runs guest code on an idle worker.  The
  breaks that matter are the next job starting with the old binding
  (pool_keeps_lwp_k, pool_wrong_instance_k).
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
INST = ('kernel-instances',)

UM, KM = 'hyp/user/mutex.c', 'hyp/linux/mutex.c'
UC, KC = 'hyp/user/condvar.c', 'hyp/linux/condvar.c'
UR, KR = 'hyp/user/rwlock.c', 'hyp/linux/rwlock.c'
UCL, KCL = 'hyp/user/clock.c', 'hyp/linux/clock.c'
UT, KT = 'hyp/user/threads.c', 'hyp/linux/threads.c'
KLWP = 'hyp/linux/curlwp.c'
KMEM = 'hyp/linux/memory.c'
KPOOL = 'hyp/linux/pool.c'
KINST = 'hyp/linux/instance.c'
KCONF = 'hyp/linux/confine.c'
CBIO = 'hyp/common/bio.c'

# The unschedule/schedule pair around a blocking wait, as both
# hypervisors write it (hyp.h: rv_up_backend_unschedule/_schedule).
UNSCHED = 'rv_up_backend_unschedule(&nlocks, NULL);'
SCHED = 'rv_up_backend_schedule(nlocks, NULL);'

MUTATIONS = [
    # ------------------------------------------------------------ mutexes
    dict(id='mtx_enter_nounsched_u', suites=U,
         desc='mutex_enter blocks on contention without unscheduling',
         edits=[fn(UM, 'rumpuser_mutex_enter',
                   '\t\t\t' + UNSCHED + '\n'
                   '\t\t\tpthread_mutex_lock(&mtx->pthmtx);\n'
                   '\t\t\t' + SCHED + '\n',
                   '\t\t\t(void)nlocks;\n'
                   '\t\t\tpthread_mutex_lock(&mtx->pthmtx);\n')]),
    dict(id='mtx_enter_nounsched_k', suites=K,
         desc='mutex_enter blocks on contention without unscheduling',
         edits=[fn(KM, 'rumpuser_mutex_enter',
                   '\t\t' + UNSCHED + '\n\t\tmtx_lock_slow(mtx);\n'
                   '\t\t' + SCHED + '\n',
                   '\t\t(void)nlocks;\n\t\tmtx_lock_slow(mtx);\n')]),
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
                   '\t}\n\tif (mtx->flags & RUMPUSER_MTX_KMUTEX)\n'
                   '\t\trv_mtx_set_owner(mtx, rv_curlwp());',
                   '\t}\n\tif (mtx->flags & RUMPUSER_MTX_KMUTEX)\n'
                   '\t\trv_mtx_set_owner(mtx, NULL);')]),
    dict(id='mtx_owner_unset_k', suites=K,
         desc='a KMUTEX does not record its owner',
         edits=[fn(KM, 'mtx_set_owner', 'mtx->owner = rv_curlwp();',
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
                   '\t' + UNSCHED + '\n\t' + SCHED + '\n')]),
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
                   '\tcv_enter(cv, mtx);\n'
                   '\trv_up_backend_unschedule(&nlocks, mtx);\n'
                   '\tpthread_cond_wait(&cv->pthcv, &mtx->pthmtx);\n'
                   '\tcv_resched(mtx, nlocks);\n',
                   '\tcv_enter(cv, mtx);\n\t(void)nlocks;\n'
                   '\tpthread_cond_wait(&cv->pthcv, &mtx->pthmtx);\n')]),
    dict(id='cv_wait_nounsched_k', suites=K,
         desc='cv_wait sleeps without unscheduling',
         edits=[fn(KC, 'rumpuser_cv_wait',
                   '\trv_up_backend_unschedule(&nlocks, mtx);\n'
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
                   'rv_up_backend_unschedule(&nlocks, mtx);',
                   'rv_up_backend_unschedule(&nlocks, NULL);')]),
    dict(id='cv_wait_nullinterlock_k', suites=K,
         desc='cv_wait unschedules with NULL, not the mutex, as interlock',
         edits=[fn(KC, 'rumpuser_cv_wait',
                   'rv_up_backend_unschedule(&nlocks, mtx);',
                   'rv_up_backend_unschedule(&nlocks, NULL);')]),
    dict(id='cv_spinkmutex_order_u', suites=U,
         desc='cv wake-up takes a SPIN|KMUTEX mutex before the CPU',
         edits=[fn(UC, 'cv_resched',
                   '\t\tpthread_mutex_unlock(&mtx->pthmtx);\n'
                   '\t\trv_up_backend_schedule(nlocks, mtx);\n'
                   '\t\tpthread_mutex_lock(&mtx->pthmtx);\n',
                   '\t\trv_up_backend_schedule(nlocks, mtx);\n')]),
    dict(id='cv_spinkmutex_order_k', suites=K,
         desc='cv wake-up takes a SPIN|KMUTEX mutex before the CPU',
         edits=[fn(KC, 'cv_reenter',
                   '\t\trv_up_backend_schedule(nlocks, mtx);\n'
                   '\t\trumpuser_mutex_enter_nowrap(mtx);\n',
                   '\t\trumpuser_mutex_enter_nowrap(mtx);\n'
                   '\t\trv_up_backend_schedule(nlocks, mtx);\n')]),
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
                   '\t\t\trv_curlwp();',
                   '*held = __atomic_load_n(&rw->writer, '
                   '__ATOMIC_RELAXED);')]),
    dict(id='rw_held_anywriter_k', suites=K,
         desc='rw_held(WRITER) is true for any thread, not just the writer',
         edits=[fn(KR, 'rumpuser_rw_held', '*held = readers < 0 &&\n'
                   '\t\t\tREAD_ONCE(rw->writer) == rv_curlwp();',
                   '*held = readers < 0;')]),
    dict(id='rw_enter_nounsched_u', suites=U,
         desc='rw_enter blocks without unscheduling',
         edits=[fn(UR, 'rumpuser_rw_enter',
                   '\t\t\t' + UNSCHED + '\n\t\t\tunscheduled = 1;',
                   '\t\t\tunscheduled = 1;'),
                fn(UR, 'rumpuser_rw_enter',
                   '\tif (unscheduled)\n\t\t' + SCHED,
                   '\t(void)nlocks;')]),
    dict(id='rw_enter_nounsched_k', suites=K,
         desc='rw_enter blocks without unscheduling',
         edits=[fn(KR, 'rumpuser_rw_enter',
                   '\t' + UNSCHED + '\n\trw_enter_slow(lk, rw);\n'
                   '\t' + SCHED,
                   '\t(void)nlocks;\n\trw_enter_slow(lk, rw);')]),

    # ------------------------------------------------------------ clocks
    dict(id='clock_sleep_nounsched_u', suites=U,
         desc='clock_sleep sleeps without unscheduling',
         edits=[fn(UCL, 'rumpuser_clock_sleep',
                   '\t' + UNSCHED + '\n\t/* A relative',
                   '\tnlocks = 0;\n\t/* A relative'),
                fn(UCL, 'rumpuser_clock_sleep', '\t' + SCHED + '\n',
                   '\t(void)nlocks;\n')]),
    dict(id='clock_sleep_nounsched_k', suites=K,
         desc='clock_sleep sleeps without unscheduling',
         edits=[fn(KCL, 'rumpuser_clock_sleep',
                   '\t' + UNSCHED + '\n', '\tnlocks = 0;\n'),
                fn(KCL, 'rumpuser_clock_sleep',
                   '\t' + SCHED + '\n', '\t(void)nlocks;\n')]),
    dict(id='clock_absmono_rel_u', suites=U,
         desc='clock_sleep treats an ABSMONO deadline as a duration',
         edits=[fn(UCL, 'rumpuser_clock_sleep',
                   'flags = clock == RUMPUSER_CLOCK_ABSMONO ? '
                   'TIMER_ABSTIME : 0;', 'flags = 0;')]),
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
    dict(id='check_clock_nsec', suites=BOTH,
         desc='clock_sleep accepts nanoseconds of a whole second or more '
         '(the shared argument check)',
         edits=[fn('hyp/common/checks.c', 'rv_check_clock_sleep',
                   'if (nsec < 0 || nsec >= NSEC_PER_SECOND)',
                   'if (nsec < 0)')]),

    # ------------------------------------------------------------ threads
    dict(id='thread_join_nounsched_u', suites=U,
         desc='thread_join waits without unscheduling',
         edits=[fn(UT, 'rumpuser_thread_join',
                   '\t' + UNSCHED + '\n\trc = pthread_join',
                   '\tnlocks = 0;\n\trc = pthread_join'),
                fn(UT, 'rumpuser_thread_join', '\t' + SCHED + '\n',
                   '\t(void)nlocks;\n')]),
    dict(id='thread_join_nounsched_k', suites=K,
         desc='thread_join waits without unscheduling',
         edits=[fn(KT, 'rumpuser_thread_join',
                   '\t' + UNSCHED + '\n\t/* An ending',
                   '\tnlocks = 0;\n\t/* An ending'),
                fn(KT, 'rumpuser_thread_join', '\t' + SCHED + '\n',
                   '\t(void)nlocks;\n')]),

    # ------------------------------------------------------------ curlwp
    dict(id='curlwp_global_u', suites=U,
         desc='curlwp is one global, not per host thread',
         edits=[decl('hyp/user/hyp.h', 'rv_cur_lwp',
                     'extern __thread struct lwp *rv_cur_lwp'
                     '\n\t__attribute__((__tls_model__("initial-exec"))) '
                     'RV_HIDDEN;',
                     'extern struct lwp *rv_cur_lwp RV_HIDDEN;'),
                decl('hyp/user/curlwp.c', 'rv_cur_lwp',
                     '__thread struct lwp *rv_cur_lwp;',
                     'struct lwp *rv_cur_lwp;')]),
    # The kernel keeps curlwp per CPU, loaded from the running task's
    # binding by a preempt notifier; the same break is one lwp for all.
    dict(id='curlwp_global_k', suites=K,
         desc='rumpuser_curlwp reads one lwp shared by all threads (the last '
         'SET anywhere), not the running task\'s binding',
         edits=[fn(KLWP, 'rumpuser_curlwp',
                   'notrace struct lwp *rumpuser_curlwp(void)\n{\n'
                   '\treturn this_cpu_read(rv_cur.lwp);\n}',
                   'static struct lwp *mut_lwp;\n\n'
                   'notrace struct lwp *rumpuser_curlwp(void)\n{\n'
                   '\treturn READ_ONCE(mut_lwp);\n}'),
                fn(KLWP, 'set_lwp',
                   '\t\t__this_cpu_write(rv_cur.lwp, l);\n',
                   '\t\t__this_cpu_write(rv_cur.lwp, l);\n'
                   '\t\tWRITE_ONCE(mut_lwp, l);\n')]),
    dict(id='curlwp_noreload_k', suites=K,
         desc='the preempt notifier does not load the binding on sched_in: '
         'a task scheduled back in sees what the CPU had (NULL)',
         edits=[fn(KPOOL, 'bind_sched_in',
                   '\tbind_load(container_of(pn, struct rv_bind, pn));',
                   '\t(void)pn;')]),
    dict(id='curlwp_set_unbound_k', suites=K,
         desc='curlwpop SET/CLEAR changes only this CPU\'s copy, not the '
         'thread\'s binding: the next sched_in brings the old lwp back',
         edits=[fn(KLWP, 'set_lwp', '\t\tb->lwp = l;\n', '')]),

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
         edits=[fn(KMEM, 'rumpuser_malloc',
                   'size_t n = max(len, (size_t)alignment);',
                   'size_t n = len;'),
                fn(KMEM, 'malloc_counted',
                   'p = rv_alloc(inst, pc, len, alignment, RV_GUEST, RV_GFP);',
                   'p = rv_alloc(inst, pc, len, 0, RV_GUEST, RV_GFP);')]),
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
         edits=[fn(KMEM, 'rumpuser_anonmmap',
                   '\t\treturn RV_ENOMEM;\n'
                   '\tmem_count(inst->pcpu, RV_GUEST, 1, size);',
                   '\t\treturn RV_ENOMEM;\n\tmemset(p, 0xa5, size);\n'
                   '\tmem_count(inst->pcpu, RV_GUEST, 1, size);')]),

    # ------------------------------------------------------------ block I/O
    # The transfer loop and the completion are hyp/common/bio.c's, for
    # both hypervisors.
    dict(id='bio_nosched', suites=BOTH,
         desc='bio calls biodone without taking a virtual CPU',
         edits=[fn(CBIO, 'rv_bio_done',
                   '\tif (up)\n\t\tup->hyp_backend_schedule(0, NULL);\n'
                   '\tr->biodone(r->arg, done, netbsd_error);\n'
                   '\tif (up)\n'
                   '\t\tup->hyp_backend_unschedule(0, &nlocks, NULL);',
                   '\t(void)up;\n\t(void)nlocks;\n'
                   '\tr->biodone(r->arg, done, netbsd_error);')]),
    dict(id='bio_count', suites=BOTH,
         desc='biodone reports the bytes asked for, not the bytes moved',
         edits=[fn(CBIO, 'rv_bio_transfer', '\t*done = total;',
                   '\t*done = r->dlen;')]),

    # ------------------------------------------------------------ files
    dict(id='iovread_nooff_u', suites=U,
         desc='iovread ignores the offset (reads at the file position)',
         edits=[fn('hyp/user/file.c', 'iov_transfer',
                   'preadv(fd, v, (int)iovcnt, (off_t)off);',
                   'readv(fd, v, (int)iovcnt);')]),
    dict(id='iovread_nooff_k', suites=K,
         desc='iovread ignores the offset (reads at the file position)',
         edits=[fn('hyp/linux/file.c', 'rumpuser_iovread',
                   'file_iov(fd, iov, iovcnt, off, done, false)',
                   'file_iov(fd, iov, iovcnt, RUMPUSER_IOV_NOSEEK, '
                   'done, false)')]),
    dict(id='open_unconfined_k', suites=K,
         desc='open of a name outside the files directory opens the host '
         'path',
         edits=[fn(KCONF, 'rv_confined_open',
                   '\tif (!rel)\n\t\treturn ERR_PTR(-ENOENT);',
                   '\tif (!rel)\n\t\treturn filp_open(name, flags, mode);')]),

    # ------------------------------------------------------------ errno, random
    dict(id='seterrno_lost_u', suites=U,
         desc='seterrno does not set the calling thread\'s errno',
         edits=[fn('hyp/user/exit.c', 'rumpuser_seterrno',
                   '\terrno = error;', '\t(void)error;')]),
    dict(id='seterrno_global_k', suites=K,
         desc='seterrno keeps one global errno, not one per thread',
         edits=[fn(KLWP, 'rumpuser_seterrno',
                   'void rumpuser_seterrno(int error)\n{\n',
                   'static int mut_errno;\n\n'
                   'void rumpuser_seterrno(int error)\n{\n'),
                fn(KLWP, 'rumpuser_seterrno',
                   '\tif (b)\n\t\tb->err = error;',
                   '\t(void)b;\n\tWRITE_ONCE(mut_errno, error);'),
                fn(KLWP, 'rumpvisor_errno', '\treturn b ? b->err : 0;',
                   '\t(void)b;\n\treturn READ_ONCE(mut_errno);')]),
    dict(id='nb_identity', suites=BOTH,
         desc='errors leave the hypervisor untranslated: the host (Linux) '
         'errno number, not NetBSD\'s',
         edits=[fn('hyp/common/common.h', 'rv_nb',
                   'return rv_errno_to_netbsd(host_errno);',
                   'return host_errno < 0 ? -host_errno : host_errno;')]),
    dict(id='component_unsched_noop', suites=BOTH,
         desc='rumpuser_component_unschedule keeps the virtual CPU',
         edits=[fn('hyp/common/component.c', 'rumpuser_component_unschedule',
                   '\tif (up)\n'
                   '\t\tup->hyp_backend_unschedule(0, &nlocks, NULL);',
                   '\t(void)up;')]),
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

    # ------------------------------------------------------------ instances
    # What issue 6 added: instances own everything and end cleanly.
    dict(id='reclaim_no_memory_k', suites=INST,
         desc='an ended instance does not give its memory back '
         '(rv_mem_reclaim skipped)',
         edits=[fn(KINST, 'reclaim_work',
                   '\trv_mem_reclaim(inst, &st);\n', '')]),
    dict(id='end_no_signal_k', suites=INST,
         desc='an ending instance does not signal its threads (blocked '
         'guest threads are never ended)',
         edits=[fn(KINST, 'rv_instance_end',
                   '\t\trv_worker_signal(job->worker);\n', '')]),
    dict(id='alive_nodying_k', suites=INST,
         desc='rv_alive does not check for an ending instance: a guest '
         'thread that never blocks cannot be ended',
         edits=[fn('hyp/linux/hyp.h', 'rv_alive',
                   '\tif (unlikely(READ_ONCE(inst->state) >= RV_ENDING))\n'
                   '\t\trv_end_if_dying();',
                   '\t(void)inst;')]),
    dict(id='registry_dup_k', suites=INST,
         desc='an instance name can be taken twice: lookups by name (sysfs, '
         'rumpctl) find either guest',
         edits=[fn(KINST, 'registry_add',
                   '\t\tif (!strcmp(o->p.name, inst->p.name)) {',
                   '\t\tif (0) {')]),
    dict(id='thread_end_noresume_k', suites=K,
         desc='a guest thread that exits does not resume its worker\'s '
         'loop: the job never finishes, its joiner waits for ever',
         edits=[fn(KT, 'rv_thread_end', '\t\trv_worker_resume(w);\n',
                   '')]),
    dict(id='status_last_wins_k', suites=INST,
         desc='a later end overwrites how the guest ended (a clean exit '
         'followed by the halt\'s kill reads as killed)',
         edits=[fn(KINST, 'rv_instance_end',
                   '\tif (inst->state < RV_ENDING) {\n'
                   '\t\tinst->status.how = how;\n'
                   '\t\tinst->status.value = value;\n',
                   '\tinst->status.how = how;\n'
                   '\tinst->status.value = value;\n'
                   '\tif (inst->state < RV_ENDING) {\n')]),
    dict(id='halt_force_ignored_k', suites=INST,
         desc='an administrator\'s forced halt (rumpctl halt --force) waits '
         'for a clean halt instead of ending the guest now',
         edits=[fn(KINST, 'rv_instance_halt_admin',
                   'rv_instance_halt(inst, force ? 0 : '
                   'rv_halt_ms_default(), NULL);',
                   'rv_instance_halt(inst, rv_halt_ms_default(), NULL);')]),
    dict(id='acct_owner_k', suites=INST,
         desc='rumpvisor\'s own objects for a guest (locks) are charged to '
         'the guest\'s memory when allocated, to rumpvisor\'s when freed',
         edits=[fn(KMEM, 'rv_obj_alloc',
                   'return rv_alloc(inst, inst->pcpu, len, 0, RV_HYP, gfp);',
                   'return rv_alloc(inst, inst->pcpu, len, 0, RV_GUEST, '
                   'gfp);')]),
    dict(id='pool_wrong_instance_k', suites=INST,
         desc='a pooled worker stays bound to the first instance it served: '
         'a later job of another guest runs as, and is charged to, that '
         'instance',
         edits=[fn(KPOOL, 'job_begin',
                   'rv_bind_enter(&w->bind, job->inst);',
                   'rv_bind_enter(&w->bind, w->bind.inst ? w->bind.inst : '
                   'job->inst);'),
                fn(KPOOL, 'job_end', '\trv_bind_leave(&w->bind);\n', '')]),
    dict(id='pool_keeps_lwp_k', suites=K,
         desc='a reused worker does not drop its binding: the next guest '
         'thread starts with the previous one\'s lwp and errno',
         edits=[fn(KPOOL, 'job_begin',
                   '\trv_bind_enter(&w->bind, job->inst);',
                   '\tpreempt_disable();\n\tw->bind.inst = job->inst;\n'
                   '\tbind_load(&w->bind);\n\tpreempt_enable();'),
                fn(KPOOL, 'job_end', '\trv_bind_leave(&w->bind);\n', '')]),
    dict(id='confine_no_beneath_k', suites=INST,
         desc='confined lookups without LOOKUP_BENEATH: a directory symlink '
         'leads out (the final below-the-directory check remains)',
         edits=[fn(KCONF, 'open_existing', 'LOOKUP_FOLLOW | SCOPED, &p);',
                   'LOOKUP_FOLLOW | LOOKUP_NO_MAGICLINKS, &p);'),
                fn(KCONF, 'open_create',
                   'LOOKUP_FOLLOW | LOOKUP_DIRECTORY | SCOPED,',
                   'LOOKUP_FOLLOW | LOOKUP_DIRECTORY | '
                   'LOOKUP_NO_MAGICLINKS,')]),
    dict(id='confine_fifo_k', suites=INST,
         desc='a FIFO inside the files directory is opened (later reads '
         'block the guest) instead of refused with ENXIO',
         edits=[fn(KCONF, 'type_ok',
                   'if (S_ISREG(mode) || S_ISDIR(mode) || S_ISBLK(mode))',
                   'if (S_ISREG(mode) || S_ISDIR(mode) || S_ISBLK(mode) ||\n'
                   '\t    S_ISFIFO(mode))')]),
    # The reference guest's halt gate (guest/kern/syscalls.c): a halt
    # while system calls run must not free what they use.
    dict(id='halt_gate_removed', suites=INST,
         desc='the guest\'s halt gate is gone: system calls are not counted '
         'or refused, so a halt frees the guest under running calls',
         edits=[fn('guest/kern/syscalls.c', 'rk_syscall_enter',
                   '\t__atomic_add_fetch(&inflight, 1, __ATOMIC_SEQ_CST);\n'
                   '\tif (__atomic_load_n(&rk_halting, __ATOMIC_SEQ_CST) &&\n'
                   '\t    num != RK_SYS_reboot) {\n'
                   '\t\trk_syscall_leave();\n\t\treturn RK_EIO;\n\t}\n',
                   '\t(void)num;\n'),
                fn('guest/kern/syscalls.c', 'rk_syscall_leave',
                   '\t__atomic_sub_fetch(&inflight, 1, __ATOMIC_SEQ_CST);\n',
                   '')]),
]
