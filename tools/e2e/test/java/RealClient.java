import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * A client nobody here wrote: the JDK's own {@code java.net.http.HttpClient} with its defaults. Over {@code http://}
 * it prefers HTTP/2 and so offers {@code h2c} on every request ({@code Connection: Upgrade, HTTP2-Settings},
 * {@code Upgrade: h2c}, {@code HTTP2-Settings}), bodies included. Used by realClient.e2e.test.ts.
 *
 * <p>Arguments: tokenUrl clientId clientSecret audience gatewayBaseUrl apiKey placementFile informFile probeUrl.
 * Prints one line per exchange: {@code RESULT <name> <status> <HTTP version> <body>}, the access token redacted.
 */
public final class RealClient {

    public static void main(String[] args) throws Exception {
        if (args.length != 9) {
            System.err.println("usage: RealClient tokenUrl clientId clientSecret audience gatewayBaseUrl apiKey "
                    + "placementFile informFile probeUrl");
            System.exit(2);
        }
        String tokenUrl = args[0];
        String form = "grant_type=client_credentials"
                + "&client_id=" + encode(args[1])
                + "&client_secret=" + encode(args[2])
                + "&audience=" + encode(args[3]);
        String gateway = args[4];
        String apiKey = args[5];
        String placement = Files.readString(Path.of(args[6]));
        String inform = Files.readString(Path.of(args[7]));

        HttpClient client = HttpClient.newHttpClient();
        System.out.println("CLIENT version=" + client.version() + " java=" + System.getProperty("java.version"));

        // What the client sends, as a plain HTTP/1.1 server sees it (the test records the headers).
        print("probe", client.send(post(args[8], "application/json", "{\"probe\":true}").build(),
                HttpResponse.BodyHandlers.ofString()));

        HttpResponse<String> token = client.send(
                post(tokenUrl, "application/x-www-form-urlencoded", form).build(),
                HttpResponse.BodyHandlers.ofString());
        print("token", token);

        print("placement", client.send(
                post(gateway + "/v1/tickets/placement", "application/json", placement)
                        .header("X-Api-Key", apiKey).build(),
                HttpResponse.BodyHandlers.ofString()));
        print("inform", client.send(
                post(gateway + "/v1/tickets/inform", "application/json", inform)
                        .header("X-Api-Key", apiKey).build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]*)\"");

    private static HttpRequest.Builder post(String url, String contentType, String body) {
        return HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void print(String name, HttpResponse<String> response) {
        // The token itself is never printed: only whether it is a JWT, and its length.
        String body = ACCESS_TOKEN.matcher(response.body()).replaceAll(found -> "\"access_token\":\"<redacted "
                + (found.group(1).split("\\.").length == 3 ? "JWT" : "non-JWT") + ", " + found.group(1).length()
                + " chars>\"");
        System.out.println("RESULT " + name + " " + response.statusCode() + " " + response.version() + " "
                + body.replace('\n', ' '));
    }
}
