import Foundation
import PlatformPages
import PlatformStore

/// The portal's words in English and French (issue 12, item 5), chosen from `Accept-Language`.
struct PortalText: PageWords {
    var language: String
    var portalTitle: String
    var welcome: String
    var signIn: String
    var signOut: String
    var signUp: String
    var signUpTitle: String
    var email: String
    var name: String
    var password: String
    var passwordHint: String
    var acceptTheTerms: String
    var acceptTerms: String
    var createAccount: String
    var sentTitle: String
    var sentBody: String
    var verifyTitle: String
    var verifyBody: String
    var verifyButton: String
    var myApps: String
    var noApplications: String
    var verifyFirst: String
    var newApplication: String
    var applicationName: String
    var applicationDescription: String
    var redirectURIs: String
    var redirectURIsHint: String
    var create: String
    var credentials: String
    var clientID: String
    var clientSecret: String
    var authorizationHeader: String
    var reveal: String
    var revealHint: String
    var copy: String
    var renew: String
    var renewHint: String
    var delete: String
    var deleteHint: String
    var subscriptions: String
    var noSubscriptions: String
    var activity: String
    var status: String
    var errorTitle: String
    var expiredPage: String
    var linkExpired: String
    var notADeveloper: String
    var noSuchApplication: String
    var unexpected: String
    var verifyMailSubject: String
    var verifyMailText: String
    var takenMailSubject: String
    var takenMailText: String
    var resetMailSubject: String
    var resetMailText: String
    var tooManyRequests: String
    var forgotPassword: String
    var resetTitle: String
    var resetBody: String
    var sendLink: String
    var newPasswordTitle: String
    var setPassword: String
    var resendVerification: String
    var edit: String
    var save: String
    var renewGraceText: String
    var previousSecretUntil: String
    var noLimits: String
    var statusActive: String
    var statusPending: String
    var statusRejected: String
    var unsubscribe: String
    var saveRedirectURIs: String
    var catalogTitle: String
    var noAPIs: String
    var basePath: String
    var approvalManual: String
    var deprecated: String
    var operations: String
    var parameters: String
    var responses: String
    var example: String
    var terms: String
    var acceptAPITerms: String
    var subscribeWith: String
    var subscribe: String
    var signInToSubscribe: String
    var createAnApplicationFirst: String
    var noSuchAPI: String
    var noNewSubscriptions: String
    var limits: String
    var applicationsShownText: String
    var previousPage: String
    var nextPage: String
    var apiTabs: String
    var tabOverview: String
    var tabGettingStarted: String
    var tabReference: String
    var tabSamples: String
    var tabTerms: String
    var stepsTitle: String
    var noReference: String
    var gatewayErrors: String
    var sampleLanguage: String
    var samplePlaceholder: String
    var showSample: String
    var sampleHint: String
    var download: String
    var postmanCollection: String
    var noTerms: String
    var acceptedVersion: String
    var notAccepted: String
    var acceptNewTerms: String
    var schema: String
    /// The client space's activity page (issue 13, item 3): its title, when it is empty, its columns.
    var spaceActivity: String
    var spaceActivityHint: String
    var noActivity: String
    var activityColumns: [String]
    /// What each kind of activity is called on the Activity tab and the space's activity page.
    var activityKind: @Sendable (AuditAction) -> String

    func verifyMailBody(link: String) -> String { verifyMailText.replacingOccurrences(of: "%@", with: link) }
    func takenMailBody(signIn: String) -> String { takenMailText.replacingOccurrences(of: "%@", with: signIn) }
    func resetMailBody(link: String) -> String { resetMailText.replacingOccurrences(of: "%@", with: link) }

    func renewWithGraceHint(hours: Double) -> String {
        renewGraceText.replacingOccurrences(of: "%@", with: hours.formatted(.number.precision(.fractionLength(0...2))))
    }

    /// "Applications 51 to 100 of 1,000", its numbers written as the page's language writes them.
    func applicationsShown(first: Int, last: Int, total: Int) -> String {
        let style = IntegerFormatStyle<Int>.number.locale(Locale(identifier: language))
        return applicationsShownText.replacingOccurrences(of: "%1", with: first.formatted(style))
            .replacingOccurrences(of: "%2", with: last.formatted(style)).replacingOccurrences(of: "%3", with: total.formatted(style))
    }

