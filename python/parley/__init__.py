"""parley for Python: scenarios, analysis, negotiations, agents and tournaments at C++ speed.

The names follow NegMAS where NegMAS has one (``SAONegotiator``, ``ResponseType``, ``ufun``,
``reserved_value``, ``outcome_space``, ``relative_time``), so that moving a study from NegMAS to
parley is mostly a matter of imports. Every name is documented in docs/python.md.

    import parley
    s = parley.load("../shared/data/genius/y2012/CameraB")
    a = s.analyze()                       # a.pareto: NumPy array, one row per frontier point
    r = parley.negotiate(s, ["boulware", "conceder"], rounds=1000)
    print(r.agreement, r.utilities)

Bad input (a malformed file, an unknown agent, a bad value) raises ``parley.ScenarioError``, a
``ValueError`` whose message is the command line's ("file:line: field: message").
"""

from __future__ import annotations

import csv as _csv
import enum as _enum
import io as _io
import os as _os
from typing import Any, Callable, Iterable, Mapping, Optional, Sequence, Union

from . import _parley

__all__ = [
    "Analysis",
    "Issue",
    "NegotiationResult",
    "OutcomeSpace",
    "ResponseType",
    "SAONegotiator",
    "SAOState",
    "Scenario",
    "ScenarioError",
    "SolutionPoint",
    "TournamentResults",
    "UtilityFunction",
    "Zopa",
    "agents",
    "analyze",
    "builtin_scenarios",
    "load",
    "negotiate",
    "protocols",
    "talks",
    "tournament",
]

ScenarioError = _parley.ScenarioError
UtilityFunction = _parley.UtilityFunction
OutcomeSpace = _parley.OutcomeSpace
SAOState = _parley.SAOState

Outcome = Union[tuple, Mapping[str, Any]]
PathLike = Union[str, "_os.PathLike[str]"]


def _pandas():
    try:
        import pandas  # noqa: PLC0415 (optional dependency)
    except ImportError:
        return None
    return pandas


# --- scenarios ------------------------------------------------------------------------------


class Issue:
    """One issue: ``name``, ``kind`` ("discrete", "integer", "real") and ``values`` (the
    discrete names, a ``range`` of integers, or the grid of a real issue)."""

    __slots__ = ("name", "kind", "values")

    def __init__(self, name: str, kind: str, values: Sequence[Any]):
        self.name = name
        self.kind = kind
        self.values = values

    def __repr__(self) -> str:
        return f"Issue({self.name!r}, {self.kind!r}, {len(self.values)} values)"


