"""The plans the benches and drills upload: generated sheets, never files from elsewhere."""

from __future__ import annotations


def sample_sheets(count: int) -> list[tuple[str, bytes]]:
    """``count`` good one-page plans, ``("good_<style>", pdf)``: sheet i is sample plan
    i mod plans in export style i mod styles, so no pair repeats before lcm(plans, styles)."""
    from floorplans.samples.catalog import sample_plans
    from floorplans.samples.render import STYLES, render_pdf

    plans = sample_plans()
    styles = list(STYLES)
    files = []
    for i in range(count):
        plan, style = plans[i % len(plans)], styles[i % len(styles)]
        files.append((f"good_{style}", render_pdf(plan, style, seed=i)))
    return files
