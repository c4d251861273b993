"""A page's address typed with capitals is sent to the page (cdht/ui/page_addresses.py)."""

import pytest

from cdht.ui.page_addresses import lower_case_address


@pytest.mark.parametrize(
    ("path", "query", "sent_to"),
    [
        ("/Dang-Ky", "ma=B51pzCjW", "/dang-ky?ma=B51pzCjW"),  # the unit code kept as written
        ("/KET-QUA/", "", "/ket-qua/"),
        ("/dang-ky", "ma=B51pzCjW", None),  # already a page's address
        ("/", "", None),
        ("/Favicon.png", "", None),  # a file
        ("/_stcore/Health", "", None),  # Streamlit's own routes
        ("/static/js/Index.js", "", None),
        ("/Dang-Ky/Khac", "", None),  # no page has two parts
    ],
)
def test_only_a_one_part_address_with_capitals_is_sent_to_its_lower_case(path, query, sent_to):
    assert lower_case_address(path, query) == sent_to
