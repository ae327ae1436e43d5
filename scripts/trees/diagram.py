"""A decision tree drawn as an accessible inline SVG, at build time: no JavaScript, no browser,
no system binary.

    svg(boxes, arrows, title="…", description="…")

Boxes are the nodes (questions, solutions, "go in person" ends); arrows are the answers, their
text written on the arrow. An answer marked `restart` (the one loop back to the start) is a
short stub below its question, with its text, linking to its target: no arrow across the
whole drawing.

The layout is layered, top to bottom (Sugiyama style), and our own: boxes in rows by their
longest path from the start; each answer's label in a row between its question and its
target (right below the question when there is room); rows ordered by barycenter sweeps to
cut crossings; x positions by isotonic regression (pool adjacent violators), which pulls
each item towards its neighbours but never lets two items in a row overlap; arrows straight
down through each row and curved only between rows, so no arrow cuts a box. grandalf (PyPI,
pure Python) was tried first: it places no edge labels, and with boxes of different widths
its Brandes-Köpf placement let neighbours overlap in about 1 random tree in 20 of 10 to 60
boxes; pyelk has no edge-label placement either.

Text is wrapped from per-character widths of DejaVu Sans, the widest common sans-serif, so it
fits in whichever system font the reader has. Texts get narrower (down to a minimum) until
the drawing fits in `fit` px; the drawing keeps its natural size (1 unit = 1 CSS px, text
never smaller than its font size), and one that cannot fit scrolls sideways in its wrapper
(`WRAPPER_CLASS`, docs/assets/stylesheets/site.css). Colours come from that
stylesheet; the presentation attributes written here are the fallback without it. No `style`
attribute and no <style> element: the site's Content-Security-Policy allows neither.
"""

from __future__ import annotations

import math
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

KINDS = ("question", "solution", "in-person")
# Fallback colours (fill, line) when the stylesheet is missing; the stylesheet's are the same.
_KIND_COLOURS = {"question": ("#eaf2f7", "#1e5a78"), "solution": ("#e9f5ea", "#2e7d32"),
                 "in-person": ("#fdf1e4", "#b45309")}
WRAPPER_CLASS = "tree-diagram"
FIT = 300  # px: the width of a collapsible note in Material's content column on a 360 px screen

# Sizes, in CSS px
FONT = 14  # box text
LABEL_FONT = 13  # answer text on an arrow
LINE = 19  # line height of box text
LABEL_LINE = 17
PAD_X, PAD_Y = 9, 8  # inside a box
LABEL_PAD_X, LABEL_PAD_Y = 4, 2
ICON = 16  # the kind's icon, before the first line of a box
ICON_GAP = 6
MIN_BOX = 72
TARGET = 44  # a link's least height with its focus ring (4 px round it): a thumb's target
BOX_MAX = 248  # a box's widest, even alone in its row
LABEL_MAX = 200
MIN_WRAP = {"node": 120, "label": 92, "stub": 100}  # narrower than this, the drawing scrolls instead
GAP = {"node": 14, "label": 10, "stub": 10, "dummy": 8}  # horizontal, half beside each item
ROW_GAP = 16  # vertical, between rows
MAX_ROW_GAP = 72
STEEP = 0.35  # rows move apart to 0.35 px per px an arrow goes sideways between them
BUDGET_STEP = 12
MARGIN = 8  # round the drawing: room for the focus ring
START_MARK = 26  # room above the start box for its entry mark
ARROW = 7  # arrowhead length
SWEEPS = 12  # ordering: barycenter passes down and up
PLACE_ROUNDS = 8  # x positions: passes down and up

# Advance widths of DejaVu Sans, in hundredths of an em, rounded up (measured in Chromium).
_WIDTHS = {
    28: "'ijl", 30: "IJ", 32: " ,.·‘’", 34: "/:;\\|", 36: "f", 37: "-", 40: "()[]t", 41: "!¡",
    42: "r", 46: '"', 48: "ªº", 50: "*_`°–", 52: "“”", 53: "sz", 54: "?¿", 55: "c", 56: "L",
    58: "Fk", 59: "•", 60: "vxy", 61: "P", 62: "TYaeo«»", 64: "0123456789$ESbdghnpqu{}€", 66: "K",
    69: "ABVXZ", 70: "CR", 74: "U", 75: "N", 76: "H", 78: "&DG", 79: "OQ", 82: "w",
    84: "#+<=>^~", 87: "M", 96: "%", 98: "m", 99: "W", 100: "@—…",
}
_EM = {char: width / 100 for width, chars in _WIDTHS.items() for char in chars}
_PREFIX_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
SVG_NS = "http://www.w3.org/2000/svg"