class Scenario:
    """A negotiation scenario: parties with their utility functions, issues, rules.

    Made by :func:`load`. ``ufuns[i](outcome)`` is party i's utility; an outcome is a tuple of
    values in issue order (NegMAS's form) or a dict ``{issue: value}``.
    """

    def __init__(self, handle: "_parley.ScenarioHandle"):
        self._h = handle
        self._ufuns = None

    @property
    def name(self) -> str:
        """The scenario's name."""
        return self._h.name

    @property
    def description(self) -> str:
        return self._h.description

    @property
    def source(self) -> str:
        """Where it was read from (file, folder or "built-in")."""
        return self._h.source

    @property
    def format(self) -> str:
        """The format it was read in: "native", "genius" or "geniusweb"."""
        return self._h.format

    @property
    def notes(self) -> list:
        """What the loader noted: files skipped in a folder, defaults applied."""
        return list(self._h.notes)

    @property
    def parties(self) -> list:
        """The parties' names, in order."""
        return list(self._h.parties)

    @property
    def issues(self) -> list:
        """The issues, in order (:class:`Issue`)."""
        return [Issue(d["name"], d["kind"], d["values"]) for d in self._h.issues]

    @property
    def outcome_count(self) -> Union[int, float]:
        """The number of outcomes (a float when it does not fit in 64 bits)."""
        return self._h.outcome_count

    @property
    def default_protocol(self) -> str:
        """The protocol :func:`negotiate` (and ``parley negotiate``) runs when none is given:
        "single-undertaking" when the scenario declares tracks or ratifiers, else "sao"."""
        return self._h.default_protocol

    @property
    def reservation_values(self) -> list:
        """Each party's reservation value, in party order."""
        return list(self._h.reservation_values)

    @property
    def ufuns(self) -> list:
        """One :class:`UtilityFunction` per party: ``ufun(outcome) -> float``."""
        if self._ufuns is None:
            self._ufuns = [self._h.ufun(i) for i in range(len(self.parties))]
        return list(self._ufuns)

    @property
    def outcome_space(self) -> OutcomeSpace:
        """Every outcome as a tuple, in mixed-radix order; ``len()``, indexing, iteration."""
        return self._h.outcome_space()

    def utilities(self, outcome: Outcome) -> list:
        """Every party's utility for the outcome, in party order."""
        return self._h.utilities(outcome)

    def to_file(self, path: PathLike, format: Optional[str] = None) -> dict:
        """Writes the scenario: ``format`` "native" (one YAML file), "genius" or "geniusweb" (a
        folder). Without ``format``: native for .yaml/.yml paths, else an error. Returns
        ``{"files": [...], "dropped": [...]}`` (what the target format cannot express)."""
        path = _os.fspath(path)
        if format is None:
            if path.endswith((".yaml", ".yml")):
                format = "native"
            else:
                raise ScenarioError(
                    f"{path}: format: give format='native', 'genius' or 'geniusweb' "
                    "(only .yaml/.yml paths imply one)"
                )
        return self._h.to_file(path, format)

    def analyze(self, time_limit: float = 60, approximate: bool = False) -> "Analysis":
        """The analysis ``parley analyze`` prints: frontier, Nash, Kalai, Kalai-Smorodinsky,
        egalitarian and max-welfare points, opposition, ZOPA. ``time_limit`` in seconds;
        ``approximate`` allows a labelled approximation on spaces too large to solve exactly
        (``--approximate``)."""
        return Analysis(self._h.analyze(float(time_limit), bool(approximate)))

    def __repr__(self) -> str:
        return (
            f"Scenario({self.name!r}, parties={self.parties}, "
            f"issues={[i.name for i in self.issues]}, outcomes={self.outcome_count})"
        )


def load(
    source: Union[PathLike, Sequence[PathLike]],
    format: Optional[str] = None,
    resolution: Optional[int] = None,
) -> Scenario:
    """Loads a scenario. ``source``: a native YAML file, a GENIUS folder, a GeniusWeb folder, a
    list of files, or a built-in name ("doha-2019"; see :func:`builtin_scenarios`).

    ``format`` ("native", "genius", "geniusweb") skips detection; ``resolution`` is the number
    of grid points of real-valued issues (replacing what the files state). Bad input raises
    :class:`ScenarioError` with the command line's message (file, line, field)."""
    if isinstance(source, (str, bytes)) or hasattr(source, "__fspath__"):
        sources = [_os.fsdecode(source)]
    else:
        sources = [_os.fsdecode(s) for s in source]
    return Scenario(_parley.load(sources, format, resolution))


def builtin_scenarios() -> list:
    """The names of the scenarios compiled into parley ("doha-2019", ...)."""
    return list(_parley.builtin_scenarios())


def _scenario(scenario: Union[Scenario, PathLike, Sequence[PathLike]]) -> Scenario:
    return scenario if isinstance(scenario, Scenario) else load(scenario)


# --- analysis -------------------------------------------------------------------------------


class SolutionPoint:
    """A point of the analysis: ``outcome`` (a dict {issue: value}) and ``utilities`` (one per
    party)."""

    __slots__ = ("outcome", "utilities")

    def __init__(self, outcome: dict, utilities: Sequence[float]):
        self.outcome = outcome
        self.utilities = tuple(utilities)

    def __repr__(self) -> str:
        return f"SolutionPoint({self.outcome}, {self.utilities})"


class Zopa:
    """The zone of possible agreement: ``outcomes`` every party values above its reservation
    value, their ``share`` of the space, whether the count is ``exact``."""

    __slots__ = ("outcomes", "share", "exact")

    def __init__(self, outcomes: float, share: float, exact: bool):
        self.outcomes = outcomes
        self.share = share
        self.exact = exact

    def __repr__(self) -> str:
        return f"Zopa(outcomes={self.outcomes}, share={self.share}, exact={self.exact})"


def _point(p: Optional[tuple]) -> Optional[SolutionPoint]:
    return None if p is None else SolutionPoint(p[0], p[1])


