"""The units and people a work plans workbook names, each resolved once, and only within the user's scope.

Communes are found as the registry import finds them (`geo.services.normalize_address`: an old or new name, with
its province; a name several provinces share is an error naming them) or by code. People are read by citizen ID
only among those the user may assign work to (`Official.objects.restrict(user, WORKPLAN)`), so nothing recorded
about anyone else is read.
"""

from __future__ import annotations

from cadre.accounts.permissions import WORKPLAN, provinces_for, visible_communes
from cadre.core.place_names import fold
from cadre.core.places import AddressError
from cadre.geo.models import Commune, Province
from cadre.geo.services import normalize_address
from cadre.people.models import Official
from cadre.people.workbook import schema as cells

from ..models import WorkPlan

CHUNK = 5000


def unknown_person(citizen_id: str) -> tuple[str, str]:
    return (
        f"Không có cán bộ nào có số định danh {citizen_id} trong phạm vi bạn được giao việc.",
        f"There is no official with the citizen ID {citizen_id} within the scope you may assign work in.",
    )


class People:
    """The officials the workbook names, read once, only among those the user may assign work to."""

    def __init__(self, user):
        self.user = user
        self.allowed = Official.objects.restrict(user, WORKPLAN)
        self.found: dict[str, Official] = {}

    def load(self, citizen_ids: set[str]) -> None:
        wanted = sorted(citizen_ids)
        for start in range(0, len(wanted), CHUNK):
            part = wanted[start : start + CHUNK]
            for official in self.allowed.filter(citizen_id__in=part).only("pk", "citizen_id", "full_name"):
                self.found[official.citizen_id] = official

    def get(self, citizen_id: str) -> Official | None:
        return self.found.get(citizen_id)


def _bare(name: str) -> str:
    """A province's folded name without the word for its kind ("thanh pho hai phong" -> "hai phong")."""
    for prefix in ("tinh ", "thanh pho ", "tp. ", "tp "):
        if name.startswith(prefix):
            return name[len(prefix) :].strip()
    return name


class Units:
    """The communes and provinces the plans name, each text resolved once, and whether the user may plan there."""

    def __init__(self, user):
        self.communes = set(visible_communes(user, WORKPLAN).values_list("code", flat=True))
        self.provinces = dict(provinces_for(user, WORKPLAN, WorkPlan).values_list("code", "name"))
        self._by_code = dict(Province.objects.values_list("code", "name"))
        self._names = {}
        for code, name in self._by_code.items():  # "Thành phố Hải Phòng", also "Hải Phòng"
            self._names[fold(name)] = self._names[_bare(fold(name))] = code
        self._codes = set(self._by_code)
        self._resolved: dict[str, Commune | cells.CellError] = {}

    def province(self, text: str) -> str:
        key = text.strip()
        code = key if key in self._codes else self._names.get(_bare(fold(key)))
        if code is None:
            raise cells.CellError(
                f"Không có tỉnh/thành phố «{key}».", f"There is no province or city '{key}'."
            )
        return code

    def commune(self, text: str, province: str | None) -> Commune:
        """A commune by code, or by its name (the plan's province, when given, completes a lone name, so that
        one of the names several provinces share is not ambiguous)."""
        lone = province and "," not in text and not text.isdigit()
        key = f"{text}, {self._by_code[province]}" if lone else text
        if key not in self._resolved:
            try:
                self._resolved[key] = self._find(text, key)
            except cells.CellError as error:
                self._resolved[key] = error
        found = self._resolved[key]
        if isinstance(found, cells.CellError):
            raise found
        return found

    def _find(self, text: str, address: str) -> Commune:
        if text.isdigit():
            commune = Commune.objects.filter(code=text).first()
            if commune is None:
                raise cells.CellError(
                    f"Không có xã/phường mã {text}.", f"There is no commune with code {text}."
                )
            return commune
        try:
            placed = normalize_address(address)
        except AddressError as error:
            raise cells.CellError(error.message_vi, error.message_en) from None
        return Commune.objects.get(code=placed.commune.code)