@dataclass(frozen=True)
class Box:
    """One node."""

    id: str
    text: str  # plain text title
    kind: str  # "question" | "solution" | "in-person"
    start: bool = False


@dataclass(frozen=True)
class Arrow:
    """One answer, from a question to the node it leads to."""

    source: str
    target: str
    label: str  # plain text answer
    restart: bool = False  # the loop back to the start: drawn as a stub


# ---------------------------------------------------------------------------
# Text


def char_width(char: str, size: float) -> float:
    em = _EM.get(char)
    if em is None:
        base = unicodedata.normalize("NFD", char)[:1]
        if base in _EM:
            em = _EM[base]
        elif unicodedata.east_asian_width(char) in ("W", "F"):
            em = 1.0
        elif unicodedata.combining(char) or unicodedata.category(char) in ("Cf", "Mn"):
            em = 0.0
        else:
            em = 0.8
    return em * size


def text_width(text: str, size: float) -> float:
    return sum(char_width(c, size) for c in text)


def wrap(text: str, width: float, size: float, first_indent: float = 0.0) -> list[str]:
    """Lines of at most `width` px (the first `first_indent` px shorter); long words are cut."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        room = width - (first_indent if not lines else 0)
        candidate = f"{line} {word}" if line else word
        if text_width(candidate, size) <= room:
            line = candidate
            continue
        if line:
            lines.append(line)
            line = ""
            room = width
        while text_width(word, size) > room:  # a word wider than the line: cut it
            cut = 1
            while cut < len(word) and text_width(word[:cut + 1] + "-", size) <= room:
                cut += 1
            lines.append(word[:cut] + "-")
            word = word[cut:]
            room = width
        line = word
    if line or not lines:
        lines.append(line)
    return lines


# ---------------------------------------------------------------------------
# Layout


@dataclass(eq=False)
class _Item:
    """One thing in a row: a box, an answer label, a restart stub, or a point an arrow passes."""

    kind: str  # "node" | "label" | "stub" | "dummy"
    row: int
    w: float
    h: float
    lines: list[str] = field(default_factory=list)
    box: Box | None = None
    arrow: Arrow | None = None
    up: list["_Item"] = field(default_factory=list)  # neighbours in the row above
    down: list["_Item"] = field(default_factory=list)  # neighbours in the row below
    x: float = 0.0  # centre
    y: float = 0.0  # top
    band: tuple[float, float] = (0.0, 0.0)  # top and bottom of its row
    shift: float = 0.0  # the text's offset down, in a box taller than its text

    @property
    def weight(self) -> float:
        return 2.0 if self.kind == "dummy" else 1.0

    @property
    def left(self) -> float:
        return self.x - self.w / 2

    @property
    def right(self) -> float:
        return self.x + self.w / 2

    @property
    def bottom(self) -> float:
        return self.y + self.h


@dataclass
class _Layout:
    width: float
    height: float
    rows: list[list[_Item]]
    nodes: dict[str, _Item]
    chains: list[tuple[Arrow, list[_Item]]]  # each arrow: the items it passes, label or stub included
    start: str
    ports: dict[tuple[int, int], float]  # (id(box), id(neighbour)) -> x where their arrow meets the box


def _validate(boxes: Sequence[Box], arrows: Sequence[Arrow], id_prefix: str) -> str:
    """The start box's ID, after checking the input."""
    if not boxes:
        raise ValueError("the diagram has no boxes: give at least one Box")
    if not _PREFIX_RE.match(id_prefix):
        raise ValueError(f"id_prefix {id_prefix!r} is not usable in an ID: use a letter, then letters, digits, - or _")
    seen: set[str] = set()
    for box in boxes:
        if not box.id:
            raise ValueError("a box has an empty id")
        if box.id in seen:
            raise ValueError(f"two boxes have the id {box.id!r}")
        seen.add(box.id)
        if box.kind not in KINDS:
            raise ValueError(f"box {box.id!r} has kind {box.kind!r}; use one of {', '.join(KINDS)}")
        if not box.text.strip():
            raise ValueError(f"box {box.id!r} has no text")
    for arrow in arrows:
        for end, name in ((arrow.source, "source"), (arrow.target, "target")):
            if end not in seen:
                raise ValueError(f"the arrow {arrow.label!r} has {name} {end!r}, which is not a box id")
        if not arrow.label.strip():
            raise ValueError(f"the arrow from {arrow.source!r} to {arrow.target!r} has no label")
    starts = [box.id for box in boxes if box.start]
    if len(starts) > 1:
        raise ValueError(f"more than one start box: {', '.join(starts)}")
    return starts[0] if starts else boxes[0].id


