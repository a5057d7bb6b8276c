"""First-fit-decreasing cutting lists, hand-packed."""

from __future__ import annotations

import pytest

from floorplans.takeoff.cutting import cut_pieces, split_run


def test_ffd_packs_longest_first_and_fills_offcuts():
    # Stock 10, no kerf. Sorted: 6, 5, 4, 3, 2.
    # 6 -> bar A (4 left); 5 -> bar B (5 left); 4 -> A (0 left); 3 -> B (2 left); 2 -> B (0).
    plan = cut_pieces([3, 6, 2, 5, 4], stock_length_m=10)
    assert plan.bars == ((6, 4), (5, 3, 2))
    assert plan.stock_count == 2
    assert plan.offcut_m == pytest.approx(0)


def test_ffd_reports_offcut_waste():
    # Three 7s need three bars of 10 (a 3 fits nowhere else): 3 x 10 - 21 = 9 offcut.
    plan = cut_pieces([7, 7, 7], stock_length_m=10)
    assert plan.stock_count == 3
    assert plan.offcut_m == pytest.approx(9)


def test_kerf_is_lost_at_each_cut_after_the_first_piece():
    # Four 2.5 pieces fill a 10 bar exactly without kerf; with 0.1 per cut the fourth
    # would need 2.5 + 3 x (0.1 + 2.5) = 10.3 > 10, so it starts a second bar.
    assert cut_pieces([2.5] * 4, 10).stock_count == 1
    assert cut_pieces([2.5] * 4, 10, kerf_m=0.1).bars == ((2.5, 2.5, 2.5), (2.5,))
    # A piece exactly as long as the stock needs no cut.
    assert cut_pieces([10.0], 10, kerf_m=0.1).stock_count == 1


def test_split_run_uses_whole_stock_lengths_then_the_rest():
    # A 20 ft plate from 16 ft stock: one 16 ft and a 4 ft piece, spliced on a stud.
    assert split_run(20, 16) == [16, 4]
    assert split_run(32, 16) == [16, 16]
    assert split_run(0, 16) == []


def test_piece_longer_than_stock_is_refused():
    with pytest.raises(ValueError, match="longer than"):
        cut_pieces([12], stock_length_m=10)


def test_many_identical_pieces_stay_linear():
    # 5000 studs would be 12.5 M first-fit probes without the segment tree.
    plan = cut_pieces([2.286] * 5000 + [0.8] * 3000, stock_length_m=2.4, kerf_m=0.003)
    # 2.286 leaves 0.114 per bar: no 0.8 fits, so 5000 bars + 0.8s at 2 per bar
    # (0.8 + 0.003 + 0.8 = 1.603; a third needs 2.406 > 2.4) -> 1500.
    assert plan.stock_count == 6500
