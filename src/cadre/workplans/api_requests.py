"""How the work plans' API reads a request and refuses one: a body bounded before it is parsed, input checked
into the one bilingual refusal (`Refused`: the input at fault and the reason in Vietnamese and English, the shape
the rotation API's refusals already have), and people named by citizen ID found within the caller's scope."""

from __future__ import annotations

import base64
import binascii
import json

from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError
from django.utils import translation
from rest_framework import status
from rest_framework.parsers import BaseParser
from rest_framework.response import Response

from cadre.accounts.permissions import VIEW
from cadre.core.errors import BilingualError
from cadre.core.rules.workplan import WorkplanError
from cadre.people.models import Official

from .serializers import EVIDENCE_MAX_CHARS

BODY_MAX_BYTES = 256 * 1024  # a plan, a task with its milestones, a decision: a few kilobytes
REPORT_BODY_MAX_BYTES = EVIDENCE_MAX_CHARS + 64 * 1024  # a report may carry its evidence file


class Refused(WorkplanError):
    """A request refused before any rule is asked: `code` says why (invalid input, too large, a conflict)."""

    def __init__(self, message_vi: str, message_en: str, *, field=None, code="invalid", status=400):
        super().__init__(message_vi, message_en, field=field)
        self.code, self.status = code, status


def refusal(error: BilingualError) -> Response:
    """The response to a refused request: 400 (or the refusal's own status) with the reason in both languages."""
    language = translation.get_language() or "vi"
    return Response(
        {
            "field": getattr(error, "field", None),
            "detail": error.message(language),
            "detail_vi": error.message_vi,
            "detail_en": error.message_en,
            "code": getattr(error, "code", "refused"),
        },
        status=getattr(error, "status", status.HTTP_400_BAD_REQUEST),
    )


class RefusalsMixin:
    """Turns the rules' refusals into 400s with the reason in both languages, a body over the view's limit into a
    413, and a write that lost a race with another (a second pending handback) into a 409, never a 500."""

    def body_limit(self) -> int:
        return BODY_MAX_BYTES

    def handle_exception(self, exc):
        if isinstance(exc, BilingualError):
            return refusal(exc)
        if isinstance(exc, IntegrityError):
            return refusal(
                Refused(
                    "Dữ liệu vừa được người khác thay đổi; hãy tải lại và thử lại.",
                    "Someone else has just changed this; reload it and try again.",
                    code="conflict",
                    status=status.HTTP_409_CONFLICT,
                )
            )
        if isinstance(exc, RequestDataTooBig):
            return refusal(_too_large(self.body_limit()))
        return super().handle_exception(exc)


class BoundedJSONParser(BaseParser):
    """JSON, read up to the view's limit (`body_limit`) and refused whole beyond it, so a huge body is never held
    in memory or parsed; a malformed, too deeply nested or non-UTF-8 body is a 400 naming the body. Not a
    subclass of DRF's JSONParser, which DRF feeds from `request.body` (Django's one site-wide cap): a report
    with its evidence file needs more than a task, and a task far less."""

    media_type = "application/json"

    def parse(self, stream, media_type=None, parser_context=None):
        view = (parser_context or {}).get("view")
        limit = view.body_limit() if hasattr(view, "body_limit") else BODY_MAX_BYTES
        raw = stream.read(limit + 1)
        if len(raw) > limit:
            raise _too_large(limit)
        try:
            return json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
        except (ValueError, RecursionError) as error:
            raise Refused(
                "Nội dung yêu cầu không phải JSON hợp lệ (UTF-8).",
                "The request body is not valid JSON (UTF-8).",
                field="body",
            ) from error


def _too_large(limit: int) -> Refused:
    return Refused(
        f"Nội dung yêu cầu quá lớn (tối đa {limit // 1024} KB).",
        f"The request body is too large (at most {limit // 1024} KB).",
        field="body",
        code="too_large",
        status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
    )


def _no_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def _messages(errors, prefix: str = "") -> list[tuple[str, str]]:
    """(field, message) for every error DRF gave, nested fields as `milestones[0].due`."""
    found = []
    if isinstance(errors, dict):
        for key, value in errors.items():
            name = prefix if key == "non_field_errors" else (f"{prefix}.{key}" if prefix else str(key))
            found += _messages(value, name)
    elif isinstance(errors, list):
        for index, value in enumerate(errors):
            if isinstance(value, (dict, list)):
                found += _messages(value, f"{prefix}[{index}]")
            else:
                found.append((prefix, str(value)))
    else:
        found.append((prefix, str(errors)))
    return found


def valid(serializer_class, data) -> dict:
    """`data` checked by `serializer_class`: its values, or a refusal listing every fault in both languages."""
    serializer = serializer_class(data=data)
    if serializer.is_valid():
        return serializer.validated_data
    texts = {}
    for language in ("vi", "en"):
        with translation.override(language):
            again = serializer_class(data=data)
            again.is_valid()
            texts[language] = _messages(again.errors)
    first = texts["en"][0][0] if texts["en"] else None

    def joined(found):
        return " ".join(f"{field}: {message}" if field else message for field, message in found)

    raise Refused(
        "Dữ liệu gửi lên chưa đúng. " + joined(texts["vi"]),
        "The data sent is not right. " + joined(texts["en"]),
        field=first or None,
    )


def people(user, citizen_ids, field: str) -> list[Official]:
    """The registry people with these citizen IDs, each within the user's scope, in the order given."""
    wanted = [cid.strip() for cid in citizen_ids if cid and cid.strip()]
    found = {
        official.citizen_id: official
        for official in Official.objects.restrict(user, VIEW).filter(citizen_id__in=wanted)
    }
    missing = [cid for cid in wanted if cid not in found]
    if missing:
        raise Refused(
            f"Không tìm thấy người có số định danh {', '.join(missing)} trong phạm vi của bạn.",
            f"Nobody with the citizen ID {', '.join(missing)} is in the registry within your scope.",
            field=field,
        )
    return [found[cid] for cid in dict.fromkeys(wanted)]


def person(user, citizen_id: str | None, field: str) -> Official | None:
    """The registry person with this citizen ID within the user's scope; None when none is named."""
    if not (citizen_id or "").strip():
        return None
    return people(user, [citizen_id], field)[0]


def evidence(data: dict | None) -> tuple[str, bytes] | None:
    """The evidence file sent as base64 (its length already bounded), decoded."""
    if not data:
        return None
    try:
        content = base64.b64decode(data["content_base64"], validate=True)
    except (binascii.Error, ValueError) as error:
        raise Refused(
            "Tệp minh chứng không đúng mã base64.",
            "The evidence file is not valid base64.",
            field="evidence",
        ) from error
    return data["name"].strip(), content