def _ranks(boxes: Sequence[Box], arrows: Sequence[Arrow]) -> dict[str, int]:
    """Each box's row number: its longest path from a box no arrow leads to (restarts left out)."""
    order = [box.id for box in boxes]
    incoming = {node: 0 for node in order}
    onward: dict[str, list[str]] = {node: [] for node in order}
    for arrow in arrows:
        if not arrow.restart:
            incoming[arrow.target] += 1
            onward[arrow.source].append(arrow.target)
    rank = {node: 0 for node in order}
    ready = [node for node in order if incoming[node] == 0]
    done = 0
    while ready:
        node = ready.pop(0)
        done += 1
        for target in onward[node]:
            rank[target] = max(rank[target], rank[node] + 1)
            incoming[target] -= 1
            if incoming[target] == 0:
                ready.append(target)
    if done < len(order):
        stuck = [node for node in order if incoming[node] > 0]
        raise ValueError(f"the arrows make a loop through {', '.join(stuck)}; "
                         "only an arrow marked restart may lead back")
    return rank


def _crossings(rows: list[list[_Item]]) -> int:
    total = 0
    for row in rows[:-1]:
        position = {id(item): i for i, item in enumerate(rows[row[0].row + 1])} if row else {}
        links = [(i, position[id(other)]) for i, item in enumerate(row) for other in item.down]
        for a in range(len(links)):
            for b in range(a + 1, len(links)):
                if (links[a][0] - links[b][0]) * (links[a][1] - links[b][1]) < 0:
                    total += 1
    return total


def _order(rows: list[list[_Item]]) -> list[list[_Item]]:
    """Reorder each row by the mean position of its neighbours, down then up; keep the best."""
    best, best_crossings = [list(r) for r in rows], _crossings(rows)
    for sweep in range(SWEEPS):
        downward = sweep % 2 == 0
        sequence = range(1, len(rows)) if downward else range(len(rows) - 2, -1, -1)
        for r in sequence:
            neighbour_row = rows[r - 1] if downward else rows[r + 1]
            position = {id(item): i for i, item in enumerate(neighbour_row)}

            def key(pair):
                index, item = pair
                others = item.up if downward else item.down
                if not others:
                    return (index, index)
                return (sum(position[id(o)] for o in others) / len(others), index)

            rows[r] = [item for _, item in sorted(enumerate(rows[r]), key=key)]
        crossings = _crossings(rows)
        if crossings < best_crossings:
            best, best_crossings = [list(r) for r in rows], crossings
    return best


