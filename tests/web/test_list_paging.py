"""Every long list has numbered pages and a choice of how many rows a page shows; the choice is kept from page to
page and a size asked for in the address is bounded."""

import re

import pytest
from django.urls import reverse

from tests.people.factories import registry
from tests.users import make_user

pytestmark = pytest.mark.usefixtures("geography")


@pytest.fixture
def signed_in(client):
    client.force_login(make_user())
    return client


def test_the_officials_list_has_numbered_pages_and_a_page_size_choice(signed_in):
    registry(60)
    html = signed_in.get(reverse("people:official_list"), {"per_page": 25}).content.decode()
    size = html.split('name="per_page"')[1].split("</select>")[0]
    assert re.findall(r"<option[^>]*>(\d+)</option>", size) == ["25", "50", "100", "200"]
    assert '<option value="25" selected>' in size and "Số dòng mỗi trang" in html
    assert len(re.findall(r"<tr class=\"(?:odd|even)\"", html)) == 25
    pages = html.split('<ul class="pagination">')[1].split("</ul>")[0]
    assert re.findall(r"[?&;]page=(\d+)", pages) == ["1", "2", "3", "2"]  # 1 (current), 2, 3, then "next"
    assert all("per_page=25" in link for link in re.findall(r'href="([^"]+)"', pages))
    assert "Trang 1/3" in html
    last = signed_in.get(reverse("people:official_list"), {"per_page": 25, "page": 3}).content.decode()
    assert len(re.findall(r"<tr class=\"(?:odd|even)\"", last)) == 10


def test_a_page_size_asked_for_in_the_address_is_bounded(signed_in):
    registry(6)
    response = signed_in.get(reverse("people:official_list"), {"per_page": 100000})
    assert response.status_code == 200 and response.context["table"].paginator.per_page == 500
