package parley.genius;

import java.io.File;
import java.lang.reflect.Modifier;
import java.util.ArrayList;

import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import genius.core.AgentID;
import genius.core.Bid;
import genius.core.Deadline;
import genius.core.DeadlineType;
import genius.core.Domain;
import genius.core.DomainImpl;
import genius.core.actions.Accept;
import genius.core.actions.Action;
import genius.core.actions.ActionWithBid;
import genius.core.actions.EndNegotiation;
import genius.core.actions.Inform;
import genius.core.actions.Offer;
import genius.core.issue.Issue;
import genius.core.issue.IssueDiscrete;
import genius.core.issue.IssueInteger;
import genius.core.issue.IssueReal;
import genius.core.issue.Value;
import genius.core.issue.ValueDiscrete;
import genius.core.issue.ValueInteger;
import genius.core.issue.ValueReal;
import genius.core.parties.NegotiationInfo;
import genius.core.parties.NegotiationParty;
import genius.core.parties.NegotiationPartyInternal;
import genius.core.parties.SessionsInfo;
import genius.core.persistent.PersistentDataType;
import genius.core.protocol.MultilateralProtocol;
import genius.core.protocol.StackedAlternatingOffersProtocol;
import genius.core.repository.DomainRepItem;
import genius.core.repository.PartyRepItem;
import genius.core.repository.ProfileRepItem;
import genius.core.session.ExecutorWithTimeout;
import genius.core.session.RepositoryException;
import genius.core.session.Session;
import genius.core.timeline.DiscreteTimeline;
import genius.core.utility.AdditiveUtilitySpace;
import genius.core.utility.ConstraintUtilitySpace;
import genius.core.utility.NonlinearUtilitySpace;
import genius.core.utility.UTILITYSPACETYPE;
import genius.core.utility.UncertainAdditiveUtilitySpace;
import genius.core.utility.UtilitySpace;

/**
 * One session of GENIUS agents driven by parley, loaded by {@link Host} in a class loader of its
 * own. It sets a session up the way GENIUS's session runner does (the SAOP protocol, a round
 * deadline and its DiscreteTimeline, each agent made and initialised by GENIUS's
 * NegotiationPartyInternal, every call in its own thread with a time limit), then calls the
 * agents when parley says so: parley runs the protocol, this runs the agents. Protocol lines:
 * docs/genius-bridge.md.
 */
public final class Driver implements Function<String, String> {
	private Domain domain;
	private String domainFile;
	private int rounds;
	private Long seed;
	private PersistentDataType persistent;
	private long timeoutMs;
	private SessionsInfo info;
	private MultilateralProtocol protocol;
	private Session session;
	private ExecutorWithTimeout executor;
	private final List<AgentID> ids = new ArrayList<>();
	private final List<String> classes = new ArrayList<>(); // null for a party parley plays
	private final List<String> profiles = new ArrayList<>();
	private final List<NegotiationPartyInternal> parties = new ArrayList<>();
	private final List<Issue> issues = new ArrayList<>();
	private int[] cards;
	private Bid lastOffer;

	@Override
	public String apply(String line) {
		String[] f = line.split("\t", -1);
		try {
			switch (f[0]) {
			case "session":
				return session(f);
			case "party":
				return party(f);
			case "start":
				return start(f);
			case "act":
				return act(Integer.parseInt(f[1]), Integer.parseInt(f[2]), f[3]);
			case "observe":
				return observe(f);
			case "end":
				return end(f);
			case "list":
				return list(f[1]);
			default:
				return "error\tunknown command " + f[0];
			}
		} catch (Throwable t) {
			return "error\t" + describe(t);
		}
	}

	// session N ROUNDS SEED|- PERSISTENT TIMEOUT_MS DOMAIN
	private String session(String[] f) {
		int n = Integer.parseInt(f[1]);
		rounds = Integer.parseInt(f[2]);
		seed = f[3].equals("-") ? null : Long.valueOf(f[3]);
		persistent = PersistentDataType.valueOf(f[4].toUpperCase(Locale.ROOT));
		timeoutMs = Long.parseLong(f[5]);
		domainFile = f[6];
		for (int i = 0; i < n; i++) {
			classes.add(null);
			profiles.add(null);
		}
		return "ok";
	}

	// party I genius CLASS PROFILE | party I other NAME
	private String party(String[] f) {
		int i = Integer.parseInt(f[1]);
		if (f[2].equals("genius")) {
			classes.set(i, f[3]);
			profiles.set(i, f[4]);
		} else {
			classes.set(i, null);
			profiles.set(i, f[3]);
		}
		return "ok";
	}