def _isotonic(targets: list[float], weights: list[float]) -> list[float]:
    """The non-decreasing sequence nearest to `targets` (weighted least squares): pool adjacent violators."""
    blocks: list[list[float]] = []  # [mean, weight, count]
    for target, weight in zip(targets, weights):
        blocks.append([target, weight, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            mean, weight_b, count = blocks.pop()
            block = blocks[-1]
            total = block[1] + weight_b
            block[0] = (block[0] * block[1] + mean * weight_b) / total
            block[1] = total
            block[2] += count
    out: list[float] = []
    for mean, _, count in blocks:
        out.extend([mean] * int(count))
    return out


def _gap(a: _Item, b: _Item) -> float:
    return (a.w + b.w) / 2 + (GAP[a.kind] + GAP[b.kind]) / 2


def _place_row(row: list[_Item], wanted: list[float], window: tuple[float, float] | None = None) -> None:
    """Put the row's items as near `wanted` as their order and the gaps between them allow, and
    inside `window` (left, right) if the row fits in it."""
    if not row:
        return
    offsets = [0.0]
    for a, b in zip(row, row[1:]):
        offsets.append(offsets[-1] + _gap(a, b))
    fitted = _isotonic([w - o for w, o in zip(wanted, offsets)], [item.weight for item in row])
    if window:
        # With every item shifted by its offset, the window bounds them all alike, and the
        # nearest bounded solution is the unbounded one clipped (pool adjacent violators).
        low = window[0] + row[0].w / 2
        high = window[1] - offsets[-1] - row[-1].w / 2
        if low > high:
            low = high = (low + high) / 2
        fitted = [min(high, max(low, value)) for value in fitted]
    for item, value, offset in zip(row, fitted, offsets):
        item.x = value + offset


def _place(rows: list[list[_Item]], width: float) -> None:
    """x positions: each item near the mean of its neighbours, above and below in turn."""
    for row in rows:  # packed from the left
        _place_row(row, [0.0] * len(row))
    window = None
    for round_ in range(2 * PLACE_ROUNDS):
        if round_ == PLACE_ROUNDS:
            # Too wide: the same again, inside a window as wide as the budget, round the middle.
            left = min(item.left for row in rows for item in row)
            right = max(item.right for row in rows for item in row)
            if right - left <= width:
                break
            middle = (left + right) / 2
            window = (middle - width / 2, middle + width / 2)
            for row in rows:
                _place_row(row, [item.x for item in row], window)
        for downward in (True, False):
            sequence = rows[1:] if downward else rows[-2::-1]
            for row in sequence:
                wanted = []
                for item in row:
                    others = item.up if downward else item.down
                    wanted.append(sum(o.x for o in others) / len(others) if others else item.x)
                _place_row(row, wanted, window)
    # Last, each row between both neighbours: balanced fans, straight long arrows.
    for row in rows:
        wanted = []
        for item in row:
            others = item.up + item.down
            wanted.append((item.x + sum(o.x for o in others) / len(others)) / 2 if others else item.x)
        _place_row(row, wanted, window)


def _item_lines(item: _Item, width: float) -> None:
    """Wrap the item's text to `width` px (its outer width) and size it."""
    if item.kind == "node":
        indent, pad_x, pad_y, size, line, extra = ICON + ICON_GAP, PAD_X, PAD_Y, FONT, LINE, 0
        text = item.box.text
    else:
        indent = ICON if item.kind == "stub" else 0
        pad_x = LABEL_PAD_X + (3 if item.kind == "stub" else 0)
        pad_y, size, line, extra = LABEL_PAD_Y, LABEL_FONT, LABEL_LINE, (2 if item.kind == "stub" else 0)
        text = item.arrow.label
    # Wide enough for the longest word, so that words are cut only when longer than the widest box.
    longest = max(text_width(word, size) for word in text.split()) + indent
    width = max(width, min(math.ceil(longest) + 2 * pad_x, BOX_MAX if item.kind == "node" else LABEL_MAX))
    item.lines = wrap(text, width - 2 * pad_x, size, indent)
    widest = max(text_width(t, size) + (indent if i == 0 else 0) for i, t in enumerate(item.lines))
    item.w = max(MIN_BOX if item.kind == "node" else 0, math.ceil(widest) + 2 * pad_x)
    item.h = len(item.lines) * line + 2 * (pad_y + extra)
    if item.kind in ("node", "stub") and item.h < TARGET - 8:  # links: tall enough for a thumb
        item.shift = (TARGET - 8 - item.h) / 2
        item.h = TARGET - 8


def _natural(item: _Item) -> float:
    """The item's width with its text on one line, at most its kind's widest."""
    if item.kind == "node":
        return min(BOX_MAX, max(MIN_BOX, math.ceil(text_width(item.box.text, FONT)) + ICON + ICON_GAP + 2 * PAD_X + 1))
    pad = 2 * (LABEL_PAD_X + (3 if item.kind == "stub" else 0)) + (ICON if item.kind == "stub" else 0)
    return min(LABEL_MAX, math.ceil(text_width(item.arrow.label, LABEL_FONT)) + pad + 1)


def _share(naturals: list[float], minimums: list[float], room: float) -> list[float]:
    """Widths for a row's items: each its natural width if all fit, else the widest ones cut
    down to a common cap (never below their minimum)."""
    if sum(naturals) <= room:
        return list(naturals)
    floors = [min(n, m) for n, m in zip(naturals, minimums)]
    if sum(floors) >= room:
        return floors

    def total(cap: float) -> float:
        return sum(min(n, max(f, cap)) for n, f in zip(naturals, floors))

    low, high = 0.0, max(naturals)
    for _ in range(40):
        middle = (low + high) / 2
        low, high = (middle, high) if total(middle) <= room else (low, middle)
    return [math.floor(min(n, max(f, low))) for n, f in zip(naturals, floors)]


def _layout(boxes: Sequence[Box], arrows: Sequence[Arrow], start: str, budget: float) -> _Layout:
    rank = _ranks(boxes, arrows)
    depth = max(rank.values())
    rows: list[list[_Item]] = [[] for _ in range(2 * depth + 2)]
    nodes = {box.id: _Item("node", 2 * rank[box.id], 0.0, 0.0, box=box) for box in boxes}

    # Each answer's label goes in a row between its question and its target: the first one
    # with room, else the emptiest one.
    load = [0.0] * len(rows)
    for node in nodes.values():
        load[node.row] += _natural(node) + GAP["node"]
    labels: dict[int, _Item] = {}  # arrow index -> its label
    pending = sorted((pair for pair in enumerate(arrows) if not pair[1].restart),
                     key=lambda pair: (rank[pair[1].target] - rank[pair[1].source], pair[0]))
    for index, arrow in pending:
        choices = range(2 * rank[arrow.source] + 1, 2 * rank[arrow.target], 2)
        label = _Item("label", 0, 0.0, 0.0, arrow=arrow)
        width = _natural(label) + GAP["label"]
        room = [r for r in choices if load[r] + width <= budget]
        label.row = room[0] if room else min(choices, key=lambda r: (load[r], r))
        load[label.row] += width
        labels[index] = label

    # The items of each arrow, top to bottom, linked to their neighbours.
    chains: list[tuple[Arrow, list[_Item]]] = []
    for index, arrow in enumerate(arrows):
        source = nodes[arrow.source]
        if arrow.restart:
            chain = [_Item("stub", source.row + 1, 0.0, 0.0, arrow=arrow)]
        else:
            label = labels[index]
            chain = [label if r == label.row else _Item("dummy", r, 0.0, 0.0)
                     for r in range(source.row + 1, nodes[arrow.target].row)]
        path = [source, *chain] + ([] if arrow.restart else [nodes[arrow.target]])
        for upper, lower in zip(path, path[1:]):
            upper.down.append(lower)
            lower.up.append(upper)
        chains.append((arrow, chain))

    # First order: depth first from the start, answers left to right; then the other boxes.
    placed: set[int] = set()
    by_source: dict[str, list[tuple[Arrow, list[_Item]]]] = {}
    for arrow, chain in chains:
        by_source.setdefault(arrow.source, []).append((arrow, chain))

    def put(item: _Item) -> None:
        if id(item) not in placed:
            placed.add(id(item))
            rows[item.row].append(item)

    def visit(node_id: str) -> None:
        stack = [node_id]
        while stack:
            current = stack.pop()
            if id(nodes[current]) in placed:
                continue
            put(nodes[current])
            followers = []
            for arrow, chain in by_source.get(current, []):
                for item in chain:
                    put(item)
                if not arrow.restart:
                    followers.append(arrow.target)
            stack.extend(reversed(followers))

    visit(start)
    for box in boxes:
        visit(box.id)
    while not rows[-1]:
        rows.pop()

    # Widths: in each row, the texts share what the budget leaves after the gaps.
    for row in rows:
        texts = [item for item in row if item.kind != "dummy"]
        room = budget - 2 * MARGIN - sum(GAP[item.kind] for item in row) + GAP["node"]
        minimums = [MIN_WRAP[item.kind] for item in texts]
        for item, width in zip(texts, _share([_natural(i) for i in texts], minimums, room)):
            _item_lines(item, width)

    rows = _order(rows)
    _place(rows, budget - 2 * MARGIN)
    left = min(item.left for row in rows for item in row)
    right = max(item.right for row in rows for item in row)
    for row in rows:
        for item in row:
            item.x += MARGIN - left

    # Where arrows leave and meet the boxes.
    ports: dict[tuple[int, int], float] = {}
    for node in nodes.values():
        for others, side in ((node.down, 1), (node.up, -1)):
            ordered = sorted(others, key=lambda o: (o.x, others.index(o)))
            inset = min(16.0, node.w / 4)
            for i, other in enumerate(ordered):
                ports[(id(node), id(other))] = node.left + inset + (node.w - 2 * inset) * (i + 1) / (len(ordered) + 1)

    def anchor(item: _Item, other: _Item) -> float:
        return ports.get((id(item), id(other)), item.x)

    # Vertical: each row as tall as its tallest item, items centred in it; rows far enough
    # apart for the arrows between them to stay steep.
    top = MARGIN + (START_MARK if nodes[start].row == 0 else 0)
    y = top
    for r, row in enumerate(rows):
        height = max((item.h for item in row), default=0.0)
        for item in row:
            item.y = y + (height - item.h) / 2
            item.band = (y, y + height)
        shift = max((abs(anchor(item, lower) - anchor(lower, item)) for item in row for lower in item.down),
                    default=0.0)
        y += height + min(MAX_ROW_GAP, max(ROW_GAP, shift * STEEP))
    return _Layout(right - left + 2 * MARGIN, y - ROW_GAP + MARGIN, rows, nodes, chains, start, ports)


def layout(boxes: Sequence[Box], arrows: Sequence[Arrow], fit: float = FIT) -> _Layout:
    """The layout with the widest texts that fits in `fit` px; if none fits, the one that gives
    each text at least its minimum width (the page then scrolls it sideways)."""
    start = _validate(boxes, arrows, "diagram")
    first = None
    budget = fit
    while budget >= fit / 2:
        result = _layout(boxes, arrows, start, budget)
        if result.width <= fit:
            return result
        first = first or result
        budget -= BUDGET_STEP
    return first


# ---------------------------------------------------------------------------
# Drawing


def _n(value: float) -> str:
    text = f"{round(value, 1):.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _points(*values: float) -> str:
    return " ".join(_n(v) for v in values)


def _sub(parent: ET.Element, tag: str, attrs: dict[str, str | float] | None = None, text: str | None = None,
         **more: str | float) -> ET.Element:
    merged = {**(attrs or {}), **more}
    element = ET.SubElement(parent, tag, {k: v if isinstance(v, str) else _n(v) for k, v in merged.items()})
    if text is not None:
        element.text = text
    return element


def _path(points: list[tuple[float, float]]) -> str:
    x0, y0 = points[0]
    parts = [f"M{_points(x0, y0)}"]
    for x1, y1 in points[1:]:
        if abs(x1 - x0) < 0.05 and abs(y1 - y0) < 0.05:
            continue
        if abs(x1 - x0) < 0.5:
            parts.append(f"L{_points(x1, y1)}")
        else:
            middle = (y1 - y0) / 2
            parts.append(f"C{_points(x0, y0 + middle, x1, y1 - middle, x1, y1)}")
        x0, y0 = x1, y1
    return " ".join(parts)


def _icon(parent: ET.Element, kind: str, cx: float, cy: float) -> None:
    """The kind's sign, so that kinds differ by more than colour: ?, a tick, a person."""
    group = _sub(parent, "g", {"class": "tree-diagram__icon", "aria-hidden": "true"})
    _sub(group, "circle", {"class": "tree-diagram__icon-disc", "fill": _KIND_COLOURS[kind][1]}, cx=cx, cy=cy,
         r=ICON / 2)
    mark = {"class": "tree-diagram__icon-mark", "fill": "none", "stroke": "#ffffff", "stroke-width": "2",
            "stroke-linecap": "round", "stroke-linejoin": "round"}
    if kind == "question":
        _sub(group, "path", mark, d=f"M{_points(cx - 2.6, cy - 2.2)} a2.7 2.7 0 1 1 3.6 2.5 "
                                    f"c-0.7 0.3 -1 0.8 -1 1.5")
        _sub(group, "circle", {"class": "tree-diagram__icon-dot", "fill": "#ffffff"}, cx=cx, cy=cy + 4.4, r=1.1)
    elif kind == "solution":
        _sub(group, "path", mark, d=f"M{_points(cx - 4, cy + 0.2)} l2.7 2.8 l5.3 -5.8")
    else:
        _sub(group, "circle", {"class": "tree-diagram__icon-dot", "fill": "#ffffff"}, cx=cx, cy=cy - 2.9, r=2.3)
        _sub(group, "path", {"class": "tree-diagram__icon-dot", "fill": "#ffffff"},
             d=f"M{_points(cx - 4.6, cy + 5.2)} c0 -3.4 2 -5 4.6 -5 s4.6 1.6 4.6 5 z")


def _restart_icon(parent: ET.Element, cx: float, cy: float) -> None:
    group = _sub(parent, "g", {"class": "tree-diagram__restart-icon", "aria-hidden": "true"})
    attrs = {"fill": "none", "stroke": "#1e5a78", "stroke-width": "1.8", "stroke-linecap": "round",
             "stroke-linejoin": "round"}
    _sub(group, "path", attrs, d=f"M{_points(cx + 4.6, cy + 1.6)} A4.9 4.9 0 1 1 {_points(cx + 3.2, cy - 3.8)}")
    _sub(group, "path", attrs, d=f"M{_points(cx + 3.9, cy - 7)} L{_points(cx + 3.4, cy - 3.6)} "
                                 f"L{_points(cx, cy - 3.4)}")


def _text(parent: ET.Element, item: _Item, x: float, y: float, size: float, line: float, indent: float,
          anchor: str, css: str, colour: str = "#10212b") -> None:
    text = _sub(parent, "text", {"class": css, "fill": colour, "font-size": str(size)})
    if anchor != "start":
        text.set("text-anchor", anchor)
    for i, content in enumerate(item.lines):
        # The trailing space keeps words apart in the accessible name built from the lines.
        _sub(text, "tspan", x=x + (indent if i == 0 else 0), y=y + i * line + line / 2 + size * 0.35,
             text=content + (" " if i < len(item.lines) - 1 else ""))


def _arrowhead(parent: ET.Element, prefix: str) -> str:
    marker_id = f"{prefix}-arrowhead"
    marker = _sub(parent, "marker", {"id": marker_id, "viewBox": "0 0 10 10", "refX": "9", "refY": "5",
                                     "markerUnits": "userSpaceOnUse", "markerWidth": str(ARROW + 2),
                                     "markerHeight": str(ARROW + 2), "orient": "auto"})
    _sub(marker, "path", {"class": "tree-diagram__arrowhead", "fill": "#5b6770"}, d="M1 1 L9 5 L1 9 z")
    return marker_id


def element(boxes: Sequence[Box], arrows: Sequence[Arrow], *, title: str, description: str,
            href: Callable[[str], str] = lambda node_id: "#" + node_id, id_prefix: str = "diagram",
            fit: float = FIT) -> ET.Element:
    """The <svg> element; `svg()` is the same as markup."""
    _validate(boxes, arrows, id_prefix)
    lay = layout(boxes, arrows, fit)
    width, height = math.ceil(lay.width), math.ceil(lay.height)
    title_id, desc_id = f"{id_prefix}-title", f"{id_prefix}-desc"
    # role="group", not "img": an image's children are presentational, and these are links.
    root = ET.Element("svg", {
        "xmlns": SVG_NS, "class": f"{WRAPPER_CLASS}__svg", "width": str(width), "height": str(height),
        "viewBox": f"0 0 {width} {height}", "role": "group", "aria-labelledby": title_id,
        "aria-describedby": desc_id,
    })
    _sub(root, "title", {"id": title_id}, text=title)
    _sub(root, "desc", {"id": desc_id}, text=description)
    defs = _sub(root, "defs")
    marker = _arrowhead(defs, id_prefix)
    _sub(root, "rect", {"class": f"{WRAPPER_CLASS}__background", "fill": "#ffffff"}, x=0, y=0, width=width,
         height=height)

    # Arrows under everything.
    edges = _sub(root, "g", {"class": f"{WRAPPER_CLASS}__arrows", "fill": "none", "stroke": "#5b6770",
                             "stroke-width": "1.6"})
    for arrow, chain in lay.chains:
        # Straight down through each row, curves only between rows: no arrow cuts a box.
        source = lay.nodes[arrow.source]
        first = chain[0] if chain else lay.nodes[arrow.target]
        port = lay.ports[(id(source), id(first))]
        points = [(port, source.bottom), (port, source.band[1])]
        for item in chain:
            points.extend([(item.x, item.band[0]), (item.x, item.y), (item.x, item.bottom), (item.x, item.band[1])])
        attrs = {"class": f"{WRAPPER_CLASS}__arrow", "marker-end": f"url(#{marker})"}
        if arrow.restart:
            del points[-2:]  # the stub's arrow ends at its top
            attrs["class"] += f" {WRAPPER_CLASS}__arrow--restart"
            attrs["stroke-dasharray"] = "4 3"
        else:
            target = lay.nodes[arrow.target]
            port = lay.ports[(id(target), id(chain[-1] if chain else source))]
            points.extend([(port, min(target.band[0], target.y - 1)), (port, target.y - 1)])
        _sub(edges, "path", attrs, d=_path(points))

    # The start's entry mark: a dot and a short arrow into the start box.
    start = lay.nodes[lay.start]
    mark = _sub(root, "g", {"class": f"{WRAPPER_CLASS}__entry", "aria-hidden": "true"})
    _sub(mark, "circle", {"fill": "#5b6770"}, cx=start.x, cy=start.y - START_MARK + 6, r=5)
    _sub(mark, "path", {"fill": "none", "stroke": "#5b6770", "stroke-width": "1.6", "marker-end": f"url(#{marker})"},
         d=_path([(start.x, start.y - START_MARK + 11), (start.x, start.y - 1)]))

    # Boxes, answers and restart stubs in reading order, row by row and left to right: the
    # order of the links for the keyboard, and of everything for a screen reader.
    for row in lay.rows:
        for item in row:
            if item.kind == "label":
                group = _sub(root, "g", {"class": f"{WRAPPER_CLASS}__label"})
                _sub(group, "rect", {"class": f"{WRAPPER_CLASS}__label-bg", "fill": "#ffffff"}, x=item.left,
                     y=item.y, width=item.w, height=item.h, rx=4)
                _text(group, item, item.x, item.y + LABEL_PAD_Y, LABEL_FONT, LABEL_LINE, 0, "middle",
                      f"{WRAPPER_CLASS}__label-text", "#33434d")
            if item.kind == "node":
                box = item.box
                classes = f"{WRAPPER_CLASS}__node {WRAPPER_CLASS}__node--{box.kind}"
                if box.start:
                    classes += f" {WRAPPER_CLASS}__node--start"
                link = _sub(root, "a", {"href": href(box.id), "class": classes})
                _sub(link, "rect", {"class": f"{WRAPPER_CLASS}__focus", "fill": "none", "stroke": "none",
                                    "stroke-width": "3"},
                     x=item.left - 4, y=item.y - 4, width=item.w + 8, height=item.h + 8,
                     rx=12 if box.kind == "question" else 6)
                fill, line = _KIND_COLOURS[box.kind]
                _sub(link, "rect", {"class": f"{WRAPPER_CLASS}__box", "fill": fill, "stroke": line,
                                    "stroke-width": "2"},
                     x=item.left, y=item.y, width=item.w, height=item.h, rx=9 if box.kind == "question" else 3)
                _icon(link, box.kind, item.left + PAD_X + ICON / 2, item.y + item.shift + PAD_Y + LINE / 2)
                _text(link, item, item.left + PAD_X, item.y + item.shift + PAD_Y, FONT, LINE, ICON + ICON_GAP, "start",
                      f"{WRAPPER_CLASS}__text")
            elif item.kind == "stub":
                arrow = item.arrow
                link = _sub(root, "a", {"href": href(arrow.target), "class": f"{WRAPPER_CLASS}__restart"})
                _sub(link, "rect", {"class": f"{WRAPPER_CLASS}__focus", "fill": "none", "stroke": "none",
                                    "stroke-width": "3"},
                     x=item.left - 4, y=item.y - 4, width=item.w + 8, height=item.h + 8, rx=8)
                _sub(link, "rect", {"class": f"{WRAPPER_CLASS}__restart-box", "fill": "#ffffff",
                                    "stroke": "#1e5a78", "stroke-width": "1.5", "stroke-dasharray": "4 3"},
                     x=item.left, y=item.y, width=item.w, height=item.h, rx=item.h / 2 if len(item.lines) == 1 else 8)
                pad = LABEL_PAD_X + 3
                _restart_icon(link, item.left + pad + ICON / 2 - 1, item.y + item.shift + 2 + LABEL_PAD_Y + LABEL_LINE / 2)
                _text(link, item, item.left + pad, item.y + item.shift + 2 + LABEL_PAD_Y, LABEL_FONT, LABEL_LINE, ICON, "start",
                      f"{WRAPPER_CLASS}__restart-text", "#1e5a78")
    return root


def svg(boxes: Sequence[Box], arrows: Sequence[Arrow], *, title: str, description: str,
        href: Callable[[str], str] = lambda node_id: "#" + node_id, id_prefix: str = "diagram",
        fit: float = FIT) -> str:
    """The diagram as inline SVG markup: one link per box (to `href(box.id)`), answers on the arrows.

    Put it in an element of class `WRAPPER_CLASS` (see `figure()`), which scrolls sideways when
    the drawing is wider than the page. `id_prefix` keeps IDs apart when a page has several.
    """
    root = element(boxes, arrows, title=title, description=description, href=href, id_prefix=id_prefix, fit=fit)
    return ET.tostring(root, encoding="unicode")


def figure(boxes: Sequence[Box], arrows: Sequence[Arrow], *, title: str, description: str,
           href: Callable[[str], str] = lambda node_id: "#" + node_id, id_prefix: str = "diagram",
           fit: float = FIT) -> str:
    """The SVG inside its scrolling wrapper, `<div class="tree-diagram">`."""
    wrapper = ET.Element("div", {"class": WRAPPER_CLASS})
    wrapper.append(element(boxes, arrows, title=title, description=description, href=href, id_prefix=id_prefix,
                           fit=fit))
    return ET.tostring(wrapper, encoding="unicode")


# ---------------------------------------------------------------------------
# A troubleshooting tree page (scripts/trees/model.py) as boxes and arrows


def from_tree(tree) -> tuple[list[Box], list[Arrow]]:
    """The nodes as boxes and the answers as arrows, in page order; texts as plain text."""
    from scripts.trees.model import plain

    boxes = [Box(node.id, plain(node.title), tree.classes.role(node.kind), node.start)
             for node in tree.nodes.values()]
    arrows = [Arrow(node.id, answer.target, plain(answer.text), answer.restart)
              for node in tree.nodes.values() for answer in node.answers if answer.target in tree.nodes]
    return boxes, arrows
