"""The reference sync agent: a command-line program for the accounting office's computer.

It reads exports of accounting programs in standard formats (JPK_V7M/K, JPK_PKPIR, JPK_EWP,
KEDU with ZUS DRA, and the documented CSV), builds batches of the sync API v1
(``sync.schemas.Batch``) and pushes them to Biurko. Run it with ``python -m sync.agent``.

Its dependency set is deliberately small (httpx, pydantic, lxml and the standard library) so an
office can run it on its own machine: nothing here may import the server side (``domain``,
``settings``, nicegui, tortoise, arq, redis).
"""

from __future__ import annotations

VERSION = "1.0"
AGENT_NAME = f"biurko-agent/{VERSION}"