	/** As GENIUS's own loader of a profile: the utility space type the file declares. */
	static UtilitySpace loadSpace(Domain domain, String file) throws Exception {
		switch (UTILITYSPACETYPE.getUtilitySpaceType(file)) {
		case NONLINEAR:
			return new NonlinearUtilitySpace(domain, file);
		case CONSTRAINT:
			return new ConstraintUtilitySpace(domain, file);
		case UNCERTAIN:
			return new UncertainAdditiveUtilitySpace(domain, file);
		default:
			return new AdditiveUtilitySpace(domain, file);
		}
	}

	/** A profile read straight from its files (no GENIUS repository). */
	static final class FileProfile extends ProfileRepItem {
		private static final long serialVersionUID = 1L;
		private final String domainPath, profilePath;

		FileProfile(String domainPath, String profilePath) throws Exception {
			super(new File(profilePath).toURI().toURL(), new DomainRepItem(new File(domainPath).toURI().toURL()));
			this.domainPath = domainPath;
			this.profilePath = profilePath;
		}

		@Override
		public UtilitySpace create() throws RepositoryException {
			try {
				return loadSpace(new DomainImpl(domainPath), profilePath);
			} catch (Exception e) {
				throw new RepositoryException("cannot read " + profilePath, e);
			}
		}
	}

	/** Makes the party with GENIUS's loader and gives it the seed parley chose. */
	static final class SeededItem extends PartyRepItem {
		private static final long serialVersionUID = 1L;
		private final Long partySeed;

		SeededItem(String className, Long partySeed) {
			super(className);
			this.partySeed = partySeed;
		}

		@Override
		public NegotiationParty load() throws genius.core.exceptions.InstantiateException {
			NegotiationParty p = super.load();
			return partySeed == null ? p : new Seeded(p, partySeed);
		}
	}

	/** Passes every call through, but init sees our seed instead of the clock. */
	static final class Seeded implements NegotiationParty {
		private static final long serialVersionUID = 1L;
		private final NegotiationParty inner;
		private final long partySeed;

		Seeded(NegotiationParty inner, long partySeed) {
			this.inner = inner;
			this.partySeed = partySeed;
		}

		@Override
		public void init(NegotiationInfo i) {
			inner.init(new NegotiationInfo(i.getUtilitySpace(), i.getUserModel(), i.getUser(), i.getDeadline(),
					i.getTimeline(), partySeed, i.getAgentID(), i.getPersistentData()));
		}

		@Override
		public Action chooseAction(List<Class<? extends Action>> possible) {
			return inner.chooseAction(possible);
		}

		@Override
		public void receiveMessage(AgentID sender, Action action) {
			inner.receiveMessage(sender, action);
		}

		@Override
		public String getDescription() {
			return inner.getDescription();
		}

		@Override
		public Class<? extends MultilateralProtocol> getProtocol() {
			return inner.getProtocol();
		}

		@Override
		public Map<String, String> negotiationEnded(Bid acceptedBid) {
			return inner.negotiationEnded(acceptedBid);
		}

		@Override
		public String toString() {
			return inner.toString();
		}
	}

