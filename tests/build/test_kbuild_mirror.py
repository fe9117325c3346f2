# SPDX-License-Identifier: BSD-2-Clause
"""Unit tests of scripts/kbuild-mirror on small temporary trees."""

import importlib.machinery
import importlib.util
import os
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, '..', '..', 'scripts', 'kbuild-mirror')


def load():
    loader = importlib.machinery.SourceFileLoader('kbuild_mirror', SCRIPT)
    spec = importlib.util.spec_from_loader('kbuild_mirror', loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


mirror = load().mirror


def write(path, text='x'):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as f:
        f.write(text)


class MirrorTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.src = os.path.join(self.tmp.name, 'src')
        self.dest = os.path.join(self.tmp.name, 'kbuild')
        write(os.path.join(self.src, 'Kbuild'))
        write(os.path.join(self.src, 'hyp', 'a.c'))
        write(os.path.join(self.src, 'hyp', 'b.c'))
        write(os.path.join(self.src, 'guest', 'kern', 'c.c'))
        write(os.path.join(self.src, 'other', 'd.c'))

    def tearDown(self):
        self.tmp.cleanup()

    def run_mirror(self):
        return mirror(self.src, self.dest, ['Kbuild', 'hyp', 'guest'])

    def d(self, *parts):
        return os.path.join(self.dest, *parts)

    def test_links_every_file_of_the_given_paths(self):
        self.run_mirror()
        self.assertEqual(os.readlink(self.d('hyp', 'a.c')),
                         os.path.join(self.src, 'hyp', 'a.c'))
        self.assertTrue(os.path.islink(self.d('guest', 'kern', 'c.c')))
        self.assertTrue(os.path.islink(self.d('Kbuild')))
        self.assertFalse(os.path.lexists(self.d('other')))

    def test_deleted_source_loses_link_and_objects(self):
        self.run_mirror()
        for product in ('b.o', '.b.o.cmd', '.b.o.d', 'a.o', '.a.o.cmd'):
            write(self.d('hyp', product))
        os.unlink(os.path.join(self.src, 'hyp', 'b.c'))
        _, removed = self.run_mirror()
        self.assertEqual(removed, ['hyp/b.c'])
        self.assertFalse(os.path.lexists(self.d('hyp', 'b.c')))
        for product in ('b.o', '.b.o.cmd', '.b.o.d'):
            self.assertFalse(os.path.lexists(self.d('hyp', product)))
        # What belongs to a source that still exists stays.
        self.assertTrue(os.path.exists(self.d('hyp', 'a.o')))
        self.assertTrue(os.path.exists(self.d('hyp', '.a.o.cmd')))

    def test_deleted_directory_goes_when_empty(self):
        self.run_mirror()
        os.unlink(os.path.join(self.src, 'guest', 'kern', 'c.c'))
        os.rmdir(os.path.join(self.src, 'guest', 'kern'))
        self.run_mirror()
        self.assertFalse(os.path.lexists(self.d('guest', 'kern')))

    def test_new_file_appears_and_moved_link_is_fixed(self):
        self.run_mirror()
        write(os.path.join(self.src, 'hyp', 'new.c'))
        os.unlink(self.d('hyp', 'a.c'))
        os.symlink('/nonexistent', self.d('hyp', 'a.c'))
        made, removed = self.run_mirror()
        self.assertEqual((made, removed), (2, []))
        self.assertTrue(os.path.exists(self.d('hyp', 'new.c')))
        self.assertEqual(os.readlink(self.d('hyp', 'a.c')),
                         os.path.join(self.src, 'hyp', 'a.c'))

    def test_second_run_changes_nothing(self):
        self.run_mirror()
        self.assertEqual(self.run_mirror(), (0, []))

    def test_path_dropped_from_the_list_is_removed(self):
        self.run_mirror()
        mirror(self.src, self.dest, ['Kbuild', 'hyp'])
        self.assertFalse(os.path.lexists(self.d('guest')))

    def test_missing_path_is_an_error(self):
        with self.assertRaises(SystemExit):
            mirror(self.src, self.dest, ['nothere'])


if __name__ == '__main__':
    unittest.main()
