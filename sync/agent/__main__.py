"""``python -m sync.agent``: the command line of the sync agent.

Exit codes: 0 everything sent (or nothing to do), 1 some files could not be read or records
were rejected, 2 the server was unreachable after the retries or refused the token, 3 bad
configuration.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from . import AGENT_NAME
from .config import ENV_CONFIG, ENV_TOKEN, ConfigError, resolve
from .run import run_once, run_watch

EXIT_CONFIG = 3


class _Parser(argparse.ArgumentParser):
    """Wrong flags are bad configuration: exit code 3, not argparse's 2 (which means
    "server unreachable" here)."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_CONFIG, f"Błąd konfiguracji: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m sync.agent",
        description=(
            "Agent synchronizacji Biurka: czyta eksporty programów księgowych (JPK_V7M/K, "
            "JPK_PKPIR, JPK_EWP, KEDU z ZUS DRA, CSV Biurka) i wysyła firmy, składki ZUS, "
            "podatki i zestawienia do Biurka."
        ),
        epilog=(
            f"Flagi mają pierwszeństwo przed plikiem konfiguracji. Token można też podać w "
            f"zmiennej {ENV_TOKEN}, a plik konfiguracji w {ENV_CONFIG}. Kody wyjścia: 0 wszystko "
            "wysłane, 1 błędne pliki lub odrzucone rekordy, 2 serwer nieosiągalny lub zły token, "
            "3 zła konfiguracja."
        ),
    )
    parser.add_argument("--version", action="version", version=AGENT_NAME)
    parser.add_argument("--config", "-c", metavar="PLIK", help="plik konfiguracji TOML")
    parser.add_argument("--url", help="adres Biurka, np. https://biurko.example.pl")
    parser.add_argument("--token", help="token synchronizacji wydany w ustawieniach biura")
    parser.add_argument(
        "--dir",
        "-d",
        action="append",
        metavar="FOLDER",
        help="folder z eksportami (można podać kilka razy; zastępuje [source] dirs)",
    )
    parser.add_argument("--state", metavar="PLIK", help="plik stanu (co już wysłano)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--once", action="store_true", help="jeden przebieg i koniec (domyślnie)")
    mode.add_argument(
        "--watch",
        nargs="?",
        const=True,
        default=None,
        metavar="CO_ILE",
        help="działaj w pętli co podany czas (np. 15m; domyślnie [schedule] interval)",
    )
    parser.add_argument("--interval", metavar="CZAS", help="odstęp przebiegów dla --watch")
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="nic nie wysyłaj: wypisz paczki jako JSON na standardowe wyjście",
    )
    parser.add_argument("--program", help="nazwa programu źródłowego zapisywana w paczce")
    recursive = parser.add_mutually_exclusive_group()
    recursive.add_argument(
        "--recursive",
        dest="recursive",
        action="store_true",
        default=None,
        help="czytaj też podfoldery (domyślnie)",
    )
    recursive.add_argument(
        "--no-recursive", dest="recursive", action="store_false", help="tylko wskazane foldery"
    )
    parser.add_argument("--no-gzip", action="store_true", help="nie kompresuj wysyłanych paczek")
    parser.add_argument("--timeout", type=float, metavar="S", help="limit czasu żądania HTTP")
    parser.add_argument("--retry-attempts", type=int, metavar="N", help="liczba prób wysyłki")
    parser.add_argument("--retry-base-delay", type=float, metavar="S", help="pierwsze opóźnienie")
    parser.add_argument("--retry-max-delay", type=float, metavar="S", help="najdłuższe opóźnienie")
    parser.add_argument(
        "--poll-timeout", type=float, metavar="S", help="ile czekać na wynik paczki"
    )
    parser.add_argument("--poll-interval", type=float, metavar="S", help="co ile pytać o wynik")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        config = resolve(args)
    except ConfigError as error:
        print(f"Błąd konfiguracji: {error}", file=sys.stderr)
        return EXIT_CONFIG
    if config.watch:
        return run_watch(config)
    return run_once(config).exit_code


if __name__ == "__main__":
    sys.exit(main())
