"""Threads: reading (which records the first read), replying, client-started conversations,
the office inbox and unread counters."""

from __future__ import annotations

from collections.abc import Sequence

from domain.actors import Actor, ActorKind
from domain.channels import Channel, EventType
from domain.errors import NotFound, ValidationError
from domain.events import MessagePosted, MessageRead
from domain.messages.attachments import CheckedAttachment
from domain.messages.core import ClientScope, MessageCore, check_post
from domain.messages.markdown import render_markdown
from domain.messages.model import (
    AttachmentView,
    ClientMessageItem,
    MessageKind,
    MessageView,
    NewAttachment,
    ThreadSummary,
    UserKind,
)
from domain.messages.ports import NewMessage, NewRecipient, StoredAttachment, StoredMessage

NO_COMPANY = "Wybierz firmę, której odpowiadasz."


def view_of(message: StoredMessage, attachments: list[StoredAttachment]) -> MessageView:
    return MessageView(
        id=message.id,
        thread_id=message.root_id,
        subject=message.subject,
        body=message.body,
        body_html=render_markdown(message.body),
        author_kind=message.author_kind,
        author_name=message.author_name,
        created_at=message.created_at,
        attachments=[AttachmentView(a.id, a.filename, a.content_type, a.size) for a in attachments],
        company_id=message.company_id,
    )


