import PlatformPages

/// The provider's console's words in English and French (issue 13, item 4).
struct ConsoleText: PageWords {
    var language: String
    var console: String
    var overview: String
    var applications: String
    var developers: String
    var apis: String
    var pendingSubscriptions: String
    var noPendingSubscriptions: String
    var application: String
    var owner: String
    var api: String
    var requested: String
    var approve: String
    var reject: String
    var reason: String
    var search: String
    var status: String
    var suspend: String
    var resume: String
    var lock: String
    var unlock: String
    var locked: String
    var verified: String
    var yes: String
    var no: String
    var basePath: String
    var approval: String
    var limits: String
    var visibility: String
    var usage: String
    var calls: String
    var refusals: String
    var topApplications: String
    var topAPIs: String
    var nobody: String
    var tokenEndpoints: String
    var notAnAdministrator: String
    var nothingFound: String
    var clientID: String
    var audit: String
    var since: String
    var filter: String
    var exportJSONLines: String
    var when: String
    var who: String
    var address: String
    var action: String
    var object: String
    var detail: String

    static func choose(_ preferences: [String]) -> ConsoleText {
        switch PageLanguage.first(of: preferences) {
        case .english: .english
        case .french: .french
        }
    }

    static let english = ConsoleText(
        language: "en", console: "Console", overview: "Overview", applications: "Applications", developers: "Developers",
        apis: "APIs", pendingSubscriptions: "Subscriptions waiting for approval", noPendingSubscriptions: "No subscription waits.",
        application: "Application", owner: "Client space", api: "API", requested: "Requested", approve: "Approve", reject: "Reject",
        reason: "Reason, shown to the developer", search: "Search", status: "Status", suspend: "Suspend", resume: "Resume",
        lock: "Lock", unlock: "Unlock", locked: "Locked", verified: "Verified", yes: "yes", no: "no", basePath: "Base path",
        approval: "Approval", limits: "Limits", visibility: "Visibility", usage: "Usage", calls: "Calls", refusals: "Refusals",
        topApplications: "Busiest applications", topAPIs: "Busiest APIs", nobody: "(no application)",
        tokenEndpoints: "(token endpoints)", notAnAdministrator: "This page is for the platform's administrators.",
        nothingFound: "Nothing found.", clientID: "client_id", audit: "Audit trail", since: "Since (2026-01-31)", filter: "Filter",
        exportJSONLines: "Download these entries (JSON Lines)", when: "When", who: "Who", address: "Address", action: "Action",
        object: "Application or client space", detail: "Detail")

    static let french = ConsoleText(
        language: "fr", console: "Console", overview: "Vue d'ensemble", applications: "Applications", developers: "Développeurs",
        apis: "API", pendingSubscriptions: "Abonnements en attente d'approbation", noPendingSubscriptions: "Aucun abonnement en attente.",
        application: "Application", owner: "Espace client", api: "API", requested: "Demandé le", approve: "Approuver", reject: "Refuser",
        reason: "Motif, montré au développeur", search: "Rechercher", status: "Statut", suspend: "Suspendre", resume: "Réactiver",
        lock: "Verrouiller", unlock: "Déverrouiller", locked: "Verrouillé", verified: "Vérifié", yes: "oui", no: "non",
        basePath: "Chemin de base", approval: "Approbation", limits: "Limites", visibility: "Visibilité", usage: "Consommation",
        calls: "Appels", refusals: "Refus", topApplications: "Applications les plus actives", topAPIs: "API les plus appelées",
        nobody: "(aucune application)", tokenEndpoints: "(points de jeton)",
        notAnAdministrator: "Cette page est réservée aux administrateurs de la plateforme.", nothingFound: "Aucun résultat.",
        clientID: "client_id", audit: "Journal d'audit", since: "Depuis (2026-01-31)", filter: "Filtrer",
        exportJSONLines: "Télécharger ces entrées (JSON Lines)", when: "Quand", who: "Qui", address: "Adresse", action: "Action",
        object: "Application ou espace client", detail: "Détail")
}
