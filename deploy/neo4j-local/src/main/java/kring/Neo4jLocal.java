package kring;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.Config;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.config.Setting;

/**
 * Runs Neo4j Community embedded with only a Bolt listener on 127.0.0.1, for development and tests.
 *
 * <p>Usage: Neo4jLocal --home DIR --port N [--pagecache 512m] [--exit-on-stdin-eof]
 */
public final class Neo4jLocal {
  public static final String READY_PREFIX = "KRING-NEO4J-READY ";
  public static final String STOPPED_LINE = "KRING-NEO4J-STOPPED cleanly";

  private Neo4jLocal() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = parse(args);
    Path home = Path.of(require(opts, "--home")).toAbsolutePath();
    int port = Integer.parseInt(require(opts, "--port"));
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be 0..65535");
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

    // Parse the settings by their documented names, so they read like neo4j.conf.
    Config parsed = Config.newBuilder().setRaw(config).build();
    Map<Setting<?>, Object> settings = new HashMap<>();
    for (String name : config.keySet()) {
      Setting<Object> setting = parsed.getSetting(name);
      settings.put(setting, parsed.get(setting));
    }
    DatabaseManagementService dbms =
        new DatabaseManagementServiceBuilder(home).setConfig(settings).build();
    CountDownLatch stopped = new CountDownLatch(1);
    // SIGTERM and SIGINT run shutdown hooks: a clean shutdown checkpoints committed data.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  dbms.shutdown();
                  System.out.println(STOPPED_LINE);
                  System.out.flush();
                  stopped.countDown();
                },
                "kring-neo4j-shutdown"));

    dbms.database("neo4j"); // fails fast if the default database did not start
    System.out.println(READY_PREFIX + "bolt://127.0.0.1:" + port);
    System.out.flush();

    if (opts.containsKey("--exit-on-stdin-eof")) {
      // The parent process holds our stdin; when it dies we must not linger as an orphan.
      Thread watcher = new Thread(Neo4jLocal::exitOnStdinEof, "kring-neo4j-stdin-watch");
      watcher.setDaemon(true);
      watcher.start();
    }
    stopped.await();
  }

  private static void exitOnStdinEof() {
    try {
      InputStream in = System.in;
      while (in.read() != -1) {
        // ignore anything written to us
      }
    } catch (IOException ignored) {
      // a broken pipe means the parent is gone too
    }
    System.exit(0);
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> opts = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--exit-on-stdin-eof")) {
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