class Analysis:
    """The result of :meth:`Scenario.analyze`.

    ``pareto`` is a NumPy array (one row per frontier point, one column per party), filled in
    C++ without per-element Python objects; ``pareto_outcomes`` the outcomes of those rows.
    ``to_dict()`` is ``parley analyze --json``."""

    def __init__(self, handle: "_parley.AnalysisHandle"):
        self._h = handle
        self._d = None
        self._outcomes = None
        self.pareto = handle.pareto
        self.nash = _point(handle.point("nash"))
        self.kalai = _point(handle.point("kalai"))
        self.kalai_smorodinsky = _point(handle.point("kalai_smorodinsky"))
        self.egalitarian = _point(handle.point("egalitarian"))
        self.max_welfare = _point(handle.point("max_welfare"))
        self.opposition = handle.opposition
        self.zopa = Zopa(*handle.zopa)
        self.frontier_exact = handle.frontier_exact
        self.frontier_method = handle.frontier_method
        self.notes = list(handle.notes)

    @property
    def pareto_outcomes(self) -> list:
        """The outcome (a dict) of each row of ``pareto``, in the same order."""
        if self._outcomes is None:
            self._outcomes = self._h.pareto_outcomes()
        return self._outcomes

    def to_dict(self) -> dict:
        """The whole analysis, equal to ``parley analyze --json``."""
        if self._d is None:
            self._d = self._h.json()
        import copy  # noqa: PLC0415

        return copy.deepcopy(self._d)

    def __repr__(self) -> str:
        return f"Analysis({len(self.pareto)} frontier points, opposition={self.opposition:.4f})"


def analyze(scenario: Union[Scenario, PathLike], time_limit: float = 60,
            approximate: bool = False) -> Analysis:
    """The analysis of ``scenario`` (a :class:`Scenario`, or anything :func:`load` takes): the
    same as ``scenario.analyze(time_limit, approximate)`` and as ``parley analyze``; see
    :class:`Analysis`."""
    return _scenario(scenario).analyze(time_limit=time_limit, approximate=approximate)


# --- agents ---------------------------------------------------------------------------------


class ResponseType(_enum.IntEnum):
    """What ``respond`` returns (NegMAS's names and numbers)."""

    ACCEPT_OFFER = 0
    REJECT_OFFER = 1
    END_NEGOTIATION = 2


class SAONegotiator:
    """Base class of agents written in Python (NegMAS's name).

    Implement ``propose(self, state)`` (return an outcome: a tuple in issue order or a dict, or
    None to end the negotiation) and ``respond(self, state, offer)`` (return a
    :class:`ResponseType`). During a negotiation the agent has ``self.ufun`` (its utility
    function), ``self.reserved_value``, ``self.outcome_space``, ``self.name`` (its party's name
    unless given), ``self.nmi`` (an ``AgentInfo``: protocol, ``n_steps``, ``n_negotiators``) and
    the utility index's helpers :meth:`outcomes_near`, :meth:`outcome_at_least`,
    :meth:`outcome_at_most`, :meth:`outcomes_between`.

    Hooks: ``on_negotiation_start()``, ``on_partner_proposal(state, partner, offer)`` (called
    only when overridden), ``on_negotiation_end(agreement)``.

    It plays SAO (respond to the standing offer, then propose), AMOP (propose in the offer
    phase, respond to each offer), the single-text protocols and final votes (respond), and the
    single undertaking as SAO about one track at a time (``state.track``): ``offer`` is the
    track's standing proposal completed into a whole package, and the package ``propose``
    returns counts for the track's open issues. An exception it raises is its failure in that
    session, with the traceback in the failure's message.
    """

    def __init__(self, name: Optional[str] = None, **kwargs: Any):
        self._given_name = name
        self.nmi = None
        self.ufun = None
        self.reserved_value = None
        self.outcome_space = None
        self.name = name

    # The binding calls these two; they are not part of the API.
    def _parley_start(self, info: "_parley.AgentInfo") -> None:
        self.nmi = info
        self.ufun = info.ufun
        self.reserved_value = info.reserved_value
        self.outcome_space = info.outcome_space
        given = getattr(self, "_given_name", None)
        self.name = given if given is not None else info.name
        self.on_negotiation_start()

    def _parley_end(self, reason: str, agreement: Optional[tuple]) -> None:
        self.end_reason = reason
        self.on_negotiation_end(agreement)

    def propose(self, state: SAOState) -> Optional[Outcome]:
        """The outcome to offer now (or None to end the negotiation)."""
        raise NotImplementedError(f"{type(self).__name__} must implement propose(state)")

    def respond(self, state: SAOState, offer: tuple) -> ResponseType:
        """ACCEPT_OFFER, REJECT_OFFER or END_NEGOTIATION for ``offer``."""
        raise NotImplementedError(f"{type(self).__name__} must implement respond(state, offer)")

    def on_negotiation_start(self) -> None:
        """Called once the agent knows its ufun, before its first turn."""

    def on_partner_proposal(self, state: SAOState, partner: str, offer: tuple) -> None:
        """Another party's offer (called only when a subclass overrides it)."""

    def on_negotiation_end(self, agreement: Optional[tuple]) -> None:
        """The negotiation is over; ``agreement`` is the agreed outcome or None."""

    def outcomes_near(self, utility: float, tolerance: float = 0.02, limit: int = 100) -> list:
        """Up to ``limit`` outcomes whose utility is within ``tolerance`` of ``utility``, lowest
        utility first (parley's utility index: a binary search, not a scan)."""
        return self.nmi.outcomes_near(utility, tolerance, limit)

    def outcome_at_least(self, utility: float) -> Optional[tuple]:
        """The outcome with the lowest utility >= ``utility`` (the best one when none is)."""
        return self.nmi.outcome_at_least(utility)

    def outcome_at_most(self, utility: float) -> Optional[tuple]:
        """The outcome with the highest utility <= ``utility``, or None."""
        return self.nmi.outcome_at_most(utility)

    def outcomes_between(self, lo: float, hi: float, limit: int = 100) -> list:
        """Up to ``limit`` outcomes with utility in [lo, hi], lowest first."""
        return self.nmi.outcomes_between(lo, hi, limit)