    /// "10/second · 1000/day", or the words for no limit.
    func describe(_ limits: Limits) -> String {
        let parts = [limits.rate, limits.quota].compactMap { $0?.description }
        return parts.isEmpty ? noLimits : parts.joined(separator: " · ")
    }

    func subscriptionStatus(_ status: Subscription.Status) -> String {
        switch status {
        case .active: statusActive
        case .pending: statusPending
        case .rejected: statusRejected
        }
    }

    /// The first of the browser's languages that the portal speaks (``PageLanguage``), else English.
    static func choose(_ preferences: [String]) -> PortalText {
        switch PageLanguage.first(of: preferences) {
        case .english: .english
        case .french: .french
        }
    }

    static let english = PortalText(
        language: "en", portalTitle: "Orangerie developer portal",
        welcome: "Create applications, get their credentials and call the platform's APIs.", signIn: "Sign in",
        signOut: "Sign out", signUp: "Sign up", signUpTitle: "Create your developer account", email: "E-mail address",
        name: "Name", password: "Password", passwordHint: "At least 8 characters.",
        acceptTheTerms: "I accept the platform's terms of use", acceptTerms: "Accept the terms of use to sign up.",
        createAccount: "Create my account", sentTitle: "Check your e-mail",
        sentBody: "We sent a link to the address you gave. Follow it within 24 hours to verify your address, then sign in.",
        verifyTitle: "Verify your e-mail address", verifyBody: "Confirm that this address is yours.",
        verifyButton: "Verify my address", myApps: "MyApps", noApplications: "You have no application yet.",
        verifyFirst: "Verify your e-mail address with the link we sent before creating applications.",
        newApplication: "New application", applicationName: "Name", applicationDescription: "Description (optional)",
        redirectURIs: "Redirect URIs (one per line, optional)",
        redirectURIsHint:
            "Matched exactly. For native apps, http://127.0.0.1 and http://[::1] with any port are accepted (RFC 8252).",
        create: "Create", credentials: "Credentials", clientID: "client_id", clientSecret: "client_secret",
        authorizationHeader: "Authorization header", reveal: "Show the secret",
        revealHint: "You will be asked for your password if you have not typed it in the last 5 minutes.", copy: "Copy",
        renew: "Renew the secret", renewHint: "The current secret stops working at once.", delete: "Delete the application",
        deleteHint: "Its tokens, consents and subscriptions are deleted with it.", subscriptions: "APIs",
        noSubscriptions: "Not subscribed to any API yet.", activity: "Activity", status: "Status", errorTitle: "Something went wrong",
        expiredPage: "This page has expired. Go back and try again.", linkExpired: "This link has expired or was already used.",
        notADeveloper: "This account is not a developer account. Sign up with your e-mail address.",
        noSuchApplication: "There is no such application in your client space.",
        unexpected: "An unexpected error occurred. Try again in a moment.",
        verifyMailSubject: "Verify your e-mail address",
        verifyMailText: "Hello,\n\nFollow this link within 24 hours to verify your address on the developer portal:\n\n%@\n\nIf you did not sign up, ignore this message.\n",
        takenMailSubject: "Someone tried to sign up with your address",
        takenMailText: "Hello,\n\nSomeone, perhaps you, tried to create a developer account with this address, which already has one. Sign in here:\n\n%@\n\nIf it was not you, ignore this message.\n",
        resetMailSubject: "Reset your password",
        resetMailText: "Hello,\n\nFollow this link within an hour to choose a new password for the developer portal:\n\n%@\n\nIf you did not ask for it, ignore this message: your password stays as it is.\n",
        tooManyRequests: "Too many requests for this address. Wait a while, then try again.",
        forgotPassword: "Forgot your password?", resetTitle: "Reset your password",
        resetBody: "Give the e-mail address of your developer account: we will send a link to choose a new password.",
        sendLink: "Send the link", newPasswordTitle: "Choose a new password", setPassword: "Save the password",
        resendVerification: "Send the link again", edit: "Edit the name and description", save: "Save",
        renewGraceText: "The current secret keeps working for %@ hours, so that you can deploy the new one.",
        previousSecretUntil: "The previous secret still works until", noLimits: "no limit", statusActive: "active",
        statusPending: "pending approval", statusRejected: "rejected", unsubscribe: "Unsubscribe",
        saveRedirectURIs: "Save the redirect URIs", catalogTitle: "APIs", noAPIs: "No API is published yet.",
        basePath: "Base path", approvalManual: "Subscriptions are approved by the API's provider.",
        deprecated: "Deprecated: no new subscriptions.", operations: "Operations", parameters: "Parameters",
        responses: "Responses", example: "Example", terms: "Terms of use", acceptAPITerms: "I accept the terms of use",
        subscribeWith: "Application", subscribe: "Subscribe", signInToSubscribe: "Sign in to subscribe an application.",
        createAnApplicationFirst: "Create an application in MyApps to subscribe it.", noSuchAPI: "There is no such API.",
        noNewSubscriptions: "This API takes no new subscriptions.", limits: "Limits",
        applicationsShownText: "Applications %1 to %2 of %3", previousPage: "Previous", nextPage: "Next",
        apiTabs: "The API's pages", tabOverview: "Overview", tabGettingStarted: "Getting started", tabReference: "API Reference",
        tabSamples: "Code samples", tabTerms: "Terms and Conditions",
        stepsTitle: "Get a token with your application's credentials, then call the API with it:",
        noReference: "No OpenAPI document is attached to this API yet.", gatewayErrors: "Errors the gateway answers on every call",
        sampleLanguage: "Language", samplePlaceholder: "None (placeholders)", showSample: "Show",
        sampleHint: "Save the file, put your application's secret (Credentials tab) in the environment variable CLIENT_SECRET, and run:",
        download: "Download", postmanCollection: "Postman collection (v2.1)", noTerms: "This API has no terms of use.",
        acceptedVersion: "Accepted version", notAccepted: "not the current one", acceptNewTerms: "Accept the current terms",
        schema: "Schema", spaceActivity: "Activity",
        spaceActivityHint: "Every change to your client space and its applications, by you, the operator or the platform, newest first. Kept one year.",
        noActivity: "Nothing has happened in your client space yet.",
        activityColumns: ["When", "What", "Application", "By", "From", "Detail"],
        activityKind: { kind in
            switch kind {
            case .created: "Created"
            case .edited: "Name or description changed"
            case .deleted: "Deleted"
            case .secretRevealed: "Secret revealed"
            case .secretRenewed: "Secret renewed"
            case .tokensRevoked: "Every token revoked"
            case .redirectURIsChanged: "Redirect URIs changed"
            case .logoutURIsChanged: "Sign-out URIs changed"
            case .introspectionAllowed: "Token introspection allowed"
            case .introspectionDenied: "Token introspection no longer allowed"
            case .pushedRequestsRequired: "Pushed authorization requests required"
            case .pushedRequestsOptional: "Pushed authorization requests optional"
            case .subscribed: "Subscribed"
            case .subscriptionRequested: "Subscription requested"
            case .subscriptionApproved: "Subscription approved"
            case .subscriptionRejected: "Subscription rejected"
            case .termsAccepted: "Terms of use accepted"
            case .unsubscribed: "Unsubscribed"
            case .suspended: "Suspended"
            case .resumed: "Resumed"
            case .consentWithdrawn: "A user's consent withdrawn"
            case .grantRevokedByReplayedCode: "Authorization code used twice: the user's tokens revoked"
            case .spaceMarkedInternal: "Client space made internal"
            case .spaceMarkedNotInternal: "Client space no longer internal"
            case .accountLocked: "Account locked"
            case .accountUnlocked: "Account unlocked"
            }
        })

