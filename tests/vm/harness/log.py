# SPDX-License-Identifier: BSD-2-Clause
"""Reading a VM console log: messages, RV-* markers, TAP, steps, samples."""

import re

TS_RE = re.compile(r'^\[\s*(\d+\.\d+)\](?:\[\s*[TC]\d+\])?\s?')
ANSI_RE = re.compile(r'\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]')
MARK_RE = re.compile(r'\b(RV-[A-Z]+)\b ?(.*)$')
DONE_RE = re.compile(r'RV-DONE rc=(\d+)')
STEP_RE = re.compile(r'(\S+) rc=(-?\d+)')


def read_lines(path):
    with open(path, 'rb') as f:
        data = f.read()
    return data.decode('utf-8', errors='replace').splitlines()


def write_lines(path, lines):
    with open(path, 'w') as f:
        for line in lines:
            f.write(line + '\n')


def message(line):
    """A console line without CR, escape sequences and printk timestamp."""
    line = ANSI_RE.sub('', line.replace('\r', ''))
    return TS_RE.sub('', line)


def timestamp(line):
    """The printk timestamp of a console line in seconds, or None."""
    m = TS_RE.match(ANSI_RE.sub('', line.replace('\r', '')))
    return float(m.group(1)) if m else None


def markers(lines):
    """Yield (index, marker, rest) for every RV-* marker line."""
    for i, raw in enumerate(lines):
        m = MARK_RE.search(message(raw))
        if m:
            yield i, m.group(1), m.group(2).strip()


def part_names(lines):
    """The RV-PART names in order (a part may repeat)."""
    return [rest for _, mark, rest in markers(lines) if mark == 'RV-PART']


def boot_release(lines):
    """The kernel release init reported (RV-BOOT), or None."""
    for _, mark, rest in markers(lines):
        if mark == 'RV-BOOT':
            return rest
    return None


def done_status(lines):
    """The script's exit status from RV-DONE, or None when absent."""
    rc = None
    for raw in lines:
        m = DONE_RE.search(message(raw))
        if m:
            rc = int(m.group(1))
    return rc


def extract_tap(lines, prefix, part=None):
    """Lines carrying `prefix`, with everything up to the prefix removed.

    With `part`, only lines between "RV-PART part" and the next RV-PART."""
    out = []
    inside = part is None
    for raw in lines:
        msg = message(raw)
        m = MARK_RE.search(msg)
        if m and m.group(1) == 'RV-PART':
            inside = part is None or m.group(2).strip() == part
            continue
        if not inside:
            continue
        if prefix:
            k = msg.find(prefix)
            if k < 0:
                continue
            msg = msg[k + len(prefix):]
        out.append(msg)
    return out


def parse_steps(lines):
    """[(part, step, rc), ...] from the RV-STEP markers."""
    steps = []
    part = None
    for _, mark, rest in markers(lines):
        if mark == 'RV-PART':
            part = rest
        elif mark == 'RV-STEP':
            m = STEP_RE.match(rest)
            if m:
                steps.append((part, m.group(1), int(m.group(2))))
    return steps


def parse_samples(lines):
    """[(tag, {key: int}), ...] from the RV-SAMPLE markers."""
    samples = []
    for _, mark, rest in markers(lines):
        if mark != 'RV-SAMPLE':
            continue
        tag, _, kv = rest.partition(' ')
        vals = {}
        for item in kv.split():
            k, _, v = item.partition('=')
            try:
                vals[k] = int(v)
            except ValueError:
                pass
        samples.append((tag, vals))
    return samples


def running_test(lines, index):
    """(part, step) that was running when line `index` was printed.

    A step's RV-STEP marker is printed when its command has finished, so
    the step running at a line is the next RV-STEP of the same part; a
    line after the part's last step is `after <step>` (the script was
    between commands: sampling, piping output, a hook)."""
    part, last = None, None
    for i, mark, rest in markers(lines):
        if i < index:
            if mark == 'RV-PART':
                part, last = rest, None
            elif mark == 'RV-KMEMLEAK':
                part, last = 'kmemleak scan', None
            elif mark == 'RV-STEP':
                last = rest.split()[0]
            continue
        if mark == 'RV-STEP':
            return part, rest.split()[0]
        if mark in ('RV-PART', 'RV-TAINT', 'RV-DONE', 'RV-KMEMLEAK'):
            break
    return part, ('after ' + last) if last else None


def line_at_time(lines, when):
    """Index of the last line printed at or before uptime `when` (seconds),
    or -1 when every line is later."""
    best = -1
    for i, raw in enumerate(lines):
        t = timestamp(raw)
        if t is None:
            continue
        if t > when:
            break
        best = i
    return best
