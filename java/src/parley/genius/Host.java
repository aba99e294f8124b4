package parley.genius;

import java.io.BufferedReader;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * parley's GENIUS host: the JVM side of the bridge (docs/genius-bridge.md). It reads protocol
 * lines on stdin and answers each with one line on stdout; everything agents print goes to
 * stderr (or nowhere). It knows nothing of GENIUS itself: each session loads GENIUS, the agents
 * and {@link Driver} in a fresh class loader, so that no static state of an agent or of GENIUS
 * survives from one session to the next, and the JVM can serve many sessions.
 *
 * usage: Host --genius-jar JAR [--verbose]
 */
public final class Host {
	private static URL[] sessionClassPath;
	private static PrintStream proto;

	public static void main(String[] argv) throws Exception {
		Locale.setDefault(Locale.ROOT);
		String jar = null;
		boolean verbose = false;
		for (int i = 0; i < argv.length; i++) {
			if (argv[i].equals("--genius-jar") && i + 1 < argv.length)
				jar = argv[++i];
			else if (argv[i].equals("--verbose"))
				verbose = true;
		}
		proto = new PrintStream(new FileOutputStream(FileDescriptor.out), false, "UTF-8");
		// Agents print freely; the protocol owns the real stdout.
		PrintStream chatter = verbose ? System.err : new PrintStream(OutputStream.nullOutputStream());
		System.setOut(chatter);
		System.setErr(chatter);
		if (jar == null || !new File(jar).isFile()) {
			reply("error\tno GENIUS jar: " + jar);
			return;
		}
		sessionClassPath = classPath(new File(jar));
		Path workdir = Path.of("").toAbsolutePath();
		reply("ready\t1");

		BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		Function<String, String> driver = null;
		URLClassLoader loader = null;
		Set<Thread> baseline = null;
		String line;
		while ((line = in.readLine()) != null) {
			String reply;
			try {
				if (line.equals("quit")) {
					break;
				} else if (line.startsWith("session\t")) {
					if (loader != null)
						loader.close();
					baseline = new HashSet<>(Thread.getAllStackTraces().keySet());
					loader = new URLClassLoader("genius-session", sessionClassPath,
							ClassLoader.getPlatformClassLoader());
					resetJdkRandomness(line.split("\t", -1)[3]);
					driver = newDriver(loader);
					reply = call(loader, driver, line);
				} else if (line.startsWith("list")) {
					try (URLClassLoader l = new URLClassLoader("genius-list", sessionClassPath,
							ClassLoader.getPlatformClassLoader())) {
						reply = call(l, newDriver(l), line + "\t" + jar);
					}
				} else if (line.equals("reusable")) {
					reply = reusable(baseline, workdir);
					if (loader != null) {
						loader.close();
						loader = null;
					}
					driver = null;
				} else if (driver == null) {
					reply = "error\tno session";
				} else {
					reply = call(loader, driver, line);
				}
			} catch (Throwable t) {
				reply = "error\t" + describe(t);
			}
			reply(reply);
		}
		proto.flush();
		// agents may leave non-daemon threads behind
		System.exit(0);
	}

	private static void reply(String s) {
		proto.print(s);
		proto.print('\n');
		proto.flush();
	}

	@SuppressWarnings("unchecked")
	private static Function<String, String> newDriver(ClassLoader loader) throws Exception {
		return (Function<String, String>) Class.forName("parley.genius.Driver", true, loader)
				.getDeclaredConstructor().newInstance();
	}

	private static String call(ClassLoader loader, Function<String, String> driver, String line) {
		Thread self = Thread.currentThread();
		ClassLoader before = self.getContextClassLoader();
		self.setContextClassLoader(loader); // JAXB and agents look classes up through it
		try {
			return driver.apply(line);
		} finally {
			self.setContextClassLoader(before);
		}
	}

