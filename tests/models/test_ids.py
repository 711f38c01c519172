"""MandateId: written and read in one place; what it writes it reads back."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mandate_etl.models import MandateId

ACRONYMS = st.text(alphabet=st.characters(whitelist_categories=("Lu",)), min_size=1, max_size=6)


def it_writes_the_ids_of_the_contract() -> None:
    assert str(MandateId.program(66)) == "program:66"
    assert str(MandateId.institutional("OIM", 3)) == "institutional:OIM:3"


@given(st.integers(0, 999))
def it_reads_back_a_program_id(number: int) -> None:
    assert MandateId.parse(str(MandateId.program(number))) == MandateId.program(number)


@given(ACRONYMS, st.integers(0, 999))
def it_reads_back_an_institutional_id(organization: str, number: int) -> None:
    mandate_id = MandateId.institutional(organization, number)
    assert MandateId.parse(str(mandate_id)) == mandate_id


@pytest.mark.parametrize("text", ["program", "program:", "program:x", "institutional:3", "other:1", ""])
def it_refuses_what_is_not_a_mandate_id(text: str) -> None:
    with pytest.raises(ValueError, match="not a mandate id"):
        MandateId.parse(text)
