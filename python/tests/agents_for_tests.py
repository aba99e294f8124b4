"""Python agents the tests play (importable, so tournaments can take their classes)."""

import parley
from parley import ResponseType


class Trivial(parley.SAONegotiator):
    """Offers its best outcome; accepts offers worth more than 0.8 (the benchmark's agent)."""

    def on_negotiation_start(self):
        self.best = self.ufun.best()

    def propose(self, state):
        return self.best

    def respond(self, state, offer):
        return ResponseType.ACCEPT_OFFER if self.ufun(offer) > 0.8 else ResponseType.REJECT_OFFER


class Conceder(parley.SAONegotiator):
    """Concedes linearly in time through the utility index; records what it saw."""

    def __init__(self, name=None):
        super().__init__(name=name)
        self.seen = []
        self.ended = None

    def target(self, state):
        return 1.0 - 0.6 * state.relative_time

    def propose(self, state):
        return self.outcome_at_least(self.target(state))

    def respond(self, state, offer):
        self.seen.append((state.step, state.relative_time, offer, state.current_proposer))
        if self.ufun(offer) >= self.target(state):
            return ResponseType.ACCEPT_OFFER
        return ResponseType.REJECT_OFFER

    def on_negotiation_end(self, agreement):
        self.ended = (self.end_reason, agreement)


class Thrower(parley.SAONegotiator):
    """Raises in its third proposal."""

    def propose(self, state):
        if state.step >= 2:
            raise RuntimeError("deliberate failure in round 3")
        return self.ufun.best()

    def respond(self, state, offer):
        return ResponseType.REJECT_OFFER


class Outsider(parley.SAONegotiator):
    """Proposes something that is not an outcome."""

    def propose(self, state):
        return ("no such value",) * len(self.nmi.outcome_space[0])

    def respond(self, state, offer):
        return ResponseType.REJECT_OFFER


class Quitter(parley.SAONegotiator):
    def propose(self, state):
        return self.ufun.best()

    def respond(self, state, offer):
        return ResponseType.END_NEGOTIATION
