"""Keep the walls that form the building's wall network; drop furniture and legends.

Walls join each other at junctions; furniture stands clear of them. Pieces drawn in the
sheet's wall style connect across small gaps (a slanted wall stops short of its host's
face), pieces of another style only when they touch, so a bed drawn in thin lines never
joins heavy-stroke walls.
"""

from __future__ import annotations

from collections import defaultdict

import shapely

from .faces import from_frame
from .wall_cleanup import footprints, wall_lines
from .wall_detection import WallPiece

# Detached networks smaller than this share of the largest one are furniture or legends.
MIN_NETWORK_SHARE = 0.08
# A wall style draws at least this share of the largest network.
MAIN_STYLE_SHARE = 0.25
SAME_STYLE_REACH = 1.0  # of a piece's thickness: a column or a jamb gap at a junction


class _Components:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        self.parent[self.find(a)] = self.find(b)


def _on_line_of(piece: WallPiece, others: list[WallPiece]) -> bool:
    """Same line as a main-network wall: a stretch of wall between two openings."""
    return any(
        abs(piece.offset - o.offset) <= max(1.0, 0.2 * o.thickness)
        and abs(piece.thickness - o.thickness) <= 0.3 * o.thickness
        for o in others
    )


def _wall_styles(network: list[WallPiece]) -> set[str]:
    """The ways the building's own walls are drawn: each style carrying a fair share of
    the largest network (a sheet may draw outer walls filled and partitions as lines)."""
    lengths: dict[str, float] = defaultdict(float)
    for piece in network:
        lengths[piece.source] += piece.length
    total = sum(lengths.values())
    return {source for source, length in lengths.items() if length >= MAIN_STYLE_SHARE * total}


def largest_networks(pieces: list[WallPiece], max_opening: float = 0.0) -> list[WallPiece]:
    """The pieces of the substantial wall networks. Pieces on one wall line with a gap of
    up to ``max_opening`` between them (a door or window not bridged yet) are one network:
    a wall broken by an opening is still one wall."""
    if not pieces:
        return []
    touching = footprints(pieces, grow=1.0)  # flat caps: square ones would reach furniture
    reaching = list(shapely.buffer(touching, [SAME_STYLE_REACH * p.thickness for p in pieces]))
    components = _Components(len(pieces))
    left, right = shapely.STRtree(reaching).query(reaching, predicate="intersects")
    for a, b in zip(left.tolist(), right.tolist(), strict=True):
        if pieces[a].source == pieces[b].source or touching[a].intersects(touching[b]):
            components.join(a, b)
    index = {id(p): i for i, p in enumerate(pieces)}
    for line in wall_lines(pieces, max_opening):
        for piece in line[1:]:
            components.join(index[id(line[0])], index[id(piece)])
    roots = [components.find(i) for i in range(len(pieces))]
    totals: dict[int, float] = defaultdict(float)
    for root, piece in zip(roots, pieces, strict=True):
        totals[root] += piece.length
    main = max(totals, key=totals.__getitem__)
    styles = _wall_styles([p for root, p in zip(roots, pieces, strict=True) if root == main])
    in_style: dict[int, float] = defaultdict(float)
    for root, piece in zip(roots, pieces, strict=True):
        if piece.source in styles:
            in_style[root] += piece.length

    def substantial(root: int) -> bool:
        if root == main:
            return True
        if in_style[root] < 0.5 * totals[root]:
            return False  # thin-line boxes on a sheet whose walls are filled or heavy
        return totals[root] >= MIN_NETWORK_SHARE * totals[main]

    kept = [substantial(root) for root in roots]
    # Openings split walls into separate networks until they are bridged; a stretch of
    # wall between two windows is kept when it lies on the line of a kept wall.
    kept_by_angle: dict[int, list[WallPiece]] = defaultdict(list)
    for keep, piece in zip(kept, pieces, strict=True):
        if keep:
            kept_by_angle[piece.angle_key].append(piece)
    kept_walls = [p for keep, p in zip(kept, pieces, strict=True) if keep]
    kept_tree = shapely.STRtree(footprints(kept_walls))
    return [
        piece
        for keep, root, piece in zip(kept, roots, pieces, strict=True)
        if keep
        or (
            in_style[root] >= 0.5 * totals[root]
            and _on_line_of(piece, kept_by_angle.get(piece.angle_key, []))
        )
        or (
            piece.source == "fill"
            and "fill" in styles
            and _between_walls(piece, kept_walls, kept_tree, max_opening)
        )
    ]


def _between_walls(
    piece: WallPiece, walls: list[WallPiece], tree: shapely.STRtree, max_opening: float
) -> bool:
    """A filled stub whose line runs, both ways, across a gap of up to ``max_opening`` into
    the side of a kept wall: the pier between a door and a window in a wall that meets
    the network only across its openings (furniture is not drawn as poché)."""
    for t_end, outward in ((piece.t0, -1.0), (piece.t1, 1.0)):
        reach = shapely.LineString(
            [
                from_frame(piece.angle_key, t_end, piece.offset),
                from_frame(piece.angle_key, t_end + outward * max_opening, piece.offset),
            ]
        )
        if not any(
            walls[int(i)].angle_key != piece.angle_key
            for i in tree.query(reach, predicate="intersects")
        ):
            return False
    return True