def agents() -> list:
    """The built-in agents: ``[{"name", "description", "parameters"}]`` (``parley agents``)."""
    return _parley.registry_json("agents")


def protocols() -> list:
    """The protocols: ``[{"name", "description", "parameters"}]`` (``parley protocols``)."""
    return _parley.registry_json("protocols")


# --- negotiation ----------------------------------------------------------------------------


class _cached:
    """A read-only attribute read from the C++ handle's attribute of the same name on first use,
    then kept."""

    def __init__(self, doc):
        self.__doc__ = doc

    def __set_name__(self, owner, name):
        self._name = name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        value = getattr(obj._h, self._name)
        obj.__dict__[self._name] = value  # a non-data descriptor: the instance's value wins
        return value


class NegotiationResult:
    """The result of :func:`negotiate`; ``to_dict()`` is ``parley negotiate --json``.

    Fields are read from the C++ result when first used (and kept): a session of built-in
    agents costs from Python what it costs in C++, whatever the result holds."""

    def __init__(self, handle: "_parley.SessionHandle"):
        self._h = handle
        self._d = None

    agreement = _cached("The agreed outcome (a dict), or None.")
    utilities = _cached("Each party's undiscounted utility (its reservation value without "
                        "agreement), party order.")
    discounted = _cached("Utilities discounted to the time of the end.")
    reservations = _cached("Each party's reservation value.")
    advantages = _cached("utility - reservation value, per party.")
    welfare = _cached("The sum of the utilities.")
    pareto_distance = _cached("Distance to the Pareto frontier in utility space (None: unknown).")
    nash_distance = _cached("Distance to the Nash point (None: none or unknown).")
    rounds = _cached("Rounds started.")
    time = _cached("Normalised time at the end.")
    end = _cached('"agreement", "deadline", "walk-away" or "failure".')
    ended_by = _cached("The party that walked away or failed, or None.")
    agents = _cached("The agents' labels: specs, or a Python agent's class name.")
    parties = _cached("The parties' names.")

    def _dict(self) -> dict:
        if self._d is None:  # made on first use: a long trace costs more than the session
            self._d = self._h.json()
        return self._d

    @property
    def failure(self) -> Optional[dict]:
        """``{"party", "agent", "kind", "message"}`` when an agent failed, else None."""
        return self._dict()["failure"]

    @property
    def moves(self) -> list:
        """Every move: ``{"round" (1-based), "time", "party", "turn", "action", "outcome",
        "utilities", ...}`` as in ``--json``."""
        return self._dict()["moves"]

    def to_dict(self) -> dict:
        """Equal to ``parley negotiate --json`` for the same scenario, agents and seed."""
        import copy  # noqa: PLC0415

        return copy.deepcopy(self._dict())

    def moves_frame(self):
        """The moves as a pandas DataFrame: round, time, party, turn, action, one column per
        issue, one ``u_<party>`` column per party. Needs pandas."""
        pd = _pandas()
        if pd is None:
            raise ImportError("moves_frame() needs pandas (apt-get install python3-pandas)")
        rows = []
        for m in self.moves:
            row = {k: m[k] for k in ("round", "time", "party", "turn", "action")}
            for issue, value in (m.get("outcome") or {}).items():
                row[issue] = value
            for party, u in zip(self.parties, m.get("utilities") or []):
                row["u_" + party] = u
            rows.append(row)
        return pd.DataFrame(rows)

    def plot(self, path: PathLike) -> None:
        """Writes the picture ``parley negotiate --plot`` writes (.svg or .html)."""
        self._h.plot(_os.fspath(path))

    def write_trace(self, path: PathLike) -> None:
        """Writes every move as ``--trace`` does (.csv or .jsonl)."""
        self._h.trace(_os.fspath(path))

    def __repr__(self) -> str:
        return (
            f"NegotiationResult(end={self.end!r}, agreement={self.agreement}, "
            f"utilities={self.utilities}, rounds={self.rounds})"
        )


