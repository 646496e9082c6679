import Foundation
import PlatformPages

/// The words of the pages, in English and French (issue 5: "French and English chosen from `ui_locales`").
struct PageText: PageWords {
    var language: String
    var signInTitle: String
    var signInFor: String
    var reauthenticate: String
    var username: String
    var password: String
    var signIn: String
    var wrongCredentials: String
    var tooManyAttempts: String
    var signInUnavailable: String
    var consentTitle: String
    var consentAsks: String
    var signedInAs: String
    var revokeLater: String
    var allow: String
    var deny: String
    var accountTitle: String
    var noGrants: String
    var revoke: String
    var signOut: String
    var signedOutTitle: String
    var signedOut: String
    var confirmSignOutTitle: String
    var confirmSignOut: String
    var signOutAsked: String
    var invalidSignOut: String
    var errorTitle: String
    var errorAdvice: String
    var invalidClient: String
    var expiredPage: String
    var userCodeTitle: String
    var userCodeAsk: String
    var userCode: String
    var continueLabel: String
    var wrongUserCode: String
    var userCodeUsed: String
    var deviceShows: String
    var deviceApprovedTitle: String
    var deviceApproved: String
    var deviceDeniedTitle: String
    var deviceDenied: String
    var scopeLabels: [String: String]
    var apiScopeLabel: String

    /// The first of the user's preferred languages that the pages speak, else English. `preferences` are
    /// `ui_locales` (RFC 5646 tags, in order), then the browser's `Accept-Language`.
    static func choose(_ preferences: [String]) -> PageText {
        switch PageLanguage.first(of: preferences) {
        case .english: .english
        case .french: .french
        }
    }

    /// The words for a scope the user is asked to grant.
    func label(forScope scope: String) -> String {
        scopeLabels[scope] ?? apiScopeLabel.replacingOccurrences(of: "%@", with: scope)
    }

    static let english = PageText(
        language: "en", signInTitle: "Sign in", signInFor: "to continue to", reauthenticate: "Please confirm it is you.",
        username: "Username", password: "Password", signIn: "Sign in",
        wrongCredentials: "The username or the password is wrong.",
        tooManyAttempts: "Too many attempts. Wait a minute, then try again.",
        signInUnavailable: "Signing in is unavailable for a moment. Try again in a few seconds.",
        consentTitle: "Allow access?", consentAsks: "would like to:", signedInAs: "Signed in as",
        revokeLater: "You can withdraw this consent at any time from your account page.", allow: "Allow", deny: "Deny",
        accountTitle: "Your account", noGrants: "You have not allowed any application yet.", revoke: "Revoke",
        signOut: "Sign out", signedOutTitle: "Signed out", signedOut: "You are signed out. You can close this page.",
        confirmSignOutTitle: "Sign out?", confirmSignOut: "Do you want to sign out of your account?", signOutAsked: "Asked by",
        invalidSignOut: "This sign-out request cannot be followed: the application is unknown, or the address to return to is not one it registered.",
        errorTitle: "Authorization error",
        errorAdvice: "Go back to the application and try again; if this persists, contact its developer.",
        invalidClient: "The application is unknown, or its callback address is not the one it registered.",
        expiredPage: "This page has expired.",
        userCodeTitle: "Connect a device", userCodeAsk: "Enter the code your device shows.", userCode: "Code",
        continueLabel: "Continue", wrongUserCode: "This code is wrong or has expired. Check it on your device.",
        userCodeUsed: "This code has expired or was already used. Start again on your device.",
        deviceShows: "Check that your device shows the code", deviceApprovedTitle: "Device connected",
        deviceApproved: "You can go back to your device: it continues on its own.", deviceDeniedTitle: "Access refused",
        deviceDenied: "The device was not given access. You can close this page.",
        scopeLabels: [
            "openid": "Know who you are (your account identifier)",
            "profile": "See your name",
            "email": "See your e-mail address",
            "address": "See your postal address",
            "phone": "See your phone number",
            "offline_access": "Keep this access when you are not using the application",
            "portal": "Manage your applications on the developer portal",
        ],
        apiScopeLabel: "Use %@ on your behalf")

    static let french = PageText(
        language: "fr", signInTitle: "Connexion", signInFor: "pour continuer vers",
        reauthenticate: "Merci de confirmer qu’il s’agit bien de vous.", username: "Identifiant",
        password: "Mot de passe", signIn: "Se connecter",
        wrongCredentials: "L’identifiant ou le mot de passe est incorrect.",
        tooManyAttempts: "Trop de tentatives. Attendez une minute avant de réessayer.",
        signInUnavailable: "La connexion est momentanément indisponible. Réessayez dans quelques secondes.",
        consentTitle: "Autoriser l’accès ?", consentAsks: "souhaite :", signedInAs: "Connecté en tant que",
        revokeLater: "Vous pouvez retirer ce consentement à tout moment depuis votre compte.", allow: "Autoriser",
        deny: "Refuser", accountTitle: "Votre compte", noGrants: "Vous n’avez encore autorisé aucune application.",
        revoke: "Retirer", signOut: "Se déconnecter", signedOutTitle: "Déconnecté",
        signedOut: "Vous êtes déconnecté. Vous pouvez fermer cette page.", confirmSignOutTitle: "Se déconnecter ?",
        confirmSignOut: "Voulez-vous vous déconnecter de votre compte ?", signOutAsked: "Demandé par",
        invalidSignOut:
            "Cette demande de déconnexion ne peut être suivie : l’application est inconnue, ou l’adresse de retour n’est pas l’une de celles qu’elle a enregistrées.",
        errorTitle: "Erreur d’autorisation",
        errorAdvice: "Revenez à l’application et réessayez ; si le problème persiste, contactez son éditeur.",
        invalidClient: "L’application est inconnue, ou son adresse de retour n’est pas celle qu’elle a enregistrée.",
        expiredPage: "Cette page a expiré.",
        userCodeTitle: "Connecter un appareil", userCodeAsk: "Saisissez le code affiché par votre appareil.", userCode: "Code",
        continueLabel: "Continuer", wrongUserCode: "Ce code est incorrect ou a expiré. Vérifiez-le sur votre appareil.",
        userCodeUsed: "Ce code a expiré ou a déjà servi. Recommencez sur votre appareil.",
        deviceShows: "Vérifiez que votre appareil affiche le code", deviceApprovedTitle: "Appareil connecté",
        deviceApproved: "Vous pouvez revenir à votre appareil : il continue tout seul.", deviceDeniedTitle: "Accès refusé",
        deviceDenied: "L’appareil n’a pas reçu l’accès. Vous pouvez fermer cette page.",
        scopeLabels: [
            "openid": "Savoir qui vous êtes (l’identifiant de votre compte)",
            "profile": "Voir votre nom",
            "email": "Voir votre adresse e-mail",
            "address": "Voir votre adresse postale",
            "phone": "Voir votre numéro de téléphone",
            "offline_access": "Garder cet accès quand vous n’utilisez pas l’application",
            "portal": "Gérer vos applications sur le portail des développeurs",
        ],
        apiScopeLabel: "Utiliser %@ en votre nom")
}
