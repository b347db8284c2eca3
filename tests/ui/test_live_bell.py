"""Live updates: the office's bell counts up while a new client activates the account."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from nicegui import ui
from nicegui.testing import User

from tests.ui.helpers import app_services, badge_text, eventually, link_from_eml, log_in


async def test_bell_updates_live_for_the_office_when_client_activates(
    create_user: Callable[[], User], isolated_env: Path
) -> None:
    from domain.actors import ActorKind
    from persistence.models import ClientUser, Company, Membership
    from ui.live import domain_events  # noqa: F401  - the bridge the page subscribes to

    admin = create_user()
    await log_in(admin, "admin@demo.biurko.pl")
    await admin.should_see("Biuro Rachunkowe Demo")
    assert badge_text(admin, "bell-count") == ""

    company = await Company.first()
    assert company is not None
    person = await ClientUser.create(
        email="nowa@example.com", first_name="Nowa", last_name="Klientka"
    )
    await Membership.create(client_user=person, company=company, role="firma")
    services = app_services()
    await services.auth.send_activation(ActorKind.CLIENT, person.id)
    await eventually(
        lambda: (isolated_env / "emails").exists() and any((isolated_env / "emails").glob("*.eml"))
    )

    client = create_user()
    await client.open(link_from_eml(isolated_env, "nowa@example.com"))
    client.find("Nowe hasło").type("Jesienny-Liść-2026")
    client.find("Powtórz hasło").type("Jesienny-Liść-2026")
    client.find(kind=ui.button, content="Ustaw hasło").click()
    await client.should_see("Hasło ustawione", retries=30)

    await eventually(lambda: badge_text(admin, "bell-count") == "1")
    admin.find(marker="bell").click()
    await admin.should_see("Nowa Klientka aktywował(a) konto")
