import Foundation
import PlatformPages
import PlatformStore

/// The usage pages' words in English and French (issue 13, item 2), with what each outcome means and what to do
/// about it.
struct UsageText: PageWords {
    var language: String
    var usage: String
    var allAPIs: String
    var tokenRequests: String
    var calls: String
    var medianLatency: String
    var p95Latency: String
    var outcome: String
    var meaning: String
    var noCalls: String
    var quotas: String
    var resets: String
    var downloadCSV: String
    var legendSuccess: String
    var legendClientError: String
    var legendUpstreamFailure: String
    var legendRefused: String
    var countedEvery: String
    var windowNames: [UsageReport.Window: String]
    /// What a refusal's Orange code means, and what to do.
    var codeMeanings: [Int: String]
    var otherRefusal: String

    static func choose(_ preferences: [String]) -> UsageText {
        switch PageLanguage.first(of: preferences) {
        case .english: .english
        case .french: .french
        }
    }

    /// "41 — invalid or revoked token: check that your application uses its current credentials".
    func meaning(of outcome: UsageOutcome) -> String {
        switch outcome {
        case .success: legendSuccess
        case .clientError: legendClientError
        case .upstreamFailure: legendUpstreamFailure
        case .refused(let code): "\(code) — " + (codeMeanings[code] ?? otherRefusal)
        }
    }

    func chartSummary(calls: Int, window: UsageReport.Window) -> String {
        "\(windowNames[window] ?? window.rawValue): \(calls.formatted(number)) \(self.calls.lowercased())"
    }

    /// A bar's tooltip: its period and figures.
    func barTitle(_ bar: UsageReport.Bar, period: UsagePeriod) -> String {
        let figures = zip(
            [legendSuccess, legendClientError, legendUpstreamFailure, legendRefused],
            [bar.success, bar.clientError, bar.upstreamFailure, bar.refused]
        ).filter { $0.1 > 0 }.map { "\($0.0): \($0.1.formatted(number))" }
        return ([barLabel(bar.start, period: period) + " — \(bar.calls.formatted(number)) \(calls.lowercased())"] + figures)
            .joined(separator: "\n")
    }

    /// `14:00` for an hour (24-hour clock), `30/11` or `11/30` for a day as the language writes it, in UTC.
    func barLabel(_ start: Int, period: UsagePeriod) -> String {
        guard period == .day else { return String(format: "%02d:00", UsagePeriod.hour.start(of: start) % 86_400 / 3_600) }
        let style = Date.FormatStyle(timeZone: TimeZone(identifier: "UTC")!).locale(Locale(identifier: language)).day().month(.twoDigits)
        return Date(timeIntervalSince1970: TimeInterval(start)).formatted(style)
    }

    private var number: IntegerFormatStyle<Int> { .number.locale(Locale(identifier: language)) }

    static let english = UsageText(
        language: "en", usage: "Usage", allAPIs: "All APIs", tokenRequests: "Token requests", calls: "Calls",
        medianLatency: "Median latency (p50)", p95Latency: "95th percentile (p95)", outcome: "Outcome", meaning: "Meaning",
        noCalls: "No call in this period.", quotas: "Quotas", resets: "resets", downloadCSV: "Download these rows (CSV)",
        legendSuccess: "Success: the API answered",
        legendClientError: "Client error: the API answered 4xx; check the request against the API Reference",
        legendUpstreamFailure: "API failure: the API answered 5xx, could not be reached or did not answer in time; retry later",
        legendRefused: "Refused by the platform",
        countedEvery: "Calls appear here within about five seconds. Times are in UTC.",
        windowNames: [.day: "Last 24 hours", .week: "Last 7 days", .month: "Last 30 days"],
        codeMeanings: [
            1: "internal error of the platform: retry later",
            5: "service unavailable: the platform could not count the call against its limits; retry later",
            6: "service over capacity: retry later",
            20: "bad request: check the request's syntax",
            40: "missing credentials: send the access token in an Authorization: Bearer header",
            41: "invalid or revoked token: check that your application uses its current credentials",
            42: "expired token: get a new token",
            50: "access denied: the application is not subscribed to this API",
            51: "forbidden requester: the application is suspended",
            52: "forbidden user: the user may not use this API",
            53: "too many requests: a rate limit or quota was reached; wait until it resets",
            60: "resource not found: check the path and the API's base path",
            61: "method not allowed: check the API Reference",
            66: "request too large",
            68: "unsupported media type: check the Content-Type",
        ],
        otherRefusal: "refused by the platform")

    static let french = UsageText(
        language: "fr", usage: "Consommation", allAPIs: "Toutes les API", tokenRequests: "Demandes de jeton", calls: "Appels",
        medianLatency: "Latence médiane (p50)", p95Latency: "95e centile (p95)", outcome: "Résultat", meaning: "Signification",
        noCalls: "Aucun appel sur cette période.", quotas: "Quotas", resets: "remise à zéro",
        downloadCSV: "Télécharger ces lignes (CSV)",
        legendSuccess: "Succès : l'API a répondu",
        legendClientError: "Erreur du client : l'API a répondu 4xx ; vérifiez la requête dans la référence de l'API",
        legendUpstreamFailure: "Panne de l'API : l'API a répondu 5xx, était injoignable ou n'a pas répondu à temps ; réessayez plus tard",
        legendRefused: "Refusé par la plateforme",
        countedEvery: "Les appels apparaissent ici en cinq secondes environ. Les heures sont en UTC.",
        windowNames: [.day: "Dernières 24 heures", .week: "7 derniers jours", .month: "30 derniers jours"],
        codeMeanings: [
            1: "erreur interne de la plateforme : réessayez plus tard",
            5: "service indisponible : la plateforme n'a pas pu compter l'appel dans ses limites ; réessayez plus tard",
            6: "service saturé : réessayez plus tard",
            20: "requête invalide : vérifiez sa syntaxe",
            40: "identifiants manquants : envoyez le jeton d'accès dans un en-tête Authorization: Bearer",
            41: "jeton invalide ou révoqué : vérifiez que votre application utilise ses identifiants actuels",
            42: "jeton expiré : obtenez un nouveau jeton",
            50: "accès refusé : l'application n'est pas abonnée à cette API",
            51: "demandeur interdit : l'application est suspendue",
            52: "utilisateur interdit : l'utilisateur ne peut pas utiliser cette API",
            53: "trop de requêtes : une limite de débit ou un quota est atteint ; attendez sa remise à zéro",
            60: "ressource introuvable : vérifiez le chemin et le chemin de base de l'API",
            61: "méthode non autorisée : consultez la référence de l'API",
            66: "requête trop volumineuse",
            68: "type de contenu non pris en charge : vérifiez le Content-Type",
        ],
        otherRefusal: "refusé par la plateforme")
}
