"""The Polish messages that staff management shows when it refuses a change."""

from __future__ import annotations

FIRST_NAME_MISSING = "Podaj imię."
FIRST_NAME_TOO_LONG = "Imię może mieć najwyżej 100 znaków."
LAST_NAME_MISSING = "Podaj nazwisko."
LAST_NAME_TOO_LONG = "Nazwisko może mieć najwyżej 100 znaków."
EMAIL_MISSING = "Podaj adres e-mail."
EMAIL_INVALID = "Ten adres e-mail wygląda na błędny. Sprawdź go, np. jan.kowalski@firma.pl."
EMAIL_TAKEN = "Ten adres e-mail ma już konto w Biurku. Podaj inny adres."
ROLE_INVALID = "Wybierz rolę: Administrator albo Pracownik."
LAST_ADMIN = (
    "To jedyny aktywny administrator biura. Najpierw nadaj rolę administratora innej osobie."
)
SELF_DEACTIVATE = "Nie możesz dezaktywować własnego konta."
SELF_DELETE = "Nie możesz usunąć własnego konta."
ALREADY_ACTIVATED = (
    "To konto jest już aktywne. Jeśli ta osoba nie pamięta hasła, niech użyje opcji "
    "„Nie pamiętam hasła” na stronie logowania."
)
INVITE_DEACTIVATED = "To konto jest wyłączone. Najpierw je aktywuj, a potem wyślij zaproszenie."
NO_STAFF_CHOSEN = "Wybierz co najmniej jednego pracownika."
NO_COMPANY_CHOSEN = "Zaznacz co najmniej jedną firmę."
STILL_REFERENCED = (
    "Tej osoby nie można usunąć, bo są z nią powiązane dane. Dezaktywuj jej konto zamiast tego."
)
