# SPDX-License-Identifier: BSD-2-Clause
# Mutation testing (make mutate): break one rule at a time in hyp/linux,
# hyp/user, hyp/common or the guest's halt and check that the suite the
# mutation names notices: the conformance suite natively (user) or in the
# kernel (kernel), or the instance tests in the VM (kernel-instances).
# Works on a private copy of the tree (uncommitted edits included);
# results in $(BUILD)/mutation/.  Not part of `make check`: each kernel
# mutation boots a VM (two to five minutes apiece); `make check` only
# checks that every mutation still applies (check-harness).
#
#   make mutate                         every mutation, every suite
#   make mutate MUTATE_ARGS='--suite user'
#   make mutate MUTATE_ARGS='--suite kernel-instances'
#   make mutate MUTATE_ARGS='--only cv_timedwait_0_u cv_timedwait_0_k'
#   python3 tests/mutation/mutate.py --list / --help
#   make mutate-check                   only: does every mutation still apply
#                                       (its function and text found once)?
.PHONY: mutate mutate-check
MUTATE_ARGS ?=

mutate:
	$(or $(PYTHON),python3) tests/mutation/mutate.py --out $(BUILD)/mutation $(MUTATE_ARGS)

mutate-check:
	$(or $(PYTHON),python3) tests/mutation/mutate.py --check