	// start CARD... : set up as GENIUS's session runner does, then init every agent in order.
	private String start(String[] f) throws Exception {
		String[] c = f.length > 1 && !f[1].isEmpty() ? f[1].split(" ") : new String[0];
		cards = new int[c.length];
		for (int i = 0; i < c.length; i++)
			cards[i] = Integer.parseInt(c[i]);
		protocol = new StackedAlternatingOffersProtocol();
		info = new SessionsInfo(protocol, persistent, true);
		Deadline deadline = new Deadline(rounds, DeadlineType.ROUND);
		session = new Session(deadline, info);
		executor = new ExecutorWithTimeout(timeoutMs);
		List<PartyRepItem> items = new ArrayList<>();
		List<ProfileRepItem> profileItems = new ArrayList<>();
		for (int i = 0; i < classes.size(); i++) {
			if (classes.get(i) == null) {
				items.add(null);
				profileItems.add(null);
				ids.add(AgentID.generateID(profiles.get(i)));
				continue;
			}
			PartyRepItem item = new SeededItem(classes.get(i), seed == null ? null : seed + i);
			items.add(item);
			profileItems.add(new FileProfile(domainFile, profiles.get(i)));
			ids.add(AgentID.generateID(item.getUniqueName()));
		}
		// Every agent is initialised, in order, even after one failed: parley records each
		// failure against its own agent.
		StringBuilder failed = new StringBuilder();
		for (int i = 0; i < classes.size(); i++) {
			parties.add(null);
			if (classes.get(i) == null)
				continue;
			final int k = i;
			try {
				parties.set(k, executor.execute("init" + ids.get(k),
						() -> new NegotiationPartyInternal(items.get(k), profileItems.get(k), session, info, ids.get(k))));
			} catch (TimeoutException e) {
				failed.append("\t" + k + "\ttimeout\tinit took more than " + timeoutMs + " ms");
			} catch (ExecutionException e) {
				failed.append("\t" + k + "\texception\t" + describe(e.getCause()));
			}
		}
		domain = new DomainImpl(domainFile);
		issues.addAll(domain.getIssues());
		if (cards.length != issues.size())
			return "error\tthe GENIUS domain has " + issues.size() + " issues, parley's " + cards.length;
		for (int i = 0; i < issues.size(); i++) {
			Issue is = issues.get(i);
			int n = is instanceof IssueDiscrete ? ((IssueDiscrete) is).getNumberOfValues()
					: is instanceof IssueInteger
							? ((IssueInteger) is).getUpperBound() - ((IssueInteger) is).getLowerBound() + 1
							: cards[i];
			if (n != cards[i])
				return "error\tissue " + is.getName() + " has " + n + " values in GENIUS, " + cards[i] + " in parley";
		}
		// What GENIUS's session runner sends before the first round (SAOP: each party hears the
		// number of agents, parley's parties included), in party order.
		List<NegotiationParty> live = new ArrayList<>();
		for (NegotiationPartyInternal p : parties)
			if (p != null)
				live.add(p.getParty());
		Map<NegotiationParty, List<Action>> before = protocol.beforeSession(session, live);
		for (int i = 0; i < parties.size(); i++) {
			if (parties.get(i) == null || before == null || before.get(parties.get(i).getParty()) == null)
				continue;
			final NegotiationParty party = parties.get(i).getParty();
			for (Action a : before.get(party)) {
				final Action told = a instanceof Inform && "NumberOfAgents".equals(((Inform) a).getName())
						? new Inform(a.getAgent(), "NumberOfAgents", classes.size())
						: a;
				try {
					executor.execute(ids.get(i).toString(), () -> {
						party.receiveMessage(null, told);
						return 0;
					});
				} catch (TimeoutException e) {
					failed.append("\t" + i + "\ttimeout\treceiveMessage took more than " + timeoutMs + " ms");
				} catch (ExecutionException e) {
					failed.append("\t" + i + "\texception\t" + describe(e.getCause()));
				}
			}
		}
		return "started" + failed;
	}

	private void setRound(int round) {
		if (session.getTimeline() instanceof DiscreteTimeline)
			((DiscreteTimeline) session.getTimeline()).setcRound(round);
	}

	// act I ROUND ALLOWED(a,o,e letters)
	private String act(int i, int round, String allowed) throws Exception {
		final NegotiationParty party = parties.get(i).getParty();
		setRound(round);
		final List<Class<? extends Action>> possible = new ArrayList<>();
		if (allowed.contains("a"))
			possible.add(Accept.class);
		if (allowed.contains("o"))
			possible.add(Offer.class);
		if (allowed.contains("e"))
			possible.add(EndNegotiation.class);
		Action action;
		try {
			action = executor.execute(ids.get(i).toString(), () -> party.chooseAction(possible));
		} catch (TimeoutException e) {
			return "fail\ttimeout\tchooseAction took more than " + timeoutMs + " ms";
		} catch (ExecutionException e) {
			return "fail\texception\t" + describe(e.getCause());
		}
		if (action == null)
			return "fail\tillegal\tchooseAction returned null";
		boolean ok = false;
		for (Class<? extends Action> k : possible)
			ok |= k.isInstance(action);
		if (!ok)
			return "fail\tillegal\t" + action.getClass().getSimpleName() + " is not allowed (allowed: " + possible + ")";
		if (action instanceof Offer) {
			Bid bid = ((Offer) action).getBid();
			String v = encode(bid);
			if (v == null)
				return "fail\tinvalid\toffered a bid outside the domain: " + bid;
			lastOffer = bid;
			return "offer\t" + v;
		}
		if (action instanceof Accept) {
			Bid bid = ((Accept) action).getBid();
			if (lastOffer == null || (bid != null && !bid.equals(lastOffer)))
				return "fail\tillegal\taccepted " + bid + ", not the last offer " + lastOffer;
			return "accept";
		}
		return "end";
	}

	// observe I FROM ROUND offer|accept|end VALUES
	private String observe(String[] f) throws Exception {
		int i = Integer.parseInt(f[1]);
		int from = Integer.parseInt(f[2]);
		setRound(Integer.parseInt(f[3]));
		String kind = f[4];
		AgentID sender = ids.get(from);
		Action action;
		if (kind.equals("offer")) {
			lastOffer = decode(f[5]);
			action = new Offer(sender, lastOffer);
		} else if (kind.equals("accept")) {
			action = new Accept(sender, f.length > 5 && !f[5].isEmpty() ? decode(f[5]) : lastOffer);
		} else {
			action = new EndNegotiation(sender);
		}
		if (parties.get(i) == null)
			return "ok";
		final NegotiationParty party = parties.get(i).getParty();
		final Action a = action;
		try {
			executor.execute(ids.get(i).toString(), () -> {
				party.receiveMessage(sender, a);
				return 0;
			});
		} catch (TimeoutException e) {
			return "fail\ttimeout\treceiveMessage took more than " + timeoutMs + " ms";
		} catch (ExecutionException e) {
			return "fail\texception\t" + describe(e.getCause());
		}
		return "ok";
	}

