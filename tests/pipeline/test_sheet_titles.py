"""Sheet titles in the languages plans come in (issue 10), and the title block's own words
(its door schedule, general notes) never outvoting the drawing's title or its walls."""

import pytest

from floorplans.pipeline.sheet_titles import best_title, levels
from floorplans.pipeline.sheets import classify_sheets, takeoff_pages
from floorplans.pipeline.text import TextLine
from floorplans.samples.catalog import sample_plans
from floorplans.samples.drawing_set import SHEET_TITLES, SheetSpec, language_set, render_set


def classified(specs: list[SheetSpec]):
    return list(classify_sheets(render_set(specs)))


@pytest.mark.parametrize("language", sorted(SHEET_TITLES))
def test_a_set_titled_in_its_language_is_read_sheet_by_sheet(language):
    specs = language_set(language)
    sheets = classified(specs)
    assert [(s.kind, s.title) for s in sheets] == [(spec.kind, spec.title) for spec in specs]
    plans = [i for i, spec in enumerate(specs) if spec.kind == "floor_plan"]
    assert takeoff_pages(sheets) == plans
    assert all(len(sheets[i].levels) <= 1 for i in plans)  # no plan read as a key plan


def test_a_german_plan_is_a_plan_though_its_title_block_prints_a_schedule():
    plan = sample_plans()[1]
    sheets = classified([SheetSpec("floor_plan", plan, "GRUNDRISS EG", "AR-02")])
    assert sheets[0].kind == "floor_plan"
    assert sheets[0].title == "GRUNDRISS EG"
    assert sheets[0].levels == ["EG"]


@pytest.mark.parametrize("title", ["RZUT PARTERU", ""])  # Polish: a language not read
def test_a_plan_whose_title_is_not_read_is_not_made_a_schedule_by_its_title_block(title):
    """The title block's DOOR AND WINDOW SCHEDULE and GENERAL NOTES are the only words
    naming a kind: the plan's wall network outweighs them."""
    plan = sample_plans()[1]
    sheet = classified([SheetSpec("floor_plan", plan, title, "AR-02")])[0]
    assert sheet.kind == "floor_plan"
    assert sheet.title is None
    assert sheet.evidence[0] == "title 'DOOR AND WINDOW SCHEDULE'"
    assert sheet.evidence[1].startswith("wall network: ")
    assert "outweighs words naming schedule" in sheet.evidence[2]


def test_schedule_and_notes_sheets_keep_their_titles_when_no_plan_is_drawn():
    plan = sample_plans()[1]
    specs = [
        SheetSpec("schedule", plan, "TÜRLISTE", "AR-12"),
        SheetSpec("cover_or_notes", plan, "LEGENDE", "AR-01"),
    ]
    assert [(s.kind, s.title) for s in classified(specs)] == [
        ("schedule", "TÜRLISTE"),
        ("cover_or_notes", "LEGENDE"),
    ]


@pytest.mark.parametrize(
    ("kind", "title", "labels"),
    [
        # AUSSCHNITT (an excerpt drawn larger) is not a SCHNITT (a section).
        ("detail", "FASSADENAUSSCHNITT", ()),
        # COUPE-FEU is fire-rated, not a section (COUPE).
        ("detail", "DÉTAIL PORTE COUPE-FEU", ()),
        # PLAN inside German words: the designer, the zoning plan, the design stage.
        ("elevation", "ANSICHT SÜD", (("PLANVERFASSER", 18), ("BEBAUUNGSPLAN NR. 12", 18))),
        # PLANTA is also a plant: in a short label, and in a sentence of notes.
        (
            "elevation",
            "ALZADO NORTE",
            (
                ("PLANTAS TREPADORAS", 18),
                ("LA PLANTA BAJA SE EJECUTARÁ CON FÁBRICA DE LADRILLO", 20),
            ),
        ),
        # PIANTA (a plant), GEVELSTEEN (facing brick): materials, not sheets.
        ("section", "SEZIONE B-B", (("PIANTA AROMATICA", 18),)),
        ("section", "DOORSNEDE B-B", (("GEVELSTEEN", 18),)),
    ],
)
def test_words_that_only_look_like_titles_do_not_decide(kind, title, labels):
    plan = sample_plans()[1]
    sheet = classified([SheetSpec(kind, plan, title, "AR-07", labels=labels)])[0]
    assert (sheet.kind, sheet.title) == (kind, title)


def test_the_dutch_new_state_of_a_plan_is_a_plan_not_a_site_plan():
    plan = sample_plans()[1]
    title = "PLATTEGROND BEGANE GROND - NIEUWE SITUATIE"
    sheet = classified([SheetSpec("floor_plan", plan, title, "AR-02")])[0]
    assert (sheet.kind, sheet.title) == ("floor_plan", title)


def line(text: str, size: float) -> TextLine:
    return TextLine(text, x=0.0, y=0.0, angle=0.0, size=size, length=size * len(text))


def test_the_biggest_words_win_whatever_their_weight():
    """A level's name is a weaker sign of a plan than FLOOR PLAN, but a title printed
    bigger than a callout or a title block's heading still wins."""
    title = best_title([line("UPPER FLOOR", 14), line("DETAIL 3", 10), line("LEGEND", 10)])
    assert (title.kind, title.text) == ("floor_plan", "UPPER FLOOR")


def test_among_words_about_as_big_the_more_telling_wins():
    title = best_title([line("MAIN FLOOR", 14), line("MAIN FLOOR PLAN", 13.5)])
    assert title.text == "MAIN FLOOR PLAN"
    title = best_title([line("ERDGESCHOSS", 10), line("TÜRLISTE", 10)])
    assert title.kind == "schedule"


def test_letters_the_sample_font_cannot_draw_are_read_with_or_without_their_accents():
    for text in ("TLORIS PRITLIČJA", "TLORIS PRITLICJA", "tloris pritličja"):
        title = best_title([line(text, 14)])
        assert (title.kind, title.text) == ("floor_plan", text)
        assert levels([line(text, 14)]) == ["PRITLICJA"]
