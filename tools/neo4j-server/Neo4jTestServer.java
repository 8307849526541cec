import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.neo4j.server.CommunityBootstrapper;

/**
 * Runs Neo4j Community, the same server the distribution's `neo4j console` runs, from the
 * classpath Maven resolved (see ./neo4j-server). Started by that script; not built, only
 * launched as a single source file.
 *
 * <p>The password comes from NEO4J_PASSWORD and is set in-process as a query parameter, so it
 * is never on a command line, in a file of ours or in a log line.
 */
public final class Neo4jTestServer {
    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]).toAbsolutePath();
        String password = System.getenv("NEO4J_PASSWORD");
        if (password == null || password.length() < 8) {
            System.err.println("error: set NEO4J_PASSWORD (8 or more characters) to start the test server");
            System.exit(2);
        }
        CommunityBootstrapper server = new CommunityBootstrapper();
        int code = server.start(home, home.resolve("conf/neo4j.conf"), Map.of(), false, false);
        if (code != 0) {
            System.err.println("error: Neo4j did not start (code " + code + "); see " + home.resolve("logs"));
            System.exit(code);
        }
        // The bootstrapper stops the server on SIGTERM with a shutdown hook of its own.
        try {
            server.getDatabaseManagementService()
                    .database("system")
                    .executeTransactionally(
                            "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                            Map.of("password", password));
        } catch (RuntimeException e) {
            // Set at an earlier start: Neo4j refuses a "change" to the same password.
            if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
                System.err.println("error: could not set the password of user neo4j: " + e.getClass().getSimpleName());
                server.stop();
                System.exit(3);
            }
        }
        // "Ready" means every database serves queries: bolt accepts connections a little before
        // the default database has started, and a client then gets "database unavailable".
        var dbms = server.getDatabaseManagementService();
        for (String name : dbms.listDatabases()) {
            if (!dbms.database(name).isAvailable(30_000)) {
                System.err.println("error: database " + name + " did not become available in 30 s (see logs/debug.log)");
                server.stop();
                System.exit(4);
            }
        }
        Files.writeString(home.resolve("ready"), "");
        System.out.println("Neo4j ready");
        Thread.currentThread().join();
    }
}