	// end VALUES|- : negotiationEnded for every agent, in order; their failures change nothing.
	private String end(String[] f) {
		Bid agreement = f.length > 1 && !f[1].equals("-") ? decode(f[1]) : null;
		for (NegotiationPartyInternal p : parties) {
			if (p == null)
				continue;
			try {
				executor.execute("end" + p.getID(), () -> p.getParty().negotiationEnded(agreement));
			} catch (Exception e) {
				// GENIUS records it as a recoverable error; the result stands
			}
		}
		if (info != null)
			info.close();
		return "ended";
	}

	private String encode(Bid bid) {
		if (bid == null)
			return null;
		StringBuilder b = new StringBuilder();
		for (int i = 0; i < issues.size(); i++) {
			Issue is = issues.get(i);
			Value v = bid.getValue(is.getNumber());
			int k;
			if (v instanceof ValueDiscrete && is instanceof IssueDiscrete) {
				k = ((IssueDiscrete) is).getValueIndex((ValueDiscrete) v);
			} else if (v instanceof ValueInteger && is instanceof IssueInteger) {
				k = ((ValueInteger) v).getValue() - ((IssueInteger) is).getLowerBound();
			} else if (v instanceof ValueReal && is instanceof IssueReal) {
				// parley discretises real issues: the nearest point of its grid
				IssueReal r = (IssueReal) is;
				double span = r.getUpperBound() - r.getLowerBound();
				double x = cards[i] <= 1 || span <= 0 ? 0
						: (((ValueReal) v).getValue() - r.getLowerBound()) / span * (cards[i] - 1);
				k = (int) Math.round(x);
			} else {
				return null;
			}
			if (k < 0 || k >= cards[i])
				return null;
			if (i > 0)
				b.append(' ');
			b.append(k);
		}
		return b.toString();
	}

	private Bid decode(String text) {
		String[] v = text.split(" ");
		HashMap<Integer, Value> values = new HashMap<>();
		for (int i = 0; i < issues.size(); i++) {
			Issue is = issues.get(i);
			int k = Integer.parseInt(v[i]);
			Value val;
			if (is instanceof IssueDiscrete) {
				val = ((IssueDiscrete) is).getValue(k);
			} else if (is instanceof IssueInteger) {
				val = new ValueInteger(((IssueInteger) is).getLowerBound() + k);
			} else {
				IssueReal r = (IssueReal) is;
				double x = cards[i] <= 1 ? r.getLowerBound()
						: r.getLowerBound() + (r.getUpperBound() - r.getLowerBound()) * k / (cards[i] - 1);
				val = new ValueReal(x);
			}
			values.put(is.getNumber(), val);
		}
		return new Bid(domain, values);
	}

	/**
	 * The concrete public classes of the jar that GENIUS can run as a party (old
	 * genius.core.Agent classes through its adapter included), with a public no-argument
	 * constructor. One line: "classes", then CLASS:agent|party per field, sorted.
	 */
	private static String list(String jar) throws Exception {
		List<String> out = new ArrayList<>();
		ClassLoader loader = Driver.class.getClassLoader();
		try (JarFile jf = new JarFile(jar)) {
			Enumeration<JarEntry> en = jf.entries();
			while (en.hasMoreElements()) {
				String n = en.nextElement().getName();
				if (!n.endsWith(".class") || n.contains("$"))
					continue;
				String cn = n.substring(0, n.length() - 6).replace('/', '.');
				try {
					Class<?> c = Class.forName(cn, false, loader);
					if (!NegotiationParty.class.isAssignableFrom(c) || c.isInterface()
							|| Modifier.isAbstract(c.getModifiers()) || !Modifier.isPublic(c.getModifiers()))
						continue;
					c.getConstructor();
					out.add(cn + ":" + (genius.core.Agent.class.isAssignableFrom(c) ? "agent" : "party"));
				} catch (Throwable t) {
					// not loadable here, or no public no-argument constructor
				}
			}
		}
		Collections.sort(out);
		return "classes" + (out.isEmpty() ? "" : "\t" + String.join("\t", out));
	}

	static String describe(Throwable t) {
		StringBuilder m = new StringBuilder();
		for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
			if (m.length() > 0)
				m.append(" <- ");
			m.append(c.toString());
		}
		return m.toString().replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
	}

}