class Conversations(MessageCore):
    async def thread(self, actor: Actor, thread_id: int) -> list[MessageView]:
        """The thread's posts the actor sees, oldest first; opening records the first read."""
        if actor.is_client:
            scope = await self._client(actor)
            root = await self._client_root(scope, thread_id)
            posts = [
                p
                for p in await self._repo.posts(scope.office_id, root.id)
                if p.id == root.id or p.company_id == scope.company_id
            ]
            newly = await self._repo.mark_read(
                [p.id for p in posts],
                UserKind.CLIENT,
                actor.user_id,
                scope.company_id,
                self._clock.now(),
            )
        else:
            office_id = self._staff_office(actor)
            root = await self._staff_root(actor, thread_id)
            visible = self._visible(actor)
            posts = [
                p
                for p in await self._repo.posts(office_id, root.id)
                if p.id == root.id or visible is None or p.company_id in visible
            ]
            newly = await self._repo.mark_read(
                [p.id for p in posts], UserKind.STAFF, actor.user_id, None, self._clock.now()
            )
        for message_id, company_id in newly:
            await self._events.publish(
                MessageRead(root.office_id, message_id, company_id, actor.kind.value, actor.user_id)
            )
        await self._delivery.opened(actor, root.id)
        attachments = await self._repo.attachments([p.id for p in posts])
        return [view_of(p, attachments.get(p.id, [])) for p in posts]

    async def reply(
        self,
        actor: Actor,
        thread_id: int,
        body: str,
        attachments: Sequence[NewAttachment] = (),
        company_id: int | None = None,
    ) -> int:
        """A post in the thread. The office answers the thread's company (on a broadcast:
        ``company_id``, else the company of the latest client post); a client writes to the
        office about their current company."""
        if actor.is_client:
            scope = await self._client(actor)
            root = await self._client_root(scope, thread_id)
            checked = check_post(None, body, attachments)
            return await self._client_post(actor, scope, root, body, checked)
        office_id = self._staff_office(actor)
        root = await self._staff_root(actor, thread_id)
        checked = check_post(None, body, attachments)
        target = company_id or root.company_id or await self._last_client_company(root)
        if target is None:
            raise ValidationError.single("body", NO_COMPANY)
        company = await self._company_ref(office_id, target)
        visible = self._visible(actor)
        if visible is not None and company.id not in visible:
            raise NotFound()
        people = await self._repo.people([company.id])
        channels = await self._resolver.channels_for(
            office_id, EventType.REPLY, [p.recipient for p in people]
        )
        rows = [
            NewRecipient(
                company.id,
                UserKind.CLIENT,
                p.recipient.client_user_id,
                channels.get((company.id, p.recipient.client_user_id), frozenset()),
            )
            for p in people
        ]
        message_id = await self._post(actor, office_id, root, company.id, body, checked, rows)
        await self._events.publish(MessagePosted(office_id, root.id, company.id, message_id))
        return message_id

    async def write_to_office(
        self,
        actor: Actor,
        subject: str,
        body: str,
        attachments: Sequence[NewAttachment] = (),
    ) -> int:
        """A new thread from a client; the assigned employees (else all staff) get it."""
        scope = await self._client(actor)
        checked = check_post(subject, body, attachments)
        rows = await self._staff_rows(scope)
        new = NewMessage(
            scope.office_id,
            None,
            scope.company_id,
            MessageKind.THREAD,
            UserKind.CLIENT,
            actor.user_id,
            actor.name,
            subject.strip(),
            body,
            {},
            None,
            self._clock.now(),
        )
        message_id = await self._store(new, checked, rows)
        assert message_id is not None
        await self._events.publish(
            MessagePosted(scope.office_id, message_id, scope.company_id, message_id)
        )
        return message_id

    async def attachment(self, actor: Actor, attachment_id: int) -> tuple[str, str, bytes]:
        found = await self._repo.attachment(attachment_id)
        if found is None:
            raise NotFound()
        if actor.is_client:
            scope = await self._client(actor)
            message = await self._repo.message(scope.office_id, found.message_id)
            if message is None or not await self._client_sees(scope, message):
                raise NotFound()
        else:
            office_id = self._staff_office(actor)
            message = await self._repo.message(office_id, found.message_id)
            if message is None or not self._staff_sees(actor, message):
                raise NotFound()
        data = await self._files.read(found.file_key)
        if data is None:
            raise NotFound()
        return found.filename, found.content_type, data

    async def client_list(self, actor: Actor) -> list[ClientMessageItem]:
        scope = await self._client(actor)
        return await self._repo.client_threads(scope.user_id, scope.company_id)

    async def inbox(self, actor: Actor) -> list[ThreadSummary]:
        office_id = self._staff_office(actor)
        return await self._repo.inbox(office_id, actor.user_id, self._visible(actor))

    async def unread_count(self, actor: Actor) -> int:
        if actor.is_client:
            scope = await self._client(actor)
            return await self._repo.client_unread(scope.user_id, scope.company_id)
        office_id = self._staff_office(actor)
        return await self._repo.staff_unread(office_id, actor.user_id, self._visible(actor))

    # --- helpers --------------------------------------------------------------------------

    async def _client_root(self, scope: ClientScope, thread_id: int) -> StoredMessage:
        root = await self._repo.message(scope.office_id, thread_id)
        if root is None or root.thread_id is not None or not await self._client_sees(scope, root):
            raise NotFound()
        return root

    async def _staff_root(self, actor: Actor, thread_id: int) -> StoredMessage:
        root = await self._repo.message(actor.office_id, thread_id)
        if root is None or root.thread_id is not None:
            raise NotFound()
        # A restricted employee also sees a broadcast's thread once an assigned company
        # answered in it (only those companies' posts).
        if not self._staff_sees(actor, root) and not await self._answered_by_visible(actor, root):
            raise NotFound()
        return root

    async def _answered_by_visible(self, actor: Actor, root: StoredMessage) -> bool:
        visible = self._visible(actor)
        if root.office_id != actor.office_id or visible is None:
            return False
        posts = await self._repo.posts(root.office_id, root.id)
        return any(p.company_id in visible for p in posts if p.author_kind == UserKind.CLIENT)

    async def _last_client_company(self, root: StoredMessage) -> int | None:
        posts = await self._repo.posts(root.office_id, root.id)
        clients = [p for p in posts if p.author_kind == UserKind.CLIENT and p.company_id]
        return clients[-1].company_id if clients else None

    async def _staff_rows(self, scope: ClientScope) -> list[NewRecipient]:
        staff = await self._repo.default_staff(scope.office_id, scope.company_id)
        portal = frozenset({Channel.PORTAL})
        return [NewRecipient(scope.company_id, UserKind.STAFF, s, portal) for s in staff]

    async def _client_post(
        self,
        actor: Actor,
        scope: ClientScope,
        root: StoredMessage,
        body: str,
        checked: list[CheckedAttachment],
    ) -> int:
        rows = await self._staff_rows(scope)
        message_id = await self._post(
            actor, scope.office_id, root, scope.company_id, body, checked, rows
        )
        await self._events.publish(
            MessagePosted(scope.office_id, root.id, scope.company_id, message_id)
        )
        return message_id

    async def _post(
        self,
        actor: Actor,
        office_id: int,
        root: StoredMessage,
        company_id: int,
        body: str,
        checked: list[CheckedAttachment],
        rows: list[NewRecipient],
    ) -> int:
        author_kind = UserKind.CLIENT if actor.kind is ActorKind.CLIENT else UserKind.STAFF
        new = NewMessage(
            office_id,
            root.id,
            company_id,
            MessageKind.REPLY,
            author_kind,
            actor.user_id,
            actor.name,
            root.subject,
            body,
            {},
            None,
            self._clock.now(),
        )
        message_id = await self._store(new, checked, rows)
        assert message_id is not None
        return message_id
