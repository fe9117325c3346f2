# SPDX-License-Identifier: BSD-2-Clause
"""Unit tests of the mutation tool: the table handling (csource.py, the
stale checks and --check of mutate.py) and how suites.py reads a
verdict; run by `vm.py selftest`."""

import contextlib
import io
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import csource  # noqa: E402
import mutate  # noqa: E402
import mutations  # noqa: E402
import suites  # noqa: E402
from mutations import decl, fn  # noqa: E402

SRC = r'''/* SPDX-License-Identifier: BSD-2-Clause */
#include <x.h>
#define BODY(x) { return (x); }   /* a brace in a macro: not code */
static int counter;
static const char *msg = "}{;";
extern __thread struct lwp *cur
	__attribute__((__tls_model__("initial-exec"))) HIDDEN;

static int __attribute__((unused)) helper(int a)
{
	if (a == '}')
		return 1;
	return a + 1;	// a comment with { and ;
}

int rumpuser_mutex_enter(struct mtx *mtx)
{
	int nlocks;

	if (helper(1))
		counter++;
	return 0;
}

struct point { int x, y; };
static struct point origin = { .x = 0, .y = 0 };
module_init(helper);
'''


class CSource(unittest.TestCase):
    def span(self, kind, name):
        s, e = csource.find(SRC, kind, name)
        return SRC[s:e]

    def test_functions(self):
        f = self.span('function', 'rumpuser_mutex_enter')
        self.assertTrue(f.startswith('int rumpuser_mutex_enter('))
        self.assertTrue(f.endswith('return 0;\n}'))
        h = self.span('function', 'helper')
        self.assertIn("'}'", h)
        self.assertTrue(h.startswith('static int __attribute__'))

    def test_declarations(self):
        self.assertEqual(self.span('declaration', 'counter'),
                         'static int counter;')
        self.assertIn('HIDDEN;', self.span('declaration', 'cur'))
        self.assertIn('.x = 0', self.span('declaration', 'origin'))

    def test_missing_and_ambiguous(self):
        with self.assertRaisesRegex(LookupError, 'found 0 times'):
            csource.find(SRC, 'function', 'rumpuser_mutex_exit')
        # helper is a function, and named in module_init(): one of each.
        self.assertEqual(len([i for i in csource.items(SRC)
                              if 'helper' in i.names]), 2)
        with self.assertRaisesRegex(LookupError, 'found 0 times'):
            csource.find(SRC, 'function', 'counter')
        twice = SRC + 'static int counter;\n'
        with self.assertRaisesRegex(LookupError, 'found 2 times'):
            csource.find(twice, 'declaration', 'counter')

    def test_blank_keeps_offsets(self):
        b = csource.blank(SRC)
        self.assertEqual(len(b), len(SRC))
        self.assertEqual(b.count('\n'), SRC.count('\n'))
        self.assertNotIn('"}{;"', b)

    def test_unbalanced(self):
        with self.assertRaises(LookupError):
            csource.items('int f(void)\n{\n}\n}\n')

    def test_real_tree_parses(self):
        top = os.path.dirname(os.path.dirname(os.path.dirname(
            os.path.abspath(__file__))))
        hyp = os.path.join(top, 'hyp')
        n = 0
        for d, _, files in os.walk(hyp):
            for name in files:
                if name.endswith(('.c', '.h')):
                    with open(os.path.join(d, name)) as f:
                        csource.items(f.read())
                    n += 1
        self.assertGreater(n, 10)


def mutation(mid, *edits):
    return dict(id=mid, suites=('user',), desc='test', edits=list(edits))


