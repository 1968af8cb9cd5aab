#!/usr/bin/env python3
"""The plugin's shape in figures (issue 13): files, lines, median, the largest files, and the
folder import graph with its loops. A folder imports another when one of its files names a type
declared there (through a using directive or written out in full). Run from the checkout:
    python3 tests/structure.py [plugin]
"""
import os
import re
import statistics
import sys

root = sys.argv[1] if len(sys.argv) > 1 else "plugin"
files = []
for dirpath, dirnames, filenames in os.walk(root):
    dirnames[:] = [d for d in dirnames if d not in ("bin", "obj")]
    files += [os.path.join(dirpath, f) for f in filenames if f.endswith(".cs")]


def folder(path):
    rel = os.path.relpath(path, root)
    return rel.split(os.sep)[0] if os.sep in rel else "."


def code(text):
    # Comments and string literals name no types we count.
    text = re.sub(r"//[^\n]*", "", text)
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return re.sub(r'\$?@?"(?:[^"\\\n]|\\.)*"', '""', text)


sources = {f: open(f, encoding="utf-8").read() for f in files}
lines = {f: s.count("\n") for f, s in sources.items()}
declared = {}
for f, s in sources.items():
    for name in re.findall(r"\b(?:class|record|struct|interface|enum)\s+(?:struct\s+|class\s+)?([A-Z]\w*)", code(s)):
        declared.setdefault(name, set()).add(folder(f))

edges = {}
for f, s in sources.items():
    here = folder(f)
    text = code(s)
    usings = set(re.findall(r"^using ExaHealth\.(\w+);", text, flags=re.M))
    body = re.sub(r"^using [^\n]*\n", "", text, flags=re.M)
    names = set(re.findall(r"\b[A-Z]\w*\b", body))
    # Written out in full (ExaHealth.X.Type) or from inside the root namespace (X.Type).
    qualified = set(re.findall(r"\bExaHealth\.(\w+)\.", body))
    qualified |= {m for m in re.findall(r"(?<![\w.])([A-Z]\w*)\.[A-Z]", body) if os.path.isdir(os.path.join(root, m))}
    for name in names:
        for there in declared.get(name, ()):
            if there != here and (there in usings or there in qualified or there == "."):
                edges.setdefault(here, {}).setdefault(there, set()).add(name)

counts = sorted(lines.values())
print(f"files {len(files)}, lines {sum(counts)}, median {statistics.median(counts):g}, "
      f"over 300 lines: {sum(1 for n in counts if n > 300)}")
print("largest:", ", ".join(f"{os.path.relpath(f, root)} {n}" for f, n in sorted(lines.items(), key=lambda x: -x[1])[:8]))

# Loops: strongly connected folder groups of more than one folder, and the edges that close them.
index, low, stack, on, groups, counter = {}, {}, [], set(), [], [0]


def visit(v):
    index[v] = low[v] = counter[0]
    counter[0] += 1
    stack.append(v)
    on.add(v)
    for w in edges.get(v, {}):
        if w not in index:
            visit(w)
            low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        group = []
        while True:
            w = stack.pop()
            on.discard(w)
            group.append(w)
            if w == v:
                break
        groups.append(group)


for v in sorted(set(edges) | {w for t in edges.values() for w in t}):
    if v not in index:
        visit(v)

loops = [sorted(g) for g in groups if len(g) > 1]
print(f"import loops: {len(loops)}")
for g in loops:
    print("  loop:", " ".join(g))
    for a in g:
        for b, names in sorted(edges.get(a, {}).items()):
            if b in g:
                print(f"    {a} -> {b}: {', '.join(sorted(names)[:6])}")
print("imports:")
for a in sorted(edges):
    print(f"  {a} -> {' '.join(sorted(edges[a]))}")
