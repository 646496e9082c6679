/// Seed 002's two steps — get a token with the client credentials grant, call one operation of the API with it — as
/// a program a developer can run, for their own application (issue 17, item 2).
///
/// Every sample reads the secret from the environment variable `CLIENT_SECRET`, which the Code samples tab asks the
/// developer to set from the Credentials tab: no sample ever holds the secret. Each sends `Accept: application/json` on both requests and
/// `Content-Type: application/x-www-form-urlencoded` on the token request (seed 002's curl example), checks each
/// status, never puts the secret in a URL or prints it, gives each request a time limit, and keeps the token until a
/// minute before it expires (`expires_in`) instead of asking for one per call. The Swift and Go samples leave the
/// token request to a library (this package's `OAuthClient`; golang.org/x/oauth2, which renews 10 seconds before
/// expiry).
package struct CodeSamples: Sendable {
    /// The token endpoint, such as `https://api.example.com/oauth/v3/token`.
    package var tokenURL: String
    package var clientID: String
    /// The operation to call: its method in capitals (as `APIReference.Operation` gives it), and its URL.
    package var method: String
    package var operationURL: String

    package init(tokenURL: String, clientID: String, method: String, operationURL: String) {
        self.tokenURL = tokenURL
        self.clientID = clientID
        self.method = method
        self.operationURL = operationURL
    }

    /// The languages of the API page's samples, in the order the page lists them (issue 17, item 2).
    package enum Language: String, CaseIterable, Sendable {
        case curl, swift, java, kotlin, python, node, php, csharp, rust, go

        /// The language's name on the page.
        package var title: String {
            switch self {
            case .curl: "cURL"
            case .swift: "Swift"
            case .java: "Java"
            case .kotlin: "Kotlin"
            case .python: "Python"
            case .node: "Node.js"
            case .php: "PHP"
            case .csharp: "C#"
            case .rust: "Rust"
            case .go: "Go"
            }
        }

        /// The name of the file a developer saves the sample in (and downloads it as), run as ``runCommand``. A name,
        /// never a path: where a build tool wants the file inside a project (a Swift package, a Gradle project, a
        /// Cargo crate), the sample's first lines say where.
        package var fileName: String {
            switch self {
            case .curl: "call.sh"
            case .swift: "main.swift"
            case .java: "Call.java"
            case .kotlin: "Call.kt"
            case .python: "call.py"
            case .node: "call.mjs"
            case .php: "call.php"
            case .csharp: "Program.cs"
            case .rust: "main.rs"
            case .go: "main.go"
            }
        }

        /// How to run the saved file (Java 11 and later run a single source file directly; the others run their
        /// project, set up as the sample's first lines say).
        package var runCommand: String {
            switch self {
            case .curl: "bash call.sh"
            case .swift: "swift run"
            case .java: "java Call.java"
            case .kotlin: "gradle run"
            case .python: "python3 call.py"
            case .node: "node call.mjs"
            case .php: "php call.php"
            case .csharp: "dotnet run"
            case .rust: "cargo run"
            case .go: "go run ."
            }
        }
    }

    /// The sample's text, ending with a newline as a saved source file does.
    package func code(in language: Language) -> String {
        let code =
            switch language {
            case .curl: curl
            case .swift: swift
            case .java: java
            case .kotlin: kotlin
            case .python: python
            case .node: node
            case .php: php
            case .csharp: csharp
            case .rust: rust
            case .go: go
            }
        return code + "\n"
    }

    private var curl: String {
        """
        #!/usr/bin/env bash
        # Step 1: a token (seed 002). The secret comes from the environment, never from this file.
        set -euo pipefail
        token_json=$(curl -sS --fail-with-body -X POST \\
          -u "\(clientID):${CLIENT_SECRET:?export CLIENT_SECRET first}" \\
          -H "Content-Type: application/x-www-form-urlencoded" \\
          -H "Accept: application/json" \\
          -d "grant_type=client_credentials" \\
          "\(tokenURL)")
        access_token=$(printf '%s' "$token_json" | python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')

        # Step 2: the API, with the token (reuse it until it expires: expires_in seconds).
        curl -sS --fail-with-body -X \(method) \\
          -H "Authorization: Bearer $access_token" \\
          -H "Accept: application/json" \\
          "\(operationURL)"
        echo
        """
    }

    private var python: String {
        """
        # pip install requests
        import os
        import time

        import requests

        TOKEN_URL = "\(tokenURL)"
        CLIENT_ID = "\(clientID)"
        CLIENT_SECRET = os.environ["CLIENT_SECRET"]  # never in the code


        class TokenSource:
            \"\"\"Seed 002's client credentials token, kept until a minute before it expires.\"\"\"

            def __init__(self):
                self._token, self._expires_at = None, 0.0

            def token(self):
                if self._token is None or time.monotonic() >= self._expires_at:
                    answer = requests.post(
                        TOKEN_URL,
                        auth=(CLIENT_ID, CLIENT_SECRET),
                        data={"grant_type": "client_credentials"},
                        headers={"Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded"},
                        timeout=10,
                    )
                    answer.raise_for_status()
                    body = answer.json()
                    self._token = body["access_token"]
                    self._expires_at = time.monotonic() + int(body["expires_in"]) - 60
                return self._token


        tokens = TokenSource()
        answer = requests.request(
            "\(method)",
            "\(operationURL)",
            headers={"Authorization": "Bearer " + tokens.token(), "Accept": "application/json"},
            timeout=10,
        )
        answer.raise_for_status()
        print(answer.text)
        """
    }

    private var node: String {
        """
        // Node.js 18 or later (fetch is built in). Run: node call.mjs
        const tokenURL = "\(tokenURL)";
        const clientID = "\(clientID)";
        const clientSecret = process.env.CLIENT_SECRET; // never in the code
        if (!clientSecret) throw new Error("export CLIENT_SECRET first");

        // Seed 002's client credentials token, kept until a minute before it expires.
        let cached = { token: null, expiresAt: 0 };
        async function accessToken() {
          if (cached.token && Date.now() < cached.expiresAt) return cached.token;
          const answer = await fetch(tokenURL, {
            method: "POST",
            headers: {
              Authorization: "Basic " + Buffer.from(`${clientID}:${clientSecret}`).toString("base64"),
              "Content-Type": "application/x-www-form-urlencoded",
              Accept: "application/json",
            },
            body: "grant_type=client_credentials",
          });
          if (!answer.ok) throw new Error(`token: ${answer.status} ${await answer.text()}`);
          const body = await answer.json();
          cached = { token: body.access_token, expiresAt: Date.now() + (body.expires_in - 60) * 1000 };
          return cached.token;
        }

        const answer = await fetch("\(operationURL)", {
          method: "\(method)",
          headers: { Authorization: "Bearer " + (await accessToken()), Accept: "application/json" },
        });
        if (!answer.ok) throw new Error(`API: ${answer.status} ${await answer.text()}`);
        console.log(await answer.text());
        """
    }

    private var java: String {
        """
        // Java 11 or later, no dependency. Run: java Call.java
        import java.net.URI;
        import java.net.URLEncoder;
        import java.net.http.HttpClient;
        import java.net.http.HttpRequest;
        import java.net.http.HttpResponse;
        import java.nio.charset.StandardCharsets;
        import java.time.Duration;
        import java.time.Instant;
        import java.util.Base64;
        import java.util.regex.Matcher;
        import java.util.regex.Pattern;

        public class Call {
            static final String TOKEN_URL = "\(tokenURL)";
            static final String CLIENT_ID = "\(clientID)";

            /** Seed 002's client credentials token, kept until a minute before it expires. */
            static final class TokenSource {
                private final HttpClient client;
                private final String authorization;
                private String token;
                private Instant expiresAt = Instant.MIN;

                TokenSource(HttpClient client, String clientSecret) {
                    this.client = client;
                    String credentials = URLEncoder.encode(CLIENT_ID, StandardCharsets.UTF_8) + ":"
                        + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8);
                    this.authorization = "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
                }

                synchronized String token() throws Exception {
                    if (token == null || Instant.now().isAfter(expiresAt)) {
                        HttpRequest request = HttpRequest.newBuilder(URI.create(TOKEN_URL))
                            .timeout(Duration.ofSeconds(10))
                            .header("Authorization", authorization)
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .header("Accept", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                            .build();
                        HttpResponse<String> answer = client.send(request, HttpResponse.BodyHandlers.ofString());
                        if (answer.statusCode() != 200) throw new IllegalStateException("token: " + answer.statusCode() + " " + answer.body());
                        token = member(answer.body(), "\\"access_token\\"\\\\s*:\\\\s*\\"([^\\"]+)\\"");
                        long lifetime = Long.parseLong(member(answer.body(), "\\"expires_in\\"\\\\s*:\\\\s*(\\\\d+)"));
                        expiresAt = Instant.now().plusSeconds(lifetime - 60);
                    }
                    return token;
                }

                /** One member of the token answer (use your JSON library instead in an application). */
                private static String member(String json, String pattern) {
                    Matcher matcher = Pattern.compile(pattern).matcher(json);
                    if (!matcher.find()) throw new IllegalStateException("unexpected token answer");
                    return matcher.group(1);
                }
            }

            public static void main(String[] args) throws Exception {
                String clientSecret = System.getenv("CLIENT_SECRET"); // never in the code
                if (clientSecret == null) throw new IllegalStateException("export CLIENT_SECRET first");
                HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
                TokenSource tokens = new TokenSource(client, clientSecret);

                HttpRequest request = HttpRequest.newBuilder(URI.create("\(operationURL)"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + tokens.token())
                    .header("Accept", "application/json")
                    .method("\(method)", HttpRequest.BodyPublishers.noBody())
                    .build();
                HttpResponse<String> answer = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() / 100 != 2) throw new IllegalStateException("API: " + answer.statusCode() + " " + answer.body());
                System.out.println(answer.body());
            }
        }
        """
    }

    /// The SDK of this package: its client credentials token source behind `cached()` (one token until a minute
    /// before it expires, single flight) and `AuthorizedClient`. `Examples/ConsumerApp/Sources/Call` holds it as
    /// generated for placeholder inputs, so that CI compiles it against the SDK.
    private var swift: String {
        """
        // Swift 6 with this platform's SDK: an executable target depending on
        // .product(name: "OAuthClient", package: "orangerie"). Save as Sources/Call/main.swift, run: swift run
        import Foundation
        import OAuthClient
        import OAuthCore

        guard let clientSecret = ProcessInfo.processInfo.environment["CLIENT_SECRET"] else {  // never in the code
            print("export CLIENT_SECRET first")
            exit(64)
        }
        // Seed 002's client credentials token, kept until a minute before it expires, one request however many calls
        // ask at once. The SDK sends Accept: application/json and Content-Type: application/x-www-form-urlencoded,
        // checks the token answer's status and gives every request 30 seconds.
        let tokens = ClientCredentialsTokenSource(
            tokenURL: URL(string: "\(tokenURL)")!,
            credentials: ClientCredentials(clientID: "\(clientID)", clientSecret: clientSecret)
        ).cached()
        let api = AuthorizedClient(tokenSource: tokens)
        let request = HTTPRequestMessage(
            method: "\(method)", url: URL(string: "\(operationURL)")!,
            headers: ["Accept": "application/json"])
        do {
            print(String(decoding: try await api.send(request).ensureSuccess().body, as: UTF8.self))
        } catch {
            print(error)  // the status, the error and the request id; the SDK never prints a secret
            exit(1)
        }
        """
    }

    /// OkHttp 4 and org.json, `fun main` run by Gradle's application plugin.
    private var kotlin: String {
        """
        // Kotlin/JVM with OkHttp 4 and org.json. Gradle (plugins kotlin("jvm") and application, mainClass = "CallKt"):
        //   implementation("com.squareup.okhttp3:okhttp:4.12.0")
        //   implementation("org.json:json:20240303")
        // Save as src/main/kotlin/Call.kt, run: gradle run
        import java.time.Duration
        import java.time.Instant
        import okhttp3.Credentials
        import okhttp3.FormBody
        import okhttp3.OkHttpClient
        import okhttp3.Request\(kotlinRequestBody.import)
        import org.json.JSONObject

        const val TOKEN_URL = "\(tokenURL)"
        const val CLIENT_ID = "\(clientID)"

        /** Seed 002's client credentials token, kept until a minute before it expires. */
        class TokenSource(private val client: OkHttpClient, private val clientSecret: String) {
            private var token: String? = null
            private var expiresAt: Instant = Instant.MIN

            @Synchronized
            fun token(): String {
                val current = token
                if (current != null && Instant.now().isBefore(expiresAt)) return current
                val request = Request.Builder()
                    .url(TOKEN_URL)
                    .header("Authorization", Credentials.basic(CLIENT_ID, clientSecret, Charsets.UTF_8))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "application/json")
                    .post(FormBody.Builder().add("grant_type", "client_credentials").build())
                    .build()
                return client.newCall(request).execute().use { answer ->
                    val body = answer.body!!.string()
                    check(answer.code == 200) { "token: ${answer.code} $body" }
                    val json = JSONObject(body)
                    expiresAt = Instant.now().plusSeconds(json.getLong("expires_in") - 60)
                    json.getString("access_token").also { token = it }
                }
            }
        }

        fun main() {
            val clientSecret = System.getenv("CLIENT_SECRET") ?: error("export CLIENT_SECRET first") // never in the code
            val client = OkHttpClient.Builder().callTimeout(Duration.ofSeconds(10)).build()
            val tokens = TokenSource(client, clientSecret)
            val request = Request.Builder()
                .url("\(operationURL)")
                .header("Authorization", "Bearer " + tokens.token())
                .header("Accept", "application/json")
                .method("\(method)", \(kotlinRequestBody.argument))
                .build()
            client.newCall(request).execute().use { answer ->
                val body = answer.body!!.string()
                check(answer.isSuccessful) { "API: ${answer.code} $body" }
                println(body)
            }
        }
        """
    }

    /// OkHttp refuses a POST, PUT or PATCH without a body, and any other method with one: an empty body for the
    /// former, with the import it needs.
    private var kotlinRequestBody: (import: String, argument: String) {
        ["POST", "PUT", "PATCH"].contains(method)
            ? ("\nimport okhttp3.RequestBody.Companion.toRequestBody", "ByteArray(0).toRequestBody()") : ("", "null")
    }

    /// Guzzle 7, which throws on every 4xx and 5xx answer (its `http_errors` option, on by default).
    private var php: String {
        """
        <?php
        // PHP 8.1 or later with Guzzle 7: composer require guzzlehttp/guzzle. Run: php call.php
        require __DIR__ . '/vendor/autoload.php';

        use GuzzleHttp\\Client;

        const TOKEN_URL = '\(tokenURL)';
        const CLIENT_ID = '\(clientID)';

        /** Seed 002's client credentials token, kept until a minute before it expires. */
        final class TokenSource
        {
            private ?string $token = null;
            private int $expiresAt = 0;

            public function __construct(private Client $http, private string $clientSecret)
            {
            }

            public function token(): string
            {
                if ($this->token === null || time() >= $this->expiresAt) {
                    $answer = $this->http->post(TOKEN_URL, [
                        'auth' => [CLIENT_ID, $this->clientSecret],
                        'headers' => ['Accept' => 'application/json', 'Content-Type' => 'application/x-www-form-urlencoded'],
                        'form_params' => ['grant_type' => 'client_credentials'],
                    ]);
                    if ($answer->getStatusCode() !== 200) {
                        throw new RuntimeException('token: ' . $answer->getStatusCode() . ' ' . $answer->getBody());
                    }
                    $body = json_decode((string) $answer->getBody(), true, 512, JSON_THROW_ON_ERROR);
                    $this->token = $body['access_token'];
                    $this->expiresAt = time() + (int) $body['expires_in'] - 60;
                }
                return $this->token;
            }
        }

        $clientSecret = getenv('CLIENT_SECRET'); // never in the code
        if ($clientSecret === false) {
            throw new RuntimeException('export CLIENT_SECRET first');
        }
        // Guzzle throws on every 4xx and 5xx answer; 10 seconds for each request.
        $http = new Client(['timeout' => 10]);
        $tokens = new TokenSource($http, $clientSecret);
        $answer = $http->request('\(method)', '\(operationURL)', [
            'headers' => ['Authorization' => 'Bearer ' . $tokens->token(), 'Accept' => 'application/json'],
        ]);
        echo $answer->getBody(), PHP_EOL;
        """
    }

    /// .NET's `HttpClient` and `System.Text.Json` in a top-level program.
    private var csharp: String {
        """
        // C# (.NET 8 or later), a top-level program: dotnet new console, then replace Program.cs with this file.
        using System.Net;
        using System.Net.Http.Headers;
        using System.Text;
        using System.Text.Json;

        var clientSecret = Environment.GetEnvironmentVariable("CLIENT_SECRET") // never in the code
            ?? throw new InvalidOperationException("export CLIENT_SECRET first");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var tokens = new TokenSource(http, "\(tokenURL)", "\(clientID)", clientSecret);

        using var request = new HttpRequestMessage(new HttpMethod("\(method)"), "\(operationURL)");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.TokenAsync());
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var answer = await http.SendAsync(request);
        var body = await answer.Content.ReadAsStringAsync();
        if (!answer.IsSuccessStatusCode) throw new HttpRequestException($"API: {(int)answer.StatusCode} {body}");
        Console.WriteLine(body);

        /// <summary>Seed 002's client credentials token, kept until a minute before it expires.</summary>
        sealed class TokenSource(HttpClient http, string tokenUrl, string clientId, string clientSecret)
        {
            private readonly SemaphoreSlim gate = new(1, 1);
            private string? token;
            private DateTimeOffset expiresAt;

            public async Task<string> TokenAsync()
            {
                await gate.WaitAsync();
                try
                {
                    if (token is null || DateTimeOffset.UtcNow >= expiresAt)
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Post, tokenUrl)
                        {
                            // Sent as Content-Type: application/x-www-form-urlencoded.
                            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
                        };
                        request.Headers.Authorization = new AuthenticationHeaderValue(
                            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{clientId}:{clientSecret}")));
                        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                        using var answer = await http.SendAsync(request);
                        var body = await answer.Content.ReadAsStringAsync();
                        if (answer.StatusCode != HttpStatusCode.OK) throw new HttpRequestException($"token: {(int)answer.StatusCode} {body}");
                        using var json = JsonDocument.Parse(body);
                        token = json.RootElement.GetProperty("access_token").GetString();
                        expiresAt = DateTimeOffset.UtcNow.AddSeconds(json.RootElement.GetProperty("expires_in").GetInt32() - 60);
                    }
                    return token!;
                }
                finally
                {
                    gate.Release();
                }
            }
        }
        """
    }

    /// reqwest's blocking client and serde_json.
    private var rust: String {
        """
        // Rust with reqwest's blocking client (no async runtime to set up) and serde_json. Cargo.toml:
        //   [dependencies]
        //   reqwest = { version = "0.13", features = ["blocking"] }
        //   serde_json = "1"
        // Save as src/main.rs, run: cargo run
        use std::error::Error;
        use std::time::{Duration, Instant};

        use reqwest::blocking::Client;
        use reqwest::{Method, StatusCode};

        const TOKEN_URL: &str = "\(tokenURL)";
        const CLIENT_ID: &str = "\(clientID)";
        const OPERATION_URL: &str = "\(operationURL)";

        /// Seed 002's client credentials token, kept until a minute before it expires.
        struct TokenSource {
            client: Client,
            client_secret: String,
            cached: Option<(String, Instant)>,
        }

        impl TokenSource {
            fn token(&mut self) -> Result<String, Box<dyn Error>> {
                if let Some((token, expires_at)) = &self.cached {
                    if Instant::now() < *expires_at {
                        return Ok(token.clone());
                    }
                }
                let answer = self
                    .client
                    .post(TOKEN_URL)
                    .basic_auth(CLIENT_ID, Some(&self.client_secret))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "application/json")
                    .body("grant_type=client_credentials")
                    .send()?;
                let status = answer.status();
                let text = answer.text()?;
                if status != StatusCode::OK {
                    return Err(format!("token: {status} {text}").into());
                }
                let body: serde_json::Value = serde_json::from_str(&text)?;
                let token = body["access_token"].as_str().ok_or("no access_token")?;
                let lifetime = body["expires_in"].as_u64().ok_or("no expires_in")?;
                let expires_at = Instant::now() + Duration::from_secs(lifetime.saturating_sub(60));
                self.cached = Some((token.to_string(), expires_at));
                Ok(token.to_string())
            }
        }

        fn main() -> Result<(), Box<dyn Error>> {
            let client_secret = std::env::var("CLIENT_SECRET").map_err(|_| "export CLIENT_SECRET first")?; // never in the code
            let client = Client::builder().timeout(Duration::from_secs(10)).build()?;
            let mut tokens = TokenSource {
                client: client.clone(),
                client_secret,
                cached: None,
            };
            let answer = client
                .request(Method::\(method), OPERATION_URL)
                .bearer_auth(tokens.token()?)
                .header("Accept", "application/json")
                .send()?;
            let status = answer.status();
            let text = answer.text()?;
            if !status.is_success() {
                return Err(format!("API: {status} {text}").into());
            }
            println!("{text}");
            Ok(())
        }
        """
    }

    /// golang.org/x/oauth2's client credentials configuration, whose client keeps and renews the token by itself.
    private var go: String {
        """
        // Go with golang.org/x/oauth2: go mod init call && go get golang.org/x/oauth2. Save as main.go, run: go run .
        package main

        import (
        	"context"
        	"fmt"
        	"io"
        	"log"
        	"net/http"
        	"os"
        	"time"

        	"golang.org/x/oauth2"
        	"golang.org/x/oauth2/clientcredentials"
        )

        // acceptJSON sends Accept: application/json on every request: the API call, and the token request too, which
        // clientcredentials sends without it (seed 002: the token endpoint then answers 406).
        type acceptJSON struct{ next http.RoundTripper }

        func (a acceptJSON) RoundTrip(request *http.Request) (*http.Response, error) {
        	request = request.Clone(request.Context())
        	request.Header.Set("Accept", "application/json")
        	return a.next.RoundTrip(request)
        }

        func main() {
        	clientSecret := os.Getenv("CLIENT_SECRET") // never in the code
        	if clientSecret == "" {
        		log.Fatal("export CLIENT_SECRET first")
        	}
        	// Seed 002's client credentials token: Config.Client keeps it and asks for a new one by itself, one request
        	// at a time, shortly (10 s) before it expires. It posts grant_type=client_credentials as
        	// application/x-www-form-urlencoded, the credentials in HTTP Basic, and fails on an error status.
        	config := clientcredentials.Config{
        		ClientID:     "\(clientID)",
        		ClientSecret: clientSecret,
        		TokenURL:     "\(tokenURL)",
        		AuthStyle:    oauth2.AuthStyleInHeader,
        	}
        	base := &http.Client{Transport: acceptJSON{http.DefaultTransport}, Timeout: 10 * time.Second}
        	client := config.Client(context.WithValue(context.Background(), oauth2.HTTPClient, base))

        	request, err := http.NewRequest("\(method)", "\(operationURL)", nil)
        	if err != nil {
        		log.Fatal(err)
        	}
        	answer, err := client.Do(request)
        	if err != nil {
        		log.Fatal(err)
        	}
        	defer answer.Body.Close()
        	body, err := io.ReadAll(answer.Body)
        	if err != nil {
        		log.Fatal(err)
        	}
        	if answer.StatusCode/100 != 2 {
        		log.Fatalf("API: %d %s", answer.StatusCode, body)
        	}
        	fmt.Println(string(body))
        }
        """
    }
}
