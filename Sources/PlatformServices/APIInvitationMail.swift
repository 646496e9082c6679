import PlatformStore

/// The e-mail `orangerie api invite` sends (issue 17, item 3): in English and in French, since the invitee's language
/// is not known yet, with the link to the partner API's page.
package enum APIInvitationMail {
    package static func message(_ invitation: APIInvitation, link: String) throws(InvalidInput) -> MailMessage {
        try MailMessage(
            to: invitation.email, subject: "Invitation: \(invitation.apiName) API / API \(invitation.apiName)",
            body: """
                You are invited to use the partner API \(invitation.apiName). Sign in to the developer portal (or sign up) \
                with this address to read its documentation and subscribe your applications:

                \(link)

                Vous êtes invité à utiliser l’API partenaire \(invitation.apiName). Connectez-vous au portail des \
                développeurs (ou créez votre compte) avec cette adresse pour lire sa documentation et y abonner vos \
                applications :

                \(link)
                """)
    }
}