	/** This jar, the GENIUS jar, GENIUS's own lib/*.jar beside it and Debian's JAXB. */
	private static URL[] classPath(File jar) throws Exception {
		List<URL> urls = new ArrayList<>();
		urls.add(Host.class.getProtectionDomain().getCodeSource().getLocation());
		urls.add(jar.getAbsoluteFile().toURI().toURL());
		File lib = new File(jar.getAbsoluteFile().getParentFile(), "lib");
		File[] libs = lib.listFiles((d, n) -> n.endsWith(".jar"));
		if (libs != null) {
			java.util.Arrays.sort(libs);
			for (File f : libs)
				urls.add(f.toURI().toURL());
		}
		for (String n : new String[] { "jaxb-api", "jaxb-runtime", "jaxb-core", "istack-commons-runtime", "txw2",
				"stax-ex", "javax.activation" }) {
			File f = new File("/usr/share/java/" + n + ".jar");
			if (f.isFile())
				urls.add(f.toURI().toURL());
		}
		return urls.toArray(new URL[0]);
	}

	/**
	 * A session starts as in a fresh JVM: the patched java.util.Random (random-patch.jar, as
	 * refrun.sh) restarts its sequence of seeds for unseeded generators, and the JDK's lazily
	 * made shared generators (Collections.shuffle's) are dropped so they are made again.
	 */
	private static void resetJdkRandomness(String seed) {
		if (seed.equals("-"))
			System.clearProperty("genius.random.seed");
		else
			System.setProperty("genius.random.seed", seed);
		try {
			Field counter = java.util.Random.class.getDeclaredField("geniusRefCounter");
			counter.setAccessible(true);
			((java.util.concurrent.atomic.AtomicLong) counter.get(null)).set(0);
		} catch (ReflectiveOperationException | RuntimeException e) {
			// not patched: unseeded generators are not reproducible anyway
		}
		try {
			Field r = java.util.Collections.class.getDeclaredField("r");
			r.setAccessible(true);
			r.set(null, null);
		} catch (ReflectiveOperationException | RuntimeException e) {
			// not opened: then the next check finds out whether it was used
		}
	}

	/**
	 * Whether the next session in this JVM would run exactly as in a fresh one: no thread the
	 * session started is still alive, and Math.random's shared generator (which cannot be
	 * remade) was not created during it. Also empties the working directory (agents write
	 * files there, e.g. Agent.saveSessionData) so no session reads another's files.
	 */
	private static String reusable(Set<Thread> baseline, Path workdir) {
		String why = null;
		if (baseline != null) {
			for (int tries = 0; tries < 20; tries++) {
				why = null;
				for (Thread t : Thread.getAllStackTraces().keySet())
					if (t.isAlive() && !baseline.contains(t) && !t.isDaemon())
						why = "thread " + t.getName() + " still running";
				if (why == null)
					break;
				try {
					Thread.sleep(5);
				} catch (InterruptedException e) {
					break;
				}
			}
		}
		if (why == null && initialized("java.lang.Math$RandomNumberGeneratorHolder"))
			why = "Math.random was used";
		if (why == null && initialized("java.lang.StrictMath$RandomNumberGeneratorHolder"))
			why = "StrictMath.random was used";
		try (Stream<Path> files = Files.walk(workdir)) {
			files.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(workdir)).forEach(p -> p.toFile().delete());
		} catch (Exception e) {
			if (why == null)
				why = "cannot clean the working directory";
		}
		return why == null ? "yes" : "no\t" + why;
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

	private static boolean initialized(String className) {
		try {
			Class<?> c = Class.forName(className, false, null);
			Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
			Field f = unsafeClass.getDeclaredField("theUnsafe");
			f.setAccessible(true);
			Object unsafe = f.get(null);
			Method m = unsafeClass.getMethod("shouldBeInitialized", Class.class);
			return !(Boolean) m.invoke(unsafe, c);
		} catch (Throwable t) {
			return true; // cannot tell: assume the worst
		}
	}
}