    static let french = PortalText(
        language: "fr", portalTitle: "Portail développeurs Orangerie",
        welcome: "Créez des applications, obtenez leurs identifiants et appelez les API de la plateforme.",
        signIn: "Se connecter", signOut: "Se déconnecter", signUp: "S’inscrire", signUpTitle: "Créez votre compte développeur",
        email: "Adresse e-mail", name: "Nom", password: "Mot de passe", passwordHint: "8 caractères au moins.",
        acceptTheTerms: "J’accepte les conditions d’utilisation de la plateforme",
        acceptTerms: "Acceptez les conditions d’utilisation pour vous inscrire.", createAccount: "Créer mon compte",
        sentTitle: "Consultez vos e-mails",
        sentBody: "Nous avons envoyé un lien à l’adresse indiquée. Suivez-le sous 24 heures pour la vérifier, puis connectez-vous.",
        verifyTitle: "Vérifiez votre adresse e-mail", verifyBody: "Confirmez que cette adresse est la vôtre.",
        verifyButton: "Vérifier mon adresse", myApps: "MyApps", noApplications: "Vous n’avez pas encore d’application.",
        verifyFirst: "Vérifiez votre adresse e-mail avec le lien envoyé avant de créer des applications.",
        newApplication: "Nouvelle application", applicationName: "Nom", applicationDescription: "Description (facultative)",
        redirectURIs: "URI de redirection (une par ligne, facultatives)",
        redirectURIsHint:
            "Comparées à l’identique. Pour les applications natives, http://127.0.0.1 et http://[::1] sont acceptées avec tout port (RFC 8252).",
        create: "Créer", credentials: "Identifiants", clientID: "client_id", clientSecret: "client_secret",
        authorizationHeader: "En-tête Authorization", reveal: "Afficher le secret",
        revealHint: "Votre mot de passe vous sera demandé si vous ne l’avez pas saisi dans les 5 dernières minutes.",
        copy: "Copier", renew: "Renouveler le secret", renewHint: "Le secret actuel cesse aussitôt de fonctionner.",
        delete: "Supprimer l’application", deleteHint: "Ses jetons, consentements et abonnements sont supprimés avec elle.",
        subscriptions: "API", noSubscriptions: "Aucun abonnement pour l’instant.", activity: "Activité", status: "Statut",
        errorTitle: "Une erreur est survenue", expiredPage: "Cette page a expiré. Revenez en arrière et réessayez.",
        linkExpired: "Ce lien a expiré ou a déjà servi.",
        notADeveloper: "Ce compte n’est pas un compte développeur. Inscrivez-vous avec votre adresse e-mail.",
        noSuchApplication: "Cette application n’existe pas dans votre espace client.",
        unexpected: "Une erreur inattendue est survenue. Réessayez dans un instant.",
        verifyMailSubject: "Vérifiez votre adresse e-mail",
        verifyMailText: "Bonjour,\n\nSuivez ce lien sous 24 heures pour vérifier votre adresse sur le portail développeurs :\n\n%@\n\nSi vous ne vous êtes pas inscrit, ignorez ce message.\n",
        takenMailSubject: "Quelqu’un a tenté de s’inscrire avec votre adresse",
        takenMailText: "Bonjour,\n\nQuelqu’un, peut-être vous, a tenté de créer un compte développeur avec cette adresse, qui en a déjà un. Connectez-vous ici :\n\n%@\n\nSi ce n’était pas vous, ignorez ce message.\n",
        resetMailSubject: "Réinitialisez votre mot de passe",
        resetMailText: "Bonjour,\n\nSuivez ce lien dans l’heure pour choisir un nouveau mot de passe pour le portail développeurs :\n\n%@\n\nSi vous ne l’avez pas demandé, ignorez ce message : votre mot de passe reste inchangé.\n",
        tooManyRequests: "Trop de demandes pour cette adresse. Patientez, puis réessayez.",
        forgotPassword: "Mot de passe oublié ?", resetTitle: "Réinitialisez votre mot de passe",
        resetBody: "Indiquez l’adresse e-mail de votre compte développeur : nous vous enverrons un lien pour choisir un nouveau mot de passe.",
        sendLink: "Envoyer le lien", newPasswordTitle: "Choisissez un nouveau mot de passe", setPassword: "Enregistrer le mot de passe",
        resendVerification: "Renvoyer le lien", edit: "Modifier le nom et la description", save: "Enregistrer",
        renewGraceText: "Le secret actuel fonctionne encore %@ heures, le temps de déployer le nouveau.",
        previousSecretUntil: "L’ancien secret fonctionne encore jusqu’au", noLimits: "sans limite", statusActive: "actif",
        statusPending: "en attente d’approbation", statusRejected: "refusé", unsubscribe: "Se désabonner",
        saveRedirectURIs: "Enregistrer les URI de redirection", catalogTitle: "API", noAPIs: "Aucune API n’est encore publiée.",
        basePath: "Chemin de base", approvalManual: "Les abonnements sont approuvés par le fournisseur de l’API.",
        deprecated: "Obsolète : plus de nouveaux abonnements.", operations: "Opérations", parameters: "Paramètres",
        responses: "Réponses", example: "Exemple", terms: "Conditions d’utilisation",
        acceptAPITerms: "J’accepte les conditions d’utilisation", subscribeWith: "Application", subscribe: "S’abonner",
        signInToSubscribe: "Connectez-vous pour abonner une application.",
        createAnApplicationFirst: "Créez une application dans MyApps pour l’abonner.", noSuchAPI: "Cette API n’existe pas.",
        noNewSubscriptions: "Cette API n’accepte plus de nouveaux abonnements.", limits: "Limites",
        applicationsShownText: "Applications %1 à %2 sur %3", previousPage: "Précédentes", nextPage: "Suivantes",
        apiTabs: "Les pages de l’API", tabOverview: "Présentation", tabGettingStarted: "Premiers pas", tabReference: "Référence de l’API",
        tabSamples: "Exemples de code", tabTerms: "Conditions générales",
        stepsTitle: "Obtenez un jeton avec les identifiants de votre application, puis appelez l’API avec :",
        noReference: "Aucun document OpenAPI n’est encore attaché à cette API.",
        gatewayErrors: "Erreurs que la passerelle répond à chaque appel", sampleLanguage: "Langage",
        samplePlaceholder: "Aucune (valeurs à remplacer)", showSample: "Afficher",
        sampleHint: "Enregistrez le fichier, mettez le secret de votre application (onglet Identifiants) dans la variable d’environnement CLIENT_SECRET, puis lancez :",
        download: "Télécharger", postmanCollection: "Collection Postman (v2.1)", noTerms: "Cette API n’a pas de conditions d’utilisation.",
        acceptedVersion: "Version acceptée", notAccepted: "pas la version actuelle", acceptNewTerms: "Accepter les conditions actuelles",
        schema: "Schéma", spaceActivity: "Activité",
        spaceActivityHint: "Chaque modification de votre espace client et de ses applications, par vous, l’opérateur ou la plateforme, la plus récente d’abord. Conservée un an.",
        noActivity: "Rien ne s’est encore passé dans votre espace client.",
        activityColumns: ["Quand", "Quoi", "Application", "Par", "Depuis", "Détail"],
        activityKind: { kind in
            switch kind {
            case .created: "Création"
            case .edited: "Nom ou description modifiés"
            case .deleted: "Suppression"
            case .secretRevealed: "Secret affiché"
            case .secretRenewed: "Secret renouvelé"
            case .tokensRevoked: "Tous les jetons révoqués"
            case .redirectURIsChanged: "URI de redirection modifiées"
            case .logoutURIsChanged: "URI de déconnexion modifiées"
            case .introspectionAllowed: "Introspection des jetons autorisée"
            case .introspectionDenied: "Introspection des jetons retirée"
            case .pushedRequestsRequired: "Requêtes d’autorisation poussées exigées"
            case .pushedRequestsOptional: "Requêtes d’autorisation poussées facultatives"
            case .subscribed: "Abonnement"
            case .subscriptionRequested: "Abonnement demandé"
            case .subscriptionApproved: "Abonnement approuvé"
            case .subscriptionRejected: "Abonnement refusé"
            case .termsAccepted: "Conditions d’utilisation acceptées"
            case .unsubscribed: "Désabonnement"
            case .suspended: "Suspension"
            case .resumed: "Rétablissement"
            case .consentWithdrawn: "Consentement d’un utilisateur retiré"
            case .grantRevokedByReplayedCode: "Code d’autorisation utilisé deux fois : jetons de l’utilisateur révoqués"
            case .spaceMarkedInternal: "Espace client rendu interne"
            case .spaceMarkedNotInternal: "Espace client plus interne"
            case .accountLocked: "Compte verrouillé"
            case .accountUnlocked: "Compte déverrouillé"
            }
        })
}
