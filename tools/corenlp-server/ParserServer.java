import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import edu.stanford.nlp.pipeline.Annotation;
import edu.stanford.nlp.pipeline.AnnotationOutputter;
import edu.stanford.nlp.pipeline.JSONOutputter;
import edu.stanford.nlp.pipeline.StanfordCoreNLP;
import edu.stanford.nlp.util.StringUtils;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stanford CoreNLP's pipeline behind a small HTTP interface on 127.0.0.1 only (CoreNLP's own
 * server class listens on every interface). Started by ./corenlp-server; not built, only launched
 * as a single source file with the classpath Maven resolved from pom.xml.
 *
 * <p>The pipeline is built once. Every request carries the token this process draws at start
 * (written to HOME/token, readable by its owner only) as "Authorization: Bearer TOKEN":
 *
 * <ul>
 *   <li>GET /info: the CoreNLP version, annotators and language, as JSON;
 *   <li>POST /parse with the text (UTF-8) as body: CoreNLP's JSON (the format of its own server:
 *       sentences with tokens, offsets, lemmas, tags and the three dependency graphs).
 * </ul>
 *
 * <p>Settings (environment): CORENLP_ANNOTATORS (tokenize,ssplit,pos,lemma,depparse),
 * CORENLP_PROPERTIES (a properties resource on the classpath for another language, e.g.
 * StanfordCoreNLP-chinese.properties), CORENLP_TIMEOUT_MS (60000 per request), CORENLP_THREADS
 * (2), CORENLP_MAX_BYTES (2000000).
 */
public final class ParserServer {
    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        String version = args.length > 2 ? args[2] : "unknown";
        String annotators = env("CORENLP_ANNOTATORS", "tokenize,ssplit,pos,lemma,depparse");
        String resource = env("CORENLP_PROPERTIES", "");
        long timeoutMs = Long.parseLong(env("CORENLP_TIMEOUT_MS", "60000"));
        int threads = Integer.parseInt(env("CORENLP_THREADS", "2"));
        long maxBytes = Long.parseLong(env("CORENLP_MAX_BYTES", "2000000"));

        Properties props = resource.isEmpty() ? new Properties() : StringUtils.argsToProperties("-props", resource);
        props.setProperty("annotators", annotators);
        // Two line breaks end a sentence: a headline or a dateline is never joined to the next line.
        props.setProperty("ssplit.newlineIsSentenceBreak", "two");
        StanfordCoreNLP pipeline = new StanfordCoreNLP(props);
        String language = resource.isEmpty() ? "en" : resource;

        byte[] token = new byte[32];
        new SecureRandom().nextBytes(token);
        String secret = HexFormat.of().formatHex(token);
        Path tokenFile = home.resolve("token");
        Files.deleteIfExists(tokenFile);
        Files.createFile(tokenFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tokenFile, secret, StandardOpenOption.TRUNCATE_EXISTING);
        byte[] expected = ("Bearer " + secret).getBytes(StandardCharsets.UTF_8);

        String info = "{\"server\":\"soe-ai-kg corenlp-server\",\"corenlp\":\"" + version + "\",\"annotators\":\""
                + annotators + "\",\"language\":\"" + language.replace("\"", "") + "\"}";
        ExecutorService workers = Executors.newFixedThreadPool(threads);
        JSONOutputter json = new JSONOutputter();
        AnnotationOutputter.Options compact = new AnnotationOutputter.Options(false);

        // One warm-up parse: the first request should not pay for lazy initialisation.
        pipeline.annotate(new Annotation("The parser is ready."));

        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        server.setExecutor(Executors.newFixedThreadPool(threads + 2));
        server.createContext("/", exchange -> {
            long started = System.nanoTime();
            int status = 500;
            try {
                String auth = exchange.getRequestHeaders().getFirst("Authorization");
                String path = exchange.getRequestURI().getPath();
                String method = exchange.getRequestMethod();
                if (auth == null || !MessageDigest.isEqual(auth.getBytes(StandardCharsets.UTF_8), expected)) {
                    status = reply(exchange, 401, "{\"error\":\"missing or wrong token\"}");
                } else if (path.equals("/info") && method.equals("GET")) {
                    status = reply(exchange, 200, info);
                } else if (path.equals("/parse") && method.equals("POST")) {
                    byte[] body = readAtMost(exchange.getRequestBody(), maxBytes);
                    if (body == null) {
                        status = reply(exchange, 413, "{\"error\":\"text longer than " + maxBytes + " bytes\"}");
                    } else {
                        String text = new String(body, StandardCharsets.UTF_8);
                        Future<byte[]> parsed = workers.submit(() -> {
                            Annotation annotation = new Annotation(text);
                            pipeline.annotate(annotation);
                            ByteArrayOutputStream out = new ByteArrayOutputStream();
                            json.print(annotation, out, compact);
                            return out.toByteArray();
                        });
                        try {
                            status = reply(exchange, 200, parsed.get(timeoutMs, TimeUnit.MILLISECONDS));
                        } catch (TimeoutException e) {
                            parsed.cancel(true);
                            status = reply(exchange, 503, "{\"error\":\"parse took longer than " + timeoutMs + " ms\"}");
                        }
                    }
                } else {
                    status = reply(exchange, 404, "{\"error\":\"GET /info or POST /parse\"}");
                }
            } catch (Exception e) {
                status = reply(exchange, 500, "{\"error\":\"" + e.getClass().getSimpleName() + "\"}");
            } finally {
                exchange.close();
                // One line per request, never the text: size, status and time.
                System.out.printf("%s %s %d %.0f ms%n", exchange.getRequestMethod(),
                        exchange.getRequestURI().getPath(), status, (System.nanoTime() - started) / 1e6);
            }
        });
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(1);
            workers.shutdownNow();
        }));
        Files.writeString(home.resolve("ready"), "");
        System.out.println("CoreNLP " + version + " ready at http://127.0.0.1:" + port + " (" + annotators + ")");
        Thread.currentThread().join();
    }

    /** The body, or null when it is longer than {@code limit} bytes. */
    private static byte[] readAtMost(InputStream in, long limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[65536];
        int n;
        while ((n = in.read(buffer)) > 0) {
            if (out.size() + n > limit) {
                return null;
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    private static int reply(HttpExchange exchange, int status, String body) throws IOException {
        return reply(exchange, status, body.getBytes(StandardCharsets.UTF_8));
    }

    private static int reply(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
        return status;
    }
}
