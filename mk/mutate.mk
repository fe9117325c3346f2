# SPDX-License-Identifier: BSD-2-Clause
# Mutation testing (make mutate): break one contract rule at a time in
# hyp/linux, hyp/user or hyp/common and check that the conformance suite
# notices.  Works on a private copy of the tree (uncommitted edits
# included); results in $(BUILD)/mutation/.  Not part of `make check`: the
# kernel mutations boot one VM each (about two minutes apiece).
#
#   make mutate                         every mutation, both suites
#   make mutate MUTATE_ARGS='--suite user'
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
