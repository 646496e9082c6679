import ArgumentParser
import PlatformStore

/// What `app create` and `app logout-uris` register for sign-out (issue 16, item 1).
struct LogoutOptions: ParsableArguments {
    @Option(
        name: .customLong("post-logout-redirect-uri"),
        help: "Where the end-session endpoint may send the browser back after sign-out (https, or loopback http); repeat for several.")
    var postLogoutRedirectURIs: [String] = []

    @Option(
        name: .customLong("backchannel-logout-uri"),
        help: "Where the platform POSTs a logout token when a user of the application signs out (https, or loopback http).")
    var backchannelLogoutURI: String?

    var registration: LogoutRegistration {
        LogoutRegistration(postLogoutRedirectURIs: postLogoutRedirectURIs, backchannelLogoutURI: backchannelLogoutURI)
    }
}
