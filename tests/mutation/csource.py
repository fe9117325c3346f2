# SPDX-License-Identifier: BSD-2-Clause
"""Where things are in a C source file, for the mutation table: the text
of a function's definition, or of a file-scope declaration, by name.

Not a C parser: comments, string and character literals and preprocessor
lines are blanked out (offsets kept), then the file is cut at depth 0 into
top-level items, each ending at a ';' or at the '}' closing a function
body.  A function definition is an item whose text before its first '{'
has a parameter list and no '='; its name is the identifier before that
list.  Good enough for the kernel-style code of hyp/, and it fails loudly
(LookupError) rather than guess.
"""

import re

IDENT_RE = re.compile(r'[A-Za-z_]\w*')
# Identifiers that take a parenthesised argument in a function's head
# without being its name (attributes, the kernel's annotations).
NOT_NAMES = re.compile(r'^(?:__\w*|asm|typeof|_Alignas|alignas)$')


def blank(text):
    """text with comments, literals and preprocessor lines replaced by
    spaces (newlines kept), so braces and semicolons in them do not
    count."""
    out = list(text)
    i, n = 0, len(text)
    at_line_start = True

    def wipe(a, b):
        for k in range(a, b):
            if out[k] != '\n':
                out[k] = ' '

    while i < n:
        c = text[i]
        if at_line_start and c == '#' or \
                at_line_start and text[i:].lstrip(' \t').startswith('#') and \
                c in ' \t':
            # A preprocessor line, with its backslash continuations.
            j = i
            while j < n:
                k = text.find('\n', j)
                if k < 0:
                    k = n
                if k > 0 and text[k - 1] == '\\':
                    j = k + 1
                    continue
                break
            # Comments inside it are wiped along with it.
            wipe(i, k)
            i = k
            continue
        if text.startswith('/*', i):
            k = text.find('*/', i + 2)
            k = n if k < 0 else k + 2
            wipe(i, k)
            i = k
            continue
        if text.startswith('//', i):
            k = text.find('\n', i)
            k = n if k < 0 else k
            wipe(i, k)
            i = k
            continue
        if c in '"\'':
            k = i + 1
            while k < n and text[k] != c:
                k += 2 if text[k] == '\\' else 1
            wipe(i + 1, min(k, n))
            i = k + 1
            at_line_start = False
            continue
        at_line_start = c == '\n' or (at_line_start and c in ' \t')
        i += 1
    return ''.join(out)


class Item:
    """A top-level item: [start, end) in the file, kind and names."""

    def __init__(self, start, end, kind, names):
        self.start, self.end, self.kind, self.names = start, end, kind, names

    def __repr__(self):
        return 'Item(%s %s %d-%d)' % (self.kind, self.names, self.start,
                                      self.end)


def function_name(head):
    """The name of the function whose definition starts with head (the
    text before its body), or None when head is no function head."""
    if '=' in head:
        return None
    depth, name = 0, None
    for m in re.finditer(r'[()]|[A-Za-z_]\w*', head):
        tok = m.group(0)
        if tok == '(':
            if depth == 0 and name is None:
                prev = IDENT_RE.findall(head[:m.start()])
                if prev and not NOT_NAMES.match(prev[-1]):
                    name = prev[-1]
            depth += 1
        elif tok == ')':
            depth -= 1
    return name


def items(text):
    """The top-level items of a C file (see the module's docstring)."""
    b = blank(text)
    out = []
    depth, start, body_at = 0, None, None
    for i, c in enumerate(b):
        if start is None:
            if c.isspace() or c == ';':
                continue
            start = i
        if c in '({[':
            if c == '{' and depth == 0 and body_at is None:
                body_at = i
            depth += 1
        elif c in ')}]':
            depth -= 1
            if depth < 0:
                raise LookupError('unbalanced %r at offset %d' % (c, i))
            if c == '}' and depth == 0:
                name = function_name(b[start:body_at])
                if name:
                    out.append(Item(start, i + 1, 'function', [name]))
                    start, body_at = None, None
        elif c == ';' and depth == 0:
            head = b[start:i].split('=', 1)[0]
            out.append(Item(start, i + 1, 'declaration',
                            IDENT_RE.findall(head)))
            start, body_at = None, None
    return out


def find(text, kind, name):
    """(start, end) of the one function definition (kind 'function') or
    file-scope declaration ('declaration') named name; LookupError when
    there is none or more than one."""
    found = [it for it in items(text) if it.kind == kind and
             name in it.names]
    if len(found) != 1:
        raise LookupError('%s %s found %d times' % (kind, name, len(found)))
    return found[0].start, found[0].end
