"""The installable app: web app manifest, service worker (served from the root scope), the
offline page and the iOS meta tags, linked from every page."""

from __future__ import annotations

from pathlib import Path

from fastapi.responses import FileResponse, JSONResponse
from nicegui import app, ui

from ui.theme import ACCENT

STATIC = Path(__file__).resolve().parents[1] / "assets" / "static"
BACKGROUND = "#f5f7f8"

MANIFEST = {
    "name": "Biurko",
    "short_name": "Biurko",
    "description": "Twoje biuro rachunkowe w telefonie: co zapłacić, na jakie konto i do kiedy.",
    "lang": "pl",
    "start_url": "/klient",
    "scope": "/",
    "display": "standalone",
    "orientation": "portrait",
    "theme_color": ACCENT,
    "background_color": BACKGROUND,
    "icons": [
        {"src": "/static/icon-192.png", "sizes": "192x192", "type": "image/png", "purpose": "any"},
        {"src": "/static/icon-512.png", "sizes": "512x512", "type": "image/png", "purpose": "any"},
        {
            "src": "/static/icon-maskable-512.png",
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        },
    ],
}

HEAD = f"""
<link rel="manifest" href="/manifest.webmanifest">
<meta name="theme-color" content="{ACCENT}">
<meta name="mobile-web-app-capable" content="yes">
<meta name="apple-mobile-web-app-capable" content="yes">
<meta name="apple-mobile-web-app-status-bar-style" content="default">
<meta name="apple-mobile-web-app-title" content="Biurko">
<link rel="apple-touch-icon" href="/static/apple-touch-icon.png">
<script>
  if ('serviceWorker' in navigator) {{
    window.addEventListener('load',
      () => navigator.serviceWorker.register('/sw.js', {{scope: '/'}}));
  }}
</script>
"""


def register() -> None:
    ui.add_head_html(HEAD, shared=True)

    @app.get("/manifest.webmanifest", include_in_schema=False)
    def manifest() -> JSONResponse:
        return JSONResponse(MANIFEST, media_type="application/manifest+json")

    @app.get("/sw.js", include_in_schema=False)
    def service_worker() -> FileResponse:
        # Served from the root so its scope covers the whole app; never cached itself.
        return FileResponse(
            STATIC / "sw.js",
            media_type="text/javascript",
            headers={"Cache-Control": "no-cache", "Service-Worker-Allowed": "/"},
        )

    @app.get("/offline", include_in_schema=False)
    def offline() -> FileResponse:
        return FileResponse(STATIC / "offline.html", media_type="text/html")
