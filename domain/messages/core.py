"""The shared part of the messages service: dependencies, who sees what, storing a message.

Visibility: staff see their office's messages; a restricted employee only posts of assigned
companies and office messages they wrote or that went to one assigned company. A client sees
the broadcasts they are a recipient of and the threads of their current company (an inactive
company's portal is closed, as everywhere). Anything else is ``NotFound``. The rules themselves
are in ``domain.policies``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from domain.actors import Actor, CompanyRef
from domain.audit import AuditLog
from domain.channels import ChannelResolver
from domain.errors import NotFound, ValidationError
from domain.messages.attachments import CheckedAttachment, check_attachments
from domain.messages.delivery import DELIVER_MESSAGE_JOB, MessageDelivery
from domain.messages.model import MAX_BODY, MAX_SUBJECT, NewAttachment
from domain.messages.ports import (
    AttachmentMeta,
    EmailStatusLookup,
    MessageRepository,
    NewMessage,
    NewRecipient,
    StoredMessage,
)
from domain.messages.receipts import ConfirmationRenderer
from domain.policies import (
    Action,
    ClientMessageAccess,
    can_see_company,
    client_message_access,
    require,
    staff_may_see_message,
    staff_visible_company_ids,
)
from domain.ports import Clock, EventBus, FileStore, JobQueue

SUBJECT_EMPTY = "Wpisz temat."
SUBJECT_LONG = "Temat może mieć najwyżej 300 znaków."
BODY_EMPTY = "Wpisz treść wiadomości."
BODY_LONG = "Treść jest za długa."


@dataclass(frozen=True)
class ClientScope:
    user_id: int
    company_id: int
    office_id: int


def check_text(subject: str | None, body: str) -> None:
    """Subject (when the message has its own) and body: both errors at once."""
    errors: dict[str, str] = {}
    if subject is not None:
        if not subject.strip():
            errors["subject"] = SUBJECT_EMPTY
        elif len(subject.strip()) > MAX_SUBJECT:
            errors["subject"] = SUBJECT_LONG
    if not body.strip():
        errors["body"] = BODY_EMPTY
    elif len(body) > MAX_BODY:
        errors["body"] = BODY_LONG
    if errors:
        raise ValidationError(errors)


def check_post(
    subject: str | None, body: str, attachments: Sequence[NewAttachment]
) -> list[CheckedAttachment]:
    check_text(subject, body)
    return check_attachments(tuple(attachments))


def key_of(office_id: int, actor: Actor, key: str) -> str:
    """The stored idempotency key: per office and author, at most 100 characters."""
    raw = f"{office_id}:{actor.kind.value}:{actor.user_id}:{key}"
    return raw if len(raw) <= 100 else hashlib.sha256(raw.encode()).hexdigest()


class MessageCore:
    def __init__(
        self,
        repo: MessageRepository,
        resolver: ChannelResolver,
        delivery: MessageDelivery,
        files: FileStore,
        jobs: JobQueue,
        email_statuses: EmailStatusLookup,
        renderer: ConfirmationRenderer,
        office_name: Callable[[int], Awaitable[str]],
        audit: AuditLog,
        events: EventBus,
        clock: Clock,
    ) -> None:
        self._repo = repo
        self._resolver = resolver
        self._delivery = delivery
        self._files = files
        self._jobs = jobs
        self._email_statuses = email_statuses
        self._renderer = renderer
        self._office_name = office_name
        self._audit = audit
        self._events = events
        self._clock = clock

    # --- who sees what --------------------------------------------------------------------

    # The rules are decided in domain.policies; these are the names the thread and broadcast
    # code call them by.
    _visible = staticmethod(staff_visible_company_ids)
    _staff_sees = staticmethod(staff_may_see_message)

    @staticmethod
    def _staff_office(actor: Actor) -> int:
        require(actor, Action.SEND_MESSAGES)
        assert actor.office_id is not None
        return actor.office_id

    async def _client(self, actor: Actor) -> ClientScope:
        require(actor, Action.USE_CLIENT_PORTAL)
        membership = actor.current_membership
        if membership is None:
            raise NotFound()
        company = await self._repo.company_ref(membership.company_id)
        if company is None or not can_see_company(actor, company):
            raise NotFound()
        return ClientScope(actor.user_id, company.id, company.office_id)

    async def _client_sees(self, scope: ClientScope, message: StoredMessage) -> bool:
        """A post of a thread the client sees; the root of a broadcast only as a recipient."""
        access = client_message_access(
            message, office_id=scope.office_id, company_id=scope.company_id
        )
        if access is ClientMessageAccess.RECIPIENTS_ONLY:
            return await self._repo.is_recipient(message.id, scope.user_id, scope.company_id)
        return access is ClientMessageAccess.VISIBLE

    async def _company_ref(self, office_id: int, company_id: int) -> CompanyRef:
        company = await self._repo.company_ref(company_id)
        if company is None or company.office_id != office_id:
            raise NotFound()
        return company

    # --- storing --------------------------------------------------------------------------

    async def _store(
        self,
        message: NewMessage,
        attachments: list[CheckedAttachment],
        rows: list[NewRecipient],
    ) -> int | None:
        """Message, attachments and recipient rows in one transaction, then the files, then
        the delivery job. None when the idempotency key was taken meanwhile."""
        metas = [AttachmentMeta(a.filename, a.content_type, a.size, a.sha256) for a in attachments]
        created = await self._repo.create(message, metas, rows)
        if created is None:
            return None
        message_id, keys = created
        for key, attachment in zip(keys, attachments, strict=True):
            await self._files.save(key, attachment.data)
        await self._jobs.enqueue(DELIVER_MESSAGE_JOB, message_id, key=f"message:{message_id}")
        return message_id
