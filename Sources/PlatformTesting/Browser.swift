import Foundation
import HTTPTypes
import OAuthCore
import Synchronization

/// An HTTP client that plays the browser in the 3-legged tests: it keeps cookies, reads the forms of a page
/// and posts them back, and follows redirects that stay on the platform.
package final class Browser: Sendable {
    package let platform: RunningPlatform
    private let jar = Mutex<[String: String]>([:])

    package init(_ platform: RunningPlatform) {
        self.platform = platform
    }

    /// The cookies the browser holds, by name.
    package var cookies: [String: String] { jar.withLock { $0 } }

    package func forgetCookies() { jar.withLock { $0.removeAll() } }

    package func get(_ target: String, headers: HTTPFields = [:]) async throws -> HTTPAnswer {
        try await send(.get, target, headers: headers, body: nil)
    }

    package func post(_ target: String, fields: [FormEncoding.Field], headers: HTTPFields = [:]) async throws -> HTTPAnswer {
        var headers = headers
        headers[.contentType] = "application/x-www-form-urlencoded"
        return try await send(.post, target, headers: headers, body: FormEncoding.encode(fields))
    }

    /// Posts `form` with its fields, `replacing` some values (by name) and `adding` others.
    package func submit(
        _ form: HTMLForm, replacing: [String: String] = [:], adding: [FormEncoding.Field] = []
    ) async throws -> HTTPAnswer {
        var fields = form.fields.map { field in FormEncoding.Field(field.name, replacing[field.name] ?? field.value) }
        for (name, value) in replacing where !fields.contains(where: { $0.name == name }) {
            fields.append(.init(name, value))
        }
        return try await post(form.action, fields: fields + adding)
    }

    /// Follows redirects (at most 10) while they stay on the platform; returns the first other answer, or the
    /// redirect that leaves the platform (to the application's redirect_uri).
    package func follow(_ answer: HTTPAnswer) async throws -> HTTPAnswer {
        var answer = answer
        for _ in 0..<10 {
            guard (300..<400).contains(answer.status.code), let location = answer.headers[.location],
                location.hasPrefix("/") || location.hasPrefix(platform.baseURL + "/openidconnect")
            else {
                return answer
            }
            answer = try await get(location)
        }
        return answer
    }

    /// The whole browser side of seed 003's step 1: the authorization request, the login form when shown,
    /// the consent form when shown (`decision`, with the scopes to untick), and the redirect to the application.
    package func authorize(
        _ parameters: [String: String], username: String, password: String, decision: String = "allow",
        untick: Set<String> = []
    ) async throws -> HTTPAnswer {
        let query = FormEncoding.encode(parameters.sorted { $0.key < $1.key }.map { FormEncoding.Field($0.key, $0.value) })
        return try await signIn(
            startingAt: OAuthTestPaths.authorize + "?" + query, username: username, password: password, decision: decision,
            untick: untick)
    }

    /// The same, from an authorization URL an SDK made.
    package func signIn(
        startingAt url: String, username: String, password: String, decision: String = "allow", untick: Set<String> = []
    ) async throws -> HTTPAnswer {
        var answer = try await follow(try await get(url))
        if let login = answer.form(posting: "/login") {
            answer = try await follow(try await submit(login, replacing: ["username": username, "password": password]))
        }
        if let consent = answer.form(posting: "/consent") {
            var fields = consent.fields.filter { !($0.name == "scope" && untick.contains($0.value)) }
            fields.append(FormEncoding.Field("decision", decision))
            answer = try await post(consent.action, fields: fields)
        }
        return answer
    }

    /// The user's side of the device authorization grant (RFC 8628 §3.3): opens the verification `url`, sends the code
    /// form as prefilled, signs in when asked, and answers the consent page with `decision`; returns the last page.
    package func decideDevice(at url: String, username: String, password: String, decision: String = "allow") async throws -> HTTPAnswer {
        var answer = try await get(url)
        guard let codeForm = answer.form(posting: "/device") else { return answer }
        answer = try await follow(try await submit(codeForm))
        if let login = answer.form(posting: "/login") {
            answer = try await follow(try await submit(login, replacing: ["username": username, "password": password]))
        }
        guard let consent = answer.form(posting: "/device/consent") else { return answer }
        return try await post(consent.action, fields: consent.fields + [FormEncoding.Field("decision", decision)])
    }

    private func send(_ method: HTTPRequest.Method, _ target: String, headers: HTTPFields, body: String?) async throws -> HTTPAnswer {
        let path = target.hasPrefix(platform.baseURL) ? String(target.dropFirst(platform.baseURL.count)) : target
        var headers = headers
        let cookieHeader = jar.withLock { $0.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        if !cookieHeader.isEmpty { headers[.cookie] = cookieHeader }
        let answer = try await platform.request(method, path, headers: headers, body: body)
        for setCookie in answer.headers[values: .setCookie] {
            let pair = setCookie.prefix { $0 != ";" }
            guard let equals = pair.firstIndex(of: "=") else { continue }
            let name = String(pair[..<equals])
            let value = String(pair[pair.index(after: equals)...])
            jar.withLock { $0[name] = value.isEmpty ? nil : value }
        }
        return answer
    }
}

/// Paths the 3-legged tests use.
package enum OAuthTestPaths {
    package static let authorize = "/openidconnect/fr/v1/authorize"
    package static let token = "/openidconnect/fr/v1/token"
    package static let userinfo = "/openidconnect/v1/userinfo"
    package static let account = "/openidconnect/fr/v1/account"
}

/// A form of an HTML page: where it posts and the fields a browser would send (hidden, text and password
/// inputs, ticked checkboxes; not the submit buttons).
package struct HTMLForm: Sendable {
    package var action: String
    package var fields: [FormEncoding.Field]

    /// Every form of `html`, read with patterns that fit the platform's own templates.
    package static func all(in html: String) -> [HTMLForm] {
        html.matches(of: /<form method="post" action="([^"]*)">(.*?)<\/form>/.dotMatchesNewlines()).map { match in
            let inputs = String(match.output.2).matches(of: /<input ([^>]*)>/).map { String($0.output.1) }
            let fields = inputs.compactMap { attributes -> FormEncoding.Field? in
                func attribute(_ name: String) -> String? {
                    attributes.firstMatch(of: try! Regex("\(name)=\"([^\"]*)\""))
                        .flatMap { $0.output[1].substring.map { unescape(String($0)) } }
                }
                guard let name = attribute("name") else { return nil }
                if attribute("type") == "checkbox", !attributes.contains(" checked") { return nil }
                return FormEncoding.Field(name, attribute("value") ?? "")
            }
            return HTMLForm(action: unescape(String(match.output.1)), fields: fields)
        }
    }

    package subscript(name: String) -> String? {
        fields.first { $0.name == name }?.value
    }

    private static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&#x2F;", with: "/").replacingOccurrences(of: "&amp;", with: "&")
    }
}

extension HTTPAnswer {
    /// The first form whose action ends with `suffix`.
    package func form(posting suffix: String) -> HTMLForm? {
        HTMLForm.all(in: body).first { $0.action.hasSuffix(suffix) }
    }

    /// The query parameters of the `Location` this answer redirects to.
    package var redirectParameters: [String: String] {
        guard let location = headers[.location], let query = location.split(separator: "?", maxSplits: 1).dropFirst().first,
            let fields = try? FormEncoding.decode(String(query))
        else {
            return [:]
        }
        return Dictionary(fields.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
    }
}
