"""parley.talks.Ledger: the ledger as `parley talks` keeps it."""

import json
import time

import pytest

import parley
from parley.talks import ENTRY_KINDS, Ledger
from conftest import run_cli


def test_doha_ledger_matches_the_cli(tmp_path):
    db = tmp_path / "doha.db"
    ledger = Ledger(db)
    created = ledger.import_doha()
    assert created["mediator_token"] and len(created["party_tokens"]) == 3
    assert [t["name"] for t in ledger.talks()] == ["doha-2019"]
    assert ledger.schema_version >= 1
    status = ledger.status()
    cli = json.loads(run_cli("talks", "status", "--db", db, "--json").stdout)
    assert status == cli
    assert "packages" in status["draft_analysis"], status["draft_analysis"]
    history = ledger.history()
    assert history == json.loads(run_cli("talks", "history", "--db", db, "--json").stdout)
    before = len(history["entries"])
    seq = ledger.record("agreement", {"date": "2019-05-02",
                                      "values": {"troop_withdrawal": "full-in-14-months"}})
    assert seq > 0 and len(ledger.history()["entries"]) == before + 1
    assert ledger.status(as_of="2019-01-01") != ledger.status()
    assert "agreement" in ENTRY_KINDS


def test_bad_entries(tmp_path):
    ledger = Ledger(tmp_path / "doha.db")
    ledger.import_doha()
    with pytest.raises(parley.ScenarioError, match="troop_withdrawal|value"):
        ledger.record("agreement", {"date": "2019-05-02",
                                    "values": {"troop_withdrawal": "never"}})
    with pytest.raises(parley.ScenarioError, match="date"):
        ledger.record("note", {"date": "2019-02-30", "text": "x"})
    with pytest.raises(parley.ScenarioError, match="unknown entry kind"):
        ledger.record("gossip", {})
    with pytest.raises(parley.ScenarioError):
        Ledger(tmp_path / "missing.db", create=False)


def test_new_talks_from_a_scenario(tmp_path):
    ledger = Ledger(tmp_path / "t.db")
    made = ledger.create(parley.load("doha-2019"), "mine", title="A test",
                         profiles_date="2019-01-01")
    assert len(made["party_tokens"]) == 3 and made["profiles"] >= 0
    assert [t["name"] for t in ledger.talks()] == ["mine"]
    assert {i["name"] for i in ledger.status("mine")["issues"]} >= {"ceasefire"}


def test_replays_as_of_and_known_at(tmp_path):
    db = tmp_path / "doha.db"
    ledger = Ledger(db)
    ledger.import_doha()
    imported = ledger.history()["entries"]
    known_then = max(e["recorded_at"] for e in imported)
    time.sleep(1.1)  # recording times have a resolution of one second
    ledger.record("note", {"date": "2019-03-01", "text": "recorded later"})

    def cli(view, *args):
        return json.loads(run_cli("talks", view, "--db", db, *args, "--json").stdout)

    for args, kwargs in [
        (["--known-at", known_then], {"known_at": known_then}),
        (["--as-of", "2019-03-01"], {"as_of": "2019-03-01"}),
        (["--as-of", "2019-03-01", "--known-at", known_then],
         {"as_of": "2019-03-01", "known_at": known_then}),
    ]:
        assert ledger.history(**kwargs) == cli("history", *args)
        assert ledger.status(**kwargs) == cli("status", *args)
    known = ledger.history(known_at=known_then)
    assert known["known_at"] == known_then
    assert len(known["entries"]) == len(imported)
    assert len(ledger.history()["entries"]) == len(imported) + 1
    assert ledger.history(known_at="2000-01-01")["entries"] == []
    assert ledger.status(as_of="2019-01-01") != ledger.status()
    with pytest.raises(parley.ScenarioError, match="YYYY-MM-DDTHH:MM:SSZ"):
        ledger.history(known_at="yesterday")