def _jar(path: Optional[PathLike]) -> Optional[str]:
    return None if path is None else _os.fspath(path)


def negotiate(
    scenario: Union[Scenario, PathLike],
    agents: Optional[Sequence[Union[str, SAONegotiator]]] = None,
    protocol: Optional[str] = None,
    rounds: Optional[int] = 100,
    time: Optional[float] = None,
    seed: int = 0,
    analysis_time_limit: float = 20,
    genius_jar: Optional[PathLike] = None,
) -> NegotiationResult:
    """Runs one negotiation, as ``parley negotiate`` does: the same arguments give the same
    result as the command line (``to_dict()`` is its ``--json``).

    ``scenario``: a :class:`Scenario`, or anything :func:`load` takes (a path, a built-in
    name such as "doha-2019").
    ``agents``: one per party, each a built-in name ("boulware", "time-dependent:e=0.5"; see
    :func:`agents`) or a :class:`SAONegotiator` instance (an instance plays one negotiation); a
    single name plays every party. None: the command line's default (boulware, or under the
    single undertaking logroller, issue-by-issue, conditional-hardliner in turn).
    ``protocol``: a protocol spec ("sao", "amop", "single-undertaking:binding=issue-by-issue";
    see :func:`protocols`). None: the command line's default, :attr:`Scenario.default_protocol`
    ("single-undertaking" for scenarios with tracks or ratifiers, such as doha-2019, else
    "sao").
    ``rounds`` or ``time`` (seconds of wall time) is the deadline; ``seed`` the session's seed;
    ``analysis_time_limit`` bounds the frontier computation the distances are measured against.
    ``genius_jar``: the GENIUS jar of "genius:CLASS" agents (``--genius-jar``; default: the
    environment variable PARLEY_GENIUS_JAR, else the jar parley's Java host was built against;
    docs/genius-bridge.md).

    Built-in agents run without the GIL, at the speed of the command line; Python agents are
    called on this thread. Ctrl-C stops the run and raises KeyboardInterrupt. Bad names or
    values raise :class:`ScenarioError` with the command line's message."""
    s = _scenario(scenario)
    if isinstance(agents, (str, SAONegotiator)):
        agents = [agents]
    handle = _parley.negotiate(
        s._h, None if agents is None else list(agents), protocol,
        None if time is not None else rounds, time, int(seed), float(analysis_time_limit),
        _jar(genius_jar)
    )
    return NegotiationResult(handle)


# --- tournaments ----------------------------------------------------------------------------


def _number(text: str):
    if text == "":
        return None
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