class Stale(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.tree = self.tmp.name
        os.makedirs(os.path.join(self.tree, 'hyp'))
        with open(os.path.join(self.tree, 'hyp', 'm.c'), 'w') as f:
            f.write(SRC)

    def tearDown(self):
        self.tmp.cleanup()

    def problems(self, *edits):
        return mutate.check_edits(self.tree, mutation('m', *edits))

    def test_applies(self):
        m = mutation('m', fn('hyp/m.c', 'rumpuser_mutex_enter',
                             '\t\tcounter++;', '\t\tcounter--;'),
                     decl('hyp/m.c', 'counter', 'static int counter;',
                          'static int counter = 5;'))
        self.assertEqual(mutate.check_edits(self.tree, m), [])
        saved = mutate.apply_edits(self.tree, m)
        with open(os.path.join(self.tree, 'hyp', 'm.c')) as f:
            text = f.read()
        self.assertIn('\t\tcounter--;', text)
        self.assertIn('static int counter = 5;', text)
        mutate.revert(self.tree, saved)
        with open(os.path.join(self.tree, 'hyp', 'm.c')) as f:
            self.assertEqual(f.read(), SRC)

    def test_text_elsewhere_in_file_is_fine(self):
        # "return" is in both functions; once in helper's own text.
        self.assertEqual(self.problems(fn('hyp/m.c', 'helper',
                                          'return a + 1;', 'return a;')), [])

    def test_renamed_function(self):
        p = self.problems(fn('hyp/m.c', 'rumpuser_mutex_entr',
                             'counter++;', 'counter--;'))
        self.assertEqual(len(p), 1)
        self.assertIn('function rumpuser_mutex_entr found 0 times', p[0])

    def test_text_in_another_function(self):
        p = self.problems(fn('hyp/m.c', 'rumpuser_mutex_enter',
                             'return a + 1;', 'return a;'))
        self.assertIn('text found 0 times', p[0])

    def test_text_twice_in_function(self):
        p = self.problems(fn('hyp/m.c', 'helper', 'return', 'exit'))
        self.assertIn('text found 2 times', p[0])

    def test_missing_file(self):
        p = self.problems(fn('hyp/gone.c', 'f', 'a', 'b'))
        self.assertEqual(p, ['hyp/gone.c: no such file'])

    def test_later_edit_sees_earlier(self):
        # The second edit looks for what the first one wrote.
        self.assertEqual(self.problems(
            fn('hyp/m.c', 'helper', 'return 1;', 'return 2;'),
            fn('hyp/m.c', 'helper', 'return 2;', 'return 3;')), [])

    def test_apply_refuses_stale(self):
        with self.assertRaisesRegex(mutate.StaleMutation,
                                    '^stale mutation: m: '):
            mutate.apply_edits(self.tree, mutation(
                'm', fn('hyp/m.c', 'nothere', 'a', 'b')))

    def main(self, table, argv):
        """mutate.main(argv) with table as the mutation table; (exit
        status or SystemExit's message, stdout, stderr)."""
        saved = list(mutations.MUTATIONS)
        mutations.MUTATIONS[:] = table
        out, err = io.StringIO(), io.StringIO()
        try:
            with contextlib.redirect_stdout(out), \
                    contextlib.redirect_stderr(err):
                try:
                    rc = mutate.main(argv)
                except SystemExit as e:
                    rc = e.code
        finally:
            mutations.MUTATIONS[:] = saved
        return rc, out.getvalue(), err.getvalue()

    def check(self, table):
        rc, out, _ = self.main(table, ['--check', '--src', self.tree])
        return rc, out

    def test_check_mode(self):
        good = mutation('good', fn('hyp/m.c', 'helper', 'return 1;',
                                   'return 2;'))
        bad = mutation('bad', fn('hyp/m.c', 'helper_renamed', 'return 1;',
                                 'return 2;'))
        rc, out = self.check([good])
        self.assertEqual(rc, 0, out)
        self.assertIn('1 of 1 mutations apply', out)
        rc, out = self.check([good, bad])
        self.assertEqual(rc, 1)
        self.assertIn('stale mutation: bad: hyp/m.c: function '
                      'helper_renamed found 0 times', out)
        self.assertIn('1 of 2 mutations apply', out)
        self.assertNotIn('stale mutation: good', out)

    def test_table_is_well_formed(self):
        ids = [m['id'] for m in mutations.MUTATIONS]
        self.assertEqual(len(ids), len(set(ids)))
        for m in mutations.MUTATIONS:
            with self.subTest(m=m['id']):
                self.assertTrue(m['edits'])
                self.assertTrue(set(m['suites']) <= set(mutate.SUITES))
                for e in m['edits']:
                    self.assertIsInstance(e, mutations.Edit)
                    self.assertIn(e.kind, ('function', 'declaration'))
                    self.assertNotEqual(e.old, e.new)

    def test_run_stops_before_building(self):
        subprocess.check_call(['git', 'init', '-q', self.tree])
        bad = mutation('bad', fn('hyp/m.c', 'helper', 'no such text', 'x'))
        with tempfile.TemporaryDirectory() as out:
            rc, _, err = self.main([bad], [
                '--src', self.tree, '--out', out, '--suite', 'user',
                '--work', os.path.join(out, 'work')])
            self.assertFalse(os.path.exists(os.path.join(out, 'logs')))
        self.assertIn('stale mutation: bad: hyp/m.c: function helper: text '
                      'found 0 times', err)
        self.assertIn('1 stale edits', str(rc))


class Reuse(unittest.TestCase):
    """copy_tree(reuse=True): an earlier copy keeps its build outputs and
    only changed files are written again, newer than those outputs."""

    def test_only_changed_files_are_written(self):
        with tempfile.TemporaryDirectory() as src, \
                tempfile.TemporaryDirectory() as dst:
            subprocess.check_call(['git', 'init', '-q', src])
            for name in ('a.c', 'b.c'):
                with open(os.path.join(src, name), 'w') as f:
                    f.write(name)
            self.assertEqual(mutate.copy_tree(src, dst), 2)
            old = 1000000000
            for name in ('a.c', 'b.c'):
                os.utime(os.path.join(dst, name), (old, old))
            # An earlier mutant's revert left b.c right but its object
            # stale; a.c changed in the source since.
            with open(os.path.join(src, 'a.c'), 'w') as f:
                f.write('a2')
            self.assertEqual(mutate.copy_tree(src, dst, reuse=True), 1)
            with open(os.path.join(dst, 'a.c')) as f:
                self.assertEqual(f.read(), 'a2')
            self.assertGreater(os.path.getmtime(os.path.join(dst, 'a.c')),
                               old)
            self.assertEqual(os.path.getmtime(os.path.join(dst, 'b.c')), old)


class Verdicts(unittest.TestCase):
    """suites.py: TAP files, the console watch, rumpvisor's counters."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path, 'w') as f:
            f.write(text)
        return path

    def test_tap_files(self):
        good = self.write('a.tap', 'ok 1 - x\nok 2 - y # SKIP z\n1..2\n')
        bad = self.write('b.tap', 'ok 1 - x\nnot ok 2 - pages 0\n1..2\n')
        noplan = self.write('c.tap', 'ok 1 - x\n')
        missing = os.path.join(self.dir, 'd.tap')
        self.assertIsNone(suites.tap_files_verdict([good]))
        self.assertEqual(suites.tap_files_verdict([good, bad]),
                         'b.tap: pages 0')
        self.assertEqual(suites.tap_files_verdict([noplan]),
                         'c.tap: no TAP plan')
        self.assertEqual(suites.tap_files_verdict([missing, bad]),
                         'd.tap: not written')

    def test_watch_console(self):
        fatal = suites.re.compile(r'\bti: not ok |%s' % suites.VM_FATAL)
        path = self.write('console', '[ 1.0] ti: ok 1 - a\n[ 1.1] ti: not o')
        pos, first = suites.watch_console(path, 0, fatal)
        # Only whole lines count: the half line waits for its end.
        self.assertIsNone(first)
        with open(path, 'a') as f:
            f.write('k 2 - b\n')
        pos, first = suites.watch_console(path, pos, fatal)
        self.assertEqual(first, '[ 1.1] ti: not ok 2 - b')
        with open(path, 'a') as f:
            f.write('[ 9.0] rumpvisor: x: 2 thread(s) still running guest '
                    'code; waiting\n')
        self.assertIn('still running guest code',
                      suites.watch_console(path, pos, fatal)[1])
        # Other guests' failing suites are not the script's own tests.
        noise = self.write('noise', '[ 1.0] vfsbusy: not ok 2 - memory\n')
        self.assertIsNone(suites.watch_console(noise, 0, fatal)[1])

    def test_stats(self):
        class FakeVm:
            @staticmethod
            def markers(lines):
                for i, line in enumerate(lines):
                    yield i, 'RV-STATS', line
        clean = ['threads=0 allocs=0 bytes=0 instances=0 pages=0 '
                 'idle_workers=7']
        self.assertIsNone(suites.stats_verdict(FakeVm, clean))
        left = ['threads=0 allocs=0 bytes=0 instances=0 pages=12 '
                'idle_workers=7']
        self.assertIn('pages=12', suites.stats_verdict(FakeVm, left))

    def test_build_targets(self):
        seen = []

        def fake_run(cmd, cwd, logf, timeout):
            seen.append(cmd)
            return 0, 0.0
        saved = suites.run_cmd
        suites.run_cmd = fake_run
        try:
            class A:
                jobs, build_timeout = 2, 10
            suites.build('/t', ['kernel', 'kernel-instances'], A, '/l')
        finally:
            suites.run_cmd = saved
        self.assertEqual(seen[0][-2:], ['modules', 'rumpctl'])


class Select(unittest.TestCase):
    def select(self, *argv):
        return mutate.select(mutate.parser('/').parse_args(list(argv)))

    def test_suite_filter(self):
        every = self.select()
        self.assertEqual(len(every), len(mutations.MUTATIONS))
        inst = self.select('--suite', 'kernel-instances')
        self.assertTrue(inst)
        for m in inst:
            self.assertEqual(m['run'], ['kernel-instances'])
        both = self.select('--only', 'param_no_e2big', '--suite', 'user')
        self.assertEqual([m['run'] for m in both], [['user']])


if __name__ == '__main__':
    unittest.main()
