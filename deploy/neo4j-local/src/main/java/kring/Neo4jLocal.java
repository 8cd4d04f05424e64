package kring;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.neo4j.configuration.Config;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.config.Setting;
import sun.misc.Signal;

/**
 * Runs Neo4j Community embedded with only a Bolt listener on 127.0.0.1, for development and tests.
 *
 * <p>Usage: Neo4jLocal --home DIR --port N [--pagecache 512m] [--exit-with-parent]
 *
 * <p>SIGTERM, SIGINT and SIGHUP shut Neo4j down cleanly (checkpoint included). With
 * --exit-with-parent it also shuts down when the process that started it is gone: its stdin (a
 * pipe the parent holds) reaches end-of-file, or it is re-parented (polled twice a second, for
 * when the parent's children inherited that pipe).
 */
public final class Neo4jLocal {
  public static final String READY_PREFIX = "KRING-NEO4J-READY ";
  public static final String STOPPED_LINE = "KRING-NEO4J-STOPPED cleanly";
  private static final long PARENT_POLL_MILLIS = 500;

  private Neo4jLocal() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = parse(args);
    Path home = Path.of(require(opts, "--home")).toAbsolutePath();
    int port = Integer.parseInt(require(opts, "--port"));
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be 0..65535");
    }

    // Shutdown hook and signal handlers come first: a signal during start-up still ends us
    // cleanly (whatever part of Neo4j is already up is shut down; the store recovers the rest).
    AtomicReference<DatabaseManagementService> running = new AtomicReference<>();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  DatabaseManagementService dbms = running.getAndSet(null);
                  if (dbms != null) {
                    dbms.shutdown();
                    System.out.println(STOPPED_LINE);
                    System.out.flush();
                  }
                  stopped.countDown();
                },
                "kring-neo4j-shutdown"));
    // The JVM handles TERM and INT itself, and HUP only if it was not ignored when we started
    // (nohup, or a parent that ignores it): handle all three the same way, explicitly.
    for (String name : new String[] {"TERM", "INT", "HUP"}) {
      try {
        Signal.handle(
            new Signal(name),
            signal -> {
              System.out.println("KRING-NEO4J-SIGNAL " + signal.getName() + ": shutting down");
              System.out.flush();
              System.exit(128 + signal.getNumber());
            });
      } catch (IllegalArgumentException unavailable) {
        // not on this platform, or the JVM runs with -Xrs: the JVM's defaults apply
      }
    }
    if (opts.containsKey("--exit-with-parent")) {
      watchParent();
    }

    Map<String, String> config = new HashMap<>();
    config.put("server.bolt.enabled", "true");
    config.put("server.bolt.listen_address", "127.0.0.1:" + port);
    config.put("server.bolt.advertised_address", "127.0.0.1:" + port);
    config.put("server.bolt.tls_level", "DISABLED");
    config.put("server.http.enabled", "false");
    config.put("server.https.enabled", "false");
    config.put("dbms.usage_report.enabled", "false");
    // Only loopback clients can connect; a developer store needs no password.
    config.put("dbms.security.auth_enabled", "false");
    config.put("server.memory.pagecache.size", opts.getOrDefault("--pagecache", "512m"));
    config.put("db.tx_log.preallocate", "false");
    config.put("db.tx_log.rotation.retention_policy", "2 files");
    // Bolt is stopped after the databases are (checkpoint done, no client left to drain): do
    // not idle 5 s twice there, so a stop or restart frees the port in about a second.
    config.put("internal.server.bolt.thread_pool_shutdown_wait_time", "1s");
    config.put("internal.dbms.bolt.netty_server_shutdown_quiet_period", "0");
    config.put("internal.dbms.bolt.netty_server_shutdown_timeout", "2s");

    // Parse the settings by their documented names, so they read like neo4j.conf.
    Config parsed = Config.newBuilder().setRaw(config).build();
    Map<Setting<?>, Object> settings = new HashMap<>();
    for (String name : config.keySet()) {
      Setting<Object> setting = parsed.getSetting(name);
      settings.put(setting, parsed.get(setting));
    }
    DatabaseManagementService dbms =
        new DatabaseManagementServiceBuilder(home).setConfig(settings).build();
    running.set(dbms);
    dbms.database("neo4j"); // fails fast if the default database did not start
    System.out.println(READY_PREFIX + "bolt://127.0.0.1:" + port);
    System.out.flush();
    stopped.await();
  }

  /** Exit (running the shutdown hook) as soon as the process that started us is gone. */
  private static void watchParent() {
    ProcessHandle self = ProcessHandle.current();
    Optional<ProcessHandle> parent = self.parent();
    long parentPid = parent.map(ProcessHandle::pid).orElse(-1L);

    Thread stdin =
        new Thread(
            () -> {
              try {
                InputStream in = System.in;
                while (in.read() != -1) {
                  // ignore anything written to us
                }
              } catch (IOException ignored) {
                // a broken pipe means the parent is gone too
              }
              parentGone("its pipe to us closed");
            },
            "kring-neo4j-stdin-watch");
    stdin.setDaemon(true);
    stdin.start();

    if (parentPid < 0) {
      return; // no parent to watch (cannot happen when started by Kring)
    }
    Thread poll =
        new Thread(
            () -> {
              while (true) {
                Optional<ProcessHandle> now = self.parent();
                if (now.isEmpty() || now.get().pid() != parentPid || !now.get().isAlive()) {
                  parentGone("it is no longer our parent");
                  return;
                }
                try {
                  Thread.sleep(PARENT_POLL_MILLIS);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "kring-neo4j-parent-watch");
    poll.setDaemon(true);
    poll.start();
  }

  private static void parentGone(String why) {
    System.out.println("KRING-NEO4J-PARENT-GONE " + why + ": shutting down");
    System.out.flush();
    System.exit(0);
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> opts = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--exit-with-parent")) {
        opts.put(a, "true");
      } else if (a.startsWith("--") && i + 1 < args.length) {
        opts.put(a, args[++i]);
      } else {
        throw new IllegalArgumentException("unexpected argument: " + a);
      }
    }
    return opts;
  }

  private static String require(Map<String, String> opts, String key) {
    String v = opts.get(key);
    if (v == null) {
      throw new IllegalArgumentException("missing " + key);
    }
    return v;
  }
}
