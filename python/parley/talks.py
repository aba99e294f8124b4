"""The ledger of real talks (``parley talks``): one SQLite file recording a negotiation run by
people, round by round. See docs/ledger.md for the record and its rules.

    from parley.talks import Ledger
    ledger = Ledger("doha.db")
    ledger.import_doha()                          # the Doha 2019 history as an example
    ledger.status()["issues"]                     # each issue under the single undertaking
    ledger.record("agreement", {"date": "2019-05-02",
                                "values": {"troop_withdrawal": "full-in-14-months"}})

Entries are validated as the command line and the server validate them; a bad one raises
``parley.ScenarioError`` naming the field.
"""

from __future__ import annotations

import os as _os
from typing import Any, Mapping, Optional

from . import _parley

__all__ = ["Ledger", "ENTRY_KINDS"]

#: The kinds of entries ``Ledger.record`` takes.
ENTRY_KINDS = ("round", "proposal", "position", "agreement", "reopening", "vote", "profile",
               "note")


class Ledger:
    """A talks ledger file, opened (and created and migrated unless ``create=False``).

    ``talks`` arguments name one negotiation in the file; empty picks the only one."""

    def __init__(self, path: "str | _os.PathLike[str]", create: bool = True):
        self._h = _parley.LedgerHandle(_os.fspath(path), bool(create))

    @property
    def path(self) -> str:
        return self._h.path

    @property
    def schema_version(self) -> int:
        """The file's schema version (docs/ledger.md, migrations)."""
        return self._h.schema_version()

    def talks(self) -> list:
        """The negotiations in the file: ``[{"id", "name", "title", ...}]``."""
        return self._h.talks()

    def import_doha(self, name: str = "doha-2019") -> dict:
        """Records the built-in Doha 2019 history (``parley talks import``). Returns the
        negotiation and its access tokens (shown once)."""
        return self._h.import_doha(name)

    def create(self, scenario, name: str, title: str = "",
               profiles_date: Optional[str] = None) -> dict:
        """A new negotiation with the structure of ``scenario`` (a :class:`parley.Scenario`);
        with ``profiles_date`` its additive profiles are recorded as estimates on that date
        (``parley talks init``). Returns the negotiation and its tokens."""
        return self._h.create(scenario._h, name, title, profiles_date)

    def status(self, talks: str = "", as_of: str = "", known_at: str = "") -> dict:
        """``parley talks status --json``: each issue's status, tracks, conditions, votes and
        blockers, and ``draft_analysis`` (the packages consistent with the draft, the ZOPA
        among them, the efficient ones and the Nash package; ``{"error"}`` while a party has no
        profile). Private: it reads every profile (the mediator's view). ``as_of``
        (YYYY-MM-DD): as happened by that date (``--as-of``); ``known_at``
        (YYYY-MM-DDTHH:MM:SSZ or a date): as known then, only entries recorded by then
        (``--known-at``)."""
        return self._h.status(talks, as_of, known_at)

    def history(self, talks: str = "", as_of: str = "", known_at: str = "") -> dict:
        """Every entry in replay order (``parley talks history --json``), replayed as
        :meth:`status` replays (``as_of``, ``known_at``)."""
        return self._h.history(talks, as_of, known_at)

    def record(self, kind: str, entry: Mapping[str, Any], talks: str = "") -> int:
        """Validates and appends one entry of ``kind`` (one of :data:`ENTRY_KINDS`), given as
        the server's JSON body keyed by names (docs/ledger.md): e.g. ``{"date": "2019-05-02",
        "values": {"troop_withdrawal": "full-in-14-months"}}``. Returns its sequence number."""
        return self._h.record(kind, dict(entry), talks)

    def __repr__(self) -> str:
        return f"Ledger({self.path!r})"
