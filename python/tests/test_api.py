"""Every public name exists, has a docstring, and is documented in docs/python.md."""

import inspect
import re

import parley
import parley.talks
from conftest import ROOT


def test_every_name_is_documented():
    doc = (ROOT / "docs" / "python.md").read_text()
    names = set(parley.__all__) | {"talks.Ledger", "talks.ENTRY_KINDS"}
    for name in sorted(names):
        assert f"`{name.split('.')[-1]}" in doc or f"{name}" in doc, name
    members = {
        "Scenario": ["name", "parties", "issues", "outcome_count", "reservation_values", "ufuns",
                     "outcome_space", "to_file", "analyze", "utilities"],
        "Analysis": ["pareto", "pareto_outcomes", "nash", "kalai", "kalai_smorodinsky",
                     "egalitarian", "max_welfare", "opposition", "zopa", "to_dict"],
        "NegotiationResult": ["agreement", "utilities", "rounds", "pareto_distance",
                              "nash_distance", "welfare", "moves", "moves_frame", "to_dict",
                              "plot"],
        "SAONegotiator": ["propose", "respond", "ufun", "reserved_value", "outcome_space",
                          "name", "outcomes_near"],
        "SAOState": ["relative_time", "step", "current_offer"],
    }
    for cls, attrs in members.items():
        for a in attrs:
            assert re.search(rf"`(self\.|\.)?{a}\b", doc), f"{cls}.{a} is not in docs/python.md"


def test_docstrings():
    for name in parley.__all__:
        obj = getattr(parley, name)
        if inspect.ismodule(obj):
            continue
        assert (obj.__doc__ or "").strip(), name
    for f in (parley.load, parley.negotiate, parley.tournament, parley.analyze):
        assert "Args" in inspect.getdoc(f) or len(inspect.getdoc(f)) > 80
    assert [r.name for r in parley.ResponseType] == ["ACCEPT_OFFER", "REJECT_OFFER",
                                                     "END_NEGOTIATION"]
    assert issubclass(parley.ScenarioError, ValueError)


def test_help_names_every_parameter():
    # help(f) shows the signature and the docstring: every parameter is explained there.
    for f in (parley.load, parley.negotiate, parley.tournament, parley.analyze):
        doc = inspect.getdoc(f)
        for p in inspect.signature(f).parameters:
            assert f"``{p}``" in doc or f"{p}" in doc, (f.__name__, p)
    sig = inspect.signature(parley.negotiate)
    assert sig.parameters["protocol"].default is None
    assert sig.parameters["agents"].default is None
    assert "genius_jar" in sig.parameters and "genius_jar" in inspect.signature(parley.tournament).parameters
    import pydoc

    text = pydoc.render_doc(parley.negotiate, renderer=pydoc.plaintext)
    assert "single undertaking" in text and "genius" in text
