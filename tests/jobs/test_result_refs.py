"""A job's result link is made and read in one place (jobs.registry)."""

import uuid

import pytest

from jobs.registry import parse_result_ref, result_ref


def test_a_result_link_reads_back_as_what_made_it():
    pk = uuid.uuid4()
    assert parse_result_ref(result_ref("drawing_set_bom", pk)) == ("drawing_set_bom", str(pk))


@pytest.mark.parametrize("value", ["", "bom", "bom:", ":123"])
def test_an_empty_or_malformed_link_links_nothing(value):
    assert parse_result_ref(value) is None
