"""In-memory stand-ins for the domain's ports, shared by unit and integration tests."""

from __future__ import annotations

from typing import Any

from domain.errors import ValidationError

BAD_PHONE = "bad"


class RecordingSms:
    """Stands in for the SMS service (``domain.ports.SmsQueue``): records each text with its
    office and extras; the number ``BAD_PHONE`` is refused like an invalid one."""

    def __init__(self) -> None:
        self.sent: list[tuple[int, str, str, dict[str, Any]]] = []

    async def queue(
        self,
        office_id: int,
        to: str,
        text: str,
        company_id: int | None = None,
        client_user_id: int | None = None,
        event_type: str = "",
    ) -> int | None:
        if to == BAD_PHONE:
            raise ValidationError.single("to", "Nieprawidłowy numer telefonu.")
        extra = {"company_id": company_id, "client_user_id": client_user_id, "event": event_type}
        self.sent.append((office_id, to, text, extra))
        return len(self.sent)

    @property
    def texts(self) -> list[tuple[str, str]]:
        """(to, text) of each SMS, in order."""
        return [(to, text) for _office, to, text, _extra in self.sent]