class TournamentResults:
    """The result of :func:`tournament`.

    ``sessions``: one row per session and agent (the CLI's ``--csv``), a pandas DataFrame when
    pandas is installed, else a list of dicts. ``ranking``: agents by mean advantage (the
    CLI's ranking), a DataFrame or a list of dicts. ``agents``: the names used in both.
    ``failures``: one dict per failed session, ``{"session", "position", "agent", "kind",
    "message"}`` (the message holds a Python agent's traceback; the CSV has the kind only)."""

    def __init__(self, handle: "_parley.TournamentHandle"):
        self._h = handle
        self.agents = list(handle.agents)
        text = handle.csv(True)
        pd = _pandas()
        ranking = handle.ranking()
        if pd is not None:
            self.sessions = pd.read_csv(_io.StringIO(text), keep_default_na=False,
                                        na_values={"pareto_distance": [""],
                                                   "nash_distance": [""]})
            self.ranking = pd.DataFrame(ranking)
        else:
            rows = list(_csv.DictReader(_io.StringIO(text)))
            keep_text = {"scenario", "profile", "agent", "partners", "end_reason", "failure"}
            self.sessions = [
                {k: (v if k in keep_text else _number(v)) for k, v in row.items()} for row in rows
            ]
            self.ranking = ranking
        self.seconds = handle.seconds
        self.failures = handle.failures()

    def to_csv(self, path: Optional[PathLike] = None, timing: bool = True) -> Optional[str]:
        """The CLI's ``--csv`` text (``timing=False``: ``--no-timing``); written to ``path`` when
        given, else returned."""
        text = self._h.csv(bool(timing))
        if path is None:
            return text
        with open(_os.fspath(path), "w", encoding="utf-8", newline="") as f:
            f.write(text)
        return None

    def write_report(self, path: PathLike) -> None:
        """The CLI's ``--report`` HTML page."""
        self._h.write_report(_os.fspath(path))

    def __repr__(self) -> str:
        return f"TournamentResults({self._h.sessions} sessions, agents={self.agents})"


def tournament(
    agents: Sequence[Union[str, type, Callable[[], SAONegotiator]]],
    scenarios: Sequence[PathLike],
    protocol: str = "sao",
    rounds: int = 100,
    repetitions: int = 1,
    rotate_profiles: bool = False,
    self_play: bool = False,
    seed: int = 0,
    jobs: int = 0,
    db: Optional[PathLike] = None,
    move_time_limit: float = 10,
    session_time_limit: float = 120,
    reservation_on_disagreement: bool = True,
    genius_jar: Optional[PathLike] = None,
) -> TournamentResults:
    """Every agent against every other in every role on every scenario, as ``parley
    tournament`` (same arguments, same results: ``--protocol``, ``--rounds``,
    ``--repetitions``, ``--rotate-profiles``, ``--self-play``, ``--seed``, ``--jobs``,
    ``--db``, ``--move-time-limit``, ``--session-time-limit``).

    ``protocol``: a protocol spec ("sao"); ``rounds``: the deadline of every session;
    ``repetitions``: sessions per pairing and role; ``rotate_profiles``: each agent plays every
    profile of a scenario; ``self_play``: agents also meet themselves; ``seed``: the
    tournament's seed (each session's seed derives from it); ``move_time_limit`` and
    ``session_time_limit``: seconds one call, one session may take (0: none; exceeding is a
    "timeout" failure); ``reservation_on_disagreement``: disagreement pays the reservation
    value (else 0, GENIUS's historical convention; the CLI has no flag for it).

    ``agents``: built-in names, or Python agent classes or factories (a callable returning a
    fresh :class:`SAONegotiator`, as NegMAS's ``cartesian_tournament`` takes them); they appear
    in the results as "python-<class-name>". ``scenarios``: paths (folders of scenario folders
    are expanded) or built-in names. ``jobs`` threads (0: all cores); Python agents take the
    GIL in turn, so they run one at a time, and results do not depend on ``jobs``. ``db``
    resumes an interrupted run. ``genius_jar`` as in :func:`negotiate`. Ctrl-C ends the run at
    once (worker processes killed, Python agents stopped at their next call) and raises
    KeyboardInterrupt."""
    if isinstance(scenarios, (str, bytes)) or hasattr(scenarios, "__fspath__"):
        scenarios = [scenarios]
    paths = [s.source if isinstance(s, Scenario) else _os.fsdecode(s) for s in scenarios]
    handle = _parley.tournament(
        list(agents), paths, protocol, int(rounds), int(repetitions), bool(rotate_profiles),
        bool(self_play), int(seed), int(jobs), "" if db is None else _os.fspath(db),
        float(move_time_limit), float(session_time_limit), bool(reservation_on_disagreement),
        _jar(genius_jar)
    )
    return TournamentResults(handle)


from . import talks  # noqa: E402  (needs the names above)
